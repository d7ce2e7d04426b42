// Declarations of the operation handlers; registry.cpp maps names to them.
// Each family's handlers live in src/api/ops_<family>.cpp.
#pragma once

#include "api/op_support.hpp"

namespace assess::api::detail {

json op_describe(Args& a);
json op_paired_t(Args& a);
json op_independent_t(Args& a);
json op_pearson(Args& a);
json op_chi_square(Args& a);
json op_one_way_anova(Args& a);
json op_p_adjust(Args& a);
json op_validate_instrument(Args& a);
json op_score(Args& a);
json op_distribution(Args& a);
json op_shapiro_wilk(Args& a);
json op_wilcoxon_signed_rank(Args& a);
json op_cronbach_alpha(Args& a);
json op_kendall_w(Args& a);
json op_make_code(Args& a);
json op_normalise_code(Args& a);
json op_import_responses(Args& a);
json op_import_ratings(Args& a);
json op_link(Args& a);
json op_analyze_prepost(Args& a);
json op_analyze_panel(Args& a);
json op_seal(Args& a);
json op_verify(Args& a);
json op_csv_safe(Args& a);

}  // namespace assess::api::detail
