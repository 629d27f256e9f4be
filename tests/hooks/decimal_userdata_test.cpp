// Decimals inside hooks: exact arithmetic, mixing rules, rounding, methods.

#include <doctest/doctest.h>

#include "hook_test_support.hpp"

using namespace hook_test;

TEST_CASE("decimal: arithmetic is exact") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "decimal('0.1') + decimal('0.2') == decimal('0.3'), tostring(decimal('0.1') + decimal('0.2'))") ==
          "true|0.3");
    CHECK(eval(sandbox, "decimal('1.10') * 3, decimal(1) / 3, decimal('10') - decimal('0.01'), -decimal('2.5')") ==
          "3.3|0.333333333333333333333333333333333333|9.99|-2.5");
    CHECK(eval(sandbox, "decimal('123456789012345678901234567.89') + 1") == "123456789012345678901234568.89");
    CHECK(run(sandbox, "function f() return decimal('0.1') + decimal('0.2') end") == "0.3");
}

TEST_CASE("decimal: integers and decimal strings mix in exactly; floats are an error") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "decimal('1.5') * 2, 2 * decimal('1.5'), decimal('1.5') + '0.25', '0.25' + decimal('1.5')") ==
          "3|3|1.75|1.75");
    CHECK(eval(sandbox, "decimal('1') + 0.5") == "error@17: 小数不能与浮点数 0.5 混用：请写 decimal(\"0.5\")");
    CHECK(eval(sandbox, "0.1 * decimal('1')") == "error@17: 小数不能与浮点数 0.1 混用：请写 decimal(\"0.1\")");
    CHECK(eval(sandbox, "decimal('1') < 0.5") == "error@17: 小数不能与浮点数 0.5 混用：请写 decimal(\"0.5\")");
    CHECK(eval(sandbox, "decimal('1') * 2.0") == "error@17: 小数不能与浮点数 2.0 混用：请写 decimal(\"2.0\")");
    CHECK(eval(sandbox, "decimal(0.5)") == "error@17: decimal() 不接受浮点数 0.5：请写 decimal(\"0.5\")");
    CHECK(eval(sandbox, "decimal('abc')") == "error@17: 无法把字符串 \"abc\" 当作小数");
    CHECK(eval(sandbox, "decimal('1') + 'x'") == "error@17: 无法把字符串 \"x\" 当作小数");
    CHECK(eval(sandbox, "decimal('1') + {}") == "error@17: 小数不能与 table 值运算");
    CHECK(eval(sandbox, "decimal('1') + nil") == "error@17: 小数不能与 nil 值运算");
    CHECK(eval(sandbox, "decimal({})") == "error@17: bad argument #1 to 'decimal' (string or integer expected, got table)");
    CHECK(eval(sandbox, "decimal(decimal('2.50')), decimal(7), decimal('-1e3')") == "2.5|7|-1000");
    CHECK(eval(sandbox, "tonumber(decimal('1'))") ==
          "error@17: tonumber() 不接受小数：请用 d:tonumber() 得到浮点数，或 d:tointeger() 得到整数");
    CHECK(eval(sandbox, "tonumber('12'), tonumber('0x10'), tonumber('z', 36), tonumber('x')") == "12|16|35|nil");
}

TEST_CASE("decimal: division by zero and overflow are errors") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "decimal(1) / 0") == "error@17: 小数除以零");
    CHECK(eval(sandbox, "decimal(1) / decimal('0.00')") == "error@17: 小数除以零");
    CHECK(eval(sandbox, "decimal('9e29') * 10") == "error@17: 小数运算溢出 (绝对值须小于 10^30)");
    CHECK(eval(sandbox, "decimal('1e30')") == "error@17: 无法把字符串 \"1e30\" 当作小数");
    CHECK(eval(sandbox, "decimal(5) % 2") == "error@17: 小数不支持 //、% 和 ^ 运算：请用 + - * / 和 round");
    CHECK(eval(sandbox, "decimal(5) // 2") == "error@17: 小数不支持 //、% 和 ^ 运算：请用 + - * / 和 round");
}

