// The expert panel's absolute agreement beside W (analysis/panel.cpp): ICC2
// and ICC2k, Krippendorff's alpha, the two-expert weighted kappa, the mean
// over the programmes, the experts' comments, and their edge cases (perfect
// agreement, every rating the same, a missing rating, two experts vs more,
// fewer than 10 programmes). R's numbers for the demo panel:
// fixtures/reference/demo_analysis.json (tests/native/api/reference_test.cpp).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/analysis/panel.hpp"
#include "assess/analysis/report.hpp"
#include "assess/api/api.hpp"
#include "assess/core/numeric.hpp"
#include "assess/instrument/model.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::analysis;

namespace {

const double NA = assess::kMissing;

Json load(const std::string& rel) {
  return Json::parse(assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string()));
}

assess::instrument::Rubric rubric() {
  return assess::instrument::parse_rubric(load("rubrics/expert-panel.v1.json")).value();
}

// E experts x O programmes; score(e, o, c) gives every rating.
template <class F>
PanelData panel(std::size_t E, std::size_t O, std::size_t C, F score) {
  PanelData d;
  d.n_criteria = C;
  for (std::size_t e = 0; e < E; ++e) d.expert_ids.push_back("E" + std::to_string(e + 1));
  for (std::size_t o = 0; o < O; ++o) d.object_ids.push_back("p" + std::to_string(o + 1));
  for (std::size_t e = 0; e < E; ++e) {
    for (std::size_t o = 0; o < O; ++o) {
      d.expert.push_back(static_cast<int>(e));
      d.object.push_back(static_cast<int>(o));
      for (std::size_t c = 0; c < C; ++c) d.scores.push_back(score(e, o, c));
    }
  }
  d.n_records = d.expert.size();
  return d;
}

bool has_warning(const PanelAnalysis& a, const std::string& id, const std::string& criterion = "") {
  for (const auto& w : a.warnings) {
    if (w.id != id) continue;
    if (criterion.empty()) return true;
    const auto* p = w.param("criterion");
    if (p != nullptr && p->text == criterion) return true;
  }
  return false;
}

TEST(PanelAgreement, PerfectAgreementIccIsOneWithNullTestAndAWarning) {
  auto rub = rubric();
  const std::size_t C = rub.criteria.size();
  // Criterion 0: every expert gives programme o the score o + 1. Criterion 1:
  // every rating is 4. The others vary.
  auto d = panel(3, 4, C, [](std::size_t e, std::size_t o, std::size_t c) {
    if (c == 0) return static_cast<double>(o + 1);
    if (c == 1) return 4.0;
    return static_cast<double>(1 + (e + 2 * o + c) % 5);
  });
  auto r = analyze_panel(rub, d);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  const auto& c0 = a.criteria[0];
  ASSERT_TRUE(c0.icc.computed);
  EXPECT_DOUBLE_EQ(c0.icc.icc2.icc, 1.0);
  EXPECT_DOUBLE_EQ(c0.icc.icc2k.icc, 1.0);
  EXPECT_TRUE(std::isnan(c0.icc.icc2.F));
  EXPECT_TRUE(std::isnan(c0.icc.icc2.p));
  EXPECT_TRUE(std::isnan(c0.icc.icc2k.ci_low));
  EXPECT_TRUE(has_warning(a, "panel.icc_perfect_agreement", c0.id));
  EXPECT_DOUBLE_EQ(c0.alpha_interval, 1.0);
  EXPECT_DOUBLE_EQ(c0.alpha_ordinal, 1.0);
  EXPECT_DOUBLE_EQ(c0.mean, 2.5);  // (1 + 2 + 3 + 4) / 4
  // Every rating the same: no ICC, no alpha (expected disagreement 0).
  const auto& c1 = a.criteria[1];
  EXPECT_TRUE(std::isnan(c1.icc.icc2.icc));
  EXPECT_TRUE(has_warning(a, "panel.icc_no_variance", c1.id));
  EXPECT_TRUE(std::isnan(c1.alpha_interval));
  EXPECT_TRUE(std::isnan(c1.alpha_ordinal));
  EXPECT_TRUE(has_warning(a, "panel.alpha_expected_zero", c1.id));
  EXPECT_FALSE(has_warning(a, "panel.alpha_expected_zero", c0.id));
  // In the JSON: icc 1, the test null; alpha null.
  Json j = criterion_json(c0);
  EXPECT_EQ(j["icc"]["ICC2"]["icc"], 1.0);
  EXPECT_TRUE(j["icc"]["ICC2"]["F"].is_null());
  EXPECT_TRUE(criterion_json(c1)["alpha"]["interval"].is_null());
  EXPECT_TRUE(j["kappa"].is_null());  // three experts: no kappa
}

