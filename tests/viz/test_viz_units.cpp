// Pieces of ogan-viz that need no results file: class breaks, colour scales, the label placer.
#include <gtest/gtest.h>

#include <cmath>

#include "classes.hpp"
#include "labels.hpp"
#include "palette.hpp"

namespace {

using Edges = std::vector<double>;

TEST(VizClasses, JenksFindsTheGapsBetweenClusters) {
  const std::vector<double> v = {20, 1, 12, 2, 3, 22, 10, 11, 21};
  EXPECT_EQ(viz::jenks_breaks(v, 3), (Edges{1, 3, 12, 22}));
  // Two classes: the widest gap is between 12 and 20.
  EXPECT_EQ(viz::jenks_breaks(v, 2), (Edges{1, 12, 22}));
  // NaN (no data) is ignored.
  auto with_nan = v;
  with_nan.push_back(std::nan(""));
  EXPECT_EQ(viz::jenks_breaks(with_nan, 3), (Edges{1, 3, 12, 22}));
}

TEST(VizClasses, QuantilesSplitTheSortedValuesEvenly) {
  EXPECT_EQ(viz::quantile_breaks({1, 2, 3, 10, 11, 12, 20, 21, 22}, 3), (Edges{1, 3, 12, 22}));
  EXPECT_EQ(viz::quantile_breaks({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5), (Edges{1, 2, 4, 6, 8, 10}));
  // Repeated values cannot be split: fewer classes, never an empty one.
  EXPECT_EQ(viz::quantile_breaks({5, 5, 5, 5, 9}, 4), (Edges{5, 9}));
}

TEST(VizClasses, EqualIntervalsSpanTheRange) {
  EXPECT_EQ(viz::equal_breaks({0, 3, 7, 10}, 5), (Edges{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(viz::equal_breaks({4, 4}, 3), (Edges{4, 4}));
}

TEST(VizClasses, TheLargestValueGetsTheEndColourAndDifferencesAreCentred) {
  const std::vector<double> v = {1, 2, 3, 10, 11, 12, 20, 21, 22};
  const auto end = viz::sequential(1.0);
  for (auto m : {viz::ClassMethod::Continuous, viz::ClassMethod::Quantiles,
                 viz::ClassMethod::Natural, viz::ClassMethod::Equal}) {
    const auto s = viz::make_scale(v, m, 3, false);
    const auto c = s.colour(22);
    EXPECT_DOUBLE_EQ(c.r, end.r);
    EXPECT_DOUBLE_EQ(c.b, end.b);
    EXPECT_EQ(s.position(0), 0.0);  // non-negative data start from zero
  }
  const auto q = viz::make_scale(v, viz::ClassMethod::Natural, 3, false);
  EXPECT_EQ(q.class_of(3), 0);
  EXPECT_EQ(q.class_of(3.5), 1);
  EXPECT_EQ(q.class_of(12), 1);
  EXPECT_EQ(q.class_of(20), 2);
  const auto d = viz::make_diverging_scale({-2, 0, 5});
  EXPECT_EQ(d.hi, 5);
  EXPECT_EQ(d.lo, -5);
  EXPECT_EQ(d.position(0), 0.0);
  EXPECT_EQ(d.position(-5), -1.0);
  // Classes of a difference: breaks of the size of the change, mirrored about zero, so a loss and
  // a gain of one size get one lightness; zero is "no change". |values| 1 2 4 5 8 10 in 2 equal
  // intervals: 0 - 5.5 - 10.
  const auto dc = viz::make_diverging_scale({-10, -5, -1, 0, 2, 4, 8}, viz::ClassMethod::Equal, 2);
  EXPECT_EQ(dc.edges, (std::vector<double>{-10, -5.5, 0, 5.5, 10}));
  for (const auto& [value, at] : std::vector<std::pair<double, double>>{
           {-10, -1}, {-5, -0.5}, {-1, -0.5}, {0, 0}, {2, 0.5}, {8, 1}})
    EXPECT_EQ(dc.position(value), at) << value;
  EXPECT_EQ(viz::make_diverging_scale({0, 0}, viz::ClassMethod::Natural, 3).method,
            viz::ClassMethod::Continuous);
  // Nothing differs: a unit range, every value the zero colour.
  const auto z = viz::make_diverging_scale({0, 0, 0});
  EXPECT_TRUE(z.all_zero);
  EXPECT_EQ(z.hi, 1);
  const auto zc = z.colour(0), mid = viz::diverging(0);
  EXPECT_EQ(zc.r, mid.r);
  EXPECT_EQ(zc.g, mid.g);
}

TEST(VizLabels, PlacedLabelsNeverOverlapEachOtherOrReservedAreas) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t* cr = cairo_create(s);
  viz::LabelPlacer labels(cr, {0, 0, 400, 300});
  labels.reserve({300, 0, 400, 60});  // a north arrow
  int placed = 0;
  // Forty labels aimed at a few crowded points, and one in the reserved corner.
  for (int i = 0; i < 40; ++i)
    placed += labels.place("Kelurahan " + std::to_string(i), 100 + (i % 4) * 20, 120 + (i % 3) * 6,
                           7.5, false, {0, 0, 0});
  EXPECT_FALSE(labels.place("Peninjauan", 350, 30, 9, true, {0, 0, 0}));
  EXPECT_FALSE(labels.place("Off the map", 600, 150, 9, true, {0, 0, 0}));
  EXPECT_GT(placed, 3);
  EXPECT_LT(placed, 40);
  const auto& b = labels.boxes();
  ASSERT_EQ(static_cast<int>(b.size()), placed);
  for (std::size_t i = 0; i < b.size(); ++i) {
    EXPECT_FALSE(b[i].overlaps({300, 0, 400, 60}));
    for (std::size_t j = i + 1; j < b.size(); ++j)
      EXPECT_FALSE(b[i].overlaps(b[j])) << i << " " << j;
  }
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

}  // namespace