TEST_CASE("decimal: rounding, half up by default") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "decimal('2.345'):round(2), decimal('2.5'):round(0), decimal('-2.5'):round(0)") == "2.35|3|-3");
    CHECK(eval(sandbox, "decimal('2.345'):round(2, 'half_even'), decimal('2.345'):round(2, '银行家舍入')") == "2.34|2.34");
    CHECK(eval(sandbox, "decimal('2.349'):round(2, '截尾'), decimal('2.341'):round(2, '进位')") == "2.34|2.35");
    CHECK(eval(sandbox, "decimal('-2.341'):round(2, 'floor'), decimal('-2.349'):round(2, '向上取整')") == "-2.35|-2.34");
    CHECK(eval(sandbox, "decimal('7.3'):round('0.5'), decimal('7.3'):round(decimal('0.5'), 'up'), decimal('1234'):round(-2)") ==
          "7.5|7.5|1200");
    CHECK(eval(sandbox, "decimal('2.5'):round()") == "3");
    CHECK(eval(sandbox, "decimal('1'):round(2, 'nearest')") ==
          "error@17: 未知的舍入方式 \"nearest\"：可用 四舍五入 (half_up)、银行家舍入 (half_even)、截尾 (down)、进位 (up)、"
          "向下取整 (floor)、向上取整 (ceiling)");
    CHECK(eval(sandbox, "decimal('1'):round('0')") == "error@17: 舍入单位须大于零");
    CHECK(eval(sandbox, "decimal('1'):round(61)") == "error@17: 保留位数须在 -29 到 60 之间 (得到 61)");
}

TEST_CASE("decimal: methods, comparisons, text") {
    Sandbox sandbox;
    CHECK(eval(sandbox, "decimal('-2.5'):floor(), decimal('-2.5'):ceil(), decimal('-2.5'):abs()") == "-3|-2|2.5");
    CHECK(eval(sandbox, "decimal('0.1'):tonumber(), math.type(decimal('3'):tonumber())") == "0.1|float");
    CHECK(eval(sandbox, "decimal('3'):tointeger(), math.type(decimal('3'):tointeger()), decimal('3.5'):tointeger()") ==
          "3|integer|nil");
    CHECK(eval(sandbox, "decimal('1') < 2, decimal('2') <= '2.0', decimal(3) > decimal('2.99'), decimal('1') == decimal('1.00')") ==
          "true|true|true|true");
    // Lua compares values of different types as unequal without asking __eq.
    CHECK(eval(sandbox, "decimal(1) == 1") == "false");
    CHECK(eval(sandbox, "'得分 ' .. decimal('1.50') .. ' 分', decimal(2) .. 3, type(decimal(1))") == "得分 1.5 分|23|userdata");
    CHECK(eval(sandbox, "decimal(1) .. {}") == "error@17: attempt to concatenate a table value");
    CHECK(eval(sandbox, "decimal('1.25'):round(1):tonumber() * 2") == "2.6");
    CHECK(eval(sandbox, "decimal.round") == "error@17: attempt to index a function value (global 'decimal')");
    CHECK(eval(sandbox, "decimal('1').round(5)") == "error@17: bad argument #1 to 'round' (decimal expected, got number)");
}

TEST_CASE("decimal: table.sort orders decimals and is stable") {
    Sandbox sandbox;
    CHECK(eval(sandbox,
               "(function()\n"
               "  local t = {decimal('2.5'), decimal('-1'), decimal('10'), decimal('0.001')}\n"
               "  table.sort(t)\n"
               "  local parts = {} for i, v in ipairs(t) do parts[i] = tostring(v) end\n"
               "  return table.concat(parts, ' ')\n"
               "end)()") == "-1 0.001 2.5 10");
    CHECK(eval(sandbox,
               "(function()\n"
               "  local rows = {}\n"
               "  for i = 1, 300 do rows[i] = {score = i % 3, id = i} end\n"
               "  table.sort(rows, function(a, b) return a.score > b.score end)\n"
               "  return rows[1].id .. ',' .. rows[2].id .. ',' .. rows[101].id .. ',' .. rows[300].id\n"
               "end)()") == "2,5,1,300");
    CHECK(eval(sandbox, "table.sort({3, 'x', 1})") == "error@17: attempt to compare string with number");
}
