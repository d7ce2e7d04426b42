// Handler of the reliability op cronbach_alpha.
#include "api/ops.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

namespace assess::api::detail {

json op_cronbach_alpha(Args& a) {
  auto items = a.matrix("items");
  double conf = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  return json(unwrap(reliability::cronbach_alpha(items, conf)));
}

}  // namespace assess::api::detail
