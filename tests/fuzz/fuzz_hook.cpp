// fuzz_hook: any bytes as the Lua source of a hook file, compiled as the
// checker compiles one (HookScript::compile runs its top level) and, when it
// compiles, its functions f, 得分, 明细合计 and completion_rate called twice
// in one sandbox with arguments of every kind, under small limits (200,000
// instructions, 16 MiB, 200 ms). Invariants: a result or an error, never
// both; an explanation within its cap; messages and explanations that are
// valid UTF-8 (they reach --explain and the JSON output; the names of a
// returned table are only compared with the declared ones, never shown).
#include "tests/fuzz/fuzz_support.hpp"

#include "interpreter/hooks/hook_script.hpp"
#include "interpreter/hooks/sandbox.hpp"

#include <string>
#include <variant>
#include <vector>

namespace {

using namespace rubric::hooks;

rubric::Decimal dec(const char* text) { return *rubric::Decimal::parse(text); }

const std::vector<HookArg>& arguments() {
    static const std::vector<HookArg> args = {
        {"预算数", dec("853.48")},
        {"执行数", dec("788.48")},
        {"系数", 2LL},
        {"已完成", true},
        {"单位", std::string("深圳市坪山区工业和信息化局")},
        {"空", std::monostate{}},
        {"明细", HookRows{HookRow{{{"项目", std::string("甲")}, {"金额", dec("1.25")}, {"已完成", true}}},
                          HookRow{{{"项目", std::string("乙")}, {"金额", dec("-2.5")}, {"已完成", false}, {"备注", std::monostate{}}}}}},
        {"个性化绩效指标", HookRows{HookRow{{{"指标", std::string("引进 10 亿元以上项目数")},
                                             {"年度指标值", std::string("≥ 1 个")},
                                             {"全年完成值", std::string("1 个")}}}}},
    };
    return args;
}

void check(const HookOutcome& outcome, const HookLimits& limits) {
    rubric_fuzz::expect(outcome.result.has_value() != outcome.error.has_value(), "exactly one of result and error");
    if (outcome.error) {
        rubric_fuzz::expect(!outcome.error->message.empty(), "error without a message");
        rubric_fuzz::expect(rubric_fuzz::valid_utf8(outcome.error->message), "error message not UTF-8");
        rubric_fuzz::expect(outcome.error->line >= 0, "negative error line");
        return;
    }
    const HookResult& result = *outcome.result;
    rubric_fuzz::expect(!(result.value && !result.named.empty()), "both a value and named values");
    rubric_fuzz::expect(result.explanation.size() <= limits.explanation_bytes + 3, "explanation over its cap");
    rubric_fuzz::expect(rubric_fuzz::valid_utf8(result.explanation), "explanation not UTF-8");
}

}  // namespace

RUBRIC_FUZZ_TARGET(fuzz_hook) {
    const HookLimits limits = rubric_fuzz::small_hook_limits();
    auto compiled = HookScript::compile("hooks/fuzz.lua", std::string(reinterpret_cast<const char*>(data), size), {}, limits);
    if (const auto* problem = std::get_if<HookSourceError>(&compiled)) {
        rubric_fuzz::expect(!problem->message.empty(), "compile error without a message");
        rubric_fuzz::expect(rubric_fuzz::valid_utf8(problem->message), "compile error not UTF-8");
        return 0;
    }
    const HookScript& script = std::get<HookScript>(compiled);
    Sandbox sandbox(limits);
    for (int round = 0; round < 2; ++round)
        for (const char* function : {"f", "得分", "明细合计", "completion_rate"})
            check(sandbox.call(script, function, arguments()), limits);
    return 0;
}
