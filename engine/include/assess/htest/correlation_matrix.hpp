// Correlations between every two of k variables, as R 4.2's cor.test on
// each pair's complete observations (method "pearson" with its Fisher-z
// interval, or "spearman" without an interval; see correlation.hpp and
// spearman.hpp), with Holm's adjustment over all pairs (R's p.adjust(p,
// "holm"), a pair without a p-value left out as R leaves out NA). A pair
// that cannot be computed (fewer than 3 complete pairs, a constant
// variable) has NaN statistics and a note; it does not stop the others.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class CorrelationMethod { pearson, spearman };

struct CorrelationPairNote {
  enum class Kind {
    too_few_pairs,  // `n` complete pairs, fewer than 3: r, p and the interval are NaN
    constant,       // variable `variable` is constant over the pair's complete observations: the same
    no_interval,    // pearson with 3 complete pairs: the Fisher-z interval is NaN (as R)
  };
  Kind kind;
  std::size_t variable = 0;
};

struct CorrelationPair {
  std::size_t x = 0, y = 0;  // variable indices, x < y
  long n = 0;                // complete pairs
  double r, p, p_holm;
  double ci_low, ci_high;  // pearson only; NaN for spearman
  std::string p_method;    // spearman: "exact", "edgeworth" or "t"; pearson: "t"
  std::vector<CorrelationPairNote> notes;
};

struct CorrelationMatrix {
  CorrelationMethod method = CorrelationMethod::pearson;
  double conf_level = 0.95;
  std::vector<CorrelationPair> pairs;  // (0,1), (0,2), ..., (1,2), ...
};

// variables[j]: the values of variable j (NaN = missing), all of one length.
// Faults: bad_conf_level; too_few columns (variables, limit 2); ragged
// (variable `index` has n values, variable 0 has m).
Outcome<CorrelationMatrix> correlation_matrix(const std::vector<std::vector<double>>& variables,
                                              CorrelationMethod method, double conf_level = 0.95);

}  // namespace assess::htest
