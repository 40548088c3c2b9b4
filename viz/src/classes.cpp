#include "classes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "results.hpp"

namespace viz {

namespace {
std::vector<double> finite_sorted(const std::vector<double>& values) {
  std::vector<double> v;
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<double> dedupe(std::vector<double> e) {
  e.erase(std::unique(e.begin(), e.end()), e.end());
  if (e.size() == 1) e.push_back(e[0]);  // one class even when every value is equal
  return e;
}
}  // namespace

ClassMethod parse_class_method(const std::string& name) {
  if (name == "continuous") return ClassMethod::Continuous;
  if (name == "quantiles") return ClassMethod::Quantiles;
  if (name == "equal") return ClassMethod::Equal;
  if (name == "natural") return ClassMethod::Natural;
  throw InputError(
      fmt::format("--classes {}: expected continuous, quantiles, equal or natural", name));
}

std::vector<double> equal_breaks(const std::vector<double>& values, int n) {
  const auto v = finite_sorted(values);
  if (v.empty() || n < 1) return {};
  std::vector<double> e;
  for (int i = 0; i <= n; ++i) e.push_back(v.front() + (v.back() - v.front()) * i / n);
  e.back() = v.back();
  return dedupe(e);
}

std::vector<double> quantile_breaks(const std::vector<double>& values, int n) {
  const auto v = finite_sorted(values);
  if (v.empty() || n < 1) return {};
  std::vector<double> e{v.front()};
  const auto N = v.size();
  for (int i = 1; i < n; ++i) {
    // The upper value of the first i/n of the data.
    const auto k = (static_cast<std::size_t>(i) * N + static_cast<std::size_t>(n) - 1) /
                   static_cast<std::size_t>(n);
    e.push_back(v[std::max<std::size_t>(k, 1) - 1]);
  }
  e.push_back(v.back());
  return dedupe(e);
}

std::vector<double> jenks_breaks(const std::vector<double>& values, int n) {
  auto all = finite_sorted(values);
  if (all.empty() || n < 1) return {};
  std::vector<double> v;
  constexpr std::size_t kMax = 2000;
  if (all.size() > kMax) {
    for (std::size_t i = 0; i < kMax; ++i) v.push_back(all[i * (all.size() - 1) / (kMax - 1)]);
  } else {
    v = all;
  }
  const std::size_t N = v.size();
  const auto K = static_cast<std::size_t>(std::min<std::size_t>(static_cast<std::size_t>(n), N));
  // Prefix sums give the squared deviation of any run v[a..b] in O(1).
  std::vector<double> s1(N + 1, 0), s2(N + 1, 0);
  for (std::size_t i = 0; i < N; ++i) {
    s1[i + 1] = s1[i] + v[i];
    s2[i + 1] = s2[i] + v[i] * v[i];
  }
  auto ssd = [&](std::size_t a, std::size_t b) {  // v[a..b), b > a
    const double m = static_cast<double>(b - a);
    const double s = s1[b] - s1[a];
    return s2[b] - s2[a] - s * s / m;
  };
  const double inf = std::numeric_limits<double>::infinity();
  // cost[k][i]: best cost of the first i values in k classes; cut[k][i]: start of the last class.
  std::vector<std::vector<double>> cost(K + 1, std::vector<double>(N + 1, inf));
  std::vector<std::vector<std::size_t>> cut(K + 1, std::vector<std::size_t>(N + 1, 0));
  cost[0][0] = 0;
  for (std::size_t k = 1; k <= K; ++k) {
    for (std::size_t i = k; i <= N; ++i) {
      for (std::size_t j = k - 1; j < i; ++j) {
        if (cost[k - 1][j] == inf) continue;
        const double c = cost[k - 1][j] + ssd(j, i);
        if (c < cost[k][i]) {
          cost[k][i] = c;
          cut[k][i] = j;
        }
      }
    }
  }
  std::vector<double> e(K + 1);
  e[K] = all.back();
  for (std::size_t k = K, i = N; k > 1; --k) {
    i = cut[k][i];
    e[k - 1] = v[i - 1];  // the last value of the previous class
  }
  e[0] = all.front();
  return dedupe(e);
}

int Scale::class_of(double v) const {
  const int n = classes();
  for (int i = 0; i < n - 1; ++i)
    if (v <= edges[static_cast<std::size_t>(i) + 1]) return i;
  return std::max(0, n - 1);
}

double Scale::position(double v) const {
  if (diverging && method != ClassMethod::Continuous) {
    // Classes mirror each other about zero; zero itself is "no change".
    if (v == 0) return 0.0;
    const int half = classes() / 2, c = class_of(v);
    return c < half ? -static_cast<double>(half - c) / half
                    : static_cast<double>(c - half + 1) / half;
  }
  if (diverging) return hi > 0 ? std::clamp(v / hi, -1.0, 1.0) : 0.0;
  double t;
  if (method == ClassMethod::Continuous) {
    t = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 1.0;
  } else {
    const int n = classes();
    t = n > 1 ? static_cast<double>(class_of(v)) / (n - 1) : 1.0;
  }
  return low_is_dark ? 1.0 - t : t;
}

Rgb Scale::colour(double v) const {
  return diverging ? viz::diverging(position(v)) : sequential(position(v));
}

Scale make_scale(const std::vector<double>& values, ClassMethod method, int n, bool low_is_dark,
                 double fixed_hi) {
  if (n < 2 || n > 9) throw InputError(fmt::format("--nclasses {}: expected 2 to 9", n));
  Scale s;
  s.method = method;
  s.low_is_dark = low_is_dark;
  const auto v = finite_sorted(values);
  if (!v.empty()) {
    s.lo = v.front() >= 0 ? 0.0 : v.front();
    s.hi = v.back();
  }
  if (fixed_hi > 0) {
    s.open_top = s.hi > fixed_hi;
    s.hi = fixed_hi;
  }
  if (s.hi <= s.lo) s.hi = s.lo + 1;
  std::vector<double> clipped = values;
  if (fixed_hi > 0)
    for (auto& x : clipped) x = std::min(x, fixed_hi);
  switch (method) {
    case ClassMethod::Continuous:
      break;
    case ClassMethod::Equal:
      s.edges = equal_breaks(clipped, n);
      break;
    case ClassMethod::Quantiles:
      s.edges = quantile_breaks(clipped, n);
      break;
    case ClassMethod::Natural:
      s.edges = jenks_breaks(clipped, n);
      break;
  }
  if (method != ClassMethod::Continuous && s.edges.empty()) s.method = ClassMethod::Continuous;
  return s;
}

Scale make_diverging_scale(const std::vector<double>& values, ClassMethod method, int n) {
  if (n < 2 || n > 9) throw InputError(fmt::format("--nclasses {}: expected 2 to 9", n));
  Scale s;
  s.diverging = true;
  double m = 0;
  std::vector<double> magnitude;
  for (double x : values) {
    if (!std::isfinite(x)) continue;
    m = std::max(m, std::abs(x));
    if (x != 0) magnitude.push_back(std::abs(x));
  }
  s.all_zero = m == 0;
  s.hi = s.all_zero ? 1.0 : m;  // symmetric limits; a unit range when nothing differs
  s.lo = -s.hi;
  if (method == ClassMethod::Continuous || s.all_zero) return s;
  // Classes of the size of the change, the same on both sides: a loss and a gain of one size
  // get one lightness.
  auto e = method == ClassMethod::Equal       ? equal_breaks(magnitude, n)
           : method == ClassMethod::Quantiles ? quantile_breaks(magnitude, n)
                                              : jenks_breaks(magnitude, n);
  if (e.size() < 2) return s;
  e.front() = 0;
  e.back() = m;
  s.method = method;
  for (auto it = e.rbegin(); it != e.rend(); ++it)
    if (*it != 0) s.edges.push_back(-*it);
  s.edges.insert(s.edges.end(), e.begin(), e.end());
  return s;
}

}  // namespace viz
