#include "assess/htest/wilcoxon.hpp"

#include <array>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

constexpr long kMaxExactN = 49;
constexpr long kMaxSum = kMaxExactN * (kMaxExactN + 1) / 2;

// counts[s] = number of subsets of {1..n} with sum s (fixed storage, no heap).
using Counts = std::array<double, kMaxSum + 1>;

void signed_rank_counts(long n, Counts& c) noexcept {
  c.fill(0.0);
  c[0] = 1.0;
  long top = 0;
  for (long k = 1; k <= n; ++k) {
    top += k;
    for (long s = top; s >= k; --s) c[s] += c[s - k];
  }
}

// Sum of counts over [lo, hi] divided by 2^n (exact scaling).
double signed_rank_mass(long n, long lo, long hi) noexcept {
  if (n < 1 || n > kMaxExactN) return kMissing;
  const long total = n * (n + 1) / 2;
  if (lo < 0) lo = 0;
  if (hi > total) hi = total;
  if (lo > hi) return 0.0;
  Counts c;
  signed_rank_counts(n, c);
  double s = 0.0;
  for (long v = lo; v <= hi; ++v) s += c[v];
  return std::ldexp(s, -static_cast<int>(n));
}

}  // namespace

double signed_rank_cdf(long n, double v) noexcept {
  if (std::isnan(v)) return kMissing;
  if (v < 0) return n >= 1 && n <= kMaxExactN ? 0.0 : kMissing;
  return signed_rank_mass(n, 0, static_cast<long>(std::floor(std::fmin(v, 1e6))));
}

double signed_rank_sf(long n, double v) noexcept {
  if (std::isnan(v)) return kMissing;
  if (v > 1e6) return n >= 1 && n <= kMaxExactN ? 0.0 : kMissing;
  return signed_rank_mass(n, static_cast<long>(std::ceil(std::fmax(v, -1.0))), 1L << 20);
}

Outcome<WilcoxonSignedRank> wilcoxon_signed_rank(const std::vector<double>& pre, const std::vector<double>& post,
                                                 bool correct) {
  if (pre.size() != post.size()) return Fault::lengths_differ(pre.size(), post.size());
  WilcoxonSignedRank r;
  std::vector<double> d;
  d.reserve(pre.size());
  long complete = 0;
  for (std::size_t i = 0; i < pre.size(); ++i) {
    if (is_missing(pre[i]) || is_missing(post[i])) continue;
    ++complete;
    const double di = post[i] - pre[i];
    if (di == 0.0) {
      ++r.n_zero;
    } else {
      d.push_back(di);
    }
  }
  if (complete == 0) return Fault::too_few(Counted::pairs, 0, 1);
  if (d.empty()) return Fault::all_zero(static_cast<std::size_t>(complete));
  const long n = static_cast<long>(d.size());
  r.n = n;
  std::vector<double> absd(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) absd[i] = std::fabs(d[i]);
  double tie_sum = 0.0;
  const std::vector<double> rank = average_ranks(absd, &tie_sum);
  double v = 0.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] > 0) v += rank[i];
  }
  r.V = v;
  const bool ties = tie_sum > 0.0;
  const double nn = static_cast<double>(n);
  if (n < 50 && !ties && r.n_zero == 0) {
    r.method = "exact";
    r.z = kMissing;
    // One tail, the one on the side of V (the null is symmetric about n(n+1)/4).
    const double tail = v > nn * (nn + 1.0) / 4.0 ? signed_rank_sf(n, v) : signed_rank_cdf(n, v);
    r.p = std::fmin(1.0, 2.0 * tail);
    return r;
  }
  r.method = "normal";
  if (n < 50) {
    r.notes.push_back(ties && r.n_zero ? WilcoxonNote::normal_for_ties_and_zeros
                      : ties           ? WilcoxonNote::normal_for_ties
                                       : WilcoxonNote::normal_for_zeros);
  }
  const double z0 = v - nn * (nn + 1.0) / 4.0;
  const double sigma = std::sqrt(nn * (nn + 1.0) * (2.0 * nn + 1.0) / 24.0 - tie_sum / 48.0);
  const double cc = correct ? (z0 > 0 ? 0.5 : z0 < 0 ? -0.5 : 0.0) : 0.0;
  r.z = (z0 - cc) / sigma;
  r.p = std::fmin(1.0, 2.0 * distributions::sf(distributions::Normal{}, std::fabs(r.z)));
  return r;
}

}  // namespace assess::htest
