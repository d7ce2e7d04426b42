#include "assess/htest/shapiro_wilk.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

// c[0] + c[1] x + ... + c[k-1] x^(k-1)
template <std::size_t K>
double poly(const double (&c)[K], double x) noexcept {
  double r = c[K - 1];
  for (std::size_t i = K - 1; i-- > 0;) r = r * x + c[i];
  return r;
}

// Royston (1992): a_n and a_{n-1} as c_i plus a polynomial in 1/sqrt(n).
constexpr double kAn[] = {0.0, 0.221157, -0.147981, -2.071190, 4.434685, -2.706056};
constexpr double kAn1[] = {0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633};
// Normalizing transformation of W, 4 <= n <= 11: gamma, mean and log-sd in n.
constexpr double kGamma[] = {-2.273, 0.459};
constexpr double kMuSmall[] = {0.544, -0.39978, 0.025054, -0.0006714};
constexpr double kLogSdSmall[] = {1.3822, -0.77857, 0.062767, -0.0020322};
// n >= 12: mean and log-sd in log(n).
constexpr double kMuLarge[] = {-1.5861, -0.31082, -0.083751, 0.0038915};
constexpr double kLogSdLarge[] = {-0.4803, -0.082676, 0.0030302};

constexpr double kPi = 3.14159265358979323846;

}  // namespace

void shapiro_wilk_coefficients(std::size_t n, double* a) noexcept {
  const std::size_t half = n / 2;
  if (n == 3) {
    a[0] = std::sqrt(0.5);
    return;
  }
  // Blom scores m_i = Phi^-1((i - 3/8) / (n + 1/4)) of the lower half (negative);
  // the upper half mirrors them and an odd middle score is 0.
  const double an25 = static_cast<double>(n) + 0.25;
  double summ2 = 0.0;
  for (std::size_t i = 0; i < half; ++i) {
    a[i] = distributions::quantile(distributions::Normal{}, (static_cast<double>(i + 1) - 0.375) / an25);
    summ2 += a[i] * a[i];
  }
  summ2 *= 2.0;
  const double ssumm2 = std::sqrt(summ2);
  const double rsn = 1.0 / std::sqrt(static_cast<double>(n));
  const double m1 = a[0];
  const double a1 = poly(kAn, rsn) - m1 / ssumm2;
  std::size_t first_scaled;
  double fac;
  if (n > 5) {
    const double m2 = a[1];
    const double a2 = poly(kAn1, rsn) - m2 / ssumm2;
    fac = std::sqrt((summ2 - 2.0 * m1 * m1 - 2.0 * m2 * m2) / (1.0 - 2.0 * a1 * a1 - 2.0 * a2 * a2));
    a[1] = a2;
    first_scaled = 2;
  } else {
    fac = std::sqrt((summ2 - 2.0 * m1 * m1) / (1.0 - 2.0 * a1 * a1));
    first_scaled = 1;
  }
  a[0] = a1;
  for (std::size_t i = first_scaled; i < half; ++i) a[i] = -a[i] / fac;
}

double shapiro_wilk_p(std::size_t n, double w, double one_minus_w) noexcept {
  if (!(one_minus_w > 0.0)) return 1.0;  // W = 1: a perfect straight line
  if (n == 3) {
    // Exact for n = 3: P(W <= w) = 6/pi (asin(sqrt(w)) - asin(sqrt(3/4))).
    double p = 6.0 / kPi * (std::asin(std::sqrt(std::min(w, 1.0))) - kPi / 3.0);
    return std::clamp(p, 0.0, 1.0);
  }
  const double an = static_cast<double>(n);
  const double lw = std::log(one_minus_w);
  double y, mu, sd;
  if (n <= 11) {
    const double gamma = poly(kGamma, an);
    // Beyond the transformation's pole the p-value is below anything it can
    // express; for 4 <= n <= 11 no sample reaches it (min W is too large).
    if (lw >= gamma) return 0.0;
    y = -std::log(gamma - lw);
    mu = poly(kMuSmall, an);
    sd = std::exp(poly(kLogSdSmall, an));
  } else {
    const double ln = std::log(an);
    y = lw;
    mu = poly(kMuLarge, ln);
    sd = std::exp(poly(kLogSdLarge, ln));
  }
  return distributions::sf(distributions::Normal{mu, sd}, y);
}

Outcome<ShapiroWilk> shapiro_wilk(const std::vector<double>& x) {
  std::vector<double> v = drop_missing(x);
  const std::size_t n = v.size();
  if (n < 3) {
    return Fault::too_few(Counted::values, n, 3);
  }
  if (n > 5000) {
    return Fault::too_many(Counted::values, n, 5000);
  }
  ShapiroWilk r;
  r.n = static_cast<long>(n);
  std::sort(v.begin(), v.end());
  if (v.front() == v.back()) {
    r.W = r.p = kMissing;
    r.notes.push_back(ShapiroWilkNote::constant);
    return r;
  }
  // Scale by a power of two (exact) so that sums of squares cannot overflow
  // or underflow, then centre: W depends on neither.
  const double big = std::max(std::fabs(v.front()), std::fabs(v.back()));
  const int e = std::ilogb(big);
  for (double& t : v) t = std::ldexp(t, -e);
  const double m = mean(v);
  for (double& t : v) t -= m;

  const std::size_t half = n / 2;
  std::vector<double> a(half);
  shapiro_wilk_coefficients(n, a.data());
  // Sums by error-free products and compensated sums in double (as
  // accurate here as long double, which is software arithmetic in wasm).
  CompensatedSum sax, ssa, ssx, sum;
  for (std::size_t i = 0; i < half; ++i) {
    sax.add_product(a[i], v[n - 1 - i] - v[i]);
    ssa.add_product(a[i], a[i]);
  }
  for (double t : v) {
    ssx.add_product(t, t);
    sum.add(t);
  }
  const double s_ssa = 2.0 * ssa.value();
  const double s_sax = sax.value();
  // The rounded mean leaves a residual shift; remove its share from both
  // sums of squares (sax is unaffected, the coefficients sum to zero).
  const double s_sum = sum.value();
  const double shift_ss = s_sum * s_sum / static_cast<double>(n);
  const double s_ssx = ssx.value() - shift_ss;
  // W is the squared correlation of the data with the coefficients; 1 - W
  // as the residual sum of squares of that regression keeps full relative
  // accuracy when W is close to 1 (large normal samples). Each residual
  // v - b a is formed from the exact product b a (TwoProduct), so it is
  // accurate to rounding however small it is; the slope b needs no extra
  // precision (the residual sum of squares is stationary in b).
  const double b = s_sax / s_ssa;
  CompensatedSum rss;
  for (std::size_t i = 0; i < half; ++i) {
    const TwoProduct ba = two_product(b, a[i]);
    const double hi = (v[n - 1 - i] - ba.p) - ba.e;
    const double lo = (v[i] + ba.p) + ba.e;
    rss.add_product(hi, hi);
    rss.add_product(lo, lo);
  }
  if (n % 2 == 1) rss.add_product(v[half], v[half]);
  const double w = (s_sax / s_ssa) * (s_sax / s_ssx);
  const double w1 = (rss.value() - shift_ss) / s_ssx;
  r.W = w;
  r.p = shapiro_wilk_p(n, w, w1);
  return r;
}

}  // namespace assess::htest
