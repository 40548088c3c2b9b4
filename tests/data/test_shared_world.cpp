// A world shared between runs (sweeps, calibrations) carries the router built once for all of
// them, and the runs use it. A router keeps a reference to the network it was built on, so one
// built on a world that then moved must not be used: before run::shared_world, the sweep built
// it on a local world and moved that world into a shared pointer; every run then failed the
// router's check (which read the moved-from network) and built its own, a fifth of a 5 % run.
#include <gtest/gtest.h>

#include <utility>

#include "engine/population/plans.hpp"
#include "engine/run/pipeline.hpp"
#include "engine/traffic/assignment.hpp"
#include "tests/data/demand_fixture.hpp"

using namespace ogan;

namespace {

TEST(SharedWorld, ItsRunsUseTheRouterItWasBuiltWith) {
  const auto& cfg = test::oku_world().cfg;
  const auto world = run::shared_world(cfg);
  ASSERT_TRUE(world->router);
  EXPECT_EQ(&world->router->network(), &world->network);
  EXPECT_EQ(world->router->landmark_count(), cfg.assignment.landmarks);
  auto o = cfg.assignment;
  o.router = world->router;
  const pop::Trips none;
  const traffic::Assignment a(world->network, none, o);
  EXPECT_EQ(&a.router(), world->router.get());
}

TEST(SharedWorld, ARouterBuiltOnAnotherNetworkObjectIsNotUsed) {
  // A copy of the network has the same nodes: the check by node count let such a router
  // through, to route on the other object, which may be gone by then (a moved world).
  const auto& cfg = test::oku_world().cfg;
  const auto here = scenario::load_world(cfg);
  const auto other = traffic::motor_router(here.network, cfg.assignment.landmarks);
  const net::Network copy = here.network;
  ASSERT_EQ(other->nodes(), copy.num_nodes());
  auto o = cfg.assignment;
  o.router = other;
  const pop::Trips none;
  const traffic::Assignment a(copy, none, o);
  EXPECT_NE(&a.router(), other.get());
  EXPECT_EQ(&a.router().network(), &copy);
}

}  // namespace
