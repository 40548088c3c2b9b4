// The bad-input catalogue (docs/reliability.md): every case in tests/catalogue/*.yaml runs a real
// command on a damaged or wrong input and must exit with the promised code, name the place in its
// message and leave no file behind. One test per case, so ctest runs them side by side.
//
// A case:
//   - name: unique_name
//     files: {NAME: TEXT, ...}       written into the case's folder {dir}
//     copy: {NAME: SOURCE, ...}      files copied into {dir} (placeholders allowed in SOURCE)
//     sql: {NAME: [SQL, ...]}        run on a copied GeoPackage (GDAL, SQLite dialect)
//     damage_page: {file: NAME, table: T, at: 0.5}    a GeoPackage page overwritten
//     h5_set: {file: NAME, dataset: /d, index: I, value: V}   one value of a dataset rewritten
//     truncate: {NAME: SHARE}        the file cut to this share of its size
//     tool: ogan | ogan-viz          (default ogan)
//     args: ARGS                     placeholders: {dir} {gpkg} {src} {oku} {results}
//     exit: 2
//     message: TEXT                  must appear in the output (placeholders allowed)
//     leaves: [NAME, ...]            files the command may create (default: none)
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/gis/gdal_env.hpp"
#include "tests/support/fixtures.hpp"

namespace fs = std::filesystem;

namespace {

struct Case {
  std::string file;  // the catalogue file it comes from
  YAML::Node node;
  std::string name() const { return node["name"].as<std::string>(); }
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.file << ": " << c.name();
}

std::vector<Case> load_catalogue() {
  std::vector<Case> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(OGAN_CATALOGUE_DIR))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const auto root = YAML::LoadFile(f.string());
    for (const auto& c : root) out.push_back({f.filename().string(), c});
  }
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// Every file under `dir`, relative to it.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.insert(fs::relative(e.path(), dir).string());
  return out;
}

class Catalogue : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ogan-catalogue-" + GetParam().name() + "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::string expand(const std::string& s) const {
    std::string out = replace_all(s, "{dir}", dir_.string());
    out = replace_all(out, "{gpkg}", OGAN_TEST_GPKG);
    out = replace_all(out, "{src}", OGAN_SOURCE_DIR);
    out = replace_all(out, "{oku}", OGAN_CATALOGUE_OKU);
    out = replace_all(out, "{results}", OGAN_CATALOGUE_RESULTS);
    return out;
  }

  void prepare(const YAML::Node& c) const {
    for (const auto& kv : c["copy"])
      fs::copy_file(expand(kv.second.as<std::string>()), dir_ / kv.first.as<std::string>(),
                    fs::copy_options::overwrite_existing);
    for (const auto& kv : c["files"]) {
      const auto path = dir_ / kv.first.as<std::string>();
      fs::create_directories(path.parent_path());
      std::ofstream out(path, std::ios::binary);
      out << expand(kv.second.as<std::string>());
    }
    for (const auto& kv : c["sql"]) {
      ogan::gis::ensure_gdal();
      const auto path = (dir_ / kv.first.as<std::string>()).string();
      GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
      ASSERT_TRUE(ds) << path;
      for (const auto& sql : kv.second) {
        CPLErrorReset();
        OGRLayer* r = ds->ExecuteSQL(sql.as<std::string>().c_str(), nullptr, "SQLITE");
        if (r) ds->ReleaseResultSet(r);
        ASSERT_LT(CPLGetLastErrorType(), CE_Failure) << sql << ": " << CPLGetLastErrorMsg();
      }
    }
    if (const auto d = c["damage_page"]) {
      ogan::test::damage_table_page((dir_ / d["file"].as<std::string>()).string(),
                                    d["table"].as<std::string>(), d["at"].as<double>());
    }
    if (const auto h = c["h5_set"]) set_h5_value(h);
    for (const auto& kv : c["truncate"]) {
      const auto path = dir_ / kv.first.as<std::string>();
      fs::resize_file(path, static_cast<std::uintmax_t>(static_cast<double>(fs::file_size(path)) *
                                                        kv.second.as<double>()));
    }
  }

  void set_h5_value(const YAML::Node& h) const {
    const auto path = (dir_ / h["file"].as<std::string>()).string();
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0) << path;
    const hid_t ds = H5Dopen2(f, h["dataset"].as<std::string>().c_str(), H5P_DEFAULT);
    ASSERT_GE(ds, 0) << h["dataset"].as<std::string>();
    const hid_t space = H5Dget_space(ds);
    const hsize_t index[1] = {h["index"].as<hsize_t>()};
    const hsize_t one[1] = {1};
    H5Sselect_hyperslab(space, H5S_SELECT_SET, index, nullptr, one, nullptr);
    const hid_t mem = H5Screate_simple(1, one, nullptr);
    const double value = h["value"].as<double>();
    EXPECT_GE(H5Dwrite(ds, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, &value), 0);
    H5Sclose(mem);
    H5Sclose(space);
    H5Dclose(ds);
    H5Fclose(f);
  }

  fs::path dir_;
};

TEST_P(Catalogue, ExitCodeMessageAndNothingLeftBehind) {
  const auto& c = GetParam().node;
  prepare(c);
  if (HasFatalFailure()) return;
  const auto before = listing(dir_);
  const std::string tool = c["tool"] ? c["tool"].as<std::string>() : "ogan";
  const std::string exe = tool == "ogan-viz" ? OGAN_VIZ : OGAN_EXE;
  const std::string cmd = exe + " " + expand(c["args"].as<std::string>());
  std::string out;
  const int rc = ogan::test::run_command("cd " + dir_.string() + " && " + cmd, &out);
  EXPECT_EQ(rc, c["exit"].as<int>()) << cmd << "\n" << out;
  const auto message = expand(c["message"].as<std::string>());
  EXPECT_NE(out.find(message), std::string::npos)
      << cmd << "\nexpected in the output: " << message << "\noutput:\n"
      << out;
  std::set<std::string> allowed = before;
  for (const auto& l : c["leaves"]) allowed.insert(l.as<std::string>());
  for (const auto& f : listing(dir_))
    EXPECT_TRUE(allowed.count(f)) << cmd << "\nleft behind: " << f;
}

INSTANTIATE_TEST_SUITE_P(Cases, Catalogue, ::testing::ValuesIn(load_catalogue()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name(); });

// Each name once, so a case cannot silently shadow another.
TEST(CatalogueFile, NamesAreUniqueAndEveryCaseIsComplete) {
  std::set<std::string> names;
  const auto cases = load_catalogue();
  EXPECT_GE(cases.size(), 100u);
  for (const auto& c : cases) {
    EXPECT_TRUE(names.insert(c.name()).second) << c.file << ": " << c.name() << " twice";
    for (const char* key : {"args", "exit", "message"})
      EXPECT_TRUE(c.node[key]) << c.file << ": " << c.name() << " has no " << key;
  }
}

}  // namespace
