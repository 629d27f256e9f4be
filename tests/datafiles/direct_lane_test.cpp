// The direct lane (interpreter/direct_lane.hpp): streamed with
// StreamOptions::format_is_csv_row, the lines it can take are scored straight
// from their bytes and the rest the ordinary way — and on_chunk sees exactly
// what it sees without the lane: the same rows, problems, counts and chunks.
#include <doctest/doctest.h>

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

std::shared_ptr<const Program> every_kind() {
  static std::shared_ptr<const Program> p = [] {
    CompileResult compiled = Engine().compile_file(std::string(RUBRIC_SOURCE_DIR) + "/tests/data/every-kind.rubric");
    REQUIRE_MESSAGE(compiled.ok(), compiled.diagnostics.render_all());
    REQUIRE(compiled.program->has_fixed_point_plan());
    return compiled.program;
  }();
  return p;
}

struct Streamed {
  std::string rows, problems;
  size_t total = 0, bad = 0, direct = 0, chunks = 0;
  bool operator==(const Streamed&) const = default;
};

Streamed stream_every_kind(const std::string& path, bool direct, unsigned threads, size_t piece_bytes) {
  const Program& p = *every_kind();
  EvaluateOptions options;
  options.threads = threads;
  StreamOptions s;
  s.chunk_records = 3;
  s.piece_bytes = piece_bytes;
  s.format = [&p](const ScoredRecord& r) { return csv_row(p, r); };
  s.format_is_csv_row = direct;
  Streamed out;
  REQUIRE(stream_csv_file(p, path, {}, options, s, [&](BatchResult& r) {
    for (const ReadProblem& q : r.problems) out.problems += std::to_string(q.row) + "|" + q.column + "|" + q.message + "\n";
    out.rows += r.formatted.text();
    out.total += r.total_records;
    out.bad += r.bad_records;
    out.direct += r.direct_records;
    ++out.chunks;
  }));
  return out;
}

// `path` with the lane and without it, on one thread and on several, cut into pieces of every size.
void check_lane_alike(const std::string& path, size_t chunk_records, const DataLimits& limits = {}) {
  const std::vector<Chunk> ordinary = stream(path, 1, chunk_records, 1, limits);
  for (unsigned threads : {1u, 2u, 3u}) {
    for (size_t piece : {size_t{1}, size_t{7}, size_t{64}, size_t{1} << 20}) {
      CAPTURE(threads);
      CAPTURE(piece);
      const std::vector<Chunk> lane = stream(path, threads, chunk_records, piece, limits, true, true);
      if (lane != ordinary) FAIL_CHECK("ordinary:\n" << show(ordinary) << "direct lane:\n" << show(lane));
    }
  }
}

}  // namespace

TEST_CASE("direct lane: plain lines are scored from their bytes, every other line the ordinary way") {
  TempDir dir;
  const std::string path = dir.file("k.csv");
  write_bytes(path,
              "单位,金额,数,率,评,值,有,公开\r\n"
              "甲,500,1,95.5,18.5,2,是,完整公开\r\n"      // 2: lane
              "乙,1200.5,0,100%,20,1.25,否,部分公开\r\n"  // 3: lane (a percent sign)
              "丙,1,200,3,0,0,0,0,未公开\r\n"             // 4: a field too many
              "丁, 5,0,0,0,0,0,未公开\r\n"                // 5: a blank before a number
              "己,5,12.0,0,0,0,1,未公开\r\n"              // 6: lane (a count written 12.0)
              "庚,5,12.5,0,0,0,1,未公开\r\n"              // 7: not a count
              "辛,5,0,100.5,0,0,1,未公开\r\n"             // 8: over 100 %
              "壬,5,0,50,20.1,0,1,未公开\r\n"             // 9: above the judgment's range
              "癸,5,0,50,20,5.5,true,未公开\r\n"          // 10: true
              "子,5,0,50,20,5.51,1,未公开\r\n"            // 11: above the number's range
              "丑,5,0,50,20,1,1,公开\r\n"                 // 12: no such value
              "寅,5,0,50,20,-5,1,未公开\r\n"              // 13: a sign
              "卯,0,0,50,20,5,1,未公开\r\n"               // 14: breaks the constraint
              "辰,5,0,0.0000001,20,5,1,未公开\r\n"        // 15: finer than the slot holds
              "单位,金额,数,率,评,值,有,公开\r\n"         // 16: the header again
              "乙,5,0,50,20,1,1,未公开\r\n"               // 17: lane, but 乙 again
              "\"巳\",5,0,19.55,20,1.0,是,完整公开\n"     // 18: quoted
              "午,5,0,19.55,20,1.0,是,完整公开");         // 19: lane, no line break at the end
  const std::string expected_rows =
      "甲,18.5,28.65,8,10,10,10,5,90.15,优\r\n"
      "乙,20,30,10,10,0,5,10,85.00,良\r\n"
      "丁,0,0,10,10,0,0,5,25.00,差\r\n"
      "己,0,0,0,10,10,0,5,25.00,差\r\n"
      "癸,20,15,10,10,10,0,5,70.00,中\r\n"
      "寅,20,15,10,0,10,0,5,60.00,中\r\n"
      "辰,20,0,10,10,10,0,5,55.00,差\r\n"
      "巳,20,5.87,10,10,10,10,5,70.87,中\r\n"
      "午,20,5.87,10,10,10,10,5,70.87,中\r\n";
  const std::string expected_problems =
      "4||第 4 行有 9 个字段，表头只有 8 列，该行未读取\n"
      "7|数|第 7 行：「数」计数必须是不小于 0 的整数，不能有小数，实际是 12.5\n"
      "8|率|第 8 行：「率」百分比应在 0 到 100 之间，实际是 100.5\n"
      "9|评|第 9 行：「评」评分应在 0 到 20 之间，实际是 20.1\n"
      "11|值|第 11 行：「值」应在 -5 到 5.5 之间，实际是 5.51\n"
      "12|公开|第 12 行：「公开」应为 完整公开、部分公开、未公开 之一，实际是「公开」；是否指「未公开」？\n"
      "14|金额|第 14 行：不满足约束「金额 > 0」（金额 = 0）\n"
      "16||第 16 行与表头相同（是否把两个文件接在了一起？），未评分\n"
      "17|单位|第 17 行：主键「乙」与第 3 行重复\n";
  for (unsigned threads : {1u, 2u, 3u}) {
    for (size_t piece : {size_t{1}, size_t{40}, size_t{1} << 20}) {
      CAPTURE(threads);
      CAPTURE(piece);
      const Streamed lane = stream_every_kind(path, true, threads, piece);
      CHECK(lane.rows == expected_rows);
      CHECK(lane.problems == expected_problems);
      CHECK(lane.total == 18);
      CHECK(lane.bad == 9);
      // 甲 乙 己 午 (the repeated 乙 is bad, not counted). Lines 7 to 13 are
      // declined; line 14, whose 金额 = 0 breaks the constraint, is read by
      // the lane (the batch leaves it to the ordinary way), so no run of
      // eight declines makes the lane rest.
      CHECK(lane.direct == 4);
      const Streamed ordinary = stream_every_kind(path, false, threads, piece);
      CHECK(ordinary.direct == 0);
      CHECK(ordinary.rows == lane.rows);
      CHECK(ordinary.problems == lane.problems);
      CHECK(ordinary.chunks == lane.chunks);
    }
  }
}

