// Properties of shapiro_wilk, wilcoxon_signed_rank, cronbach_alpha and
// kendall_w that the R fixtures cannot express: invariances, identities of
// the exact null distribution, coefficient normalisation, warnings, and
// error messages naming the field.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/agreement/kendall_w.hpp"
#include "assess/api/api.hpp"
#include "assess/core/numeric.hpp"
#include "assess/htest/shapiro_wilk.hpp"
#include "assess/htest/wilcoxon.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

using assess::Json;
namespace ht = assess::htest;

namespace {

Json ask(const std::string& text) { return Json::parse(assess::api::call(text)); }

std::vector<double> normal_sample(std::size_t n, unsigned seed, double mean = 0.0, double sd = 1.0) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> x(n);
  for (double& v : x) v = d(gen);
  return x;
}

bool has_warning(const std::vector<std::string>& w, const std::string& fragment) {
  return std::any_of(w.begin(), w.end(), [&](const std::string& s) { return s.find(fragment) != std::string::npos; });
}

// ---------------------------------------------------------------- Shapiro-Wilk

TEST(ShapiroWilk, CoefficientsHaveUnitLengthAndDecrease) {
  for (std::size_t n : {3u, 4u, 5u, 6u, 7u, 11u, 12u, 20u, 101u, 1000u, 5000u}) {
    std::vector<double> a(n / 2);
    ht::shapiro_wilk_coefficients(n, a.data());
    double ss = 0.0;
    for (double v : a) ss += 2.0 * v * v;
    EXPECT_NEAR(ss, 1.0, 1e-12) << "n = " << n;
    for (std::size_t i = 1; i < a.size(); ++i) EXPECT_GT(a[i - 1], a[i]) << "n = " << n << ", i = " << i;
    EXPECT_GT(a.back(), 0.0) << "n = " << n;
  }
  double a3 = 0.0;
  ht::shapiro_wilk_coefficients(3, &a3);
  EXPECT_DOUBLE_EQ(a3, std::sqrt(0.5));
}

TEST(ShapiroWilk, ShiftAndScaleInvariant) {
  for (std::size_t n : {3u, 8u, 12u, 50u, 400u}) {
    auto x = normal_sample(n, 7 + n);
    auto base = ht::shapiro_wilk(x);
    ASSERT_TRUE(base.ok());
    std::vector<double> shifted(x), scaled_up(x), scaled_down(x);
    for (double& v : shifted) v += 1e9;
    for (double& v : scaled_up) v *= 0x1p+900;   // powers of two: exact, and sums of squares would overflow
    for (double& v : scaled_down) v *= 0x1p-900;
    auto s = ht::shapiro_wilk(shifted);
    ASSERT_TRUE(s.ok());
    // adding 1e9 rounds each value to ~1.2e-7, so W moves by about that much relative to the spread
    EXPECT_NEAR(s->W, base->W, 1e-6) << "n = " << n;
    auto up = ht::shapiro_wilk(scaled_up);
    auto down = ht::shapiro_wilk(scaled_down);
    ASSERT_TRUE(up.ok());
    ASSERT_TRUE(down.ok());
    EXPECT_DOUBLE_EQ(up->W, base->W) << "n = " << n;
    EXPECT_DOUBLE_EQ(down->W, base->W) << "n = " << n;
    EXPECT_DOUBLE_EQ(up->p, base->p) << "n = " << n;
  }
}

TEST(ShapiroWilk, CentringRemovesTheOffsetDriftExactly) {
  // Data whose values and offset are exact in binary: x + 2^30 keeps every
  // value exact, so the centred data, and hence W and p, must be identical.
  auto x = normal_sample(200, 99);
  for (double& v : x) v = std::round(v * 1024.0) / 1024.0;
  std::vector<double> y(x);
  for (double& v : y) v += 0x1p+30;
  auto a = ht::shapiro_wilk(x), b = ht::shapiro_wilk(y);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NEAR(a->W, b->W, 1e-15);
  EXPECT_NEAR(a->p, b->p, 1e-14 * a->p);
}

