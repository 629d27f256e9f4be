// Limits of a ruleset (docs/limits.md): each at its default and just beyond,
// and each an option. Whatever the size or depth, the answer is a
// diagnostic at the place the limit is exceeded, never a stack overflow —
// this program runs under AddressSanitizer in the sanitizer build.
#include "limits_support.hpp"

#include "interpreter/datafiles/data_limits.hpp"
#include "interpreter/hooks/hook_limits.hpp"

using namespace limits_test;

namespace {

const std::string nesting_message = "括号嵌套超过 200 层，无法读取（上限可用 --max-nesting-depth 调整）";
const std::string expression_nesting_message = "表达式嵌套超过 200 层（上限可用 --max-nesting-depth 调整）";

std::string depth_message(int limit, int depth) {
    return "表达式的运算层数超过 " + std::to_string(limit) + " 层的上限：算出它要叠 " + std::to_string(depth) +
           " 层运算，连同它用到的计算（上限可用 --max-expression-depth 调整；很长的连加可拆成几个「计算」分别小计）";
}

// "t.rubric:7:COLUMN: error: MESSAGE" for the leaf line.
std::string leaf_error(size_t column, const std::string& message) {
    return "t.rubric:7:" + std::to_string(column) + ": error: " + message;
}

}  // namespace

TEST_CASE("limits: the defaults are the documented ones (docs/limits.md)") {
    const rubric::CompileLimits c;
    CHECK(c.max_file_bytes == 4194304);
    CHECK(c.max_nesting_depth == 200);
    CHECK(c.max_expression_depth == 200);
    CHECK(c.max_indicators == 10000);
    CHECK(c.max_inputs == 10000);
    CHECK(c.max_import_depth == 32);
    const rubric::DataLimits d;
    CHECK(d.max_records == 100000000);
    CHECK(d.max_field_bytes == 1048576);
    CHECK(d.max_row_bytes == 16777216);
    CHECK(d.max_columns == 16384);
    CHECK(d.max_json_depth == 64);
    const rubric::hooks::HookLimits h;
    CHECK(h.instructions == 10000000);
    CHECK(h.memory_bytes == 67108864);
    CHECK(h.time.count() == 1000);
    // An engine made without options has them.
    CHECK(rubric::Engine{}.options().limits.max_file_bytes == 4194304);
    CHECK(rubric::byte_size_text(4194304) == "4 MiB");
    CHECK(rubric::byte_size_text(1536) == "1536 字节");
    CHECK(rubric::byte_size_text(512 * 1024) == "512 KiB");
}

// ---------------------------------------------------------------- file size

TEST_CASE("limits: a rubric file of exactly 4 MiB compiles; one byte more is refused") {
    const std::string text = text_of(Sheet{});
    const size_t max = size_t{4} << 20;
    const std::string at_limit = text + "#" + std::string(max - text.size() - 2, 'x') + "\n";
    REQUIRE(at_limit.size() == max);
    CHECK(compile(at_limit).ok());

    const rubric::CompileResult over = compile(at_limit + "\n");
    CHECK_FALSE(over.ok());
    CHECK(over.diagnostics.render_all() ==
          "rubric: error: 规则文件「t.rubric」有 4194305 字节，超过 4 MiB 的上限（上限可用 --max-rubric-size 调整）\n"
          "1 个错误\n");
}

TEST_CASE("limits: the rubric size limit is an option, checked on files before they are read") {
    TempDir dir;
    rubric::CompileOptions options;
    options.limits.max_file_bytes = 1000;
    std::string text = text_of(Sheet{});
    text += "#" + std::string(1000 - text.size() - 2, 'x') + "\n";
    REQUIRE(text.size() == 1000);
    const std::string at_limit = dir.write("at.rubric", text);
    CHECK(rubric::Engine(options).compile_file(at_limit).ok());

    const std::string over = dir.write("over.rubric", text + "\n");
    const rubric::CompileResult refused = rubric::Engine(options).compile_file(over);
    CHECK(refused.diagnostics.render_all() == "rubric: error: 规则文件「" + over +
                                                   "」有 1001 字节，超过 1000 字节的上限（上限可用 --max-rubric-size 调整）\n"
                                                   "1 个错误\n");
}

