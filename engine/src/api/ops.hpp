// Declarations of the operation handlers; registry.cpp maps names to them.
// Each family's handlers live in src/api/ops_<family>.cpp.
#pragma once

#include "api/op_support.hpp"

namespace assess::analysis {
struct PrePostStudy;
struct PrePostRun;
struct PanelStudy;
struct PanelRun;
}  // namespace assess::analysis

namespace assess::api::detail {

Json op_describe(Args& a);
Json op_paired_t(Args& a);
Json op_independent_t(Args& a);
Json op_pearson(Args& a);
Json op_chi_square(Args& a);
Json op_one_way_anova(Args& a);
Json op_ancova(Args& a);
Json op_mixed_anova(Args& a);
Json op_p_adjust(Args& a);
Json op_validate_instrument(Args& a);
Json op_score(Args& a);
Json op_distribution(Args& a);
Json op_shapiro_wilk(Args& a);
Json op_wilcoxon_signed_rank(Args& a);
Json op_cronbach_alpha(Args& a);
Json op_kendall_w(Args& a);
Json op_icc(Args& a);
Json op_omega(Args& a);
Json op_cfa(Args& a);
Json op_cohen_kappa(Args& a);
Json op_fleiss_kappa(Args& a);
Json op_krippendorff_alpha(Args& a);
Json op_make_code(Args& a);
Json op_normalise_code(Args& a);
Json op_import_responses(Args& a);
Json op_dataset(Args& a);
Json op_import_ratings(Args& a);
Json op_link(Args& a);
Json op_analyze_prepost(Args& a);
Json op_analyze_panel(Args& a);
Json op_analyze_study(Args& a);
Json op_bundle(Args& a);
Json op_seal(Args& a);
Json op_verify(Args& a);
Json op_csv_safe(Args& a);
Json op_spearman(Args& a);
Json op_fisher_exact(Args& a);
Json op_proportion(Args& a);
Json op_correlation_matrix(Args& a);
Json op_validate_coding(Args& a);
Json op_texts(Args& a);
Json op_coding_agreement(Args& a);
Json op_coding_consensus(Args& a);
Json op_theme_analysis(Args& a);

// A build without the Markdown and CSV renderings (the analysis page's
// engine, wasm/wasm.cmake): a request for them is answered without them,
// with a warning that says so.
void put_no_renderings(Json& result);

// The result of analyze_prepost without its renderings (analyze_study
// reports one per instrument measured before and after).
Json prepost_report(const analysis::PrePostStudy& study, const analysis::PrePostRun& run);
// The result of analyze_panel without its renderings (analyze_study reports
// it as its panel when ratings are given).
Json panel_report(const analysis::PanelStudy& study, const analysis::PanelRun& run);

}  // namespace assess::api::detail
