// `rubric show`: the effective ruleset after every 导入 and 继承, written
// back as rubric text, each part marked with the file and line it came from.
#pragma once

#include "interpreter/ruleset_loader.hpp"

#include <string>
#include <vector>

namespace rubric {

std::string show_ruleset(const ParsedRuleset& ruleset);

// What `rubric list` prints for one ruleset file.
struct RulesetListing {
    std::string path, title, district, year, category, short_name;
};

// The shipped rulesets in `folders` (each *.rubric file), sorted by path.
std::vector<RulesetListing> list_rulesets(const std::vector<std::string>& folders);
std::string format_listing(const std::vector<RulesetListing>& listings);

}  // namespace rubric
