#include "engine/run/control.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/results/hdf5.hpp"
#include "engine/run/state_file.hpp"
#include "engine/scenario/policies/policy.hpp"

namespace ogan::run {

namespace {

using json = nlohmann::json;
using Reply = nlohmann::ordered_json;  // replies keep the order their fields are written in
using Kind = scenario::DayEvent::Kind;

// --- Arguments of a request ------------------------------------------------------------------

// The argument `key`, or nullptr when it is absent or null.
const json* find(const json& req, const char* key) {
  const auto it = req.find(key);
  return it == req.end() || it->is_null() ? nullptr : &*it;
}

// Every key of the request is "cmd", "id" or one of `allowed`: a typo is an error, not ignored.
void only(const json& req, std::initializer_list<const char*> allowed) {
  for (const auto& item : req.items()) {
    const std::string& key = item.key();  // not a binding: the lambda below captures it
    if (key == "cmd" || key == "id") continue;
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
      std::string list;
      for (const char* a : allowed) list += fmt::format("{}'{}'", list.empty() ? "" : ", ", a);
      throw InputError(fmt::format("unknown argument '{}' for '{}'{}", key,
                                   req["cmd"].get<std::string>(),
                                   list.empty() ? " (it takes none)" : " (it takes " + list + ")"));
    }
  }
}

std::string string_arg(const json& req, const char* key) {
  const json* a = find(req, key);
  if (!a) throw InputError(fmt::format("'{}': missing (expected a string)", key));
  if (!a->is_string())
    throw InputError(fmt::format("'{}': expected a string, got {}", key, a->dump()));
  return a->get<std::string>();
}

double number_arg(const json& req, const char* key) {
  const json* a = find(req, key);
  if (!a) throw InputError(fmt::format("'{}': missing (expected a number)", key));
  if (!a->is_number() || !std::isfinite(a->get<double>()))
    throw InputError(fmt::format("'{}': expected a number, got {}", key, a->dump()));
  return a->get<double>();
}

long long integer(const json& v, const std::string& what) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9e15)
      return static_cast<long long>(d);
  }
  throw InputError(fmt::format("'{}': expected an integer, got {}", what, v.dump()));
}

// "HH:MM" (up to 30:00, the end of the simulated day) as seconds after midnight.
double clock_arg(const json& req, const char* key) {
  const auto text = string_arg(req, key);
  const auto t = parse_hhmm(text, 30);
  if (!t) throw InputError(fmt::format("'{}': {}", key, t.error));
  return t.seconds;
}

// --- The run ---------------------------------------------------------------------------------

Day& running_day(Run& r) {
  if (r.finished())
    throw InputError(
        "the day has finished ('finish' was called): only 'time', 'compare', "
        "'finish' (to write again) and 'quit' remain");
  return r.day();
}

Reply clock(const Run& r) {
  Reply j;
  const auto& day = r.day();
  j["time"] = format_hhmm(day.now());
  j["time_s"] = day.now();
  j["end_s"] = day.end();
  j["done"] = day.done() || r.finished();
  j["finished"] = r.finished();
  return j;
}

void merge(Reply& into, const Reply& from) {
  for (const auto& [k, v] : from.items()) into[k] = v;
}

Reply kpi_values(const std::vector<results::Kpi>& kpis) {
  Reply j = Reply::object();
  for (const auto& k : kpis) j[k.name] = k.value;  // NaN is written as null
  return j;
}

net::LinkId link_id(const Run& r, const json& v, const std::string& what) {
  const long long l = integer(v, what);
  const auto n = r.world().network.num_links();
  if (l < 0 || l >= static_cast<long long>(n))
    throw InputError(
        fmt::format("'{}': no link {}; the network has {} links (0 to {})", what, l, n, n - 1));
  return static_cast<net::LinkId>(l);
}

