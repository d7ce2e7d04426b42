// Reliability of the pre-post analysis beyond alpha (issue 16): omega of a
// subscale of three items or more (its one-factor model), the
// Spearman-Brown coefficient of a two-item subscale, the total's omega from
// the correlated-factors model of the subscales, and the confirmatory
// factor analysis of that structure, reported only from n >= max(200, 10 k).
// Each number is checked against the kernel called here on the same keyed
// complete rows (one code path); the numbers against lavaan are the
// reference tests' (fixtures/reference/demo_analysis.json).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/analysis/prepost.hpp"
#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/instrument/model.hpp"
#include "assess/reliability/cfa.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

using assess::Json;
using namespace assess::analysis;

namespace {

// An instrument on 1..9 from subscales given as {id, items, reversed item
// positions}; a total of every item.
struct Sub {
  std::string id;
  int items;
  std::vector<int> reversed = {};
};

assess::instrument::Instrument instrument(const std::vector<Sub>& subs, bool with_subscales = true) {
  Json doc = Json::parse(R"({"format": "assess-instrument/1", "id": "rel", "version": 1,
    "title": {"en": "Reliability"}, "languages": ["en"], "response_scale": {"min": 1, "max": 9}})");
  Json subscales = Json::array(), items = Json::array();
  for (const auto& s : subs) {
    if (with_subscales) subscales.push_back(Json{{"id", s.id}, {"title", {{"en", s.id}}}, {"min_answered", 1}});
    for (int j = 0; j < s.items; ++j) {
      Json it{{"id", s.id + std::to_string(j + 1)}, {"text", {{"en", "item"}}}};
      if (with_subscales) it["subscale"] = s.id;
      if (std::find(s.reversed.begin(), s.reversed.end(), j) != s.reversed.end()) it["reverse"] = true;
      items.push_back(std::move(it));
    }
  }
  if (with_subscales) doc["subscales"] = subscales;
  doc["items"] = items;
  doc["total"] = Json{{"id", "total"}, {"min_answered", 1}};
  auto r = assess::instrument::parse_instrument(doc);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.value();
}

// n respondents with a pre and a post record. An item of subscale s is
// 5 + g + f_s + e (g a general part, f_s the subscale's, e the item's,
// each uniform on a few integers from a seeded mt19937, whose raw output is
// the same everywhere), clipped to 1..9, written reverse-keyed (10 - x)
// where the instrument reverses it. constant: an item answered 5 by all.
struct Data {
  std::size_t k = 0;
  std::vector<double> answers;
  std::vector<Wave> wave;
  std::vector<std::uint32_t> programme;
  std::vector<Pair> pairs;
  PrePostData data() const {
    PrePostData d;
    d.n_records = wave.size();
    d.n_items = k;
    d.answers = answers.data();
    d.wave = wave;
    d.programme = programme.data();
    return d;
  }
};

Data generate(const assess::instrument::Instrument& ins, std::size_t n, unsigned seed, int constant = -1) {
  std::mt19937 r(seed);
  auto uniform = [&](int lo, int hi) { return lo + static_cast<int>(r() % static_cast<unsigned>(hi - lo + 1)); };
  Data s;
  s.k = ins.items.size();
  const std::size_t S = std::max<std::size_t>(ins.subscales.size(), 1);
  for (std::size_t i = 0; i < n; ++i) {
    for (Wave w : {Wave::pre, Wave::post}) {
      const int g = uniform(-2, 2);
      std::vector<int> f(S);
      for (auto& x : f) x = uniform(-1, 1);
      for (std::size_t j = 0; j < s.k; ++j) {
        const auto& it = ins.items[j];
        const std::size_t sub = it.subscale_index < 0 ? 0 : static_cast<std::size_t>(it.subscale_index);
        int x = 5 + g + f[sub] + uniform(-1, 1) + (w == Wave::post ? 1 : 0);
        x = std::min(9, std::max(1, x));
        if (static_cast<int>(j) == constant) x = 5;
        s.answers.push_back(it.reverse ? 10 - x : x);
      }
      s.wave.push_back(w);
      s.programme.push_back(PrePostData::kNoProgramme);
    }
    s.pairs.push_back(Pair{2 * i, 2 * i + 1});
  }
  return s;
}

