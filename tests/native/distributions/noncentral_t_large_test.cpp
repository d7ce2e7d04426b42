// The noncentral t at large ncp and |t|: what the R references
// (fixtures/reference/noncentral_t_large.json) cannot express. The two
// methods (series and quadrature) against each other where both apply,
// identities at ncp and t up to 1e15, bounded time (generous bounds: a
// regression from the bounded-cost quadrature back to the O(ncp) series
// would take seconds to minutes), and paired_t / independent_t on nearly
// constant differences (t ~ 1e8 and beyond) answering fast with a sane
// interval.
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/distributions/distributions.hpp"
#include "distributions/detail.hpp"

using namespace assess::distributions;
using assess::Json;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

Json ask(const Json& request) { return Json::parse(assess::api::call(request.dump())); }

double rel_diff(double a, double b) { return std::fabs(a - b) / std::fmax(std::fabs(a), std::fabs(b)); }

// Points across the distribution of T: ncp / s at quantiles s of S (T is
// about ncp / S when ncp is large) and ncp + q * sd (T is about normal when
// df is large).
std::vector<double> spread_points(double df, double ncp) {
  std::vector<double> ts;
  const double sd = std::sqrt(1.0 + ncp * ncp / (2.0 * df));
  for (double q : {-12.0, -3.0, -1.0, 0.0, 1.0, 3.0, 12.0}) ts.push_back(ncp + q * sd);
  const ChiSquared chi{df};
  for (double p : {1e-6, 0.025, 0.5}) {
    ts.push_back(ncp / std::sqrt(quantile(chi, p) / df));
    ts.push_back(ncp / std::sqrt(quantile_sf(chi, p) / df));
  }
  return ts;
}

TEST(NoncentralLarge, SeriesAndQuadratureAgree) {
  // Independent methods (Poisson-beta series, cost O(ncp); quadrature over
  // the chi variable, bounded cost) on the range where the engine switches
  // between them (ncp = 40) and below.
  for (double df : {1.0, 3.0, 30.0, 1e3, 1e6}) {
    for (double ncp : {0.5, 3.0, 12.0, 39.0, 40.0}) {
      for (double t : spread_points(df, ncp)) {
        if (!(t > 0.0)) continue;
        detail::NctTails s = detail::nct_series_tails(df, t, ncp);
        double ql = std::exp(detail::nct_mixture_tail(df, t, ncp, false, false).log_p);
        double qu = std::exp(detail::nct_mixture_tail(df, t, ncp, true, false).log_p);
        if (s.lower > 1e-280) {
          EXPECT_LT(rel_diff(s.lower, ql), 2e-12) << df << " " << t << " " << ncp;
        }
        if (s.upper > 1e-280) {
          EXPECT_LT(rel_diff(s.upper, qu), 2e-12) << df << " " << t << " " << ncp;
        }
      }
    }
  }
}

TEST(NoncentralLarge, TailsAddToOneAndAreMonotone) {
  for (double df : {1.0, 5.0, 30.0, 1e3, 1e5, 1e9}) {
    for (double ncp : {1e3, 1e6, 1e9, 1e15}) {
      double prev = -1.0;
      std::vector<double> ts = spread_points(df, ncp);
      std::sort(ts.begin(), ts.end());
      for (double t : ts) {
        NoncentralT d{df, ncp};
        double c = cdf(d, t), s = sf(d, t);
        ASSERT_TRUE(c >= 0.0 && c <= 1.0 && s >= 0.0 && s <= 1.0) << df << " " << ncp << " " << t;
        EXPECT_NEAR(c + s, 1.0, 1e-14) << df << " " << ncp << " " << t;
        EXPECT_GE(c, prev * (1.0 - 1e-12)) << "cdf rises in t: df " << df << " ncp " << ncp << " t " << t;
        prev = c;
        // reflection T(ncp) = -T(-ncp)
        EXPECT_EQ(cdf(NoncentralT{df, -ncp}, -t), s);
        // falls in ncp
        EXPECT_LE(cdf(NoncentralT{df, ncp * (1.0 + 1e-6)}, t), c * (1.0 + 1e-12) + 1e-300)
            << df << " " << ncp << " " << t;
      }
    }
  }
}

