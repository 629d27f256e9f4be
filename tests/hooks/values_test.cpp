// Values in and out of hooks: argument kinds, list-of-rows inputs, results,
// explanations and the bad results.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "hook_test_support.hpp"

using namespace hook_test;

namespace {

std::string read_fixture(const std::string& name) {
    std::ifstream file(std::string(RUBRIC_SOURCE_DIR) + "/tests/hooks/fixtures/" + name, std::ios::binary);
    REQUIRE(file.good());
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

HookRows project_rows() {
    return {
        HookRow{{{"项目", std::string("道路修缮")}, {"金额", dec("120.50")}, {"已完成", true}}},
        HookRow{{{"项目", std::string("路灯")}, {"金额", dec("30")}, {"已完成", false}}},
        HookRow{{{"项目", std::string("绿化")}, {"金额", dec("9.5")}, {"已完成", std::monostate{}}}},
    };
}

}  // namespace

TEST_CASE("values: every argument kind arrives as its Lua value") {
    Sandbox sandbox;
    const std::vector<HookArg> arguments = {
        {"预算数", dec("1234.56")}, {"数量", 3LL},     {"已完成", true},
        {"等级", std::string("优")}, {"缺失", std::monostate{}}, {"明细", project_rows()},
    };
    const HookScript script = compile(
        "function f(args)\n"
        "  local kinds = {}\n"
        "  for _, name in ipairs({'预算数', '数量', '已完成', '等级', '缺失', '明细'}) do\n"
        "    local v = args[name]\n"
        "    kinds[#kinds + 1] = name .. ':' .. (math.type(v) or type(v))\n"
        "  end\n"
        "  return args['预算数'] + args['数量'], table.concat(kinds, ' ')\n"
        "end\n");
    CHECK(render(call(sandbox, script, arguments)) ==
          "1237.56 | 预算数:userdata 数量:integer 已完成:boolean 等级:string 缺失:nil 明细:table");
}

TEST_CASE("values: list-of-rows inputs are arrays of row tables") {
    Sandbox sandbox;
    const std::vector<HookArg> arguments = {{"明细", project_rows()}};
    CHECK(run(sandbox,
              "function f(args)\n"
              "  local rows = args['明细']\n"
              "  local names = {}\n"
              "  for i, row in ipairs(rows) do names[i] = row['项目'] .. '=' .. tostring(row['已完成']) end\n"
              "  return rows[1]['金额'] + rows[2]['金额'] + rows[3]['金额'], #rows .. ' ' .. table.concat(names, ',')\n"
              "end\n",
              arguments) == "160 | 3 道路修缮=true,路灯=false,绿化=nil");
    CHECK(run(sandbox, "function f(args) return #args['空'] end", {{"空", HookRows{}}}) == "0");
}

TEST_CASE("values: a fixture hook scores a record") {
    const HookScript script =
        std::get<HookScript>(HookScript::compile("fixtures/execution_rate.lua", read_fixture("execution_rate.lua"),
                                                 {"得分", "明细合计"}));
    Sandbox sandbox;
    const std::vector<HookArg> arguments = {{"预算数", dec("200")}, {"执行数", dec("180")}, {"明细", project_rows()}};
    CHECK(render(sandbox.call(script, "得分", arguments)) == "{得分=9.47, 执行率=0.9} | 执行率 90%；未完成: 路灯、绿化");
    CHECK(render(sandbox.call(script, "明细合计", arguments)) == "160");
    const std::vector<HookArg> full = {{"预算数", dec("100")}, {"执行数", dec("99.5")}};
    CHECK(render(sandbox.call(script, "得分", full)) == "{得分=10, 执行率=0.995} | 执行率 99.5%");
    const HookOutcome missing = sandbox.call(script, "得分", std::vector<HookArg>{});
    REQUIRE(missing.error);
    CHECK(missing.error->file == "fixtures/execution_rate.lua");
    CHECK(render(missing) == "error@9: attempt to perform arithmetic on a nil value (local 'executed')");
}

TEST_CASE("values: results are one decimal, an integer, or a table of named decimals") {
    Sandbox sandbox;
    CHECK(run(sandbox, "function f() return decimal('1.50') end") == "1.5");
    CHECK(run(sandbox, "function f() return 42 end") == "42");
    CHECK(run(sandbox, "function f() return {['乙'] = 2, ['甲'] = decimal('0.5'), a = 1} end") == "{a=1, 乙=2, 甲=0.5}");
    CHECK(run(sandbox, "function f() return {} end") == "{}");
    CHECK(run(sandbox, "function f() return decimal(1), '说明文字' end") == "1 | 说明文字");
    CHECK(run(sandbox, "function f() return decimal(1), nil end") == "1");
}

TEST_CASE("values: bad results are reported, not converted") {
    Sandbox sandbox;
    CHECK(run(sandbox, "function f() end") == "bad_result@0: 钩子函数 'f' 没有返回结果：应返回小数，或由小数组成的表");
    CHECK(run(sandbox, "function f() return 1.5 end") ==
          "bad_result@0: 钩子函数 'f' 返回了浮点数 1.5：请用 decimal(\"1.5\") 写精确小数");
    CHECK(run(sandbox, "function f() return '1.5' end") ==
          "bad_result@0: 钩子函数 'f' 返回了字符串：请用 decimal(\"…\") 转成小数");
    CHECK(run(sandbox, "function f() return true end") ==
          "bad_result@0: 钩子函数 'f' 返回了 boolean 值：应返回小数，或由小数组成的表");
    CHECK(run(sandbox, "function f() return {decimal(1)} end") ==
          "bad_result@0: 钩子函数 'f' 返回的表中有不是字符串的键 (number)");
    CHECK(run(sandbox, "function f() return {['得分'] = 0.5} end") ==
          "bad_result@0: 钩子函数 'f' 返回的表中 '得分' 不是小数，而是 浮点数 0.5：请用 decimal(\"0.5\") 写精确小数");
    CHECK(run(sandbox, "function f() return 1, 2 end") ==
          "bad_result@0: 钩子函数 'f' 的第二个返回值 (说明) 应为字符串，实际是 number 值");
    CHECK(run(sandbox, "function f() local t = {} for i = 1, 1001 do t['k' .. i] = i end return t end") ==
          "bad_result@0: 钩子函数 'f' 返回的表项过多 (上限 1000 项)");
    check_still_works(sandbox);
}

TEST_CASE("values: a missing hook function fails the call") {
    Sandbox sandbox;
    const HookScript script = compile("function f() return 1 end");
    CHECK(render(sandbox.call(script, "g", {})) == "error@0: 钩子脚本没有定义函数 'g'");
    CHECK(render(sandbox.call(script, "", {})) == "error@0: 钩子函数名为空");
    CHECK(render(sandbox.call(script, "f", {})) == "1");
}

TEST_CASE("values: the explanation is capped at a UTF-8 boundary") {
    HookLimits limits;
    limits.explanation_bytes = 10;
    Sandbox sandbox(limits);
    // "得分得分" is 12 bytes: the cut falls inside the fourth character.
    CHECK(run(sandbox, "function f() return 1, '得分得分' end") == "1 | 得分得…");
    CHECK(run(sandbox, "function f() return 1, 'abcdefghij' end") == "1 | abcdefghij");
    Sandbox defaults;
    const HookOutcome long_text = call(defaults, compile("function f() return 1, ('x'):rep(5000) end"));
    REQUIRE(long_text.ok());
    CHECK(long_text.result->explanation == std::string(2000, 'x') + "…");
}
