#include "engine/population/synthesis.hpp"

#include <algorithm>
#include <numeric>

#include "engine/core/rng.hpp"
#include "engine/population/ipf.hpp"

namespace ogan::pop {

const char* role_name(Role r) {
  static const char* kNames[kRoles] = {"child",       "student_sd",  "student_smp",
                                       "student_sma", "student_uni", "worker",
                                       "unemployed",  "homemaker",   "retired"};
  return kNames[static_cast<int>(r)];
}

namespace {

struct LocalPerson {
  std::uint8_t age;
  std::uint8_t female;
};

struct ZoneResult {
  std::vector<LocalPerson> persons;  // grouped by household
  std::vector<std::uint8_t> hh_size;
  std::vector<std::uint8_t> hh_motorcycles;
  std::vector<std::uint8_t> hh_cars;
  double ipf_error = 0;
};

template <typename T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.uniform() * static_cast<double>(i));
    std::swap(v[i - 1], v[std::min(j, i - 1)]);
  }
}

ZoneResult synthesise_zone(std::size_t z, const ZoneInput& in, const Assumptions& a,
                           std::uint64_t seed) {
  ZoneResult r;
  const auto male = in.male[z];
  const auto female = in.female[z];
  const std::int64_t n = male + female;
  if (n == 0) return r;

  // Age x sex: seed from the assumed age structure, margins = the zone's sex totals (controls)
  // and its age totals (the pooled age structure).
  Eigen::ArrayXXd seed_table(kAgeBands, 2);
  Eigen::ArrayXd rows(kAgeBands), cols(2);
  for (int b = 0; b < kAgeBands; ++b) {
    seed_table(b, 0) = a.age_male[b] * static_cast<double>(male);
    seed_table(b, 1) = a.age_female[b] * static_cast<double>(female);
  }
  const double mean_male = static_cast<double>(male) / static_cast<double>(n);
  for (int b = 0; b < kAgeBands; ++b) {
    rows(b) =
        static_cast<double>(n) * (mean_male * a.age_male[b] + (1 - mean_male) * a.age_female[b]);
  }
  cols << static_cast<double>(male), static_cast<double>(female);
  const IpfResult fit = ipf_2d(seed_table, rows, cols);
  r.ipf_error = fit.max_error;
  const auto counts = integerise_columns(fit.table);

  Rng zrng(seed, StreamId::Households, z);
  std::vector<LocalPerson> people;
  people.reserve(static_cast<std::size_t>(n));
  for (int sex = 0; sex < 2; ++sex) {
    for (int b = 0; b < kAgeBands; ++b) {
      const int width = b == kAgeBands - 1 ? 15 : 5;
      for (std::int64_t k = 0; k < counts(b, sex); ++k) {
        const int age = b * 5 + std::min(width - 1, static_cast<int>(zrng.uniform() * width));
        people.push_back({static_cast<std::uint8_t>(age), static_cast<std::uint8_t>(sex)});
      }
    }
  }

  // Households: heads are adults (preferably 25-69); the other members fill slots drawn from the
  // household-size distribution.
  std::vector<std::uint32_t> adults, others;
  for (std::uint32_t i = 0; i < people.size(); ++i)
    (people[i].age >= 18 ? adults : others).push_back(i);
  shuffle(adults, zrng);
  std::stable_partition(adults.begin(), adults.end(),
                        [&](std::uint32_t i) { return people[i].age >= 25 && people[i].age < 70; });
  const auto wanted =
      static_cast<std::size_t>(std::llround(static_cast<double>(n) / a.household_mean));
  const std::size_t h_count =
      std::clamp<std::size_t>(wanted, adults.empty() ? 0 : 1, adults.size());
  if (h_count == 0) {
    // No adults at all (a tiny zone): one household, so that nobody is lost.
    r.persons = people;
    r.hh_size = {static_cast<std::uint8_t>(std::min<std::size_t>(people.size(), 255))};
    r.hh_motorcycles = {0};
    r.hh_cars = {0};
    return r;
  }
  for (std::size_t i = h_count; i < adults.size(); ++i) others.push_back(adults[i]);
  adults.resize(h_count);
  shuffle(others, zrng);
  std::vector<std::uint32_t> slots;
  for (std::uint32_t h = 0; h < h_count; ++h) {
    const std::size_t size = zrng.pick(a.household_size) + 1;
    for (std::size_t k = 1; k < size; ++k) slots.push_back(h);
  }
  shuffle(slots, zrng);
  std::vector<std::vector<std::uint32_t>> members(h_count);
  for (std::uint32_t h = 0; h < h_count; ++h) members[h].push_back(adults[h]);
  for (std::size_t i = 0; i < others.size(); ++i) {
    const std::uint32_t h = i < slots.size() ? slots[i] : static_cast<std::uint32_t>(i % h_count);
    members[h].push_back(others[i]);
  }
  const auto& moto = in.urban[z] ? a.motorcycles_urban : a.motorcycles_rural;
  const double car = in.urban[z] ? a.car_share_urban : a.car_share_rural;
  for (std::uint32_t h = 0; h < h_count; ++h) {
    // Households above 255 people cannot happen with 8+ capped slots; the cap is a safeguard.
    for (auto p : members[h]) r.persons.push_back(people[p]);
    r.hh_size.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(members[h].size(), 255)));
    Rng hrng(seed, StreamId::Households, (static_cast<std::uint64_t>(z) << 32) | h, 1);
    r.hh_motorcycles.push_back(static_cast<std::uint8_t>(hrng.pick(moto)));
    r.hh_cars.push_back(hrng.bernoulli(car) ? 1 : 0);
  }
  return r;
}

