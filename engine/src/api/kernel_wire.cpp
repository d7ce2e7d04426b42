// The client half of the kernels' channel and the codecs both halves use
// (kernel_wire.hpp says why the channel exists).
#include "api/kernel_wire.hpp"

#include <cmath>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "api/kernel_codec.hpp"

namespace assess::api::wire {

namespace codec {

Json num(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

double to_num(const Json& j) { return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN(); }

Json nums(const std::vector<double>& x) {
  Json a = Json::array();
  for (double v : x) a.push_back(num(v));
  return a;
}

std::vector<double> to_nums(const Json& j) {
  std::vector<double> out;
  out.reserve(j.size());
  for (const auto& v : j) out.push_back(to_num(v));
  return out;
}

Json matrix(const std::vector<std::vector<double>>& m) {
  Json a = Json::array();
  for (const auto& row : m) a.push_back(nums(row));
  return a;
}

std::vector<std::vector<double>> to_matrix(const Json& j) {
  std::vector<std::vector<double>> out;
  out.reserve(j.size());
  for (const auto& row : j) out.push_back(to_nums(row));
  return out;
}

Json fault(const Fault& f) {
  return Json{{"fault",
               {{"kind", static_cast<int>(f.kind)},
                {"counted", static_cast<int>(f.counted)},
                {"n", f.n},
                {"m", f.m},
                {"limit", f.limit},
                {"index", f.index},
                {"column", f.column},
                {"value", num(f.value)}}}};
}

Fault to_fault(const Json& j) {
  Fault f;
  f.kind = static_cast<FaultKind>(j.at("kind").get<int>());
  f.counted = static_cast<Counted>(j.at("counted").get<int>());
  f.n = j.at("n").get<std::size_t>();
  f.m = j.at("m").get<std::size_t>();
  f.limit = j.at("limit").get<std::size_t>();
  f.index = j.at("index").get<std::size_t>();
  f.column = j.at("column").get<std::size_t>();
  f.value = to_num(j.at("value"));
  return f;
}

Json options(const reliability::CfaOptions& o) {
  return Json{{"max_iterations", o.max_iterations},
              {"gradient_tolerance", o.gradient_tolerance},
              {"step_tolerance", o.step_tolerance}};
}

reliability::CfaOptions to_options(const Json& j) {
  reliability::CfaOptions o;
  o.max_iterations = j.at("max_iterations").get<int>();
  o.gradient_tolerance = j.at("gradient_tolerance").get<double>();
  o.step_tolerance = j.at("step_tolerance").get<double>();
  return o;
}

Json cfa_fit(const reliability::CfaFit& r) {
  Json notes = Json::array();
  for (const auto& note : r.notes) {
    notes.push_back(Json{{"kind", static_cast<int>(note.kind)}, {"n", note.n}, {"items", note.items}});
  }
  return Json{{"n", r.n},
              {"k", r.k},
              {"n_excluded", r.n_excluded},
              {"m", r.m},
              {"converged", r.converged},
              {"iterations", r.iterations},
              {"fmin", num(r.fmin)},
              {"max_gradient", num(r.max_gradient)},
              {"column", r.column},
              {"factor", r.factor},
              {"loadings", nums(r.loadings)},
              {"residual_variances", nums(r.residual_variances)},
              {"std_loadings", nums(r.std_loadings)},
              {"factor_correlations", nums(r.factor_correlations)},
              {"df", num(r.df)},
              {"fit", nums({r.chisq, r.p, r.cfi, r.tli, r.rmsea, r.rmsea_ci_low, r.rmsea_ci_high, r.srmr,
                            r.baseline_chisq, r.baseline_df})},
              {"notes", std::move(notes)}};
}

reliability::CfaFit to_cfa_fit(const Json& j) {
  reliability::CfaFit r;
  r.n = j.at("n").get<long>();
  r.k = j.at("k").get<long>();
  r.n_excluded = j.at("n_excluded").get<long>();
  r.m = j.at("m").get<long>();
  r.converged = j.at("converged").get<bool>();
  r.iterations = j.at("iterations").get<int>();
  r.fmin = to_num(j.at("fmin"));
  r.max_gradient = to_num(j.at("max_gradient"));
  r.column = j.at("column").get<std::vector<std::size_t>>();
  r.factor = j.at("factor").get<std::vector<std::size_t>>();
  r.loadings = to_nums(j.at("loadings"));
  r.residual_variances = to_nums(j.at("residual_variances"));
  r.std_loadings = to_nums(j.at("std_loadings"));
  r.factor_correlations = to_nums(j.at("factor_correlations"));
  r.df = to_num(j.at("df"));
  const std::vector<double> fit = to_nums(j.at("fit"));
  if (fit.size() != 10)
    throw std::runtime_error("kernel channel: a cfa fit with " + std::to_string(fit.size()) + " indices");
  r.chisq = fit[0];
  r.p = fit[1];
  r.cfi = fit[2];
  r.tli = fit[3];
  r.rmsea = fit[4];
  r.rmsea_ci_low = fit[5];
  r.rmsea_ci_high = fit[6];
  r.srmr = fit[7];
  r.baseline_chisq = fit[8];
  r.baseline_df = fit[9];
  for (const auto& note : j.at("notes")) {
    reliability::CfaNote n{static_cast<reliability::CfaNote::Kind>(note.at("kind").get<int>())};
    n.n = note.at("n").get<std::size_t>();
    n.items = note.at("items").get<std::vector<std::size_t>>();
    r.notes.push_back(std::move(n));
  }
  return r;
}

Json icc_value(const agreement::Icc& r) {
  Json forms = Json::array();
  for (const auto& f : r.forms) {
    forms.push_back(nums({f.icc, f.F, f.df1, f.df2, f.p, f.ci_low, f.ci_high}));
  }
  Json notes = Json::array();
  for (const auto& note : r.notes) notes.push_back(Json{{"kind", static_cast<int>(note.kind)}, {"n", note.n}});
  return Json{{"n", r.n}, {"k", r.k}, {"n_excluded", r.n_excluded}, {"forms", std::move(forms)}, {"notes", notes}};
}

// The forms' names, in the kernel's fixed order (icc.hpp).
const char* const kIccTypes[6] = {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"};

agreement::Icc to_icc(const Json& j) {
  agreement::Icc r;
  r.n = j.at("n").get<long>();
  r.k = j.at("k").get<long>();
  r.n_excluded = j.at("n_excluded").get<long>();
  const Json& forms = j.at("forms");
  if (forms.size() != r.forms.size())
    throw std::runtime_error("kernel channel: an icc with " + std::to_string(forms.size()) + " forms");
  for (std::size_t i = 0; i < r.forms.size(); ++i) {
    const std::vector<double> v = to_nums(forms[i]);
    if (v.size() != 7)
      throw std::runtime_error("kernel channel: an icc form with " + std::to_string(v.size()) + " numbers");
    r.forms[i] = agreement::IccForm{kIccTypes[i], v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
  }
  for (const auto& note : j.at("notes")) {
    agreement::IccNote n{static_cast<agreement::IccNote::Kind>(note.at("kind").get<int>())};
    n.n = note.at("n").get<std::size_t>();
    r.notes.push_back(n);
  }
  return r;
}

Json kripp_value(const agreement::KrippendorffAlpha& r) {
  Json notes = Json::array();
  for (const auto& note : r.notes) notes.push_back(static_cast<int>(note.kind));
  return Json{{"alpha", num(r.alpha)}, {"n_pairable", r.n_pairable}, {"n_units", r.n_units}, {"notes", notes}};
}

agreement::KrippendorffAlpha to_kripp(const Json& j) {
  agreement::KrippendorffAlpha r{};
  r.alpha = to_num(j.at("alpha"));
  r.n_pairable = j.at("n_pairable").get<long>();
  r.n_units = j.at("n_units").get<long>();
  for (const auto& note : j.at("notes")) {
    r.notes.push_back(
        agreement::KrippendorffAlphaNote{static_cast<agreement::KrippendorffAlphaNote::Kind>(note.get<int>())});
  }
  return r;
}

Json kappa_value(const agreement::CohenKappa& r) {
  Json notes = Json::array();
  for (const auto& note : r.notes) notes.push_back(Json{{"kind", static_cast<int>(note.kind)}, {"n", note.n}});
  return Json{{"n", r.n},
              {"n_dropped", r.n_dropped},
              {"values", nums({r.kappa, r.se, r.ci_low, r.ci_high})},
              {"notes", std::move(notes)}};
}

agreement::CohenKappa to_kappa(const Json& j) {
  agreement::CohenKappa r{};
  r.n = j.at("n").get<long>();
  r.n_dropped = j.at("n_dropped").get<long>();
  const std::vector<double> v = to_nums(j.at("values"));
  if (v.size() != 4) throw std::runtime_error("kernel channel: a kappa with " + std::to_string(v.size()) + " numbers");
  r.kappa = v[0];
  r.se = v[1];
  r.ci_low = v[2];
  r.ci_high = v[3];
  for (const auto& note : j.at("notes")) {
    agreement::CohenKappaNote n{static_cast<agreement::CohenKappaNote::Kind>(note.at("kind").get<int>())};
    n.n = note.at("n").get<std::size_t>();
    r.notes.push_back(n);
  }
  return r;
}

}  // namespace codec

namespace {

// Sends `request` and returns the reply's value, or throws when the other
// side could not read the request (a defect of one build, not of the data).
Json ask(Transport send, const Json& request) {
  const std::string text = send(request.dump());
  Json reply = Json::parse(text);
  if (reply.contains("out_of_memory")) throw std::bad_alloc();
  if (reply.contains("error")) {
    throw std::runtime_error("kernel channel: " + reply["error"].get<std::string>());
  }
  return reply;
}

template <class T, class Decode>
Outcome<T> outcome(const Json& reply, Decode decode) {
  if (reply.contains("fault")) return codec::to_fault(reply["fault"]);
  return decode(reply.at("value"));
}

}  // namespace

Outcome<reliability::CfaFit> cfa(Transport send, const std::vector<std::vector<double>>& items,
                                 const std::vector<std::vector<std::size_t>>& factors,
                                 const reliability::CfaOptions& options) {
  const Json reply = ask(send, Json{{"kernel", "cfa"},
                                    {"items", codec::matrix(items)},
                                    {"factors", factors},
                                    {"options", codec::options(options)}});
  return outcome<reliability::CfaFit>(reply, codec::to_cfa_fit);
}

Outcome<reliability::OmegaFit> omega(Transport send, const std::vector<std::vector<double>>& items,
                                     const reliability::CfaOptions& options) {
  const Json reply =
      ask(send, Json{{"kernel", "omega"}, {"items", codec::matrix(items)}, {"options", codec::options(options)}});
  return outcome<reliability::OmegaFit>(reply, [](const Json& v) {
    reliability::OmegaFit r;
    r.model = codec::to_cfa_fit(v.at("model"));
    r.omega_total = codec::to_num(v.at("omega_total"));
    return r;
  });
}

Outcome<agreement::Icc> icc(Transport send, const std::vector<std::vector<double>>& ratings, double conf_level) {
  const Json reply =
      ask(send, Json{{"kernel", "icc"}, {"ratings", codec::matrix(ratings)}, {"conf_level", conf_level}});
  return outcome<agreement::Icc>(reply, codec::to_icc);
}

Outcome<agreement::KrippendorffAlpha> krippendorff_alpha(Transport send, const std::vector<std::vector<double>>& data,
                                                         agreement::AlphaLevel level) {
  const Json reply = ask(
      send, Json{{"kernel", "krippendorff_alpha"}, {"data", codec::matrix(data)}, {"level", static_cast<int>(level)}});
  return outcome<agreement::KrippendorffAlpha>(reply, codec::to_kripp);
}

Outcome<agreement::CohenKappa> cohen_kappa(Transport send, const std::vector<int>& x, const std::vector<int>& y,
                                           std::size_t q, agreement::KappaWeights weights, double conf_level) {
  const Json reply = ask(send, Json{{"kernel", "cohen_kappa"},
                                    {"x", x},
                                    {"y", y},
                                    {"q", q},
                                    {"weights", static_cast<int>(weights)},
                                    {"conf_level", conf_level}});
  return outcome<agreement::CohenKappa>(reply, codec::to_kappa);
}

}  // namespace assess::api::wire
