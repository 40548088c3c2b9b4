#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <span>

namespace ogan {

// What a random draw is for. Each purpose has its own stream so that adding draws to one stage
// never shifts the numbers another stage sees.
enum class StreamId : std::uint32_t {
  ZoneAllocation = 1,
  PersonAttributes = 2,
  Households = 3,
  HomePlacement = 4,
  Plans = 5,
  DestinationChoice = 6,
  ModeChoice = 7,
  ServiceNeeds = 8,
  Sampling = 9,
  Traffic = 10,
  Services = 11,
  Replanning = 12,
  SweepDesign = 13,
  Events = 14,            // demand added during the day (crowds)
  TransitFeedback = 15,   // angkot riders re-choosing their mode after an iteration
  ObservationNoise = 16,  // synthetic observations (ogan observations synth)
};

// A counter-based random stream (Random123 Philox4x32-10) keyed by (seed, stream, entity):
// the numbers an entity gets depend only on those, never on which thread draws them or when.
class Rng {
 public:
  Rng(std::uint64_t seed, StreamId stream, std::uint64_t entity, std::uint32_t sub = 0) {
    key_ = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    ctr_ = {{static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(entity),
             static_cast<std::uint32_t>(entity >> 32), sub << 16}};
  }

  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return block_[used_++];
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() {
    const std::uint64_t hi = next_u32() >> 5;  // 27 bits
    const std::uint64_t lo = next_u32() >> 6;  // 26 bits
    return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
  }
  // Uniform in (0, 1]: safe for log().
  double uniform_pos() { return 1.0 - uniform(); }

  double exponential(double rate) { return -std::log(uniform_pos()) / rate; }

  double normal() {
    // Box-Muller; one value per call keeps the draw count per call fixed.
    const double u1 = uniform_pos();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // Index drawn with probability proportional to weights (non-negative, not all zero).
  std::size_t pick(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double u = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (u < weights[i]) return i;
      u -= weights[i];
    }
    for (std::size_t i = weights.size(); i-- > 0;)
      if (weights[i] > 0) return i;
    return 0;
  }

  bool bernoulli(double p) { return uniform() < p; }

 private:
  void refill() {
    block_ = gen_(ctr_, key_);
    ++ctr_[3];
    used_ = 0;
  }

  r123::Philox4x32 gen_;
  r123::Philox4x32::ctr_type ctr_{};
  r123::Philox4x32::key_type key_{};
  r123::Philox4x32::ctr_type block_{};
  int used_ = 4;
};

}  // namespace ogan
