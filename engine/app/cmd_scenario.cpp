#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <fstream>
#include <map>

#include "engine/app/commands.hpp"
#include "engine/core/error.hpp"
#include "engine/results/reader.hpp"
#include "engine/scenario/options.hpp"
#include "engine/scenario/policies/policy.hpp"
#include "engine/scenario/world.hpp"

namespace ogan::app {

namespace {

struct ValidateArgs {
  std::string scenario;
  std::vector<std::string> sets;
};

struct CompareArgs {
  std::string a, b;
  std::string format = "table";
  std::string output;
};

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o;
}

void compare(const CompareArgs& a) {
  const results::Reader fa(a.a), fb(a.b);
  std::map<std::string, results::Kpi> kb;
  for (const auto& k : fb.kpis()) kb[k.name] = k;
  struct Row {
    std::string name, unit;
    double base, policy, delta, pct;
  };
  std::vector<Row> rows;
  for (const auto& k : fa.kpis()) {
    auto it = kb.find(k.name);
    if (it == kb.end()) continue;
    const double d = it->second.value - k.value;
    const double pct = k.value != 0 ? 100.0 * d / std::abs(k.value) : (d == 0 ? 0.0 : NAN);
    rows.push_back({k.name, k.unit, k.value, it->second.value, d, pct});
  }
  std::string out;
  if (a.format == "csv") {
    out = "kpi,unit,base,policy,delta,delta_percent\n";
    for (const auto& r : rows) {
      out += fmt::format("{},{},{},{},{},{}\n", r.name, r.unit, r.base, r.policy, r.delta,
                         std::isnan(r.pct) ? std::string() : fmt::format("{}", r.pct));
    }
  } else if (a.format == "json") {
    out = fmt::format("{{\"base\": \"{}\", \"policy\": \"{}\", \"kpis\": [\n",
                      json_escape(fa.attr(results::attr::kScenarioName)),
                      json_escape(fb.attr(results::attr::kScenarioName)));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      out += fmt::format(
          "  {{\"kpi\": \"{}\", \"unit\": \"{}\", \"base\": {}, \"policy\": {}, \"delta\": {}, "
          "\"delta_percent\": {}}}{}\n",
          json_escape(r.name), json_escape(r.unit), r.base, r.policy, r.delta,
          std::isnan(r.pct) ? std::string("null") : fmt::format("{}", r.pct),
          i + 1 < rows.size() ? "," : "");
    }
    out += "]}\n";
  } else {
    out = fmt::format("{:<36} {:>14} {:>14} {:>14} {:>9}  {}\n", "KPI",
                      fa.attr(results::attr::kScenarioName), fb.attr(results::attr::kScenarioName),
                      "delta", "delta %", "unit");
    for (const auto& r : rows) {
      out += fmt::format(
          "{:<36} {:>14.6g} {:>14.6g} {:>+14.6g} {:>9}  {}\n", r.name, r.base, r.policy, r.delta,
          std::isnan(r.pct) ? std::string("-") : fmt::format("{:+.1f}%", r.pct), r.unit);
    }
  }
  if (a.output.empty()) {
    fmt::print("{}", out);
  } else {
    std::ofstream f(a.output);
    if (!f) throw InputError(fmt::format("file '{}': cannot be written", a.output));
    f << out;
    fmt::print("written: {}\n", a.output);
  }
}

}  // namespace

void add_scenario_commands(CLI::App& app, Action& action) {
  auto* validate =
      app.add_subcommand("validate", "Check a scenario without running it: every problem at once");
  static ValidateArgs v;
  validate->add_option("SCENARIO", v.scenario, "Scenario .yaml")->required();
  validate->add_option("--set", v.sets, "Override a value: key.path=value (repeatable)");
  static bool quick = false;
  validate->add_flag("--quick", quick,
                     "Only the scenario files (keys, types, ranges, paths), not the layers they "
                     "name nor the names policies use");
  validate->callback([&action] {
    action = [] {
      const auto cfg = scenario::load_world_config(v.scenario, v.sets);
      // What `ogan run` would reject later: every layer read and checked, the network built,
      // the names policies refer to found, the CRS tried. Everything but the day itself.
      if (!quick) {
        const auto world = scenario::load_world(cfg);
        fmt::print("{}: world loaded: {} zones, {} links, {} facilities\n", cfg.doc.name,
                   world.zones.size(), world.network.num_links(), world.facility_list.size());
      }
      fmt::print("{}: valid ({} file(s): {}; {} polic{})\n", cfg.doc.name, cfg.doc.files.size(),
                 fmt::join(cfg.doc.files, " <- "), cfg.policies.descriptions().size(),
                 cfg.policies.descriptions().size() == 1 ? "y" : "ies");
    };
  });

  auto* cmp = app.add_subcommand("compare", "KPI differences between two results files (B - A)");
  static CompareArgs c;
  cmp->add_option("A", c.a, "Base results .h5")->required();
  cmp->add_option("B", c.b, "Policy results .h5")->required();
  cmp->add_option("--format", c.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  cmp->add_option("-o,--output", c.output, "Write to this file instead of the terminal");
  cmp->callback([&action] { action = [] { compare(c); }; });

  auto* sc = app.add_subcommand("scenario", "About scenario files");
  sc->require_subcommand(1);
  auto* options = sc->add_subcommand(
      "options", "Every scenario option with its type, unit, default and meaning");
  static bool markdown = false;
  options->add_flag("--markdown", markdown, "As the Markdown of docs/scenario-format.md");
  options->callback([&action] {
    action = [] {
      if (markdown) {
        fmt::print("{}", scenario::options_markdown());
        return;
      }
      for (const auto& o : scenario::option_registry()) {
        fmt::print("{:<44} {:<12} {:<8} {:<12} {}\n", o.path, scenario::type_name(o.type), o.unit,
                   o.default_value, o.description);
      }
    };
  });
  auto* policies = sc->add_subcommand("policies", "Every policy type with its keys and effect");
  static bool policies_markdown = false;
  policies->add_flag("--markdown", policies_markdown, "As the Markdown table of docs/policies.md");
  policies->callback([&action] {
    action = [] {
      if (policies_markdown) {
        fmt::print("{}", scenario::policies_markdown());
        return;
      }
      for (const auto& [name, t] : scenario::policy_types())
        fmt::print("{:<18} {}\n", name, t.effect);
    };
  });
}

}  // namespace ogan::app
