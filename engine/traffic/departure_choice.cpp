#include "engine/traffic/departure_choice.hpp"

#include <algorithm>
#include <cmath>

namespace ogan::traffic {

double route_cost(const Routes& r, std::size_t k, double depart, const net::TravelTimes& tt) {
  const auto b = r.offset[k], e = r.offset[k + 1];
  if (b == e) return 0;
  double t = depart + 0.5 * tt.free(r.links[b]);
  for (auto i = b + 1; i + 1 < e; ++i) t += tt.at(r.links[i], t);
  return t - depart;
}

double schedule_cost(const Routes& r, std::size_t k, double depart, double preferred_arrival_s,
                     const net::TravelTimes& tt, const DepartureChoiceOptions& o) {
  const double travel = route_cost(r, k, depart, tt);
  const double arrival = depart + travel;
  return travel + o.early_weight * std::max(0.0, preferred_arrival_s - arrival) +
         o.late_weight * std::max(0.0, arrival - preferred_arrival_s);
}

double best_departure(const Routes& r, std::size_t k, double planned_s, double preferred_arrival_s,
                      const net::TravelTimes& tt, const DepartureChoiceOptions& o) {
  double best_t = planned_s;
  double best_c = schedule_cost(r, k, planned_s, preferred_arrival_s, tt, o);
  const int before = static_cast<int>(std::floor(-o.earliest_shift_s / o.step_s + 1e-9));
  const int after = static_cast<int>(std::floor(o.latest_shift_s / o.step_s + 1e-9));
  // Outward from the plan, earlier first at each distance: the smaller shift wins ties.
  for (int i = 1; i <= std::max(before, after); ++i) {
    for (int sign : {-1, 1}) {
      if ((sign < 0 && i > before) || (sign > 0 && i > after)) continue;
      const double t = planned_s + sign * i * o.step_s;
      if (t < 0) continue;
      const double c = schedule_cost(r, k, t, preferred_arrival_s, tt, o);
      if (c < best_c - 1e-9) {
        best_c = c;
        best_t = t;
      }
    }
  }
  return best_t;
}

}  // namespace ogan::traffic
