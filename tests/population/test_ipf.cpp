#include <gtest/gtest.h>

#include <numeric>

#include "engine/population/ipf.hpp"

using namespace ogan::pop;

TEST(Ipf, FitsBothMarginsAndKeepsTheSeedsInteraction) {
  Eigen::ArrayXXd seed(3, 2);
  seed << 10, 20, 30, 10, 5, 25;
  Eigen::ArrayXd rows(3), cols(2);
  rows << 40, 50, 30;
  cols << 70, 50;
  const auto r = ipf_2d(seed, rows, cols);
  ASSERT_TRUE(r.converged);
  EXPECT_LT(((r.table.rowwise().sum()) - rows).abs().maxCoeff(), 1e-6);
  EXPECT_LT(((r.table.colwise().sum().transpose()) - cols).abs().maxCoeff(), 1e-6);
  // IPF preserves odds ratios of the seed.
  const double seed_or = (seed(0, 0) * seed(1, 1)) / (seed(0, 1) * seed(1, 0));
  const double fit_or = (r.table(0, 0) * r.table(1, 1)) / (r.table(0, 1) * r.table(1, 0));
  EXPECT_NEAR(fit_or, seed_or, 1e-9);
}

TEST(Ipf, StructuralZerosStayZero) {
  Eigen::ArrayXXd seed(2, 2);
  seed << 0, 1, 1, 1;
  Eigen::ArrayXd rows(2), cols(2);
  rows << 3, 7;
  cols << 4, 6;
  const auto r = ipf_2d(seed, rows, cols);
  EXPECT_EQ(r.table(0, 0), 0.0);
  EXPECT_NEAR(r.table(0, 1), 3.0, 1e-6);
  EXPECT_NEAR(r.table(1, 0), 4.0, 1e-6);
}

TEST(Integerise, KeepsTotalsExactly) {
  EXPECT_EQ(round_preserving_sum({0.4, 0.4, 0.2}), (std::vector<std::int64_t>{1, 0, 0}));
  EXPECT_EQ(round_preserving_sum({1.5, 1.5, 1.0}), (std::vector<std::int64_t>{2, 1, 1}));
  Eigen::ArrayXXd t(3, 2);
  t << 1.3, 2.5, 1.3, 2.5, 1.4, 5.0;
  const auto i = integerise_columns(t);
  EXPECT_EQ(i.col(0).sum(), 4);
  EXPECT_EQ(i.col(1).sum(), 10);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 2; ++c) EXPECT_LT(std::abs(static_cast<double>(i(r, c)) - t(r, c)), 1.0);
}

#include "engine/core/rng.hpp"
#include "engine/population/mode_choice.hpp"

TEST(ModeChoice, SampledSharesMatchTheLogitProbabilities) {
  const ModeChoiceModel m;
  ModeAvailability av;
  av.motorcycle = true;
  av.car = true;
  const auto p = m.probabilities(8.0, 4.0, av);
  EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
  EXPECT_GT(p[static_cast<int>(Mode::Motorcycle)], 0.5);
  EXPECT_EQ(p[static_cast<int>(Mode::Passenger)], 0.0);
  std::array<int, kModes> n{};
  const int draws = 200000;
  for (int i = 0; i < draws; ++i) {
    ogan::Rng rng(11, ogan::StreamId::ModeChoice, static_cast<std::uint64_t>(i));
    ++n[static_cast<int>(m.choose(8.0, 4.0, av, rng))];
  }
  for (int k = 0; k < kModes; ++k) EXPECT_NEAR(n[k] / static_cast<double>(draws), p[k], 0.005) << k;
  // Without a motorcycle or a car, nobody is assigned one; a long trip cannot be walked.
  const auto q = m.probabilities(30.0, 20.0, ModeAvailability{});
  EXPECT_EQ(q[static_cast<int>(Mode::Motorcycle)], 0.0);
  EXPECT_EQ(q[static_cast<int>(Mode::Car)], 0.0);
  EXPECT_EQ(q[static_cast<int>(Mode::Walk)], 0.0);
}