TEST(ShapiroWilk, OrderAndMissingValuesDoNotMatter) {
  auto x = normal_sample(30, 3);
  auto base = ht::shapiro_wilk(x);
  std::vector<double> y(x.rbegin(), x.rend());
  y.insert(y.begin() + 5, assess::kMissing);
  y.push_back(assess::kMissing);
  auto r = ht::shapiro_wilk(y);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 30);
  EXPECT_DOUBLE_EQ(r->W, base->W);
  EXPECT_DOUBLE_EQ(r->p, base->p);
}

TEST(ShapiroWilk, PValueEdges) {
  // n = 3: exact, P(W <= 0.75) = 0 and P(W <= 1) = 1.
  EXPECT_NEAR(ht::shapiro_wilk_p(3, 0.75, 0.25), 0.0, 1e-15);
  EXPECT_NEAR(ht::shapiro_wilk_p(3, 1.0, 1e-17), 1.0, 1e-12);
  EXPECT_EQ(ht::shapiro_wilk_p(20, 1.0, 0.0), 1.0);
  // p decreases as W falls, for both transformations.
  for (std::size_t n : {4u, 11u, 12u, 5000u}) {
    double prev = 1.0;
    for (double w : {0.999, 0.99, 0.95, 0.9, 0.8, 0.7}) {
      double p = ht::shapiro_wilk_p(n, w, 1.0 - w);
      EXPECT_LE(p, prev) << "n = " << n << ", W = " << w;
      EXPECT_GE(p, 0.0);
      prev = p;
    }
  }
}

TEST(ShapiroWilk, ConstantDataGiveNullsAndAWarning) {
  auto r = ht::shapiro_wilk({5, 5, 5, assess::kMissing, 5});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 4);
  EXPECT_TRUE(std::isnan(r->W));
  EXPECT_TRUE(std::isnan(r->p));
  EXPECT_TRUE(has_warning(r->warnings, "constant"));
  Json j = ask(R"({"op":"shapiro_wilk","x":[1,1,1]})");
  ASSERT_TRUE(j["ok"].get<bool>()) << j.dump();
  EXPECT_TRUE(j["result"]["W"].is_null());
  EXPECT_TRUE(j["result"]["p"].is_null());
  EXPECT_FALSE(j["result"]["warnings"].empty());
}

TEST(ShapiroWilk, MessagesNameTheFieldAndTheLimits) {
  Json small = ask(R"({"op":"shapiro_wilk","x":[1,2]})");
  EXPECT_EQ(small["error"]["code"], "insufficient_data");
  EXPECT_NE(small["error"]["message"].get<std::string>().find("x has 2"), std::string::npos) << small.dump();
  EXPECT_NE(small["error"]["message"].get<std::string>().find("5000"), std::string::npos);
  Json big_req = {{"op", "shapiro_wilk"}, {"x", normal_sample(5001, 1)}};
  Json big = ask(big_req.dump());
  EXPECT_EQ(big["error"]["code"], "out_of_range");
  EXPECT_NE(big["error"]["message"].get<std::string>().find("5001"), std::string::npos);
  Json nan = ask(R"({"op":"shapiro_wilk","x":[1,2,"NaN"]})");
  EXPECT_EQ(nan["error"]["code"], "invalid_input");
}

// ---------------------------------------------------------------- Wilcoxon

