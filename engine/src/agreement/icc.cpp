#include "assess/agreement/icc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::agreement {
namespace {

using distributions::FisherF;

// The forms of one F statistic's family: F, its df and upper-tail p, or all
// NaN when the denominator mean square is 0.
struct FTest {
  double F, df1, df2, p;
};

FTest f_test(double ms_num, double ms_den, double df1, double df2, bool den_zero) {
  if (den_zero) return {kMissing, df1, df2, kMissing};
  const double F = ms_num / ms_den;
  return {F, df1, df2, distributions::sf(FisherF{df1, df2}, F)};
}

}  // namespace

Outcome<Icc> icc(const std::vector<std::vector<double>>& ratings, double conf_level) {
  if (!(conf_level > 0.0 && conf_level < 1.0)) return Fault::bad_conf_level(conf_level);
  const std::size_t k = ratings.size();
  const std::size_t cols = k == 0 ? 0 : ratings[0].size();
  for (std::size_t i = 1; i < k; ++i) {
    if (ratings[i].size() != cols) return Fault::ragged(i, ratings[i].size(), cols);
  }
  if (k < 2) return Fault::too_few(Counted::rows, k, 2);
  std::vector<std::size_t> keep;
  for (std::size_t o = 0; o < cols; ++o) {
    bool complete = true;
    for (std::size_t r = 0; r < k; ++r) complete = complete && !is_missing(ratings[r][o]);
    if (complete) keep.push_back(o);
  }
  const std::size_t n = keep.size();
  if (n < 2) return Fault::too_few(Counted::columns, n, 2);

  Icc out;
  out.n = static_cast<long>(n);
  out.k = static_cast<long>(k);
  out.n_excluded = static_cast<long>(cols - n);
  if (cols > n) out.notes.push_back({IccNote::Kind::objects_excluded, cols - n});

  const double nn = static_cast<double>(n), kk = static_cast<double>(k);
  // Sums of squares from centred values, each computed directly (no
  // subtraction of totals), so that a zero mean square is 0 up to rounding.
  double scale = 0.0;
  CompensatedSum total;
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t o : keep) {
      total.add(ratings[r][o]);
      scale = std::max(scale, std::fabs(ratings[r][o]));
    }
  }
  const double grand = total.value() / (nn * kk);
  std::vector<double> obj_mean(n, 0.0), rater_mean(k, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    CompensatedSum s;
    for (std::size_t r = 0; r < k; ++r) s.add(ratings[r][keep[j]] - grand);
    obj_mean[j] = s.value() / kk;
  }
  for (std::size_t r = 0; r < k; ++r) {
    CompensatedSum s;
    for (std::size_t j = 0; j < n; ++j) s.add(ratings[r][keep[j]] - grand);
    rater_mean[r] = s.value() / nn;
  }
  CompensatedSum ssb, ssj, ssw, sse;
  for (std::size_t j = 0; j < n; ++j) ssb.add(kk * obj_mean[j] * obj_mean[j]);
  for (std::size_t r = 0; r < k; ++r) ssj.add(nn * rater_mean[r] * rater_mean[r]);
  for (std::size_t r = 0; r < k; ++r) {
    for (std::size_t j = 0; j < n; ++j) {
      const double centred = ratings[r][keep[j]] - grand;
      const double within = centred - obj_mean[j];
      const double resid = within - rater_mean[r];
      ssw.add(within * within);
      sse.add(resid * resid);
    }
  }
  // Rounding noise of a residual is a few ulps of the largest rating.
  const double ulp_noise = 64.0 * std::numeric_limits<double>::epsilon() * scale;
  const double noise = nn * kk * ulp_noise * ulp_noise;
  const double df_b = nn - 1.0, df_j = kk - 1.0, df_w = nn * (kk - 1.0), df_e = (nn - 1.0) * (kk - 1.0);
  const bool msw_zero = ssw.value() <= noise;
  const bool mse_zero = msw_zero || sse.value() <= noise;
  const bool msb_zero = ssb.value() <= noise;
  const double msb = msb_zero ? 0.0 : ssb.value() / df_b;
  const double msw = msw_zero ? 0.0 : ssw.value() / df_w;
  const double msj = msw_zero || ssj.value() <= noise ? 0.0 : ssj.value() / df_j;
  const double mse = mse_zero ? 0.0 : sse.value() / df_e;

  const FTest f1 = f_test(msb, msw, df_b, df_w, msw_zero);
  const FTest f2 = f_test(msb, mse, df_b, df_e, mse_zero);
  double icc1 = (msb - msw) / (msb + (kk - 1.0) * msw);
  double icc2 = (msb - mse) / (msb + (kk - 1.0) * mse + kk * (msj - mse) / nn);
  double icc3 = (msb - mse) / (msb + (kk - 1.0) * mse);
  double icc1k = (msb - msw) / msb;
  double icc2k = (msb - mse) / (msb + (msj - mse) / nn);
  double icc3k = (msb - mse) / msb;

  const double a = 1.0 - conf_level;
  const double hi_q = 1.0 - a / 2.0;
  double l1 = kMissing, u1 = kMissing, l1k = kMissing, u1k = kMissing;
  if (!msw_zero) {
    const double fl = f1.F / distributions::quantile(FisherF{df_b, df_w}, hi_q);
    const double fu = f1.F * distributions::quantile(FisherF{df_w, df_b}, hi_q);
    l1 = (fl - 1.0) / (fl + (kk - 1.0));
    u1 = (fu - 1.0) / (fu + kk - 1.0);
    l1k = 1.0 - 1.0 / fl;
    u1k = 1.0 - 1.0 / fu;
  }
  double l2 = kMissing, u2 = kMissing, l2k = kMissing, u2k = kMissing;
  double l3 = kMissing, u3 = kMissing, l3k = kMissing, u3k = kMissing;
  if (!mse_zero) {
    const double fl = f2.F / distributions::quantile(FisherF{df_b, df_e}, hi_q);
    const double fu = f2.F * distributions::quantile(FisherF{df_e, df_b}, hi_q);
    l3 = (fl - 1.0) / (fl + kk - 1.0);
    u3 = (fu - 1.0) / (fu + kk - 1.0);
    l3k = 1.0 - 1.0 / fl;
    u3k = 1.0 - 1.0 / fu;
    // McGraw & Wong's interval for absolute agreement, with Satterthwaite's df v.
    const double fj = msj / mse;
    const double base = nn * (1.0 + (kk - 1.0) * icc2) - kk * icc2;
    const double vn = (kk - 1.0) * (nn - 1.0) * std::pow(kk * icc2 * fj + base, 2.0);
    const double vd = (nn - 1.0) * kk * kk * icc2 * icc2 * fj * fj + base * base;
    const double v = vn / vd;
    const double fu2 = distributions::quantile(FisherF{nn - 1.0, v}, hi_q);
    const double fl2 = distributions::quantile(FisherF{v, nn - 1.0}, hi_q);
    const double mix = kk * msj + (kk * nn - kk - nn) * mse;
    l2 = nn * (msb - fu2 * mse) / (fu2 * mix + nn * msb);
    u2 = nn * (fl2 * msb - mse) / (mix + nn * fl2 * msb);
    l2k = l2 * kk / (1.0 + l2 * (kk - 1.0));
    u2k = u2 * kk / (1.0 + u2 * (kk - 1.0));
  }

  if (msb_zero && msw_zero) {
    icc1 = icc2 = icc3 = icc1k = icc2k = icc3k = kMissing;
    out.notes.push_back({IccNote::Kind::no_variance});
  } else if (msw_zero) {
    icc1 = icc2 = icc3 = icc1k = icc2k = icc3k = 1.0;
    out.notes.push_back({IccNote::Kind::perfect_agreement});
  } else {
    if (mse_zero) {
      icc3 = icc3k = 1.0;
      out.notes.push_back({IccNote::Kind::residual_zero});
    }
    if (msb_zero) {  // (MSB - MS) / MSB with MSB = 0
      icc1k = kMissing;
      if (!mse_zero) icc3k = kMissing;
      out.notes.push_back({IccNote::Kind::objects_equal});
    }
  }
  out.forms = {{
      {"ICC1", icc1, f1.F, f1.df1, f1.df2, f1.p, l1, u1},
      {"ICC2", icc2, f2.F, f2.df1, f2.df2, f2.p, l2, u2},
      {"ICC3", icc3, f2.F, f2.df1, f2.df2, f2.p, l3, u3},
      {"ICC1k", icc1k, f1.F, f1.df1, f1.df2, f1.p, l1k, u1k},
      {"ICC2k", icc2k, f2.F, f2.df1, f2.df2, f2.p, l2k, u2k},
      {"ICC3k", icc3k, f2.F, f2.df1, f2.df2, f2.p, l3k, u3k},
  }};
  return out;
}

}  // namespace assess::agreement
