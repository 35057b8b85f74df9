// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hearth {

/// A fixed set of worker threads that split loops between them and the calling thread.
class ThreadPool {
public:
    /// `threads` 0 means one per hardware thread.
    explicit ThreadPool(unsigned threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    unsigned size() const { return static_cast<unsigned>(workers_.size()) + 1; }

    /// Calls fn(begin, end) on disjoint ranges covering [0, n), in parallel, and returns when
    /// all are done. Ranges hold at least `grain` items. Not reentrant.
    void parallelFor(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn,
                     std::size_t grain = 1);

private:
    void workerLoop(unsigned index);

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable start_;
    std::condition_variable done_;
    const std::function<void(std::size_t, std::size_t)>* job_ = nullptr;
    std::size_t jobSize_ = 0;
    std::size_t chunks_ = 0;
    std::size_t nextChunk_ = 0;
    std::size_t finishedChunks_ = 0;
    unsigned generation_ = 0;
    bool stop_ = false;
};

} // namespace hearth
