#pragma once

#include <string>

#include "engine/metrics/observations.hpp"
#include "engine/scenario/world.hpp"

namespace ogan::run {

// Reads a folder of observations of the real town (format: docs/observations.md):
//   stations.csv      station_id,link_id
//   stations.gpkg     point layer "stations" with station_id and heading_deg, each snapped to the
//                     nearest motor link heading within 45 degrees of it, at most 50 m away
//   counts.csv        station_id,from,to,class,count
//   travel_times.csv  route_id,link_ids,from,to,mean_s          (link_ids separated by spaces)
//   facilities.csv    facility,from,to,arrivals,served,queue,mean_wait_s   (empty cells allowed)
//   closures.csv      link_ids or road,at,until                 (until may be empty)
// Every file is optional; the folder must hold at least one. Times are HH:MM from 00:00 to
// 30:00, intervals whole quarter hours. InputError "FILE:LINE: column: what was expected" for
// anything wrong (GeoPackage features: "FILE:feature FID: ...").
metrics::Observations read_observations(const std::string& dir, const scenario::World& world);

}  // namespace ogan::run
