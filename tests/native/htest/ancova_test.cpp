// ancova beyond the R references (fixtures/reference/ancova.json): the
// kernel against R's numbers on a small three-group case, identities (two
// groups: F = (difference / its se)^2; the adjusted difference is the
// difference of the adjusted means), invariance under shifts, its notes and
// faults.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/htest/ancova.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using assess::FaultKind;
using Kind = ht::AncovaNote::Kind;
using namespace assess::test;

namespace {

const std::vector<double> kY{3.1, 4.0, 5.2, 6.1, 5.5, 6.3, 7.0, 7.9, 6.0, 6.4, 5.8, 7.7};
const std::vector<double> kX{1, 2, 3, 4, 1.5, 2.5, 3.5, 4.5, 3, 3.2, 2, 4};
const std::vector<std::size_t> kG{0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};

bool has_note(const ht::Ancova& r, Kind kind) {
  for (const auto& n : r.notes) {
    if (n.kind == kind) return true;
  }
  return false;
}

TEST(AncovaKernel, MatchesRThreeGroups) {
  // R: anova(lm(y ~ x + g)), anova(lm(y ~ x * g)), predict(se.fit = TRUE)
  auto r = ht::ancova(kY, kX, kG, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 12);
  EXPECT_LT(rel(r->F, 38.744795914886566), 1e-12);
  EXPECT_LT(rel(r->p, 7.6684391153477866e-05), 1e-10);
  EXPECT_EQ(r->df1, 2.0);
  EXPECT_EQ(r->df2, 8.0);
  EXPECT_LT(rel(r->slope, 0.90897755610972564), 1e-13);
  EXPECT_LT(rel(r->partial_eta_sq, 5.76648894437100 / (5.76648894437100 + 0.59533042394015)), 1e-12);
  EXPECT_LT(rel(r->homogeneity.F, 0.86458698693759339), 1e-11);
  EXPECT_LT(rel(r->homogeneity.p, 0.46779384435284777), 1e-10);
  EXPECT_EQ(r->homogeneity.df1, 2.0);
  EXPECT_EQ(r->homogeneity.df2, 6.0);
  const double mean[] = {4.9181421446384039, 6.5386533665835405, 6.2932044887780538};
  const double se[] = {0.13914685675400876, 0.13690602017337181, 0.13730080663293007};
  ASSERT_EQ(r->adjusted_means.size(), 3u);
  for (int g = 0; g < 3; ++g) {
    EXPECT_LT(rel(r->adjusted_means[g].mean, mean[g]), 1e-13);
    EXPECT_LT(rel(r->adjusted_means[g].se, se[g]), 1e-12);
    EXPECT_EQ(r->adjusted_means[g].n, 4);
  }
  EXPECT_FALSE(r->two_groups);
  EXPECT_TRUE(std::isnan(r->adjusted_diff));
  EXPECT_TRUE(r->notes.empty());
}

TEST(AncovaKernel, TwoGroupsFIsTheSquaredTOfTheDifference) {
  std::vector<double> y(kY.begin(), kY.begin() + 8), x(kX.begin(), kX.begin() + 8);
  std::vector<std::size_t> g(kG.begin(), kG.begin() + 8);
  auto r = ht::ancova(y, x, g, 2);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->two_groups);
  EXPECT_EQ(r->diff_first, 0u);
  EXPECT_EQ(r->diff_second, 1u);
  const double t = r->adjusted_diff / r->diff_se;
  EXPECT_LT(rel(r->F, t * t), 1e-12);
  EXPECT_LT(rel(r->adjusted_diff, r->adjusted_means[1].mean - r->adjusted_means[0].mean), 1e-12);
  EXPECT_LT(r->diff_ci_low, r->adjusted_diff);
  EXPECT_GT(r->diff_ci_high, r->adjusted_diff);
  EXPECT_LT(rel(r->diff_ci_high - r->adjusted_diff, r->adjusted_diff - r->diff_ci_low), 1e-12);
}

TEST(AncovaKernel, ShiftsMoveOnlyTheMeans) {
  std::vector<double> y = kY, x = kX;
  for (double& v : y) v += 1e6;
  for (double& v : x) v -= 5e5;
  auto a = ht::ancova(kY, kX, kG, 3);
  auto b = ht::ancova(y, x, kG, 3);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(rel(a->F, b->F), 1e-8);
  EXPECT_LT(rel(a->slope, b->slope), 1e-8);
  for (int g = 0; g < 3; ++g) EXPECT_LT(std::fabs(b->adjusted_means[g].mean - 1e6 - a->adjusted_means[g].mean), 1e-8);
}

