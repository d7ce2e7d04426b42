// Handlers of the study-level ops: analyze_prepost (response files -> the
// full pre-post report) and analyze_panel (rating files -> agreement report).
// They read the arguments (api/study_args.hpp), run the study
// (analysis/study_run: import, filter, link, analyse) and write its report
// as JSON; the tables and their Markdown/CSV renderings are the analysis
// layer's. Field names of the results: docs/analysis.md.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/analysis/panel.hpp"
#include "assess/analysis/prepost.hpp"
#include "assess/analysis/report.hpp"
#include "assess/analysis/study_run.hpp"
#include "assess/api/api.hpp"
#include "assess/data/linking.hpp"

namespace assess::api::detail {
namespace {

template <class T>
T ran(Result<T> r) {
  if (!r.ok()) fail(r.error());
  return std::move(r).value();
}

Json doc_ref(const std::string& id, int version) { return Json{{"id", id}, {"version", version}}; }

// The head of a report: what it was made from (key: the instrument or the
// rubric) and by which engine.
Json report_head(const char* key, const std::string& id, int version, const std::optional<instrument::Study>& study) {
  Json out = Json::object();
  out[key] = doc_ref(id, version);
  out["study"] = study ? doc_ref(study->id, study->version) : Json(nullptr);
  out["engine"] = Json{{"name", "assess"}, {"version", api::version()}};
  return out;
}

// The counts both reports begin with: files, and records read and left out.
Json counts_head(const data::ImportReport& report, std::size_t used) {
  Json counts = Json::object();
  counts["files"] = report.files;
  counts["files_rejected"] = report.files_rejected;
  counts["records_read"] = report.rows;
  counts["records_excluded"] = report.rows - used;
  return counts;
}

// Adds result.markdown / result.csv when the request asks for them.
void add_renderings(Json& result, const std::string& format, bool prepost) {
#ifdef ASSESS_NO_RENDERINGS
  if (format != "json") put_no_renderings(result);
  return;
#endif
  if (format == "md" || format == "all") {
    result["markdown"] = prepost ? analysis::prepost_markdown(result) : analysis::panel_markdown(result);
  }
  if (format == "csv" || format == "all") {
    Json tables = Json::object();
    for (auto& [name, text] : prepost ? analysis::prepost_csv(result) : analysis::panel_csv(result)) {
      tables[name] = std::move(text);
    }
    result["csv"] = std::move(tables);
  }
}

// The data layer's linking report plus the number of pairs with identical
// codes (near matches are listed only while unlinked: a confirmed link
// removes its pair from them).
Json linking_json(const data::LinkReport& rep, const data::ResponseTable& t,
                  const std::vector<data::LinkOverride>& overrides) {
  Json j = data::link_json(rep, t, false, &overrides);
  Json out = Json::object();
  out["matched"] = rep.matched();
  out["matched_exact"] = rep.matched() - rep.matched_by_override;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!out.contains(it.key())) out[it.key()] = std::move(it.value());
  }
  return out;
}

// The study document and the files (or records, bundled as `format` under
// `key`) of a study; `storage` keeps the bundle's text for the run.
template <class Study>
void read_study_files(Args& a, Study& s, std::vector<std::string>& storage, const char* format, const char* key) {
  s.study = study_arg(a);
  const RecordsBundle bundle{format, key};
  s.files = files_arg(a, storage, &bundle);
}

// The last arguments of both ops: strict (into the study) and the format of
// the report.
template <class Study>
std::string read_strict_format(Args& a, Study& s) {
  s.strict = a.boolean("strict", false);
  return a.choice("format", {"json", "md", "csv", "all"}, "json");
}

}  // namespace

void put_no_renderings(Json& result) {
  Json& w = result["warnings"];
  Json& m = result["warning_msgs"];
  if (!w.is_array()) w = Json::array();
  if (!m.is_array()) m = Json::array();
  const Message msg = Message{"analysis.no_renderings"};
  w.push_back(english(msg));
  m.push_back(msg_json(msg));
}

