// The experimental-vs-control blocks of the pre-post analysis (issue 15):
// baseline, post, attrition (and, with the kernels, ANCOVA and the mixed
// ANOVA) beside the comparison of the gains; the group roles of an
// assess-study/2 with several focal groups; Student's t with equal_var;
// scored numbers (GPA) as scores outside the subscales' Holm families; the
// edge cases (a group with one pair, a score without variance, no reference
// group). The numbers against R: fixtures/reference/demo2_analysis.json.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/analysis/prepost.hpp"
#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/instrument/model.hpp"

using assess::Json;
using namespace assess::analysis;

namespace {

// Two subscales of one item each (A, B) on 1..5 and a scored number N (0..4).
assess::instrument::Instrument tiny() {
  auto r = assess::instrument::parse_instrument(Json::parse(R"({
    "format": "assess-instrument/1", "id": "tiny", "version": 1,
    "title": {"en": "Tiny"}, "languages": ["en"],
    "response_scale": {"min": 1, "max": 5},
    "subscales": [{"id": "A", "title": {"en": "A"}}, {"id": "B", "title": {"en": "B"}}],
    "items": [
      {"id": "A1", "subscale": "A", "text": {"en": "a"}},
      {"id": "B1", "subscale": "B", "text": {"en": "b"}},
      {"id": "N", "type": "number", "min": 0, "max": 4, "score": true, "text": {"en": "n"}},
      {"id": "C", "type": "choice", "options": [{"id": "x", "label": {"en": "X"}}, {"id": "y", "label": {"en": "Y"}}],
       "text": {"en": "c"}}],
    "total": {"id": "total", "min_answered": 1}})"));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.value();
}

constexpr std::size_t kItems = 4;

// Records and pairs of a study: respondents with a pre and a post record
// (a pair) or a pre record only.
struct Data {
  std::vector<double> answers;
  std::vector<Wave> wave;
  std::vector<std::uint32_t> programme, group;
  std::vector<Pair> pairs;
  std::vector<std::string> group_ids;
  void record(const std::vector<double>& a, Wave w, std::uint32_t g) {
    answers.insert(answers.end(), a.begin(), a.end());
    wave.push_back(w);
    programme.push_back(PrePostData::kNoProgramme);
    group.push_back(g);
  }
  // pre (A, B, N) and post (A, B, N) of one student of group g.
  void pair(std::uint32_t g, std::vector<double> pre, std::vector<double> post) {
    const std::size_t i = wave.size();
    pre.push_back(0);  // C: the first option
    post.push_back(1);
    record(pre, Wave::pre, g);
    record(post, Wave::post, g);
    pairs.push_back(Pair{i, i + 1});
  }
  void pre_only(std::uint32_t g, std::vector<double> pre) {
    pre.push_back(0);
    record(pre, Wave::pre, g);
  }
  PrePostData data(const assess::instrument::Study* study = nullptr) const {
    PrePostData d;
    d.n_records = wave.size();
    d.n_items = kItems;
    d.answers = answers.data();
    d.wave = wave;
    d.programme = programme.data();
    d.group = group.data();
    d.group_ids = group_ids;
    d.study = study;
    return d;
  }
};

// Group 0 "experimental", 1 "control": deterministic scores with a larger
// gain in the experimental group; B is constant (no variance) everywhere.
Data two_groups(std::size_t n_each) {
  Data s;
  s.group_ids = {"experimental", "control"};
  for (std::size_t i = 0; i < 2 * n_each; ++i) {
    const std::uint32_t g = static_cast<std::uint32_t>(i % 2);
    const double a = 1.0 + static_cast<double>((i * 7) % 4);
    const double n = 2.0 + 0.1 * static_cast<double>((i * 3) % 7);
    const double gain = g == 0 ? 1.0 + static_cast<double>(i % 3) * 0.5 : static_cast<double>(i % 2);
    s.pair(g, {a, 3, n}, {std::min(5.0, a + std::round(gain)), 3, std::min(4.0, n + gain / 4)});
  }
  return s;
}

bool has(const std::vector<assess::Message>& w, const std::string& id) {
  return std::any_of(w.begin(), w.end(), [&](const assess::Message& m) { return m.id == id; });
}

std::vector<double> values(const Data& s, std::uint32_t g, std::size_t col, int which) {
  std::vector<double> v;
  for (const auto& p : s.pairs) {
    if (s.group[p.pre] != g) continue;
    const double a = s.answers[p.pre * kItems + col], b = s.answers[p.post * kItems + col];
    v.push_back(which == 0 ? a : which == 1 ? b : b - a);
  }
  return v;
}

}  // namespace

