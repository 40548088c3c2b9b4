#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ogan {

// Threads for loops that are short and many, such as the traffic simulation's two parallel loops
// per simulated second (hundreds of thousands a day). An OpenMP team either spins between such
// loops (libgomp's default: on a machine whose cores were all busy, a 2-thread run took 2.6x as
// long as 1 thread, because the waiting thread burns the time slice the working one needs) or
// sleeps in the kernel after every loop (OMP_WAIT_POLICY=PASSIVE: 4x slower on an idle machine).
// Here a waiting thread spins briefly, then sleeps; and the caller never waits for a worker that
// has not started on a loop: it does the chunks itself. Measured in benchmarks/busy_machine.
//
// for_each hands out chunks in no fixed order: results must not depend on which thread runs a
// chunk (the callers keep per-thread buffers indexed by the thread number and merge them in a
// fixed order). An exception thrown by the body is rethrown by for_each, in the calling thread.
class StepPool {
 public:
  // `threads` counts the calling thread; 1 runs everything inline.
  explicit StepPool(int threads);
  ~StepPool();
  StepPool(const StepPool&) = delete;
  StepPool& operator=(const StepPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls body(begin, end, thread) over [0, n) in chunks of `chunk`, thread in [0, threads()).
  // A loop of one chunk or less runs inline, without waking anyone.
  template <class Body>
  void for_each(std::int64_t n, std::int64_t chunk, Body&& body) {
    if (n <= 0) return;
    if (workers_.empty() || n <= chunk) {
      body(std::int64_t{0}, n, 0);
      return;
    }
    run(n, chunk, &body, [](void* b, std::int64_t lo, std::int64_t hi, int tid) {
      (*static_cast<Body*>(b))(lo, hi, tid);
    });
  }

 private:
  using Trampoline = void (*)(void*, std::int64_t, std::int64_t, int);
  void run(std::int64_t n, std::int64_t chunk, void* body, Trampoline call);
  void work(int tid);
  void take_chunks(int tid);
  void worker_main(int tid);

  std::vector<std::thread> workers_;
  // The job of the current round; written by the caller before it opens the round.
  void* body_ = nullptr;
  Trampoline call_ = nullptr;
  std::int64_t n_ = 0, chunk_ = 1;
  std::atomic<std::int64_t> next_{0};
  std::uint32_t rounds_ = 0;  // the caller's count
  // Wakes the workers: the number of the latest round.
  std::atomic<std::uint32_t> round_{0};
  // round << 32 | closed << 31 | workers inside. A worker joins only an open round, and the caller
  // closes it when the chunks are gone, so it waits only for workers busy with a chunk, never for
  // one that has not been scheduled yet (on a busy machine, that can take milliseconds).
  std::atomic<std::uint64_t> state_{0};
  std::atomic<std::int32_t> sleepers_{0};
  std::atomic<std::int32_t> caller_sleeping_{0};
  std::atomic<bool> stop_{false};
  std::mutex error_mutex_;
  std::exception_ptr error_;
};

}  // namespace ogan
