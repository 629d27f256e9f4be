// 分档 over an enumeration: graded disclosure.
#include "language_support.hpp"

using lang::Sheet;

TEST_CASE("graded enumeration gives each value its points") {
    Sheet s;
    s.inputs = "输入 预算公开：枚举 {完整公开、部分公开、未公开、涉密}";
    s.points = "1.5";
    s.leaf = "：分档 预算公开 {\n"
             "        完整公开：1.5\n"
             "        部分公开：1\n"
             "        未公开：0\n"
             "        涉密：1.5\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "1.5");
    CHECK(lang::score(*program, {"1"}) == "1");
    CHECK(lang::score(*program, {"2"}) == "0");
    CHECK(lang::score(*program, {"3"}) == "1.5");
}

TEST_CASE("graded enumeration with several values in one tier") {
    Sheet s;
    s.inputs = "输入 决算公开：枚举 {完整公开、部分公开、未公开、涉密}";
    s.points = "1.5";
    s.leaf = "：分档 决算公开 {\n"
             "        完整公开、涉密：1.5\n"
             "        部分公开：1\n"
             "        未公开：0\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "1.5");
    CHECK(lang::score(*program, {"1"}) == "1");
    CHECK(lang::score(*program, {"2"}) == "0");
    CHECK(lang::score(*program, {"3"}) == "1.5");
}

TEST_CASE("graded enumeration with 否则") {
    Sheet s;
    s.inputs = "输入 预算公开：枚举 {完整公开、部分公开、未公开、涉密}";
    s.points = "2";
    s.leaf = "：分档 预算公开 {\n"
             "        完整公开：2\n"
             "        否则：0.5\n"
             "      }";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "2");
    CHECK(lang::score(*program, {"1"}) == "0.5");
    CHECK(lang::score(*program, {"3"}) == "0.5");
}

TEST_CASE("graded enumeration explain shows the value by name") {
    Sheet s;
    s.inputs = "输入 预算公开：枚举 {完整公开、部分公开、未公开、涉密}";
    s.points = "1.5";
    s.leaf = "：分档 预算公开 {\n"
             "        完整公开、涉密：1.5\n"
             "        部分公开：1\n"
             "        未公开：0\n"
             "      }";
    lang::Outcome o = lang::run(s, {"3"});
    CHECK(o.explain.find("  分档「预算公开」= 涉密，落在「完整公开、涉密」档 → 1.5\n") != std::string::npos);
}

TEST_CASE("an enumeration compared with one of its values in a condition") {
    Sheet s;
    s.inputs = "输入 预算公开：枚举 {完整公开、部分公开、未公开、涉密}";
    s.points = "1";
    s.leaf = "：若 预算公开 = 完整公开 或 预算公开 = 涉密 则 1 否则 0";
    auto program = lang::compile_ok(lang::ruleset_text(s));
    CHECK(lang::score(*program, {"0"}) == "1");
    CHECK(lang::score(*program, {"1"}) == "0");
    CHECK(lang::score(*program, {"3"}) == "1");
}
