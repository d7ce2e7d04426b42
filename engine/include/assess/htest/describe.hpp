// Descriptive statistics of one sample, as R's length/mean/sd/quantile
// (type 7)/min/max with na.rm = TRUE.
#pragma once

#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::htest {

struct Describe {
  long n = 0;
  double mean, sd, se, median, q1, q3, min, max;
  std::vector<std::string> warnings;
};

// Missing values (NaN) are dropped; at least one value is required.
Result<Describe> describe(const std::vector<double>& x);

void to_json(Json& j, const Describe& d);

}  // namespace assess::htest
