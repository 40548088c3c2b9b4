#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/h5.hpp"
#include "engine/scenario/demand.hpp"
#include "engine/scenario/world.hpp"
#include "engine/services/accessibility.hpp"
#include "engine/traffic/assignment.hpp"

namespace ogan::io {

inline constexpr const char* kFileType = "ogan-results";
inline constexpr std::array<std::int32_t, 2> kFormatVersion = {1, 1};

struct Kpi {
  std::string name;
  double value = 0;
  std::string unit;
};

struct RunInfo {
  std::string scenario_name;
  std::string scenario_yaml;          // the resolved scenario
  std::vector<std::string> policies;  // one line per intervention applied
  std::vector<std::string> inputs;    // every input file (hashed into /scenario/inputs)
  std::uint64_t seed = 0;
  int threads = 1;
  double sample_rate = 1.0;
  std::string crs_wkt;
  double interval_s = 900;  // statistics interval
  std::string run_id;       // a sweep's id for the run ("" outside sweeps)
  double started_s = -1;    // steady-clock seconds when the run began; finish() records the wall time
};

// Writes one results file (format spec: docs/results-format.md) under `path + ".tmp"`, renamed to
// `path` by finish(). A writer destroyed without finish() removes its temporary file, so a failed
// or killed run never leaves a file that looks complete.
// ISO 8601 UTC time of now ("2026-11-28T03:04:05Z").
std::string utc_now();

class ResultsWriter {
 public:
  ResultsWriter(std::string path, const RunInfo& info);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  void write_world(const scenario::World& world);
  // /context (format 1.1): kecamatan polygons and names, river lines; only what the scenario has.
  void write_context(const scenario::World& world);
  void write_demand(const scenario::World& world, const scenario::Demand& demand);
  void write_traffic(const scenario::World& world, const scenario::Demand& demand,
                     const traffic::AssignmentResult& assignment);
  void write_services(const scenario::World& world, const svc::ServiceStats& stats,
                      const svc::Accessibility& access);
  // /grids: where people are per interval on a regular grid (CF conventions, GDAL-readable).
  void write_present_population(const scenario::World& world, const scenario::Demand& demand,
                                const traffic::AssignmentResult& assignment, double cell_m = 1000);
  void write_summary(const std::vector<Kpi>& kpis);
  hid_t file() const { return file_.get(); }
  void finish();

 private:
  std::string path_;
  std::string tmp_;
  RunInfo info_;
  H5Id file_;
  bool finished_ = false;
};

// An opened results file whose type and major version have been checked.
class ResultsFile {
 public:
  // InputError: missing file, not HDF5, not an ogan results file, or a major version this build
  // does not know.
  explicit ResultsFile(const std::string& path);
  hid_t id() const { return file_.get(); }
  std::array<std::int32_t, 2> version() const { return version_; }
  std::string attr(const std::string& name) const;
  std::vector<Kpi> kpis() const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  H5Id file_;
  std::array<std::int32_t, 2> version_{};
};

}  // namespace ogan::io
