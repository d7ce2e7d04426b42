#include "assess/agreement/kendall_w.hpp"

#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::agreement {

Outcome<KendallW> kendall_w(const std::vector<std::vector<double>>& ratings, bool correct_ties) {
  const std::size_t m = ratings.size();
  const std::size_t cols = m == 0 ? 0 : ratings[0].size();
  for (std::size_t i = 1; i < m; ++i) {
    if (ratings[i].size() != cols) return Fault::ragged(i, ratings[i].size(), cols);
  }
  if (m < 2) return Fault::too_few(Counted::rows, m, 2);
  std::vector<std::size_t> keep;
  for (std::size_t o = 0; o < cols; ++o) {
    bool complete = true;
    for (std::size_t i = 0; i < m; ++i) complete = complete && !is_missing(ratings[i][o]);
    if (complete) keep.push_back(o);
  }
  const std::size_t n = keep.size();
  if (n < 2) return Fault::too_few(Counted::columns, n, 2);
  KendallW r;
  r.m = static_cast<long>(m);
  r.n = static_cast<long>(n);
  r.n_excluded = static_cast<long>(cols - n);
  if (r.n_excluded > 0) r.notes.push_back({KendallWNote::Kind::objects_excluded, cols - n});

  // Rank sums per object; ranks are multiples of 1/2, so these sums are exact.
  std::vector<double> rank_sum(n, 0.0), row(n);
  double tie_total = 0.0;
  bool all_raters_tied = true;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t o = 0; o < n; ++o) row[o] = ratings[i][keep[o]];
    double ties = 0.0;
    const std::vector<double> rk = average_ranks(row, &ties);
    for (std::size_t o = 0; o < n; ++o) rank_sum[o] += rk[o];
    tie_total += ties;
    const double nn = static_cast<double>(n);
    all_raters_tied = all_raters_tied && ties == nn * nn * nn - nn;
  }
  const double mm = static_cast<double>(m), nn = static_cast<double>(n);
  const double centre = mm * (nn + 1.0) / 2.0;
  double s = 0.0;
  for (double rs : rank_sum) s += (rs - centre) * (rs - centre);
  const double denom = mm * mm * (nn * nn * nn - nn) - (correct_ties ? mm * tie_total : 0.0);
  r.df = nn - 1.0;
  if (correct_ties && all_raters_tied) {
    r.W = r.chi2 = r.p = kMissing;
    r.notes.push_back({KendallWNote::Kind::all_tied});
    return r;
  }
  r.W = 12.0 * s / denom;
  r.chi2 = mm * (nn - 1.0) * r.W;
  r.p = distributions::sf(distributions::ChiSquared{r.df}, r.chi2);
  return r;
}

}  // namespace assess::agreement
