// The noncentral t distribution: cdf and sf exact for every ncp, and the
// inversion in ncp used for confidence limits of standardized effects.
//
// For t >= 0, with x = t^2 / (t^2 + df), lambda = ncp^2 / 2 (Guenther 1978;
// Lenth 1989, AS 243):
//   P(T <= t) = Phi(-ncp) + 1/2 sum_j [ p_j I_x(j + 1/2, df/2) + s q_j I_x(j + 1, df/2) ]
//   P(T >  t) =             1/2 sum_j [ p_j J_x(j + 1/2, df/2) + s q_j J_x(j + 1, df/2) ]
// where J = 1 - I, p_j = e^-lambda lambda^j / j!, q_j = e^-lambda
// lambda^(j+1/2) / Gamma(j + 3/2) and s = sign(ncp); t < 0 by reflection
// (T(ncp) = -T(-ncp)).
//
// ncp >= 0: all terms are positive. Each sum starts at the mode of its
// weights and runs outward (Benton & Krishnamoorthy 2003), with I or J at
// the mode from the incomplete beta and its neighbours from the recurrence
// I_x(a+1, b) = I_x(a, b) - x^a y^b / (a B(a, b)), carried in scaled form so
// that nothing underflows on the way to the largest terms; each sweep stops
// by a bound on its remainder (geometric Poisson tail times the monotone I
// or J), so there is no cut-off in ncp like R's switch to an approximation
// above ncp = 37.62.
// ncp < 0 (with t >= 0): the small tail P(T > t) = E[P(Z > t S - ncp)],
// S = sqrt(chi^2_df / df), would be a difference of two such sums; it is
// computed by double-exponential quadrature of that positive integrand
// instead, so it keeps its relative accuracy down to 1e-300.
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
// a0 = h + 1/2. Returned as a log, since the sum may lie below the range of
// doubles at intermediate steps.
//
// F and the recurrence step D are carried scaled by e^sigma (renormalized as
// they grow), so that the sweep can start at the mode of the weights even
// where F is far below 1e-308 there and the mass lies many terms away
// (J_x grows with a, I_x falls, so the largest term lies above the mode for
// J and below it for I: in both cases in the direction where the recurrence
// adds, which is stable; the other direction subtracts, but its terms fall
// faster than the absolute error grows).
double log_weighted_beta_sum(double lambda, double h, double b, double x, double y, double lx, double ly,
                             bool upper) noexcept {
  double a0 = h + 0.5;
  double kmode = std::floor(lambda - h);
  if (kmode < 0.0) kmode = 0.0;
  double a_mode = a0 + kmode;
  // Weight at the mode in the Stirling form (full precision for big lambda):
  // lambda^(k+h) e^-lambda / Gamma(k+h+1) = exp(log_gamma_prefactor(k+h+1, lambda)) / lambda.
  double w_mode = std::exp(detail::log_gamma_prefactor(kmode + h + 1.0, lambda) - std::log(lambda));
  if (!(w_mode > 0.0)) return -kInf;
  detail::Tails tl = detail::ibeta_tails(a_mode, b, x, y, lx, ly);
  if (std::isnan(tl.lower)) return kNaN;
  double log_f = upper ? tl.log_upper : tl.log_lower;
  // D(a) = x^a y^b / (a B(a, b)), so that I(a + 1) = I(a) - D(a).
  double log_d = tl.log_pre - std::log(a_mode);
  double sigma = std::fmax(log_f, log_d);
  if (sigma == -kInf) return -kInf;
  const double f_mode = std::exp(log_f - sigma), d_mode = std::exp(log_d - sigma);
  // F <= 1 in scaled units; may be +inf when sigma is very negative (no clamp then).
  double one = std::exp(-sigma);

  // Sums are kept in the units e^sigma of each sweep, combined at the end.
  double sum_f = w_mode * f_mode;  // forward sweep (includes the mode term)
  double sigma_f = sigma;
  {
    double w = w_mode, f = f_mode, d = d_mode, a = a_mode, cap = one;
    for (long it = 0; it < 100000000; ++it) {
      double f_next = upper ? f + d : f - d;
      if (f_next < 0.0) f_next = 0.0;
      if (f_next > cap) f_next = cap;
      d *= x * (a + b) / (a + 1.0);
      a += 1.0;
      w *= lambda / (a - a0 + h);  // w_{k+1} = w_k lambda / (k + 1 + h)
      f = f_next;
      sum_f += w * f;
      if (f > 1e200 || d > 1e200) {  // renormalize (only J grows forward)
        f *= 1e-200;
        d *= 1e-200;
        sum_f *= 1e-200;
        cap *= 1e-200;
        sigma_f += 460.51701859880914;  // log(1e200)
      }
      // Remainder: sum_{i>k} w_i F_i. The weights fall at least geometrically
      // with ratio r = lambda / (k + 2 + h) past the mode; F stays below 1 (J)
      // or below its current value (I, which decreases in a).
      double r = lambda / (a - a0 + h + 1.0);
      if (r < 1.0) {
        double bound = w * r / (1.0 - r) * (upper ? cap : f);
        if (bound <= 0.25 * kEps * sum_f || w == 0.0) break;
      }
      if (w == 0.0) break;
    }
  }
  double sum_b = 0.0;  // backward sweep, in units e^sigma_b
  double sigma_b = sigma;
  {
    double w = w_mode, f = f_mode, d = d_mode, a = a_mode, cap = one;
    double prev_term = w_mode * f_mode;
    for (double k = kmode - 1.0; k >= 0.0; k -= 1.0) {
      // D(a - 1) = D(a) a / (x (a + b - 1))
      d *= a / (x * (a + b - 1.0));
      a -= 1.0;
      double f_prev = upper ? f - d : f + d;
      if (f_prev < 0.0) f_prev = 0.0;
      if (f_prev > cap) f_prev = cap;
      w *= (k + 1.0 + h) / lambda;  // w_k = w_{k+1} (k + 1 + h) / lambda
      f = f_prev;
      double term = w * f;
      sum_b += term;
      if (f > 1e200 || d > 1e200) {  // renormalize (only I grows backward)
        f *= 1e-200;
        d *= 1e-200;
        sum_b *= 1e-200;
        cap *= 1e-200;
        prev_term *= 1e-200;
        term *= 1e-200;
        sigma_b += 460.51701859880914;
      }
      // Remainder: sum_{i<k} w_i F_i. Going down the weights fall with ratio
      // at most (k + h) / lambda; J falls too (bounded by its current value),
      // I rises but stays below 1. Once the terms themselves fall
      // geometrically, their ratio gives a tighter bound for I.
      double r = (k + h) / lambda;
      double total = sum_b + sum_f * std::exp(sigma_f - sigma_b);
      if (r < 1.0) {
        double bound = w * r / (1.0 - r) * (upper ? f : cap);
        if (!upper && prev_term > 0.0) {
          double ratio = term / prev_term;
          if (ratio < 0.5) bound = std::fmin(bound, 4.0 * term * ratio / (1.0 - ratio));
        }
        if (bound <= 0.25 * kEps * total || w == 0.0) break;
      }
      prev_term = term;
    }
  }
  // log(e^sigma_f sum_f + e^sigma_b sum_b)
  double lf = (sum_f > 0.0) ? sigma_f + std::log(sum_f) : -kInf;
  double lb = (sum_b > 0.0) ? sigma_b + std::log(sum_b) : -kInf;
  double hi = std::fmax(lf, lb), lo = std::fmin(lf, lb);
  if (hi == -kInf) return -kInf;
  return hi + std::log1p(std::exp(lo - hi));
}

