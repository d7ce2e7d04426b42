// p_adjust beyond the R references (fixtures/reference/p_adjust.json): errors
// naming the value and the methods, the ordering of the methods, nulls kept
// in place.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/htest/p_adjust.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

TEST(PAdjust, ErrorsNameTheValueAndTheMethods) {
  expect_error(ask({{"op", "p_adjust"}, {"p", {0.2, 1.5}}, {"method", "holm"}}), "invalid_input", {"p[1]", "1.5"},
               "/p/1");
  expect_error(ask({{"op", "p_adjust"}, {"p", {0.2}}, {"method", "fdr"}}), "invalid_input",
               {"fdr", "holm, bonferroni, hochberg, BH"}, "/method");
  expect_error(ask({{"op", "p_adjust"}, {"p", {0.2}}}), "invalid_input", {"method"});
  EXPECT_FALSE(ht::p_adjust_method("bh").has_value());  // R's names are case-sensitive
  EXPECT_EQ(ht::p_adjust_method("BH"), ht::PAdjustMethod::bh);
  EXPECT_STREQ(ht::r_name(ht::PAdjustMethod::bh), "BH");
  auto bad = ht::p_adjust({0.2, 1.5}, ht::PAdjustMethod::holm);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.fault().kind, assess::FaultKind::bad_value);
  EXPECT_EQ(bad.fault().index, 1u);
  EXPECT_EQ(bad.fault().value, 1.5);
}

TEST(PAdjust, OrderingOfMethodsAndNullsKeptInPlace) {
  std::vector<double> p{0.01, 0.04, kNaN, 0.03, 0.2, 0.001, 0.04};
  auto get = [&](ht::PAdjustMethod m) {
    auto r = ht::p_adjust(p, m);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->n, 6);
    EXPECT_TRUE(std::isnan(r->adjusted[2]));
    return r->adjusted;
  };
  auto bon = get(ht::PAdjustMethod::bonferroni), holm = get(ht::PAdjustMethod::holm),
       hoch = get(ht::PAdjustMethod::hochberg), bh = get(ht::PAdjustMethod::bh);
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i == 2) continue;
    EXPECT_GE(bon[i], holm[i]);
    EXPECT_GE(holm[i], hoch[i]);
    EXPECT_GE(hoch[i], bh[i]);
    EXPECT_GE(bh[i], p[i]);
  }
  EXPECT_EQ(holm[1], holm[6]);  // ties stay tied
  Json r = ask({{"op", "p_adjust"}, {"p", {0.5, nullptr}}, {"method", "BH"}});
  EXPECT_TRUE(r["result"]["adjusted"][1].is_null());
  EXPECT_EQ(r["result"]["n"], 1);
}

}  // namespace
