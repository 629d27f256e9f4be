// longhua_baseline DATA... [-o OUT]: the hand-written Longhua 2021 scorer end to
// end, streaming: reads each CSV in blocks, scores every good record as it is
// read and writes the same CSV as `rubric eval rulesets/longhua-2021.rubric
// DATA --format csv` (key, 21 third-level scores, 总分, 等级; CRLF), so that
// the two outputs can be compared byte for byte. Bad records are counted on
// stderr (no messages); exit status 1 when there were any.
#include "bench/baseline/longhua_scorer.hpp"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

class Output {
public:
    explicit Output(std::FILE* file) : file_(file), buffer_(1 << 20) {}
    ~Output() { flush(); }
    char* reserve(size_t n) {
        if (used_ + n > buffer_.size()) flush();
        return buffer_.data() + used_;
    }
    void commit(char* end) { used_ = static_cast<size_t>(end - buffer_.data()); }
    void write(std::string_view s) {
        char* p = reserve(s.size());
        std::memcpy(p, s.data(), s.size());
        commit(p + s.size());
    }
    void flush() {
        if (used_) std::fwrite(buffer_.data(), 1, used_, file_);
        used_ = 0;
    }

private:
    std::FILE* file_;
    std::vector<char> buffer_;
    size_t used_ = 0;
};

// A CSV field as rubric's reports quote it: in quotes when it holds , " CR or LF.
char* write_field(char* out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        std::memcpy(out, s.data(), s.size());
        return out + s.size();
    }
    *out++ = '"';
    for (char c : s) {
        if (c == '"') *out++ = '"';
        *out++ = c;
    }
    *out++ = '"';
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> inputs;
    std::string output_path;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "-o") == 0 && i + 1 < argc) output_path = argv[++i];
        else inputs.emplace_back(argv[i]);
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: longhua_baseline DATA.csv... [-o OUT.csv]\n");
        return 2;
    }
    std::FILE* out_file = output_path.empty() ? stdout : std::fopen((output_path + ".tmp").c_str(), "wb");
    if (!out_file) {
        std::perror(output_path.c_str());
        return 2;
    }
    size_t scored = 0, bad = 0;
    {
        Output out(out_file);
        out.write("单位");
        for (const char* name : longhua::leaf_names) {
            out.write(",");
            out.write(name);
        }
        out.write(",总分,等级\r\n");

        std::vector<std::string_view> fields;
        std::array<int, longhua::column_count> position{};
        longhua::Record record;
        longhua::Scores scores;
        std::string_view key;
        for (const std::string& path : inputs) {
            std::FILE* in = std::fopen(path.c_str(), "rb");
            if (!in) {
                std::perror(path.c_str());
                return 2;
            }
            longhua::CsvReader reader(in);
            std::string message;
            if (!reader.next(fields) || !longhua::map_header(fields, position, message)) {
                std::fprintf(stderr, "%s: %s\n", path.c_str(), message.empty() ? "空文件" : message.c_str());
                return 2;
            }
            while (reader.next(fields)) {
                if (fields.size() == 1 && fields[0].empty()) continue;
                if (!longhua::parse_record(fields, position, record, key)) {
                    ++bad;
                    continue;
                }
                longhua::score(record, scores);
                ++scored;
                char* p = out.reserve(key.size() * 2 + 2 + 512);
                p = write_field(p, key);
                for (int32_t s : scores.leaf) {
                    *p++ = ',';
                    p = longhua::write_score(p, s);
                }
                *p++ = ',';
                p = longhua::write_total(p, scores.total);
                *p++ = ',';
                const char* grade = longhua::grade_names[static_cast<size_t>(scores.grade)];
                std::memcpy(p, grade, std::strlen(grade));
                p += std::strlen(grade);
                *p++ = '\r';
                *p++ = '\n';
                out.commit(p);
            }
            std::fclose(in);
        }
    }
    if (!output_path.empty()) {
        if (std::fclose(out_file) != 0 || std::rename((output_path + ".tmp").c_str(), output_path.c_str()) != 0) {
            std::perror(output_path.c_str());
            return 2;
        }
    }
    std::fprintf(stderr, "共 %zu 条记录：%zu 条已评分，%zu 条有误。\n", scored + bad, scored, bad);
    return bad ? 1 : 0;
}
