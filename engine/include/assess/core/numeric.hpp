// Numeric helpers shared by the statistics: the missing-value marker,
// compensated and shift-stable sums, and safe formatting of doubles.
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

// Values without the missing ones.
std::vector<double> drop_missing(const std::vector<double>& x);

// Mean with a two-pass correction: stable for data with large offsets
// (1e9 + small noise), as R's mean.default does.
double mean(const double* x, std::size_t n) noexcept;
inline double mean(const std::vector<double>& x) noexcept { return mean(x.data(), x.size()); }

// Sample variance (n - 1) by the two-pass algorithm around the stable mean;
// NaN when n < 2.
double variance(const double* x, std::size_t n) noexcept;
inline double variance(const std::vector<double>& x) noexcept { return variance(x.data(), x.size()); }

// Quantile of *sorted* data, R type 7.
double quantile_sorted(const std::vector<double>& sorted, double p) noexcept;

// Average ranks (1-based, ties get the mean of their positions), as R's rank().
// tie_sum (optional) receives sum over tie groups of (t^3 - t).
std::vector<double> average_ranks(const std::vector<double>& x, double* tie_sum = nullptr);

// Short decimal text of a double for messages ("1e+300", "0.5", "NaN").
std::string format_number(double x);

}  // namespace assess
