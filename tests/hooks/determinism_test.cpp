// The same hook on the same records gives byte-identical results: twice in
// one sandbox, in a fresh sandbox, and with one or two threads.

#include <doctest/doctest.h>

#include <thread>

#include "hook_test_support.hpp"

using namespace hook_test;

namespace {

// A hook that touches what could vary: hash order (pairs over string and
// integer keys), sorting with ties, float formatting, tostring of objects.
const char* const busy_hook =
    "function f(args)\n"
    "  local seen = {}\n"
    "  for k, v in pairs(args) do seen[#seen + 1] = k .. '=' .. tostring(type(v) == 'table' and #v or v) end\n"
    "  local t = {}\n"
    "  for i = 1, 50 do t['键' .. i] = i; t[i * 7 % 13] = i end\n"
    "  for k, v in pairs(t) do seen[#seen + 1] = tostring(k) end\n"
    "  local rows = {}\n"
    "  for i, row in ipairs(args['明细']) do rows[i] = row end\n"
    "  table.sort(rows, function(a, b) return a['金额'] > b['金额'] end)\n"
    "  local order = {}\n"
    "  for i, row in ipairs(rows) do order[i] = row['编号'] end\n"
    "  seen[#seen + 1] = table.concat(order, ',')\n"
    "  seen[#seen + 1] = tostring({}) .. tostring(f) .. string.format('%.3f %g', 1 / 3, 2 ^ 0.5)\n"
    "  local total = decimal(0)\n"
    "  for _, row in ipairs(rows) do total = total + row['金额'] / 7 end\n"
    "  return {['合计'] = total, ['个数'] = #rows}, table.concat(seen, ' ')\n"
    "end\n";

std::vector<HookArg> record(int seed) {
    HookRows rows;
    for (int i = 0; i < 200; ++i) {
        const long long amount = (i * 37 + seed) % 11;  // many ties
        rows.push_back(HookRow{{{"编号", static_cast<long long>(i)}, {"金额", Decimal::from_int(amount)}}});
    }
    return {{"明细", std::move(rows)}, {"乙", std::string("文字")}, {"甲", dec("1.5")}, {"丙", true}, {"丁", 7LL}};
}

std::vector<std::string> run_records(Sandbox& sandbox, const HookScript& script, int first, int count) {
    std::vector<std::string> results;
    for (int seed = first; seed < first + count; ++seed) results.push_back(render(call(sandbox, script, record(seed))));
    return results;
}

}  // namespace

TEST_CASE("determinism: the same hook on the same records gives the same bytes") {
    const HookScript script = compile(busy_hook);
    Sandbox sandbox;
    const std::vector<std::string> first = run_records(sandbox, script, 0, 6);
    CHECK(run_records(sandbox, script, 0, 6) == first);
    Sandbox other;
    CHECK(run_records(other, script, 0, 6) == first);
    // A different script compiled from the same text, in yet another sandbox.
    Sandbox third;
    CHECK(run_records(third, compile(busy_hook), 0, 6) == first);
    CHECK(first[0].find("table") != std::string::npos);
    CHECK(first[0].find("0x") == std::string::npos);
}

TEST_CASE("determinism: one thread and two threads agree") {
    const HookScript script = compile(busy_hook);
    constexpr int records = 20;
    Sandbox single;
    const std::vector<std::string> expected = run_records(single, script, 0, records);

    std::vector<std::string> halves[2];
    std::thread workers[2];
    for (int t = 0; t < 2; ++t) {
        workers[t] = std::thread([&, t] {
            Sandbox own;  // one sandbox per thread; the script is shared
            halves[t] = run_records(own, script, t * records / 2, records / 2);
        });
    }
    for (std::thread& worker : workers) worker.join();
    std::vector<std::string> combined = halves[0];
    combined.insert(combined.end(), halves[1].begin(), halves[1].end());
    CHECK(combined == expected);
}

TEST_CASE("determinism: pairs visits keys in a fixed order") {
    Sandbox sandbox;
    const std::string expression =
        "(function()\n"
        "  local t = {}\n"
        "  for _, k in ipairs({'b', 'a', '得分', 'A', 3, 1.5, -2, 10, true, false}) do t[k] = 1 end\n"
        "  local keys = {}\n"
        "  for k in pairs(t) do keys[#keys + 1] = tostring(k) end\n"
        "  return table.concat(keys, ' ')\n"
        "end)()";
    CHECK(eval(sandbox, expression) == "-2 1.5 3 10 A a b 得分 false true");
    CHECK(eval(sandbox,
               "(function() local t = {a = 1, b = 2, c = 3} local n = 0\n"
               "  for k in pairs(t) do t[k] = nil n = n + 1 end return n, next(t) end)()") == "3|nil");
    CHECK(eval(sandbox, "(function() local mt = {__pairs = function(t) return function(_, k) if not k then return 1, 'x' end end, t, nil end}\n"
                        "  local out = {} for k, v in pairs(setmetatable({}, mt)) do out[#out + 1] = k .. v end return table.concat(out) end)()") ==
          "1x");
}