TEST_CASE("limits: an imported file over the size limit is refused at its 导入 statement") {
    TempDir dir;
    dir.write("big.rubric", "输入 多余：计数\n#" + std::string(size_t{4} << 20, 'x') + "\n");
    Sheet s;
    s.declarations = "导入 \"big\"";
    const std::string main = dir.write("main.rubric", text_of(s));
    const rubric::CompileResult compiled = rubric::Engine{}.compile_file(main);
    CHECK(compiled.diagnostics.render_all() ==
          main + ":3:1: error: 规则文件「" + dir.file("big.rubric") +
              "」有 4194329 字节，超过 4 MiB 的上限（上限可用 --max-rubric-size 调整）\n"
              "    3 | 导入 \"big\"\n" +
              caret("", cells("导入 \"big\"")) + "1 个错误\n");
}

TEST_CASE("limits: a rubric that is not a regular file is read no further than the limit") {
    rubric::CompileOptions options;
    options.limits.max_file_bytes = 65536;
    const rubric::CompileResult compiled = rubric::Engine(options).compile_file("/dev/zero");
    CHECK(compiled.diagnostics.render_all() ==
          "rubric: error: 规则文件「/dev/zero」超过 64 KiB 的上限（上限可用 --max-rubric-size 调整）\n1 个错误\n");
}

// ---------------------------------------------------------------- nesting

TEST_CASE("limits: brackets nest 200 deep; the 201st is refused before parsing") {
    // The leaf sits inside three braces (指标体系, 一级, 二级): 197 parentheses make 200.
    Sheet s;
    s.rule = repeat("(", 197) + "满意度 × 100" + repeat(")", 197);
    CHECK(compile(text_of(s)).ok());

    s.rule = repeat("(", 198) + "满意度 × 100" + repeat(")", 198);
    const rubric::CompileResult over = compile(text_of(s));
    CHECK(first_error_line(over) == leaf_error(code_points(leaf_prefix) + 198, nesting_message));
    CHECK(over.diagnostics.error_count() == 1);
}

TEST_CASE("limits: 若 … 则 … 否则 … nests 200 deep; the 201st is an error at that 若") {
    const std::string one = "若 达标 则 100 否则 ";
    Sheet s;
    s.inputs = "输入 达标：是否";
    s.rule = repeat(one, 200) + "0";
    CHECK(compile(text_of(s)).ok());

    s.rule = repeat(one, 201) + "0";
    const rubric::CompileResult over = compile(text_of(s));
    CHECK(errors_of(over).starts_with(
        leaf_error(code_points(leaf_prefix) + 200 * code_points(one) + 1, expression_nesting_message) + "\n"));
    CHECK(over.diagnostics.error_count() == 1);
}

TEST_CASE("limits: minus signs and 非 nest 200 deep; one more is an error where it stands") {
    Sheet s;
    s.rule = repeat("- ", 200) + "满意度";
    CHECK(compile(text_of(s)).ok());
    s.rule = repeat("- ", 201) + "满意度";
    CHECK(first_error_line(compile(text_of(s))) ==
          leaf_error(code_points(leaf_prefix) + 200 * 2 + 1, expression_nesting_message));

    // 若 is one level, each 非 another.
    s.inputs = "输入 达标：是否";
    s.rule = "若 " + repeat("非 ", 199) + "达标 则 100 否则 0";
    CHECK(compile(text_of(s)).ok());
    s.rule = "若 " + repeat("非 ", 200) + "达标 则 100 否则 0";
    CHECK(first_error_line(compile(text_of(s))) ==
          leaf_error(code_points(leaf_prefix) + 2 + 199 * 2 + 1, expression_nesting_message));
}

