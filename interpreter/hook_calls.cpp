// Evaluating Lua hooks: the hook_call node gathers its named arguments from
// the workspace (and the record's 明细 rows), runs the hook in the thread's
// sandbox, and keeps its results; each hook_value node takes one result and
// checks it against the range the rubric declared. A failed call or a result
// out of range marks the value, so only the record fails and the batch goes on.
#include "interpreter/program.hpp"

#include "interpreter/utf8.hpp"

namespace rubric {

namespace {

hooks::HookRows rows_of(const Program& program, const Record* record) {
    hooks::HookRows rows;
    const RowProgram* detail = program.row_program();
    if (!detail || !record) return rows;
    for (const DetailRow& r : record->rows) {
        hooks::HookRow row;
        for (size_t f = 0; f < detail->detail.fields.size(); ++f) {
            const std::string& cell = r.cells[f];
            if (cell.empty()) row.fields.emplace_back(detail->detail.fields[f].name, std::monostate{});
            else row.fields.emplace_back(detail->detail.fields[f].name, cell);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

// What happened, in the words of a message: 出错, 被停止 (a limit), 返回值不对.
const char* what_happened(hooks::HookErrorKind kind) {
    switch (kind) {
        case hooks::HookErrorKind::error: return "出错";
        case hooks::HookErrorKind::bad_result: return "返回值不对";
        default: return "被停止";
    }
}

}  // namespace

void Program::call_hook(Workspace& ws, uint32_t node) const {
    const uint32_t h = graph_.nodes[node].a;
    const HookSpec& hook = hooks_[h];
    HookCallState& state = ws.hook_calls[h];
    state.values.assign(hook.outputs.size(), Decimal{});
    state.explanation.clear();
    state.error.clear();
    auto fail = [&](std::string message) {
        state.error = std::move(message);
        ws.errors[node] = node + 1;
    };

    ws.hook_arguments.clear();
    for (const HookArgSpec& arg : hook.args) {
        if (arg.kind != HookArgSpec::Kind::rows && ws.errors[arg.slot]) {
            ws.errors[node] = ws.errors[arg.slot];  // the argument's own problem is the one to report
            return;
        }
        const Decimal& v = ws.values[arg.slot];
        hooks::HookValue value;
        switch (arg.kind) {
            case HookArgSpec::Kind::decimal: value = v; break;
            case HookArgSpec::Kind::count: value = static_cast<long long>(v.to_int().value_or(0)); break;
            case HookArgSpec::Kind::boolean: value = !v.is_zero(); break;
            case HookArgSpec::Kind::enumeration: {
                const auto& values = inputs_[static_cast<size_t>(arg.enumeration)].values;
                auto k = v.to_int().value_or(0);
                value = values[static_cast<size_t>(k)];
                break;
            }
            case HookArgSpec::Kind::rows: value = rows_of(*this, ws.record); break;
        }
        ws.hook_arguments.push_back(hooks::HookArg{arg.name, std::move(value)});
    }

    if (!ws.sandbox) ws.sandbox = std::make_unique<hooks::Sandbox>(hook_limits_);
    hooks::HookOutcome outcome = ws.sandbox->call(*hook.script, hook.function, ws.hook_arguments);
    if (outcome.error) {
        const hooks::HookError& e = *outcome.error;
        std::string where = e.file + (e.line > 0 ? ":" + std::to_string(e.line) : std::string());
        return fail("钩子「" + hook.name + "」" + what_happened(e.kind) + "（" + where + "）：" + e.message);
    }
    const hooks::HookResult& result = *outcome.result;
    state.explanation = result.explanation;
    for (size_t k = 0; k < hook.outputs.size(); ++k) {
        const std::string& name = hook.outputs[k];
        const Decimal* found = nullptr;
        for (const auto& [key, value] : result.named)
            if (key == name) found = &value;
        if (!found && result.value && hook.outputs.size() == 1) found = &*result.value;
        if (!found) {
            std::string got = result.value ? "一个数" : "表中没有这个名字";
            return fail("钩子「" + hook.name + "」没有返回「" + name + "」（" + hook.file + " 的 " + hook.function + "：" +
                        got + "；返回多个值时应返回 { [\"" + name + "\"] = … } 这样的表）");
        }
        state.values[k] = *found;
    }
    ws.errors[node] = 0;
    ws.values[node] = Decimal{};
}

void Program::take_hook_value(Workspace& ws, uint32_t node) const {
    const Node& n = graph_.nodes[node];
    const HookOutput& out = graph_.hook_outputs[n.a];
    if (ws.errors[n.b]) {
        ws.errors[node] = ws.errors[n.b];
        ws.values[node] = Decimal{};
        return;
    }
    const Decimal& v = ws.hook_calls[out.hook].values[out.index];
    ws.values[node] = v;
    const bool below = out.low && v < *out.low;
    const bool above = out.high && v > *out.high;
    const bool fraction = out.integral && !v.to_int();
    ws.errors[node] = below || above || fraction ? node + 1 : 0;
}

std::string Program::describe_hook_error(const Workspace& ws, uint32_t node) const {
    const Node& n = graph_.nodes[node];
    if (n.op == Op::hook_call) return ws.hook_calls[n.a].error;
    const HookOutput& out = graph_.hook_outputs[n.a];
    const HookSpec& hook = hooks_[out.hook];
    // Appended piece by piece (GCC 12 warns falsely on "[" + std::string).
    std::string allowed = out.integral ? "整数" : "";
    if (out.low || out.high) {
        allowed += '[';
        allowed += out.low ? out.low->to_string() : std::string("-∞");
        allowed += ", ";
        allowed += out.high ? out.high->to_string() : std::string("+∞");
        allowed += ']';
    }
    return "钩子「" + hook.name + "」返回的「" + out.name + "」= " + ws.values[node].to_string() + "，超出声明的范围 " +
           allowed + "（" + hook.file + " 的 " + hook.function + "）";
}

}  // namespace rubric
