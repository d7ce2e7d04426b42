#include "assess/htest/t_test.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/dist/distributions.hpp"
#include "assess/dist/special.hpp"

namespace assess::htest {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

bool valid_conf_level(double cl) noexcept { return cl > 0.0 && cl < 1.0; }

Error conf_level_error(double cl) {
  return make_error(ErrorCode::invalid_input,
                    "conf_level is " + format_number(cl) + ", but it must lie strictly between 0 and 1",
                    "/conf_level");
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Two-sided p of a t statistic; the tail is computed directly so that tiny
// p-values keep their relative accuracy.
double two_sided_p(double t, double df) noexcept {
  return std::min(1.0, 2.0 * dist::sf(dist::StudentT{df}, std::fabs(t)));
}

// Noncentrality limits of an observed t at confidence cl: cdf(t; df, ncp)
// falls as ncp grows, so the lower limit is where it equals (1 + cl) / 2.
void ncp_interval(double t, double df, double cl, double* lo, double* hi) noexcept {
  *lo = dist::ncp_for_cdf(df, t, (1.0 + cl) / 2.0);
  *hi = dist::ncp_for_cdf(df, t, (1.0 - cl) / 2.0);
}

// R's t.test stops with "data are essentially constant" below this.
bool essentially_constant(double se, double magnitude) noexcept {
  return !(se > 0.0) || se < 10.0 * kEps * magnitude;
}

bool all_equal(const std::vector<double>& v) noexcept {
  return std::all_of(v.begin(), v.end(), [&](double a) { return a == v.front(); });
}

Error paired_too_few(std::size_t n) {
  return Error{ErrorCode::insufficient_data,
               "pre and post have " + plural(n, "complete pair", "complete pairs") + ", but paired_t needs at least 2",
               "/pre"};
}

}  // namespace

double hedges_j(double df) noexcept {
  if (!(df > 1.0) || !std::isfinite(df)) return kMissing;
  // J = Gamma(a + 1/2) / (sqrt(a + 1/2) Gamma(a)) with a = (df - 1) / 2.
  const double a = (df - 1.0) / 2.0;
  if (a < 10.0) {
    return std::exp(dist::log_gamma(a + 0.5) - 0.5 * std::log(a + 0.5) - dist::log_gamma(a));
  }
  // For larger a the two log-gammas grow like a log a and their difference
  // would lose digits; Stirling's series for both, arranged so that only
  // small terms are added: log J = [a log1p(1/(2a)) - 1/2]
  // - log1p(1/(2a)) / 2 + S(a + 1/2) - S(a), with S the Stirling remainder.
  auto stirling = [](double z) {
    const double z2 = 1.0 / (z * z);
    return (1.0 / 12.0 + z2 * (-1.0 / 360.0 + z2 * (1.0 / 1260.0 + z2 * (-1.0 / 1680.0 +
            z2 * (1.0 / 1188.0 + z2 * (-691.0 / 360360.0)))))) / z;
  };
  const double l = std::log1p(0.5 / a);
  return std::exp((a * l - 0.5) - 0.5 * l + (stirling(a + 0.5) - stirling(a)));
}

Result<PairedT> paired_t(const std::vector<double>& pre, const std::vector<double>& post, double conf_level) {
  if (!valid_conf_level(conf_level)) return conf_level_error(conf_level);
  if (pre.size() != post.size()) {
    return make_error(ErrorCode::invalid_input,
                      "pre has " + plural(pre.size(), "value", "values") + " but post has " +
                          std::to_string(post.size()) + "; paired_t needs one post value for each pre value",
                      "/post");
  }
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

Result<PairedT> paired_t_of_differences(const std::vector<double>& d, double mean_d, double variance_d,
                                        double conf_level) {
  if (!valid_conf_level(conf_level)) return conf_level_error(conf_level);
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
    r.warnings.push_back(
        "the differences post - pre are all equal (sd_diff = 0), so t, p, the confidence interval and dz "
        "are undefined and reported as null");
    return r;
  }
  r.t = r.mean_diff / se;
  r.p = two_sided_p(r.t, r.df);
  const double q = dist::quantile_sf(dist::StudentT{r.df}, (1.0 - conf_level) / 2.0);
  r.ci_low = r.mean_diff - q * se;
  r.ci_high = r.mean_diff + q * se;
  r.dz = r.mean_diff / r.sd_diff;
  double lo, hi;
  ncp_interval(r.t, r.df, conf_level, &lo, &hi);
  r.dz_ci_low = lo / std::sqrt(n);
  r.dz_ci_high = hi / std::sqrt(n);
  if (!std::isfinite(r.dz_ci_low) || !std::isfinite(r.dz_ci_high)) {
    r.warnings.push_back("the noncentral-t interval of dz could not be computed and is reported as null");
  }
  return r;
}

Result<IndependentT> independent_t(const std::vector<double>& x, const std::vector<double>& y, bool equal_var,
                                   double conf_level) {
  if (!valid_conf_level(conf_level)) return conf_level_error(conf_level);
  std::vector<double> xs = drop_missing(x), ys = drop_missing(y);
  const std::size_t nx = xs.size(), ny = ys.size();
  if (equal_var) {
    for (auto [v, name] : {std::pair{nx, "x"}, std::pair{ny, "y"}}) {
      if (v < 1) {
        return make_error(ErrorCode::insufficient_data,
                          std::string(name) + " has no non-missing values, but independent_t needs at least 1 in "
                                              "each sample",
                          std::string("/") + name);
      }
    }
    if (nx + ny < 3) {
      return make_error(ErrorCode::insufficient_data,
                        "x and y have " + std::to_string(nx + ny) +
                            " non-missing values in all, but Student's t test needs at least 3",
                        "/x");
    }
  } else {
    for (auto [v, name] : {std::pair{nx, "x"}, std::pair{ny, "y"}}) {
      if (v < 2) {
        return make_error(ErrorCode::insufficient_data,
                          std::string(name) + " has " + plural(v, "non-missing value", "non-missing values") +
                              ", but Welch's t test needs at least 2 in each sample (Student's, equal_var = "
                              "true, needs 1)",
                          std::string("/") + name);
      }
    }
  }

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
    r.warnings.push_back(
        "x and y are both constant (no variation within either sample), so t, p, the confidence interval, "
        "d and g are undefined and reported as null");
    return r;
  }
  r.t = r.mean_diff / se;
  r.p = two_sided_p(r.t, r.df);
  const double q = dist::quantile_sf(dist::StudentT{r.df}, (1.0 - conf_level) / 2.0);
  r.ci_low = r.mean_diff - q * se;
  r.ci_high = r.mean_diff + q * se;

