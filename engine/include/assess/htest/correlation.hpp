// Pearson's product-moment correlation with its t test and Fisher-z
// interval, as R's cor.test(x, y, conf.level) (two-sided). Pairs with a
// missing value (NaN) are dropped.
#pragma once

#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::htest {

struct Pearson {
  long n = 0;  // complete pairs
  double r, t, df, p, ci_low, ci_high;
  double conf_level = 0.95;
  std::vector<std::string> warnings;
};

// Needs at least 3 complete pairs (the interval at least 4, as R);
// x and y of equal length.
Result<Pearson> pearson(const std::vector<double>& x, const std::vector<double>& y, double conf_level = 0.95);

void to_json(Json& j, const Pearson& r);

}  // namespace assess::htest