// The keyed complete rows of the wave on the given items, as the analysis
// builds them for the kernels.
std::vector<std::vector<double>> keyed(const assess::instrument::Instrument& ins, const Data& s, Wave w,
                                       const std::vector<std::size_t>& items) {
  std::vector<std::vector<double>> m;
  for (std::size_t i = 0; i < s.wave.size(); ++i) {
    if (s.wave[i] != w) continue;
    std::vector<double> row;
    for (std::size_t j : items) {
      const double x = s.answers[i * s.k + j];
      row.push_back(ins.items[j].reverse ? 10.0 - x : x);
    }
    if (std::none_of(row.begin(), row.end(), [](double x) { return assess::is_missing(x); })) m.push_back(row);
  }
  return m;
}

std::vector<std::size_t> range(std::size_t from, std::size_t to) {
  std::vector<std::size_t> v;
  for (std::size_t j = from; j < to; ++j) v.push_back(j);
  return v;
}

bool has(const std::vector<assess::Message>& w, const std::string& id) {
  return std::any_of(w.begin(), w.end(), [&](const assess::Message& m) { return m.id == id; });
}

const assess::Message* find(const std::vector<assess::Message>& w, const std::string& id) {
  for (const auto& m : w) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

// (1' Lambda Phi Lambda' 1) / (1' Sigma-hat 1) written out over the items:
// sum_i sum_j lambda_i lambda_j phi_{f(i) f(j)} over the same plus sum theta.
double omega_of_fit(const assess::reliability::CfaFit& fit) {
  const auto m = static_cast<std::size_t>(fit.m);
  double common = 0.0, theta = 0.0;
  for (std::size_t i = 0; i < fit.loadings.size(); ++i) {
    theta += fit.residual_variances[i];
    for (std::size_t j = 0; j < fit.loadings.size(); ++j) {
      common += fit.loadings[i] * fit.loadings[j] * fit.factor_correlations[fit.factor[i] * m + fit.factor[j]];
    }
  }
  return common / (common + theta);
}

}  // namespace

