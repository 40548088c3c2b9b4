#pragma once

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ogan::test {

// This test program's scratch folder (the temporary folder / ogan-tests-PID), made on first use
// and removed with everything in it when the program exits. ctest starts one process per test,
// thousands per run: files left in /tmp by each of them filled gigabytes. OGAN_KEEP_TEST_FILES=1
// keeps it, to look at what a failing test wrote.
const std::filesystem::path& scratch_dir();

// A fresh folder per test, removed afterwards, so tests can write their own fixture files.
class TempDir : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

void write_text(const std::string& path, const std::string& text);

struct TestFeature {
  std::string wkt;  // empty: no geometry
  std::map<std::string, std::string> fields;
};

// Writes a vector layer with string fields through GDAL (driver "GPKG", "GeoJSON", ...).
// epsg <= 0 writes no CRS.
void write_layer(const std::string& path, const std::string& driver, const std::string& layer,
                 int epsg, const std::vector<TestFeature>& features, bool append = false);

// Overwrites one leaf page of a SQLite table (a GeoPackage layer) with fixed garbage, as a bad
// disk sector or an interrupted copy would: `which` in [0, 1) picks the page among the table's
// leaf pages. Returns the page number.
long long damage_table_page(const std::string& path, const std::string& table, double which);

// Runs a command, returning its exit code and capturing stdout+stderr.
int run_command(const std::string& cmd, std::string* output);

}  // namespace ogan::test
