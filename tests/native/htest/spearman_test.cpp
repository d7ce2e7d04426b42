// spearman beyond the R references (fixtures/reference/spearman.json):
// identities (rho is Pearson's r of the average ranks; S from rho), the
// exact null distribution of S against its known moments and symmetry, the
// branch switches, errors and warnings.
#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/htest/correlation.hpp"
#include "assess/htest/spearman.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;
namespace htest = assess::htest;

namespace {

TEST(Spearman, RhoIsPearsonOfTheRanks) {
  const std::vector<double> x = normal_sample(40, 7), y0 = normal_sample(40, 8);
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::round(2.0 * (x[i] + y0[i])) / 2.0;  // ties in y
  const auto s = htest::spearman(x, y);
  ASSERT_TRUE(s.ok());
  const auto p = htest::pearson(assess::average_ranks(x), assess::average_ranks(y));
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR(s.value().rho, p.value().r, 1e-14);
  EXPECT_EQ(s.value().method, "t");
  const double n = 40.0;
  EXPECT_NEAR(s.value().S, (n * n * n - n) * (1.0 - s.value().rho) / 6.0, 1e-9);
}

TEST(Spearman, WithoutTiesSIsTheSumOfSquaredRankDifferences) {
  const std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, y{3, 1, 2, 6, 4, 5, 9, 7, 8, 11, 10};
  const auto s = htest::spearman(x, y);
  ASSERT_TRUE(s.ok());
  double d2 = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) d2 += (x[i] - y[i]) * (x[i] - y[i]);
  EXPECT_EQ(s.value().S, d2);
  EXPECT_NEAR(s.value().rho, 1.0 - 6.0 * d2 / (11.0 * 120.0), 1e-15);
  EXPECT_EQ(s.value().method, "edgeworth");
}

TEST(Spearman, ExactDistributionHasTheKnownMomentsAndSymmetry) {
  // Under independence E[S] = (n^3 - n) / 6 and S is symmetric about it;
  // P(S >= 0) = 1 and P(S >= max) = 1 / n! (only the reversal reaches it).
  for (long n = 2; n <= 9; ++n) {
    const double dn = static_cast<double>(n), smax = dn * (dn * dn - 1.0) / 3.0;
    double nfac = 1.0;
    for (long i = 2; i <= n; ++i) nfac *= static_cast<double>(i);
    EXPECT_NEAR(htest::spearman_s_tail(n, smax, true), 1.0 / nfac, 1e-15) << n;
    double mean = 0.0;
    for (double s = 0.0; s <= smax; s += 2.0) {
      const double mass = htest::spearman_s_tail(n, s, true) - htest::spearman_s_tail(n, s + 2.0, true);
      mean += s * mass;
      // symmetry: P(S = s) = P(S = smax - s)
      const double mirror = htest::spearman_s_tail(n, smax - s, true) - htest::spearman_s_tail(n, smax - s + 2.0, true);
      EXPECT_NEAR(mass, mirror, 1e-15) << n << " " << s;
      // upper and lower tails add up to 1
      EXPECT_NEAR(htest::spearman_s_tail(n, s, true) + htest::spearman_s_tail(n, s, false), 1.0, 1e-15);
    }
    EXPECT_NEAR(mean, smax / 2.0, 1e-12) << n;
  }
}

TEST(Spearman, MethodSwitchesAtNineAnd1290) {
  auto method = [](std::size_t n) {
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = static_cast<double>(i);
      y[i] = static_cast<double>((i * 7 + 3) % n);  // a permutation when gcd(7, n) = 1
    }
    return htest::spearman(x, y).value().method;
  };
  EXPECT_EQ(method(9), "exact");
  EXPECT_EQ(method(10), "edgeworth");
  EXPECT_EQ(method(1290), "edgeworth");
  EXPECT_EQ(method(1291), "t");
}

TEST(Spearman, ErrorsNameFieldsAndCounts) {
  expect_error(ask({{"op", "spearman"}, {"x", {1, 2, 3, 4}}, {"y", {1, 2, 3}}}), "invalid_input",
               {"x has 4 values", "y has 3"}, "/y");
  expect_error(ask({{"op", "spearman"}, {"x", {1, 2, nullptr}}, {"y", {1, nullptr, 3}}}), "insufficient_data",
               {"1 complete pair,", "at least 2"});
}

TEST(Spearman, ConstantAndTiesWarn) {
  Json r = ask({{"op", "spearman"}, {"x", {1, 2, 3, 4}}, {"y", {5, 5, 5, 5}}});
  expect_warning_ids(r, {"spearman.y_constant"});
  EXPECT_TRUE(r["result"]["rho"].is_null());
  EXPECT_TRUE(r["result"]["S"].is_null());
  EXPECT_TRUE(r["result"]["p"].is_null());
  r = ask({{"op", "spearman"}, {"x", {1, 2, 2, 4, 5}}, {"y", {2, 1, 3, 5, 4}}});
  expect_warning_ids(r, {"spearman.t_for_ties"});
  EXPECT_EQ(r["result"]["method"], "t");
  r = ask({{"op", "spearman"}, {"x", {1, 2, 3, 4, 5}}, {"y", {2, 1, 3, 5, 4}}});
  expect_warning_ids(r, {});
  EXPECT_EQ(r["result"]["method"], "exact");
}

}  // namespace
