#include "engine/run/observations_reader.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <numbers>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/gis/feature_table.hpp"

namespace ogan::run {

namespace {

namespace fs = std::filesystem;

constexpr double kDayEndS = 30 * 3600.0;  // the day runs past midnight, to 30:00
constexpr double kQuarterS = 900.0;       // intervals are whole multiples of 15 minutes
constexpr double kMaxSnapM = 50.0;        // a station this far from a road is an error
constexpr double kMaxHeadingDiffDeg = 45.0;

std::string trim(std::string_view s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return "";
  const auto b = s.find_last_not_of(" \t");
  return std::string(s.substr(a, b - a + 1));
}

std::string join(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// One CSV file: its header and rows, each with its line number. Minimal RFC 4180: fields may be
// quoted ("a, b", "say ""x"""), but a quoted field does not span lines; CRLF and a UTF-8 byte
// order mark are accepted; blank lines and lines starting with '#' are skipped.
class Csv {
 public:
  struct Row {
    int line = 0;
    std::vector<std::string> cells;
  };

  // Reads `path`, checks the header against the required and optional columns (any order).
  Csv(std::string path, const std::vector<std::string>& required,
      const std::vector<std::string>& optional = {})
      : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot be read", path_));
    std::vector<std::string> expected = required;
    expected.insert(expected.end(), optional.begin(), optional.end());
    expected_ = join(expected);
    std::string text;
    int line = 0;
    bool header_seen = false;
    while (std::getline(in, text)) {
      ++line;
      if (line == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
      if (!text.empty() && text.back() == '\r') text.pop_back();
      const std::string t = trim(text);
      if (t.empty() || t[0] == '#') continue;
      auto cells = split(text, line);
      if (!header_seen) {
        header_seen = true;
        header_line_ = line;
        check_header(cells, required, optional);
        continue;
      }
      if (cells.size() != header_.size()) {
        throw InputError(fmt::format("{}:{}: expected {} fields ({}), got {}", path_, line,
                                     header_.size(), join(header_), cells.size()));
      }
      rows_.push_back({line, std::move(cells)});
    }
    if (!header_seen) {
      throw InputError(fmt::format("{}:1: header: expected the columns {}; the file is empty",
                                   path_, expected_));
    }
  }

  const std::string& path() const { return path_; }
  const std::vector<Row>& rows() const { return rows_; }
  bool has(const std::string& column) const { return index_.count(column) != 0; }
  // The cell of `column` in `row` ("" when the file has no such column).
  const std::string& cell(const Row& row, const std::string& column) const {
    static const std::string kEmpty;
    const auto it = index_.find(column);
    return it == index_.end() ? kEmpty : row.cells[it->second];
  }
  // "FILE:LINE"
  std::string at(const Row& row) const { return fmt::format("{}:{}", path_, row.line); }
  // InputError "FILE:LINE: column: what".
  [[noreturn]] void fail(const Row& row, const std::string& column, const std::string& what) const {
    throw InputError(fmt::format("{}:{}: {}: {}", path_, row.line, column, what));
  }

 private:
  std::vector<std::string> split(const std::string& text, int line) const {
    std::vector<std::string> cells;
    std::size_t i = 0;
    while (true) {
      std::string cell;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          cell += text[i++];
        }
        if (!closed) {
          throw InputError(
              fmt::format("{}:{}: a quoted field is not closed on its line", path_, line));
        }
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i < text.size() && text[i] != ',') {
          throw InputError(fmt::format("{}:{}: expected ',' after a quoted field, got '{}'", path_,
                                       line, text.substr(i, 1)));
        }
      } else {
        const auto end = text.find(',', i);
        cell = trim(text.substr(i, end == std::string::npos ? std::string::npos : end - i));
        i = end == std::string::npos ? text.size() : end;
      }
      cells.push_back(std::move(cell));
      if (i >= text.size()) break;
      ++i;  // the comma
      if (i == text.size()) {
        cells.emplace_back();
        break;
      }
    }
    return cells;
  }

