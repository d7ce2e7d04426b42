// The noncentral t distribution: cdf and sf exact for every ncp, and the
// inversion in ncp used for confidence limits of standardized effects.
//
// For t >= 0, with x = t^2 / (t^2 + df), lambda = ncp^2 / 2 (Guenther 1978;
// Lenth 1989, AS 243):
//   P(T <= t) = Phi(-ncp) + 1/2 sum_j [ p_j I_x(j + 1/2, df/2) + s q_j I_x(j + 1, df/2) ]
//   P(T >  t) =             1/2 sum_j [ p_j J_x(j + 1/2, df/2) + s q_j J_x(j + 1, df/2) ]
// where J = 1 - I, p_j = e^-lambda lambda^j / j!, q_j = e^-lambda
// lambda^(j+1/2) / Gamma(j + 3/2) and s = sign(ncp); t < 0 by reflection
// (T(ncp) = -T(-ncp)). Each sum starts at the mode of its Poisson weights
// and runs outward (Benton & Krishnamoorthy 2003), with I or J at the mode
// from the incomplete beta and its neighbours from the recurrence
// I_x(a+1, b) = I_x(a, b) - x^a y^b / (a B(a, b)); each direction uses the
// form in which the recurrence adds, and stops by a bound on the remainder
// (Poisson tail bound times the monotone I or J), so there is no cut-off in
// ncp like R's switch to an approximation above ncp = 37.62.
#include <cmath>

#include "assess/dist/distributions.hpp"
#include "assess/dist/special.hpp"
#include "dist/detail.hpp"

