// paired_t, independent_t, pearson, chi_square, one_way_anova, p_adjust:
// what the R fixtures (fixtures/reference/<op>.json) cannot express:
// messages and pointers of errors, warnings of undefined statistics,
// identities between the ops, shift invariance at large offsets, and the
// library wrappers called directly.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/htest/anova.hpp"
#include "assess/htest/chi_square.hpp"
#include "assess/htest/correlation.hpp"
#include "assess/htest/p_adjust.hpp"
#include "assess/htest/t_test.hpp"

using assess::Json;
namespace ht = assess::htest;

namespace {

const double kPi = std::acos(-1.0);
const double kNaN = std::nan("");

Json ask(const Json& request) { return Json::parse(assess::api::call(request.dump())); }

// An error envelope with the code, a message containing every fragment, and
// the JSON pointer of the field.
void expect_error(const Json& r, const char* code, std::vector<std::string> fragments, const char* path = nullptr) {
  ASSERT_EQ(r.at("ok"), false) << r.dump();
  EXPECT_EQ(r["error"]["code"], code) << r.dump();
  std::string msg = r["error"]["message"].get<std::string>();
  for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "'" << f << "' not in: " << msg;
  if (path) {
    EXPECT_EQ(r["error"].value("path", ""), path) << r.dump();
  }
}

// A result whose warnings mention `fragment`.
void expect_warning(const Json& r, const std::string& fragment) {
  ASSERT_EQ(r.at("ok"), true) << r.dump();
  bool found = false;
  for (const auto& w : r["result"]["warnings"]) found |= w.get<std::string>().find(fragment) != std::string::npos;
  EXPECT_TRUE(found) << "no warning with '" << fragment << "' in " << r["result"]["warnings"].dump();
}

double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-300); }

// Values on a 1/1024 grid: adding 2^30 to them is exact, so every statistic
// must come out the same (to rounding of the statistics themselves).
std::vector<double> grid(std::vector<double> v, double offset = 0.0) {
  for (double& a : v) a = std::round(a * 1024.0) / 1024.0 + offset;
  return v;
}
const double kOffset = 1073741824.0;  // 2^30, about 1e9

// --- errors name the field and the count ------------------------------------

TEST(PairedT, LengthMismatchNamesBothFields) {
  expect_error(ask({{"op", "paired_t"}, {"pre", {1, 2, 3}}, {"post", {1, 2}}}), "invalid_input",
               {"pre has 3 values", "post has 2"}, "/post");
}

TEST(PairedT, TooFewPairsCountsTheCompletePairs) {
  expect_error(ask({{"op", "paired_t"}, {"pre", {1, nullptr, 3}}, {"post", {2, 5, nullptr}}}), "insufficient_data",
               {"1 complete pair", "at least 2"}, "/pre");
  expect_error(ask({{"op", "paired_t"}, {"pre", Json::array()}, {"post", Json::array()}}), "insufficient_data",
               {"0 complete pairs"});
}

TEST(PairedT, ConfLevelOutsideTheOpenUnitInterval) {
  for (double cl : {0.0, 1.0, -0.5, 95.0}) {
    expect_error(ask({{"op", "paired_t"}, {"pre", {1, 2, 3}}, {"post", {2, 4, 7}}, {"conf_level", cl}}),
                 "invalid_input", {"conf_level"}, "/conf_level");
  }
  // the library wrapper checks it too
  auto r = ht::paired_t({1, 2, 3}, {2, 4, 7}, 1.0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, assess::ErrorCode::invalid_input);
  EXPECT_EQ(r.error().path, "/conf_level");
}

TEST(IndependentT, TooFewValuesNameTheSample) {
  expect_error(ask({{"op", "independent_t"}, {"x", {1, 2, 3}}, {"y", {4}}}), "insufficient_data",
               {"y has 1 non-missing value", "Welch"}, "/y");
  expect_error(ask({{"op", "independent_t"}, {"x", {nullptr}}, {"y", {4, 5}}, {"equal_var", true}}),
               "insufficient_data", {"x has no non-missing values"}, "/x");
  expect_error(ask({{"op", "independent_t"}, {"x", {1}}, {"y", {4}}, {"equal_var", true}}), "insufficient_data",
               {"2 non-missing values in all", "at least 3"});
}

TEST(IndependentT, WrongTypesAreInvalidInput) {
  expect_error(ask({{"op", "independent_t"}, {"x", {1, 2}}, {"y", {3, 4}}, {"equal_var", "yes"}}), "invalid_input",
               {"equal_var"}, "/equal_var");
  expect_error(ask({{"op", "independent_t"}, {"x", {1, "2"}}, {"y", {3, 4}}}), "invalid_input", {"x[1]"}, "/x/1");
}

