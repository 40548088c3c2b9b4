#include "engine/population/ipf.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/error.hpp"

namespace ogan::pop {

IpfResult ipf_2d(const Eigen::ArrayXXd& seed, const Eigen::ArrayXd& rows,
                 const Eigen::ArrayXd& cols, double tolerance, int max_iter) {
  if (seed.rows() != rows.size() || seed.cols() != cols.size()) {
    throw InternalError("ipf_2d: margins do not match the seed's shape");
  }
  if (std::abs(rows.sum() - cols.sum()) > 1e-6 * std::max(1.0, rows.sum())) {
    throw InternalError("ipf_2d: row and column totals differ");
  }
  IpfResult r;
  r.table = seed;
  for (r.iterations = 1; r.iterations <= max_iter; ++r.iterations) {
    const Eigen::ArrayXd rs = r.table.rowwise().sum();
    for (Eigen::Index i = 0; i < rs.size(); ++i) {
      if (rs(i) > 0) r.table.row(i) *= rows(i) / rs(i);
    }
    const Eigen::ArrayXd cs = r.table.colwise().sum().transpose();
    for (Eigen::Index j = 0; j < cs.size(); ++j) {
      if (cs(j) > 0) r.table.col(j) *= cols(j) / cs(j);
    }
    const double row_err = (r.table.rowwise().sum() - rows).abs().maxCoeff();
    const double col_err = (r.table.colwise().sum().transpose() - cols).abs().maxCoeff();
    r.max_error = std::max(row_err, col_err);
    if (r.max_error <= tolerance * std::max(1.0, rows.sum())) {
      r.converged = true;
      break;
    }
  }
  return r;
}

std::vector<std::int64_t> round_preserving_sum(const std::vector<double>& values) {
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  const auto target = static_cast<std::int64_t>(std::llround(total));
  std::vector<std::int64_t> out(values.size());
  std::vector<std::pair<double, std::size_t>> rem;
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double f = std::floor(std::max(0.0, values[i]));
    out[i] = static_cast<std::int64_t>(f);
    sum += out[i];
    rem.push_back({values[i] - f, i});
  }
  std::stable_sort(rem.begin(), rem.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; sum < target && k < rem.size(); ++k, ++sum) ++out[rem[k].second];
  return out;
}

Eigen::Array<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> integerise_columns(
    const Eigen::ArrayXXd& table) {
  Eigen::Array<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> out(table.rows(), table.cols());
  for (Eigen::Index j = 0; j < table.cols(); ++j) {
    std::vector<double> col(table.rows());
    for (Eigen::Index i = 0; i < table.rows(); ++i) col[i] = table(i, j);
    const auto ints = round_preserving_sum(col);
    for (Eigen::Index i = 0; i < table.rows(); ++i) out(i, j) = ints[i];
  }
  return out;
}

}  // namespace ogan::pop
