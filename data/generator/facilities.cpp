// Facilities: the known points of facilities_known.csv, the named facilities of FACTS.md placed
// plausibly, and generated schools / puskesmas / markets. Every generated point is tagged
// placement=generated.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "baturaja.hpp"

namespace gen {
namespace {

std::string norm(const std::string& s) {
  std::string o;
  for (char ch : s)
    if (ch != ' ' && ch != '.' && ch != '-')
      o += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return o;
}

}  // namespace

std::vector<Facility> make_facilities(const Facts& f, const Grid& g) {
  std::vector<Facility> v;
  auto zone_by_name = [&](const std::string& name, const std::string& kec_code = "") -> int {
    for (std::size_t i = 0; i < f.zones.size(); ++i)
      if (norm(f.zones[i].name) == norm(name) &&
          (kec_code.empty() || f.zones[i].kec_code == kec_code))
        return static_cast<int>(i);
    throw std::runtime_error(fmt::format("no zone named {}", name));
  };
  // The zone a facility is placed for: set by near() (called in add()'s arguments), taken by add().
  int placed_for = -1;
  // A point near p (within radius) that lies in zone z (or anywhere in the regency if z < 0); the
  // zone centre itself (inside its polygon) when 200 tries miss.
  auto near = [&](Pt p, double radius, int z, uint64_t seed) {
    placed_for = z;
    for (int k = 0; k < 200; ++k) {
      double a = unit(mix(seed, static_cast<uint64_t>(k), 1)) * 2 * std::numbers::pi;
      double r = radius * std::sqrt(unit(mix(seed, static_cast<uint64_t>(k), 2)));
      Pt q{std::round((p.x + r * std::cos(a)) * 100) / 100,
           std::round((p.y + r * std::sin(a)) * 100) / 100};
      int zq = g.zone_at(q);
      if (zq >= 0 && (z < 0 || zq == z)) return q;
    }
    return p;
  };
  auto add = [&](std::string name, std::string type, std::optional<std::string> subtype,
                 std::optional<int> cap, std::string placement, std::string source, std::string rel,
                 Pt p) {
    v.push_back({std::move(name), std::move(type), std::move(subtype), cap, std::move(placement),
                 std::move(source), std::move(rel), p, placed_for});
    placed_for = -1;
  };
  const std::string facts_csv = "data/facts/facilities_known.csv";

  // Known points (schools, RSUD, Pasar Induk, terminal, UNBARA, two puskesmas). Pasar Atas shares
  // the RSUD coordinate (both are the Baturaja Lama centroid), so it is moved onto Jl. Warsito.
  for (const KnownFacility& k : f.known) {
    Pt p = to_utm(k.lon, k.lat);
    std::string placement = k.placement == "point" ? "known_point" : "kelurahan_centroid";
    std::optional<int> cap;
    std::optional<std::string> sub;
    std::string type = k.type;
    if (k.name == "Pasar Atas (Pasar Pucuk)") {
      p = to_utm(104.1678, -4.1292);
      placement = "generated";
    }
    if (k.name == "Terminal Batu Kuning")
      p = to_utm(104.126365, -4.10125);  // opposite Pasar Induk across Jalinsum
    if (k.name == "Pasar Induk Batu Kuning") cap = 800;
    if (k.name.rfind("SMK", 0) == 0) sub = "SMK";
    if (k.name.rfind("SMA", 0) == 0) sub = "SMA";
    if (type == "hospital") sub = "RSUD";
    add(k.name, type, sub, cap, placement, facts_csv + ": " + k.note, k.reliability, p);
  }

  // Hospitals (FACTS.md 3); only RSUD has a known position.
  const char* hospitals[][2] = {{"RSU Dr. Noesmir Baturaja (RS Tk.IV 02.07.05)", "Kemalaraja"},
                                {"RSU Santo Antonio", "Sukaraya"},
                                {"RSK Bedah Dokter Maulana AK", "Baturaja Lama"},
                                {"RSIA Amanna", "Sukajadi"},
                                {"RSIA Graha Kurnia", "Sekar Jaya"},
                                {"RSIA Prima Qonita", "Air Gading"},
                                {"RSIA AGDA", "Baturaja Permai"}};
  uint64_t seed = 1;
  for (auto& h : hospitals) {
    int z = zone_by_name(h[1], "");
    std::string name = h[0];
    Pt p = name.rfind("RSU Dr. Noesmir", 0) == 0
               ? to_utm(104.1682, -4.1205)  // "Simpang RS DKT" near Taman Kota
               : near(f.zones[static_cast<std::size_t>(z)].c, 400, z, ++seed);
    add(name, "hospital", name.rfind("RSIA", 0) == 0 ? "RSIA" : "RS", std::nullopt, "generated",
        "FACTS.md 3: Sumsel hospital directory 2024 (gh index ids 65965540877 / 66024623959); "
        "position generated",
        "C", p);
  }

  // Puskesmas: 9 named (FACTS.md 3), at the centroid of their desa / kecamatan centre; 9 unnamed
  // spread so every kecamatan has one, the rest to the most populous.
  std::vector<int> pk_per_kec(f.kec.size(), 0);
  for (const Facility& x : v)
    if (x.type == "puskesmas")
      ++pk_per_kec[static_cast<std::size_t>(f.zones[static_cast<std::size_t>(g.zone_at(x.p))].kec)];
  const char* named[][2] = {
      {"Penyandingan", "16.01.07"}, {"Lubuk Batang", ""}, {"Tanjung Lengkayap", "16.01.28"},
      {"Pengaringan", "16.01.21"},  {"Peninjauan", ""},   {"Sinar Peninjauan", ""},
      {"Mendingin", "16.01.20"}};
  for (auto& n : named) {
    int z = -1;
    std::string nm = n[0];
    if (std::string(n[1]).empty()) {
      for (const Kecamatan& k : f.kec)
        if (k.name == nm) z = k.centre_zone;
    } else {
      z = zone_by_name(nm == "Tanjung Lengkayap" ? "Tanjunglengkayap" : nm, n[1]);
    }
    const Zone& zz = f.zones[static_cast<std::size_t>(z)];
    add("Puskesmas " + nm, "puskesmas", std::nullopt, std::nullopt, "kelurahan_centroid",
        "FACTS.md 3: sumsel.antaranews.com/berita/327548 (named, ~2017); at the "
        "desa/kecamatan-centre centroid",
        "B", near(zz.c, 150, z, mix(z, 11)));
    ++pk_per_kec[static_cast<std::size_t>(zz.kec)];
  }
  std::vector<std::size_t> order(f.kec.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return f.kec[a].total > f.kec[b].total; });
  int unnamed = 0;
  auto place_pk = [&](std::size_t k) {
    // second puskesmas of a kecamatan goes to its most populous other desa
    int z = f.kec[k].centre_zone;
    if (pk_per_kec[k] > 0) {
      double best = -1;
      for (int zi : f.kec[k].zones)
        if (zi != f.kec[k].centre_zone && f.zones[static_cast<std::size_t>(zi)].pop > best) {
          best = f.zones[static_cast<std::size_t>(zi)].pop;
          z = zi;
        }
    }
    ++unnamed;
    add(fmt::format("Puskesmas {} (unnamed {})", f.zones[static_cast<std::size_t>(z)].name,
                    unnamed),
        "puskesmas", std::nullopt, std::nullopt, "generated",
        "FACTS.md 3: 18 puskesmas in OKU, 9 not named; placement generated", "B",
        near(f.zones[static_cast<std::size_t>(z)].c, 300, z, mix(z, 12)));
    ++pk_per_kec[k];
  };
  for (std::size_t k : order)
    if (pk_per_kec[k] == 0 && unnamed < 9) place_pk(k);
  for (std::size_t i = 0; unnamed < 9; ++i) place_pk(order[i % order.size()]);