TEST(AncovaKernel, ListwiseAndEmptyLevels) {
  std::vector<double> y = kY, x = kX;
  std::vector<std::size_t> g = kG;
  y.push_back(assess::kMissing);  // a fourth level only on a row with a missing y
  x.push_back(2.0);
  g.push_back(3);
  x[0] = assess::kMissing;
  auto r = ht::ancova(y, x, g, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 11);
  EXPECT_EQ(r->n_groups, 3u);
  ASSERT_EQ(r->notes.size(), 2u);
  EXPECT_EQ(r->notes[0].kind, Kind::rows_excluded);
  EXPECT_EQ(r->notes[0].n, 2u);
  EXPECT_EQ(r->notes[1].kind, Kind::empty_level);
  EXPECT_EQ(r->notes[1].level, 3u);
  EXPECT_EQ(r->adjusted_means[3].n, 0);
  EXPECT_TRUE(std::isnan(r->adjusted_means[3].mean));
  EXPECT_EQ(r->df2, 7.0);
}

TEST(AncovaKernel, ConstantCovariate) {
  auto r = ht::ancova({3, 4, 5, 6, 8, 7}, {2, 2, 2, 2, 2, 2}, {0, 0, 0, 1, 1, 1}, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_note(*r, Kind::covariate_constant));
  EXPECT_TRUE(std::isnan(r->F));
  EXPECT_TRUE(std::isnan(r->slope));
  EXPECT_TRUE(std::isnan(r->adjusted_means[0].mean));
  EXPECT_EQ(r->adjusted_means[1].y_mean, 7.0);
}

TEST(AncovaKernel, PerfectFit) {
  // y = 2 + 3x in group a, 7 + 3x in group b
  auto r = ht::ancova({5, 8, 11, 14, 10, 13, 16}, {1, 2, 3, 4, 1, 2, 3}, {0, 0, 0, 0, 1, 1, 1}, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_note(*r, Kind::perfect_fit));
  EXPECT_TRUE(std::isnan(r->F));
  EXPECT_TRUE(std::isnan(r->homogeneity.F));
  EXPECT_EQ(r->partial_eta_sq, 1.0);
  EXPECT_LT(rel(r->slope, 3.0), 1e-14);
  EXPECT_LT(rel(r->adjusted_diff, 5.0), 1e-14);
  EXPECT_EQ(r->diff_se, 0.0);
}

TEST(AncovaKernel, NoResidualDf) {
  auto r = ht::ancova({1, 2, 4}, {1, 2, 3}, {0, 0, 1}, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_note(*r, Kind::no_residual_df));
  EXPECT_EQ(r->df2, 0.0);
  EXPECT_TRUE(std::isnan(r->F));
  EXPECT_TRUE(std::isnan(r->adjusted_means[0].se));
  EXPECT_EQ(r->slope, 1.0);
  EXPECT_EQ(r->adjusted_diff, 1.0);
}

TEST(AncovaKernel, HomogeneityNeedsTwoSlopes) {
  // only group a has a varying covariate: no slope to compare it with
  auto r = ht::ancova({1, 2, 4, 5, 6, 7}, {1, 2, 3, 4, 2, 2}, {0, 0, 0, 0, 1, 1}, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_note(*r, Kind::homogeneity_undefined));
  EXPECT_TRUE(std::isnan(r->homogeneity.F));
  EXPECT_FALSE(std::isnan(r->F));
}

TEST(AncovaKernel, Faults) {
  auto one = ht::ancova({1, 2, 3, 4}, {1, 3, 2, 4}, {0, 0, 0, 0}, 1);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.fault().kind, FaultKind::too_few);
  EXPECT_EQ(one.fault().counted, assess::Counted::groups);
  auto rows = ht::ancova({1, 2}, {1, 3}, {0, 1}, 2);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.fault().counted, assess::Counted::rows);
  EXPECT_EQ(rows.fault().limit, 3u);
  auto len = ht::ancova({1, 2, 3}, {1, 2}, {0, 1, 1}, 2);
  ASSERT_FALSE(len.ok());
  EXPECT_EQ(len.fault().kind, FaultKind::lengths_differ);
  EXPECT_EQ(len.fault().index, 1u);
  auto glen = ht::ancova({1, 2, 3}, {1, 2, 3}, {0, 1}, 2);
  ASSERT_FALSE(glen.ok());
  EXPECT_EQ(glen.fault().index, 2u);
  auto level = ht::ancova({1, 2, 3}, {1, 2, 3}, {0, 1, 2}, 2);
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(level.fault().kind, FaultKind::bad_value);
  EXPECT_EQ(level.fault().index, 2u);
  auto cl = ht::ancova(kY, kX, kG, 3, 1.0);
  ASSERT_FALSE(cl.ok());
  EXPECT_EQ(cl.fault().kind, FaultKind::bad_conf_level);
}