TEST(Pearson, ErrorsNameFieldsAndCounts) {
  expect_error(ask({{"op", "pearson"}, {"x", {1, 2, 3, 4}}, {"y", {1, 2, 3}}}), "invalid_input",
               {"x has 4 values", "y has 3"}, "/y");
  expect_error(ask({{"op", "pearson"}, {"x", {1, 2, nullptr}}, {"y", {1, 2, 3}}}), "insufficient_data",
               {"2 complete pairs", "at least 3"});
}

TEST(ChiSquare, ErrorsPointAtTheCell) {
  expect_error(ask({{"op", "chi_square"}, {"table", {{3, -1}, {2, 5}}}}), "invalid_input", {"table[0][1]", "-1"},
               "/table/0/1");
  expect_error(ask({{"op", "chi_square"}, {"table", {{3, 1}, {nullptr, 5}}}}), "invalid_input", {"table[1][0]"},
               "/table/1/0");
  expect_error(ask({{"op", "chi_square"}, {"table", {{3, 1, 2}, {2, 5}}}}), "invalid_input", {"ragged"});
  expect_error(ask({{"op", "chi_square"}, {"table", {{0, 0}, {0, 0}}}}), "insufficient_data", {"total count of 0"});
  expect_error(ask({{"op", "chi_square"}, {"table", {{7}}}}), "insufficient_data", {"1 cell"});
  expect_error(ask({{"op", "chi_square"}, {"table", {1, 2, 3}}}), "invalid_input", {"table[0]"});
  // the library wrapper rejects what the API layer would have caught
  auto r = ht::chi_square({{1, 2}, {3}}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, assess::ErrorCode::invalid_input);
  r = ht::chi_square({{1, kNaN}, {3, 4}}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/table/0/1");
}

TEST(OneWayAnova, ErrorsNameTheGroup) {
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {{1, 2, 3}}}}), "insufficient_data", {"1 group"}, "/groups");
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {{1, 2}, {nullptr, nullptr}}}}), "insufficient_data",
               {"groups[1] has no non-missing values"}, "/groups/1");
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {{1}, {2}, {4}}}}), "insufficient_data",
               {"3 groups have 3 values", "at least 4"});
  expect_error(ask({{"op", "one_way_anova"}, {"groups", {1, 2, 3}}}), "invalid_input", {"groups[0]"});
}

TEST(PAdjust, ErrorsNameTheValueAndTheMethods) {
  expect_error(ask({{"op", "p_adjust"}, {"p", {0.2, 1.5}}, {"method", "holm"}}), "invalid_input", {"p[1]", "1.5"},
               "/p/1");
  expect_error(ask({{"op", "p_adjust"}, {"p", {0.2}}, {"method", "fdr"}}), "invalid_input",
               {"fdr", "holm, bonferroni, hochberg, BH"}, "/method");
  expect_error(ask({{"op", "p_adjust"}, {"p", {0.2}}}), "invalid_input", {"method"});
  EXPECT_FALSE(ht::p_adjust_method("bh").ok());  // R's names are case-sensitive
  EXPECT_TRUE(ht::p_adjust_method("BH").ok());
}

// --- undefined statistics: null plus a warning, never NaN text -------------

TEST(PairedT, ConstantDifferencesGiveNullsAndAWarning) {
  Json r = ask({{"op", "paired_t"}, {"pre", {1, 2, 3, 4}}, {"post", {3, 4, 5, 6}}});
  expect_warning(r, "all equal");
  for (const char* k : {"t", "p", "ci_low", "ci_high", "dz", "dz_ci_low", "dz_ci_high"}) {
    EXPECT_TRUE(r["result"][k].is_null()) << k;
  }
  EXPECT_EQ(r["result"]["sd_diff"], 0.0);
  EXPECT_EQ(r.dump().find("NaN"), std::string::npos);
}

TEST(IndependentT, ConstantSamplesAndDfOneWarn) {
  Json r = ask({{"op", "independent_t"}, {"x", {2, 2, 2}}, {"y", {5, 5}}});
  expect_warning(r, "constant");
  EXPECT_TRUE(r["result"]["d"].is_null());
  EXPECT_EQ(r["result"]["mean_diff"], -3.0);
  r = ask({{"op", "independent_t"}, {"x", {3}}, {"y", {1, 2}}, {"equal_var", true}});
  expect_warning(r, "Hedges' g");
  EXPECT_TRUE(r["result"]["g"].is_null());
  EXPECT_TRUE(r["result"]["d"].is_number());
}

