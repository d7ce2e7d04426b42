// Fleiss' kappa for m raters putting n subjects into categories (Fleiss
// 1971), with the z test of Fleiss, Nee & Landis (1979) as
// irr::kappam.fleiss computes it: n_ij raters put subject i in category j,
//   P_i = (sum_j n_ij^2 - m) / (m (m - 1)),  p_j = sum_i n_ij / (n m),
//   kappa = (mean P_i - sum p_j^2) / (1 - sum p_j^2),
//   var0 = 2 ((sum p_j q_j)^2 - sum p_j q_j (q_j - p_j)) / (n m (m - 1) (sum p_j q_j)^2),
//   z = kappa / sqrt(var0), p = 2 Phi(-|z|) computed as a tail.
// Subjects with a missing code are left out (with a note).
#pragma once

#include <cstddef>
#include <vector>

#include "assess/agreement/cohen_kappa.hpp"
#include "assess/core/fault.hpp"

namespace assess::agreement {

struct FleissKappaNote {
  enum class Kind {
    subjects_excluded,  // n subjects (columns) with a missing code were left out
    undefined,          // every code in one category: kappa, z and p are 0/0 (NaN)
  };
  Kind kind;
  std::size_t n = 0;
};

struct FleissKappa {
  long n = 0;           // subjects used
  long m = 0;           // raters
  long n_excluded = 0;  // subjects left out for a missing code
  double kappa, z, p;
  std::vector<FleissKappaNote> notes;
};

// codes[r][s]: rater r's category index of subject s in [0, q), or -1 for
// a missing code.
// Faults: ragged; too_many values (q above kMaxKappaCategories); too_few
// rows (raters, limit 2); too_few columns (subjects coded by every rater,
// limit 2).
Outcome<FleissKappa> fleiss_kappa(const std::vector<std::vector<int>>& codes, std::size_t q);

}  // namespace assess::agreement
