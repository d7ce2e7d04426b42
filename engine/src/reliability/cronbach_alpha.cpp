#include "assess/reliability/cronbach_alpha.hpp"

#include <cmath>
#include <limits>
#include <optional>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::reliability {

namespace {

// Sums of k^2 covariances carry rounding errors of about eps k trace; a
// variance below this bound is indistinguishable from zero.
double zero_variance_tolerance(double trace, std::size_t k) noexcept {
  return 8.0 * std::numeric_limits<double>::epsilon() * static_cast<double>(k) * std::fabs(trace);
}

}  // namespace

double alpha_from_covariance(const double* c, std::size_t k) noexcept {
  if (k < 2) return kMissing;
  double tr = 0.0, total = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    tr += c[i * k + i];
    for (std::size_t j = 0; j < k; ++j) total += c[i * k + j];
  }
  // A total variance within rounding of zero (a constant total score) leaves
  // alpha undefined rather than a huge number made of rounding errors.
  if (!(std::fabs(total) > zero_variance_tolerance(tr, k))) return kMissing;
  const double kk = static_cast<double>(k);
  return kk / (kk - 1.0) * (1.0 - tr / total);
}

namespace {

// The statistics of the n complete rows, at(i, j) -> value j of row i.
template <class At>
Outcome<CronbachAlpha> alpha_of_rows(std::size_t n_rows, std::size_t n, std::size_t k, At at, double conf_level) {
  CronbachAlpha r;
  r.n = static_cast<long>(n);
  r.k = static_cast<long>(k);
  r.n_excluded = static_cast<long>(n_rows - n);
  if (n < 2) return Fault::too_few(Counted::rows, n, 2);
  if (r.n_excluded > 0) r.notes.push_back({CronbachAlphaNote::Kind::rows_excluded, n_rows - n});

  // Covariances of the centred columns. Plain double sums suffice once the
  // data are centred (error ~ sqrt(n) eps), and stay fast in wasm, where
  // long double is software quad precision.
  std::vector<double> mean_col(k);
  {
    std::vector<double> col(n);
    for (std::size_t j = 0; j < k; ++j) {
      for (std::size_t i = 0; i < n; ++i) col[i] = at(i, j);
      mean_col[j] = mean(col);
    }
  }
  std::vector<double> acc(k * k, 0.0);
  std::vector<double> dev(k);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) dev[j] = at(i, j) - mean_col[j];
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t b = a; b < k; ++b) acc[a * k + b] += dev[a] * dev[b];
    }
  }
  std::vector<double> c(k * k);
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = a; b < k; ++b) {
      c[a * k + b] = c[b * k + a] = acc[a * k + b] / static_cast<double>(n - 1);
    }
  }

  const double kk = static_cast<double>(k);
  r.alpha = alpha_from_covariance(c.data(), k);
  if (std::isnan(r.alpha)) r.notes.push_back({CronbachAlphaNote::Kind::alpha_undefined});

  // Standardized alpha from the correlation matrix: k/(k-1) (1 - k / sum R).
  std::vector<std::size_t> constant_items;
  for (std::size_t j = 0; j < k; ++j) {
    if (!(c[j * k + j] > 0.0)) constant_items.push_back(j);
  }
  const bool constant_item = !constant_items.empty();
  if (constant_item) {
    r.std_alpha = kMissing;
    r.notes.push_back({CronbachAlphaNote::Kind::zero_variance_items, constant_items.size(), constant_items});
  } else {
    double sum_r = 0.0;
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t b = 0; b < k; ++b) {
        sum_r += a == b ? 1.0 : c[a * k + b] / std::sqrt(c[a * k + a] * c[b * k + b]);
      }
    }
    if (sum_r > 0.0) {
      r.std_alpha = kk / (kk - 1.0) * (1.0 - kk / sum_r);
    } else {
      r.std_alpha = kMissing;
      r.notes.push_back({CronbachAlphaNote::Kind::std_alpha_undefined});
    }
  }

  // Feldt: (1 - alpha) / (1 - alpha_pop) ~ F(n - 1, (n - 1)(k - 1)).
  {
    const double df1 = static_cast<double>(n) - 1.0;
    const double df2 = df1 * (kk - 1.0);
    const double tail = (1.0 - conf_level) / 2.0;
    const distributions::FisherF f{df1, df2};
    r.ci_low = 1.0 - (1.0 - r.alpha) * distributions::quantile(f, 1.0 - tail);
    r.ci_high = 1.0 - (1.0 - r.alpha) * distributions::quantile(f, tail);
  }

  // Leave-one-out statistics from the full covariance matrix.
  std::vector<double> col_sum(k, 0.0);
  double total = 0.0;
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) col_sum[a] += c[a * k + b];
    total += col_sum[a];
  }
  r.alpha_if_deleted.resize(k);
  r.r_drop.resize(k);
  // Leaving item j out removes its row and column: the trace loses C_jj and
  // the total loses 2 colsum_j - C_jj, so each item costs O(1), not O(k^2).
  double trace = 0.0;
  for (std::size_t a = 0; a < k; ++a) trace += c[a * k + a];
  const double tiny = zero_variance_tolerance(trace, k);
  bool undefined_drop = false, undefined_rdrop = false;
  for (std::size_t j = 0; j < k; ++j) {
    const double cjj = c[j * k + j];
    const double c_rest = col_sum[j] - cjj;                // cov(item j, sum of the others)
    const double v_rest = total - 2.0 * col_sum[j] + cjj;  // var(sum of the others)
    r.alpha_if_deleted[j] =
        k > 2 && v_rest > tiny ? (kk - 1.0) / (kk - 2.0) * (1.0 - (trace - cjj) / v_rest) : kMissing;
    undefined_drop = undefined_drop || std::isnan(r.alpha_if_deleted[j]);
    r.r_drop[j] = cjj > 0.0 && v_rest > tiny ? c_rest / std::sqrt(cjj * v_rest) : kMissing;
    undefined_rdrop = undefined_rdrop || std::isnan(r.r_drop[j]);
  }
  if (undefined_drop) {
    r.notes.push_back({k == 2 ? CronbachAlphaNote::Kind::alpha_if_deleted_two_items
                              : CronbachAlphaNote::Kind::alpha_if_deleted_undefined});
  }
  if (undefined_rdrop && !constant_item) r.notes.push_back({CronbachAlphaNote::Kind::r_drop_undefined});
  return r;
}

