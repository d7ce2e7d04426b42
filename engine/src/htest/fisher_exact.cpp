#include "assess/htest/fisher_exact.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "assess/core/numeric.hpp"

namespace assess::htest {
namespace {

// log noncentralities beyond this are taken as 0 or infinity (e^690 is
// near the largest double; the weights below stay finite up to it).
constexpr double kLogNcpMax = 690.0;
// Weights below this fraction of the largest one are left out of a sum:
// at most 1e8 of them change a probability by less than 1e-32.
constexpr double kNegligible = 1e-40;

// The conditional distribution of the first cell x given the margins: the
// noncentral hypergeometric with weights d(i) t^i on lo..hi, d(i) the
// central (Fisher's) probabilities. Only ratios of neighbouring weights are
// used, d(i + 1) / d(i) = (m - i)(k - i) / ((i + 1)(n - k + i + 1)), from
// the mode outwards, so that no factorial is formed and the relative error
// of a weight grows only with its distance from the mode.
class Conditional {
 public:
  Conditional(double a, double b, double c, double d)
      : m_(a + c), n_(b + d), k_(a + b), lo_(std::max(0.0, k_ - n_)), hi_(std::min(k_, m_)) {}

  double lo() const noexcept { return lo_; }
  double hi() const noexcept { return hi_; }

  // Sums of one pass over the weights at t = exp(u): s0 = sum of weights,
  // s1 and s2 = sums of (i - mode) and (i - mode)^2 times the weights, and the same over i <= x (below) and
  // i >= x (above); weights relative to the one at the mode.
  struct Sums {
    double mode = 0.0;
    CompensatedSum s0, s1, s2, below0, below1, above0, above1;
  };

  Sums sums(double u, double x) const {
    const double t = std::exp(u);
    Sums s;
    s.mode = mode(t);
    add(s, s.mode, 1.0, x);
    double w = 1.0;
    for (double i = s.mode; i < hi_;) {  // upwards: ratios below 1
      w *= ratio(i) * t;
      i += 1.0;
      if (!(w >= kNegligible)) break;
      add(s, i, w, x);
    }
    w = 1.0;
    for (double i = s.mode; i > lo_;) {  // downwards: ratios of at least 1
      w /= ratio(i - 1.0) * t;
      i -= 1.0;
      if (!(w >= kNegligible)) break;
      add(s, i, w, x);
    }
    return s;
  }

  // The mean of x at t = exp(u) and its derivative in u (the variance).
  std::pair<double, double> mean(double u) const {
    const Sums s = sums(u, lo_);
    const double e1 = s.s1.value() / s.s0.value();
    return {s.mode + e1, s.s2.value() / s.s0.value() - e1 * e1};
  }

  // P(X <= x) (or P(X >= x) when upper) at t = exp(u), and its derivative in u.
  std::pair<double, double> tail(double u, double x, bool upper) const {
    const Sums s = sums(u, x);
    const double total = s.s0.value();
    const double e1 = s.s1.value() / total;
    const double t0 = (upper ? s.above0 : s.below0).value() / total;
    const double t1 = (upper ? s.above1 : s.below1).value() / total;
    return {t0, t1 - t0 * e1};  // Cov(1{tail}, X)
  }

  // The two-sided p-value at t = 1 (R: the tables with probability at most
  // (1 + 1e-7) times the observed one).
  double two_sided_p(double x) const {
    const double mode_i = mode(1.0);
    // The observed weight relative to the mode's.
    double w_obs = 1.0;
    for (double i = mode_i; i < x && w_obs >= 1e-300; i += 1.0) w_obs *= ratio(i);
    for (double i = mode_i; i > x && w_obs >= 1e-300; i -= 1.0) w_obs /= ratio(i - 1.0);
    if (!(w_obs >= 1e-300)) return 0.0;  // below 1e-300 (R's weights underflow to 0 there too)
    const double bound = w_obs * (1.0 + 1e-7);
    const double cutoff = std::max(w_obs * 1e-20, 1e-300);
    CompensatedSum all, tail;
    auto take = [&](double w) {
      all.add(w);
      if (w <= bound) tail.add(w);
    };
    take(1.0);
    double w = 1.0;
    for (double i = mode_i; i < hi_;) {
      w *= ratio(i);
      i += 1.0;
      if (!(w >= cutoff)) break;
      take(w);
    }
    w = 1.0;
    for (double i = mode_i; i > lo_;) {
      w /= ratio(i - 1.0);
      i -= 1.0;
      if (!(w >= cutoff)) break;
      take(w);
    }
    return std::min(1.0, tail.value() / all.value());
  }

 private:
  double ratio(double i) const noexcept { return (m_ - i) * (k_ - i) / ((i + 1.0) * (n_ - k_ + i + 1.0)); }

