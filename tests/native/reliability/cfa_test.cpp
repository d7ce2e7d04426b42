// omega and cfa beyond the R references (fixtures/reference/omega.json,
// cfa.json): the edge cases of docs/factor-models.md (no convergence,
// Heywood cases, df 0, two-item factors, constant and dependent items,
// n <= k), invariances (shift, scale, item order within a factor, sign of a
// factor), the identities of the fit (chisq at a saturated model, CFI in
// [0, 1]) and the noncentral chi-square behind the RMSEA interval.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"
#include "assess/reliability/cfa.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;
using assess::reliability::CfaNote;

namespace {

using Matrix = std::vector<std::vector<double>>;

// n respondents, factors of `per` items each (loadings .8 .. .5), factor
// correlation rho, a fixed seed.
Matrix simulate(std::size_t n, std::size_t factors, std::size_t per, double rho, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  Matrix x(n, std::vector<double>(factors * per));
  for (std::size_t i = 0; i < n; ++i) {
    const double common = z(gen);
    for (std::size_t f = 0; f < factors; ++f) {
      const double fac = std::sqrt(rho) * common + std::sqrt(1.0 - rho) * z(gen);
      for (std::size_t j = 0; j < per; ++j) {
        const double l = 0.8 - 0.3 * static_cast<double>(j) / static_cast<double>(per);
        x[i][f * per + j] = 3.0 + l * fac + std::sqrt(1.0 - l * l) * z(gen);
      }
    }
  }
  return x;
}

std::vector<std::vector<std::size_t>> blocks(std::size_t factors, std::size_t per) {
  std::vector<std::vector<std::size_t>> out(factors);
  for (std::size_t f = 0; f < factors; ++f) {
    for (std::size_t j = 0; j < per; ++j) out[f].push_back(f * per + j);
  }
  return out;
}

Json request(const char* op, const Matrix& x) { return Json{{"op", op}, {"items", x}}; }

TEST(Cfa, FitsAndReportsIterations) {
  const auto x = simulate(400, 3, 3, 0.3, 11);
  auto r = assess::reliability::cfa(x, blocks(3, 3));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->converged);
  EXPECT_GT(r->iterations, 0);
  EXPECT_LE(r->max_gradient, 1e-9);
  EXPECT_EQ(r->df, 24);
  EXPECT_GE(r->cfi, 0.0);
  EXPECT_LE(r->cfi, 1.0);
  EXPECT_LE(r->rmsea_ci_low, r->rmsea);
  EXPECT_GE(r->rmsea_ci_high, r->rmsea);
  for (double l : r->std_loadings) EXPECT_GT(l, 0.3);
}

TEST(Cfa, InvariantToShiftScaleAndFactorSign) {
  const auto x = simulate(300, 2, 3, 0.4, 5);
  auto y = x;
  for (auto& row : y) {
    for (std::size_t j = 0; j < row.size(); ++j) row[j] = j < 3 ? 100.0 - 7.0 * row[j] : 1e4 + 0.01 * row[j];
  }
  auto a = assess::reliability::cfa(x, blocks(2, 3));
  auto b = assess::reliability::cfa(y, blocks(2, 3));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NEAR(a->chisq, b->chisq, 1e-8 * a->chisq);
  // every item of factor 1 reversed: the orientation rule gives the same
  // loadings, and the factor's correlation changes sign
  for (std::size_t j = 0; j < 6; ++j) EXPECT_NEAR(a->std_loadings[j], b->std_loadings[j], 1e-7);
  EXPECT_NEAR(a->factor_correlations[1], -b->factor_correlations[1], 1e-7);
}

TEST(Cfa, FirstItemReversedFlipsTheFactorAndItsCorrelations) {
  auto x = simulate(300, 2, 3, 0.5, 9);
  auto y = x;
  for (auto& row : y) row[0] = -row[0];
  auto a = assess::reliability::cfa(x, blocks(2, 3));
  auto b = assess::reliability::cfa(y, blocks(2, 3));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_GT(b->std_loadings[0], 0.0);
  EXPECT_LT(b->std_loadings[1], 0.0);  // the other items now load negatively
  EXPECT_NEAR(b->factor_correlations[1], -a->factor_correlations[1], 1e-7);
}

