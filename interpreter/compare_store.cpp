#include "interpreter/compare_store.hpp"

#include "interpreter/atomic_file.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

#include <fcntl.h>
#include <unistd.h>

namespace rubric {

namespace {

// ---- A record as bytes: its fields, compactly, length-prefixed --------------
// Counts, lengths and integers are varints; a decimal is its exponent in a
// byte and its coefficient as a zigzag varint (wider ones in full); file
// names, grades and indicator names and paths, which repeat, are indexes
// into the store's dictionary. Nothing here outlives the process.

void put_u32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void put_varint(std::string& out, std::uint64_t v) {
    char bytes[10];
    size_t n = 0;
    while (v >= 0x80) {
        bytes[n++] = static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    bytes[n++] = static_cast<char>(v);
    out.append(bytes, n);
}

void put_text(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out += s;
}

// The exponent byte that says "a wide decimal follows in full".
constexpr std::int8_t kWideDecimal = -128;

void put_decimal(std::string& out, const Decimal& d) {
    const int128 c = d.coefficient();
    const std::int32_t e = d.exponent();
    if (e > kWideDecimal && e <= 127 && c >= INT64_MIN && c <= INT64_MAX) {
        out += static_cast<char>(static_cast<std::int8_t>(e));
        const auto v = static_cast<std::int64_t>(c);
        put_varint(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
        return;
    }
    out += static_cast<char>(kWideDecimal);
    out.append(reinterpret_cast<const char*>(&c), sizeof c);
    put_u32(out, static_cast<std::uint32_t>(e));
}

void put_optional(std::string& out, const std::optional<Decimal>& d) {
    out += d ? '\1' : '\0';
    if (d) put_decimal(out, *d);
}

// Starts a record: room for its length, filled in by end_record.
size_t begin_record(std::string& out) {
    const size_t at = out.size();
    put_u32(out, 0);
    return at;
}

void end_record(std::string& out, size_t at) {
    const auto length = static_cast<std::uint32_t>(out.size() - at - sizeof(std::uint32_t));
    std::memcpy(out.data() + at, &length, sizeof length);
}

}  // namespace

std::uint32_t ComparisonStore::Dictionary::index_of(std::string_view text) {
    // A record asks for a few texts, mostly those the record before asked
    // for (its file, its grades): found among them without hashing.
    for (std::uint32_t k : recent_)
        if (k < texts.size() && texts[k] == text) return k;
    probe_.assign(text);  // looked up without a string made each time
    auto [at, added] = index.try_emplace(probe_, static_cast<std::uint32_t>(texts.size()));
    if (added) texts.push_back(probe_);
    recent_[next_recent_++ % recent_.size()] = at->second;
    return at->second;
}

namespace {

using Dictionary = ComparisonStore::Dictionary;

void put_word(std::string& out, Dictionary& words, std::string_view text) { put_varint(out, words.index_of(text)); }

void put_texts(std::string& out, const std::vector<std::string>& list) {
    put_varint(out, list.size());
    for (const std::string& s : list) put_text(out, s);
}

// Appends the record's bytes, after their length.
void encode(std::string& out, Dictionary& words, const RecordComparison& r, std::uint64_t sequence) {
    const size_t at = begin_record(out);
    put_varint(out, sequence);
    put_word(out, words, r.source);
    put_varint(out, r.row);
    put_text(out, r.key);
    out += static_cast<char>((r.old_scored ? 1 : 0) | (r.new_scored ? 2 : 0));
    put_texts(out, r.old_problems);
    put_texts(out, r.new_problems);
    put_decimal(out, r.old_total);
    put_decimal(out, r.new_total);
    put_decimal(out, r.delta);
    put_word(out, words, r.old_grade);
    put_word(out, words, r.new_grade);
    put_varint(out, r.changes.size());
    for (const IndicatorChange& c : r.changes) {
        put_word(out, words, c.name);
        put_word(out, words, c.path);
        put_optional(out, c.old_score);
        put_optional(out, c.new_score);
        put_decimal(out, c.delta);
        put_text(out, c.reason);
        put_varint(out, c.edits.size());
        for (size_t e : c.edits) put_varint(out, e);
    }
    end_record(out, at);
}

// What encode writes for a record both rulesets scored alike: no problems,
// no change of total, grade or indicator (written without the record).
void encode_unchanged(std::string& out, Dictionary& words, std::uint64_t sequence, std::string_view source,
                      std::uint32_t row, std::string_view key, const Decimal& old_total, const Decimal& new_total,
                      std::string_view grade) {
    const size_t at = begin_record(out);
    put_varint(out, sequence);
    put_word(out, words, source);
    put_varint(out, row);
    put_text(out, key);
    out += static_cast<char>(3);  // scored by both
    put_varint(out, 0);           // no problems on either side
    put_varint(out, 0);
    put_decimal(out, old_total);
    put_decimal(out, new_total);
    put_decimal(out, Decimal{});  // the change of total
    put_word(out, words, grade);
    put_word(out, words, grade);
    put_varint(out, 0);  // no indicator changed
    end_record(out, at);
}

class Decoder {
public:
    Decoder(std::string_view bytes, const Dictionary& words) : s_(bytes), words_(words) {}
    bool ok() const { return ok_; }

    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (at_ >= s_.size()) break;
            const auto byte = static_cast<unsigned char>(s_[at_++]);
            v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return v;
        }
        return fail<std::uint64_t>();
    }
    char byte() { return fixed<char>(); }
    // Into a string that may keep its room from the record before.
    void text(std::string& into) {
        const std::uint64_t n = varint();
        if (!ok_ || n > s_.size() - at_) return into.clear(), fail<void>();
        into.assign(s_.data() + at_, n);
        at_ += n;
    }
    void word(std::string& into) {
        const std::uint64_t k = varint();
        if (!ok_ || k >= words_.texts.size()) return into.clear(), fail<void>();
        into.assign(words_.texts[k]);
    }
    void texts(std::vector<std::string>& into) {
        into.resize(checked_count());
        for (std::string& s : into) text(s);
    }
    Decimal decimal() {
        const auto e = static_cast<std::int8_t>(byte());
        if (e != kWideDecimal) {
            const std::uint64_t z = varint();
            const auto v = static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
            auto d = Decimal::from_parts(v, e);
            return d ? *d : fail<Decimal>();
        }
        const int128 c = fixed<int128>();
        const auto wide_e = static_cast<std::int32_t>(fixed<std::uint32_t>());
        auto d = Decimal::from_parts(c, wide_e);  // already normalized: exact
        return d ? *d : fail<Decimal>();
    }
    std::optional<Decimal> optional_decimal() {
        if (byte() == '\0') return std::nullopt;
        return decimal();
    }
    // A count no larger than the bytes left could hold.
    size_t checked_count() {
        const std::uint64_t n = varint();
        return ok_ && n <= s_.size() - at_ ? static_cast<size_t>(n) : fail<size_t>();
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
        if constexpr (!std::is_void_v<T>) return T{};
    }

    std::string_view s_;
    const Dictionary& words_;
    size_t at_ = 0;
    bool ok_ = true;
};

// Decodes into `r`, whose strings keep their room from the record before.
bool decode(std::string_view bytes, const Dictionary& words, RecordComparison& r, std::uint64_t& sequence) {
    Decoder in(bytes, words);
    sequence = in.varint();
    in.word(r.source);
    r.row = static_cast<std::uint32_t>(in.varint());
    in.text(r.key);
    const char scored = in.byte();
    r.old_scored = scored & 1;
    r.new_scored = scored & 2;
    in.texts(r.old_problems);
    in.texts(r.new_problems);
    r.old_total = in.decimal();
    r.new_total = in.decimal();
    r.delta = in.decimal();
    in.word(r.old_grade);
    in.word(r.new_grade);
    r.changes.resize(in.checked_count());
    for (IndicatorChange& c : r.changes) {
        in.word(c.name);
        in.word(c.path);
        c.old_score = in.optional_decimal();
        c.new_score = in.optional_decimal();
        c.delta = in.decimal();
        in.text(c.reason);
        c.edits.resize(in.checked_count());
        for (size_t& e : c.edits) e = static_cast<size_t>(in.varint());
    }
    return in.ok();
}

// The next length-prefixed record of `bytes` from `at`, if it is all there.
std::optional<std::string_view> next_framed(std::string_view bytes, size_t& at) {
    std::uint32_t size = 0;
    if (bytes.size() - at < sizeof size) return std::nullopt;
    std::memcpy(&size, bytes.data() + at, sizeof size);
    if (bytes.size() - at - sizeof size < size) return std::nullopt;
    const std::string_view record = bytes.substr(at + sizeof size, size);
    at += sizeof size + size;
    return record;
}

// Records after every other, in input order: a tail needs no sorting.
bool in_tail(const RecordComparison& r) { return r.delta.is_zero() && !r.changed(); }

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
    ++count_;
    if (in_tail(record)) {
        encode(tail_, words_, record, next_sequence_++);
        tail_grew();
        return;
    }
    held_bytes_ += footprint(record);
    held_.push_back({std::move(record), next_sequence_++});
    if (held_bytes_ >= budget_ && error_.empty()) spill();
}

void ComparisonStore::add_unchanged(std::string_view source, std::uint32_t row, std::string_view key,
                                    const Decimal& old_total, const Decimal& new_total, std::string_view grade) {
    ++count_;
    encode_unchanged(tail_, words_, next_sequence_++, source, row, key, old_total, new_total, grade);
    tail_grew();
}

// A block of the tail (at most 1 MiB) is written out when full.
void ComparisonStore::tail_grew() {
    if (tail_.size() >= std::min(budget_, size_t{1} << 20) && error_.empty()) spill_tail();
}

// The held records, sorted, as one more run on disk.
void ComparisonStore::spill() {
    std::sort(held_.begin(), held_.end(), before);
    File file(unnamed_temporary_file(error_));
    if (!file) return;  // the records stay in memory
    // Merging reads every run a record at a time: the first 64 runs read
    // 64 KiB at a time (4 MiB in all at most), later ones the default.
    if (runs_.size() < 64) std::setvbuf(file.get(), nullptr, _IOFBF, size_t{64} << 10);
    std::string block;
    for (const Entry& e : held_) {
        encode(block, words_, e.record, e.sequence);
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
    held_.clear();  // its room is kept for the next run
    held_bytes_ = 0;
}

// The tail's bytes so far, appended to its file.
void ComparisonStore::spill_tail() {
    if (!tail_file_) tail_file_.reset(unnamed_temporary_file(error_));
    if (!tail_file_) return;  // the bytes stay in memory
    if (std::fwrite(tail_.data(), 1, tail_.size(), tail_file_.get()) != tail_.size()) {
        // Part of the block may be there: only the blocks before it count,
        // and the rest of the tail stays in memory.
        error_ = "无法写入临时文件（" + errno_text() + "）";
        return;
    }
    tail_file_bytes_ += tail_.size();
    tail_.clear();
    ++tail_blocks_;
}

bool ComparisonStore::drain_tail(const std::function<void(RecordComparison&)>& each, RecordComparison& record) {
    std::uint64_t sequence = 0;
    auto hand_over = [&](std::string_view bytes, size_t& at) {
        while (std::optional<std::string_view> framed = next_framed(bytes, at)) {
            if (!decode(*framed, words_, record, sequence)) return false;
            each(record);
        }
        return true;
    };
    if (tail_file_) {
        std::FILE* f = tail_file_.get();
        if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_SET) != 0) return false;
        std::string block;
        size_t at = 0;
        for (size_t left = tail_file_bytes_; left > 0;) {
            block.erase(0, at);  // the part of a record the last read cut off
            at = 0;
            const size_t kept = block.size();
            block.resize(kept + std::min(left, size_t{1} << 20));
            const size_t got = std::fread(block.data() + kept, 1, block.size() - kept, f);
            if (got != block.size() - kept) return false;
            left -= got;
            if (!hand_over(block, at)) return false;
        }
        if (at != block.size()) return false;  // a record cut short
        tail_file_.reset();
    }
    size_t at = 0;
    const bool intact = hand_over(tail_, at) && at == tail_.size();
    tail_.clear();
    return intact;
}

