// Small constructors for explain-line pieces, used by the compiler.
#pragma once

#include "interpreter/graph.hpp"

#include <string>
#include <vector>

namespace rubric::explain {

inline ExplainPiece text(std::string s) {
    ExplainPiece p;
    p.kind = ExplainPiece::Kind::text;
    p.text = std::move(s);
    return p;
}

inline ExplainPiece value(uint32_t slot) {
    ExplainPiece p;
    p.kind = ExplainPiece::Kind::value;
    p.slot = slot;
    return p;
}

// The explanation string hook `hook` returned (nothing when it returned none).
inline ExplainPiece hook_note(uint32_t hook) {
    ExplainPiece p;
    p.kind = ExplainPiece::Kind::hook_note;
    p.slot = hook;
    return p;
}

inline ExplainPiece tier_label(uint32_t index_slot, uint32_t table) {
    ExplainPiece p;
    p.kind = ExplainPiece::Kind::tier_label;
    p.slot = index_slot;
    p.table = table;
    return p;
}

inline ExplainPiece changed(uint32_t before, uint32_t after, std::string words, std::string suffix = {}) {
    ExplainPiece p;
    p.kind = ExplainPiece::Kind::changed;
    p.before = before;
    p.slot = after;
    p.text = std::move(words);
    p.suffix = std::move(suffix);
    return p;
}

inline ExplainPiece rounded(uint32_t before, uint32_t after, std::string suffix) {
    ExplainPiece p;
    p.kind = ExplainPiece::Kind::rounded;
    p.before = before;
    p.slot = after;
    p.suffix = std::move(suffix);
    return p;
}

inline void append(std::vector<ExplainPiece>& to, const std::vector<ExplainPiece>& from) {
    to.insert(to.end(), from.begin(), from.end());
}

}  // namespace rubric::explain
