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
#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::reliability {

struct CronbachAlpha {
  long n = 0;           // complete rows used
  long k = 0;           // items
  long n_excluded = 0;  // rows dropped for a missing value
  double alpha, std_alpha, ci_low, ci_high;
  std::vector<double> alpha_if_deleted;  // raw alpha without item j
  std::vector<double> r_drop;            // corrected item-total correlation of item j
  std::vector<std::string> warnings;
};

// Alpha from a k x k covariance matrix (row-major): k/(k-1) (1 - tr C / sum C).
// NaN when k < 2 or sum C == 0.
double alpha_from_covariance(const double* c, std::size_t k) noexcept;

// items[i][j]: respondent i, item j (a rectangular matrix; NaN = missing).
// insufficient_data when k < 2 items or fewer than 2 complete rows;
// out_of_range above 2000 items.
Result<CronbachAlpha> cronbach_alpha(const std::vector<std::vector<double>>& items, double conf_level = 0.95);
// The same on a flat row-major n_rows x k matrix (no row vectors to allocate).
Result<CronbachAlpha> cronbach_alpha(const double* items, std::size_t n_rows, std::size_t k, double conf_level = 0.95);

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
Result<CronbachAlpha> cronbach_alpha(const ItemView& items, double conf_level = 0.95);

void to_json(Json& j, const CronbachAlpha& r);

}  // namespace assess::reliability
