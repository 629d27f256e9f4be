// 等级: grade bands over the total, judged on their bounds.
#include "language_support.hpp"

using lang::Sheet;

namespace {

// One 100-point judgment leaf, so the total is whatever the evaluator gives.
std::shared_ptr<const rubric::Program> whole_sheet() {
    Sheet s;
    s.inputs = "输入 判断：评分 [0, 100]";
    s.declarations = "三级指标得分 保留 0.01 四舍五入\n总分 保留 0.01 四舍五入";
    s.points = "100";
    s.leaf = "：判断";
    return lang::compile_ok(lang::ruleset_text(s));
}

struct Graded {
    std::string total, grade;
};

Graded grade_of(const rubric::Program& program, const std::string& value) {
    lang::Outcome o = lang::evaluate(program, {value});
    CHECK_MESSAGE(o.scored, o.problem_text());
    return {o.total, o.grade};
}

}  // namespace

TEST_CASE("grade bands: 90 is 优, 89.99 is 良") {
    auto program = whole_sheet();
    CHECK(grade_of(*program, "90").grade == "优");
    CHECK(grade_of(*program, "89.99").grade == "良");
    CHECK(grade_of(*program, "100").grade == "优");
    CHECK(grade_of(*program, "90.01").grade == "优");
}

TEST_CASE("grade bands: 80 is 良, 79.99 is 中") {
    auto program = whole_sheet();
    CHECK(grade_of(*program, "80").grade == "良");
    CHECK(grade_of(*program, "79.99").grade == "中");
}

TEST_CASE("grade bands: 60 is 中, 59.99 is 差") {
    auto program = whole_sheet();
    CHECK(grade_of(*program, "60").grade == "中");
    CHECK(grade_of(*program, "59.99").grade == "差");
    CHECK(grade_of(*program, "0").grade == "差");
}

TEST_CASE("the grade is judged on the rounded total: 89.995 → 90.00 is 优") {
    auto program = whole_sheet();
    Graded g = grade_of(*program, "89.995");
    CHECK(g.total == "90");
    CHECK(g.grade == "优");
    Graded h = grade_of(*program, "89.994");
    CHECK(h.total == "89.99");
    CHECK(h.grade == "良");
}

TEST_CASE("the explain trace ends with the total and the grade") {
    Sheet s;
    s.inputs = "输入 判断：评分 [0, 100]";
    s.declarations = "总分 保留 0.01 四舍五入";
    s.points = "100";
    s.leaf = "：判断";
    lang::Outcome o = lang::run(s, {"96.4"});
    CHECK(o.grade == "优");
    const std::string ending = "一级指标「甲」（100 分）小计 96.4\n总分 96.40，等级 优\n";
    REQUIRE(o.explain.size() >= ending.size());
    CHECK(o.explain.substr(o.explain.size() - ending.size()) == ending);
}

TEST_CASE("a ruleset without grades scores a total and no grade") {
    Sheet s;
    s.inputs = "输入 判断：评分 [0, 100]";
    s.points = "100";
    s.leaf = "：判断";
    s.grades = false;
    rubric::CompileResult compiled = rubric::Engine{}.compile("test.rubric", lang::ruleset_text(s));
    REQUIRE(compiled.ok());
    CHECK(compiled.diagnostics.warning_count() == 1);
    lang::Outcome o = lang::evaluate(*compiled.program, {"95"});
    CHECK(o.total == "95");
    CHECK(o.grade == "");
}
