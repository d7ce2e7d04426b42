// wilcoxon_signed_rank beyond the R references
// (fixtures/reference/wilcoxon_signed_rank.json): the exact null distribution
// against enumeration, mirror symmetry, zeros and ties, the continuity
// correction, and errors naming the field.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/htest/wilcoxon.hpp"
#include "support/stat_support.hpp"

using assess::Json;
namespace ht = assess::htest;
using namespace assess::test;

namespace {

TEST(SignedRank, NullDistributionMatchesEnumeration) {
  for (long n = 1; n <= 14; ++n) {
    const long total = n * (n + 1) / 2;
    std::vector<double> count(total + 1, 0.0);
    for (unsigned long mask = 0; mask < (1ul << n); ++mask) {
      long s = 0;
      for (long k = 0; k < n; ++k) {
        if (mask & (1ul << k)) s += k + 1;
      }
      count[s] += 1.0;
    }
    double cum = 0.0;
    for (long v = 0; v <= total; ++v) {
      cum += count[v];
      EXPECT_DOUBLE_EQ(ht::signed_rank_cdf(n, v), cum / std::ldexp(1.0, n)) << "n = " << n << ", v = " << v;
      // symmetry about n(n+1)/4 and the upper tail computed directly
      EXPECT_DOUBLE_EQ(ht::signed_rank_sf(n, total - v), ht::signed_rank_cdf(n, v));
    }
  }
  EXPECT_DOUBLE_EQ(ht::signed_rank_cdf(3, 3), 5.0 / 8.0);
  EXPECT_DOUBLE_EQ(ht::signed_rank_cdf(5, 2.5), ht::signed_rank_cdf(5, 2));  // V between integers
  EXPECT_EQ(ht::signed_rank_cdf(10, -1), 0.0);
  EXPECT_EQ(ht::signed_rank_cdf(10, 55), 1.0);
  EXPECT_EQ(ht::signed_rank_sf(10, 0), 1.0);
  EXPECT_TRUE(std::isnan(ht::signed_rank_cdf(50, 10)));  // beyond the exact range
  EXPECT_TRUE(std::isnan(ht::signed_rank_cdf(0, 0)));
  // the largest exact size still sums to one
  EXPECT_NEAR(ht::signed_rank_cdf(49, 49 * 50 / 2), 1.0, 1e-15);
  EXPECT_NEAR(ht::signed_rank_cdf(49, 612) + ht::signed_rank_sf(49, 613), 1.0, 1e-15);
}

TEST(Wilcoxon, SwappingPreAndPostMirrorsV) {
  auto pre = normal_sample(25, 11, 50, 10);
  auto post = normal_sample(25, 12, 52, 10);
  for (bool correct : {true, false}) {
    auto a = ht::wilcoxon_signed_rank(pre, post, correct);
    auto b = ht::wilcoxon_signed_rank(post, pre, correct);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->method, "exact");
    EXPECT_DOUBLE_EQ(a->V + b->V, 25.0 * 26.0 / 2.0);
    EXPECT_DOUBLE_EQ(a->p, b->p);
  }
  pre.resize(80, 1.0);
  post = normal_sample(80, 13, 1.2, 1.0);
  auto a = ht::wilcoxon_signed_rank(pre, post), b = ht::wilcoxon_signed_rank(post, pre);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->method, "normal");
  EXPECT_NEAR(a->p, b->p, 1e-15);
  EXPECT_NEAR(a->z, -b->z, 1e-15);
}

TEST(Wilcoxon, ZerosAreCountedTiesForceTheNormalMethod) {
  auto r = ht::wilcoxon_signed_rank({1, 2, 3, 4, 5, 6}, {1, 2.5, 3, 5, 5, 9});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->n, 3);
  EXPECT_EQ(r->n_zero, 3);
  EXPECT_EQ(r->method, "normal");
  EXPECT_TRUE(has_note(r->notes, ht::WilcoxonNote::normal_for_zeros));
  auto t = ht::wilcoxon_signed_rank({0, 0, 0, 0}, {1, -1, 2, 3});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->method, "normal");
  EXPECT_TRUE(has_note(t->notes, ht::WilcoxonNote::normal_for_ties));
  Json j = ask({{"op", "wilcoxon_signed_rank"}, {"pre", {1, 2, 3, 4, 5, 6}}, {"post", {1, 2.5, 3, 5, 5, 9}}});
  expect_warning(j, "with zero differences");
  expect_warning_ids(j, {"wilcoxon_signed_rank.normal_for_zeros"});
  EXPECT_DOUBLE_EQ(t->V, 1.5 + 3 + 4);
}

TEST(Wilcoxon, ContinuityCorrectionMovesZTowardZeroByHalfOverSigma) {
  auto pre = normal_sample(70, 21);
  auto post = normal_sample(70, 22, 0.4);
  auto c = ht::wilcoxon_signed_rank(pre, post, true), u = ht::wilcoxon_signed_rank(pre, post, false);
  ASSERT_TRUE(c.ok() && u.ok());
  const double sigma = std::sqrt(70.0 * 71.0 * 141.0 / 24.0);
  EXPECT_NEAR(std::fabs(u->z) - std::fabs(c->z), 0.5 / sigma, 1e-12);
  EXPECT_GT(c->p, u->p);
}

TEST(Wilcoxon, ErrorsNameTheField) {
  Json len = ask_text(R"({"op":"wilcoxon_signed_rank","pre":[1,2,3],"post":[1,2]})");
  EXPECT_EQ(len["error"]["code"], "invalid_input");
  EXPECT_NE(len["error"]["message"].get<std::string>().find("post has 2"), std::string::npos) << len.dump();
  Json zero = ask_text(R"({"op":"wilcoxon_signed_rank","pre":[1,2,null],"post":[1,2,5]})");
  EXPECT_EQ(zero["error"]["code"], "insufficient_data");
  EXPECT_NE(zero["error"]["message"].get<std::string>().find("zero"), std::string::npos) << zero.dump();
  EXPECT_EQ(zero["error"]["msg"]["id"], "wilcoxon_signed_rank.all_zero");
  auto k = ht::wilcoxon_signed_rank({1, 2, assess::kMissing}, {1, 2, 5});
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.fault().kind, assess::FaultKind::all_zero);
  EXPECT_EQ(k.fault().n, 2u);
}

}  // namespace
