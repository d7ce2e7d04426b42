// Which group is the reference and which are focal in a comparison of
// groups (docs/formats.md "Group roles"): the one rule for every analysis.
//
//   assess-study/2: the reference group is the one with role `reference`,
//   else the group with id `control`, else none; the focal groups are those
//   with role `focal`, else, with exactly two groups and a reference, the
//   other one, else the second of two groups in study order. Several focal
//   groups are each compared with the reference; more than two groups and
//   no roles give no comparison.
//   assess-study/1 and no study: today's rule (reference_group: `control`,
//   else the second of two; the other is focal), so their reports stay as
//   they are.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "assess/instrument/model.hpp"

namespace assess::analysis {

struct GroupRoles {
  std::optional<std::size_t> reference;  // index into the ids given
  std::vector<std::size_t> focal;        // indices into the ids given, in study order (or the order given)
  // A comparison needs a reference and a focal group: each focal group is
  // compared with the reference.
  bool comparable() const noexcept { return reference.has_value() && !focal.empty(); }
};

// `ids`: the groups present (in the responses), in order of first
// appearance; `study` may be null (no study).
GroupRoles group_roles(const instrument::Study* study, const std::vector<std::string>& ids);

}  // namespace assess::analysis
