// Handler of op "distribution": densities, tails, quantiles and the ncp
// inversion of the engine's distributions, element-wise over x. Lets the same
// R reference values run natively and in wasm, and backs the p-value
// calculator of the web pages. See docs/distribution-op.md.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::api::detail {
namespace {

// A required parameter that must be finite and, when positive_only, > 0.
double param(Args& a, const char* key, bool positive_only, const std::string& dist) {
  if (!a.has(key)) {
    fail(ErrorCode::invalid_input, Message{"distribution.parameter_missing", {{"arg", key}, {"dist", dist}}},
         std::string("/") + key);
  }
  const double big = 1.7976931348623157e308;
  double v = a.number(key, 0.0, -big, big);
  if (positive_only && !(v > 0.0)) {
    fail(ErrorCode::invalid_input, Message{"distribution.not_positive", {{"arg", key}, {"value", v}}},
         std::string("/") + key);
  }
  return v;
}

const char* fns_of(const std::string& dist) {
  if (dist == "noncentral_t" || dist == "noncentral_chisq") return "cdf, sf, ncp_for_cdf";
  return "pdf, cdf, sf, quantile, quantile_sf";
}

bool supported(const std::string& dist, const std::string& fn) {
  if (dist == "noncentral_t" || dist == "noncentral_chisq") return fn == "cdf" || fn == "sf" || fn == "ncp_for_cdf";
  return fn != "ncp_for_cdf";
}

template <class D>
double apply(const D& d, const std::string& fn, double x) {
  if (fn == "pdf") return pdf(d, x);
  if (fn == "cdf") return cdf(d, x);
  if (fn == "sf") return sf(d, x);
  if (fn == "quantile") return quantile(d, x);
  return quantile_sf(d, x);
}

double apply_nct(const distributions::NoncentralT& d, const std::string& fn, double x) {
  return fn == "cdf" ? cdf(d, x) : sf(d, x);
}

}  // namespace

Json op_distribution(Args& a) {
  std::string dist = a.choice("dist", {"normal", "t", "noncentral_t", "chisq", "noncentral_chisq", "f"}, nullptr);
  std::string fn = a.choice("fn", {"pdf", "cdf", "sf", "quantile", "quantile_sf", "ncp_for_cdf"}, nullptr);
  if (!supported(dist, fn)) {
    fail(ErrorCode::invalid_input,
         Message{"distribution.fn_not_available", {{"fn", fn}, {"dist", dist}, {"available", fns_of(dist)}}}, "/fn");
  }
  a.allow_any_magnitude();  // points of a distribution, not data: cdf(1e300) is fine
  std::vector<double> x = a.numbers("x", false);
  // Work limit (docs/robustness.md): a value costs microseconds, up to ~1 ms
  // for an inversion of the noncentral t at extreme arguments; this keeps any
  // request within about a minute natively.
  constexpr std::size_t kMaxValues = 100000;
  if (x.size() > kMaxValues) {
    fail(ErrorCode::out_of_range, Message{"distribution.too_many_values", {{"n", x.size()}, {"max", kMaxValues}}},
         "/x");
  }
  bool probabilities = fn == "quantile" || fn == "quantile_sf" || fn == "ncp_for_cdf";
  if (probabilities) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!(x[i] >= 0.0 && x[i] <= 1.0)) {
        fail(ErrorCode::invalid_input,
             Message{"distribution.not_probability", {{"index", i}, {"value", x[i]}, {"fn", fn}}},
             "/x/" + std::to_string(i));
      }
    }
  }

  std::vector<double> out(x.size());
  if (dist == "normal") {
    double mean = a.number("mean", 0.0, -1.7976931348623157e308, 1.7976931348623157e308);
    double sd = a.number("sd", 1.0, -1.7976931348623157e308, 1.7976931348623157e308);
    if (!(sd > 0.0)) {
      fail(ErrorCode::invalid_input, Message{"distribution.not_positive", {{"arg", "sd"}, {"value", sd}}}, "/sd");
    }
    distributions::Normal d{mean, sd};
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = apply(d, fn, x[i]);
  } else if (dist == "t") {
    distributions::StudentT d{param(a, "df", true, dist)};
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = apply(d, fn, x[i]);
  } else if (dist == "chisq") {
    distributions::ChiSquared d{param(a, "df", true, dist)};
    if ((fn == "quantile" || fn == "quantile_sf") && d.df > 1e8) {
      fail(ErrorCode::out_of_range, Message{"distribution.chisq_df_too_large", {{"value", d.df}}}, "/df");
    }
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = apply(d, fn, x[i]);
  } else if (dist == "f") {
    double df1 = param(a, "df1", true, dist);
    double df2 = param(a, "df2", true, dist);
    distributions::FisherF d{df1, df2};
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = apply(d, fn, x[i]);
  } else if (dist == "noncentral_chisq") {
    // ncp_for_cdf: the ncp with cdf(q) = x (the RMSEA interval's limits).
    double df = param(a, "df", true, dist);
    if (fn == "ncp_for_cdf") {
      double q = param(a, "q", false, dist);
      for (std::size_t i = 0; i < x.size(); ++i) out[i] = distributions::ncp_for_chisq_cdf(df, q, x[i]);
    } else {
      distributions::NoncentralChiSquared d{df, param(a, "ncp", false, dist)};
      for (std::size_t i = 0; i < x.size(); ++i) out[i] = fn == "cdf" ? cdf(d, x[i]) : sf(d, x[i]);
    }
  } else {  // noncentral_t
    double df = param(a, "df", true, dist);
    if (fn == "ncp_for_cdf") {
      double t = param(a, "t", false, dist);
      for (std::size_t i = 0; i < x.size(); ++i) out[i] = distributions::ncp_for_cdf(df, t, x[i]);
    } else {
      distributions::NoncentralT d{df, param(a, "ncp", false, dist)};
      for (std::size_t i = 0; i < x.size(); ++i) out[i] = apply_nct(d, fn, x[i]);
    }
  }

  Json result = Json::object();
  result["values"] = nums(out);
  std::vector<Message> warnings;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::isfinite(out[i])) continue;
    if (std::isnan(out[i])) {
      warnings.push_back(Message{"distribution.value_undefined", {{"index", i}, {"fn", fn}, {"x", x[i]}}});
    } else if (out[i] > 0) {
      warnings.push_back(Message{"distribution.value_plus_infinity", {{"index", i}, {"fn", fn}, {"x", x[i]}}});
    } else {
      warnings.push_back(Message{"distribution.value_minus_infinity", {{"index", i}, {"fn", fn}, {"x", x[i]}}});
    }
  }
  return with_warnings(std::move(result), warnings);
}

}  // namespace assess::api::detail
