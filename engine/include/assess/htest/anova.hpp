// Classic one-way analysis of variance (equal variances), as R's
// anova(lm(y ~ group)) / oneway.test(var.equal = TRUE); eta_sq =
// SS_between / SS_total. Missing values (NaN) are dropped within each group.
#pragma once

#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::htest {

struct AnovaGroup {
  long n = 0;
  double mean, sd;
};

struct OneWayAnova {
  double F, df_between, df_within, p, eta_sq;
  double ss_between, ss_within, ms_between, ms_within;
  std::vector<AnovaGroup> groups;
  std::vector<std::string> warnings;
};

// At least 2 groups, each with at least 1 value, and more values than groups.
Result<OneWayAnova> one_way_anova(const std::vector<std::vector<double>>& groups);

void to_json(Json& j, const OneWayAnova& r);

}  // namespace assess::htest
