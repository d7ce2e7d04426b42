// The paired t test with its standardized effect size: R's
// t.test(post, pre, paired = TRUE), plus d_z = mean(d) / sd(d) with its
// interval from the noncentral t (ncp limits / sqrt(n)). Two-sided; a pair
// with a missing value (NaN) is dropped.
#pragma once

#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class PairedTNote {
  constant_differences,   // sd_diff = 0: t, p, the interval and dz are NaN
  dz_interval_undefined,  // the noncentral-t inversion failed: dz_ci_low/high are NaN
};

struct PairedT {
  long n = 0;  // complete pairs
  double mean_diff, sd_diff, t, df, p, ci_low, ci_high, dz, dz_ci_low, dz_ci_high;
  double conf_level = 0.95;
  std::vector<PairedTNote> notes;
};

// d = post - pre. Faults: bad_conf_level; lengths_differ (pre, post);
// too_few pairs (limit 2).
Outcome<PairedT> paired_t(const std::vector<double>& pre, const std::vector<double>& post, double conf_level = 0.95);
// The same from the differences d = post - pre of the complete pairs, with
// their mean and variance already computed (mean(d), variance(d)): the
// pre-post analysis has them from its descriptives. Same result bit for bit.
Outcome<PairedT> paired_t_of_differences(const std::vector<double>& d, double mean_d, double variance_d,
                                         double conf_level = 0.95);

}  // namespace assess::htest
