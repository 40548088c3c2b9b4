// The calibration's search and misfit on problems whose answer is known: a linear least-squares
// fit, an exponential decay, a bound that stops the search, a parameter the data cannot see
// (its standard error is the prior's), the budget; the weights of counts and the fit statistics
// on hand-made records.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/calibration/objective.hpp"
#include "engine/calibration/optimizer.hpp"

using namespace ogan::calib;

namespace {

// Residuals of y = a + b t against data made with (a, b) = (2, -0.5), one model call per point,
// counting the batches it was asked for.
struct Linear {
  std::vector<std::size_t> batches;
  BatchModel model() {
    return [this](const std::vector<Point>& pts) {
      batches.push_back(pts.size());
      std::vector<Residuals> out;
      for (const auto& x : pts) {
        Residuals r;
        for (int i = 0; i < 10; ++i) {
          const double t = i;
          r.push_back((x[0] + x[1] * t) - (2.0 - 0.5 * t));
        }
        out.push_back(r);
      }
      return out;
    };
  }
};

Bounds bounds(std::vector<double> lo, std::vector<double> hi, std::vector<double> start,
              std::vector<double> sd = {}) {
  Bounds b{std::move(lo), std::move(hi), std::move(start), std::move(sd)};
  if (b.prior_sd.empty()) b.prior_sd.assign(b.lower.size(), 0.0);
  return b;
}

}  // namespace

TEST(Levenberg, RecoversALinearFitExactlyAndAsksForBatches) {
  Linear f;
  LmOptions o;
  o.max_evaluations = 40;
  o.polish = false;
  o.fd_step = 0.001;
  const auto r = levenberg_marquardt(f.model(), bounds({-10, -5}, {10, 5}, {0, 0}), o);
  EXPECT_NEAR(r.best[0], 2.0, 1e-5);
  EXPECT_NEAR(r.best[1], -0.5, 1e-5);
  EXPECT_LT(r.objective, 1e-8);
  EXPECT_LE(r.evaluations, o.max_evaluations);
  // The start alone, then per iteration the Jacobian (one run per parameter) and three steps.
  ASSERT_GE(f.batches.size(), 3u);
  EXPECT_EQ(f.batches[0], 1u);
  for (std::size_t i = 1; i < f.batches.size(); ++i) EXPECT_EQ(f.batches[i], i % 2 ? 2u : 3u);
  EXPECT_EQ(r.trace.front().objective, r.start_objective);
  EXPECT_EQ(r.trace.back().objective, r.objective);
}

TEST(Levenberg, RecoversAnExponentialDecay) {
  // y = A exp(-k t), A = 5, k = 0.3, from a start far off.
  const BatchModel m = [](const std::vector<Point>& pts) {
    std::vector<Residuals> out;
    for (const auto& x : pts) {
      Residuals r;
      for (int i = 0; i < 20; ++i) {
        const double t = 0.5 * i;
        r.push_back(x[0] * std::exp(-x[1] * t) - 5.0 * std::exp(-0.3 * t));
      }
      out.push_back(r);
    }
    return out;
  };
  LmOptions o;
  o.max_evaluations = 200;
  o.tolerance = 1e-9;
  o.fd_step = 0.001;
  const auto r = levenberg_marquardt(m, bounds({0.1, 0.01}, {20, 2}, {1, 1}), o);
  EXPECT_NEAR(r.best[0], 5.0, 1e-3);
  EXPECT_NEAR(r.best[1], 0.3, 1e-4);
}

TEST(Levenberg, StopsAtABoundWhenTheOptimumLiesBeyondIt) {
  Linear f;
  LmOptions o;
  o.max_evaluations = 60;
  // a may not exceed 1.5: the best fit then has a = 1.5 and b the least-squares slope given it.
  const auto r = levenberg_marquardt(f.model(), bounds({-10, -5}, {1.5, 5}, {0, 0}), o);
  EXPECT_DOUBLE_EQ(r.best[0], 1.5);
  // With a fixed at 1.5, b minimises sum (1.5 + b t - 2 + 0.5 t)^2: b = -0.5 + 0.5 sum t / sum t^2.
  double st = 0, st2 = 0;
  for (int i = 0; i < 10; ++i) st += i, st2 += i * i;
  EXPECT_NEAR(r.best[1], -0.5 + 0.5 * st / st2, 1e-4);
}

TEST(Levenberg, AParameterTheDataCannotSeeKeepsItsPriorAndThePriorsUncertainty) {
  // The residuals depend on x0 only; x1 is held by its prior N(3, 0.5^2).
  const BatchModel m = [](const std::vector<Point>& pts) {
    std::vector<Residuals> out;
    for (const auto& x : pts) out.push_back({x[0] - 1.0, 2 * (x[0] - 1.0)});
    return out;
  };
  LmOptions o;
  o.max_evaluations = 30;
  const auto r = levenberg_marquardt(m, bounds({-5, 0}, {5, 10}, {0, 3}, {0, 0.5}), o);
  EXPECT_NEAR(r.best[0], 1.0, 1e-6);
  EXPECT_NEAR(r.best[1], 3.0, 1e-9);
  EXPECT_NEAR(r.std_error[1], 0.5, 1e-6);
  EXPECT_NEAR(r.std_error[0], 1 / std::sqrt(5.0), 1e-6);  // J'J = 1 + 4 for x0
  EXPECT_NEAR(r.correlation[1], 0.0, 1e-9);
}

