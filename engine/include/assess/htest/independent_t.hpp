// Student's and Welch's t tests of two independent samples with standardized
// effect sizes: R's t.test(x, y, var.equal = equal_var), plus Cohen's d with
// the pooled SD, its noncentral-t interval (pooled t, df = n_x + n_y - 2, also
// when the test is Welch's) and Hedges' g with the exact correction J(df).
// Two-sided; missing values (NaN) are dropped within each sample.
#pragma once

#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::htest {

struct IndependentT {
  long n_x = 0, n_y = 0;
  double mean_x, mean_y, sd_x, sd_y;
  double mean_diff, t, df, p, ci_low, ci_high;  // of mean(x) - mean(y)
  double d, d_ci_low, d_ci_high, g;
  bool equal_var = false;
  double conf_level = 0.95;
  std::vector<std::string> warnings;
};

// Welch needs at least 2 values in each sample; Student at least 1 in each
// and 3 in all (as R).
Result<IndependentT> independent_t(const std::vector<double>& x, const std::vector<double>& y, bool equal_var = false,
                                   double conf_level = 0.95);

// Hedges' exact small-sample correction J(df) = Gamma(df/2) /
// (sqrt(df/2) Gamma((df-1)/2)); NaN for df <= 1.
double hedges_j(double df) noexcept;

void to_json(Json& j, const IndependentT& r);

}  // namespace assess::htest
