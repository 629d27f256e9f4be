#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "interpreter/suggest.hpp"

using namespace rubric;

TEST_CASE("edit_distance counts code points and adjacent swaps") {
    CHECK(edit_distance(U"", U"") == 0);
    CHECK(edit_distance(U"abc", U"") == 3);
    CHECK(edit_distance(U"政府采购计划金", U"政府采购计划金额") == 1);
    CHECK(edit_distance(U"预算执行律", U"预算执行率") == 1);
    CHECK(edit_distance(U"执行预算", U"执行算预") == 1);  // transposition
    CHECK(edit_distance(U"ca", U"abc") == 3);  // OSA, not full Damerau (2)
    CHECK(edit_distance(U"kitten", U"sitting") == 3);
}

TEST_CASE("closest_name suggests near misses") {
    const std::vector<std::string> names{"政府采购实际金额", "政府采购计划金额", "预算执行率"};
    CHECK(closest_name("政府采购计划金", names) == "政府采购计划金额");
    CHECK(closest_name("预算执行律", names) == "预算执行率");
    CHECK(closest_name("预算执行率", names) == std::nullopt);  // exact: nothing to suggest
}

TEST_CASE("closest_name returns nothing for unrelated names") {
    CHECK(closest_name("xyz", {"预算执行率"}) == std::nullopt);
    CHECK(closest_name("x", {}) == std::nullopt);
    CHECK(closest_name("abcdef", {"uvwxyz"}) == std::nullopt);
}

TEST_CASE("closest_name threshold is max(1, (len+2)/3)") {
    CHECK(closest_name("ab", {"xy"}) == std::nullopt);     // distance 2 > 1
    CHECK(closest_name("ab", {"ax"}) == "ax");             // distance 1
    CHECK(closest_name("abcd", {"abxy"}) == "abxy");       // len 4: 2 allowed
    CHECK(closest_name("abcd", {"axyz"}) == std::nullopt); // 3 > 2
}

TEST_CASE("ties go to the first candidate; smaller distance wins") {
    CHECK(closest_name("abcd", {"abce", "abcf"}) == "abce");
    CHECK(closest_name("abcd", {"abxx", "abcx"}) == "abcx");
}

TEST_CASE("containment is the fallback") {
    // distance 4 exceeds the threshold 1, but the candidate contains the name.
    CHECK(closest_name("执行率", {"预算", "政府采购执行率"}) == "政府采购执行率");
    // The candidate is contained in the name.
    CHECK(closest_name("政府采购执行率二〇二三年", {"政府采购执行率"}) == "政府采购执行率");
    // One-character overlaps are too weak to suggest.
    CHECK(closest_name("率的计算方式", {"率"}) == std::nullopt);
}