TEST_CASE("limits: the nesting limit is an option") {
    rubric::CompileOptions options;
    options.limits.max_nesting_depth = 5;
    Sheet s;
    s.rule = "((满意度)) × 100";  // 3 braces + 2
    CHECK(compile(text_of(s), options).ok());
    s.rule = "(((满意度))) × 100";
    CHECK(errors_of(compile(text_of(s), options)) ==
          "t.rubric:7:" + std::to_string(code_points(leaf_prefix) + 3) +
              ": error: 括号嵌套超过 5 层，无法读取（上限可用 --max-nesting-depth 调整）\n"
              "    7 | " + leaf_prefix + s.rule + "\n" + caret(leaf_prefix + "((", 1));

    // 若 and 非 nest without brackets (the （100分） inside three braces is 4 deep).
    s.inputs = "输入 达标：是否";
    s.rule = "若 非 非 非 达标 则 100 否则 0";  // 若 + 3 × 非 = 4
    options.limits.max_nesting_depth = 4;
    CHECK(compile(text_of(s), options).ok());
    s.rule = "若 非 非 非 非 达标 则 100 否则 0";
    CHECK(errors_of(compile(text_of(s), options)) ==
          "t.rubric:7:" + std::to_string(code_points(leaf_prefix) + 9) +
              ": error: 表达式嵌套超过 4 层（上限可用 --max-nesting-depth 调整）\n"
              "    7 | " + leaf_prefix + s.rule + "\n" + caret(leaf_prefix + "若 非 非 非 ", cells("非")));
}

TEST_CASE("limits: 100,000 nested parentheses, 若, minus signs or 非 are refused, not a stack overflow") {
    Sheet s;
    s.rule = repeat("(", 100000) + "满意度" + repeat(")", 100000);
    CHECK(first_error_line(compile(text_of(s))) == leaf_error(code_points(leaf_prefix) + 198, nesting_message));

    s.inputs = "输入 满意度：百分比\n输入 达标：是否";  // line 3 now; the leaf is line 8
    const std::string one = "若 达标 则 100 否则 ";
    s.rule = repeat(one, 100000) + "0";
    CHECK(first_error_line(compile(text_of(s))) ==
          "t.rubric:8:" + std::to_string(code_points(leaf_prefix) + 200 * code_points(one) + 1) + ": error: " +
              expression_nesting_message);

    s.rule = repeat("- ", 100000) + "满意度";
    CHECK(first_error_line(compile(text_of(s))) ==
          "t.rubric:8:" + std::to_string(code_points(leaf_prefix) + 401) + ": error: " + expression_nesting_message);

    s.rule = "若 " + repeat("非 ", 100000) + "达标 则 100 否则 0";
    CHECK(first_error_line(compile(text_of(s))) ==
          "t.rubric:8:" + std::to_string(code_points(leaf_prefix) + 2 + 399) + ": error: " +
              expression_nesting_message);
}

TEST_CASE("limits: a statement nested too deep costs that statement only; the rest is still checked") {
    Sheet s;
    s.inputs = "输入 达标：是否";
    s.declarations = "计算 太深 = " + repeat("若 达标 则 1 否则 ", 300) + "0";
    s.rule = "满意度 × 100";  // 满意度 is not declared: its own error
    const rubric::CompileResult compiled = compile(text_of(s));
    const std::string errors = errors_of(compiled);
    CHECK(compiled.diagnostics.error_count() == 2);
    CHECK(errors.starts_with("t.rubric:3:" + std::to_string(8 + 200 * 12 + 1) + ": error: " +
                             expression_nesting_message + "\n"));
    CHECK(errors.find("t.rubric:7:" + std::to_string(code_points(leaf_prefix) + 1) + ": error: 未知的名称「满意度」") !=
          std::string::npos);
}

// ---------------------------------------------------------------- expression depth

TEST_CASE("limits: a value may take 200 operations; 201 are refused where the expression is") {
    Sheet s;
    s.rule = "满意度 × 100" + repeat(" + 0", 199);
    CHECK(compile(text_of(s)).ok());

    s.rule = "满意度 × 100" + repeat(" + 0", 200);
    const rubric::CompileResult over = compile(text_of(s));
    CHECK(first_error_line(over) == leaf_error(code_points(leaf_prefix) + 1, depth_message(200, 201)));
    CHECK(over.diagnostics.error_count() == 1);
}

