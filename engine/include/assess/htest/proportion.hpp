// A proportion x / n with the Wilson score interval, as R 4.2's
// prop.test(x, n, correct = FALSE)$conf.int (two-sided): the limits are the
// proportions pi with (x/n - pi)^2 = z^2 pi (1 - pi) / n, z the normal
// quantile of (1 + conf_level) / 2. They are computed without cancellation
// (lower = p^2 / (p + z^2/(2n) + z s) instead of R's difference), and
// x = 0 and x = n give the limits 0 and 1 exactly.
#pragma once

#include "assess/core/fault.hpp"

namespace assess::htest {

struct Proportion {
  double x, n, estimate, ci_low, ci_high;
  double conf_level = 0.95;
};

// x and n non-negative integers (as counts), x <= n. Faults: bad_conf_level;
// bad_value with index 0 (x: negative, not an integer, or above n) or 1 (n:
// negative or not an integer); too_few values when n = 0 (limit 1).
Outcome<Proportion> proportion(double x, double n, double conf_level = 0.95);

}  // namespace assess::htest
