#include "interpreter/compare_store.hpp"

#include "interpreter/atomic_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace rubric {

namespace {

// ---- A record as bytes: little more than its fields, length-prefixed --------

void put_u64(std::string& out, std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
void put_u32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void put_text(std::string& out, const std::string& s) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}

void put_decimal(std::string& out, const Decimal& d) {
    const int128 c = d.coefficient();
    out.append(reinterpret_cast<const char*>(&c), sizeof c);
    put_u32(out, static_cast<std::uint32_t>(d.exponent()));
}

void put_texts(std::string& out, const std::vector<std::string>& list) {
    put_u32(out, static_cast<std::uint32_t>(list.size()));
    for (const std::string& s : list) put_text(out, s);
}

void put_optional(std::string& out, const std::optional<Decimal>& d) {
    out += d ? '\1' : '\0';
    if (d) put_decimal(out, *d);
}

std::string encode(const RecordComparison& r, std::uint64_t sequence) {
    std::string out;
    put_u64(out, sequence);
    put_text(out, r.source);
    put_u32(out, r.row);
    put_text(out, r.key);
    out += static_cast<char>((r.old_scored ? 1 : 0) | (r.new_scored ? 2 : 0));
    put_texts(out, r.old_problems);
    put_texts(out, r.new_problems);
    put_decimal(out, r.old_total);
    put_decimal(out, r.new_total);
    put_decimal(out, r.delta);
    put_text(out, r.old_grade);
    put_text(out, r.new_grade);
    put_u32(out, static_cast<std::uint32_t>(r.changes.size()));
    for (const IndicatorChange& c : r.changes) {
        put_text(out, c.name);
        put_text(out, c.path);
        put_optional(out, c.old_score);
        put_optional(out, c.new_score);
        put_decimal(out, c.delta);
        put_text(out, c.reason);
        put_u32(out, static_cast<std::uint32_t>(c.edits.size()));
        for (size_t e : c.edits) put_u64(out, e);
    }
    return out;
}

class Decoder {
public:
    explicit Decoder(std::string_view bytes) : s_(bytes) {}
    bool ok() const { return ok_; }

    std::uint64_t u64() { return fixed<std::uint64_t>(); }
    std::uint32_t u32() { return fixed<std::uint32_t>(); }
    char byte() { return fixed<char>(); }
    std::string text() {
        const std::uint32_t n = u32();
        if (!ok_ || n > s_.size() - at_) return fail<std::string>();
        std::string out(s_.substr(at_, n));
        at_ += n;
        return out;
    }
    std::vector<std::string> texts() {
        std::vector<std::string> out(checked_count());
        for (std::string& s : out) s = text();
        return out;
    }
    Decimal decimal() {
        const int128 c = fixed<int128>();
        const auto e = static_cast<std::int32_t>(u32());
        auto d = Decimal::from_parts(c, e);  // already normalized: exact
        return d ? *d : fail<Decimal>();
    }
    std::optional<Decimal> optional_decimal() {
        if (byte() == '\0') return std::nullopt;
        return decimal();
    }
    // A count no larger than the bytes left could hold.
    size_t checked_count() {
        const std::uint32_t n = u32();
        return ok_ && n <= s_.size() - at_ ? n : fail<size_t>();
    }

private:
    template <class T>
    T fixed() {
        if (!ok_ || s_.size() - at_ < sizeof(T)) return fail<T>();
        T v;
        std::memcpy(&v, s_.data() + at_, sizeof v);
        at_ += sizeof v;
        return v;
    }
    template <class T>
    T fail() {
        ok_ = false;
        return T{};
    }

    std::string_view s_;
    size_t at_ = 0;
    bool ok_ = true;
};

bool decode(std::string_view bytes, RecordComparison& r, std::uint64_t& sequence) {
    Decoder in(bytes);
    sequence = in.u64();
    r.source = in.text();
    r.row = in.u32();
    r.key = in.text();
    const char scored = in.byte();
    r.old_scored = scored & 1;
    r.new_scored = scored & 2;
    r.old_problems = in.texts();
    r.new_problems = in.texts();
    r.old_total = in.decimal();
    r.new_total = in.decimal();
    r.delta = in.decimal();
    r.old_grade = in.text();
    r.new_grade = in.text();
    r.changes.resize(in.checked_count());
    for (IndicatorChange& c : r.changes) {
        c.name = in.text();
        c.path = in.text();
        c.old_score = in.optional_decimal();
        c.new_score = in.optional_decimal();
        c.delta = in.decimal();
        c.reason = in.text();
        c.edits.resize(in.checked_count());
        for (size_t& e : c.edits) e = in.u64();
    }
    return in.ok();
}

// Memory a record takes, roughly: enough to keep the budget honest.
size_t footprint(const RecordComparison& r) {
    size_t n = sizeof(RecordComparison) + r.source.size() + r.key.size() + r.old_grade.size() + r.new_grade.size();
    for (const std::string& p : r.old_problems) n += sizeof p + p.size();
    for (const std::string& p : r.new_problems) n += sizeof p + p.size();
    for (const IndicatorChange& c : r.changes)
        n += sizeof c + c.name.size() + c.path.size() + c.reason.size() + c.edits.size() * sizeof(size_t);
    return n;
}

// The reason of the last failed system call, as the project words it (atomic_file.hpp).
std::string errno_text() { return system_error_text(errno); }

// An unnamed file in $TMPDIR (else /tmp), gone when closed or when the
// process ends however it ends: O_TMPFILE, or a name unlinked at once where
// the file system lacks it. (std::tmpfile would ignore TMPDIR.)
std::FILE* unnamed_temporary_file(std::string& error) {
    const char* env = std::getenv("TMPDIR");
    const std::string dir = env && *env ? env : "/tmp";
    int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::string name = dir + "/rubric-compare-XXXXXX";
        fd = ::mkostemp(name.data(), O_CLOEXEC);
        if (fd >= 0) ::unlink(name.c_str());
    }
    if (fd < 0) {
        error = "无法在临时目录「" + dir + "」中创建临时文件（" + errno_text() + "）";
        return nullptr;
    }
    std::FILE* file = ::fdopen(fd, "w+b");
    if (!file) {
        error = "无法在临时目录「" + dir + "」中创建临时文件（" + errno_text() + "）";
        ::close(fd);
    }
    return file;
}

}  // namespace

