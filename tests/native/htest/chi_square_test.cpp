// chi_square beyond the R references (fixtures/reference/chi_square.json):
// errors pointing at the cell, warnings, Yates only for 2 x 2, expected counts.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/htest/chi_square.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

TEST(ChiSquare, ErrorsPointAtTheCell) {
  expect_error(ask({{"op", "chi_square"}, {"table", {{3, -1}, {2, 5}}}}), "invalid_input", {"table[0][1]", "-1"},
               "/table/0/1");
  expect_error(ask({{"op", "chi_square"}, {"table", {{3, 1}, {nullptr, 5}}}}), "invalid_input", {"table[1][0]"},
               "/table/1/0");
  expect_error(ask({{"op", "chi_square"}, {"table", {{3, 1, 2}, {2, 5}}}}), "invalid_input", {"ragged"});
  expect_error(ask({{"op", "chi_square"}, {"table", {{0, 0}, {0, 0}}}}), "insufficient_data", {"total count of 0"});
  expect_error(ask({{"op", "chi_square"}, {"table", {{7}}}}), "insufficient_data", {"1 cell"});
  expect_error(ask({{"op", "chi_square"}, {"table", {1, 2, 3}}}), "invalid_input", {"table[0]"});
  // the library wrapper rejects what the API layer would have caught
  auto r = ht::chi_square({{1, 2}, {3}}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, assess::ErrorCode::invalid_input);
  r = ht::chi_square({{1, kNaN}, {3, 4}}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/table/0/1");
}

TEST(ChiSquare, WarningsForSmallExpectedCountsEmptyRowsAndOneRow) {
  Json r = ask({{"op", "chi_square"}, {"table", {{3, 1}, {2, 5}}}});
  expect_warning(r, "below 5");
  r = ask({{"op", "chi_square"}, {"table", {{30, 10}, {0, 0}}}});
  expect_warning(r, "row 1 of table has no counts");
  EXPECT_TRUE(r["result"]["chi2"].is_null());
  r = ask({{"op", "chi_square"}, {"table", {{20, 30, 50}}}});
  expect_warning(r, "goodness of fit");
  EXPECT_EQ(r["result"]["method"], "goodness_of_fit");
  EXPECT_TRUE(r["result"]["cramers_v"].is_null());
}

TEST(ChiSquare, YatesOnlyFor2x2AndExpectedCounts) {
  auto r = ht::chi_square({{12, 9, 3}, {5, 7, 14}}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->yates);
  EXPECT_EQ(r->method, "independence");
  // E = row sum * column sum / N
  EXPECT_DOUBLE_EQ(r->expected[1][2], 26.0 * 17.0 / 50.0);
  auto c = ht::chi_square({{12, 9}, {5, 7}}, true);
  auto u = ht::chi_square({{12, 9}, {5, 7}}, false);
  ASSERT_TRUE(c.ok() && u.ok());
  EXPECT_TRUE(c->yates);
  EXPECT_FALSE(u->yates);
  EXPECT_LT(c->chi2, u->chi2);
  EXPECT_EQ(c->cramers_v, u->cramers_v);  // from the uncorrected statistic either way
}

}  // namespace
