#include "assess/analysis/groups.hpp"

#include <algorithm>

#include "assess/analysis/prepost.hpp"

namespace assess::analysis {

GroupRoles group_roles(const instrument::Study* study, const std::vector<std::string>& ids) {
  GroupRoles out;
  if (study == nullptr || study->format != 2) {
    // Today's rule, for two groups only (more give no comparison).
    if (ids.size() != 2) return out;
    const std::size_t ref = reference_group(ids);
    out.reference = ref;
    out.focal.push_back(1 - ref);
    return out;
  }
  // The groups present, in study order (ids the study lacks after them, as given).
  std::vector<std::size_t> order(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) order[i] = i;
  auto rank = [&](std::size_t i) {
    const int k = instrument::find_group(*study, ids[i]);
    return k < 0 ? study->groups.size() + i : static_cast<std::size_t>(k);
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  auto role = [&](std::size_t i) {
    const int k = instrument::find_group(*study, ids[i]);
    return k < 0 ? instrument::GroupRole::none : study->groups[static_cast<std::size_t>(k)].role;
  };
  for (std::size_t i : order) {
    if (role(i) == instrument::GroupRole::reference) out.reference = i;
  }
  if (!out.reference) {
    for (std::size_t i : order) {
      if (ids[i] == "control" && role(i) != instrument::GroupRole::focal) out.reference = i;
    }
  }
  for (std::size_t i : order) {
    if (role(i) == instrument::GroupRole::focal && i != out.reference) out.focal.push_back(i);
  }
  if (out.focal.empty() && order.size() == 2) {
    // With a reference the other group; without one the second (no comparison).
    out.focal.push_back(out.reference == order[0] ? order[1] : out.reference == order[1] ? order[0] : order[1]);
  }
  return out;
}

}  // namespace assess::analysis
