// The digital-twin loop on the OKU day, through the `ogan` program in separate processes: a state
// saved at 10:00 and continued elsewhere gives the day bit for bit; a fork that closes a bridge
// equals the closure timed in the scenario and changes nothing before it; a server added at 08:00
// changes its facility only after; bad state files exit 2.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "engine/core/sha256.hpp"
#include "engine/results/hdf5.hpp"
#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/h5_datasets.hpp"

using namespace ogan;
namespace fs = std::filesystem;

namespace {

std::vector<char> raw(hid_t f, const std::string& path, bool* vlen) {
  results::H5Id ds(H5Dopen2(f, path.c_str(), H5P_DEFAULT));
  results::H5Id type(H5Dget_type(ds.get()));
  results::H5Id native(H5Tget_native_type(type.get(), H5T_DIR_ASCEND));
  *vlen = H5Tis_variable_str(type.get()) > 0;
  if (*vlen) {
    std::string joined;
    for (const auto& s : results::read_strings(f, path)) joined += s + '\n';
    return {joined.begin(), joined.end()};
  }
  results::H5Id space(H5Dget_space(ds.get()));
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  std::vector<char> out(n * H5Tget_size(native.get()));
  if (n > 0) H5Dread(ds.get(), native.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  return out;
}

// Datasets that differ between two results files (wall times and the paths under `skip` aside).
std::vector<std::string> differing(const std::string& a, const std::string& b,
                                   const std::vector<std::string>& skip = {}) {
  results::H5Id fa(H5Fopen(a.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  results::H5Id fb(H5Fopen(b.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  EXPECT_TRUE(fa.valid() && fb.valid()) << a << " " << b;
  if (!fa.valid() || !fb.valid()) return {"(file)"};
  const auto na = test::datasets_of(fa.get()), nb = test::datasets_of(fb.get());
  std::vector<std::string> out;
  if (na != nb) out.push_back("(the lists of datasets)");
  std::set<std::string> ignore = {"/traffic/iterations/routing_s",
                                  "/traffic/iterations/simulation_s"};
  for (const auto& p : na) {
    bool skipped = ignore.count(p) > 0;
    for (const auto& s : skip) skipped = skipped || p.rfind(s, 0) == 0;
    if (skipped || std::find(nb.begin(), nb.end(), p) == nb.end()) continue;
    bool va = false, vb = false;
    if (raw(fa.get(), p, &va) != raw(fb.get(), p, &vb)) out.push_back(p);
  }
  return out;
}

template <typename T>
std::vector<T> read(const std::string& file, const std::string& path) {
  results::H5Id f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  return results::read_vector<T>(f.get(), path);
}

std::vector<std::string> strings(const std::string& file, const std::string& path) {
  results::H5Id f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  return results::read_strings(f.get(), path);
}

std::string exe() {
  return OGAN_EXE;
}

class Twin : public ::testing::Test {
 protected:
  static fs::path dir() {
    static const fs::path d = [] {
      const auto p = ogan::test::scratch_dir() / ("ogan-twin-" + std::to_string(::getpid()));
      fs::create_directories(p);
      return p;
    }();
    return d;
  }
  static std::string path(const std::string& name) { return (dir() / name).string(); }
  // The day at 3 %, two iterations, two threads, with its state at 10:00.
  static const std::string& full() {
    static const std::string out = [] {
      const std::string o = path("full.h5");
      std::string log;
      const int rc = test::run_command(
          exe() + " run " + test::oku_scenario_file() +
              " --sample 0.03 --iterations 2 --threads 2 --snapshot 10:00=" + path("s10.h5") +
              " --snapshot 08:00=" + path("s08.h5") + " -o " + o,
          &log);
      EXPECT_EQ(rc, 0) << log;
      return o;
    }();
    return out;
  }
  static std::string policy_file(const std::string& name, const std::string& entry) {
    const std::string p = path(name);
    std::ofstream(p) << "policies:\n  - " << entry << "\n";
    return p;
  }
  static constexpr int kTen = 40;    // 10:00 in quarter hours
  static constexpr int kEight = 32;  // 08:00
};

TEST_F(Twin, AStateContinuedInAnotherProcessOnOneThreadEqualsTheUninterruptedDay) {
  const auto a = full();
  const std::string b = path("continued.h5");
  std::string log;
  ASSERT_EQ(test::run_command(exe() + " fork " + path("s10.h5") + " --threads 1 -o " + b, &log), 0)
      << log;
  EXPECT_EQ(differing(a, b), std::vector<std::string>{});
  // The fork names its parent.
  results::H5Id f(H5Fopen(b.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  results::H5Id root(H5Gopen2(f.get(), "/", H5P_DEFAULT));
  EXPECT_EQ(results::string_attr(root.get(), "parent_sha256"), sha256_file(path("s10.h5")));
  EXPECT_EQ(results::double_attr(root.get(), "parent_time_s"), 36000.0);
  EXPECT_EQ(fs::path(results::string_attr(root.get(), "parent_state")).filename(), "s10.h5");
}

TEST_F(Twin, AForkClosingABridgeEqualsTheClosureTimedInTheScenarioAndChangesNothingBefore) {
  const auto a = full();
  const std::string entry = "{type: close_road, name: Jembatan Ogan I}";
  const std::string forked = path("fork-ogan1.h5");
  std::string log;
  ASSERT_EQ(test::run_command(exe() + " fork " + path("s10.h5") + " --threads 2 --policy " +
                                  policy_file("close.yaml", entry) + " -o " + forked,
                              &log),
            0)
      << log;
  const std::string scenario = path("timed.yaml");
  std::ofstream(scenario) << "extends: " << test::oku_scenario_file()
                          << "\npolicies:\n  - {type: close_road, name: Jembatan Ogan I, at: "
                             "\"10:00\"}\n";
  const std::string timed = path("timed.h5");
  ASSERT_EQ(test::run_command(exe() + " run " + scenario +
                                  " --sample 0.03 --iterations 2 --threads 1 -o " + timed,
                              &log),
            0)
      << log;
  // Everything but the scenario's own text and inputs is the same.
  EXPECT_EQ(differing(forked, timed, {"/scenario/"}), std::vector<std::string>{});
  EXPECT_EQ(strings(forked, "/scenario/events"), strings(timed, "/scenario/events"));
  EXPECT_EQ(strings(forked, "/scenario/events"),
            std::vector<std::string>{"10:00 close_road 'Jembatan Ogan I' (policies[0])"});

  // Against the day without it: the same link by link until 10:00; then nobody on the bridge.
  const auto before = read<std::uint32_t>(a, "/traffic/links/volume_veh");
  const auto after = read<std::uint32_t>(forked, "/traffic/links/volume_veh");
  const auto names = strings(a, "/network/links/name");
  ASSERT_EQ(before.size(), after.size());
  const std::size_t L = names.size(), cell = L * 4;
  EXPECT_TRUE(std::equal(before.begin(), before.begin() + kTen * cell, after.begin()));
  EXPECT_NE(before, after);
  int bridge_links = 0;
  for (std::size_t l = 0; l < L; ++l) {
    if (names[l] != "Jembatan Ogan I") continue;
    ++bridge_links;
    for (std::size_t k = kTen; k < 96; ++k)
      for (int m = 0; m < 4; ++m) EXPECT_EQ(after[k * cell + l * 4 + m], 0u) << k << " " << l;
  }
  EXPECT_GT(bridge_links, 0);
}

TEST_F(Twin, ServersAddedAtEightChangeTheirFacilityOnlyAfterEight) {
  const auto a = full();
  // The facility with the longest waits after 08:00 gets many more servers (a 3 % sample scales
  // them down to at least one).
  const auto qa = read<float>(a, "/services/facilities/queue");
  const auto wa = read<float>(a, "/services/facilities/mean_wait_s");
  const auto names = strings(a, "/facilities/name");
  const auto servers = read<std::int32_t>(a, "/facilities/servers");
  const std::size_t F = names.size();
  ASSERT_EQ(qa.size(), 96 * F);
  std::size_t busiest = 0;
  double most = 0;
  for (std::size_t f = 0; f < F; ++f) {
    double q = 0;
    for (std::size_t k = kEight; k < 96; ++k) q += wa[k * F + f];
    if (q > most) {
      most = q;
      busiest = f;
    }
  }
  ASSERT_GT(most, 0);
  const std::string forked = path("fork-servers.h5");
  std::string log;
  ASSERT_EQ(
      test::run_command(
          exe() + " fork " + path("s08.h5") + " --threads 2 --policy " +
              policy_file("servers.yaml",
                          "{type: facility_service, name: \"" + names[busiest] + "\", servers: " +
                              std::to_string(std::max(100, 40 * servers[busiest])) + "}") +
              " -o " + forked,
          &log),
      0)
      << log;
  const auto qb = read<float>(forked, "/services/facilities/queue");
  const auto wb = read<float>(forked, "/services/facilities/mean_wait_s");
  ASSERT_EQ(qa.size(), qb.size());
  // Queues at interval ends up to 08:00, and waits of visitors who arrived before, are the same.
  EXPECT_TRUE(std::equal(qa.begin(), qa.begin() + kEight * F, qb.begin()));
  EXPECT_TRUE(std::equal(wa.begin(), wa.begin() + (kEight - 1) * F, wb.begin()));
  // After 10:00 its waits are shorter, and no other facility changed.
  double after_a = 0, after_b = 0;
  for (std::size_t k = kEight; k < 96; ++k) {
    after_a += wa[k * F + busiest];
    after_b += wb[k * F + busiest];
  }
  EXPECT_LT(after_b, 0.5 * after_a) << names[busiest];
  for (std::size_t f = 0; f < F; ++f) {
    if (f == busiest) continue;
    for (std::size_t k = 0; k < 96; ++k) {
      EXPECT_EQ(qa[k * F + f], qb[k * F + f]) << names[f];
      EXPECT_EQ(wa[k * F + f], wb[k * F + f]) << names[f];
    }
  }
}

TEST_F(Twin, BadStateFilesExitWithTwoAndSayWhy) {
  std::string out;
  const std::string text = path("not-a-state.h5");
  std::ofstream(text) << "hello";
  EXPECT_EQ(test::run_command(exe() + " fork " + text + " -o " + path("x.h5"), &out), 2);
  EXPECT_NE(out.find("not an HDF5 file"), std::string::npos) << out;
  EXPECT_EQ(test::run_command(exe() + " fork " + full() + " -o " + path("x.h5"), &out), 2);
  EXPECT_NE(out.find("not an ogan state file"), std::string::npos) << out;
  EXPECT_EQ(test::run_command(exe() + " fork " + path("s10.h5") + " --policy " +
                                  policy_file("early.yaml",
                                              "{type: close_road, name: Jembatan Ogan I, at: "
                                              "\"09:00\"}") +
                                  " -o " + path("x.h5"),
                              &out),
            2);
  EXPECT_NE(out.find("09:00"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(path("x.h5")));
  EXPECT_EQ(test::run_command(exe() + " run " + test::oku_scenario_file() +
                                  " --sample 0.03 --snapshot 10-00=x -o " + path("x.h5"),
                              &out),
            2);
  EXPECT_NE(out.find("expected HH:MM=FILE"), std::string::npos) << out;
}

}  // namespace

namespace {

TEST_F(Twin, ACrowdAtTenAddsVehiclesOnlyAfterTenAndItsStateContinuesBitForBit) {
  const auto a = full();
  const std::string scenario = path("crowd.yaml");
  std::ofstream(scenario) << "extends: " << test::oku_scenario_file()
                          << "\npolicies:\n  - {type: crowd, lon: 104.17, lat: -4.13, persons: "
                             "20000, stay_min: 90, at: \"10:00\"}\n";
  const std::string crowd = path("crowd.h5");
  std::string log;
  ASSERT_EQ(test::run_command(exe() + " run " + scenario +
                                  " --sample 0.03 --iterations 2 --threads 2 --snapshot 11:00=" +
                                  path("crowd11.h5") + " -o " + crowd,
                              &log),
            0)
      << log;
  const auto before = read<std::uint32_t>(a, "/traffic/links/volume_veh");
  const auto after = read<std::uint32_t>(crowd, "/traffic/links/volume_veh");
  ASSERT_EQ(before.size(), after.size());
  const std::size_t cell = before.size() / 96;
  EXPECT_TRUE(std::equal(before.begin(), before.begin() + kTen * cell, after.begin()));
  double more = 0;
  for (std::size_t i = kTen * cell; i < before.size(); ++i)
    more += static_cast<double>(after[i]) - static_cast<double>(before[i]);
  // 600 visitors at 3 %, two trips each over several links.
  EXPECT_GT(more, 1000);
  EXPECT_EQ(strings(crowd, "/scenario/events").size(), 1u);
  // The residents' trips are the residents' only.
  EXPECT_EQ(read<double>(crowd, "/traffic/trips/depart_s").size(),
            read<double>(a, "/traffic/trips/depart_s").size());
  // A state taken with the crowd on the road continues it exactly.
  const std::string continued = path("crowd-continued.h5");
  ASSERT_EQ(test::run_command(
                exe() + " fork " + path("crowd11.h5") + " --threads 1 -o " + continued, &log),
            0)
      << log;
  EXPECT_EQ(differing(crowd, continued), std::vector<std::string>{});
}

}  // namespace
