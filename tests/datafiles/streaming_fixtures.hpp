// Shared by the streaming tests (streaming_threads_test.cpp, direct_lane_test.cpp):
// a small ruleset, each call of on_chunk written out, and CSV files with every
// kind of trouble from a fixed seed.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/report.hpp"

namespace streaming_test {

using namespace rubric;

// The key is the second input, so a repeated key's message falls between
// the problems of the other two cells.
inline const char* const kRuleset =
    "输入 金额：金额 万元\n"
    "输入 单位：文本，主键\n"
    "输入 数：计数 个\n"
    "约束 金额 > 0\n"
    "指标体系（100分）{\n"
    "  一级指标 甲（100分）{\n"
    "    二级指标 乙（100分）{\n"
    "      三级指标 丙（100分）：若 数 > 2 则 100 否则 50\n"
    "    }\n"
    "  }\n"
    "}\n"
    "等级 {\n  ≥ 90：优\n  < 90：差\n}\n";

inline std::shared_ptr<const Program> program() {
  static std::shared_ptr<const Program> p = [] {
    CompileResult compiled = Engine().compile("t.rubric", kRuleset);
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    return compiled.program;
  }();
  return p;
}

// One call of on_chunk, written out.
struct Chunk {
  std::vector<std::string> problems;  // "row|column|message"
  std::vector<std::string> rows;      // the formatted records
  size_t total = 0, bad = 0, unusable = 0;
  bool operator==(const Chunk&) const = default;
};

inline std::string show(const std::vector<Chunk>& chunks) {
  std::string out;
  for (const Chunk& c : chunks) {
    if (c.problems.size() == 1 && c.problems[0].starts_with("progress")) {
      out += c.problems[0] + "\n";
      continue;
    }
    out += "-- total " + std::to_string(c.total) + " bad " + std::to_string(c.bad) + " unusable " +
           std::to_string(c.unusable) + "\n";
    for (const std::string& p : c.problems) out += "   " + p + "\n";
    for (const std::string& r : c.rows) out += "   > " + r;
  }
  return out;
}

inline std::vector<Chunk> stream(const std::string& path, unsigned threads, size_t chunk_records, size_t piece_bytes,
                                 const DataLimits& limits = {}, bool formatter = true, bool direct = false,
                                 size_t* direct_records = nullptr) {
  const Program& p = *program();
  EvaluateOptions options;
  options.threads = threads;
  size_t progress = 0;
  options.on_record = [&] { ++progress; };
  StreamOptions s;
  s.chunk_records = chunk_records;
  s.piece_bytes = piece_bytes;
  if (formatter) s.format = [&p](const ScoredRecord& r) { return csv_row(p, r); };
  s.format_is_csv_row = formatter && direct;
  TableReadOptions reading;
  reading.limits = limits;
  std::vector<Chunk> chunks;
  size_t records = 0;
  REQUIRE(stream_csv_file(p, path, reading, options, s, [&](BatchResult& r) {
    Chunk c;
    for (const ReadProblem& q : r.problems) {
      CHECK(q.path == path);
      c.problems.push_back(std::to_string(q.row) + "|" + q.column + "|" + q.message);
    }
    if (formatter) CHECK(r.scored.empty());
    for (const ScoredRecord& sr : r.scored) c.rows.push_back(csv_row(p, sr));
    for (std::string_view f : r.formatted) c.rows.emplace_back(f);
    c.total = r.total_records;
    c.bad = r.bad_records;
    c.unusable = r.unusable_files;
    records += r.total_records;
    if (direct_records) *direct_records += r.direct_records;
    if (!direct) CHECK(r.direct_records == 0);
    chunks.push_back(std::move(c));
  }));
  // One progress call per record the reader kept (not per unreadable row),
  // made by the chunk that holds it: a refused chunk makes none.
  CHECK(progress <= records);
  Chunk calls;
  calls.problems.push_back("progress " + std::to_string(progress));
  chunks.push_back(calls);
  return chunks;
}

// A CSV of `n` records with every kind of trouble, from a fixed seed.
inline std::string generated_csv(unsigned seed, size_t n, bool unterminated_at_end) {
  std::mt19937 rng(seed);
  auto pick = [&](unsigned k) { return static_cast<unsigned>(rng() % k); };
  const char* breaks[] = {"\n", "\r\n", "\r"};
  std::string out = pick(2) ? "\xEF\xBB\xBF" : "";
  out += "单位,金额,数";
  out += breaks[pick(3)];
  for (size_t i = 0; i < n; ++i) {
    const std::string key = "单位" + std::to_string(pick(static_cast<unsigned>(n)));  // repeats now and then
    std::string line;
    switch (pick(16)) {
      case 0: line = "\"" + key + "\n第二行\r\n第三行\"," + std::to_string(pick(9) + 1) + "," + std::to_string(pick(5)); break;
      case 1: line = key + ",x," + std::to_string(pick(5)); break;                         // bad amount
      case 2: line = key + ",1,2,3"; break;                                                  // ragged
      case 3: line = ""; break;                                                              // blank
      case 4: line = " , ,"; break;                                                          // blank, padded
      case 5: line = key + ",0,1"; break;                                                    // constraint broken
      case 6: line = "单位,金额,数"; break;                                                  // the header again
      case 7: line = key + "，1，2"; break;                                                  // full-width commas
      case 8: line = "\"" + key + "\"\"引\"\"\", \"3\" ,\"4\""; break;                         // quotes, blanks
      case 9: line = "\xEF\xBB\xBF\"" + key + "\",2,1"; break;                               // BOM before a quote
      case 10: line = key + "x\"y,\"2\"z,1"; break;                                          // stray quotes
      case 11: line = "x,-1,\xE3\x80\x80\"1\""; break;                                       // U+3000 before a quote
      case 12: line = key + ",\"1,0\"\"\r\n\"\"\",y"; break;                                 // quoted comma, break
      default: line = key + "," + std::to_string(pick(100) + 1) + "." + std::to_string(pick(10)) + "," + std::to_string(pick(5));
    }
    out += line;
    if (i + 1 < n || pick(2)) out += breaks[pick(3)];
  }
  if (unterminated_at_end) out += "\r\n尾,\"1,2\n3\n";
  return out;
}

}  // namespace streaming_test