TEST(PrePostGroups, BaselineAndPostAreTheTwoGroupTestsOfThePreAndPostScores) {
  const auto ins = tiny();
  const Data s = two_groups(12);
  for (bool equal_var : {false, true}) {
    PrePostOptions opt;
    opt.equal_var = equal_var;
    auto r = analyze_prepost(ins, s.data(), s.pairs, opt);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& g = r.value().groups;
    ASSERT_TRUE(g.has_value());
    ASSERT_EQ(g->focal.size(), 1u);
    const FocalComparison& c = g->focal[0];
    EXPECT_EQ(c.focal, "experimental");
    EXPECT_EQ(c.reference, "control");
    for (int which : {0, 1, 2}) {
      const GroupComparison& block = which == 0 ? c.baseline : which == 1 ? c.post : c.gains;
      const auto want = assess::htest::independent_t(values(s, 0, 0, which), values(s, 1, 0, which), equal_var);
      ASSERT_TRUE(want.ok());
      const TwoGroupTest& a = block.scores.subscales[0];
      EXPECT_EQ(a.n_focal, 12);
      EXPECT_EQ(a.n_reference, 12);
      EXPECT_DOUBLE_EQ(a.t, want.value().t) << which;
      EXPECT_DOUBLE_EQ(a.df, want.value().df) << which;
      EXPECT_DOUBLE_EQ(a.d, want.value().d) << which;
      EXPECT_DOUBLE_EQ(a.g, want.value().g) << which;
      if (equal_var) {
        EXPECT_EQ(a.df, 22.0);
      }
      // B has no variance: null statistics, a warning of its block.
      EXPECT_TRUE(std::isnan(block.scores.subscales[1].t));
      EXPECT_TRUE(std::isnan(block.scores.subscales[1].p_holm));
      // Holm over A and B: B's p is null and does not count, so A's p_holm is A's p.
      EXPECT_DOUBLE_EQ(a.p_holm, a.p);
      ASSERT_TRUE(block.scores.total.has_value());
      EXPECT_FALSE(block.scores.total->in_family);
      ASSERT_EQ(block.scores.numbers.size(), 1u);  // the scored number N, outside the family
      EXPECT_EQ(block.scores.numbers[0].id, "N");
      EXPECT_FALSE(block.scores.numbers[0].in_family);
    }
    const auto& w = r.value().warnings;
    EXPECT_TRUE(has(w, "prepost.block_constant"));                 // baseline and post of B
    EXPECT_EQ(has(w, "prepost.comparison_constant"), !equal_var);  // the gains keep their sentences under Welch
    // JSON: comparison (gains) as before, baseline and post with pre_/post_ means.
    const Json j = groups_json(*g);
    EXPECT_TRUE(j["comparison"]["subscales"][0].contains("gain_focal"));
    EXPECT_TRUE(j["baseline"]["subscales"][0].contains("pre_reference"));
    EXPECT_TRUE(j["post"]["subscales"][0].contains("post_focal"));
    EXPECT_FALSE(j["post"]["total"].contains("p_holm"));
    EXPECT_FALSE(j["post"]["numbers"][0].contains("p_holm"));
    EXPECT_EQ(j["attrition"].size(), 2u);
    EXPECT_FALSE(j.contains("by_focal"));
  }
}

TEST(PrePostGroups, ScoredNumbersAreScoresOfEveryBlock) {
  const auto ins = tiny();
  const Data s = two_groups(6);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  EXPECT_EQ(a.score_ids, (std::vector<std::string>{"A", "B", "total", "N"}));
  EXPECT_EQ(a.n_numbers, 1u);
  ASSERT_EQ(a.tests.numbers.size(), 1u);
  const PrePostTest& n = a.tests.numbers[0];
  EXPECT_EQ(n.n_pairs, 12);
  EXPECT_FALSE(n.in_family);
  EXPECT_FALSE(test_json(n).contains("p_holm"));
  double sum = 0;
  for (const auto& p : s.pairs) sum += s.answers[p.post * kItems + 2] - s.answers[p.pre * kItems + 2];
  EXPECT_NEAR(n.gain.mean, sum / 12.0, 1e-15);
  EXPECT_EQ(a.reliability_pre.size(), 3u);  // A, B, total: no alpha of a number
  EXPECT_EQ(a.groups->by_group[0].tests.numbers.size(), 1u);
  EXPECT_EQ(a.groups->attrition[0].scores.numbers.size(), 1u);
  EXPECT_EQ(missing_scores_json(a)["pre"].size(), 4u);
}

