#include "interpreter/atomic_file.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rubric {
namespace {

std::string error_text(int err) { return system_error_text(err); }

}  // namespace

std::string system_error_text(int err) {
  switch (err) {
    case ENOENT: return "文件夹或文件不存在";
    case EACCES: case EPERM: return "没有权限";
    case ENOSPC: return "磁盘已满";
    case EFBIG: return "超出系统允许的文件大小（ulimit -f）";
    case EDQUOT: return "超出磁盘配额";
    case EROFS: return "文件系统是只读的";
    case EISDIR: return "这是一个文件夹";
    case ENOTDIR: return "路径中有一段不是文件夹";
    case ENAMETOOLONG: return "文件名太长";
    default: return std::generic_category().message(err);  // thread-safe strerror
  }
}

namespace {

std::string quoted(const std::string& path) { return "「" + path + "」"; }

// Where the temporary file goes and which directory to fsync afterwards.
struct PathParts {
  std::string dir_prefix;  // "" or ends with '/': prepended to the temp name
  std::string dir;         // directory to fsync ("." for a bare file name)
  std::string name;        // last component
};

PathParts split_path(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return {"", ".", path};
  return {path.substr(0, slash + 1), slash == 0 ? "/" : path.substr(0, slash),
          path.substr(slash + 1)};
}

// Creates a fresh temp file; O_EXCL guarantees we never clobber anything, so a
// name collision (e.g. a leftover from a crash) just moves on to the next one.
int create_temp(const PathParts& parts, std::string& tmp_path) {
  static std::atomic<unsigned long> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    tmp_path = parts.dir_prefix + "." + parts.name + ".tmp." + std::to_string(::getpid()) +
               "." + std::to_string(counter.fetch_add(1));
    const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

// write() may write fewer bytes than asked or be interrupted; loop until done.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool fsync_retry(int fd) {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

// Makes the rename itself durable. Some file systems cannot fsync a
// directory (EINVAL); that is not an error worth failing the write for.
std::optional<std::string> sync_dir(const std::string& dir, const std::string& path) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return "已写入" + quoted(path) + "，但无法打开目录" + quoted(dir) + "：" + error_text(errno);
  const bool ok = fsync_retry(fd) || errno == EINVAL;
  const int err = errno;
  ::close(fd);
  if (ok) return std::nullopt;
  return "已写入" + quoted(path) + "，但无法同步目录" + quoted(dir) + "：" + error_text(err);
}

}  // namespace

// The preferred way (Linux, O_TMPFILE): the data goes into a file with no
// name, which is linked under a temporary name only once it is complete and
// then renamed over the target; a process killed while writing leaves
// nothing behind. Elsewhere the temporary file is named from the start.
std::optional<AtomicFileWriter> AtomicFileWriter::open(const std::string& path, std::string& error) {
  AtomicFileWriter w;
  w.path_ = path;
  // A device or a pipe (-o /dev/null, -o /dev/stdout) is written to directly:
  // replacing it by a regular file would be wrong, and there is nothing to keep.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    w.fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (w.fd_ < 0) {
      error = "无法写入" + quoted(path) + "：" + error_text(errno);
      return std::nullopt;
    }
    w.direct_ = true;
    return w;
  }
  const PathParts parts = split_path(path);
  if (parts.name.empty() || parts.name == "." || parts.name == "..") {
    error = "无法写入" + quoted(path) + "：路径中没有文件名";
    return std::nullopt;
  }
#ifdef O_TMPFILE
  w.fd_ = ::open(parts.dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (w.fd_ >= 0) return w;
#endif
  w.fd_ = create_temp(parts, w.tmp_);
  if (w.fd_ < 0) {
    error = "无法写入" + quoted(path) + "：不能在目录" + quoted(parts.dir) + "中创建临时文件：" + error_text(errno);
    return std::nullopt;
  }
  return w;
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)), tmp_(std::move(other.tmp_)), fd_(other.fd_), direct_(other.direct_),
      error_(std::move(other.error_)) {
  other.fd_ = -1;
  other.tmp_.clear();
}

