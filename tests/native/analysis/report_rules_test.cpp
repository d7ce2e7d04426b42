// The pre-post and panel analyses on flat input: the rules of the report
// (reverse keying and the missing-item rule reach the tables, Holm over the
// subscales only, the total outside the family, the primary test, groups and
// their comparison, undefined statistics as null with a warning, ties and
// missing ratings of the panel). The ops and renderings are tested in
// api/analysis_ops_test.cpp; the numbers against R by the reference tests.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/analysis/panel.hpp"
#include "assess/analysis/prepost.hpp"
#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/instrument/model.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::analysis;

namespace {

const double NA = assess::kMissing;

std::string text_of(const std::string& rel) {
  return assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string());
}
Json load(const std::string& rel) { return Json::parse(text_of(rel)); }

assess::instrument::Instrument competency() {
  return assess::instrument::parse_instrument(load("rubrics/competency-12.v1.json")).value();
}

// A two-subscale instrument on 1..5: A (A1, A2r reversed; both needed),
// B (B1, B2, B3; 2 needed); total needs 4 of 5.
assess::instrument::Instrument small() {
  auto r = assess::instrument::parse_instrument(Json::parse(R"({
    "format": "assess-instrument/1", "id": "small", "version": 1,
    "title": {"en": "Small"}, "languages": ["en"],
    "response_scale": {"min": 1, "max": 5},
    "subscales": [{"id": "A", "title": {"en": "A"}}, {"id": "B", "title": {"en": "B"}, "min_answered": 2}],
    "items": [
      {"id": "A1", "subscale": "A", "text": {"en": "a1"}},
      {"id": "A2r", "subscale": "A", "reverse": true, "text": {"en": "a2"}},
      {"id": "B1", "subscale": "B", "text": {"en": "b1"}},
      {"id": "B2", "subscale": "B", "text": {"en": "b2"}},
      {"id": "B3", "subscale": "B", "text": {"en": "b3"}}],
    "total": {"id": "total", "min_answered": 4}})"));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.value();
}

// Builds the flat input: one respondent = a pre row and a post row.
struct Study {
  std::vector<double> answers;
  std::vector<Wave> wave;
  std::vector<std::uint32_t> programme, group;
  std::vector<Pair> pairs;
  std::size_t n_items;
  explicit Study(std::size_t items) : n_items(items) {}
  void add(const std::vector<double>& pre, const std::vector<double>& post, std::uint32_t prog = 0,
           std::uint32_t grp = 0) {
    std::size_t i = wave.size();
    for (const auto* row : {&pre, &post}) answers.insert(answers.end(), row->begin(), row->end());
    wave.push_back(Wave::pre);
    wave.push_back(Wave::post);
    programme.insert(programme.end(), {prog, prog});
    group.insert(group.end(), {grp, grp});
    pairs.push_back(Pair{i, i + 1});
  }
  PrePostData data(std::vector<std::string> programmes = {"p"}, std::vector<std::string> groups = {}) const {
    PrePostData d;
    d.n_records = wave.size();
    d.n_items = n_items;
    d.answers = answers.data();
    d.wave = wave;
    d.programme = programme.data();
    d.programme_ids = std::move(programmes);
    if (!groups.empty()) {
      d.group = group.data();
      d.group_ids = std::move(groups);
    }
    return d;
  }
};

// A deterministic pseudo-random 1..5 answer.
double likert(unsigned& s, double centre) {
  s = s * 1103515245u + 12345u;
  double u = ((s >> 16) & 0x7fff) / 32768.0;
  return std::min(5.0, std::max(1.0, std::round(centre + 2.0 * (u - 0.5) * 1.6)));
}

Study random_study(std::size_t n, double gain, unsigned seed, std::size_t groups = 0) {
  Study s(5);
  for (std::size_t i = 0; i < n; ++i) {
    double c = 2.5 + static_cast<double>(i % 5) * 0.2;
    std::vector<double> pre, post;
    for (int j = 0; j < 5; ++j) {
      double x = likert(seed, c), y = likert(seed, c + gain);
      if (j == 1) {
        x = 6 - x;
        y = 6 - y;
      }  // A2r is written reverse-keyed
      pre.push_back(x);
      post.push_back(y);
    }
    s.add(pre, post, static_cast<std::uint32_t>(i % 2), groups ? static_cast<std::uint32_t>(1 + i % groups) : 0);
  }
  return s;
}