TEST(SignedRank, NullDistributionMatchesEnumeration) {
  for (long n = 1; n <= 14; ++n) {
    const long total = n * (n + 1) / 2;
    std::vector<double> count(total + 1, 0.0);
    for (unsigned long mask = 0; mask < (1ul << n); ++mask) {
      long s = 0;
      for (long k = 0; k < n; ++k) {
        if (mask & (1ul << k)) s += k + 1;
      }
      count[s] += 1.0;
    }
    double cum = 0.0;
    for (long v = 0; v <= total; ++v) {
      cum += count[v];
      EXPECT_DOUBLE_EQ(ht::signed_rank_cdf(n, v), cum / std::ldexp(1.0, n)) << "n = " << n << ", v = " << v;
      // symmetry about n(n+1)/4 and the upper tail computed directly
      EXPECT_DOUBLE_EQ(ht::signed_rank_sf(n, total - v), ht::signed_rank_cdf(n, v));
    }
  }
  EXPECT_DOUBLE_EQ(ht::signed_rank_cdf(3, 3), 5.0 / 8.0);
  EXPECT_DOUBLE_EQ(ht::signed_rank_cdf(5, 2.5), ht::signed_rank_cdf(5, 2));  // V between integers
  EXPECT_EQ(ht::signed_rank_cdf(10, -1), 0.0);
  EXPECT_EQ(ht::signed_rank_cdf(10, 55), 1.0);
  EXPECT_EQ(ht::signed_rank_sf(10, 0), 1.0);
  EXPECT_TRUE(std::isnan(ht::signed_rank_cdf(50, 10)));  // beyond the exact range
  EXPECT_TRUE(std::isnan(ht::signed_rank_cdf(0, 0)));
  // the largest exact size still sums to one
  EXPECT_NEAR(ht::signed_rank_cdf(49, 49 * 50 / 2), 1.0, 1e-15);
  EXPECT_NEAR(ht::signed_rank_cdf(49, 612) + ht::signed_rank_sf(49, 613), 1.0, 1e-15);
}

TEST(Wilcoxon, SwappingPreAndPostMirrorsV) {
  auto pre = normal_sample(25, 11, 50, 10);
  auto post = normal_sample(25, 12, 52, 10);
  for (bool correct : {true, false}) {
    auto a = ht::wilcoxon_signed_rank(pre, post, correct);
    auto b = ht::wilcoxon_signed_rank(post, pre, correct);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->method, "exact");
    EXPECT_DOUBLE_EQ(a->V + b->V, 25.0 * 26.0 / 2.0);
    EXPECT_DOUBLE_EQ(a->p, b->p);
  }
  pre.resize(80, 1.0);
  post = normal_sample(80, 13, 1.2, 1.0);
  auto a = ht::wilcoxon_signed_rank(pre, post), b = ht::wilcoxon_signed_rank(post, pre);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->method, "normal");
  EXPECT_NEAR(a->p, b->p, 1e-15);
  EXPECT_NEAR(a->z, -b->z, 1e-15);
}

TEST(Wilcoxon, ZerosAreCountedTiesForceTheNormalMethod) {
  auto r = ht::wilcoxon_signed_rank({1, 2, 3, 4, 5, 6}, {1, 2.5, 3, 5, 5, 9});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 3);
  EXPECT_EQ(r->n_zero, 3);
  EXPECT_EQ(r->method, "normal");
  EXPECT_TRUE(has_warning(r->warnings, "zero differences"));
  auto t = ht::wilcoxon_signed_rank({0, 0, 0, 0}, {1, -1, 2, 3});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->method, "normal");
  EXPECT_TRUE(has_warning(t->warnings, "tied"));
  EXPECT_DOUBLE_EQ(t->V, 1.5 + 3 + 4);
}

TEST(Wilcoxon, ContinuityCorrectionMovesZTowardZeroByHalfOverSigma) {
  auto pre = normal_sample(70, 21);
  auto post = normal_sample(70, 22, 0.4);
  auto c = ht::wilcoxon_signed_rank(pre, post, true), u = ht::wilcoxon_signed_rank(pre, post, false);
  ASSERT_TRUE(c.ok() && u.ok());
  const double sigma = std::sqrt(70.0 * 71.0 * 141.0 / 24.0);
  EXPECT_NEAR(std::fabs(u->z) - std::fabs(c->z), 0.5 / sigma, 1e-12);
  EXPECT_GT(c->p, u->p);
}

