// Identities of the distributions that need no reference file: quantiles
// invert the tails, tails add to one, symmetry, limits and special cases
// with closed forms, and the noncentral t against the central one.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "assess/distributions/distributions.hpp"
#include "assess/distributions/special.hpp"

using namespace assess::distributions;

namespace {

const std::vector<double> kProbs = {1e-300, 1e-200, 1e-100, 1e-30, 1e-10, 1e-4, 0.005, 0.025,
                                    0.1,    0.3,    0.45,   0.5,   0.55,  0.8,  0.975, 0.995};

void expect_rel(double expected, double actual, double rel, const char* what) {
  double diff = std::fabs(actual - expected);
  EXPECT_TRUE(diff <= rel * std::fabs(expected)) << what << ": expected " << expected << ", got " << actual
                                                 << " (relative error " << diff / std::fabs(expected) << ")";
}

// cdf(quantile(p)) == p up to the rounding of the quantile itself, which the
// tail amplifies by its condition number |x pdf(x) / p|.
template <class D>
void check_round_trips(const D& d, double rel, const char* name) {
  const double eps = std::numeric_limits<double>::epsilon();
  for (double p : kProbs) {
    double x = quantile(d, p);
    if (std::isfinite(x) && x != 0.0) {
      double cond = std::fabs(x * pdf(d, x) / p);
      expect_rel(p, cdf(d, x), rel + 2 * eps * cond, name);
    }
    double y = quantile_sf(d, p);
    if (std::isfinite(y) && y != 0.0) {
      double cond = std::fabs(y * pdf(d, y) / p);
      expect_rel(p, sf(d, y), rel + 2 * eps * cond, name);
    }
  }
}

}  // namespace

TEST(DistIdentity, QuantileInvertsCdfAndSf) {
  check_round_trips(Normal{}, 1e-13, "normal");
  check_round_trips(Normal{-2.0, 0.5}, 1e-13, "normal(-2, 0.5)");
  for (double df : {0.7, 1.0, 2.0, 2.5, 3.0, 10.0, 29.7, 100.0, 1e4, 1e6, 1e9}) {
    check_round_trips(StudentT{df}, 1e-12, "t");
  }
  for (double df : {0.5, 1.0, 2.0, 3.7, 10.0, 100.0, 1e3, 1e5}) check_round_trips(ChiSquared{df}, 1e-12, "chisq");
  for (auto dd : std::vector<std::pair<double, double>>{
           {1, 1}, {2, 10}, {3, 29.7}, {10, 1e4}, {100, 100}, {0.5, 0.7}, {1e3, 1e5}}) {
    check_round_trips(FisherF{dd.first, dd.second}, 1e-12, "F");
  }
}

TEST(DistIdentity, TailsAddToOne) {
  for (double x : {-3.0, -1.0, -0.2, 0.0, 0.4, 1.7, 3.5}) {
    EXPECT_NEAR(1.0, cdf(Normal{}, x) + sf(Normal{}, x), 4e-16);
    for (double df : {1.0, 2.5, 10.0, 1e5}) EXPECT_NEAR(1.0, cdf(StudentT{df}, x) + sf(StudentT{df}, x), 4e-16);
    double ax = std::fabs(x) + 0.1;
    for (double df : {0.5, 3.0, 50.0}) EXPECT_NEAR(1.0, cdf(ChiSquared{df}, ax) + sf(ChiSquared{df}, ax), 4e-16);
    EXPECT_NEAR(1.0, cdf(FisherF{3, 7}, ax) + sf(FisherF{3, 7}, ax), 4e-16);
    for (double ncp : {-3.0, 0.0, 1.5, 40.0}) {
      NoncentralT d{12.0, ncp};
      EXPECT_NEAR(1.0, cdf(d, x * 10) + sf(d, x * 10), 4e-15);
    }
  }
}

TEST(DistIdentity, Symmetry) {
  for (double x : {1e-9, 0.3, 2.0, 9.0, 37.0}) {
    EXPECT_EQ(cdf(Normal{}, -x), sf(Normal{}, x));
    for (double df : {1.0, 3.0, 29.7}) {
      EXPECT_EQ(cdf(StudentT{df}, -x), sf(StudentT{df}, x));
      EXPECT_EQ(pdf(StudentT{df}, -x), pdf(StudentT{df}, x));
      EXPECT_EQ(quantile(StudentT{df}, 0.1), -quantile_sf(StudentT{df}, 0.1));
    }
    // T(ncp) = -T(-ncp)
    expect_rel(cdf(NoncentralT{8.0, 2.5}, -x), sf(NoncentralT{8.0, -2.5}, x), 1e-13, "nct reflection");
  }
  EXPECT_EQ(quantile(Normal{}, 0.5), 0.0);
  EXPECT_EQ(quantile(StudentT{4.2}, 0.5), 0.0);
}

