#include "assess/htest/mixed_anova.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

// An error SS at or below this share of its total is rounding noise of a
// perfect fit (a residual norm of 1e-12 of the data's).
constexpr double kPerfectFit = 1e-24;

MixedEffect missing_effect() {
  return MixedEffect{kMissing, kMissing, kMissing, kMissing, kMissing, kMissing, kMissing, kMissing, kMissing};
}

// F, p and partial eta^2 of an effect from its SS and error SS.
void test(MixedEffect& e, bool defined) {
  if (e.ss + e.ss_error > 0.0) e.partial_eta_sq = e.ss / (e.ss + e.ss_error);
  if (!defined) return;
  e.F = (e.ss / e.df1) / (e.ss_error / e.df2);
  e.p = distributions::sf(distributions::FisherF{e.df1, e.df2}, e.F);
}

}  // namespace

Outcome<MixedAnova> mixed_anova(const std::vector<double>& scores, std::size_t k, const std::vector<std::size_t>& group,
                                std::size_t n_levels) {
  if (k < 2) return Fault::too_few(Counted::columns, k, 2);
  if (k > kMaxWaves) return Fault::too_many(Counted::columns, k, kMaxWaves);
  if (scores.size() % k != 0) return Fault::lengths_differ(scores.size(), k * group.size());
  const std::size_t rows = scores.size() / k;
  if (rows != group.size()) return Fault::lengths_differ(rows, group.size());
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (group[i] >= n_levels) return Fault::bad_value(static_cast<double>(group[i]), i);
  }

  // Complete rows per level: the participant means m_i and the centred
  // scores d_ij = y_ij - m_i (which carry no offset of the data).
  std::vector<std::vector<double>> m(n_levels), d(n_levels);
  std::size_t excluded = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    const double* row = scores.data() + i * k;
    if (std::any_of(row, row + k, [](double v) { return is_missing(v); })) {
      ++excluded;
      continue;
    }
    const double mi = mean(row, k);
    m[group[i]].push_back(mi);
    for (std::size_t j = 0; j < k; ++j) d[group[i]].push_back(row[j] - mi);
  }
  std::vector<std::size_t> used;
  for (std::size_t g = 0; g < n_levels; ++g) {
    if (!m[g].empty()) used.push_back(g);
  }
  if (used.size() < 2) return Fault::too_few(Counted::groups, used.size(), 2);

  MixedAnova r;
  r.k = k;
  r.n_groups = used.size();
  r.between = r.within = r.interaction = missing_effect();
  r.group_n.assign(n_levels, 0);
  r.means.assign(n_levels, std::vector<double>(k, kMissing));
  if (excluded > 0) r.notes.push_back({MixedNote::Kind::rows_excluded, 0, excluded});
  for (std::size_t g = 0; g < n_levels; ++g) {
    if (m[g].empty()) r.notes.push_back({MixedNote::Kind::empty_level, g, 0});
  }

  const double G = static_cast<double>(used.size()), fk = static_cast<double>(k);
  std::size_t n = 0;
  for (std::size_t g : used) n += m[g].size();
  r.n = static_cast<long>(n);
  const double fn = static_cast<double>(n);

  // Group means of the centred scores (dm[g][j]), of the participant means
  // (gm[g]), and the wave means of each group.
  std::vector<std::vector<double>> dm(n_levels);
  std::vector<double> gm(n_levels, kMissing);
  for (std::size_t g : used) {
    const std::size_t ng = m[g].size();
    r.group_n[g] = static_cast<long>(ng);
    gm[g] = mean(m[g]);
    dm[g].assign(k, 0.0);
    for (std::size_t j = 0; j < k; ++j) {
      CompensatedSum s;
      for (std::size_t i = 0; i < ng; ++i) s.add(d[g][i * k + j]);
      dm[g][j] = s.value() / static_cast<double>(ng);
      r.means[g][j] = gm[g] + dm[g][j];
    }
  }

  // Between: one-way ANOVA of the participant means, SS scaled by k (the
  // sum of the k waves' squares, as car's univariate table).
  CompensatedSum grand;
  for (std::size_t g : used) grand.add_product(static_cast<double>(m[g].size()), gm[g]);
  const double gmean = grand.value() / fn;
  CompensatedSum ss_b, ss_bw;
  for (std::size_t g : used) {
    const double dg = gm[g] - gmean;
    ss_b.add_product(static_cast<double>(m[g].size()) * dg, dg);
    const bool constant = std::all_of(m[g].begin(), m[g].end(), [&](double v) { return v == m[g].front(); });
    if (constant) continue;
    for (double v : m[g]) ss_bw.add_product(v - gm[g], v - gm[g]);
  }
  r.between.ss = fk * ss_b.value();
  r.between.ss_error = fk * ss_bw.value();
  r.between.df1 = G - 1.0;
  r.between.df2 = fn - G;

  // Within and interaction. u_j: the unweighted mean over the groups of
  // dm[g][j] (the sum-contrast intercept), c its variance factor; w_j the
  // mean over all participants.
  CompensatedSum inv_n;
  for (std::size_t g : used) inv_n.add(1.0 / static_cast<double>(m[g].size()));
  const double c = inv_n.value() / (G * G);
  CompensatedSum ss_w, ss_i;
  for (std::size_t j = 0; j < k; ++j) {
    CompensatedSum u, w;
    for (std::size_t g : used) {
      u.add(dm[g][j]);
      w.add_product(static_cast<double>(m[g].size()), dm[g][j]);
    }
    const double uj = u.value() / G, wj = w.value() / fn;
    ss_w.add_product(uj, uj / c);
    for (std::size_t g : used) {
      const double e = dm[g][j] - wj;
      ss_i.add_product(static_cast<double>(m[g].size()) * e, e);
    }
  }
  // The pooled within-group SSCP matrix E of the centred scores, its trace
  // (the error SS) and the trace of E^2 (for the epsilon).
  std::vector<CompensatedSum> e(k * k);
  CompensatedSum d_total;
  std::vector<double> res(k);
  for (std::size_t g : used) {
    for (std::size_t i = 0; i < m[g].size(); ++i) {
      for (std::size_t j = 0; j < k; ++j) {
        res[j] = d[g][i * k + j] - dm[g][j];
        d_total.add_product(d[g][i * k + j], d[g][i * k + j]);
      }
      for (std::size_t j = 0; j < k; ++j) {
        for (std::size_t l = j; l < k; ++l) e[j * k + l].add_product(res[j], res[l]);
      }
    }
  }
  double tr = 0.0, tr2 = 0.0;
  {
    CompensatedSum t, t2;
    for (std::size_t j = 0; j < k; ++j) {
      t.add(e[j * k + j].value());
      for (std::size_t l = j; l < k; ++l) {
        const double v = e[j * k + l].value();
        t2.add_product(l == j ? v : 2.0 * v, v);
      }
    }
    tr = t.value();
    tr2 = t2.value();
  }
  const double df_e = (fk - 1.0) * (fn - G);
  r.within.ss = ss_w.value();
  r.within.df1 = fk - 1.0;
  r.interaction.ss = ss_i.value();
  r.interaction.df1 = (G - 1.0) * (fk - 1.0);
  r.within.ss_error = r.interaction.ss_error = tr;
  r.within.df2 = r.interaction.df2 = df_e;

  const bool no_df = n == used.size();
  const bool between_zero = r.between.ss_error <= kPerfectFit * (r.between.ss + r.between.ss_error);
  const bool within_zero = tr <= kPerfectFit * d_total.value();
  if (between_zero) r.between.ss_error = 0.0;
  if (within_zero) r.within.ss_error = r.interaction.ss_error = 0.0;
  if (no_df) {
    r.notes.push_back({MixedNote::Kind::no_error_df, 0, 0});
  } else {
    if (between_zero) r.notes.push_back({MixedNote::Kind::between_no_error, 0, 0});
    if (within_zero) r.notes.push_back({MixedNote::Kind::within_no_error, 0, 0});
  }
  test(r.between, !no_df && !between_zero);
  test(r.within, !no_df && !within_zero);
  test(r.interaction, !no_df && !within_zero);
  if (!no_df && !within_zero) {
    const double eps = k == 2 ? 1.0 : std::min(1.0, tr * tr / ((fk - 1.0) * tr2));
    for (MixedEffect* x : {&r.within, &r.interaction}) {
      x->gg_epsilon = eps;
      x->p_gg = distributions::sf(distributions::FisherF{eps * x->df1, eps * x->df2}, x->F);
    }
  }
  return r;
}

}  // namespace assess::htest