TEST(PrePostGroups, AGroupWithOnePairGetsNullTestsAndAWarning) {
  const auto ins = tiny();
  Data s = two_groups(5);
  Data one;
  one.group_ids = s.group_ids;
  for (std::size_t w = 0; w < s.pairs.size(); ++w) {
    const auto& p = s.pairs[w];
    if (s.group[p.pre] == 1 && w > 1) continue;  // the control group keeps one pair
    const double* a = s.answers.data() + p.pre * kItems;
    const double* b = s.answers.data() + p.post * kItems;
    one.pair(s.group[p.pre], std::vector<double>(a, a + 3), std::vector<double>(b, b + 3));
  }
  auto r = analyze_prepost(ins, one.data(), one.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& c = r.value().groups->focal.at(0);
  EXPECT_EQ(c.baseline.scores.subscales[0].n_reference, 1);
  EXPECT_TRUE(std::isnan(c.baseline.scores.subscales[0].t));
  EXPECT_FALSE(std::isnan(c.baseline.scores.subscales[0].mean_diff));  // the means are still there
  const auto& w = r.value().warnings;
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const assess::Message& m) {
    return m.id == "prepost.block_too_few" && assess::english(m).find("group control has 1 value") != std::string::npos;
  }));
  // Student's t runs with one value in a group (R: t.test(var.equal = TRUE)).
  PrePostOptions opt;
  opt.equal_var = true;
  auto r2 = analyze_prepost(ins, one.data(), one.pairs, opt);
  ASSERT_TRUE(r2.ok());
  const auto& b = r2.value().groups->focal.at(0).baseline.scores.subscales[0];
  EXPECT_EQ(b.df, 4.0);  // 5 + 1 - 2
  EXPECT_FALSE(std::isnan(b.p));
}

TEST(PrePostGroups, AttritionComparesThePreOnlyStudentsWithTheCompleters) {
  const auto ins = tiny();
  Data s = two_groups(6);
  s.pre_only(0, {1, 3, 2.0});
  s.pre_only(0, {2, 3, 2.5});
  s.pre_only(1, {4, 3, 3.5});  // one pre-only student in control
  for (bool equal_var : {false, true}) {
    PrePostOptions opt;
    opt.equal_var = equal_var;
    auto r = analyze_prepost(ins, s.data(), s.pairs, opt);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& att = r.value().groups->attrition;
    ASSERT_EQ(att.size(), 2u);
    EXPECT_EQ(att[0].group, "experimental");
    EXPECT_EQ(att[0].n_pre_only, 2);
    EXPECT_EQ(att[0].n_completers, 6);
    const TwoGroupTest& a = att[0].scores.subscales[0];
    const auto want = assess::htest::independent_t({1, 2}, values(s, 0, 0, 0), equal_var);
    ASSERT_TRUE(want.ok());
    EXPECT_DOUBLE_EQ(a.t, want.value().t);
    EXPECT_DOUBLE_EQ(a.d, want.value().d);
    EXPECT_FALSE(a.in_family);  // no Holm family
    // Control: one pre-only student; Welch cannot run, Student's can.
    EXPECT_EQ(std::isnan(att[1].scores.subscales[0].t), !equal_var);
    // B is constant: a sentence per group whose test ran into it; the one
    // pre-only student of control under Welch: null without a sentence.
    const auto& w = r.value().warnings;
    EXPECT_EQ(
        std::count_if(w.begin(), w.end(), [](const assess::Message& m) { return m.id == "prepost.attrition_null"; }),
        equal_var ? 2 : 1);
    const Json j = groups_json(*r.value().groups);
    EXPECT_TRUE(j["attrition"][0]["subscales"][0].contains("pre_only"));
    EXPECT_TRUE(j["attrition"][0]["subscales"][0].contains("n_completers"));
    EXPECT_FALSE(j["attrition"][0]["subscales"][0].contains("p_holm"));
  }
}

