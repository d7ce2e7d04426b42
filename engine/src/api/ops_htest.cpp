// Handlers of the hypothesis-test ops: paired_t, independent_t,
// wilcoxon_signed_rank, shapiro_wilk, pearson, chi_square, one_way_anova,
// ancova, mixed_anova, p_adjust, spearman, fisher_exact, proportion, correlation_matrix. Arguments and
// their defaults are those of the API contract (docs/api.md); each op's kernel faults and notes are said
// here in the terms of the request (ids in core/messages/stats.inc), and its result written as JSON.
#include <map>
#include <string>
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "assess/core/limits.hpp"
#include "assess/core/numeric.hpp"
#include "assess/htest/ancova.hpp"
#include "assess/htest/anova.hpp"
#include "assess/htest/chi_square.hpp"
#include "assess/htest/correlation.hpp"
#include "assess/htest/correlation_matrix.hpp"
#include "assess/htest/fisher_exact.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/htest/mixed_anova.hpp"
#include "assess/htest/p_adjust.hpp"
#include "assess/htest/paired_t.hpp"
#include "assess/htest/proportion.hpp"
#include "assess/htest/shapiro_wilk.hpp"
#include "assess/htest/spearman.hpp"
#include "assess/htest/wilcoxon.hpp"

namespace assess::api::detail {
namespace {

double conf_level(Args& a) { return a.number("conf_level", 0.95, 0.0, 1.0, true, true); }

// "/table/1/2"
std::string pointer(const char* key, std::size_t i) { return std::string("/") + key + "/" + std::to_string(i); }

// paired_t

Error paired_t_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    case FaultKind::lengths_differ:
      return make_error(ErrorCode::invalid_input, Message{"paired_t.lengths_differ", {{"n", f.n}, {"m", f.m}}},
                        "/post");
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"paired_t.too_few_pairs", {{"n", f.n}}}, "/pre");
    default:
      return unexpected_fault("paired_t", f);
  }
}

Message paired_t_note(htest::PairedTNote note) {
  switch (note) {
    case htest::PairedTNote::constant_differences:
      return Message{"paired_t.constant_differences"};
    case htest::PairedTNote::dz_interval_undefined:
      return Message{"paired_t.dz_interval_undefined"};
  }
  return Message{};
}

Json paired_t_json(const htest::PairedT& r) {
  return with_warnings(Json{{"n", r.n},
                            {"mean_diff", num(r.mean_diff)},
                            {"sd_diff", num(r.sd_diff)},
                            {"t", num(r.t)},
                            {"df", num(r.df)},
                            {"p", num(r.p)},
                            {"ci_low", num(r.ci_low)},
                            {"ci_high", num(r.ci_high)},
                            {"conf_level", r.conf_level},
                            {"dz", num(r.dz)},
                            {"dz_ci_low", num(r.dz_ci_low)},
                            {"dz_ci_high", num(r.dz_ci_high)}},
                       warnings_of(r.notes, paired_t_note));
}

// independent_t

const char* sample_name(std::size_t index) { return index == 0 ? "x" : "y"; }

Error independent_t_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    case FaultKind::too_few:
      if (f.index == Fault::kNone) {
        return make_error(ErrorCode::insufficient_data, Message{"independent_t.too_few_student", {{"n", f.n}}}, "/x");
      }
      if (f.limit == 1) {
        return make_error(ErrorCode::insufficient_data,
                          Message{"independent_t.empty_sample", {{"arg", sample_name(f.index)}}},
                          std::string("/") + sample_name(f.index));
      }
      return make_error(ErrorCode::insufficient_data,
                        Message{"independent_t.too_few_welch", {{"arg", sample_name(f.index)}, {"n", f.n}}},
                        std::string("/") + sample_name(f.index));
    default:
      return unexpected_fault("independent_t", f);
  }
}

Message independent_t_note(htest::IndependentTNote note) {
  switch (note) {
    case htest::IndependentTNote::both_constant:
      return Message{"independent_t.both_constant"};
    case htest::IndependentTNote::d_interval_undefined:
      return Message{"independent_t.d_interval_undefined"};
    case htest::IndependentTNote::g_undefined:
      return Message{"independent_t.g_undefined"};
  }
  return Message{};
}

