#pragma once
// HookScript — a Lua hook file checked once at compile time.
//
// compile() loads the text as Lua source (never a binary chunk), runs its top
// level once in a throwaway sandbox with no inputs, and checks that every
// function the rubric needs is defined as a global function. Problems come
// back as a HookSourceError value: syntax errors ("'end' expected (to close
// 'function' at line 3) near <eof>"), errors or limits hit by the top level,
// missing functions.
//
// A HookScript is immutable and cheap to copy (shared text), so one compiled
// program can be shared by many threads; each thread's Sandbox loads the text
// into its own lua_State the first time it calls the script.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "interpreter/hooks/hook_limits.hpp"
#include "interpreter/hooks/hook_values.hpp"

namespace rubric::hooks {

class HookScript {
public:
    // required_functions: the global functions the rubric will call, e.g. {"得分"}.
    // limits: for running the top level (use the limits the calls will have).
    static std::variant<HookScript, HookSourceError> compile(std::string file_path, std::string source_text,
                                                             std::vector<std::string> required_functions,
                                                             const HookLimits& limits = {});

    const std::string& file_path() const noexcept;
    // The source as loaded (a leading UTF-8 byte order mark removed).
    const std::string& source_text() const noexcept;
    // The required functions, all verified to be global functions.
    const std::vector<std::string>& functions() const noexcept;
    // Unique per compile (copies share it); sandboxes cache the loaded chunk by it.
    std::uint64_t id() const noexcept;

private:
    struct Data;
    explicit HookScript(std::shared_ptr<const Data> data) noexcept : data_(std::move(data)) {}

    std::shared_ptr<const Data> data_;
};

}  // namespace rubric::hooks