namespace assess::dist {

using detail::kEps;
using detail::kInf;
using detail::kNaN;

namespace {

// sum_k w_k F(a0 + k) over k = 0, 1, ..., where w_k = e^-lambda lambda^(k+h) /
// Gamma(k + h + 1) (h = 0: Poisson; h = 1/2: the half-integer weights) and
// F(a) = I_x(a, b) (upper = false) or J_x(a, b) = 1 - I_x(a, b) (upper = true),
// a0 = h + 1/2.
double weighted_beta_sum(double lambda, double h, double b, double x, double y, double lx, double ly,
                         bool upper) noexcept {
  double a0 = h + 0.5;
  // Mode of the weights: k with k + h closest below lambda.
  double kmode = std::floor(lambda - h);
  if (kmode < 0.0) kmode = 0.0;
  double a_mode = a0 + kmode;
  // Weight at the mode, in the Stirling form to keep full precision for big lambda:
  // lambda^(k+h) e^-lambda / Gamma(k+h+1) = exp(log_gamma_prefactor(k+h+1, lambda)) / lambda.
  double w_mode = std::exp(detail::log_gamma_prefactor(kmode + h + 1.0, lambda) - std::log(lambda));
  if (!(w_mode > 0.0)) return 0.0;
  detail::Tails tl = detail::ibeta_tails(a_mode, b, x, y, lx, ly);
  if (std::isnan(tl.lower)) return kNaN;
  double f_mode = upper ? tl.upper : tl.lower;
  // D(a) = x^a y^b / (a B(a, b)), so that I(a + 1) = I(a) - D(a).
  double d_mode = std::exp(tl.log_pre - std::log(a_mode));

  double sum = w_mode * f_mode;

  // Forward: k = kmode + 1, ...
  {
    double w = w_mode, f = f_mode, d = d_mode, a = a_mode;
    for (long it = 0; it < 10000000; ++it) {
      double f_next = upper ? f + d : f - d;
      if (f_next < 0.0) f_next = 0.0;
      if (f_next > 1.0) f_next = 1.0;
      d *= x * (a + b) / (a + 1.0);
      a += 1.0;
      w *= lambda / (a - a0 + h);  // w_{k+1} = w_k lambda / (k + 1 + h)
      f = f_next;
      double term = w * f;
      sum += term;
      // Remainder: sum_{i>k} w_i F_i. Weights fall at least geometrically with
      // ratio r = lambda / (k + 2 + h) once past the mode; F is below 1 (J)
      // or below the current F (I, which decreases in a).
      double r = lambda / (a - a0 + h + 1.0);
      if (r < 1.0) {
        double bound = w * r / (1.0 - r) * (upper ? 1.0 : f);
        if (bound <= 0.5 * kEps * sum || w == 0.0) break;
      }
    }
  }
  // Backward: k = kmode - 1, ..., 0
  {
    double w = w_mode, f = f_mode, d = d_mode, a = a_mode;
    double prev_term = w_mode * f_mode;
    for (double k = kmode - 1.0; k >= 0.0; k -= 1.0) {
      // D(a - 1) = D(a) a / (x (a + b - 1))
      d *= a / (x * (a + b - 1.0));
      a -= 1.0;
      double f_prev = upper ? f - d : f + d;
      if (f_prev < 0.0) f_prev = 0.0;
      if (f_prev > 1.0) f_prev = 1.0;
      w *= (k + 1.0 + h) / lambda;  // w_k = w_{k+1} (k + 1 + h) / lambda
      f = f_prev;
      double term = w * f;
      sum += term;
      // Remainder: sum_{i<k} w_i F_i. Weights fall with ratio at most k / lambda
      // going down; J decreases going down (bounded by the current J), I
      // increases but stays below 1. A tighter bound for I: once the terms
      // themselves fall geometrically, their ratio bounds the rest.
      double r = (k + h) / lambda;
      if (r < 1.0) {
        double bound = w * r / (1.0 - r) * (upper ? f : 1.0);
        if (!upper && prev_term > 0.0) {
          double ratio = term / prev_term;
          if (ratio < 0.5) bound = std::fmin(bound, term * ratio / (1.0 - ratio) * 4.0);
        }
        if (bound <= 0.5 * kEps * sum || w == 0.0) break;
      }
      prev_term = term;
    }
  }
  return sum;
}

struct NctTails {
  double lower;
  double upper;
};

// Both tails for t >= 0.
NctTails nct_nonneg(double df, double t, double ncp) noexcept {
  if (t == 0.0) return {detail::norm_cdf(-ncp), detail::norm_cdf(ncp)};
  if (t == kInf) return {1.0, 0.0};
  // x = t^2 / (t^2 + df), y = df / (t^2 + df), from whichever ratio is safe.
  double x, y, lx, ly;
  if (t <= std::sqrt(df)) {
    double z2 = t * t / df;
    x = z2 / (1.0 + z2);
    y = 1.0 / (1.0 + z2);
    lx = std::log(z2) - std::log1p(z2);
    ly = -std::log1p(z2);
  } else {
    double w = (df / t) / t;
    double lw = (w > 1e-300) ? std::log(w) : std::log(df) - 2.0 * std::log(t);
    x = 1.0 / (1.0 + w);
    y = w / (1.0 + w);
    lx = -std::log1p(w);
    ly = lw - std::log1p(w);
  }
  double b = 0.5 * df;
  double lambda = 0.5 * ncp * ncp;
  if (ncp == 0.0) {
    detail::Tails c = detail::ibeta_tails(0.5, b, x, y, lx, ly);
    return {0.5 + 0.5 * c.lower, 0.5 * c.upper};
  }
  if (ncp > 0.0) {
    double lo = detail::norm_cdf(-ncp) + 0.5 * (weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, false) +
                                                weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, false));
    double up = 0.5 * (weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, true) +
                       weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, true));
    return {lo, up};
  }
  // ncp < 0: the half-integer terms enter with a minus sign. The upper tail
  // is the small one here (P(T > t) <= Phi(ncp)); the difference of the two
  // sums loses digits only when that tail is far below its terms.
  double up = 0.5 * (weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, true) -
                     weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, true));
  if (up < 0.0) up = 0.0;
  return {1.0 - up, up};
}

NctTails nct_tails(double df, double t, double ncp) noexcept {
  if (t >= 0.0) return nct_nonneg(df, t, ncp);
  NctTails r = nct_nonneg(df, -t, -ncp);
  return {r.upper, r.lower};
}

bool valid(const NoncentralT& d) noexcept { return d.df > 0.0 && std::isfinite(d.ncp); }

}  // namespace