AtomicFileWriter& AtomicFileWriter::operator=(AtomicFileWriter&& other) noexcept {
  if (this == &other) return *this;
  discard();
  path_ = std::move(other.path_);
  tmp_ = std::move(other.tmp_);
  fd_ = other.fd_;
  direct_ = other.direct_;
  error_ = std::move(other.error_);
  other.fd_ = -1;
  other.tmp_.clear();
  return *this;
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
  tmp_.clear();
}

bool AtomicFileWriter::write(std::string_view data) {
  if (fd_ < 0 || error_) return false;
  if (!write_all(fd_, data)) error_ = "无法写入" + quoted(path_) + "：" + error_text(errno);
  return !error_;
}

std::optional<std::string> AtomicFileWriter::commit() {
  if (fd_ < 0) return "无法写入" + quoted(path_) + "：文件已关闭";
  if (direct_) {
    const int closed = ::close(fd_);
    fd_ = -1;
    if (error_) return error_;
    if (closed != 0) return "无法写入" + quoted(path_) + "：" + error_text(errno);
    return std::nullopt;
  }
  if (error_) {
    discard();
    return error_;
  }
  const PathParts parts = split_path(path_);
  if (!fsync_retry(fd_)) {
    const std::string message = "无法写入" + quoted(path_) + "：" + error_text(errno);
    discard();
    return message;
  }
  if (tmp_.empty()) {
    // Unnamed: give it a temporary name now that it is complete.
    static std::atomic<unsigned long> counter{0};
    const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
    int linked = -1;
    for (int attempt = 0; attempt < 100 && linked != 0; ++attempt) {
      tmp_ = parts.dir_prefix + "." + parts.name + ".tmp." + std::to_string(::getpid()) + "." +
             std::to_string(counter.fetch_add(1));
      linked = ::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, tmp_.c_str(), AT_SYMLINK_FOLLOW);
      if (linked != 0 && errno != EEXIST) break;
    }
    if (linked != 0) {
      const std::string message = "无法写入" + quoted(path_) + "：" + error_text(errno);
      tmp_.clear();
      discard();
      return message;
    }
  }
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) {
    const std::string message = "写入临时文件" + quoted(tmp_) + "失败：" + error_text(errno);
    discard();
    return message;
  }
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const std::string message = "无法写入" + quoted(path_) + "：替换原文件失败：" + error_text(errno);
    discard();
    return message;
  }
  tmp_.clear();
  return sync_dir(parts.dir, path_);
}

std::optional<std::string> write_file_atomically(const std::string& path, std::string_view contents) {
  std::string error;
  std::optional<AtomicFileWriter> writer = AtomicFileWriter::open(path, error);
  if (!writer) return error;
  writer->write(contents);
  return writer->commit();
}

std::optional<std::string> read_file_at_most(const std::string& path, std::uint64_t max, std::string& out,
                                             std::uint64_t& size) {
  out.clear();
  size = 0;
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return "无法打开文件" + quoted(path) + "：" + error_text(errno);

  struct stat st {};
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (regular && static_cast<std::uint64_t>(st.st_size) > max) {  // too large: not read at all
    ::close(fd);
    size = static_cast<std::uint64_t>(st.st_size);
    return std::nullopt;
  }
  if (regular) out.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    // One byte beyond `max` tells a device or pipe that has more from one that has exactly `max`.
    const std::uint64_t room = max - std::min<std::uint64_t>(max, out.size()) + 1;
    const ssize_t n = ::read(fd, buffer, static_cast<std::size_t>(std::min<std::uint64_t>(sizeof buffer, room)));
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      if (out.size() > max) {
        ::close(fd);
        size = unread_size;
        return std::nullopt;
      }
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      const int err = errno;
      ::close(fd);
      out.clear();
      return "读取文件" + quoted(path) + "失败：" + error_text(err);
    }
  }
  ::close(fd);
  size = out.size();
  return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path, std::string& out) {
  std::uint64_t size = 0;
  return read_file_at_most(path, unread_size - 1, out, size);
}

}  // namespace rubric
