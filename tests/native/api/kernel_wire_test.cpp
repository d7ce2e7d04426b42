// The kernels' channel (api/kernel_wire.hpp): a kernel called through it
// gives bit for bit what the kernel gives directly, every field and note,
// and a fault arrives as the same numbers. The transport here is the
// server itself, as the analysis page's Web Worker connects the two engines.
#include <array>
#include <cmath>
#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/kernel_wire.hpp"

namespace assess::api::wire {
namespace {

std::string direct(const std::string& request) { return serve(request); }

int calls = 0;
std::string counted(const std::string& request) {
  ++calls;
  return serve(request);
}

std::string broken(const std::string&) { return R"({"error": "no such engine"})"; }
std::string out_of_memory(const std::string&) { return R"({"error": "out of memory", "out_of_memory": true})"; }

// The same double, NaN included (the channel sends NaN as null); -0 and +0
// told apart.
bool same(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

void expect_same(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_TRUE(same(a[i], b[i])) << what << "[" << i << "]: " << a[i] << " vs " << b[i];
}

void expect_same_fault(const Fault& a, const Fault& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.counted, b.counted);
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.m, b.m);
  EXPECT_EQ(a.limit, b.limit);
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.column, b.column);
  EXPECT_TRUE(same(a.value, b.value));
}

void expect_same_fit(const reliability::CfaFit& a, const reliability::CfaFit& b) {
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.k, b.k);
  EXPECT_EQ(a.n_excluded, b.n_excluded);
  EXPECT_EQ(a.m, b.m);
  EXPECT_EQ(a.converged, b.converged);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_TRUE(same(a.fmin, b.fmin));
  EXPECT_TRUE(same(a.max_gradient, b.max_gradient));
  EXPECT_EQ(a.column, b.column);
  EXPECT_EQ(a.factor, b.factor);
  expect_same(a.loadings, b.loadings, "loadings");
  expect_same(a.residual_variances, b.residual_variances, "residual_variances");
  expect_same(a.std_loadings, b.std_loadings, "std_loadings");
  expect_same(a.factor_correlations, b.factor_correlations, "factor_correlations");
  expect_same({a.df, a.chisq, a.p, a.cfi, a.tli, a.rmsea, a.rmsea_ci_low, a.rmsea_ci_high, a.srmr, a.baseline_chisq,
               a.baseline_df},
              {b.df, b.chisq, b.p, b.cfi, b.tli, b.rmsea, b.rmsea_ci_low, b.rmsea_ci_high, b.srmr, b.baseline_chisq,
               b.baseline_df},
              "fit");
  ASSERT_EQ(a.notes.size(), b.notes.size());
  for (std::size_t i = 0; i < a.notes.size(); ++i) {
    EXPECT_EQ(a.notes[i].kind, b.notes[i].kind);
    EXPECT_EQ(a.notes[i].n, b.notes[i].n);
    EXPECT_EQ(a.notes[i].items, b.notes[i].items);
  }
}

// Two correlated factors of three items each, with noise from a fixed
// sequence, a missing value and a reversed item.
std::vector<std::vector<double>> two_factor_items(std::size_t n) {
  std::vector<std::vector<double>> rows;
  unsigned s = 12345u;
  auto next = [&s] {
    s = s * 1103515245u + 12345u;
    return static_cast<double>((s >> 8) % 1000) / 1000.0 - 0.5;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double f1 = next() * 2.0;
    const double f2 = 0.5 * f1 + next() * 1.5;
    rows.push_back({f1 + next(), 0.8 * f1 + next(), 1.2 * f1 + next(), f2 + next(), 0.7 * f2 + next(), -f2 + next()});
  }
  rows[3][2] = std::nan("");
  return rows;
}

TEST(KernelWire, CfaThroughTheChannelIsTheKernel) {
  const auto items = two_factor_items(150);
  const std::vector<std::vector<std::size_t>> factors = {{0, 1, 2}, {3, 4, 5}};
  const auto a = reliability::cfa(items, factors, {});
  const auto b = cfa(direct, items, factors, {});
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(a.value().converged);
  EXPECT_FALSE(a.value().notes.empty());  // the row with a missing value
  expect_same_fit(a.value(), b.value());
}

