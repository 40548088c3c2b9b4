#include <gtest/gtest.h>
#include <omp.h>

#include <numeric>

#include "engine/core/error.hpp"
#include "engine/population/assumptions.hpp"
#include "engine/population/controls.hpp"
#include "engine/population/synthesis.hpp"

using namespace ogan;
using namespace ogan::pop;

namespace {

std::string assumptions_path() {
  return std::string(OGAN_SOURCE_DIR) + "/data/facts/population_assumptions.yaml";
}

ZoneInput three_zones() {
  ZoneInput in;
  in.male = {5000, 1200, 0};
  in.female = {4800, 1100, 7};
  in.urban = {1, 0, 0};
  return in;
}

TEST(Synthesis, ZoneAndSexTotalsMatchTheControlsExactly) {
  const Assumptions a = load_assumptions(assumptions_path());
  const ZoneInput in = three_zones();
  SynthesisReport rep;
  const Population p = synthesise(in, a, 42, &rep);
  std::vector<std::int64_t> male(3, 0), female(3, 0);
  for (std::size_t i = 0; i < p.num_persons(); ++i) (p.female[i] ? female : male)[p.zone_of(i)]++;
  EXPECT_EQ(male, in.male);
  EXPECT_EQ(female, in.female);
  for (double e : rep.ipf_max_error) EXPECT_LT(e, 1e-6);
}

TEST(Synthesis, HouseholdsAreConsistent) {
  const Assumptions a = load_assumptions(assumptions_path());
  const Population p = synthesise(three_zones(), a, 42);
  std::size_t persons = 0;
  for (std::size_t h = 0; h < p.num_households(); ++h) {
    ASSERT_GE(p.hh_size[h], 1);
    EXPECT_EQ(static_cast<std::size_t>(p.hh_first_person[h]), persons);
    persons += p.hh_size[h];
    int access = 0;
    for (int m = 0; m < p.hh_size[h]; ++m) {
      const auto i = p.hh_first_person[h] + m;
      EXPECT_EQ(p.household[i], static_cast<std::int32_t>(h));
      access += p.motorcycle_access[i];
      if (p.motorcycle_access[i]) {
        EXPECT_TRUE(p.licence[i] || (p.age[i] >= 14 && p.age[i] < a.licence_age_min));
      }
    }
    EXPECT_LE(access, p.hh_motorcycles[h] == 0 ? 0 : p.hh_motorcycles[h] + 1);
    if (p.hh_zone[h] != 2) {
      EXPECT_GE(p.age[p.hh_first_person[h]], 18) << "household head";
    }
  }
  EXPECT_EQ(persons, p.num_persons());
  // Zone 0: 9,800 people at a mean of 3.8 per household.
  std::size_t h0 = 0;
  for (auto z : p.hh_zone) h0 += z == 0;
  EXPECT_NEAR(9800.0 / static_cast<double>(h0), a.household_mean, 0.05);
}

TEST(Synthesis, RolesFollowAgeAndTheAssumedRates) {
  const Assumptions a = load_assumptions(assumptions_path());
  ZoneInput in;
  in.male = {60000};
  in.female = {60000};
  in.urban = {1};
  const Population p = synthesise(in, a, 7);
  std::array<std::int64_t, 3> sd{};  // enrolled, age 7-12
  std::int64_t workers = 0, adults = 0, licensed_minors = 0;
  for (std::size_t i = 0; i < p.num_persons(); ++i) {
    const int age = p.age[i];
    if (age < 7) {
      EXPECT_EQ(p.role[i], Role::Child);
    }
    if (age >= 7 && age <= 12) {
      ++sd[1];
      sd[0] += p.role[i] == Role::StudentSD;
    }
    if (p.role[i] == Role::StudentSMP) {
      EXPECT_TRUE(age >= 13 && age <= 15);
    }
    EXPECT_EQ(p.role[i] == Role::Worker, p.sector[i] != Sector::None);
    if (age >= 25 && age < 55) {
      ++adults;
      workers += p.role[i] == Role::Worker;
    }
    licensed_minors += age < 17 && p.licence[i];
  }
  EXPECT_NEAR(static_cast<double>(sd[0]) / static_cast<double>(sd[1]), a.enrol_sd, 0.01);
  const double expect = (a.participation_male + a.participation_female) / 2 * (1 - a.unemployment);
  EXPECT_NEAR(static_cast<double>(workers) / static_cast<double>(adults), expect, 0.02);
  EXPECT_EQ(licensed_minors, 0);
}

TEST(Synthesis, IdenticalForOneAndTwoThreads) {
  const Assumptions a = load_assumptions(assumptions_path());
  const ZoneInput in = three_zones();
  omp_set_num_threads(1);
  const Population one = synthesise(in, a, 99);
  omp_set_num_threads(2);
  const Population two = synthesise(in, a, 99);
  EXPECT_EQ(one.age, two.age);
  EXPECT_EQ(one.female, two.female);
  EXPECT_EQ(one.household, two.household);
  EXPECT_EQ(one.role, two.role);
  EXPECT_EQ(one.sector, two.sector);
  EXPECT_EQ(one.motorcycle_access, two.motorcycle_access);
  EXPECT_EQ(one.hh_motorcycles, two.hh_motorcycles);
  const Population other_seed = synthesise(in, a, 100);
  EXPECT_NE(one.age, other_seed.age);
}

TEST(Disaggregation, KecamatanTotalsAreKeptAndKelurahanAreDenser) {
  gis::Zones z;
  z.id = {"k1", "d1", "d2", "x1"};
  z.name = {"Kel", "Desa A", "Desa B", "Other"};
  z.parent = {"A", "A", "A", "B"};
  z.level = {"kelurahan", "desa", "desa", "desa"};
  z.area_km2 = {2.0, 10.0, 30.0, 5.0};
  Controls c{{"A", "B"}, {10001, 300}, {9999, 301}, {std::nullopt, std::nullopt}, "test"};
  const auto t = disaggregate(c, z, {});
  EXPECT_EQ(t.male[0] + t.male[1] + t.male[2], 10001);
  EXPECT_EQ(t.female[0] + t.female[1] + t.female[2], 9999);
  EXPECT_EQ(t.male[3], 300);
  const double dens_kel = static_cast<double>(t.male[0] + t.female[0]) / 2.0;
  const double dens_desa = static_cast<double>(t.male[1] + t.female[1]) / 10.0;
  EXPECT_NEAR(dens_kel / dens_desa, 8.0, 0.01);

  DisaggregationOptions area;
  area.method = Disaggregation::Area;
  const auto u = disaggregate(c, z, area);
  EXPECT_NEAR(static_cast<double>(u.male[2]) / static_cast<double>(u.male[1]), 3.0, 0.01);

  Controls missing{{"A"}, {1}, {1}, {std::nullopt}, "file 'k.gpkg', layer 'kec'"};
  try {
    disaggregate(missing, z, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "zone 'x1' (Other): no population control for its unit 'B' in file 'k.gpkg', layer 'kec'");
  }
}

}  // namespace
