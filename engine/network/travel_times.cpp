#include "engine/network/travel_times.hpp"

namespace ogan::net {

TravelTimes::TravelTimes(const Network& net, double interval_s, int intervals, double max_speed_mps)
    : links_(net.num_links()), interval_s_(interval_s), intervals_(intervals) {
  free_.resize(links_);
  for (std::size_t l = 0; l < links_; ++l) {
    free_[l] = net.length_m[l] / std::min(net.free_speed_mps[l], max_speed_mps);
  }
  tt_.resize(links_ * static_cast<std::size_t>(intervals_));
  for (int k = 0; k < intervals_; ++k) {
    std::copy(free_.begin(), free_.end(),
              tt_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k) * links_));
  }
}

}  // namespace ogan::net
