#include "engine/calibration/calibrate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <omp.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "engine/calibration/writer.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sha256.hpp"
#include "engine/results/durable_file.hpp"
#include "engine/run/observations_reader.hpp"
#include "engine/run/pipeline.hpp"

namespace ogan::calib {

namespace fs = std::filesystem;

namespace {

double now_s() {
  return run::steady_now_s();
}

// Keys under these are read into the world (roads, zones, facilities and their service
// parameters, transit, policies): a run with such a parameter loads its own world.
std::vector<std::string> sets_of(const Spec& s, const Point& x) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.parameters.size(); ++i)
    out.push_back(set_text(s.parameters[i].key, x[i]));
  return out;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  return fmt::format("{}", fmt::join(v, sep));
}

// The evaluations of one calibration: run the model or read what an earlier (interrupted)
// calibration in the same work folder found for the same values.
class Evaluator {
 public:
  Evaluator(const Options& o, const Spec& spec) : o_(o), spec_(spec) {
    run::RunOptions ro = base_options();
    const auto setup = run::configure(ro);
    sample_ = setup.plans.sample_rate;
    seed_ = setup.plans.seed;
    // The router is built once for every evaluation that shares the world (one that sets other
    // landmarks builds its own).
    world_ = run::shared_world(setup.cfg);
    share_world_ = true;
    for (const auto& p : spec_.parameters)
      share_world_ = share_world_ && !run::changes_world(p.key);
    const auto obs = run::read_observations(fs::absolute(o.observations).string(), *world_);
    if (obs.counts.empty() && obs.facilities.empty() && obs.travel_times.empty())
      throw InputError(
          fmt::format("observations '{}': no counts, facility records or travel "
                      "times to calibrate to",
                      o.observations));
    for (const auto& s : obs.stations) station_ids_.push_back(s.id);
    held_out_ = hold_out(obs.stations, spec_.holdout_share, spec_.holdout_seed);
    open_work_folder(setup);
  }

  double sample_rate() const { return sample_; }
  const std::vector<std::string>& station_ids() const { return station_ids_; }
  const std::vector<bool>& held_out() const { return held_out_; }
  int cached() const { return cached_; }
  int run_count() const { return ran_; }