TEST(PrePostGroups, NoReferenceGroupGivesNoComparisonBlocks) {
  const auto ins = tiny();
  Data s = two_groups(5);
  s.group_ids = {"a", "b"};
  assess::instrument::Study study;  // assess-study/2 with two groups and no roles, neither "control"
  study.format = 2;
  for (const char* id : {"a", "b"}) {
    assess::instrument::Group g;
    g.id = id;
    study.groups.push_back(g);
  }
  auto r = analyze_prepost(ins, s.data(&study), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(r.value().groups.has_value());
  EXPECT_TRUE(r.value().groups->focal.empty());
  EXPECT_TRUE(r.value().groups->attrition.empty());
  const auto& w = r.value().warnings;
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const assess::Message& m) {
    return m.id == "prepost.groups_not_compared" &&
           assess::english(m).rfind("the groups a, b are not compared", 0) == 0;
  }));
  const Json j = groups_json(*r.value().groups);
  EXPECT_FALSE(j.contains("comparison"));
  EXPECT_FALSE(j.contains("baseline"));
  EXPECT_FALSE(j.contains("attrition"));
  // Without the study (or with /1) today's rule: the second group is the reference.
  auto r1 = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r1.ok());
  ASSERT_EQ(r1.value().groups->focal.size(), 1u);
  EXPECT_EQ(r1.value().groups->focal[0].reference, "b");
}

