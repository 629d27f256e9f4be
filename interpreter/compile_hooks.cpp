// Lua hooks (钩子): the declaration's names and kinds are checked like any
// other rule; the Lua file is loaded and checked at compile time (a syntax
// error is reported at its own file and line); a hook is planned into the
// graph the first time one of its results is used, after the values it reads.
#include "interpreter/atomic_file.hpp"
#include "interpreter/compiler.hpp"

#include "interpreter/explain_pieces.hpp"
#include "interpreter/program_builder.hpp"
#include "interpreter/utf8.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rubric {

namespace ex = explain;
namespace fs = std::filesystem;

// The file is named relative to the rubric file that declares the hook.
std::optional<hooks::HookScript> Compiler::load_hook_script(const ast::hook_decl& decl) {
    const SourceFile* owner = parsed_.sources->locate(span_of(decl)).file;
    const std::string written = encode_utf8(decl.file);
    fs::path path = fs::path(written);
    if (path.is_relative() && owner) path = fs::path(owner->path()).parent_path() / path;
    // Messages name the file as the user would: relative to the current folder when it is below it.
    std::error_code ec;
    fs::path near = path.lexically_normal().lexically_proximate(fs::current_path(ec));
    const std::string shown = near.empty() || *near.begin() == ".." ? path.lexically_normal().string() : near.string();
    const Span at = span_of(decl.id);
    // A regular file, read no further than a rubric file may be (never /dev/zero or a pipe).
    std::error_code status_error;
    const fs::file_status status = fs::status(shown, status_error);
    if (!fs::exists(status)) {
        error(at, "找不到钩子「" + encode_utf8(decl.id.text) + "」的 Lua 文件「" + written + "」（按「" + shown + "」查找）");
        return std::nullopt;
    }
    if (!fs::is_regular_file(status)) {
        error(at, "钩子「" + encode_utf8(decl.id.text) + "」的 Lua 文件「" + shown + "」不是普通文件（是文件夹或设备）");
        return std::nullopt;
    }
    std::optional<std::string> bytes(std::in_place);
    std::uint64_t size = 0;
    if (auto problem = read_file_at_most(shown, parsed_.max_file_bytes, *bytes, size)) {
        error(at, "钩子「" + encode_utf8(decl.id.text) + "」的 Lua 文件：" + *problem);
        return std::nullopt;
    }
    if (size > parsed_.max_file_bytes) {
        error(at, "钩子「" + encode_utf8(decl.id.text) + "」的 Lua 文件「" + shown + "」有 " + std::to_string(size) +
                      " 字节，超过 " + std::to_string(parsed_.max_file_bytes) + " 字节的上限（上限可用 --max-rubric-size 调整）");
        return std::nullopt;
    }
    auto compiled = hooks::HookScript::compile(shown, *bytes, {encode_utf8(decl.function.text)}, parsed_.hook_limits);
    if (auto* script = std::get_if<hooks::HookScript>(&compiled)) return *script;
    const hooks::HookSourceError& e = std::get<hooks::HookSourceError>(compiled);
    if (e.line <= 0) {
        error(span_of(decl.function), "钩子「" + encode_utf8(decl.id.text) + "」的 Lua 文件（" + shown + "）：" + e.message);
        return std::nullopt;
    }
    // Show the Lua line itself, like any rubric error.
    auto decoded = SourceFile::from_utf8(shown, *bytes);
    if (auto* file = std::get_if<SourceFile>(&decoded)) {
        auto kept = std::make_shared<const SourceFile>(std::move(*file));
        parsed_.sources->add(kept);
        const auto line = static_cast<uint32_t>(e.line);
        const uint32_t begin = kept->line_start(line);
        const auto length = static_cast<uint32_t>(kept->line_text(line).size());
        Diagnostic& d = diagnostics_.error(kept.get(), Span{begin, begin + std::max<uint32_t>(length, 1)},
                                           "Lua：" + e.message);
        SourceSet::Location declared = parsed_.sources->locate(at);
        if (declared.file) d.notes.push_back(make_note(*declared.file, declared.local, "钩子「" + encode_utf8(decl.id.text) + "」在这里声明"));
    } else {
        error(at, "钩子文件「" + shown + "」第 " + std::to_string(e.line) + " 行：" + e.message);
    }
    return std::nullopt;
}

void Compiler::declare_hooks() {
    std::set<std::u32string> hook_names;
    for (const ast::hook_decl& decl : parsed_.hooks) {
        const int h = static_cast<int>(hooks_.size());
        HookState state;
        state.decl = &decl;
        if (!hook_names.insert(decl.id.text).second) {
            error(span_of(decl.id), "钩子「" + encode_utf8(decl.id.text) + "」重复声明");
            state.used = true;  // one error is enough: not "unused" as well
        }
        for (size_t k = 0; k < decl.outputs.size(); ++k) {
            const ast::hook_output& out = decl.outputs[k];
            const std::string name = encode_utf8(out.id.text);
            InputSpec spec = input_from(ast::input_decl{{}, out.id, out.kind, false});
            const bool allowed = spec.kind != InputKind::enumeration && spec.kind != InputKind::text;
            if (!allowed) error(span_of(out.kind), "钩子的返回值只能是数值、评分、百分比、金额、计数或是否");
            if (input_index_.count(out.id.text) || derived_index_.count(out.id.text) ||
                !hook_output_index_.emplace(out.id.text, std::pair{h, static_cast<int>(k)}).second)
                error(span_of(out.id), "「" + name + "」已经是输入、计算或另一个钩子返回值的名称");
            state.output_specs.push_back(std::move(spec));
        }
        if (auto script = load_hook_script(decl)) {
            HookSpec spec;
            spec.name = encode_utf8(decl.id.text);
            spec.file = script->file_path();
            spec.function = encode_utf8(decl.function.text);
            spec.script = std::move(*script);
            for (const ast::hook_output& out : decl.outputs) spec.outputs.push_back(encode_utf8(out.id.text));
            spec.span = span_of(decl.id);
            state.program_index = static_cast<int>(builder_->hooks().size());
            builder_->hooks().push_back(std::move(spec));
        }
        hooks_.push_back(std::move(state));
    }
}

