#include "tests/support/fixtures.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

#include "engine/gis/gdal_env.hpp"

namespace ogan::test {

namespace {

struct Scratch {
  std::filesystem::path path;
  pid_t owner = ::getpid();
  Scratch()
      : path(std::filesystem::temp_directory_path() /
             ("ogan-tests-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~Scratch() {
    // A forked child that exits normally must not remove its parent's files.
    if (::getpid() != owner) return;
    if (std::getenv("OGAN_KEEP_TEST_FILES") != nullptr) {
      std::fprintf(stderr, "test files kept in %s\n", path.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

const std::filesystem::path& scratch_dir() {
  static const Scratch s;
  return s.path;
}

void TempDir::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = scratch_dir() / (std::string("ogan-test-") + info->test_suite_name() + "-" + info->name() +
                          "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
}

void TempDir::TearDown() {
  std::filesystem::remove_all(dir_);
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

void write_layer(const std::string& path, const std::string& driver, const std::string& layer,
                 int epsg, const std::vector<TestFeature>& features, bool append) {
  gis::ensure_gdal();
  GDALDatasetUniquePtr ds;
  if (append) {
    ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  } else {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
    ASSERT_NE(drv, nullptr);
    ds.reset(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  }
  ASSERT_TRUE(ds) << path;
  OGRSpatialReference srs;
  if (epsg > 0) {
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  OGRwkbGeometryType type = wkbUnknown;
  if (!features.empty() && !features.front().wkt.empty()) {
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(features.front().wkt.c_str(), nullptr, &g);
    if (g) type = g->getGeometryType();
    OGRGeometryFactory::destroyGeometry(g);
  }
  OGRLayer* l = ds->CreateLayer(layer.c_str(), epsg > 0 ? &srs : nullptr, type, nullptr);
  ASSERT_NE(l, nullptr);
  std::set<std::string> names;
  for (const auto& f : features)
    for (const auto& [k, v] : f.fields) names.insert(k);
  for (const auto& n : names) {
    OGRFieldDefn def(n.c_str(), OFTString);
    l->CreateField(&def);
  }
  for (const auto& f : features) {
    OGRFeature feat(l->GetLayerDefn());
    for (const auto& [k, v] : f.fields) feat.SetField(k.c_str(), v.c_str());
    if (!f.wkt.empty()) {
      OGRGeometry* g = nullptr;
      ASSERT_EQ(OGRGeometryFactory::createFromWkt(f.wkt.c_str(), nullptr, &g), OGRERR_NONE)
          << f.wkt;
      feat.SetGeometryDirectly(g);
    }
    ASSERT_EQ(l->CreateFeature(&feat), OGRERR_NONE);
  }
}

long long damage_table_page(const std::string& path, const std::string& table, double which) {
  gis::ensure_gdal();
  std::vector<long long> pages;
  long long page_size = 0;
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    if (!ds) throw std::runtime_error("damage_table_page: cannot open " + path);
    auto query = [&](const std::string& sql, auto&& each) {
      OGRLayer* r = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
      if (r == nullptr) throw std::runtime_error("damage_table_page: " + sql + " failed");
      for (auto& f : *r) each(*f);
      ds->ReleaseResultSet(r);
    };
    query("PRAGMA page_size", [&](OGRFeature& f) { page_size = f.GetFieldAsInteger64(0); });
    query("SELECT pageno FROM dbstat WHERE name = '" + table +
              "' AND pagetype = 'leaf' ORDER BY pageno",
          [&](OGRFeature& f) { pages.push_back(f.GetFieldAsInteger64(0)); });
  }
  if (pages.size() < 2 || page_size <= 0)
    throw std::runtime_error("damage_table_page: table " + table + " has too few pages");
  const long long page = pages[static_cast<std::size_t>(which * static_cast<double>(pages.size()))];
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp((page - 1) * page_size);
  for (long long i = 0; i < page_size; ++i) f.put(static_cast<char>((i * 7919 + 13) % 251));
  if (!f) throw std::runtime_error("damage_table_page: cannot write " + path);
  return page;
}

int run_command(const std::string& cmd, std::string* output) {
  std::string full = cmd + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf{};
  std::string out;
  while (fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  const int status = pclose(pipe);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace ogan::test
