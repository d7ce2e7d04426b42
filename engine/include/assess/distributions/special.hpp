// Special functions under the distributions: log-gamma, log-beta and the
// regularized incomplete beta and gamma functions, each with its complement
// computed directly (never 1 - x) so that tails down to 1e-300 keep their
// relative accuracy. Reproduces R's lgamma, lbeta, pbeta and pgamma.
#pragma once

namespace assess::distributions {

double log_gamma(double x) noexcept;           // log|Gamma(x)|, x > 0
double log_beta(double a, double b) noexcept;  // log B(a, b), a, b > 0

// Regularized incomplete beta I_x(a, b) and its complement 1 - I_x(a, b).
double ibeta(double a, double b, double x) noexcept;
double ibetac(double a, double b, double x) noexcept;

// Regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P(a, x).
double gamma_p(double a, double x) noexcept;
double gamma_q(double a, double x) noexcept;

}  // namespace assess::distributions
