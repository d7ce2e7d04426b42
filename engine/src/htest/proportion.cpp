#include "assess/htest/proportion.hpp"

#include <cmath>

#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

bool is_count(double v) noexcept { return v >= 0.0 && std::floor(v) == v; }

}  // namespace

Outcome<Proportion> proportion(double x, double n, double conf_level) {
  if (!(conf_level > 0.0 && conf_level < 1.0)) return Fault::bad_conf_level(conf_level);
  if (!is_count(n)) return Fault::bad_value(n, 1);
  if (!is_count(x) || x > n) return Fault::bad_value(x, 0);
  if (n == 0.0) return Fault::too_few(Counted::values, 0, 1);
  Proportion res;
  res.x = x;
  res.n = n;
  res.conf_level = conf_level;
  const double p = x / n, q = (n - x) / n;
  res.estimate = p;
  const double z = distributions::quantile_sf(distributions::Normal{}, (1.0 - conf_level) / 2.0);
  const double z22n = z * z / (2.0 * n);
  const double zs = z * std::sqrt(p * q / n + z22n / (2.0 * n));
  // (p + z22n -+ zs) / (1 + 2 z22n). The lower limit's difference is
  // rewritten as a quotient, (p + z22n)^2 - zs^2 = p^2 (1 + 2 z22n), so that
  // neither limit loses digits to cancellation (R's form does for small p).
  res.ci_low = p * p / (p + z22n + zs);
  res.ci_high = x == n ? 1.0 : std::fmin(1.0, (p + z22n + zs) / (1.0 + 2.0 * z22n));
  return res;
}

}  // namespace assess::htest
