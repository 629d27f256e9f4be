// fuzz_xlsx: a workbook read as `rubric eval` reads one (read_table_file on
// a scratch .xlsx: libzip, then expat on each part). Two kinds of input:
//  - bytes starting with "PK": the .xlsx file itself, byte for byte;
//  - anything else: the parts of a package as text, each after a line
//    "=== NAME" (e.g. "=== xl/worksheets/sheet1.xml"); the target zips them
//    (stored, uncompressed) so that mutations reach the XML readers instead of
//    breaking the zip's checksums.
// Each table is then bound and scored (against 通用/项目自评): every record counted.
#include "tests/fuzz/fuzz_support.hpp"

#include "interpreter/datafiles/data_files.hpp"

#include <zip.h>

#include <string_view>
#include <utility>
#include <vector>

namespace {

std::vector<std::pair<std::string, std::string_view>> split_parts(std::string_view text) {
    std::vector<std::pair<std::string, std::string_view>> parts;
    constexpr std::string_view marker = "=== ";
    size_t at = text.starts_with(marker) ? 0 : text.find("\n=== ");
    while (at != std::string_view::npos) {
        if (text[at] == '\n') ++at;
        const size_t name_end = std::min(text.find('\n', at), text.size());
        std::string name(text.substr(at + marker.size(), name_end - at - marker.size()));
        const size_t body = std::min(name_end + 1, text.size());
        const size_t next = text.find("\n=== ", body);
        parts.emplace_back(std::move(name), text.substr(body, (next == std::string_view::npos ? text.size() : next) - body));
        at = next;
    }
    return parts;
}

// Writes `parts` as a zip at `path`; false when libzip refuses (then the
// scratch file is left as the raw text, which is just another bad file).
bool write_package(const std::string& path, const std::vector<std::pair<std::string, std::string_view>>& parts) {
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive) return false;
    for (const auto& [name, body] : parts) {
        zip_source_t* source = zip_source_buffer(archive, body.data(), body.size(), 0);
        if (!source) continue;
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(source);
            continue;
        }
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    if (zip_close(archive) != 0) {
        zip_discard(archive);
        return false;
    }
    return true;
}

}  // namespace

RUBRIC_FUZZ_TARGET(fuzz_xlsx) {
    using namespace rubric;
    static rubric_fuzz::ScratchFile scratch("fuzz_xlsx", ".xlsx");
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    scratch.write(data, size);
    if (!bytes.starts_with("PK")) {
        const auto parts = split_parts(bytes);
        if (!parts.empty() && !write_package(scratch.path(), parts)) scratch.write(data, size);
    }
    // The first sheet, then a sheet named in the input's package (or not there).
    for (const char* sheet : {"", "Sheet1"}) {
        TableReadOptions options;
        options.sheet = sheet;
        const RawTable table = read_table_file(scratch.path(), options);
        rubric_fuzz::check_table(table);
        if (!*sheet) rubric_fuzz::check_every_record_counted(table);
    }
    return 0;
}