bool ComparisonStore::drain(const std::function<void(RecordComparison&)>& each) {
    std::sort(held_.begin(), held_.end(), before);
    bool intact = true;
    if (runs_.empty()) {
        for (Entry& e : held_) each(e.record);
    } else {
        // A k-way merge of the runs and the records still held. Each run's
        // head is decoded in place (its strings keep their room from the
        // record before); the heap holds sources, the first record on top.
        const size_t held = runs_.size();  // the source that is held_
        std::vector<Entry> heads(runs_.size());
        size_t next_held = 0;
        auto head = [&](size_t source) -> Entry& { return source == held ? held_[next_held] : heads[source]; };
        auto later = [&](size_t a, size_t b) { return before(head(b), head(a)); };
        std::vector<size_t> order;
        std::string bytes;
        // Whether `source` has a record at its head now.
        auto fill = [&](size_t source) {
            if (source == held) return next_held < held_.size();
            std::FILE* f = runs_[source].get();
            std::uint32_t size = 0;
            if (std::fread(&size, sizeof size, 1, f) != 1) return false;  // the end of the run
            bytes.resize(size);
            Entry& e = heads[source];
            if (std::fread(bytes.data(), 1, size, f) != size || !decode(bytes, words_, e.record, e.sequence)) {
                error_ = "无法读回临时文件（" + errno_text() + "）";
                intact = false;
                return false;
            }
            return true;
        };
        for (size_t source = 0; source <= held; ++source)
            if (fill(source)) {
                order.push_back(source);
                std::push_heap(order.begin(), order.end(), later);
            }
        while (!order.empty() && intact) {
            std::pop_heap(order.begin(), order.end(), later);
            const size_t source = order.back();
            order.pop_back();
            each(head(source).record);
            if (source == held) ++next_held;
            if (fill(source)) {
                order.push_back(source);
                std::push_heap(order.begin(), order.end(), later);
            }
        }
        for (File& f : runs_)
            if (f && std::ferror(f.get())) intact = false;
    }
    RecordComparison record;
    if (intact && !drain_tail(each, record)) {
        error_ = "无法读回临时文件（" + errno_text() + "）";
        intact = false;
    }
    runs_.clear();
    held_.clear();
    tail_.clear();
    tail_file_.reset();
    count_ = 0;
    return intact;
}

}  // namespace rubric
