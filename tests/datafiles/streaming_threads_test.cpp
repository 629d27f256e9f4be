// Streaming a CSV file on worker threads (stream_csv_file with
// EvaluateOptions::threads > 1) gives on_chunk exactly what one thread gives:
// the same chunks, problems in the same order, the same scored records, the
// same counts, the same refusal — whatever the threads and however the file
// is cut into pieces.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"
#include "tests/datafiles/fixtures.hpp"
#include "tests/datafiles/streaming_fixtures.hpp"

using namespace rubric;
using namespace datafiles_test;
using namespace streaming_test;

namespace {

// Every way of streaming `path` gives what one thread gives.
void check_all_alike(const std::string& path, size_t chunk_records, const DataLimits& limits = {}) {
  const std::vector<Chunk> one = stream(path, 1, chunk_records, 1, limits);
  CHECK(stream(path, 1, chunk_records, 1, limits, false) == one);
  for (unsigned threads : {2u, 4u}) {
    for (size_t piece : {size_t{1}, size_t{2}, size_t{5}, size_t{17}, size_t{64}, size_t{300}, size_t{1} << 20}) {
      CAPTURE(threads);
      CAPTURE(piece);
      const std::vector<Chunk> many = stream(path, threads, chunk_records, piece, limits);
      if (many != one) FAIL_CHECK("one thread:\n" << show(one) << "threads:\n" << show(many));
    }
    CHECK(stream(path, threads, chunk_records, 7, limits, false) == one);
  }
}

}  // namespace

TEST_CASE("streaming on threads: a small file, chunk by chunk, exactly") {
  TempDir dir;
  const std::string path = dir.file("a.csv");
  write_bytes(path,
              "单位,金额,数,备注\n"     // 1: 备注 is no input
              "A,1,3,\n"                // 2
              "B,\"2\",1,\n"            // 3
              "\"C\r\nD\",3,3,\n"       // 4-5: a quoted line break (CRLF) in the key
              "A,4,4,\n"                // 6: A again
              "E,x,5,\n"                // 7: a bad amount
              "F,1,2,3,4\n"             // 8: too many fields
              "\n"                      // 9: blank
              "G,0,1,\r\n"              // 10: breaks the constraint
              "H,1,1,\r"                // 11: lone CR
              "A,x,-1,\n"               // 12: a bad amount, A again, a bad count
              "\"I\n\",5,5,\n"          // 13-14
              "J,6,\"6\n");             // 15-16: never closed
  const std::vector<Chunk> expected = {
      {{"0|备注|列「备注」不属于该规则集，已忽略"}, {"A,100,100,优\r\n", "B,50,50,差\r\n"}, 2, 0, 0},
      // A duplicate of a record in the chunk before; a quoted line break in a key.
      {{"6|单位|第 6 行：主键「A」与第 2 行重复"}, {"\"C\nD\",100,100,优\r\n"}, 2, 1, 0},
      // A row not read does not count towards the chunk's two records.
      {{"7|金额|第 7 行：「金额」应为数字，实际是「x」", "8||第 8 行有 5 个字段，表头只有 4 列，该行未读取",
        "10|金额|第 10 行：不满足约束「金额 > 0」（金额 = 0）"},
       {},
       3,
       3,
       0},
      // The key's message between those of the cells before and after it.
      {{"12|金额|第 12 行：「金额」应为数字，实际是「x」", "12|单位|第 12 行：主键「A」与第 2 行重复",
        "12|数|第 12 行：「数」计数必须是不小于 0 的整数，不能为负数，实际是 -1"},
       {"H,50,50,差\r\n"},
       2,
       1,
       0},
      {{"15||第 15 行的引号没有闭合，其后的内容无法可靠读取，已停止读取"}, {"I,100,100,优\r\n"}, 2, 1, 0},
      {{"progress 9"}, {}, 0, 0, 0},  // the records kept: all but rows 8 and 15
  };
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    const std::vector<Chunk> got = stream(path, threads, 2, 1);
    if (got != expected) FAIL_CHECK(show(got));
  }
  check_all_alike(path, 2);
  check_all_alike(path, 1);
  check_all_alike(path, 3);
}

