// mixed_anova beyond the R references (fixtures/reference/mixed_anova.json):
// the kernel against car's numbers on a small unbalanced three-wave case,
// identities (two waves: interaction F = squared Student t of the gains,
// between F = one-way ANOVA of the participant means, epsilon 1), the range
// of the epsilon, invariance under a participant's shift, notes and faults.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/htest/anova.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/htest/mixed_anova.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using assess::FaultKind;
using Kind = ht::MixedNote::Kind;
using namespace assess::test;

namespace {

// 7 participants x 3 waves, groups a (3) and b (4)
const std::vector<double> kScores{1, 3, 4, 2, 5, 5, 5, 7, 9, 1, 1, 2, 3, 2, 4, 4, 4, 7, 2, 2, 2.5};
const std::vector<std::size_t> kGroup{0, 0, 0, 1, 1, 1, 1};

TEST(MixedAnovaKernel, MatchesCarTypeThree) {
  auto r = ht::mixed_anova(kScores, 3, kGroup, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 7);
  EXPECT_EQ(r->k, 3u);
  // car::Anova(lm(Y ~ g), idata, idesign = ~wave, type = "III"), sum contrasts
  EXPECT_LT(rel(r->between.F, 1.4024215023276292), 1e-12);
  EXPECT_LT(rel(r->between.p, 0.28954079845364783), 1e-10);
  EXPECT_LT(rel(r->between.ss, 14.524801587301575), 1e-12);
  EXPECT_LT(rel(r->within.F, 24.984415584415583), 1e-12);
  EXPECT_LT(rel(r->within.p, 0.00012893537235200654), 1e-10);
  EXPECT_LT(rel(r->within.ss, 19.085317460317448), 1e-12);
  EXPECT_LT(rel(r->interaction.F, 8.1532467532467514), 1e-12);
  EXPECT_LT(rel(r->interaction.p, 0.0079375264259872198), 1e-10);
  EXPECT_LT(rel(r->interaction.ss, 6.2281746031745984), 1e-12);
  EXPECT_LT(rel(r->within.gg_epsilon, 0.69619612247528262), 1e-12);
  EXPECT_LT(rel(r->within.p_gg, 0.0010414961752244301), 1e-10);
  EXPECT_LT(rel(r->interaction.p_gg, 0.019583667031247386), 1e-10);
  EXPECT_EQ(r->within.df1, 2.0);
  EXPECT_EQ(r->within.df2, 10.0);
  EXPECT_EQ(r->interaction.df1, 2.0);
  EXPECT_EQ(r->between.df2, 5.0);
  EXPECT_TRUE(std::isnan(r->between.gg_epsilon));
  EXPECT_TRUE(r->notes.empty());
  EXPECT_EQ(r->group_n[0], 3);
  EXPECT_EQ(r->means[1][2], (2 + 4 + 7 + 2.5) / 4);
}

struct TwoWaves {
  std::vector<double> scores, pre_a, pre_b, gain_a, gain_b, mean_a, mean_b;
  std::vector<std::size_t> group;
};

TwoWaves two_waves(std::size_t na, std::size_t nb, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  TwoWaves d;
  for (std::size_t i = 0; i < na + nb; ++i) {
    const bool b = i >= na;
    const double pre = 50 + 10 * z(rng), post = pre + 3 + (b ? 4 : 0) + 6 * z(rng);
    d.scores.push_back(pre);
    d.scores.push_back(post);
    d.group.push_back(b ? 1 : 0);
    (b ? d.gain_b : d.gain_a).push_back(post - pre);
    (b ? d.mean_b : d.mean_a).push_back((pre + post) / 2);
  }
  return d;
}

TEST(MixedAnovaKernel, TwoWavesInteractionIsTheSquaredTOfTheGains) {
  for (auto [na, nb] : {std::pair<std::size_t, std::size_t>{15, 15}, {12, 20}, {2, 9}}) {
    TwoWaves d = two_waves(na, nb, 7 + static_cast<unsigned>(na));
    auto r = ht::mixed_anova(d.scores, 2, d.group, 2);
    auto t = ht::independent_t(d.gain_a, d.gain_b, true);
    auto a = ht::one_way_anova({d.mean_a, d.mean_b});
    ASSERT_TRUE(r.ok() && t.ok() && a.ok());
    EXPECT_LT(rel(r->interaction.F, t->t * t->t), 1e-11);
    EXPECT_LT(rel(r->interaction.p, t->p), 1e-9);
    EXPECT_LT(rel(r->between.F, a->F), 1e-11);
    EXPECT_EQ(r->within.gg_epsilon, 1.0);
    EXPECT_EQ(r->within.p_gg, r->within.p);
    EXPECT_EQ(r->interaction.p_gg, r->interaction.p);
  }
}

TEST(MixedAnovaKernel, EpsilonWithinItsBoundsAndShiftInvariance) {
  std::mt19937 rng(11);
  std::normal_distribution<double> z(0.0, 1.0);
  const std::size_t k = 4, n = 25;
  std::vector<double> s;
  std::vector<std::size_t> g;
  for (std::size_t i = 0; i < n; ++i) {
    const double base = 3 * z(rng);
    for (std::size_t j = 0; j < k; ++j)
      s.push_back(base * (1 + 0.5 * static_cast<double>(j)) + 0.8 * static_cast<double>(j) + z(rng));
    g.push_back(i % 3);
  }
  auto r = ht::mixed_anova(s, k, g, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_GE(r->within.gg_epsilon, 1.0 / 3.0);
  EXPECT_LT(r->within.gg_epsilon, 1.0);
  EXPECT_GT(r->within.F, 2.0);
  EXPECT_GE(r->within.p_gg, r->within.p);  // for F well above 1, fewer df mean a larger p
  // a constant added to one participant's scores changes the between test only
  for (std::size_t j = 0; j < k; ++j) s[5 * k + j] += 100.0;
  auto r2 = ht::mixed_anova(s, k, g, 3);
  ASSERT_TRUE(r2.ok());
  EXPECT_LT(rel(r2->within.F, r->within.F), 1e-11);
  EXPECT_LT(rel(r2->interaction.F, r->interaction.F), 1e-11);
  EXPECT_LT(rel(r2->within.gg_epsilon, r->within.gg_epsilon), 1e-11);
  EXPECT_GT(std::fabs(r2->between.F - r->between.F), 1e-6);
}

TEST(MixedAnovaKernel, MissingRowsAndEmptyLevels) {
  std::vector<double> s = kScores;
  s[4] = assess::kMissing;  // row 1
  std::vector<std::size_t> g = kGroup;
  g[0] = 2;                 // level 2 only on row 0 ...
  s[1] = assess::kMissing;  // ... which misses a score
  auto r = ht::mixed_anova(s, 3, g, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 5);
  EXPECT_EQ(r->n_groups, 2u);
  ASSERT_EQ(r->notes.size(), 2u);
  EXPECT_EQ(r->notes[0].kind, Kind::rows_excluded);
  EXPECT_EQ(r->notes[0].n, 2u);
  EXPECT_EQ(r->notes[1].kind, Kind::empty_level);
  EXPECT_EQ(r->notes[1].level, 2u);
  EXPECT_EQ(r->group_n[2], 0);
  EXPECT_TRUE(std::isnan(r->means[2][0]));
  EXPECT_EQ(r->between.df2, 3.0);
}

TEST(MixedAnovaKernel, NoErrorDfAndNoErrorWithin) {
  auto one_each = ht::mixed_anova({1, 2, 4, 3, 3, 5}, 3, {0, 1}, 2);
  ASSERT_TRUE(one_each.ok());
  ASSERT_EQ(one_each->notes.size(), 1u);
  EXPECT_EQ(one_each->notes[0].kind, Kind::no_error_df);
  EXPECT_TRUE(std::isnan(one_each->within.F));
  EXPECT_TRUE(std::isnan(one_each->between.F));
  // every participant follows the pattern of its group exactly
  auto exact = ht::mixed_anova({1, 3, 4, 2, 4, 5, 5, 7, 8, 1, 1, 2, 3, 3, 4, 4, 4, 5}, 3, {0, 0, 0, 1, 1, 1}, 2);
  ASSERT_TRUE(exact.ok());
  ASSERT_EQ(exact->notes.size(), 1u);
  EXPECT_EQ(exact->notes[0].kind, Kind::within_no_error);
  EXPECT_TRUE(std::isnan(exact->within.F));
  EXPECT_TRUE(std::isnan(exact->interaction.gg_epsilon));
  EXPECT_EQ(exact->within.partial_eta_sq, 1.0);
  EXPECT_FALSE(std::isnan(exact->between.F));
}

TEST(MixedAnovaKernel, Faults) {
  auto one_wave = ht::mixed_anova({1, 2, 3, 4}, 1, {0, 0, 1, 1}, 2);
  ASSERT_FALSE(one_wave.ok());
  EXPECT_EQ(one_wave.fault().kind, FaultKind::too_few);
  EXPECT_EQ(one_wave.fault().counted, assess::Counted::columns);
  auto wide = ht::mixed_anova(std::vector<double>(2 * (ht::kMaxWaves + 1), 1.0), ht::kMaxWaves + 1, {0, 1}, 2);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.fault().kind, FaultKind::too_many);
  auto one_group = ht::mixed_anova({1, 2, 3, 4, 5, 7}, 2, {0, 0, 0}, 1);
  ASSERT_FALSE(one_group.ok());
  EXPECT_EQ(one_group.fault().counted, assess::Counted::groups);
  auto len = ht::mixed_anova({1, 2, 3, 4, 5, 7}, 2, {0, 1}, 2);
  ASSERT_FALSE(len.ok());
  EXPECT_EQ(len.fault().kind, FaultKind::lengths_differ);
  auto odd = ht::mixed_anova({1, 2, 3, 4, 5}, 2, {0, 1}, 2);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.fault().kind, FaultKind::lengths_differ);
  auto level = ht::mixed_anova({1, 2, 3, 4}, 2, {0, 5}, 2);
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(level.fault().kind, FaultKind::bad_value);
  EXPECT_EQ(level.fault().index, 1u);
}