TEST(Wilcoxon, ErrorsNameTheField) {
  Json len = ask(R"({"op":"wilcoxon_signed_rank","pre":[1,2,3],"post":[1,2]})");
  EXPECT_EQ(len["error"]["code"], "invalid_input");
  EXPECT_NE(len["error"]["message"].get<std::string>().find("post has 2"), std::string::npos) << len.dump();
  Json zero = ask(R"({"op":"wilcoxon_signed_rank","pre":[1,2,null],"post":[1,2,5]})");
  EXPECT_EQ(zero["error"]["code"], "insufficient_data");
  EXPECT_NE(zero["error"]["message"].get<std::string>().find("zero"), std::string::npos) << zero.dump();
}

// ---------------------------------------------------------------- Cronbach's alpha

std::vector<std::vector<double>> items_sample(std::size_t n, std::size_t k, unsigned seed) {
  auto f = normal_sample(n, seed);
  std::vector<std::vector<double>> x(n, std::vector<double>(k));
  for (std::size_t j = 0; j < k; ++j) {
    auto e = normal_sample(n, seed + 1 + j);
    for (std::size_t i = 0; i < n; ++i) x[i][j] = std::round(3 + f[i] + e[i]);
  }
  return x;
}

TEST(CronbachAlpha, InvariantToShiftsAndCommonScale) {
  auto x = items_sample(200, 6, 31);
  auto base = assess::reliability::cronbach_alpha(x);
  ASSERT_TRUE(base.ok());
  auto y = x;
  for (auto& row : y) {
    for (std::size_t j = 0; j < row.size(); ++j) row[j] = 1e8 + 10.0 * j + row[j] * 4.0;
  }
  auto r = assess::reliability::cronbach_alpha(y);
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->alpha, base->alpha, 1e-12);
  EXPECT_NEAR(r->std_alpha, base->std_alpha, 1e-12);
  EXPECT_NEAR(r->ci_low, base->ci_low, 1e-12);
  for (std::size_t j = 0; j < 6; ++j) {
    EXPECT_NEAR(r->alpha_if_deleted[j], base->alpha_if_deleted[j], 1e-12);
    EXPECT_NEAR(r->r_drop[j], base->r_drop[j], 1e-12);
  }
  // std_alpha does not depend on the scale of each item, raw alpha does
  auto z = x;
  for (auto& row : z) row[0] *= 7.0;
  auto s = assess::reliability::cronbach_alpha(z);
  EXPECT_NEAR(s->std_alpha, base->std_alpha, 1e-12);
  EXPECT_GT(std::fabs(s->alpha - base->alpha), 1e-3);
}

TEST(CronbachAlpha, FeldtIntervalContainsAlphaAndWidensWithConfidence) {
  auto x = items_sample(60, 4, 41);
  auto a90 = assess::reliability::cronbach_alpha(x, 0.90), a99 = assess::reliability::cronbach_alpha(x, 0.99);
  ASSERT_TRUE(a90.ok() && a99.ok());
  EXPECT_LT(a90->ci_low, a90->alpha);
  EXPECT_GT(a90->ci_high, a90->alpha);
  EXPECT_LT(a99->ci_low, a90->ci_low);
  EXPECT_GT(a99->ci_high, a90->ci_high);
}

TEST(CronbachAlpha, ListwiseDeletionIsCountedAndWarned) {
  auto x = items_sample(50, 3, 51);
  auto complete = assess::reliability::cronbach_alpha(x);
  auto y = x;
  y.push_back(std::vector<double>{1, assess::kMissing, 2});
  y.insert(y.begin(), std::vector<double>{assess::kMissing, 3, 3});
  auto r = assess::reliability::cronbach_alpha(y);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 50);
  EXPECT_EQ(r->n_excluded, 2);
  EXPECT_TRUE(has_warning(r->warnings, "2 row(s)"));
  EXPECT_DOUBLE_EQ(r->alpha, complete->alpha);
}

