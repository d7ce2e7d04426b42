// The op `bundle` (also `assess bundle`): the reproducibility bundle of a
// study (docs/formats.md "The reproducibility bundle"). One folder, or one
// ZIP of it, that a reviewer reruns without assess: the per-student data set
// (CSV and SPSS), the record-level item answers and expert ratings, the
// links, the codebook, a Frictionless data package describing them, the
// study report (JSON and Markdown), an R script and a Python script
// generated from the study that recompute the report's numbers from the CSV
// files alone, a README and SHA256SUMS.
//
// The report is the op analyze_study's answer to the same arguments; the
// data set is the op dataset's (one import for the data set, items.csv and
// ratings.csv; analyze_study imports again, as it does for itself).
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/bundle_readme.hpp"
#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/analysis/report.hpp"
#include "assess/api/api.hpp"
#include "assess/core/sha256.hpp"
#include "assess/core/text.hpp"
#include "assess/data/bundle_tables.hpp"
#include "assess/data/dataset.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/zip.hpp"

namespace assess::api::detail {

// The script templates (engine/bundle/R/*.R joined, engine/bundle/analysis.py),
// embedded by CMake (bundle_scripts.cpp in the build tree,
// scripts/embed-bundle.cmake). The line @@ASSESS_PLAN@@ of each is replaced
// by the study's plan (plan_json below).
std::string bundle_script_r();
std::string bundle_script_py();

namespace {

using instrument::Instrument;
using instrument::Study;

// The plan the scripts read: the study's structure, ids only (titles are in
// the codebook), so that the scripts hold no text a reader must trust.
Json plan_json(const Study& st, const std::vector<const Instrument*>& ins, const Json& report_result,
               const Json& codebook, const instrument::Rubric* rubric, bool ratings) {
  Json plan = Json::object();
  plan["format"] = "assess-analysis-plan/1";
  plan["study"] = Json{{"id", st.id}, {"version", st.version}};
  plan["engine"] = Json{{"name", "assess"}, {"version", api::version()}};
  plan["conf_level"] = report_result.value("conf_level", 0.95);
  plan["equal_var"] = report_result.value("equal_var", false);
  Json waves = Json::array(), programmes = Json::array();
  for (const auto& w : st.waves) waves.push_back(w.id);
  for (const auto& p : st.programmes) programmes.push_back(p.id);
  plan["waves"] = std::move(waves);
  plan["programmes"] = std::move(programmes);
  const Json& roles = report_result.contains("roles") ? report_result.at("roles") : Json::object();
  plan["groups"] = roles.value("groups", Json::array());
  plan["reference"] = roles.value("reference", Json());
  plan["focal"] = roles.value("focal", Json::array());

  std::vector<std::string> prepost;
  for (const auto& e : report_result.value("prepost", Json::array())) {
    if (e.contains("instrument") && e.at("result").is_object()) prepost.push_back(e.at("instrument").value("id", ""));
  }
  const std::vector<data::ItemColumn> cols = data::item_columns(st, ins);
  Json instruments = Json::array();
  for (std::size_t si = 0; si < ins.size(); ++si) {
    const Instrument& d = *ins[si];
    const auto& sin = st.instruments[si];
    Json e = Json::object();
    e["id"] = d.id;
    e["version"] = d.version;
    e["respondents"] = instrument::to_string(sin.respondents);
    e["waves"] = sin.waves;
    e["prepost"] = std::find(prepost.begin(), prepost.end(), d.id) != prepost.end();
    e["scale"] = d.has_scale ? Json{{"min", d.scale.min}, {"max", d.scale.max}} : Json(nullptr);
    Json items = Json::array();
    for (const auto& c : cols) {
      if (c.instrument != si) continue;
      const auto& item = d.items[c.item];
      Json it = Json::object();
      it["id"] = item.id;
      it["column"] = c.name;
      it["type"] = instrument::to_string(item.type);
      if (item.type == instrument::ItemType::likert) {
        it["subscale"] = item.subscale.empty() ? Json(nullptr) : Json(item.subscale);
        it["reverse"] = item.reverse;
      } else if (item.type == instrument::ItemType::choice) {
        Json options = Json::array();
        for (const auto& o : item.options) {
          Json e{{"id", o.id}, {"positive", o.positive}};
          if (o.has_value) e["value"] = o.value;
          options.push_back(std::move(e));
        }
        it["options"] = std::move(options);
      } else {
        it["min"] = item.min;
        it["max"] = item.max;
      }
      it["waves"] = instrument::waves_of_item(sin, item.id);
      items.push_back(std::move(it));
    }
    e["items"] = std::move(items);
    Json subscales = Json::array();
    for (const auto& sub : d.subscales) {
      Json ids = Json::array();
      for (std::size_t k : sub.items) ids.push_back(d.items[k].id);
      subscales.push_back(Json{{"id", sub.id}, {"items", std::move(ids)}, {"min_answered", sub.min_answered}});
    }
    e["subscales"] = std::move(subscales);
    e["total"] = d.total ? Json{{"id", d.total->id}, {"min_answered", d.total->min_answered}} : Json(nullptr);
    instruments.push_back(std::move(e));
  }
  plan["instruments"] = std::move(instruments);
  if (rubric != nullptr && ratings) {
    Json criteria = Json::array();
    for (const auto& c : rubric->criteria) criteria.push_back(c.id);
    plan["rubric"] = Json{{"id", rubric->id},
                          {"version", rubric->version},
                          {"scale", Json{{"min", rubric->scale.min}, {"max", rubric->scale.max}}},
                          {"criteria", std::move(criteria)}};
  } else {
    plan["rubric"] = nullptr;
  }
  // The columns of dataset.csv: the codebook without its texts.
  Json variables = Json::array();
  for (const auto& v : codebook.at("variables")) {
    Json out = Json::object();
    for (const char* k : {"name", "type", "score", "item", "wave", "min", "max"}) {
      if (v.contains(k)) out[k] = v.at(k);
    }
    if (v.contains("instrument")) out["instrument"] = v.at("instrument").value("id", "");
    if (v.contains("values") && v.at("values").is_array()) {
      Json values = Json::array();
      for (const auto& x : v.at("values")) {
        Json y = Json{{"value", x.value("value", Json())}};
        if (x.contains("numeric")) y["numeric"] = x.at("numeric");
        if (x.contains("positive")) y["positive"] = x.at("positive");
        values.push_back(std::move(y));
      }
      out["values"] = std::move(values);
    }
    if (v.value("identifying", false)) out["identifying"] = true;
    variables.push_back(std::move(out));
  }
  plan["variables"] = std::move(variables);
  plan["files"] = Json{
      {"dataset", "dataset.csv"}, {"items", "items.csv"}, {"ratings", ratings ? Json("ratings.csv") : Json(nullptr)}};
  return plan;
}

// A script: the template with its plan line replaced by the plan, as JSON
// with every non-ASCII character and every quote ' escaped, so that it
// cannot end the raw string it stands in (R r"-(...)-", Python r'''...''').
std::string script_of(std::string s, const Json& plan) {
  std::string json = plan.dump(1, ' ', true);
  std::string safe;
  safe.reserve(json.size());
  for (char c : json) {
    if (c == '\'') {
      safe += "\\u0027";
    } else {
      safe += c;
    }
  }
  const std::string marker = "@@ASSESS_PLAN@@";
  const auto at = s.find(marker);
  if (at != std::string::npos) s.replace(at, marker.size(), safe);
  return s;
}

// Frictionless Data: a field of a table schema.
Json field_json(const std::string& name, const char* type, const Json* title, const Json* values) {
  Json f{{"name", name}, {"type", type}};
  if (title != nullptr && title->is_string()) f["title"] = *title;
  if (values != nullptr && values->is_array() && !values->empty()) {
    Json e = Json::array();
    for (const auto& v : *values) e.push_back(v.value("value", Json()));
    f["constraints"] = Json{{"enum", std::move(e)}};
  }
  return f;
}

const char* frictionless_type(const std::string& codebook_type) {
  if (codebook_type == "number") return "number";
  if (codebook_type == "integer" || codebook_type == "binary") return "integer";
  return "string";
}

Json table_resource(const std::string& name, const std::string& path, const std::string& bytes, Json fields,
                    const Json& title) {
  Json r = Json::object();
  r["name"] = name;
  r["path"] = path;
  r["profile"] = "tabular-data-resource";
  r["title"] = title;
  r["format"] = "csv";
  r["mediatype"] = "text/csv";
  r["encoding"] = "utf-8";
  r["bytes"] = bytes.size();
  r["hash"] = "sha256:" + sha256_hex(bytes);
  r["dialect"] = Json{{"delimiter", ","}, {"lineTerminator", "\r\n"}, {"quoteChar", "\""}, {"header", true}};
  r["schema"] = Json{{"fields", std::move(fields)}, {"missingValues", Json::array({""})}};
  return r;
}

Json file_resource(const std::string& name, const std::string& path, const std::string& bytes, const char* format,
                   const char* mediatype, const Json& title) {
  Json r = Json::object();
  r["name"] = name;
  r["path"] = path;
  r["title"] = title;
  r["format"] = format;
  r["mediatype"] = mediatype;
  r["bytes"] = bytes.size();
  r["hash"] = "sha256:" + sha256_hex(bytes);
  return r;
}

// A Frictionless name: lower-case letters, digits, - _ . only.
std::string package_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += '-';
    }
  }
  return out.empty() ? std::string("study") : out;
}

