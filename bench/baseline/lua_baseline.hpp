// Drives bench/baseline/longhua.lua through liblua5.4: one call of its
// `score(v, out)` per record, with the record's 52 integers put into a table
// that is reused from record to record.
#pragma once

#include "bench/baseline/longhua_scorer.hpp"

#include <string>

struct lua_State;

namespace longhua {

class LuaBaseline {
public:
    explicit LuaBaseline(const std::string& script_path);  // throws std::runtime_error
    ~LuaBaseline();
    LuaBaseline(const LuaBaseline&) = delete;
    LuaBaseline& operator=(const LuaBaseline&) = delete;

    void score(const Record& record, Scores& scores);  // throws std::runtime_error on a Lua error

private:
    lua_State* L_;
    int function_ = 0, values_ = 0, out_ = 0;  // registry references
};

}  // namespace longhua
