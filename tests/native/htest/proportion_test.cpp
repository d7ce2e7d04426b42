// proportion beyond the R references (fixtures/reference/proportion.json):
// the Wilson limits solve the score equation, the ends are exact, the
// interval is symmetric under x -> n - x; errors.
#include <algorithm>
#include <cmath>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/distributions/distributions.hpp"
#include "assess/htest/proportion.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;
namespace htest = assess::htest;

namespace {

TEST(Proportion, LimitsSolveTheScoreEquation) {
  for (double cl : {0.5, 0.9, 0.95, 0.999}) {
    const double z = assess::distributions::quantile_sf(assess::distributions::Normal{}, (1.0 - cl) / 2.0);
    for (auto [x, n] : {std::pair{1.0, 7.0}, {35.0, 52.0}, {9.0, 48.0}, {1.0, 1e6}, {123456.0, 987654.0}}) {
      const auto r = htest::proportion(x, n, cl);
      ASSERT_TRUE(r.ok());
      const double p = x / n;
      for (double pi : {r.value().ci_low, r.value().ci_high}) {
        // (p - pi)^2 = z^2 pi (1 - pi) / n, up to the rounding of p - pi in the check itself
        const double lhs = (p - pi) * (p - pi), rhs = z * z * pi * (1.0 - pi) / n;
        const double cancel = 8.0 * 2.3e-16 * std::max(p, pi) / std::fabs(p - pi);
        EXPECT_NEAR(lhs, rhs, (1e-14 + cancel) * rhs) << x << "/" << n << " at " << cl;
      }
      EXPECT_LT(r.value().ci_low, p);
      EXPECT_GT(r.value().ci_high, p);
    }
  }
}

TEST(Proportion, EndsAreExactAndComplementsMirror) {
  auto r = htest::proportion(0, 25);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().ci_low, 0.0);
  EXPECT_EQ(r.value().estimate, 0.0);
  r = htest::proportion(25, 25);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().ci_high, 1.0);
  const auto a = htest::proportion(7, 30, 0.9), b = htest::proportion(23, 30, 0.9);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NEAR(a.value().ci_low, 1.0 - b.value().ci_high, 1e-15);
  EXPECT_NEAR(a.value().ci_high, 1.0 - b.value().ci_low, 1e-15);
}

TEST(Proportion, Errors) {
  expect_error(ask({{"op", "proportion"}, {"x", 0}, {"n", 0}}), "insufficient_data", {"n is 0"}, "/n");
  expect_error(ask({{"op", "proportion"}, {"x", 11}, {"n", 10}}), "invalid_input", {"x is 11", "from 0 to n"}, "/x");
  expect_error(ask({{"op", "proportion"}, {"x", 2.5}, {"n", 10}}), "invalid_input", {"x is 2.5"}, "/x");
  expect_error(ask({{"op", "proportion"}, {"x", 2}, {"n", 10.5}}), "invalid_input", {"n is 10.5"}, "/n");
  expect_error(ask({{"op", "proportion"}, {"x", -1}, {"n", 10}}), "invalid_input", {"x is -1"}, "/x");
  expect_error(ask({{"op", "proportion"}, {"n", 10}}), "invalid_input", {"x is required"}, "/x");
  expect_error(ask({{"op", "proportion"}, {"x", nullptr}, {"n", 10}}), "invalid_input", {"x is null"}, "/x");
  expect_error(ask({{"op", "proportion"}, {"x", "3"}, {"n", 10}}), "invalid_input", {"x must be a number"}, "/x");
}

}  // namespace
