// The noncentral t distribution: cdf and sf exact for every df, ncp and t,
// and the inversion in ncp used for confidence limits of standardized effects.
// Reproduces R's pt(q, df, ncp) where that is exact (R switches to an
// approximation above ncp = 37.62). Two methods, both summing positive terms
// only, so that each tail keeps its relative accuracy down to 1e-300:
//
// 1. 0 <= ncp <= 20 (t > 0): with x = t^2 / (t^2 + df), lambda = ncp^2 / 2
//    (Guenther 1978; Lenth 1989, AS 243),
//      P(T <= t) = Phi(-ncp) + 1/2 sum_j [ p_j I_x(j + 1/2, df/2) + q_j I_x(j + 1, df/2) ]
//      P(T >  t) =             1/2 sum_j [ p_j J_x(j + 1/2, df/2) + q_j J_x(j + 1, df/2) ]
//    where J = 1 - I, p_j = e^-lambda lambda^j / j!, q_j = e^-lambda
//    lambda^(j+1/2) / Gamma(j + 3/2). Each sum starts at the mode of its
//    weights and runs outward (Benton & Krishnamoorthy 2003), with I or J at
//    the mode from the incomplete beta and its neighbours from the
//    recurrence I_x(a+1, b) = I_x(a, b) - x^a y^b / (a B(a, b)), carried in
//    scaled form so that nothing underflows on the way to the largest terms;
//    each sweep stops by a bound on its remainder. Its cost grows like ncp
//    (0.3 s at ncp = 1e6) and its far tails drift to ~2e-12 by ncp = 40.
// 2. Every other case: quadrature over the chi variable,
//      P(T <= t) = E[Phi(t S - ncp)],  P(T > t) = E[Q(t S - ncp)],  S = sqrt(chi^2_df / df),
//    at a bounded cost (a few hundred erfc, ~50 us) for every df, ncp and t
//    (nct_mixture_tail below). Checked against 32-digit quadrature in
//    mpmath over df = 1 ... 1e9, |ncp| = 0.5 ... 1e6, tails to 1e-300:
//    largest relative error 1.1e-13 (eps times |log p|).
// t < 0 by reflection (T(ncp) = -T(-ncp)).
//
// ncp_for_cdf: P(T <= t) = P(W >= ncp) with W = t S - Z, so the root is a
// quantile of W; Newton on the log of the small tail with the derivative
// (the density of W) from the same quadrature nodes, started from a
// first-order reliability approximation of that quantile: 1 to 5 tails.
#include <cmath>

#include "assess/distributions/distributions.hpp"
#include "assess/distributions/special.hpp"
#include "distributions/detail.hpp"