double holm_of(std::vector<double> p, std::size_t k) {
  // Step-down by hand: sort, multiply by (m - rank), running maximum, cap at 1.
  std::vector<std::size_t> o(p.size());
  for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
  std::sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  double run = 0;
  std::vector<double> adj(p.size());
  for (std::size_t r = 0; r < o.size(); ++r) {
    run = std::max(run, std::min(1.0, static_cast<double>(p.size() - r) * p[o[r]]));
    adj[o[r]] = run;
  }
  return adj[k];
}

TEST(PrePost, ReverseKeyingAndTheMissingItemRuleReachTheTables) {
  auto ins = small();
  Study s(5);
  // A2r answered 1 means 5 after keying: A = (5 + 5) / 2 = 5.
  s.add({5, 1, 2, 2, 2}, {5, 1, 3, 3, 3});
  s.add({3, 3, 2, NA, 2}, {4, 2, 3, NA, NA});  // post: B has 1 of 3 -> missing; total 3 of 5 -> missing
  s.add({NA, 4, 1, 1, 1}, {2, 4, 2, 2, 2});    // pre: A missing (1 of 2)
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  EXPECT_EQ(a.tests.subscales[0].n_pairs, 2);  // A: respondents 1 and 2
  EXPECT_DOUBLE_EQ(a.tests.subscales[0].pre.mean, (5.0 + 3.0) / 2);
  EXPECT_DOUBLE_EQ(a.tests.subscales[0].post.mean, (5.0 + 4.0) / 2);
  EXPECT_EQ(a.tests.subscales[1].n_pairs, 2);              // B: respondents 1 and 3
  EXPECT_EQ(a.missing_pre, (std::vector<long>{1, 0, 0}));  // A of respondent 3; total 4 of 5 is enough
  EXPECT_EQ(a.missing_post, (std::vector<long>{0, 1, 1}));
  ASSERT_TRUE(a.tests.total.has_value());
  EXPECT_EQ(a.tests.total->n_pairs, 2);
}

TEST(PrePost, HolmRunsOverTheSubscalesOnlyAndTheTotalStaysOutside) {
  auto ins = competency();
  // 12 items; 40 respondents with item-specific gains so that the five p differ.
  Study s(12);
  unsigned seed = 11;
  for (int i = 0; i < 40; ++i) {
    std::vector<double> pre, post;
    for (int j = 0; j < 12; ++j) {
      double x = likert(seed, 3.0), y = likert(seed, 3.0 + 0.12 * j);
      if (j == 4) {
        x = 6 - x;
        y = 6 - y;
      }
      pre.push_back(x);
      post.push_back(y);
    }
    s.add(pre, post);
  }
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& t = r.value().tests;
  ASSERT_EQ(t.subscales.size(), 5u);
  std::vector<double> p;
  for (const auto& x : t.subscales) p.push_back(x.p);
  for (std::size_t k = 0; k < 5; ++k) {
    EXPECT_NEAR(t.subscales[k].p_holm, holm_of(p, k), 1e-15 * std::max(1.0, holm_of(p, k))) << k;
    EXPECT_GE(t.subscales[k].p_holm, t.subscales[k].p);
  }
  // The family has five members, not six: the smallest p is multiplied by 5.
  auto smallest = std::min_element(p.begin(), p.end()) - p.begin();
  EXPECT_DOUBLE_EQ(t.subscales[smallest].p_holm, std::min(1.0, 5 * p[smallest]));
  ASSERT_TRUE(t.total.has_value());
  EXPECT_FALSE(t.total->in_family);
  Json total = test_json(*t.total);
  EXPECT_FALSE(total.contains("p_holm"));
  EXPECT_TRUE(subscales_json(t)[0].contains("p_holm"));
}

