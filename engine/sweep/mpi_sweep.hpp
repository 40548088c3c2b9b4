#pragma once

#include <vector>

#include "engine/sweep/runner.hpp"
#include "engine/sweep/sweep_spec.hpp"

namespace ogan::sweep {

// True when this process was started by mpirun or srun (their environment variables are set).
bool launched_by_mpi();

// MPI_Init on construction and MPI_Finalize on destruction, when this build has MPI (OGAN_USE_MPI)
// and the process was launched by MPI; otherwise one rank of one.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool active() const { return active_; }

 private:
  int rank_ = 0;
  int size_ = 1;
  bool active_ = false;
};

// Dynamic scheduling over ranks: rank 0 hands out the next pending run to whichever rank asks
// (a rank asks when its run finishes) and runs runs itself between requests. Each rank runs one
// run at a time with `options.threads` OpenMP threads. Returns on every rank when all are done;
// `pending` (indices into `runs`) matters on rank 0 only.
void run_over_ranks(const MpiSession& mpi, const std::vector<RunSpec>& runs,
                    const std::vector<std::size_t>& pending, const Layout& layout,
                    const RunnerOptions& options, int* succeeded, int* failed);

}  // namespace ogan::sweep
