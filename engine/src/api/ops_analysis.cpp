// Handlers of the study-level ops: analyze_prepost (response files ->
// imported, linked, scored -> the full pre-post report) and analyze_panel
// (rating files -> agreement report). The import, codes and linking are the
// data layer's; the statistics the htest/reliability/agreement layers'; the
// tables and their Markdown/CSV renderings the analysis layer's. Field names
// of the results: docs/analysis.md.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/analysis/panel.hpp"
#include "assess/analysis/prepost.hpp"
#include "assess/analysis/report.hpp"
#include "assess/api/api.hpp"
#include "assess/data/input.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::api::detail {
namespace {

using namespace assess::instrument;

template <class T>
T parsed(Result<T> r, const char* key) {
  if (!r.ok()) fail(with_path_prefix(r.error(), std::string("/") + key));
  return std::move(r).value();
}

Json doc_ref(const std::string& id, int version) { return Json{{"id", id}, {"version", version}}; }

void fail_if_strict(bool strict, const data::ImportReport& report) {
  if (!strict || !report.has_errors()) return;
  const auto& first = report.problems.front();
  fail(ErrorCode::invalid_input,
       Message{"study.strict_import_problems", {{"n", report.errors}, {"first", first.message}}});
}

// Adds result.markdown / result.csv when the request asks for them.
void add_renderings(Json& result, const std::string& format, bool prepost) {
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

Json engine_json() { return Json{{"name", "assess"}, {"version", api::version()}}; }

// The records of one group (dictionaries unchanged), so that linking and
// every count see only them.
data::ResponseTable only_group(const data::ResponseTable& t, std::uint32_t group) {
  data::ResponseTable s;
  s.instrument = t.instrument;
  s.item_ids = t.item_ids;
  s.files = t.files;
  s.file_formats = t.file_formats;
  s.programmes = t.programmes;
  s.waves = t.waves;
  s.groups = t.groups;
  s.langs = t.langs;
  s.extra_names = t.extra_names;
  s.extra.resize(t.extra.size());
  const std::size_t k = t.n_items();
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.group[r] != group) continue;
    s.code.push_back(t.code[r]);
    s.check.push_back(t.check[r]);
    s.programme.push_back(t.programme[r]);
    s.wave.push_back(t.wave[r]);
    s.group.push_back(t.group[r]);
    s.lang.push_back(t.lang[r]);
    if (r < t.submitted.size()) s.submitted.push_back(t.submitted[r]);
    s.source.push_back(t.source[r]);
    s.answers.insert(s.answers.end(), t.answers.data() + r * k, t.answers.data() + (r + 1) * k);
    for (std::size_t c = 0; c < t.extra.size(); ++c) s.extra[c].push_back(t.extra[c][r]);
  }
  return s;
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

}  // namespace

