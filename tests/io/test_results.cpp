#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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
  EXPECT_EQ(f.version(), (std::array<std::int32_t, 2>{1, 7}));
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
  EXPECT_EQ(message_of(path("x.h5")),
            "file '" + path("x.h5") + "': not an HDF5 file (shorter than 9 bytes)");
  test::write_text(path("y.h5"), "filetype: ogan-results\n");
  EXPECT_EQ(message_of(path("y.h5")),
            "file '" + path("y.h5") + "': not an HDF5 file (no HDF5 signature at its start)");
}

// HDF5 1.10.8 loops forever or reads freed memory on some damaged files of the format without
// metadata checksums (tests/fuzz/regressions/results), and on a damaged heap of variable-length
// strings: ogan writes neither and refuses both before HDF5 parses them.
TEST_F(Results, ReaderRefusesTheUnchecksummedFormatAndVariableLengthStrings) {
  {
    io::H5Id f(H5Fcreate(path("old.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    io::H5Id root(H5Gopen2(f.get(), "/", H5P_DEFAULT));
    io::set_attr(root.get(), "filetype", std::string("ogan-results"));
    io::set_attr(root.get(), "format_version", std::vector<std::int32_t>{1, 4});
  }
  EXPECT_EQ(message_of(path("old.h5")),
            "file '" + path("old.h5") +
                "': an HDF5 file in the format without checksums (superblock version 0), as "
                "ogan wrote before results format 1.5; this ogan reads only results files it "
                "can check for damage: run it again with this ogan");
  {
    io::ResultsWriter w(path("r.h5"), info());
    io::H5Id t(H5Tcopy(H5T_C_S1));
    H5Tset_size(t.get(), H5T_VARIABLE);
    const hsize_t n = 1;
    io::H5Id space(H5Screate_simple(1, &n, nullptr));
    io::H5Id ds(
        H5Dcreate2(w.file(), "names", t.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    const char* v = "a";
    H5Dwrite(ds.get(), t.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &v);
    ds.reset();
    w.finish();
  }
  const results::Reader r(path("r.h5"));
  try {
    r.strings("/names");
    FAIL() << "variable-length strings were read";
  } catch (const results::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "file '" + path("r.h5") + "': /names is not a dataset of fixed-length strings");
  }
  EXPECT_EQ(message_of(path("none.h5")), "file '" + path("none.h5") + "': does not exist");
}

}  // namespace

namespace {

// Flips bytes inside the stored chunk of a dataset, as a bad sector would.
void damage_chunk(const std::string& file, const std::string& dataset) {
  haddr_t addr = 0;
  hsize_t size = 0;
  {
    io::H5Id f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    io::H5Id ds(H5Dopen2(f.get(), dataset.c_str(), H5P_DEFAULT));
    io::H5Id space(H5Dget_space(ds.get()));
    hsize_t offset[1];
    unsigned mask = 0;
    ASSERT_GE(H5Dget_chunk_info(ds.get(), space.get(), 0, offset, &mask, &addr, &size), 0);
  }
  std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
  out.seekp(static_cast<std::streamoff>(addr + size / 2));
  out.put('\x5a').put('\xa5');
}

TEST_F(Results, DamagedDataIsDetectedByItsChecksumAndNamed) {
  std::vector<double> v(20000);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i) * 0.37;
  {
    io::ResultsWriter w(path("r.h5"), info());
    io::write_array<double>(w.file(), "traffic/volume", v, {v.size()}, "veh", "test");
    w.finish();
  }
  {
    // Every numeric dataset carries a Fletcher-32 checksum (deflate's own Adler-32 is there too,
    // but only for chunks that are compressed).
    io::H5Id f(H5Fopen(path("r.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    io::H5Id ds(H5Dopen2(f.get(), "/traffic/volume", H5P_DEFAULT));
    io::H5Id plist(H5Dget_create_plist(ds.get()));
    unsigned flags = 0;
    std::size_t n = 0;
    EXPECT_GE(H5Pget_filter_by_id2(plist.get(), H5Z_FILTER_FLETCHER32, &flags, &n, nullptr, 0,
                                   nullptr, nullptr),
              0);
  }
  damage_chunk(path("r.h5"), "/traffic/volume");
  results::Reader f(path("r.h5"));
  try {
    results::read_vector<double>(f.id(), "/traffic/volume");
    ADD_FAILURE() << "damaged data read without an error";
  } catch (const results::Error& e) {
    EXPECT_EQ(e.kind(), results::Error::Kind::Malformed);
    EXPECT_EQ(std::string(e.what()),
              "file '" + path("r.h5") +
                  "': cannot read /traffic/volume: its data is damaged (a checksum that does not "
                  "match, a truncated file or undecodable chunks)");
  }
}

TEST_F(Results, OffsetsAreCheckedBeforeUse) {
  {
    io::ResultsWriter w(path("r.h5"), info());
    io::write_array<std::int64_t>(w.file(), "g/ok", {0, 2, 2, 5}, {4}, "1", "test");
    io::write_array<std::int64_t>(w.file(), "g/beyond", {0, 2, 99, 5}, {4}, "1", "test");
    io::write_array<std::int64_t>(w.file(), "g/backwards", {0, 3, 2, 5}, {4}, "1", "test");
    io::write_array<std::int64_t>(w.file(), "g/start", {1, 2, 5}, {3}, "1", "test");
    w.finish();
  }
  results::Reader f(path("r.h5"));
  EXPECT_EQ(f.offsets("/g/ok", 3, 5), (std::vector<std::int64_t>{0, 2, 2, 5}));
  EXPECT_EQ(f.offsets("/g/ok", results::Reader::kAnyCount, 5).size(), 4u);
  auto message = [&](const std::string& ds, std::size_t items, std::size_t values) {
    try {
      f.offsets(ds, items, values);
    } catch (const results::Error& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  const auto file = "file '" + path("r.h5") + "': ";
  EXPECT_EQ(message("/g/beyond", 3, 5),
            file + "/g/beyond is damaged: offset 2 is 99, outside 2..5");
  EXPECT_EQ(message("/g/backwards", 3, 5),
            file + "/g/backwards is damaged: offset 2 is 2, outside 3..5");
  EXPECT_EQ(message("/g/start", 2, 5), file + "/g/start is damaged: the offsets do not start at 0");
  EXPECT_EQ(message("/g/ok", 4, 5), file + "/g/ok is damaged: 4 offsets for 4 items, expected 5");
  EXPECT_EQ(message("/g/ok", 3, 6), file + "/g/ok is damaged: the last offset is 5, expected 6");
}

}  // namespace

namespace {

// The seed of fuzz_results (tests/fuzz/corpus/results/small.h5): a small file with each kind of
// thing a reader checks (attributes, KPIs, strings, offsets of rings and lines, a 2-D array).
void write_fuzz_seed(const std::string& path, const io::RunInfo& info) {
  io::ResultsWriter w(path, info);
  const hid_t f = w.file();
  io::write_array<double>(f, "traffic/links/volume_pcu", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {5, 2},
                          "pcu", "per link and interval");
  io::write_vector<std::int64_t>(f, "network/links/geometry_offset", {0, 2, 4, 6, 8, 10}, "", "");
  io::write_vector<double>(f, "network/links/geometry_x",
                           {0, 100, 100, 200, 200, 300, 300, 400, 400, 500}, "m", "");
  io::write_vector<double>(f, "network/links/geometry_y", {0, 0, 0, 50, 50, 50, 50, 0, 0, 0}, "m",
                           "");
  io::write_strings(f, "network/links/name", {"Jl. A", "Jl. B", "", "Jembatan Ogan I", "Jl. C"},
                    "");
  io::write_strings(f, "zones/code", {"16.01.01.1001", "16.01.01.1002"}, "");
  io::write_strings(f, "zones/name", {"Baturaja Lama", "Sukajadi"}, "");
  io::write_vector<std::int64_t>(f, "zones/geometry/ring_offset", {0, 1, 2}, "", "");
  io::write_vector<std::int64_t>(f, "zones/geometry/vertex_offset", {0, 4, 8}, "", "");
  io::write_vector<double>(f, "zones/geometry/x", {0, 10, 10, 0, 10, 20, 20, 10}, "m", "");
  io::write_vector<double>(f, "zones/geometry/y", {0, 0, 10, 10, 0, 0, 10, 10}, "m", "");
  w.write_summary({{"total_delay", 12.5, "veh-h"}, {"trips", 1000, "trips/day"}});
  w.finish();
}

}  // namespace

// The committed seed is a results file of today's format, so fuzz_results starts from files this
// ogan writes. OGAN_UPDATE_FUZZ_SEED=1 rewrites it after a format change.
TEST_F(Results, TheFuzzSeedIsAResultsFileOfTheCurrentFormat) {
  const std::string seed = std::string(OGAN_SOURCE_DIR) + "/tests/fuzz/corpus/results/small.h5";
  if (std::getenv("OGAN_UPDATE_FUZZ_SEED")) write_fuzz_seed(seed, info());
  const results::Reader r(seed);
  EXPECT_EQ(r.version(), results::kFormatVersion);
  EXPECT_EQ(r.strings("/network/links/name")[3], "Jembatan Ogan I");
  EXPECT_EQ(r.offsets("/zones/geometry/vertex_offset", 2, 8).back(), 8);
  EXPECT_EQ(r.kpis().size(), 2u);
}