Json independent_t_json(const htest::IndependentT& r) {
  return with_warnings(Json{{"method", r.equal_var ? "student" : "welch"},
                            {"n_x", r.n_x},
                            {"n_y", r.n_y},
                            {"mean_x", num(r.mean_x)},
                            {"mean_y", num(r.mean_y)},
                            {"sd_x", num(r.sd_x)},
                            {"sd_y", num(r.sd_y)},
                            {"mean_diff", num(r.mean_diff)},
                            {"t", num(r.t)},
                            {"df", num(r.df)},
                            {"p", num(r.p)},
                            {"ci_low", num(r.ci_low)},
                            {"ci_high", num(r.ci_high)},
                            {"conf_level", r.conf_level},
                            {"d", num(r.d)},
                            {"d_ci_low", num(r.d_ci_low)},
                            {"d_ci_high", num(r.d_ci_high)},
                            {"g", num(r.g)}},
                       warnings_of(r.notes, independent_t_note));
}

// pearson

Error pearson_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    case FaultKind::lengths_differ:
      return make_error(ErrorCode::invalid_input, Message{"pearson.lengths_differ", {{"n", f.n}, {"m", f.m}}}, "/y");
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"pearson.too_few_pairs", {{"n", f.n}}}, "/x");
    default:
      return unexpected_fault("pearson", f);
  }
}

Message pearson_note(htest::PearsonNote note, const htest::Pearson& r) {
  switch (note) {
    case htest::PearsonNote::x_constant:
      return Message{"pearson.x_constant"};
    case htest::PearsonNote::y_constant:
      return Message{"pearson.y_constant"};
    case htest::PearsonNote::both_constant:
      return Message{"pearson.both_constant"};
    case htest::PearsonNote::perfect:
      return Message{"pearson.perfect", {{"r", r.r}}};
    case htest::PearsonNote::no_interval:
      return Message{"pearson.no_interval"};
  }
  return Message{};
}

Json pearson_json(const htest::Pearson& r) {
  return with_warnings(Json{{"n", r.n},
                            {"r", num(r.r)},
                            {"t", num(r.t)},
                            {"df", num(r.df)},
                            {"p", num(r.p)},
                            {"ci_low", num(r.ci_low)},
                            {"ci_high", num(r.ci_high)},
                            {"conf_level", r.conf_level}},
                       warnings_of(r.notes, [&r](auto note) { return pearson_note(note, r); }));
}

// chi_square

Error chi_square_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"chi_square.ragged", {{"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        pointer("table", f.index));
    case FaultKind::missing_value:
      return make_error(ErrorCode::invalid_input,
                        Message{"chi_square.missing_count", {{"row", f.index}, {"column", f.column}}},
                        pointer("table", f.index) + "/" + std::to_string(f.column));
    case FaultKind::bad_value:
      return make_error(ErrorCode::invalid_input,
                        Message{"chi_square.bad_count", {{"row", f.index}, {"column", f.column}, {"value", f.value}}},
                        pointer("table", f.index) + "/" + std::to_string(f.column));
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"chi_square.too_few_cells", {{"n", f.n}}}, "/table");
    case FaultKind::zero_total:
      return make_error(ErrorCode::insufficient_data, Message{"chi_square.zero_total"}, "/table");
    default:
      return unexpected_fault("chi_square", f);
  }
}

MsgParam row_or_column(bool row) {
  return row ? MsgParam::coded("dim", "row", "row") : MsgParam::coded("dim", "column", "column");
}

Message chi_square_note(const htest::ChiSquareNote& note) {
  using Kind = htest::ChiSquareNote::Kind;
  switch (note.kind) {
    case Kind::one_row:
    case Kind::one_column:
      return Message{"chi_square.goodness_of_fit", {row_or_column(note.kind == Kind::one_row)}};
    case Kind::empty_row:
    case Kind::empty_column:
      return Message{"chi_square.empty_line", {row_or_column(note.kind == Kind::empty_row), {"index", note.index}}};
    case Kind::small_expected:
      return Message{"chi_square.small_expected", {{"value", note.value}}};
  }
  return Message{};
}

