#pragma once

#include <cstdint>
#include <vector>

namespace ogan::traffic {

// Public transport of one day so far, counted at the run's sample (docs/results-format.md).
struct TransitStats {
  int intervals = 0;
  std::size_t lines = 0, stops = 0;
  // Per interval and line, row-major [T][lines]; boardings and waits by the boarding's interval,
  // loads sampled as a vehicle leaves each stop.
  std::vector<std::uint32_t> boardings, denied, load_samples, max_load;
  std::vector<double> wait_sum_s, load_sum;
  // Per stop.
  std::vector<std::uint32_t> stop_boardings, stop_alightings;
  std::vector<double> stop_wait_sum_s;
  // The day.
  std::int64_t passengers = 0;         // passenger trips that walked to a stop
  std::int64_t boarded = 0;            // boardings
  std::int64_t alighted = 0;           // alightings
  std::int64_t denied_passengers = 0;  // passengers left at a stop by a full vehicle at least once
  std::int64_t gave_up = 0;            // passengers who waited max_wait_s and took an ojek
  std::int64_t no_line = 0;            // angkot trips with no line within reach: went by ojek
  std::int64_t out_of_hours = 0;       // angkot trips leaving outside the line's hours: by ojek
  std::int64_t runs_started = 0;       // vehicle runs that left their terminal
  // Per planned trip, filled when the day finishes: 1 if it went by public transport (walked to
  // a stop), so that vehicle statistics can leave it out.
  std::vector<std::uint8_t> passenger;
  // Every stop a vehicle served, in the order served: its run (row of TransitNetwork::runs), the
  // route index of the link at whose end it stopped, when it stopped and for how long (the
  // dwell of those who alighted and boarded; 0 if nobody did).
  std::vector<std::int32_t> event_run, event_pos;
  std::vector<double> event_t, event_dwell_s;
  // Per run, filled when the day finishes: when it was ready to leave its terminal (its planned
  // time, or the end of the vehicle's previous run if later), entered the road, and arrived
  // (-1: not yet), and its route as driven (after any detour around a closure),
  // links[offset[i] : offset[i+1]].
  std::vector<double> run_ready_s, run_depart_s, run_arrival_s;
  std::vector<std::uint32_t> run_route_offset;
  std::vector<std::int32_t> run_route_links;
  // Per planned trip: the wait at the stop (a passenger who gave up or was still waiting at the
  // end: max_wait_s), -1 if it never reached a stop.
  std::vector<float> wait_s;
};

// Everything public transport needs to continue a day, as plain arrays (in DayState, state files).
struct TransitState {
  std::int64_t first_run_trip = 0;  // trips from here on are the vehicles' runs (runs order)
  // Per planned trip: the passenger's stops (board_stop -1: not a transit passenger), the
  // walks, when they reached the stop and boarded, and whether a full vehicle left them.
  std::vector<std::int32_t> board_stop, alight_stop;
  std::vector<double> access_s, egress_s, at_stop_s, boarded_s;
  std::vector<std::uint8_t> denied;
  // Passengers walking to their stop: (time at the stop, trip), in that order.
  std::vector<double> walk_until_s;
  std::vector<std::int32_t> walk_trip;
  // Waiting at each stop (CSR, first come first), on board each vehicle (CSR, boarding order).
  std::vector<std::uint64_t> stop_offset, vehicle_offset;
  std::vector<std::int32_t> stop_trips, vehicle_trips;
  std::vector<std::int32_t> served_pos;   // per run: the route index of the last stop served
  std::int64_t last_give_up_minute = -1;  // the minute give-ups were last checked
  TransitStats stats;
};

}  // namespace ogan::traffic