  void check_header(const std::vector<std::string>& cells, const std::vector<std::string>& required,
                    const std::vector<std::string>& optional) {
    auto fail = [&](const std::string& what) {
      throw InputError(fmt::format("{}:{}: header: expected the columns {}; {}", path_,
                                   header_line_, expected_, what));
    };
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const auto& name = cells[c];
      const bool known = std::find(required.begin(), required.end(), name) != required.end() ||
                         std::find(optional.begin(), optional.end(), name) != optional.end();
      if (!known) fail(fmt::format("'{}' is not one of them", name));
      if (!index_.emplace(name, c).second) fail(fmt::format("'{}' appears twice", name));
    }
    for (const auto& r : required)
      if (!index_.count(r)) fail(fmt::format("'{}' is missing", r));
    header_ = cells;
  }

  std::string path_;
  std::string expected_;
  int header_line_ = 1;
  std::vector<std::string> header_;
  std::map<std::string, std::size_t> index_;
  std::vector<Row> rows_;
};

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || p != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<long long> parse_integer(const std::string& s) {
  long long v = 0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || p != end) return std::nullopt;
  return v;
}

// A moment of the day, 00:00 to 30:00.
double read_time(const Csv& csv, const Csv::Row& row, const std::string& column) {
  const std::string& text = csv.cell(row, column);
  const auto t = parse_hhmm(text, 30);
  if (!t || t.seconds > kDayEndS)
    csv.fail(row, column, fmt::format("expected a time HH:MM from 00:00 to 30:00, got '{}'", text));
  return t.seconds;
}

// An interval [from, to) of whole quarter hours.
std::pair<double, double> read_interval(const Csv& csv, const Csv::Row& row) {
  const double from = read_time(csv, row, "from");
  const double to = read_time(csv, row, "to");
  for (const auto& [column, t] : {std::pair{"from", from}, std::pair{"to", to}}) {
    if (std::fmod(t, kQuarterS) != 0) {
      csv.fail(row, column,
               fmt::format("expected a quarter hour (intervals are whole multiples of 15 "
                           "minutes), got '{}'",
                           csv.cell(row, column)));
    }
  }
  if (from >= to) {
    csv.fail(row, "to",
             fmt::format("expected a time after from ({}), got '{}'", csv.cell(row, "from"),
                         csv.cell(row, "to")));
  }
  return {from, to};
}

// A number >= 0; `what` names it in the message. Empty cells are nullopt when allowed.
std::optional<double> read_amount(const Csv& csv, const Csv::Row& row, const std::string& column,
                                  const std::string& what, bool allow_empty) {
  const std::string& text = csv.cell(row, column);
  if (text.empty() && allow_empty) return std::nullopt;
  const auto v = parse_number(text);
  if (!v || *v < 0)
    csv.fail(row, column, fmt::format("expected {} (0 or more), got '{}'", what, text));
  return v;
}

net::LinkId read_link(const Csv& csv, const Csv::Row& row, const std::string& column,
                      const std::string& text, const net::Network& net) {
  const auto v = parse_integer(text);
  if (!v || *v < 0 || static_cast<std::size_t>(*v) >= net.num_links()) {
    csv.fail(row, column,
             fmt::format("expected a link id of the network (0 to {}), got '{}'",
                         static_cast<long long>(net.num_links()) - 1, text));
  }
  return static_cast<net::LinkId>(*v);
}

std::vector<net::LinkId> read_links(const Csv& csv, const Csv::Row& row, const std::string& column,
                                    const net::Network& net) {
  std::istringstream words(csv.cell(row, column));
  std::vector<net::LinkId> out;
  std::string w;
  while (words >> w) out.push_back(read_link(csv, row, column, w, net));
  if (out.empty()) csv.fail(row, column, "expected link ids separated by spaces, got ''");
  return out;
}