TEST(PrePostReliability, OmegaForThreeItemsSpearmanBrownForTwoNeitherForOne) {
  const auto ins = instrument({{"A", 3, {1}}, {"B", 2}, {"C", 1}});
  const Data s = generate(ins, 60, 1);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  const Json rel = reliability_json(a);
  for (Wave w : {Wave::pre, Wave::post}) {
    const Json& per = rel[w == Wave::pre ? "pre" : "post"];
    // A: omega of its one-factor model on the keyed complete rows (A2 reversed).
    auto om = assess::reliability::omega(keyed(ins, s, w, range(0, 3)));
    ASSERT_TRUE(om.ok());
    ASSERT_TRUE(per["A"]["omega"].is_number());
    EXPECT_EQ(per["A"]["omega"].get<double>(), om.value().omega_total);
    EXPECT_FALSE(per["A"].contains("spearman_brown"));
    // B: Spearman-Brown = std_alpha of the same kernel = 2r / (1 + r); no omega.
    const auto b = keyed(ins, s, w, range(3, 5));
    auto al = assess::reliability::cronbach_alpha(b);
    ASSERT_TRUE(al.ok());
    EXPECT_EQ(per["B"]["spearman_brown"].get<double>(), al.value().std_alpha);
    double mx = 0, my = 0;
    for (const auto& row : b) {
      mx += row[0];
      my += row[1];
    }
    mx /= static_cast<double>(b.size());
    my /= static_cast<double>(b.size());
    double sxy = 0, sxx = 0, syy = 0;
    for (const auto& row : b) {
      sxy += (row[0] - mx) * (row[1] - my);
      sxx += (row[0] - mx) * (row[0] - mx);
      syy += (row[1] - my) * (row[1] - my);
    }
    const double rho = sxy / std::sqrt(sxx * syy);
    EXPECT_NEAR(per["B"]["spearman_brown"].get<double>(), 2 * rho / (1 + rho), 1e-12);
    EXPECT_FALSE(per["B"].contains("omega"));
    // C: one item, neither (alpha null as before).
    EXPECT_TRUE(per["C"]["alpha"].is_null());
    EXPECT_FALSE(per["C"].contains("omega"));
    EXPECT_FALSE(per["C"].contains("spearman_brown"));
    // The total covers C1, which is in no factor: its omega is null.
    EXPECT_TRUE(per["total"]["omega"].is_null());
    EXPECT_TRUE(per["total"]["alpha"].is_number());
  }
  // The one-item subscale is left out of the factor model, said once.
  const Json fm = factor_model_json(a, ins);
  EXPECT_EQ(fm["pre"]["items_left_out"], Json::array({"C1"}));
  EXPECT_EQ(fm["pre"]["factors"].size(), 2u);
  EXPECT_EQ(fm["pre"]["factors"][1], (Json{{"id", "B"}, {"items", {"B1", "B2"}}}));
  EXPECT_EQ(fm["pre"]["k"], 5);
  EXPECT_EQ(std::count_if(a.warnings.begin(), a.warnings.end(),
                          [](const assess::Message& m) { return m.id == "prepost.factor_model_items_left_out"; }),
            1);
}

TEST(PrePostReliability, BelowTheSampleRuleTheModelIsNotReportedButGivesTheTotalsOmega) {
  const auto ins = instrument({{"A", 3}, {"B", 3}, {"C", 2}});
  const Data s = generate(ins, 120, 2);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  const Json fm = factor_model_json(a, ins);
  for (const char* w : {"pre", "post"}) {
    EXPECT_EQ(fm[w]["fitted"], false);
    EXPECT_EQ(fm[w]["reason"], "sample_size");
    EXPECT_EQ(fm[w]["n"], 120);
    EXPECT_EQ(fm[w]["k"], 8);
    EXPECT_EQ(fm[w]["required_n"], 200);  // max(200, 10 * 8)
    EXPECT_FALSE(fm[w].contains("chisq"));
    EXPECT_FALSE(fm[w].contains("std_loadings"));
  }
  // The total's omega from the correlated-factors model of the same rows.
  auto fit = assess::reliability::cfa(keyed(ins, s, Wave::pre, range(0, 8)), {{0, 1, 2}, {3, 4, 5}, {6, 7}});
  ASSERT_TRUE(fit.ok());
  ASSERT_TRUE(fit.value().converged);
  const double omega = reliability_json(a)["pre"]["total"]["omega"].get<double>();
  EXPECT_NEAR(omega, omega_of_fit(fit.value()), 1e-13);
  // Not a one-factor model of all items.
  auto one = assess::reliability::omega(keyed(ins, s, Wave::pre, range(0, 8)));
  ASSERT_TRUE(one.ok());
  EXPECT_GT(std::fabs(omega - one.value().omega_total), 1e-6);
}

