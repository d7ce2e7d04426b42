// The pre-post analysis of a study: every number of the results tables from
// the scored, linked responses of one instrument. Reproduces, per subscale and
// for the total, R's t.test(post, pre, paired = TRUE), shapiro.test(gain),
// wilcox.test(post, pre, paired = TRUE) with the matched-pairs rank-biserial
// correlation, p.adjust(method = "holm") over the subscales for the t and,
// separately, the Wilcoxon p-values (the total is outside both families), d_z
// with its noncentral-t interval, psych::alpha with the Feldt interval per
// subscale and for all items in each wave (beside it McDonald's omega from
// lavaan's one-factor model, the Spearman-Brown coefficient of two items,
// the total's omega from the correlated-factors model of the subscales and
// that model's confirmatory factor analysis), programme profiles with the same
// tests per programme (from kProgrammeTestMin pairs; Shapiro-Wilk from
// kProgrammeShapiroMin), and - when the responses carry groups - the same
// per group; with a focal and a reference group (analysis::group_roles), on
// the pairs with both scores, focal minus reference: Welch's t (Student's
// with equal_var) on the gains, the pre scores and the post scores with
// Cohen's d (pooled SD), Hedges' g and Holm over subscales, the ANCOVA of
// post adjusted for pre (htest::ancova), the group x wave mixed ANOVA
// (htest::mixed_anova), and per group the pre scores of the students with a
// pre-test only against the completers'. Scored numbers (GPA) are scores of
// every table, outside the Holm families. The references are
// fixtures/reference/R/demo_analysis.R, prepost_effects.R and
// demo2_analysis.R.
//
// Input is flat: answers row-major (records x items), one wave/programme/
// group index per record, and the linked pairs (record indices). Scoring is
// one pass over the rows with instrument::Scorer; nothing is per-respondent
// JSON, so a million respondents cost a few vectors of doubles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/core/result.hpp"
#include "assess/instrument/model.hpp"