Role draw_role(int age, bool female, const Assumptions& a, Rng& rng) {
  const double u = rng.uniform();
  if (age < 7) return Role::Child;
  if (age <= 12) return u < a.enrol_sd ? Role::StudentSD : Role::Child;
  if (age <= 14) return u < a.enrol_smp ? Role::StudentSMP : Role::Child;
  if (age == 15) return u < a.enrol_smp ? Role::StudentSMP : Role::Homemaker;
  if (age <= 18 && u < a.enrol_sma) return Role::StudentSMA;
  if (age >= 19 && age <= 23 && u < a.enrol_university) return Role::StudentUni;
  double participation = female ? a.participation_female : a.participation_male;
  // Past retirement age many still farm or trade; participation halves rather than stops.
  if (age >= a.retirement_age) participation *= a.participation_after_retirement;
  const double v = rng.uniform();
  if (v < participation * (1 - a.unemployment)) return Role::Worker;
  if (v < participation) return Role::Unemployed;
  return age >= a.retirement_age ? Role::Retired : Role::Homemaker;
}

int access_priority(Role r) {
  switch (r) {
    case Role::Worker:
      return 0;
    case Role::StudentUni:
      return 1;
    case Role::StudentSMA:
      return 2;
    case Role::Homemaker:
      return 3;
    default:
      return 4;
  }
}

}  // namespace

Population synthesise(const ZoneInput& in, const Assumptions& a, std::uint64_t seed,
                      SynthesisReport* report) {
  const std::size_t nz = in.male.size();
  std::vector<ZoneResult> results(nz);
#pragma omp parallel for schedule(dynamic)
  for (std::size_t z = 0; z < nz; ++z) results[z] = synthesise_zone(z, in, a, seed);

  Population p;
  for (std::size_t z = 0; z < nz; ++z) {
    const ZoneResult& r = results[z];
    std::size_t k = 0;
    for (std::size_t h = 0; h < r.hh_size.size(); ++h) {
      const auto hid = static_cast<std::int32_t>(p.hh_zone.size());
      p.hh_zone.push_back(static_cast<std::int32_t>(z));
      p.hh_first_person.push_back(static_cast<std::int32_t>(p.household.size()));
      p.hh_size.push_back(r.hh_size[h]);
      p.hh_motorcycles.push_back(r.hh_motorcycles[h]);
      p.hh_cars.push_back(r.hh_cars[h]);
      for (std::size_t m = 0; m < r.hh_size[h]; ++m, ++k) {
        p.household.push_back(hid);
        p.female.push_back(r.persons[k].female);
        p.age.push_back(r.persons[k].age);
      }
    }
  }
  const std::size_t np = p.household.size();
  p.role.resize(np);
  p.sector.assign(np, Sector::None);
  p.licence.assign(np, 0);
  p.motorcycle_access.assign(np, 0);
  std::vector<std::uint8_t> rider(np, 0);
  p.hh_x.assign(p.num_households(), 0);
  p.hh_y.assign(p.num_households(), 0);
  p.hh_link.assign(p.num_households(), -1);
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < np; ++i) {
    Rng rng(seed, StreamId::PersonAttributes, i);
    const bool female = p.female[i] != 0;
    const int age = p.age[i];
    p.role[i] = draw_role(age, female, a, rng);
    if (p.role[i] == Role::Worker) {
      const auto& shares = in.urban[p.hh_zone[p.household[i]]] ? a.sectors_urban : a.sectors_rural;
      p.sector[i] = static_cast<Sector>(rng.pick(shares));
    }
    // Licence holding: assumption, see docs/population-assumptions.md.
    const double licence_p = age < a.licence_age_min ? 0.0
                             : age < a.licence_older_age
                                 ? (female ? a.licence_female : a.licence_male)
                                 : (female ? a.licence_female_older : a.licence_male_older);
    p.licence[i] = rng.bernoulli(licence_p) ? 1 : 0;
    // Riding below the licence age is illegal but common for secondary-school students; the
    // share is an assumption (docs/population-assumptions.md). They may ride, not hold a licence.
    const bool underage_rider = age >= a.underage_riding_min_age && age < a.licence_age_min &&
                                rng.bernoulli(a.underage_riding);
    rider[i] = p.licence[i] || underage_rider;
  }
  // Motorcycles go to riders by priority (workers first). A household's motorcycles serve one
  // rider more than their number, since not everybody rides at the same hours.
#pragma omp parallel for schedule(static)
  for (std::size_t h = 0; h < p.num_households(); ++h) {
    std::vector<std::int32_t> riders;
    for (int m = 0; m < p.hh_size[h]; ++m) {
      const auto i = p.hh_first_person[h] + m;
      if (rider[i]) riders.push_back(i);
    }
    std::stable_sort(riders.begin(), riders.end(), [&](auto x, auto y) {
      return access_priority(p.role[x]) < access_priority(p.role[y]);
    });
    const std::size_t slots = p.hh_motorcycles[h] == 0 ? 0 : p.hh_motorcycles[h] + 1u;
    for (std::size_t k = 0; k < riders.size() && k < slots; ++k) {
      p.motorcycle_access[riders[k]] = 1;
    }
  }
  if (report) {
    report->ipf_max_error.clear();
    for (const auto& r : results) report->ipf_max_error.push_back(r.ipf_error);
    report->persons = static_cast<std::int64_t>(np);
    report->households = static_cast<std::int64_t>(p.num_households());
  }
  return p;
}

}  // namespace ogan::pop