namespace assess::distributions {

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

// The hazard h(z) = phi(z) / P(Z > z), and h(z) - z in *excess without
// cancellation (for large z, h - z ~ 1/z while h ~ z): from the last step of
// the continued fraction h = z + 1 / (z + 2 / (z + 3 / ...)).
double norm_hazard(double z, double* excess) noexcept {
  if (z < 30.0) {
    double h = detail::norm_pdf(z) / detail::norm_cdf(-z);
    *excess = h - z;
    return h;
  }
  double r = z;
  for (int k = 40; k >= 2; --k) r = z + k / r;
  *excess = 1.0 / r;
  return z + *excess;
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

// a * b where a may be infinite and b zero (the limit there is 0 here).
double mul0(double a, double b) noexcept { return b == 0.0 ? 0.0 : a * b; }

}  // namespace

namespace detail {

// One tail of T for t > 0 and any ncp as a mixture over S = sqrt(chi^2_df / df):
//   P(T <= t) = E[Phi(t S - ncp)],   P(T > t) = E[Q(t S - ncp)],   Q = 1 - Phi.
// Integrated over u = log S, where the integrand is
//   F(t e^u - ncp) f_U(u),  f_U(u) = 2 m^m / Gamma(m) e^{m (2u - e^{2u})},  m = df / 2.
// As a function of s = e^u this is F(t s - ncp) s^df e^{-df s^2 / 2} (times a
// constant), a product of log-concave functions, so it has a single peak for
// every df > 0. The peak is located by bisection on the slope of the
// log-integrand, the variable is centred there (s = c e^x with c a double,
// so that z = fma(t, c, -ncp) + t c expm1(x) carries no cancellation however
// large ncp is), and the integral is split at the peak and, where it lies
// apart, at the cliff of F (z = 0), where F switches from ~1 to a normal
// tail within 1/ncp in x. Pieces reaching to infinity use the exp-sinh rule
// x = a + w e^{(pi/2) sinh(tau)}, each with its own scale w (where the
// log-integrand has fallen by about 1/2 to 8: it can be a Gaussian on one
// side of the peak and a slow chi tail on the other); finite pieces use the
// tanh-sinh rule. h is halved until the estimated error is at rounding
// level. Every term is positive, so each tail keeps its relative accuracy
// down to 1e-300 and below (it is returned as a log), and the cost does not
// depend on ncp, t or df: at most a few hundred evaluations of erfc.
//
// With want_rho the same nodes also give E[phi(t S - ncp)], the density of
// W = t S - Z at ncp, i.e. the derivative of the tail in ncp; rho is that
// density divided by the tail.
MixtureTail nct_mixture_tail(double df, double t, double ncp, bool upper, bool want_rho) noexcept {
  const MixtureTail fail{kNaN, kNaN};
  if (!(df > 0.0) || !(t > 0.0) || !std::isfinite(t) || !std::isfinite(ncp)) return fail;
  const double m = 0.5 * df;
  const double ln2 = 0.69314718055994530942;
  // log f_U(u) = c0 - m (e^{2u} - 1 - 2u), c0 = log 2 + m log m - lgamma(m) - m,
  // written with Stirling's series for large m so that nothing large cancels.
  const double c0 =
      (m >= 10.0) ? ln2 + 0.5 * std::log(m) - kLnSqrt2Pi - stirling_delta(m) : ln2 + m * std::log(m) - log_gamma(m) - m;
  double lc = 0.0, tc = t, zc = t - ncp;  // centre c = e^lc
  auto set_centre = [&](double l) {
    const double c = std::exp(std::fmin(std::fmax(l, -690.0), 690.0));
    lc = std::log(c);
    tc = t * c;
    zc = std::fma(t, c, -ncp);
  };
  // z = t s - ncp at s = c' e^y around a centre c' with t c' = tc and
  // t c' - ncp = zc: near the centre from expm1 (no cancellation against a
  // large ncp), farther out from the product t s itself (accurate relative to
  // t s, where zc + tc expm1(y) would cancel catastrophically).
  auto z_from = [&](double zc_, double tc_, double y) {
    return (std::fabs(y) < 0.5) ? zc_ + mul0(tc_, std::expm1(y)) : mul0(tc_, std::exp(y)) - ncp;
  };
  auto z_at = [&](double x) { return z_from(zc, tc, x); };
  auto log_tail = [&](double z) { return upper ? log_norm_sf(z) : log_norm_sf(-z); };
  auto log_dens = [&](double x) { return c0 - m * expm1_minus_x(2.0 * (lc + x)); };
  auto ell = [&](double x) {
    double v = log_tail(z_at(x)) + log_dens(x);
    return std::isnan(v) ? -kInf : v;
  };
  // First and second derivative of the log-integrand in x.
  const double sg = upper ? -1.0 : 1.0;
  auto slope = [&](double x, double* d1, double* d2) {
    double a = tc * std::exp(x);  // t s
    double z = z_at(x);
    // h = phi(z) / F(z) and dh/dz = h (h - z) (upper) or -h (h + z) (lower)
    double excess = 0.0;
    double h = norm_hazard(upper ? z : -z, &excess);
    double hp = (h == 0.0) ? 0.0 : (upper ? h * excess : -h * excess);
    double u2 = 2.0 * (lc + x);
    double ah = mul0(a, h);
    *d1 = sg * ah - df * std::expm1(u2);
    *d2 = sg * (ah + mul0(a * a, hp)) - 2.0 * df * std::exp(u2);
  };

  // The peak: d1 falls through zero once (d1 -> df as x -> -inf, -> -inf as
  // x -> inf). Bracketed by doubling steps, then bisected until the bracket
  // is below 1e-3 of the local width 1/sqrt(-d2) at its ends (a few dozen
  // cheap steps; Newton is unreliable here, the log-integrand can bend
  // from a normal tail to a flat top within 1/ncp). That width can be below
  // the resolution of x far from 0, so the variable is recentred on the
  // estimate and the search repeated there, where x is fine-grained.
  double d1 = 0.0, d2 = 0.0;
  double x0 = 0.0, first_step = 1.0;
  auto width_at = [](double curv) { return (curv < 0.0 && std::isfinite(curv)) ? 1.0 / std::sqrt(-curv) : kInf; };
  for (int round = 0; round < 4; ++round) {
    slope(0.0, &d1, &d2);
    if (std::isnan(d1)) return fail;
    const bool right = d1 > 0.0;
    double lo = 0.0, hi = 0.0, w_lo = width_at(d2), w_hi = w_lo;
    double step = first_step, at = 0.0;
    for (int i = 0;; ++i) {
      double next = right ? at + step : at - step;
      slope(next, &d1, &d2);
      if (std::isnan(d1) || i > 80) return fail;
      if (right ? d1 <= 0.0 : d1 > 0.0) {
        lo = right ? at : next;
        hi = right ? next : at;
        (right ? w_hi : w_lo) = width_at(d2);
        break;
      }
      at = next;
      (right ? w_lo : w_hi) = width_at(d2);
      step *= 2.0;
    }
    bool resolved = false;
    for (int it = 0; it < 200; ++it) {
      const double mid = 0.5 * (lo + hi);
      resolved = hi - lo <= 1e-3 * std::fmin(w_lo, w_hi);
      if (resolved || !(mid > lo && mid < hi)) break;
      slope(mid, &d1, &d2);
      if (std::isnan(d1)) return fail;
      if (d1 > 0.0) {
        lo = mid;
        w_lo = width_at(d2);
      } else {
        hi = mid;
        w_hi = width_at(d2);
      }
    }
    const double x = 0.5 * (lo + hi);
    const double target = lc + x;
    set_centre(target);
    x0 = target - lc;  // ~0 unless the centre was clamped
    first_step = std::fmax(hi - lo, 1e-300);
    // Searched once more around the new centre if x could not resolve it.
    if (resolved) break;
  }
  const double xp = x0;
  const double l0 = ell(xp);
  if (l0 == -kInf) return {-kInf, kNaN};
  slope(xp, &d1, &d2);
  const double w0 = (d2 < 0.0 && std::isfinite(d2)) ? std::fmin(1.0 / std::sqrt(-d2), 1e3) : 1.0;
  if (l0 < -1e5) {
    // The tail is e^l0 times at most a few widths: far below the doubles.
    // Its log is still wanted (ncp_for_cdf brackets with it), but the
    // integrand relative to its peak would carry a rounding of eps |l0| in
    // the exponent; Laplace's approximation is exact to that precision, and
    // the peak's hazard stands for rho.
    double excess = 0.0;
    const double zp = z_at(xp);
    const double rho = want_rho ? norm_hazard(upper ? zp : -zp, &excess) : kNaN;
    return {l0 + std::log(w0) + kLnSqrt2Pi, rho};
  }

  // Pieces of the integral. Besides the peak, the cliff of F (below) is a
  // breakpoint when it lies apart from the peak on the side where F falls
  // off and is not negligible: there F switches from ~1 to a normal tail
  // within 1/ncp in x, which can be far narrower than the chi factor (at
  // ncp = 1e6, df = 1e3: 1e-6 against 0.02). The pieces between peak and
  // cliff are finite (tanh-sinh rule); the outer pieces run from the peak
  // or the cliff to infinity (exp-sinh rule).
  struct Piece {
    bool finite;       // tanh-sinh on [a, b]; else exp-sinh from a in direction dir
    bool at_cliff;     // a, b are offsets from the cliff (exact near it), else values of x
    double a, b, dir;  // for exp-sinh: b is the scale w
    double tau_lo, tau_hi;
    double sum, sum_pdf;
  };
  // The cliff: where t s = max(ncp, 1). For ncp >= 1 that is z = 0, and z
  // grows by ncp per unit of x there (width 1/ncp). For ncp < 1, F changes
  // from F(-ncp) to 1 while t s runs through a few units (width ~1 in x),
  // which is sharp only against a chi factor spread over many units of x
  // (df << 1). The cliff has its own centre c_cliff: the pieces next to it
  // are laid out in exact offsets y from it, with z = (t c_cliff - ncp) +
  // t c_cliff expm1(y). In x around the peak, z would carry the rounding of
  // t c expm1(x), and x itself is only resolved to eps |x|, both far coarser
  // than the width of the cliff when it lies far out and ncp is large
  // (ncp = 1e12: 1e-12).
  const double scale = std::fmax(ncp, 1.0);
  const double cw = 1.0 / scale;
  const double c_cliff = scale / t;
  const bool cliff_ok = c_cliff > 1e-300 && c_cliff < 1e300;
  const double xc = cliff_ok ? std::log(c_cliff) - lc : kNaN;
  const double tc_c = t * c_cliff, zc_c = std::fma(t, c_cliff, -ncp);
  auto ell_cliff = [&](double y) {
    double v = log_tail(z_from(zc_c, tc_c, y)) + log_dens(xc + y);
    return std::isnan(v) ? -kInf : v;
  };
  auto outward = [&](double from, double dir, double w, bool at_cliff) {
    // Scale: where the log-integrand has fallen by about 1/2 to 16 from its
    // value at the start of the piece, searched in steps of 4 (the scale on
    // the slow side of a peak at a cliff can exceed the curvature's width by
    // a factor 1e60 when ncp is huge).
    auto at = [&](double off) { return at_cliff ? ell_cliff(off) : ell(from + off); };
    const double l_from = at(0.0);
    double drop = l_from - at(dir * w);
    if (drop < 0.5) {
      for (int i = 0; i < 600 && drop < 0.5 && w < 1e4; ++i) {
        w *= 4.0;
        drop = l_from - at(dir * w);
      }
    } else {
      for (int i = 0; i < 600 && drop > 16.0 && w > 1e-300; ++i) {
        w *= 0.25;
        drop = l_from - at(dir * w);
      }
    }
    return Piece{false, at_cliff, at_cliff ? 0.0 : from, w, dir, -4.0, 4.0, 0.0, 0.0};
  };
  Piece pieces[4];
  int n_pieces = 0;
  const double cliff_dir = upper ? 1.0 : -1.0;  // F falls off in this direction
  const bool use_cliff = cliff_ok && (xc - xp) * cliff_dir > 4.0 * cw && ell_cliff(0.0) - l0 > -60.0;
  pieces[n_pieces++] = outward(xp, -cliff_dir, w0, false);
  if (use_cliff) {
    auto finite = [](double a, double b, bool at_cliff) {
      return Piece{true, at_cliff, std::fmin(a, b), std::fmax(a, b), 0.0, -3.5, 3.5, 0.0, 0.0};
    };
    // F is within 1e-15 of 1 from 8 widths inside the cliff on: the layer
    // is a piece of its own (in offsets from the cliff) when the stretch to
    // the peak is much longer.
    const double xb = xc - 8.0 * cw * cliff_dir;
    if ((xb - xp) * cliff_dir > 8.0 * cw) {
      pieces[n_pieces++] = finite(xp, xb, false);
      pieces[n_pieces++] = finite(0.0, -8.0 * cw * cliff_dir, true);
    } else {
      pieces[n_pieces++] = finite(xp, xc, false);
    }
    pieces[n_pieces++] = outward(0.0, cliff_dir, cw, true);
  } else {
    pieces[n_pieces++] = outward(xp, cliff_dir, w0, false);
  }

  const double half_pi = 1.5707963267948966;
  // Adds the node tau of a piece; returns the integrand (peak = 1) and its
  // distance from the start of the piece, for the cut-off of the far end.
  auto add = [&](Piece& pc, double tau, double* f_out, double* x_out) {
    // The node is end + off, end the anchor of the piece it is nearer to.
    double end, off, jac, dist;
    if (pc.finite) {
      // x = mid + half tanh(y), y = (pi/2) sinh(tau), with the distance to
      // the nearer end computed directly (no cancellation near the ends).
      double y = half_pi * std::sinh(tau);
      double e = std::exp(-2.0 * std::fabs(y));
      double len = pc.b - pc.a;
      dist = len * e / (1.0 + e);
      end = (tau < 0.0) ? pc.a : pc.b;
      off = (tau < 0.0) ? dist : -dist;
      jac = len * half_pi * std::cosh(tau) * 2.0 * e / ((1.0 + e) * (1.0 + e));
    } else {
      double e = std::exp(half_pi * std::sinh(tau));
      dist = pc.b * e;
      jac = dist * half_pi * std::cosh(tau);
      end = pc.a;
      off = pc.dir * dist;
    }
    double xx, z;
    if (pc.at_cliff) {
      const double y = end + off;
      xx = xc + y;
      z = z_from(zc_c, tc_c, y);
    } else {
      xx = end + off;
      z = (use_cliff && std::fabs(xx - xc) < std::fabs(xx)) ? z_from(zc_c, tc_c, (end - xc) + off) : z_at(xx);
    }
    double ld = log_dens(xx) - l0;
    double lf = log_tail(z) + ld;
    double f = std::isnan(lf) ? 0.0 : std::exp(lf);
    pc.sum += f * jac;
    if (want_rho) {
      double lp = -0.5 * z * z - kLnSqrt2Pi + ld;
      if (!std::isnan(lp)) pc.sum_pdf += std::exp(lp) * jac;
    }
    *f_out = f;
    *x_out = dist;
  };
  // Level 0: h = 1/2. An exp-sinh piece starts at tau = -4 (the node lies
  // within 3e-19 w of the start, so nothing is lost below) and its far end
  // stops where the integrand times its remaining reach is negligible. The
  // integrand falls at least exponentially there (rate about df or more in
  // u), hence the reach x + 1/df.
  double h = 0.5;
  for (int i = 0; i < n_pieces; ++i) {
    Piece& pc = pieces[i];
    for (int k = static_cast<int>(pc.tau_lo / h); k * h <= pc.tau_hi; ++k) {
      double f = 0.0, x = 0.0;
      add(pc, k * h, &f, &x);
      if (!pc.finite && k > 0 && f * (x + 1.0 / df) <= 1e-22 * (pc.sum * h + pc.b)) {
        pc.tau_hi = k * h;
        break;
      }
    }
  }
  auto total = [&](double hh) {
    double s = 0.0;
    for (int i = 0; i < n_pieces; ++i) s += pieces[i].sum;
    return s * hh;
  };
  double integral = total(h);
  // Halve h until two levels agree to 1e-13 (the error of the rule falls
  // faster than geometrically with each halving, ideally it squares, so the
  // last level is then accurate to rounding; an estimate from the ratio of
  // the last two changes was tried and can be fooled by one level that
  // happens to land close). Rounding level: each node carries the rounding
  // of its log-integrand, about eps times |log| (both parts of the log are
  // below |l0| plus a few units at the nodes that matter), so a tail near
  // 1e-300 is settled at ~1e-13.
  const double floor = 4.0 * kEps * (std::fabs(l0) + 16.0);
  for (int level = 1; level <= 8; ++level) {
    h *= 0.5;
    for (int i = 0; i < n_pieces; ++i) {
      Piece& pc = pieces[i];
      for (double tau = pc.tau_lo + h; tau <= pc.tau_hi; tau += 2.0 * h) {
        double f = 0.0, x = 0.0;
        add(pc, tau, &f, &x);
      }
    }
    double next = total(h);
    double change = std::fabs(next - integral);
    bool done = level >= 2 && (change <= 1e-13 * next || change <= floor * next);
    integral = next;
    if (done) break;
  }
  if (!(integral > 0.0) || !std::isfinite(integral)) return fail;
  double rho = kNaN;
  if (want_rho) {
    double sp = 0.0;
    for (int i = 0; i < n_pieces; ++i) sp += pieces[i].sum_pdf;
    rho = sp * h / integral;
  }
  return {l0 + std::log(integral), rho};
}

namespace {
// x = t^2 / (t^2 + df), y = df / (t^2 + df) and their logs, from whichever
// ratio is safe.
void series_args(double df, double t, double& x, double& y, double& lx, double& ly) noexcept {
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
}
}  // namespace

// Both tails by the series, for t > 0 and ncp >= 0.
NctTails nct_series_tails(double df, double t, double ncp) noexcept {
  double x, y, lx, ly;
  series_args(df, t, x, y, lx, ly);
  double b = 0.5 * df;
  if (ncp == 0.0) {
    detail::Tails c = detail::ibeta_tails(0.5, b, x, y, lx, ly);
    return {0.5 + 0.5 * c.lower, 0.5 * c.upper};
  }
  double lambda = 0.5 * ncp * ncp;
  double lo = detail::norm_cdf(-ncp) + 0.5 * (std::exp(log_weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, false)) +
                                              std::exp(log_weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, false)));
  double l1 = log_weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, true);
  double l2 = log_weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, true);
  double hi = std::fmax(l1, l2), lw = std::fmin(l1, l2);
  double up = (hi == -kInf) ? 0.0 : std::exp(std::log(0.5) + hi + std::log1p(std::exp(lw - hi)));
  if (std::isnan(lo) || std::isnan(up)) return {kNaN, kNaN};
  return {lo, up};
}