Json op_analyze_prepost(Args& a) {
  analysis::PrePostStudy study;
  study.instrument = instrument_arg(a, true);  // every item type: the scores and the scored numbers analysed
  std::vector<std::string> storage;
  read_study_files(a, study, storage, "assess-responses/1", "responses");
  if (study.study && study.study->format == 2) study.instruments = study_instruments_arg(a, *study.study);
  study.links = links_arg(a);
  study.duplicates = duplicates_arg(a);
  study.options.conf_level = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  study.options.equal_var = a.boolean("equal_var", false);
  study.group = a.string_or("group", "");
  const std::string format = read_strict_format(a, study);
  const analysis::PrePostRun run = ran(analysis::run_prepost(study));
  Json out = prepost_report(study, run);
  add_renderings(out, format, true);
  return out;
}

Json prepost_report(const analysis::PrePostStudy& study, const analysis::PrePostRun& run) {
  const analysis::PrePostAnalysis& an = run.analysis;
  const data::ImportReport& report = run.import_report;

  Json out = report_head("instrument", study.instrument.id, study.instrument.version, study.study);
  out["conf_level"] = study.options.conf_level;
  if (study.options.equal_var) out["equal_var"] = true;
  out["group_filter"] = study.group.empty() ? Json(nullptr) : Json(study.group);
  Json counts = counts_head(report, run.records_used);
  counts["records_used"] = run.records_used;
  counts["pre"] = an.n_pre;
  counts["post"] = an.n_post;
  counts["pairs"] = an.n_pairs;
  if (an.wave_pairs.size() > 1) {
    Json waves = Json::object();
    for (std::size_t j = 1; j < an.wave_pairs.size(); ++j) {
      waves[an.wave_pairs[j].to] = Json{{"records", an.wave_pairs[j].n_records}, {"pairs", an.wave_pairs[j].n_pairs}};
    }
    counts["waves"] = std::move(waves);
  }
  counts["missing_scores"] = analysis::missing_scores_json(an);
  add_import_counts(counts, report);
  out["counts"] = std::move(counts);
  out["problems"] = problems_json(report.problems);
  out["linking"] = linking_json(run.link, run.table, study.links);
  if (!run.later_links.empty()) {
    Json waves = Json::object();
    for (const auto& [id, rep] : run.later_links) waves[id] = linking_json(rep, run.table, study.links);
    out["linking"]["waves"] = std::move(waves);
  }
  out["subscales"] = analysis::subscales_json(an.tests);
  if (an.tests.total) out["total"] = analysis::test_json(*an.tests.total);
  if (!an.tests.numbers.empty()) out["numbers"] = analysis::numbers_json(an.tests);
  out["reliability"] = analysis::reliability_json(an);
  out["factor_model"] = analysis::factor_model_json(an, study.instrument);
  out["programmes"] = analysis::programmes_json(an);
  if (!an.wave_pairs.empty()) out["wave_pairs"] = analysis::wave_pairs_json(an.wave_pairs);
  if (an.groups) out["groups"] = analysis::groups_json(*an.groups);
  put_warnings(out, run.warnings);
  return out;
}

Json op_analyze_panel(Args& a) {
  analysis::PanelStudy study;
  study.rubric = rubric_arg(a);
  std::vector<std::string> storage;
  read_study_files(a, study, storage, "assess-ratings/1", "ratings");
  study.duplicates = duplicates_arg(a);  // a links file may carry the choices for ratings too
  const std::string format = read_strict_format(a, study);
  const analysis::PanelRun run = ran(analysis::run_panel(study));
  Json out = panel_report(study, run);
  add_renderings(out, format, false);
  return out;
}

Json panel_report(const analysis::PanelStudy& study, const analysis::PanelRun& run) {
  const analysis::PanelAnalysis& an = run.analysis;
  const data::ImportReport& report = run.import_report;
  Json out = report_head("rubric", study.rubric.id, study.rubric.version, study.study);
  Json counts = counts_head(report, run.records_used);
  counts["experts"] = an.experts.size();
  counts["objects"] = an.objects.size();
  counts["criteria"] = an.criteria.size();
  counts["missing_ratings"] = an.missing_ratings;
  add_import_counts(counts, report);
  out["counts"] = std::move(counts);
  out["problems"] = problems_json(report.problems);
  out["criteria"] = analysis::criteria_json(an);
  out["overall"] = analysis::criterion_json(an.overall);
  out["comments"] = analysis::comments_json(an);
  put_warnings(out, run.warnings);
  return out;
}

}  // namespace assess::api::detail