// Stations indexed by id, remembering where each was defined.
struct StationIndex {
  std::unordered_map<std::string, std::int32_t> by_id;
  void add(metrics::Observations& obs, metrics::Station s, const std::string& column,
           const std::function<void(const std::string&, const std::string&)>& fail) {
    if (s.id.empty()) fail(column, "expected a station id, got ''");
    const auto [it, fresh] = by_id.emplace(s.id, static_cast<std::int32_t>(obs.stations.size()));
    if (!fresh) {
      fail(column, fmt::format("station '{}' is already defined at {}", s.id,
                               obs.stations[static_cast<std::size_t>(it->second)].source));
    }
    obs.stations.push_back(std::move(s));
  }
};

void read_stations_csv(const std::string& path, const net::Network& net, metrics::Observations& obs,
                       StationIndex& index) {
  const Csv csv(path, {"station_id", "link_id"});
  for (const auto& row : csv.rows()) {
    metrics::Station s;
    s.id = csv.cell(row, "station_id");
    s.link = read_link(csv, row, "link_id", csv.cell(row, "link_id"), net);
    if (!net.motor[static_cast<std::size_t>(s.link)])
      csv.fail(row, "link_id", fmt::format("link {} is not open to motor vehicles", s.link));
    s.how = "link_id";
    s.source = csv.at(row);
    index.add(obs, std::move(s), "station_id",
              [&](const std::string& c, const std::string& w) { csv.fail(row, c, w); });
  }
}

// Compass bearing of the direction (dx, dy), degrees clockwise from north in [0, 360).
double bearing_deg(double dx, double dy) {
  double b = std::atan2(dx, dy) * 180.0 / std::numbers::pi;
  if (b < 0) b += 360.0;
  return b;
}

double angle_between_deg(double a, double b) {
  const double d = std::fmod(std::abs(a - b), 360.0);
  return d > 180.0 ? 360.0 - d : d;
}

struct SnapResult {
  net::LinkId link = -1;
  double distance_m = std::numeric_limits<double>::infinity();
};

// The nearest motor link whose segment nearest the point heads within 45 degrees of `heading`
// (`matching`), and the nearest of any heading (`any`). Ties go to the lower link id. A scan of
// every segment: stations are few, and the heading is a property of a segment, not of a link.
std::pair<SnapResult, SnapResult> snap(const net::Network& net, double x, double y,
                                       double heading) {
  SnapResult matching, any;
  for (std::size_t l = 0; l < net.num_links(); ++l) {
    if (!net.motor[l]) continue;
    double best_d = std::numeric_limits<double>::infinity();
    double best_bearing = 0;
    for (auto v = net.geom_offset[l]; v + 1 < net.geom_offset[l + 1]; ++v) {
      const double ax = net.geom_x[v], ay = net.geom_y[v];
      const double vx = net.geom_x[v + 1] - ax, vy = net.geom_y[v + 1] - ay;
      const double len2 = vx * vx + vy * vy;
      const double t = len2 > 0 ? std::clamp(((x - ax) * vx + (y - ay) * vy) / len2, 0.0, 1.0) : 0;
      const double d = std::hypot(x - (ax + t * vx), y - (ay + t * vy));
      if (d < best_d) {
        best_d = d;
        best_bearing = bearing_deg(vx, vy);
      }
    }
    const auto id = static_cast<net::LinkId>(l);
    if (best_d < any.distance_m) any = {id, best_d};
    if (angle_between_deg(best_bearing, heading) <= kMaxHeadingDiffDeg &&
        best_d < matching.distance_m)
      matching = {id, best_d};
  }
  return {matching, any};
}

