#include "interpreter/hooks/hook_script.hpp"

#include <atomic>

#include "interpreter/hooks/sandbox.hpp"

namespace rubric::hooks {

struct HookScript::Data {
    std::uint64_t id;
    std::string file_path;
    std::string source_text;
    std::vector<std::string> functions;
};

namespace {

std::uint64_t next_script_id() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";
constexpr char lua_binary_signature = '\x1b';  // "\x1bLua": a precompiled chunk

}  // namespace

std::variant<HookScript, HookSourceError> HookScript::compile(std::string file_path, std::string source_text,
                                                              std::vector<std::string> required_functions,
                                                              const HookLimits& limits) {
    if (std::string_view(source_text).substr(0, utf8_byte_order_mark.size()) == utf8_byte_order_mark)
        source_text.erase(0, utf8_byte_order_mark.size());
    if (!source_text.empty() && source_text.front() == lua_binary_signature)
        return HookSourceError{std::move(file_path), 1, 0,
                               "不接受预编译的二进制代码块 (binary chunk)：钩子必须是 Lua 源代码文本"};
    HookScript script(std::make_shared<const Data>(
        Data{next_script_id(), std::move(file_path), std::move(source_text), std::move(required_functions)}));
    Sandbox probe(limits);
    if (std::optional<HookSourceError> problem = probe.inspect(script)) return *std::move(problem);
    return script;
}

const std::string& HookScript::file_path() const noexcept { return data_->file_path; }
const std::string& HookScript::source_text() const noexcept { return data_->source_text; }
const std::vector<std::string>& HookScript::functions() const noexcept { return data_->functions; }
std::uint64_t HookScript::id() const noexcept { return data_->id; }

}  // namespace rubric::hooks
