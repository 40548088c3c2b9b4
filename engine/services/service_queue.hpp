#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

#include "engine/services/facility_params.hpp"

namespace ogan::svc {

enum class Outcome : std::uint8_t { Served, TurnedAwayClosed, TurnedAwayQuota, Balked };

struct Visit {
  Outcome outcome = Outcome::Served;
  double start_s = 0;  // service start (served visits)
  double end_s = 0;    // when the visitor leaves: service end, or the arrival if turned away
  double wait_s = 0;
};

// A FIFO multi-server queue, simulated event by event as visitors arrive in time order: each
// visitor's service start is the later of the arrival and the earliest free server, so the
// outcome is known the moment they arrive. Visitors waiting when service could only start at or
// after closing time are turned away then.
// What a queue needs to continue (state files): the servers' free times, the starts still to
// come, counts, and the parameters events may change.
struct QueueState {
  std::vector<double> free_at;  // one per server, ascending
  std::vector<double> pending_starts;
  std::int64_t served = 0;
  double last_arrival = 0;
  int quota = 0;
  int servers = 0;  // at full scale (FacilityParams::servers)
  double close_s = 0;
};

class ServiceQueue {
 public:
  explicit ServiceQueue(const FacilityParams& p, double capacity_scale = 1.0);

  // `arrival_s` must not decrease between calls. `service_s` is this visitor's service time.
  Visit arrive(double arrival_s, double service_s);
  // Visitors who were accepted and have not started service by time t.
  std::size_t waiting_at(double t);
  std::int64_t served() const { return served_; }
  const FacilityParams& params() const { return p_; }
  int servers() const { return static_cast<int>(free_at_.size()); }

  // Events during the day. Servers added at t are free from t; servers removed are those free
  // last (they finish their visitor and go). Visitors already accepted keep the start they were
  // given on arrival.
  void set_servers(int servers_full_scale, double t);
  // No service starts at or after t (an early closing); later arrivals are turned away.
  // set_servers(n > 0) after it opens the facility again until its usual closing time.
  void close_at(double t);

  QueueState state() const;
  void restore(const QueueState& s);

 private:
  double next_start(double earliest) const;

  FacilityParams p_;
  double capacity_scale_ = 1.0;
  double usual_close_s_ = 0;
  std::priority_queue<double, std::vector<double>, std::greater<>> free_at_;
  std::deque<double> pending_starts_;
  std::int64_t served_ = 0;
  double last_arrival_ = -1e300;
  int quota_ = 0;
};

}  // namespace ogan::svc
