// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/cpu/threadpool.h"

#include <algorithm>

namespace hearth {

ThreadPool::ThreadPool(unsigned threads) {
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    for (unsigned i = 1; i < threads; ++i) {
        workers_.emplace_back([this, i] { workerLoop(i); });
    }
}

ThreadPool::~ThreadPool() {
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    start_.notify_all();
    for (auto& t : workers_) {
        t.join();
    }
}

void ThreadPool::workerLoop(unsigned) {
    unsigned seen = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
        start_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) {
            return;
        }
        seen = generation_;
        while (nextChunk_ < chunks_) {
            const std::size_t c = nextChunk_++;
            const std::size_t begin = jobSize_ * c / chunks_;
            const std::size_t end = jobSize_ * (c + 1) / chunks_;
            const auto* job = job_;
            lock.unlock();
            (*job)(begin, end);
            lock.lock();
            if (++finishedChunks_ == chunks_) {
                done_.notify_all();
            }
        }
    }
}

void ThreadPool::parallelFor(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn,
                             std::size_t grain) {
    if (n == 0) {
        return;
    }
    const std::size_t maxChunks = std::max<std::size_t>(1, n / std::max<std::size_t>(1, grain));
    const std::size_t chunks = std::min<std::size_t>(size(), maxChunks);
    if (chunks <= 1 || workers_.empty()) {
        fn(0, n);
        return;
    }
    std::unique_lock lock(mutex_);
    job_ = &fn;
    jobSize_ = n;
    chunks_ = chunks;
    nextChunk_ = 0;
    finishedChunks_ = 0;
    ++generation_;
    start_.notify_all();
    while (nextChunk_ < chunks_) {
        const std::size_t c = nextChunk_++;
        const std::size_t begin = n * c / chunks;
        const std::size_t end = n * (c + 1) / chunks;
        lock.unlock();
        fn(begin, end);
        lock.lock();
        ++finishedChunks_;
    }
    done_.wait(lock, [&] { return finishedChunks_ == chunks_; });
    job_ = nullptr;
}

} // namespace hearth
