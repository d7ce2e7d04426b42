// Handlers of the factor-model ops omega and cfa: the arguments (the
// factors' column lists), the kernel's faults and notes in the terms of the
// request, and the results' JSON (fit indices null without convergence).
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "assess/core/json.hpp"
#include "assess/core/numeric.hpp"
#include "assess/reliability/cfa.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

namespace assess::api::detail {
namespace {

// Faults common to both ops; `op` names the op in the ids (omega.*, cfa.*).
Error factor_error(const Fault& f, const char* op) {
  const std::string o = op;
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"args.ragged", {{"arg", "items"}, {"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        "/items/" + std::to_string(f.index));
    case FaultKind::too_few:
      if (f.counted == Counted::rows) {
        return make_error(ErrorCode::insufficient_data,
                          Message{"factor.too_few_rows", {{"n", f.n}, {"k", f.limit - 1}}}, "/items");
      }
      if (f.counted == Counted::values) {
        return make_error(ErrorCode::insufficient_data, Message{"cfa.negative_df", {{"n", f.n}, {"moments", f.limit}}},
                          "/factors");
      }
      if (o == "omega") {
        return make_error(ErrorCode::insufficient_data, Message{"omega.too_few_items", {{"n", f.n}}}, "/items");
      }
      return make_error(ErrorCode::insufficient_data,
                        Message{"cfa.too_few_factor_items", {{"index", f.index}, {"n", f.n}, {"min", f.limit}}},
                        "/factors/" + std::to_string(f.index) + "/items");
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range, Message{"factor.too_many_items", {{"n", f.n}, {"max", f.limit}}},
                        o == "omega" ? "/items" : "/factors");
    case FaultKind::all_zero:
      return make_error(ErrorCode::insufficient_data, Message{"factor.constant_item", {{"column", f.column}}},
                        "/items");
    case FaultKind::zero_total:
      return make_error(ErrorCode::insufficient_data, Message{"factor.singular", {{"n", f.n}}}, "/items");
    default:
      return unexpected_fault(op, f);
  }
}

std::vector<Message> factor_warnings(const reliability::CfaFit& r) {
  using Kind = reliability::CfaNote::Kind;
  std::vector<Message> w;
  for (const auto& note : r.notes) {
    switch (note.kind) {
      case Kind::rows_excluded:
        w.push_back(Message{"factor.rows_excluded", {{"n", note.n}}});
        break;
      case Kind::negative_variance: {
        std::vector<std::size_t> cols;
        for (std::size_t j : note.items) cols.push_back(r.column[j]);
        w.push_back(Message{"factor.negative_variance", {{"columns", index_list(cols)}}});
        break;
      }
      case Kind::not_converged:
        w.push_back(Message{"factor.not_converged", {{"n", note.n}}});
        break;
    }
  }
  return w;
}

// The factors argument: [{id, items: [column indices]}], read here so that a
// wrong shape is named by its place in the request.
std::vector<std::vector<std::size_t>> read_factors(Args& a, std::size_t cols, std::vector<std::string>& ids) {
  const Json& v = a.value("factors");
  if (!v.is_array() || v.empty()) {
    fail(ErrorCode::invalid_input, Message{"cfa.factors_not_array", {json_type_param(v)}}, "/factors");
  }
  std::vector<std::vector<std::size_t>> out;
  std::vector<long> owner(cols, -1);
  for (std::size_t f = 0; f < v.size(); ++f) {
    const Json& fj = v[f];
    const std::string path = "/factors/" + std::to_string(f);
    if (!fj.is_object() || !fj.contains("items") || !fj["items"].is_array()) {
      fail(ErrorCode::invalid_input, Message{"cfa.factor_not_object", {{"index", f}}}, path);
    }
    if (fj.contains("id") && fj["id"].is_string()) {
      ids.push_back(fj["id"].get<std::string>());
    } else if (fj.contains("id") && !fj["id"].is_null()) {
      fail(ErrorCode::invalid_input, Message{"cfa.factor_id", {{"index", f}}}, path + "/id");
    } else {
      ids.push_back("");
    }
    std::vector<std::size_t> cols_f;
    const Json& items = fj["items"];
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Json& c = items[i];
      const std::string ipath = path + "/items/" + std::to_string(i);
      if (!c.is_number_integer() && !c.is_number_unsigned()) {
        fail(ErrorCode::invalid_input, Message{"cfa.item_not_index", {{"index", f}, {"i", i}}}, ipath);
      }
      const long long col = c.get<long long>();
      if (col < 0 || static_cast<unsigned long long>(col) >= cols) {
        fail(ErrorCode::out_of_range, Message{"cfa.column_out_of_range", {{"index", f}, {"column", col}, {"k", cols}}},
             ipath);
      }
      const auto uc = static_cast<std::size_t>(col);
      if (owner[uc] >= 0) {
        fail(ErrorCode::invalid_input,
             Message{"cfa.column_twice", {{"column", uc}, {"first", owner[uc]}, {"index", f}}}, ipath);
      }
      owner[uc] = static_cast<long>(f);
      cols_f.push_back(uc);
    }
    out.push_back(std::move(cols_f));
  }
  return out;
}

// The iteration limit (an optional argument; small limits show what no
// convergence looks like).
reliability::CfaOptions fit_options(Args& a) {
  reliability::CfaOptions o;
  o.max_iterations = static_cast<int>(std::floor(a.number("max_iterations", o.max_iterations, 1.0, 10000.0)));
  return o;
}

void put_fit(Json& j, const reliability::CfaFit& r) {
  j["converged"] = r.converged;
  j["iterations"] = r.iterations;
}

}  // namespace