ComparisonStore::ComparisonStore(size_t memory_budget) : budget_(memory_budget) {}
ComparisonStore::~ComparisonStore() = default;

bool ComparisonStore::before(const Entry& a, const Entry& b) {
    const Decimal da = a.record.delta.abs(), db = b.record.delta.abs();
    if (da != db) return da > db;
    const bool ca = a.record.changed(), cb = b.record.changed();
    if (ca != cb) return ca;
    return a.sequence < b.sequence;
}

void ComparisonStore::add(RecordComparison record) {
    held_bytes_ += footprint(record);
    held_.push_back({std::move(record), next_sequence_++});
    ++count_;
    if (held_bytes_ >= budget_ && error_.empty()) spill();
}

// The held records, sorted, as one more run on disk.
void ComparisonStore::spill() {
    std::sort(held_.begin(), held_.end(), before);
    File file(unnamed_temporary_file(error_));
    if (!file) return;  // the records stay in memory
    std::string block;
    for (const Entry& e : held_) {
        const std::string bytes = encode(e.record, e.sequence);
        put_u32(block, static_cast<std::uint32_t>(bytes.size()));
        block += bytes;
        if (block.size() >= (size_t{1} << 20)) {
            if (std::fwrite(block.data(), 1, block.size(), file.get()) != block.size()) break;
            block.clear();
        }
    }
    if ((!block.empty() && std::fwrite(block.data(), 1, block.size(), file.get()) != block.size()) ||
        std::fflush(file.get()) != 0 || std::fseek(file.get(), 0, SEEK_SET) != 0) {
        error_ = "无法写入临时文件（" + errno_text() + "）";
        return;  // the records stay in memory (the file goes with `file`)
    }
    runs_.push_back(std::move(file));
    held_.clear();
    held_.shrink_to_fit();
    held_bytes_ = 0;
}

bool ComparisonStore::drain(const std::function<void(RecordComparison&)>& each) {
    std::sort(held_.begin(), held_.end(), before);
    if (runs_.empty()) {
        for (Entry& e : held_) each(e.record);
        held_.clear();
        count_ = 0;
        return true;
    }
    // A k-way merge: the head of each run and of the records still held.
    struct Head {
        Entry entry;
        size_t source;  // run index; runs_.size() = the held records
    };
    auto later = [](const Head& a, const Head& b) { return before(b.entry, a.entry); };
    std::vector<Head> heads;  // a heap under `later`: the first record on top
    size_t next_held = 0;
    std::string bytes;
    bool intact = true;
    auto advance = [&](size_t source) {
        if (source == runs_.size()) {
            if (next_held < held_.size()) {
                heads.push_back({std::move(held_[next_held++]), source});
                std::push_heap(heads.begin(), heads.end(), later);
            }
            return;
        }
        std::FILE* f = runs_[source].get();
        std::uint32_t size = 0;
        if (std::fread(&size, sizeof size, 1, f) != 1) return;  // the end of the run
        bytes.resize(size);
        Head head{{}, source};
        if (std::fread(bytes.data(), 1, size, f) != size || !decode(bytes, head.entry.record, head.entry.sequence)) {
            error_ = "无法读回临时文件（" + errno_text() + "）";
            intact = false;
            return;
        }
        heads.push_back(std::move(head));
        std::push_heap(heads.begin(), heads.end(), later);
    };
    for (size_t source = 0; source <= runs_.size(); ++source) advance(source);
    while (!heads.empty() && intact) {
        std::pop_heap(heads.begin(), heads.end(), later);
        Head head = std::move(heads.back());
        heads.pop_back();
        each(head.entry.record);
        advance(head.source);
    }
    for (File& f : runs_)
        if (f && std::ferror(f.get())) intact = false;
    runs_.clear();
    held_.clear();
    count_ = 0;
    return intact;
}

}  // namespace rubric
