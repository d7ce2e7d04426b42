// Internal pieces shared by the special functions and the distributions:
// log-space prefactors, incomplete beta/gamma returning both tails at once
// (plus the log prefactor, which the quantile solvers reuse as derivative),
// and a safeguarded Newton solver. Not part of the public interface.
#pragma once

#include <cmath>
#include <limits>

namespace assess::distributions::detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kEps = std::numeric_limits<double>::epsilon();
inline constexpr double kLnSqrt2Pi = 0.918938533204672741780329736406;  // log(sqrt(2 pi))
inline constexpr double kPi = 3.14159265358979323846264338328;

// e - log1p(e) without cancellation near 0 (DiDonato & Morris' rlog1).
double rlog1(double e) noexcept;

// Stirling correction: log_gamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)), x >= 10.
double stirling_delta(double x) noexcept;

// log(x^a y^b / B(a, b)) where y = 1 - x. The caller passes x and y (each
// accurate) and their logs lx, ly (accurate even when x or y underflows).
// For a, b >= 10 the Stirling form around the mode is used, so the result
// keeps its relative accuracy for a, b up to 1e9 and beyond.
double log_beta_prefactor(double a, double b, double x, double y, double lx, double ly) noexcept;

// log(x^a e^-x / Gamma(a)), with the same care for large a.
double log_gamma_prefactor(double a, double x) noexcept;

// Both tails of a distribution at once, each computed with relative accuracy
// where it is the small one, and the log prefactor (x^a y^b / B(a,b) for the
// beta, x^a e^-x / Gamma(a) for the gamma): for the distributions built on
// them this equals x * density(x), which the quantile solvers need.
struct Tails {
  double lower;
  double upper;
  double log_pre;
  // Logs of the two tails; for the small tail exact even where it underflows.
  double log_lower;
  double log_upper;
};
inline Tails make_tails(double lower, double upper, double log_pre) noexcept {
  return {lower, upper, log_pre, std::log(lower), std::log(upper)};
}

// I_x(a, b) and 1 - I_x(a, b); x + y == 1, lx = log x, ly = log y.
Tails ibeta_tails(double a, double b, double x, double y, double lx, double ly) noexcept;
Tails ibeta_tails(double a, double b, double x) noexcept;
// P(a, x) and Q(a, x).
Tails gamma_tails(double a, double x) noexcept;

// Standard normal pieces used by several distributions.
double norm_cdf(double z) noexcept;       // Phi(z)
double norm_pdf(double z) noexcept;       // phi(z), accurate in the tails
double norm_quantile(double p) noexcept;  // Wichura AS 241 (PPND16)

// The noncentral t by its two methods (noncentral_t.cpp), exposed so that
// the tests can hold them against each other where both apply.
struct NctTails {
  double lower;  // P(T <= t)
  double upper;  // P(T > t)
};
// Poisson-weighted incomplete-beta series; t > 0, ncp >= 0, cost O(ncp).
NctTails nct_series_tails(double df, double t, double ncp) noexcept;
// log of one tail by the same series (upper: P(T > t), else P(T <= t)): two
// of the four weighted sums; -inf where the tail is 0 in doubles.
double nct_series_log_tail(double df, double t, double ncp, bool upper) noexcept;
// Quadrature of one tail over the chi variable; t > 0, any ncp, bounded
// cost. log_p is the log of the tail (finite even where the tail
// underflows); rho (with want_rho) is f_W(ncp) / tail, where f_W(ncp) is
// minus the derivative of P(T <= t) in ncp.
struct MixtureTail {
  double log_p;
  double rho;
};
MixtureTail nct_mixture_tail(double df, double t, double ncp, bool upper, bool want_rho) noexcept;

// Root of g on [lo, hi] by Newton steps, falling back to bisection whenever
// a step leaves the bracket. f(u, &g, &dg) evaluates g and g'; g must be
// increasing. Returns NaN when g is NaN somewhere on the way.
template <class F>
double solve_increasing(F f, double u, double lo, double hi) noexcept {
  for (int it = 0; it < 400; ++it) {
    double g = 0.0, dg = 0.0;
    f(u, &g, &dg);
    if (std::isnan(g)) return kNaN;
    if (g == 0.0) return u;
    if (g > 0.0) {
      hi = u;
    } else {
      lo = u;
    }
    double step = g / dg;
    double tol = 4.0 * kEps * std::fmax(1.0, std::fabs(u));
    // A Newton step below the resolution of u: converged (the bracket test
    // below would otherwise reject it, since u itself is now a bracket end).
    if (std::isfinite(step) && std::fabs(step) <= tol) return u - step;
    double next = u - step;
    bool newton_ok = std::isfinite(next) && next > lo && next < hi;
    if (!newton_ok) next = 0.5 * (lo + hi);
    if (std::fabs(next - u) <= tol) return next;
    // Newton converges quadratically: once the step is this small, the next
    // one is below rounding, so stop without another evaluation.
    if (newton_ok && std::fabs(next - u) <= 1e-9 * std::fmax(1.0, std::fabs(u))) {
      double g2 = 0.0, dg2 = 0.0;
      f(next, &g2, &dg2);
      if (std::isnan(g2)) return kNaN;
      double last = next - g2 / dg2;
      return (std::isfinite(last) && std::fabs(last - next) <= std::fabs(next - u)) ? last : next;
    }
    if (hi - lo <= tol) return next;
    u = next;
  }
  return u;
}

// u = log x carries x only to a relative precision of |u| eps; one last
// Newton step taken in x itself (x (1 - g / g_u)) recovers full precision.
template <class F>
double polish_in_x(F eval_x, double x) noexcept {
  if (!(x > 0.0) || !std::isfinite(x)) return x;
  double g = 0.0, dg = 0.0;
  eval_x(x, &g, &dg);
  double step = g / dg;
  if (std::isfinite(step) && std::fabs(step) < 1e-8) x *= 1.0 - step;
  return x;
}

}  // namespace assess::distributions::detail
