// Cohen's kappa for two raters' codes, unweighted or with linear or
// quadratic agreement weights, as psych::cohen.kappa on the q x q table of
// the pairs: kappa = (po - pe) / (1 - pe) with po and pe the weighted
// observed and chance-expected agreement, its variance as psych computes
// it (set to 0 when negative, as psych does) and the normal interval
// clipped to [-1, 1].
//
// Weights over the category index i, j = 0..q-1: none = the identity;
// linear 1 - |i - j| / (q - 1); quadratic 1 - (i - j)^2 / (q - 1)^2. The
// caller maps the codes to indices (the scale's points in order, or the
// codes observed, sorted).
#pragma once

#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::agreement {

enum class KappaWeights { none, linear, quadratic };

struct CohenKappaNote {
  enum class Kind {
    pairs_dropped,      // n pairs with a missing code were left out
    undefined,          // the chance agreement is 1 (every code in one category): kappa, se, limits NaN
    variance_negative,  // psych's variance formula gave a negative value: se 0, as psych reports it
  };
  Kind kind;
  std::size_t n = 0;
};

struct CohenKappa {
  long n = 0;          // complete pairs
  long n_dropped = 0;  // pairs with a missing code
  double kappa, se, ci_low, ci_high;
  std::vector<CohenKappaNote> notes;
};

inline constexpr int kNoCode = -1;
// The most categories of a kappa (cohen_kappa's q x q table, fleiss_kappa's
// counts per subject): codes beyond it are measurements, not categories.
inline constexpr std::size_t kMaxKappaCategories = 1000;

// x[i], y[i]: the two raters' category indices in [0, q), or kNoCode.
// Faults: lengths_differ; too_many values (q above kMaxKappaCategories);
// too_few pairs (complete pairs, limit 2); bad_conf_level.
Outcome<CohenKappa> cohen_kappa(const std::vector<int>& x, const std::vector<int>& y, std::size_t q,
                                KappaWeights weights, double conf_level = 0.95);

}  // namespace assess::agreement