TEST_CASE("limits: the operations of the calculations a value uses count too") {
    // 步骤k takes k operations; the leaf uses 步骤N by name.
    auto chain = [](int n) {
        std::string lines = "计算 步骤1 = 满意度 × 100";
        for (int k = 2; k <= n; ++k) lines += "\n计算 步骤" + std::to_string(k) + " = 步骤" + std::to_string(k - 1) + " + 0";
        return lines;
    };
    Sheet s;
    s.declarations = chain(200);
    s.rule = "步骤200";
    CHECK(compile(text_of(s)).ok());

    s.declarations = chain(201);
    s.rule = "步骤201";
    const rubric::CompileResult over = compile(text_of(s));
    CHECK(errors_of(over) == "t.rubric:203:12: error: " + depth_message(200, 201) +
                                 "\n"
                                 "  203 | 计算 步骤201 = 步骤200 + 0\n" +
                                 caret("计算 步骤201 = ", cells("步骤200 + 0")));

    // Subtotals keep a long sum shallow: 步骤 in ten parts of 30 terms.
    Sheet split;
    for (int part = 1; part <= 10; ++part) {
        split.declarations += "计算 小计" + std::to_string(part) + " = 满意度" + repeat(" + 满意度", 29) + "\n";
    }
    split.declarations += "计算 合计 = 小计1";
    for (int part = 2; part <= 10; ++part) split.declarations += " + 小计" + std::to_string(part);
    split.rule = "合计 × 100 ÷ 300";
    CHECK(compile(text_of(split)).ok());
}

TEST_CASE("limits: the expression depth limit is an option") {
    rubric::CompileOptions options;
    options.limits.max_expression_depth = 3;
    Sheet s;
    s.rule = "满意度 × 100 + 0 + 0";
    CHECK(compile(text_of(s), options).ok());
    s.rule = "满意度 × 100 + 0 + 0 + 0";
    CHECK(first_error_line(compile(text_of(s), options)) ==
          leaf_error(code_points(leaf_prefix) + 1, depth_message(3, 4)));
}

TEST_CASE("limits: a sum of 100,000 terms is refused, not a stack overflow or a long wait") {
    Sheet s;
    s.rule = "满意度 × 100" + repeat(" + 0", 100000);
    CHECK(first_error_line(compile(text_of(s))) == leaf_error(code_points(leaf_prefix) + 1, depth_message(200, 100001)));
}

// ---------------------------------------------------------------- indicators and inputs

namespace {

// 一级指标 甲 → 二级指标 乙 → `leaves` 三级指标, their points adding up to 100.
std::string many_leaves(int leaves) {
    std::string text = "输入 单位：文本，主键\n输入 满意度：百分比\n";
    text += "指标体系（100分）{\n  一级指标 甲（100分）{\n    二级指标 乙（100分）{\n";
    // Hundredths of a point each, the last taking what is left.
    const int hundredths = 10000;
    for (int k = 1; k <= leaves; ++k) {
        const int points = k < leaves ? 1 : hundredths - (leaves - 1);
        text += "      三级指标 指标" + std::to_string(k) + "（" + rubric::Decimal::from_parts(points, -2)->to_string() +
                "分）：满意度 × " + rubric::Decimal::from_parts(points, -2)->to_string() + "\n";
    }
    text += "    }\n  }\n}\n等级 {\n  ≥ 90：优\n  < 90：差\n}\n";
    return text;
}

}  // namespace

TEST_CASE("limits: 10,000 indicators compile; the 10,001st is refused where it is written") {
    // 一级指标 甲 and 二级指标 乙 count, with 9,998 三级指标.
    CHECK(compile(many_leaves(9998)).ok());

    const rubric::CompileResult over = compile(many_leaves(9999));
    CHECK(over.diagnostics.error_count() == 1);
    CHECK(first_error_line(over) ==
          "t.rubric:10004:12: error: 指标超过 10000 个的上限：这是第 10001 个（共 10001 个；上限可用 --max-indicators 调整）");
}

TEST_CASE("limits: the indicator limit is an option") {
    rubric::CompileOptions options;
    options.limits.max_indicators = 4;
    CHECK(compile(many_leaves(2), options).ok());
    CHECK(errors_of(compile(many_leaves(3), options)) ==
          "t.rubric:8:12: error: 指标超过 4 个的上限：这是第 5 个（共 5 个；上限可用 --max-indicators 调整）\n"
          "    8 |       三级指标 指标3（99.98分）：满意度 × 99.98\n" +
              caret("      三级指标 ", cells("指标3")));
}

namespace {

// The key input, then `extra` more inputs, all used by the one leaf.
std::string many_inputs(int extra) {
    std::string text = "输入 单位：文本，主键\n";
    for (int k = 1; k <= extra; ++k) text += "输入 数" + std::to_string(k) + "：是否\n";
    text += "指标体系（100分）{\n  一级指标 甲（100分）{\n    二级指标 乙（100分）{\n";
    text += "      三级指标 被测（100分）：若 数1 则 100 否则 0\n";
    text += "    }\n  }\n}\n等级 {\n  ≥ 90：优\n  < 90：差\n}\n";
    return text;
}

}  // namespace