TEST(Cfa, NoConvergenceGivesNullFitIndicesAndAWarning) {
  const auto x = simulate(300, 3, 3, 0.3, 3);
  Json req = request("cfa", x);
  req["factors"] = Json::array({Json{{"id", "a"}, {"items", {0, 1, 2}}}, Json{{"id", "b"}, {"items", {3, 4, 5}}},
                                Json{{"id", "c"}, {"items", {6, 7, 8}}}});
  req["max_iterations"] = 1;
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["converged"], false);
  EXPECT_EQ(r["result"]["iterations"], 1);
  for (const char* k : {"chisq", "p", "cfi", "tli", "rmsea", "rmsea_ci_low", "rmsea_ci_high", "srmr"}) {
    EXPECT_TRUE(r["result"][k].is_null()) << k;
  }
  expect_warning_ids(r, {"factor.not_converged"});
  Json o = ask(Json{{"op", "omega"}, {"items", x}, {"max_iterations", 1}});
  ASSERT_EQ(o["ok"], true) << o.dump();
  EXPECT_TRUE(o["result"]["omega_total"].is_null());
  EXPECT_EQ(o["result"]["converged"], false);
}

TEST(Cfa, SaturatedModelFitsExactly) {
  // one factor of three items: df 0, chisq 0, CFI = TLI = 1, RMSEA 0, p null
  const auto x = simulate(200, 1, 3, 0.0, 21);
  auto r = assess::reliability::cfa(x, blocks(1, 3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->df, 0);
  EXPECT_LT(r->chisq, 1e-9);
  EXPECT_TRUE(std::isnan(r->p));
  EXPECT_NEAR(r->cfi, 1.0, 1e-12);
  EXPECT_EQ(r->tli, 1.0);
  EXPECT_EQ(r->rmsea, 0.0);
  EXPECT_LT(r->srmr, 1e-8);
}

TEST(Cfa, TwoItemFactorsAreIdentifiedWithCorrelatedFactors) {
  const auto x = simulate(300, 2, 2, 0.5, 4);
  auto r = assess::reliability::cfa(x, blocks(2, 2));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->converged);
  EXPECT_EQ(r->df, 1);
  // a single factor of two items is not
  auto s = assess::reliability::cfa(x, {{0, 1}});
  ASSERT_FALSE(s.ok());
  Json e = ask(Json{{"op", "cfa"}, {"items", x}, {"factors", {Json{{"id", "a"}, {"items", {0, 1}}}}}});
  expect_error(e, "insufficient_data", {"factors[0]", "at least 3"}, "/factors/0/items");
}

TEST(Cfa, HeywoodCaseIsReportedWithAWarning) {
  // item 0 correlates .75 with items 1 and 2, which correlate .45: the
  // one-factor solution needs a loading above 1 (r01 r02 / r12 = 1.25).
  std::mt19937 gen(8);
  std::normal_distribution<double> z(0.0, 1.0);
  Matrix x;
  for (int i = 0; i < 2000; ++i) {
    const double a = z(gen), b = z(gen), c = z(gen);
    const double i1 = 0.67 * a + std::sqrt(1 - 0.45) * b;
    const double i2 = 0.67 * a + std::sqrt(1 - 0.45) * c;
    const double i0 = 0.56 * (i1 + i2) + 0.1 * z(gen);
    x.push_back({i0, i1, i2});
  }
  Json r = ask(request("omega", x));
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_LT(r["result"]["residual_variances"][0].get<double>(), 0.0);
  EXPECT_GT(r["result"]["std_loadings"][0].get<double>(), 1.0);
  expect_warning_ids(r, {"factor.negative_variance"});
  expect_warning(r, "column(s) 0");
}

