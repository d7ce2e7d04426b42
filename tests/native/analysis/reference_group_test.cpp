// analysis::reference_group: the one place that names the reference group
// of a two-group comparison.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "assess/analysis/prepost.hpp"

using assess::analysis::reference_group;

namespace {

TEST(ReferenceGroup, ControlWhereverItStands) {
  EXPECT_EQ(reference_group({"control", "treatment"}), 0u);
  EXPECT_EQ(reference_group({"adapt", "control"}), 1u);
}

TEST(ReferenceGroup, OtherwiseTheLast) {
  EXPECT_EQ(reference_group({"a", "b"}), 1u);
  EXPECT_EQ(reference_group({"Control", "b"}), 1u);  // the id as written: "control" only
}

}  // namespace
