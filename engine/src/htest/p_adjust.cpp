#include "assess/htest/p_adjust.hpp"

#include <algorithm>
#include <numeric>

#include "assess/core/numeric.hpp"

namespace assess::htest {

const char* r_name(PAdjustMethod m) noexcept {
  switch (m) {
    case PAdjustMethod::holm:
      return "holm";
    case PAdjustMethod::bonferroni:
      return "bonferroni";
    case PAdjustMethod::hochberg:
      return "hochberg";
    case PAdjustMethod::bh:
      return "BH";
  }
  return "";
}

std::optional<PAdjustMethod> p_adjust_method(std::string_view name) {
  for (auto m : {PAdjustMethod::holm, PAdjustMethod::bonferroni, PAdjustMethod::hochberg, PAdjustMethod::bh}) {
    if (name == r_name(m)) return m;
  }
  return std::nullopt;
}

Outcome<PAdjust> p_adjust(const std::vector<double>& p, PAdjustMethod method) {
  std::vector<std::size_t> idx;  // positions of the non-missing p-values
  idx.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (is_missing(p[i])) continue;
    if (!(p[i] >= 0.0 && p[i] <= 1.0)) return Fault::bad_value(p[i], i);
    idx.push_back(i);
  }
  PAdjust r;
  r.method = method;
  r.n = static_cast<long>(idx.size());
  r.adjusted.assign(p.size(), kMissing);
  const std::size_t n = idx.size();
  const double dn = static_cast<double>(n);
  if (n == 0) return r;

  if (method == PAdjustMethod::bonferroni) {
    for (std::size_t i : idx) r.adjusted[i] = std::min(1.0, dn * p[i]);
    return r;
  }
  // Step-down (holm) walks the p-values upwards and carries the running
  // maximum; step-up (hochberg, BH) walks downwards with the running minimum.
  // Ties end with equal adjusted values whatever their order.
  const bool step_down = method == PAdjustMethod::holm;
  std::stable_sort(idx.begin(), idx.end(),
                   [&](std::size_t a, std::size_t b) { return step_down ? p[a] < p[b] : p[a] > p[b]; });
  double running = step_down ? 0.0 : 1.0;
  for (std::size_t j = 0; j < n; ++j) {
    const double x = p[idx[j]];
    double v;
    if (step_down) {
      v = (dn - static_cast<double>(j)) * x;  // (n - i + 1) p_(i), i = j + 1
      running = std::max(running, v);
    } else {
      const double i = dn - static_cast<double>(j);  // rank from the bottom
      v = method == PAdjustMethod::hochberg ? (dn - i + 1.0) * x : (dn / i) * x;
      running = j == 0 ? v : std::min(running, v);
    }
    r.adjusted[idx[j]] = std::min(1.0, running);
  }
  return r;
}

}  // namespace assess::htest
