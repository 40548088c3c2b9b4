#include "engine/population/assumptions.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <numeric>

#include "engine/core/error.hpp"

namespace ogan::pop {

const char* sector_name(Sector s) {
  static const char* kNames[kSectors] = {"none", "agriculture", "industry", "trade",
                                         "services", "government", "transport"};
  return kNames[static_cast<int>(s)];
}

namespace {

class Yaml {
 public:
  explicit Yaml(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& n, const std::string& key, const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}: {}", file_, n.Mark().line + 1, key, what));
  }
  YAML::Node need(const YAML::Node& parent, const std::string& parent_key, const char* key) const {
    const YAML::Node n = parent[key];
    if (!n) fail(parent, parent_key + "." + key, "missing");
    return n;
  }
  double number(const YAML::Node& parent, const std::string& parent_key, const char* key) const {
    const YAML::Node n = need(parent, parent_key, key);
    try {
      return n.as<double>();
    } catch (const YAML::Exception&) {
      fail(n, parent_key + "." + key, "expected a number");
    }
  }
  std::vector<double> shares(const YAML::Node& parent, const std::string& parent_key,
                             const char* key, std::size_t size) const {
    const YAML::Node n = need(parent, parent_key, key);
    const std::string k = parent_key + "." + key;
    if (!n.IsSequence() || (size > 0 && n.size() != size)) {
      fail(n, k, fmt::format("expected a list of {} shares", size));
    }
    std::vector<double> v;
    for (const auto& x : n) {
      try {
        v.push_back(x.as<double>());
      } catch (const YAML::Exception&) {
        fail(x, k, "expected a number");
      }
      if (v.back() < 0) fail(x, k, "shares must not be negative");
    }
    normalise(v, n, k);
    return v;
  }
  void normalise(std::vector<double>& v, const YAML::Node& n, const std::string& k) const {
    const double s = std::accumulate(v.begin(), v.end(), 0.0);
    if (std::abs(s - 1.0) > 0.01) fail(n, k, fmt::format("shares sum to {:.4f}, expected 1", s));
    for (double& x : v) x /= s;
  }
  SectorShares sectors(const YAML::Node& parent, const std::string& parent_key, const char* key) const {
    const YAML::Node n = need(parent, parent_key, key);
    const std::string k = parent_key + "." + key;
    std::vector<double> v(kSectors, 0.0);
    for (int s = 1; s < kSectors; ++s) {
      v[s] = number(n, k, sector_name(static_cast<Sector>(s)));
    }
    normalise(v, n, k);
    SectorShares out{};
    std::copy(v.begin(), v.end(), out.begin());
    return out;
  }

 private:
  std::string file_;
};

template <std::size_t N>
std::array<double, N> to_array(const std::vector<double>& v) {
  std::array<double, N> a{};
  std::copy(v.begin(), v.end(), a.begin());
  return a;
}

}  // namespace

Assumptions load_assumptions(const std::string& path) {
  if (!std::filesystem::exists(path)) throw InputError(fmt::format("file '{}': does not exist", path));
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    throw InputError(fmt::format("{}:{}: not valid YAML: {}", path, e.mark.line + 1, e.msg));
  }
  Yaml y(path);
  Assumptions a;
  const auto age = y.need(root, "", "age_sex");
  a.age_male = to_array<kAgeBands>(y.shares(age, "age_sex", "male", kAgeBands));
  a.age_female = to_array<kAgeBands>(y.shares(age, "age_sex", "female", kAgeBands));
  const auto hh = y.need(root, "", "household_size");
  a.household_size = y.shares(hh, "household_size", "shares", 8);
  a.household_mean = y.number(hh, "household_size", "mean");
  const auto enr = y.need(root, "", "school_enrolment");
  a.enrol_sd = y.number(enr, "school_enrolment", "sd");
  a.enrol_smp = y.number(enr, "school_enrolment", "smp");
  a.enrol_sma = y.number(enr, "school_enrolment", "sma");
  a.enrol_university = y.number(enr, "school_enrolment", "university");
  const auto lab = y.need(root, "", "labour");
  a.participation_male = y.number(lab, "labour", "participation_male");
  a.participation_female = y.number(lab, "labour", "participation_female");
  a.unemployment = y.number(lab, "labour", "unemployment");
  a.retirement_age = static_cast<int>(y.number(lab, "labour", "retirement_age"));
  const auto sec = y.need(root, "", "employment_sectors");
  a.sectors_urban = y.sectors(sec, "employment_sectors", "urban");
  a.sectors_rural = y.sectors(sec, "employment_sectors", "rural");
  const auto veh = y.need(root, "", "vehicles");
  a.motorcycles_urban = to_array<4>(y.shares(veh, "vehicles", "motorcycles_urban", 4));
  a.motorcycles_rural = to_array<4>(y.shares(veh, "vehicles", "motorcycles_rural", 4));
  a.car_share_urban = y.number(veh, "vehicles", "car_share_urban");
  a.car_share_rural = y.number(veh, "vehicles", "car_share_rural");
  a.licence_age_min = static_cast<int>(y.number(veh, "vehicles", "licence_age_min"));
  if (veh["underage_riding"]) a.underage_riding = y.number(veh, "vehicles", "underage_riding");
  const auto svc = y.need(root, "", "service_rates");
  a.puskesmas_visits_per_year = y.number(svc, "service_rates", "puskesmas_visits_per_person_year");
  a.hospital_outpatient_per_year = y.number(svc, "service_rates", "hospital_outpatient_per_person_year");
  a.civil_registry_per_year = y.number(svc, "service_rates", "civil_registry_services_per_person_year");
  for (double p : {a.enrol_sd, a.enrol_smp, a.enrol_sma, a.enrol_university, a.participation_male,
                   a.participation_female, a.unemployment, a.car_share_urban, a.car_share_rural}) {
    if (p < 0 || p > 1) throw InputError(fmt::format("{}: a rate is outside [0, 1]: {}", path, p));
  }
  return a;
}

}  // namespace ogan::pop
