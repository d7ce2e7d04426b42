// Handler of the agreement op kendall_w.
#include "api/ops.hpp"
#include "assess/agreement/kendall_w.hpp"

namespace assess::api::detail {

json op_kendall_w(Args& a) {
  auto ratings = a.matrix("ratings");
  bool correct = a.boolean("correct_ties", true);
  return json(unwrap(agreement::kendall_w(ratings, correct)));
}

}  // namespace assess::api::detail
