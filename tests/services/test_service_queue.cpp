#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/rng.hpp"
#include "engine/services/erlang.hpp"
#include "engine/services/service_queue.hpp"
#include "engine/services/service_system.hpp"

using namespace ogan;
using namespace ogan::svc;

namespace {

double simulated_mean_wait(int c, double rho, double mean_service, int n, std::uint64_t seed) {
  FacilityParams p;
  p.servers = c;
  p.open_s = 0;
  p.close_s = 1e12;
  p.service_mean_s = mean_service;
  ServiceQueue q(p);
  const double lambda = rho * c / mean_service;
  Rng arrivals(seed, StreamId::Services, 1'000'000'000ULL);
  double t = 0, wait = 0;
  for (int i = 0; i < n; ++i) {
    t += arrivals.exponential(lambda);
    const auto v = q.arrive(t, draw_service_time(p, seed, i));
    wait += v.wait_s;
  }
  return wait / n;
}

// The library's Erlang C against values worked by hand: C(1, a) = a (an M/M/1 arrival waits when
// the server is busy); C(2, 1) = (1/2 * 2) / (1 + 1 + 1/2 * 2) = 1/3; and C(5, 4) = 0.5541 from
// the formula's textbook tables.
TEST(Erlang, ProbabilityOfWaitingMatchesHandWorkedValues) {
  EXPECT_NEAR(erlang_c(1, 0.3), 0.3, 1e-12);
  EXPECT_NEAR(erlang_c(1, 0.8), 0.8, 1e-12);
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(erlang_c(5, 4.0), 0.5541, 1e-4);
}

TEST(Erlang, MeanWaitIsCOverCMuMinusLambdaAndTheOverloadValueBeyondCapacity) {
  // c = 2, mu = 1/600 s, lambda = 1/600 s: a = 1, C = 1/3, Wq = C / (c mu - lambda) = 200 s.
  EXPECT_NEAR(mmc_mean_wait(2, 1.0 / 600, 600, 1e6), 200.0, 1e-9);
  EXPECT_DOUBLE_EQ(mmc_mean_wait(2, 2.0 / 600, 600, 12345), 12345);
  EXPECT_DOUBLE_EQ(mmc_mean_wait(2, 3.0 / 600, 600, 12345), 12345);
}

TEST(ServiceQueue, MeanWaitMatchesErlangC) {
  const double s = 600;  // 10 min
  for (int c : {1, 2, 5}) {
    for (double rho : {0.5, 0.8}) {
      const double a = rho * c;
      const double expected = erlang_c(c, a) * s / (c - a);  // Wq = C(c, a) / (c mu - lambda)
      const double got = simulated_mean_wait(c, rho, s, 400000, 7);
      EXPECT_NEAR(got / expected, 1.0, 0.05)
          << "c=" << c << " rho=" << rho << " expected " << expected << " got " << got;
    }
  }
}

TEST(ServiceQueue, ClosingTimeTurnsAwayWhoCannotStart) {
  FacilityParams p;
  p.servers = 1;
  p.open_s = 100;
  p.close_s = 200;
  ServiceQueue q(p);
  auto v1 = q.arrive(50, 80);  // waits for opening, served 100-180
  EXPECT_EQ(v1.outcome, Outcome::Served);
  EXPECT_DOUBLE_EQ(v1.start_s, 100);
  EXPECT_DOUBLE_EQ(v1.wait_s, 50);
  auto v2 = q.arrive(60, 50);  // starts 180 < 200: served, ends after closing
  EXPECT_EQ(v2.outcome, Outcome::Served);
  EXPECT_DOUBLE_EQ(v2.end_s, 230);
  auto v3 = q.arrive(70, 10);  // server free at 230 >= 200: turned away at closing time
  EXPECT_EQ(v3.outcome, Outcome::TurnedAwayClosed);
  EXPECT_DOUBLE_EQ(v3.end_s, 200);
  auto v4 = q.arrive(250, 10);  // after closing
  EXPECT_EQ(v4.outcome, Outcome::TurnedAwayClosed);
  EXPECT_DOUBLE_EQ(v4.end_s, 250);
  EXPECT_EQ(q.served(), 2);
}

TEST(ServiceQueue, QuotaAndBalkingAndBreak) {
  FacilityParams p;
  p.servers = 1;
  p.open_s = 0;
  p.close_s = 10000;
  p.quota = 3;
  ServiceQueue q(p);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(q.arrive(i, 100).outcome, Outcome::Served);
  EXPECT_EQ(q.arrive(4, 100).outcome, Outcome::TurnedAwayQuota);

  FacilityParams b;
  b.servers = 1;
  b.open_s = 0;
  b.close_s = 10000;
  b.balk_queue = 2;
  ServiceQueue qb(b);
  EXPECT_EQ(qb.arrive(0, 1000).outcome, Outcome::Served);  // in service, nobody waiting
  EXPECT_EQ(qb.arrive(1, 1000).outcome, Outcome::Served);  // 1 waiting
  EXPECT_EQ(qb.arrive(2, 1000).outcome, Outcome::Served);  // 2 waiting
  EXPECT_EQ(qb.arrive(3, 1000).outcome, Outcome::Balked);  // sees 2 waiting: leaves
  EXPECT_EQ(qb.waiting_at(3), 2u);

  FacilityParams br;
  br.servers = 1;
  br.open_s = 0;
  br.close_s = 10000;
  br.break_start_s = 100;
  br.break_end_s = 200;
  ServiceQueue qr(br);
  EXPECT_DOUBLE_EQ(qr.arrive(0, 150).start_s, 0);    // started before the break: finishes
  EXPECT_DOUBLE_EQ(qr.arrive(10, 10).start_s, 200);  // would start at 150: after the break
}

TEST(ServiceQueue, ASampleGetsServersInProportion) {
  FacilityParams p;
  p.servers = 10;
  p.quota = 200;
  ServiceQueue q(p, 0.1);  // 1 server, 20 tickets
  int served = 0;
  for (int i = 0; i < 30; ++i) served += q.arrive(p.open_s + i, 1).outcome == Outcome::Served;
  EXPECT_EQ(served, 20);
}

}  // namespace

namespace {
// A busy morning at two counters: 90 visitors an hour from 08:00 to 12:00, 2 minutes each.
std::vector<Visit> morning(ServiceQueue& q, double event_s, int servers_then, bool close,
                           std::vector<double>* arrival_s = nullptr) {
  std::vector<Visit> out;
  Rng arrivals(3, StreamId::Services, 77);
  double t = 8 * 3600.0;
  bool applied = false;
  while (t < 12 * 3600.0) {
    t += arrivals.exponential(90.0 / 3600);
    if (!applied && t >= event_s) {
      if (close) {
        q.close_at(event_s);
      } else {
        q.set_servers(servers_then, event_s);
      }
      applied = true;
    }
    out.push_back(q.arrive(t, 120.0 * (1 + 0.5 * std::sin(t))));
    if (arrival_s) arrival_s->push_back(t);
  }
  return out;
}
FacilityParams two_counters() {
  FacilityParams p;
  p.servers = 2;
  p.open_s = 8 * 3600.0;
  p.close_s = 14 * 3600.0;
  return p;
}
}  // namespace

TEST(ServiceQueue, AServerAddedAtTenChangesTheQueueOnlyAfterTen) {
  ServiceQueue base(two_counters()), more(two_counters());
  const double ten = 10 * 3600.0;
  const auto a = morning(base, 1e9, 2, false);
  const auto b = morning(more, ten, 4, false);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(more.servers(), 4);
  double wait_a = 0, wait_b = 0;
  bool later = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Visitors who started before ten are served exactly as without the event.
    if (a[i].start_s < ten && b[i].start_s < ten) {
      EXPECT_EQ(a[i].start_s, b[i].start_s);
      EXPECT_EQ(a[i].end_s, b[i].end_s);
      continue;
    }
    later = true;
    EXPECT_LE(b[i].wait_s, a[i].wait_s + 1e-9);
    wait_a += a[i].wait_s;
    wait_b += b[i].wait_s;
  }
  EXPECT_TRUE(later);
  EXPECT_LT(wait_b, 0.5 * wait_a);
}

