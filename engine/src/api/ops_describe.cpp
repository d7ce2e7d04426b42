// Handlers of the descriptive ops: the arguments, the kernel's faults and
// notes in the terms of the request, and the result's JSON.
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "assess/htest/describe.hpp"

namespace assess::api::detail {
namespace {

Error describe_error(const Fault& f) {
  if (f.kind == FaultKind::too_few) {
    return make_error(ErrorCode::insufficient_data, Message{"describe.no_values"}, "/x");
  }
  return unexpected_fault("describe", f);
}

Json describe_json(const htest::Describe& d) {
  std::vector<Message> warnings;
  for (auto note : d.notes) {
    switch (note) {
      case htest::DescribeNote::sd_undefined:
        warnings.push_back(Message{"describe.sd_undefined"});
        break;
    }
  }
  return with_warnings(Json{{"n", d.n},
                            {"mean", num(d.mean)},
                            {"sd", num(d.sd)},
                            {"se", num(d.se)},
                            {"median", num(d.median)},
                            {"q1", num(d.q1)},
                            {"q3", num(d.q3)},
                            {"min", num(d.min)},
                            {"max", num(d.max)}},
                       warnings);
}

}  // namespace

Json op_describe(Args& a) {
  auto x = a.numbers("x");
  return describe_json(value_or_fail(htest::describe(x), describe_error));
}

}  // namespace assess::api::detail
