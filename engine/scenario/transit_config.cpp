#include "engine/scenario/transit_config.hpp"

#include <fmt/format.h>

#include <set>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/gis/crs.hpp"
#include "engine/network/spatial_index.hpp"

namespace ogan::scenario {

namespace {

const std::vector<std::string> kLineKeys = {"id",
                                            "name",
                                            "kind",
                                            "waypoints",
                                            "fleet",
                                            "headway_min",
                                            "capacity",
                                            "hours",
                                            "stop_spacing_m",
                                            "pcu",
                                            "dwell_per_passenger_s",
                                            "layover_min"};
const std::vector<std::string> kKinds = {"angkot", "minibus"};
constexpr double kMaxSnap_m = 5000;

double clock(const YamlReader& r, const YAML::Node& n, const std::string& key) {
  const auto c = parse_hhmm(r.get<std::string>(n, key, "a time HH:MM"), 30);
  if (!c) r.fail(n, key, c.error);
  return c.seconds;
}

TransitLineConfig read_line(const YamlReader& r, const YAML::Node& n, const YAML::Node& defaults,
                            const std::string& key) {
  r.check_keys(n, key, kLineKeys);
  TransitLineConfig lc;
  auto& s = lc.spec;
  if (!n["id"]) r.fail(n, key + ".id", "missing");
  s.id = r.get<std::string>(n["id"], key + ".id", "a text value");
  s.name = n["name"] ? r.get<std::string>(n["name"], key + ".name", "a text value") : s.id;
  if (!n["kind"]) r.fail(n, key + ".kind", "missing (angkot or minibus)");
  s.kind = r.get<std::string>(n["kind"], key + ".kind", "a text value");
  if (std::find(kKinds.begin(), kKinds.end(), s.kind) == kKinds.end())
    r.fail(n["kind"], key + ".kind", fmt::format("expected angkot or minibus, got '{}'", s.kind));
  const YAML::Node d = defaults && defaults[s.kind] ? defaults[s.kind] : YAML::Node();
  // A key of the line, else of the defaults of its kind; `where` names the key for errors.
  auto value = [&](const std::string& k, std::string& where) -> YAML::Node {
    if (n[k]) {
      where = key + "." + k;
      return n[k];
    }
    if (d && d[k]) {
      where = "defaults." + s.kind + "." + k;
      return d[k];
    }
    r.fail(n, key + "." + k, "missing (in the line or in defaults." + s.kind + ")");
  };
  std::string w;
  const auto wp = n["waypoints"];
  if (!wp) r.fail(n, key + ".waypoints", "missing");
  if (!wp.IsSequence() || wp.size() < 2)
    r.fail(wp, key + ".waypoints", "expected a list of at least two waypoints");
  for (std::size_t i = 0; i < wp.size(); ++i) {
    const auto e = wp[i];
    const auto k = fmt::format("{}.waypoints[{}]", key, i);
    r.check_keys(e, k, {"facility", "zone", "lonlat"});
    if (e.size() != 1) r.fail(e, k, "expected one of facility, zone or lonlat");
    TransitWaypoint t;
    t.where = r.place(e, k);
    t.key = k;
    if (e["facility"]) t.facility = r.get<std::string>(e["facility"], k + ".facility", "a name");
    if (e["zone"]) t.zone = r.get<std::string>(e["zone"], k + ".zone", "a zone code");
    if (e["lonlat"]) {
      const auto ll = e["lonlat"];
      if (!ll.IsSequence() || ll.size() != 2) r.fail(ll, k + ".lonlat", "expected [lon, lat]");
      const double lon = r.in_range(ll[0], k + ".lonlat", 95, 141);
      const double lat = r.in_range(ll[1], k + ".lonlat", -11, 6);
      t.lonlat = std::make_pair(lon, lat);
    }
    lc.waypoints.push_back(std::move(t));
  }
  auto fleet = value("fleet", w);
  const double f = r.in_range(fleet, w, 1, 10000);
  if (f != std::floor(f)) r.fail(fleet, w, fmt::format("expected a whole number, got {}", f));
  s.fleet = static_cast<int>(f);
  auto hw = value("headway_min", w);
  if (!hw.IsMap() || hw.size() == 0)
    r.fail(hw, w, "expected a mapping of times to minutes, e.g. {\"05:30\": 10, \"09:00\": 15}");
  for (const auto& kv : hw) {
    const auto hk = w + "." + kv.first.as<std::string>();
    const double from = clock(r, kv.first, hk);
    const double minutes = r.in_range(kv.second, hk, 1, 240);
    s.headways.push_back({from, minutes * 60});
  }
  std::sort(s.headways.begin(), s.headways.end(),
            [](const auto& a, const auto& b) { return a.from_s < b.from_s; });
  for (std::size_t i = 1; i < s.headways.size(); ++i)
    if (s.headways[i].from_s == s.headways[i - 1].from_s) r.fail(hw, w, "a time is given twice");
  auto cap = value("capacity", w);
  r.check_keys(cap, w, {"seated", "standing"});
  if (!cap["seated"]) r.fail(cap, w + ".seated", "missing");
  const double seated = r.in_range(cap["seated"], w + ".seated", 1, 200);
  const double standing =
      cap["standing"] ? r.in_range(cap["standing"], w + ".standing", 0, 200) : 0.0;
  s.capacity = static_cast<int>(seated + standing);
  auto hours = value("hours", w);
  r.check_keys(hours, w, {"start", "end"});
  if (!hours["start"] || !hours["end"]) r.fail(hours, w, "expected {start: HH:MM, end: HH:MM}");
  s.start_s = clock(r, hours["start"], w + ".start");
  s.end_s = clock(r, hours["end"], w + ".end");
  if (!(s.end_s > s.start_s)) r.fail(hours, w, "end must be after start");
  s.stop_spacing_m = r.in_range(value("stop_spacing_m", w), w, 50, 20000);
  s.pcu = r.in_range(value("pcu", w), w, 0.1, 5);
  s.dwell_per_passenger_s = r.in_range(value("dwell_per_passenger_s", w), w, 0, 120);
  s.layover_s = 60 * r.in_range(value("layover_min", w), w, 0, 240);
  return lc;
}

}  // namespace

TransitConfig read_transit_lines(const std::string& path) {
  const YamlReader r(path);
  const auto root = r.load();
  TransitConfig c;
  c.file = path;
  r.check_keys(root, "", {"access", "defaults", "lines"});
  if (const auto a = root["access"]) {
    r.check_keys(a, "access", {"max_walk_m", "walk_speed_mps", "walk_detour", "max_wait_min"});
    if (a["max_wait_min"])
      c.options.max_wait_s = 60 * r.in_range(a["max_wait_min"], "access.max_wait_min", 1, 1440);
    if (a["max_walk_m"])
      c.options.max_access_m = r.in_range(a["max_walk_m"], "access.max_walk_m", 50, 10000);
    if (a["walk_speed_mps"])
      c.options.walk_speed_mps = r.in_range(a["walk_speed_mps"], "access.walk_speed_mps", 0.3, 3);
    if (a["walk_detour"])
      c.options.walk_detour = r.in_range(a["walk_detour"], "access.walk_detour", 1, 3);
  }
  const auto defaults = root["defaults"];
  if (defaults) {
    r.check_keys(defaults, "defaults", kKinds);
    for (const auto& kv : defaults) {
      const auto k = "defaults." + kv.first.as<std::string>();
      std::vector<std::string> allowed(kLineKeys.begin() + 4, kLineKeys.end());
      r.check_keys(kv.second, k, allowed);
    }
  }
  const auto lines = root["lines"];
  if (!lines) r.fail(root, "lines", "missing: the file lists no lines");
  if (!lines.IsSequence() || lines.size() == 0) r.fail(lines, "lines", "expected a list of lines");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto key = fmt::format("lines[{}]", i);
    auto lc = read_line(r, lines[i], defaults, key);
    if (!ids.insert(lc.spec.id).second)
      r.fail(lines[i]["id"], key + ".id", fmt::format("line id '{}' is used twice", lc.spec.id));
    c.lines.push_back(std::move(lc));
  }
  return c;
}