TEST(PrePostGroups, ThreeGroupsWithRolesCompareEachFocalGroupWithTheReference) {
  const auto ins = tiny();
  Data s;
  s.group_ids = {"online", "control", "blended"};
  for (std::size_t i = 0; i < 18; ++i) {
    const auto g = static_cast<std::uint32_t>(i % 3);
    const double a = 1.0 + static_cast<double>((i * 5) % 4);
    s.pair(g, {a, 1.0 + static_cast<double>(i % 2), 2}, {std::min(5.0, a + g + static_cast<double>(i % 2)), 2, 3});
  }
  assess::instrument::Study study;
  study.format = 2;
  const std::pair<const char*, assess::instrument::GroupRole> groups[] = {
      {"blended", assess::instrument::GroupRole::focal},
      {"online", assess::instrument::GroupRole::focal},
      {"control", assess::instrument::GroupRole::reference}};
  for (const auto& [id, role] : groups) {
    assess::instrument::Group g;
    g.id = id;
    g.role = role;
    study.groups.push_back(g);
  }
  auto r = analyze_prepost(ins, s.data(&study), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& g = *r.value().groups;
  ASSERT_EQ(g.focal.size(), 2u);
  EXPECT_FALSE(has(r.value().warnings, "prepost.many_groups"));
  EXPECT_EQ(g.focal[0].focal, "blended");  // study order
  EXPECT_EQ(g.focal[1].focal, "online");
  EXPECT_EQ(g.focal[0].reference, "control");
  EXPECT_EQ(g.attrition.size(), 3u);
  const Json j = groups_json(g);
  EXPECT_EQ(j["comparison"]["focal"], "blended");  // the first focal group in the contract's place
  ASSERT_EQ(j["by_focal"].size(), 2u);
  EXPECT_EQ(j["by_focal"][1]["focal"], "online");
  EXPECT_EQ(j["by_focal"][1]["baseline"]["reference"], "control");
  EXPECT_EQ(j["by_focal"][0]["comparison"], j["comparison"]);
  // Each focal group's block is its own Holm family: online's p_holm from online's p alone.
  const auto& on = g.focal[1].gains.scores.subscales;
  const double pmax = std::max(on[0].p, on[1].p), pmin = std::min(on[0].p, on[1].p);
  const double holm_min = std::min(1.0, 2 * pmin);
  EXPECT_DOUBLE_EQ(std::min(on[0].p_holm, on[1].p_holm), holm_min);
  EXPECT_DOUBLE_EQ(std::max(on[0].p_holm, on[1].p_holm), std::max(holm_min, std::min(1.0, pmax)));
}

// Two waves: the interaction F of the mixed ANOVA is the squared Student t
// of the gains between the groups (the contract's identity), and the
// ANCOVA's difference is focal minus reference.
TEST(PrePostGroups, TwoWavesInteractionFIsTheSquaredStudentTOfTheGains) {
  const auto ins = tiny();
  Data s = two_groups(10);
  // B varies here, so that it has a mixed ANOVA too.
  for (std::size_t w = 0; w < s.pairs.size(); ++w)
    s.answers[s.pairs[w].post * kItems + 1] = 1.0 + static_cast<double>((w * 3) % 5);
  PrePostOptions opt;
  opt.equal_var = true;
  auto r = analyze_prepost(ins, s.data(), s.pairs, opt);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const FocalComparison& c = r.value().groups->focal.at(0);
  auto check = [](const TwoGroupTest& gain, const MixedEntry& m) {
    ASSERT_FALSE(std::isnan(gain.t)) << gain.id;
    EXPECT_NEAR(m.interaction.F, gain.t * gain.t, 1e-9 * gain.t * gain.t) << gain.id;
    EXPECT_NEAR(m.interaction.p, gain.p, 1e-9) << gain.id;
    EXPECT_EQ(m.interaction.gg_epsilon, 1.0);
    EXPECT_EQ(m.interaction.p_gg, m.interaction.p);
    EXPECT_EQ(m.n, gain.n_focal + gain.n_reference);
  };
  check(c.gains.scores.subscales[0], c.mixed.subscales[0]);
  check(c.gains.scores.subscales[1], c.mixed.subscales[1]);
  check(*c.gains.scores.total, *c.mixed.total);
  check(c.gains.scores.numbers[0], c.mixed.numbers[0]);
  // Holm over the subscales' interaction p_gg; the total and the numbers outside.
  const double p0 = c.mixed.subscales[0].interaction.p_gg, p1 = c.mixed.subscales[1].interaction.p_gg;
  EXPECT_DOUBLE_EQ(std::min(c.mixed.subscales[0].interaction_p_holm, c.mixed.subscales[1].interaction_p_holm),
                   std::min(1.0, 2 * std::min(p0, p1)));
  const Json j = groups_json(*r.value().groups);
  EXPECT_TRUE(j["mixed"]["subscales"][0]["interaction"].contains("p_holm"));
  EXPECT_FALSE(j["mixed"]["total"]["interaction"].contains("p_holm"));
  EXPECT_FALSE(j["mixed"]["subscales"][0]["between"].contains("p_gg"));
  // ANCOVA: adjusted means focal then reference; their difference is adjusted_diff.
  const AncovaEntry& a = c.ancova.subscales[0];
  ASSERT_EQ(a.adjusted_means.size(), 2u);
  EXPECT_EQ(a.adjusted_means[0].group, "experimental");
  EXPECT_EQ(a.adjusted_means[1].group, "control");
  EXPECT_NEAR(a.adjusted_diff, a.adjusted_means[0].mean - a.adjusted_means[1].mean, 1e-12);
  EXPECT_LT(a.diff_ci_low, a.adjusted_diff);
  EXPECT_EQ(a.df1, 1.0);
  EXPECT_EQ(a.df2, 20.0 - 3.0);
  EXPECT_TRUE(j["ancova"]["subscales"][0].contains("p_holm"));
  EXPECT_FALSE(j["ancova"]["numbers"][0].contains("p_holm"));
}

// A score without variance (B constant at pre and post) and a group with one
// pair: null statistics with a warning of the block, never an error.
TEST(PrePostGroups, AncovaAndMixedOfAConstantScoreOrOnePairAreNull) {
  const auto ins = tiny();
  const Data s = two_groups(6);  // B is 3 at pre and post
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const FocalComparison& c = r.value().groups->focal.at(0);
  EXPECT_TRUE(std::isnan(c.ancova.subscales[1].F));
  EXPECT_TRUE(std::isnan(c.ancova.subscales[1].slope));  // constant covariate
  EXPECT_TRUE(std::isnan(c.mixed.subscales[1].interaction.F));
  EXPECT_FALSE(std::isnan(c.ancova.subscales[0].F));
  EXPECT_DOUBLE_EQ(c.ancova.subscales[0].p_holm, c.ancova.subscales[0].p);  // B's null p does not count
  const auto& w = r.value().warnings;
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const assess::Message& m) {
    return m.id == "prepost.block_null" && assess::english(m).rfind("group comparison (ANCOVA), B:", 0) == 0;
  }));
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const assess::Message& m) {
    return m.id == "prepost.block_null" && assess::english(m).rfind("group comparison (mixed ANOVA), B:", 0) == 0;
  }));
  // One pair in the control group: the ANCOVA still runs (n = 7 > 3 rows), the
  // mixed ANOVA too (its error df are n - 2).
  Data one;
  one.group_ids = s.group_ids;
  bool kept = false;
  for (const auto& p : s.pairs) {
    if (s.group[p.pre] == 1 && kept) continue;
    kept = kept || s.group[p.pre] == 1;
    one.pair(s.group[p.pre], {s.answers[p.pre * kItems], 3, s.answers[p.pre * kItems + 2]},
             {s.answers[p.post * kItems], 3, s.answers[p.post * kItems + 2]});
  }
  auto r1 = analyze_prepost(ins, one.data(), one.pairs);
  ASSERT_TRUE(r1.ok()) << r1.error().message;
  const FocalComparison& c1 = r1.value().groups->focal.at(0);
  EXPECT_EQ(c1.ancova.subscales[0].n, 7);
  EXPECT_EQ(c1.ancova.subscales[0].df2, 4.0);
  EXPECT_EQ(c1.mixed.subscales[0].interaction.df2, 5.0);
}
