#pragma once

#include <algorithm>
#include <vector>

#include "engine/network/network.hpp"

namespace ogan::net {

// Link travel times by time of day: one value per link and interval, seconds. Starts at free flow
// (with a speed cap for the vehicles routed) and is updated from experienced times between
// iterations. After midnight+24h the last interval applies.
class TravelTimes {
 public:
  TravelTimes(const Network& net, double interval_s, int intervals, double max_speed_mps);

  double at(LinkId l, double t) const {
    const int k = std::clamp(static_cast<int>(t / interval_s_), 0, intervals_ - 1);
    return tt_[static_cast<std::size_t>(k) * links_ + static_cast<std::size_t>(l)];
  }
  double free(LinkId l) const { return free_[l]; }
  void set(LinkId l, int interval, double seconds) {
    tt_[static_cast<std::size_t>(interval) * links_ + static_cast<std::size_t>(l)] =
        std::max(seconds, free_[l]);
  }
  int intervals() const { return intervals_; }
  double interval_s() const { return interval_s_; }
  std::size_t links() const { return links_; }
  const std::vector<double>& free_times() const { return free_; }
  // Every value, [interval][link]: what a state file keeps.
  const std::vector<double>& values() const { return tt_; }
  // Puts values taken by values() back; false if their number does not fit this network.
  bool set_values(std::vector<double> v) {
    if (v.size() != tt_.size()) return false;
    tt_ = std::move(v);
    return true;
  }

 private:
  std::size_t links_;
  double interval_s_;
  int intervals_;
  std::vector<double> free_;
  std::vector<double> tt_;
};

}  // namespace ogan::net
