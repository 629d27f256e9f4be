// Shared by the datafiles tests: a scratch directory, files written byte for
// byte, UTF-8 -> GB18030 with iconv, and .xlsx packages assembled with libzip
// from XML written in the test (to reach cases libxlsxwriter never writes).
#pragma once

#include <iconv.h>
#include <unistd.h>
#include <zip.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "interpreter/table.hpp"

namespace datafiles_test {

using Cells = std::vector<std::optional<std::string>>;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("rubric-datafiles-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string utf8_to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("no GB18030 converter");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  const std::size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) throw std::runtime_error("iconv failed");
  out.resize(out.size() - o_left);
  return out;
}

// Writes a zip with these entries (name, contents), deflated.
inline void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!z) throw std::runtime_error("zip_open failed");
  for (const auto& [name, contents] : entries) {
    zip_source_t* src = zip_source_buffer(z, contents.data(), contents.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(src);
      zip_discard(z);
      throw std::runtime_error("zip_file_add failed");
    }
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    throw std::runtime_error("zip_close failed");
  }
}

inline const std::string kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline const std::string kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

struct SheetXml {
  SheetXml(std::string n, std::string x, std::string s = "") : name(std::move(n)), xml(std::move(x)), state(std::move(s)) {}
  std::string name;
  std::string xml;    // the whole worksheet document
  std::string state;  // "" (visible), "hidden" or "veryHidden"
};

// A minimal workbook: the sheets in tab order, optional shared strings and
// styles parts (whole documents, "" = none).
inline void write_workbook(const std::string& path, const std::vector<SheetXml>& sheets,
                           const std::string& shared_strings = "", const std::string& styles = "") {
  std::vector<std::pair<std::string, std::string>> entries;
  entries.emplace_back("_rels/.rels",
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" Type=\"" + kRel + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                       "</Relationships>");
  std::string workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + kMain + "\" xmlns:r=\"" +
                         kRel + "\"><sheets>";
  std::string rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    workbook += "<sheet name=\"" + sheets[i].name + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"" +
                (sheets[i].state.empty() ? "" : " state=\"" + sheets[i].state + "\"") + "/>";
    rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRel + "/worksheet\" Target=\"worksheets/sheet" + n +
            ".xml\"/>";
    entries.emplace_back("xl/worksheets/sheet" + n + ".xml", sheets[i].xml);
  }
  workbook += "</sheets></workbook>";
  if (!shared_strings.empty()) {
    rels += "<Relationship Id=\"rS\" Type=\"" + kRel + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    entries.emplace_back("xl/sharedStrings.xml", shared_strings);
  }
  if (!styles.empty()) {
    rels += "<Relationship Id=\"rT\" Type=\"" + kRel + "/styles\" Target=\"/xl/styles.xml\"/>";
    entries.emplace_back("xl/styles.xml", styles);
  }
  rels += "</Relationships>";
  entries.emplace_back("xl/workbook.xml", workbook);
  entries.emplace_back("xl/_rels/workbook.xml.rels", rels);
  write_zip(path, entries);
}

// A worksheet document around <sheetData> contents.
inline std::string sheet_xml(const std::string& sheet_data) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + kMain + "\"><sheetData>" + sheet_data +
         "</sheetData></worksheet>";
}

inline std::vector<uint32_t> rows_of(const rubric::RawTable& t) {
  std::vector<uint32_t> rows;
  for (const auto& r : t.records) rows.push_back(r.row);
  return rows;
}

inline std::vector<std::string> messages_of(const rubric::RawTable& t) {
  std::vector<std::string> out;
  for (const auto& p : t.problems) out.push_back(p.message);
  return out;
}

}  // namespace datafiles_test
