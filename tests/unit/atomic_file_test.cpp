#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include <sys/stat.h>

#include "interpreter/atomic_file.hpp"

namespace fs = std::filesystem;
using rubric::read_file;
using rubric::write_file_atomically;

namespace {

// A fresh directory removed at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rubric-atomic-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { fs::remove_all(path); }
  std::set<std::string> entries() const {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.insert(e.path().filename().string());
    return names;
  }
};

std::string slurp(const std::string& path) {
  std::string out;
  REQUIRE(read_file(path, out) == std::nullopt);
  return out;
}

}  // namespace

TEST_CASE("atomic write creates the file with the contents, no temp files left") {
  TempDir dir;
  const std::string target = dir.path + "/结果.json";
  const std::string contents("{\"金额\": \"84153.30\"}\n\0end", 28);
  CHECK(write_file_atomically(target, contents) == std::nullopt);
  CHECK(slurp(target) == contents);
  CHECK(dir.entries() == std::set<std::string>{"结果.json"});

  const mode_t mask = ::umask(0);
  ::umask(mask);
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == (0644 & ~mask));
}

TEST_CASE("atomic write replaces an existing file") {
  TempDir dir;
  const std::string target = dir.path + "/out.txt";
  CHECK(write_file_atomically(target, "old contents, longer than the new") == std::nullopt);
  CHECK(write_file_atomically(target, "new") == std::nullopt);
  CHECK(slurp(target) == "new");
  CHECK(write_file_atomically(target, "") == std::nullopt);
  CHECK(slurp(target).empty());
  CHECK(dir.entries() == std::set<std::string>{"out.txt"});
}

TEST_CASE("atomic write into a missing directory fails and leaves nothing") {
  TempDir dir;
  const std::string target = dir.path + "/missing/out.txt";
  const auto error = write_file_atomically(target, "x");
  REQUIRE(error.has_value());
  CHECK(error->starts_with("无法写入「" + target + "」"));
  CHECK(error->find("文件夹或文件不存在") != std::string::npos);
  CHECK(dir.entries().empty());
}

TEST_CASE("atomic write over a directory fails, removes its temp file, keeps the target") {
  TempDir dir;
  const std::string target = dir.path + "/sub";
  fs::create_directory(target);
  CHECK(write_file_atomically(dir.path + "/sub/keep", "kept") == std::nullopt);
  const auto error = write_file_atomically(target, "x");
  REQUIRE(error.has_value());
  CHECK(error->find("替换原文件失败") != std::string::npos);
  CHECK(dir.entries() == std::set<std::string>{"sub"});
  CHECK(slurp(target + "/keep") == "kept");
}

TEST_CASE("atomic write with a bare file name uses the current directory") {
  TempDir dir;
  const fs::path old = fs::current_path();
  fs::current_path(dir.path);
  CHECK(write_file_atomically("bare.txt", "b") == std::nullopt);
  fs::current_path(old);
  CHECK(slurp(dir.path + "/bare.txt") == "b");
  CHECK(write_file_atomically(dir.path + "/", "x").has_value());
}

TEST_CASE("read_file reports missing files and directories in Chinese") {
  TempDir dir;
  std::string out = "stale";
  const auto missing = read_file(dir.path + "/nope", out);
  REQUIRE(missing.has_value());
  CHECK(*missing == "无法打开文件「" + dir.path + "/nope」：文件夹或文件不存在");
  CHECK(out.empty());
  const auto directory = read_file(dir.path, out);
  REQUIRE(directory.has_value());
  CHECK(*directory == "读取文件「" + dir.path + "」失败：这是一个文件夹");
}