// log P(Z > z) for any z, with relative accuracy far beyond the underflow of
// erfc (the tail itself is not needed, only its log).
double log_norm_sf(double z) noexcept {
  if (z < 30.0) return std::log(detail::norm_cdf(-z));
  // Mills ratio R(z) = P(Z > z) / phi(z) by its continued fraction
  // 1 / (z + 1 / (z + 2 / (z + 3 / (z + ...)))), evaluated from the tail.
  double r = z;
  for (int k = 40; k >= 1; --k) r = z + k / r;
  return -0.5 * z * z - detail::kLnSqrt2Pi - std::log(r);
}

// phi(z) / P(Z > z)
double norm_hazard(double z) noexcept {
  if (z < 30.0) return detail::norm_pdf(z) / detail::norm_cdf(-z);
  double r = z;
  for (int k = 40; k >= 1; --k) r = z + k / r;
  return r;
}

// e^x - 1 - x without cancellation for small x.
double expm1_minus_x(double x) noexcept {
  if (std::fabs(x) < 0.5) {
    double term = 0.5 * x * x, sum = term;
    for (int k = 3; k < 60; ++k) {
      term *= x / k;
      sum += term;
      if (std::fabs(term) <= 0.5 * kEps * std::fabs(sum)) break;
    }
    return sum;
  }
  return std::expm1(x) - x;
}

