// independent_t beyond the R references (fixtures/reference/independent_t.json):
// errors, warnings, the mirror identities of swapped samples, Student and
// Welch sharing d, and Hedges' correction J(df).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/htest/independent_t.hpp"
#include "assess/htest/paired_t.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

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
  long double odd = std::sqrt(static_cast<long double>(kPi)) / 2;   // Gamma(3/2) / Gamma(1)
  long double even = 1 / std::sqrt(static_cast<long double>(kPi));  // Gamma(1) / Gamma(1/2)
  double worst = 0;
  for (int m = 1; m <= 2000; ++m) {
    if (m > 1) {
      odd *= (m - 0.5L) / (m - 1);      // Gamma(m + 1/2) / Gamma(m)
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

}  // namespace
