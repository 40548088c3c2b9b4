#pragma once

namespace ogan::svc {

// Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = lambda/mu
// (a < c).
double erlang_c(int servers, double offered_load);

// Mean wait in queue of an M/M/c queue, seconds; `overload_wait_s` when lambda >= c mu.
double mmc_mean_wait(int servers, double arrivals_per_s, double mean_service_s,
                     double overload_wait_s);

}  // namespace ogan::svc
