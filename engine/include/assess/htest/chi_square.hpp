// Pearson's chi-square test on a table of counts, as R's chisq.test(table,
// correct): independence for an r x c table (r, c >= 2), with Yates'
// continuity correction only for 2 x 2 tables when `correct` (subtracting
// min(0.5, |O - E|), as R). A table with one row or one column is, as in R,
// a vector of counts tested for goodness of fit against equal proportions
// (no correction). cramers_v comes from the uncorrected statistic.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

struct ChiSquareNote {
  enum class Kind {
    one_row,         // a 1 x c table tested for goodness of fit; cramers_v is NaN
    one_column,      // an r x 1 table, the same
    empty_row,       // row `index` has no counts: chi2, p and cramers_v are NaN
    empty_column,    // column `index` has no counts: the same
    small_expected,  // the smallest expected count, `value`, is below 5
  };
  Kind kind;
  std::size_t index = 0;
  double value = 0.0;
};

struct ChiSquare {
  std::string method;  // "independence" or "goodness_of_fit"
  double chi2, df, p, cramers_v;
  double n;                                   // total count
  bool yates = false;                         // whether the continuity correction was applied
  std::vector<std::vector<double>> expected;  // same shape as the table
  std::vector<ChiSquareNote> notes;
};

// Rows of non-negative finite counts (non-integers allowed, as R), all rows
// of equal length, at least 2 cells and a positive total. Faults: ragged;
// missing_value and bad_value at (row, column); too_few cells (limit 2);
// zero_total.
Outcome<ChiSquare> chi_square(const std::vector<std::vector<double>>& table, bool correct = true);

}  // namespace assess::htest
