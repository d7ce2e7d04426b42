// one_way_anova beyond the R references (fixtures/reference/one_way_anova.json):
// errors naming the group, warnings, group summaries, and F = t^2 for two
// groups.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/htest/anova.hpp"
#include "assess/htest/independent_t.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

TEST(OneWayAnova, ErrorsNameTheGroup) {
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {{1, 2, 3}}}}), "insufficient_data", {"1 group"}, "/groups");
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {{1, 2}, {nullptr, nullptr}}}}), "insufficient_data",
               {"groups[1] has no non-missing values"}, "/groups/1");
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {{1}, {2}, {4}}}}), "insufficient_data",
               {"3 groups have 3 values", "at least 4"});
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {1, 2, 3}}}), "invalid_input", {"groups[0]"});
}

TEST(OneWayAnova, NoWithinVariationWarns) {
  Json r = ask({{"op", "one_way_anova"}, {"groups", {{2, 2}, {5, 5, 5}}}});
  expect_warning(r, "no variation within");
  EXPECT_TRUE(r["result"]["F"].is_null());
  EXPECT_EQ(r["result"]["eta_sq"], 1.0);
}

TEST(OneWayAnova, ReportsGroupSummaries) {
  Json r = ask({{"op", "one_way_anova"}, {"groups", {{1, 2, 3}, {4, nullptr, 8}, {5}}}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  const Json& g = r["result"]["groups"];
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[1]["n"], 2);
  EXPECT_EQ(g[1]["mean"], 6.0);
  EXPECT_TRUE(g[2]["sd"].is_null());
  EXPECT_EQ(r["result"]["df_within"], 3.0);
}

TEST(Identities, AnovaOfTwoGroupsIsStudentsTSquared) {
  std::vector<double> x{4.2, 5.1, 4.8, 6.3, 5.5, 4.9}, y{6.0, 6.3, 5.5, 6.8, 7.1};
  auto a = ht::one_way_anova({x, y});
  auto t = ht::independent_t(x, y, true);
  ASSERT_TRUE(a.ok() && t.ok());
  EXPECT_LT(rel(a->F, t->t * t->t), 1e-13);
  EXPECT_LT(rel(a->p, t->p), 1e-10);
}

}  // namespace
