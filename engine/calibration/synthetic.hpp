#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/run/pipeline.hpp"

// Observations sampled from a simulated day, as a traffic survey and the facilities' registers
// would record it (`ogan observations synth`): hourly classified counts at given stations and
// daily visits and mean waits at facilities, with Poisson noise on counts and the sampling
// noise of a mean on waits. The truth of an identical-twin calibration (docs/calibration.md).
namespace ogan::calib {

struct SynthOptions {
  run::RunOptions run;   // the "true" scenario (with its --set changes)
  std::string stations;  // stations.csv (station_id,link_id), copied into the output
  std::vector<std::string> facility_types = {"puskesmas", "hospital", "civil_registry",
                                             "public_service_mall"};
  std::vector<std::string> classes = {"motorcycle", "car"};
  double from_h = 5, to_h = 21;  // hours counted, in whole hours
  bool noise = true;
  std::uint64_t noise_seed = 1;
  std::string output;  // a folder (created; existing observation files replaced)
};

struct SynthSummary {
  int stations = 0, counts = 0, facilities = 0;
  std::vector<std::string> skipped;  // facilities left out (a name shared by several)
};

SynthSummary synthesize_observations(const SynthOptions& o);

}  // namespace ogan::calib