double cdf(const NoncentralT& d, double x) noexcept {
  if (!valid(d) || std::isnan(x)) return kNaN;
  if (d.df == kInf) return detail::norm_cdf(x - d.ncp);
  return nct_tails(d.df, x, d.ncp).lower;
}

double sf(const NoncentralT& d, double x) noexcept {
  if (!valid(d) || std::isnan(x)) return kNaN;
  if (d.df == kInf) return detail::norm_cdf(d.ncp - x);
  return nct_tails(d.df, x, d.ncp).upper;
}

double ncp_for_cdf(double df, double t, double p) noexcept {
  if (!(df > 0.0) || !std::isfinite(t) || !(p >= 0.0 && p <= 1.0)) return kNaN;
  if (p == 0.0) return kInf;
  if (p == 1.0) return -kInf;
  // g(ncp) = cdf(t; df, ncp) - p decreases in ncp. Work with the tail that is
  // the small one at the target so that tiny p keep their relative accuracy.
  bool use_upper = p > 0.5;
  double target = use_upper ? 1.0 - p : p;
  auto g = [&](double ncp) {
    NctTails r = nct_tails(df, t, ncp);
    // For use_upper: sf increases in ncp; for lower: cdf decreases.
    return use_upper ? (target - r.upper) : (r.lower - target);  // decreasing in ncp
  };
  // Start from the normal approximation ncp ~ t - z_p sqrt(1 + t^2 / (2 df))
  // and expand a bracket until g changes sign.
  double z = detail::norm_quantile(p);
  double scale = std::sqrt(1.0 + t * t / (2.0 * df));
  double guess = t - z * scale;
  if (!std::isfinite(guess)) guess = t;
  double step = std::fmax(1.0, 0.5 * std::fabs(z) * scale);
  double lo = guess - step, hi = guess + step;
  double glo = g(lo), ghi = g(hi);
  for (int i = 0; i < 200 && glo < 0.0; ++i) {
    hi = lo;
    ghi = glo;
    step *= 2.0;
    lo -= step;
    glo = g(lo);
  }
  for (int i = 0; i < 200 && ghi > 0.0; ++i) {
    lo = hi;
    glo = ghi;
    step *= 2.0;
    hi += step;
    ghi = g(hi);
  }
  if (std::isnan(glo) || std::isnan(ghi) || glo < 0.0 || ghi > 0.0) return kNaN;
  if (glo == 0.0) return lo;
  if (ghi == 0.0) return hi;
  // Brent's method (inverse quadratic interpolation with bisection safeguard).
  double a = lo, b = hi, fa = glo, fb = ghi;
  double c = a, fc = fa, dstep = b - a, e = dstep;
  for (int it = 0; it < 200; ++it) {
    if ((fb > 0.0) == (fc > 0.0)) {
      c = a;
      fc = fa;
      dstep = b - a;
      e = dstep;
    }
    if (std::fabs(fc) < std::fabs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    double tol = 2.0 * kEps * std::fabs(b) + 1e-300;
    double m = 0.5 * (c - b);
    if (std::fabs(m) <= tol || fb == 0.0) return b;
    if (std::fabs(e) >= tol && std::fabs(fa) > std::fabs(fb)) {
      double s = fb / fa, pp, qq;
      if (a == c) {
        pp = 2.0 * m * s;
        qq = 1.0 - s;
      } else {
        double q1 = fa / fc, r = fb / fc;
        pp = s * (2.0 * m * q1 * (q1 - r) - (b - a) * (r - 1.0));
        qq = (q1 - 1.0) * (r - 1.0) * (s - 1.0);
      }
      if (pp > 0.0) {
        qq = -qq;
      } else {
        pp = -pp;
      }
      if (2.0 * pp < std::fmin(3.0 * m * qq - std::fabs(tol * qq), std::fabs(e * qq))) {
        e = dstep;
        dstep = pp / qq;
      } else {
        dstep = m;
        e = m;
      }
    } else {
      dstep = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += (std::fabs(dstep) > tol) ? dstep : (m > 0.0 ? tol : -tol);
    fb = g(b);
    if (std::isnan(fb)) return kNaN;
  }
  return b;
}

}  // namespace assess::dist