std::vector<net::LinkId> links_named(const Run& r, const std::string& name) {
  const auto& net = r.world().network;
  std::vector<net::LinkId> out;
  for (std::size_t l = 0; l < net.num_links(); ++l)
    if (net.link_name(static_cast<net::LinkId>(l)) == name)
      out.push_back(static_cast<net::LinkId>(l));
  if (out.empty()) throw InputError(fmt::format("no road or bridge is named '{}'", name));
  return out;
}

// The facilities of "facility" (an id, or a name: every facility of that name).
std::vector<std::int32_t> facilities_of(const Run& r, const json& v, const std::string& what) {
  const auto& list = r.world().facility_list;
  if (v.is_string()) {
    const auto name = v.get<std::string>();
    std::vector<std::int32_t> out;
    for (std::size_t f = 0; f < list.size(); ++f)
      if (list[f].name == name) out.push_back(static_cast<std::int32_t>(f));
    if (out.empty()) throw InputError(fmt::format("'{}': no facility is named '{}'", what, name));
    return out;
  }
  if (!v.is_number())
    throw InputError(fmt::format("'{}': expected a facility id or name, got {}", what, v.dump()));
  const long long f = integer(v, what);
  if (f < 0 || f >= static_cast<long long>(list.size()))
    throw InputError(fmt::format("'{}': no facility {}; the world has {} (0 to {})", what, f,
                                 list.size(), list.size() - 1));
  return {static_cast<std::int32_t>(f)};
}

bool has_queue(const Run& r, std::int32_t f) {
  return r.day().has_services() && r.world().service_params[static_cast<std::size_t>(f)];
}

Reply link_json(const Run& r, net::LinkId l) {
  const auto n = r.day().link(l);
  const auto& net = r.world().network;
  Reply j;
  j["id"] = l;
  j["name"] = net.link_name(l);
  j["length_m"] = net.length_m[static_cast<std::size_t>(l)];
  j["vehicles"] = n.vehicles;
  j["pcu"] = n.pcu;
  j["queue_pcu"] = n.queue_pcu;
  j["storage_pcu"] = n.storage_pcu;
  j["capacity_pcu_h"] = n.capacity_pcu_h;
  j["closed"] = n.closed;
  j["volume_today"] = n.volume_today;
  return j;
}

Reply facility_json(const Run& r, std::int32_t f) {
  const auto n = r.day().facility(f);
  const auto& site = r.world().facility_list[static_cast<std::size_t>(f)];
  Reply j;
  j["id"] = f;
  j["name"] = site.name;
  j["type"] = site.type;
  j["queue"] = has_queue(r, f);
  j["waiting"] = n.waiting;
  j["served"] = n.served;
  j["arrivals"] = n.arrivals;
  j["servers"] = n.servers;
  return j;
}

const std::map<std::string, Kind>& event_kinds() {
  static const std::map<std::string, Kind> kinds = {{"close_links", Kind::CloseLinks},
                                                    {"reopen_links", Kind::ReopenLinks},
                                                    {"capacity", Kind::LinkCapacity},
                                                    {"speed", Kind::LinkSpeed},
                                                    {"servers", Kind::FacilityServers},
                                                    {"close_facility", Kind::FacilityClose},
                                                    {"crowd", Kind::Crowd}};
  return kinds;
}

std::string kind_name(Kind k) {
  for (const auto& [name, kind] : event_kinds())
    if (kind == k) return name;
  return "crowd";
}