TEST_CASE("limits: 10,000 inputs compile; the 10,001st is refused where it is declared") {
    CHECK(compile(many_inputs(9999)).ok());
    const rubric::CompileResult over = compile(many_inputs(10000));
    CHECK(over.diagnostics.error_count() == 1);
    CHECK(first_error_line(over) ==
          "t.rubric:10001:4: error: 输入超过 10000 个的上限：这是第 10001 个（共 10001 个；上限可用 --max-inputs 调整）");
}

TEST_CASE("limits: the input limit is an option") {
    rubric::CompileOptions options;
    options.limits.max_inputs = 3;
    CHECK(compile(many_inputs(2), options).ok());
    CHECK(errors_of(compile(many_inputs(3), options)) ==
          "t.rubric:4:4: error: 输入超过 3 个的上限：这是第 4 个（共 4 个；上限可用 --max-inputs 调整）\n"
          "    4 | 输入 数3：是否\n" +
              caret("输入 ", cells("数3")));
}

// ---------------------------------------------------------------- chains of files

namespace {

// main.rubric imports lib1, which imports lib2, …, libN.
std::string import_chain(const TempDir& dir, int libraries) {
    for (int k = 1; k <= libraries; ++k) {
        std::string text = k < libraries ? "导入 \"lib" + std::to_string(k + 1) + "\"\n" : "";
        dir.write("lib" + std::to_string(k) + ".rubric", text + "输入 值" + std::to_string(k) + "：计数\n");
    }
    Sheet s;
    s.declarations = "导入 \"lib1\"";
    return dir.write("main.rubric", text_of(s));
}

// rN.rubric extends rN-1, …, r2 extends r1, a whole ruleset.
std::string extends_chain(const TempDir& dir, int files) {
    dir.write("r1.rubric", text_of(Sheet{}));
    for (int k = 2; k <= files; ++k)
        dir.write("r" + std::to_string(k) + ".rubric", "继承 \"r" + std::to_string(k - 1) + ".rubric\"\n");
    return dir.file("r" + std::to_string(files) + ".rubric");
}

}  // namespace

TEST_CASE("limits: 32 files in a chain of 导入 compile; the 33rd is refused at the 导入 that asks for it") {
    TempDir dir;
    CHECK(rubric::Engine{}.compile_file(import_chain(dir, 31)).ok());

    TempDir deeper;
    const rubric::CompileResult over = rubric::Engine{}.compile_file(import_chain(deeper, 32));
    CHECK(over.diagnostics.render_all() ==
          deeper.file("lib31.rubric") +
              ":1:1: error: 继承、导入的文件一层套一层，超过 32 层的上限（上限可用 --max-import-depth 调整）\n"
              "    1 | 导入 \"lib32\"\n" +
              caret("", cells("导入 \"lib32\"")) + "1 个错误\n");
}

TEST_CASE("limits: 32 files in a chain of 继承 compile; the 33rd is refused at the 继承 that asks for it") {
    TempDir dir;
    CHECK(rubric::Engine{}.compile_file(extends_chain(dir, 32)).ok());

    TempDir deeper;
    const rubric::CompileResult over = rubric::Engine{}.compile_file(extends_chain(deeper, 33));
    CHECK(over.diagnostics.render_all() ==
          deeper.file("r2.rubric") +
              ":1:1: error: 继承、导入的文件一层套一层，超过 32 层的上限（上限可用 --max-import-depth 调整）\n"
              "    1 | 继承 \"r1.rubric\"\n" +
              caret("", cells("继承 \"r1.rubric\"")) + "1 个错误\n");
}

TEST_CASE("limits: the chain limit is an option") {
    rubric::CompileOptions options;
    options.limits.max_import_depth = 3;
    TempDir dir;
    CHECK(rubric::Engine(options).compile_file(import_chain(dir, 2)).ok());
    TempDir deeper;
    CHECK(first_error_line(rubric::Engine(options).compile_file(import_chain(deeper, 3))) ==
          deeper.file("lib2.rubric") +
              ":1:1: error: 继承、导入的文件一层套一层，超过 3 层的上限（上限可用 --max-import-depth 调整）");
}