Json chi_square_json(const htest::ChiSquare& r) {
  Json expected = Json::array();
  for (const auto& row : r.expected) expected.push_back(nums(row));
  return with_warnings(Json{{"method", r.method},
                            {"chi2", num(r.chi2)},
                            {"df", num(r.df)},
                            {"p", num(r.p)},
                            {"cramers_v", num(r.cramers_v)},
                            {"n", num(r.n)},
                            {"yates", r.yates},
                            {"expected", std::move(expected)}},
                       warnings_of(r.notes, chi_square_note));
}

// one_way_anova

Error anova_error(const Fault& f) {
  if (f.kind != FaultKind::too_few) return unexpected_fault("one_way_anova", f);
  if (f.counted == Counted::groups) {
    return make_error(ErrorCode::insufficient_data, Message{"one_way_anova.too_few_groups", {{"n", f.n}}}, "/groups");
  }
  if (f.index != Fault::kNone) {
    return make_error(ErrorCode::insufficient_data, Message{"one_way_anova.empty_group", {{"index", f.index}}},
                      pointer("groups", f.index));
  }
  return make_error(ErrorCode::insufficient_data,
                    Message{"one_way_anova.too_few_values", {{"k", f.limit - 1}, {"n", f.n}, {"min", f.limit}}},
                    "/groups");
}

Message anova_note(htest::AnovaNote note) {
  switch (note) {
    case htest::AnovaNote::no_within_variation:
      return Message{"one_way_anova.no_within_variation"};
    case htest::AnovaNote::no_variation:
      return Message{"one_way_anova.no_variation"};
  }
  return Message{};
}

Json anova_json(const htest::OneWayAnova& r) {
  Json groups = Json::array();
  for (const auto& g : r.groups) groups.push_back(Json{{"n", g.n}, {"mean", num(g.mean)}, {"sd", num(g.sd)}});
  return with_warnings(Json{{"F", num(r.F)},
                            {"df_between", num(r.df_between)},
                            {"df_within", num(r.df_within)},
                            {"p", num(r.p)},
                            {"eta_sq", num(r.eta_sq)},
                            {"ss_between", num(r.ss_between)},
                            {"ss_within", num(r.ss_within)},
                            {"ms_between", num(r.ms_between)},
                            {"ms_within", num(r.ms_within)},
                            {"groups", std::move(groups)}},
                       warnings_of(r.notes, anova_note));
}

// ancova and mixed_anova: groups as string labels

// The most distinct group labels of ancova and mixed_anova.
constexpr std::size_t kMaxGroups = 1000;

Error ancova_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    case FaultKind::lengths_differ: {
      const char* arg = f.index == 1 ? "covariate" : "group";
      return make_error(ErrorCode::invalid_input,
                        Message{"ancova.lengths_differ", {{"arg", arg}, {"n", f.n}, {"m", f.m}}},
                        std::string("/") + arg);
    }
    case FaultKind::too_few:
      if (f.counted == Counted::groups) {
        return make_error(ErrorCode::insufficient_data, Message{"ancova.too_few_groups", {{"n", f.n}}}, "/group");
      }
      return make_error(ErrorCode::insufficient_data,
                        Message{"ancova.too_few_rows", {{"k", f.limit - 1}, {"n", f.n}, {"min", f.limit}}}, "/y");
    default:
      return unexpected_fault("ancova", f);
  }
}

Message ancova_note(const htest::AncovaNote& note, const std::vector<std::string>& levels) {
  using Kind = htest::AncovaNote::Kind;
  switch (note.kind) {
    case Kind::rows_excluded:
      return Message{"ancova.rows_excluded", {{"n", note.n}}};
    case Kind::empty_level:
      return Message{"ancova.empty_group", {{"group", std::string(utf8_prefix(levels[note.level], kShownValue))}}};
    case Kind::covariate_constant:
      return Message{"ancova.covariate_constant"};
    case Kind::no_residual_df:
      return Message{"ancova.no_residual_df"};
    case Kind::perfect_fit:
      return Message{"ancova.perfect_fit"};
    case Kind::homogeneity_undefined:
      return Message{"ancova.homogeneity_undefined"};
  }
  return Message{};
}

