// paired_t beyond the R references (fixtures/reference/paired_t.json):
// messages and pointers of errors, null plus a warning for undefined
// statistics, and the interval's coverage and width.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/htest/paired_t.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

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
  // the kernel checks it too
  auto r = ht::paired_t({1, 2, 3}, {2, 4, 7}, 1.0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.fault().kind, assess::FaultKind::bad_conf_level);
  EXPECT_EQ(r.fault().value, 1.0);
  auto few = ht::paired_t({1, assess::kMissing, 3}, {2, 5, assess::kMissing});
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.fault().kind, assess::FaultKind::too_few);
  EXPECT_EQ(few.fault().counted, assess::Counted::pairs);
  EXPECT_EQ(few.fault().n, 1u);
  EXPECT_EQ(few.fault().limit, 2u);
}

TEST(PairedT, ConstantDifferencesGiveNullsAndAWarning) {
  Json r = ask({{"op", "paired_t"}, {"pre", {1, 2, 3, 4}}, {"post", {3, 4, 5, 6}}});
  expect_warning(r, "all equal");
  expect_warning_ids(r, {"paired_t.constant_differences"});
  auto k = ht::paired_t({1, 2, 3, 4}, {3, 4, 5, 6});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->notes, std::vector<ht::PairedTNote>{ht::PairedTNote::constant_differences});
  for (const char* k : {"t", "p", "ci_low", "ci_high", "dz", "dz_ci_low", "dz_ci_high"}) {
    EXPECT_TRUE(r["result"][k].is_null()) << k;
  }
  EXPECT_EQ(r["result"]["sd_diff"], 0.0);
  EXPECT_EQ(r.dump().find("NaN"), std::string::npos);
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

}  // namespace
