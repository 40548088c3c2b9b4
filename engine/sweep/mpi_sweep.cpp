#include "engine/sweep/mpi_sweep.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>

#include "engine/core/error.hpp"

#ifdef OGAN_HAVE_MPI
#include <mpi.h>
#endif

namespace ogan::sweep {

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;
  return false;
}

#ifdef OGAN_HAVE_MPI

namespace {
constexpr int kTagRequest = 1;
constexpr int kTagWork = 2;
constexpr useconds_t kPollUs = 20000;  // rank 0's poll: short next to a run, and no busy core

// Waits for every rank without spinning: a rank that is done must not take a core from one that
// is still running its last run.
void quiet_barrier() {
  MPI_Request req;
  MPI_Ibarrier(MPI_COMM_WORLD, &req);
  int done = 0;
  while (!done) {
    MPI_Test(&req, &done, MPI_STATUS_IGNORE);
    if (!done) ::usleep(kPollUs);
  }
}
}  // namespace

MpiSession::MpiSession() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  active_ = true;
}

MpiSession::~MpiSession() {
  if (active_) MPI_Finalize();
}

void run_over_ranks(const MpiSession& mpi, const std::vector<RunSpec>& runs,
                    const std::vector<std::size_t>& pending, const Layout& layout,
                    const RunnerOptions& options, int* succeeded, int* failed) {
  Pool pool(layout, options, 1);
  if (mpi.rank() == 0) {
    std::size_t next = 0;
    int workers = mpi.size() - 1;
    while (true) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, MPI_COMM_WORLD, &flag, &st);
      if (flag) {
        std::int64_t finished = -1;
        MPI_Recv(&finished, 1, MPI_INT64_T, st.MPI_SOURCE, kTagRequest, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        const std::int64_t task =
            next < pending.size() ? static_cast<std::int64_t>(pending[next++]) : -1;
        MPI_Send(&task, 1, MPI_INT64_T, st.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
        if (task < 0) --workers;
        continue;  // answer every waiting rank before anything else
      }
      pool.reap(false);
      if (pool.has_free_slot() && next < pending.size()) pool.start(runs[pending[next++]]);
      if (next >= pending.size() && !pool.busy() && workers == 0) break;
      ::usleep(kPollUs);
    }
  } else {
    std::int64_t finished = -1;
    while (true) {
      std::int64_t task = -1;
      MPI_Send(&finished, 1, MPI_INT64_T, 0, kTagRequest, MPI_COMM_WORLD);
      MPI_Recv(&task, 1, MPI_INT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (task < 0 || static_cast<std::size_t>(task) >= runs.size()) break;
      pool.start(runs[static_cast<std::size_t>(task)]);
      pool.reap(true);
      finished = task;
    }
  }
  quiet_barrier();
  int counts[2] = {pool.succeeded(), pool.failed()}, total[2] = {0, 0};
  MPI_Reduce(counts, total, 2, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  *succeeded = total[0];
  *failed = total[1];
}

#else

MpiSession::MpiSession() {
  // Several copies of a build without MPI would each run the whole sweep into one folder.
  const char* n = std::getenv("OMPI_COMM_WORLD_SIZE");
  if (n && std::atoi(n) > 1)
    throw InputError(
        "this ogan was built without MPI (cmake -DOGAN_USE_MPI=OFF): run the sweep without mpirun, "
        "or rebuild with OGAN_USE_MPI=ON");
}

MpiSession::~MpiSession() = default;

void run_over_ranks(const MpiSession&, const std::vector<RunSpec>&, const std::vector<std::size_t>&,
                    const Layout&, const RunnerOptions&, int*, int*) {
  throw InternalError("run_over_ranks called in a build without MPI");
}

#endif

}  // namespace ogan::sweep