// A request's event (the `event` command, or one of a fork's "events") as DayEvents on `r`'s day:
// one for links, one per facility of a name. Everything is checked here, so that applying it
// later cannot fail.
std::vector<scenario::DayEvent> parse_event(const Run& r, const json& req) {
  if (!req.is_object())
    throw InputError(fmt::format("an event is a JSON object, got {}", req.dump()));
  const auto kind_text = string_arg(req, "kind");
  const auto k = event_kinds().find(kind_text);
  if (k == event_kinds().end()) {
    std::string names;
    for (const auto& [name, kind] : event_kinds()) names += (names.empty() ? "" : ", ") + name;
    throw InputError(fmt::format("'kind': unknown event '{}' (one of {})", kind_text, names));
  }
  const Kind kind = k->second;
  if (kind == Kind::Crowd) {
    // {"kind":"crowd","lon":..,"lat":..,"persons":N,"stay_min":M,"at":"HH:MM"} (docs/twin.md).
    for (const auto& [key, value] : req.items()) {
      static const std::set<std::string> keys = {"cmd", "id",  "kind",    "at",      "description",
                                                 "lon", "lat", "persons", "stay_min"};
      if (!keys.count(key))
        throw InputError(fmt::format("'{}': not an argument of a crowd event", key));
    }
    scenario::DayEvent e;
    e.kind = Kind::Crowd;
    e.at_s = r.day().now();
    if (find(req, "at")) {
      e.at_s = clock_arg(req, "at");
      if (e.at_s < r.day().now())
        throw InputError(fmt::format("'at': {} is before the day's clock ({})", format_hhmm(e.at_s),
                                     format_hhmm(r.day().now())));
    }
    const double lon = number_arg(req, "lon"), lat = number_arg(req, "lat");
    if (!(lon >= 103 && lon <= 105.5 && lat >= -5 && lat <= -3))
      throw InputError(fmt::format("'lon', 'lat': ({}, {}) is not in OKU", lon, lat));
    e.x = lon;
    e.y = lat;
    scenario::to_utm(e.x, e.y);
    const json* pn = find(req, "persons");
    if (!pn) throw InputError("'persons': missing (expected the number of visitors, full scale)");
    const long long n = integer(*pn, "persons");
    if (n < 1 || n > 200000)
      throw InputError(fmt::format("'persons': expected 1 to 200000, got {}", n));
    e.count = static_cast<std::int32_t>(n);
    e.value = 60 * (find(req, "stay_min") ? number_arg(req, "stay_min") : 120.0);
    if (!(e.value >= 0)) throw InputError("'stay_min': expected minutes >= 0");
    e.description = find(req, "description") && find(req, "description")->is_string()
                        ? find(req, "description")->get<std::string>()
                        : fmt::format("serve crowd of {} at ({}, {})", n, lon, lat);
    return {e};
  }
  const bool on_links = kind == Kind::CloseLinks || kind == Kind::ReopenLinks ||
                        kind == Kind::LinkCapacity || kind == Kind::LinkSpeed;
  const bool with_value = kind == Kind::LinkCapacity || kind == Kind::LinkSpeed;
  for (const auto& [key, value] : req.items()) {
    static const std::set<std::string> common = {"cmd", "id", "kind", "at", "description"};
    if (common.count(key)) continue;
    const bool ok = on_links
                        ? (key == "links" || key == "road" || (with_value && key == "value"))
                        : (key == "facility" || (kind == Kind::FacilityServers && key == "count"));
    if (!ok) throw InputError(fmt::format("'{}': not an argument of a {} event", key, kind_text));
  }

  const double now = r.day().now();
  double at = now;
  if (find(req, "at")) {
    at = clock_arg(req, "at");
    if (at < now)
      throw InputError(fmt::format("'at': {} is before the day's clock ({})", format_hhmm(at),
                                   format_hhmm(now)));
  }
  scenario::DayEvent e;
  e.at_s = at;
  e.kind = kind;
  std::string what;
  if (on_links) {
    std::set<net::LinkId> links;
    if (const json* road = find(req, "road")) {
      if (!road->is_string())
        throw InputError(fmt::format("'road': expected a name, got {}", road->dump()));
      for (auto l : links_named(r, road->get<std::string>())) links.insert(l);
      what = fmt::format("'{}'", road->get<std::string>());
    }
    if (const json* ids = find(req, "links")) {
      if (!ids->is_array() || ids->empty())
        throw InputError(fmt::format("'links': expected a list of link ids, got {}", ids->dump()));
      for (std::size_t i = 0; i < ids->size(); ++i)
        links.insert(link_id(r, (*ids)[i], fmt::format("links[{}]", i)));
      what += fmt::format("{}{} link(s)", what.empty() ? "" : " + ", ids->size());
    }
    if (links.empty())
      throw InputError(fmt::format("a {} event needs 'links' (ids) or 'road' (a name)", kind_text));
    e.links.assign(links.begin(), links.end());
    if (kind == Kind::LinkCapacity || kind == Kind::LinkSpeed) {
      e.value = number_arg(req, "value");
      if (!(e.value > 0))
        throw InputError(fmt::format(
            "'value': expected {} above 0, got {}",
            kind == Kind::LinkCapacity ? "a capacity (pcu/h)" : "a free speed (m/s)", e.value));
      what += fmt::format(" to {:g} {}", e.value, kind == Kind::LinkCapacity ? "pcu/h" : "m/s");
    }
  }
  std::vector<std::int32_t> facilities;
  if (!on_links) {
    const json* f = find(req, "facility");
    if (!f)
      throw InputError(fmt::format("a {} event needs 'facility' (an id or a name)", kind_text));
    facilities = facilities_of(r, *f, "facility");
    for (auto id : facilities) {
      if (!has_queue(r, id))
        throw InputError(fmt::format(
            "'facility': {} '{}' has no service queue in this run (only puskesmas, hospitals and "
            "civil-registry offices with services on do)",
            id, r.world().facility_list[static_cast<std::size_t>(id)].name));
    }
    what = f->is_string() ? fmt::format("'{}'", f->get<std::string>())
                          : fmt::format("'{}'", r.world().facility_list[facilities[0]].name);
    if (kind == Kind::FacilityServers) {
      const json* c = find(req, "count");
      if (!c) throw InputError("'count': missing (expected the number of servers, full scale)");
      const long long n = integer(*c, "count");
      if (n < 0 || n > 10000)
        throw InputError(fmt::format("'count': expected 0 to 10000 servers, got {}", n));
      e.count = static_cast<std::int32_t>(n);
      what += fmt::format(" to {}", n);
    }
  }
  if (const json* d = find(req, "description")) {
    if (!d->is_string())
      throw InputError(fmt::format("'description': expected a string, got {}", d->dump()));
    e.description = d->get<std::string>();
  } else {
    e.description = fmt::format("serve {} {}", kind_text, what);
  }
  if (on_links) return {e};
  std::vector<scenario::DayEvent> out;
  for (auto f : facilities) {
    e.facility = f;
    out.push_back(e);
  }
  return out;
}

