#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace ogan::pop {

struct IpfResult {
  Eigen::ArrayXXd table;
  int iterations = 0;
  double max_error = 0;  // largest absolute difference to a margin at the end
  bool converged = false;
};

// Iterative proportional fitting of a 2-D seed table to row and column totals (which must have
// the same sum). Cells that are zero in the seed stay zero.
IpfResult ipf_2d(const Eigen::ArrayXXd& seed, const Eigen::ArrayXd& row_totals,
                 const Eigen::ArrayXd& col_totals, double tolerance = 1e-9, int max_iter = 1000);

// Integers that sum exactly to round(sum(values)) and differ from each value by less than one:
// floors plus one for the largest remainders (ties: lower index). Deterministic.
std::vector<std::int64_t> round_preserving_sum(const std::vector<double>& values);

// Integerises a fitted table column by column: each column keeps its (integer) total exactly.
Eigen::Array<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> integerise_columns(
    const Eigen::ArrayXXd& table);

}  // namespace ogan::pop
