// krippendorff_alpha beyond the R references
// (fixtures/reference/krippendorff_alpha.json): the ordinal metric as the
// interval metric on mid-ranks, invariances, orientation, the undefined
// case and errors.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/agreement/krippendorff_alpha.hpp"
#include "assess/core/numeric.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using assess::kMissing;
using namespace assess::test;
using assess::agreement::AlphaLevel;

namespace {

const std::vector<std::vector<double>> kData = {
    {1, 2, 3, 3, 2, 1, 4, 1, 2, kMissing}, {1, 2, 3, 3, 2, 2, 4, 1, 2, 5}, {kMissing, 3, 3, 3, 2, 3, 4, 2, 2, 5}};

TEST(KrippendorffAlpha, NominalIgnoresTheValuesAndOrdinalOnlyTheirOrder) {
  auto relabel = kData;   // a one-to-one map keeps nominal alpha
  auto monotone = kData;  // an increasing map keeps ordinal alpha
  for (std::size_t c = 0; c < kData.size(); ++c) {
    for (std::size_t u = 0; u < kData[c].size(); ++u) {
      if (assess::is_missing(kData[c][u])) continue;
      relabel[c][u] = 10 - 3 * kData[c][u];
      monotone[c][u] = std::exp(kData[c][u]);
    }
  }
  auto n1 = assess::agreement::krippendorff_alpha(kData, AlphaLevel::nominal);
  auto n2 = assess::agreement::krippendorff_alpha(relabel, AlphaLevel::nominal);
  auto o1 = assess::agreement::krippendorff_alpha(kData, AlphaLevel::ordinal);
  auto o2 = assess::agreement::krippendorff_alpha(monotone, AlphaLevel::ordinal);
  auto i2 = assess::agreement::krippendorff_alpha(monotone, AlphaLevel::interval);
  ASSERT_TRUE(n1.ok() && n2.ok() && o1.ok() && o2.ok() && i2.ok());
  EXPECT_NEAR(n1->alpha, n2->alpha, 1e-14);
  EXPECT_NEAR(o1->alpha, o2->alpha, 1e-14);
  EXPECT_GT(std::fabs(i2->alpha - o2->alpha), 1e-3);  // the interval metric sees the distances
  EXPECT_EQ(n1->n_pairable, 28);
}

TEST(KrippendorffAlpha, CoderOrderDoesNotMatterButOrientationDoes) {
  auto swapped = kData;
  std::swap(swapped[0], swapped[2]);
  auto a = assess::agreement::krippendorff_alpha(kData, AlphaLevel::interval);
  auto b = assess::agreement::krippendorff_alpha(swapped, AlphaLevel::interval);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NEAR(a->alpha, b->alpha, 1e-14);
  std::vector<std::vector<double>> t(kData[0].size(), std::vector<double>(kData.size()));
  for (std::size_t c = 0; c < kData.size(); ++c) {
    for (std::size_t u = 0; u < kData[c].size(); ++u) t[u][c] = kData[c][u];
  }
  auto tr = assess::agreement::krippendorff_alpha(t, AlphaLevel::interval);
  ASSERT_TRUE(tr.ok());
  EXPECT_GT(std::fabs(tr->alpha - a->alpha), 0.1);
}

TEST(KrippendorffAlpha, PerfectAgreementIsOneAndOneValueIsNull) {
  auto p = assess::agreement::krippendorff_alpha({{1, 2, 3, kMissing}, {1, 2, 3, 4}}, AlphaLevel::interval);
  ASSERT_TRUE(p.ok());
  EXPECT_DOUBLE_EQ(p->alpha, 1.0);
  EXPECT_EQ(p->n_pairable, 6);  // the unit coded once is not pairable
  Json j = ask_text(R"({"op":"krippendorff_alpha","data":[["a","a"],["a","a"]],"level":"nominal"})");
  expect_warning_ids(j, {"krippendorff_alpha.expected_zero"});
  EXPECT_TRUE(j["result"]["alpha"].is_null());
}

TEST(KrippendorffAlpha, Errors) {
  expect_error(ask_text(R"({"op":"krippendorff_alpha","data":[["a","b"],["a","b"]],"level":"ordinal"})"),
               "invalid_input", {"strings", "ordinal"}, "/level");
  expect_error(ask_text(R"({"op":"krippendorff_alpha","data":[[1,2],[1,-2]],"level":"ratio"})"), "invalid_input",
               {"data[1][1] is -2"}, "/data/1/1");
  expect_error(ask_text(R"({"op":"krippendorff_alpha","data":[[1,null],[null,2]],"level":"nominal"})"),
               "insufficient_data", {"0 pairable values"});
  expect_error(ask_text(R"({"op":"krippendorff_alpha","data":[[1,2]],"level":"nominal"})"), "insufficient_data",
               {"1 row(s)"});
  expect_error(ask_text(R"({"op":"krippendorff_alpha","data":[[1,2],[1,2]]})"), "invalid_input", {"level"});
}

}  // namespace
