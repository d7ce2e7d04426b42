#include "assess/htest/ancova.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

// A residual SS at or below this share of the within-group SS of y is
// rounding noise of a perfect fit (a residual norm of 1e-12 of the data's).
constexpr double kPerfectFit = 1e-24;

// The complete rows of one level, shifted by a common value of the data.
struct Level {
  std::vector<double> x, y;
  double mx = 0.0, my = 0.0;               // means
  double sxx = 0.0, sxy = 0.0, syy = 0.0;  // centred sums of squares and products
};

void centre(Level& g) {
  g.mx = mean(g.x);
  g.my = mean(g.y);
  const bool x_constant = std::all_of(g.x.begin(), g.x.end(), [&](double v) { return v == g.x.front(); });
  const bool y_constant = std::all_of(g.y.begin(), g.y.end(), [&](double v) { return v == g.y.front(); });
  CompensatedSum sxx, sxy, syy;
  for (std::size_t i = 0; i < g.x.size(); ++i) {
    const double dx = x_constant ? 0.0 : g.x[i] - g.mx;
    const double dy = y_constant ? 0.0 : g.y[i] - g.my;
    sxx.add_product(dx, dx);
    sxy.add_product(dx, dy);
    syy.add_product(dy, dy);
  }
  g.sxx = sxx.value();
  g.sxy = sxy.value();
  g.syy = syy.value();
}

// Sum of squared residuals of y about its level's line with slope b.
double residual_ss(const Level& g, double b) {
  CompensatedSum s;
  for (std::size_t i = 0; i < g.x.size(); ++i) {
    const double r = (g.y[i] - g.my) - (b == 0.0 ? 0.0 : b * (g.x[i] - g.mx));
    s.add_product(r, r);
  }
  return s.value();
}

}  // namespace