  // Cohen's d with the pooled SD and its interval from the pooled t, whatever
  // the test (the settled contract): d = t_pooled * sqrt(1/n_x + 1/n_y).
  r.d = r.mean_diff / sp;
  const double scale = std::sqrt(1.0 / fx + 1.0 / fy);
  double lo, hi;
  ncp_interval(r.d / scale, df_pooled, conf_level, &lo, &hi);
  r.d_ci_low = lo * scale;
  r.d_ci_high = hi * scale;
  if (!std::isfinite(r.d_ci_low) || !std::isfinite(r.d_ci_high)) {
    r.warnings.push_back("the noncentral-t interval of d could not be computed and is reported as null");
  }
  if (df_pooled > 1.0) {
    r.g = r.d * hedges_j(df_pooled);
  } else {
    r.warnings.push_back(
        "Hedges' g needs n_x + n_y >= 4 (its correction Gamma((df-1)/2) is undefined at df = 1) and is reported "
        "as null");
  }
  return r;
}

void to_json(Json& j, const PairedT& r) {
  auto num = json_number;
  j = Json{{"n", r.n},
           {"mean_diff", num(r.mean_diff)},
           {"sd_diff", num(r.sd_diff)},
           {"t", num(r.t)},
           {"df", num(r.df)},
           {"p", num(r.p)},
           {"ci_low", num(r.ci_low)},
           {"ci_high", num(r.ci_high)},
           {"conf_level", r.conf_level},
           {"dz", num(r.dz)},
           {"dz_ci_low", num(r.dz_ci_low)},
           {"dz_ci_high", num(r.dz_ci_high)},
           {"warnings", r.warnings}};
}

void to_json(Json& j, const IndependentT& r) {
  auto num = json_number;
  j = Json{{"method", r.equal_var ? "student" : "welch"},
           {"n_x", r.n_x},
           {"n_y", r.n_y},
           {"mean_x", num(r.mean_x)},
           {"mean_y", num(r.mean_y)},
           {"sd_x", num(r.sd_x)},
           {"sd_y", num(r.sd_y)},
           {"mean_diff", num(r.mean_diff)},
           {"t", num(r.t)},
           {"df", num(r.df)},
           {"p", num(r.p)},
           {"ci_low", num(r.ci_low)},
           {"ci_high", num(r.ci_high)},
           {"conf_level", r.conf_level},
           {"d", num(r.d)},
           {"d_ci_low", num(r.d_ci_low)},
           {"d_ci_high", num(r.d_ci_high)},
           {"g", num(r.g)},
           {"warnings", r.warnings}};
}

}  // namespace assess::htest
