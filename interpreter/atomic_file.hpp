// Whole-file reading and crash-safe whole-file writing (POSIX).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rubric {

// The system's reason for a failed file operation, in Chinese for the errors
// staff meet (a folder that does not exist, no permission, a full disk), else
// the system's own text.
std::string system_error_text(int err);

// Replaces `path` with `contents` so that readers (and a crash) see either the
// old file or the complete new one, never a partial write.
// On Linux the data is first written to an unnamed file (O_TMPFILE) in the
// target's directory, so a process killed while writing leaves nothing
// behind; once complete and fsynced it is linked as ".<name>.tmp.<pid>.<n>"
// and rename()d over the target. Elsewhere the temporary file is named from
// the start (O_CREAT|O_EXCL). Mode 0644 less the umask; the directory is
// fsynced after the rename. On failure the temporary file is
// removed and an existing target is left untouched.
// Note: if `path` is a symlink, the link itself is replaced. A device or a
// pipe (/dev/null, /dev/stdout) is written to in place, never replaced.
// Returns nullopt on success, otherwise a Chinese message naming the path and
// the system error.
std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view contents);

// The same, written piece by piece (a large report as it is produced):
// open, write… , commit. Until commit succeeds the target is untouched; a
// writer destroyed without commit leaves nothing behind.
class AtomicFileWriter {
public:
    static std::optional<AtomicFileWriter> open(const std::string& path, std::string& error);
    AtomicFileWriter(AtomicFileWriter&& other) noexcept;
    AtomicFileWriter& operator=(AtomicFileWriter&& other) noexcept;
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    ~AtomicFileWriter();

    // False after a failed write (commit then reports it).
    bool write(std::string_view data);
    // Makes the file the target; nullopt on success, else a Chinese message.
    std::optional<std::string> commit();

private:
    AtomicFileWriter() = default;
    void discard();

    std::string path_, tmp_;  // tmp_: empty while the file has no name (O_TMPFILE)
    int fd_ = -1;
    bool direct_ = false;     // a device or pipe, written in place
    std::optional<std::string> error_;
};

// Reads the whole file (opened O_RDONLY) into `out`.
// Returns nullopt on success, otherwise a Chinese message naming the path and
// the system error (and `out` is left empty).
std::optional<std::string> read_file(const std::string& path, std::string& out);

// The same, reading at most `max` bytes: `size` is the file's size, and when
// it exceeds `max` nothing useful is in `out` (a regular file is not read at
// all; a device or pipe is read to max + 1 bytes) — size is then the file's
// size, or unread_size when it is not a regular file.
inline constexpr std::uint64_t unread_size = ~std::uint64_t{0};
std::optional<std::string> read_file_at_most(const std::string& path, std::uint64_t max, std::string& out,
                                             std::uint64_t& size);

}  // namespace rubric
