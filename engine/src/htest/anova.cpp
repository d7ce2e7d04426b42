#include "assess/htest/anova.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {

Result<OneWayAnova> one_way_anova(const std::vector<std::vector<double>>& groups) {
  const std::size_t k = groups.size();
  if (k < 2) {
    return make_error(
        ErrorCode::insufficient_data,
        "groups has " + std::to_string(k) + (k == 1 ? " group" : " groups") + ", but one-way ANOVA needs at least 2",
        "/groups");
  }
  std::vector<std::vector<double>> g(k);
  std::size_t total = 0;
  for (std::size_t i = 0; i < k; ++i) {
    g[i] = drop_missing(groups[i]);
    if (g[i].empty()) {
      return make_error(ErrorCode::insufficient_data,
                        "groups[" + std::to_string(i) + "] has no non-missing values, but every group needs at least 1",
                        "/groups/" + std::to_string(i));
    }
    total += g[i].size();
  }
  if (total <= k) {
    return make_error(ErrorCode::insufficient_data,
                      "the " + std::to_string(k) + " groups have " + std::to_string(total) +
                          " values in all, but one-way ANOVA needs more values than groups (at least " +
                          std::to_string(k + 1) + ")",
                      "/groups");
  }

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
    r.warnings.push_back(std::string("there is no variation within the groups (ss_within = 0), so F and p are "
                                     "undefined and reported as null") +
                         (sst > 0.0 ? "" : "; all values are equal, so eta_sq is null too"));
    return r;
  }
  r.F = r.ms_between / r.ms_within;
  r.p = distributions::sf(distributions::FisherF{r.df_between, r.df_within}, r.F);
  return r;
}

void to_json(Json& j, const OneWayAnova& r) {
  auto num = json_number;
  Json groups = Json::array();
  for (const auto& g : r.groups) groups.push_back(Json{{"n", g.n}, {"mean", num(g.mean)}, {"sd", num(g.sd)}});
  j = Json{{"F", num(r.F)},
           {"df_between", num(r.df_between)},
           {"df_within", num(r.df_within)},
           {"p", num(r.p)},
           {"eta_sq", num(r.eta_sq)},
           {"ss_between", num(r.ss_between)},
           {"ss_within", num(r.ss_within)},
           {"ms_between", num(r.ms_between)},
           {"ms_within", num(r.ms_within)},
           {"groups", std::move(groups)},
           {"warnings", r.warnings}};
}

}  // namespace assess::htest