Json op_omega(Args& a) {
  auto items = a.matrix("items");
  const auto options = fit_options(a);
  const auto fit =
      value_or_fail(reliability::omega(items, options), [](const Fault& f) { return factor_error(f, "omega"); });
  const auto& r = fit.model;
  // alpha over the same complete rows (cronbach_alpha's own kernel).
  std::vector<std::vector<double>> used;
  for (const auto& row : items) {
    bool ok = true;
    for (double x : row) ok = ok && !is_missing(x);
    if (ok) used.push_back(row);
  }
  const auto alpha = reliability::cronbach_alpha(used);
  Json j{{"n", r.n},
         {"k", r.k},
         {"omega_total", num(fit.omega_total)},
         {"alpha", num(alpha.ok() ? alpha.value().alpha : kMissing)},
         {"std_loadings", nums(r.std_loadings)},
         {"loadings", nums(r.loadings)},
         {"residual_variances", nums(r.residual_variances)},
         {"n_excluded", r.n_excluded}};
  put_fit(j, r);
  return with_warnings(std::move(j), factor_warnings(r));
}

Json op_cfa(Args& a) {
  auto items = a.matrix("items");
  const std::size_t cols = items.empty() ? 0 : items[0].size();
  std::vector<std::string> ids;
  const auto factors = read_factors(a, cols, ids);
  const auto options = fit_options(a);
  const auto r =
      value_or_fail(reliability::cfa(items, factors, options), [](const Fault& f) { return factor_error(f, "cfa"); });
  Json corr = Json::array();
  for (long f = 0; f < r.m; ++f) {
    std::vector<double> row(r.factor_correlations.begin() + f * r.m, r.factor_correlations.begin() + (f + 1) * r.m);
    corr.push_back(nums(row));
  }
  Json j{{"n", r.n},
         {"k", r.k},
         {"converged", r.converged},
         {"iterations", r.iterations},
         {"chisq", num(r.chisq)},
         {"df", num(r.df)},
         {"p", num(r.p)},
         {"cfi", num(r.cfi)},
         {"tli", num(r.tli)},
         {"rmsea", num(r.rmsea)},
         {"rmsea_ci_low", num(r.rmsea_ci_low)},
         {"rmsea_ci_high", num(r.rmsea_ci_high)},
         {"srmr", num(r.srmr)},
         {"std_loadings", nums(r.std_loadings)},
         {"factor_correlations", std::move(corr)},
         {"loadings", nums(r.loadings)},
         {"residual_variances", nums(r.residual_variances)},
         {"factor_ids", ids},
         {"n_excluded", r.n_excluded}};
  return with_warnings(std::move(j), factor_warnings(r));
}

}  // namespace assess::api::detail
