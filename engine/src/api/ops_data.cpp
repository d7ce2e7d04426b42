// Handlers of the data ops: make_code and normalise_code (pseudonymous
// codes), import_responses and import_ratings (files -> records + problems),
// and link (pre/post linking report). The file formats and the problem kinds
// are documented in docs/formats.md.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/ops.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/file_store.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::api::detail {
namespace {

using namespace assess::data;
namespace ins = assess::instrument;

const char* kind_of(const json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  if (v.is_string()) return "a string";
  if (v.is_number()) return "a number";
  if (v.is_boolean()) return "a boolean";
  return "null";
}

template <class T>
T document_arg(const json& doc, const char* key, ins::DocKind want, Result<T> (*parse)(const Json&)) {
  auto kind = ins::document_kind(doc);
  std::string prefix = std::string("/") + key;
  if (!kind) fail(ins::with_path_prefix(kind.error(), prefix));
  if (*kind != want) {
    fail(ErrorCode::invalid_input,
         std::string(key) + " is a " + ins::to_string(*kind) + " document, but a " + ins::to_string(want) +
             " is required here",
         prefix + "/format");
  }
  auto r = parse(doc);
  if (!r) fail(ins::with_path_prefix(r.error(), prefix));
  return std::move(r).value();
}

std::optional<ins::Study> study_arg(Args& a) {
  const json* doc = a.value_or_null("study");
  if (!doc || doc->is_null()) return std::nullopt;
  return document_arg<ins::Study>(*doc, "study", ins::DocKind::study, &ins::parse_study);
}

CheckMode check_mode(Args& a) {
  std::string m = a.choice("code_check", {"auto", "none", "required"}, "auto");
  return m == "none" ? CheckMode::none : m == "required" ? CheckMode::required : CheckMode::automatic;
}

ImportOptions import_options(Args& a) {
  ImportOptions o;
  o.code_check = check_mode(a);
  o.max_problems_per_kind = static_cast<std::size_t>(a.number("max_problems_per_kind", 200, 1, 1e9));
  return o;
}

// files: [{"name": "a.csv", "text": "..."}]; views into the request.
std::vector<InputFile> files_arg(Args& a) {
  const json& files = a.value("files");
  if (!files.is_array()) {
    fail(ErrorCode::invalid_input,
         std::string("files must be an array of {\"name\", \"text\"}, but it is ") + kind_of(files), "/files");
  }
  std::vector<InputFile> out;
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const json& f = files[i];
    std::string at = "files[" + std::to_string(i) + "]";
    std::string path = "/files/" + std::to_string(i);
    if (!f.is_object())
      fail(ErrorCode::invalid_input, at + " must be an object {\"name\", \"text\"}, but it is " + kind_of(f), path);
    auto name = f.find("name");
    auto text = f.find("text");
    if (name == f.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
      fail(ErrorCode::invalid_input, at + ".name must be the file's name (a non-empty string)", path + "/name");
    }
    const std::string& n = name->get_ref<const std::string&>();
    const std::string* content = nullptr;
    if (text == f.end() || text->is_null()) {
      // Bytes handed over beside the JSON (the wasm door's putFile).
      content = stored_file(n);
      if (!content) {
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
    out.push_back(InputFile{n, *content});
  }
  return out;
}

json problems_json(const std::vector<Problem>& problems) {
  json a = json::array();
  for (const auto& p : problems) a.push_back(json(p));
  return a;
}

json code_json(const Code& c) {
  return json{{"code", c.text()}, {"body", c.body}, {"check", c.check.empty() ? json(nullptr) : json(c.check)}};
}

std::vector<LinkOverride> links_arg(Args& a) {
  std::vector<LinkOverride> out;
  const json* links = a.value_or_null("links");
  if (!links || links->is_null()) return out;
  // A links file as a whole: {"format": "assess-links/1", "links": [...]}.
  if (links->is_object() && links->contains("format")) {
    const json& f = (*links)["format"];
    if (!f.is_string() || f.get<std::string>() != "assess-links/1") {
      fail(ErrorCode::invalid_input, "links is a document whose format is not assess-links/1", "/links/format");
    }
    auto inner = links->find("links");
    if (inner == links->end()) fail(ErrorCode::invalid_input, "the links document has no \"links\" array", "/links");
    links = &*inner;
  }
  if (!links->is_array()) {
    fail(ErrorCode::invalid_input,
         std::string("links must be an array of {\"pre\": code, \"post\": code}, but it is ") + kind_of(*links),
         "/links");
  }
  for (std::size_t i = 0; i < links->size(); ++i) {
    const json& l = (*links)[i];
    std::string at = "links[" + std::to_string(i) + "]";
    std::string path = "/links/" + std::to_string(i);
    if (!l.is_object()) fail(ErrorCode::invalid_input, at + " must be an object {\"pre\": code, \"post\": code}", path);
    LinkOverride o;
    for (const char* side : {"pre", "post"}) {
      auto it = l.find(side);
      if (it == l.end() || !it->is_string()) {
        fail(ErrorCode::invalid_input, at + "." + side + " must be a code (a string)", path + "/" + side);
      }
      (std::string(side) == "pre" ? o.pre : o.post) = it->get<std::string>();
    }
    for (auto it = l.begin(); it != l.end(); ++it) {
      if (it.key() == "note") {
        if (!it->is_string()) fail(ErrorCode::invalid_input, at + ".note must be a string", path + "/note");
        o.note = it->get<std::string>();
      } else if (it.key() != "pre" && it.key() != "post") {
        fail(ErrorCode::invalid_input,
             at + " has the unknown field \"" + it.key().substr(0, 40) + "\" (only pre, post and note)",
             path + "/" + it.key());
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

// A table from {"records": [{"code", "wave", "programme", "file"?, "row"?}]}
// for linking codes that were imported elsewhere.
ResponseTable table_from_records(const json& records, CheckMode mode, std::vector<Problem>& problems) {
  if (!records.is_array()) {
    fail(ErrorCode::invalid_input,
         std::string("records must be an array of {\"code\", \"wave\", \"programme\"}, but it is ") + kind_of(records),
         "/records");
  }
  ResponseTable t;
  t.waves = {"pre", "post"};
  t.files = {"records"};
  t.file_formats = {FileFormat::json_bundle};
  std::map<std::string, std::uint32_t> programmes;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const json& r = records[i];
    std::string at = "records[" + std::to_string(i) + "]";
    std::string path = "/records/" + std::to_string(i);
    if (!r.is_object())
      fail(ErrorCode::invalid_input, at + " must be an object {\"code\", \"wave\", \"programme\"}", path);
    for (const char* key : {"code", "wave", "programme"}) {
      auto it = r.find(key);
      if (it == r.end() || !it->is_string()) {
        fail(ErrorCode::invalid_input, at + "." + key + " must be a string", path + "/" + key);
      }
    }
    std::string wave = r["wave"].get<std::string>();
    int w = t.wave_index(wave);
    if (w < 0)
      fail(ErrorCode::invalid_input, at + ".wave is \"" + wave.substr(0, 40) + "\", but it must be pre or post",
           path + "/wave");
    auto code = normalise_code(r["code"].get<std::string>(), mode);
    std::string file = "records";
    std::uint32_t row = static_cast<std::uint32_t>(i + 1);
    auto f = r.find("file");
    auto rw = r.find("row");
    if (!code) {
      problems.push_back(
          invalid_code_problem(file, row, path + "/code", at + ".code", r["code"].get<std::string>(), mode));
      continue;
    }
    std::uint32_t file_index = 0;
    if (f != r.end() && f->is_string()) {
      auto pos = std::find(t.files.begin(), t.files.end(), f->get<std::string>());
      if (pos == t.files.end()) {
        t.files.push_back(f->get<std::string>());
        t.file_formats.push_back(FileFormat::csv);
        pos = t.files.end() - 1;
      }
      file_index = static_cast<std::uint32_t>(pos - t.files.begin());
      if (rw != r.end() && rw->is_number_unsigned()) row = rw->get<std::uint32_t>();
    }
    std::string prog = r["programme"].get<std::string>();
    auto [pit, fresh] = programmes.emplace(prog, static_cast<std::uint32_t>(t.programmes.size()));
    if (fresh) t.programmes.push_back(prog);
    t.code.push_back(code->body);
    t.check.push_back(code->check);
    t.programme.push_back(pit->second);
    t.wave.push_back(static_cast<std::uint32_t>(w));
    t.group.push_back(0);
    t.lang.push_back(0);
    t.submitted.emplace_back();
    t.source.push_back(SourceRow{file_index, row});
  }
  t.groups = {""};
  t.langs = {""};
  return t;
}

// The JSON type of an argument of make_code as the message parameter "type"
// (coded; English as kind_of says it).
MsgParam code_arg_type(const json& v) {
  const char* english = kind_of(v);
  const char* code = v.is_object()    ? "object"
                     : v.is_array()   ? "array"
                     : v.is_string()  ? "string"
                     : v.is_number()  ? "number"
                     : v.is_boolean() ? "boolean"
                                      : "null";
  return MsgParam::coded("type", code, english);
}

// The error of a code function (with its message id) pointed at `path`.
[[noreturn]] void fail_at(Error e, const char* path) {
  e.path = path;
  fail(e);
}

// A result of the code ops: they have no warnings of their own; the facade
// appends those about unused arguments, which then get their ids too.
json code_result(const Code& code) {
  json out = code_json(code);
  put_warnings(out, {});
  return out;
}

}  // namespace

json op_make_code(Args& a) {
  if (a.has("answers")) {
    auto study = study_arg(a);
    if (!study) fail(ErrorCode::invalid_input, Message{"code.answers_need_study"}, "/study");
    const json& ans = a.value("answers");
    std::vector<std::string> parts;
    if (ans.is_object()) {
      for (const auto& q : study->code_questions) {
        auto it = ans.find(q.id);
        if (it == ans.end() || !it->is_string()) {
          fail(ErrorCode::invalid_input, Message{"code.answer_not_given", {{"question", q.id}}}, "/answers/" + q.id);
        }
        parts.push_back(it->get<std::string>());
      }
      for (auto it = ans.begin(); it != ans.end(); ++it) {
        if (std::none_of(study->code_questions.begin(), study->code_questions.end(),
                         [&](const ins::CodeQuestion& q) { return q.id == it.key(); })) {
          fail(ErrorCode::invalid_input, Message{"code.answer_unknown_question", {{"key", it.key().substr(0, 40)}}},
               "/answers/" + it.key());
        }
      }
    } else if (ans.is_array()) {
      for (std::size_t i = 0; i < ans.size(); ++i) {
        if (!ans[i].is_string()) {
          fail(ErrorCode::invalid_input, Message{"code.answer_not_string", {{"index", i}}},
               "/answers/" + std::to_string(i));
        }
        parts.push_back(ans[i].get<std::string>());
      }
    } else {
      fail(ErrorCode::invalid_input, Message{"code.answers_wrong_type", {code_arg_type(ans)}}, "/answers");
    }
    auto code = make_code(study->code_questions, parts);
    if (!code) fail_at(code.error(), "/answers");
    return code_result(*code);
  }
  const json& parts = a.value("parts");
  if (!parts.is_array())
    fail(ErrorCode::invalid_input, Message{"code.parts_not_array", {code_arg_type(parts)}}, "/parts");
  std::vector<std::string> p;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i].is_string()) {
      fail(ErrorCode::invalid_input, Message{"code.part_not_string", {{"index", i}, code_arg_type(parts[i])}},
           "/parts/" + std::to_string(i));
    }
    p.push_back(parts[i].get<std::string>());
  }
  auto code = make_code(p);
  if (!code) fail_at(code.error(), "/parts");
  return code_result(*code);
}

json op_normalise_code(Args& a) {
  std::string text = a.string("code");
  CheckMode mode = check_mode(a);
  auto code = normalise_code(text, mode);
  if (!code) fail_at(code.error(), "/code");
  json out = code_json(*code);
  out["expected_check"] = check_character(code->body, code->check.empty() ? CheckKind::digits : code->check_kind);
  put_warnings(out, {});
  return out;
}

json op_import_responses(Args& a) {
  auto instrument = document_arg<ins::Instrument>(a.value("instrument"), "instrument", ins::DocKind::instrument,
                                                  &ins::parse_instrument);
  auto study = study_arg(a);
  ImportOptions options = import_options(a);
  bool include_records = a.boolean("include_records", true);
  auto files = files_arg(a);
  ImportReport report;
  auto table = import_responses(instrument, study ? &*study : nullptr, files, report, options);
  const ResponseTable& t = unwrap(table);
  json out = json::object();
  out["summary"] = summary_json(t);
  out["counts"] = counts_json(report);
  out["problems"] = problems_json(report.problems);
  if (include_records) out["records"] = records_json(t);
  return out;
}

json op_import_ratings(Args& a) {
  auto rubric = document_arg<ins::Rubric>(a.value("rubric"), "rubric", ins::DocKind::rubric, &ins::parse_rubric);
  auto study = study_arg(a);
  ImportOptions options = import_options(a);
  bool include_records = a.boolean("include_records", true);
  auto files = files_arg(a);
  ImportReport report;
  auto table = import_ratings(rubric, study ? &*study : nullptr, files, report, options);
  const RatingTable& t = unwrap(table);
  json out = json::object();
  out["summary"] = summary_json(t);
  out["counts"] = counts_json(report);
  out["problems"] = problems_json(report.problems);
  if (include_records) out["ratings"] = ratings_json(t);
  return out;
}

json op_link(Args& a) {
  bool include_pairs = a.boolean("include_pairs", true);
  LinkOptions lo;
  lo.max_near_matches = static_cast<std::size_t>(a.number("max_near_matches", 10000, 0, 1e9));
  if (a.has("records")) {
    std::vector<Problem> problems;
    ResponseTable t = table_from_records(a.value("records"), check_mode(a), problems);
    auto links = links_arg(a);
    LinkReport rep = link(t, links, lo);
    json out = link_json(rep, t, include_pairs, &links);
    out["import_problems"] = problems_json(problems);
    return out;
  }
  auto instrument = document_arg<ins::Instrument>(a.value("instrument"), "instrument", ins::DocKind::instrument,
                                                  &ins::parse_instrument);
  auto study = study_arg(a);
  ImportOptions options = import_options(a);
  auto files = files_arg(a);
  auto links = links_arg(a);
  ImportReport report;
  auto table = import_responses(instrument, study ? &*study : nullptr, files, report, options);
  const ResponseTable& t = unwrap(table);
  LinkReport rep = link(t, links, lo);
  json out = link_json(rep, t, include_pairs, &links);
  out["counts"] = counts_json(report);
  out["import_problems"] = problems_json(report.problems);
  return out;
}

}  // namespace assess::api::detail
