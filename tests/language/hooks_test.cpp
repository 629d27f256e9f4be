// Lua hooks in the language (钩子): declaring, checking at compile time,
// evaluating, explaining, and failing one record only. The sandbox itself
// (attacks, limits, values) is tested in tests/hooks/.
#include "interpreter/batch.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/json_reader.hpp"
#include "interpreter/report.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace rubric;
namespace fs = std::filesystem;

namespace {

// A folder of its own per test, removed afterwards.
struct Folder {
    fs::path path;
    Folder() {
        static int n = 0;
        path = fs::temp_directory_path() / ("rubric-hooks-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
        fs::create_directories(path);
    }
    ~Folder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return (path / name).string();
    }
};

const std::string kRuleset = R"(输入 单位：文本，主键
输入 完成数：计数 个
输入 计划数：计数 个
输入 满意度：百分比
输入 已验收：是否
输入 公开：枚举 {完整公开、部分公开}
约束 计划数 > 0
钩子 完成情况 {
  文件 "完成情况.lua"
  函数 score
  读取 完成数、计划数、满意度、已验收、公开
  返回 完成得分：评分 [0, 60]、满意得分：数值 [0, 40]
}
三级指标得分 保留 0.01
指标体系（100分）{
  一级指标 甲（100分）{
    二级指标 乙（100分）{
      三级指标 完成（60分）：完成得分
      三级指标 满意（40分）：满意得分
    }
  }
}
等级 {
  ≥ 90：优
  < 90：差
}
)";

const std::string kHook = R"(-- 完成得分 = 完成数 ÷ 计划数 × 60（未验收减半）；满意得分 = 满意度 × 40
function score(args)
  local done, planned = args["完成数"], args["计划数"]
  if done > planned then error("完成数大于计划数") end
  if done == 99 then while true do end end
  local completion = (decimal(done) / planned * 60):round(2)
  if not args["已验收"] then completion = completion / 2 end
  local satisfaction = args["满意度"] * 40
  if args["公开"] == "部分公开" then satisfaction = satisfaction + 100 end
  return { ["完成得分"] = completion, ["满意得分"] = satisfaction },
         ("完成 %d / %d，满意度 %s"):format(done, planned, tostring(args["满意度"]))
end
)";

const std::string kHeader = "单位,完成数,计划数,满意度,已验收,公开\n";

CompileResult compile(const Folder& f, const std::string& ruleset = kRuleset, const std::string& hook = kHook,
                      LoadOptions options = {}) {
    f.write("完成情况.lua", hook);
    return Engine{std::move(options)}.compile_file(f.write("测试.rubric", ruleset));
}

std::vector<std::string> messages(const BatchResult& r) {
    std::vector<std::string> out;
    for (const ReadProblem& p : r.problems) out.push_back(p.message);
    return out;
}

std::string score_of(const Program& p, const Result& r, const std::string& name) {
    for (size_t i = 0; i < p.indicators().size(); ++i)
        if (p.indicators()[i].name == name) return r.scores[i].to_string();
    return "?";
}

}  // namespace

TEST_CASE("hooks: named arguments of every kind in, named results out, explained") {
    Folder f;
    CompileResult c = compile(f);
    REQUIRE_MESSAGE(c.ok(), c.diagnostics.render_all());
    CHECK(c.diagnostics.render_all() == "");
    EvaluateOptions explain;
    explain.explain = true;
    BatchResult r = score_files(*c.program, {f.write("d.csv", kHeader + "甲单位,47,48,95%,是,完整公开\n乙单位,47,48,95%,否,完整公开\n")},
                                explain);
    REQUIRE(r.scored.size() == 2);
    const Result& a = r.scored[0].result;
    CHECK(score_of(*c.program, a, "完成") == "58.75");  // 47 ÷ 48 × 60 = 58.75
    CHECK(score_of(*c.program, a, "满意") == "38");     // 0.95 × 40
    CHECK(a.total.to_string() == "96.75");
    CHECK(score_of(*c.program, r.scored[1].result, "完成") == "29.38");  // 29.375 halved, then 三级指标得分 rounds
    CHECK(a.explain.find("【甲 / 乙 / 完成】（60 分）得分 58.75\n"
                         "  钩子「完成情况」（" + (f.path / "完成情况.lua").string() +
                         " 的 score）：读取 完成数 = 47、计划数 = 48、满意度 = 95%、已验收 = 是、公开 = 完整公开；"
                         "返回 完成得分 = 58.75、满意得分 = 38\n"
                         "    完成 47 / 48，满意度 0.95\n") != std::string::npos);
}