TEST(NoncentralLarge, HugeDfIsNormal) {
  // df = 1e15: S = 1 + O(2e-8), so T = (Z + ncp) / S is normal(ncp, 1) to
  // about ncp * 2e-8 in t.
  for (double ncp : {-3.0, 0.5, 50.0}) {
    for (double x : {-4.0, -1.0, 0.0, 0.7, 2.5}) {
      NoncentralT d{1e15, ncp};
      EXPECT_LT(rel_diff(cdf(d, ncp + x), cdf(Normal{}, x)), 1e-6) << ncp << " " << x;
      EXPECT_LT(rel_diff(sf(d, ncp + x), sf(Normal{}, x)), 1e-6) << ncp << " " << x;
    }
  }
}

TEST(NoncentralLarge, BoundedTime) {
  // Every df in [1, 1e9], |ncp| and |t| up to 1e15: a few hundred erfc
  // evaluations per tail (~50 us natively). The bounds are generous (the
  // machine may be loaded; wasm is slower); the O(ncp) series took 0.5 s
  // for one cdf at ncp = 1e6 and ncp_for_cdf over 60 s at t = 7.6e6.
  double worst = 0.0;
  const auto t0 = Clock::now();
  int calls = 0;
  for (double df : {1.0, 2.5, 30.0, 1e3, 1e5, 1e9}) {
    for (double ncp : {-1e15, -1e6, -500.0, 45.0, 1e4, 1e6, 1e10, 1e15}) {
      for (double t : spread_points(df, std::fabs(ncp))) {
        const auto c0 = Clock::now();
        double v = cdf(NoncentralT{df, ncp}, t) + sf(NoncentralT{df, ncp}, t);
        worst = std::fmax(worst, seconds_since(c0));
        EXPECT_NEAR(v, 1.0, 1e-13) << df << " " << ncp << " " << t;
        calls += 2;
      }
    }
  }
  EXPECT_LT(worst, 0.05) << "slowest pair of tails";
  EXPECT_LT(seconds_since(t0), 2.0) << calls << " tails";
}

TEST(NoncentralLarge, NcpForCdfAtHugeT) {
  // The root is bracketed tightly: the tail on either side of
  // ncp (1 +- 1e-9) lies on either side of p. Bounded time as above.
  double worst = 0.0;
  const auto t0 = Clock::now();
  for (double df : {1.0, 5.0, 39.0, 1e3, 1e5, 1e9}) {
    for (double t : {-1e15, -7.6e6, 7.6e4, 7.6e6, 1e8, 1e12, 1e15}) {
      for (double p : {1e-10, 0.005, 0.025, 0.975, 0.995}) {
        const auto c0 = Clock::now();
        double ncp = ncp_for_cdf(df, t, p);
        worst = std::fmax(worst, seconds_since(c0));
        ASSERT_TRUE(std::isfinite(ncp)) << df << " " << t << " " << p;
        const double delta = 1e-9 * std::fabs(ncp);
        if (p < 0.5) {
          EXPECT_GE(cdf(NoncentralT{df, ncp - delta}, t), p) << df << " " << t << " " << p;
          EXPECT_LE(cdf(NoncentralT{df, ncp + delta}, t), p) << df << " " << t << " " << p;
        } else {
          EXPECT_LE(sf(NoncentralT{df, ncp - delta}, t), 1.0 - p) << df << " " << t << " " << p;
          EXPECT_GE(sf(NoncentralT{df, ncp + delta}, t), 1.0 - p) << df << " " << t << " " << p;
        }
      }
      // limits ordered: the lower limit (p = 0.975) below the upper (0.025)
      EXPECT_LT(ncp_for_cdf(df, t, 0.975), ncp_for_cdf(df, t, 0.025)) << df << " " << t;
    }
  }
  EXPECT_LT(worst, 0.1) << "slowest ncp_for_cdf";
  EXPECT_LT(seconds_since(t0), 10.0);
}