TEST(Pearson, ConstantPerfectAndSmallSamplesWarn) {
  Json r = ask({{"op", "pearson"}, {"x", {3, 3, 3, 3}}, {"y", {1, 2, 3, 5}}});
  expect_warning(r, "x is constant");
  EXPECT_TRUE(r["result"]["r"].is_null());
  r = ask({{"op", "pearson"}, {"x", {1, 2, 3, 4}}, {"y", {-2, -4, -6, -8}}});
  expect_warning(r, "perfect");
  EXPECT_EQ(r["result"]["r"], -1.0);
  EXPECT_TRUE(r["result"]["t"].is_null());
  EXPECT_EQ(r["result"]["p"], 0.0);
  EXPECT_EQ(r["result"]["ci_low"], -1.0);
  r = ask({{"op", "pearson"}, {"x", {1, 2, 3}}, {"y", {2, 1, 4}}});
  expect_warning(r, "at least 4 pairs");
}

TEST(ChiSquare, WarningsForSmallExpectedCountsEmptyRowsAndOneRow) {
  Json r = ask({{"op", "chi_square"}, {"table", {{3, 1}, {2, 5}}}});
  expect_warning(r, "below 5");
  r = ask({{"op", "chi_square"}, {"table", {{30, 10}, {0, 0}}}});
  expect_warning(r, "row 1 of table has no counts");
  EXPECT_TRUE(r["result"]["chi2"].is_null());
  r = ask({{"op", "chi_square"}, {"table", {{20, 30, 50}}}});
  expect_warning(r, "goodness of fit");
  EXPECT_EQ(r["result"]["method"], "goodness_of_fit");
  EXPECT_TRUE(r["result"]["cramers_v"].is_null());
}

TEST(OneWayAnova, NoWithinVariationWarns) {
  Json r = ask({{"op", "one_way_anova"}, {"groups", {{2, 2}, {5, 5, 5}}}});
  expect_warning(r, "no variation within");
  EXPECT_TRUE(r["result"]["F"].is_null());
  EXPECT_EQ(r["result"]["eta_sq"], 1.0);
}

// --- results beyond the contract's fields ------------------------------------