TEST(Cfa, ErrorsNameTheField) {
  const auto x = simulate(50, 2, 3, 0.3, 1);
  auto ask_cfa = [&](const Json& factors, const Matrix& items) {
    return ask(Json{{"op", "cfa"}, {"items", items}, {"factors", factors}});
  };
  const Json f2 = Json::array({Json{{"id", "a"}, {"items", {0, 1, 2}}}, Json{{"id", "b"}, {"items", {3, 4, 5}}}});
  expect_error(ask_cfa(Json::array({Json{{"id", "a"}, {"items", {0, 1, 2}}}, Json{{"id", "b"}, {"items", {2, 3}}}}), x),
               "invalid_input", {"column 2", "factors[0]", "factors[1]"}, "/factors/1/items/0");
  expect_error(ask_cfa(Json::array({Json{{"id", "a"}, {"items", {0, 1, 9}}}, Json{{"id", "b"}, {"items", {3, 4}}}}), x),
               "out_of_range", {"column 9"}, "/factors/0/items/2");
  expect_error(ask_cfa(Json::array({Json{{"id", "a"}, {"items", {0, 1.5}}}}), x), "invalid_input", {"items[1]"},
               "/factors/0/items/1");
  expect_error(ask_cfa(Json::object(), x), "invalid_input", {"factors"}, "/factors");
  expect_error(ask_cfa(Json::array({1}), x), "invalid_input", {"factors[0]"}, "/factors/0");
  // n <= k
  Matrix six(x.begin(), x.begin() + 6);
  expect_error(ask_cfa(f2, six), "insufficient_data", {"6 complete row(s) for 6 item(s)"}, "/items");
  // a constant item
  auto c = x;
  for (auto& row : c) row[4] = 2.0;
  expect_error(ask_cfa(f2, c), "insufficient_data", {"column 4"}, "/items");
  // an item that is the sum of two others
  auto d = x;
  for (auto& row : d) row[2] = row[0] + row[1];
  expect_error(ask_cfa(f2, d), "insufficient_data", {"singular"}, "/items");
  // omega with two items
  Matrix two;
  for (const auto& row : x) two.push_back({row[0], row[1]});
  expect_error(ask(request("omega", two)), "insufficient_data", {"at least 3 items"}, "/items");
}

TEST(Cfa, MissingRowsAreLeftOutWithAWarning) {
  auto x = simulate(120, 1, 4, 0.0, 2);
  x[3][1] = assess::kMissing;
  x[50][3] = assess::kMissing;
  Json req = request("omega", x);
  req["items"][3][1] = nullptr;
  req["items"][50][3] = nullptr;
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["n"], 118);
  EXPECT_EQ(r["result"]["n_excluded"], 2);
  expect_warning_ids(r, {"factor.rows_excluded"});
}

TEST(Omega, EqualLoadingsAndVariancesMakeOmegaEqualAlpha) {
  // essentially tau-equivalent items with equal error variances: omega = alpha
  auto x = simulate(5000, 1, 4, 0.0, 17);
  Json r = ask(request("omega", x));
  ASSERT_EQ(r["ok"], true) << r.dump();
  const double om = r["result"]["omega_total"].get<double>();
  const double al = r["result"]["alpha"].get<double>();
  EXPECT_GE(om, al - 1e-12);  // omega >= alpha for a one-factor model
  EXPECT_NEAR(om, al, 0.02);
}

TEST(NoncentralChiSquared, TailsAddToOneAndTheRootInverts) {
  using assess::distributions::NoncentralChiSquared;
  for (double df : {1.0, 5.0, 24.0, 200.0}) {
    for (double ncp : {0.0, 0.5, 10.0, 300.0}) {
      for (double x : {0.5, df, df + ncp, 3.0 * (df + ncp)}) {
        const NoncentralChiSquared d{df, ncp};
        EXPECT_NEAR(cdf(d, x) + sf(d, x), 1.0, 1e-14) << df << " " << ncp << " " << x;
      }
      if (ncp > 0.0) {
        const double x = df + ncp;
        const double p = cdf(NoncentralChiSquared{df, ncp}, x);
        EXPECT_NEAR(assess::distributions::ncp_for_chisq_cdf(df, x, p), ncp, 1e-9 * ncp) << df << " " << ncp;
      }
    }
  }
  // ncp 0 is the central chi-square
  EXPECT_EQ(cdf(NoncentralChiSquared{3.0, 0.0}, 2.0), cdf(assess::distributions::ChiSquared{3.0}, 2.0));
  // the limit is 0 when even ncp = 0 leaves less than p below x
  EXPECT_EQ(assess::reliability::rmsea_ncp_limit(1.0, 5.0, 0.95), 0.0);
}

}  // namespace