// The intervals of the pre and post means (drawn by the charts): R's
// t.test(x, conf.level)$conf.int, here of A's pre scores 1, 2, 3
// (R: -0.48413771175032977, 4.48413771175032938; at 0.9: 0.31414553915295207,
// 3.68585446084704760); the mean itself for equal scores; none for one pair.
TEST(PrePost, IntervalsOfThePreAndPostMeansAreRsOneSampleT) {
  auto ins = small();
  Study s(5);
  // A = (A1 + 6 - A2r) / 2: pre 1, 2, 3; post 4, 4, 4. B varies.
  s.add({1, 5, 1, 2, 3}, {4, 2, 2, 2, 4});
  s.add({2, 4, 2, 2, 2}, {4, 2, 3, 3, 3});
  s.add({3, 3, 4, 3, 5}, {4, 2, 5, 4, 4});
  for (double conf : {0.95, 0.9}) {
    PrePostOptions opt;
    opt.conf_level = conf;
    auto r = analyze_prepost(ins, s.data(), s.pairs, opt);
    ASSERT_TRUE(r.ok()) << r.error().message;
    const auto& a = r.value().tests.subscales[0];
    ASSERT_EQ(a.id, "A");
    const double lo = conf == 0.95 ? -0.48413771175032977 : 0.31414553915295207;
    const double hi = conf == 0.95 ? 4.48413771175032938 : 3.68585446084704760;
    EXPECT_NEAR(a.pre_ci.low, lo, 1e-13) << conf;
    EXPECT_NEAR(a.pre_ci.high, hi, 1e-13) << conf;
    EXPECT_EQ(a.post_ci.low, 4.0);  // sd 0: no width, as mean -+ q * 0
    EXPECT_EQ(a.post_ci.high, 4.0);
    Json j = test_json(a);
    EXPECT_EQ(j["pre"]["ci_low"].get<double>(), a.pre_ci.low);
    EXPECT_EQ(j["post"]["ci_high"].get<double>(), 4.0);
    EXPECT_FALSE(j["gain"].contains("ci_low"));  // the gain's interval is the test's ci_low, ci_high
  }
  Study one(5);
  one.add({1, 5, 1, 2, 3}, {4, 2, 2, 2, 4});
  auto r1 = analyze_prepost(ins, one.data(), one.pairs);
  ASSERT_TRUE(r1.ok()) << r1.error().message;
  const auto& a1 = r1.value().tests.subscales[0];
  EXPECT_TRUE(std::isnan(a1.pre_ci.low) && std::isnan(a1.pre_ci.high) && std::isnan(a1.post_ci.low));
  Json j1 = test_json(a1);
  EXPECT_TRUE(j1["pre"]["ci_low"].is_null());
  EXPECT_TRUE(j1["post"]["ci_high"].is_null());
}

TEST(PrePost, PrimaryTestFollowsShapiroWilk) {
  auto ins = small();
  auto s = random_study(60, 0.6, 5);
  auto r = analyze_prepost(ins, s.data({"p", "q"}), s.pairs);
  ASSERT_TRUE(r.ok());
  for (const auto& t : r.value().tests.subscales) {
    EXPECT_EQ(t.primary_test, t.shapiro_p < 0.05 ? "wilcoxon" : "paired_t") << t.id;
    EXPECT_FALSE(std::isnan(t.wilcoxon_V));  // reported always
  }
}

TEST(PrePost, ControlGroupGainsAreComparedWithWelchAndHolm) {
  auto ins = small();
  auto s = random_study(80, 0.7, 9, 2);
  // group 1 = experimental, 2 = control; make the control gain zero on B.
  for (std::size_t w = 0; w < s.pairs.size(); ++w) {
    if (s.group[s.pairs[w].pre] == 2) {
      for (int j = 2; j < 5; ++j) s.answers[s.pairs[w].post * 5 + j] = s.answers[s.pairs[w].pre * 5 + j];
    }
  }
  auto r = analyze_prepost(ins, s.data({"p", "q"}, {"", "experimental", "control"}), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& g = r.value().groups;
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->levels, (std::vector<std::string>{"experimental", "control"}));
  ASSERT_TRUE(!g->focal.empty());
  EXPECT_EQ(g->focal[0].gains.focal, "experimental");
  EXPECT_EQ(g->focal[0].gains.reference, "control");
  const auto& b = g->focal[0].gains.scores.subscales[1];
  EXPECT_EQ(b.n_focal, 40);
  EXPECT_EQ(b.n_reference, 40);
  EXPECT_DOUBLE_EQ(b.reference.mean, 0.0);
  EXPECT_GT(b.d, 0.5);
  EXPECT_LT(b.df, 78.0);  // Welch
  std::vector<double> p{g->focal[0].gains.scores.subscales[0].p, b.p};
  EXPECT_NEAR(b.p_holm, holm_of(p, 1), 1e-15);
  ASSERT_TRUE(g->focal[0].gains.scores.total.has_value());
  EXPECT_FALSE(g->focal[0].gains.scores.total->in_family);
  // Each group has its own pre-post block with its own Holm family.
  ASSERT_EQ(g->by_group.size(), 2u);
  EXPECT_EQ(g->by_group[1].n_pairs, 40);
  EXPECT_TRUE(std::isnan(g->by_group[1].tests.subscales[1].t));  // constant (zero) gains: t undefined
}

