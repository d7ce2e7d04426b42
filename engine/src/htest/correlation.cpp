#include "assess/htest/correlation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

bool all_equal(const std::vector<double>& v) noexcept {
  return std::all_of(v.begin(), v.end(), [&](double a) { return a == v.front(); });
}

// Centred cross-products around stable means, with the Chan-Golub-LeVeque
// correction of the residual mean: shift-invariant for data with large
// offsets. The deviations are scaled by powers of two (exact; r does not
// change) so that no square overflows, and summed with error-free products
// and compensated sums: as accurate as the long double sums this replaces,
// and fast in wasm. Returns r clamped to [-1, 1].
double pearson_r(const std::vector<double>& x, const std::vector<double>& y) noexcept {
  const std::size_t n = x.size();
  const double mx = mean(x), my = mean(y);
  double big_x = 0.0, big_y = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    big_x = std::max(big_x, std::fabs(x[i] - mx));
    big_y = std::max(big_y, std::fabs(y[i] - my));
  }
  if (!(big_x > 0.0) || !(big_y > 0.0)) return kMissing;
  const int ex = std::ilogb(big_x), ey = std::ilogb(big_y);
  CompensatedSum sxx, syy, sxy, sx, sy;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = std::ldexp(x[i] - mx, -ex), dy = std::ldexp(y[i] - my, -ey);
    sxx.add_product(dx, dx);
    syy.add_product(dy, dy);
    sxy.add_product(dx, dy);
    sx.add(dx);
    sy.add(dy);
  }
  const double dn = static_cast<double>(n);
  const double cx = sx.value(), cy = sy.value();
  const double vxx = sxx.value() - cx * cx / dn;
  const double vyy = syy.value() - cy * cy / dn;
  const double vxy = sxy.value() - cx * cy / dn;
  const double r = vxy / (std::sqrt(vxx) * std::sqrt(vyy));
  return std::max(-1.0, std::min(1.0, r));
}

}  // namespace

Outcome<Pearson> pearson(const std::vector<double>& x, const std::vector<double>& y, double conf_level) {
  if (!(conf_level > 0.0 && conf_level < 1.0)) return Fault::bad_conf_level(conf_level);
  if (x.size() != y.size()) return Fault::lengths_differ(x.size(), y.size());
  std::vector<double> xs, ys;
  complete_pairs(x, y, xs, ys);
  if (xs.size() < 3) return Fault::too_few(Counted::pairs, xs.size(), 3);
  Pearson res;
  res.n = static_cast<long>(xs.size());
  res.conf_level = conf_level;
  res.df = static_cast<double>(xs.size()) - 2.0;
  res.r = res.t = res.p = res.ci_low = res.ci_high = kMissing;
  const bool cx = all_equal(xs), cy = all_equal(ys);
  if (cx || cy) {
    res.notes.push_back(cx && cy ? PearsonNote::both_constant : cx ? PearsonNote::x_constant : PearsonNote::y_constant);
    return res;
  }
  double r = pearson_r(xs, ys);
  const bool perfect = 1.0 - std::fabs(r) <= 4.0 * kEps;
  if (perfect) r = std::copysign(1.0, r);
  res.r = r;
  if (perfect) {
    // t is infinite; cor.test then reports p = 0 and the interval [r, r].
    res.p = 0.0;
    res.notes.push_back(PearsonNote::perfect);
  } else {
    res.t = std::sqrt(res.df) * r / std::sqrt((1.0 - r) * (1.0 + r));
    res.p = std::min(1.0, 2.0 * distributions::sf(distributions::StudentT{res.df}, std::fabs(res.t)));
  }
  if (res.n > 3) {
    if (perfect) {
      res.ci_low = res.ci_high = r;
    } else {
      const double z = std::atanh(r);
      const double half = distributions::quantile_sf(distributions::Normal{}, (1.0 - conf_level) / 2.0) /
                          std::sqrt(static_cast<double>(res.n) - 3.0);
      res.ci_low = std::tanh(z - half);
      res.ci_high = std::tanh(z + half);
    }
  } else {
    res.notes.push_back(PearsonNote::no_interval);
  }
  return res;
}

}  // namespace assess::htest
