// Classic one-way analysis of variance (equal variances), as R's
// anova(lm(y ~ group)) / oneway.test(var.equal = TRUE); eta_sq =
// SS_between / SS_total. Missing values (NaN) are dropped within each group.
#pragma once

#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class AnovaNote {
  no_within_variation,  // ss_within = 0: F and p are NaN
  no_variation,         // all values equal: F, p and eta_sq are NaN
};

struct AnovaGroup {
  long n = 0;
  double mean, sd;
};

struct OneWayAnova {
  double F, df_between, df_within, p, eta_sq;
  double ss_between, ss_within, ms_between, ms_within;
  std::vector<AnovaGroup> groups;
  std::vector<AnovaNote> notes;
};

// At least 2 groups, each with at least 1 value, and more values than groups.
// Faults: too_few groups (limit 2); too_few values in group `index` (limit
// 1); too_few values in all (index kNone, limit = groups + 1).
Outcome<OneWayAnova> one_way_anova(const std::vector<std::vector<double>>& groups);

}  // namespace assess::htest