  // Schools. Ratios are Indonesian averages used as approximations (no OKU counts were found): one
  // SD per ~1,300 people, one SMP per ~5,000, one SMA/SMK per ~8,000. Schools go to zones by the
  // kecamatan population allocated by area (largest remainder), near the zone centroid; seats =
  // school-age share / schools.
  struct Level {
    const char* type;
    const char* prefix;
    double per;
    double age_share;
  };
  const Level levels[] = {{"school_primary", "SD Negeri", 1300, 0.105},
                          {"school_junior", "SMP Negeri", 5000, 0.053},
                          {"school_senior", "SMA/SMK", 8000, 0.052}};
  double total_pop = 0;
  for (const Kecamatan& k : f.kec) total_pop += static_cast<double>(k.total);
  for (const Level& L : levels) {
    int known = 0;
    for (const Facility& x : v) known += x.type == L.type;
    int n = static_cast<int>(std::lround(total_pop / L.per)) - known;
    std::vector<double> share(f.zones.size());
    std::vector<int> cnt(f.zones.size());
    int used = 0;
    for (std::size_t i = 0; i < f.zones.size(); ++i) {
      share[i] = f.zones[i].pop / total_pop * n;
      cnt[i] = static_cast<int>(share[i]);
      used += cnt[i];
    }
    std::vector<std::size_t> idx(f.zones.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      double ra = share[a] - cnt[a], rb = share[b] - cnt[b];
      return ra != rb ? ra > rb : a < b;
    });
    for (std::size_t k = 0; used < n; ++k, ++used) ++cnt[idx[k % idx.size()]];
    int serial = 0;
    for (std::size_t i = 0; i < f.zones.size(); ++i)
      for (int k = 0; k < cnt[i]; ++k) {
        const Zone& z = f.zones[i];
        int seats =
            std::clamp(static_cast<int>(std::lround(z.pop * L.age_share / cnt[i])), 60, 1200);
        double rad = std::min(800.0, 0.5 * std::sqrt(z.area_km2 * 1e6 / std::numbers::pi));
        add(fmt::format("{} {} {}", L.prefix, ++serial, z.name), L.type,
            std::string(L.type) == "school_senior" ? std::optional<std::string>("SMA")
                                                   : std::nullopt,
            seats, "generated",
            fmt::format("generated: 1 per ~{:.0f} people (Indonesian average, approximation); "
                        "seats = {:.1f}% of "
                        "allocated zone population / schools",
                        L.per, L.age_share * 100),
            "generated",
            near(z.c, rad, static_cast<int>(i),
                 mix(i, static_cast<uint64_t>(k), std::hash<std::string>{}(L.type) & 0xffff)));
      }
  }

  // Universities (FACTS.md 3-4), placed in town.
  const char* unis[][2] = {{"STAI Baturaja", "Kemalaraja"},
                           {"STIKes Al-Ma'arif Baturaja", "Sukajadi"},
                           {"AMIK AKMI Baturaja", "Baturaja Lama"},
                           {"Poltekkes Palembang D-III Keperawatan Baturaja", "Sukaraya"},
                           {"Universitas Mahakarya Asia", "Sekar Jaya"}};
  for (auto& u : unis) {
    int z = zone_by_name(u[1]);
    add(u[0], "university", std::nullopt, std::nullopt, "generated",
        "FACTS.md 3-4: gh justknow06/pemetaan_universitas_diBaturaja (coords rounded, not used); "
        "id-Wikipedia mirror",
        "C", near(f.zones[static_cast<std::size_t>(z)].c, 400, z, mix(z, 21)));
  }

  // Markets: Pasar Baru (known), Pasar Atas, Pasar Induk from the CSV; one per other kecamatan
  // centre.
  for (Facility& x : v) {
    // No stall counts in the facts for these two: placeholders, flagged in the source.
    if (x.name == "Pasar Atas (Pasar Pucuk)") x.capacity = 1200;
    if (x.name == "Pasar Baru") x.capacity = 500;
    if (x.name == "Pasar Atas (Pasar Pucuk)" || x.name == "Pasar Baru")
      x.source += "; capacity = placeholder estimate";
  }
  for (const Kecamatan& k : f.kec) {
    if (k.code == "16.01.13" || k.code == "16.01.14") continue;
    const Zone& z = f.zones[static_cast<std::size_t>(k.centre_zone)];
    add("Pasar " + z.name, "market", "pasar desa", 150, "generated",
        "generated: one market per kecamatan centre; stall count a placeholder estimate",
        "generated", near(z.c, 200, k.centre_zone, mix(static_cast<uint64_t>(k.centre_zone), 31)));
  }

  // Public services and employers in town.
  add("Disdukcapil OKU", "civil_registry", std::nullopt, std::nullopt, "generated",
      "FACTS.md 1 (Disdukcapil OKU exists, signed population scan); position generated",
      "generated", to_utm(104.1735, -4.1240));
  add("Mal Pelayanan Publik OKU", "public_service_mall", std::nullopt, std::nullopt, "generated",
      "brief: MPP in town; position generated", "generated", to_utm(104.1770, -4.1185));
  add("Samsat OKU", "government_office", "samsat", std::nullopt, "generated",
      "brief; position generated", "generated", to_utm(104.1850, -4.1160));
  add("PT Semen Baturaja (SMBR)", "employer", "cement plant", std::nullopt, "generated",
      "FACTS.md 3, 7 (named; Stasiun Tigagajah freight near the plant); NE of town on the Ogan, "
      "position generated",
      "B", to_utm(104.1740, -4.1030));
  add("Kantor Pemkab OKU", "government_office", "pemkab", std::nullopt, "generated",
      "brief; position generated", "generated", to_utm(104.1760, -4.1205));
  add("DPRD OKU", "government_office", "dprd", std::nullopt, "generated",
      "FACTS.md 7 (DPRD OKU on Jl. Gajah Mada, Taman Kota area); position on the modelled Jl. "
      "Gajah Mada",
      "B", to_utm(104.1752, -4.1230));

  int in_own = 0;
  for (const Facility& x : v) {
    const int z = g.zone_at(x.p);
    if (z < 0) throw std::runtime_error(fmt::format("facility {} outside the zones", x.name));
    if (x.zone >= 0 && z != x.zone)
      throw std::runtime_error(fmt::format("facility {} is not in its zone {}", x.name,
                                           f.zones[static_cast<std::size_t>(x.zone)].name));
    in_own += x.zone >= 0;
  }
  fmt::print("facilities: {} inside the zones; {} placed for a zone, all inside its polygon\n",
             v.size(), in_own);
  return v;
}