TEST_CASE("direct lane: no lane for a header with an unused, missing or repeated column") {
  TempDir dir;
  const std::string path = dir.file("k.csv");
  const std::string record = "甲,500,1,95.5,18.5,2,是,完整公开\n";
  for (const std::string& header : {std::string("单位,金额,数,率,评,值,有,公开,备注\n"),
                                    std::string("单位,金额,数,率,评,值,有\n"),
                                    std::string("单位,金额,数,率,评,值,有,有\n")}) {
    CAPTURE(header);
    write_bytes(path, header + record);
    const Streamed lane = stream_every_kind(path, true, 1, 1 << 20);
    CHECK(lane.direct == 0);
    CHECK(lane == stream_every_kind(path, false, 1, 1 << 20));
  }
  // The same record under the proper header: the lane takes it.
  write_bytes(path, "单位,金额,数,率,评,值,有,公开\n" + record);
  CHECK(stream_every_kind(path, true, 1, 1 << 20).direct == 1);
}

TEST_CASE("direct lane: generated files with every kind of trouble, and random bytes") {
  TempDir dir;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const std::string path = dir.file("g" + std::to_string(seed) + ".csv");
    write_bytes(path, generated_csv(seed, 40 + seed * 15, seed % 3 == 0));
    check_lane_alike(path, 1 + seed % 4);
    DataLimits limits;
    limits.max_records = 20 + seed;
    check_lane_alike(path, 3, limits);
    limits = {};
    limits.max_row_bytes = 24 + seed;
    check_lane_alike(path, 2, limits);
    // The lane takes the plain lines it meets (a third of the line breaks
    // are a lone CR, which it leaves to the reader, as it does the lines
    // near them): the counts of this fixed seed, in one piece. (A line the
    // lane reads is not a decline, even when the batch then leaves it to
    // the ordinary way: that moves where the lane rests.)
    const size_t taken[] = {5, 5, 7, 2, 9, 2, 7, 9, 6, 15, 9, 17};
    size_t direct = 0;
    stream(path, 1, 4, 1 << 20, {}, true, true, &direct);
    CHECK(direct == taken[seed - 1]);
  }
  const std::string path = dir.file("r.csv");
  std::mt19937 rng(11);
  const char* atoms[] = {"单位", "A", "1", "2.5", ",", ",", "\"", "\"\"", "\n", "\r", "\r\n", " ",
                         "\xEF\xBB\xBF", "\xE3\x80\x80", "\xEF\xBC\x8C", "x", "3,4\n", "-1", "12.0", "1e3"};
  for (int iteration = 0; iteration < 150; ++iteration) {
    CAPTURE(iteration);
    std::string text = rng() % 3 == 0 ? "\xEF\xBB\xBF" : "";
    text += "单位,金额,数\n";
    const int n = static_cast<int>(rng() % 120);
    for (int i = 0; i < n; ++i) text += atoms[rng() % 20];
    write_bytes(path, text);
    CAPTURE(text);
    DataLimits limits;
    if (rng() % 4 == 0) limits.max_records = 1 + rng() % 6;
    if (rng() % 4 == 0) limits.max_row_bytes = 17 + rng() % 10;
    check_lane_alike(path, 1 + rng() % 4, limits);
  }
}
