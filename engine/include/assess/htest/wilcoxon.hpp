// Wilcoxon signed-rank test for paired samples, reproducing R 4.2's
// wilcox.test(post, pre, paired = TRUE, correct = ...), two-sided.
//
// d = post - pre as computed in doubles; pairs with a missing value are
// dropped; zero differences are dropped and n counts the non-zero ones.
// |d| is ranked exactly as computed (R's default digits.rank = Inf, so no
// tolerance: 0.3 - 0.1 and 0.2 are different values, as in R). V is the sum
// of the ranks of the positive differences. The p-value is exact (the null
// distribution of V counted by dynamic programming) when n < 50 and there
// are neither ties nor zeros; otherwise it is the normal approximation with
// the tie correction of the variance and, when `correct`, the continuity
// correction.
#pragma once

#include <string>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

// Why the normal approximation was used for n < 50.
enum class WilcoxonNote {
  normal_for_ties,            // tied absolute differences
  normal_for_zeros,           // zero differences
  normal_for_ties_and_zeros,  // both
};

struct WilcoxonSignedRank {
  long n = 0;       // non-zero differences
  long n_zero = 0;  // zero differences that were dropped
  double V;
  double p;
  double z;            // normal method only (after corrections); NaN for exact
  std::string method;  // "exact" or "normal"
  std::vector<WilcoxonNote> notes;
};

// Null distribution of V for n untied, non-zero differences (each sign with
// probability 1/2), as R's psignrank: P(V <= v) and P(V >= v). Defined for
// 1 <= n <= 49 (every count then stays an exact integer in a double);
// NaN otherwise.
double signed_rank_cdf(long n, double v) noexcept;
double signed_rank_sf(long n, double v) noexcept;

// Faults: lengths_differ (pre, post); too_few pairs (none complete, limit
// 1); all_zero (n complete pairs, every difference zero).
Outcome<WilcoxonSignedRank> wilcoxon_signed_rank(const std::vector<double>& pre, const std::vector<double>& post,
                                                 bool correct = true);

}  // namespace assess::htest
