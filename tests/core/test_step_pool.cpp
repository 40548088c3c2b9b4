#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/core/step_pool.hpp"

namespace ogan {
namespace {

TEST(StepPool, EveryIndexRunsExactlyOnceOverManyRounds) {
  for (int threads : {1, 2, 3, 5}) {
    StepPool pool(threads);
    ASSERT_EQ(pool.threads(), threads);
    std::vector<std::atomic<int>> hits(1000);
    std::atomic<int> bad_thread{0};
    // Many short rounds (the workers keep spinning) and a few after a pause (they have slept).
    for (int round = 0; round < 3000; ++round) {
      if (round % 1000 == 999) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      const auto n = static_cast<std::int64_t>(round % 1000 + 1);
      pool.for_each(n, 7, [&](std::int64_t lo, std::int64_t hi, int tid) {
        if (tid < 0 || tid >= threads) ++bad_thread;
        for (auto i = lo; i < hi; ++i) hits[static_cast<std::size_t>(i)].fetch_add(1);
      });
    }
    EXPECT_EQ(bad_thread.load(), 0);
    // Index i is in every round whose size is above i: 3 per size from i + 1 to 1000.
    for (std::size_t i = 0; i < hits.size(); ++i)
      ASSERT_EQ(hits[i].load(), 3 * static_cast<int>(1000 - i)) << "index " << i;
  }
}

TEST(StepPool, WorkersShareTheLoopAndOneChunkRunsInline) {
  StepPool pool(2);
  std::atomic<int> by_worker{0};
  for (int round = 0; round < 200 && by_worker.load() == 0; ++round) {
    pool.for_each(64, 1, [&](std::int64_t, std::int64_t, int tid) {
      std::this_thread::sleep_for(std::chrono::microseconds(50));
      if (tid == 1) ++by_worker;
    });
  }
  EXPECT_GT(by_worker.load(), 0) << "the second thread never took a chunk";
  const auto caller = std::this_thread::get_id();
  std::thread::id ran_on;
  pool.for_each(10, 64,
                [&](std::int64_t, std::int64_t, int) { ran_on = std::this_thread::get_id(); });
  EXPECT_EQ(ran_on, caller);
}

TEST(StepPool, AnExceptionInAnyThreadIsRethrownByTheCaller) {
  StepPool pool(2);
  for (int round = 0; round < 50; ++round) {
    EXPECT_THROW(pool.for_each(1000, 10,
                               [&](std::int64_t lo, std::int64_t, int) {
                                 if (lo == 500) throw std::runtime_error("chunk 50");
                               }),
                 std::runtime_error);
    // The pool is usable after a failed round.
    std::atomic<std::int64_t> sum{0};
    pool.for_each(100, 10, [&](std::int64_t lo, std::int64_t hi, int) {
      for (auto i = lo; i < hi; ++i) sum += i;
    });
    ASSERT_EQ(sum.load(), 4950);
  }
}

}  // namespace
}  // namespace ogan