TEST(CronbachAlpha, ZeroVarianceCases) {
  // a constant item: raw alpha defined, std_alpha and its r_drop null, warned
  auto x = items_sample(40, 3, 61);
  for (auto& row : x) row.push_back(2.0);
  auto r = assess::reliability::cronbach_alpha(x);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isfinite(r->alpha));
  EXPECT_TRUE(std::isnan(r->std_alpha));
  EXPECT_TRUE(std::isnan(r->r_drop[3]));
  EXPECT_TRUE(std::isfinite(r->r_drop[0]));
  EXPECT_TRUE(has_warning(r->warnings, "zero variance"));
  // a constant total (item 2 = 6 - item 1): alpha undefined
  std::vector<std::vector<double>> c = {{1, 5}, {2, 4}, {4, 2}, {5, 1}};
  auto t = assess::reliability::cronbach_alpha(c);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(std::isnan(t->alpha));
  EXPECT_TRUE(std::isnan(t->ci_low));
  EXPECT_TRUE(has_warning(t->warnings, "total score"));
  Json j = ask(R"({"op":"cronbach_alpha","items":[[1,5],[2,4],[4,2],[5,1]]})");
  ASSERT_TRUE(j["ok"].get<bool>()) << j.dump();
  EXPECT_TRUE(j["result"]["alpha"].is_null());
  EXPECT_TRUE(j["result"]["alpha_if_deleted"][0].is_null());
}

TEST(CronbachAlpha, LeaveOneOutEqualsAlphaOfTheSubmatrix) {
  auto x = items_sample(120, 7, 71);
  for (auto& row : x) row[2] = 6 - row[2];  // one negatively keyed item
  auto r = assess::reliability::cronbach_alpha(x);
  ASSERT_TRUE(r.ok());
  for (std::size_t j = 0; j < 7; ++j) {
    std::vector<std::vector<double>> y;
    for (const auto& row : x) {
      std::vector<double> sub;
      for (std::size_t i = 0; i < 7; ++i) {
        if (i != j) sub.push_back(row[i]);
      }
      y.push_back(sub);
    }
    auto d = assess::reliability::cronbach_alpha(y);
    ASSERT_TRUE(d.ok());
    EXPECT_NEAR(r->alpha_if_deleted[j], d->alpha, 1e-13) << "item " << j;
  }
}

TEST(CronbachAlpha, ConstantRemainderGivesNullNotRoundingNoise) {
  // items 1 and 2 sum to a constant with values that are not exact in
  // binary: leaving item 0 out leaves a total with zero variance.
  std::vector<std::vector<double>> x = {{1, 0.1, 0.6}, {2, 0.3, 0.4}, {2, 0.7, 0.0}, {4, 0.2, 0.5}, {5, 0.6, 0.1}};
  auto r = assess::reliability::cronbach_alpha(x);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isnan(r->alpha_if_deleted[0]));
  EXPECT_TRUE(std::isnan(r->r_drop[0]));
  EXPECT_TRUE(std::isfinite(r->alpha_if_deleted[1]));
  EXPECT_TRUE(has_warning(r->warnings, "alpha_if_deleted"));
}

TEST(CronbachAlpha, ErrorsNameTheField) {
  Json one = ask(R"({"op":"cronbach_alpha","items":[[1],[2],[3]]})");
  EXPECT_EQ(one["error"]["code"], "insufficient_data");
  EXPECT_NE(one["error"]["message"].get<std::string>().find("items has 1 column"), std::string::npos) << one.dump();
  Json ragged = ask(R"({"op":"cronbach_alpha","items":[[1,2],[2]]})");
  EXPECT_EQ(ragged["error"]["code"], "invalid_input");
  EXPECT_EQ(ragged["error"]["path"], "/items/1");
  Json wide = ask(Json{{"op", "cronbach_alpha"}, {"items", std::vector<std::vector<double>>(3, std::vector<double>(2001, 1.0))}}.dump());
  EXPECT_EQ(wide["error"]["code"], "out_of_range");
  Json conf = ask(R"({"op":"cronbach_alpha","items":[[1,2],[2,3]],"conf_level":1})");
  EXPECT_EQ(conf["error"]["code"], "invalid_input");
  EXPECT_NE(conf["error"]["message"].get<std::string>().find("conf_level"), std::string::npos);
}

// ---------------------------------------------------------------- Kendall's W