  // Records of every point, in order; runs what is not cached, `jobs` at a time.
  std::vector<std::vector<Record>> records_of(const std::vector<Point>& pts) {
    std::vector<std::vector<Record>> out(pts.size());
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (load(pts[i], out[i])) {
        ++cached_;
        report(pts[i], out[i], "cached");
      } else {
        todo.push_back(i);
      }
    }
    const int jobs = std::max(1, std::min<int>(o_.jobs, static_cast<int>(todo.size())));
    const int threads =
        o_.threads > 0 ? o_.threads
                       : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / jobs);
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(todo.size());
    auto work = [&] {
      omp_set_num_threads(threads);
      for (std::size_t k = next++; k < todo.size(); k = next++) {
        try {
          const auto i = todo[k];
          const double t = now_s();
          out[i] = run_model(pts[i]);
          store(pts[i], out[i]);
          report(pts[i], out[i], fmt::format("{:.1f} s", now_s() - t));
        } catch (...) {
          errors[k] = std::current_exception();
        }
      }
    };
    if (jobs == 1) {
      work();
    } else {
      std::vector<std::thread> pool;
      for (int j = 0; j < jobs; ++j) pool.emplace_back(work);
      for (auto& t : pool) t.join();
    }
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    ran_ += static_cast<int>(todo.size());
    return out;
  }

  run::RunOptions base_options() const {
    run::RunOptions ro;
    ro.scenario = o_.scenario;
    ro.seed = o_.seed;
    ro.sample = o_.sample ? o_.sample : spec_.sample_rate;
    ro.iterations = o_.iterations ? o_.iterations : spec_.iterations;
    // A fixed number of iterations, none stopped early by the gap: candidates then differ by
    // their parameters only.
    if (ro.iterations) ro.sets.push_back("traffic.gap_tolerance=0");
    ro.observations = o_.observations;
    return ro;
  }
  std::shared_ptr<const scenario::World> shared_world() const {
    return share_world_ ? world_ : nullptr;
  }

 private:
  std::vector<Record> run_model(const Point& x) const {
    auto ro = base_options();
    for (auto& v : sets_of(spec_, x)) ro.sets.push_back(std::move(v));
    auto setup = run::configure(ro);
    std::unique_ptr<run::Run> r = share_world_ ? std::make_unique<run::Run>(setup, world_)
                                               : std::make_unique<run::Run>(setup);
    r->assign();
    r->finish_day();
    return records(r->compare_observations(), held_out_);
  }

  fs::path file_of(const Point& x) const {
    return work_ / "evaluations" /
           (sha256_text(join(sets_of(spec_, x), "\n")).substr(0, 16) + ".txt");
  }

  bool load(const Point& x, std::vector<Record>& out) const {
    std::ifstream in(file_of(x));
    if (!in) return false;
    std::string line;
    std::getline(in, line);
    if (line != join(sets_of(spec_, x), " ")) return false;  // a hash collision: run it
    out.clear();
    bool complete = false;
    while (std::getline(in, line)) {
      if (line == "end") {
        complete = true;
        break;
      }
      std::istringstream s(line);
      int kind = 0, index = 0, fitted = 0;
      Record r;
      std::string sim;
      if (!(s >> kind >> index >> r.hours >> r.observed >> sim >> r.served >> fitted) || kind < 0 ||
          kind >= kKinds)
        return false;
      r.kind = static_cast<Kind>(kind);
      r.index = index;
      r.simulated = sim == "nan" ? std::nan("") : std::stod(sim);
      r.fitted = fitted != 0;
      out.push_back(r);
    }
    return complete;
  }

  void store(const Point& x, const std::vector<Record>& rs) const {
    std::string text = join(sets_of(spec_, x), " ") + "\n";
    for (const auto& r : rs) {
      text += fmt::format("{} {} {} {} {} {} {}\n", static_cast<int>(r.kind), r.index,
                          number_text(r.hours), number_text(r.observed),
                          std::isnan(r.simulated) ? "nan" : number_text(r.simulated),
                          number_text(r.served), r.fitted ? 1 : 0);
    }
    text += "end\n";
    files::write_text(file_of(x).string(), text);
  }

  void report(const Point& x, const std::vector<Record>& rs, const std::string& how) {
    if (!o_.verbose) return;
    const std::lock_guard<std::mutex> lock(print_);
    const double phi = 0.5 * [&] {
      double s = 0;
      for (double v : residuals(rs, sample_)) s += v * v;
      return s;
    }();
    fmt::print("evaluation {:>3}: {} -> misfit {:.1f} ({})\n", ++printed_,
               join(sets_of(spec_, x), " "), phi, how);
    std::fflush(stdout);
  }

  // The work folder remembers what it was made for: a calibration of another scenario, other
  // observations or another block must not reuse its evaluations.
  void open_work_folder(const run::Setup& setup) {
    work_ = o_.work_dir;
    std::string ctx = "ogan calibration work folder\n";
    ctx += "scenario " + sha256_text(setup.cfg.doc.resolved_yaml()) + "\n";
    ctx += fmt::format(
        "seed {} sample {} iterations {}\n", seed_, number_text(sample_),
        base_options().iterations ? std::to_string(*base_options().iterations) : "scenario");
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(o_.observations))
      if (e.is_regular_file()) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files)
      ctx += "observations " + fs::path(f).filename().string() + " " + sha256_file(f) + "\n";
    const fs::path stamp = work_ / "context.txt";
    std::error_code ec;
    if (fs::exists(stamp, ec)) {
      std::ifstream in(stamp);
      std::stringstream old;
      old << in.rdbuf();
      if (old.str() != ctx)
        throw InputError(fmt::format(
            "work folder '{}' holds the evaluations of another calibration (another scenario, "
            "observations, seed or sample); give another --work-dir or remove it",
            work_.string()));
    }
    fs::create_directories(work_ / "evaluations", ec);
    if (ec)
      throw InputError(
          fmt::format("work folder '{}': cannot create it: {}", work_.string(), ec.message()));
    files::write_text(stamp.string(), ctx);
  }

  const Options& o_;
  const Spec& spec_;
  double sample_ = 1;
  std::uint64_t seed_ = 0;
  std::shared_ptr<const scenario::World> world_;
  bool share_world_ = true;
  std::vector<std::string> station_ids_;
  std::vector<bool> held_out_;
  fs::path work_;
  int cached_ = 0, ran_ = 0, printed_ = 0;
  std::mutex print_;
};

// The calibrated scenario: the input extended with the fitted values, nested by key path.
struct Tree {
  std::map<std::string, Tree> children;
  std::string value;
};

void emit(const Tree& t, int depth, std::string& out) {
  for (const auto& [k, c] : t.children) {
    out += std::string(2 * static_cast<std::size_t>(depth), ' ') + k + ":";
    if (c.children.empty()) {
      out += " " + c.value + "\n";
    } else {
      out += "\n";
      emit(c, depth + 1, out);
    }
  }
}

