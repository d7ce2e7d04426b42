#include "assess/htest/independent_t.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"
#include "assess/distributions/special.hpp"
#include "htest/t_common.hpp"

namespace assess::htest {

using namespace t_common;

double hedges_j(double df) noexcept {
  if (!(df > 1.0) || !std::isfinite(df)) return kMissing;
  // J = Gamma(a + 1/2) / (sqrt(a + 1/2) Gamma(a)) with a = (df - 1) / 2.
  const double a = (df - 1.0) / 2.0;
  if (a < 10.0) {
    return std::exp(distributions::log_gamma(a + 0.5) - 0.5 * std::log(a + 0.5) - distributions::log_gamma(a));
  }
  // For larger a the two log-gammas grow like a log a and their difference
  // would lose digits; Stirling's series for both, arranged so that only
  // small terms are added: log J = [a log1p(1/(2a)) - 1/2]
  // - log1p(1/(2a)) / 2 + S(a + 1/2) - S(a), with S the Stirling remainder.
  auto stirling = [](double z) {
    const double z2 = 1.0 / (z * z);
    return (1.0 / 12.0 +
            z2 * (-1.0 / 360.0 +
                  z2 * (1.0 / 1260.0 + z2 * (-1.0 / 1680.0 + z2 * (1.0 / 1188.0 + z2 * (-691.0 / 360360.0)))))) /
           z;
  };
  const double l = std::log1p(0.5 / a);
  return std::exp((a * l - 0.5) - 0.5 * l + (stirling(a + 0.5) - stirling(a)));
}

Outcome<IndependentT> independent_t(const std::vector<double>& x, const std::vector<double>& y, bool equal_var,
                                    double conf_level) {
  if (!valid_conf_level(conf_level)) return Fault::bad_conf_level(conf_level);
  std::vector<double> xs = drop_missing(x), ys = drop_missing(y);
  const std::size_t nx = xs.size(), ny = ys.size();
  const std::size_t least = equal_var ? 1 : 2;  // in each sample
  for (auto [v, sample] : {std::pair{nx, std::size_t{0}}, std::pair{ny, std::size_t{1}}}) {
    if (v < least) return Fault::too_few(Counted::values, v, least, sample);
  }
  if (equal_var && nx + ny < 3) return Fault::too_few(Counted::values, nx + ny, 3);

  IndependentT r;
  r.n_x = static_cast<long>(nx);
  r.n_y = static_cast<long>(ny);
  r.equal_var = equal_var;
  r.conf_level = conf_level;
  r.mean_x = mean(xs);
  r.mean_y = mean(ys);
  r.sd_x = nx > 1 && all_equal(xs) ? 0.0 : std::sqrt(variance(xs));
  r.sd_y = ny > 1 && all_equal(ys) ? 0.0 : std::sqrt(variance(ys));
  // The difference of two means near a large common offset (1e9 + noise)
  // would keep only the digits of the offset's last place; shifting both
  // samples by one of their values first is exact for such data (Sterbenz).
  const double c = xs.front();
  for (double& v : xs) v -= c;
  for (double& v : ys) v -= c;
  r.mean_diff = mean(xs) - mean(ys);

  const double fx = static_cast<double>(nx), fy = static_cast<double>(ny);
  const double vx = nx > 1 ? r.sd_x * r.sd_x : 0.0, vy = ny > 1 ? r.sd_y * r.sd_y : 0.0;
  const double df_pooled = fx + fy - 2.0;
  const double sp = std::sqrt(((fx - 1.0) * vx + (fy - 1.0) * vy) / df_pooled);
  double se;
  if (equal_var) {
    se = sp * std::sqrt(1.0 / fx + 1.0 / fy);
    r.df = df_pooled;
  } else {
    const double ax = vx / fx, ay = vy / fy;
    se = std::sqrt(ax + ay);
    r.df = (ax + ay) * (ax + ay) / (ax * ax / (fx - 1.0) + ay * ay / (fy - 1.0));
  }
  r.t = r.p = r.ci_low = r.ci_high = r.d = r.d_ci_low = r.d_ci_high = r.g = kMissing;
  if (essentially_constant(se, std::max(std::fabs(r.mean_x), std::fabs(r.mean_y)))) {
    if (!equal_var) r.df = kMissing;
    r.notes.push_back(IndependentTNote::both_constant);
    return r;
  }
  mean_diff_test(r.mean_diff, se, r.df, conf_level, &r.t, &r.p, &r.ci_low, &r.ci_high);

  // Cohen's d with the pooled SD and its interval from the pooled t, whatever
  // the test (the settled contract): d = t_pooled * sqrt(1/n_x + 1/n_y).
  r.d = r.mean_diff / sp;
  const double scale = std::sqrt(1.0 / fx + 1.0 / fy);
  double lo, hi;
  ncp_interval(r.d / scale, df_pooled, conf_level, &lo, &hi);
  r.d_ci_low = lo * scale;
  r.d_ci_high = hi * scale;
  if (!std::isfinite(r.d_ci_low) || !std::isfinite(r.d_ci_high)) {
    r.notes.push_back(IndependentTNote::d_interval_undefined);
  }
  if (df_pooled > 1.0) {
    r.g = r.d * hedges_j(df_pooled);
  } else {
    r.notes.push_back(IndependentTNote::g_undefined);
  }
  return r;
}

}  // namespace assess::htest