TEST(KendallW, InvariantToMonotoneRescalingAndRaterOrder) {
  std::vector<std::vector<double>> r = {{3, 1, 4, 1, 5, 9, 2}, {2, 7, 1, 8, 2, 8, 1}, {1, 2, 3, 4, 5, 6, 7},
                                        {4, 4, 2, 3, 5, 7, 1}};
  auto base = assess::agreement::kendall_w(r);
  ASSERT_TRUE(base.ok());
  auto t = r;
  for (auto& v : t[1]) v = std::exp(v);     // any strictly increasing map per rater
  for (auto& v : t[2]) v = 100 + 3 * v;
  std::reverse(t.begin(), t.end());
  auto b = assess::agreement::kendall_w(t);
  ASSERT_TRUE(b.ok());
  EXPECT_DOUBLE_EQ(b->W, base->W);
  EXPECT_DOUBLE_EQ(b->p, base->p);
  EXPECT_GE(base->W, 0.0);
  EXPECT_LE(base->W, 1.0);
}

TEST(KendallW, ChiSquareIsMTimesNMinusOneTimesW) {
  std::vector<std::vector<double>> r = {{1, 2, 3, 4, 5}, {2, 1, 3, 5, 4}, {1, 3, 2, 4, 5}};
  auto k = assess::agreement::kendall_w(r);
  ASSERT_TRUE(k.ok());
  EXPECT_DOUBLE_EQ(k->chi2, 3 * 4 * k->W);
  EXPECT_EQ(k->df, 4);
  // untied: the tie correction changes nothing
  auto u = assess::agreement::kendall_w(r, false);
  EXPECT_DOUBLE_EQ(u->W, k->W);
  // hand computation: rank sums 4, 6, 8, 13, 14; mean 9; S = 25+9+1+16+25 = 76;
  // W = 12 * 76 / (9 * 120) = 0.8444...
  EXPECT_DOUBLE_EQ(k->W, 12.0 * 76.0 / (9.0 * 120.0));
}

TEST(KendallW, AllTiedRatersGiveNullWithAWarning) {
  auto r = assess::agreement::kendall_w({{3, 3, 3}, {1, 1, 1}, {2, 2, 2}});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isnan(r->W));
  EXPECT_TRUE(std::isnan(r->p));
  EXPECT_TRUE(has_warning(r->warnings, "same rating"));
  auto u = assess::agreement::kendall_w({{3, 3, 3}, {1, 1, 1}}, false);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->W, 0.0);
  EXPECT_EQ(u->p, 1.0);
}

TEST(KendallW, MissingRatingsDropTheObjectWithAWarning) {
  Json j = ask(R"({"op":"kendall_w","ratings":[[1,2,null,4],[2,1,3,4],[1,3,2,4]]})");
  ASSERT_TRUE(j["ok"].get<bool>()) << j.dump();
  EXPECT_EQ(j["result"]["n"], 3);
  EXPECT_EQ(j["result"]["n_excluded"], 1);
  Json same = ask(R"({"op":"kendall_w","ratings":[[1,2,4],[2,1,4],[1,3,4]]})");
  EXPECT_DOUBLE_EQ(j["result"]["W"].get<double>(), same["result"]["W"].get<double>());
  EXPECT_FALSE(j["result"]["warnings"].empty());
}

TEST(KendallW, ErrorsNameTheField) {
  Json one = ask(R"({"op":"kendall_w","ratings":[[1,2,3]]})");
  EXPECT_EQ(one["error"]["code"], "insufficient_data");
  EXPECT_NE(one["error"]["message"].get<std::string>().find("1 row(s)"), std::string::npos) << one.dump();
  Json flat = ask(R"({"op":"kendall_w","ratings":[1,2,3]})");
  EXPECT_EQ(flat["error"]["code"], "invalid_input");
  Json flag = ask(R"({"op":"kendall_w","ratings":[[1,2],[2,1]],"correct_ties":1})");
  EXPECT_EQ(flag["error"]["code"], "invalid_input");
  EXPECT_NE(flag["error"]["message"].get<std::string>().find("correct_ties"), std::string::npos);
}

}  // namespace
