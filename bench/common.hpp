// Shared by the bench programs: compiling the shipped rulesets, and reading a
// large data file in chunks of lines that both the project (its own CSV
// reader and RecordBinder) and the hand-written baseline parse, so that the
// two can be compared record by record without holding the whole file.
#pragma once

#include "bench/baseline/longhua_scorer.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/record_binder.hpp"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bench {

// The source tree the bench was built from (rulesets/, stdlib/, bench/baseline/).
std::string source_dir();
// An Engine that finds stdlib/ and rulesets/ of the source tree, as the CLI does.
rubric::Engine make_engine();
// Compiles or prints the diagnostics and exits with status 2.
std::shared_ptr<const rubric::Program> compile_or_exit(const rubric::Engine& engine, const std::string& path);
std::shared_ptr<const rubric::Program> compile_text_or_exit(const rubric::Engine& engine, const std::string& path,
                                                            const std::string& text);

// One chunk of a data file, parsed both ways.
struct Chunk {
    uint32_t first_line = 0;                           // file line of the chunk's first record
    rubric::BindOutcome project;                       // the project's records (rows are file lines)
    std::vector<uint32_t> baseline_lines;              // every record's line
    std::vector<std::optional<longhua::Record>> baseline;  // nullopt: the baseline rejects it
    std::vector<std::string> baseline_keys;
};

class ChunkedFile {
public:
    ChunkedFile(std::string path, const rubric::Program& program);  // exits on an unreadable file
    ~ChunkedFile();
    ChunkedFile(const ChunkedFile&) = delete;
    ChunkedFile& operator=(const ChunkedFile&) = delete;
    // The next `lines` lines (at least one record), false at the end.
    bool next(Chunk& chunk, size_t lines);

private:
    std::string path_;
    std::FILE* file_ = nullptr;
    std::string header_;
    uint32_t line_ = 1;  // lines consumed so far (the header is line 1)
    rubric::RecordBinder binder_;
    char* buffer_ = nullptr;
    size_t capacity_ = 0;
};

// Seconds of a monotonic clock.
double now();

}  // namespace bench
