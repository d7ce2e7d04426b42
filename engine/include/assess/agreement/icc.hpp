// Intraclass correlations of k raters scoring n objects, as
// psych::ICC(t(ratings), lmer = FALSE): the two-way ANOVA of the complete
// objects (mean squares between objects MSB, within objects MSW, between
// raters MSJ, residual MSE) and the six forms of Shrout & Fleiss (1979),
// ICC1, ICC2, ICC3 (single rater) and ICC1k, ICC2k, ICC3k (mean of the k
// raters), each with its F test (upper tail) and the intervals of McGraw &
// Wong (1996) as psych computes them (ICC2 and ICC2k with Satterthwaite's
// df).
//
// Perfect agreement makes the residual mean square 0: R then divides
// rounding noise by rounding noise. Here a mean square within the rounding
// noise of the data counts as 0: the forms whose F divides by it have
// icc = 1 (ICC3, ICC3k; all six when MSW is 0 too) and NaN F, p and limits,
// with a note.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::agreement {

struct IccNote {
  enum class Kind {
    objects_excluded,   // n objects (columns) with a missing rating were left out
    perfect_agreement,  // every rater gave every object the same score: icc 1, F, p and limits NaN
    residual_zero,      // MSE = 0 (raters differ by constants): ICC3/ICC3k 1; F, p, limits of ICC2/3 forms NaN
    no_variance,        // every rating is the same: every icc is 0/0 (NaN)
    objects_equal,      // every object has the same mean score (MSB = 0): ICC1k and ICC3k divide by 0 (NaN)
  };
  Kind kind;
  std::size_t n = 0;
};

struct IccForm {
  const char* type;  // "ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"
  double icc, F, df1, df2, p, ci_low, ci_high;
};

struct Icc {
  long n = 0;           // objects used
  long k = 0;           // raters
  long n_excluded = 0;  // objects left out for a missing rating
  std::array<IccForm, 6> forms{};
  std::vector<IccNote> notes;
};

// ratings[r][o]: rater r's score of object o; NaN = missing.
// Faults: ragged; too_few rows (raters, limit 2); too_few columns (objects
// rated by every rater, limit 2); bad_conf_level.
Outcome<Icc> icc(const std::vector<std::vector<double>>& ratings, double conf_level = 0.95);

}  // namespace assess::agreement