// One tail by the series as a log, for t > 0 and ncp >= 0 (ncp_for_cdf: half
// the work of both tails, and no exp of a log that may lie below the doubles).
double nct_series_log_tail(double df, double t, double ncp, bool upper) noexcept {
  double x, y, lx, ly;
  series_args(df, t, x, y, lx, ly);
  const double b = 0.5 * df;
  if (ncp == 0.0) {
    detail::Tails c = detail::ibeta_tails(0.5, b, x, y, lx, ly);
    return upper ? std::log(0.5) + c.log_upper : std::log(0.5 + 0.5 * c.lower);
  }
  const double lambda = 0.5 * ncp * ncp;
  const double l1 = log_weighted_beta_sum(lambda, 0.0, b, x, y, lx, ly, upper);
  const double l2 = log_weighted_beta_sum(lambda, 0.5, b, x, y, lx, ly, upper);
  if (std::isnan(l1) || std::isnan(l2)) return kNaN;
  const double hi = std::fmax(l1, l2), lw = std::fmin(l1, l2);
  const double ls = (hi == -kInf) ? -kInf : std::log(0.5) + hi + std::log1p(std::exp(lw - hi));
  if (upper) return ls;
  // P(T <= t) = Phi(-ncp) + the sums, all positive.
  const double lp = log_norm_sf(ncp);
  const double m = std::fmax(lp, ls), n = std::fmin(lp, ls);
  if (m == -kInf) return -kInf;
  return m + std::log1p(std::exp(n - m));
}

}  // namespace detail

