// Confirmatory factor analysis by maximum likelihood, as lavaan's
// cfa(model, std.lv = TRUE, estimator = "ML", likelihood = "normal"): every
// item loads on one factor, the factors have variance 1 and free
// correlations, the residual variances are free and unbounded (a negative
// one is reported as it is). The sample covariance matrix S of the complete
// rows has divisor N; the model Sigma = Lambda Phi Lambda' + Theta is fitted
// by minimising F = log|Sigma| + tr(S Sigma^-1) - log|S| - p with Fisher
// scoring (the expected information 1/2 Delta'(W x W)Delta, W = Sigma^-1)
// and a step-halving line search. Converged when the largest absolute
// gradient of F falls to gradient_tolerance (1e-10 by default; lavaan stops
// near 1e-6) or the scoring step H^-1 g changes no parameter by more than
// step_tolerance (1e-10, relative to 1 + |theta|), or when no step lowers F
// any more (the floor set by rounding) while the gradient is below 1e-7 or
// the step below 1e-7. Each factor is then oriented so that its
// first item's loading is positive (its correlations follow).
//
// omega() is the one-factor model of all items with McDonald's omega_total
// = (sum lambda)^2 / ((sum lambda)^2 + sum theta), the unstandardised
// estimates (the model-implied variance of the sum in the denominator).
#pragma once

#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::reliability {

struct CfaOptions {
  int max_iterations = 500;
  double gradient_tolerance = 1e-10;
  double step_tolerance = 1e-10;  // the scoring step, max |d_a| / (1 + |theta_a|)
};

struct CfaNote {
  enum class Kind {
    rows_excluded,      // n rows with a missing value (in a model column) were left out
    negative_variance,  // `items` (positions in the model's item order) have a negative residual variance
    not_converged,      // no convergence within the iteration limit: fit indices NaN
  };
  Kind kind;
  std::size_t n = 0;
  std::vector<std::size_t> items = {};
};

// The most items a factor model is fitted for (the information matrix grows
// with the square of the parameters).
inline constexpr std::size_t kMaxFactorItems = 100;

struct CfaFit {
  long n = 0;           // complete rows used
  long k = 0;           // items in the model
  long n_excluded = 0;  // rows dropped for a missing value
  long m = 0;           // factors
  bool converged = false;
  int iterations = 0;
  double fmin = 0.0;          // F_ML at the solution
  double max_gradient = 0.0;  // largest |dF/dtheta| at the solution
  // Per item, in model order (factor by factor, items in the order given).
  std::vector<std::size_t> column;          // the item's column in the data
  std::vector<std::size_t> factor;          // its factor
  std::vector<double> loadings;             // lambda (unstandardised)
  std::vector<double> residual_variances;   // theta
  std::vector<double> std_loadings;         // lambda / sqrt(model-implied variance) (lavaan std.all)
  std::vector<double> factor_correlations;  // m x m row-major, 1 on the diagonal
  // Fit (NaN when not converged; p NaN when df = 0).
  double df = 0.0;
  double chisq, p, cfi, tli, rmsea, rmsea_ci_low, rmsea_ci_high, srmr;
  double baseline_chisq, baseline_df;
  std::vector<CfaNote> notes;
};

// items[i][j]: respondent i, column j (rectangular; NaN = missing).
// factors[f]: the columns of factor f. Faults: ragged; bad_value with
// `column` = the column when a model column is out of range (value = the
// column) or used twice (index = the factor); too_few columns with index =
// the factor (a factor with < 2 items, or a single factor with < 3);
// too_many columns (more than kMaxFactorItems items); too_few rows (n <= k,
// limit k + 1); all_zero with column = the item's column (an item without
// variance); zero_total (S not positive definite: items linearly dependent);
// too_few values (df < 0: n = the parameters, limit = the moments).
Outcome<CfaFit> cfa(const std::vector<std::vector<double>>& items, const std::vector<std::vector<std::size_t>>& factors,
                    const CfaOptions& options = {});

struct OmegaFit {
  CfaFit model;              // the one-factor fit
  double omega_total = 0.0;  // NaN when the fit did not converge
};

// All columns as one factor (k >= 3).
Outcome<OmegaFit> omega(const std::vector<std::vector<double>>& items, const CfaOptions& options = {});

// The noncentrality limits of lavaan's RMSEA interval: lambda with
// P(chisq_df(lambda) <= x) = 0.95 (low) and 0.05 (high); 0 where the
// central distribution already lies beyond. Exposed for tests.
double rmsea_ncp_limit(double x, double df, double p) noexcept;

}  // namespace assess::reliability