TEST(PanelAgreement, AMissingRatingDropsTheProgrammeFromTheIccNotFromAlpha) {
  auto rub = rubric();
  const std::size_t C = rub.criteria.size();
  auto d = panel(4, 6, C, [](std::size_t e, std::size_t o, std::size_t c) {
    if (c == 2 && e == 1 && o == 3) return NA;
    return static_cast<double>(1 + (o + (e * c) % 3) % 5);
  });
  auto r = analyze_panel(rub, d);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  const auto& c2 = a.criteria[2];
  EXPECT_EQ(c2.icc.n, 5);
  EXPECT_EQ(c2.icc.n_excluded, 1);
  EXPECT_EQ(c2.icc.k, 4);
  EXPECT_TRUE(has_warning(a, "panel.icc_programmes_left_out", c2.id));
  EXPECT_EQ(c2.alpha_n_pairable, 4 * 6 - 1);  // every rating of a programme rated at least twice
  EXPECT_EQ(a.criteria[0].icc.n, 6);
  EXPECT_EQ(a.criteria[0].alpha_n_pairable, 24);
  // The ICC equals the icc op on the complete programmes of the matrix.
  Json ratings = Json::array();
  for (std::size_t e = 0; e < 4; ++e) {
    Json row = Json::array();
    for (std::size_t o = 0; o < 6; ++o) {
      const double v = d.scores[(e * 6 + o) * C + 2];
      row.push_back(std::isnan(v) ? Json(nullptr) : Json(v));
    }
    ratings.push_back(row);
  }
  Json op = assess::api::call_json(Json{{"op", "icc"}, {"ratings", ratings}});
  ASSERT_TRUE(op["ok"].get<bool>()) << op.dump();
  EXPECT_DOUBLE_EQ(c2.icc.icc2.icc, op["result"]["forms"][1]["icc"].get<double>());
  EXPECT_DOUBLE_EQ(c2.icc.icc2k.ci_high, op["result"]["forms"][4]["ci_high"].get<double>());
}

// Linear-weighted kappa from its definition: with weights 1 - |i - j| / (q - 1)
// it is 1 - D_o / D_e, the observed mean absolute difference over the
// chance-expected one (every x against every y).
double linear_kappa(const std::vector<double>& x, const std::vector<double>& y) {
  double Do = 0, De = 0;
  for (std::size_t i = 0; i < x.size(); ++i) Do += std::fabs(x[i] - y[i]);
  for (double a : x) {
    for (double b : y) De += std::fabs(a - b);
  }
  Do /= static_cast<double>(x.size());
  De /= static_cast<double>(x.size() * y.size());
  return 1.0 - Do / De;
}

TEST(PanelAgreement, TwoExpertsGetLinearKappaPerCriterionAndOverMoreExpertsNone) {
  auto rub = rubric();
  const std::size_t C = rub.criteria.size();
  // Scores 1, 2 and 5 (3 and 4 unused: the index distances of the observed
  // categories would give another kappa than the scale's).
  const double xs[5] = {1, 2, 5, 5, 2};
  const double ys[5] = {2, 5, 1, 5, 2};
  auto score = [&](std::size_t e, std::size_t o, std::size_t c) {
    const double v = e == 0 ? xs[o] : ys[o];
    return c % 2 == 0 ? v : 6 - v;
  };
  auto r = analyze_panel(rub, panel(2, 5, C, score));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  const std::vector<double> x(xs, xs + 5), y(ys, ys + 5);
  ASSERT_TRUE(a.criteria[0].kappa.computed);
  EXPECT_EQ(a.criteria[0].kappa.n, 5);
  EXPECT_NEAR(a.criteria[0].kappa.kappa, linear_kappa(x, y), 1e-12);
  // Overall pools every criterion x programme cell.
  std::vector<double> ax, ay;
  for (std::size_t c = 0; c < C; ++c) {
    for (std::size_t o = 0; o < 5; ++o) {
      ax.push_back(score(0, o, c));
      ay.push_back(score(1, o, c));
    }
  }
  ASSERT_TRUE(a.overall.kappa.computed);
  EXPECT_EQ(a.overall.kappa.n, static_cast<long>(5 * C));
  EXPECT_NEAR(a.overall.kappa.kappa, linear_kappa(ax, ay), 1e-12);
  Json j = criterion_json(a.overall);
  EXPECT_EQ(j["kappa"]["weights"], "linear");
  // With the observed categories only (1, 2, 5 as 0, 1, 2) kappa would differ:
  // the scale's points are the categories.
  Json op = assess::api::call_json(Json{{"op", "cohen_kappa"}, {"x", x}, {"y", y}, {"weights", "linear"}});
  ASSERT_TRUE(op["ok"].get<bool>());
  EXPECT_GT(std::fabs(op["result"]["kappa"].get<double>() - a.criteria[0].kappa.kappa), 1e-3);
  // A missing rating: that programme's pair is left out of kappa (n 4), as
  // of the ICC, whose warning says so.
  auto gap = panel(2, 5, C, [&](std::size_t e, std::size_t o, std::size_t c) {
    return e == 1 && o == 2 && c == 0 ? NA : score(e, o, c);
  });
  auto with_gap = analyze_panel(rub, gap);
  ASSERT_TRUE(with_gap.ok());
  EXPECT_EQ(with_gap.value().criteria[0].kappa.n, 4);
  EXPECT_EQ(with_gap.value().overall.kappa.n, static_cast<long>(5 * C - 1));
  EXPECT_TRUE(has_warning(with_gap.value(), "panel.icc_programmes_left_out", "overall"));
  // Three experts: no kappa.
  auto three = analyze_panel(
      rub, panel(3, 5, C, [&](std::size_t e, std::size_t o, std::size_t c) { return score(e % 2, o, c); }));
  ASSERT_TRUE(three.ok());
  EXPECT_FALSE(three.value().criteria[0].kappa.computed);
  EXPECT_FALSE(three.value().overall.kappa.computed);
  EXPECT_TRUE(criterion_json(three.value().criteria[0])["kappa"].is_null());
}