TEST(PrePostReliability, FromTheSampleRuleTheFitIsReported) {
  const auto ins = instrument({{"A", 3}, {"B", 2}, {"C", 3}});
  const Data s = generate(ins, 210, 3);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Json fm = factor_model_json(r.value(), ins);
  for (Wave w : {Wave::pre, Wave::post}) {
    const Json& m = fm[w == Wave::pre ? "pre" : "post"];
    EXPECT_EQ(m["fitted"], true);
    EXPECT_TRUE(m["reason"].is_null());
    EXPECT_EQ(m["n"], 210);
    EXPECT_EQ(m["required_n"], 200);
    auto fit = assess::reliability::cfa(keyed(ins, s, w, range(0, 8)), {{0, 1, 2}, {3, 4}, {5, 6, 7}});
    ASSERT_TRUE(fit.ok());
    const auto& f = fit.value();
    EXPECT_EQ(m["converged"], f.converged);
    EXPECT_EQ(m["iterations"], f.iterations);
    for (const auto& [key, v] : {std::pair<const char*, double>{"chisq", f.chisq},
                                 {"df", f.df},
                                 {"p", f.p},
                                 {"cfi", f.cfi},
                                 {"tli", f.tli},
                                 {"rmsea", f.rmsea},
                                 {"rmsea_ci_low", f.rmsea_ci_low},
                                 {"rmsea_ci_high", f.rmsea_ci_high},
                                 {"srmr", f.srmr}}) {
      ASSERT_TRUE(m[key].is_number()) << key;
      EXPECT_EQ(m[key].get<double>(), v) << key;
    }
    ASSERT_EQ(m["std_loadings"].size(), 8u);
    for (std::size_t j = 0; j < 8; ++j) EXPECT_EQ(m["std_loadings"][j].get<double>(), f.std_loadings[j]);
    ASSERT_EQ(m["factor_correlations"].size(), 3u);
    EXPECT_EQ(m["factor_correlations"][0][0], 1.0);
    EXPECT_EQ(m["factor_correlations"][1][2].get<double>(), f.factor_correlations[1 * 3 + 2]);
  }
}

TEST(PrePostReliability, TheRuleGrowsWithTheItems) {
  // 3 x 8 = 24 items: max(200, 240) = 240; 230 complete rows are not enough.
  const auto ins = instrument({{"A", 8}, {"B", 8}, {"C", 8}});
  const Data s = generate(ins, 230, 4);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Json fm = factor_model_json(r.value(), ins);
  EXPECT_EQ(fm["pre"]["required_n"], 240);
  EXPECT_EQ(fm["pre"]["fitted"], false);
  EXPECT_EQ(fm["pre"]["reason"], "sample_size");
}

TEST(PrePostReliability, AConstantItemLeavesOmegaNullWithAWarning) {
  const auto ins = instrument({{"A", 3}, {"B", 2}});
  const Data s = generate(ins, 40, 5, 1);  // A2 answered 5 by everyone
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  const Json rel = reliability_json(a);
  EXPECT_TRUE(rel["pre"]["A"]["omega"].is_null());
  EXPECT_TRUE(rel["pre"]["A"]["alpha"].is_number());  // alpha is defined with a constant item
  EXPECT_TRUE(rel["pre"]["total"]["omega"].is_null());
  const assess::Message* m = find(a.warnings, "prepost.omega_constant_item");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(assess::english(*m),
            "reliability, pre, A: item A2 has the same answer in every complete response, so "
            "omega's factor model cannot be fitted; omega is reported as null");
  EXPECT_TRUE(has(a.warnings, "prepost.factor_model_constant_item"));
  // Below the rule the block says so, whatever the kernel made of the rows.
  EXPECT_EQ(factor_model_json(a, ins)["pre"]["reason"], "sample_size");
}

