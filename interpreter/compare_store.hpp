// The record comparisons of `rubric compare`, kept in report order (largest
// change of total first; among equals changed records before unchanged ones,
// then input order) without holding them all in memory: up to a budget they
// stay in memory, beyond it each full buffer is sorted and written to an
// unnamed temporary file (gone when the process ends, however it ends), and
// the sorted runs are merged when read back. The files are made in $TMPDIR
// (else /tmp).
//
// Records whose total did not move and that did not change (most of a rule
// change's records, and the bad ones) come last, in input order, whatever
// else the store holds: they skip the sort and wait as bytes in a tail of
// their own, written out a block at a time.
#pragma once

#include "interpreter/compare.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rubric {

class ComparisonStore {
public:
    // `memory_budget`: bytes of comparisons held before a run is written out.
    explicit ComparisonStore(size_t memory_budget = size_t{16} << 20);
    ~ComparisonStore();
    ComparisonStore(const ComparisonStore&) = delete;
    ComparisonStore& operator=(const ComparisonStore&) = delete;

    // Records arrive in input order. When a run cannot be written (the
    // temporary directory is full or unwritable) the records stay in memory
    // and error() says why.
    void add(RecordComparison record);
    // A record both rulesets scored alike (no problem, the same total, grade
    // and indicator scores): what add would keep for it, without the record.
    void add_unchanged(std::string_view source, std::uint32_t row, std::string_view key, const Decimal& old_total,
                       const Decimal& new_total, std::string_view grade);
    size_t size() const { return count_; }
    // Times records were written to disk so far: sorted runs and blocks of
    // the tail (0: everything is in memory).
    size_t runs() const { return runs_.size() + tail_blocks_; }
    // Why a run could not be written (the records then stayed in memory) or
    // read back (drain failed); empty when all is well.
    const std::string& error() const { return error_; }

    // Every record in report order, once; the store is empty afterwards.
    // Returns false when a run could not be read back (error() says why).
    bool drain(const std::function<void(RecordComparison&)>& each);

    // Texts that repeat from record to record (file names, grades, indicator
    // names and paths), kept once: the encoded records hold their indexes.
    struct Dictionary {
        std::vector<std::string> texts;
        std::unordered_map<std::string, std::uint32_t> index;
        std::uint32_t index_of(std::string_view text);

    private:
        std::string probe_;
        std::array<std::uint32_t, 8> recent_{};
        size_t next_recent_ = 0;
    };

private:
    struct Entry {
        RecordComparison record;
        std::uint64_t sequence = 0;  // input order
    };
    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    using File = std::unique_ptr<std::FILE, FileCloser>;

    static bool before(const Entry& a, const Entry& b);
    void spill();
    void spill_tail();
    void tail_grew();
    bool drain_tail(const std::function<void(RecordComparison&)>& each, RecordComparison& record);

    size_t budget_;
    size_t held_bytes_ = 0;
    size_t count_ = 0;
    std::uint64_t next_sequence_ = 0;
    std::vector<Entry> held_;
    std::vector<File> runs_;
    std::string tail_;       // encoded, in input order, not yet written out
    File tail_file_;         // the tail's earlier blocks
    size_t tail_file_bytes_ = 0;  // of whole blocks written there
    size_t tail_blocks_ = 0;
    Dictionary words_;
    std::string error_;
};

}  // namespace rubric
