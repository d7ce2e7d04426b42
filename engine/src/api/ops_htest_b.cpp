// Handlers of shapiro_wilk, wilcoxon_signed_rank, cronbach_alpha and kendall_w.
#include "api/ops.hpp"
#include "assess/agreement/kendall_w.hpp"
#include "assess/htest/shapiro_wilk.hpp"
#include "assess/htest/wilcoxon.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

namespace assess::api::detail {

json op_shapiro_wilk(Args& a) {
  auto x = a.numbers("x");
  return json(unwrap(htest::shapiro_wilk(x)));
}

json op_wilcoxon_signed_rank(Args& a) {
  auto pre = a.numbers("pre");
  auto post = a.numbers("post");
  bool correct = a.boolean("correct", true);
  return json(unwrap(htest::wilcoxon_signed_rank(pre, post, correct)));
}

json op_cronbach_alpha(Args& a) {
  auto items = a.matrix("items");
  double conf = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  return json(unwrap(reliability::cronbach_alpha(items, conf)));
}

json op_kendall_w(Args& a) {
  auto ratings = a.matrix("ratings");
  bool correct = a.boolean("correct_ties", true);
  return json(unwrap(agreement::kendall_w(ratings, correct)));
}

}  // namespace assess::api::detail