Json ancova_json(const htest::Ancova& r, const std::vector<std::string>& levels) {
  Json means = Json::array();
  for (std::size_t g = 0; g < r.adjusted_means.size(); ++g) {
    const auto& m = r.adjusted_means[g];
    means.push_back(Json{{"group", levels[g]},
                         {"n", m.n},
                         {"mean", num(m.mean)},
                         {"se", num(m.se)},
                         {"ci_low", num(m.ci_low)},
                         {"ci_high", num(m.ci_high)},
                         {"y_mean", num(m.y_mean)},
                         {"covariate_mean", num(m.covariate_mean)}});
  }
  const auto& h = r.homogeneity;
  Json j{{"n", r.n},
         {"F", num(r.F)},
         {"df1", num(r.df1)},
         {"df2", num(r.df2)},
         {"p", num(r.p)},
         {"partial_eta_sq", num(r.partial_eta_sq)},
         {"slope", num(r.slope)},
         {"ss_group", num(r.ss_group)},
         {"ss_residual", num(r.ss_residual)},
         {"covariate_mean", num(r.covariate_mean)},
         {"conf_level", r.conf_level},
         {"adjusted_means", std::move(means)},
         {"homogeneity", Json{{"F", num(h.F)}, {"df1", num(h.df1)}, {"df2", num(h.df2)}, {"p", num(h.p)}}}};
  if (r.two_groups) {
    j["adjusted_diff"] = num(r.adjusted_diff);
    j["diff_se"] = num(r.diff_se);
    j["diff_ci_low"] = num(r.diff_ci_low);
    j["diff_ci_high"] = num(r.diff_ci_high);
    j["diff_groups"] = Json::array({levels[r.diff_first], levels[r.diff_second]});
  }
  return with_warnings(std::move(j), warnings_of(r.notes, [&levels](const auto& n) { return ancova_note(n, levels); }));
}

Error mixed_anova_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::too_few:
      if (f.counted == Counted::columns) {
        return make_error(ErrorCode::insufficient_data, Message{"mixed_anova.too_few_waves", {{"n", f.n}}}, "/scores");
      }
      return make_error(ErrorCode::insufficient_data, Message{"mixed_anova.too_few_groups", {{"n", f.n}}}, "/group");
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range, Message{"mixed_anova.too_many_waves", {{"n", f.n}, {"max", f.limit}}},
                        "/scores");
    case FaultKind::lengths_differ:
      return make_error(ErrorCode::invalid_input, Message{"mixed_anova.lengths_differ", {{"n", f.n}, {"m", f.m}}},
                        "/group");
    default:
      return unexpected_fault("mixed_anova", f);
  }
}

Message mixed_anova_note(const htest::MixedNote& note, const std::vector<std::string>& levels) {
  using Kind = htest::MixedNote::Kind;
  switch (note.kind) {
    case Kind::rows_excluded:
      return Message{"mixed_anova.rows_excluded", {{"n", note.n}}};
    case Kind::empty_level:
      return Message{"mixed_anova.empty_group", {{"group", std::string(utf8_prefix(levels[note.level], kShownValue))}}};
    case Kind::no_error_df:
      return Message{"mixed_anova.no_error_df"};
    case Kind::between_no_error:
      return Message{"mixed_anova.between_no_error"};
    case Kind::within_no_error:
      return Message{"mixed_anova.within_no_error"};
  }
  return Message{};
}

Json mixed_effect_json(const htest::MixedEffect& e, bool within) {
  Json j{{"F", num(e.F)},
         {"df1", num(e.df1)},
         {"df2", num(e.df2)},
         {"p", num(e.p)},
         {"partial_eta_sq", num(e.partial_eta_sq)},
         {"ss", num(e.ss)},
         {"ss_error", num(e.ss_error)}};
  if (within) {
    j["gg_epsilon"] = num(e.gg_epsilon);
    j["p_gg"] = num(e.p_gg);
  }
  return j;
}

Json mixed_anova_json(const htest::MixedAnova& r, const std::vector<std::string>& levels) {
  Json groups = Json::array();
  for (std::size_t g = 0; g < levels.size(); ++g) {
    groups.push_back(Json{{"group", levels[g]}, {"n", r.group_n[g]}, {"means", nums(r.means[g])}});
  }
  return with_warnings(Json{{"n", r.n},
                            {"k", r.k},
                            {"between", mixed_effect_json(r.between, false)},
                            {"within", mixed_effect_json(r.within, true)},
                            {"interaction", mixed_effect_json(r.interaction, true)},
                            {"groups", std::move(groups)}},
                       warnings_of(r.notes, [&levels](const auto& n) { return mixed_anova_note(n, levels); }));
}

