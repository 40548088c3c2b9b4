#include "engine/services/service_system.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"

namespace ogan::svc {

double draw_service_time(const FacilityParams& p, std::uint64_t seed, std::uint64_t key) {
  Rng rng(seed, StreamId::Services, key);
  if (std::abs(p.service_cv - 1.0) < 1e-9) return rng.exponential(1.0 / p.service_mean_s);
  const double s2 = std::log(1 + p.service_cv * p.service_cv);
  const double mu = std::log(p.service_mean_s) - s2 / 2;
  return std::exp(mu + std::sqrt(s2) * rng.normal());
}

ServiceSystem::ServiceSystem(const pop::FacilitySites& sites,
                             std::vector<std::optional<FacilityParams>> params,
                             const ServiceOptions& o)
    : sites_(sites), params_(std::move(params)), o_(o) {
  queue_index_.assign(sites.size(), -1);
  for (std::size_t f = 0; f < sites.size(); ++f) {
    if (!params_[f]) continue;
    queue_index_[f] = static_cast<std::int32_t>(queues_.size());
    queues_.emplace_back(*params_[f], o.sample_rate);
  }
  arrivals_.assign(queues_.size(), 0);
}

const ServiceQueue& ServiceSystem::queue(std::int32_t f) const {
  if (f < 0 || static_cast<std::size_t>(f) >= queue_index_.size() || queue_index_[f] < 0)
    throw InputError("facility " + std::to_string(f) + " is not a public service with a queue");
  return queues_[queue_index_[f]];
}

void ServiceSystem::set_servers(std::int32_t f, int servers, double t) {
  queue(f);
  queues_[queue_index_[f]].set_servers(servers, t);
  params_[f]->servers = servers;
}

void ServiceSystem::close_at(std::int32_t f, double t) {
  queue(f);
  queues_[queue_index_[f]].close_at(t);
  params_[f]->close_s = std::min(params_[f]->close_s, t);
}

std::size_t ServiceSystem::waiting(std::int32_t f, double t) {
  queue(f);
  return queues_[queue_index_[f]].waiting_at(t);
}
std::int64_t ServiceSystem::served(std::int32_t f) const {
  return queue(f).served();
}
std::int64_t ServiceSystem::arrivals(std::int32_t f) const {
  queue(f);
  return arrivals_[queue_index_[f]];
}
int ServiceSystem::servers(std::int32_t f) const {
  return queue(f).params().servers;
}

ServiceState ServiceSystem::state() const {
  ServiceState s;
  for (std::size_t f = 0; f < queue_index_.size(); ++f) {
    if (queue_index_[f] < 0) continue;
    s.facility.push_back(static_cast<std::int32_t>(f));
    s.queues.push_back(queues_[queue_index_[f]].state());
  }
  s.visits.visit_trip = stats_.visit_trip;
  s.visits.visit_facility = stats_.visit_facility;
  s.visits.visit_outcome = stats_.visit_outcome;
  s.visits.visit_arrival_s = stats_.visit_arrival_s;
  s.visits.visit_start_s = stats_.visit_start_s;
  s.visits.visit_end_s = stats_.visit_end_s;
  return s;
}

void ServiceSystem::restore(const ServiceState& s) {
  if (s.facility.size() != queues_.size() || s.queues.size() != queues_.size())
    throw InputError("service state: " + std::to_string(s.facility.size()) +
                     " queues, but the run's facilities have " + std::to_string(queues_.size()));
  const auto& v = s.visits;
  const std::size_t n = v.visit_trip.size();
  if (v.visit_facility.size() != n || v.visit_outcome.size() != n ||
      v.visit_arrival_s.size() != n || v.visit_start_s.size() != n || v.visit_end_s.size() != n)
    throw InputError("service state: the visit arrays differ in length");
  for (std::size_t i = 0; i < s.facility.size(); ++i) {
    const auto f = s.facility[i];
    if (f < 0 || static_cast<std::size_t>(f) >= queue_index_.size() || queue_index_[f] < 0)
      throw InputError("service state: facility " + std::to_string(f) +
                       " has no queue in this run");
    queues_[queue_index_[f]].restore(s.queues[i]);
    params_[f]->servers = s.queues[i].servers;
    params_[f]->close_s = s.queues[i].close_s;
  }
  arrivals_.assign(queues_.size(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto f = v.visit_facility[i];
    if (f < 0 || static_cast<std::size_t>(f) >= queue_index_.size() || queue_index_[f] < 0)
      throw InputError("service state: a visit to facility " + std::to_string(f) +
                       ", which has no queue");
    ++arrivals_[queue_index_[f]];
  }
  stats_.visit_trip = v.visit_trip;
  stats_.visit_facility = v.visit_facility;
  stats_.visit_outcome = v.visit_outcome;
  stats_.visit_arrival_s = v.visit_arrival_s;
  stats_.visit_start_s = v.visit_start_s;
  stats_.visit_end_s = v.visit_end_s;
}

double ServiceSystem::visit(std::int32_t trip, std::uint64_t key, std::int32_t f,
                            double arrival_s) {
  const auto q = queue_index_[f];
  if (q < 0) return arrival_s;
  const double service = draw_service_time(*params_[f], o_.seed, key);
  const Visit v = queues_[q].arrive(arrival_s, service);
  ++arrivals_[q];
  stats_.visit_trip.push_back(trip);
  stats_.visit_facility.push_back(f);
  stats_.visit_outcome.push_back(static_cast<std::uint8_t>(v.outcome));
  stats_.visit_arrival_s.push_back(arrival_s);
  stats_.visit_start_s.push_back(v.outcome == Outcome::Served ? v.start_s : -1);
  stats_.visit_end_s.push_back(v.end_s);
  return v.end_s;
}

ServiceStats ServiceSystem::stats_so_far() const {
  ServiceSystem copy = *this;
  return copy.finish();
}

ServiceStats ServiceSystem::finish() {
  ServiceStats& s = stats_;
  const std::size_t nf = sites_.size();
  const auto T = static_cast<std::size_t>(o_.intervals);
  s.intervals = o_.intervals;
  s.facilities = nf;
  s.arrivals.assign(T * nf, 0);
  s.served.assign(T * nf, 0);
  s.turned_away.assign(T * nf, 0);
  s.wait_sum_s.assign(T * nf, 0);
  s.wait_p95_s.assign(T * nf, 0);
  s.queue.assign(T * nf, 0);
  s.utilisation.assign(T * nf, 0);
  s.wait_histogram.assign(nf * kWaitBins, 0);
  auto interval = [&](double t) {
    return static_cast<std::size_t>(
        std::clamp(static_cast<int>(t / o_.interval_s), 0, o_.intervals - 1));
  };
  std::vector<std::vector<float>> waits(T * nf);
  std::vector<double> busy(T * nf, 0.0);
  for (std::size_t i = 0; i < s.visit_trip.size(); ++i) {
    const auto f = static_cast<std::size_t>(s.visit_facility[i]);
    const double a = s.visit_arrival_s[i];
    const std::size_t c = interval(a) * nf + f;
    ++s.arrivals[c];
    if (s.visit_outcome[i] != static_cast<std::uint8_t>(Outcome::Served)) {
      ++s.turned_away[c];
      continue;
    }
    // Served, waits and the histogram are counted in the interval the visitor arrived.
    const double w = s.visit_start_s[i] - a;
    ++s.served[c];
    s.wait_sum_s[c] += w;
    waits[c].push_back(static_cast<float>(w));
    ++s.wait_histogram[f * kWaitBins + std::min<std::size_t>(
                                           kWaitBins - 1, static_cast<std::size_t>(w / kWaitBinS))];
    // Busy time, split over the intervals the service spans.
    for (double t = s.visit_start_s[i]; t < s.visit_end_s[i];) {
      const std::size_t k = interval(t);
      const double end = std::min(s.visit_end_s[i], (static_cast<double>(k) + 1) * o_.interval_s);
      busy[k * nf + f] += std::max(0.0, end - t);
      if (k + 1 >= T) break;
      t = end;
    }
    // Queue length at interval ends: everyone who arrived and had not started by then.
    for (std::size_t k = interval(a); k < T; ++k) {
      const double t_end = (static_cast<double>(k) + 1) * o_.interval_s;
      if (t_end <= a) continue;
      if (t_end >= s.visit_start_s[i]) break;
      s.queue[k * nf + f] += 1;
    }
  }
  for (std::size_t c = 0; c < T * nf; ++c) {
    auto& w = waits[c];
    if (!w.empty()) {
      std::sort(w.begin(), w.end());
      s.wait_p95_s[c] = w[std::min(
          w.size() - 1,
          static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(w.size()))) - 1)];
    }
    const std::size_t f = c % nf;
    if (queue_index_[f] >= 0) {
      const auto& p = *params_[f];
      const std::size_t k = c / nf;
      const double t0 = static_cast<double>(k) * o_.interval_s, t1 = t0 + o_.interval_s;
      const double open = std::max(0.0, std::min(t1, p.close_s) - std::max(t0, p.open_s));
      const int servers = std::max(1, static_cast<int>(std::lround(p.servers * o_.sample_rate)));
      if (open > 0) s.utilisation[c] = static_cast<float>(busy[c] / (servers * open));
    }
  }
  return std::move(stats_);
}

}  // namespace ogan::svc
