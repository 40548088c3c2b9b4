#include "engine/run/day.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "engine/core/clock.hpp"
#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"
#include "engine/network/spatial_index.hpp"

namespace ogan::run {

namespace {
constexpr double kClosedCost_s = 7 * 86400.0;  // as planned closures (traffic/assignment.cpp)
}

Day::Day(const scenario::World& world, const traffic::Assignment& assignment,
         const traffic::TrafficOptions& options)
    : world_(world), assignment_(assignment), o_(options) {
  if (assignment.has_services())
    services_ = std::make_unique<svc::ServiceSystem>(assignment.service_system());
  tt_ = std::make_unique<net::TravelTimes>(assignment.travel_times());
  ws_ = std::make_unique<net::AltRouter::Workspace>(assignment.router().workspace());
  sim_ = std::make_unique<traffic::DaySimulation>(
      world.network, assignment.trips(), assignment.routes(), options, service_hook(),
      [this](net::NodeId from, net::LinkId dest, double t) { return reroute(from, dest, t); });
}

Day::Day(const scenario::World& world, const traffic::Assignment& assignment,
         const traffic::TrafficOptions& options, traffic::DayState traffic,
         const svc::ServiceState* services, std::vector<AppliedEvent> applied)
    : world_(world), assignment_(assignment), o_(options), applied_(std::move(applied)) {
  if (assignment.has_services()) {
    services_ = std::make_unique<svc::ServiceSystem>(assignment.service_system());
    if (!services) throw InputError("the state has no service queues, but the run has services");
    services_->restore(*services);
  }
  tt_ = std::make_unique<net::TravelTimes>(assignment.travel_times());
  ws_ = std::make_unique<net::AltRouter::Workspace>(assignment.router().workspace());
  // Links closed by events cost a week again, as when they were closed.
  for (std::size_t l = 0; l < traffic.closed.size() && l < world.network.num_links(); ++l) {
    if (!traffic.closed[l]) continue;
    for (int k = 0; k < tt_->intervals(); ++k)
      tt_->set(static_cast<net::LinkId>(l), k, kClosedCost_s);
  }
  sim_ = std::make_unique<traffic::DaySimulation>(
      world.network, std::move(traffic), options, service_hook(),
      [this](net::NodeId from, net::LinkId dest, double t) { return reroute(from, dest, t); });
}

traffic::ServiceHook Day::service_hook() {
  if (!services_) return {};
  return assignment_.service_hook(*services_);
}

std::vector<net::LinkId> Day::reroute(net::NodeId from, net::LinkId dest, double t) {
  const auto& net = world_.network;
  if (net.from[dest] == from) return {dest};
  const auto r = assignment_.router().route(from, net.from[dest], t, *tt_, *ws_);
  if (!r.found || r.arrival_s - t > 86400) return {};
  std::vector<net::LinkId> way = r.links;
  way.push_back(dest);
  return way;
}

void Day::schedule(scenario::DayEvent e) {
  if (e.at_s < now())
    throw InputError(fmt::format("event '{}' at {} is before the day's clock ({})", e.description,
                                 format_hhmm(e.at_s), format_hhmm(now())));
  // Stable: events at the same time apply in the order they came.
  const auto at =
      std::upper_bound(pending_.begin(), pending_.end(), e.at_s,
                       [](double t, const scenario::DayEvent& p) { return t < p.at_s; });
  pending_.insert(at, std::move(e));
}

void Day::advance_to(double t) {
  t = std::min(t, end() + o_.dt_s);
  while (!pending_.empty() && pending_.front().at_s <= t) {
    auto e = std::move(pending_.front());
    pending_.erase(pending_.begin());
    sim_->advance_to(e.at_s);
    apply(e);
  }
  sim_->advance_to(t);
}

void Day::apply(const scenario::DayEvent& e) {
  using K = scenario::DayEvent::Kind;
  const double t = now();
  switch (e.kind) {
    case K::CloseLinks:
      for (auto l : e.links) {
        if (l < 0 || static_cast<std::size_t>(l) >= world_.network.num_links())
          throw InputError(fmt::format("event '{}': no link {}; the network has {} links",
                                       e.description, l, world_.network.num_links()));
        for (int k = 0; k < tt_->intervals(); ++k) tt_->set(l, k, kClosedCost_s);
      }
      sim_->close_links(e.links);
      break;
    case K::ReopenLinks: {
      sim_->reopen_links(e.links);
      const auto& planned = assignment_.travel_times();
      for (auto l : e.links) {
        for (int k = 0; k < tt_->intervals(); ++k)
          tt_->set(l, k, planned.at(l, (k + 0.5) * tt_->interval_s()));
      }
      break;
    }
    case K::LinkCapacity:
      sim_->set_capacity(e.links, e.value);
      break;
    case K::LinkSpeed:
      sim_->set_free_speed(e.links, e.value);
      break;
    case K::FacilityServers:
    case K::FacilityClose:
      if (!services_ || !services_->serves(e.facility))
        throw InputError(fmt::format("event '{}': facility {} has no service queue in this run",
                                     e.description, e.facility));
      if (e.kind == K::FacilityServers) {
        services_->set_servers(e.facility, e.count, t);
      } else {
        services_->close_at(e.facility, t);
      }
      break;
    case K::Crowd:
      add_crowd(e);
      break;
  }
  spdlog::info("{} event: {}", format_hhmm(t), e.description);
  applied_.push_back({t, e.description});
}

// A crowd: persons from homes across the regency (a zone drawn in proportion to its residential
// streets, then one of them), leaving in the half hour from the event, to the motor link nearest
// the point and back after their stay; motorcycle 80 %, car 20 % (assumed: motorcycles carry most
// trips in OKU, docs/population-assumptions.md).
void Day::add_crowd(const scenario::DayEvent& e) {
  const auto& net = world_.network;
  const net::LinkIndex index(net);
  const auto dest =
      index.nearest(e.x, e.y, 2000.0, [&net](net::LinkId l) { return net.motor[l] != 0; });
  if (!dest)
    throw InputError(
        fmt::format("event '{}': no road within 2 km of the crowd's place", e.description));
  const auto& zl = world_.zone_links;
  std::vector<double> cumulative;
  double total = 0;
  for (const auto& links : zl.home_links) {
    total += static_cast<double>(links.size());
    cumulative.push_back(total);
  }
  if (total == 0) throw InputError(fmt::format("event '{}': no homes to come from", e.description));
  const auto persons = static_cast<int>(std::lround(e.count * o_.sample_rate));
  // Each event draws its own stream: keyed by how many events came before (kept in states).
  const auto serial = static_cast<std::uint32_t>(applied_.size());
  traffic::TripTable add;
  traffic::Routes routes;
  std::int32_t person = sim_->trips().size() ? sim_->trips().person.back() + 1 : 0;
  int added = 0;
  for (int i = 0; i < persons; ++i) {
    Rng rng(o_.seed, StreamId::Events, static_cast<std::uint64_t>(i), serial);
    const double u = rng.uniform() * total;
    const auto z = static_cast<std::size_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    const auto& homes = zl.home_links[std::min(z, cumulative.size() - 1)];
    const auto home =
        homes[std::min(homes.size() - 1, static_cast<std::size_t>(
                                             rng.uniform() * static_cast<double>(homes.size())))];
    const auto mode = rng.uniform() < 0.8 ? pop::Mode::Motorcycle : pop::Mode::Car;
    const double leave = e.at_s + rng.uniform() * 1800;
    auto there =
        home == dest->link ? std::vector<net::LinkId>{} : reroute(net.to[home], dest->link, leave);
    if (home != dest->link && there.empty()) continue;  // no way: this visitor stays home
    auto back = home == dest->link ? std::vector<net::LinkId>{}
                                   : reroute(net.to[dest->link], home, leave + e.value);
    if (home != dest->link && back.empty()) continue;
    for (int k = 0; k < 2; ++k) {
      add.person.push_back(person);
      add.mode.push_back(mode);
      add.planned_depart_s.push_back(k == 0 ? leave : leave + e.value);
      add.teleport_time_s.push_back(0);
      add.distance_m.push_back(0);
      add.origin_link.push_back(k == 0 ? home : dest->link);
      add.dest_link.push_back(k == 0 ? dest->link : home);
      add.service_facility.push_back(-1);
      add.cancelled.push_back(0);
      routes.links.push_back(k == 0 ? home : dest->link);
      const auto& way = k == 0 ? there : back;
      routes.links.insert(routes.links.end(), way.begin(), way.end());
      routes.offset.push_back(static_cast<std::uint32_t>(routes.links.size()));
    }
    ++person;
    ++added;
  }
  if (added > 0) sim_->add_trips(add, routes);
  spdlog::info("{}: {} visitors (of {} at this sample) to link {}", e.description, added, persons,
               dest->link);
}

LinkNow Day::link(net::LinkId l) const {
  LinkNow n;
  n.link = l;
  n.vehicles = sim_->vehicles_on(l);
  n.pcu = sim_->pcu_on(l) / o_.sample_rate;
  n.queue_pcu = sim_->queue_pcu(l) / o_.sample_rate;
  n.storage_pcu = world_.network.storage_pcu[l];
  n.capacity_pcu_h = sim_->capacity_pcu_h(l);
  n.closed = sim_->closed(l);
  const auto& s = sim_->link_stats();
  double v = 0;
  for (int k = 0; k < s.intervals; ++k) {
    const std::size_t c = static_cast<std::size_t>(k) * s.links + static_cast<std::size_t>(l);
    for (int m = 0; m < traffic::kNetworkModes; ++m)
      v += s.volume_veh[c * traffic::kNetworkModes + static_cast<std::size_t>(m)];
  }
  n.volume_today = v / o_.sample_rate;
  n.vehicles = static_cast<std::int32_t>(std::lround(n.vehicles / o_.sample_rate));
  return n;
}

FacilityNow Day::facility(std::int32_t f) const {
  if (f < 0 || static_cast<std::size_t>(f) >= world_.facility_list.size())
    throw InputError(
        fmt::format("no facility {}; the world has {}", f, world_.facility_list.size()));
  FacilityNow n;
  n.facility = f;
  n.name = world_.facility_list[f].name;
  if (!services_ || !services_->serves(f)) return n;
  // Accepted visitors are given their start on arrival: served so far are those started by now.
  const auto waiting = services_->waiting(f, now());
  n.waiting = static_cast<double>(waiting) / o_.sample_rate;
  n.served = static_cast<double>(services_->served(f) - static_cast<std::int64_t>(waiting)) /
             o_.sample_rate;
  n.arrivals = static_cast<double>(services_->arrivals(f)) / o_.sample_rate;
  n.servers = services_->servers(f);
  return n;
}

svc::ServiceState Day::service_state() const {
  return services_ ? services_->state() : svc::ServiceState{};
}

svc::ServiceStats Day::service_stats() const {
  return services_ ? services_->stats_so_far() : svc::ServiceStats{};
}

Day::Output Day::finish() {
  // Events up to the end happen; those after it never do.
  advance_to(end() + o_.dt_s);
  Output out;
  out.traffic = sim_->finish();
  if (services_) out.services = services_->finish();
  return out;
}

}  // namespace ogan::run
