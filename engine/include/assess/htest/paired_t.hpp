// The paired t test with its standardized effect size: R's
// t.test(post, pre, paired = TRUE), plus d_z = mean(d) / sd(d) with its
// interval from the noncentral t (ncp limits / sqrt(n)). Two-sided; a pair
// with a missing value (NaN) is dropped.
#pragma once

#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::htest {

struct PairedT {
  long n = 0;  // complete pairs
  double mean_diff, sd_diff, t, df, p, ci_low, ci_high, dz, dz_ci_low, dz_ci_high;
  double conf_level = 0.95;
  std::vector<std::string> warnings;
};

// d = post - pre. Needs at least 2 complete pairs; pre and post of equal length.
Result<PairedT> paired_t(const std::vector<double>& pre, const std::vector<double>& post, double conf_level = 0.95);
// The same from the differences d = post - pre of the complete pairs, with
// their mean and variance already computed (mean(d), variance(d)): the
// pre-post analysis has them from its descriptives. Same result bit for bit.
Result<PairedT> paired_t_of_differences(const std::vector<double>& d, double mean_d, double variance_d,
                                        double conf_level = 0.95);

void to_json(Json& j, const PairedT& r);

}  // namespace assess::htest
