// A study run from its files to its report, as plain C++: the pipelines of
// the ops analyze_prepost and analyze_panel without JSON. A pre-post study
// is imported (data/responses), filtered to one group when asked, linked
// (data/linking: codes and the researcher's overrides), scored and tested
// (analysis/prepost); a panel study is imported (data/ratings) and its
// agreement computed (analysis/panel). The run returns every part the report
// shows: the import's counts and problems, the linking, the analysis and the
// report's warnings in their order. Writing it as JSON is the API's
// (api/ops_analysis.cpp; fields in docs/analysis.md).
//
// Errors carry the JSON pointer of the study's part at fault, named as the
// ops name their arguments: "/files/..." (the import, the analysis of the
// data), "/group"; a strict run fails on the first import problem.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "assess/analysis/panel.hpp"
#include "assess/analysis/prepost.hpp"
#include "assess/core/message.hpp"
#include "assess/core/result.hpp"
#include "assess/data/input.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::analysis {

// A pre-post study: its documents, its response files and the options.
struct PrePostStudy {
  instrument::Instrument instrument;
  std::optional<instrument::Study> study;  // programmes, groups and waves; none = free
  // An assess-study/2: the documents of all its instruments, parallel to
  // study->instruments (the records of the others are routed away, not
  // problems); `instrument` is one of them, the one analysed.
  std::vector<instrument::Instrument> instruments;
  std::vector<data::InputFile> files;             // the bytes must outlive the run
  std::vector<data::LinkOverride> links;          // pairs confirmed by the researcher
  std::vector<data::DuplicateChoice> duplicates;  // the researcher's choices for conflicting records
  std::string group;                              // "" = all records; else only this group's
  bool strict = false;                            // an import problem fails the run
  PrePostOptions options;
};

struct PrePostRun {
  data::ImportReport import_report;  // counts and problems of the import (all groups)
  std::size_t records_used = 0;      // records of the instrument's waves analysed (of the group)
  data::ResponseTable table;         // the records analysed (the group's); answers released
  data::LinkReport link;             // pairs, unmatched codes, near matches, linking problems
  // A later wave with records (the instrument's third wave and after, study
  // order): its id and its records linked to the first wave's.
  std::vector<std::pair<std::string, data::LinkReport>> later_links;
  PrePostAnalysis analysis;
  // The report's warnings: import problems, linking problems, then the
  // analysis' own (ids in core/messages/analysis.inc).
  std::vector<Message> warnings;
};

// Fails with the import's error (the study names another instrument), on an
// import problem when strict, when no record could be imported
// (insufficient_data), for a group the responses do not have, and with the
// analysis' error.
Result<PrePostRun> run_prepost(const PrePostStudy& study);

// An expert-panel study: the rubric, its rating files and the options.
struct PanelStudy {
  instrument::Rubric rubric;
  std::optional<instrument::Study> study;
  std::vector<data::InputFile> files;             // the bytes must outlive the run
  std::vector<data::DuplicateChoice> duplicates;  // the researcher's choices for conflicting ratings
  bool strict = false;
};

struct PanelRun {
  data::ImportReport import_report;
  std::size_t records_used = 0;  // ratings in the analysis
  PanelAnalysis analysis;
  std::vector<Message> warnings;  // import problems, then the analysis' own
};

Result<PanelRun> run_panel(const PanelStudy& study);

// With strict set and an import problem that is not a warning: the error
// that fails the run (analysis.strict_import_problems, naming the first such
// problem's file, row and kind); nothing otherwise. The study-level ops that
// import themselves (dataset, analyze_study) say it the same way.
std::optional<Error> strict_error(bool strict, const data::ImportReport& report);

// No record imported: insufficient_data at /files, naming the first problem
// of the import (file, row and what was wrong) when there is one.
Error no_records_error(const data::ImportReport& report);

}  // namespace assess::analysis
