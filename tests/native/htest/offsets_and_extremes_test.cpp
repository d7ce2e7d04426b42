// Every hypothesis-test op at large offsets (data shifted by 2^30 give the
// same answers) and with extreme but valid effects (finite or null, never NaN
// text, never a crash).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/htest/anova.hpp"
#include "assess/htest/chi_square.hpp"
#include "assess/htest/correlation.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/htest/p_adjust.hpp"
#include "assess/htest/paired_t.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

TEST(LargeOffset, EveryOpIsShiftInvariant) {
  const std::vector<double> a0 = grid({0.31, -1.2, 0.55, 1.7, -0.4, 0.92, 0.05, -0.77, 1.13, 0.38}),
                            b0 = grid({1.1, 0.4, 1.9, 2.3, 0.2, 1.6, 0.8, 0.9, 2.2, 1.35}),
                            c0 = grid({2.0, 1.4, 2.9, 1.3, 2.2, 2.6});
  const std::vector<double> a1 = grid(a0, kOffset), b1 = grid(b0, kOffset), c1 = grid(c0, kOffset);
  for (std::size_t i = 0; i < a0.size(); ++i) ASSERT_EQ(a1[i] - kOffset, a0[i]);

  auto p0 = ht::paired_t(a0, b0), p1 = ht::paired_t(a1, b1);
  ASSERT_TRUE(p0.ok() && p1.ok());
  EXPECT_LT(rel(p1->t, p0->t), 1e-13);
  EXPECT_LT(rel(p1->dz_ci_low, p0->dz_ci_low), 1e-12);

  for (bool eq : {false, true}) {
    auto t0 = ht::independent_t(a0, c0, eq), t1 = ht::independent_t(a1, c1, eq);
    ASSERT_TRUE(t0.ok() && t1.ok());
    EXPECT_LT(rel(t1->mean_diff, t0->mean_diff), 1e-13);
    EXPECT_LT(rel(t1->t, t0->t), 1e-12);
    EXPECT_LT(rel(t1->d, t0->d), 1e-12);
    EXPECT_LT(rel(t1->d_ci_high, t0->d_ci_high), 1e-11);
  }

  auto r0 = ht::pearson(a0, b0), r1 = ht::pearson(a1, b1);
  ASSERT_TRUE(r0.ok() && r1.ok());
  EXPECT_LT(rel(r1->r, r0->r), 1e-12);

  auto f0 = ht::one_way_anova({a0, b0, c0}), f1 = ht::one_way_anova({a1, b1, c1});
  ASSERT_TRUE(f0.ok() && f1.ok());
  EXPECT_LT(rel(f1->F, f0->F), 1e-12);
  EXPECT_LT(rel(f1->eta_sq, f0->eta_sq), 1e-12);
}

TEST(Robustness, ExtremeEffectsStayFiniteOrNull) {
  // t ~ 7600 with df = 39: p far below 1e-100, the d_z interval still finite
  // and bracketing d_z.
  std::vector<double> pre, post;
  for (int i = 0; i < 40; ++i) {
    pre.push_back(i);
    post.push_back(i + 100.0 + (i % 3) * 0.1);
  }
  Json r = ask({{"op", "paired_t"}, {"pre", pre}, {"post", post}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_GT(r["result"]["t"].get<double>(), 7000.0);
  EXPECT_LT(r["result"]["p"].get<double>(), 1e-100);
  EXPECT_LT(r["result"]["dz_ci_low"].get<double>(), r["result"]["dz"].get<double>());
  EXPECT_GT(r["result"]["dz_ci_high"].get<double>(), r["result"]["dz"].get<double>());
  EXPECT_EQ(r.dump().find("NaN"), std::string::npos);
  Json c = ask({{"op", "chi_square"}, {"table", {{1e6, 1}, {1, 1e6}}}});
  ASSERT_EQ(c["ok"], true) << c.dump();
  EXPECT_EQ(c["result"]["p"], 0.0);  // underflows below the smallest double
}

}  // namespace