namespace {

// The series costs O(ncp) terms, the quadrature a bounded number of nodes
// (the series is 2 to 10 times faster at small ncp); beyond ncp = 20 the
// series also loses digits in the far tails (2e-12 at ncp = 40, df = 1e9).
constexpr double kSeriesMaxNcp = 20.0;

// A tail near 1 may come out an ulp or two above it (rounding of the
// normalising constants); NaN stays NaN.
double clamp_probability(double p) noexcept { return p > 1.0 ? 1.0 : p; }

// One tail (upper: P(T > t), else P(T <= t)) for any t and ncp, df finite.
double nct_tail(double df, double t, double ncp, bool upper) noexcept {
  if (t < 0.0) return nct_tail(df, -t, -ncp, !upper);
  if (t == 0.0) return detail::norm_cdf(upper ? ncp : -ncp);
  if (t == kInf) return upper ? 0.0 : 1.0;
  if (ncp >= 0.0 && ncp <= kSeriesMaxNcp) {
    detail::NctTails r = detail::nct_series_tails(df, t, ncp);
    return clamp_probability(upper ? r.upper : r.lower);
  }
  return clamp_probability(std::exp(detail::nct_mixture_tail(df, t, ncp, upper, false).log_p));
}

bool valid(const NoncentralT& d) noexcept { return d.df > 0.0 && std::isfinite(d.ncp); }

// Starting value for ncp_for_cdf. P(T <= t) = P(W >= ncp) with W = t S - Z,
// so the root is the upper-p quantile of W. W = t g(Z1) - Z2 with Z1, Z2
// standard normal and g the quantile function of S at Phi(Z1); the
// first-order reliability approximation puts the quantile at the point of
// the surface t g(z1) - z2 = w nearest to the origin, at distance
// zq = Phi^-1(1 - p): a few fixed-point steps on the design point z1. Exact
// when S is degenerate (df -> inf) and when t S dominates (then w = t times
// the S quantile), within a few percent of the scale of W in between.
double ncp_start(double df, double t, double p) noexcept {
  const double zq = -detail::norm_quantile(p);
  const ChiSquared chi{df};
  auto s_at = [&](double z1, double* ds) {
    double q = (z1 <= 0.0) ? quantile(chi, detail::norm_cdf(z1)) : quantile_sf(chi, detail::norm_cdf(-z1));
    double s = std::sqrt(q / df);
    // dS/dz1 = phi(z1) / f_S(s), f_S(s) = 2 df s f_chi2(df s^2)
    *ds = detail::norm_pdf(z1) / (2.0 * df * s * pdf(chi, q));
    return s;
  };
  double z1 = 0.0, w = kNaN;
  for (int i = 0; i < 5; ++i) {
    double ds = 0.0, s = s_at(z1, &ds);
    double a = t * ds, n = std::hypot(1.0, a);
    w = t * s + zq / n;
    if (!std::isfinite(w) || !std::isfinite(a)) break;
    double z1_next = zq * a / n;
    if (std::fabs(z1_next - z1) < 1e-3) break;
    z1 = z1_next;
  }
  if (std::isfinite(w)) return w;
  return t + zq * std::sqrt(1.0 + t * t / (2.0 * df));  // normal approximation
}

}  // namespace