// links.json: the links and choices as the data set used them, as an
// assess-links/2 file (links of the form /1, {pre, post}, become their two
// codes), whatever form they came in: the page and the command line write
// the same file for the same links.
std::string links_json(const std::vector<data::StudentLink>& links, const std::vector<data::DuplicateChoice>& dups) {
  Json doc = Json::object();
  doc["format"] = "assess-links/2";
  Json list = Json::array();
  for (const auto& l : links) {
    Json e = Json::object();
    e["codes"] = l.codes;
    if (!l.note.empty()) e["note"] = l.note;
    list.push_back(std::move(e));
  }
  doc["links"] = std::move(list);
  if (!dups.empty()) {
    Json d = Json::array();
    for (const auto& c : dups) d.push_back(Json{{c.keep ? "keep" : "exclude", c.record_id}});
    doc["duplicates"] = std::move(d);
  }
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

struct BundleFile {
  std::string name;
  std::string bytes;
  bool binary = false;
};

}  // namespace

Json op_bundle(Args& a) {
  // The arguments the report takes, copied into its request before the data
  // set reads them (read_study_dataset_args marks them read).
  Json report_req = Json::object();
  for (const char* k : {"study", "instruments", "instrument", "files", "records", "links", "ratings", "rubric",
                        "code_check", "strict", "conf_level", "equal_var"}) {
    if (const Json* v = a.peek(k)) report_req[k] = *v;
  }
  if (!a.has("study")) fail(ErrorCode::invalid_input, Message{"args.study_required"}, "/study");
  StudyDataset sd;
  read_study_dataset_args(a, sd);
  if (!sd.given) fail(ErrorCode::invalid_input, Message{"args.study_required"}, "/study");
  const bool text = a.boolean("text", true);
  const std::string format = a.choice("format", {"files", "zip"}, "files");
  const std::string first = sd.given->languages.empty() ? std::string("en") : sd.given->languages.front();
  const std::string lang = a.choice("lang", {"kk", "ru", "en"}, first == "kk" || first == "ru" ? first.c_str() : "en");
  // The page's HTML report, added as report.html.
  const std::optional<std::string> html =
      a.has("report_html") ? std::optional<std::string>(a.string("report_html")) : std::nullopt;
  auto ratings = ratings_arg(a);
  const std::optional<instrument::Rubric> rubric = study_rubric_arg(a, *sd.given, ratings.has_value());
  (void)a.value_or_null("conf_level");
  (void)a.value_or_null("equal_var");

  // The report (JSON; its Markdown rendered below, after --no-text).
  report_req["lang"] = lang;
  Args ra(report_req);
  Json report = op_analyze_study(ra);
  if (!text && report.contains("panel") && report["panel"].is_object()) report["panel"].erase("comments");

  build_study_dataset(sd, text);
  data::Dataset& ds = sd.dataset;
  if (!text) {
    // The report's parts that list them by name go too.
    std::vector<std::string> identifying;
    for (const auto& v : ds.variables) {
      if (v.identifying) identifying.push_back(v.name);
    }
    for (const char* part : {"background", "outcomes"}) {
      if (!report.contains(part) || !report[part].is_array()) continue;
      Json kept = Json::array();
      for (auto& e : report[part]) {
        const std::string name = e.value("variable", "");
        if (std::find(identifying.begin(), identifying.end(), name) == identifying.end()) kept.push_back(std::move(e));
      }
      report[part] = std::move(kept);
    }
    // --no-text: the identifying variables (open answers, small-cell
    // background facts) are left out too.
    std::size_t kept = 0;
    for (std::size_t v = 0; v < ds.variables.size(); ++v) {
      if (ds.variables[v].identifying) continue;
      if (kept != v) {
        ds.variables[kept] = std::move(ds.variables[v]);
        ds.columns[kept] = std::move(ds.columns[v]);
      }
      ++kept;
    }
    ds.variables.resize(kept);
    ds.columns.resize(kept);
  }
  Json codebook = data::codebook_json(ds, sd.study, sd.ptrs);
  std::vector<BundleFile> files;
  std::vector<Message> warnings;
  data::DatasetSav sav = data::dataset_sav(ds, codebook, lang);
  warnings = std::move(sav.warnings);
  std::string ratings_csv;
  if (ratings) {
    data::ImportReport rreport;
    data::ImportOptions ropt;
    ropt.duplicates = sd.options.duplicates;
    auto rt = data::import_ratings(*rubric, &*sd.given, *ratings, rreport, ropt);
    if (!rt.ok()) fail(rt.error());
    ratings_csv = data::ratings_csv(rt.value(), text);
  }
  const Json plan = plan_json(sd.study, sd.ptrs, report, codebook, rubric ? &*rubric : nullptr, ratings.has_value());

  Json envelope = Json::object();
  envelope["ok"] = true;
  envelope["op"] = "analyze_study";
  envelope["result"] = report;
  const std::string report_json = envelope.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  const std::string report_md = analysis::study_markdown(report, lang);

  files.push_back({"dataset.csv", data::dataset_csv(ds)});
  files.push_back({"dataset.sav", std::move(sav.bytes), true});
  files.push_back({"items.csv", data::items_csv(ds, sd.study, sd.ptrs, sd.tables)});
  if (ratings) files.push_back({"ratings.csv", ratings_csv});
  if (!sd.links.empty() || !sd.options.duplicates.empty()) {
    files.push_back({"links.json", links_json(sd.links, sd.options.duplicates)});
  }
  files.push_back({"codebook.json", codebook.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"});
  files.push_back({"report.json", report_json});
  files.push_back({"report.md", report_md});
  if (html) files.push_back({"report.html", *html});
  files.push_back({"analysis.R", script_of(bundle_script_r(), plan)});
  files.push_back({"analysis.py", script_of(bundle_script_py(), plan)});

  // datapackage.json describes the files above.
  const std::string title = instrument::text_in(sd.study.title, lang, "en");
  Json resources = Json::array();
  const std::vector<data::ItemColumn> item_cols = data::item_columns(sd.study, sd.ptrs);
  for (const auto& f : files) {
    const std::string stem = f.name.substr(0, f.name.find('.'));
    if (f.name == "dataset.csv") {
      Json fields = Json::array();
      for (const auto& v : codebook.at("variables")) {
        const Json* label = v.contains("label") ? &v.at("label").at(lang) : nullptr;
        fields.push_back(field_json(v.at("name"), frictionless_type(v.at("type")), label,
                                    v.contains("values") ? &v.at("values") : nullptr));
      }
      resources.push_back(table_resource("dataset", f.name, f.bytes, std::move(fields), Json(title)));
    } else if (f.name == "items.csv" || f.name == "ratings.csv") {
      Json fields = Json::array();
      const bool items = f.name == "items.csv";
      const std::string head = f.bytes.substr(0, f.bytes.find('\r'));
      std::size_t start = 0;
      while (start <= head.size()) {
        const auto comma = head.find(',', start);
        const std::string name = head.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        bool is_text = name == "code" || name == "respondent" || name == "wave" || name == "instrument" ||
                       name == "programme" || name == "group" || name == "expert" || name == "comment";
        // An employers' choice item: its options' ids.
        Json options;
        for (const auto& c : item_cols) {
          const auto& item = sd.ptrs[c.instrument]->items[c.item];
          if (items && c.name == name && item.type == instrument::ItemType::choice) {
            is_text = true;
            options = Json::array();
            for (const auto& o : item.options) options.push_back(Json{{"value", o.id}});
          }
        }
        const char* type = is_text ? "string" : name == "linked" ? "integer" : "number";
        fields.push_back(field_json(name, type, nullptr, options.is_array() ? &options : nullptr));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      resources.push_back(table_resource(stem, f.name, f.bytes, std::move(fields), Json(items ? "items" : "ratings")));
    } else if (f.name == "dataset.sav") {
      resources.push_back(file_resource("dataset-sav", f.name, f.bytes, "sav", "application/x-spss-sav", Json(title)));
    } else if (f.name.size() > 5 && f.name.compare(f.name.size() - 5, 5, ".json") == 0) {
      resources.push_back(file_resource(stem, f.name, f.bytes, "json", "application/json", Json(stem)));
    } else if (f.name == "report.md") {
      resources.push_back(file_resource("report-md", f.name, f.bytes, "md", "text/markdown", Json(stem)));
    } else if (f.name == "report.html") {
      resources.push_back(file_resource("report-html", f.name, f.bytes, "html", "text/html", Json(stem)));
    } else if (f.name == "analysis.R") {
      resources.push_back(file_resource("analysis-r", f.name, f.bytes, "r", "text/x-r", Json(stem)));
    } else if (f.name == "analysis.py") {
      resources.push_back(file_resource("analysis-py", f.name, f.bytes, "py", "text/x-python", Json(stem)));
    }
  }
  Json package = Json::object();
  package["profile"] = "data-package";
  package["name"] = package_name(sd.study.id + "-v" + std::to_string(sd.study.version));
  package["title"] = title;
  package["version"] = std::to_string(sd.study.version) + ".0.0";
  const Json& created = codebook.at("sav").at("created");
  if (created.is_string()) package["created"] = created;
  package["contributors"] = Json::array({Json{{"title", "assess " + std::string(api::version())}, {"role", "author"}}});
  package["resources"] = std::move(resources);
  files.push_back({"datapackage.json", package.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"});
  std::vector<std::string> names;
  names.reserve(files.size() + 1);
  for (const auto& f : files) names.push_back(f.name);
  names.emplace_back("SHA256SUMS");
  // The README says whether people's words or identifying facts are in it.
  BundlePrivacy privacy = BundlePrivacy::removed;
  if (text) {
    const bool comments = report.contains("panel") && report["panel"].is_object() &&
                          report["panel"].contains("comments") && !report["panel"]["comments"].empty();
    const bool identifying =
        std::any_of(ds.variables.begin(), ds.variables.end(), [](const auto& v) { return v.identifying; });
    privacy = comments || identifying ? BundlePrivacy::personal : BundlePrivacy::none;
  }
  files.push_back({"README.md", bundle_readme(sd.study, lang, names, privacy)});

  std::string sums;
  for (const auto& f : files) sums += sha256_hex(f.bytes) + "  " + f.name + "\n";
  files.push_back({"SHA256SUMS", sums});

  Json out = Json::object();
  out["study"] = Json{{"id", sd.study.id}, {"version", sd.study.version}};
  out["lang"] = lang;
  out["text"] = text;
  Json counts = Json::object();
  counts["students"] = ds.n_rows;
  counts["variables"] = ds.variables.size();
  add_import_counts(counts, sd.report);
  out["counts"] = std::move(counts);
  Json problems = problems_json(sd.report.problems);
  for (const auto& p : ds.problems) problems.push_back(Json(p));
  out["problems"] = std::move(problems);
  Json list = Json::array();
  if (format == "zip") {
    std::vector<data::ZipEntry> entries;
    for (const auto& f : files) {
      list.push_back(Json{{"name", f.name}, {"bytes", f.bytes.size()}, {"sha256", sha256_hex(f.bytes)}});
      entries.push_back({f.name, f.bytes});
    }
    const std::string& created = codebook.at("sav").at("created").is_string()
                                     ? codebook.at("sav").at("created").get_ref<const std::string&>()
                                     : std::string();
    const int year = created.size() >= 10 ? std::stoi(created.substr(0, 4)) : 1980;
    const int month = created.size() >= 10 ? std::stoi(created.substr(5, 2)) : 1;
    const int day = created.size() >= 10 ? std::stoi(created.substr(8, 2)) : 1;
    std::string zip;
    if (!data::write_zip(entries, year, month, day, zip)) {
      fail(ErrorCode::invalid_input, Message{"bundle.too_large"}, "");
    }
    out["zip"] = base64(zip);
  } else {
    for (auto& f : files) {
      Json e = Json::object();
      e["name"] = f.name;
      if (f.binary) {
        e["base64"] = base64(f.bytes);
      } else {
        e["text"] = std::move(f.bytes);
      }
      list.push_back(std::move(e));
    }
  }
  out["files"] = std::move(list);
  put_warnings(out, warnings);
  return out;
}

}  // namespace assess::api::detail