Reply event_json(const scenario::DayEvent& e) {
  Reply j;
  j["at"] = format_hhmm(e.at_s);
  j["at_s"] = e.at_s;
  j["kind"] = kind_name(e.kind);
  j["description"] = e.description;
  if (!e.links.empty()) j["links"] = e.links;
  if (e.facility >= 0) j["facility"] = e.facility;
  if (e.kind == Kind::LinkCapacity || e.kind == Kind::LinkSpeed) j["value"] = e.value;
  if (e.kind == Kind::FacilityServers) j["count"] = e.count;
  return j;
}

// --- Commands ----------------------------------------------------------------------------------

Reply cmd_advance(Run& r, const json& req) {
  only(req, {"to", "by_s"});
  auto& day = running_day(r);
  const bool to = find(req, "to") != nullptr, by = find(req, "by_s") != nullptr;
  if (to == by) throw InputError("advance needs one of 'to' (HH:MM) or 'by_s' (seconds)");
  double t = 0;
  if (to) {
    t = clock_arg(req, "to");
    if (t < day.now())
      throw InputError(fmt::format("'to': {} is before the day's clock ({})", format_hhmm(t),
                                   format_hhmm(day.now())));
  } else {
    const double by_s = number_arg(req, "by_s");
    if (by_s < 0) throw InputError(fmt::format("'by_s': expected 0 or more seconds, got {}", by_s));
    t = day.now() + by_s;
  }
  day.advance_to(std::min(t, day.end()));
  return clock(r);
}

