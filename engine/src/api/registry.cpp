// The table of operations. Add a line here (and a declaration in ops.hpp)
// for every new op; names are part of the API contract and never change.
// Compiled again with ASSESS_OPS_ANALYSIS for the analysis page's engine
// (the stat ops left out) and with ASSESS_OPS_COLLECT for the small engine of the
// pages that collect answers (wasm/wasm.cmake, docs/web.md): it keeps only the
// ops between the #ifndef blocks (documents, scores, codes, seal and CSV), so
// that the linker leaves the import, the tests and the analyses out; any
// other op then answers unknown_op, naming the ops this build has.
#include <cstring>

#include "api/ops.hpp"

// The standalone statistics ops: in the engine of every op only (not in the
// small engine, ASSESS_OPS_COLLECT, nor in the analysis page's,
// ASSESS_OPS_ANALYSIS: wasm/wasm.cmake).
#if defined(ASSESS_OPS_COLLECT) || defined(ASSESS_OPS_ANALYSIS)
#define ASSESS_STAT_OPS 0
#else
#define ASSESS_STAT_OPS 1
#endif

namespace assess::api::detail {
namespace {

const OpEntry kOps[] = {
#if ASSESS_STAT_OPS
    {"describe", op_describe},
    {"paired_t", op_paired_t},
    {"independent_t", op_independent_t},
    {"pearson", op_pearson},
    {"chi_square", op_chi_square},
    {"one_way_anova", op_one_way_anova},
    {"p_adjust", op_p_adjust},
#endif
    {"validate_instrument", op_validate_instrument},
#ifndef ASSESS_OPS_ANALYSIS
    {"score", op_score},
#endif
#if ASSESS_STAT_OPS
    {"distribution", op_distribution},
    {"shapiro_wilk", op_shapiro_wilk},
    {"wilcoxon_signed_rank", op_wilcoxon_signed_rank},
    {"cronbach_alpha", op_cronbach_alpha},
    {"kendall_w", op_kendall_w},
    {"ancova", op_ancova},
    {"mixed_anova", op_mixed_anova},
#endif
#ifndef ASSESS_OPS_ANALYSIS
    // The questionnaire's and the rubric page's: the analysis page makes no
    // codes and scores no single response.
    {"make_code", op_make_code},
    {"normalise_code", op_normalise_code},
#endif
#ifndef ASSESS_OPS_COLLECT
    {"import_responses", op_import_responses},
    {"import_ratings", op_import_ratings},
    {"link", op_link},
    {"analyze_prepost", op_analyze_prepost},
    {"analyze_panel", op_analyze_panel},
    {"dataset", op_dataset},
#endif
#if ASSESS_STAT_OPS
    {"spearman", op_spearman},
    {"fisher_exact", op_fisher_exact},
    {"proportion", op_proportion},
    {"correlation_matrix", op_correlation_matrix},
    {"icc", op_icc},
    {"cohen_kappa", op_cohen_kappa},
    {"fleiss_kappa", op_fleiss_kappa},
    {"krippendorff_alpha", op_krippendorff_alpha},
    {"omega", op_omega},
    {"cfa", op_cfa},
    // The qualitative strand (issue 19): codebooks, coding files, texts,
    // agreement and consensus.
    {"validate_coding", op_validate_coding},
    {"texts", op_texts},
    {"coding_agreement", op_coding_agreement},
    {"coding_consensus", op_coding_consensus},
    {"theme_analysis", op_theme_analysis},
#endif
#ifndef ASSESS_OPS_COLLECT
    {"analyze_study", op_analyze_study},
#endif
#if ASSESS_STAT_OPS
    // The reproducibility bundle: the engine of every op (the command line,
    // engine/assess.js, which the analysis page loads for it on demand).
    {"bundle", op_bundle},
#endif
    {"seal", op_seal},
#ifndef ASSESS_OPS_ANALYSIS
    {"verify", op_verify},
#endif
    {"csv_safe", op_csv_safe},
};

const char* kNames[sizeof(kOps) / sizeof(kOps[0])] = {};

}  // namespace

const OpEntry* find_op(const std::string& name) {
  for (const auto& e : kOps) {
    if (name == e.name) return &e;
  }
  return nullptr;
}

}  // namespace assess::api::detail

namespace assess::api {

const char* const* op_names(std::size_t* count) noexcept {
  using namespace detail;
  constexpr std::size_t n = sizeof(kOps) / sizeof(kOps[0]);
  if (kNames[0] == nullptr) {
    for (std::size_t i = 0; i < n; ++i) kNames[i] = kOps[i].name;
  }
  if (count) *count = n;
  return kNames;
}

}  // namespace assess::api
