// Student's and Welch's t tests of two independent samples with standardized
// effect sizes: R's t.test(x, y, var.equal = equal_var), plus Cohen's d with
// the pooled SD, its noncentral-t interval (pooled t, df = n_x + n_y - 2, also
// when the test is Welch's) and Hedges' g with the exact correction J(df).
// Two-sided; missing values (NaN) are dropped within each sample.
#pragma once

#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class IndependentTNote {
  both_constant,         // no variation within either sample: t, p, the interval, d and g are NaN
  d_interval_undefined,  // the noncentral-t inversion failed: d_ci_low/high are NaN
  g_undefined,           // n_x + n_y < 4: Hedges' correction is undefined, g is NaN
};

struct IndependentT {
  long n_x = 0, n_y = 0;
  double mean_x, mean_y, sd_x, sd_y;
  double mean_diff, t, df, p, ci_low, ci_high;  // of mean(x) - mean(y)
  double d, d_ci_low, d_ci_high, g;
  bool equal_var = false;
  double conf_level = 0.95;
  std::vector<IndependentTNote> notes;
};

// Welch needs at least 2 values in each sample; Student at least 1 in each
// and 3 in all (as R). Faults: bad_conf_level; too_few values of sample
// `index` (0 = x, 1 = y; limit 2 for Welch, 1 for Student); too_few values
// of both together (index kNone, limit 3, Student only).
Outcome<IndependentT> independent_t(const std::vector<double>& x, const std::vector<double>& y, bool equal_var = false,
                                    double conf_level = 0.95);

// Hedges' exact small-sample correction J(df) = Gamma(df/2) /
// (sqrt(df/2) Gamma((df-1)/2)); NaN for df <= 1.
double hedges_j(double df) noexcept;

}  // namespace assess::htest