// The number of items both overloads accept: at least 2, at most kMaxAlphaItems.
std::optional<Fault> check_item_count(std::size_t k) {
  if (k < 2) return Fault::too_few(Counted::columns, k, 2);
  if (k > kMaxAlphaItems) return Fault::too_many(Counted::columns, k, kMaxAlphaItems);
  return std::nullopt;
}

}  // namespace

Outcome<CronbachAlpha> cronbach_alpha(const std::vector<std::vector<double>>& items, double conf_level) {
  const std::size_t k = items.empty() ? 0 : items[0].size();
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (items[i].size() != k) return Fault::ragged(i, items[i].size(), k);
  }
  if (auto bad = check_item_count(k)) return *bad;
  std::vector<const std::vector<double>*> rows;
  rows.reserve(items.size());
  for (const auto& row : items) {
    bool complete = true;
    for (double x : row) complete = complete && !is_missing(x);
    if (complete) rows.push_back(&row);
  }
  return alpha_of_rows(
      items.size(), rows.size(), k, [&](std::size_t i, std::size_t j) { return (*rows[i])[j]; }, conf_level);
}

Outcome<CronbachAlpha> cronbach_alpha(const double* items, std::size_t n_rows, std::size_t k, double conf_level) {
  if (auto bad = check_item_count(k)) return *bad;
  std::vector<const double*> rows;
  rows.reserve(n_rows);
  for (std::size_t i = 0; i < n_rows; ++i) {
    const double* row = items + i * k;
    bool complete = true;
    for (std::size_t j = 0; j < k; ++j) complete = complete && !is_missing(row[j]);
    if (complete) rows.push_back(row);
  }
  return alpha_of_rows(
      n_rows, rows.size(), k, [&](std::size_t i, std::size_t j) { return rows[i][j]; }, conf_level);
}

Outcome<CronbachAlpha> cronbach_alpha(const ItemView& v, double conf_level) {
  if (auto bad = check_item_count(v.k)) return *bad;
  return alpha_of_rows(
      v.n, v.n, v.k,
      [&](std::size_t i, std::size_t j) {
        const double x = v.data[v.rows[i] * v.stride + v.cols[j]];
        return v.reverse[j] ? v.reverse_from - x : x;
      },
      conf_level);
}

}  // namespace assess::reliability