TEST(ServiceQueue, ClosingEarlyTurnsAwayWhoArrivesAfterAndZeroServersServeNobody) {
  // Visitors who arrived before the closing keep the start they were given on arrival.
  ServiceQueue q(two_counters());
  std::vector<double> arrival;
  const auto v = morning(q, 9 * 3600.0, 0, true, &arrival);
  int turned = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (arrival[i] >= 9 * 3600.0) {
      EXPECT_EQ(v[i].outcome, Outcome::TurnedAwayClosed);
      EXPECT_EQ(v[i].end_s, arrival[i]);
      ++turned;
    }
  }
  EXPECT_GT(turned, 100);
  ServiceQueue none(two_counters());
  const auto w = morning(none, 9 * 3600.0, 0, false);
  EXPECT_EQ(none.servers(), 0);
  int after = 0;
  for (const auto& x : w) {
    if (x.end_s >= 9 * 3600.0 && x.outcome == Outcome::TurnedAwayClosed) ++after;
  }
  EXPECT_GT(after, 0);
  // Servers back: it serves again until its usual closing time.
  ServiceQueue back(two_counters());
  back.close_at(9 * 3600.0);
  back.set_servers(2, 10 * 3600.0);
  const auto later = back.arrive(11 * 3600.0, 100);
  EXPECT_EQ(later.outcome, Outcome::Served);
  EXPECT_EQ(later.start_s, 11 * 3600.0);
}