void read_stations_gpkg(const std::string& path, const scenario::World& world,
                        metrics::Observations& obs, StationIndex& index) {
  gis::LayerSpec spec;
  spec.path = path;
  spec.layer = "stations";
  spec.fields = {{"station_id", "station_id"}, {"heading_deg", "heading_deg"}};
  gis::ReadOptions options;
  options.family = gis::GeometryFamily::Point;
  options.required = {"station_id", "heading_deg"};
  const auto table = gis::read_layer(spec, world.crs, options);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string at = fmt::format("{}:feature {}", path, table.fid[i]);
    auto fail = [&](const std::string& column, const std::string& what) {
      throw InputError(fmt::format("{}: {}: {}", at, column, what));
    };
    metrics::Station s;
    s.id = trim(table.get("station_id", i).value_or(""));
    const std::string heading_text = trim(table.get("heading_deg", i).value_or(""));
    const auto heading = parse_number(heading_text);
    if (!heading || *heading < 0 || *heading > 360) {
      fail("heading_deg", fmt::format("expected a compass heading in degrees (0 to 360, 0 north, "
                                      "90 east), got '{}'",
                                      heading_text));
    }
    const auto* point = table.geometry[i]->toPoint();
    const auto [matching, any] = snap(world.network, point->getX(), point->getY(), *heading);
    if (matching.link < 0 || matching.distance_m > kMaxSnapM) {
      const std::string nearest_any =
          any.link < 0 ? "the network has no motor road"
                       : fmt::format("the nearest road of any heading is link {}, {:.1f} m away",
                                     any.link, any.distance_m);
      if (matching.link < 0) {
        fail("geometry", fmt::format("station '{}' has no road heading within 45° of {:g}° ({}); "
                                     "a station must be within {:g} m of one",
                                     s.id, *heading, nearest_any, kMaxSnapM));
      }
      fail("geometry",
           fmt::format("station '{}' is {:.1f} m from the nearest road heading within 45° of {:g}° "
                       "(link {}); a station must be within {:g} m of one ({})",
                       s.id, matching.distance_m, *heading, matching.link, kMaxSnapM, nearest_any));
    }
    s.link = matching.link;
    s.snap_distance_m = matching.distance_m;
    s.how = "snapped";
    s.source = at;
    index.add(obs, std::move(s), "station_id", fail);
  }
}

void read_counts(const std::string& path, metrics::Observations& obs, const StationIndex& index,
                 const std::string& station_files) {
  const Csv csv(path, {"station_id", "from", "to", "class", "count"});
  std::map<std::tuple<std::int32_t, double, double, metrics::VehicleClass>, int> seen;
  for (const auto& row : csv.rows()) {
    metrics::LinkCount c;
    const std::string& id = csv.cell(row, "station_id");
    const auto it = index.by_id.find(id);
    if (it == index.by_id.end())
      csv.fail(row, "station_id", fmt::format("unknown station '{}' ({})", id, station_files));
    c.station = it->second;
    std::tie(c.from_s, c.to_s) = read_interval(csv, row);
    const auto cls = metrics::parse_vehicle_class(csv.cell(row, "class"));
    if (!cls) {
      csv.fail(row, "class",
               fmt::format("expected one of motorcycle, car, angkot, ojek, all, got '{}'",
                           csv.cell(row, "class")));
    }
    c.vehicle_class = *cls;
    c.count = *read_amount(csv, row, "count", "a number of vehicles", false);
    const auto [dup, fresh] = seen.emplace(std::tuple{c.station, c.from_s, c.to_s, *cls}, row.line);
    if (!fresh) {
      csv.fail(row, "station_id",
               fmt::format("station '{}', {}-{}, class {} is already counted on line {}", id,
                           csv.cell(row, "from"), csv.cell(row, "to"), csv.cell(row, "class"),
                           dup->second));
    }
    c.source = csv.at(row);
    obs.counts.push_back(std::move(c));
  }
}

