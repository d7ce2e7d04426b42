#include "assess/htest/paired_t.hpp"

#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"
#include "htest/t_common.hpp"

namespace assess::htest {
namespace {

using namespace t_common;

Fault paired_too_few(std::size_t n) { return Fault::too_few(Counted::pairs, n, 2); }

}  // namespace

Outcome<PairedT> paired_t(const std::vector<double>& pre, const std::vector<double>& post, double conf_level) {
  if (!valid_conf_level(conf_level)) return Fault::bad_conf_level(conf_level);
  if (pre.size() != post.size()) return Fault::lengths_differ(pre.size(), post.size());
  // Through raw pointers, not push_back: at -Oz the wasm build calls
  // push_back for every pair (a million pairs: ~35 ms of ~50).
  std::vector<double> d(pre.size());
  std::size_t k = 0;
  const double* a = pre.data();
  const double* b = post.data();
  double* out = d.data();
  for (std::size_t i = 0; i < pre.size(); ++i) {
    if (!std::isnan(a[i]) && !std::isnan(b[i])) out[k++] = b[i] - a[i];
  }
  d.resize(k);
  if (d.size() < 2) return paired_too_few(d.size());
  const double m = mean(d);
  return paired_t_of_differences(d, m, variance_about(d.data(), d.size(), m), conf_level);
}

Outcome<PairedT> paired_t_of_differences(const std::vector<double>& d, double mean_d, double variance_d,
                                         double conf_level) {
  if (!valid_conf_level(conf_level)) return Fault::bad_conf_level(conf_level);
  if (d.size() < 2) return paired_too_few(d.size());
  const double n = static_cast<double>(d.size());
  PairedT r;
  r.n = static_cast<long>(d.size());
  r.conf_level = conf_level;
  r.df = n - 1.0;
  r.mean_diff = mean_d;
  r.sd_diff = all_equal(d) ? 0.0 : std::sqrt(variance_d);
  r.t = r.p = r.ci_low = r.ci_high = r.dz = r.dz_ci_low = r.dz_ci_high = kMissing;
  const double se = r.sd_diff / std::sqrt(n);
  if (essentially_constant(se, std::fabs(r.mean_diff))) {
    r.notes.push_back(PairedTNote::constant_differences);
    return r;
  }
  mean_diff_test(r.mean_diff, se, r.df, conf_level, &r.t, &r.p, &r.ci_low, &r.ci_high);
  r.dz = r.mean_diff / r.sd_diff;
  double lo, hi;
  ncp_interval(r.t, r.df, conf_level, &lo, &hi);
  r.dz_ci_low = lo / std::sqrt(n);
  r.dz_ci_high = hi / std::sqrt(n);
  if (!std::isfinite(r.dz_ci_low) || !std::isfinite(r.dz_ci_high)) {
    r.notes.push_back(PairedTNote::dz_interval_undefined);
  }
  return r;
}

}  // namespace assess::htest
