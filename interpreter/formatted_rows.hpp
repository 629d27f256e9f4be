// The output text of streamed records (StreamOptions::format): the rows one
// after another in one string, with where each ends. A million records are
// then a few large blocks, not a million strings made on a worker thread and
// freed on the writing one (where each free contends for the worker's heap).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rubric {

class FormattedRows {
public:
    size_t size() const { return ends_.size(); }
    bool empty() const { return ends_.empty(); }
    std::string_view operator[](size_t i) const {
        const size_t begin = i ? ends_[i - 1] : 0;
        return std::string_view(text_).substr(begin, ends_[i] - begin);
    }
    // Every row, one after another: what writing them all in order writes.
    const std::string& text() const { return text_; }

    void push_back(std::string_view row) {
        text_ += row;
        ends_.push_back(text_.size());
    }
    // A row written in place: append it to open_row() (nothing, or the whole
    // row), then close_row().
    std::string& open_row() { return text_; }
    void close_row() { ends_.push_back(text_.size()); }
    void append(const FormattedRows& more) {
        const size_t shift = text_.size();
        text_ += more.text_;
        for (size_t end : more.ends_) ends_.push_back(shift + end);
    }

    class const_iterator {
    public:
        const_iterator(const FormattedRows& rows, size_t at) : rows_(&rows), at_(at) {}
        std::string_view operator*() const { return (*rows_)[at_]; }
        const_iterator& operator++() {
            ++at_;
            return *this;
        }
        bool operator==(const const_iterator& other) const { return at_ == other.at_; }

    private:
        const FormattedRows* rows_;
        size_t at_;
    };
    const_iterator begin() const { return {*this, 0}; }
    const_iterator end() const { return {*this, size()}; }

private:
    std::string text_;
    std::vector<size_t> ends_;
};

}  // namespace rubric