TEST(Levenberg, NeverExceedsItsBudget) {
  Linear f;
  LmOptions o;
  o.max_evaluations = 7;  // the start, then one iteration (2 + 3), and not a second
  const auto r = levenberg_marquardt(f.model(), bounds({-10, -5}, {10, 5}, {0, 0}), o);
  EXPECT_EQ(r.evaluations, 6);
  EXPECT_EQ(r.iterations, 1);
  EXPECT_NE(r.stop_reason.find("budget"), std::string::npos) << r.stop_reason;
}

TEST(Levenberg, TheCompassSearchFindsTheBestStepOfAStaircase) {
  // The residual moves in whole steps (whole agents): a finite difference of 0.5 from 7.3 sees
  // no slope, and the compass search has to walk to the step that contains 2.
  const BatchModel m = [](const std::vector<Point>& pts) {
    std::vector<Residuals> out;
    for (const auto& x : pts) out.push_back({std::floor(x[0]) - 2.0});
    return out;
  };
  LmOptions o;
  o.max_evaluations = 100;
  o.fd_step = 0.05;
  const auto r = levenberg_marquardt(m, bounds({0}, {10}, {7.3}), o);
  EXPECT_NE(r.stop_reason.find("zero gradient"), std::string::npos) << r.stop_reason;
  EXPECT_GE(r.best[0], 2.0);
  EXPECT_LT(r.best[0], 3.0);
  EXPECT_EQ(r.objective, 0.0);
  EXPECT_LE(r.evaluations, 100);
}

TEST(CalibrationObjective, CountsAreWeightedByTheirPoissonNoiseObservedAndSimulated) {
  // 100 observed, 120 simulated at a 10 % sample: sigma^2 = (1 + 1 / 0.1) x 100 = 1100.
  std::vector<Record> rs = {{Kind::Count, 0, 1.0, 100, 120, 0, true},
                            {Kind::Count, 1, 1.0, 100, 50, 0, false}};
  const auto r = residuals(rs, 0.1);
  ASSERT_EQ(r.size(), 1u);  // the held-out station is not fitted
  EXPECT_NEAR(r[0], 20 / std::sqrt(1100.0), 1e-12);
  // A mean wait of 600 s over 25 visitors at the full sample: sigma^2 = 2 x 600^2 / 25 + 30^2.
  std::vector<Record> w = {{Kind::MeanWait, 0, 24, 600, 700, 25, true}};
  EXPECT_NEAR(residuals(w, 1.0)[0], 100 / std::sqrt(2 * 600.0 * 600 / 25 + 900), 1e-12);
  // Nobody served in the simulation where the register has a wait: 3 sigma, not a free pass.
  w[0].simulated = std::nan("");
  EXPECT_EQ(residuals(w, 1.0)[0], 3.0);
}

TEST(CalibrationObjective, FitStatisticsOfHandMadeCounts) {
  // Hourly counts: GEH(110, 100) = 0.98, GEH(200, 100) = 8.2; simulated = 1.55 x observed on
  // average through the origin.
  std::vector<Record> rs = {{Kind::Count, 0, 1.0, 100, 110, 0, true},
                            {Kind::Count, 1, 1.0, 100, 200, 0, true},
                            {Kind::Count, 2, 1.0, 100, 100, 0, false}};
  const auto f = fit(rs, false, 1.0);
  EXPECT_EQ(f.counts, 2);
  EXPECT_DOUBLE_EQ(f.share_geh_below_5, 0.5);
  EXPECT_DOUBLE_EQ(f.slope, (100.0 * 110 + 100.0 * 200) / (100.0 * 100 + 100.0 * 100));
  EXPECT_NEAR(f.rmse_pct, 100 * std::sqrt((10.0 * 10 + 100.0 * 100) / 2) / 100, 1e-9);
  const auto h = fit(rs, true, 1.0);
  EXPECT_EQ(h.counts, 1);
  EXPECT_DOUBLE_EQ(h.share_geh_below_5, 1.0);
  EXPECT_DOUBLE_EQ(h.objective, 0.0);
}

TEST(CalibrationObjective, HoldOutIsTheShareAskedForAndDependsOnIdsNotOrder) {
  std::vector<ogan::metrics::Station> s;
  for (int i = 0; i < 30; ++i) s.push_back({"st" + std::to_string(i), i, 0, "link_id", ""});
  const auto a = hold_out(s, 0.2, 7);
  EXPECT_EQ(std::count(a.begin(), a.end(), true), 6);
  auto rev = s;
  std::reverse(rev.begin(), rev.end());
  const auto b = hold_out(rev, 0.2, 7);
  for (int i = 0; i < 30; ++i)
    EXPECT_EQ(a[static_cast<std::size_t>(i)], b[29 - static_cast<std::size_t>(i)]);
  const auto c = hold_out(s, 0.2, 8);
  EXPECT_NE(a, c);  // another seed, other stations
  EXPECT_EQ(std::count(c.begin(), c.end(), true), 6);
}