void read_travel_times(const std::string& path, const net::Network& net,
                       metrics::Observations& obs) {
  const Csv csv(path, {"route_id", "link_ids", "from", "to", "mean_s"});
  for (const auto& row : csv.rows()) {
    metrics::RouteTravelTime r;
    r.route_id = csv.cell(row, "route_id");
    if (r.route_id.empty()) csv.fail(row, "route_id", "expected a route id, got ''");
    r.links = read_links(csv, row, "link_ids", net);
    for (std::size_t k = 1; k < r.links.size(); ++k) {
      const auto a = static_cast<std::size_t>(r.links[k - 1]);
      const auto b = static_cast<std::size_t>(r.links[k]);
      if (net.to[a] != net.from[b]) {
        csv.fail(row, "link_ids",
                 fmt::format("expected consecutive links, but link {} does not start where link "
                             "{} ends (node {})",
                             r.links[k], r.links[k - 1], net.to[a]));
      }
    }
    std::tie(r.from_s, r.to_s) = read_interval(csv, row);
    const std::string& mean = csv.cell(row, "mean_s");
    const auto v = parse_number(mean);
    if (!v || *v <= 0)
      csv.fail(row, "mean_s",
               fmt::format("expected a travel time in seconds (more than 0), got '{}'", mean));
    r.mean_s = *v;
    r.source = csv.at(row);
    obs.travel_times.push_back(std::move(r));
  }
}

void read_facilities(const std::string& path, const scenario::World& world,
                     metrics::Observations& obs) {
  const std::vector<std::string> values = {"arrivals", "served", "queue", "mean_wait_s"};
  const Csv csv(path, {"facility", "from", "to"}, values);
  std::unordered_map<std::string, std::vector<std::int32_t>> by_name;
  for (std::size_t f = 0; f < world.facility_list.size(); ++f)
    by_name[world.facility_list[f].name].push_back(static_cast<std::int32_t>(f));
  for (const auto& row : csv.rows()) {
    metrics::FacilityRecord r;
    const std::string& name = csv.cell(row, "facility");
    const auto it = by_name.find(name);
    if (name.empty() || it == by_name.end()) {
      csv.fail(row, "facility",
               fmt::format("unknown facility '{}' (expected the exact name of a facility of the "
                           "world)",
                           name));
    }
    if (it->second.size() > 1) {
      std::vector<std::string> ids;
      for (const auto f : it->second) ids.push_back(std::to_string(f));
      csv.fail(row, "facility",
               fmt::format("'{}' names {} facilities (rows {}); expected a unique name", name,
                           it->second.size(), join(ids, ", ")));
    }
    r.facility = it->second.front();
    std::tie(r.from_s, r.to_s) = read_interval(csv, row);
    const auto arrivals = read_amount(csv, row, "arrivals", "a number of visitors", true);
    const auto served = read_amount(csv, row, "served", "a number of visitors", true);
    const auto queue = read_amount(csv, row, "queue", "a number of visitors waiting", true);
    const auto wait = read_amount(csv, row, "mean_wait_s", "a wait in seconds", true);
    if (!arrivals && !served && !queue && !wait)
      csv.fail(row, "arrivals", "expected at least one of arrivals, served, queue, mean_wait_s");
    r.arrivals = arrivals.value_or(metrics::kMissing);
    r.served = served.value_or(metrics::kMissing);
    r.queue = queue.value_or(metrics::kMissing);
    r.mean_wait_s = wait.value_or(metrics::kMissing);
    r.source = csv.at(row);
    obs.facilities.push_back(std::move(r));
  }
}

