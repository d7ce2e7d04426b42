// Pieces shared by the two t tests (paired_t.cpp, independent_t.cpp): the
// confidence-level check, two-sided p, the test and interval of a mean
// difference, the noncentral-t interval of a
// standardized effect and R's "essentially constant" rule. Internal.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest::t_common {

inline constexpr double kEps = std::numeric_limits<double>::epsilon();

inline bool valid_conf_level(double cl) noexcept { return cl > 0.0 && cl < 1.0; }

// Two-sided p of a t statistic; the tail is computed directly so that tiny
// p-values keep their relative accuracy.
inline double two_sided_p(double t, double df) noexcept {
  return std::min(1.0, 2.0 * distributions::sf(distributions::StudentT{df}, std::fabs(t)));
}

// The t test of a mean difference with standard error se on df degrees of
// freedom: the statistic, its two-sided p and the confidence interval of
// the difference at cl.
inline void mean_diff_test(double mean_diff, double se, double df, double cl, double* t, double* p, double* ci_low,
                           double* ci_high) noexcept {
  *t = mean_diff / se;
  *p = two_sided_p(*t, df);
  const double q = distributions::quantile_sf(distributions::StudentT{df}, (1.0 - cl) / 2.0);
  *ci_low = mean_diff - q * se;
  *ci_high = mean_diff + q * se;
}

// Noncentrality limits of an observed t at confidence cl: cdf(t; df, ncp)
// falls as ncp grows, so the lower limit is where it equals (1 + cl) / 2.
inline void ncp_interval(double t, double df, double cl, double* lo, double* hi) noexcept {
  *lo = distributions::ncp_for_cdf(df, t, (1.0 + cl) / 2.0);
  *hi = distributions::ncp_for_cdf(df, t, (1.0 - cl) / 2.0);
}

// R's t.test stops with "data are essentially constant" below this.
inline bool essentially_constant(double se, double magnitude) noexcept {
  return !(se > 0.0) || se < 10.0 * kEps * magnitude;
}

inline bool all_equal(const std::vector<double>& v) noexcept {
  return std::all_of(v.begin(), v.end(), [&](double a) { return a == v.front(); });
}

}  // namespace assess::htest::t_common
