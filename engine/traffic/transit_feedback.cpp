#include "engine/traffic/transit_feedback.hpp"

#include <cmath>

#include "engine/core/rng.hpp"

namespace ogan::traffic {

std::int64_t transit_feedback(TripTable& trips, const TransitStats& day,
                              const TransitFeedbackOptions& o, int iteration,
                              const std::vector<std::uint64_t>& keys) {
  std::int64_t switched = 0;
  const std::size_t n = std::min(day.wait_s.size(), trips.size());
  for (std::size_t k = 0; k < n; ++k) {
    if (trips.mode[k] != pop::Mode::Angkot || day.wait_s[k] < 0) continue;
    Rng rng(o.seed, StreamId::TransitFeedback, trip_rng_key(keys, k),
            static_cast<std::uint32_t>(iteration));
    if (rng.uniform() >= o.share) continue;
    const double extra_min = (day.wait_s[k] - o.assumed_wait_s) / 60;
    if (extra_min <= 0) continue;
    if (rng.uniform() < 1 - std::exp(o.beta_wait_per_min * extra_min)) {
      trips.mode[k] = pop::Mode::Ojek;
      ++switched;
    }
  }
  return switched;
}

}  // namespace ogan::traffic
