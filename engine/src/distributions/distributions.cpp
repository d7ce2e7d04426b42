// Normal, Student t, chi-square and F: densities, both tails computed
// directly, and quantiles. The noncentral t lives in noncentral_t.cpp.
//
// Quantiles: the normal by Wichura's AS 241; t, chi-square and F by a
// safeguarded Newton iteration in u = log x on the log of whichever tail is
// the small one (log-probabilities are close to linear in log x in the
// tails, so Newton converges in a few steps from rough starting values, and
// relative accuracy holds down to 1e-300). The derivative comes free: for
// these families x * density(x) is the prefactor of the incomplete
// beta/gamma function, which the tail evaluation returns.
#include "assess/distributions/distributions.hpp"

#include <cmath>

#include "assess/distributions/special.hpp"
#include "distributions/detail.hpp"

namespace assess::distributions {

using detail::kEps;
using detail::kInf;
using detail::kNaN;
using detail::kPi;
using detail::Tails;

namespace {

constexpr double kLogMin = -744.0;  // log of the smallest subnormal, about
constexpr double kLogMax = 709.7;   // log of the largest double

bool valid_normal(const Normal& d) noexcept { return std::isfinite(d.mean) && d.sd > 0.0 && std::isfinite(d.sd); }
bool valid_df(double df) noexcept { return df > 0.0; }  // false for NaN
bool valid_prob(double p) noexcept { return p >= 0.0 && p <= 1.0; }

// ---------------------------------------------------------------- Student t
// The t tails are I_x(df/2, 1/2) with x = df / (df + t^2), y = t^2 / (df + t^2).
// Both are formed from whichever ratio does not overflow, with their logs,
// so that |t| up to 1e300 keeps its accuracy (the Cauchy tail at df = 1).
Tails t_tails(double df, double t) noexcept {
  double at = std::fabs(t);
  double x, y, lx, ly;
  if (at <= std::sqrt(df)) {
    double z2 = at * at / df;
    x = 1.0 / (1.0 + z2);
    y = z2 / (1.0 + z2);
    lx = -std::log1p(z2);
    ly = (z2 == 0.0) ? -kInf : std::log(z2) - std::log1p(z2);
  } else {
    double w = (df / at) / at;
    double lw = (w > 1e-300) ? std::log(w) : std::log(df) - 2.0 * std::log(at);
    x = w / (1.0 + w);
    y = 1.0 / (1.0 + w);
    lx = lw - std::log1p(w);
    ly = -std::log1p(w);
  }
  return detail::ibeta_tails(0.5 * df, 0.5, x, y, lx, ly);
}

// P(T > t) for t >= 0 and P(0 < T < t), both from one evaluation.
struct TUpper {
  double sf;        // P(T > t)
  double centre;    // P(0 < T < t)
  double log_tpdf;  // log(t * pdf(t))
};

TUpper t_upper(double df, double t) noexcept {
  Tails tl = t_tails(df, t);
  return {0.5 * tl.lower, 0.5 * tl.upper, tl.log_pre};
}

// Upper quantile for 0 < q < 0.5 (the result is positive).
double t_quantile_upper(double df, double q) noexcept {
  if (df == 1.0) return q < 0.25 ? 1.0 / std::tan(kPi * q) : std::tan(kPi * (0.5 - q));
  if (df == 2.0) return (1.0 - 2.0 * q) / std::sqrt(2.0 * q * (1.0 - q));
  double z = -detail::norm_quantile(q);
  if (df == kInf) return z;
  // Starting values: Cornish-Fisher around the normal, and the power-law tail
  // sf(t) ~ df^(df/2 - 1) / B(df/2, 1/2) * t^-df, which always lies above
  // the root (the density is below its tail asymptote everywhere).
  double z2 = z * z;
  double t_cf = z + z * (z2 + 1.0) / (4.0 * df) + z * ((5.0 * z2 + 16.0) * z2 + 3.0) / (96.0 * df * df);
  double u_tail = ((0.5 * df - 1.0) * std::log(df) - log_beta(0.5 * df, 0.5) - std::log(q)) / df;
  double hi = std::fmin(u_tail + 1e-6, kLogMax);
  double u0 = (t_cf > 0.0 && std::isfinite(t_cf)) ? std::fmin(std::log(t_cf), u_tail) : u_tail;
  // g(x) increasing in u = log x; dg = dg/du.
  double c = 0.5 - q;  // exact for q >= 0.25
  double lc = std::log(c), lq = std::log(q);
  auto eval_x = [&](double x, double* g, double* dg) {
    TUpper r = t_upper(df, x);
    if (q >= 0.25) {
      // Near the centre solve P(0 < T < t) = 0.5 - q, which is exact in q.
      double lcen = std::log(r.centre);
      *g = lcen - lc;
      *dg = std::exp(r.log_tpdf - lcen);
    } else {
      double ls = std::log(r.sf);
      *g = lq - ls;
      *dg = std::exp(r.log_tpdf - ls);
    }
  };
  double u =
      detail::solve_increasing([&](double uu, double* g, double* dg) { eval_x(std::exp(uu), g, dg); }, u0, kLogMin, hi);
  // A root beyond the largest double (df < 1 and tiny q): the quantile is +inf.
  if (u >= kLogMax - 1e-6 && t_upper(df, std::exp(kLogMax)).sf > q) return kInf;
  return detail::polish_in_x(eval_x, std::exp(u));
}

// ------------------------------------------------------------------ F
Tails f_tails(double df1, double df2, double x) noexcept {
  // x_b = df1 x / (df1 x + df2), y_b = df2 / (df1 x + df2), via r = df1 x / df2.
  double r = df1 * x / df2;
  double lr = (r > 1e-300 && r < 1e300) ? std::log(r) : std::log(x) + std::log(df1) - std::log(df2);
  double xb, yb, lx, ly;
  if (r <= 1.0) {
    xb = r / (1.0 + r);
    yb = 1.0 / (1.0 + r);
    lx = lr - std::log1p(r);
    ly = -std::log1p(r);
  } else {
    double w = std::exp(-lr);
    xb = 1.0 / (1.0 + w);
    yb = w / (1.0 + w);
    lx = -std::log1p(w);
    ly = -lr - std::log1p(w);
  }
  return detail::ibeta_tails(0.5 * df1, 0.5 * df2, xb, yb, lx, ly);
}

// ------------------------------------------------------ common quantile frame
// Solve in u = log x for a distribution on (0, inf) whose tails at x are
// given by tails(x) (with log_pre = log(x * pdf(x))): lower tail p when
// `lower`, upper tail q otherwise. u0 is the starting point, [lo, hi] a bracket.
template <class TailsFn>
double positive_quantile(TailsFn tails, double prob, bool lower, double u0, double lo, double hi) noexcept {
  double lp = std::log(prob);
  auto eval_x = [&](double x, double* g, double* dg) {
    Tails t = tails(x);
    double v = lower ? t.lower : t.upper;
    double lv = std::log(v);
    *g = lower ? lv - lp : lp - lv;
    *dg = std::exp(t.log_pre - lv);
  };
  auto eval = [&](double uu, double* g, double* dg) { eval_x(std::exp(uu), g, dg); };
  double u = detail::solve_increasing(eval, u0, lo, hi);
  // A root beyond the range of doubles: the quantile rounds to 0 or infinity.
  double g = 0.0, dg = 0.0;
  if (u <= lo + 1e-6) {
    eval(lo, &g, &dg);
    if (g > 0.0) return 0.0;
  } else if (u >= hi - 1e-6) {
    eval(hi, &g, &dg);
    if (g < 0.0) return kInf;
  }
  return detail::polish_in_x(eval_x, std::exp(u));
}

double chisq_quantile(double df, double prob, bool lower) noexcept {
  // Work with the gamma variate z = x / 2, shape a = df / 2.
  double a = 0.5 * df;
  double p_lower = lower ? prob : 1.0 - prob;  // only for starting values
  // P(a, z) <= z^a / Gamma(a + 1), so this z lies below the root.
  double u_small = lower ? (std::log(prob) + log_gamma(a + 1.0)) / a : kLogMin;
  if (lower && u_small < -700.0) return 2.0 * std::exp(u_small);  // P = z^a / Gamma(a+1) exactly here
  // Wilson-Hilferty.
  double zn = lower ? detail::norm_quantile(prob) : -detail::norm_quantile(prob);
  double h = 2.0 / (9.0 * df);
  double wh = 1.0 - h + zn * std::sqrt(h);
  double u0;
  if (wh > 0.0 && p_lower > 1e-6 && (lower || prob > 1e-10 || df > 50.0)) {
    u0 = std::log(0.5 * df * wh * wh * wh);
  } else if (lower) {
    u0 = u_small;
  } else {
    // Far upper tail: Q(a, z) ~ z^(a-1) e^-z / Gamma(a); two fixed-point steps.
    double z = -std::log(prob) + a;
    for (int i = 0; i < 2; ++i) z = -std::log(prob) - log_gamma(a) + (a - 1.0) * std::log(z);
    u0 = std::log(std::fmax(z, 1e-3));
  }
  double lo = lower ? std::fmax(u_small - 1e-6, kLogMin) : kLogMin;
  if (u0 <= lo) u0 = lo + 1e-3;
  double z =
      positive_quantile([a](double zz) { return detail::gamma_tails(a, zz); }, prob, lower, u0, lo, kLogMax - 1.0);
  return 2.0 * z;
}

double f_quantile(double df1, double df2, double prob, bool lower) noexcept {
  return positive_quantile([df1, df2](double x) { return f_tails(df1, df2, x); }, prob, lower, 0.0, kLogMin, kLogMax);
}

}  // namespace

// ------------------------------------------------------------------- Normal

double pdf(const Normal& d, double x) noexcept {
  if (!valid_normal(d) || std::isnan(x)) return kNaN;
  return detail::norm_pdf((x - d.mean) / d.sd) / d.sd;
}

double cdf(const Normal& d, double x) noexcept {
  if (!valid_normal(d) || std::isnan(x)) return kNaN;
  return detail::norm_cdf((x - d.mean) / d.sd);
}

double sf(const Normal& d, double x) noexcept {
  if (!valid_normal(d) || std::isnan(x)) return kNaN;
  return detail::norm_cdf(-((x - d.mean) / d.sd));
}

double quantile(const Normal& d, double p) noexcept {
  if (!valid_normal(d) || !valid_prob(p)) return kNaN;
  return d.mean + d.sd * detail::norm_quantile(p);
}

double quantile_sf(const Normal& d, double q) noexcept {
  if (!valid_normal(d) || !valid_prob(q)) return kNaN;
  return d.mean - d.sd * detail::norm_quantile(q);
}

// ---------------------------------------------------------------- Student t

double pdf(const StudentT& d, double x) noexcept {
  double df = d.df;
  if (!valid_df(df) || std::isnan(x)) return kNaN;
  if (df == kInf) return detail::norm_pdf(x);
  double ax = std::fabs(x);
  if (ax == kInf) return 0.0;
  // log(1 + x^2/df) without overflow
  double l1;
  if (ax <= std::sqrt(df)) {
    l1 = std::log1p(ax * ax / df);
  } else {
    double w = (df / ax) / ax;
    double lw = (w > 1e-300) ? std::log(w) : std::log(df) - 2.0 * std::log(ax);
    l1 = std::log1p(w) - lw;
  }
  return std::exp(-0.5 * (df + 1.0) * l1 - 0.5 * std::log(df) - log_beta(0.5 * df, 0.5));
}

double cdf(const StudentT& d, double x) noexcept {
  double df = d.df;
  if (!valid_df(df) || std::isnan(x)) return kNaN;
  if (df == kInf) return detail::norm_cdf(x);
  if (x == kInf) return 1.0;
  if (x == -kInf) return 0.0;
  TUpper r = t_upper(df, x);
  return x < 0.0 ? r.sf : 0.5 + r.centre;
}

double sf(const StudentT& d, double x) noexcept {
  double df = d.df;
  if (!valid_df(df) || std::isnan(x)) return kNaN;
  if (df == kInf) return detail::norm_cdf(-x);
  if (x == kInf) return 0.0;
  if (x == -kInf) return 1.0;
  TUpper r = t_upper(df, x);
  return x > 0.0 ? r.sf : 0.5 + r.centre;
}

double quantile_sf(const StudentT& d, double q) noexcept {
  double df = d.df;
  if (!valid_df(df) || !valid_prob(q)) return kNaN;
  if (q == 0.0) return kInf;
  if (q == 1.0) return -kInf;
  if (q == 0.5) return 0.0;
  if (q > 0.5) return -t_quantile_upper(df, 1.0 - q);  // 1 - q is exact here
  return t_quantile_upper(df, q);
}

double quantile(const StudentT& d, double p) noexcept {
  // P(T <= t) = p  <=>  P(T > -t) = p by symmetry.
  double t = quantile_sf(d, p);
  return std::isnan(t) ? t : -t;
}

// --------------------------------------------------------------- chi-square

double pdf(const ChiSquared& d, double x) noexcept {
  double df = d.df;
  if (!valid_df(df) || df == kInf || std::isnan(x)) return kNaN;
  if (x < 0.0 || x == kInf) return 0.0;
  if (x == 0.0) return df < 2.0 ? kInf : (df == 2.0 ? 0.5 : 0.0);
  // x * pdf(x) = z^a e^-z / Gamma(a) with z = x/2, a = df/2.
  return std::exp(detail::log_gamma_prefactor(0.5 * df, 0.5 * x)) / x;
}

double cdf(const ChiSquared& d, double x) noexcept {
  double df = d.df;
  if (!valid_df(df) || df == kInf || std::isnan(x)) return kNaN;
  if (x <= 0.0) return 0.0;
  return detail::gamma_tails(0.5 * df, 0.5 * x).lower;
}

double sf(const ChiSquared& d, double x) noexcept {
  double df = d.df;
  if (!valid_df(df) || df == kInf || std::isnan(x)) return kNaN;
  if (x <= 0.0) return 1.0;
  return detail::gamma_tails(0.5 * df, 0.5 * x).upper;
}

double quantile(const ChiSquared& d, double p) noexcept {
  double df = d.df;
  if (!valid_df(df) || df == kInf || !valid_prob(p)) return kNaN;
  if (p == 0.0) return 0.0;
  if (p == 1.0) return kInf;
  return p <= 0.5 ? chisq_quantile(df, p, true) : chisq_quantile(df, 1.0 - p, false);
}

double quantile_sf(const ChiSquared& d, double q) noexcept {
  double df = d.df;
  if (!valid_df(df) || df == kInf || !valid_prob(q)) return kNaN;
  if (q == 0.0) return kInf;
  if (q == 1.0) return 0.0;
  return q <= 0.5 ? chisq_quantile(df, q, false) : chisq_quantile(df, 1.0 - q, true);
}

// ---------------------------------------------------------------------- F

double pdf(const FisherF& d, double x) noexcept {
  if (!valid_df(d.df1) || !valid_df(d.df2) || d.df1 == kInf || d.df2 == kInf || std::isnan(x)) return kNaN;
  if (x < 0.0 || x == kInf) return 0.0;
  if (x == 0.0) return d.df1 < 2.0 ? kInf : (d.df1 == 2.0 ? 1.0 : 0.0);
  return std::exp(f_tails(d.df1, d.df2, x).log_pre) / x;
}

double cdf(const FisherF& d, double x) noexcept {
  if (!valid_df(d.df1) || !valid_df(d.df2) || d.df1 == kInf || d.df2 == kInf || std::isnan(x)) return kNaN;
  if (x <= 0.0) return 0.0;
  if (x == kInf) return 1.0;
  return f_tails(d.df1, d.df2, x).lower;
}

double sf(const FisherF& d, double x) noexcept {
  if (!valid_df(d.df1) || !valid_df(d.df2) || d.df1 == kInf || d.df2 == kInf || std::isnan(x)) return kNaN;
  if (x <= 0.0) return 1.0;
  if (x == kInf) return 0.0;
  return f_tails(d.df1, d.df2, x).upper;
}

double quantile(const FisherF& d, double p) noexcept {
  if (!valid_df(d.df1) || !valid_df(d.df2) || d.df1 == kInf || d.df2 == kInf || !valid_prob(p)) return kNaN;
  if (p == 0.0) return 0.0;
  if (p == 1.0) return kInf;
  return p <= 0.5 ? f_quantile(d.df1, d.df2, p, true) : f_quantile(d.df1, d.df2, 1.0 - p, false);
}

double quantile_sf(const FisherF& d, double q) noexcept {
  if (!valid_df(d.df1) || !valid_df(d.df2) || d.df1 == kInf || d.df2 == kInf || !valid_prob(q)) return kNaN;
  if (q == 0.0) return kInf;
  if (q == 1.0) return 0.0;
  return q <= 0.5 ? f_quantile(d.df1, d.df2, q, false) : f_quantile(d.df1, d.df2, 1.0 - q, true);
}

}  // namespace assess::distributions