// p_adjust

Error p_adjust_error(const Fault& f) {
  if (f.kind == FaultKind::bad_value) {
    return make_error(ErrorCode::invalid_input, Message{"p_adjust.bad_p", {{"index", f.index}, {"value", f.value}}},
                      pointer("p", f.index));
  }
  return unexpected_fault("p_adjust", f);
}

Json p_adjust_json(const htest::PAdjust& r) {
  return with_warnings(Json{{"method", htest::r_name(r.method)}, {"n", r.n}, {"adjusted", nums(r.adjusted)}}, {});
}

// shapiro_wilk

Error shapiro_wilk_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"shapiro_wilk.too_few_values", {{"n", f.n}}}, "/x");
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range, Message{"shapiro_wilk.too_many_values", {{"n", f.n}}}, "/x");
    default:
      return unexpected_fault("shapiro_wilk", f);
  }
}

Message shapiro_wilk_note(htest::ShapiroWilkNote note) {
  switch (note) {
    case htest::ShapiroWilkNote::constant:
      return Message{"shapiro_wilk.constant"};
  }
  return Message{};
}

Json shapiro_wilk_json(const htest::ShapiroWilk& r) {
  return with_warnings(Json{{"n", r.n}, {"W", num(r.W)}, {"p", num(r.p)}}, warnings_of(r.notes, shapiro_wilk_note));
}

// wilcoxon_signed_rank

Error wilcoxon_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::lengths_differ:
      return make_error(ErrorCode::invalid_input,
                        Message{"wilcoxon_signed_rank.lengths_differ", {{"n", f.n}, {"m", f.m}}}, "/post");
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"wilcoxon_signed_rank.no_pairs"}, "/pre");
    case FaultKind::all_zero:
      return make_error(ErrorCode::insufficient_data, Message{"wilcoxon_signed_rank.all_zero", {{"n", f.n}}}, "/post");
    default:
      return unexpected_fault("wilcoxon_signed_rank", f);
  }
}

Message wilcoxon_note(htest::WilcoxonNote note) {
  switch (note) {
    case htest::WilcoxonNote::normal_for_ties:
      return Message{"wilcoxon_signed_rank.normal_for_ties"};
    case htest::WilcoxonNote::normal_for_zeros:
      return Message{"wilcoxon_signed_rank.normal_for_zeros"};
    case htest::WilcoxonNote::normal_for_ties_and_zeros:
      return Message{"wilcoxon_signed_rank.normal_for_ties_and_zeros"};
  }
  return Message{};
}

Json wilcoxon_json(const htest::WilcoxonSignedRank& r) {
  return with_warnings(
      Json{{"n", r.n}, {"V", num(r.V)}, {"p", num(r.p)}, {"method", r.method}, {"n_zero", r.n_zero}, {"z", num(r.z)}},
      warnings_of(r.notes, wilcoxon_note));
}

// spearman

Error spearman_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::lengths_differ:
      return make_error(ErrorCode::invalid_input, Message{"spearman.lengths_differ", {{"n", f.n}, {"m", f.m}}}, "/y");
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"spearman.too_few_pairs", {{"n", f.n}}}, "/x");
    default:
      return unexpected_fault("spearman", f);
  }
}

Message spearman_note(htest::SpearmanNote note) {
  switch (note) {
    case htest::SpearmanNote::x_constant:
      return Message{"spearman.x_constant"};
    case htest::SpearmanNote::y_constant:
      return Message{"spearman.y_constant"};
    case htest::SpearmanNote::both_constant:
      return Message{"spearman.both_constant"};
    case htest::SpearmanNote::t_for_ties:
      return Message{"spearman.t_for_ties"};
  }
  return Message{};
}

Json spearman_json(const htest::Spearman& r) {
  return with_warnings(Json{{"n", r.n}, {"rho", num(r.rho)}, {"S", num(r.S)}, {"p", num(r.p)}, {"method", r.method}},
                       warnings_of(r.notes, spearman_note));
}