TEST(KernelWire, OptionsCrossTheChannel) {
  const auto items = two_factor_items(80);
  reliability::CfaOptions few;
  few.max_iterations = 1;
  const auto a = reliability::cfa(items, {{0, 1, 2}, {3, 4, 5}}, few);
  const auto b = cfa(direct, items, {{0, 1, 2}, {3, 4, 5}}, few);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b.value().converged);
  EXPECT_TRUE(std::isnan(b.value().chisq));
  expect_same_fit(a.value(), b.value());
}

TEST(KernelWire, OmegaThroughTheChannelIsTheKernel) {
  auto items = two_factor_items(120);
  for (auto& row : items) row.resize(3);
  const auto a = reliability::omega(items, {});
  const auto b = omega(direct, items, {});
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(same(a.value().omega_total, b.value().omega_total));
  EXPECT_GT(b.value().omega_total, 0.5);
  expect_same_fit(a.value().model, b.value().model);
}

TEST(KernelWire, FaultsCrossAsTheirNumbers) {
  const std::vector<std::vector<double>> few = {{1, 2, 3}, {2, 3, 1}, {3, 1, 2}};
  const auto a = reliability::omega(few, {});
  const auto b = omega(direct, few, {});
  ASSERT_FALSE(a.ok());
  ASSERT_FALSE(b.ok());
  expect_same_fault(a.fault(), b.fault());
  const auto c = reliability::cfa({{1, 2}, {2}}, {{0, 1}}, {});
  const auto d = cfa(direct, {{1, 2}, {2}}, {{0, 1}}, {});
  ASSERT_FALSE(c.ok());
  ASSERT_FALSE(d.ok());
  expect_same_fault(c.fault(), d.fault());
  EXPECT_EQ(d.fault().kind, FaultKind::ragged);
}

TEST(KernelWire, IccThroughTheChannelIsTheKernel) {
  // Shrout & Fleiss (1979), Table 2, with a missing rating (object 6 out).
  const std::vector<std::vector<double>> r = {
      {9, 6, 8, 7, 10, 6}, {2, 1, 4, 1, 5, 2}, {5, 3, 6, 2, 6, std::nan("")}, {8, 2, 8, 6, 9, 7}};
  for (double level : {0.95, 0.9}) {
    const auto a = agreement::icc(r, level);
    const auto b = icc(direct, r, level);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a.value().n, b.value().n);
    EXPECT_EQ(a.value().k, b.value().k);
    EXPECT_EQ(b.value().n_excluded, 1);
    for (std::size_t i = 0; i < a.value().forms.size(); ++i) {
      const auto& x = a.value().forms[i];
      const auto& y = b.value().forms[i];
      EXPECT_STREQ(x.type, y.type);
      expect_same({x.icc, x.F, x.df1, x.df2, x.p, x.ci_low, x.ci_high},
                  {y.icc, y.F, y.df1, y.df2, y.p, y.ci_low, y.ci_high}, x.type);
    }
    ASSERT_EQ(a.value().notes.size(), b.value().notes.size());
    for (std::size_t i = 0; i < a.value().notes.size(); ++i) {
      EXPECT_EQ(a.value().notes[i].kind, b.value().notes[i].kind);
      EXPECT_EQ(a.value().notes[i].n, b.value().notes[i].n);
    }
  }
  // Perfect agreement: NaN limits travel as null and come back NaN.
  const auto p = icc(direct, {{1, 2, 3}, {1, 2, 3}}, 0.95);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(std::isnan(p.value().forms[1].ci_low));
  EXPECT_FALSE(p.value().notes.empty());
}

