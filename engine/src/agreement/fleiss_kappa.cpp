#include "assess/agreement/fleiss_kappa.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::agreement {

Outcome<FleissKappa> fleiss_kappa(const std::vector<std::vector<int>>& codes, std::size_t q) {
  const std::size_t m = codes.size();
  const std::size_t cols = m == 0 ? 0 : codes[0].size();
  for (std::size_t r = 1; r < m; ++r) {
    if (codes[r].size() != cols) return Fault::ragged(r, codes[r].size(), cols);
  }
  if (q > kMaxKappaCategories) return Fault::too_many(Counted::values, q, kMaxKappaCategories);
  if (m < 2) return Fault::too_few(Counted::rows, m, 2);
  std::vector<std::size_t> keep;
  for (std::size_t s = 0; s < cols; ++s) {
    bool complete = true;
    for (std::size_t r = 0; r < m; ++r) complete = complete && codes[r][s] >= 0;
    if (complete) keep.push_back(s);
  }
  const std::size_t n = keep.size();
  if (n < 2) return Fault::too_few(Counted::columns, n, 2);
  FleissKappa out;
  out.n = static_cast<long>(n);
  out.m = static_cast<long>(m);
  out.n_excluded = static_cast<long>(cols - n);
  if (cols > n) out.notes.push_back({FleissKappaNote::Kind::subjects_excluded, cols - n});

  const double mm = static_cast<double>(m), nn = static_cast<double>(n);
  std::vector<double> per_category(q, 0.0), count(q, 0.0);
  // Agreeing ordered pairs of raters, summed over subjects: integers, exact.
  double agreeing = 0.0;
  for (std::size_t s : keep) {
    std::fill(count.begin(), count.end(), 0.0);
    for (std::size_t r = 0; r < m; ++r) count[static_cast<std::size_t>(codes[r][s])] += 1.0;
    for (std::size_t j = 0; j < q; ++j) {
      agreeing += count[j] * (count[j] - 1.0);
      per_category[j] += count[j];
    }
  }
  const double p_bar = agreeing / (nn * mm * (mm - 1.0));
  CompensatedSum pe_sum, pq_sum, pqqp_sum;
  for (std::size_t j = 0; j < q; ++j) {
    const double pj = per_category[j] / (nn * mm);
    const double qj = 1.0 - pj;
    pe_sum.add(pj * pj);
    pq_sum.add(pj * qj);
    pqqp_sum.add(pj * qj * (qj - pj));
  }
  const double spq = pq_sum.value();
  bool one_category = false;
  for (double c : per_category) one_category = one_category || c == nn * mm;
  if (one_category) {
    out.kappa = out.z = out.p = kMissing;
    out.notes.push_back({FleissKappaNote::Kind::undefined});
    return out;
  }
  const double pe = pe_sum.value();
  out.kappa = (p_bar - pe) / (1.0 - pe);
  const double var0 = 2.0 / (spq * spq * (nn * mm * (mm - 1.0))) * (spq * spq - pqqp_sum.value());
  out.z = out.kappa / std::sqrt(var0);
  out.p = 2.0 * distributions::sf(distributions::Normal{}, std::fabs(out.z));
  return out;
}

}  // namespace assess::agreement
