// The op `analyze_study`: one report of a whole study (docs/analysis.md "The
// study report"). The response files of every instrument are imported once
// for the per-student data set (data/dataset.hpp), from which the flow, the
// sample, the background, the post-only surveys, the employers' feedback, the
// yes/no outcomes and the correlations are computed
// (analysis/study_report.hpp); every instrument measured at two or more waves
// gets the pre-post analysis of the op analyze_prepost (with its group blocks);
// with expert ratings, the panel is the result of the op analyze_panel.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/analysis/report.hpp"
#include "assess/analysis/study_report.hpp"
#include "assess/analysis/study_run.hpp"
#include "assess/api/api.hpp"
#include "assess/core/error.hpp"
#include "assess/data/dataset.hpp"
#include "assess/data/responses.hpp"

namespace assess::api::detail {
namespace {

// Whether the pre-post analysis applies: students answer the instrument at
// two waves or more, and it has scores (Likert subscales or a total, or a
// scored number asked at two waves or more).
bool measured_twice(const instrument::StudyInstrument& si, const instrument::Instrument& ins) {
  if (si.respondents != instrument::Respondents::students) return false;
  const bool scales = !ins.subscales.empty() || ins.total.has_value();
  if (si.waves.size() >= 2 && scales) return true;
  for (const auto& item : ins.items) {
    if (item.type == instrument::ItemType::number && item.score && instrument::waves_of_item(si, item.id).size() >= 2) {
      return true;
    }
  }
  return false;
}

// The labels the report's renderings show in place of ids, in every
// language of the study: from the codebook (variables, the values of the
// group, programme and choice columns), the instruments (scores), the
// study (waves) and, with the panel, the rubric (criteria).
Json labels_json(const data::Dataset& ds, const instrument::Study& study,
                 const std::vector<const instrument::Instrument*>& ins, const instrument::Rubric* rubric) {
  const Json codebook = data::codebook_json(ds, study, ins);
  Json variables = Json::object(), values = Json::object();
  for (const auto& v : codebook.at("variables")) {
    const std::string name = v.at("name");
    if (v.contains("label")) variables[name] = v.at("label");
    if (v.contains("values") && v.at("values").is_array()) {
      Json m = Json::object();
      for (const auto& x : v.at("values")) {
        if (x.contains("value") && x.at("value").is_string() && x.contains("label")) {
          m[x.at("value").get<std::string>()] = x.at("label");
        }
      }
      if (!m.empty()) values[name] = std::move(m);
    }
  }
  Json scores = Json::object(), instruments = Json::object();
  for (const auto* i : ins) {
    instruments[i->id] = Json(i->title);
    Json m = Json::object();
    for (const auto& sub : i->subscales) m[sub.id] = Json(sub.title);
    if (i->total) m[i->total->id] = Json(i->total->title);
    for (const auto& item : i->items) {
      if (item.type == instrument::ItemType::number && item.score) m[item.id] = Json(item.text);
    }
    scores[i->id] = std::move(m);
  }
  Json waves = Json::object();
  for (const auto& w : study.waves) waves[w.id] = Json(w.title);
  Json out{{"study", Json(study.title)},  {"instruments", std::move(instruments)}, {"variables", std::move(variables)},
           {"values", std::move(values)}, {"scores", std::move(scores)},           {"waves", std::move(waves)}};
  if (rubric != nullptr) {
    Json criteria = Json::object();
    for (const auto& c : rubric->criteria) criteria[c.id] = Json(c.title);
    out["criteria"] = std::move(criteria);
  }
  return out;
}

// An error of the panel's run names the ratings, not the files: its
// pointer /files/... becomes /ratings/...
Error ratings_error(Error e) {
  if (e.path.rfind("/files", 0) == 0) e.path.replace(0, 6, "/ratings");
  return e;
}

// Records the import left out, by the code of their problem.
Json excluded_json(const data::ImportReport& report) {
  std::map<std::string, long> by_code;
  for (const auto& p : report.problems) {
    if (p.severity != data::Severity::warning) ++by_code[p.code];
  }
  Json out = Json::array();
  for (const auto& [code, n] : by_code) out.push_back(Json{{"reason", code}, {"n", n}});
  return out;
}

}  // namespace

Json op_analyze_study(Args& a) {
  std::optional<instrument::Study> study = study_arg(a);
  if (!study) fail(ErrorCode::invalid_input, Message{"args.study_required"}, "/study");
  std::vector<instrument::Instrument> docs = study_instruments_arg(a, *study);
  data::ImportOptions options;
  options.code_check = code_check_arg(a);
  options.duplicates = duplicates_arg(a);
  std::vector<std::string> storage;
  const RecordsBundle bundle{study->format == 2 ? "assess-responses/2" : "assess-responses/1", "responses"};
  const auto files = files_arg(a, storage, &bundle);
  const auto links = student_links_arg(a);
  const auto overrides = links_arg(a);
  auto ratings = ratings_arg(a);
  const std::optional<instrument::Rubric> rubric = study_rubric_arg(a, *study, ratings.has_value());
  const bool strict = a.boolean("strict", false);
  const std::string format = a.choice("format", {"json", "md", "all"}, "json");
  const std::string first = study->languages.empty() ? std::string("en") : study->languages.front();
  const std::string lang = a.choice("lang", {"kk", "ru", "en"}, first == "kk" || first == "ru" ? first.c_str() : "en");
  analysis::StudyReportOptions ropt;
  ropt.conf_level = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  ropt.equal_var = a.boolean("equal_var", false);

  data::ImportReport report;
  std::vector<const instrument::Instrument*> ptrs;
  ptrs.reserve(docs.size());
  for (const auto& d : docs) ptrs.push_back(&d);
  auto imported = data::import_study_responses(*study, ptrs, files, report, options);
  if (!imported.ok()) fail(imported.error());
  std::vector<data::ResponseTable> tables = std::move(imported).value();
  std::size_t records = 0;
  for (const auto& t : tables) records += t.size();
  if (records == 0) fail(analysis::no_records_error(report));
  if (auto e = analysis::strict_error(strict, report)) fail(*e);
  data::DatasetOptions dopt;
  dopt.include_text = false;
  auto built = data::build_dataset(*study, ptrs, tables, links, dopt);
  if (!built.ok()) fail(built.error());
  const data::Dataset& ds = built.value();

  analysis::StudyReportInput in;
  in.study = &*study;
  in.instruments = &ptrs;
  in.tables = &tables;
  in.dataset = &ds;
  in.options = ropt;
  auto parts_r = analysis::study_report_parts(in);
  if (!parts_r.ok()) fail(parts_r.error());
  analysis::StudyReportParts parts = std::move(parts_r).value();

  Json out = Json::object();
  out["study"] = Json{{"id", study->id}, {"version", study->version}};
  out["engine"] = Json{{"name", "assess"}, {"version", api::version()}};
  out["conf_level"] = ropt.conf_level;
  out["equal_var"] = ropt.equal_var;
  out["instruments"] = instruments_json(docs, tables, &*study);
  Json roles = Json::object();
  roles["groups"] = parts.groups;
  roles["reference"] = parts.roles.reference ? Json(parts.groups[*parts.roles.reference]) : Json(nullptr);
  Json focal = Json::array();
  for (std::size_t f : parts.roles.focal) focal.push_back(parts.groups[f]);
  roles["focal"] = std::move(focal);
  out["roles"] = std::move(roles);
  out["labels"] = labels_json(ds, *study, ptrs, rubric && ratings ? &*rubric : nullptr);
  Json counts = Json::object();
  counts["students"] = ds.n_rows;
  add_import_counts(counts, report);
  out["counts"] = std::move(counts);
  Json problems = problems_json(report.problems);
  for (const auto& p : ds.problems) problems.push_back(Json(p));
  out["problems"] = std::move(problems);
  tables.clear();  // the pre-post runs import again, one instrument at a time

  parts.flow["excluded"] = excluded_json(report);
  out["flow"] = std::move(parts.flow);
  out["sample"] = std::move(parts.sample);
  out["background"] = std::move(parts.background);

  std::vector<Message> warnings = std::move(parts.warnings);
  Json prepost = Json::array();
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (!measured_twice(study->instruments[i], docs[i])) continue;
    analysis::PrePostStudy ps;
    ps.instrument = docs[i];
    ps.study = study;
    ps.instruments = docs;
    ps.files = files;
    ps.links = overrides;
    ps.duplicates = options.duplicates;
    ps.options.conf_level = ropt.conf_level;
    ps.options.equal_var = ropt.equal_var;
    auto run = analysis::run_prepost(ps);
    Json e = Json::object();
    e["instrument"] = Json{{"id", docs[i].id}, {"version", docs[i].version}};
    if (!run.ok()) {
      warnings.push_back(Message{"report.prepost_not_run", {{"instrument", docs[i].id}}});
      const Error& err = run.error();
      e["error"] = Json{{"code", to_string(err.code)}, {"message", err.message}, {"msg", msg_json(err.msg)}};
      e["result"] = nullptr;
    } else {
      Json r = prepost_report(ps, run.value());
      r.erase("problems");  // the study's import problems are listed once, above
      e["result"] = std::move(r);
    }
    prepost.push_back(std::move(e));
  }
  out["prepost"] = std::move(prepost);
  out["post_surveys"] = std::move(parts.post_surveys);
  out["employers"] = std::move(parts.employers);
  out["outcomes"] = std::move(parts.outcomes);
  out["correlations"] = std::move(parts.correlations);
  if (ratings) {
    analysis::PanelStudy panel;
    panel.rubric = *rubric;
    panel.study = study;
    panel.files = std::move(*ratings);
    panel.duplicates = options.duplicates;
    panel.strict = strict;
    auto run = analysis::run_panel(panel);
    if (!run.ok()) fail(ratings_error(run.error()));
    out["panel"] = panel_report(panel, run.value());
  }
  put_warnings(out, warnings);
  out["paragraph"] = analysis::study_paragraphs(out);
#ifdef ASSESS_NO_RENDERINGS
  if (format != "json") put_no_renderings(out);
#else
  if (format != "json") out["markdown"] = analysis::study_markdown(out, lang);
#endif
  return out;
}

}  // namespace assess::api::detail