// fisher_exact

Error fisher_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    case FaultKind::bad_value:
      return make_error(ErrorCode::invalid_input,
                        Message{"fisher_exact.bad_count", {{"row", f.index}, {"column", f.column}, {"value", f.value}}},
                        pointer("table", f.index) + "/" + std::to_string(f.column));
    case FaultKind::zero_total:
      return make_error(ErrorCode::insufficient_data, Message{"fisher_exact.zero_total"}, "/table");
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range,
                        Message{"fisher_exact.too_large", {{"value", f.value}, {"max", htest::kFisherMaxTotal}}},
                        "/table");
    default:
      return unexpected_fault("fisher_exact", f);
  }
}

Message fisher_note(htest::FisherNote note) {
  switch (note) {
    case htest::FisherNote::empty_margin:
      return Message{"fisher_exact.empty_margin"};
    case htest::FisherNote::infinite_odds_ratio:
      return Message{"fisher_exact.infinite_odds_ratio"};
  }
  return Message{};
}

Json fisher_json(const htest::FisherExact& r) {
  return with_warnings(Json{{"p", num(r.p)},
                            {"odds_ratio", num(r.odds_ratio)},
                            {"ci_low", num(r.ci_low)},
                            {"ci_high", num(r.ci_high)},
                            {"conf_level", r.conf_level},
                            {"n", static_cast<long long>(r.n)}},
                       warnings_of(r.notes, fisher_note));
}

// proportion

Error proportion_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    case FaultKind::bad_value:
      if (f.index == 1) {
        return make_error(ErrorCode::invalid_input, Message{"proportion.n_not_count", {{"value", f.value}}}, "/n");
      }
      return make_error(ErrorCode::invalid_input, Message{"proportion.x_not_count", {{"value", f.value}}}, "/x");
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"proportion.n_zero"}, "/n");
    default:
      return unexpected_fault("proportion", f);
  }
}

Json proportion_json(const htest::Proportion& r) {
  // counts below 2^53 (count_arg), written as the integers they are
  return with_warnings(Json{{"x", static_cast<long long>(r.x)},
                            {"n", static_cast<long long>(r.n)},
                            {"estimate", num(r.estimate)},
                            {"ci_low", num(r.ci_low)},
                            {"ci_high", num(r.ci_high)},
                            {"conf_level", r.conf_level}},
                       {});
}

// A required count (a number; null is refused).
double count_arg(Args& a, const char* key) {
  if (!a.has(key)) fail(ErrorCode::invalid_input, Message{"args.missing", {{"arg", key}}}, std::string("/") + key);
  const double v = a.number(key, kMissing, 0.0, 9007199254740992.0);  // 2^53: every count below is exact
  if (is_missing(v)) {
    fail(ErrorCode::invalid_input, Message{"args.null_not_allowed", {{"arg", key}}}, std::string("/") + key);
  }
  return v;
}

// correlation_matrix

// Pairs cost k (k - 1) / 2 correlations: 200 variables are 19 900 of them.
constexpr std::size_t kMaxCorrelationVariables = 200;

struct NamedVariables {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;
};

