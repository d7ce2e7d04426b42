#include "assess/core/numeric.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <utility>

namespace assess {

std::vector<double> drop_missing(const std::vector<double>& x) {
  std::vector<double> out;
  out.reserve(x.size());
  for (double v : x) {
    if (!is_missing(v)) out.push_back(v);
  }
  return out;
}

void complete_pairs(const std::vector<double>& x, const std::vector<double>& y, std::vector<double>& xs,
                    std::vector<double>& ys) {
  xs.clear();
  ys.clear();
  xs.reserve(x.size());
  ys.reserve(y.size());
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (!is_missing(x[i]) && !is_missing(y[i])) {
      xs.push_back(x[i]);
      ys.push_back(y[i]);
    }
  }
}

double mean(const double* x, std::size_t n) noexcept {
  if (n == 0) return kMissing;
  // Two passes: the first may lose digits to a large offset, the second adds
  // back the mean residual (as R's mean.default).
  CompensatedSum s;
  for (std::size_t i = 0; i < n; ++i) s.add(x[i]);
  double m = s.value() / static_cast<double>(n);
  CompensatedSum r;
  for (std::size_t i = 0; i < n; ++i) r.add(x[i] - m);
  return m + r.value() / static_cast<double>(n);
}

double variance(const double* x, std::size_t n) noexcept {
  if (n < 2) return kMissing;
  return variance_about(x, n, mean(x, n));
}

double variance_about(const double* x, std::size_t n, double m) noexcept {
  if (n < 2) return kMissing;
  CompensatedSum ss, s;
  for (std::size_t i = 0; i < n; ++i) {
    double d = x[i] - m;
    ss.add(d * d);
    s.add(d);
  }
  // Corrected two-pass (Chan, Golub & LeVeque): removes the residual mean.
  double dn = static_cast<double>(n);
  return (ss.value() - s.value() * s.value() / dn) / (dn - 1.0);
}

double quantile_sorted(const std::vector<double>& sorted, double p) noexcept {
  const std::size_t n = sorted.size();
  if (n == 0) return kMissing;
  double h = static_cast<double>(n - 1) * p;
  std::size_t lo = static_cast<std::size_t>(h);
  if (lo >= n - 1) return sorted[n - 1];
  double frac = h - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

std::vector<double> average_ranks(const std::vector<double>& x, double* tie_sum) {
  const std::size_t n = x.size();
  // (value, position) sorted by value: a tie group gets one average rank
  // whatever the order inside it, so an unstable sort of the pairs (without
  // indirect loads in the comparisons) gives the ranks of a stable sort.
  std::vector<std::pair<double, std::size_t>> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = {x[i], i};
  std::sort(v.begin(), v.end(), [](const std::pair<double, std::size_t>& a, const std::pair<double, std::size_t>& b) {
    return a.first < b.first;
  });
  std::vector<double> r(n);
  double ties = 0.0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && v[j].first == v[i].first) ++j;
    double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) r[v[k].second] = avg;
    double t = static_cast<double>(j - i);
    ties += t * t * t - t;
    i = j;
  }
  if (tie_sum) *tie_sum = ties;
  return r;
}

std::string format_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace assess