traffic::TransitNetwork build_transit(const TransitConfig& cfg, const net::Network& net,
                                      const OGRSpatialReference& crs,
                                      const std::vector<gis::Facility>& facilities,
                                      const gis::Zones& zones,
                                      const std::vector<net::LinkId>& avoid) {
  const net::LinkIndex index(net);
  const gis::Reprojector to_metric(gis::parse_crs("EPSG:4326"), crs);
  std::vector<traffic::TransitLineSpec> specs;
  for (const auto& lc : cfg.lines) {
    auto spec = lc.spec;
    for (const auto& w : lc.waypoints) {
      double x = 0, y = 0;
      if (!w.facility.empty()) {
        const auto it = std::find_if(facilities.begin(), facilities.end(),
                                     [&](const gis::Facility& f) { return f.name == w.facility; });
        if (it == facilities.end())
          fail_at(w.where, w.key + ".facility", "no facility named '" + w.facility + "'");
        x = it->x;
        y = it->y;
      } else if (!w.zone.empty()) {
        const auto it = std::find(zones.id.begin(), zones.id.end(), w.zone);
        if (it == zones.id.end()) fail_at(w.where, w.key + ".zone", "no zone '" + w.zone + "'");
        const auto z = static_cast<std::size_t>(it - zones.id.begin());
        x = zones.centroid_x[z];
        y = zones.centroid_y[z];
      } else {
        x = w.lonlat->first;
        y = w.lonlat->second;
        if (!to_metric.apply(x, y)) fail_at(w.where, w.key + ".lonlat", "cannot be reprojected");
      }
      const auto snap = index.nearest(x, y, kMaxSnap_m, [&](net::LinkId l) {
        return net.motor[static_cast<std::size_t>(l)] != 0;
      });
      if (!snap)
        fail_at(w.where, w.key,
                fmt::format("no road open to motor vehicles within {} m", kMaxSnap_m));
      // The link's end nearer to the point.
      const auto l = snap->link;
      spec.waypoints.push_back(snap->offset_m <= 0.5 * net.length_m[l] ? net.from[l] : net.to[l]);
    }
    specs.push_back(std::move(spec));
  }
  return traffic::build_transit_network(net, std::move(specs), cfg.options, avoid);
}

}  // namespace ogan::scenario