TEST(ChiSquare, YatesOnlyFor2x2AndExpectedCounts) {
  auto r = ht::chi_square({{12, 9, 3}, {5, 7, 14}}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->yates);
  EXPECT_EQ(r->method, "independence");
  // E = row sum * column sum / N
  EXPECT_DOUBLE_EQ(r->expected[1][2], 26.0 * 17.0 / 50.0);
  auto c = ht::chi_square({{12, 9}, {5, 7}}, true);
  auto u = ht::chi_square({{12, 9}, {5, 7}}, false);
  ASSERT_TRUE(c.ok() && u.ok());
  EXPECT_TRUE(c->yates);
  EXPECT_FALSE(u->yates);
  EXPECT_LT(c->chi2, u->chi2);
  EXPECT_EQ(c->cramers_v, u->cramers_v);  // from the uncorrected statistic either way
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

// --- identities between ops ------------------------------------------------

TEST(Identities, AnovaOfTwoGroupsIsStudentsTSquared) {
  std::vector<double> x{4.2, 5.1, 4.8, 6.3, 5.5, 4.9}, y{6.0, 6.3, 5.5, 6.8, 7.1};
  auto a = ht::one_way_anova({x, y});
  auto t = ht::independent_t(x, y, true);
  ASSERT_TRUE(a.ok() && t.ok());
  EXPECT_LT(rel(a->F, t->t * t->t), 1e-13);
  EXPECT_LT(rel(a->p, t->p), 1e-10);
}

TEST(Identities, SwappingSamplesMirrorsEverything) {
  std::vector<double> x{4.2, 5.1, 4.8, 6.3, 5.5, 4.9}, y{6.0, 6.3, 5.5, 6.8, 7.1};
  for (bool eq : {false, true}) {
    auto a = ht::independent_t(x, y, eq), b = ht::independent_t(y, x, eq);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_DOUBLE_EQ(a->t, -b->t);
    EXPECT_DOUBLE_EQ(a->p, b->p);
    EXPECT_NEAR(a->d_ci_low, -b->d_ci_high, 1e-12);
    EXPECT_NEAR(a->ci_high, -b->ci_low, 1e-12);
    EXPECT_DOUBLE_EQ(a->g, -b->g);
  }
  auto p = ht::paired_t(x, {5, 5, 5, 7, 6, 6}), q = ht::paired_t({5, 5, 5, 7, 6, 6}, x);
  ASSERT_TRUE(p.ok() && q.ok());
  EXPECT_NEAR(p->dz_ci_low, -q->dz_ci_high, 1e-12);
}

TEST(Identities, StudentAndWelchShareDAndItsInterval) {
  std::vector<double> x{4.2, 5.1, 4.8, 6.3, 5.5, 4.9, 5.0}, y{6.0, 6.3, 5.5, 6.8, 7.1};
  auto w = ht::independent_t(x, y, false), s = ht::independent_t(x, y, true);
  ASSERT_TRUE(w.ok() && s.ok());
  EXPECT_EQ(w->d, s->d);
  EXPECT_EQ(w->d_ci_low, s->d_ci_low);
  EXPECT_EQ(w->g, s->g);
  EXPECT_NE(w->df, s->df);
}

TEST(Identities, PairedCiCoversTheMeanAndNarrowsWithConfidence) {
  std::vector<double> pre{1, 3, 2, 5, 4, 6, 3}, post{2, 4, 4, 5, 7, 8, 3.5};
  auto a = ht::paired_t(pre, post, 0.90), b = ht::paired_t(pre, post, 0.99);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(b->ci_low, a->ci_low);
  EXPECT_GT(b->ci_high, a->ci_high);
  EXPECT_LT(b->dz_ci_low, a->dz_ci_low);
  EXPECT_LT(a->dz_ci_low, a->dz);
  EXPECT_GT(a->dz_ci_high, a->dz);
}

TEST(HedgesJ, ClosedFormsAndLargeDf) {
  // a few ulp of log-gamma are allowed: far below what any statistic needs
  EXPECT_LT(rel(ht::hedges_j(2), 1.0 / std::sqrt(kPi)), 1e-14);                   // Gamma(1) / Gamma(1/2)
  EXPECT_LT(rel(ht::hedges_j(3), std::sqrt(kPi) / 2.0 / std::sqrt(1.5)), 1e-14);  // Gamma(3/2) / sqrt(3/2)
  EXPECT_TRUE(std::isnan(ht::hedges_j(1)));
  EXPECT_TRUE(std::isnan(ht::hedges_j(0.5)));
  // Exact values for integer df by the recurrence Gamma(z + 1) = z Gamma(z)
  // in long double: J(2m + 1) = Gamma(m + 1/2) / (Gamma(m) sqrt(m + 1/2)) and
  // J(2m) = Gamma(m) / (Gamma(m - 1/2) sqrt(m)). Covers both branches of
  // hedges_j (log-gamma below df = 21, Stirling's series above).
  long double odd = std::sqrt(static_cast<long double>(kPi)) / 2;  // Gamma(3/2) / Gamma(1)
  long double even = 1 / std::sqrt(static_cast<long double>(kPi));  // Gamma(1) / Gamma(1/2)
  double worst = 0;
  for (int m = 1; m <= 2000; ++m) {
    if (m > 1) {
      odd *= (m - 0.5L) / (m - 1);    // Gamma(m + 1/2) / Gamma(m)
      even *= (m - 1.0L) / (m - 1.5L);  // Gamma(m) / Gamma(m - 1/2)
    }
    const double j_odd = static_cast<double>(odd / std::sqrt(m + 0.5L));
    const double j_even = static_cast<double>(even / std::sqrt(static_cast<long double>(m)));
    worst = std::max({worst, rel(ht::hedges_j(2.0 * m + 1), j_odd), m > 1 ? rel(ht::hedges_j(2.0 * m), j_even) : 0.0});
  }
  EXPECT_LT(worst, 1e-14);
  // Hedges' approximation 1 - 3 / (4 df - 1) holds to O(df^-2)
  for (double df : {50.0, 1e3, 3e4, 1e6, 1e9}) {
    EXPECT_NEAR(ht::hedges_j(df), 1.0 - 3.0 / (4.0 * df - 1.0), 2.0 / (df * df) + 4e-16) << df;
    EXPECT_LT(ht::hedges_j(df), 1.0);
  }
}

TEST(PAdjust, OrderingOfMethodsAndNullsKeptInPlace) {
  std::vector<double> p{0.01, 0.04, kNaN, 0.03, 0.2, 0.001, 0.04};
  auto get = [&](ht::PAdjustMethod m) {
    auto r = ht::p_adjust(p, m);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->n, 6);
    EXPECT_TRUE(std::isnan(r->adjusted[2]));
    return r->adjusted;
  };
  auto bon = get(ht::PAdjustMethod::bonferroni), holm = get(ht::PAdjustMethod::holm),
       hoch = get(ht::PAdjustMethod::hochberg), bh = get(ht::PAdjustMethod::bh);
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i == 2) continue;
    EXPECT_GE(bon[i], holm[i]);
    EXPECT_GE(holm[i], hoch[i]);
    EXPECT_GE(hoch[i], bh[i]);
    EXPECT_GE(bh[i], p[i]);
  }
  EXPECT_EQ(holm[1], holm[6]);  // ties stay tied
  Json r = ask({{"op", "p_adjust"}, {"p", {0.5, nullptr}}, {"method", "BH"}});
  EXPECT_TRUE(r["result"]["adjusted"][1].is_null());
  EXPECT_EQ(r["result"]["n"], 1);
}

