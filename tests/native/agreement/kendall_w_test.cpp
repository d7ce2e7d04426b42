// kendall_w beyond the R references (fixtures/reference/kendall_w.json):
// invariance to monotone rescaling and rater order, chi2 = m (n - 1) W, all
// tied raters, missing ratings, and errors naming the field.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/agreement/kendall_w.hpp"
#include "assess/core/numeric.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;

namespace {

TEST(KendallW, InvariantToMonotoneRescalingAndRaterOrder) {
  std::vector<std::vector<double>> r = {
      {3, 1, 4, 1, 5, 9, 2}, {2, 7, 1, 8, 2, 8, 1}, {1, 2, 3, 4, 5, 6, 7}, {4, 4, 2, 3, 5, 7, 1}};
  auto base = assess::agreement::kendall_w(r);
  ASSERT_TRUE(base.ok());
  auto t = r;
  for (auto& v : t[1]) v = std::exp(v);  // any strictly increasing map per rater
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
  EXPECT_TRUE(has_note(r->notes, assess::agreement::KendallWNote::Kind::all_tied));
  auto u = assess::agreement::kendall_w({{3, 3, 3}, {1, 1, 1}}, false);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->W, 0.0);
  EXPECT_EQ(u->p, 1.0);
}

TEST(KendallW, MissingRatingsDropTheObjectWithAWarning) {
  Json j = ask_text(R"({"op":"kendall_w","ratings":[[1,2,null,4],[2,1,3,4],[1,3,2,4]]})");
  ASSERT_TRUE(j["ok"].get<bool>()) << j.dump();
  EXPECT_EQ(j["result"]["n"], 3);
  EXPECT_EQ(j["result"]["n_excluded"], 1);
  Json same = ask_text(R"({"op":"kendall_w","ratings":[[1,2,4],[2,1,4],[1,3,4]]})");
  EXPECT_DOUBLE_EQ(j["result"]["W"].get<double>(), same["result"]["W"].get<double>());
  EXPECT_FALSE(j["result"]["warnings"].empty());
  expect_warning_ids(j, {"kendall_w.objects_excluded"});
  EXPECT_EQ(j["result"]["warning_msgs"][0]["params"]["n"], 1);
}

TEST(KendallW, ErrorsNameTheField) {
  Json one = ask_text(R"({"op":"kendall_w","ratings":[[1,2,3]]})");
  EXPECT_EQ(one["error"]["code"], "insufficient_data");
  EXPECT_NE(one["error"]["message"].get<std::string>().find("1 row(s)"), std::string::npos) << one.dump();
  Json flat = ask_text(R"({"op":"kendall_w","ratings":[1,2,3]})");
  EXPECT_EQ(flat["error"]["code"], "invalid_input");
  Json flag = ask_text(R"({"op":"kendall_w","ratings":[[1,2],[2,1]],"correct_ties":1})");
  EXPECT_EQ(flag["error"]["code"], "invalid_input");
  EXPECT_NE(flag["error"]["message"].get<std::string>().find("correct_ties"), std::string::npos);
}

}  // namespace
