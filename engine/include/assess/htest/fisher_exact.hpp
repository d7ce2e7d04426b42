// Fisher's exact test of a 2 x 2 table, as R 4.2's fisher.test(table)
// (two-sided): the conditional distribution of the first cell given the
// margins is hypergeometric; the p-value sums the probabilities of the
// tables no more likely than the observed one (relative tolerance 1e-7, as
// R); the odds ratio is the conditional maximum-likelihood estimate (the
// noncentrality of the noncentral hypergeometric whose mean is the observed
// cell) and its interval the exact conditional one (the noncentralities
// whose tails equal (1 - conf_level) / 2). R finds these roots with
// uniroot's default tolerance (errors up to 1e-4 relative); here they are
// solved to full double precision.
#pragma once

#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class FisherNote {
  empty_margin,         // a row or column of the table has no counts: odds_ratio and the interval are NaN, p is 1
  infinite_odds_ratio,  // b = 0 or c = 0 (the first cell at its largest): odds_ratio and ci_high are +infinity
};

struct FisherExact {
  double p, odds_ratio, ci_low, ci_high;
  double conf_level = 0.95;
  double n = 0.0;  // total count
  std::vector<FisherNote> notes;
};

// Total counts above this are refused (too_many, `value` = the total): the
// work grows with the square root of the total.
inline constexpr double kFisherMaxTotal = 1e8;

// The table {{a, b}, {c, d}} of non-negative integer counts. Faults:
// bad_conf_level; bad_value at (row, column) for a negative or non-integer
// count; zero_total; too_many values (`value` = the total, limit 1e8).
Outcome<FisherExact> fisher_exact(double a, double b, double c, double d, double conf_level = 0.95);

}  // namespace assess::htest
