// Analysis of covariance with one covariate and one grouping factor, as R's
// anova(lm(y ~ covariate + group)): the group row (the covariate entered
// first, so this row is also the type II and type III test of the group),
// the pooled within-group slope, the adjusted means at the mean covariate of
// the rows used (predict(se.fit = TRUE), t intervals on the residual df),
// with two groups the adjusted difference (level 1 minus level 0, as the
// group coefficient and its confint), and the homogeneity-of-slopes test
// (the covariate:group row of anova(lm(y ~ covariate * group))).
// Closed forms of the parallel-lines model: with group-centred sums
// Sxx = sum_g sum_i (x - mean_x[g])^2 and Sxy likewise, slope = Sxy / Sxx,
// adjusted mean[g] = mean_y[g] - slope (mean_x[g] - mean_x), its se =
// sqrt(MSE (1/n_g + (mean_x[g] - mean_x)^2 / Sxx)).
// Rows with a missing y or covariate (NaN) are left out (listwise).
#pragma once

#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

struct AncovaNote {
  enum class Kind {
    rows_excluded,          // `n` rows with a missing y or covariate were left out
    empty_level,            // level `level` has no complete row: left out, its adjusted mean NaN
    covariate_constant,     // the covariate does not vary within the groups: slope, the test, the adjusted
                            // means, the difference and the homogeneity test are NaN
    no_residual_df,         // n = levels + 1: F, p, the se's and the intervals are NaN
    perfect_fit,            // residual SS 0: F and p NaN (partial_eta_sq 1, se 0)
    homogeneity_undefined,  // fewer than 2 groups whose covariate varies, no residual df of the
                            // separate-slopes model, or it fits perfectly: homogeneity NaN
  };
  Kind kind;
  std::size_t level = 0;  // empty_level
  std::size_t n = 0;      // rows_excluded
};

struct AdjustedMean {
  double mean, se, ci_low, ci_high;
  long n = 0;             // complete rows of the level
  double y_mean;          // the unadjusted mean of y
  double covariate_mean;  // the mean covariate of the level
};

struct AncovaTest {
  double F, df1, df2, p;
};

struct Ancova {
  long n = 0;                                    // rows used (listwise)
  std::size_t n_groups = 0;                      // levels with at least one row
  double F, df1, df2, p, partial_eta_sq, slope;  // the group row of anova(lm(y ~ covariate + group))
  double ss_group, ss_residual;
  double covariate_mean;                        // of the rows used: where the adjusted means are taken
  std::vector<AdjustedMean> adjusted_means;     // per group level index (n_levels entries)
  AncovaTest homogeneity;                       // covariate:group row of lm(y ~ covariate * group)
  bool two_groups = false;                      // exactly two levels with rows: then the later minus the earlier
  std::size_t diff_first = 0, diff_second = 0;  // the two levels of the difference
  double adjusted_diff, diff_se, diff_ci_low, diff_ci_high;
  double conf_level = 0.95;
  std::vector<AncovaNote> notes;
};

// y, covariate: NaN = missing (listwise); group[i] = level index < n_levels.
// Faults: bad_conf_level; lengths_differ (n = y's length, m = the other's;
// index 1 = covariate, 2 = group); bad_value (a level index >= n_levels at
// `index`); too_few groups (fewer than 2 levels with a complete row, limit
// 2); too_few rows (n rows for k levels: at least k + 1 needed, limit k + 1).
Outcome<Ancova> ancova(const std::vector<double>& y, const std::vector<double>& covariate,
                       const std::vector<std::size_t>& group, std::size_t n_levels, double conf_level = 0.95);

}  // namespace assess::htest
