// Quoting text for the output formats: a CSV field (RFC 4180) and a JSON
// string. Shared by every report so all of them escape alike.
#pragma once

#include <string>
#include <string_view>

namespace rubric {

// The field as is, or in double quotes with quotes doubled when it holds a
// comma, a quote or a line break.
std::string csv_field(const std::string& text);
// The same appended to `out`.
void append_csv_field(std::string& out, std::string_view text);

// A JSON string literal: quotes, backslashes and control characters escaped;
// UTF-8 passes through unchanged.
std::string json_string(const std::string& text);

}  // namespace rubric
