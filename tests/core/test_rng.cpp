#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/core/rng.hpp"

using ogan::Rng;
using ogan::StreamId;

TEST(Rng, SameKeyGivesTheSameNumbersDifferentKeysDoNot) {
  Rng a(42, StreamId::Plans, 7), b(42, StreamId::Plans, 7);
  Rng c(42, StreamId::Plans, 8), d(43, StreamId::Plans, 7), e(42, StreamId::ModeChoice, 7);
  const double x = a.uniform();
  EXPECT_EQ(x, b.uniform());
  EXPECT_NE(x, c.uniform());
  EXPECT_NE(x, d.uniform());
  EXPECT_NE(x, e.uniform());
}

TEST(Rng, UniformMomentsAndRange) {
  Rng r(1, StreamId::PersonAttributes, 0);
  const int n = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum2 += u * u;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.5, 0.005);
  EXPECT_NEAR(sum2 / n - mean * mean, 1.0 / 12, 0.002);
}

TEST(Rng, ExponentialMeanAndPickFrequencies) {
  Rng r(5, StreamId::Services, 3);
  double s = 0;
  for (int i = 0; i < 100000; ++i) s += r.exponential(2.0);
  EXPECT_NEAR(s / 100000, 0.5, 0.01);
  std::vector<double> w = {1, 0, 3};
  std::vector<int> count(3, 0);
  for (int i = 0; i < 40000; ++i) ++count[r.pick(w)];
  EXPECT_EQ(count[1], 0);
  EXPECT_NEAR(count[2] / 40000.0, 0.75, 0.01);
}
