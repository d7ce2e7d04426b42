// cronbach_alpha beyond the R references (fixtures/reference/cronbach_alpha.json):
// invariances, the Feldt interval, listwise deletion, zero variance, the
// leave-one-out identity, and errors naming the field.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/reliability/cronbach_alpha.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;

namespace {

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
  ASSERT_TRUE(has_note(r->notes, assess::reliability::CronbachAlphaNote::Kind::rows_excluded));
  EXPECT_EQ(r->notes[0].n, 2u);
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
  ASSERT_TRUE(has_note(r->notes, assess::reliability::CronbachAlphaNote::Kind::zero_variance_items));
  EXPECT_EQ(r->notes[0].items, std::vector<std::size_t>{3});
  // a constant total (item 2 = 6 - item 1): alpha undefined
  std::vector<std::vector<double>> c = {{1, 5}, {2, 4}, {4, 2}, {5, 1}};
  auto t = assess::reliability::cronbach_alpha(c);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(std::isnan(t->alpha));
  EXPECT_TRUE(std::isnan(t->ci_low));
  EXPECT_TRUE(has_note(t->notes, assess::reliability::CronbachAlphaNote::Kind::alpha_undefined));
  Json j = ask_text(R"({"op":"cronbach_alpha","items":[[1,5],[2,4],[4,2],[5,1]]})");
  ASSERT_TRUE(j["ok"].get<bool>()) << j.dump();
  EXPECT_TRUE(j["result"]["alpha"].is_null());
  EXPECT_TRUE(j["result"]["alpha_if_deleted"][0].is_null());
  expect_warning(j, "total score");
  expect_warning_ids(j, {"cronbach_alpha.alpha_undefined", "cronbach_alpha.std_alpha_undefined",
                         "cronbach_alpha.alpha_if_deleted_two_items"});
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
  EXPECT_TRUE(has_note(r->notes, assess::reliability::CronbachAlphaNote::Kind::alpha_if_deleted_undefined));
}

TEST(CronbachAlpha, ErrorsNameTheField) {
  Json one = ask_text(R"({"op":"cronbach_alpha","items":[[1],[2],[3]]})");
  EXPECT_EQ(one["error"]["code"], "insufficient_data");
  EXPECT_NE(one["error"]["message"].get<std::string>().find("items has 1 column"), std::string::npos) << one.dump();
  Json ragged = ask_text(R"({"op":"cronbach_alpha","items":[[1,2],[2]]})");
  EXPECT_EQ(ragged["error"]["code"], "invalid_input");
  EXPECT_EQ(ragged["error"]["path"], "/items/1");
  Json wide = ask_text(
      Json{{"op", "cronbach_alpha"}, {"items", std::vector<std::vector<double>>(3, std::vector<double>(2001, 1.0))}}
          .dump());
  EXPECT_EQ(wide["error"]["code"], "out_of_range");
  Json conf = ask_text(R"({"op":"cronbach_alpha","items":[[1,2],[2,3]],"conf_level":1})");
  EXPECT_EQ(conf["error"]["code"], "invalid_input");
  EXPECT_NE(conf["error"]["message"].get<std::string>().find("conf_level"), std::string::npos);
}

}  // namespace
