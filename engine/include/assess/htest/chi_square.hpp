// Pearson's chi-square test on a table of counts, as R's chisq.test(table,
// correct): independence for an r x c table (r, c >= 2), with Yates'
// continuity correction only for 2 x 2 tables when `correct` (subtracting
// min(0.5, |O - E|), as R). A table with one row or one column is, as in R,
// a vector of counts tested for goodness of fit against equal proportions
// (no correction). cramers_v comes from the uncorrected statistic.
#pragma once

#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::htest {

struct ChiSquare {
  std::string method;  // "independence" or "goodness_of_fit"
  double chi2, df, p, cramers_v;
  double n;                                   // total count
  bool yates = false;                         // whether the continuity correction was applied
  std::vector<std::vector<double>> expected;  // same shape as the table
  std::vector<std::string> warnings;
};

// Rows of non-negative finite counts (non-integers allowed, as R), all rows
// of equal length, at least 2 cells and a positive total.
Result<ChiSquare> chi_square(const std::vector<std::vector<double>>& table, bool correct = true);

void to_json(Json& j, const ChiSquare& r);

}  // namespace assess::htest