NamedVariables read_variables(Args& a) {
  const Json& v = a.value("variables");
  if (!v.is_array()) {
    fail(ErrorCode::invalid_input, Message{"correlation_matrix.variables_not_array", {json_type_param(v)}},
         "/variables");
  }
  if (v.size() > kMaxCorrelationVariables) {
    fail(ErrorCode::out_of_range,
         Message{"correlation_matrix.too_many_variables", {{"n", v.size()}, {"max", kMaxCorrelationVariables}}},
         "/variables");
  }
  NamedVariables out;
  std::map<std::string, std::size_t> seen;
  std::size_t cells = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const Json& e = v[i];
    const std::string at = pointer("variables", i);
    if (!e.is_object()) {
      fail(ErrorCode::invalid_input,
           Message{"correlation_matrix.variable_not_object", {{"index", i}, json_type_param(e)}}, at);
    }
    auto name = e.find("name");
    if (name == e.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
      fail(ErrorCode::invalid_input, Message{"correlation_matrix.name_missing", {{"index", i}}}, at + "/name");
    }
    const std::string& nm = name->get_ref<const std::string&>();
    auto [it, fresh] = seen.emplace(nm, i);
    if (!fresh) {
      fail(ErrorCode::invalid_input,
           Message{"correlation_matrix.name_twice",
                   {{"index", i}, {"name", utf8_prefix(nm, kShownName)}, {"first", it->second}}},
           at + "/name");
    }
    auto values = e.find("values");
    if (values == e.end()) {
      fail(ErrorCode::invalid_input, Message{"correlation_matrix.values_missing", {{"index", i}}}, at + "/values");
    }
    cells += values->is_array() ? values->size() : 0;
    if (cells > limits::kMaxValues) {
      fail(ErrorCode::out_of_range,
           Message{"args.too_many_cells",
                   {{"arg", "variables"}, {"rows", v.size()}, {"n", cells}, {"max", limits::kMaxValues}}},
           "/variables");
    }
    out.values.push_back(a.numbers_in(*values, "variables[" + std::to_string(i) + "].values", at + "/values"));
    out.names.push_back(nm);
  }
  return out;
}

Error correlation_matrix_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"correlation_matrix.too_few_variables", {{"n", f.n}}},
                        "/variables");
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"correlation_matrix.lengths_differ", {{"index", f.index}, {"n", f.n}, {"m", f.m}}},
                        pointer("variables", f.index) + "/values");
    default:
      return unexpected_fault("correlation_matrix", f);
  }
}

Message correlation_pair_note(const htest::CorrelationPairNote& note, const htest::CorrelationPair& pair,
                              const std::vector<std::string>& names) {
  using Kind = htest::CorrelationPairNote::Kind;
  const std::string x(utf8_prefix(names[pair.x], kShownName));
  const std::string y(utf8_prefix(names[pair.y], kShownName));
  switch (note.kind) {
    case Kind::too_few_pairs:
      return Message{"correlation_matrix.pair_too_few", {{"x", x}, {"y", y}, {"n", pair.n}}};
    case Kind::constant:
      return Message{"correlation_matrix.pair_constant",
                     {{"x", x}, {"y", y}, {"variable", std::string(utf8_prefix(names[note.variable], kShownName))}}};
    case Kind::no_interval:
      return Message{"correlation_matrix.pair_no_interval", {{"x", x}, {"y", y}}};
  }
  return Message{};
}

Json correlation_matrix_json(const htest::CorrelationMatrix& r, const std::vector<std::string>& names) {
  const bool pearson = r.method == htest::CorrelationMethod::pearson;
  Json pairs = Json::array();
  std::vector<Message> warnings;
  for (const auto& pair : r.pairs) {
    Json j{{"x", names[pair.x]}, {"y", names[pair.y]}, {"n", pair.n},
           {"r", num(pair.r)},   {"p", num(pair.p)},   {"p_holm", num(pair.p_holm)}};
    if (pearson) {
      j["ci_low"] = num(pair.ci_low);
      j["ci_high"] = num(pair.ci_high);
    } else {
      j["p_method"] = pair.p_method.empty() ? Json(nullptr) : Json(pair.p_method);
    }
    pairs.push_back(std::move(j));
    for (const auto& note : pair.notes) warnings.push_back(correlation_pair_note(note, pair, names));
  }
  Json out{{"method", pearson ? "pearson" : "spearman"}, {"pairs", std::move(pairs)}};
  if (pearson) out["conf_level"] = r.conf_level;
  return with_warnings(std::move(out), warnings);
}

}  // namespace

Json op_paired_t(Args& a) {
  auto pre = a.numbers("pre");
  auto post = a.numbers("post");
  return paired_t_json(value_or_fail(htest::paired_t(pre, post, conf_level(a)), paired_t_error));
}

Json op_independent_t(Args& a) {
  auto x = a.numbers("x");
  auto y = a.numbers("y");
  bool equal_var = a.boolean("equal_var", false);
  return independent_t_json(value_or_fail(htest::independent_t(x, y, equal_var, conf_level(a)), independent_t_error));
}

Json op_pearson(Args& a) {
  auto x = a.numbers("x");
  auto y = a.numbers("y");
  return pearson_json(value_or_fail(htest::pearson(x, y, conf_level(a)), pearson_error));
}

