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
  EXPECT_EQ(r.fault().kind, assess::FaultKind::ragged);
  EXPECT_EQ(r.fault().index, 1u);
  EXPECT_EQ(r.fault().n, 1u);
  EXPECT_EQ(r.fault().m, 2u);
  r = ht::chi_square({{1, kNaN}, {3, 4}}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.fault().kind, assess::FaultKind::missing_value);
  EXPECT_EQ(r.fault().index, 0u);
  EXPECT_EQ(r.fault().column, 1u);
}

TEST(ChiSquare, WarningsForSmallExpectedCountsEmptyRowsAndOneRow) {
  Json r = ask({{"op", "chi_square"}, {"table", {{3, 1}, {2, 5}}}});
  expect_warning(r, "below 5");
  expect_warning_ids(r, {"chi_square.small_expected"});
  // the smallest expected count: row 0 (4) times column 0 (5) over 11
  EXPECT_DOUBLE_EQ(r["result"]["warning_msgs"][0]["params"]["value"].get<double>(), 4.0 * 5.0 / 11.0);
  r = ask({{"op", "chi_square"}, {"table", {{30, 10}, {0, 0}}}});
  expect_warning(r, "row 1 of table has no counts");
  expect_warning_ids(r, {"chi_square.empty_line"});
  EXPECT_EQ(r["result"]["warning_msgs"][0]["params"], (Json{{"dim", "row"}, {"index", 1}}));
  EXPECT_TRUE(r["result"]["chi2"].is_null());
  r = ask({{"op", "chi_square"}, {"table", {{20, 30, 50}}}});
  expect_warning(r, "goodness of fit");
  expect_warning_ids(r, {"chi_square.goodness_of_fit"});
  // the kernel's notes carry the numbers the sentences show
  auto k = ht::chi_square({{30, 10}, {0, 0}}, true);
  ASSERT_TRUE(k.ok());
  ASSERT_EQ(k->notes.size(), 1u);
  EXPECT_EQ(k->notes[0].kind, ht::ChiSquareNote::Kind::empty_row);
  EXPECT_EQ(k->notes[0].index, 1u);
  k = ht::chi_square({{3, 1}, {2, 5}}, true);
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE(has_note(k->notes, ht::ChiSquareNote::Kind::small_expected));
  EXPECT_DOUBLE_EQ(k->notes.back().value, 4.0 * 5.0 / 11.0);
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