TEST(PrePost, ThreeGroupsGetNoComparisonButAWarning) {
  auto ins = small();
  auto s = random_study(60, 0.5, 3, 3);
  auto r = analyze_prepost(ins, s.data({"p", "q"}, {"", "a", "b", "c"}), s.pairs);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.value().groups.has_value());
  EXPECT_EQ(r.value().groups->by_group.size(), 3u);
  EXPECT_TRUE(r.value().groups->focal.empty());
  const auto& w = r.value().warnings;
  EXPECT_TRUE(std::any_of(w.begin(), w.end(), [](const assess::Message& m) {
    return m.id == "prepost.many_groups" && assess::english(m).find("3 groups") != std::string::npos;
  }));
}

TEST(PrePost, OnePairHasNoPrimaryTestTwoPairsHaveTheTTest) {
  auto ins = small();
  Study one(5);
  one.add({3, 3, 3, 3, 3}, {4, 2, 4, 4, 4});
  auto r1 = analyze_prepost(ins, one.data(), one.pairs);
  ASSERT_TRUE(r1.ok()) << r1.error().message;
  EXPECT_EQ(r1.value().tests.subscales[0].primary_test, "");
  EXPECT_TRUE(test_json(r1.value().tests.subscales[0])["primary_test"].is_null());
  Study two(5);
  two.add({3, 3, 3, 3, 3}, {4, 2, 4, 4, 4});
  two.add({2, 4, 2, 2, 2}, {4, 3, 3, 3, 3});
  auto r2 = analyze_prepost(ins, two.data(), two.pairs);
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  EXPECT_FALSE(std::isnan(r2.value().tests.subscales[0].p));
  EXPECT_EQ(r2.value().tests.subscales[0].primary_test, "paired_t");
}

TEST(PrePost, UndefinedStatisticsAreNullWithAWarning) {
  auto ins = small();
  Study s(5);
  s.add({3, 3, 3, 3, 3}, {4, 2, 4, 4, 4});
  s.add({2, 4, 2, 2, 2}, {3, 3, 3, 3, 3});  // every gain is exactly 1: sd 0
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& t = r.value().tests.subscales[0];
  EXPECT_EQ(t.n_pairs, 2);
  EXPECT_DOUBLE_EQ(t.gain.mean, 1.0);
  EXPECT_TRUE(std::isnan(t.shapiro_W));  // n = 2 < 3
  EXPECT_TRUE(std::isnan(t.p));          // constant gains: no t test
  EXPECT_EQ(t.primary_test, "");         // so no primary test either
  Json j = test_json(t);
  EXPECT_TRUE(j["primary_test"].is_null());
  EXPECT_TRUE(j["shapiro"]["W"].is_null());
  EXPECT_TRUE(j["dz"].is_null());
  EXPECT_FALSE(r.value().warnings.empty());
  // The kernels' faults and notes in the report's terms: the part of the
  // report first, then gains and pairs, never the arguments of an op.
  std::vector<std::string> text;
  for (const auto& m : r.value().warnings) text.push_back(assess::english(m));
  auto has = [&](const std::string& s) { return std::find(text.begin(), text.end(), s) != text.end(); };
  EXPECT_TRUE(
      has("A, paired t: the gains are all equal (their SD is 0), so t, p, the confidence interval and dz are "
          "undefined and reported as null"));
  EXPECT_TRUE(has("A: no Shapiro-Wilk test of the gains: 2 pairs with both scores, but it needs at least 3"));
  for (const auto& s : text) {
    for (const char* api : {"x has", "pre and post", "paired_t needs", "sd_diff", "items has", "post - pre"}) {
      EXPECT_EQ(s.find(api), std::string::npos) << s;
    }
  }
  EXPECT_TRUE(std::any_of(r.value().warnings.begin(), r.value().warnings.end(),
                          [](const assess::Message& m) { return m.id == "prepost.shapiro_too_few"; }));
}

