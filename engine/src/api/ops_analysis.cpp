// Handlers of the study-level ops: analyze_prepost (response files ->
// imported, linked, scored -> the full pre-post report) and analyze_panel
// (rating files -> agreement report). The import, codes and linking are the
// data layer's; the statistics the htest/reliability/agreement layers'; the
// tables and their Markdown/CSV renderings the analysis layer's. Field names
// of the results: docs/analysis.md.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "assess/analysis/panel.hpp"
#include "assess/analysis/prepost.hpp"
#include "assess/analysis/report.hpp"
#include "assess/api/api.hpp"
#include "assess/core/json_reader.hpp"
#include "assess/data/file_store.hpp"
#include "assess/data/input.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::api::detail {
namespace {

using namespace assess::instrument;

// JSON given as text inside the request (the CLI passes files so), read by
// the engine's reader: a key twice is invalid_input at its pointer.
Json json_text_arg(const std::string& text, const char* key, const char* not_json) {
  Json doc;
  JsonReadError err;
  if (read_json(text, doc, err)) return doc;
  if (err.kind == JsonReadError::Kind::duplicate_key) {
    fail(ErrorCode::invalid_input, std::string(key) + ": " + err.message() + "; a key may appear only once",
         std::string("/") + key + err.path);
  }
  fail(ErrorCode::parse_error, std::string(key) + not_json + ": " + err.message(), std::string("/") + key);
}

// A document argument: a JSON object, or its JSON text (the CLI passes files
// as text so that a malformed file is reported here, with its pointer).
// Returns null when absent and not required.
Json document_arg(Args& a, const char* key, bool required) {
  const Json* v = required ? &a.value(key) : a.value_or_null(key);
  if (v == nullptr || v->is_null()) {
    if (required)
      fail(ErrorCode::invalid_input, std::string("the argument ") + key + " is required but missing",
           std::string("/") + key);
    return nullptr;
  }
  if (v->is_string()) {
    return json_text_arg(v->get_ref<const std::string&>(), key, " is text but not a JSON document");
  }
  if (!v->is_object()) {
    fail(ErrorCode::invalid_input, std::string(key) + " must be a JSON object (the document) or its text",
         std::string("/") + key);
  }
  return *v;
}

template <class T>
T parsed(Result<T> r, const char* key) {
  if (!r.ok()) fail(with_path_prefix(r.error(), std::string("/") + key));
  return std::move(r).value();
}

DocKind expect_kind(const Json& doc, const char* key, DocKind want) {
  auto kind = document_kind(doc);
  if (!kind.ok()) fail(with_path_prefix(kind.error(), std::string("/") + key));
  if (*kind != want) {
    fail(ErrorCode::invalid_input,
         std::string(key) + " is a " + to_string(*kind) + " document, but " + key + " must be a " + to_string(want),
         std::string("/") + key + "/format");
  }
  return want;
}

Instrument instrument_arg(Args& a) {
  Json doc = document_arg(a, "instrument", true);
  expect_kind(doc, "instrument", DocKind::instrument);
  return parsed(parse_instrument(doc), "instrument");
}

Rubric rubric_arg(Args& a) {
  Json doc = document_arg(a, "rubric", true);
  expect_kind(doc, "rubric", DocKind::rubric);
  return parsed(parse_rubric(doc), "rubric");
}

std::optional<Study> study_arg(Args& a) {
  Json doc = document_arg(a, "study", false);
  if (doc.is_null()) return std::nullopt;
  expect_kind(doc, "study", DocKind::study);
  return parsed(parse_study(doc), "study");
}

// The input files: "files": [{"name", "text"}] (or {"name"} alone for bytes
// stored beforehand with putFile), and/or "records": [response or rating
// objects] already parsed (e.g. by a page), handed to the import as one
// bundle. `storage` keeps the texts alive for the string_views.
std::vector<data::InputFile> files_arg(Args& a, const char* bundle_format, const char* bundle_key,
                                       std::vector<std::string>& storage) {
  std::vector<data::InputFile> files;
  const Json* fs = a.value_or_null("files");
  const Json* rs = a.value_or_null("records");
  if ((fs == nullptr || fs->is_null()) && (rs == nullptr || rs->is_null())) {
    fail(ErrorCode::invalid_input, "give the data as files ([{\"name\", \"text\"}]) or as records", "/files");
  }
  storage.reserve((fs && fs->is_array() ? fs->size() : 0) + 1);
  if (fs != nullptr && !fs->is_null()) {
    if (!fs->is_array()) fail(ErrorCode::invalid_input, "files must be an array of {\"name\", \"text\"}", "/files");
    std::map<std::string, std::size_t> names;
    for (std::size_t i = 0; i < fs->size(); ++i) {
      const Json& f = (*fs)[i];
      const std::string at = "files[" + std::to_string(i) + "]", path = "/files/" + std::to_string(i);
      if (!f.is_object()) fail(ErrorCode::invalid_input, at + " must be an object {\"name\", \"text\"}", path);
      auto name = f.find("name");
      auto text = f.find("text");
      if (name == f.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
        fail(ErrorCode::invalid_input, at + ".name must be the file's name (a non-empty string)", path + "/name");
      }
      const std::string& n = name->get_ref<const std::string&>();
      const std::string* content = nullptr;
      if (text == f.end() || text->is_null()) {
        // The bytes were handed over beside the JSON (the wasm door's putFile).
        content = data::stored_file(n);
        if (content == nullptr) {
          fail(ErrorCode::invalid_input,
               at + " has no text, and no file named \"" + n.substr(0, 100) +
                   "\" was stored (putFile); give its content as text or store its bytes first",
               path + "/text");
        }
      } else if (!text->is_string()) {
        fail(ErrorCode::invalid_input, at + ".text must be the file's content as a string", path + "/text");
      } else {
        content = &text->get_ref<const std::string&>();
      }
      auto [it, fresh] = names.emplace(n, i);
      if (!fresh) {
        fail(ErrorCode::invalid_input,
             at + ".name \"" + n.substr(0, 100) + "\" is also the name of files[" + std::to_string(it->second) +
                 "]; problems name files by their names, so they must differ",
             path + "/name");
      }
      files.push_back(data::InputFile{n, *content});
    }
  }
  if (rs != nullptr && !rs->is_null()) {
    if (!rs->is_array()) fail(ErrorCode::invalid_input, "records must be an array of records", "/records");
    Json bundle = Json::object();
    bundle["format"] = bundle_format;
    bundle[bundle_key] = *rs;
    storage.push_back(bundle.dump());
    files.push_back(data::InputFile{"records", storage.back()});
  }
  return files;
}

std::vector<data::LinkOverride> links_arg(Args& a) {
  Json doc = nullptr;
  const Json* v = a.value_or_null("links");
  if (v == nullptr || v->is_null()) return {};
  if (v->is_string()) {
    doc = json_text_arg(v->get_ref<const std::string&>(), "links", " is text but not JSON");
  } else {
    doc = *v;
  }
  // A links file {"format": "assess-links/1", "links": [...]} or the array itself.
  const Json* list = &doc;
  std::string base = "/links";
  if (doc.is_object()) {
    if (!doc.contains("links"))
      fail(ErrorCode::invalid_input, "links must be an array of {\"pre\", \"post\"} or a links file with \"links\"",
           "/links");
    list = &doc["links"];
    base += "/links";
  }
  if (!list->is_array()) fail(ErrorCode::invalid_input, "links must be an array of {\"pre\", \"post\"}", base);
  std::vector<data::LinkOverride> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& l = (*list)[i];
    const std::string at = base + "/" + std::to_string(i);
    if (!l.is_object() || !l.contains("pre") || !l.contains("post") || !l["pre"].is_string() ||
        !l["post"].is_string()) {
      fail(ErrorCode::invalid_input, "link " + std::to_string(i + 1) + " must name a pre and a post code as strings",
           at);
    }
    std::string note = l.contains("note") && l["note"].is_string() ? l["note"].get<std::string>() : "";
    out.push_back(data::LinkOverride{l["pre"].get<std::string>(), l["post"].get<std::string>(), std::move(note)});
  }
  return out;
}

Json doc_ref(const std::string& id, int version) { return Json{{"id", id}, {"version", version}}; }

Json problems_json(const data::ImportReport& report) {
  Json a = Json::array();
  for (const auto& p : report.problems) a.push_back(Json(p));
  return a;
}

void fail_if_strict(bool strict, const data::ImportReport& report) {
  if (!strict || !report.has_errors()) return;
  const auto& first = report.problems.front();
  fail(ErrorCode::invalid_input,
       std::to_string(report.errors) + " import problem(s) and strict is set; the first: " + first.message);
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
  const auto files = files_arg(a, "assess-responses/1", "responses", storage);
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
         "no response record could be imported" +
             (report.problems.empty() ? std::string() : "; the first problem: " + report.problems.front().message),
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
      fail(ErrorCode::invalid_input,
           "group " + group.substr(0, 80) + " is not a group of the responses (" +
               (known.empty() ? std::string("they have none") : known) + ")",
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
  out["problems"] = problems_json(report);
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
  const auto files = files_arg(a, "assess-ratings/1", "ratings", storage);
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
  out["problems"] = problems_json(report);
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
