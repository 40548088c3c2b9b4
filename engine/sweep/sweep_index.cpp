#include "engine/sweep/sweep_index.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include "engine/core/error.hpp"
#include "engine/core/version.hpp"
#include "engine/io/h5.hpp"
#include "engine/io/results.hpp"
#include "engine/results/durable_file.hpp"
#include "engine/results/reader.hpp"

namespace ogan::sweep {

namespace fs = std::filesystem;

IndexSummary write_index(const SweepSpec& spec, const std::vector<RunSpec>& runs,
                         const Layout& layout) {
  const std::size_t n = runs.size();
  std::vector<std::int32_t> task(n), exit_code(n, -1);
  std::vector<std::int64_t> seed(n);
  std::vector<double> wall(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::string> id(n), scenario(n), scenario_file(n), params(n), status(n), error(n),
      file(n);
  std::vector<std::string> kpi_names;
  std::map<std::string, std::string> kpi_units;
  std::map<std::string, std::vector<double>> kpi;
  IndexSummary sum;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = runs[i];
    task[i] = static_cast<std::int32_t>(r.task);
    seed[i] = static_cast<std::int64_t>(r.seed);
    id[i] = r.id;
    scenario[i] = r.scenario_name;
    scenario_file[i] = r.scenario;
    params[i] = r.params_text();
    if (run_complete(layout, r)) {
      status[i] = "complete";
      exit_code[i] = 0;
      file[i] = fs::relative(layout.results(r), layout.dir).string();
      const results::Reader f(layout.results(r).string());
      io::H5Id root(H5Gopen2(f.id(), "/", H5P_DEFAULT));
      wall[i] = results::double_attr(root.get(), results::attr::kWallTimeS).value_or(wall[i]);
      for (const auto& k : f.kpis()) {
        if (!kpi.count(k.name)) {
          kpi_names.push_back(k.name);
          kpi_units[k.name] = k.unit;
          kpi[k.name].assign(n, std::numeric_limits<double>::quiet_NaN());
        }
        kpi[k.name][i] = k.value;
      }
      ++sum.complete;
    } else if (const auto fail = read_failure(layout, r)) {
      status[i] = "failed";
      exit_code[i] = fail->exit_code;
      error[i] = fail->error;
      ++sum.failed;
    } else {
      status[i] = "pending";
      ++sum.pending;
    }
  }

  const fs::path path = layout.index();
  const std::string tmp = path.string() + ".tmp";
  {
    io::H5Id f = results::create_checked_file(tmp);
    if (!f.valid()) throw InputError(fmt::format("file '{}': cannot create the sweep index", tmp));
    io::H5Id root(H5Gopen2(f.get(), "/", H5P_DEFAULT));
    io::set_attr(root.get(), results::attr::kFileType, std::string(results::kSweepIndexFileType));
    io::set_attr(root.get(), results::attr::kFormatVersion,
                 std::vector<std::int32_t>(results::kSweepIndexFormatVersion.begin(),
                                           results::kSweepIndexFormatVersion.end()));
    io::set_attr(root.get(), results::attr::kOganVersion, std::string(kVersion));
    io::set_attr(root.get(), results::attr::kCreatedUtc, io::utc_now());
    io::set_attr(root.get(), results::attr::kSweepName, spec.name);
    io::set_attr(root.get(), results::attr::kSweepFile, spec.file);
    const hid_t h = f.get();
    io::write_strings(h, results::path::kSweepYaml, {spec.yaml}, "the sweep file");
    io::write_vector(h, results::path::kRunsTask, task, "1",
                     "position in the sweep's run list (Slurm array index)");
    io::write_strings(h, results::path::kRunsId, id,
                      "run id: SHA-256 of the resolved scenario and seed, 12 hex digits");
    io::write_strings(h, results::path::kRunsScenario, scenario, "scenario name");
    io::write_strings(h, results::path::kRunsScenarioFile, scenario_file, "scenario file");
    io::write_strings(h, results::path::kRunsParameters, params,
                      "axis values, key=value, comma-separated");
    io::write_vector(h, results::path::kRunsSeed, seed, "1", "random seed");
    io::write_strings(h, results::path::kRunsStatus, status, "complete, failed or pending");
    io::write_vector(h, results::path::kRunsExitCode, exit_code, "1",
                     "exit code of the last attempt (-1 not run)");
    io::write_strings(h, results::path::kRunsError, error, "why the run failed");
    io::write_vector(h, results::path::kRunsWallTimeS, wall, "s",
                     "wall time of the run (NaN if not complete)");
    io::write_strings(h, results::path::kRunsFile, file,
                      "results file relative to the index (empty if not complete)");
    for (const auto& a : spec.axes) {
      std::vector<std::string> v(n);
      for (std::size_t i = 0; i < n; ++i)
        for (const auto& [k, val] : runs[i].params)
          if (k == a.key) v[i] = val;
      io::write_strings(h, results::join(results::path::kRunsParam, a.key), v,
                        "value of axis " + a.key + " (YAML text)");
    }
    for (const auto& k : kpi_names)
      io::write_vector(h, results::join(results::path::kRunsKpi, k), kpi[k], kpi_units[k],
                       "KPI " + k + " (NaN if not complete)");
    io::write_strings(h, results::path::kRunsKpiNames, kpi_names, "KPI names in /summary order");
    // External links resolve relative to the index's folder, so the sweep folder can be moved.
    io::ensure_group(h, results::path::kFiles);
    for (std::size_t i = 0; i < n; ++i) {
      if (file[i].empty()) continue;
      if (H5Lcreate_external(file[i].c_str(), "/", h,
                             results::join(results::path::kFiles, id[i]).c_str(), H5P_DEFAULT,
                             H5P_DEFAULT) < 0)
        throw InternalError(fmt::format("sweep index: cannot link {}", file[i]));
    }
  }
  const auto ec = files::durable_rename(tmp, path.string());
  if (ec)
    throw InputError(fmt::format("file '{}': cannot move the index into place: {}", path.string(),
                                 ec.message()));
  return sum;
}

}  // namespace ogan::sweep
