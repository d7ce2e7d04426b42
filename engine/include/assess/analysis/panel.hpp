// The expert-panel analysis: agreement of experts rating the programmes on
// the criteria of a rubric. For each criterion, Kendall's W over the experts
// ranking the programmes (average ranks, Kendall's tie correction), its
// chi-square test (as irr::kendall with correct = TRUE), and the mean, SD and
// ranks of every programme; the same for each expert's mean over all
// criteria ("overall"). Criteria with W < 0.5 are flagged.
// The reference is fixtures/reference/R/demo_analysis.R.
//
// Beside W, per criterion and overall: the mean over the programmes (of the
// programme means), the ICC for absolute agreement (ICC2, one expert, and
// ICC2k, the panel's mean; agreement::icc with rows = experts, columns =
// programmes), Krippendorff's alpha (interval and ordinal), and, for a panel
// of exactly two experts, Cohen's kappa with linear weights over the
// rubric's scale points. "overall" rates each expert's mean over the
// criteria (as W); its kappa pools every criterion x programme cell (the
// means are not scale points). The choices: docs/analysis.md "Expert panel".
//
// Missing ratings: an expert with a missing rating on a criterion is left out
// of that criterion's W and mean ranks (m counts the experts used); the
// programme means use every rating given. "overall" needs all criteria.
// The ICC keeps the programmes rated by every expert (the kernel's rule),
// alpha uses every pairable rating, kappa the programmes both experts rated.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/core/result.hpp"
#include "assess/instrument/model.hpp"

namespace assess::analysis {

// Rating records in flat arrays: one record = one expert rating one object
// (programme) on every criterion of the rubric.
struct PanelData {
  std::size_t n_records = 0;
  std::size_t n_criteria = 0;  // = Rubric::criteria.size(), in that order
  std::vector<double> scores;  // n_records x n_criteria, row-major; NaN = not rated
  std::vector<int> expert;     // per record: index into expert_ids
  std::vector<std::string> expert_ids;
  std::vector<int> object;              // per record: index into object_ids
  std::vector<std::string> object_ids;  // report order; objects without a rating are left out
  std::vector<std::string> comment;     // per record, "" = none; may be empty (no comments at all)
};

// An ICC form as the report shows it (ICC2 or ICC2k of agreement::icc).
struct PanelIccForm {
  double icc = kMissing, F = kMissing, df1 = kMissing, df2 = kMissing, p = kMissing;
  double ci_low = kMissing, ci_high = kMissing;
};

// Absolute agreement of the experts' scores (agreement::icc).
struct PanelIcc {
  bool computed = false;  // false: the kernel refused (too few complete programmes): null in the JSON
  long n = 0, k = 0, n_excluded = 0;
  PanelIccForm icc2, icc2k;
};

// Cohen's kappa of a two-expert panel, linear weights over the scale points.
struct PanelKappa {
  bool computed = false;
  long n = 0;  // pairs used
  double kappa = kMissing, se = kMissing, ci_low = kMissing, ci_high = kMissing;
};

// One expert's comment on one programme.
struct PanelComment {
  std::string programme, expert, text;
};

struct PanelProgramme {
  std::string id;
  long n = 0;  // ratings given
  double mean = kMissing, sd = kMissing;
  double mean_rank = kMissing;  // mean over the experts used of the programme's rank, 1 = best
  double rank = kMissing;       // place by mean rating, 1 = best, ties averaged
};

struct PanelCriterion {
  std::string id;
  double W = kMissing, chi2 = kMissing, df = kMissing, p = kMissing;
  long m = 0, n = 0;           // experts used, programmes
  bool low_agreement = false;  // W < 0.5
  double mean = kMissing;      // mean over the programmes of their means
  PanelIcc icc;
  double alpha_interval = kMissing, alpha_ordinal = kMissing;  // Krippendorff's alpha
  long alpha_n_pairable = 0;
  PanelKappa kappa;  // two experts only
  std::vector<PanelProgramme> programmes;
};

struct PanelAnalysis {
  std::vector<std::string> experts;  // ids in input order
  std::vector<std::string> objects;  // ids in input order (the study's when the import had one)
  long missing_ratings = 0;
  std::vector<PanelCriterion> criteria;
  PanelCriterion overall;
  std::vector<PanelComment> comments;  // programme order, then expert order
  std::vector<Message> warnings;       // sentences naming the criterion, ids in core/messages/analysis.inc
};

inline constexpr double kLowAgreementW = 0.5;
// Below this many programmes the ICC's interval is wide: a sentence says so.
inline constexpr long kFewProgrammesIcc = 10;

// Fails (invalid_input) on inconsistent input or a repeated expert+object
// record, (insufficient_data) with fewer than 2 experts or 2 programmes.
Result<PanelAnalysis> analyze_panel(const instrument::Rubric& rubric, const PanelData& data);

Json criterion_json(const PanelCriterion& c);
Json criteria_json(const PanelAnalysis& a);
Json comments_json(const PanelAnalysis& a);

}  // namespace assess::analysis