  // The first i whose next weight is smaller (the weights are unimodal:
  // ratio(i) t decreases in i).
  double mode(double t) const noexcept {
    double a = lo_, b = hi_;  // the mode lies in [a, b]
    while (a < b) {
      const double mid = std::floor(a + (b - a) / 2.0);
      if (ratio(mid) * t < 1.0) {
        b = mid;
      } else {
        a = mid + 1.0;
      }
    }
    return a;
  }

  static void add(Sums& s, double i, double w, double x) {
    const double dev = i - s.mode;
    s.s0.add(w);
    s.s1.add(dev * w);
    s.s2.add(dev * dev * w);
    if (i <= x) {
      s.below0.add(w);
      s.below1.add(dev * w);
    }
    if (i >= x) {
      s.above0.add(w);
      s.above1.add(dev * w);
    }
  }

  double m_, n_, k_, lo_, hi_;
};

// The root in u of f(u) = target for f monotone (increasing unless
// `decreasing`): Newton's steps in log t kept inside a bracket that
// bisection shrinks when a step leaves it, to full double precision.
// f returns its value and its derivative.
template <class F>
double solve_log_ncp(F f, double target, bool decreasing) {
  auto g = [&](double u) {
    auto [v, dv] = f(u);
    return decreasing ? std::make_pair(target - v, -dv) : std::make_pair(v - target, dv);
  };
  double lo = -1.0, hi = 1.0;
  while (g(lo).first > 0.0) {
    if (lo <= -kLogNcpMax) return -kLogNcpMax;
    hi = lo;
    lo = std::max(-kLogNcpMax, 2.0 * lo);
  }
  while (g(hi).first < 0.0) {
    if (hi >= kLogNcpMax) return kLogNcpMax;
    lo = hi;
    hi = std::min(kLogNcpMax, 2.0 * hi);
  }
  double u = (lo + hi) / 2.0;
  for (int iter = 0; iter < 400; ++iter) {
    const auto [v, dv] = g(u);
    if (v == 0.0) return u;
    if (v < 0.0) {
      lo = u;
    } else {
      hi = u;
    }
    double next = dv > 0.0 ? u - v / dv : lo - 1.0;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2.0;
    const double tol = 2e-16 * std::max(1.0, std::fabs(next));
    if (std::fabs(next - u) <= tol || hi - lo <= tol) return next;
    u = next;
  }
  return u;
}

bool is_count(double v) noexcept { return v >= 0.0 && std::floor(v) == v; }

}  // namespace

Outcome<FisherExact> fisher_exact(double a, double b, double c, double d, double conf_level) {
  if (!(conf_level > 0.0 && conf_level < 1.0)) return Fault::bad_conf_level(conf_level);
  const double cells[4] = {a, b, c, d};
  for (std::size_t i = 0; i < 4; ++i) {
    if (!is_count(cells[i])) return Fault::bad_value(cells[i], i / 2, i % 2);
  }
  const double total = a + b + c + d;
  if (total == 0.0) return Fault::zero_total();
  if (total > kFisherMaxTotal) {
    Fault f = Fault::too_many(Counted::values, static_cast<std::size_t>(std::min(total, 1e18)),
                              static_cast<std::size_t>(kFisherMaxTotal));
    f.value = total;
    return f;
  }
  FisherExact res;
  res.conf_level = conf_level;
  res.n = total;
  res.odds_ratio = res.ci_low = res.ci_high = kMissing;
  const Conditional cond(a, b, c, d);
  const double x = a;
  if (cond.lo() == cond.hi()) {
    // A margin of 0: one table only, nothing to estimate.
    res.p = 1.0;
    res.notes.push_back(FisherNote::empty_margin);
    return res;
  }
  res.p = cond.two_sided_p(x);
  const double inf = std::numeric_limits<double>::infinity();
  // Conditional MLE: the noncentrality whose mean is x (0 or infinity at the ends).
  if (x == cond.lo()) {
    res.odds_ratio = 0.0;
  } else if (x == cond.hi()) {
    res.odds_ratio = inf;
  } else {
    res.odds_ratio = std::exp(solve_log_ncp([&](double u) { return cond.mean(u); }, x, false));
  }
  const double alpha = (1.0 - conf_level) / 2.0;
  // Lower limit: P(X >= x) = alpha, which increases with the noncentrality.
  res.ci_low =
      x == cond.lo() ? 0.0 : std::exp(solve_log_ncp([&](double u) { return cond.tail(u, x, true); }, alpha, false));
  // Upper limit: P(X <= x) = alpha, which decreases with it.
  res.ci_high =
      x == cond.hi() ? inf : std::exp(solve_log_ncp([&](double u) { return cond.tail(u, x, false); }, alpha, true));
  if (x == cond.hi()) res.notes.push_back(FisherNote::infinite_odds_ratio);
  return res;
}

}  // namespace assess::htest