TEST(PrePost, ShapiroWilkAboveFiveThousandPairsIsNullAndTStaysPrimary) {
  auto ins = small();
  auto s = random_study(5200, 0.3, 21);
  auto r = analyze_prepost(ins, s.data({"p", "q"}), s.pairs);
  ASSERT_TRUE(r.ok());
  const auto& t = r.value().tests.subscales[1];
  EXPECT_EQ(t.n_pairs, 5200);
  EXPECT_TRUE(std::isnan(t.shapiro_p));
  EXPECT_EQ(t.primary_test, "paired_t");
  EXPECT_FALSE(std::isnan(t.wilcoxon_p));
}

TEST(PrePost, InconsistentInputIsAnError) {
  auto ins = small();
  Study s(5);
  s.add({1, 1, 1, 1, 1}, {2, 2, 2, 2, 2});
  auto bad = s.pairs;
  bad[0] = Pair{1, 0};  // post joined as pre
  auto r = analyze_prepost(ins, s.data(), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, assess::ErrorCode::invalid_input);
  r = analyze_prepost(ins, s.data(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, assess::ErrorCode::insufficient_data);
  Study wrong(4);
  wrong.add({1, 1, 1, 1}, {2, 2, 2, 2});
  r = analyze_prepost(ins, wrong.data(), wrong.pairs);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("5 items"), std::string::npos) << r.error().message;
}

TEST(Panel, TiesMissingRatingsAndTheLowAgreementFlag) {
  auto rub = assess::instrument::parse_rubric(load("rubrics/expert-panel.v1.json")).value();
  const std::size_t C = rub.criteria.size();
  PanelData d;
  d.n_criteria = C;
  d.expert_ids = {"E1", "E2", "E3", "E4"};
  d.object_ids = {"x", "y", "z", "unrated"};
  // Criterion 0: perfect agreement x > y > z. Criterion 1: every expert gives
  // the same to all (W undefined). Others: disagreement (W < 0.5). E4 skips
  // criterion 2 for z.
  const double good[3] = {5, 3, 1};
  const double flip[4][3] = {{5, 3, 1}, {1, 3, 5}, {3, 5, 1}, {1, 5, 3}};
  for (int e = 0; e < 4; ++e) {
    for (int o = 0; o < 3; ++o) {
      d.expert.push_back(e);
      d.object.push_back(o);
      for (std::size_t c = 0; c < C; ++c) {
        double v = c == 0 ? good[o] : c == 1 ? 4.0 : flip[e][o];
        if (c == 2 && e == 3 && o == 2) v = NA;
        d.scores.push_back(v);
      }
    }
  }
  d.n_records = d.expert.size();
  auto r = analyze_panel(rub, d);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  EXPECT_EQ(a.objects, (std::vector<std::string>{"x", "y", "z"}));  // no rating, not reported
  EXPECT_DOUBLE_EQ(a.criteria[0].W, 1.0);
  EXPECT_FALSE(a.criteria[0].low_agreement);
  EXPECT_DOUBLE_EQ(a.criteria[0].programmes[0].rank, 1.0);
  EXPECT_DOUBLE_EQ(a.criteria[0].programmes[0].mean_rank, 1.0);
  EXPECT_DOUBLE_EQ(a.criteria[0].programmes[2].rank, 3.0);
  EXPECT_TRUE(std::isnan(a.criteria[1].W));
  EXPECT_FALSE(a.criteria[1].low_agreement);
  EXPECT_DOUBLE_EQ(a.criteria[1].programmes[0].rank, 2.0);  // all tied
  EXPECT_TRUE(a.criteria[3].low_agreement);
  EXPECT_EQ(a.criteria[2].m, 3);  // E4 left out of W
  EXPECT_EQ(a.criteria[2].programmes[2].n, 3);
  EXPECT_EQ(a.criteria[2].programmes[0].n, 4);
  EXPECT_EQ(a.missing_ratings, 1);
  EXPECT_EQ(a.overall.m, 3);
  // A repeated expert + programme record is an error.
  d.expert.push_back(0);
  d.object.push_back(0);
  d.scores.insert(d.scores.end(), C, 3.0);
  d.n_records += 1;
  auto dup = analyze_panel(rub, d);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message.find("twice"), std::string::npos);
}

}  // namespace
