// icc beyond the R references (fixtures/reference/icc.json): orientation
// (rows = raters), invariance to a shift and to rater order, the edge cases
// of docs/agreement.md (perfect agreement, constant offsets, no variance),
// missing ratings and errors naming the field.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/agreement/icc.hpp"
#include "assess/core/numeric.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;
using assess::agreement::IccNote;

namespace {

const std::vector<std::vector<double>> kPanel = {
    {4, 3, 5, 2, 4, 3, 1}, {5, 3, 4, 2, 4, 2, 2}, {4, 2, 5, 3, 5, 3, 1}};  // 3 raters x 7 objects

TEST(Icc, FormsInTheContractOrder) {
  auto r = assess::agreement::icc(kPanel);
  ASSERT_TRUE(r.ok());
  const char* types[] = {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"};
  for (int i = 0; i < 6; ++i) EXPECT_STREQ(r->forms[i].type, types[i]);
  EXPECT_EQ(r->n, 7);
  EXPECT_EQ(r->k, 3);
  // ICC2 and ICC3 share F; ICC1 and ICC1k share theirs
  EXPECT_EQ(r->forms[1].F, r->forms[2].F);
  EXPECT_EQ(r->forms[0].F, r->forms[3].F);
  // the average of k raters is more reliable than one (Spearman-Brown)
  const double icc3 = r->forms[2].icc, k = 3;
  EXPECT_NEAR(r->forms[5].icc, k * icc3 / (1 + (k - 1) * icc3), 1e-12);
}

TEST(Icc, OrientationMatters) {
  // The transposed matrix reads objects as raters: another n and k, other values.
  std::vector<std::vector<double>> t(kPanel[0].size(), std::vector<double>(kPanel.size()));
  for (std::size_t i = 0; i < kPanel.size(); ++i) {
    for (std::size_t j = 0; j < kPanel[i].size(); ++j) t[j][i] = kPanel[i][j];
  }
  auto a = assess::agreement::icc(kPanel);
  auto b = assess::agreement::icc(t);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->n, 3);
  EXPECT_EQ(b->k, 7);
  EXPECT_GT(std::fabs(a->forms[1].icc - b->forms[1].icc), 0.1);
}

TEST(Icc, InvariantToShiftAndRaterOrder) {
  auto shifted = kPanel;
  for (auto& row : shifted) {
    for (auto& v : row) v += 1e6;
  }
  std::swap(shifted[0], shifted[2]);
  auto a = assess::agreement::icc(kPanel);
  auto b = assess::agreement::icc(shifted);
  ASSERT_TRUE(a.ok() && b.ok());
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(a->forms[i].icc, b->forms[i].icc, 1e-9) << i;
    EXPECT_NEAR(a->forms[i].p, b->forms[i].p, 1e-9) << i;
  }
}

TEST(Icc, PerfectAgreementIsOneWithNullTestsAndAWarning) {
  Json j = ask_text(R"({"op":"icc","ratings":[[2,5,1,4],[2,5,1,4],[2,5,1,4]]})");
  expect_warning_ids(j, {"icc.perfect_agreement"});
  for (const auto& f : j["result"]["forms"]) {
    EXPECT_EQ(f["icc"], 1) << f.dump();
    EXPECT_TRUE(f["F"].is_null() && f["p"].is_null() && f["ci_low"].is_null() && f["ci_high"].is_null());
  }
}

TEST(Icc, ConstantOffsetsMakeConsistencyOneButNotAbsoluteAgreement) {
  auto r = assess::agreement::icc({{1, 3, 2, 5}, {2, 4, 3, 6}});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_note(r->notes, IccNote::Kind::residual_zero));
  EXPECT_EQ(r->forms[2].icc, 1.0);
  EXPECT_EQ(r->forms[5].icc, 1.0);
  EXPECT_LT(r->forms[1].icc, 1.0);
  EXPECT_TRUE(std::isnan(r->forms[1].F));
  EXPECT_FALSE(std::isnan(r->forms[0].F));  // ICC1's F divides by MSW > 0
}

TEST(Icc, EveryRatingEqualIsNullWithAWarning) {
  Json j = ask_text(R"({"op":"icc","ratings":[[3,3,3],[3,3,3]]})");
  expect_warning_ids(j, {"icc.no_variance"});
  for (const auto& f : j["result"]["forms"]) EXPECT_TRUE(f["icc"].is_null()) << f.dump();
}

TEST(Icc, MissingRatingsDropTheObject) {
  Json j = ask_text(R"({"op":"icc","ratings":[[1,2,null,4,5],[2,2,3,5,4]]})");
  expect_warning_ids(j, {"icc.objects_excluded"});
  EXPECT_EQ(j["result"]["n"], 4);
  EXPECT_EQ(j["result"]["n_excluded"], 1);
  Json same = ask_text(R"({"op":"icc","ratings":[[1,2,4,5],[2,2,5,4]]})");
  EXPECT_EQ(j["result"]["forms"], same["result"]["forms"]);
}

TEST(Icc, ErrorsNameTheField) {
  expect_error(ask_text(R"({"op":"icc","ratings":[[1,2,3]]})"), "insufficient_data", {"1 row(s)", "raters"},
               "/ratings");
  expect_error(ask_text(R"({"op":"icc","ratings":[[1],[2]]})"), "insufficient_data", {"1 column(s)"}, "/ratings");
  expect_error(ask_text(R"({"op":"icc","ratings":[[1,2],[1]]})"), "invalid_input", {"ragged"}, "/ratings/1");
  expect_error(ask_text(R"({"op":"icc","ratings":[[1,2],[1,3]],"conf_level":1})"), "invalid_input", {"conf_level"});
}

}  // namespace
