// Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's
// alpha-reliability") for coders assigning values to units, some units not
// coded by every coder: over the pairable values (those of units coded at
// least twice, n of them),
//   alpha = 1 - (n - 1) sum_u [sum_{i != j in u} d2(v_i, v_j) / (m_u - 1)]
//               / sum_{c, k} n_c n_k d2(c, k),
// which is 1 - D_o / D_e of the coincidence matrix. Metrics d2: nominal
// [c != k]; ordinal (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 over the values
// observed in order (the interval metric on the values' mid-ranks
// M_c = sum_{g<c} n_g + n_c / 2); interval (c - k)^2; ratio
// ((c - k) / (c + k))^2.
#pragma once

#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::agreement {

enum class AlphaLevel { nominal, ordinal, interval, ratio };

struct KrippendorffAlphaNote {
  enum class Kind {
    expected_zero,  // the expected disagreement is 0 (one value only): alpha NaN
  };
  Kind kind;
};

struct KrippendorffAlpha {
  double alpha;
  long n_pairable = 0;  // values in units coded at least twice
  long n_units = 0;     // units coded at least twice
  std::vector<KrippendorffAlphaNote> notes;
};

// data[c][u]: coder c's value of unit u, NaN = not coded (for nominal data
// any numbers standing for the categories).
// The ratio metric sums over pairs of distinct values: at most this many.
inline constexpr std::size_t kMaxRatioValues = 20000;

// Faults: ragged; too_few rows (coders, limit 2); too_few values (pairable
// values, limit 2); bad_value (a negative value on a ratio scale, with its
// row and column); too_many values (distinct pairable values of a ratio
// scale above kMaxRatioValues).
Outcome<KrippendorffAlpha> krippendorff_alpha(const std::vector<std::vector<double>>& data, AlphaLevel level);

}  // namespace assess::agreement
