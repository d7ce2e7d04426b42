#include "assess/agreement/cohen_kappa.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::agreement {

Outcome<CohenKappa> cohen_kappa(const std::vector<int>& x, const std::vector<int>& y, std::size_t q,
                                KappaWeights weights, double conf_level) {
  if (x.size() != y.size()) return Fault::lengths_differ(x.size(), y.size());
  if (!(conf_level > 0.0 && conf_level < 1.0)) return Fault::bad_conf_level(conf_level);
  if (q > kMaxKappaCategories) return Fault::too_many(Counted::values, q, kMaxKappaCategories);
  std::vector<double> table(q * q, 0.0);
  std::size_t n = 0;
  bool all_agree = true;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i] == kNoCode || y[i] == kNoCode) continue;
    table[static_cast<std::size_t>(x[i]) * q + static_cast<std::size_t>(y[i])] += 1.0;
    all_agree = all_agree && x[i] == y[i];
    ++n;
  }
  if (n < 2) return Fault::too_few(Counted::pairs, n, 2);
  CohenKappa out;
  out.n = static_cast<long>(n);
  out.n_dropped = static_cast<long>(x.size() - n);
  if (x.size() > n) out.notes.push_back({CohenKappaNote::Kind::pairs_dropped, x.size() - n});

  const double total = static_cast<double>(n);
  for (double& c : table) c /= total;
  std::vector<double> rs(q, 0.0), cs(q, 0.0), w(q * q, 0.0);
  const double span = static_cast<double>(q) - 1.0;
  for (std::size_t i = 0; i < q; ++i) {
    for (std::size_t j = 0; j < q; ++j) {
      rs[i] += table[i * q + j];
      cs[j] += table[i * q + j];
      const double d = std::fabs(static_cast<double>(i) - static_cast<double>(j));
      switch (weights) {
        case KappaWeights::none:
          w[i * q + j] = i == j ? 1.0 : 0.0;
          break;
        case KappaWeights::linear:
          w[i * q + j] = i == j ? 1.0 : 1.0 - d / span;
          break;
        case KappaWeights::quadratic:
          w[i * q + j] = i == j ? 1.0 : 1.0 - d * d / (span * span);
          break;
      }
    }
  }
  CompensatedSum po_sum, pc_sum;
  for (std::size_t i = 0; i < q; ++i) {
    for (std::size_t j = 0; j < q; ++j) {
      po_sum.add(w[i * q + j] * table[i * q + j]);
      pc_sum.add(w[i * q + j] * rs[i] * cs[j]);
    }
  }
  const double po = po_sum.value(), pc = pc_sum.value();
  // pc = 1 only when both raters used one category alone.
  bool one_category = false;
  for (std::size_t i = 0; i < q; ++i) one_category = one_category || (rs[i] == 1.0 && cs[i] == 1.0);
  if (q < 2 || one_category) {
    out.kappa = out.se = out.ci_low = out.ci_high = kMissing;
    out.notes.push_back({CohenKappaNote::Kind::undefined});
    return out;
  }
  out.kappa = (po - pc) / (1.0 - pc);

  // psych's variance: colw[j] = sum_i w_ij cs_i, roww[i] = rs_i sum_j w_ij,
  // M_ij = colw_i + roww_j.
  std::vector<double> colw(q, 0.0), roww(q, 0.0);
  for (std::size_t i = 0; i < q; ++i) {
    double wrow = 0.0;
    for (std::size_t j = 0; j < q; ++j) {
      colw[j] += w[i * q + j] * cs[i];
      wrow += w[i * q + j];
    }
    roww[i] = rs[i] * wrow;
  }
  double var = 0.0;
  if (!all_agree) {  // every pair on the diagonal: the variance is 0 exactly
    CompensatedSum s;
    for (std::size_t i = 0; i < q; ++i) {
      for (std::size_t j = 0; j < q; ++j) {
        const double t = w[i * q + j] * (1.0 - pc) - (colw[i] + roww[j]) * (1.0 - po);
        s.add(table[i * q + j] * t * t);
      }
    }
    const double last = po * pc - 2.0 * pc + po;
    var = (s.value() - last * last) / (total * std::pow(1.0 - pc, 4.0));
    if (var < 0.0) {
      var = 0.0;
      out.notes.push_back({CohenKappaNote::Kind::variance_negative});
    }
  }
  out.se = std::sqrt(var);
  const double z = distributions::quantile(distributions::Normal{}, 1.0 - (1.0 - conf_level) / 2.0);
  out.ci_low = std::max(-1.0, out.kappa - z * out.se);
  out.ci_high = std::min(1.0, out.kappa + z * out.se);
  return out;
}

}  // namespace assess::agreement
