#include "assess/reliability/cfa.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::reliability {

namespace {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;

// The free parameters: p loadings, p residual variances, then the factor
// correlations (f < g, row by row).
struct Model {
  std::size_t p = 0;
  std::size_t m = 0;
  std::vector<std::size_t> factor;  // per item
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::size_t q() const { return 2 * p + pairs.size(); }

  Mat lambda(const Vec& t) const {
    Mat l = Mat::Zero(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(m));
    for (std::size_t i = 0; i < p; ++i) l(ix(i), ix(factor[i])) = t(ix(i));
    return l;
  }
  Mat phi(const Vec& t) const {
    Mat f = Mat::Identity(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(m));
    for (std::size_t c = 0; c < pairs.size(); ++c) {
      const double v = t(ix(2 * p + c));
      f(ix(pairs[c].first), ix(pairs[c].second)) = v;
      f(ix(pairs[c].second), ix(pairs[c].first)) = v;
    }
    return f;
  }
  Mat sigma(const Vec& t) const {
    const Mat l = lambda(t);
    Mat s = l * phi(t) * l.transpose();
    for (std::size_t i = 0; i < p; ++i) s(ix(i), ix(i)) += t(ix(p + i));
    return s;
  }
  static Eigen::Index ix(std::size_t i) { return static_cast<Eigen::Index>(i); }
};

constexpr double kInf = std::numeric_limits<double>::infinity();
// The gradient accepted as converged once rounding stops every descent.
constexpr double kFloorGradient = 1e-7;
constexpr double kFloorStep = 1e-7;

// F_ML + log|S| + p (the constant part left out); +inf where Sigma is not
// positive definite.
double discrepancy(const Model& model, const Mat& s, const Vec& t) {
  const Mat sig = model.sigma(t);
  Eigen::LLT<Mat> llt(sig);
  if (llt.info() != Eigen::Success) return kInf;
  const Mat l = llt.matrixL();
  double logdet = 0.0;
  for (Eigen::Index i = 0; i < l.rows(); ++i) {
    if (!(l(i, i) > 0.0)) return kInf;
    logdet += 2.0 * std::log(l(i, i));
  }
  const double f = logdet + llt.solve(s).trace();
  if (!std::isfinite(f)) return kInf;
  return f;
}

// dSigma/dtheta_a as a dense p x p matrix.
Mat dsigma(const Model& model, const Mat& lphi, const Mat& lam, std::size_t a) {
  const auto p = Model::ix(model.p);
  Mat d = Mat::Zero(p, p);
  if (a < model.p) {
    const auto i = Model::ix(a);
    const Vec col = lphi.col(Model::ix(model.factor[a]));
    d.row(i) += col.transpose();
    d.col(i) += col;
  } else if (a < 2 * model.p) {
    const auto i = Model::ix(a - model.p);
    d(i, i) = 1.0;
  } else {
    const auto& pr = model.pairs[a - 2 * model.p];
    const Vec f = lam.col(Model::ix(pr.first));
    const Vec g = lam.col(Model::ix(pr.second));
    d = f * g.transpose() + g * f.transpose();
  }
  return d;
}

struct Step {
  Vec gradient;
  Mat information;
};

Step gradient_and_information(const Model& model, const Mat& s, const Vec& t) {
  const Mat sig = model.sigma(t);
  const Mat w = sig.llt().solve(Mat::Identity(sig.rows(), sig.cols()));
  const Mat r = w - w * s * w;  // dF/dSigma (symmetric)
  const Mat lam = model.lambda(t);
  const Mat lphi = lam * model.phi(t);
  const std::size_t q = model.q();
  std::vector<Mat> a(q);
  Step out{Vec(Model::ix(q)), Mat(Model::ix(q), Model::ix(q))};
  for (std::size_t k = 0; k < q; ++k) {
    const Mat d = dsigma(model, lphi, lam, k);
    out.gradient(Model::ix(k)) = r.cwiseProduct(d).sum();
    a[k] = w * d;
  }
  for (std::size_t k = 0; k < q; ++k) {
    for (std::size_t l = 0; l <= k; ++l) {
      const double h = a[k].cwiseProduct(a[l].transpose()).sum();
      out.information(Model::ix(k), Model::ix(l)) = h;
      out.information(Model::ix(l), Model::ix(k)) = h;
    }
  }
  return out;
}

}  // namespace

