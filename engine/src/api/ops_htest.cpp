// Handlers of the hypothesis-test ops: paired_t, independent_t,
// wilcoxon_signed_rank, shapiro_wilk, pearson, chi_square, one_way_anova,
// p_adjust. Arguments and their defaults are those of the API contract
// (docs/api.md).
#include "api/ops.hpp"
#include "assess/htest/anova.hpp"
#include "assess/htest/chi_square.hpp"
#include "assess/htest/correlation.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/htest/p_adjust.hpp"
#include "assess/htest/paired_t.hpp"
#include "assess/htest/shapiro_wilk.hpp"
#include "assess/htest/wilcoxon.hpp"

namespace assess::api::detail {
namespace {

double conf_level(Args& a) { return a.number("conf_level", 0.95, 0.0, 1.0, true, true); }

}  // namespace

json op_paired_t(Args& a) {
  auto pre = a.numbers("pre");
  auto post = a.numbers("post");
  return json(unwrap(htest::paired_t(pre, post, conf_level(a))));
}

json op_independent_t(Args& a) {
  auto x = a.numbers("x");
  auto y = a.numbers("y");
  bool equal_var = a.boolean("equal_var", false);
  return json(unwrap(htest::independent_t(x, y, equal_var, conf_level(a))));
}

json op_pearson(Args& a) {
  auto x = a.numbers("x");
  auto y = a.numbers("y");
  return json(unwrap(htest::pearson(x, y, conf_level(a))));
}

json op_chi_square(Args& a) {
  auto table = a.matrix("table", false);
  bool correct = a.boolean("correct", true);
  return json(unwrap(htest::chi_square(table, correct)));
}

json op_one_way_anova(Args& a) {
  auto groups = a.arrays("groups");
  return json(unwrap(htest::one_way_anova(groups)));
}

json op_p_adjust(Args& a) {
  auto p = a.numbers("p");
  auto name = a.choice("method", {"holm", "bonferroni", "hochberg", "BH"}, nullptr);
  return json(unwrap(htest::p_adjust(p, unwrap(htest::p_adjust_method(name)))));
}

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

}  // namespace assess::api::detail
