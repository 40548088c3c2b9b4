#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/network/network.hpp"
#include "engine/network/travel_times.hpp"

namespace ogan::net {

struct Route {
  std::vector<LinkId> links;
  double arrival_s = 0;  // at the end of the last link (route_between: plus the target's extra)
  bool found = false;
  int source = 0, target = 0;  // route_between: which source and target
};

// Time-dependent fastest paths by A*. The potentials are free-flow times, a lower bound of every
// later travel time, so they stay valid when travel times change between iterations: no rebuild.
// On a network of at most `table_max_nodes` nodes they are exact: a table of the free-flow time
// from every node to every node (4 bytes a pair: 29 MB for OKU's 2,687 nodes), and an uncongested
// query settles little more than the nodes of its route. On a larger network they are landmark
// bounds (ALT). Read-only after construction; each thread uses its own Workspace.
class AltRouter {
 public:
  static constexpr std::size_t kTableMaxNodes = 6000;  // 144 MB
  AltRouter(const Network& net, const std::vector<double>& free_times, int landmarks = 16,
            std::span<const std::uint8_t> allowed = {},
            std::size_t table_max_nodes = kTableMaxNodes);

  // What a query keeps of a node, in one record so that reaching a node touches one cache line.
  struct NodeLabel {
    double g;             // arrival time
    double h;             // potential, computed once per node and query
    LinkId via;           // the link it was reached by (-1: a source)
    std::uint32_t stamp;  // the query (round) that reached it; older values are stale
  };
  struct Workspace {
    std::vector<NodeLabel> node;
    std::vector<std::pair<double, NodeId>> heap;  // (g + h, node), kept between queries
    std::vector<float> target_rows;               // the query's targets' landmark rows
    std::vector<std::pair<const float*, double>> target_table;  // table rows and extras
    std::uint32_t round = 0;
    std::size_t settled = 0;  // nodes settled by the last query (for benchmarks)
  };
  Workspace workspace() const;

  // Fastest path from node `from` (leaving at depart_s) to node `to` under `tt`.
  // use_potentials=false turns it into plain time-dependent Dijkstra (the reference).
  Route route(NodeId from, NodeId to, double depart_s, const TravelTimes& tt, Workspace& ws,
              bool use_potentials = true) const;

  // Fastest path from any of the sources to any of the targets: a source is a node and the time
  // a vehicle can leave it, a target a node and a cost added on arriving there (the rest of the
  // trip). Route::source and Route::target tell which were used. A trip on a two-way street may
  // pull out in either direction and park on either side: without this choice, half the trips
  // of a town began or ended with a U-turn at the end of their street.
  struct Source {
    NodeId node;
    double depart_s;
  };
  struct Target {
    NodeId node;
    double extra_s;  // >= 0
  };
  Route route_between(std::span<const Source> sources, std::span<const Target> targets,
                      const TravelTimes& tt, Workspace& ws) const;
  // The same into `out`, whose link vector keeps its memory from one query to the next.
  void route_between(std::span<const Source> sources, std::span<const Target> targets,
                     const TravelTimes& tt, Workspace& ws, Route& out) const;

  const std::vector<NodeId>& landmarks() const { return landmarks_; }
  // The landmark count it was built with (none are chosen when the table is used).
  int landmark_count() const { return landmark_count_; }
  std::size_t nodes() const { return net_.num_nodes(); }
  // The network it was built on: held by reference, so a router is only ever used with that
  // very object (a copy or a move of the network leaves it behind).
  const Network& network() const { return net_; }
  // True when the potentials come from the free-flow table, not from landmarks.
  bool exact_potentials() const { return !table_.empty(); }

 private:
  // The smallest potential to any of `targets` targets, given their rows (target_row).
  double potential_min(NodeId v, const float* rows, std::size_t targets) const;
  void target_row(NodeId t, float* out) const;
  // Sets the query's targets up for potential(); extras are added when the table is used.
  void set_targets(std::span<const Target> targets, Workspace& ws) const;
  double potential(NodeId v, const Workspace& ws) const;

  const Network& net_;
  std::vector<std::uint8_t> allowed_;
  int landmark_count_ = 0;
  std::vector<NodeId> landmarks_;
  // [node][2][landmark]: free-flow time landmark -> node, then node -> landmark.
  std::vector<float> lm_;
  // [target][node]: free-flow time node -> target, +inf when unreachable. Empty: landmarks.
  std::vector<float> table_;
};

}  // namespace ogan::net
