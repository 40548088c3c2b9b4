#include "engine/services/service_queue.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"

namespace ogan::svc {

ServiceQueue::ServiceQueue(const FacilityParams& p, double capacity_scale)
    : p_(p), capacity_scale_(capacity_scale), usual_close_s_(p.close_s) {
  // A sample of the population meets a facility with servers and quota in proportion, so that
  // waits in a 10 % run look like those of the full run.
  const int servers = std::max(1, static_cast<int>(std::lround(p.servers * capacity_scale)));
  for (int s = 0; s < servers; ++s) free_at_.push(p.open_s);
  quota_ = p.quota > 0 ? std::max(1, static_cast<int>(std::lround(p.quota * capacity_scale))) : 0;
  p_.balk_queue = p.balk_queue > 0
                      ? std::max(1, static_cast<int>(std::lround(p.balk_queue * capacity_scale)))
                      : 0;
}

void ServiceQueue::set_servers(int servers_full_scale, double t) {
  if (servers_full_scale < 0) throw InputError("a facility's servers must be >= 0");
  const int want =
      servers_full_scale == 0
          ? 0
          : std::max(1, static_cast<int>(std::lround(servers_full_scale * capacity_scale_)));
  std::vector<double> free;
  while (!free_at_.empty()) {
    free.push_back(free_at_.top());
    free_at_.pop();
  }
  while (static_cast<int>(free.size()) < want) free.insert(free.begin(), std::max(t, p_.open_s));
  std::sort(free.begin(), free.end());
  free.resize(static_cast<std::size_t>(want));
  for (double f : free) free_at_.push(f);
  p_.servers = servers_full_scale;
  // Servers back after an early closing: open again until the usual closing time.
  if (want > 0 && p_.close_s <= t) p_.close_s = usual_close_s_;
}

void ServiceQueue::close_at(double t) {
  p_.close_s = std::min(p_.close_s, t);
}

QueueState ServiceQueue::state() const {
  QueueState s;
  auto heap = free_at_;
  while (!heap.empty()) {
    s.free_at.push_back(heap.top());
    heap.pop();
  }
  s.pending_starts.assign(pending_starts_.begin(), pending_starts_.end());
  s.served = served_;
  s.last_arrival = last_arrival_;
  s.quota = quota_;
  s.servers = p_.servers;
  s.close_s = p_.close_s;
  return s;
}

void ServiceQueue::restore(const QueueState& s) {
  free_at_ = {};
  for (double f : s.free_at) free_at_.push(f);
  pending_starts_.assign(s.pending_starts.begin(), s.pending_starts.end());
  served_ = s.served;
  last_arrival_ = s.last_arrival;
  quota_ = s.quota;
  p_.servers = s.servers;
  p_.close_s = s.close_s;
}

double ServiceQueue::next_start(double earliest) const {
  double t = std::max(earliest, p_.open_s);
  if (p_.break_start_s >= 0 && t >= p_.break_start_s && t < p_.break_end_s) t = p_.break_end_s;
  return t;
}

std::size_t ServiceQueue::waiting_at(double t) {
  while (!pending_starts_.empty() && pending_starts_.front() <= t) pending_starts_.pop_front();
  return pending_starts_.size();
}

Visit ServiceQueue::arrive(double a, double service_s) {
  if (a < last_arrival_) throw InternalError("ServiceQueue: arrivals out of time order");
  last_arrival_ = a;
  Visit v;
  v.end_s = a;
  if (quota_ > 0 && served_ >= quota_) {
    v.outcome = Outcome::TurnedAwayQuota;
    return v;
  }
  if (p_.balk_queue > 0 && static_cast<int>(waiting_at(a)) >= p_.balk_queue) {
    v.outcome = Outcome::Balked;
    return v;
  }
  if (free_at_.empty()) {
    // No server works here any more (an event set them to 0).
    v.outcome = Outcome::TurnedAwayClosed;
    return v;
  }
  const double start = next_start(std::max(a, free_at_.top()));
  if (start >= p_.close_s) {
    // Nobody can serve them before closing: they wait until it is clear, then go.
    v.outcome = Outcome::TurnedAwayClosed;
    v.end_s = std::max(a, std::min(start, p_.close_s));
    v.wait_s = v.end_s - a;
    return v;
  }
  free_at_.pop();
  free_at_.push(start + service_s);
  pending_starts_.push_back(start);
  ++served_;
  v.start_s = start;
  v.end_s = start + service_s;
  v.wait_s = start - a;
  return v;
}

}  // namespace ogan::svc
