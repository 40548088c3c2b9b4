#include "engine/core/step_pool.hpp"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace ogan {
namespace {

void relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

constexpr std::uint64_t kClosed = std::uint64_t{1} << 31;
constexpr std::uint64_t kInside = kClosed - 1;

// Waits until `value` differs from `seen`: spins for about 50 us, long enough to catch the next
// loop of a busy simulated day on an idle machine, then sleeps. (A spin that adapts to how long
// waits have been was tried: on an idle machine it shrank whenever serial work between two loops
// took longer, and the 2-thread run lost its speed-up to futex calls.) `sleepers` counts the
// threads that may be asleep, so that a notifier calls the kernel only when someone is.
template <class T>
void await_change(const std::atomic<T>& value, T seen, std::atomic<std::int32_t>& sleepers) {
  using clock = std::chrono::steady_clock;
  const auto spin_until = clock::now() + std::chrono::microseconds(50);
  for (std::uint32_t i = 0;; ++i) {
    if (value.load(std::memory_order_acquire) != seen) return;
    relax();
    if ((i & 31) == 31 && clock::now() > spin_until) break;
  }
  // seq_cst on both sides: either the notifier sees this sleeper, or this thread sees the change.
  sleepers.fetch_add(1, std::memory_order_seq_cst);
  while (value.load(std::memory_order_seq_cst) == seen) value.wait(seen, std::memory_order_seq_cst);
  sleepers.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace

StepPool::StepPool(int threads) {
  const int extra = threads > 1 ? threads - 1 : 0;
  workers_.reserve(static_cast<std::size_t>(extra));
  for (int t = 1; t <= extra; ++t) workers_.emplace_back([this, t] { worker_main(t); });
}

StepPool::~StepPool() {
  stop_.store(true, std::memory_order_relaxed);
  round_.fetch_add(1, std::memory_order_seq_cst);
  round_.notify_all();
  for (auto& w : workers_) w.join();
}

void StepPool::take_chunks(int tid) {
  for (;;) {
    const auto lo = next_.fetch_add(chunk_, std::memory_order_relaxed);
    if (lo >= n_) return;
    const auto hi = lo + chunk_ < n_ ? lo + chunk_ : n_;
    try {
      call_(body_, lo, hi, tid);
    } catch (...) {
      std::lock_guard lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
      // The other chunks are skipped: the caller rethrows and the round's result is discarded.
      next_.store(n_, std::memory_order_relaxed);
      return;
    }
  }
}

void StepPool::worker_main(int tid) {
  // Round 0 is the state at construction: a round may start before this thread does.
  std::uint32_t seen = 0;
  for (;;) {
    await_change(round_, seen, sleepers_);
    seen = round_.load(std::memory_order_acquire);
    if (stop_.load(std::memory_order_relaxed)) return;
    auto s = state_.load(std::memory_order_acquire);
    bool joined = false;
    while (static_cast<std::uint32_t>(s >> 32) == seen && (s & kClosed) == 0) {
      if (state_.compare_exchange_weak(s, s + 1, std::memory_order_seq_cst)) {
        joined = true;
        break;
      }
    }
    if (!joined) continue;  // the caller has done this round without us
    take_chunks(tid);
    const auto after = state_.fetch_sub(1, std::memory_order_seq_cst) - 1;
    if ((after & kInside) == 0 && (after & kClosed) != 0 &&
        caller_sleeping_.load(std::memory_order_seq_cst) > 0)
      state_.notify_all();
  }
}

void StepPool::run(std::int64_t n, std::int64_t chunk, void* body, Trampoline call) {
  body_ = body;
  call_ = call;
  n_ = n;
  chunk_ = chunk > 0 ? chunk : 1;
  next_.store(0, std::memory_order_relaxed);
  const auto r = ++rounds_;
  state_.store(static_cast<std::uint64_t>(r) << 32, std::memory_order_seq_cst);
  round_.store(r, std::memory_order_seq_cst);
  if (sleepers_.load(std::memory_order_seq_cst) > 0) round_.notify_all();
  take_chunks(0);
  // Closed: no worker joins any more; wait for those inside to finish their chunk.
  for (auto s = state_.fetch_or(kClosed, std::memory_order_seq_cst) | kClosed; (s & kInside) != 0;
       s = state_.load(std::memory_order_acquire))
    await_change(state_, s, caller_sleeping_);
  if (error_) {
    auto e = error_;
    error_ = nullptr;
    std::rethrow_exception(e);
  }
}

}  // namespace ogan
