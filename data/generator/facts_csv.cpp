// Reads data/facts/*.csv. Any malformed row stops the run: the generated data are only as good as
// the facts.
#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>

#include "baturaja.hpp"

namespace gen {
namespace {

struct Row {
  int line;
  std::vector<std::string> cells;
};

std::vector<std::string> split_csv(const std::string& s, bool& ok) {
  std::vector<std::string> out(1);
  bool quoted = false;
  ok = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (quoted) {
      if (ch == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        out.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      out.emplace_back();
    } else if (ch != '\r') {
      out.back() += ch;
    }
  }
  if (quoted) ok = false;
  return out;
}

std::vector<Row> read_csv(const std::string& path, const std::vector<std::string>& header) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}:0: cannot open facts file", path));
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line == "\r") continue;
    bool ok = true;
    auto cells = split_csv(line, ok);
    if (!ok) throw InputError(fmt::format("{}:{}: unterminated quote", path, n));
    if (n == 1) {
      if (cells != header)
        throw InputError(
            fmt::format("{}:1: unexpected header (want {})", path, fmt::join(header, ",")));
      continue;
    }
    if (cells.size() != header.size())
      throw InputError(
          fmt::format("{}:{}: {} fields, want {}", path, n, cells.size(), header.size()));
    rows.push_back({n, std::move(cells)});
  }
  if (rows.empty()) throw InputError(fmt::format("{}:{}: no data rows", path, n));
  return rows;
}

double num(const std::string& path, const Row& r, std::size_t i, const char* what) {
  const std::string& s = r.cells[i];
  double v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size())
    throw InputError(fmt::format("{}:{}: bad number for {}: '{}'", path, r.line, what, s));
  return v;
}

long integer(const std::string& path, const Row& r, std::size_t i, const char* what) {
  double v = num(path, r, i, what);
  if (v < 0 || v != static_cast<double>(static_cast<long>(v)))
    throw InputError(fmt::format("{}:{}: bad count for {}: '{}'", path, r.line, what, r.cells[i]));
  return static_cast<long>(v);
}

std::optional<long> opt_integer(const std::string& path, const Row& r, std::size_t i,
                                const char* what) {
  if (r.cells[i].empty()) return std::nullopt;
  return integer(path, r, i, what);
}

void check_latlon(const std::string& path, const Row& r, double lat, double lon) {
  // A swapped or garbled coordinate would silently put a desa in another province.
  if (lat < -4.6 || lat > -3.6 || lon < 103.5 || lon > 104.7)
    throw InputError(fmt::format("{}:{}: coordinate {},{} outside OKU", path, r.line, lat, lon));
}

}  // namespace

Facts read_facts(const std::string& dir) {
  namespace fs = std::filesystem;
  Facts f;
  if (!fs::exists(fs::path(dir) / "FACTS.md"))
    throw InputError(
        fmt::format("{}:0: cannot open facts file", (fs::path(dir) / "FACTS.md").string()));

  const std::string kpath = (fs::path(dir) / "kecamatan.csv").string();
  std::map<std::string, int> kec_index;
  for (const Row& r :
       read_csv(kpath, {"kode", "name", "pop_2025s1_male", "pop_2025s1_female", "pop_2025s1_total",
                        "area_km2", "census_2010", "census_2015"})) {
    Kecamatan k;
    k.code = r.cells[0];
    k.name = r.cells[1];
    k.male = integer(kpath, r, 2, "pop_2025s1_male");
    k.female = integer(kpath, r, 3, "pop_2025s1_female");
    k.total = integer(kpath, r, 4, "pop_2025s1_total");
    k.area_km2 = num(kpath, r, 5, "area_km2");
    k.census_2010 = opt_integer(kpath, r, 6, "census_2010");
    k.census_2015 = opt_integer(kpath, r, 7, "census_2015");
    if (k.code.size() != 8 || k.name.empty() || k.area_km2 <= 0)
      throw InputError(fmt::format("{}:{}: bad kecamatan row", kpath, r.line));
    if (k.male + k.female != k.total)
      throw InputError(fmt::format("{}:{}: male + female != total", kpath, r.line));
    if (!kec_index.emplace(k.code, static_cast<int>(f.kec.size())).second)
      throw InputError(fmt::format("{}:{}: duplicate code {}", kpath, r.line, k.code));
    f.kec.push_back(std::move(k));
  }

  const std::string zpath = (fs::path(dir) / "desa_kelurahan.csv").string();
  std::map<std::string, int> seen;
  for (const Row& r : read_csv(zpath, {"kode", "name", "level", "kecamatan_kode", "kecamatan",
                                       "centroid_lat", "centroid_lon", "area_km2"})) {
    Zone z;
    z.code = r.cells[0];
    z.name = r.cells[1];
    z.level = r.cells[2];
    z.kec_code = r.cells[3];
    z.kec_name = r.cells[4];
    z.lat = num(zpath, r, 5, "centroid_lat");
    z.lon = num(zpath, r, 6, "centroid_lon");
    z.area_km2 = num(zpath, r, 7, "area_km2");
    check_latlon(zpath, r, z.lat, z.lon);
    if (z.level != "desa" && z.level != "kelurahan")
      throw InputError(
          fmt::format("{}:{}: level must be desa or kelurahan, got '{}'", zpath, r.line, z.level));
    auto k = kec_index.find(z.kec_code);
    if (k == kec_index.end())
      throw InputError(fmt::format("{}:{}: unknown kecamatan {}", zpath, r.line, z.kec_code));
    if (z.code.rfind(z.kec_code + ".", 0) != 0 || z.area_km2 <= 0)
      throw InputError(fmt::format("{}:{}: code/area inconsistent", zpath, r.line));
    if (!seen.emplace(z.code, r.line).second)
      throw InputError(fmt::format("{}:{}: duplicate code {}", zpath, r.line, z.code));
    z.kec = k->second;
    z.c = to_utm(z.lon, z.lat);
    f.kec[static_cast<std::size_t>(z.kec)].zones.push_back(static_cast<int>(f.zones.size()));
    f.zones.push_back(std::move(z));
  }
  for (const Kecamatan& k : f.kec)
    if (k.zones.empty())
      throw InputError(fmt::format("{}:0: kecamatan {} has no desa", zpath, k.code));

  const std::string fpath = (fs::path(dir) / "facilities_known.csv").string();
  for (const Row& r : read_csv(
           fpath, {"name", "type", "lat", "lon", "placement", "address_or_note", "reliability"})) {
    KnownFacility k;
    k.name = r.cells[0];
    k.type = r.cells[1];
    k.lat = num(fpath, r, 2, "lat");
    k.lon = num(fpath, r, 3, "lon");
    check_latlon(fpath, r, k.lat, k.lon);
    k.placement = r.cells[4];
    k.note = r.cells[5];
    k.reliability = r.cells[6];
    if (k.name.empty() || k.type.empty())
      throw InputError(fmt::format("{}:{}: empty name/type", fpath, r.line));
    f.known.push_back(std::move(k));
  }
  return f;
}

}  // namespace gen
