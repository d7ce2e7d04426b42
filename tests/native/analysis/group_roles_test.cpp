// analysis::group_roles (docs/formats.md "Group roles"): the reference and
// focal groups of every case the rule lists, for assess-study/2; /1 studies
// and no study keep today's rule (reference_group).
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "assess/analysis/groups.hpp"
#include "assess/analysis/prepost.hpp"
#include "assess/instrument/model.hpp"

using assess::analysis::group_roles;
using assess::analysis::GroupRoles;
using assess::instrument::Group;
using assess::instrument::GroupRole;
using assess::instrument::Study;

namespace {

// A /2 study with these groups: "id" or "id:focal" / "id:reference".
Study study2(const std::vector<std::string>& groups) {
  Study s;
  s.format = 2;
  for (const auto& g : groups) {
    Group gr;
    const auto colon = g.find(':');
    gr.id = g.substr(0, colon);
    if (colon != std::string::npos) {
      gr.role = g.substr(colon + 1) == "focal" ? GroupRole::focal : GroupRole::reference;
    }
    s.groups.push_back(gr);
  }
  return s;
}

// The roles as ids: "reference | focal focal ..." ("-" for none).
std::string said(const GroupRoles& r, const std::vector<std::string>& ids) {
  std::string out = r.reference ? ids[*r.reference] : "-";
  out += " |";
  for (std::size_t f : r.focal) out += " " + ids[f];
  return out;
}

std::string roles(const Study* s, const std::vector<std::string>& ids) { return said(group_roles(s, ids), ids); }

}  // namespace

TEST(GroupRoles, RolesGiven) {
  const Study s = study2({"experimental:focal", "control:reference"});
  EXPECT_EQ(roles(&s, {"experimental", "control"}), "control | experimental");
  EXPECT_EQ(roles(&s, {"control", "experimental"}), "control | experimental");
  EXPECT_TRUE(group_roles(&s, {"control", "experimental"}).comparable());
  // The roles decide, not the ids: a group "control" can be focal.
  const Study t = study2({"control:focal", "ordinary:reference"});
  EXPECT_EQ(roles(&t, {"control", "ordinary"}), "ordinary | control");
}

TEST(GroupRoles, ReferenceOnlyWithTwoGroups) {
  const Study s = study2({"a", "b:reference"});
  EXPECT_EQ(roles(&s, {"b", "a"}), "b | a");
  const Study t = study2({"a:reference", "b"});
  EXPECT_EQ(roles(&t, {"b", "a"}), "a | b");
}

TEST(GroupRoles, ControlIsTheReferenceWithoutRoles) {
  const Study s = study2({"control", "experimental"});
  EXPECT_EQ(roles(&s, {"experimental", "control"}), "control | experimental");
  const Study t = study2({"experimental", "control"});
  EXPECT_EQ(roles(&t, {"control", "experimental"}), "control | experimental");
}

TEST(GroupRoles, FocalOnly) {
  // A focal group and no reference (no role, no "control"): no comparison.
  const Study s = study2({"a:focal", "b"});
  const GroupRoles r = group_roles(&s, {"b", "a"});
  EXPECT_EQ(said(r, {"b", "a"}), "- | a");
  EXPECT_FALSE(r.comparable());
  // With a group "control" it is the reference.
  const Study t = study2({"a:focal", "control"});
  EXPECT_EQ(roles(&t, {"a", "control"}), "control | a");
}

TEST(GroupRoles, TwoGroupsWithoutRolesGiveTheSecondAsFocalAndNoReference) {
  // In study order, whatever the order of appearance: no comparison (a warning asks for roles).
  const Study s = study2({"north", "south"});
  GroupRoles r = group_roles(&s, {"south", "north"});
  EXPECT_EQ(said(r, {"south", "north"}), "- | south");
  EXPECT_FALSE(r.comparable());
  r = group_roles(&s, {"north", "south"});
  EXPECT_EQ(said(r, {"north", "south"}), "- | south");
}

TEST(GroupRoles, SeveralFocalGroupsEachWithTheReference) {
  const Study s = study2({"online:focal", "blended:focal", "control:reference"});
  const GroupRoles r = group_roles(&s, {"control", "blended", "online"});
  EXPECT_EQ(said(r, {"control", "blended", "online"}), "control | online blended");  // study order
  EXPECT_TRUE(r.comparable());
  // Groups without a role beside them take no part.
  const Study t = study2({"online:focal", "other", "ordinary:reference"});
  EXPECT_EQ(roles(&t, {"other", "online", "ordinary"}), "ordinary | online");
}

TEST(GroupRoles, MoreThanTwoGroupsWithoutRolesGiveNoComparison) {
  const Study s = study2({"a", "b", "c"});
  GroupRoles r = group_roles(&s, {"a", "b", "c"});
  EXPECT_FALSE(r.comparable());
  EXPECT_TRUE(r.focal.empty());
  const Study t = study2({"a", "b", "control"});
  r = group_roles(&t, {"a", "b", "control"});
  EXPECT_EQ(said(r, {"a", "b", "control"}), "control |");
  EXPECT_FALSE(r.comparable());
}

TEST(GroupRoles, OnlySomeGroupsPresent) {
  // The reference group sent no responses: no comparison.
  const Study s = study2({"experimental:focal", "control:reference"});
  GroupRoles r = group_roles(&s, {"experimental"});
  EXPECT_EQ(said(r, {"experimental"}), "- | experimental");
  EXPECT_FALSE(r.comparable());
  r = group_roles(&s, {});
  EXPECT_FALSE(r.comparable());
}

TEST(GroupRoles, StudyOneAndNoStudyKeepTodaysRule) {
  Study s1;  // format 1: roles are not read
  s1.format = 1;
  for (const Study* s : {static_cast<const Study*>(nullptr), static_cast<const Study*>(&s1)}) {
    EXPECT_EQ(roles(s, {"control", "treatment"}), "control | treatment");
    EXPECT_EQ(roles(s, {"treatment", "control"}), "control | treatment");
    // Without "control": the second is the reference, the first focal.
    EXPECT_EQ(roles(s, {"a", "b"}), "b | a");
    EXPECT_EQ(roles(s, {"b", "a"}), "a | b");
    // One group or more than two: no comparison.
    EXPECT_FALSE(group_roles(s, {"a"}).comparable());
    EXPECT_FALSE(group_roles(s, {"a", "b", "control"}).comparable());
  }
  // The same answer as reference_group, the rule the analyses use today.
  const std::vector<std::vector<std::string>> pairs = {{"x", "y"}, {"control", "y"}, {"x", "control"}};
  for (const auto& ids : pairs) {
    EXPECT_EQ(*group_roles(nullptr, ids).reference, assess::analysis::reference_group(ids));
  }
}