Json request(const Json& y, const Json& x, const Json& g) {
  return Json{{"op", "ancova"}, {"y", y}, {"covariate", x}, {"group", g}};
}

TEST(Ancova, LabelsInOrderOfAppearanceAndTheDifferenceOfTwo) {
  // "t" appears first: the difference is c - t
  Json r =
      ask(request({5, 6.5, 7, 8, 3, 4.5, 5, 7.2}, {1, 2, 3, 4, 1, 2, 3, 5}, {"t", "t", "t", "t", "c", "c", "c", "c"}));
  ASSERT_EQ(r["ok"], true) << r.dump();
  const Json& res = r["result"];
  EXPECT_EQ(res["adjusted_means"][0]["group"], "t");
  EXPECT_EQ(res["adjusted_means"][1]["group"], "c");
  EXPECT_EQ(res["diff_groups"], Json::array({"t", "c"}));
  EXPECT_LT(rel(res["adjusted_diff"].get<double>(),
                res["adjusted_means"][1]["mean"].get<double>() - res["adjusted_means"][0]["mean"].get<double>()),
            1e-12);
  EXPECT_LT(res["adjusted_diff"].get<double>(), 0.0);
  EXPECT_TRUE(res["homogeneity"].is_object());
  expect_warning_ids(r, {});
}

TEST(Ancova, ThreeGroupsHaveNoDifference) {
  Json r = ask(request(kY, kX, {"a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"}));
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_FALSE(r["result"].contains("adjusted_diff"));
  EXPECT_EQ(r["result"]["adjusted_means"].size(), 3u);
}

TEST(Ancova, WarningsCarryIdsAndParameters) {
  Json r = ask(request({3.1, 4.0, 5.2, 6.1, 5.5, 6.3, 7.0, nullptr}, {1, 2, 3, 4, 1.5, 2.5, 3.5, 2},
                       {"a", "a", "a", "a", "b", "b", "b", "z"}));
  expect_warning_ids(r, {"ancova.rows_excluded", "ancova.empty_group"});
  EXPECT_EQ(r["result"]["warning_msgs"][1]["params"]["group"], "z");
  expect_warning(r, "\"z\"");
  EXPECT_EQ(r["result"]["adjusted_means"][2]["n"], 0);
  EXPECT_TRUE(r["result"]["adjusted_means"][2]["mean"].is_null());
  expect_warning_ids(ask(request({3, 4, 5, 6, 8, 7}, {2, 2, 2, 2, 2, 2}, {"a", "a", "a", "b", "b", "b"})),
                     {"ancova.covariate_constant"});
  expect_warning_ids(
      ask(request({5, 8, 11, 14, 10, 13, 16}, {1, 2, 3, 4, 1, 2, 3}, {"a", "a", "a", "a", "b", "b", "b"})),
      {"ancova.perfect_fit"});
  expect_warning_ids(ask(request({1, 2, 4}, {1, 2, 3}, {"a", "a", "b"})), {"ancova.no_residual_df"});
  expect_warning_ids(ask(request({1, 2, 4, 5, 6, 7}, {1, 2, 3, 4, 2, 2}, {"a", "a", "a", "a", "b", "b"})),
                     {"ancova.homogeneity_undefined"});
}

TEST(Ancova, ErrorsNameTheArgument) {
  expect_error(ask(request({1, 2, 3}, {1, 2}, {"a", "a", "b"})), "invalid_input", {"y has 3 values", "covariate has 2"},
               "/covariate");
  expect_error(ask(request({1, 2, 3}, {1, 2, 3}, {"a", "b"})), "invalid_input", {"group has 2"}, "/group");
  expect_error(ask(request({1, 2, 3}, {1, 2, 3}, {"a", "a", "a"})), "insufficient_data", {"1 group has"}, "/group");
  expect_error(ask(request({1, 2}, {1, 2}, {"a", "b"})), "insufficient_data",
               {"2 groups have 2 complete rows", "at least 3"}, "/y");
  expect_error(ask(request({1, 2, 3}, {1, 2, 3}, {"a", 1, "b"})), "invalid_input", {"group[1] must be a string"},
               "/group/1");
  expect_error(ask(request({1, 2, 3}, {1, 2, 3}, "a,b")), "invalid_input", {"array of strings"}, "/group");
  Json cl = request(kY, kX, {"a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"});
  cl["conf_level"] = 1.0;
  expect_error(ask(cl), "invalid_input", {"conf_level"});
}

}  // namespace
