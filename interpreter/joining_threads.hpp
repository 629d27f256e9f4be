// Worker threads that are told to stop and joined however the scope that
// started them is left (a return, an exception): `halt` tells them, the
// destructor calls it and joins. Used by the streamed eval and compare.
#pragma once

#include <functional>
#include <thread>
#include <utility>
#include <vector>

namespace rubric {

struct JoiningThreads {
    explicit JoiningThreads(std::function<void()> halt_them) : halt(std::move(halt_them)) {}
    JoiningThreads(const JoiningThreads&) = delete;
    JoiningThreads& operator=(const JoiningThreads&) = delete;
    ~JoiningThreads() {
        halt();
        for (std::thread& t : threads) t.join();
    }

    std::vector<std::thread> threads;
    std::function<void()> halt;
};

}  // namespace rubric