TEST_CASE("streaming on threads: a limit refuses the file part way, in the same chunk") {
  TempDir dir;
  const std::string path = dir.file("a.csv");
  write_bytes(path, "单位,金额,数\nA,1,3\nB,1,1\n\nC,1,2,9\nD,1,3\nE,1,3\n");
  DataLimits limits;
  limits.max_records = 3;  // D is the fourth record read (C, with too many fields, counts)
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    const std::vector<Chunk> got = stream(path, threads, 2, 1, limits);
    const std::vector<Chunk> expected = {
        {{}, {"A,100,100,优\r\n", "B,50,50,差\r\n"}, 2, 0, 0},
        // C's chunk ends at D: only why is left of it.
        {{"0||记录超过 3 条的上限（第 6 行起的记录超出），已拒绝读取（上限可用 --max-records 调整）"}, {}, 0, 0, 1},
        {{"progress 2"}, {}, 0, 0, 0},
    };
    if (got != expected) FAIL_CHECK(show(got));
  }
  check_all_alike(path, 2, limits);
  check_all_alike(path, 1, limits);
  check_all_alike(path, 5, limits);
  // A record over the row size limit (the header, 17 bytes, is within it).
  write_bytes(path, "单位,金额,数\nA,1,3\nB,1,1\nC,1.00000000000000000,2\nD,1,3\n");
  limits = {};
  limits.max_row_bytes = 18;
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    const std::vector<Chunk> got = stream(path, threads, 3, 1, limits);
    const std::vector<Chunk> expected = {
        {{"0||第 4 行超过 18 字节的上限，已拒绝读取（上限可用 --max-row-size 调整）"}, {}, 0, 0, 1},
        {{"progress 0"}, {}, 0, 0, 0},
    };
    if (got != expected) FAIL_CHECK(show(got));
  }
  check_all_alike(path, 2, limits);
  check_all_alike(path, 1, limits);
}

TEST_CASE("streaming on threads: generated files with every kind of trouble") {
  TempDir dir;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const std::string path = dir.file("g" + std::to_string(seed) + ".csv");
    write_bytes(path, generated_csv(seed, 40 + seed * 15, seed % 3 == 0));
    check_all_alike(path, 1 + seed % 4);
    DataLimits limits;
    limits.max_records = 20 + seed;
    check_all_alike(path, 3, limits);
    limits = {};
    limits.max_row_bytes = 24 + seed;  // some generated records are longer
    check_all_alike(path, 2, limits);
  }
}

TEST_CASE("streaming on threads: a large file not UTF-8 throughout is left to be read whole, checked on threads") {
  TempDir dir;
  const std::string path = dir.file("big.csv");
  std::string text = "单位,金额,数\n";
  for (int i = 0; text.size() < (size_t{9} << 20); ++i) text += "单位" + std::to_string(i) + ",12.5,3\n";
  const Program& p = *program();
  auto streams = [&](unsigned threads) {
    EvaluateOptions options;
    options.threads = threads;
    size_t records = 0;
    const bool streamed = stream_csv_file(p, path, {}, options, StreamOptions{},
                                          [&](BatchResult& r) { records += r.total_records; });
    if (!streamed) CHECK(records == 0);  // nothing handed on before it gives up
    return streamed;
  };
  write_bytes(path, text);
  CHECK(streams(1));
  CHECK(streams(2));
  // A bad byte early, in the middle and at the very end; a character cut at a share's edge is no bad byte.
  for (size_t at : {size_t{100}, text.size() / 2 + 1, text.size() - 2}) {
    CAPTURE(at);
    std::string bad = text;
    bad[at] = '\xFF';
    write_bytes(path, bad);
    for (unsigned threads : {1u, 2u, 3u}) CHECK_FALSE(streams(threads));
  }
}

TEST_CASE("streaming on threads: random bytes of quotes, separators, blanks and line breaks") {
  TempDir dir;
  const std::string path = dir.file("r.csv");
  std::mt19937 rng(7);
  const char* atoms[] = {"单位", "A", "1", "2.5", ",", ",", "\"", "\"\"", "\n", "\r", "\r\n", " ",
                         "\xEF\xBB\xBF", "\xE3\x80\x80", "\xEF\xBC\x8C", "x"};
  for (int iteration = 0; iteration < 150; ++iteration) {
    CAPTURE(iteration);
    std::string text = rng() % 3 == 0 ? "\xEF\xBB\xBF" : "";
    text += "单位,金额,数\n";
    const int n = static_cast<int>(rng() % 120);
    for (int i = 0; i < n; ++i) text += atoms[rng() % 16];
    write_bytes(path, text);
    CAPTURE(text);
    DataLimits limits;
    if (rng() % 4 == 0) limits.max_records = 1 + rng() % 6;
    if (rng() % 4 == 0) limits.max_row_bytes = 17 + rng() % 10;
    const size_t chunk = 1 + rng() % 4;
    const std::vector<Chunk> one = stream(path, 1, chunk, 1, limits);
    for (unsigned threads : {2u, 3u}) {
      const size_t piece = rng() % 3 == 0 ? size_t{1} << 20 : 1 + rng() % 12;
      CAPTURE(threads);
      CAPTURE(piece);
      const std::vector<Chunk> many = stream(path, threads, chunk, piece, limits);
      if (many != one) FAIL_CHECK("one thread:\n" << show(one) << "threads:\n" << show(many));
    }
  }
}
