// Hand-placed roads of Baturaja: Jalinsum, the Palembang road, the named streets of FACTS.md 7 and
// the five Ogan bridges of FACTS.md 8. Positions are plausible, not surveyed: each street is put in
// the kelurahan the facts name and on the bank that kelurahan is on; the town's only river
// crossings are the five bridges.
#include <algorithm>
#include <cmath>

#include "baturaja.hpp"

namespace gen {
namespace {

Pt L(double lon, double lat) {
  return to_utm(lon, lat);
}

Road road(std::string highway, std::optional<std::string> name, std::vector<Pt> pts,
          std::string oneway = "no") {
  Road r;
  r.pts = std::move(pts);
  r.a.highway = std::move(highway);
  r.a.name = std::move(name);
  r.a.oneway = std::move(oneway);
  r.designed = true;
  return r;
}

struct Bridge {
  Pt left, right;  // ends on the left (west/north) and right bank
};

// A bridge of the given length across the river at the river point nearest to (lon, lat), square to
// the flow.
Bridge bridge_at(const Grid& g, double lon, double lat, double length) {
  Pt q = to_utm(lon, lat);
  const auto& rv = river_utm();
  double best = 1e300;
  Pt p, dir;
  for (std::size_t j = 0; j + 1 < rv.size(); ++j) {
    Pt e = rv[j + 1] - rv[j];
    double len2 = e.x * e.x + e.y * e.y;
    double t = std::clamp(((q.x - rv[j].x) * e.x + (q.y - rv[j].y) * e.y) / len2, 0.0, 1.0);
    Pt c = rv[j] + e * t;
    if (double d = dist(c, q); d < best) {
      best = d;
      p = c;
      dir = e * (1.0 / std::sqrt(len2));
    }
  }
  Pt n{-dir.y, dir.x};  // left of the flow
  auto rnd = [](Pt a) { return Pt{std::round(a.x * 100) / 100, std::round(a.y * 100) / 100}; };
  Bridge b{rnd(p + n * (length / 2)), rnd(p - n * (length / 2))};
  if (g.bank_at(b.left) == 2 || g.bank_at(b.right) == 1) std::swap(b.left, b.right);
  return b;
}

}  // namespace

std::vector<Road> town_roads(const Facts&, const Grid& g) {
  std::vector<Road> v;
  const std::string jalinsum_town = "Jl. Kol. Wahab Uzir (Lintas Tengah)";
  const std::string jalinsum = "Jl. Lintas Tengah Sumatera";

  Bridge o1 =
      bridge_at(g, 104.1646, -4.1222, 100);  // Bank Sumsel crossroads -> Taman Kota (one-way)
  Bridge o2 = bridge_at(g, 104.1576, -4.1080, 120);  // Sukajadi, carries Jalinsum
  Bridge o3 = bridge_at(g, 104.1645, -4.1400, 110);  // alternative for traffic from Kemelak
  Bridge o4 = bridge_at(g, 104.1680, -4.1750,
                        137.6);  // Jl. Nawawi Al-Hajj; location unresolved in the facts
  Bridge o5 = bridge_at(g, 104.1990, -4.1020, 140);  // Tanjung Kemala <-> Sekarjaya, 30-80-30 m

  auto br = [&](const char* name, Bridge b, std::string highway, bool reverse = false,
                std::string oneway = "no") {
    Road r = road(std::move(highway), std::string(name),
                  reverse ? std::vector<Pt>{b.right, b.left} : std::vector<Pt>{b.left, b.right},
                  std::move(oneway));
    r.a.bridge = true;
    r.a.bridge_name = name;
    return r;
  };
  // Named junctions (lon/lat).
  const Pt BK = L(104.126365, -4.10080);   // Jalinsum at Pasar Induk / Terminal Batu Kuning
  const Pt K0 = L(104.1540, -4.1068);      // Jalinsum x Jl. Kertapati
  const Pt S4 = L(104.1650, -4.1090);      // simpang empat Sukajadi
  const Pt J1 = L(104.1800, -4.1115);      // Jalinsum x Jl. Anwar Sastro
  const Pt SX = L(104.2000, -4.1145);      // Simpang Sekarjaya: Palembang road leaves Jalinsum
  const Pt J3 = L(104.2040, -4.1165);      // Jalinsum x Jl. Imam Bonjol
  const Pt R = L(104.1605, -4.1172);       // Simpang Tiga Ramayana
  const Pt B = L(104.1627, -4.1213);       // Bank Sumsel crossroads
  const Pt TJ = L(104.1590, -4.1240);      // Talang Jawa
  const Pt X = L(104.1490, -4.1288);       // Jl. Kol. Burlian x Jl. Kapten A. Rivai
  const Pt T = L(104.1668, -4.1238);       // Taman Kota
  const Pt H = L(104.1692, -4.1262);       // Simpang Tiga RSUD
  const Pt P = L(104.1745, -4.1262);       // Jl. Dr. Moh. Hatta x Jl. Gajah Mada
  const Pt M1 = L(104.1790, -4.1262);      // Hatta x Anwar Sastro
  const Pt M2 = L(104.1900, -4.1255);      // Hatta x Imam Bonjol (Air Paoh)
  const Pt V1 = L(104.1692, -4.1172);      // Sutomo x Veteran
  const Pt V2 = L(104.1714, -4.1171);      // Veteran x HS Simanjuntak
  const Pt V3 = L(104.1745, -4.1170);      // Veteran x Gajah Mada
  const Pt V4 = L(104.1795, -4.1172);      // Veteran x Anwar Sastro
  const Pt IB = L(104.1960, -4.1210);      // Imam Bonjol x Veteran
  const Pt W2 = L(104.1700, -4.1315);      // Jl. Warsito x Jl. S. Parman
  const Pt PB = L(104.1648, -4.1292);      // Pasar Baru
  const Pt KM = L(104.192612, -4.159035);  // Kemelak Bindung Langit
  const Pt TB = L(104.224641, -4.150201);  // Tanjung Baru
  const Pt LY = L(104.1569, -4.1460);      // Laya
  const Pt SN3 = L(104.1570, -4.1400);     // Laya street x Ogan III approach
  const Pt TK = L(104.1960, -4.0930);      // Tanjung Kemala, on the Palembang road

  // Jalinsum (trunk) west: from the Muara Enim side through Batu Kuning to Jembatan Ogan II.
  // Extended outward beyond the regency and cut at its edge later.
  v.push_back(road("trunk", jalinsum,
                   {L(103.990, -3.800), L(104.020, -3.880), L(104.045, -3.940), L(104.065, -3.990),
                    L(104.082, -4.035), L(104.095, -4.062), L(104.112, -4.088), BK}));
  v.push_back(road("trunk", jalinsum_town, {BK, L(104.1400, -4.1040), K0, o2.left}));
  v.push_back(br("Jembatan Ogan II", o2, "trunk"));
  v.push_back(road("trunk", jalinsum_town, {o2.right, S4}));
  v.push_back(
      road("trunk", jalinsum_town, {S4, L(104.1750, -4.1105), J1, L(104.1900, -4.1135), SX, J3}));
  v.push_back(road(
      "trunk", jalinsum,
      {J3, L(104.2150, -4.1220), L(104.2400, -4.1300), L(104.2700, -4.1350), L(104.2961, -4.1400),
       L(104.3300, -4.1500), L(104.3800, -4.1700), L(104.4500, -4.2000), L(104.5500, -4.2400)}));
  // Toward Prabumulih / Palembang (primary): over Jembatan Ogan V, Tanjung Kemala, Lubuk Batang,
  // Peninjauan.
  // Simpang Sekarjaya to the bridge is the 1,600 m x 20 m access road built with Jembatan Ogan V
  // (FACTS.md 8): wide enough for 4/2 D (lanes and median assumed).
  v.push_back(road("primary", std::string("Jl. Baturaja - Prabumulih"),
                   {SX, L(104.1995, -4.1080), o5.right}));
  v.back().a.divided = true;
  v.push_back(br("Jembatan Ogan V", o5, "primary", true));
  v.push_back(road("primary", std::string("Jl. Baturaja - Prabumulih"),
                   {o5.left, TK, L(104.2080, -4.0700), L(104.2278, -4.0415), L(104.2400, -4.0100),
                    L(104.2600, -3.9700), L(104.3000, -3.9200), L(104.3500, -3.8800),
                    L(104.3842, -3.8592), L(104.4000, -3.8000), L(104.4100, -3.6800)}));
  // West bank streets.
  v.push_back(road("secondary", std::string("Jl. Kertapati"), {K0, L(104.1575, -4.1125), R}));
  v.push_back(road("secondary", std::string("Jl. Jend. A. Yani"), {R, B, o1.left}, "yes"));
  v.push_back(br("Jembatan Ogan I", o1, "secondary", false, "yes"));
  v.push_back(road("secondary", std::string("Jl. Kol. Burlian"),
                   {B, TJ, L(104.1545, -4.1280), X, L(104.1400, -4.1275), L(104.1300, -4.1255),
                    L(104.1150, -4.1250)}));
  v.push_back(road("tertiary", std::string("Jl. Kapten A. Rivai"),
                   {R, L(104.1555, -4.1200), L(104.1515, -4.1245), X}));
  v.push_back(
      road("tertiary", std::nullopt, {TJ, L(104.1588, -4.1300), L(104.1595, -4.1335), SN3, LY}));
  v.push_back(road("tertiary", std::nullopt, {o3.left, L(104.1600, -4.1405), SN3}));
  v.push_back(br("Jembatan Ogan III", o3, "secondary"));
  v.push_back(
      road("tertiary", std::nullopt, {o4.left, L(104.1500, -4.1760), L(104.129832, -4.177375)}));
  v.push_back(br("Jembatan Ogan IV", o4, "secondary"));
  // East bank streets.
  v.push_back(road("secondary", std::string("Jl. Dr. Sutomo"),
                   {S4, L(104.1676, -4.1128), V1, L(104.1690, -4.1212), T}));
  v.push_back(road("secondary", std::string("Jl. Dr. Moh. Hatta"),
                   {o1.right, T, H, P, M1, L(104.1840, -4.1262), M2}));
  v.push_back(road("tertiary", std::string("Jl. Imam Bonjol"), {M2, IB, J3}));
  v.push_back(road("tertiary", std::string("Jl. Veteran"),
                   {V1, V2, V3, V4, L(104.1860, -4.1178), L(104.1920, -4.1185), IB}));
  v.push_back(road("tertiary", std::string("Jl. HS Simanjuntak"),
                   {H, L(104.1710, -4.1240), L(104.1712, -4.1205), V2}));
  v.push_back(
      road("tertiary", std::string("Jl. Gajah Mada"), {P, L(104.1745, -4.1215), V3}, "yes"));
  v.push_back(
      road("tertiary", std::string("Jl. Anwar Sastro"), {M1, L(104.1792, -4.1215), V4, J1}));
  v.push_back(road("tertiary", std::string("Jl. Warsito"), {H, L(104.1690, -4.1290), W2}));
  v.push_back(
      road("tertiary", std::string("Jl. Jend. S. Parman"), {W2, L(104.1670, -4.1310), PB}, "yes"));
  v.push_back(
      road("tertiary", std::string("Jl. Jend. Gatot Subroto"),
           {T, L(104.1652, -4.1262), PB, L(104.1650, -4.1330), L(104.1655, -4.1370), o3.right}));
  v.push_back(road("secondary", std::string("Jl. Kemelak"), {o3.right, L(104.1750, -4.1460), KM}));
  v.push_back(road("tertiary", std::nullopt, {KM, L(104.1920, -4.1420), M2}));
  v.push_back(road("secondary", std::string("Jl. Nawawi Al-Hajj"),
                   {o4.right, L(104.1800, -4.1680), KM, L(104.2100, -4.1550), TB}));
  return v;
}

}  // namespace gen