json op_analyze_prepost(Args& a) {
  const Instrument ins = instrument_arg(a);
  const std::optional<Study> study = study_arg(a);
  std::vector<std::string> storage;
  const RecordsBundle bundle{"assess-responses/1", "responses"};
  const auto files = files_arg(a, storage, &bundle);
  const auto overrides = links_arg(a);
  analysis::PrePostOptions opt;
  opt.conf_level = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  const std::string group = a.string_or("group", "");
  const bool strict = a.boolean("strict", false);
  const std::string format = a.choice("format", {"json", "md", "csv", "all"}, "json");

  data::ImportReport report;
  data::ImportOptions import_options;
  import_options.keep_text_columns = false;  // the report shows neither timestamps nor extra columns
  data::ResponseTable table_all =
      parsed(data::import_responses(ins, study ? &*study : nullptr, files, report, import_options), "files");
  fail_if_strict(strict, report);

  if (table_all.size() == 0) {
    fail(ErrorCode::insufficient_data,
         report.problems.empty() ? Message{"study.no_records"}
                                 : Message{"study.no_records_first", {{"first", report.problems.front().message}}},
         "/files");
  }
  // The group asked for: its records alone are linked and analysed.
  std::optional<data::ResponseTable> filtered;
  if (!group.empty()) {
    const int g = table_all.group_index(group);
    if (g <= 0) {
      std::string known;
      for (const auto& id : table_all.groups) {
        if (!id.empty()) known += (known.empty() ? "" : ", ") + id;
      }
      if (known.empty()) {
        fail(ErrorCode::invalid_input, Message{"study.unknown_group_none", {{"group", group.substr(0, 80)}}}, "/group");
      }
      fail(ErrorCode::invalid_input, Message{"study.unknown_group", {{"group", group.substr(0, 80)}, {"known", known}}},
           "/group");
    }
    filtered = only_group(table_all, static_cast<std::uint32_t>(g));
  }
  data::ResponseTable& table = filtered ? *filtered : table_all;

  const int pre = table.wave_index("pre"), post = table.wave_index("post");
  const std::size_t n = table.size();
  analysis::PrePostData d;
  d.n_records = n;
  d.n_items = table.n_items();
  d.answers = table.answers.data();
  d.programme = table.programme.data();
  d.programme_ids = table.programmes;
  bool any_group = false;
  for (std::size_t i = 0; i < n && !any_group; ++i) any_group = table.group[i] != 0;
  if (any_group) {
    d.group = table.group.data();
    d.group_ids = table.groups;
  }
  d.wave.assign(n, analysis::Wave::other);
  std::size_t used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = static_cast<int>(table.wave[i]);
    if (w == pre)
      d.wave[i] = analysis::Wave::pre;
    else if (w == post)
      d.wave[i] = analysis::Wave::post;
    else
      continue;
    ++used;
  }

  // Problems of the linking (repeated codes, programme conflicts, links that
  // cannot be made) are reported in linking.problems, as the data layer does.
  const data::LinkReport link = data::link(table, overrides);
  std::vector<analysis::Pair> pairs;
  pairs.reserve(link.pairs.size());
  for (const auto& p : link.pairs) pairs.push_back(analysis::Pair{p.pre, p.post});

  const analysis::PrePostAnalysis an = parsed(analysis::analyze_prepost(ins, d, pairs, opt), "files");
  // The answers are scored and tested: their memory (8 bytes per answer,
  // about the size of the CSV text) is given back before the report is built.
  std::vector<double>().swap(table.answers);
  d.answers = nullptr;

  json out = json::object();
  out["instrument"] = doc_ref(ins.id, ins.version);
  out["study"] = study ? doc_ref(study->id, study->version) : Json(nullptr);
  out["engine"] = engine_json();
  out["conf_level"] = opt.conf_level;
  out["group_filter"] = group.empty() ? Json(nullptr) : Json(group);
  Json counts = Json::object();
  counts["files"] = report.files;
  counts["files_rejected"] = report.files_rejected;
  counts["records_read"] = report.rows;
  counts["records_excluded"] = report.rows - used;
  counts["records_used"] = used;
  counts["pre"] = an.n_pre;
  counts["post"] = an.n_post;
  counts["pairs"] = an.n_pairs;
  counts["missing_scores"] = analysis::missing_scores_json(an);
  out["counts"] = std::move(counts);
  out["problems"] = problems_json(report.problems);
  out["linking"] = linking_json(link, table, overrides);
  out["subscales"] = analysis::subscales_json(an.tests);
  if (an.tests.total) out["total"] = analysis::test_json(*an.tests.total);
  out["reliability"] = analysis::reliability_json(an);
  out["programmes"] = analysis::programmes_json(an);
  if (an.groups) out["groups"] = analysis::groups_json(*an.groups);
  std::vector<Message> warnings;
  if (report.has_errors()) warnings.push_back(Message{"analysis.import_problems", {{"n", report.errors}}});
  if (!link.problems.empty()) warnings.push_back(Message{"analysis.linking_problems", {{"n", link.problems.size()}}});
  warnings.insert(warnings.end(), an.warnings.begin(), an.warnings.end());
  put_warnings(out, warnings);
  add_renderings(out, format, true);
  return out;
}

json op_analyze_panel(Args& a) {
  const Rubric rub = rubric_arg(a);
  const std::optional<Study> study = study_arg(a);
  std::vector<std::string> storage;
  const RecordsBundle bundle{"assess-ratings/1", "ratings"};
  const auto files = files_arg(a, storage, &bundle);
  const bool strict = a.boolean("strict", false);
  const std::string format = a.choice("format", {"json", "md", "csv", "all"}, "json");

  data::ImportReport report;
  const data::RatingTable table = parsed(data::import_ratings(rub, study ? &*study : nullptr, files, report), "files");
  fail_if_strict(strict, report);

  analysis::PanelData d;
  d.n_records = table.size();
  d.n_criteria = table.n_criteria();
  d.scores = table.scores;
  d.expert.assign(table.expert.begin(), table.expert.end());
  d.expert_ids = table.experts;
  d.object.assign(table.object.begin(), table.object.end());
  d.object_ids = table.objects;
  const analysis::PanelAnalysis an = parsed(analysis::analyze_panel(rub, d), "files");

  json out = json::object();
  out["rubric"] = doc_ref(rub.id, rub.version);
  out["study"] = study ? doc_ref(study->id, study->version) : Json(nullptr);
  out["engine"] = engine_json();
  Json counts = Json::object();
  counts["files"] = report.files;
  counts["files_rejected"] = report.files_rejected;
  counts["records_read"] = report.rows;
  counts["records_excluded"] = report.rows - table.size();
  counts["experts"] = an.experts.size();
  counts["objects"] = an.objects.size();
  counts["criteria"] = an.criteria.size();
  counts["missing_ratings"] = an.missing_ratings;
  out["counts"] = std::move(counts);
  out["problems"] = problems_json(report.problems);
  out["criteria"] = analysis::criteria_json(an);
  out["overall"] = analysis::criterion_json(an.overall);
  std::vector<Message> warnings;
  if (report.has_errors()) warnings.push_back(Message{"analysis.import_problems", {{"n", report.errors}}});
  warnings.insert(warnings.end(), an.warnings.begin(), an.warnings.end());
  put_warnings(out, warnings);
  add_renderings(out, format, false);
  return out;
}

}  // namespace assess::api::detail