// P(T > t) = E[P(Z > t S + a)] for t > 0, a >= 0 (T noncentral t with ncp -a),
// S = sqrt(chi^2_df / df), by quadrature over u = log S. The log of the
// integrand is concave in u (log P(Z > .) is concave and decreasing, t e^u + a
// convex; the log density of log S is concave), so it has one peak: found by
// Newton, then integrated by the double-exponential (sinh-sinh) rule centred
// there and scaled by its curvature, halving the step until the sum settles.
// Every term is positive, so the result keeps its relative accuracy however
// small it is.
double upper_tail_mixed(double df, double t, double a) noexcept {
  double m = 0.5 * df;
  // log density of U = log S, written so that nothing large cancels for big df:
  //   log 2 + m log m - lgamma(m) + m (2u - e^{2u})
  //   = log 2 + m log m - lgamma(m) - m - m (e^{2u} - 1 - 2u)
  double c0;
  if (m >= 10.0) {
    c0 = std::log(2.0) + 0.5 * std::log(m) - detail::kLnSqrt2Pi - detail::stirling_delta(m);
  } else {
    c0 = std::log(2.0) + m * std::log(m) - log_gamma(m) - m;
  }
  auto L = [&](double u) {
    double z = t * std::exp(u) + a;
    double v = log_norm_sf(z) + c0 - m * expm1_minus_x(2.0 * u);
    return std::isnan(v) ? -kInf : v;
  };
  // Peak: L'(u) = -t e^u H(z) + df (1 - e^{2u}) = 0, decreasing in u.
  auto dL = [&](double u, double* g, double* dg) {
    double e = std::exp(u), z = t * e + a, h = norm_hazard(z);
    double d1 = -t * e * h - df * std::expm1(2.0 * u);
    double d2 = -t * e * h - (t * e) * (t * e) * h * (h - z) - 2.0 * df * e * e;
    *g = -d1;  // increasing
    *dg = -d2;
  };
  double u0 = detail::solve_increasing(dL, 0.0, -60.0, 12.0);
  if (std::isnan(u0)) return kNaN;
  double l0 = L(u0);
  if (l0 == -kInf) return 0.0;
  double g = 0.0, curv = 0.0;
  dL(u0, &g, &curv);
  double w = (curv > 0.0 && std::isfinite(curv)) ? 1.0 / std::sqrt(curv) : 0.1;

  // sinh-sinh rule: u = u0 + w sinh(pi/2 sinh(tau)), trapezoid in tau.
  const double half_pi = 1.5707963267948966;
  auto term = [&](double tau) {
    double s = half_pi * std::sinh(tau);
    double u = u0 + w * std::sinh(s);
    double f = std::exp(L(u) - l0);
    return f * w * half_pi * std::cosh(tau) * std::cosh(s);
  };
  const double tau_max = 4.0;
  double h = 0.5;
  double sum = term(0.0);
  for (int k = 1; k * h <= tau_max; ++k) sum += term(k * h) + term(-k * h);
  double integral = sum * h;
  for (int level = 0; level < 8; ++level) {
    h *= 0.5;
    double add = 0.0;
    for (int k = 1; k * h <= tau_max; k += 2) add += term(k * h) + term(-k * h);
    sum += add;
    double next = sum * h;
    // The error of the rule roughly squares with each halving, so a change
    // below 1e-10 leaves the new value accurate to rounding.
    bool done = std::fabs(next - integral) <= 1e-10 * next && level >= 1;
    integral = next;
    if (done) break;
  }
  return std::exp(l0 + std::log(integral));
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
    // Both tails are sums of positive terms here.
    double lo = detail::norm_cdf(-ncp) + 0.5 * (std::exp(log_weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, false)) +
                                                std::exp(log_weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, false)));
    double l1 = log_weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, true);
    double l2 = log_weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, true);
    double hi = std::fmax(l1, l2), lw = std::fmin(l1, l2);
    double up = (hi == -kInf) ? 0.0 : std::exp(std::log(0.5) + hi + std::log1p(std::exp(lw - hi)));
    if (std::isnan(lo) || std::isnan(up)) return {kNaN, kNaN};
    return {lo, up};
  }
  // ncp < 0: in the series the half-integer terms would enter with a minus
  // sign, and the upper tail (the small one, below Phi(ncp)) would be a
  // difference of two sums of order one. It is integrated instead.
  double up = upper_tail_mixed(df, t, -ncp);
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
    // 1e-15 absolute near ncp = 0: below what the tail probabilities resolve.
    double tol = 2.0 * kEps * std::fabs(b) + 1e-15;
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