std::string calibrated_yaml(const Summary& s, const Options& o) {
  const auto rel = fs::relative(fs::absolute(o.scenario), fs::absolute(o.output).parent_path());
  std::string out = fmt::format(
      "# Calibrated by `ogan calibrate {} --observations {}`: {} evaluations; {}.\n"
      "# The fitted values override the scenario it extends; the report is {}.\n",
      o.scenario, o.observations, s.search.evaluations, s.search.stop_reason,
      fs::path(s.report).filename().string());
  out += "extends: \"" + rel.generic_string() + "\"\n";
  out += "name: " + fs::path(o.output).stem().string() + "\n";
  Tree root;
  for (const auto& p : s.parameters) {
    Tree* t = &root;
    std::stringstream ss(p.parameter.key);
    for (std::string part; std::getline(ss, part, '.');) t = &t->children[part];
    t->value = number_text(p.fitted);
  }
  emit(root, 0, out);
  return out;
}

}  // namespace

Summary calibrate(const Options& in) {
  const double t0 = now_s();
  Options o = in;
  if (o.output.empty()) throw InputError("calibrate: -o: the calibrated scenario file is required");
  if (const auto why = files::output_problem(o.output); !why.empty())
    throw InputError(fmt::format("calibrated scenario '{}': {}", o.output, why));
  if (o.work_dir.empty())
    o.work_dir = (fs::path(o.output).parent_path() / (fs::path(o.output).stem().string() + ".work"))
                     .string();
  if (o.jobs < 1) throw InputError(fmt::format("--jobs: expected at least 1, got {}", o.jobs));
  std::error_code ec;
  if (!fs::is_directory(o.observations, ec))
    throw InputError(fmt::format("observations '{}': not a folder", o.observations));

  Summary s;
  s.spec = load_spec(o.scenario);
  if (o.max_evaluations) s.spec.max_evaluations = *o.max_evaluations;
  Evaluator ev(o, s.spec);
  s.sample_rate = ev.sample_rate();
  s.station_ids = ev.station_ids();
  s.held_out = ev.held_out();

  Bounds b;
  for (const auto& p : s.spec.parameters) {
    b.lower.push_back(p.min);
    b.upper.push_back(p.max);
    b.prior.push_back(p.prior);
    b.prior_sd.push_back(p.prior_sd);
  }
  std::vector<Record> first, last;
  const BatchModel model = [&](const std::vector<Point>& pts) {
    const auto recs = ev.records_of(pts);
    std::vector<Residuals> out;
    for (const auto& r : recs) out.push_back(residuals(r, ev.sample_rate()));
    if (first.empty() && !recs.empty()) first = recs.front();
    return out;
  };
  LmOptions lo;
  lo.max_evaluations = s.spec.max_evaluations;
  lo.max_wall_s = s.spec.max_wall_min * 60;
  lo.tolerance = s.spec.tolerance;
  lo.fd_step = s.spec.fd_step;
  s.search = levenberg_marquardt(model, b, lo);
  last = ev.records_of({s.search.best}).front();
  for (std::size_t i = 0; i < s.spec.parameters.size(); ++i) {
    s.parameters.push_back({s.spec.parameters[i], s.search.best[i], s.search.std_error[i]});
  }
  s.correlation = s.search.correlation;
  s.before_fitted = fit(first, false, s.sample_rate);
  s.before_held_out = fit(first, true, s.sample_rate);
  s.after_fitted = fit(last, false, s.sample_rate);
  s.after_held_out = fit(last, true, s.sample_rate);
  s.cached_evaluations = ev.cached();

  s.output = o.output;
  const auto stem = fs::path(o.output).parent_path() / fs::path(o.output).stem();
  s.report = stem.string() + ".md";
  files::write_text(o.output, calibrated_yaml(s, o));
  if (o.write_results) {
    s.results = stem.string() + ".h5";
    // The calibrated scenario run once more, its results with the calibration beside them.
    auto ro = ev.base_options();
    for (auto& v : sets_of(s.spec, s.search.best)) ro.sets.push_back(std::move(v));
    const auto world = ev.shared_world();
    auto r_ptr = world ? std::make_unique<run::Run>(run::configure(ro), world)
                       : std::make_unique<run::Run>(run::configure(ro));
    auto& r = *r_ptr;
    r.assign();
    r.finish_day();
    const std::string partial = s.results + ".partial";
    r.write(partial);
    s.wall_s = now_s() - t0;
    write_calibration_group(partial, s);
    files::move_into_place(partial, s.results);
  }
  s.wall_s = now_s() - t0;
  files::write_text(s.report, report_markdown(s, o));
  return s;
}

}  // namespace ogan::calib
