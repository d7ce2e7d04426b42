// shapiro_wilk beyond the R references (fixtures/reference/shapiro_wilk.json):
// coefficient normalisation, shift, scale and order invariance, p-value
// edges, constant data, and messages naming the field and the limits.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/htest/shapiro_wilk.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

TEST(ShapiroWilk, CoefficientsHaveUnitLengthAndDecrease) {
  for (std::size_t n : {3u, 4u, 5u, 6u, 7u, 11u, 12u, 20u, 101u, 1000u, 5000u}) {
    std::vector<double> a(n / 2);
    ht::shapiro_wilk_coefficients(n, a.data());
    double ss = 0.0;
    for (double v : a) ss += 2.0 * v * v;
    EXPECT_NEAR(ss, 1.0, 1e-12) << "n = " << n;
    for (std::size_t i = 1; i < a.size(); ++i) EXPECT_GT(a[i - 1], a[i]) << "n = " << n << ", i = " << i;
    EXPECT_GT(a.back(), 0.0) << "n = " << n;
  }
  double a3 = 0.0;
  ht::shapiro_wilk_coefficients(3, &a3);
  EXPECT_DOUBLE_EQ(a3, std::sqrt(0.5));
}

TEST(ShapiroWilk, ShiftAndScaleInvariant) {
  for (std::size_t n : {3u, 8u, 12u, 50u, 400u}) {
    auto x = normal_sample(n, 7 + n);
    auto base = ht::shapiro_wilk(x);
    ASSERT_TRUE(base.ok());
    std::vector<double> shifted(x), scaled_up(x), scaled_down(x);
    for (double& v : shifted) v += 1e9;
    for (double& v : scaled_up) v *= 0x1p+900;  // powers of two: exact, and sums of squares would overflow
    for (double& v : scaled_down) v *= 0x1p-900;
    auto s = ht::shapiro_wilk(shifted);
    ASSERT_TRUE(s.ok());
    // adding 1e9 rounds each value to ~1.2e-7, so W moves by about that much relative to the spread
    EXPECT_NEAR(s->W, base->W, 1e-6) << "n = " << n;
    auto up = ht::shapiro_wilk(scaled_up);
    auto down = ht::shapiro_wilk(scaled_down);
    ASSERT_TRUE(up.ok());
    ASSERT_TRUE(down.ok());
    EXPECT_DOUBLE_EQ(up->W, base->W) << "n = " << n;
    EXPECT_DOUBLE_EQ(down->W, base->W) << "n = " << n;
    EXPECT_DOUBLE_EQ(up->p, base->p) << "n = " << n;
  }
}

TEST(ShapiroWilk, CentringRemovesTheOffsetDriftExactly) {
  // Data whose values and offset are exact in binary: x + 2^30 keeps every
  // value exact, so the centred data, and hence W and p, must be identical.
  auto x = normal_sample(200, 99);
  for (double& v : x) v = std::round(v * 1024.0) / 1024.0;
  std::vector<double> y(x);
  for (double& v : y) v += 0x1p+30;
  auto a = ht::shapiro_wilk(x), b = ht::shapiro_wilk(y);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NEAR(a->W, b->W, 1e-15);
  EXPECT_NEAR(a->p, b->p, 1e-14 * a->p);
}

TEST(ShapiroWilk, OrderAndMissingValuesDoNotMatter) {
  auto x = normal_sample(30, 3);
  auto base = ht::shapiro_wilk(x);
  std::vector<double> y(x.rbegin(), x.rend());
  y.insert(y.begin() + 5, assess::kMissing);
  y.push_back(assess::kMissing);
  auto r = ht::shapiro_wilk(y);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 30);
  EXPECT_DOUBLE_EQ(r->W, base->W);
  EXPECT_DOUBLE_EQ(r->p, base->p);
}

TEST(ShapiroWilk, PValueEdges) {
  // n = 3: exact, P(W <= 0.75) = 0 and P(W <= 1) = 1.
  EXPECT_NEAR(ht::shapiro_wilk_p(3, 0.75, 0.25), 0.0, 1e-15);
  EXPECT_NEAR(ht::shapiro_wilk_p(3, 1.0, 1e-17), 1.0, 1e-12);
  EXPECT_EQ(ht::shapiro_wilk_p(20, 1.0, 0.0), 1.0);
  // p decreases as W falls, for both transformations.
  for (std::size_t n : {4u, 11u, 12u, 5000u}) {
    double prev = 1.0;
    for (double w : {0.999, 0.99, 0.95, 0.9, 0.8, 0.7}) {
      double p = ht::shapiro_wilk_p(n, w, 1.0 - w);
      EXPECT_LE(p, prev) << "n = " << n << ", W = " << w;
      EXPECT_GE(p, 0.0);
      prev = p;
    }
  }
}

TEST(ShapiroWilk, ConstantDataGiveNullsAndAWarning) {
  auto r = ht::shapiro_wilk({5, 5, 5, assess::kMissing, 5});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 4);
  EXPECT_TRUE(std::isnan(r->W));
  EXPECT_TRUE(std::isnan(r->p));
  EXPECT_TRUE(has_note(r->notes, ht::ShapiroWilkNote::constant));
  Json j = ask_text(R"({"op":"shapiro_wilk","x":[1,1,1]})");
  ASSERT_TRUE(j["ok"].get<bool>()) << j.dump();
  EXPECT_TRUE(j["result"]["W"].is_null());
  EXPECT_TRUE(j["result"]["p"].is_null());
  EXPECT_FALSE(j["result"]["warnings"].empty());
  expect_warning_ids(j, {"shapiro_wilk.constant"});
}

TEST(ShapiroWilk, MessagesNameTheFieldAndTheLimits) {
  Json small = ask_text(R"({"op":"shapiro_wilk","x":[1,2]})");
  EXPECT_EQ(small["error"]["code"], "insufficient_data");
  EXPECT_NE(small["error"]["message"].get<std::string>().find("x has 2"), std::string::npos) << small.dump();
  EXPECT_NE(small["error"]["message"].get<std::string>().find("5000"), std::string::npos);
  Json big_req = {{"op", "shapiro_wilk"}, {"x", normal_sample(5001, 1)}};
  Json big = ask_text(big_req.dump());
  EXPECT_EQ(big["error"]["code"], "out_of_range");
  EXPECT_NE(big["error"]["message"].get<std::string>().find("5001"), std::string::npos);
  EXPECT_EQ(big["error"]["msg"]["id"], "shapiro_wilk.too_many_values");
  EXPECT_EQ(big["error"]["msg"]["params"]["n"], 5001);
  // the kernel's faults carry the count and the limit
  auto few = ht::shapiro_wilk({1, 2, assess::kMissing});
  ASSERT_FALSE(few.ok());
  EXPECT_EQ(few.fault().kind, assess::FaultKind::too_few);
  EXPECT_EQ(few.fault().n, 2u);
  EXPECT_EQ(few.fault().limit, 3u);
  auto many = ht::shapiro_wilk(normal_sample(5001, 1));
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.fault().kind, assess::FaultKind::too_many);
  EXPECT_EQ(many.fault().limit, 5000u);
  Json nan = ask_text(R"({"op":"shapiro_wilk","x":[1,2,"NaN"]})");
  EXPECT_EQ(nan["error"]["code"], "invalid_input");
}

}  // namespace