TEST(PanelAgreement, FewerThanTenProgrammesAddTheSentence) {
  auto rub = rubric();
  const std::size_t C = rub.criteria.size();
  auto score = [](std::size_t e, std::size_t o, std::size_t c) { return static_cast<double>(1 + (o * 3 + e + c) % 5); };
  auto nine = analyze_panel(rub, panel(3, 9, C, score));
  ASSERT_TRUE(nine.ok());
  ASSERT_TRUE(has_warning(nine.value(), "panel.icc_few_programmes"));
  for (const auto& w : nine.value().warnings) {
    if (w.id != "panel.icc_few_programmes") continue;
    ASSERT_NE(w.param("n"), nullptr);
    EXPECT_EQ(w.param("n")->number, 9.0);
    EXPECT_EQ(w.param("min")->number, 10.0);
  }
  auto ten = analyze_panel(rub, panel(3, 10, C, score));
  ASSERT_TRUE(ten.ok());
  EXPECT_FALSE(has_warning(ten.value(), "panel.icc_few_programmes"));
}

TEST(PanelAgreement, CommentsAreListedPerProgrammeThenExpert) {
  auto rub = rubric();
  const std::size_t C = rub.criteria.size();
  auto d = panel(2, 3, C, [](std::size_t e, std::size_t o, std::size_t) { return static_cast<double>(1 + e + o); });
  // records: (E1,p1) (E1,p2) (E1,p3) (E2,p1) (E2,p2) (E2,p3)
  d.comment = {"one", "", "three", "four", "", "six | with a bar"};
  auto r = analyze_panel(rub, d);
  ASSERT_TRUE(r.ok());
  Json j = comments_json(r.value());
  ASSERT_EQ(j.size(), 4u);
  EXPECT_EQ(j[0], (Json{{"programme", "p1"}, {"expert", "E1"}, {"text", "one"}}));
  EXPECT_EQ(j[1], (Json{{"programme", "p1"}, {"expert", "E2"}, {"text", "four"}}));
  EXPECT_EQ(j[2]["programme"], "p3");
  EXPECT_EQ(j[3]["text"], "six | with a bar");
  // Without comments (the field left empty) the list is empty.
  d.comment.clear();
  EXPECT_TRUE(comments_json(analyze_panel(rub, d).value()).empty());
}

// The renderings show the new figures as the JSON has them.
TEST(PanelAgreement, MarkdownAndCsvCarryTheIccAlphaAndComments) {
  Json req = Json::object();
  req["op"] = "analyze_panel";
  req["rubric"] = load("rubrics/expert-panel.v1.json");
  req["study"] = load("rubrics/study.microcredentials.v1.json");
  Json files = Json::array();
  files.push_back(
      Json{{"name", "ratings.csv"},
           {"text", assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / "fixtures/demo/ratings.csv").string())}});
  req["files"] = files;
  req["format"] = "all";
  Json res = assess::api::call_json(req);
  ASSERT_TRUE(res["ok"].get<bool>()) << res.dump().substr(0, 400);
  const Json& r = res["result"];
  const std::string md = r["markdown"].get<std::string>();
  EXPECT_NE(md.find("## Table 2. Absolute agreement of the experts"), std::string::npos);
  const Json& i2 = r["criteria"][0]["icc"]["ICC2"];
  EXPECT_NE(md.find(apa_bounded(i2["icc"], 2) + " [" + apa_bounded(i2["ci_low"], 2) + ", " +
                    apa_bounded(i2["ci_high"], 2) + "]"),
            std::string::npos);
  EXPECT_NE(md.find("Only 5 programmes: with fewer than 10 the ICC's interval is wide."), std::string::npos);
  EXPECT_NE(md.find("## Comments of the experts"), std::string::npos);
  EXPECT_NE(md.find(r["comments"][0]["text"].get<std::string>()), std::string::npos);
  const std::string agreement = r["csv"]["agreement"].get<std::string>();
  EXPECT_EQ(agreement.rfind("criterion,W,chi2,df,p,m,n,low_agreement,mean,icc_n,icc2,", 0), 0u);
  EXPECT_TRUE(r["csv"].contains("comments"));
  EXPECT_EQ(r["csv"]["comments"].get<std::string>().rfind("programme,expert,comment\n", 0), 0u);
}

}  // namespace
