// An Office Open XML package (.xlsx) opened read-only with libzip: parts are
// looked up by name (case-insensitively, as OPC part names are) and streamed
// through expat (xml_stream.hpp) without being held in memory whole.
//
// Limit against zip bombs: a part whose uncompressed size exceeds
// max_part_bytes (by default kMaxPartBytes, 200 MiB) is refused, whether the
// archive declares that size or the data only turns out that large while it
// is being inflated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/datafiles/xml_stream.hpp"

struct zip;

namespace rubric {

inline constexpr uint64_t kMaxPartBytes = 200ull * 1024 * 1024;

struct Relationship {
  std::string id;
  std::string type;    // full URI, e.g. …/relationships/worksheet
  std::string target;  // resolved part name, e.g. "xl/worksheets/sheet1.xml"
};

class OoxmlPackage {
 public:
  explicit OoxmlPackage(uint64_t max_part_bytes = kMaxPartBytes) : max_part_bytes_(max_part_bytes) {}
  ~OoxmlPackage();
  OoxmlPackage(const OoxmlPackage&) = delete;
  OoxmlPackage& operator=(const OoxmlPackage&) = delete;

  // Opens the file read-only. On failure returns a Chinese message saying
  // what the file is instead (not a zip, an old .xls or encrypted workbook,
  // a damaged archive, unreadable).
  std::optional<std::string> open(const std::string& path);

  bool has_part(const std::string& name) const;

  // Streams the part through `handler`. On failure returns a Chinese message
  // naming the part (missing, too large, damaged, bad XML, or the handler's
  // stop_reason).
  std::optional<std::string> parse_part(const std::string& name, XmlHandler& handler) const;

  // The relationships of `part` (from its _rels/NAME.rels, "" = the package),
  // targets resolved to part names; external targets are left out. A missing
  // .rels part gives an empty list.
  std::optional<std::string> relationships(const std::string& part, std::vector<Relationship>& out) const;

 private:
  uint64_t max_part_bytes_;
  zip* archive_ = nullptr;
};

// Resolves a relationship target against the part that holds it:
// ("xl/workbook.xml", "worksheets/sheet1.xml") -> "xl/worksheets/sheet1.xml";
// "/xl/x.xml" is absolute; "." and ".." segments are resolved.
std::string resolve_part_name(std::string_view source_part, std::string_view target);

}  // namespace rubric