TEST_CASE("hooks: a failing, looping or out-of-range hook fails its record only") {
    Folder f;
    LoadOptions options;
    options.hook_limits.instructions = 200'000;
    CompileResult c = compile(f, kRuleset, kHook, options);
    REQUIRE(c.ok());
    const std::string file = (f.path / "完成情况.lua").string();
    BatchResult r = score_files(*c.program, {f.write("d.csv", kHeader +
                                                                   "好,10,10,90%,是,完整公开\n"
                                                                   "报错,11,10,90%,是,完整公开\n"
                                                                   "死循环,99,100,90%,是,完整公开\n"
                                                                   "超出范围,10,10,90%,是,部分公开\n"
                                                                   "也好,5,10,100%,是,完整公开\n")});
    REQUIRE(r.scored.size() == 2);
    CHECK(r.scored[0].key == "好");
    CHECK(r.scored[1].key == "也好");
    CHECK(r.bad_records == 3);
    CHECK(messages(r) == std::vector<std::string>{
              "第 3 行：指标「完成」无法计算：钩子「完成情况」出错（" + file + ":4）：完成数大于计划数",
              "第 3 行：指标「满意」无法计算：钩子「完成情况」出错（" + file + ":4）：完成数大于计划数",
              "第 4 行：指标「完成」无法计算：钩子「完成情况」被停止（" + file + ":5）：钩子超出指令上限 (200000 条)",
              "第 4 行：指标「满意」无法计算：钩子「完成情况」被停止（" + file + ":5）：钩子超出指令上限 (200000 条)",
              "第 5 行：指标「满意」无法计算：钩子「完成情况」返回的「满意得分」= 136，超出声明的范围 [0, 40]（" + file +
                  " 的 score）",
          });
}

TEST_CASE("hooks: the same records give the same bytes, twice and on two threads") {
    Folder f;
    CompileResult c = compile(f);
    REQUIRE(c.ok());
    std::string data = kHeader;
    for (int i = 0; i < 200; ++i)
        data += "单位" + std::to_string(i) + "," + std::to_string(i % 48) + ",48," + std::to_string(i % 101) + "%," +
                (i % 3 ? "是" : "否") + ",完整公开\n";
    RawTable table = read_data_file(f.write("d.csv", data));
    EvaluateOptions explain;
    explain.explain = true;
    const std::string once = format_json(*c.program, score_table(*c.program, table, explain).scored);
    CHECK(once == format_json(*c.program, score_table(*c.program, table, explain).scored));
    std::string left, right;
    std::thread t1([&] { left = format_json(*c.program, score_table(*c.program, table, explain).scored); });
    std::thread t2([&] { right = format_json(*c.program, score_table(*c.program, table, explain).scored); });
    t1.join();
    t2.join();
    CHECK(left == once);
    CHECK(right == once);
}

TEST_CASE("hooks: a Lua syntax error is reported at the Lua file's line, like a rubric error") {
    Folder f;
    CompileResult c = compile(f, kRuleset, "function score(args)\n  local x = (1 + \nend\n");
    CHECK_FALSE(c.ok());
    const std::string lua = (f.path / "完成情况.lua").string();
    const std::string rubric = (f.path / "测试.rubric").string();
    CHECK(c.diagnostics.render_all() == lua + ":3:1: error: Lua：unexpected symbol near 'end'\n"
                                              "    3 | end\n"
                                              "      | ^~~\n" +
                                              rubric + ":8:4: note: 钩子「完成情况」在这里声明\n"
                                                       "    8 | 钩子 完成情况 {\n"
                                                       "      |      ^~~~~~~~\n"
                                                       "1 个错误\n");
}

