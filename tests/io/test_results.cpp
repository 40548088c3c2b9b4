#include <gtest/gtest.h>

#include <filesystem>

#include "engine/core/error.hpp"
#include "engine/io/results.hpp"
#include "engine/results/reader.hpp"
#include "tests/support/fixtures.hpp"

using namespace ogan;

namespace {

class Results : public test::TempDir {
 protected:
  io::RunInfo info() {
    io::RunInfo i;
    i.scenario_name = "toy";
    i.scenario_yaml = "name: toy\n";
    i.seed = 42;
    i.sample_rate = 0.1;
    test::write_text(path("input.txt"), "abc");
    i.inputs = {path("input.txt")};
    return i;
  }
  std::string message_of(const std::string& file) {
    try {
      results::Reader f(file);
    } catch (const results::Error& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(Results, RoundTripOfAttributesKpisAndArrays) {
  {
    io::ResultsWriter w(path("r.h5"), info());
    io::write_array<double>(w.file(), "traffic/volume", {1, 2, 3, 4, 5, 6}, {2, 3}, "veh", "test");
    w.write_summary({{"total_delay", 12.5, "veh-h"}, {"trips", 1000, "trips/day"}});
    w.finish();
  }
  results::Reader f(path("r.h5"));
  EXPECT_EQ(f.version(), (std::array<std::int32_t, 2>{1, 4}));
  EXPECT_EQ(f.attr("scenario_name"), "toy");
  const auto k = f.kpis();
  ASSERT_EQ(k.size(), 2u);
  EXPECT_EQ(k[0].name, "total_delay");
  EXPECT_DOUBLE_EQ(k[0].value, 12.5);
  EXPECT_EQ(k[1].unit, "trips/day");
  std::vector<hsize_t> dims;
  const auto v = results::read_vector<double>(f.id(), "/traffic/volume", &dims);
  EXPECT_EQ(dims, (std::vector<hsize_t>{2, 3}));
  EXPECT_EQ(v, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  // Provenance: the input's SHA-256 (of "abc", a published test vector).
  EXPECT_EQ(results::read_strings(f.id(), "/scenario/inputs/sha256")[0],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const auto t = results::read_vector<std::int32_t>(f.id(), "/time/interval_start_s");
  ASSERT_EQ(t.size(), 96u);
  EXPECT_EQ(t[1], 900);
}

// Other tools replay the trips from the file (benchmarks/crosscheck/sumo): where each trip starts
// and ends (mid-link, as the traffic model puts it) and its route come back as written.
TEST_F(Results, TripEndsAndRoutesRoundTrip) {
  net::Network network;
  network.from = {0, 1, 2};
  network.to = {1, 2, 0};
  network.length_m = {100, 300, 50};
  traffic::TripTable trips;
  trips.person = {0, 0, 1, 2};
  trips.origin_link = {0, 2, -1, 1};  // the last trip was added to the day (a crowd): not written
  trips.dest_link = {1, 2, -1, 0};
  traffic::Routes routes;
  routes.offset = {0, 2, 3, 3};
  routes.links = {0, 1, 2};
  {
    io::ResultsWriter w(path("r.h5"), info());
    w.write_trip_ends(network, trips, {}, 3);
    w.write_routes(routes);
    w.finish();
  }
  results::Reader f(path("r.h5"));
  using results::read_vector;
  EXPECT_EQ(read_vector<std::int32_t>(f.id(), results::path::kTripsOriginLink),
            (std::vector<std::int32_t>{0, 2, -1}));
  EXPECT_EQ(read_vector<std::int32_t>(f.id(), results::path::kTripsDestLink),
            (std::vector<std::int32_t>{1, 2, -1}));
  EXPECT_EQ(read_vector<double>(f.id(), results::path::kTripsOriginPosM),
            (std::vector<double>{50, 25, -1}));
  EXPECT_EQ(read_vector<double>(f.id(), results::path::kTripsDestPosM),
            (std::vector<double>{150, 25, -1}));
  EXPECT_EQ(read_vector<std::uint32_t>(f.id(), results::routes::kOffset),
            (std::vector<std::uint32_t>{0, 2, 3, 3}));
  EXPECT_EQ(read_vector<std::int32_t>(f.id(), results::routes::kLinks),
            (std::vector<std::int32_t>{0, 1, 2}));
}

TEST_F(Results, RoutesWhoseOffsetsDoNotCoverTheirLinksAreRefused) {
  io::ResultsWriter w(path("r.h5"), info());
  traffic::Routes routes;
  routes.offset = {0, 3};
  routes.links = {0, 1};
  EXPECT_THROW(w.write_routes(routes), InternalError);
}

TEST_F(Results, AnUnfinishedWriteLeavesNoFile) {
  {
    io::ResultsWriter w(path("r.h5"), info());
    w.write_summary({{"x", 1, ""}});
    EXPECT_TRUE(std::filesystem::exists(path("r.h5.tmp")));
    EXPECT_FALSE(std::filesystem::exists(path("r.h5")));
  }  // destroyed without finish(): as if the run had failed
  EXPECT_FALSE(std::filesystem::exists(path("r.h5")));
  EXPECT_FALSE(std::filesystem::exists(path("r.h5.tmp")));
}

TEST_F(Results, ReaderRefusesUnknownMajorVersionsAndOtherFiles) {
  {
    io::ResultsWriter w(path("r.h5"), info());
    io::H5Id root(H5Gopen2(w.file(), "/", H5P_DEFAULT));
    io::set_attr(root.get(), "format_version", std::vector<std::int32_t>{2, 0});
    w.finish();
  }
  EXPECT_EQ(message_of(path("r.h5")),
            "file '" + path("r.h5") +
                "': results format 2.0 is not supported by this ogan (it reads "
                "major version 1); use a matching ogan version");
  test::write_text(path("x.h5"), "not hdf5");
  EXPECT_EQ(message_of(path("x.h5")), "file '" + path("x.h5") + "': not an HDF5 file");
  EXPECT_EQ(message_of(path("none.h5")), "file '" + path("none.h5") + "': does not exist");
}

}  // namespace
