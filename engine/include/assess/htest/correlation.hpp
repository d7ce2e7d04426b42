// Pearson's product-moment correlation with its t test and Fisher-z
// interval, as R's cor.test(x, y, conf.level) (two-sided). Pairs with a
// missing value (NaN) are dropped.
#pragma once

#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class PearsonNote {
  x_constant,     // sd(x) = 0: r, t, p and the interval are NaN
  y_constant,     // sd(y) = 0: the same
  both_constant,  // both: the same
  perfect,        // |r| = 1: t is infinite (NaN), p is 0
  no_interval,    // n = 3: the Fisher-z interval is NaN
};

struct Pearson {
  long n = 0;  // complete pairs
  double r, t, df, p, ci_low, ci_high;
  double conf_level = 0.95;
  std::vector<PearsonNote> notes;
};

// Needs at least 3 complete pairs (the interval at least 4, as R);
// x and y of equal length. Faults: bad_conf_level; lengths_differ (x, y);
// too_few pairs (limit 3).
Outcome<Pearson> pearson(const std::vector<double>& x, const std::vector<double>& y, double conf_level = 0.95);

}  // namespace assess::htest
