#include "assess/htest/spearman.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

constexpr long kExactMax = 9;         // exact distribution of S up to here (R's n_small)
constexpr long kEdgeworthMax = 1290;  // AS 89 up to here (R: n (n^2 - 1) still fits an int)

// How many of the n! permutations pi of 1..n have sum (i - pi(i))^2 = s,
// for s = 0 .. n (n^2 - 1) / 3. The permutations are counted by filling the
// positions in order: a state is the set of ranks used so far (its size is
// the next position) and the partial sum; this visits every permutation's
// sum once without listing the permutations (2^n states instead of n!).
std::vector<double> s_counts(long n) {
  const std::size_t full = (std::size_t{1} << n) - 1;
  const std::size_t smax = static_cast<std::size_t>(n * (n * n - 1) / 3);
  std::vector<std::vector<double>> count(full + 1);
  count[0].assign(smax + 1, 0.0);
  count[0][0] = 1.0;
  for (std::size_t mask = 0; mask < full; ++mask) {
    if (count[mask].empty()) continue;
    long pos = 0;
    for (std::size_t m = mask; m != 0; m &= m - 1) ++pos;
    for (long r = 0; r < n; ++r) {
      const std::size_t bit = std::size_t{1} << r;
      if (mask & bit) continue;
      std::vector<double>& next = count[mask | bit];
      if (next.empty()) next.assign(smax + 1, 0.0);
      const std::size_t d2 = static_cast<std::size_t>((pos - r) * (pos - r));
      const std::vector<double>& here = count[mask];
      for (std::size_t s = 0; s + d2 <= smax; ++s) next[s + d2] += here[s];
    }
    count[mask].clear();
    count[mask].shrink_to_fit();
  }
  return count[full];
}

double exact_tail(long n, double s, bool upper) {
  const std::vector<double> count = s_counts(n);
  double at_or_above = 0.0, all = 0.0;
  for (std::size_t v = 0; v < count.size(); ++v) {
    all += count[v];
    if (static_cast<double>(v) >= s) at_or_above += count[v];
  }
  return (upper ? at_or_above : all - at_or_above) / all;
}

// AS 89's Edgeworth series for P(S >= s), with R's continuity step (s - 1)
// and its coefficients.
double edgeworth_tail(long n, double s, bool upper) noexcept {
  constexpr double c1 = 0.2274, c2 = 0.2531, c3 = 0.1745, c4 = 0.0758, c5 = 0.1033, c6 = 0.3932, c7 = 0.0879,
                   c8 = 0.0151, c9 = 0.0072, c10 = 0.0831, c11 = 0.0131, c12 = 4.6e-4;
  const double dn = static_cast<double>(n);
  const double b = 1.0 / dn;
  const double x = (6.0 * (s - 1.0) * b / (dn * dn - 1.0) - 1.0) * std::sqrt(dn - 1.0);
  const double y = x * x;
  const double u =
      x * b *
      (c1 + b * (c2 + c3 * b) +
       y * (-c4 + b * (c5 + c6 * b) - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))));
  const double corr = u / std::exp(y / 2.0);
  const distributions::Normal z{};
  const double pv = upper ? corr + distributions::sf(z, x) : -corr + distributions::cdf(z, x);
  return std::min(1.0, std::max(0.0, pv));
}

}  // namespace

double spearman_s_tail(long n, double s, bool upper) noexcept {
  const double none = upper ? 1.0 : 0.0;
  if (n <= 1 || !(s > 0.0)) return none;
  const double dn = static_cast<double>(n);
  if (s > dn * (dn * dn - 1.0) / 3.0) return 1.0 - none;
  if (n <= kExactMax) return exact_tail(n, s, upper);
  return edgeworth_tail(n, s, upper);
}

Outcome<Spearman> spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) return Fault::lengths_differ(x.size(), y.size());
  std::vector<double> xs, ys;
  complete_pairs(x, y, xs, ys);
  if (xs.size() < 2) return Fault::too_few(Counted::pairs, xs.size(), 2);
  Spearman res;
  res.n = static_cast<long>(xs.size());
  res.rho = res.S = res.p = kMissing;
  double ties_x = 0.0, ties_y = 0.0;
  const std::vector<double> rx = average_ranks(xs, &ties_x);
  const std::vector<double> ry = average_ranks(ys, &ties_y);
  const bool ties = ties_x > 0.0 || ties_y > 0.0;
  res.method = ties || res.n > kEdgeworthMax ? "t" : res.n <= kExactMax ? "exact" : "edgeworth";
  // Average ranks have the mean (n + 1) / 2 whatever the ties; the centred
  // ranks are multiples of 1/2, so their products are exact.
  const double dn = static_cast<double>(res.n);
  const double centre = (dn + 1.0) / 2.0;
  CompensatedSum sxx, syy, sxy, sdd;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    const double a = rx[i] - centre, b = ry[i] - centre, d = rx[i] - ry[i];
    sxx.add_product(a, a);
    syy.add_product(b, b);
    sxy.add_product(a, b);
    sdd.add_product(d, d);
  }
  const bool cx = !(sxx.value() > 0.0), cy = !(syy.value() > 0.0);
  if (cx || cy) {
    res.notes.push_back(cx && cy ? SpearmanNote::both_constant
                        : cx     ? SpearmanNote::x_constant
                                 : SpearmanNote::y_constant);
    return res;
  }
  const double n3n = dn * dn * dn - dn;
  // Without ties S is the sum of squared rank differences, an integer, and
  // rho = 1 - 6 S / (n^3 - n) (exactly +-1 for a perfect ranking). With
  // ties, rho from the centred ranks: their sums are exact, and the square
  // root of sxx syy is sxx itself when the rankings agree, so rho is 1 then.
  const double rho = ties ? std::max(-1.0, std::min(1.0, sxy.value() / std::sqrt(sxx.value() * syy.value())))
                          : 1.0 - 6.0 * sdd.value() / n3n;
  res.rho = rho;
  res.S = ties ? n3n * (1.0 - rho) / 6.0 : sdd.value();
  if (res.method == "t") {
    if (ties && res.n <= kEdgeworthMax) res.notes.push_back(SpearmanNote::t_for_ties);
    if (std::fabs(rho) == 1.0) {
      res.p = 0.0;  // t is infinite
    } else {
      const double t = rho * std::sqrt((dn - 2.0) / ((1.0 - rho) * (1.0 + rho)));
      res.p = std::min(1.0, 2.0 * distributions::sf(distributions::StudentT{dn - 2.0}, std::fabs(t)));
    }
    return res;
  }
  // The tail on the side of the observed S, as R: S takes even values only,
  // so P(S <= q) is the lower tail P(S < q + 2).
  const double q = std::nearbyint(res.S);
  const double p1 = res.S > n3n / 6.0 ? spearman_s_tail(res.n, q, true) : spearman_s_tail(res.n, q + 2.0, false);
  res.p = std::min(1.0, 2.0 * p1);
  return res;
}

}  // namespace assess::htest
