// Spearman's rank correlation with its test, as R 4.2's cor.test(x, y,
// method = "spearman") (two-sided, exact = NULL). rho is the Pearson
// correlation of the average ranks; S = (n^3 - n)(1 - rho) / 6. The p-value
// is min(2 p1, 1), p1 the tail of S on the side of the observed value:
// without ties and n <= 1290 from the null distribution of S (R's prho: the
// exact distribution for n <= 9, counted over all n! permutations, and the
// Edgeworth series of AS 89 for 10 <= n <= 1290); with ties, or n > 1290,
// the t approximation t = rho sqrt((n - 2) / (1 - rho^2)) with n - 2 df.
// Pairs with a missing value (NaN) are dropped.
#pragma once

#include <string>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class SpearmanNote {
  x_constant,     // every x is equal: rho, S and p are NaN
  y_constant,     // every y is equal: the same
  both_constant,  // both: the same
  t_for_ties,     // ties in x or y: the t approximation was used (as R, which warns)
};

struct Spearman {
  long n = 0;  // complete pairs
  double rho, S, p;
  std::string method;  // "exact" (n <= 9, no ties), "edgeworth" (AS 89), "t" (ties or n > 1290)
  std::vector<SpearmanNote> notes;
};

// Needs at least 2 complete pairs (as R); x and y of equal length. Faults:
// lengths_differ (x, y); too_few pairs (limit 2).
Outcome<Spearman> spearman(const std::vector<double>& x, const std::vector<double>& y);

// The upper tail P(S >= s) (upper = true) or the lower tail P(S < s) of
// Spearman's S for n untied pairs under independence, as R's prho(n, s,
// lower_tail): exact for n <= 9, the Edgeworth series of AS 89 above.
double spearman_s_tail(long n, double s, bool upper) noexcept;

}  // namespace assess::htest