CompiledValue Compiler::hook_reference(int h, int k, Span at) {
    HookState& hook = hooks_[static_cast<size_t>(h)];
    hook.used = true;
    if (hook_sink_) hook_sink_->push_back(h);
    if (hook.stage == HookState::Stage::compiling) {
        error(at, "钩子「" + encode_utf8(hook.decl->id.text) + "」读取了它自己的返回值");
        return invalid(at);
    }
    if (hook.stage == HookState::Stage::pending) compile_hook_call(hook);
    if (hook.outputs.empty()) return invalid(at);
    CompiledValue v = hook.outputs[static_cast<size_t>(k)];
    v.span = at;
    return v;
}

void Compiler::compile_hook_call(HookState& hook) {
    hook.stage = HookState::Stage::compiling;
    const ast::hook_decl& decl = *hook.decl;
    std::vector<ExplainLine> outer_lines;
    outer_lines.swap(pending_lines_);

    HookSpec* spec = hook.program_index >= 0 ? &builder_->hooks()[static_cast<size_t>(hook.program_index)] : nullptr;
    std::vector<HookArgSpec> args;
    std::vector<ExplainPiece> line{ex::text("钩子「" + encode_utf8(decl.id.text) + "」（" +
                                            (spec ? spec->file : encode_utf8(decl.file)) + " 的 " +
                                            encode_utf8(decl.function.text) + "）")};
    bool first = true;
    for (const ast::name& n : decl.reads) {
        line.push_back(ex::text(first ? "：读取 " : "、"));
        first = false;
        HookArgSpec arg;
        arg.name = encode_utf8(n.text);
        const RowProgram* rows = builder_->rows() ? &*builder_->rows() : nullptr;
        if (rows && arg.name == rows->detail.name) {
            arg.kind = HookArgSpec::Kind::rows;
            line.push_back(ex::text("明细「" + arg.name + "」"));
            args.push_back(std::move(arg));
            continue;
        }
        CompiledValue v = name_reference(n, Scope{}, nullptr);
        if (v.type.is_invalid()) continue;
        arg.slot = v.slot;
        switch (v.type.kind) {
            case Type::Kind::boolean: arg.kind = HookArgSpec::Kind::boolean; break;
            case Type::Kind::enumeration:
                arg.kind = HookArgSpec::Kind::enumeration;
                arg.enumeration = v.type.enumeration;
                break;
            case Type::Kind::text:
                error(span_of(n), "钩子不能读取文本「" + arg.name + "」；它只用于说明记录");
                continue;
            default: arg.kind = v.type.integral ? HookArgSpec::Kind::count : HookArgSpec::Kind::decimal; break;
        }
        line.push_back(ex::text(arg.name + " = "));
        line.push_back(ex::value(v.slot));
        args.push_back(std::move(arg));
    }
    if (!spec) {
        // Its file did not check: the error is reported; the results stand in as invalid.
        hook.stage = HookState::Stage::done;
        pending_lines_.swap(outer_lines);
        return;
    }
    spec->args = std::move(args);
    const auto call = builder_->emit(Op::hook_call, static_cast<uint32_t>(hook.program_index), 0, 0, span_of(decl.id));
    line.push_back(ex::text("；返回 "));
    Graph& graph = builder_->graph();
    for (size_t k = 0; k < decl.outputs.size(); ++k) {
        const InputSpec& out = hook.output_specs[k];
        HookOutput range;
        range.hook = static_cast<uint32_t>(hook.program_index);
        range.index = static_cast<uint32_t>(k);
        range.name = out.name;
        range.low = out.low;
        range.high = out.high;
        switch (out.kind) {
            case InputKind::yes_no: range.low = Decimal{}; range.high = Decimal::from_int(1); range.integral = true; break;
            case InputKind::count: range.low = Decimal{}; range.integral = true; break;
            case InputKind::amount: range.low = Decimal{}; break;
            case InputKind::percent: range.low = Decimal{}; range.high = Decimal::from_int(1); break;
            default: break;
        }
        graph.hook_outputs.push_back(range);
        CompiledValue v = input_reference_like(out, span_of(decl.outputs[k].id));
        v.slot = builder_->emit(Op::hook_value, static_cast<uint32_t>(graph.hook_outputs.size() - 1), call, 0,
                                span_of(decl.outputs[k].id), display_for(v.type));
        v.shown = {ex::value(v.slot)};
        v.nonnegative = range.low && range.low->sign() >= 0;
        v.positive = range.low && range.low->sign() > 0;
        if (k) line.push_back(ex::text("、"));
        line.push_back(ex::text(out.name + " = "));
        line.push_back(ex::value(v.slot));
        hook.outputs.push_back(std::move(v));
    }
    add_explain(0, std::move(line));
    add_explain(1, {ex::hook_note(static_cast<uint32_t>(hook.program_index))});
    hook.lines.swap(pending_lines_);
    pending_lines_.swap(outer_lines);
    hook.stage = HookState::Stage::done;
}

}  // namespace rubric