namespace assess::analysis {

// A record's wave: the instrument's first (pre, the baseline) and second
// (post) waves, a later one (later_wave(j): the wave of LaterWave j), or
// none of them (other).
enum class Wave : signed char { other = -1, pre = 0, post = 1 };
constexpr Wave later_wave(std::size_t j) { return static_cast<Wave>(2 + static_cast<int>(j)); }

// A view of the response records of one instrument in flat arrays (the
// arrays belong to the caller, e.g. a data::ResponseTable, and must outlive
// the call). Records whose wave is `other` (another wave, or left out by a
// filter) take no part.
struct PrePostData {
  // A record's programme when it names none (a group without programme,
  // assess-study/2): in no programme profile.
  static constexpr std::uint32_t kNoProgramme = 0xFFFFFFFFu;
  std::size_t n_records = 0;
  std::size_t n_items = 0;                   // = Instrument::items.size(), in that order
  const double* answers = nullptr;           // n_records x n_items, row-major; NaN = not answered
  std::vector<Wave> wave;                    // per record
  const std::uint32_t* programme = nullptr;  // per record: index into programme_ids, or kNoProgramme
  std::vector<std::string> programme_ids;    // in report order; "" = none
  const std::uint32_t* group = nullptr;      // per record: index into group_ids; nullptr = no groups
  std::vector<std::string> group_ids;        // in report order; "" = no group
  // The study whose group roles name the focal and the reference groups
  // (analysis::group_roles: assess-study/2); nullptr or an assess-study/1:
  // reference_group's rule. Must outlive the call.
  const instrument::Study* study = nullptr;
  // The ids of the first and the second wave (the wave_pairs' from and to).
  std::string first_wave = "pre", second_wave = "post";
};

// One linked respondent: the record indices of the pre and post responses.
struct Pair {
  std::size_t pre = 0, post = 0;
};

// A wave of the instrument after the second (a follow-up), with data: its
// id and its records linked to the first wave's (Pair::pre: the first
// wave's record, Pair::post: this wave's, whose Wave is later_wave(j) for
// the j-th later wave).
struct LaterWave {
  std::string id;
  std::vector<Pair> pairs;
};

struct PrePostOptions {
  double conf_level = 0.95;
  double normality_alpha = 0.05;  // Shapiro-Wilk p below this makes Wilcoxon the primary test
  // Student's t (pooled variance) instead of Welch's in every two-group t
  // of the analysis: gains, baseline, post and attrition.
  bool equal_var = false;
};

struct MeanSd {
  double mean = kMissing, sd = kMissing;
};

// A confidence interval; both limits missing when it is undefined.
struct Interval {
  double low = kMissing, high = kMissing;
};

// Pre-post of one subscale (or the total) over the pairs with both scores.
struct PrePostTest {
  std::string id;
  long n_pairs = 0;
  MeanSd pre, post, gain;
  // The intervals of the pre and post means over the same pairs, as R's
  // t.test(x, conf.level)$conf.int (the charts draw them).
  Interval pre_ci, post_ci;
  double shapiro_W = kMissing, shapiro_p = kMissing;
  double t = kMissing, df = kMissing, p = kMissing, p_holm = kMissing;
  double ci_low = kMissing, ci_high = kMissing;
  double dz = kMissing, dz_ci_low = kMissing, dz_ci_high = kMissing;
  double wilcoxon_V = kMissing, wilcoxon_p = kMissing;
  long wilcoxon_n = 0;  // -1: the test was not run (a programme below kProgrammeTestMin; JSON null)
  std::string wilcoxon_method;
  // Holm over the Wilcoxon p-values of the same family as p_holm.
  double wilcoxon_p_holm = kMissing;
  // Matched-pairs rank-biserial correlation of the non-zero gains:
  // (sum of the ranks of the positive gains - sum of those of the negative
  // gains) / (n (n + 1) / 2) = 2 V / (n (n + 1) / 2) - 1, as
  // effectsize::rank_biserial(post, pre, paired = TRUE); positive when post
  // exceeds pre. Missing when every gain is zero; -1 or +1 by sign when the
  // gains are one non-zero value (where effectsize answers +1 for both).
  double r_rb = kMissing;
  std::string primary_test;  // "paired_t", "wilcoxon", or "" when the t test did not run (JSON null)
  bool in_family = true;     // false for the total (no p_holm)
};

// Reliability of one score in one wave: Cronbach's alpha with its Feldt
// interval; beside it, for k >= 3, McDonald's omega_total (a subscale: its
// one-factor model, reliability::omega; the total: the correlated-factors
// model of the subscales, see FactorModel), for k = 2 the Spearman-Brown
// coefficient (cronbach_alpha's std_alpha, which equals 2r / (1 + r)).
struct AlphaEntry {
  std::string id;
  double alpha = kMissing, ci_low = kMissing, ci_high = kMissing;
  long n = 0, k = 0;
  double omega = kMissing;           // k >= 3 (JSON null when NaN)
  double spearman_brown = kMissing;  // k = 2
};

// The instrument's own factor structure: every subscale of at least two
// items is a factor (correlated factors); an instrument without subscales
// is one factor of all its Likert items (the total's). The Likert items in
// no factor (a subscale of one item, an item counted in the total only) are
// left out. Empty (no factors) when no model can be identified: no factor
// of two items, or a single factor of fewer than three.
struct FactorStructure {
  std::vector<std::string> ids;                 // the factors, in the instrument's order
  std::vector<std::vector<std::size_t>> items;  // their items (indices into Instrument::items), in item order
  std::vector<std::size_t> left_out;            // Likert items in no factor
};

// The confirmatory factor analysis (reliability::cfa) of the structure in
// one wave, on the keyed complete rows of its items. Its fit is reported
// (fitted) only when n >= required_n = max(kFactorMinN, kFactorPerItem k);
// below that the model is still estimated for the total's omega.
inline constexpr long kFactorMinN = 200;
inline constexpr long kFactorPerItem = 10;
struct FactorModel {
  enum class Reason { none, structure, sample_size, fit_failed };
  Reason reason = Reason::structure;  // none when fitted
  long n = 0, k = 0, required_n = 0;  // complete rows, items (JSON null with Reason::structure)
  bool fitted = false;
  // When fitted (the kernel's fields; fit indices NaN when not converged):
  bool converged = false;
  int iterations = 0;
  double chisq = kMissing, df = kMissing, p = kMissing, cfi = kMissing, tli = kMissing, rmsea = kMissing,
         rmsea_ci_low = kMissing, rmsea_ci_high = kMissing, srmr = kMissing;
  std::vector<double> std_loadings;         // factor by factor, items in FactorStructure order
  std::vector<double> factor_correlations;  // m x m row-major
};

// Descriptive pre/post/gain of one subscale within a programme.
struct ProfileEntry {
  std::string id;
  long n = 0;
  MeanSd pre, post, gain;
};

// The entries of one table of the analysis: one per subscale (a Holm
// family), the total, and one per scored number of the instrument (an
// item of type number with `score`, e.g. GPA), which are read on their own
// as the total is (outside the family).
template <class Entry>
struct ScoreBlock {
  std::vector<Entry> subscales;
  std::optional<Entry> total;
  std::vector<Entry> numbers;
};

using PrePostBlock = ScoreBlock<PrePostTest>;

// The within-programme tests need this many pairs with both scores of a
// subscale (t, its interval, d_z, Wilcoxon and r_rb; below it they are
// null), Shapiro-Wilk kProgrammeShapiroMin.
constexpr long kProgrammeTestMin = 5;
constexpr long kProgrammeShapiroMin = 3;

struct ProgrammeProfile {
  std::string id;
  long n_pairs = 0;
  std::vector<ProfileEntry> subscales;
  std::optional<ProfileEntry> total;
  std::vector<ProfileEntry> numbers;
  // The pre-post tests within the programme, one per entry of subscales
  // (total, numbers): a Holm family of its own across its subscales.
  PrePostBlock tests;
};

// The first wave against a later one (second, third, ...): the pre-post
// tests over their linked records, a Holm family of its own across the
// subscales. n_records: the later wave's records.
struct WavePairTests {
  std::string from, to;
  long n_records = 0, n_pairs = 0;
  PrePostBlock tests;
};

struct GroupPrePost {
  std::string id;
  long n_pairs = 0;
  PrePostBlock tests;
  std::vector<WavePairTests> wave_pairs;  // with a later wave only: the first wave against each later one
};

// Two samples compared on one score, the first minus the second: Welch's t
// (Student's with PrePostOptions::equal_var), Cohen's d with the pooled SD
// and its noncentral-t interval, Hedges' g, as htest::independent_t. The
// samples are the focal and the reference group (their gains, pre or post
// scores over the pairs with both scores), or in the attrition block the
// pre scores of the students with a pre-test only and of the completers.
struct TwoGroupTest {
  std::string id;
  long n_focal = 0, n_reference = 0;
  MeanSd focal, reference;
  double mean_diff = kMissing, t = kMissing, df = kMissing, p = kMissing, p_holm = kMissing;
  double ci_low = kMissing, ci_high = kMissing;
  double d = kMissing, d_ci_low = kMissing, d_ci_high = kMissing, g = kMissing;
  bool in_family = true;
};
using GainComparison = TwoGroupTest;

// A comparison of the focal with the reference group (gains, baseline or
// post scores), Holm over the subscales.
struct GroupComparison {
  std::string focal, reference;
  ScoreBlock<TwoGroupTest> scores;
};

struct AdjustedMean {
  std::string group;
  double mean = kMissing, se = kMissing, ci_low = kMissing, ci_high = kMissing;
};

struct FTest {
  double F = kMissing, df1 = kMissing, df2 = kMissing, p = kMissing;
};

// Post adjusted for pre (htest::ancova over the pairs with both scores of
// the focal and the reference group), the difference focal minus reference.
struct AncovaEntry {
  std::string id;
  long n = 0;
  double F = kMissing, df1 = kMissing, df2 = kMissing, p = kMissing, p_holm = kMissing;
  double partial_eta_sq = kMissing, slope = kMissing;
  std::vector<AdjustedMean> adjusted_means;  // focal, then reference
  double adjusted_diff = kMissing, diff_ci_low = kMissing, diff_ci_high = kMissing;
  FTest homogeneity;
  bool in_family = true;
};

struct MixedEffectEntry {
  double F = kMissing, df1 = kMissing, df2 = kMissing, p = kMissing, partial_eta_sq = kMissing;
  double gg_epsilon = kMissing, p_gg = kMissing;  // within and interaction only
};

// Group (focal, reference) x wave (pre, post) mixed ANOVA (htest::mixed_anova,
// type III), Holm over the subscales' interaction p_gg.
struct MixedEntry {
  std::string id;
  long n = 0;
  MixedEffectEntry between, within, interaction;
  double interaction_p_holm = kMissing;
  bool in_family = true;
};

// A later wave's scores of the focal against the reference group (shaped
// as the post block) and adjusted for the first wave's (as the ancova).
struct LaterComparison {
  std::string wave;
  GroupComparison scores;
  ScoreBlock<AncovaEntry> ancova;
};

// Every comparison of one focal group with the reference.
struct FocalComparison {
  std::string focal, reference;
  GroupComparison gains, baseline, post;
  ScoreBlock<AncovaEntry> ancova;
  // Over every wave with data (complete cases); named when more than two.
  ScoreBlock<MixedEntry> mixed;
  std::vector<std::string> mixed_waves;
  std::vector<LaterComparison> later;  // per later wave
};

// One group's attrition: the pre scores of its students with a pre-test
// only (pre records in no pair; TwoGroupTest's first sample) against those
// of its completers (its pairs with a pre score; the second). No Holm.
struct Attrition {
  std::string group;
  long n_pre_only = 0, n_completers = 0;
  ScoreBlock<TwoGroupTest> scores;
};

// The one place that names the reference group of a comparison: of the
// group ids in order, the index of the group "control" when there is one,
// else the last (with two groups: the second). Which group plays which role
// is the study model's rule (analysis::group_roles); with an assess-study/1
// or no study that rule is this one.
std::size_t reference_group(const std::vector<std::string>& ids);

struct Groups {
  std::vector<std::string> levels;  // ids of the groups among the pairs, in group_ids order
  std::vector<GroupPrePost> by_group;
  // One per focal group (group_roles), in study order; empty without a
  // reference and a focal group among the levels.
  std::vector<FocalComparison> focal;
  std::vector<Attrition> attrition;  // per level, with a comparison only
};

struct PrePostAnalysis {
  std::size_t n_subscales = 0;
  bool has_total = false;
  std::size_t n_numbers = 0;  // scored numbers
  // subscale ids, then the total id when there is one, then the scored numbers' ids
  std::vector<std::string> score_ids;
  long n_pre = 0, n_post = 0, n_pairs = 0;
  std::vector<long> missing_pre, missing_post;  // per score_ids entry: records whose score is missing
  PrePostBlock tests;
  // With a later wave only: the first wave against each later one.
  std::vector<WavePairTests> wave_pairs;
  std::vector<AlphaEntry> reliability_pre, reliability_post;  // per subscale and the total
  FactorStructure factor_structure;
  FactorModel factor_pre, factor_post;
  std::vector<ProgrammeProfile> programmes;
  std::optional<Groups> groups;
  // Sentences naming the part of the report they concern ("group control,
  // adapt: ..."), with ids in core/messages/analysis.inc.
  std::vector<Message> warnings;
};

// Scores, tests and tables. The scores are the subscales and the total over
// the Likert items and the scored numbers (other items are not read). Fails (invalid_input) on inconsistent input or a
// conf_level outside (0, 1) and (insufficient_data) when there is no pair at
// all; statistics that a part of the data cannot support (one pair, constant
// gains, n > 5000 for Shapiro-Wilk) are null with a warning instead.
// later: the waves after the second with data, in time order (their
// records' Wave later_wave(j)); each adds the wave_pairs, the later blocks
// of the group comparison and a wave of the mixed ANOVA.
Result<PrePostAnalysis> analyze_prepost(const instrument::Instrument& ins, const PrePostData& data,
                                        const std::vector<Pair>& pairs, const PrePostOptions& opt = {},
                                        const std::vector<LaterWave>& later = {});

// JSON of the parts (names as docs/analysis.md). The op assembles them with
// the counts, import problems and linking of the data layer.
Json subscales_json(const PrePostBlock& b);  // array of the subscale entries
Json numbers_json(const PrePostBlock& b);    // array of the scored numbers' entries
Json test_json(const PrePostTest& t);
Json wave_pairs_json(const std::vector<WavePairTests>& w);  // [{from, to, n_pairs, subscales, total, numbers}]
Json reliability_json(const PrePostAnalysis& a);            // {"pre": {id: {...}}, "post": {...}}
// {"pre": {fitted, reason, n, k, required_n, factors, items_left_out, ...}, "post": {...}}
Json factor_model_json(const PrePostAnalysis& a, const instrument::Instrument& ins);
Json programmes_json(const PrePostAnalysis& a);
Json groups_json(const Groups& g);
Json missing_scores_json(const PrePostAnalysis& a);  // {"pre": {id: n}, "post": {...}}

}  // namespace assess::analysis
