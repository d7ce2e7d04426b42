// Pieces shared by the two t tests (paired_t.cpp, independent_t.cpp): the
// confidence-level check, two-sided p, the noncentral-t interval of a
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