std::vector<FloodZone> flood_zones(const Facts& f, std::vector<std::string>& unmatched) {
  // FACTS.md 9, event of 7 May 2024; matched case- and space-insensitively within the two town
  // kecamatan.
  const char* names[] = {"Tanjung Agung", "Talang Jawa", "Air Gading",   "Tanjung Karang",
                         "Batu Kuning",   "Laya",        "Karang Endah", "Batu Putih",
                         "Pusar",         "Saung Naga",  "Sekarjaya",    "Baturaja Permai",
                         "Baturaja Lama", "Kemala Raja", "Sukaraya",     "Air Paoh",
                         "Bakung",        "Sukajadi",    "Gotong Royong"};
  auto sq = [](const std::string& s) {
    std::string o;
    for (char ch : s)
      if (ch != ' ') o += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return o;
  };
  std::vector<FloodZone> out;
  for (const char* n : names) {
    int hit = -1;
    for (std::size_t i = 0; i < f.zones.size(); ++i)
      if ((f.zones[i].kec_code == "16.01.13" || f.zones[i].kec_code == "16.01.14") &&
          sq(f.zones[i].name) == sq(n))
        hit = static_cast<int>(i);
    if (hit < 0) {
      unmatched.emplace_back(n);
      continue;
    }
    std::string note;
    if (f.zones[static_cast<std::size_t>(hit)].name != n)
      note = fmt::format("reported as '{}', matched to '{}'", n,
                         f.zones[static_cast<std::size_t>(hit)].name);
    if (std::string(n) == "Kemala Raja")
      note += "; Bakung and Jl. Gotong Royong (also reported) are in/near Kemalaraja";
    out.push_back({hit, note});
  }
  return out;
}

}  // namespace gen
