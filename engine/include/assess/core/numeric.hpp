// Numeric helpers shared by the statistics: the missing-value marker,
// compensated sums and error-free products (double-only, no long double:
// that is software arithmetic in wasm), shift-stable mean and variance, and
// safe formatting of doubles.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace assess {

// Missing values travel as quiet NaN inside the engine (like R's NA);
// the API turns JSON null into it. Non-finite *input* is rejected by the
// API before any kernel sees it, so inside a kernel NaN always means missing.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool is_missing(double x) noexcept { return std::isnan(x); }

// The exact product a * b = p + e in two doubles: one fma where the hardware
// has it, else Dekker's TwoProduct with Veltkamp's splitting in plain double
// arithmetic (exact too, and fast in wasm, which has no fma instruction and
// where long double is software quad precision). The splitting relies on
// every operation being rounded separately, which holds exactly when there
// is no fma instruction for the compiler to contract into. Huge factors
// (where the splitting would overflow) use std::fma.
struct TwoProduct {
  double p;
  double e;
};
inline TwoProduct two_product(double a, double b) noexcept {
  const double p = a * b;
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return {p, std::isfinite(p) ? std::fma(a, b, -p) : 0.0};
#else
  if (!(std::fabs(a) < 0x1p995) || !(std::fabs(b) < 0x1p995) || !std::isfinite(p)) {
    return {p, std::isfinite(p) ? std::fma(a, b, -p) : 0.0};
  }
  constexpr double kSplit = 134217729.0;  // 2^27 + 1
  const double ca = kSplit * a, cb = kSplit * b;
  const double ah = ca - (ca - a), al = a - ah;
  const double bh = cb - (cb - b), bl = b - bh;
  return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
#endif
}

// Neumaier's compensated sum: the rounding error of every addition is
// carried in a second double, so the result is as accurate as if summed in
// twice the precision and then rounded (unless the sum cancels to far below
// its terms). add_product adds a * b including the rounding error of the
// product (Ogita, Rump & Oishi's Dot2).
struct CompensatedSum {
  double sum = 0.0;
  double c = 0.0;
  void add(double v) noexcept {
    const double t = sum + v;
    c += std::fabs(sum) >= std::fabs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
  }
  void add_product(double a, double b) noexcept {
    const TwoProduct t = two_product(a, b);
    add(t.p);
    c += t.e;
  }
  double value() const noexcept { return sum + c; }
};

// Values without the missing ones.
std::vector<double> drop_missing(const std::vector<double>& x);

// The pairs (x[i], y[i]) with neither value missing, in order, into xs and
// ys (replaced). x and y must have the same length.
void complete_pairs(const std::vector<double>& x, const std::vector<double>& y, std::vector<double>& xs,
                    std::vector<double>& ys);

// Mean with a two-pass correction: stable for data with large offsets
// (1e9 + small noise), as R's mean.default does.
double mean(const double* x, std::size_t n) noexcept;
inline double mean(const std::vector<double>& x) noexcept { return mean(x.data(), x.size()); }

// Sample variance (n - 1) by the two-pass algorithm around the stable mean;
// NaN when n < 2.
double variance(const double* x, std::size_t n) noexcept;
inline double variance(const std::vector<double>& x) noexcept { return variance(x.data(), x.size()); }
// The same around a mean already computed: m must be mean(x, n), and the
// result is then bit for bit variance(x, n), one pass instead of three.
double variance_about(const double* x, std::size_t n, double m) noexcept;

// Quantile of *sorted* data, R type 7.
double quantile_sorted(const std::vector<double>& sorted, double p) noexcept;

// Average ranks (1-based, ties get the mean of their positions), as R's rank().
// tie_sum (optional) receives sum over tie groups of (t^3 - t).
std::vector<double> average_ranks(const std::vector<double>& x, double* tie_sum = nullptr);

// Short decimal text of a double for messages ("1e+300", "0.5", "NaN").
std::string format_number(double x);

}  // namespace assess
