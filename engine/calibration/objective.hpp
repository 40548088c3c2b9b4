#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/metrics/observations.hpp"

// What a calibration compares: each observed number beside the simulated one, weighted by how
// much it can be trusted (docs/calibration.md).
namespace ogan::calib {

enum class Kind : std::uint8_t { Count, Arrivals, Served, Queue, MeanWait, TravelTime };
inline constexpr int kKinds = 6;
const char* kind_name(Kind k);

// One observed number beside its simulated value.
struct Record {
  Kind kind = Kind::Count;
  std::int32_t index = -1;  // station (counts) or facility (services); -1 for travel times
  double hours = 1;         // length of the record's interval
  double observed = 0, simulated = 0;
  double served = 0;   // observed visitors behind a mean wait (its precision), 0 if unknown
  bool fitted = true;  // false: a held-out station's count
};

// The records of a comparison, in its order: every count, then per facility record its
// arrivals, served, queue and mean wait where observed, then travel times. Records whose
// simulated value is undefined (a mean wait where nobody was served) are kept with NaN.
std::vector<Record> records(const metrics::ObservationComparison& c,
                            const std::vector<bool>& held_out_station);

// The stations left out of the fit: round(share x stations) of them, chosen by a hash of the
// seed and each station's id (the same stations whatever their order in the files).
std::vector<bool> hold_out(const std::vector<metrics::Station>& stations, double share,
                           std::uint64_t seed);

// Weighted residuals (simulated - observed) / sigma of the fitted records; sigma from the
// noise of the count (Poisson, observed and simulated at `sample_rate`), of a mean of waits
// (as exponential waits) or 10 % of a travel time. Undefined simulated values count as a
// residual of 3 sigma (a fit must not gain by leaving a facility unserved).
std::vector<double> residuals(const std::vector<Record>& r, double sample_rate);

// Fit statistics of one set of records (fitted or held out).
struct Fit {
  int counts = 0;                 // count records
  double share_geh_below_5 = 0;   // on hourly-equivalent flows (UK DMRB: at least 85 %)
  double r2 = 0;                  // squared correlation of observed and simulated counts
  double slope = 0;               // simulated = slope x observed, least squares through 0
  double rmse_pct = 0;            // count RMSE as % of the mean observed count
  int facility_records = 0;       // facility arrival records
  double arrivals_rmse_pct = 0;   // facility arrivals RMSE, % of the mean observed
  double mean_wait_rmse_pct = 0;  // facility mean waits RMSE, % of the mean observed
  double objective = 0;           // half the sum of squared residuals of these records
};
Fit fit(const std::vector<Record>& r, bool held_out, double sample_rate);

}  // namespace ogan::calib