TEST(KernelWire, KrippendorffAlphaThroughTheChannelIsTheKernel) {
  const double m = std::nan("");
  // Krippendorff (2011): four coders, twelve units.
  const std::vector<std::vector<double>> d = {{1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m},
                                              {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3},
                                              {m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m},
                                              {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m}};
  using agreement::AlphaLevel;
  for (AlphaLevel level : {AlphaLevel::nominal, AlphaLevel::ordinal, AlphaLevel::interval, AlphaLevel::ratio}) {
    const auto a = agreement::krippendorff_alpha(d, level);
    const auto b = krippendorff_alpha(direct, d, level);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_TRUE(same(a.value().alpha, b.value().alpha));
    EXPECT_EQ(a.value().n_pairable, b.value().n_pairable);
    EXPECT_EQ(a.value().n_units, b.value().n_units);
    EXPECT_EQ(a.value().notes.size(), b.value().notes.size());
  }
  const auto one = krippendorff_alpha(direct, {{2, 2}, {2, 2}}, AlphaLevel::interval);
  ASSERT_TRUE(one.ok());
  EXPECT_TRUE(std::isnan(one.value().alpha));
  ASSERT_EQ(one.value().notes.size(), 1u);
  EXPECT_EQ(one.value().notes[0].kind, agreement::KrippendorffAlphaNote::Kind::expected_zero);
}

TEST(KernelWire, CohenKappaThroughTheChannelIsTheKernel) {
  const std::vector<int> x = {0, 1, 2, 2, 1, 0, 3, 0, 1, agreement::kNoCode};
  const std::vector<int> y = {0, 1, 2, 2, 1, 1, 3, 0, 1, 2};
  using agreement::KappaWeights;
  for (KappaWeights w : {KappaWeights::none, KappaWeights::linear, KappaWeights::quadratic}) {
    const auto a = agreement::cohen_kappa(x, y, 5, w, 0.95);
    const auto b = cohen_kappa(direct, x, y, 5, w, 0.95);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a.value().n, b.value().n);
    EXPECT_EQ(b.value().n_dropped, 1);
    expect_same({a.value().kappa, a.value().se, a.value().ci_low, a.value().ci_high},
                {b.value().kappa, b.value().se, b.value().ci_low, b.value().ci_high}, "kappa");
    ASSERT_EQ(a.value().notes.size(), b.value().notes.size());
  }
  const auto f = cohen_kappa(direct, {0, 1}, {0}, 2, KappaWeights::none, 0.95);
  ASSERT_FALSE(f.ok());
  expect_same_fault(agreement::cohen_kappa({0, 1}, {0}, 2, KappaWeights::none, 0.95).fault(), f.fault());
}

TEST(KernelWire, NoncentralTInversionThroughTheChannelIsTheKernel) {
  for (const auto& [df, t, p] :
       std::vector<std::array<double, 3>>{{9, 2.5, 0.975}, {9, 2.5, 0.025}, {120, -0.4, 0.5}, {3, 40, 0.975}}) {
    EXPECT_TRUE(same(distributions::ncp_for_cdf(df, t, p), ncp_for_cdf(direct, df, t, p)))
        << df << " " << t << " " << p;
  }
  EXPECT_TRUE(std::isnan(ncp_for_cdf(direct, -1, 2, 0.5)));
}

TEST(KernelWire, OneRequestPerCall) {
  calls = 0;
  (void)icc(counted, {{1, 2, 3}, {2, 3, 5}}, 0.95);
  (void)krippendorff_alpha(counted, {{1, 2, 3}, {2, 3, 5}}, agreement::AlphaLevel::interval);
  EXPECT_EQ(calls, 2);
}

TEST(KernelWire, AChannelWithoutAnAnswerThrows) {
  EXPECT_THROW((void)icc(broken, {{1, 2, 3}, {2, 3, 5}}, 0.95), std::runtime_error);
  EXPECT_THROW((void)icc(out_of_memory, {{1, 2, 3}, {2, 3, 5}}, 0.95), std::bad_alloc);
}

TEST(KernelWire, TheServerRefusesWhatItCannotRead) {
  for (const char* bad :
       {"", "[]", R"({"kernel": "nothing"})", R"({"kernel": "icc"})",
        R"({"kernel": "krippendorff_alpha", "data": [[1]], "level": 9})",
        R"({"kernel": "cohen_kappa", "x": [0], "y": [0], "q": 1, "weights": -1, "conf_level": 0.95})"}) {
    const std::string reply = serve(bad);
    EXPECT_NE(reply.find("\"error\""), std::string::npos) << bad << " -> " << reply;
  }
}

}  // namespace
}  // namespace assess::api::wire
