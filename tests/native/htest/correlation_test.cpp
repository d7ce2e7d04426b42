// pearson beyond the R references (fixtures/reference/pearson.json): errors
// naming fields and counts, warnings for constant, perfect and small samples.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/htest/correlation.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;

namespace {

TEST(Pearson, ErrorsNameFieldsAndCounts) {
  expect_error(ask({{"op", "pearson"}, {"x", {1, 2, 3, 4}}, {"y", {1, 2, 3}}}), "invalid_input",
               {"x has 4 values", "y has 3"}, "/y");
  expect_error(ask({{"op", "pearson"}, {"x", {1, 2, nullptr}}, {"y", {1, 2, 3}}}), "insufficient_data",
               {"2 complete pairs", "at least 3"});
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

}  // namespace