// --- large offsets: the same data shifted by 2^30 give the same answers ----

TEST(LargeOffset, EveryOpIsShiftInvariant) {
  const std::vector<double> a0 = grid({0.31, -1.2, 0.55, 1.7, -0.4, 0.92, 0.05, -0.77, 1.13, 0.38}),
                            b0 = grid({1.1, 0.4, 1.9, 2.3, 0.2, 1.6, 0.8, 0.9, 2.2, 1.35}),
                            c0 = grid({2.0, 1.4, 2.9, 1.3, 2.2, 2.6});
  const std::vector<double> a1 = grid(a0, kOffset), b1 = grid(b0, kOffset), c1 = grid(c0, kOffset);
  for (std::size_t i = 0; i < a0.size(); ++i) ASSERT_EQ(a1[i] - kOffset, a0[i]);

  auto p0 = ht::paired_t(a0, b0), p1 = ht::paired_t(a1, b1);
  ASSERT_TRUE(p0.ok() && p1.ok());
  EXPECT_LT(rel(p1->t, p0->t), 1e-13);
  EXPECT_LT(rel(p1->dz_ci_low, p0->dz_ci_low), 1e-12);

  for (bool eq : {false, true}) {
    auto t0 = ht::independent_t(a0, c0, eq), t1 = ht::independent_t(a1, c1, eq);
    ASSERT_TRUE(t0.ok() && t1.ok());
    EXPECT_LT(rel(t1->mean_diff, t0->mean_diff), 1e-13);
    EXPECT_LT(rel(t1->t, t0->t), 1e-12);
    EXPECT_LT(rel(t1->d, t0->d), 1e-12);
    EXPECT_LT(rel(t1->d_ci_high, t0->d_ci_high), 1e-11);
  }

  auto r0 = ht::pearson(a0, b0), r1 = ht::pearson(a1, b1);
  ASSERT_TRUE(r0.ok() && r1.ok());
  EXPECT_LT(rel(r1->r, r0->r), 1e-12);

  auto f0 = ht::one_way_anova({a0, b0, c0}), f1 = ht::one_way_anova({a1, b1, c1});
  ASSERT_TRUE(f0.ok() && f1.ok());
  EXPECT_LT(rel(f1->F, f0->F), 1e-12);
  EXPECT_LT(rel(f1->eta_sq, f0->eta_sq), 1e-12);
}

// --- robustness: extreme but valid input never crashes or prints NaN --------

TEST(Robustness, ExtremeEffectsStayFiniteOrNull) {
  // t ~ 7600 with df = 39: p far below 1e-100, the d_z interval still finite
  // and bracketing d_z.
  std::vector<double> pre, post;
  for (int i = 0; i < 40; ++i) {
    pre.push_back(i);
    post.push_back(i + 100.0 + (i % 3) * 0.1);
  }
  Json r = ask({{"op", "paired_t"}, {"pre", pre}, {"post", post}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_GT(r["result"]["t"].get<double>(), 7000.0);
  EXPECT_LT(r["result"]["p"].get<double>(), 1e-100);
  EXPECT_LT(r["result"]["dz_ci_low"].get<double>(), r["result"]["dz"].get<double>());
  EXPECT_GT(r["result"]["dz_ci_high"].get<double>(), r["result"]["dz"].get<double>());
  EXPECT_EQ(r.dump().find("NaN"), std::string::npos);
  Json c = ask({{"op", "chi_square"}, {"table", {{1e6, 1}, {1, 1e6}}}});
  ASSERT_EQ(c["ok"], true) << c.dump();
  EXPECT_EQ(c["result"]["p"], 0.0);  // underflows below the smallest double
}

}  // namespace
