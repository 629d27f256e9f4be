#include "bench/common.hpp"

#include "interpreter/csv_reader.hpp"

#include <chrono>
#include <cstdlib>
#include <iostream>

namespace bench {

std::string source_dir() {
    if (const char* dir = std::getenv("RUBRIC_SOURCE_DIR")) return dir;
    return RUBRIC_SOURCE_DIR;
}

rubric::Engine make_engine() {
    rubric::LoadOptions options;
    options.library_paths.push_back(source_dir() + "/stdlib");
    options.ruleset_paths.push_back(source_dir() + "/rulesets");
    return rubric::Engine(std::move(options));
}

namespace {
std::shared_ptr<const rubric::Program> check(rubric::CompileResult compiled) {
    if (!compiled.ok()) {
        std::cerr << compiled.diagnostics.render_all();
        std::exit(2);
    }
    return compiled.program;
}
}  // namespace

std::shared_ptr<const rubric::Program> compile_or_exit(const rubric::Engine& engine, const std::string& path) {
    return check(engine.compile_file(path));
}

std::shared_ptr<const rubric::Program> compile_text_or_exit(const rubric::Engine& engine, const std::string& path,
                                                            const std::string& text) {
    return check(engine.compile(path, text));
}

ChunkedFile::ChunkedFile(std::string path, const rubric::Program& program)
    : path_(std::move(path)), binder_(program.inputs()) {
    file_ = std::fopen(path_.c_str(), "rb");
    if (!file_) {
        std::perror(path_.c_str());
        std::exit(2);
    }
    ssize_t got = getline(&buffer_, &capacity_, file_);
    if (got <= 0) {
        std::cerr << path_ << ": 空文件\n";
        std::exit(2);
    }
    header_.assign(buffer_, static_cast<size_t>(got));
    if (header_.back() != '\n') header_ += '\n';
}

ChunkedFile::~ChunkedFile() {
    if (file_) std::fclose(file_);
    std::free(buffer_);
}

bool ChunkedFile::next(Chunk& chunk, size_t lines) {
    std::string text = header_;
    chunk.first_line = line_ + 1;
    size_t taken = 0;
    ssize_t got = 0;
    while (taken < lines && (got = getline(&buffer_, &capacity_, file_)) > 0) {
        text.append(buffer_, static_cast<size_t>(got));
        if (text.back() != '\n') text += '\n';
        ++taken;
    }
    if (taken == 0) return false;
    const uint32_t offset = line_ - 1;  // chunk line 2 is file line line_ + 1
    line_ += static_cast<uint32_t>(taken);

    // The project: its CSV reader on header + these lines, then its binder.
    rubric::RawTable table = rubric::read_csv(path_, text);
    for (rubric::RawRecord& r : table.records) r.row += offset;
    for (rubric::ReadProblem& p : table.problems)
        if (p.row) p.row += offset;
    chunk.project = binder_.bind(table);

    // The baseline: its own reader over the same bytes.
    chunk.baseline.clear();
    chunk.baseline_lines.clear();
    chunk.baseline_keys.clear();
    std::FILE* memory = fmemopen(text.data(), text.size(), "rb");
    longhua::CsvReader reader(memory);
    std::vector<std::string_view> fields;
    std::array<int, longhua::column_count> position{};
    std::string message;
    if (!reader.next(fields) || !longhua::map_header(fields, position, message)) {
        std::cerr << path_ << ": " << message << "\n";
        std::exit(2);
    }
    longhua::Record record;
    std::string_view key;
    while (reader.next(fields)) {
        if (fields.size() == 1 && fields[0].empty()) continue;
        chunk.baseline_lines.push_back(reader.line() + offset);
        if (longhua::parse_record(fields, position, record, key)) chunk.baseline.emplace_back(record);
        else chunk.baseline.emplace_back(std::nullopt);
        chunk.baseline_keys.emplace_back(key);
    }
    std::fclose(memory);
    return true;
}

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace bench
