// Descriptive statistics of one sample, as R's length/mean/sd/quantile
// (type 7)/min/max with na.rm = TRUE.
#pragma once

#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class DescribeNote {
  sd_undefined,  // one value: sd and se are NaN
};

struct Describe {
  long n = 0;
  double mean, sd, se, median, q1, q3, min, max;
  std::vector<DescribeNote> notes;
};

// Missing values (NaN) are dropped; at least one value is required
// (too_few values, limit 1).
Outcome<Describe> describe(const std::vector<double>& x);

}  // namespace assess::htest
