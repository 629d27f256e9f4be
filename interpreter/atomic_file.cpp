#include "interpreter/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rubric {
namespace {

// Thread-safe strerror text.
std::string error_text(int err) { return std::generic_category().message(err); }

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

// Writes, flushes and closes the temp file; on failure returns the message.
// The descriptor is always closed.
std::optional<std::string> fill_temp(int fd, const std::string& tmp, std::string_view contents) {
  if (!write_all(fd, contents) || !fsync_retry(fd)) {
    const int err = errno;
    ::close(fd);
    return "写入临时文件" + quoted(tmp) + "失败：" + error_text(err);
  }
  // close() can report a deferred write error (e.g. NFS); never retry it on EINTR.
  if (::close(fd) != 0) return "写入临时文件" + quoted(tmp) + "失败：" + error_text(errno);
  return std::nullopt;
}

// The preferred way (Linux, O_TMPFILE): the data goes into a file with no
// name, which is linked under a temporary name only once it is complete and
// then renamed over the target. A process killed while writing leaves
// nothing behind. nullopt when the file system cannot do it (then the caller
// falls back to a named temporary file); otherwise the result.
std::optional<std::optional<std::string>> write_unnamed(const PathParts& parts, const std::string& path,
                                                        std::string_view contents) {
#ifdef O_TMPFILE
  const int fd = ::open(parts.dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return std::nullopt;
  if (!write_all(fd, contents) || !fsync_retry(fd)) {
    const int err = errno;
    ::close(fd);
    return std::optional<std::string>("无法写入" + quoted(path) + "：" + error_text(err));
  }
  static std::atomic<unsigned long> counter{0};
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  std::string tmp;
  int linked = -1;
  for (int attempt = 0; attempt < 100 && linked != 0; ++attempt) {
    tmp = parts.dir_prefix + "." + parts.name + ".tmp." + std::to_string(::getpid()) + "." +
          std::to_string(counter.fetch_add(1));
    linked = ::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW);
    if (linked != 0 && errno != EEXIST) break;
  }
  const int link_error = errno;
  ::close(fd);
  if (linked != 0) {
    if (link_error == ENOENT || link_error == EPERM || link_error == EXDEV) return std::nullopt;  // no /proc
    return std::optional<std::string>("无法写入" + quoted(path) + "：" + error_text(link_error));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return std::optional<std::string>("无法写入" + quoted(path) + "：替换原文件失败：" + error_text(err));
  }
  return std::optional<std::string>(sync_dir(parts.dir, path));
#else
  (void)parts; (void)path; (void)contents;
  return std::nullopt;
#endif
}

}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view contents) {
  const PathParts parts = split_path(path);
  if (parts.name.empty() || parts.name == "." || parts.name == "..") {
    return "无法写入" + quoted(path) + "：路径中没有文件名";
  }
  if (auto done = write_unnamed(parts, path, contents)) return *done;
  std::string tmp;
  const int fd = create_temp(parts, tmp);
  if (fd < 0) {
    return "无法写入" + quoted(path) + "：不能在目录" + quoted(parts.dir) +
           "中创建临时文件：" + error_text(errno);
  }
  if (auto error = fill_temp(fd, tmp, contents)) {
    ::unlink(tmp.c_str());
    return "无法写入" + quoted(path) + "：" + *error;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return "无法写入" + quoted(path) + "：替换原文件失败：" + error_text(err);
  }
  return sync_dir(parts.dir, path);
}

std::optional<std::string> read_file(const std::string& path, std::string& out) {
  out.clear();
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return "无法打开文件" + quoted(path) + "：" + error_text(errno);

  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
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
  return std::nullopt;
}

}  // namespace rubric