TEST(DistIdentity, HugeDfTIsNormal) {
  for (double x : {-5.0, -1.0, 0.5, 2.0, 8.0}) {
    // the difference to the normal is phi(x) (x^3 + x) / (4 df) to first order
    double corr = pdf(Normal{}, x) * (x * x * x + x) / 4.0;
    EXPECT_NEAR(sf(Normal{}, x) + corr / 1e9, sf(StudentT{1e9}, x), 1e-16 + 1e-9 * sf(Normal{}, x));
    expect_rel(sf(Normal{}, x) + corr / 1e15, sf(StudentT{1e15}, x), 1e-13, "t(1e15) vs normal");
    expect_rel(pdf(Normal{}, x), pdf(StudentT{1e15}, x), 1e-12, "t(1e15) pdf vs normal");
  }
  expect_rel(quantile(Normal{}, 0.025), quantile(StudentT{1e15}, 0.025), 1e-12, "t(1e15) quantile");
  EXPECT_EQ(cdf(StudentT{std::numeric_limits<double>::infinity()}, 1.3), cdf(Normal{}, 1.3));
}

TEST(DistIdentity, ClosedForms) {
  for (double x : {1e-8, 0.01, 0.5, 2.0, 10.0, 100.0, 1000.0}) {
    // chi-square(2) is exponential with mean 2
    expect_rel(-std::expm1(-x / 2), cdf(ChiSquared{2.0}, x), 1e-14, "chisq(2) cdf");
    expect_rel(std::exp(-x / 2), sf(ChiSquared{2.0}, x), 1e-13, "chisq(2) sf");
    // t(1) is Cauchy
    expect_rel(std::atan(1.0 / x) / M_PI, sf(StudentT{1.0}, x), 1e-14, "cauchy sf");
    // chi-square(1) is a squared normal
    expect_rel(2.0 * sf(Normal{}, std::sqrt(x)), sf(ChiSquared{1.0}, x), 1e-13, "chisq(1) vs normal");
  }
  // F(1, df) is t^2
  for (double df : {1.0, 4.5, 30.0, 1e4}) {
    for (double t : {0.1, 1.0, 2.5, 7.0, 60.0}) {
      expect_rel(2.0 * sf(StudentT{df}, t), sf(FisherF{1.0, df}, t * t), 1e-13, "F(1, df) = t^2");
    }
    expect_rel(quantile_sf(StudentT{df}, 0.025), std::sqrt(quantile_sf(FisherF{1.0, df}, 0.05)), 1e-12,
               "F quantile vs t quantile");
  }
  EXPECT_NEAR(quantile_sf(StudentT{1.0}, 1e-300), 1.0 / (M_PI * 1e-300), 1e-15 * 1.0 / (M_PI * 1e-300));
}

