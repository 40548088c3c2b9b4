#include "engine/services/erlang.hpp"

namespace ogan::svc {

double erlang_c(int c, double a) {
  double term = 1, sum = 0;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);
  return top / (sum + top);
}

double mmc_mean_wait(int c, double lambda, double s, double overload) {
  const double a = lambda * s;
  if (a >= c) return overload;
  if (lambda <= 0) return 0;
  return erlang_c(c, a) * s / (c - a);
}

}  // namespace ogan::svc
