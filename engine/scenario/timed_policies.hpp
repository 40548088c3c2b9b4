#pragma once

#include <string>
#include <vector>

#include "engine/scenario/day_events.hpp"
#include "engine/scenario/policies.hpp"
#include "engine/scenario/world.hpp"

// Timed policies (`at:`/`until:`, docs/policies.md): interventions that happen to a running day
// instead of being known before it. Each becomes events found by difference: its hooks run on a
// copy of the built world (network, closures, facilities), and what changed against the world
// as the untimed policies left it is what happens at `at`; the way back happens at `until`.

namespace ogan::scenario {

// The events of the timed entries of `policies` on `world` (built with the untimed ones), by
// time, stably (list order at equal times): CloseLinks / ReopenLinks, LinkCapacity (pcu/h) and
// LinkSpeed (m/s) grouped by value, FacilityClose, FacilityServers (servers at full scale).
// InputError "file:line: key: ..." for a name the world does not have.
std::vector<DayEvent> timed_policy_events(const Policies& policies, const World& world);

// The events of a fork's policy file: a YAML file with a top-level `policies:` list, validated
// like a scenario's (all problems at once, "FILE:LINE: policies[i].key: ..."), with `--set
// policies.0.servers=4` overrides. Every entry is timed: at its `at`, or at `default_at_s` (the
// fork's time) without one; an `at` before default_at_s, and types that cannot be timed, are
// errors.
std::vector<DayEvent> policy_file_events(const std::string& yaml_path,
                                         const std::vector<std::string>& sets, const World& world,
                                         double default_at_s);

}  // namespace ogan::scenario
