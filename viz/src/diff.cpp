// policy − base, feature by feature.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "map.hpp"

namespace viz {

namespace {

double difference(const Layer& l, double base, double policy) {
  const bool a = std::isfinite(base), b = std::isfinite(policy);
  if (a && b) return policy - base;
  if (!l.missing_is_zero) return kNoData;
  if (!a && !b) return l.skip_no_data ? kNoData : 0.0;
  return (b ? policy : 0.0) - (a ? base : 0.0);
}

bool same_link_rows(const Results& base, const Results& policy) {
  return base.ints(ds::kLinksFromNode) == policy.ints(ds::kLinksFromNode) &&
         base.ints(ds::kLinksToNode) == policy.ints(ds::kLinksToNode);
}

// Keys made unique by their occurrence, so parallel links with the same end points pair up in
// order.
std::vector<std::string> unique_keys(const Layer& l) {
  std::map<std::string, int> seen;
  std::vector<std::string> out;
  for (const auto& f : l.features) out.push_back(f.key + "#" + std::to_string(seen[f.key]++));
  return out;
}

const char* what(const Layer& l) {
  if (l.skip_no_data) return "grid cells";
  return l.shape == Shape::Line ? "links" : l.shape == Shape::Area ? "zones" : "facilities";
}

}  // namespace

Layer diff_layers(const Results& base, const Layer& a, const Results& policy, const Layer& b) {
  Layer out = a;
  out.features.clear();
  out.size_unit.clear();
  out.low_is_dark = false;
  out.fixed_hi = 0;
  if (a.by_row && a.features.size() == b.features.size() && same_link_rows(base, policy)) {
    for (std::size_t i = 0; i < a.features.size(); ++i) {
      out.features.push_back(b.features[i]);
      out.features.back().value = difference(a, a.features[i].value, b.features[i].value);
    }
    return out;
  }
  const auto ka = unique_keys(a), kb = unique_keys(b);
  std::map<std::string, std::size_t> in_b;
  for (std::size_t i = 0; i < kb.size(); ++i) in_b[kb[i]] = i;
  std::vector<bool> matched_b(kb.size(), false);
  std::vector<std::string> only_a, only_b;
  for (std::size_t i = 0; i < ka.size(); ++i) {
    const auto it = in_b.find(ka[i]);
    Feature f = it == in_b.end() ? a.features[i] : b.features[it->second];
    f.value = difference(a, a.features[i].value,
                         it == in_b.end() ? kNoData : b.features[it->second].value);
    if (it == in_b.end())
      only_a.push_back(a.features[i].key);
    else
      matched_b[it->second] = true;
    out.features.push_back(std::move(f));
  }
  for (std::size_t i = 0; i < kb.size(); ++i) {
    if (matched_b[i]) continue;
    only_b.push_back(b.features[i].key);
    out.features.push_back(b.features[i]);
    out.features.back().value = difference(a, kNoData, b.features[i].value);
  }
  const auto common = ka.size() - only_a.size();
  if (common == 0) {
    throw InputError(fmt::format("'{}' and '{}' have no {} in common: not the same region?",
                                 base.path(), policy.path(), what(a)));
  }
  if (only_a.empty() && only_b.empty()) return out;
  const auto detail =
      fmt::format("{} only in '{}'{}, {} only in '{}'{}", only_a.size(), base.path(),
                  only_a.empty() ? "" : " (e.g. " + only_a[0] + ")", only_b.size(), policy.path(),
                  only_b.empty() ? "" : " (e.g. " + only_b[0] + ")");
  // Roads and facilities may be added or closed by a policy; zones and the grid must be the same.
  if (a.shape == Shape::Area) throw InputError(fmt::format("the {} differ: {}", what(a), detail));
  fmt::print(stderr, "note: {} matched by {}: {}\n", what(a),
             a.shape == Shape::Line ? "end points" : "type and name", detail);
  return out;
}

}  // namespace viz