Json request(const Json& scores, const Json& group) {
  return Json{{"op", "mixed_anova"}, {"scores", scores}, {"group", group}};
}

TEST(MixedAnova, ResultFieldsAndGroups) {
  Json r = ask(request({{1, 3, 4}, {2, 5, 5}, {5, 7, 9}, {1, 1, 2}, {3, 2, 4}, {4, 4, 7}, {2, 2, 2.5}},
                       {"b", "b", "b", "a", "a", "a", "a"}));
  ASSERT_EQ(r["ok"], true) << r.dump();
  const Json& res = r["result"];
  EXPECT_EQ(res["n"], 7);
  EXPECT_EQ(res["k"], 3);
  EXPECT_FALSE(res["between"].contains("gg_epsilon"));
  EXPECT_LT(rel(res["within"]["gg_epsilon"].get<double>(), 0.69619612247528262), 1e-12);
  EXPECT_LT(rel(res["interaction"]["F"].get<double>(), 8.1532467532467514), 1e-12);
  EXPECT_EQ(res["groups"][0]["group"], "b");
  EXPECT_EQ(res["groups"][1]["n"], 4);
  EXPECT_EQ(res["groups"][0]["means"].size(), 3u);
  expect_warning_ids(r, {});
}

TEST(MixedAnova, WarningsCarryIdsAndParameters) {
  Json r = ask(request({{1, 3, 4}, {2, nullptr, 5}, {5, 7, 9}, {1, 1, 2}, {3, 2, 4}, {4, 4, 7}, {2, 2, nullptr}},
                       {"a", "a", "a", "b", "b", "b", "c"}));
  expect_warning_ids(r, {"mixed_anova.rows_excluded", "mixed_anova.empty_group"});
  EXPECT_EQ(r["result"]["warning_msgs"][0]["params"]["n"], 2);
  EXPECT_EQ(r["result"]["warning_msgs"][1]["params"]["group"], "c");
  EXPECT_TRUE(r["result"]["groups"][2]["means"][0].is_null());
  expect_warning_ids(ask(request({{1, 2, 4}, {3, 3, 5}}, {"a", "b"})), {"mixed_anova.no_error_df"});
  expect_warning_ids(
      ask(request({{1, 3, 4}, {2, 4, 5}, {5, 7, 8}, {1, 1, 2}, {3, 3, 4}, {4, 4, 5}}, {"a", "a", "a", "b", "b", "b"})),
      {"mixed_anova.within_no_error"});
  expect_warning_ids(ask(request({{1, 3}, {3, 1}, {5, 7}, {7, 5}}, {"a", "a", "b", "b"})),
                     {"mixed_anova.between_no_error"});
}

TEST(MixedAnova, ErrorsNameTheArgument) {
  expect_error(ask(request({{1}, {2}}, {"a", "b"})), "insufficient_data", {"1 column (waves)"}, "/scores");
  expect_error(ask(request({{1, 2}, {2, 3}, {3, 5}}, {"a", "b"})), "invalid_input", {"3 rows", "2 labels"}, "/group");
  expect_error(ask(request({{1, 2}, {2, 3}, {3, 5}}, {"a", "a", "a"})), "insufficient_data", {"1 group has"}, "/group");
  expect_error(ask(request({{1, 2}, {2, 3, 4}}, {"a", "b"})), "invalid_input", {"ragged"}, "/scores/1");
  expect_error(ask(request({{1, 2}, {2, 3}}, {"a", nullptr})), "invalid_input", {"group[1] must be a string"},
               "/group/1");
  expect_error(ask(request(Json::array(), Json::array())), "insufficient_data", {"0 columns"}, "/scores");
}

}  // namespace
