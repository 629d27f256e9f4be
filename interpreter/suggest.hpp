// "Did you mean …?" suggestions for misspelt names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rubric {

// Optimal string alignment distance (Damerau-Levenshtein restricted to
// non-overlapping adjacent transpositions) over code points: inserting,
// deleting, replacing one Chinese character or swapping two adjacent ones
// is one edit.
std::size_t edit_distance(std::u32string_view a, std::u32string_view b);

// Picks the candidate to suggest for `misspelt` (UTF-8), deterministically:
//  1. Candidates equal to `misspelt` are never suggested.
//  2. Let len be the code-point length of `misspelt`.  The candidate with the
//     smallest edit_distance wins if that distance is <= max(1, (len+2)/3);
//     ties go to the earliest candidate in the list.
//  3. Otherwise, among candidates that contain `misspelt` or are contained
//     in it, the shorter of the two being at least 2 code points long, the
//     one with the smallest distance wins (ties: earliest).
//  4. Otherwise std::nullopt.
// Invalid UTF-8 is compared byte by byte.
std::optional<std::string> closest_name(std::string_view misspelt,
                                        const std::vector<std::string>& candidates);

}  // namespace rubric