Reply cmd_link(Run& r, const json& req) {
  only(req, {"link", "name"});
  running_day(r);
  // "id" is the request's id; the link is "link" (an id) or "name".
  std::vector<net::LinkId> links;
  const json* l = find(req, "link");
  const json* name = find(req, "name");
  if ((l != nullptr) == (name != nullptr))
    throw InputError("link needs one of 'link' (an id) or 'name' (a road or bridge)");
  if (l) {
    links.push_back(link_id(r, *l, "link"));
  } else {
    links = links_named(r, string_arg(req, "name"));
  }
  Reply j = clock(r);
  j["links"] = Reply::array();
  for (auto id : links) j["links"].push_back(link_json(r, id));
  return j;
}

Reply cmd_facility(Run& r, const json& req) {
  only(req, {"facility", "name"});
  running_day(r);
  const json* f = find(req, "facility");
  const json* name = find(req, "name");
  if ((f != nullptr) == (name != nullptr))
    throw InputError("facility needs one of 'facility' (an id) or 'name'");
  if (name && !name->is_string())
    throw InputError(fmt::format("'name': expected a string, got {}", name->dump()));
  const auto ids = facilities_of(r, f ? *f : *name, f ? "facility" : "name");
  Reply j = clock(r);
  j["facilities"] = Reply::array();
  for (auto id : ids) j["facilities"].push_back(facility_json(r, id));
  return j;
}

Reply cmd_zone(Run& r, const json& req) {
  only(req, {"zone", "name"});
  const auto& zones = r.world().zones;
  const json* z = find(req, "zone");
  const json* name = find(req, "name");
  if ((z != nullptr) == (name != nullptr))
    throw InputError("zone needs one of 'zone' (its code) or 'name'");
  std::vector<std::size_t> which;
  if (z) {
    std::string code;
    if (z->is_string()) {
      code = z->get<std::string>();
    } else if (z->is_number_integer()) {
      code = std::to_string(z->get<long long>());
    } else {
      throw InputError(fmt::format("'zone': expected a zone code, got {}", z->dump()));
    }
    for (std::size_t i = 0; i < zones.size(); ++i)
      if (zones.id[i] == code) which.push_back(i);
    if (which.empty()) throw InputError(fmt::format("'zone': no zone has the code '{}'", code));
  } else {
    const auto n = string_arg(req, "name");
    for (std::size_t i = 0; i < zones.size(); ++i)
      if (zones.name[i] == n) which.push_back(i);
    if (which.empty()) throw InputError(fmt::format("'name': no zone is named '{}'", n));
  }
  // Residents and households of the synthetic population (the whole population, not only the
  // sampled households); trips planned from homes in the zone, at full scale.
  const auto& pop = r.demand().population;
  std::vector<std::int64_t> persons(zones.size(), 0), households(zones.size(), 0);
  for (std::size_t h = 0; h < pop.num_households(); ++h) {
    const auto zi = pop.hh_zone[h];
    if (zi < 0 || static_cast<std::size_t>(zi) >= zones.size()) continue;
    ++households[static_cast<std::size_t>(zi)];
    persons[static_cast<std::size_t>(zi)] += pop.hh_size[h];
  }
  const auto& urban = r.world().urban;
  Reply j = clock(r);
  j["zones"] = Reply::array();
  for (auto i : which) {
    Reply z1;
    z1["zone"] = zones.id[i];
    z1["name"] = zones.name[i];
    z1["level"] = zones.level[i];
    z1["parent"] = zones.parent[i];
    z1["urban"] = i < urban.size() && urban[i] != 0;
    z1["area_km2"] = zones.area_km2[i];
    z1["residents"] = persons[i];
    z1["households"] = households[i];
    j["zones"].push_back(z1);
  }
  return j;
}

