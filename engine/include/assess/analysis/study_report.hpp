// The parts of a whole study's report (docs/analysis.md "The study report")
// that are not the pre-post analysis of an instrument: the participant flow,
// the sample, the background by group, the post-only surveys, the
// employers' feedback, the yes/no outcomes and the correlation matrices.
// Every number comes from a statistics kernel (htest/, reliability/) applied
// to the per-student data set (data/dataset.hpp) or, for item statistics and
// employers' ratings, to the imported response tables. The op analyze_study
// (api/ops_study.cpp) adds the pre-post analyses, the panel and the counts.
//
// Groups are compared focal minus reference, with the study model's roles
// (analysis/groups.hpp); without a comparable pair of groups the parts give
// descriptives only, with a warning.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/analysis/groups.hpp"
#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/core/result.hpp"
#include "assess/data/dataset.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::analysis {

struct StudyReportOptions {
  double conf_level = 0.95;
  bool equal_var = false;  // Student's t in place of Welch's in every comparison of two groups
};

struct StudyReportInput {
  const instrument::Study* study = nullptr;
  const std::vector<const instrument::Instrument*>* instruments = nullptr;  // parallel to study->instruments
  const std::vector<data::ResponseTable>* tables = nullptr;                 // parallel to study->instruments
  const data::Dataset* dataset = nullptr;
  StudyReportOptions options;
};

// NOLINTNEXTLINE(bugprone-exception-escape): Json's moves (nlohmann) are not marked noexcept
struct StudyReportParts {
  std::vector<std::string> groups;  // the groups of the students, study order
  GroupRoles roles;                 // indices into groups
  Json flow, sample, background, post_surveys, employers, outcomes, correlations;
  std::vector<Message> warnings;
};

// Fails (invalid_input) only on inconsistent input (tables or instruments not
// parallel to the study's instruments) or a conf_level outside (0, 1).
Result<StudyReportParts> study_report_parts(const StudyReportInput& in);

// The choice items reported as yes/no outcomes (section 5) rather than as
// background: exactly two options, with the ids "yes" and "no".
bool is_yes_no(const instrument::Item& item) noexcept;

}  // namespace assess::analysis
