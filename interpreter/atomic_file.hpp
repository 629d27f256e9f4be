// Whole-file reading and crash-safe whole-file writing (POSIX).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rubric {

// Replaces `path` with `contents` so that readers (and a crash) see either the
// old file or the complete new one, never a partial write.
// Writes a temporary file ".<name>.tmp.<pid>.<counter>" in the same directory
// (O_CREAT|O_EXCL, mode 0644 less the umask), fsyncs it, rename()s it over
// the target and fsyncs the directory. On failure the temporary file is
// removed and an existing target is left untouched.
// Note: if `path` is a symlink, the link itself is replaced.
// Returns nullopt on success, otherwise a Chinese message naming the path and
// the system error.
std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view contents);

// Reads the whole file (opened O_RDONLY) into `out`.
// Returns nullopt on success, otherwise a Chinese message naming the path and
// the system error (and `out` is left empty).
std::optional<std::string> read_file(const std::string& path, std::string& out);

}  // namespace rubric