Outcome<Ancova> ancova(const std::vector<double>& y, const std::vector<double>& covariate,
                       const std::vector<std::size_t>& group, std::size_t n_levels, double conf_level) {
  if (!(conf_level > 0.0 && conf_level < 1.0)) return Fault::bad_conf_level(conf_level);
  if (covariate.size() != y.size()) {
    Fault f = Fault::lengths_differ(y.size(), covariate.size());
    f.index = 1;
    return f;
  }
  if (group.size() != y.size()) {
    Fault f = Fault::lengths_differ(y.size(), group.size());
    f.index = 2;
    return f;
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (group[i] >= n_levels) return Fault::bad_value(static_cast<double>(group[i]), i);
  }

  // Shift every value by one common value of its variable first: for data
  // with a large offset (1e9 + noise) the shift is exact and the
  // differences of means keep their digits.
  double cx = 0.0, cy = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!is_missing(y[i]) && !is_missing(covariate[i])) {
      cx = covariate[i];
      cy = y[i];
      break;
    }
  }
  std::vector<Level> lv(n_levels);
  std::size_t excluded = 0;
  std::vector<double> all_x;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (is_missing(y[i]) || is_missing(covariate[i])) {
      ++excluded;
      continue;
    }
    lv[group[i]].x.push_back(covariate[i] - cx);
    lv[group[i]].y.push_back(y[i] - cy);
    all_x.push_back(covariate[i] - cx);
  }
  std::vector<std::size_t> used;
  for (std::size_t g = 0; g < n_levels; ++g) {
    if (!lv[g].x.empty()) used.push_back(g);
  }
  if (used.size() < 2) return Fault::too_few(Counted::groups, used.size(), 2);
  const std::size_t n = all_x.size(), k = used.size();
  if (n <= k) return Fault::too_few(Counted::rows, n, k + 1);

  Ancova r;
  r.n = static_cast<long>(n);
  r.n_groups = k;
  r.conf_level = conf_level;
  r.F = r.p = r.partial_eta_sq = r.slope = r.ss_group = r.ss_residual = kMissing;
  r.adjusted_diff = r.diff_se = r.diff_ci_low = r.diff_ci_high = kMissing;
  r.homogeneity = AncovaTest{kMissing, kMissing, kMissing, kMissing};
  r.df1 = static_cast<double>(k - 1);
  r.df2 = static_cast<double>(n - k - 1);
  if (excluded > 0) r.notes.push_back({AncovaNote::Kind::rows_excluded, 0, excluded});

  for (auto& g : lv) {
    if (!g.x.empty()) centre(g);
  }
  const double mx = mean(all_x);
  r.covariate_mean = mx + cx;
  r.adjusted_means.assign(n_levels, AdjustedMean{kMissing, kMissing, kMissing, kMissing, 0, kMissing, kMissing});
  for (std::size_t g = 0; g < n_levels; ++g) {
    auto& a = r.adjusted_means[g];
    a.n = static_cast<long>(lv[g].x.size());
    if (a.n == 0) {
      r.notes.push_back({AncovaNote::Kind::empty_level, g, 0});
      continue;
    }
    a.y_mean = lv[g].my + cy;
    a.covariate_mean = lv[g].mx + cx;
  }
  r.two_groups = k == 2;
  r.diff_first = used[0];
  r.diff_second = used[k - 1];

  CompensatedSum sxx_w, sxy_w, syy_w, my_sum;
  for (std::size_t g : used) {
    sxx_w.add(lv[g].sxx);
    sxy_w.add(lv[g].sxy);
    syy_w.add(lv[g].syy);
    my_sum.add_product(static_cast<double>(lv[g].y.size()), lv[g].my);
  }
  const double sxx = sxx_w.value(), syy = syy_w.value();
  if (!(sxx > 0.0)) {
    r.notes.push_back({AncovaNote::Kind::covariate_constant, 0, 0});
    return r;
  }
  const double b = sxy_w.value() / sxx;
  r.slope = b;
  const double my = my_sum.value() / static_cast<double>(n);

  // The group SS: the squared distance between the fits of y ~ covariate +
  // group and y ~ covariate, sum_g n_g c_g^2 + (b - b_total)^2 Sxx with
  // c_g = (my_g - my) - b_total (mx_g - mx); no difference of two large SS.
  CompensatedSum sxx_b, sxy_b;
  for (std::size_t g : used) {
    const double ng = static_cast<double>(lv[g].x.size());
    const double dx = lv[g].mx - mx, dy = lv[g].my - my;
    sxx_b.add_product(ng * dx, dx);
    sxy_b.add_product(ng * dx, dy);
  }
  const double b_total = (sxy_w.value() + sxy_b.value()) / (sxx + sxx_b.value());
  CompensatedSum ss_group, ss_res;
  for (std::size_t g : used) {
    const double c = (lv[g].my - my) - b_total * (lv[g].mx - mx);
    ss_group.add_product(static_cast<double>(lv[g].x.size()) * c, c);
    ss_res.add(residual_ss(lv[g], b));
  }
  ss_group.add_product((b - b_total) * (b - b_total), sxx);
  r.ss_group = ss_group.value();
  r.ss_residual = ss_res.value();
  const bool perfect = r.ss_residual <= kPerfectFit * syy;
  if (perfect) r.ss_residual = 0.0;
  if (r.ss_group + r.ss_residual > 0.0) r.partial_eta_sq = r.ss_group / (r.ss_group + r.ss_residual);

  const double df_res = r.df2;
  const bool no_df = n == k + 1;
  const double mse = no_df ? kMissing : r.ss_residual / df_res;
  const double q =
      no_df ? kMissing
            : (perfect ? 0.0 : distributions::quantile_sf(distributions::StudentT{df_res}, (1.0 - conf_level) / 2.0));
  if (no_df) {
    r.notes.push_back({AncovaNote::Kind::no_residual_df, 0, 0});
  } else if (perfect) {
    r.notes.push_back({AncovaNote::Kind::perfect_fit, 0, 0});
  } else {
    r.F = (r.ss_group / r.df1) / mse;
    r.p = distributions::sf(distributions::FisherF{r.df1, df_res}, r.F);
  }
  for (std::size_t g : used) {
    auto& a = r.adjusted_means[g];
    const double dx = lv[g].mx - mx;
    a.mean = lv[g].my - b * dx + cy;
    a.se = std::sqrt(mse * (1.0 / static_cast<double>(a.n) + dx * dx / sxx));
    a.ci_low = a.mean - q * a.se;
    a.ci_high = a.mean + q * a.se;
  }
  if (r.two_groups) {
    const Level &g0 = lv[used[0]], &g1 = lv[used[1]];
    const double dx = g1.mx - g0.mx;
    r.adjusted_diff = (g1.my - g0.my) - b * dx;
    r.diff_se = std::sqrt(
        mse * (1.0 / static_cast<double>(g0.x.size()) + 1.0 / static_cast<double>(g1.x.size()) + dx * dx / sxx));
    r.diff_ci_low = r.adjusted_diff - q * r.diff_se;
    r.diff_ci_high = r.adjusted_diff + q * r.diff_se;
  }

  // Homogeneity of slopes: lines of their own slope per level (a level whose
  // covariate is constant has no slope: R's lm drops that column).
  if (no_df || perfect) return r;
  std::size_t sloped = 0;
  CompensatedSum ss_h, ss_sep;
  for (std::size_t g : used) {
    const double bg = lv[g].sxx > 0.0 ? lv[g].sxy / lv[g].sxx : 0.0;
    if (lv[g].sxx > 0.0) {
      ++sloped;
      ss_h.add_product((bg - b) * (bg - b), lv[g].sxx);
    }
    ss_sep.add(residual_ss(lv[g], bg));
  }
  const double df_h = static_cast<double>(sloped) - 1.0;
  const double df_sep = static_cast<double>(n) - static_cast<double>(k + sloped);
  if (df_h < 1.0 || df_sep < 1.0 || ss_sep.value() <= kPerfectFit * syy) {
    r.notes.push_back({AncovaNote::Kind::homogeneity_undefined, 0, 0});
    return r;
  }
  r.homogeneity.df1 = df_h;
  r.homogeneity.df2 = df_sep;
  r.homogeneity.F = (ss_h.value() / df_h) / (ss_sep.value() / df_sep);
  r.homogeneity.p = distributions::sf(distributions::FisherF{df_h, df_sep}, r.homogeneity.F);
  return r;
}

}  // namespace assess::htest
