// Cronbach's alpha of a set of items, reproducing psych::alpha (check.keys =
// FALSE) on the complete rows: raw_alpha from the covariance matrix,
// std.alpha from the correlation matrix, alpha.drop's raw_alpha for every
// item left out, item.stats' r.drop (the item's correlation with the sum of
// the other items), and the Feldt interval of psych::alpha.ci with F(n - 1,
// (n - 1)(k - 1)) at any confidence level.
//
// Rows with any missing value are dropped (listwise), unlike psych's
// pairwise default; on complete data both agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::reliability {

struct CronbachAlphaNote {
  enum class Kind {
    rows_excluded,               // n rows with a missing value were left out
    alpha_undefined,             // the total score has zero variance: alpha (and its interval) NaN
    zero_variance_items,         // `items` (0-based columns) have zero variance: std_alpha and their r_drop NaN
    std_alpha_undefined,         // the standardized total has zero variance: std_alpha NaN
    alpha_if_deleted_two_items,  // k = 2: alpha_if_deleted is NaN
    alpha_if_deleted_undefined,  // NaN where the remaining items' total has zero variance
    r_drop_undefined,            // NaN where the other items' total has zero variance
  };
  Kind kind;
  std::size_t n = 0;
  std::vector<std::size_t> items = {};
};

struct CronbachAlpha {
  long n = 0;           // complete rows used
  long k = 0;           // items
  long n_excluded = 0;  // rows dropped for a missing value
  double alpha, std_alpha, ci_low, ci_high;
  std::vector<double> alpha_if_deleted;  // raw alpha without item j
  std::vector<double> r_drop;            // corrected item-total correlation of item j
  std::vector<CronbachAlphaNote> notes;
};

// Alpha from a k x k covariance matrix (row-major): k/(k-1) (1 - tr C / sum C).
// NaN when k < 2 or sum C == 0.
double alpha_from_covariance(const double* c, std::size_t k) noexcept;

// The most items alpha is computed for (a k x k covariance matrix).
inline constexpr std::size_t kMaxAlphaItems = 2000;

// items[i][j]: respondent i, item j (a rectangular matrix; NaN = missing).
// Faults: ragged; too_few columns (k < 2 items, limit 2); too_many columns
// (limit kMaxAlphaItems); too_few rows (fewer than 2 complete rows).
Outcome<CronbachAlpha> cronbach_alpha(const std::vector<std::vector<double>>& items, double conf_level = 0.95);
// The same on a flat row-major n_rows x k matrix (no row vectors to allocate).
Outcome<CronbachAlpha> cronbach_alpha(const double* items, std::size_t n_rows, std::size_t k, double conf_level = 0.95);

// Items read in place from a larger row-major table (nothing copied): item j
// of respondent i is data[rows[i] * stride + cols[j]], reverse-keyed as
// reverse_from - x when reverse[j]. Every such value must be present (the
// caller chose complete rows); n_excluded is 0.
struct ItemView {
  const double* data = nullptr;
  std::size_t stride = 0;
  const std::uint32_t* rows = nullptr;
  std::size_t n = 0;
  const std::size_t* cols = nullptr;
  const bool* reverse = nullptr;
  std::size_t k = 0;
  double reverse_from = 0.0;
};
Outcome<CronbachAlpha> cronbach_alpha(const ItemView& items, double conf_level = 0.95);

}  // namespace assess::reliability