Reply cmd_event(Run& r, const json& req) {
  running_day(r);
  auto events = parse_event(r, req);
  Reply j = clock(r);
  j["scheduled"] = Reply::array();
  for (auto& e : events) {
    j["scheduled"].push_back(event_json(e));
    r.day().schedule(std::move(e));
  }
  return j;
}

Reply observation_counts(const Run& r) {
  const auto& o = r.observations();
  Reply j;
  j["stations"] = o.stations.size();
  j["counts"] = o.counts.size();
  j["travel_times"] = o.travel_times.size();
  j["facility_records"] = o.facilities.size();
  j["closures"] = o.closures.size();
  return j;
}

Reply cmd_observe(Run& r, const json& req) {
  only(req, {"dir"});
  running_day(r);
  r.observe(string_arg(req, "dir"));
  Reply j = clock(r);
  j["observations"] = observation_counts(r);
  return j;
}

Reply cmd_compare(Run& r, const json& req) {
  only(req, {});
  const auto c = r.compare_observations();
  Reply j = clock(r);
  j["until_s"] = r.finished() ? r.day().end() : c.until_s;
  j["observations"] = observation_counts(r);
  j["compared"] = {{"counts", c.counts.size()},
                   {"travel_times", c.travel_times.size()},
                   {"facility_records", c.facilities.size()}};
  j["kpis"] = kpi_values(c.summary);
  return j;
}

Reply cmd_snapshot(Run& r, const json& req) {
  only(req, {"path"});
  running_day(r);
  const auto path = string_arg(req, "path");
  write_state(r, path);
  Reply j = clock(r);
  j["path"] = path;
  return j;
}

Reply cmd_fork(Run& r, const json& req) {
  only(req, {"path", "output", "events"});
  running_day(r);
  const auto path = string_arg(req, "path");
  const auto output = string_arg(req, "output");
  const json* events = find(req, "events");
  if (events && !events->is_array())
    throw InputError(fmt::format("'events': expected a list of events, got {}", events->dump()));
  // Checked on this day before anything is written: the fork's day is the same at its start.
  if (events) {
    for (std::size_t i = 0; i < events->size(); ++i) {
      try {
        parse_event(r, (*events)[i]);
      } catch (const InputError& e) {
        throw InputError(fmt::format("events[{}]: {}", i, e.what()));
      }
    }
  }
  write_state(r, path);
  auto child = restore_state(path);
  child->started_s = steady_now_s();
  Reply j = clock(r);
  j["path"] = path;
  j["output"] = output;
  j["events"] = Reply::array();
  if (events) {
    for (const auto& ev : *events) {
      for (auto& e : parse_event(*child, ev)) {
        j["events"].push_back(event_json(e));
        child->day().schedule(std::move(e));
      }
    }
  }
  spdlog::info("fork at {}: running the rest of the day into {}", format_hhmm(child->day().now()),
               output);
  child->finish_day();
  j["kpis"] = kpi_values(child->write(output));
  return j;
}

Reply cmd_finish(Run& r, const json& req) {
  only(req, {"output"});
  const auto output = string_arg(req, "output");
  if (!r.finished()) r.finish_day();
  Reply j = clock(r);
  j["output"] = output;
  j["kpis"] = kpi_values(r.write(output));
  return j;
}

std::string dump(const Reply& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Reply failure(const json& id, const std::string& message) {
  Reply j;
  j["id"] = id;
  j["ok"] = false;
  j["error"] = message;
  return j;
}

}  // namespace

std::string error_reply(const std::string& message) {
  return dump(failure(nullptr, message));
}

