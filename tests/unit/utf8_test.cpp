#include <doctest/doctest.h>

#include <string>

#include "interpreter/utf8.hpp"

using namespace rubric;

namespace {

// Returns the offset of the first bad byte, or -1 when `bytes` decodes.
long bad_offset(std::string_view bytes) {
    std::u32string out;
    std::size_t offset = 12345;
    return decode_utf8(bytes, out, offset) ? -1 : long(offset);
}

}  // namespace

TEST_CASE("decode_utf8 accepts well-formed text") {
    std::u32string out;
    std::size_t offset = 0;
    REQUIRE(decode_utf8("a中\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\xEF\xBF\xBF", out, offset));
    CHECK(out == U"a中\U0001F600\U0010FFFF\uFFFF");
    out.clear();
    CHECK(decode_utf8("", out, offset));
    CHECK(out.empty());
}

TEST_CASE("decode_utf8 rejects malformed text at the first bad byte") {
    CHECK(bad_offset("ab\x80") == 2);                 // stray continuation byte
    CHECK(bad_offset("\xC0\x80") == 0);               // overlong NUL
    CHECK(bad_offset("\xC1\xBF") == 0);               // overlong
    CHECK(bad_offset("a\xE0\x80\x80") == 1);          // overlong 3-byte
    CHECK(bad_offset("\xF0\x8F\xBF\xBF") == 0);       // overlong 4-byte
    CHECK(bad_offset("xy\xED\xA0\x80") == 2);         // surrogate U+D800
    CHECK(bad_offset("\xF4\x90\x80\x80") == 0);       // U+110000
    CHECK(bad_offset("\xF5\x80\x80\x80") == 0);       // lead byte never valid
    CHECK(bad_offset("\xFF") == 0);
    CHECK(bad_offset("ab\xE4\xB8") == 2);             // truncated at end
    CHECK(bad_offset("\xE4\xB8" "a") == 0);           // truncated before ASCII
    CHECK(bad_offset("中文\xE4") == 6);
}

TEST_CASE("decode_utf8 keeps what it decoded before the error") {
    std::u32string out;
    std::size_t offset = 0;
    CHECK_FALSE(decode_utf8("规则\xFF", out, offset));
    CHECK(offset == 6);
    CHECK(out == U"规则");
}

TEST_CASE("encode_utf8 round-trips and replaces non-scalar values") {
    const std::u32string text = U"政府采购 ≥ 90％ \U0001F600";
    std::u32string back;
    std::size_t offset = 0;
    REQUIRE(decode_utf8(encode_utf8(text), back, offset));
    CHECK(back == text);
    CHECK(encode_utf8(U"中") == "\xE4\xB8\xAD");
    std::string s;
    append_utf8(s, char32_t(0xD800));
    append_utf8(s, char32_t(0x110000));
    CHECK(s == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("display_width of single code points") {
    CHECK(display_width(U'≥') == 1);
    CHECK(display_width(U'≤') == 1);
    CHECK(display_width(U'×') == 1);
    CHECK(display_width(U'÷') == 1);
    CHECK(display_width(U'％') == 2);
    CHECK(display_width(U'中') == 2);
    CHECK(display_width(U'a') == 1);
    CHECK(display_width(char32_t(0x0301)) == 0);
    CHECK(display_width(char32_t(0x200B)) == 0);
    CHECK(display_width(char32_t(0xFE0F)) == 0);
    for (char32_t c : std::u32string(U"（）：，；｛｝。、「」")) CHECK(display_width(c) == 2);
    CHECK(display_width(U'\u3000') == 2);       // ideographic space
    CHECK(display_width(U'\uFF61') == 1);       // halfwidth ideographic full stop
    CHECK(display_width(U'\uFFE5') == 2);       // fullwidth yen sign
    CHECK(display_width(U'한') == 2);
    CHECK(display_width(U'あ') == 2);
    CHECK(display_width(U'カ') == 2);
    CHECK(display_width(U'\U00020000') == 2);  // CJK extension B
    CHECK(display_width(U'\U0001F600') == 2);  // emoji
    CHECK(display_width(U'é') == 1);
}

TEST_CASE("display_width of a string") {
    CHECK(display_width(std::u32string_view(U"中a\u0301％")) == 5);
    CHECK(display_width(std::u32string_view(U"")) == 0);
}

TEST_CASE("starts_with_bom") {
    CHECK(starts_with_bom("\xEF\xBB\xBFx"));
    CHECK_FALSE(starts_with_bom("\xEF\xBB"));
    CHECK_FALSE(starts_with_bom("x"));
}
