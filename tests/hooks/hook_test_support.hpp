#pragma once
// Helpers shared by the hook runtime tests: compile a script from a string,
// call it, and render outcomes as one line of text so tests can compare them
// exactly (and byte for byte across runs and threads).

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "interpreter/decimal.hpp"
#include "interpreter/hooks/hook_script.hpp"
#include "interpreter/hooks/sandbox.hpp"

namespace hook_test {

using rubric::Decimal;
using namespace rubric::hooks;

inline Decimal dec(std::string_view text) {
    const std::optional<Decimal> value = Decimal::parse(text);
    REQUIRE(value.has_value());
    return *value;
}

inline std::variant<HookScript, HookSourceError> try_compile(std::string source,
                                                             std::vector<std::string> functions = {"f"},
                                                             const HookLimits& limits = {}) {
    return HookScript::compile("hooks/test.lua", std::move(source), std::move(functions), limits);
}

inline HookScript compile(std::string source, std::vector<std::string> functions = {"f"},
                          const HookLimits& limits = {}) {
    auto compiled = try_compile(std::move(source), std::move(functions), limits);
    if (const auto* problem = std::get_if<HookSourceError>(&compiled))
        FAIL("unexpected compile error at line " << problem->line << ": " << problem->message);
    return std::get<HookScript>(std::move(compiled));
}

// "line N: message" of a compile that must fail.
inline std::string compile_error(std::string source, std::vector<std::string> functions = {"f"},
                                 const HookLimits& limits = {}) {
    auto compiled = try_compile(std::move(source), std::move(functions), limits);
    const auto* problem = std::get_if<HookSourceError>(&compiled);
    if (problem == nullptr) return "compiled without error";
    CHECK(problem->file == "hooks/test.lua");
    return "line " + std::to_string(problem->line) + ": " + problem->message;
}

inline HookOutcome call(Sandbox& sandbox, const HookScript& script, const std::vector<HookArg>& arguments = {},
                        std::string_view function = "f") {
    return sandbox.call(script, function, arguments);
}

// ok:    "1.25" or "{a=1, b=2}", then " | explanation" when there is one
// error: "kind@line: message"
inline std::string render(const HookOutcome& outcome) {
    if (outcome.error) {
        CHECK(!outcome.result);
        return std::string(to_string(outcome.error->kind)) + "@" + std::to_string(outcome.error->line) + ": " +
               outcome.error->message;
    }
    REQUIRE(outcome.result);
    const HookResult& result = *outcome.result;
    std::string text;
    if (result.value) {
        text = result.value->to_string();
    } else {
        text = "{";
        for (std::size_t i = 0; i < result.named.size(); ++i)
            text += (i ? ", " : "") + result.named[i].first + "=" + result.named[i].second.to_string();
        text += "}";
    }
    if (!result.explanation.empty()) text += " | " + result.explanation;
    return text;
}

inline std::string run(Sandbox& sandbox, const std::string& source, const std::vector<HookArg>& arguments = {}) {
    return render(call(sandbox, compile(source), arguments));
}

// Evaluates a Lua expression list inside a hook; returns the values' tostring
// joined by "|", or "kind@line: message" if the call failed.
inline std::string eval(Sandbox& sandbox, const std::string& expression) {
    const std::string source =
        "local function show(...)\n"
        "  local parts = {}\n"
        "  for i = 1, select('#', ...) do parts[i] = tostring((select(i, ...))) end\n"
        "  return table.concat(parts, '|')\n"
        "end\n"
        "local function gm(s, p, init)\n"
        "  local out = {}\n"
        "  for a, b, c in string.gmatch(s, p, init) do\n"
        "    local parts = {tostring(a)}\n"
        "    if b ~= nil then parts[2] = tostring(b) end\n"
        "    if c ~= nil then parts[3] = tostring(c) end\n"
        "    out[#out + 1] = table.concat(parts, ':')\n"
        "  end\n"
        "  return table.concat(out, ',')\n"
        "end\n"
        "function f(args)\n"
        "  return 0, show(" + expression + ")\n"
        "end\n";
    const HookOutcome outcome = call(sandbox, compile(source));
    if (outcome.error) return render(outcome);
    return outcome.result->explanation;
}

inline std::string eval(const std::string& expression) {
    Sandbox sandbox;
    return eval(sandbox, expression);
}

// After an attack: the same sandbox still runs an ordinary hook correctly.
inline void check_still_works(Sandbox& sandbox) {
    static const HookScript ordinary = compile(
        "function f(args)\n"
        "  local total = decimal(0)\n"
        "  for _, row in ipairs(args['明细']) do total = total + row['金额'] end\n"
        "  return total * args['系数'], string.format('%d 行', #args['明细']) .. ('ok'):upper()\n"
        "end\n");
    const std::vector<HookArg> arguments = {
        {"明细", HookRows{HookRow{{{"金额", dec("1.25")}}}, HookRow{{{"金额", dec("2.5")}}}}},
        {"系数", 2LL},
    };
    CHECK(render(call(sandbox, ordinary, arguments)) == "7.5 | 2 行OK");
}

}  // namespace hook_test
