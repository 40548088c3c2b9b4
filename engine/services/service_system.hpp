#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/population/facility_sites.hpp"
#include "engine/services/service_queue.hpp"

namespace ogan::svc {

// Waiting-time histogram bins: 5 minutes wide, the last one open (4 h and more).
inline constexpr int kWaitBins = 49;
inline constexpr double kWaitBinS = 300;

struct ServiceOptions {
  double sample_rate = 1.0;
  double interval_s = 900;
  int intervals = 96;
  std::uint64_t seed = 1;
};

// Per facility (F) and interval (T), row-major [T][F]; histograms [F][kWaitBins].
struct ServiceStats {
  int intervals = 0;
  std::size_t facilities = 0;
  std::vector<std::uint32_t> arrivals, served, turned_away;
  std::vector<double> wait_sum_s;
  std::vector<float> wait_p95_s;
  std::vector<float> queue;        // waiting at the interval's end
  std::vector<float> utilisation;  // busy server-time / (servers x open time in the interval)
  std::vector<std::uint32_t> wait_histogram;
  // Per visit, in the order of arrival.
  std::vector<std::int32_t> visit_trip, visit_facility;
  std::vector<std::uint8_t> visit_outcome;
  std::vector<double> visit_arrival_s, visit_start_s, visit_end_s;
};

// What the facilities need to continue a day (state files): each queue's state, and the visits
// so far.
struct ServiceState {
  std::vector<std::int32_t> facility;  // the facility of each queue
  std::vector<QueueState> queues;
  ServiceStats visits;  // only the per-visit arrays
};

// The public-service facilities of a run: one FIFO queue per facility that has service
// parameters; visits come from the traffic simulation as visitors arrive.
class ServiceSystem {
 public:
  ServiceSystem(const pop::FacilitySites& sites, std::vector<std::optional<FacilityParams>> params,
                const ServiceOptions& options);

  bool serves(std::int32_t facility) const { return queue_index_[facility] >= 0; }
  // The moment the visitor of trip `trip` leaves facility f, having arrived at `arrival_s`; `key`
  // keys the draw of the service time (traffic::trip_rng_key).
  double visit(std::int32_t trip, std::uint64_t key, std::int32_t f, double arrival_s);
  // Interval statistics from the visits; call once after the day.
  ServiceStats finish();
  // The same statistics from the visits so far, leaving the day as it is.
  ServiceStats stats_so_far() const;
  const std::vector<std::optional<FacilityParams>>& params() const { return params_; }

  // Events during the day (facility f must serve: serves(f)).
  void set_servers(std::int32_t f, int servers, double t);
  void close_at(std::int32_t f, double t);
  // Reading the day at t: visitors waiting, served so far, arrivals so far, servers working.
  std::size_t waiting(std::int32_t f, double t);
  std::int64_t served(std::int32_t f) const;
  std::int64_t arrivals(std::int32_t f) const;
  int servers(std::int32_t f) const;

  ServiceState state() const;
  void restore(const ServiceState& s);

 private:
  const pop::FacilitySites& sites_;
  std::vector<std::optional<FacilityParams>> params_;
  ServiceOptions o_;
  std::vector<std::int32_t> queue_index_;
  std::vector<ServiceQueue> queues_;
  std::vector<std::int64_t> arrivals_;  // per queue
  ServiceStats stats_;
  const ServiceQueue& queue(std::int32_t f) const;
};

// Service time draw for a visit: exponential (cv 1) or lognormal with the given mean and CV.
double draw_service_time(const FacilityParams& p, std::uint64_t seed, std::uint64_t visit_key);

}  // namespace ogan::svc
