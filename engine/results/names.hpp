#pragma once

// Every name in an ogan results file (docs/results-format.md) and in a sweep's index
// (docs/sweeps.md): file types, format versions, attributes, groups and datasets. The engine's
// writer, `ogan compare`, the sweep index and ogan-viz all spell them from here, so that a name
// cannot differ between the writer and a reader.

#include <array>
#include <cstdint>
#include <string>

#include "engine/results/names_list.hpp"

namespace ogan::results {

inline constexpr const char* kFileType = "ogan-results";
inline constexpr std::array<std::int32_t, 2> kFormatVersion = {1, 7};
inline constexpr const char* kSweepIndexFileType = "ogan-sweep-index";
inline constexpr std::array<std::int32_t, 2> kSweepIndexFormatVersion = {1, 0};

// The attribute, dataset and group names (namespaces attr, path and polygons) are listed as
// data in engine/results/names.txt; the build writes them into names_list.hpp.

// The [T, L] link datasets and the [T, F] facility datasets: each has /time/interval_start_s
// attached as the dimension scale of axis 0.
inline constexpr std::array<const char*, 6> kLinkIntervalDatasets = {
    path::kLinkVolumeVeh,       path::kLinkVolumePcu, path::kLinkMeanSpeedMps,
    path::kLinkMeanTravelTimeS, path::kLinkQueuePcu,  path::kLinkVolumeCapacity};
inline constexpr std::array<const char*, 7> kFacilityIntervalDatasets = {
    path::kFacArrivals,  path::kFacServed,   path::kFacTurnedAway, path::kFacQueue,
    path::kFacMeanWaitS, path::kFacP95WaitS, path::kFacUtilisation};
// The accessibility datasets, each with the attribute `types`.
inline constexpr std::array<const char*, 7> kAccessibilityDatasets = {
    path::kAccMotorcycleTimeS,
    path::kAccWalkTimeS,
    path::kAccShareWithin15min,
    path::kAccShareWithin30min,
    path::kAccWalkShareWithin30min,
    path::kAccKecamatanShareWithin30min,
    path::kAccKecamatanMeanMotorcycleTimeS};

// "/a/b" + "c" -> "/a/b/c"
inline std::string join(const std::string& group, const std::string& member) {
  return group + "/" + member;
}

}  // namespace ogan::results
