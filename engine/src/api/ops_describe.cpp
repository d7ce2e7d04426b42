// Handlers of the descriptive ops.
#include "api/ops.hpp"
#include "assess/htest/describe.hpp"

namespace assess::api::detail {

json op_describe(Args& a) {
  auto x = a.numbers("x");
  return json(unwrap(htest::describe(x)));
}

}  // namespace assess::api::detail