TEST(DistIdentity, SpecialFunctions) {
  EXPECT_NEAR(log_gamma(0.5), 0.5 * std::log(M_PI), 2e-16);
  EXPECT_EQ(log_gamma(1.0), 0.0);
  EXPECT_EQ(log_gamma(2.0), 0.0);
  // relative accuracy next to the zeros: log Gamma(1 + e) ~ -euler e
  const double x1 = 1.0 + 1e-9, e1 = x1 - 1.0;  // e1 exact
  expect_rel(-0.57721566490153286 * e1 + 0.82246703342411322 * e1 * e1, log_gamma(x1), 1e-14, "lgamma near 1");
  expect_rel(std::log(0.5 * std::sqrt(M_PI)), log_gamma(1.5), 4e-15, "lgamma(1.5)");
  expect_rel(std::log(1e-300), -log_gamma(1e-300), 1e-15, "lgamma(tiny)");
  EXPECT_NEAR(log_gamma(10.0), std::log(362880.0), 1e-14);
  expect_rel(std::lgamma(1234.5), log_gamma(1234.5), 1e-15, "lgamma");
  EXPECT_NEAR(log_beta(2.0, 3.0), std::log(1.0 / 12.0), 1e-15);
  // B(a, 8) = 7! / (a (a+1) ... (a+7)), no cancellation of large log-gammas
  double lb = std::log(5040.0);
  for (int i = 0; i < 8; ++i) lb -= std::log(3e5 + i);
  expect_rel(lb, log_beta(3e5, 8.0), 1e-14, "lbeta(3e5, 8)");
  lb = std::log(5040.0);
  for (int i = 0; i < 8; ++i) lb -= std::log(12.5 + i);
  expect_rel(lb, log_beta(12.5, 8.0), 1e-14, "lbeta(12.5, 8)");
  // I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b
  for (double x : {1e-5, 0.2, 0.7, 0.999}) {
    expect_rel(std::pow(x, 3.5), ibeta(3.5, 1.0, x), 1e-14, "I_x(a,1)");
    expect_rel(std::pow(1 - x, 2.5), ibetac(1.0, 2.5, x), 1e-13, "I_x(1,b)");
    EXPECT_NEAR(1.0, ibeta(4.0, 9.0, x) + ibetac(4.0, 9.0, x), 4e-16);
  }
  // small shape: Q(a, x) for a -> 0 is about a E1(x); from the expm1 form, not 1 - P
  expect_rel(0.2193839343955203 * 1e-8, gamma_q(1e-8, 1.0), 1e-7, "Q(1e-8, 1) ~ a E1(1)");
  // P(1, x) = 1 - e^-x
  for (double x : {1e-6, 0.5, 3.0, 40.0}) {
    expect_rel(-std::expm1(-x), gamma_p(1.0, x), 1e-14, "P(1,x)");
    expect_rel(std::exp(-x), gamma_q(1.0, x), 1e-13, "Q(1,x)");
  }
  EXPECT_TRUE(std::isnan(ibeta(-1.0, 2.0, 0.5)));
  EXPECT_TRUE(std::isnan(gamma_p(2.0, -1.0)));
  EXPECT_TRUE(std::isnan(log_gamma(-1.0)));
}

TEST(DistIdentity, DomainErrorsAreNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(cdf(StudentT{0.0}, 1.0)));
  EXPECT_TRUE(std::isnan(cdf(StudentT{-2.0}, 1.0)));
  EXPECT_TRUE(std::isnan(sf(ChiSquared{nan}, 1.0)));
  EXPECT_TRUE(std::isnan(quantile(Normal{0, 1}, 1.5)));
  EXPECT_TRUE(std::isnan(quantile(Normal{0, 0}, 0.5)));
  EXPECT_TRUE(std::isnan(quantile_sf(FisherF{1, -1}, 0.5)));
  EXPECT_TRUE(std::isnan(cdf(NoncentralT{3, nan}, 1.0)));
  EXPECT_TRUE(std::isnan(ncp_for_cdf(0.0, 1.0, 0.5)));
  EXPECT_TRUE(std::isnan(ncp_for_cdf(5.0, 1.0, -0.5)));
  EXPECT_TRUE(std::isnan(cdf(Normal{}, nan)));
}

TEST(DistIdentity, NoncentralWithZeroNcpIsCentral) {
  for (double df : {1.0, 3.3, 30.0, 1e4}) {
    for (double x : {-40.0, -2.0, -0.3, 0.0, 0.7, 2.5, 40.0}) {
      expect_rel(cdf(StudentT{df}, x), cdf(NoncentralT{df, 0.0}, x), 1e-14, "nct ncp 0 cdf");
      expect_rel(sf(StudentT{df}, x), sf(NoncentralT{df, 0.0}, x), 1e-14, "nct ncp 0 sf");
    }
  }
}

TEST(DistIdentity, NoncentralMonotoneInNcp) {
  for (double df : {2.0, 15.0, 300.0}) {
    for (double t : {-3.0, 0.5, 4.0, 60.0}) {
      double prev = 2.0;
      for (double ncp = -10.0; ncp <= 80.0; ncp += 0.5) {
        double c = cdf(NoncentralT{df, ncp}, t);
        EXPECT_LE(c, prev * (1 + 1e-12) + 1e-300) << "df " << df << " t " << t << " ncp " << ncp;
        prev = c;
      }
    }
  }
}

TEST(DistIdentity, NcpForCdfRoundTrip) {
  for (double df : {1.0, 4.0, 19.0, 120.0, 1e5}) {
    for (double t : {-50.0, -6.0, -0.5, 0.0, 0.3, 2.1, 9.0, 50.0}) {
      for (double p : {0.005, 0.025, 0.5, 0.975, 0.995}) {
        double ncp = ncp_for_cdf(df, t, p);
        ASSERT_TRUE(std::isfinite(ncp)) << df << " " << t << " " << p;
        double c = cdf(NoncentralT{df, ncp}, t);
        EXPECT_NEAR(p, c, 1e-12 * std::fmin(p, 1 - p) + 1e-15) << "df " << df << " t " << t << " p " << p;
      }
    }
  }
}
