// fuzz_json: any bytes as a JSON / JSON Lines data file, read as `rubric
// eval` reads it: read_table_file on a scratch .json (encoding detected, and
// forced to GB18030), and read_json on the bytes themselves. Each table is
// then bound and scored (against 通用/项目自评): every record counted.
#include "tests/fuzz/fuzz_support.hpp"

#include "interpreter/datafiles/data_files.hpp"
#include "interpreter/json_reader.hpp"

#include <string_view>

RUBRIC_FUZZ_TARGET(fuzz_json) {
    using namespace rubric;
    static rubric_fuzz::ScratchFile scratch("fuzz_json", ".json");
    const std::string& path = scratch.write(data, size);
    for (const TextEncoding encoding : {TextEncoding::automatic, TextEncoding::gb18030}) {
        TableReadOptions options;
        options.encoding = encoding;
        const RawTable table = read_table_file(path, options);
        rubric_fuzz::check_table(table);
        if (encoding == TextEncoding::automatic) rubric_fuzz::check_every_record_counted(table);
    }
    const RawTable direct = read_json("fuzz.json", std::string_view(reinterpret_cast<const char*>(data), size));
    rubric_fuzz::check_table(direct);
    return 0;
}