void read_closures(const std::string& path, const net::Network& net, metrics::Observations& obs) {
  const Csv csv(path, {"at"}, {"link_ids", "road", "until"});
  if (!csv.has("link_ids") && !csv.has("road")) {
    throw InputError(fmt::format(
        "{}:1: header: expected the columns link_ids,at,until or road,at,until; 'link_ids' or "
        "'road' is missing",
        csv.path()));
  }
  std::unordered_map<std::string, std::vector<net::LinkId>> by_name;
  if (csv.has("road")) {
    for (std::size_t l = 0; l < net.num_links(); ++l) {
      const auto id = static_cast<net::LinkId>(l);
      if (!net.link_name(id).empty()) by_name[net.link_name(id)].push_back(id);
    }
  }
  for (const auto& row : csv.rows()) {
    const std::string& ids = csv.cell(row, "link_ids");
    const std::string& road = csv.cell(row, "road");
    if (ids.empty() == road.empty()) {
      csv.fail(row, csv.has("link_ids") ? "link_ids" : "road",
               "expected either link ids or a road name");
    }
    scenario::DayEvent close;
    close.kind = scenario::DayEvent::Kind::CloseLinks;
    if (!ids.empty()) {
      close.links = read_links(csv, row, "link_ids", net);
      close.description = "reported closure of links " + ids;
    } else {
      const auto it = by_name.find(road);
      if (it == by_name.end())
        csv.fail(row, "road", fmt::format("no road named '{}' in the network", road));
      close.links = it->second;
      close.description = "reported closure of " + road;
    }
    close.at_s = read_time(csv, row, "at");
    obs.closures.push_back(close);
    obs.closure_source.push_back(csv.at(row));
    if (!csv.cell(row, "until").empty()) {
      const double until = read_time(csv, row, "until");
      if (until <= close.at_s) {
        csv.fail(row, "until",
                 fmt::format("expected a time after at ({}), got '{}'", csv.cell(row, "at"),
                             csv.cell(row, "until")));
      }
      scenario::DayEvent reopen = close;
      reopen.kind = scenario::DayEvent::Kind::ReopenLinks;
      reopen.at_s = until;
      reopen.description = "reopening after the " + close.description;
      obs.closures.push_back(std::move(reopen));
      obs.closure_source.push_back(csv.at(row));
    }
  }
}

}  // namespace

metrics::Observations read_observations(const std::string& dir, const scenario::World& world) {
  if (!fs::is_directory(dir))
    throw InputError(fmt::format("{}: the observations folder does not exist", dir));
  const std::vector<std::string> files = {"stations.csv",     "stations.gpkg",  "counts.csv",
                                          "travel_times.csv", "facilities.csv", "closures.csv"};
  auto file = [&](const std::string& name) { return (fs::path(dir) / name).string(); };
  auto present = [&](const std::string& name) { return fs::is_regular_file(file(name)); };
  if (std::none_of(files.begin(), files.end(), present)) {
    throw InputError(
        fmt::format("{}: the observations folder holds none of {}", dir, join(files, ", ")));
  }
  metrics::Observations obs;
  StationIndex stations;
  if (present("stations.csv"))
    read_stations_csv(file("stations.csv"), world.network, obs, stations);
  if (present("stations.gpkg")) read_stations_gpkg(file("stations.gpkg"), world, obs, stations);
  if (present("counts.csv")) {
    std::vector<std::string> station_files;
    for (const char* f : {"stations.csv", "stations.gpkg"})
      if (present(f)) station_files.push_back(f);
    const std::string defined = station_files.empty() ? "the folder has no stations.csv or "
                                                        "stations.gpkg"
                                                      : "not in " + join(station_files, " or ");
    read_counts(file("counts.csv"), obs, stations, defined);
  }
  if (present("travel_times.csv")) read_travel_times(file("travel_times.csv"), world.network, obs);
  if (present("facilities.csv")) read_facilities(file("facilities.csv"), world, obs);
  if (present("closures.csv")) read_closures(file("closures.csv"), world.network, obs);
  spdlog::info(
      "{}: {} stations, {} counts, {} travel times, {} facility records, {} closure events", dir,
      obs.stations.size(), obs.counts.size(), obs.travel_times.size(), obs.facilities.size(),
      obs.closures.size());
  return obs;
}

}  // namespace ogan::run
