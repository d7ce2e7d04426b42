// fisher_exact beyond the R references (fixtures/reference/fisher_exact.json):
// the defining equations hold at the odds ratio and at the interval limits
// (checked against the hypergeometric written out here with lgamma),
// invariances of the table, zero cells, errors and warnings.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/htest/fisher_exact.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;
namespace htest = assess::htest;

namespace {

// The noncentral hypergeometric of the first cell, by its definition:
// P(X = i) proportional to C(m, i) C(n, k - i) t^i.
struct Table {
  double a, b, c, d;
  std::vector<double> probabilities(double t) const {
    const double m = a + c, n = b + d, k = a + b;
    const double lo = std::max(0.0, k - n), hi = std::min(k, m);
    std::vector<double> logw;
    double top = -std::numeric_limits<double>::infinity();
    for (double i = lo; i <= hi; i += 1.0) {
      const double lw = std::lgamma(m + 1) - std::lgamma(i + 1) - std::lgamma(m - i + 1) + std::lgamma(n + 1) -
                        std::lgamma(k - i + 1) - std::lgamma(n - k + i + 1) + i * std::log(t);
      logw.push_back(lw);
      top = std::max(top, lw);
    }
    double sum = 0.0;
    for (double& w : logw) sum += (w = std::exp(w - top));
    for (double& w : logw) w /= sum;
    return logw;
  }
  double lo() const { return std::max(0.0, (a + b) - (b + d)); }
};

TEST(FisherExact, EstimateAndLimitsSolveTheirEquations) {
  const Table tab{35, 17, 9, 39};
  const auto r = htest::fisher_exact(tab.a, tab.b, tab.c, tab.d, 0.95);
  ASSERT_TRUE(r.ok());
  const auto& v = r.value();
  // The conditional MLE: the mean of the first cell equals the observed one.
  auto pr = tab.probabilities(v.odds_ratio);
  double mean = 0.0;
  for (std::size_t i = 0; i < pr.size(); ++i) mean += (tab.lo() + static_cast<double>(i)) * pr[i];
  EXPECT_NEAR(mean, tab.a, 1e-10);
  // The limits: P(X >= a) = 0.025 at ci_low, P(X <= a) = 0.025 at ci_high.
  pr = tab.probabilities(v.ci_low);
  double upper = 0.0;
  for (std::size_t i = 0; i < pr.size(); ++i) upper += tab.lo() + static_cast<double>(i) >= tab.a ? pr[i] : 0.0;
  EXPECT_NEAR(upper, 0.025, 1e-11);
  pr = tab.probabilities(v.ci_high);
  double lower = 0.0;
  for (std::size_t i = 0; i < pr.size(); ++i) lower += tab.lo() + static_cast<double>(i) <= tab.a ? pr[i] : 0.0;
  EXPECT_NEAR(lower, 0.025, 1e-11);
}

TEST(FisherExact, SwappingRowsInvertsTheOddsRatio) {
  const auto r = htest::fisher_exact(12, 5, 7, 14);
  const auto s = htest::fisher_exact(7, 14, 12, 5);
  const auto t = htest::fisher_exact(14, 7, 5, 12);  // both swapped: the same table
  ASSERT_TRUE(r.ok() && s.ok() && t.ok());
  EXPECT_NEAR(r.value().odds_ratio * s.value().odds_ratio, 1.0, 1e-13);
  EXPECT_NEAR(r.value().ci_low * s.value().ci_high, 1.0, 1e-12);
  EXPECT_NEAR(r.value().ci_high * s.value().ci_low, 1.0, 1e-12);
  EXPECT_NEAR(r.value().p, s.value().p, 1e-15);
  EXPECT_NEAR(t.value().odds_ratio, r.value().odds_ratio, 1e-12 * r.value().odds_ratio);
  // the transposed table has the same conditional distribution
  const auto u = htest::fisher_exact(12, 7, 5, 14);
  ASSERT_TRUE(u.ok());
  EXPECT_NEAR(u.value().odds_ratio, r.value().odds_ratio, 1e-12 * r.value().odds_ratio);
  EXPECT_NEAR(u.value().p, r.value().p, 1e-15);
}

TEST(FisherExact, SymmetricTablesGiveP1AndOddsRatio1) {
  const auto r = htest::fisher_exact(10, 10, 10, 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().p, 1.0);
  EXPECT_NEAR(r.value().odds_ratio, 1.0, 1e-14);
  EXPECT_NEAR(r.value().ci_low * r.value().ci_high, 1.0, 1e-12);
}

TEST(FisherExact, ZeroCellsAndMargins) {
  auto r = htest::fisher_exact(0, 5, 4, 3);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().odds_ratio, 0.0);
  EXPECT_EQ(r.value().ci_low, 0.0);
  EXPECT_TRUE(r.value().notes.empty());
  r = htest::fisher_exact(5, 0, 3, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(std::isinf(r.value().odds_ratio));
  EXPECT_TRUE(std::isinf(r.value().ci_high));
  EXPECT_TRUE(has_note(r.value().notes, htest::FisherNote::infinite_odds_ratio));
  r = htest::fisher_exact(0, 0, 3, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().p, 1.0);
  EXPECT_TRUE(std::isnan(r.value().odds_ratio));
  EXPECT_TRUE(has_note(r.value().notes, htest::FisherNote::empty_margin));

  Json j = ask({{"op", "fisher_exact"}, {"table", {{3, 0}, {0, 4}}}});
  expect_warning_ids(j, {"fisher_exact.infinite_odds_ratio"});
  EXPECT_TRUE(j["result"]["odds_ratio"].is_null());
  EXPECT_TRUE(j["result"]["ci_high"].is_null());
  j = ask({{"op", "fisher_exact"}, {"table", {{0, 5}, {0, 4}}}});
  expect_warning_ids(j, {"fisher_exact.empty_margin"});
}

TEST(FisherExact, LargeTablesStayFastAndFinite) {
  const auto r = htest::fisher_exact(4e7, 1e7, 2e7, 2.5e7);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().p, 0.0);  // far below 1e-300
  EXPECT_NEAR(r.value().odds_ratio, 5.0, 1e-3);
  EXPECT_LT(r.value().ci_low, r.value().odds_ratio);
  EXPECT_GT(r.value().ci_high, r.value().odds_ratio);
  const auto big = htest::fisher_exact(6e7, 1e7, 2e7, 2.5e7);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.fault().kind, assess::FaultKind::too_many);
}

TEST(FisherExact, ErrorsNameTheCell) {
  expect_error(ask({{"op", "fisher_exact"}, {"table", {{1, -2}, {3, 4}}}}), "invalid_input", {"table[0][1] is -2"},
               "/table/0/1");
  expect_error(ask({{"op", "fisher_exact"}, {"table", {{1, 2}, {3, 4.5}}}}), "invalid_input",
               {"table[1][1] is 4.5", "whole numbers"}, "/table/1/1");
  expect_error(ask({{"op", "fisher_exact"}, {"table", {{1, 2, 3}, {3, 4, 5}}}}), "invalid_input",
               {"2 rows of 3 counts", "2 x 2"}, "/table");
  expect_error(ask({{"op", "fisher_exact"}, {"table", Json::array()}}), "invalid_input", {"0 rows"}, "/table");
  expect_error(ask({{"op", "fisher_exact"}, {"table", {{0, 0}, {0, 0}}}}), "insufficient_data", {"total count of 0"},
               "/table");
  expect_error(ask({{"op", "fisher_exact"}, {"table", {{1e9, 2}, {3, 4}}}}), "out_of_range", {"1e+09", "1e+08"},
               "/table");
}

}  // namespace
