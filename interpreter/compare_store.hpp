// The record comparisons of `rubric compare`, kept in report order (largest
// change of total first; among equals changed records before unchanged ones,
// then input order) without holding them all in memory: up to a budget they
// stay in memory, beyond it each full buffer is sorted and written to an
// unnamed temporary file (gone when the process ends, however it ends), and
// the sorted runs are merged when read back. The files are made in $TMPDIR
// (else /tmp).
#pragma once

#include "interpreter/compare.hpp"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
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
    size_t size() const { return count_; }
    // Runs written to disk so far (0: everything is in memory).
    size_t runs() const { return runs_.size(); }
    // Why a run could not be written (the records then stayed in memory) or
    // read back (drain failed); empty when all is well.
    const std::string& error() const { return error_; }

    // Every record in report order, once; the store is empty afterwards.
    // Returns false when a run could not be read back (error() says why).
    bool drain(const std::function<void(RecordComparison&)>& each);

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

    size_t budget_;
    size_t held_bytes_ = 0;
    size_t count_ = 0;
    std::uint64_t next_sequence_ = 0;
    std::vector<Entry> held_;
    std::vector<File> runs_;
    std::string error_;
};

}  // namespace rubric
