// 逐项计分: each condition that holds is worth its points.
#include "language_support.hpp"

using lang::Sheet;

namespace {

Sheet checklist_sheet() {
    Sheet s;
    s.inputs = "输入 条件1：是否\n输入 条件2：是否\n输入 条件3：是否";
    s.points = "5";
    s.leaf = "：逐项计分 {\n"
             "        条件1：2分\n"
             "        条件2：1分\n"
             "        条件3：2分\n"
             "      }";
    return s;
}

}  // namespace

TEST_CASE("checklist scores the points of every condition that holds") {
    auto program = lang::compile_ok(lang::ruleset_text(checklist_sheet()));
    CHECK(lang::score(*program, {"1", "1", "1"}) == "5");
    CHECK(lang::score(*program, {"0", "0", "0"}) == "0");
    CHECK(lang::score(*program, {"1", "0", "1"}) == "4");
    CHECK(lang::score(*program, {"0", "1", "0"}) == "1");
    CHECK(lang::score(*program, {"0", "1", "1"}) == "3");
}

TEST_CASE("checklist items may be conditions, not only yes/no inputs") {
    Sheet s;
    s.inputs = "输入 不符合项数：计数 项\n输入 已公开：是否\n输入 满意度：百分比";
    s.points = "3";
    s.leaf = "：逐项计分 {\n"
             "        不符合项数 = 0：1分\n"
             "        非 已公开：0.5分\n"
             "        满意度 ≥ 90% 且 已公开：1.5分\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0", "1", "0.9"}) == "2.5");
    CHECK(lang::score(*program, {"2", "0", "0.95"}) == "0.5");
    CHECK(lang::score(*program, {"0", "0", "0.95"}) == "1.5");
    CHECK(lang::score(*program, {"1", "1", "0.899"}) == "0");
}

TEST_CASE("checklist explain lists every condition and the total") {
    lang::Outcome o = lang::run(checklist_sheet(), {"1", "0", "1"});
    CHECK(o.explain.find("  「条件1」：是 → 2 分\n") != std::string::npos);
    CHECK(o.explain.find("  「条件2」：否 → 0 分\n") != std::string::npos);
    CHECK(o.explain.find("  合计 4 分\n") != std::string::npos);
}
