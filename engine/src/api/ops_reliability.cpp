// Handler of the reliability op cronbach_alpha: the arguments, the kernel's
// faults and notes in the terms of the request, and the result's JSON.
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

namespace assess::api::detail {
namespace {

Error cronbach_alpha_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"args.ragged", {{"arg", "items"}, {"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        "/items/" + std::to_string(f.index));
    case FaultKind::too_few:
      if (f.counted == Counted::rows) {
        return make_error(ErrorCode::insufficient_data, Message{"cronbach_alpha.too_few_rows", {{"n", f.n}}}, "/items");
      }
      return make_error(ErrorCode::insufficient_data, Message{"cronbach_alpha.too_few_items", {{"n", f.n}}}, "/items");
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range,
                        Message{"cronbach_alpha.too_many_items", {{"n", f.n}, {"max", f.limit}}}, "/items");
    default:
      return unexpected_fault("cronbach_alpha", f);
  }
}

Json cronbach_alpha_json(const reliability::CronbachAlpha& r) {
  using Kind = reliability::CronbachAlphaNote::Kind;
  std::vector<Message> warnings;
  for (const auto& note : r.notes) {
    switch (note.kind) {
      case Kind::rows_excluded:
        warnings.push_back(Message{"cronbach_alpha.rows_excluded", {{"n", note.n}}});
        break;
      case Kind::alpha_undefined:
        warnings.push_back(Message{"cronbach_alpha.alpha_undefined"});
        break;
      case Kind::zero_variance_items:
        warnings.push_back(Message{"cronbach_alpha.zero_variance_items", {{"columns", index_list(note.items)}}});
        break;
      case Kind::std_alpha_undefined:
        warnings.push_back(Message{"cronbach_alpha.std_alpha_undefined"});
        break;
      case Kind::alpha_if_deleted_two_items:
        warnings.push_back(Message{"cronbach_alpha.alpha_if_deleted_two_items"});
        break;
      case Kind::alpha_if_deleted_undefined:
        warnings.push_back(Message{"cronbach_alpha.alpha_if_deleted_undefined"});
        break;
      case Kind::r_drop_undefined:
        warnings.push_back(Message{"cronbach_alpha.r_drop_undefined"});
        break;
    }
  }
  Json j{{"n", r.n},
         {"k", r.k},
         {"alpha", num(r.alpha)},
         {"std_alpha", num(r.std_alpha)},
         {"ci_low", num(r.ci_low)},
         {"ci_high", num(r.ci_high)},
         {"alpha_if_deleted", nums(r.alpha_if_deleted)},
         {"r_drop", nums(r.r_drop)},
         {"n_excluded", r.n_excluded}};
  // Two items: the Spearman-Brown coefficient 2r / (1 + r), which is
  // std_alpha for k = 2 (Eisinga, te Grotenhuis & Pelzer 2013); the same
  // number under the name reviewers ask for, not a second computation.
  if (r.k == 2) j["spearman_brown"] = num(r.std_alpha);
  return with_warnings(std::move(j), warnings);
}

}  // namespace

Json op_cronbach_alpha(Args& a) {
  auto items = a.matrix("items");
  double conf = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  return cronbach_alpha_json(value_or_fail(reliability::cronbach_alpha(items, conf), cronbach_alpha_error));
}

}  // namespace assess::api::detail
