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

std::vector<double> to_nums(const Json& j) {
  if (!j.is_array()) throw std::runtime_error("kernel channel: numbers expected");
  std::vector<double> out;
  out.reserve(j.size());
  for (const auto& v : j) out.push_back(v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
  return out;
}

Json matrix(const std::vector<std::vector<double>>& m) {
  Json a = Json::array();
  for (const auto& row : m) {
    Json r = Json::array();
    for (double v : row) r.push_back(num(v));
    a.push_back(std::move(r));
  }
  return a;
}

std::vector<std::vector<double>> to_matrix(const Json& j) {
  if (!j.is_array()) throw std::runtime_error("kernel channel: a matrix expected");
  std::vector<std::vector<double>> out;
  out.reserve(j.size());
  for (const auto& row : j) out.push_back(to_nums(row));
  return out;
}

Json options(const reliability::CfaOptions& o) {
  return Json::array({o.max_iterations, o.gradient_tolerance, o.step_tolerance});
}

reliability::CfaOptions to_options(const Json& j) {
  In in(j);
  reliability::CfaOptions o;
  o.max_iterations = static_cast<int>(in.whole());
  o.gradient_tolerance = in.get();
  o.step_tolerance = in.get();
  return o;
}

void Out::sizes(const std::vector<std::size_t>& v) {
  size(v.size());
  for (std::size_t x : v) size(x);
}

void Out::doubles(const std::vector<double>& v) {
  size(v.size());
  for (double x : v) put(x);
}

double In::get() {
  if (i_ >= v_.size()) throw std::runtime_error("kernel channel: the reply ends early");
  return v_[i_++];
}

std::size_t In::size() {
  const double x = get();
  if (x == -1.0) return Fault::kNone;
  if (!(x >= 0.0 && x <= 9007199254740992.0 && x == std::floor(x))) {
    throw std::runtime_error("kernel channel: a count that is not a whole number");
  }
  return static_cast<std::size_t>(x);
}

std::vector<std::size_t> In::sizes() {
  std::vector<std::size_t> v(size());
  for (auto& x : v) x = size();
  return v;
}

std::vector<double> In::doubles() {
  std::vector<double> v(size());
  for (auto& x : v) x = get();
  return v;
}

void put(Out& o, const Fault& f) {
  o.size(static_cast<std::size_t>(f.kind));
  o.size(static_cast<std::size_t>(f.counted));
  for (std::size_t x : {f.n, f.m, f.limit, f.index, f.column}) o.size(x);
  o.put(f.value);
}

Fault get_fault(In& in) {
  Fault f;
  f.kind = static_cast<FaultKind>(in.size());
  f.counted = static_cast<Counted>(in.size());
  f.n = in.size();
  f.m = in.size();
  f.limit = in.size();
  f.index = in.size();
  f.column = in.size();
  f.value = in.get();
  return f;
}

void put(Out& o, const reliability::CfaFit& r) {
  for (long x : {r.n, r.k, r.n_excluded, r.m}) o.size(static_cast<std::size_t>(x));
  o.size(r.converged ? 1 : 0);
  o.size(static_cast<std::size_t>(r.iterations));
  o.sizes(r.column);
  o.sizes(r.factor);
  o.doubles(r.loadings);
  o.doubles(r.residual_variances);
  o.doubles(r.std_loadings);
  o.doubles(r.factor_correlations);
  for (double x : {r.fmin, r.max_gradient, r.df, r.chisq, r.p, r.cfi, r.tli, r.rmsea, r.rmsea_ci_low, r.rmsea_ci_high,
                   r.srmr, r.baseline_chisq, r.baseline_df}) {
    o.put(x);
  }
  o.size(r.notes.size());
  for (const auto& note : r.notes) {
    o.size(static_cast<std::size_t>(note.kind));
    o.size(note.n);
    o.sizes(note.items);
  }
}

reliability::CfaFit get_cfa_fit(In& in) {
  reliability::CfaFit r;
  r.n = in.whole();
  r.k = in.whole();
  r.n_excluded = in.whole();
  r.m = in.whole();
  r.converged = in.size() != 0;
  r.iterations = static_cast<int>(in.whole());
  r.column = in.sizes();
  r.factor = in.sizes();
  r.loadings = in.doubles();
  r.residual_variances = in.doubles();
  r.std_loadings = in.doubles();
  r.factor_correlations = in.doubles();
  for (double* x : {&r.fmin, &r.max_gradient, &r.df, &r.chisq, &r.p, &r.cfi, &r.tli, &r.rmsea, &r.rmsea_ci_low,
                    &r.rmsea_ci_high, &r.srmr, &r.baseline_chisq, &r.baseline_df}) {
    *x = in.get();
  }
  r.notes.resize(in.size());
  for (auto& note : r.notes) {
    note.kind = static_cast<reliability::CfaNote::Kind>(in.size());
    note.n = in.size();
    note.items = in.sizes();
  }
  return r;
}

void put(Out& o, const agreement::Icc& r) {
  for (long x : {r.n, r.k, r.n_excluded}) o.size(static_cast<std::size_t>(x));
  for (const auto& f : r.forms) {
    for (double x : {f.icc, f.F, f.df1, f.df2, f.p, f.ci_low, f.ci_high}) o.put(x);
  }
  o.size(r.notes.size());
  for (const auto& note : r.notes) {
    o.size(static_cast<std::size_t>(note.kind));
    o.size(note.n);
  }
}

agreement::Icc get_icc(In& in) {
  // The forms' names, in the kernel's fixed order (icc.hpp).
  static const char* const kTypes[6] = {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"};
  agreement::Icc r;
  r.n = in.whole();
  r.k = in.whole();
  r.n_excluded = in.whole();
  for (std::size_t i = 0; i < r.forms.size(); ++i) {
    auto& f = r.forms[i];
    f.type = kTypes[i];
    for (double* x : {&f.icc, &f.F, &f.df1, &f.df2, &f.p, &f.ci_low, &f.ci_high}) *x = in.get();
  }
  r.notes.resize(in.size(), agreement::IccNote{agreement::IccNote::Kind::objects_excluded});
  for (auto& note : r.notes) {
    note.kind = static_cast<agreement::IccNote::Kind>(in.size());
    note.n = in.size();
  }
  return r;
}

void put(Out& o, const agreement::KrippendorffAlpha& r) {
  o.put(r.alpha);
  o.size(static_cast<std::size_t>(r.n_pairable));
  o.size(static_cast<std::size_t>(r.n_units));
  o.size(r.notes.size());
  for (const auto& note : r.notes) o.size(static_cast<std::size_t>(note.kind));
}

agreement::KrippendorffAlpha get_kripp(In& in) {
  agreement::KrippendorffAlpha r{};
  r.alpha = in.get();
  r.n_pairable = in.whole();
  r.n_units = in.whole();
  r.notes.resize(in.size(), agreement::KrippendorffAlphaNote{agreement::KrippendorffAlphaNote::Kind::expected_zero});
  for (auto& note : r.notes) note.kind = static_cast<agreement::KrippendorffAlphaNote::Kind>(in.size());
  return r;
}

void put(Out& o, const agreement::CohenKappa& r) {
  o.size(static_cast<std::size_t>(r.n));
  o.size(static_cast<std::size_t>(r.n_dropped));
  for (double x : {r.kappa, r.se, r.ci_low, r.ci_high}) o.put(x);
  o.size(r.notes.size());
  for (const auto& note : r.notes) {
    o.size(static_cast<std::size_t>(note.kind));
    o.size(note.n);
  }
}

agreement::CohenKappa get_kappa(In& in) {
  agreement::CohenKappa r{};
  r.n = in.whole();
  r.n_dropped = in.whole();
  for (double* x : {&r.kappa, &r.se, &r.ci_low, &r.ci_high}) *x = in.get();
  r.notes.resize(in.size(), agreement::CohenKappaNote{agreement::CohenKappaNote::Kind::pairs_dropped});
  for (auto& note : r.notes) {
    note.kind = static_cast<agreement::CohenKappaNote::Kind>(in.size());
    note.n = in.size();
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

// The reply's value read by `read`, or its fault; the whole array must be read.
template <class T, class Read>
Outcome<T> outcome(const Json& reply, Read read) {
  const bool faulted = reply.contains("fault");
  codec::In in(faulted ? reply["fault"] : reply.at("value"));
  Outcome<T> out = faulted ? Outcome<T>(codec::get_fault(in)) : Outcome<T>(read(in));
  if (!in.done()) throw std::runtime_error("kernel channel: a reply longer than its kernel's outcome");
  return out;
}

}  // namespace

Outcome<reliability::CfaFit> cfa(Transport send, const std::vector<std::vector<double>>& items,
                                 const std::vector<std::vector<std::size_t>>& factors,
                                 const reliability::CfaOptions& options) {
  const Json reply = ask(send, Json{{"kernel", "cfa"},
                                    {"items", codec::matrix(items)},
                                    {"factors", factors},
                                    {"options", codec::options(options)}});
  return outcome<reliability::CfaFit>(reply, codec::get_cfa_fit);
}

Outcome<reliability::OmegaFit> omega(Transport send, const std::vector<std::vector<double>>& items,
                                     const reliability::CfaOptions& options) {
  const Json reply =
      ask(send, Json{{"kernel", "omega"}, {"items", codec::matrix(items)}, {"options", codec::options(options)}});
  return outcome<reliability::OmegaFit>(reply, [](codec::In& in) {
    reliability::OmegaFit r;
    r.omega_total = in.get();
    r.model = codec::get_cfa_fit(in);
    return r;
  });
}

Outcome<agreement::Icc> icc(Transport send, const std::vector<std::vector<double>>& ratings, double conf_level) {
  const Json reply =
      ask(send, Json{{"kernel", "icc"}, {"ratings", codec::matrix(ratings)}, {"conf_level", conf_level}});
  return outcome<agreement::Icc>(reply, codec::get_icc);
}

Outcome<agreement::KrippendorffAlpha> krippendorff_alpha(Transport send, const std::vector<std::vector<double>>& data,
                                                         agreement::AlphaLevel level) {
  const Json reply = ask(
      send, Json{{"kernel", "krippendorff_alpha"}, {"data", codec::matrix(data)}, {"level", static_cast<int>(level)}});
  return outcome<agreement::KrippendorffAlpha>(reply, codec::get_kripp);
}

Outcome<agreement::CohenKappa> cohen_kappa(Transport send, const std::vector<int>& x, const std::vector<int>& y,
                                           std::size_t q, agreement::KappaWeights weights, double conf_level) {
  const Json reply = ask(send, Json{{"kernel", "cohen_kappa"},
                                    {"x", x},
                                    {"y", y},
                                    {"q", q},
                                    {"weights", static_cast<int>(weights)},
                                    {"conf_level", conf_level}});
  return outcome<agreement::CohenKappa>(reply, codec::get_kappa);
}

double ncp_for_cdf(Transport send, double df, double t, double p) {
  const Json reply =
      ask(send, Json{{"kernel", "ncp_for_cdf"}, {"args", Json::array({codec::num(df), codec::num(t), codec::num(p)})}});
  return outcome<double>(reply, [](codec::In& in) { return in.get(); }).value();
}

}  // namespace assess::api::wire