TEST_CASE("hooks: names, kinds and ranges are checked like any rule") {
    Folder f;
    std::string text = kRuleset;
    auto replace = [&](const std::string& from, const std::string& to) {
        auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace("函数 score", "函数 scor");
    replace("读取 完成数、", "读取 完成书、");
    CompileResult c = compile(f, text);
    CHECK_FALSE(c.ok());
    const std::string all = c.diagnostics.render_all();
    CHECK(all.find(":10:6: error: 钩子「完成情况」的 Lua 文件（") != std::string::npos);
    CHECK(all.find("）：没有定义全局函数「scor」，应写成 function scor(args) … end\n") != std::string::npos);
    CHECK(all.find(":11:6: error: 未知的名称「完成书」，是否指「完成数」？") != std::string::npos);

    // The declared range of a result enters the score range check.
    text = kRuleset;
    replace("满意得分：数值 [0, 40]", "满意得分：数值 [0, 50]");
    Folder h;
    CompileResult wide = compile(h, text);
    CHECK_FALSE(wide.ok());
    CHECK(wide.diagnostics.render_all() ==
          (h.path / "测试.rubric").string() +
              ":19:12: error: 三级指标「满意」的得分可能超过分值 40 分：按各输入的类型、取值范围和约束推算，得分在 [0, 50] 之间\n"
              "   19 |       三级指标 满意（40分）：满意得分\n"
              "      |                ^~~~\n"
              "1 个错误\n");

    Folder g;
    CompileResult missing = Engine{}.compile_file(g.write("测试.rubric", kRuleset));
    CHECK(missing.diagnostics.render_all().find("error: 找不到钩子「完成情况」的 Lua 文件「完成情况.lua」") != std::string::npos);
}

TEST_CASE("hooks: records go the fixed-point fast path and give the Decimal evaluator's results, messages included") {
    Folder f;
    CompileResult c = compile(f);
    REQUIRE(c.ok());
    const Program& p = *c.program;
    REQUIRE(p.has_fixed_point_plan());
    std::mt19937_64 rng(20261124);
    auto pick = [&](uint64_t n) { return static_cast<long long>(rng() % n); };
    size_t fast = 0, scored = 0, failed = 0;
    for (int i = 0; i < 1500; ++i) {
        Record r;
        r.key = "单位" + std::to_string(i);
        r.row = static_cast<uint32_t>(i + 2);
        r.values.assign(p.inputs().size(), Decimal{});
        r.values[1] = Decimal::from_int(pick(50));        // 完成数 (never 99: that one loops)
        r.values[2] = Decimal::from_int(pick(50));        // 计划数: 0 breaks the constraint, 完成数 > 计划数 the hook
        // 满意度 as a fraction with up to 6 decimals: × 40 may leave the slot's scale (an interval).
        r.values[3] = *Decimal::from_parts(pick(1000001), -6);
        r.values[4] = Decimal::from_int(pick(2));         // 已验收
        r.values[5] = Decimal::from_int(pick(8) == 0);    // 公开: 部分公开 puts 满意得分 out of its range
        Workspace ws = p.make_workspace();
        Result quick;
        p.evaluate(r, ws, quick);
        fast += ws.fixed_point_records;
        EvaluateOptions decimal_only;
        decimal_only.keep_slot_values = true;
        Workspace ws2 = p.make_workspace();
        Result exact;
        p.evaluate(r, ws2, exact, decimal_only);
        CAPTURE(i);
        REQUIRE(quick.scored == exact.scored);
        REQUIRE(quick.problems.size() == exact.problems.size());
        for (size_t k = 0; k < exact.problems.size(); ++k) CHECK(quick.problems[k].message == exact.problems[k].message);
        scored += exact.scored;
        failed += !exact.scored;
        if (!exact.scored) continue;
        CHECK(quick.scores == exact.scores);
        CHECK(quick.total == exact.total);
        CHECK(quick.grade == exact.grade);
    }
    CHECK(scored > 300);
    CHECK(failed > 300);  // the constraint, the hook's error and the range check all occur
    CHECK(fast > 200);
    MESSAGE(scored << " of 1500 scored, " << fast << " on the fast path");
}