bool is_hdf5_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char sig[8] = {};
  return in.read(sig, 8) && std::string(sig, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

std::unique_ptr<Run> open_run(const std::string& input, const RunOptions& options) {
  if (is_hdf5_file(input)) {
    if (options.seed || options.sample || options.iterations || !options.sets.empty())
      throw InputError(fmt::format(
          "'{}' is a state file: its day has its seed, sample, iterations and scenario already "
          "(--seed, --sample, --iterations and --set apply to a scenario only)",
          input));
    const double started = steady_now_s();
    auto r = restore_state(input);
    r->started_s = started;
    return r;
  }
  RunOptions o = options;
  o.scenario = input;
  const double started = steady_now_s();
  auto r = std::make_unique<Run>(configure(o));
  r->started_s = started;
  r->assign();
  return r;
}

Controller::Controller(std::unique_ptr<Run> run) : run_(std::move(run)) {
  if (!run_ || !run_->assigned())
    throw InternalError("Controller: the run has no day (assign() first)");
}

Controller::~Controller() = default;

std::string Controller::ready() const {
  const Run& r = *run_;
  Reply j;
  j["id"] = nullptr;
  j["ok"] = true;
  j["ready"] = true;
  merge(j, clock(r));
  j["scenario"] = r.setup().cfg.doc.name;
  j["seed"] = r.setup().plans.seed;
  j["sample"] = r.setup().plans.sample_rate;
  j["links"] = r.world().network.num_links();
  j["facilities"] = r.world().facility_list.size();
  j["zones"] = r.world().zones.size();
  if (r.parent) j["state"] = r.parent->state_file;
  j["pending_events"] = Reply::array();
  for (const auto& e : r.day().pending()) j["pending_events"].push_back(event_json(e));
  return dump(j);
}

std::string Controller::handle(const std::string& line) {
  json id = nullptr;
  try {
    json req;
    try {
      req = json::parse(line);
    } catch (const json::parse_error& e) {
      throw InputError(fmt::format("malformed JSON: {}", e.what()));
    }
    if (!req.is_object())
      throw InputError(fmt::format("a request is a JSON object with \"cmd\", got {}", req.dump()));
    if (const auto it = req.find("id"); it != req.end()) id = *it;
    const json* cmd = find(req, "cmd");
    if (!cmd || !cmd->is_string())
      throw InputError(
          "a request needs \"cmd\": a string (advance, time, link, facility, zone, "
          "event, observe, compare, snapshot, fork, finish, quit)");
    const auto name = cmd->get<std::string>();
    static const std::map<std::string, std::function<Reply(Run&, const json&)>> commands = {
        {"advance", cmd_advance},
        {"time",
         [](Run& r, const json& q) {
           only(q, {});
           return clock(r);
         }},
        {"link", cmd_link},
        {"facility", cmd_facility},
        {"zone", cmd_zone},
        {"event", cmd_event},
        {"observe", cmd_observe},
        {"compare", cmd_compare},
        {"snapshot", cmd_snapshot},
        {"fork", cmd_fork},
        {"finish", cmd_finish},
        {"quit",
         [](Run&, const json& q) {
           only(q, {});
           return Reply::object();
         }},
    };
    const auto c = commands.find(name);
    if (c == commands.end())
      throw InputError(fmt::format(
          "unknown command '{}' (advance, time, link, facility, zone, event, observe, compare, "
          "snapshot, fork, finish, quit)",
          name));
    const Reply body = c->second(*run_, req);
    if (name == "quit") quit_ = true;
    Reply j;
    j["id"] = id;
    j["ok"] = true;
    merge(j, body);
    return dump(j);
  } catch (const InputError& e) {
    return dump(failure(id, e.what()));
  } catch (const results::Error& e) {
    return dump(failure(id, e.what()));
  } catch (const json::exception& e) {
    return dump(failure(id, fmt::format("bad arguments: {}", e.what())));
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
    return dump(failure(id, fmt::format("internal error: {}", e.what())));
  }
}

}  // namespace ogan::run
