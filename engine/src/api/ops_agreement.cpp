// Handler of the agreement op kendall_w: the arguments, the kernel's faults
// and notes in the terms of the request, and the result's JSON.
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "assess/agreement/kendall_w.hpp"

namespace assess::api::detail {
namespace {

Error kendall_w_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"args.ragged", {{"arg", "ratings"}, {"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        "/ratings/" + std::to_string(f.index));
    case FaultKind::too_few:
      if (f.counted == Counted::rows) {
        return make_error(ErrorCode::insufficient_data, Message{"kendall_w.too_few_raters", {{"n", f.n}}}, "/ratings");
      }
      return make_error(ErrorCode::insufficient_data, Message{"kendall_w.too_few_objects", {{"n", f.n}}}, "/ratings");
    default:
      return unexpected_fault("kendall_w", f);
  }
}

Json kendall_w_json(const agreement::KendallW& r) {
  using Kind = agreement::KendallWNote::Kind;
  std::vector<Message> warnings;
  for (const auto& note : r.notes) {
    switch (note.kind) {
      case Kind::objects_excluded:
        warnings.push_back(Message{"kendall_w.objects_excluded", {{"n", note.n}}});
        break;
      case Kind::all_tied:
        warnings.push_back(Message{"kendall_w.all_tied"});
        break;
    }
  }
  return with_warnings(Json{{"m", r.m},
                            {"n", r.n},
                            {"W", num(r.W)},
                            {"chi2", num(r.chi2)},
                            {"df", num(r.df)},
                            {"p", num(r.p)},
                            {"n_excluded", r.n_excluded}},
                       warnings);
}

}  // namespace

Json op_kendall_w(Args& a) {
  auto ratings = a.matrix("ratings");
  bool correct = a.boolean("correct_ties", true);
  return kendall_w_json(value_or_fail(agreement::kendall_w(ratings, correct), kendall_w_error));
}

}  // namespace assess::api::detail
