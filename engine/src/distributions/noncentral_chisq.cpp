// The noncentral chi-square: P(X <= x) = sum_j w_j P(chi^2_{df+2j} <= x)
// with Poisson weights w_j = e^-mu mu^j / j!, mu = ncp / 2. The sum starts at
// the Poisson mode and runs outward in both directions until the remaining
// weight cannot move the sum (a term's weight below 1e-17 of the sum;
// weights fall monotonically away from the mode); every term is positive, so the relative accuracy is that of the
// incomplete gamma (the lower tail from gamma_p, the upper from gamma_q).
// Used for lavaan's RMSEA interval, whose limits are the noncentralities
// with P = 0.95 and 0.05: ncp_for_chisq_cdf solves for them by a safeguarded
// regula falsi (Illinois) to the last bits.
#include <cmath>
#include <limits>

#include "assess/distributions/distributions.hpp"
#include "assess/distributions/special.hpp"

namespace assess::distributions {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// upper = false: the lower tail; true: the upper tail.
double mixture(double df, double ncp, double x, bool upper) noexcept {
  const double mu = ncp / 2.0;
  const double half = x / 2.0;
  auto term = [&](double j) {
    const double a = df / 2.0 + j;
    return upper ? gamma_q(a, half) : gamma_p(a, half);
  };
  // Weights by the recurrences w_(j+1) = w_j mu / (j + 1) and w_(j-1) =
  // w_j j / mu from the mode: every weight then shares the mode's rounding
  // error (exp of a large exponent, ~1e-13 at ncp 300), which the division
  // by the weights' sum (1 up to the neglected far tails) cancels.
  const double mode = std::floor(mu);
  const double w0 = std::exp(-mu + mode * std::log(mu) - log_gamma(mode + 1.0));
  double sum = w0 * term(mode);
  double wsum = w0;
  double w = w0;
  for (double j = mode; j >= 1.0; j -= 1.0) {
    w *= j / mu;  // w_(j-1)
    sum += w * term(j - 1.0);
    wsum += w;
    if (w < 1e-17 * wsum) break;
  }
  w = w0;
  for (double j = mode; j < mode + 1e7; j += 1.0) {
    w *= mu / (j + 1.0);  // w_(j+1)
    sum += w * term(j + 1.0);
    wsum += w;
    if (w < 1e-17 * wsum) break;
  }
  return sum / wsum;
}

}  // namespace

double cdf(const NoncentralChiSquared& d, double x) noexcept {
  if (!(d.df > 0.0) || !(d.ncp >= 0.0) || std::isnan(x) || !std::isfinite(d.ncp)) return kNaN;
  if (x <= 0.0) return 0.0;
  if (x == std::numeric_limits<double>::infinity()) return 1.0;
  if (d.ncp == 0.0) return cdf(ChiSquared{d.df}, x);
  return mixture(d.df, d.ncp, x, false);
}

double sf(const NoncentralChiSquared& d, double x) noexcept {
  if (!(d.df > 0.0) || !(d.ncp >= 0.0) || std::isnan(x) || !std::isfinite(d.ncp)) return kNaN;
  if (x <= 0.0) return 1.0;
  if (x == std::numeric_limits<double>::infinity()) return 0.0;
  if (d.ncp == 0.0) return sf(ChiSquared{d.df}, x);
  return mixture(d.df, d.ncp, x, true);
}

double ncp_for_chisq_cdf(double df, double x, double p) noexcept {
  if (!(df > 0.0) || !(x > 0.0) || !std::isfinite(x) || !(p > 0.0 && p < 1.0)) return kNaN;
  auto g = [&](double ncp) { return cdf(NoncentralChiSquared{df, ncp}, x) - p; };
  double lo = 0.0;
  double glo = g(lo);
  if (glo < 0.0) return kNaN;
  if (glo == 0.0) return 0.0;
  // The mean of X is df + ncp: beyond ncp = x + a few sd the cdf is small.
  double hi = std::fmax(1.0, x);
  double ghi = g(hi);
  for (int i = 0; ghi > 0.0 && i < 200; ++i) {
    lo = hi;
    glo = ghi;
    hi *= 2.0;
    ghi = g(hi);
  }
  if (ghi > 0.0) return kNaN;
  // Illinois: regula falsi with the stale end's value halved, bisection when
  // the secant point leaves the bracket.
  int side = 0;
  for (int it = 0; it < 200; ++it) {
    double mid = (lo * ghi - hi * glo) / (ghi - glo);
    if (!(mid > lo && mid < hi)) mid = 0.5 * (lo + hi);
    const double gm = g(mid);
    if (gm == 0.0) return mid;
    if (gm > 0.0) {
      lo = mid;
      glo = gm;
      if (side == 1) ghi /= 2.0;
      side = 1;
    } else {
      hi = mid;
      ghi = gm;
      if (side == -1) glo /= 2.0;
      side = -1;
    }
    if (hi - lo <= 4.0 * std::numeric_limits<double>::epsilon() * hi) break;
  }
  return 0.5 * (lo + hi);
}

}  // namespace assess::distributions
