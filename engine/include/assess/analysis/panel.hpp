// The expert-panel analysis: agreement of experts rating the programmes on
// the criteria of a rubric. For each criterion, Kendall's W over the experts
// ranking the programmes (average ranks, Kendall's tie correction), its
// chi-square test (as irr::kendall with correct = TRUE), and the mean, SD and
// ranks of every programme; the same for each expert's mean over all
// criteria ("overall"). Criteria with W < 0.5 are flagged.
// The reference is fixtures/reference/R/demo_analysis.R.
//
// Missing ratings: an expert with a missing rating on a criterion is left out
// of that criterion's W and mean ranks (m counts the experts used); the
// programme means use every rating given. "overall" needs all criteria.
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
  std::vector<PanelProgramme> programmes;
};

struct PanelAnalysis {
  std::vector<std::string> experts;  // ids in input order
  std::vector<std::string> objects;  // ids in input order (the study's when the import had one)
  long missing_ratings = 0;
  std::vector<PanelCriterion> criteria;
  PanelCriterion overall;
  std::vector<Message> warnings;  // sentences naming the criterion, ids in core/messages/analysis.inc
};

inline constexpr double kLowAgreementW = 0.5;

// Fails (invalid_input) on inconsistent input or a repeated expert+object
// record, (insufficient_data) with fewer than 2 experts or 2 programmes.
Result<PanelAnalysis> analyze_panel(const instrument::Rubric& rubric, const PanelData& data);

Json criterion_json(const PanelCriterion& c);
Json criteria_json(const PanelAnalysis& a);

}  // namespace assess::analysis
