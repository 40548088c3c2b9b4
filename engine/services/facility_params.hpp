#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ogan::svc {

// How a public-service facility serves visitors. Times are seconds after midnight.
struct FacilityParams {
  int servers = 1;  // counters, doctors, desks working in parallel
  double open_s = 8 * 3600.0;
  double close_s = 12 * 3600.0;  // nobody starts service at or after closing time
  double break_start_s = -1;     // no service may start in [break_start, break_end)
  double break_end_s = -1;
  double service_mean_s = 600;
  double service_cv = 1.0;  // 1: exponential; otherwise lognormal with this CV
  int quota = 0;            // queue tickets per day, 0 = unlimited
  int balk_queue = 0;       // visitors leave on arrival if this many wait, 0 = never
};

// Documented defaults per facility type (docs/services-model.md); nullopt if the type is not a
// queueing service (schools and markets are attractions, not queues).
std::optional<FacilityParams> default_params(const std::string& type);

}  // namespace ogan::svc
