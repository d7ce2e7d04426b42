// Kendall's coefficient of concordance W for m raters ranking n objects,
// as irr::kendall (Kendall & Babington Smith; Siegel & Castellan 1988):
// each rater's scores are ranked (average ranks for ties),
// W = 12 S / (m^2 (n^3 - n) - m sum T) with S the sum of squared deviations
// of the objects' rank sums from their mean and T = sum (t^3 - t) over each
// rater's tie groups (the correction term only when correct_ties), and the
// chi-square test chi2 = m (n - 1) W on n - 1 df, upper tail. With ties
// corrected, chi2 equals R's friedman.test statistic.
//
// Objects (columns) with a missing rating from any rater are left out, as
// irr::kendall's na.omit does, with a note.
#pragma once

#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::agreement {

struct KendallWNote {
  enum class Kind {
    objects_excluded,  // n objects with a missing rating were left out
    all_tied,          // every rater tied all objects: the tie-corrected W (and chi2, p) is NaN (0/0)
  };
  Kind kind;
  std::size_t n = 0;
};

struct KendallW {
  long m = 0;           // raters
  long n = 0;           // objects used
  long n_excluded = 0;  // objects left out for a missing rating
  double W, chi2, df, p;
  std::vector<KendallWNote> notes;
};

// ratings[r][o]: rater r's score (or rank) of object o; NaN = missing.
// Faults: ragged; too_few rows (raters, limit 2); too_few columns (objects
// rated by every rater, limit 2).
Outcome<KendallW> kendall_w(const std::vector<std::vector<double>>& ratings, bool correct_ties = true);

}  // namespace assess::agreement