TEST(PrePostReliability, TooFewRespondentsForOmegaAndNoStructure) {
  // Three respondents, a 3-item subscale: alpha yes, omega no (n <= k).
  const auto ins = instrument({{"A", 3}, {"B", 2}});
  const Data s = generate(ins, 3, 6);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(reliability_json(r.value())["pre"]["A"]["omega"].is_null());
  EXPECT_TRUE(has(r.value().warnings, "prepost.omega_too_few_respondents"));
  EXPECT_TRUE(has(r.value().warnings, "prepost.factor_model_too_few_respondents"));

  // Two one-item subscales: no factor model at all.
  const auto two = instrument({{"A", 1}, {"B", 1}});
  const Data t = generate(two, 30, 7);
  auto q = analyze_prepost(two, t.data(), t.pairs);
  ASSERT_TRUE(q.ok()) << q.error().message;
  const Json fm = factor_model_json(q.value(), two);
  EXPECT_EQ(fm["pre"]["reason"], "structure");
  EXPECT_TRUE(fm["pre"]["n"].is_null());
  EXPECT_TRUE(fm["pre"]["required_n"].is_null());
  EXPECT_EQ(fm["pre"]["factors"], Json::array());
  EXPECT_EQ(fm["pre"]["items_left_out"], Json::array({"A1", "B1"}));
  // The total of two items: Spearman-Brown, no omega.
  const Json tot = reliability_json(q.value())["pre"]["total"];
  EXPECT_TRUE(tot["spearman_brown"].is_number());
  EXPECT_FALSE(tot.contains("omega"));
}

TEST(PrePostReliability, WithoutSubscalesTheTotalIsOneFactor) {
  const auto ins = instrument({{"T", 4}}, false);
  const Data s = generate(ins, 50, 8);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Json fm = factor_model_json(r.value(), ins);
  EXPECT_EQ(fm["pre"]["factors"], (Json::array({Json{{"id", "total"}, {"items", {"T1", "T2", "T3", "T4"}}}})));
  auto om = assess::reliability::omega(keyed(ins, s, Wave::pre, range(0, 4)));
  ASSERT_TRUE(om.ok());
  EXPECT_NEAR(reliability_json(r.value())["pre"]["total"]["omega"].get<double>(), om.value().omega_total, 1e-9);
}

TEST(PrePostReliability, ANegativeResidualVarianceIsReportedWithAWarning) {
  // A1 = 5 + 2a + b + c, A2 = 5 + 2a + b, A3 = 5 + 2a + c over every (a, b,
  // c) in {-1, 0, 1}^3: cov(A1, A2) cov(A1, A3) / cov(A2, A3) = 25/4 of the
  // unit variance exceeds var(A1) = 6, so the one-factor model gives A1 a
  // negative residual variance (a Heywood case). B is noise.
  const auto ins = instrument({{"A", 3}, {"B", 2}});
  Data s;
  s.k = ins.items.size();
  std::size_t i = 0;
  for (int a = -1; a <= 1; ++a) {
    for (int b = -1; b <= 1; ++b) {
      for (int c = -1; c <= 1; ++c, ++i) {
        for (Wave w : {Wave::pre, Wave::post}) {
          const double b1 = 3 + static_cast<double>((i * 7) % 5), b2 = 3 + static_cast<double>((i * 3 + 1) % 4);
          for (double x : {5.0 + 2 * a + b + c, 5.0 + 2 * a + b, 5.0 + 2 * a + c, b1, b2}) s.answers.push_back(x);
          s.wave.push_back(w);
          s.programme.push_back(PrePostData::kNoProgramme);
        }
        s.pairs.push_back(Pair{2 * i, 2 * i + 1});
      }
    }
  }
  auto om = assess::reliability::omega(keyed(ins, s, Wave::pre, range(0, 3)));
  ASSERT_TRUE(om.ok());
  ASSERT_LT(om.value().model.residual_variances[0], 0.0);
  auto r = analyze_prepost(ins, s.data(), s.pairs);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& a = r.value();
  // Reported as estimated, with the warning naming the item.
  EXPECT_EQ(reliability_json(a)["pre"]["A"]["omega"].get<double>(), om.value().omega_total);
  const assess::Message* m = find(a.warnings, "prepost.omega_negative_variance");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(assess::english(*m),
            "reliability, pre, A: in omega's one-factor model item A1 has a negative residual "
            "variance (a Heywood case); omega is reported as estimated, but the model does not "
            "suit these data");
}