TEST(NoncentralLarge, AbsurdArgumentsStayProbabilities) {
  // Far outside any study (df 0.01 ... 1e12, |ncp| to 1e15, |t| to 1e300):
  // both tails in [0, 1] adding to 1, and a finite ncp_for_cdf. These
  // ranges once exposed cancellation in z far from the centre, a peak
  // search fooled by a cliff narrower than the resolution of x, and a
  // convergence test fooled by one lucky level.
  std::mt19937_64 gen(20261123);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto log_uniform = [&](double lo, double hi) { return std::exp(std::log(lo) + u(gen) * std::log(hi / lo)); };
  auto sign = [&] { return u(gen) < 0.5 ? -1.0 : 1.0; };
  for (int i = 0; i < 1500; ++i) {
    const double df = log_uniform(1e-2, 1e12), ncp = sign() * log_uniform(1e-3, 1e15);
    const double t = sign() * (u(gen) < 0.5 ? log_uniform(1e-5, 1e300) : std::fabs(ncp) * log_uniform(0.1, 10.0));
    const double c = cdf(NoncentralT{df, ncp}, t), s = sf(NoncentralT{df, ncp}, t);
    ASSERT_TRUE(c >= 0.0 && c <= 1.0 && s >= 0.0 && s <= 1.0) << df << " " << ncp << " " << t;
    EXPECT_NEAR(c + s, 1.0, 1e-12) << df << " " << ncp << " " << t;
    if (i % 5 == 0 && std::fabs(t) < 1e100) {
      EXPECT_TRUE(std::isfinite(ncp_for_cdf(df, t, u(gen) < 0.5 ? 0.025 : 0.975))) << df << " " << t;
    }
  }
}

// Differences 1 + 1e-9 * noise: t ~ 1e8 to 1e10.
std::vector<double> nearly_constant(int n, double level, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(level + 1e-9 * noise(gen));
  return v;
}

TEST(NoncentralLarge, PairedTOnNearlyConstantDifferencesIsFastAndSane) {
  for (int n : {5, 12, 40, 400}) {
    std::vector<double> pre(n), diff = nearly_constant(n, 1.0, 7u + n), post(n);
    for (int i = 0; i < n; ++i) {
      pre[i] = 3.0 + 0.5 * i;
      post[i] = pre[i] + diff[i];
    }
    const auto t0 = Clock::now();
    Json r = ask({{"op", "paired_t"}, {"pre", pre}, {"post", post}});
    const double secs = seconds_since(t0);
    ASSERT_EQ(r["ok"], true) << r.dump();
    const Json& res = r["result"];
    EXPECT_GT(std::fabs(res["t"].get<double>()), 1e7) << res.dump();
    const double dz = res["dz"], lo = res["dz_ci_low"], hi = res["dz_ci_high"];
    EXPECT_LT(lo, dz) << res.dump();
    EXPECT_GT(hi, dz) << res.dump();
    // the interval of a t with df = n - 1 spans about dz (1 +- 1.96 / sqrt(2 df)) at large dz
    EXPECT_GT(lo, 0.0);
    EXPECT_LT(hi / lo, 20.0);
    EXPECT_LT(secs, 2.0) << "paired_t with t = " << res["t"];
  }
}

TEST(NoncentralLarge, IndependentTOnNearlyConstantGroupsIsFastAndSane) {
  for (bool equal_var : {false, true}) {
    for (int n : {4, 20, 300}) {
      std::vector<double> x = nearly_constant(n, 1.0, 11u + n), y = nearly_constant(n + 3, 2.0, 13u + n);
      const auto t0 = Clock::now();
      Json r = ask({{"op", "independent_t"}, {"x", x}, {"y", y}, {"equal_var", equal_var}});
      const double secs = seconds_since(t0);
      ASSERT_EQ(r["ok"], true) << r.dump();
      const Json& res = r["result"];
      EXPECT_GT(std::fabs(res["t"].get<double>()), 1e7) << res.dump();
      const double d = res["d"], lo = res["d_ci_low"], hi = res["d_ci_high"];
      EXPECT_LT(d, 0.0);
      EXPECT_LT(lo, d) << res.dump();
      EXPECT_GT(hi, d) << res.dump();
      EXPECT_LT(hi, 0.0);
      EXPECT_LT(secs, 2.0) << "independent_t with t = " << res["t"];
    }
  }
}

}  // namespace