double rmsea_ncp_limit(double x, double df, double p) noexcept {
  if (!(df > 0.0) || std::isnan(x)) return kMissing;
  if (!(x > 0.0)) return 0.0;
  // The central distribution already puts less than p below x: limit 0.
  if (distributions::cdf(distributions::ChiSquared{df}, x) < p) return 0.0;
  return distributions::ncp_for_chisq_cdf(df, x, p);
}

Outcome<CfaFit> cfa(const std::vector<std::vector<double>>& items, const std::vector<std::vector<std::size_t>>& factors,
                    const CfaOptions& options) {
  const std::size_t cols = items.empty() ? 0 : items[0].size();
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (items[i].size() != cols) return Fault::ragged(i, items[i].size(), cols);
  }
  CfaFit r;
  Model model;
  model.m = factors.size();
  std::vector<bool> used(cols, false);
  for (std::size_t f = 0; f < factors.size(); ++f) {
    const std::size_t need = factors.size() == 1 ? 3 : 2;
    if (factors[f].size() < need) return Fault::too_few(Counted::columns, factors[f].size(), need, f);
    for (std::size_t c : factors[f]) {
      if (c >= cols || used[c]) {
        Fault bad;
        bad.kind = FaultKind::bad_value;
        bad.column = c;
        bad.value = static_cast<double>(c);
        bad.index = c >= cols ? Fault::kNone : f;
        return bad;
      }
      used[c] = true;
      r.column.push_back(c);
      r.factor.push_back(f);
    }
  }
  if (factors.empty()) return Fault::too_few(Counted::columns, 0, 3, 0);
  const std::size_t p = r.column.size();
  if (p > kMaxFactorItems) return Fault::too_many(Counted::columns, p, kMaxFactorItems);
  model.p = p;
  model.factor = r.factor;
  for (std::size_t f = 0; f < model.m; ++f) {
    for (std::size_t g = f + 1; g < model.m; ++g) model.pairs.emplace_back(f, g);
  }
  const std::size_t moments = p * (p + 1) / 2;
  if (model.q() > moments) {
    Fault f = Fault::too_few(Counted::values, model.q(), moments);
    return f;
  }

  // Complete rows over the model's columns.
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < items.size(); ++i) {
    bool ok = true;
    for (std::size_t c : r.column) ok = ok && !is_missing(items[i][c]);
    if (ok) rows.push_back(i);
  }
  const std::size_t n = rows.size();
  r.n = static_cast<long>(n);
  r.k = static_cast<long>(p);
  r.m = static_cast<long>(model.m);
  r.n_excluded = static_cast<long>(items.size() - n);
  if (n <= p) return Fault::too_few(Counted::rows, n, p + 1);
  if (r.n_excluded > 0) r.notes.push_back({CfaNote::Kind::rows_excluded, items.size() - n});

  // Covariances with divisor N of the centred columns.
  const auto pi = Model::ix(p);
  Vec mean = Vec::Zero(pi);
  for (std::size_t i : rows) {
    for (std::size_t j = 0; j < p; ++j) mean(Model::ix(j)) += items[i][r.column[j]];
  }
  mean /= static_cast<double>(n);
  Mat s = Mat::Zero(pi, pi);
  Vec dev(pi);
  for (std::size_t i : rows) {
    for (std::size_t j = 0; j < p; ++j) dev(Model::ix(j)) = items[i][r.column[j]] - mean(Model::ix(j));
    s.selfadjointView<Eigen::Lower>().rankUpdate(dev);
  }
  s = s.selfadjointView<Eigen::Lower>();
  s /= static_cast<double>(n);
  for (std::size_t j = 0; j < p; ++j) {
    const double v = s(Model::ix(j), Model::ix(j));
    const double scale = std::fabs(mean(Model::ix(j))) + 1.0;
    if (!(v > 64.0 * std::numeric_limits<double>::epsilon() * scale * scale)) {
      Fault f;
      f.kind = FaultKind::all_zero;
      f.column = r.column[j];
      f.n = n;
      return f;
    }
  }
  Eigen::LLT<Mat> s_llt(s);
  double logdet_s = 0.0;
  {
    const Mat l = s_llt.matrixL();
    bool pd = s_llt.info() == Eigen::Success;
    double dmin = kInf, dmax = 0.0;
    for (Eigen::Index i = 0; pd && i < pi; ++i) {
      // relative to the item's own spread: a pivot near 0 is a dependent item
      const double rel = l(i, i) / std::sqrt(s(i, i));
      dmin = std::fmin(dmin, rel);
      dmax = std::fmax(dmax, rel);
      logdet_s += 2.0 * std::log(l(i, i));
    }
    if (!pd || !(dmin > 1e-7)) {
      Fault f;
      f.kind = FaultKind::zero_total;
      f.n = n;
      return f;
    }
  }

  // Start: residual variances half the variances, loadings the root of the
  // other half with the sign of the item's covariance with the factor's
  // first item, uncorrelated factors.
  Vec t = Vec::Zero(Model::ix(model.q()));
  for (std::size_t j = 0; j < p; ++j) {
    const auto jj = Model::ix(j);
    std::size_t first = j;
    while (first > 0 && r.factor[first - 1] == r.factor[j]) --first;
    const double sign = s(jj, Model::ix(first)) < 0.0 ? -1.0 : 1.0;
    t(jj) = sign * std::sqrt(0.5 * s(jj, jj));
    t(Model::ix(p + j)) = 0.5 * s(jj, jj);
  }

  double f = discrepancy(model, s, t);
  int it = 0;
  int stalls = 0;
  double last_step = kInf;
  bool converged = false;
  double gmax = kInf;
  for (; it <= options.max_iterations; ++it) {
    const Step st = gradient_and_information(model, s, t);
    gmax = st.gradient.cwiseAbs().maxCoeff();
    if (gmax <= options.gradient_tolerance) {
      converged = true;
      break;
    }
    if (it == options.max_iterations) break;
    Eigen::LDLT<Mat> ldlt(st.information);
    Vec d = ldlt.solve(st.gradient);
    if (ldlt.info() != Eigen::Success || !d.allFinite()) d = st.gradient;
    // The scoring step relative to the parameters: a scale-free measure of
    // the distance to the minimum where rounding bounds the gradient (a
    // nearly singular S makes W = Sigma^-1 large and the gradient noisy).
    double rel_step = 0.0;
    for (Eigen::Index a = 0; a < d.size(); ++a)
      rel_step = std::fmax(rel_step, std::fabs(d(a)) / (1.0 + std::fabs(t(a))));
    last_step = rel_step;
    if (rel_step <= options.step_tolerance) {
      converged = true;
      break;
    }
    double step = 1.0;
    bool moved = false;
    for (int h = 0; h < 60; ++h, step *= 0.5) {
      const Vec tn = t - step * d;
      const double fn = discrepancy(model, s, tn);
      // Near the minimum F changes by less than its rounding: the full
      // scoring step is taken while F stays within that rounding, so that
      // the gradient can still fall (stalls counts these steps).
      const bool within_rounding = h == 0 && fn <= f + 8.0 * std::numeric_limits<double>::epsilon() * std::fabs(f);
      if (fn < f || within_rounding) {
        stalls = fn < f ? 0 : stalls + 1;
        t = tn;
        f = std::fmin(f, fn);
        moved = true;
        break;
      }
    }
    if (!moved || stalls > 5) {
      // No step lowers F: the rounding floor. Converged when the gradient
      // there is small (lavaan's optimiser stops near 1e-6).
      converged = gmax <= kFloorGradient || last_step <= kFloorStep;
      break;
    }
  }
  r.converged = converged;
  r.iterations = it;
  r.max_gradient = gmax;
  r.fmin = f - logdet_s - static_cast<double>(p);

  // Orientation: each factor's first item loads positively.
  for (std::size_t fct = 0; fct < model.m; ++fct) {
    std::size_t first = 0;
    while (r.factor[first] != fct) ++first;
    if (t(Model::ix(first)) < 0.0) {
      for (std::size_t j = 0; j < p; ++j) {
        if (r.factor[j] == fct) t(Model::ix(j)) = -t(Model::ix(j));
      }
      for (std::size_t c = 0; c < model.pairs.size(); ++c) {
        if (model.pairs[c].first == fct || model.pairs[c].second == fct) {
          t(Model::ix(2 * p + c)) = -t(Model::ix(2 * p + c));
        }
      }
    }
  }
  const Mat sig = model.sigma(t);
  const Mat phi = model.phi(t);
  std::vector<std::size_t> negative;
  for (std::size_t j = 0; j < p; ++j) {
    const auto jj = Model::ix(j);
    r.loadings.push_back(t(jj));
    r.residual_variances.push_back(t(Model::ix(p + j)));
    r.std_loadings.push_back(t(jj) / std::sqrt(sig(jj, jj)));
    if (t(Model::ix(p + j)) < 0.0) negative.push_back(j);
  }
  for (std::size_t a = 0; a < model.m; ++a) {
    for (std::size_t b = 0; b < model.m; ++b) r.factor_correlations.push_back(phi(Model::ix(a), Model::ix(b)));
  }
  if (!negative.empty()) r.notes.push_back({CfaNote::Kind::negative_variance, negative.size(), negative});

  // Fit.
  const double nn = static_cast<double>(n);
  r.df = static_cast<double>(moments - model.q());
  r.baseline_df = static_cast<double>(p) * static_cast<double>(p - 1) / 2.0;
  double logdiag = 0.0;
  for (Eigen::Index j = 0; j < pi; ++j) logdiag += std::log(s(j, j));
  r.baseline_chisq = nn * (logdiag - logdet_s);
  r.chisq = r.p = r.cfi = r.tli = r.rmsea = r.rmsea_ci_low = r.rmsea_ci_high = r.srmr = kMissing;
  if (!converged) {
    r.notes.push_back({CfaNote::Kind::not_converged, static_cast<std::size_t>(it)});
    return r;
  }
  const double x2 = nn * std::fmax(r.fmin, 0.0);
  r.chisq = x2;
  const double df = r.df;
  const double x2b = r.baseline_chisq, dfb = r.baseline_df;
  r.p = df > 0.0 ? distributions::sf(distributions::ChiSquared{df}, x2) : kMissing;
  {
    const double t1 = std::fmax(x2 - df, 0.0);
    const double t2 = std::fmax(std::fmax(x2 - df, x2b - dfb), 0.0);
    r.cfi = (t1 == 0.0 && t2 == 0.0) ? 1.0 : std::fmin(1.0, std::fmax(0.0, 1.0 - t1 / t2));
  }
  r.tli = df > 0.0 ? ((x2b / dfb) - (x2 / df)) / ((x2b / dfb) - 1.0) : 1.0;
  if (df > 0.0) {
    r.rmsea = std::sqrt(std::fmax(x2 - df, 0.0) / (df * nn));
    const double lo = rmsea_ncp_limit(x2, df, 0.95);
    const double hi = rmsea_ncp_limit(x2, df, 0.05);
    r.rmsea_ci_low = std::sqrt(lo / (nn * df));
    r.rmsea_ci_high = std::sqrt(hi / (nn * df));
  } else {
    r.rmsea = r.rmsea_ci_low = r.rmsea_ci_high = 0.0;  // lavaan's values at df = 0
  }
  double ss = 0.0;
  for (Eigen::Index a = 0; a < pi; ++a) {
    for (Eigen::Index b = 0; b < a; ++b) {
      const double d = s(a, b) / std::sqrt(s(a, a) * s(b, b)) - sig(a, b) / std::sqrt(sig(a, a) * sig(b, b));
      ss += d * d;
    }
  }
  r.srmr = std::sqrt(ss / static_cast<double>(moments));
  return r;
}

Outcome<OmegaFit> omega(const std::vector<std::vector<double>>& items, const CfaOptions& options) {
  const std::size_t cols = items.empty() ? 0 : items[0].size();
  std::vector<std::vector<std::size_t>> one(1);
  for (std::size_t j = 0; j < cols; ++j) one[0].push_back(j);
  auto fit = cfa(items, one, options);
  if (!fit) return fit.fault();
  OmegaFit o;
  o.model = std::move(fit).value();
  double sl = 0.0, st = 0.0;
  for (std::size_t j = 0; j < o.model.loadings.size(); ++j) {
    sl += o.model.loadings[j];
    st += o.model.residual_variances[j];
  }
  o.omega_total = o.model.converged ? sl * sl / (sl * sl + st) : kMissing;
  return o;
}

}  // namespace assess::reliability
