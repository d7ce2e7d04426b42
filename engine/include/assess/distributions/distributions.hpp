// The probability distributions of the engine as small value types with free
// functions, Boost.Math style: pdf(d, x), cdf(d, x), sf(d, x) (upper tail,
// computed directly), quantile(d, p) and quantile_sf(d, q) (upper-tail
// quantile). Kernels: noexcept, NaN for arguments outside the domain.
// Reproduce R's dnorm/pnorm/qnorm, dt/pt/qt, pchisq/qchisq, pf/qf; the
// noncentral t is exact for every ncp (R's pt switches to an approximation
// above ncp = 37.62).
#pragma once

namespace assess::distributions {

struct Normal {
  double mean = 0.0;
  double sd = 1.0;
};
struct StudentT {
  double df;
};
struct NoncentralT {
  double df;
  double ncp;
};
struct ChiSquared {
  double df;
};
// The noncentral chi-square (the RMSEA interval of a factor model).
struct NoncentralChiSquared {
  double df;
  double ncp;
};
struct FisherF {
  double df1;
  double df2;
};

double pdf(const Normal& d, double x) noexcept;
double cdf(const Normal& d, double x) noexcept;
double sf(const Normal& d, double x) noexcept;
double quantile(const Normal& d, double p) noexcept;
double quantile_sf(const Normal& d, double q) noexcept;

double pdf(const StudentT& d, double x) noexcept;
double cdf(const StudentT& d, double x) noexcept;
double sf(const StudentT& d, double x) noexcept;
double quantile(const StudentT& d, double p) noexcept;
double quantile_sf(const StudentT& d, double q) noexcept;

double cdf(const NoncentralT& d, double x) noexcept;
double sf(const NoncentralT& d, double x) noexcept;

// The noncentrality ncp with cdf(NoncentralT{df, ncp}, t) == p. cdf decreases
// in ncp, so the root is unique; used to invert an observed t into
// confidence limits for a standardized effect (d_z, Cohen's d).
double ncp_for_cdf(double df, double t, double p) noexcept;

double pdf(const ChiSquared& d, double x) noexcept;
double cdf(const ChiSquared& d, double x) noexcept;
double sf(const ChiSquared& d, double x) noexcept;
double quantile(const ChiSquared& d, double p) noexcept;
double quantile_sf(const ChiSquared& d, double q) noexcept;

// The Poisson mixture of central chi-squares, summed outward from the
// Poisson mode to full double precision (R's pnchisq is about 1e-12 absolute).
double cdf(const NoncentralChiSquared& d, double x) noexcept;
double sf(const NoncentralChiSquared& d, double x) noexcept;

// The noncentrality ncp >= 0 with cdf(NoncentralChiSquared{df, ncp}, x) == p
// (cdf decreases in ncp, so the root is unique); NaN when even ncp = 0 gives
// a cdf below p.
double ncp_for_chisq_cdf(double df, double x, double p) noexcept;

double pdf(const FisherF& d, double x) noexcept;
double cdf(const FisherF& d, double x) noexcept;
double sf(const FisherF& d, double x) noexcept;
double quantile(const FisherF& d, double p) noexcept;
double quantile_sf(const FisherF& d, double q) noexcept;

}  // namespace assess::distributions
