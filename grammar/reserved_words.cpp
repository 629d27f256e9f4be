// Reserved words, and UTF-8 text for the grammar's expectation messages.
#include "grammar/tokens.hpp"
#include "interpreter/utf8.hpp"

#include <algorithm>
#include <array>

namespace rubric::grammar {

namespace {
// Sorted for binary search; keep it sorted when adding words.
constexpr std::array<std::u32string_view, 38> reserved = [] {
    std::array<std::u32string_view, 38> words{
        U"and", U"not", U"or", U"一级指标", U"三级指标", U"二级指标", U"分", U"分档", U"分项",
        U"否", U"否决", U"否则", U"扣", U"扣完为止", U"按", U"指标体系", U"提示", U"是",
        U"最低", U"每", U"每项扣", U"的部分", U"等级", U"约束", U"计算", U"若", U"超过",
        U"输入", U"逐项计分", U"低于", U"且", U"或", U"非", U"导入", U"继承", U"规则", U"修改", U"删除"};
    std::sort(words.begin(), words.end());
    return words;
}();
}  // namespace

bool is_reserved_word(std::u32string_view word) {
    return std::binary_search(reserved.begin(), reserved.end(), word);
}

std::string to_utf8(std::u32string_view text) { return encode_utf8(text); }

}  // namespace rubric::grammar