Json op_chi_square(Args& a) {
  auto table = a.matrix("table", false);
  bool correct = a.boolean("correct", true);
  return chi_square_json(value_or_fail(htest::chi_square(table, correct), chi_square_error));
}

Json op_one_way_anova(Args& a) {
  auto groups = a.arrays("groups");
  return anova_json(value_or_fail(htest::one_way_anova(groups), anova_error));
}

Json op_ancova(Args& a) {
  auto y = a.numbers("y");
  auto covariate = a.numbers("covariate");
  auto group = a.labels("group", kMaxGroups);
  auto r = value_or_fail(htest::ancova(y, covariate, group.index, group.levels.size(), conf_level(a)), ancova_error);
  return ancova_json(r, group.levels);
}

Json op_mixed_anova(Args& a) {
  auto scores = a.matrix("scores");
  auto group = a.labels("group", kMaxGroups);
  const std::size_t k = scores.empty() ? 0 : scores.front().size();
  std::vector<double> flat;
  flat.reserve(scores.size() * k);
  for (const auto& row : scores) flat.insert(flat.end(), row.begin(), row.end());
  scores.clear();
  auto r = value_or_fail(htest::mixed_anova(flat, k, group.index, group.levels.size()), mixed_anova_error);
  return mixed_anova_json(r, group.levels);
}

Json op_p_adjust(Args& a) {
  auto p = a.numbers("p");
  auto name = a.choice("method", {"holm", "bonferroni", "hochberg", "BH"}, nullptr);
  auto method = htest::p_adjust_method(name);
  if (!method) {  // choice() has checked the name already
    fail(ErrorCode::invalid_input,
         Message{"args.choice_invalid",
                 {{"arg", "method"},
                  {"text", utf8_prefix(name, kShownValue)},
                  {"choices", "holm, bonferroni, hochberg, BH"}}},
         "/method");
  }
  return p_adjust_json(value_or_fail(htest::p_adjust(p, *method), p_adjust_error));
}

Json op_shapiro_wilk(Args& a) {
  auto x = a.numbers("x");
  return shapiro_wilk_json(value_or_fail(htest::shapiro_wilk(x), shapiro_wilk_error));
}

Json op_wilcoxon_signed_rank(Args& a) {
  auto pre = a.numbers("pre");
  auto post = a.numbers("post");
  bool correct = a.boolean("correct", true);
  return wilcoxon_json(value_or_fail(htest::wilcoxon_signed_rank(pre, post, correct), wilcoxon_error));
}

Json op_spearman(Args& a) {
  auto x = a.numbers("x");
  auto y = a.numbers("y");
  return spearman_json(value_or_fail(htest::spearman(x, y), spearman_error));
}

Json op_fisher_exact(Args& a) {
  auto table = a.matrix("table", false);
  if (table.size() != 2 || table[0].size() != 2) {
    fail(ErrorCode::invalid_input,
         Message{"fisher_exact.not_2x2", {{"rows", table.size()}, {"columns", table.empty() ? 0 : table[0].size()}}},
         "/table");
  }
  const double level = conf_level(a);
  return fisher_json(
      value_or_fail(htest::fisher_exact(table[0][0], table[0][1], table[1][0], table[1][1], level), fisher_error));
}

Json op_proportion(Args& a) {
  const double x = count_arg(a, "x");
  const double n = count_arg(a, "n");
  return proportion_json(value_or_fail(htest::proportion(x, n, conf_level(a)), proportion_error));
}

Json op_correlation_matrix(Args& a) {
  NamedVariables vars = read_variables(a);
  const std::string method = a.choice("method", {"pearson", "spearman"}, "pearson");
  const auto m = method == "spearman" ? htest::CorrelationMethod::spearman : htest::CorrelationMethod::pearson;
  // conf_level concerns the Pearson interval; spearman leaves it unread (and warns when given).
  const double level = m == htest::CorrelationMethod::pearson ? conf_level(a) : 0.95;
  return correlation_matrix_json(
      value_or_fail(htest::correlation_matrix(vars.values, m, level), correlation_matrix_error), vars.names);
}

}  // namespace assess::api::detail