double cdf(const NoncentralT& d, double x) noexcept {
  if (!valid(d) || std::isnan(x)) return kNaN;
  if (d.df == kInf) return detail::norm_cdf(x - d.ncp);
  return nct_tail(d.df, x, d.ncp, false);
}

double sf(const NoncentralT& d, double x) noexcept {
  if (!valid(d) || std::isnan(x)) return kNaN;
  if (d.df == kInf) return detail::norm_cdf(d.ncp - x);
  return nct_tail(d.df, x, d.ncp, true);
}

double ncp_for_cdf(double df, double t, double p) noexcept {
  if (!(df > 0.0) || !std::isfinite(t) || !(p >= 0.0 && p <= 1.0)) return kNaN;
  if (p == 0.0) return kInf;
  if (p == 1.0) return -kInf;
  if (df == kInf) return t - detail::norm_quantile(p);
  if (t == 0.0) return -detail::norm_quantile(p);
  // Newton on the log of the tail that is small at the target (so that tiny
  // p keep their relative accuracy; 1 - p is exact for p > 1/2), with the
  // derivative from the same quadrature: d/dncp P(T <= t) = -f_W(ncp).
  // W = t S - Z has a log-concave density for df >= 1 (a convolution of
  // log-concave ones), so both tails are log-concave in ncp and Newton
  // converges monotonically after its first step; a bracket with bisection
  // guards the rest.
  const bool lower = p <= 0.5;
  const double log_target = std::log(lower ? p : 1.0 - p);
  // Where the series applies (0 <= ncp <= kSeriesMaxNcp after reflection)
  // the tail comes from it, 20 to 100 times cheaper than the quadrature, but
  // without the derivative: Newton's slope is then the secant through the
  // previous iterate, or, at the first step, the slope of the log tail of
  // the normal approximation of W at the start.
  auto eval = [&](double ncp, double* g, double* dg) {
    // For t < 0 by reflection: P(T <= t; ncp) = P(T > -t; -ncp).
    const double tt = (t > 0.0) ? t : -t, nn = (t > 0.0) ? ncp : -ncp;
    const bool up = (t > 0.0) ? !lower : lower;
    if (nn >= 0.0 && nn <= kSeriesMaxNcp) {
      *g = detail::nct_series_log_tail(df, tt, nn, up) - log_target;
      *dg = kNaN;
      return;
    }
    detail::MixtureTail r = detail::nct_mixture_tail(df, tt, nn, up, true);
    *g = r.log_p - log_target;
    *dg = lower ? -r.rho : r.rho;
  };
  // g(ncp) falls with ncp for the lower tail and rises for the upper one;
  // work with the increasing function sgn * g.
  const double sgn = lower ? -1.0 : 1.0;
  double lo = -kInf, hi = kInf, outward_step = 0.0;
  double ncp = ncp_start(df, t, p);
  double prev_ncp = kNaN, prev_g = kNaN;
  for (int it = 0; it < 100; ++it) {
    double g = 0.0, dg = 0.0;
    eval(ncp, &g, &dg);
    if (std::isnan(g)) return kNaN;
    g *= sgn;
    const bool exact_slope = !std::isnan(dg);
    if (exact_slope) {
      dg *= sgn;
    } else if (std::isfinite(prev_g) && ncp != prev_ncp) {
      dg = (g - prev_g) / (ncp - prev_ncp);
    } else {
      // Normal approximation: W ~ N(., s^2), s^2 = 1 + t^2 / (2 df); the
      // log of the small tail changes with ncp by the hazard at the
      // standardized target over s.
      double excess = 0.0;
      dg = norm_hazard(std::fabs(detail::norm_quantile(p)), &excess) / std::sqrt(1.0 + t * t / (2.0 * df));
    }
    prev_ncp = ncp;
    prev_g = g;
    if (g == 0.0) return ncp;
    if (g > 0.0) {
      hi = ncp;
    } else {
      lo = ncp;
    }
    const double step = g / dg;
    double next = ncp - step;
    const bool newton_ok = std::isfinite(next) && dg > 0.0;
    // Converged: g is the relative error of the tail, and Newton's next
    // error is about step^2 times the relative change of the slope, at
    // most dg (the tail is log-concave): below 1e-16 / dg once |g| <= 1e-8.
    // The last step is taken without another evaluation.
    // With a secant slope the next error is about the product of the last
    // two steps times that relative change, hence the tighter test on g.
    const double g_tol = exact_slope ? 1e-8 : 1e-11;
    if (newton_ok && (std::fabs(g) <= g_tol || std::fabs(step) <= 2.0 * kEps * std::fabs(ncp))) return next;
    // The tail matches to rounding, but its slope underflowed.
    if (!newton_ok && std::fabs(g) <= 64.0 * kEps) return ncp;
    if (!(newton_ok && next > lo && next < hi)) {
      if (std::isfinite(lo) && std::isfinite(hi)) {
        next = 0.5 * (lo + hi);
        if (next == lo || next == hi) return next;
      } else {
        // Not bracketed yet and Newton unusable: growing steps outward.
        outward_step = (outward_step == 0.0) ? std::fmax(1.0, 0.01 * std::fabs(ncp)) : 4.0 * outward_step;
        next = std::isfinite(lo) ? lo + outward_step : hi - outward_step;
      }
    }
    ncp = next;
  }
  return ncp;
}

}  // namespace assess::distributions
