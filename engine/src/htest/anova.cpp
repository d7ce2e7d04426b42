#include "assess/htest/anova.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {

Outcome<OneWayAnova> one_way_anova(const std::vector<std::vector<double>>& groups) {
  const std::size_t k = groups.size();
  if (k < 2) return Fault::too_few(Counted::groups, k, 2);
  std::vector<std::vector<double>> g(k);
  std::size_t total = 0;
  for (std::size_t i = 0; i < k; ++i) {
    g[i] = drop_missing(groups[i]);
    if (g[i].empty()) return Fault::too_few(Counted::values, 0, 1, i);
    total += g[i].size();
  }
  if (total <= k) return Fault::too_few(Counted::values, total, k + 1);

  OneWayAnova r;
  r.groups.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    r.groups[i].n = static_cast<long>(g[i].size());
    r.groups[i].mean = mean(g[i]);
    r.groups[i].sd = std::sqrt(variance(g[i]));
  }
  // Shift every value by one common value first: for data with a large
  // offset (1e9 + noise) the shift is exact and the differences of group
  // means keep all their digits.
  const double c = g[0][0];
  std::vector<double> m(k);
  double grand = 0.0, ssw = 0.0;
  bool no_within = true;
  for (std::size_t i = 0; i < k; ++i) {
    auto& v = g[i];
    const bool constant = std::all_of(v.begin(), v.end(), [&](double a) { return a == v.front(); });
    for (double& a : v) a -= c;
    m[i] = mean(v);
    grand += static_cast<double>(v.size()) * m[i];
    if (!constant) {
      no_within = false;
      ssw += variance(v) * static_cast<double>(v.size() - 1);
    }
  }
  grand /= static_cast<double>(total);
  double ssb = 0.0;
  for (std::size_t i = 0; i < k; ++i) ssb += static_cast<double>(g[i].size()) * (m[i] - grand) * (m[i] - grand);

  r.df_between = static_cast<double>(k - 1);
  r.df_within = static_cast<double>(total - k);
  r.ss_between = ssb;
  r.ss_within = ssw;
  r.ms_between = ssb / r.df_between;
  r.ms_within = ssw / r.df_within;
  r.F = r.p = r.eta_sq = kMissing;
  const double sst = ssb + ssw;
  if (sst > 0.0) r.eta_sq = ssb / sst;
  if (no_within) {
    r.notes.push_back(sst > 0.0 ? AnovaNote::no_within_variation : AnovaNote::no_variation);
    return r;
  }
  r.F = r.ms_between / r.ms_within;
  r.p = distributions::sf(distributions::FisherF{r.df_between, r.df_within}, r.F);
  return r;
}

}  // namespace assess::htest
