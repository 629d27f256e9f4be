// A Lua hook as a compiled Program holds it (钩子 in the rubric): the script,
// checked at compile time, the function to call, where each named argument
// comes from, and the values it returns. The sandbox that runs it is per
// thread and lives in the Workspace (interpreter/hooks/sandbox.hpp).
#pragma once

#include "interpreter/hooks/hook_script.hpp"
#include "interpreter/source.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rubric {

struct HookArgSpec {
    enum class Kind : unsigned char {
        decimal,      // amounts, percentages (as fractions), numbers, judgments, derived values
        count,        // 计数: a Lua integer
        boolean,      // 是否
        enumeration,  // the value's text
        rows,         // the record's 明细 rows: an array of tables keyed by field name
    } kind = Kind::decimal;
    std::string name;
    uint32_t slot = 0;      // the value's slot (not for rows)
    int enumeration = -1;   // enumeration: the input whose values name it
};

struct HookSpec {
    std::string name;      // 钩子 名称
    std::string file;      // the Lua file, as the messages name it
    std::string function;  // the Lua function called
    std::optional<hooks::HookScript> script;
    std::vector<HookArgSpec> args;
    std::vector<std::string> outputs;  // names of the values it returns, in declaration order
    Span span;
};

}  // namespace rubric
