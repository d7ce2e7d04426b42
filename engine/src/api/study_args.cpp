#include "api/study_args.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "assess/core/json_reader.hpp"
#include "assess/core/text.hpp"
#include "assess/data/file_store.hpp"

namespace assess::api::detail {
namespace {

using instrument::DocKind;

std::string pointer(const char* key) { return std::string("/") + key; }

// JSON given as text inside the request, read by the engine's reader: a key
// twice is invalid_input at its pointer inside the text.
Json json_text(const std::string& text, const char* key) {
  Json doc;
  JsonReadError err;
  if (read_json(text, doc, err)) return doc;
  if (err.kind == JsonReadError::Kind::duplicate_key) {
    fail(ErrorCode::invalid_input, Message{"args.text_duplicate_key", {{"arg", key}, {"detail", err.message()}}},
         pointer(key) + err.path);
  }
  fail(ErrorCode::parse_error, Message{"args.text_not_json", {{"arg", key}, {"detail", err.message()}}}, pointer(key));
}

// A value that is a JSON document or its text.
Json json_or_text(const Json& v, const char* key) {
  return v.is_string() ? json_text(v.get_ref<const std::string&>(), key) : v;
}

template <class T>
T parsed(Result<T> r, const char* key) {
  if (!r.ok()) fail(instrument::with_path_prefix(r.error(), pointer(key)));
  return std::move(r).value();
}

// The document of `key` (an object) is of the kind `want`, else the error
// of that kind's own id (the article belongs to the template).
void expect_kind(const Json& doc, const char* key, DocKind want) {
  auto kind = instrument::document_kind(doc);
  if (!kind.ok()) fail(instrument::with_path_prefix(kind.error(), pointer(key)));
  if (*kind == want) return;
  const std::string at = pointer(key) + "/format";
  switch (want) {
    case DocKind::instrument:
      fail(ErrorCode::invalid_input, Message{"document.not_an_instrument", {kind_param(*kind)}}, at);
    case DocKind::rubric:
      fail(ErrorCode::invalid_input, Message{"document.not_a_rubric", {kind_param(*kind)}}, at);
    case DocKind::study:
      break;
  }
  fail(ErrorCode::invalid_input, Message{"document.not_a_study", {kind_param(*kind)}}, at);
}

const std::string& text_of(const Json& v) { return v.get_ref<const std::string&>(); }

// <key>[i] as an input file (key "files", or "ratings", the expert ratings
// of analyze_study, whose messages name that argument in their own words);
// `names` maps the names seen to their index.
data::InputFile one_file(const Json& f, std::size_t i, std::map<std::string, std::size_t>& names, bool ratings) {
  const std::string path = (ratings ? "/ratings/" : "/files/") + std::to_string(i);
  if (!f.is_object()) {
    fail(ErrorCode::invalid_input,
         ratings ? Message{"args.ratings_file_not_object", {{"index", i}, json_type_param(f)}}
                 : Message{"args.file_not_object", {{"index", i}, json_type_param(f)}},
         path);
  }
  auto name = f.find("name");
  auto text = f.find("text");
  if (name == f.end() || !name->is_string() || text_of(*name).empty()) {
    fail(ErrorCode::invalid_input,
         ratings ? Message{"args.ratings_file_no_name", {{"index", i}}} : Message{"args.file_no_name", {{"index", i}}},
         path + "/name");
  }
  const std::string& n = text_of(*name);
  const std::string* content = nullptr;
  if (text == f.end() || text->is_null()) {
    // The bytes were handed over beside the JSON (the wasm door's putFile).
    content = data::stored_file(n);
    if (content == nullptr) {
      fail(ErrorCode::invalid_input,
           ratings ? Message{"args.ratings_file_not_stored", {{"index", i}, {"name", utf8_prefix(n, kShownName)}}}
                   : Message{"args.file_not_stored", {{"index", i}, {"name", utf8_prefix(n, kShownName)}}},
           path + "/text");
    }
  } else if (!text->is_string()) {
    fail(ErrorCode::invalid_input,
         ratings ? Message{"args.ratings_file_text_not_string", {{"index", i}}}
                 : Message{"args.file_text_not_string", {{"index", i}}},
         path + "/text");
  } else {
    content = &text_of(*text);
  }
  auto [it, fresh] = names.emplace(n, i);
  if (!fresh) {
    const std::string shown(utf8_prefix(n, kShownName));
    fail(ErrorCode::invalid_input,
         ratings ? Message{"args.ratings_file_name_twice", {{"index", i}, {"name", shown}, {"first", it->second}}}
                 : Message{"args.file_name_twice", {{"index", i}, {"name", shown}, {"first", it->second}}},
         path + "/name");
  }
  return data::InputFile{n, *content};
}

// The files of the list `fs` (an array, else not_array at /files or /ratings).
void file_list(const Json& fs, bool ratings, std::vector<data::InputFile>& files) {
  if (!fs.is_array()) {
    if (ratings) fail(ErrorCode::invalid_input, Message{"args.ratings_not_array", {json_type_param(fs)}}, "/ratings");
    fail(ErrorCode::invalid_input, Message{"args.files_not_array", {json_type_param(fs)}}, "/files");
  }
  std::map<std::string, std::size_t> names;
  files.reserve(fs.size() + 1);
  for (std::size_t i = 0; i < fs.size(); ++i) files.push_back(one_file(fs[i], i, names, ratings));
}

// links[i] (at `path`) as an override.
data::LinkOverride one_link(const Json& l, std::size_t i, const std::string& path) {
  if (!l.is_object()) {
    fail(ErrorCode::invalid_input, Message{"args.link_not_object", {{"index", i}, json_type_param(l)}}, path);
  }
  data::LinkOverride o;
  for (const char* side : {"pre", "post"}) {
    auto it = l.find(side);
    if (it == l.end() || !it->is_string()) {
      fail(ErrorCode::invalid_input, Message{"args.link_code_not_string", {{"index", i}, {"side", side}}},
           path + "/" + side);
    }
    (std::string_view(side) == "pre" ? o.pre : o.post) = text_of(*it);
  }
  for (auto it = l.begin(); it != l.end(); ++it) {
    if (it.key() == "note") {
      if (!it->is_string()) {
        fail(ErrorCode::invalid_input, Message{"args.link_note_not_string", {{"index", i}}}, path + "/note");
      }
      o.note = text_of(*it);
    } else if (it.key() != "pre" && it.key() != "post") {
      fail(ErrorCode::invalid_input,
           Message{"args.link_unknown_field", {{"index", i}, {"key", utf8_prefix(it.key(), kShownValue)}}},
           path + "/" + pointer_token(it.key()));
    }
  }
  return o;
}

// An assess-links/2 entry {"codes": [code, code, ...], "note"?} at `path`.
data::StudentLink student_link(const Json& l, std::size_t i, const std::string& path) {
  data::StudentLink out;
  out.where = path;
  const Json& codes = l.at("codes");
  if (!codes.is_array() || codes.size() < 2) {
    fail(ErrorCode::invalid_input, Message{"args.link_codes_invalid", {{"index", i}}}, path + "/codes");
  }
  for (std::size_t k = 0; k < codes.size(); ++k) {
    if (!codes[k].is_string()) {
      fail(ErrorCode::invalid_input, Message{"args.link_codes_invalid", {{"index", i}}},
           path + "/codes/" + std::to_string(k));
    }
    out.codes.push_back(text_of(codes[k]));
  }
  for (auto it = l.begin(); it != l.end(); ++it) {
    if (it.key() == "note") {
      if (!it->is_string()) {
        fail(ErrorCode::invalid_input, Message{"args.link_note_not_string", {{"index", i}}}, path + "/note");
      }
      out.note = text_of(*it);
    } else if (it.key() != "codes") {
      fail(ErrorCode::invalid_input,
           Message{"args.link_unknown_field", {{"index", i}, {"key", utf8_prefix(it.key(), kShownValue)}}},
           path + "/" + pointer_token(it.key()));
    }
  }
  return out;
}

}  // namespace

MsgParam kind_param(DocKind k, const char* name) {
  switch (k) {
    case DocKind::instrument:
      return MsgParam::coded(name, "instrument", "an instrument");
    case DocKind::rubric:
      return MsgParam::coded(name, "rubric", "a rubric");
    case DocKind::study:
      break;
  }
  return MsgParam::coded(name, "study", "a study");
}

Json document_arg(Args& a, const char* key, bool required) {
  const Json* v = required ? &a.value(key) : a.value_or_null(key);
  if (v == nullptr || v->is_null()) {
    if (required) fail(ErrorCode::invalid_input, Message{"args.missing", {{"arg", key}}}, pointer(key));
    return nullptr;
  }
  if (!v->is_string() && !v->is_object()) {
    fail(ErrorCode::invalid_input, Message{"args.document_not_object", {{"arg", key}, json_type_param(*v)}},
         pointer(key));
  }
  return json_or_text(*v, key);
}

Json document_value(const Json& v, const std::string& key) {
  if (!v.is_string() && !v.is_object()) {
    fail(ErrorCode::invalid_input, Message{"args.document_not_object", {{"arg", key}, json_type_param(v)}},
         pointer(key.c_str()));
  }
  return json_or_text(v, key.c_str());
}

instrument::Instrument instrument_arg(Args& a, bool any_item_types) {
  const Json doc = document_arg(a, "instrument", true);
  expect_kind(doc, "instrument", DocKind::instrument);
  instrument::Instrument ins = parsed(instrument::parse_instrument(doc), "instrument");
  // The op link reads Likert items only (so far); the others read every type.
  if (auto e = any_item_types ? std::nullopt : instrument::unsupported_item_type(ins))
    fail(instrument::with_path_prefix(std::move(*e), pointer("instrument")));
  return ins;
}

instrument::Rubric rubric_arg(Args& a) {
  const Json doc = document_arg(a, "rubric", true);
  expect_kind(doc, "rubric", DocKind::rubric);
  return parsed(instrument::parse_rubric(doc), "rubric");
}

std::optional<instrument::Study> study_arg(Args& a) {
  const Json doc = document_arg(a, "study", false);
  if (doc.is_null()) return std::nullopt;
  expect_kind(doc, "study", DocKind::study);
  return parsed(instrument::parse_study(doc), "study");
}

std::vector<instrument::Instrument> instruments_arg(Args& a) {
  const Json* v = a.value_or_null("instruments");
  std::vector<instrument::Instrument> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.instruments_not_array", {json_type_param(*v)}}, "/instruments");
  }
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string key = "instruments/" + std::to_string(i);
    const Json& e = (*v)[i];
    if (!e.is_string() && !e.is_object()) {
      fail(ErrorCode::invalid_input, Message{"args.document_not_object", {{"arg", key}, json_type_param(e)}},
           pointer(key.c_str()));
    }
    const Json doc = json_or_text(e, key.c_str());
    expect_kind(doc, key.c_str(), DocKind::instrument);
    out.push_back(parsed(instrument::parse_instrument(doc), key.c_str()));
  }
  return out;
}

std::vector<instrument::Instrument> study_instruments_arg(Args& a, const instrument::Study& study) {
  std::vector<instrument::Instrument> given = instruments_arg(a);
  if (a.has("instrument")) given.insert(given.begin(), instrument_arg(a, true));
  std::vector<instrument::Instrument> out;
  out.reserve(study.instruments.size());
  for (const auto& si : study.instruments) {
    const instrument::Instrument* found = nullptr;
    for (const auto& g : given) {
      if (g.id == si.ref.id && found == nullptr) found = &g;
    }
    if (found == nullptr) {
      fail(ErrorCode::invalid_input,
           Message{"args.study_instrument_missing",
                   {{"study", study.id}, {"id", si.ref.id}, {"version", si.ref.version}}},
           "/instruments");
    }
    const auto& cw = found->compatible_with;
    if (found->version != si.ref.version && std::find(cw.begin(), cw.end(), si.ref.version) == cw.end()) {
      fail(
          ErrorCode::invalid_input,
          Message{
              "args.study_instrument_version",
              {{"study", study.id}, {"id", si.ref.id}, {"version", si.ref.version}, {"given_version", found->version}}},
          "/instruments");
    }
    out.push_back(*found);
  }
  return out;
}

std::vector<data::InputFile> files_arg(Args& a, std::vector<std::string>& storage, const RecordsBundle* records) {
  const Json* fs = records != nullptr ? a.value_or_null("files") : &a.value("files");
  const Json* rs = records != nullptr ? a.value_or_null("records") : nullptr;
  const bool no_files = fs == nullptr || fs->is_null(), no_records = rs == nullptr || rs->is_null();
  if (no_files && no_records) fail(ErrorCode::invalid_input, Message{"args.files_or_records"}, "/files");
  std::vector<data::InputFile> files;
  if (!no_files) file_list(*fs, false, files);
  if (!no_records) {
    if (!rs->is_array()) {
      fail(ErrorCode::invalid_input, Message{"args.records_not_array", {json_type_param(*rs)}}, "/records");
    }
    Json bundle = Json::object();
    bundle["format"] = records->format;
    bundle[records->key] = *rs;
    storage.push_back(bundle.dump());
    files.push_back(data::InputFile{"records", storage.back()});
  }
  return files;
}

std::optional<std::vector<data::InputFile>> ratings_arg(Args& a) {
  const Json* rs = a.value_or_null("ratings");
  if (rs == nullptr || rs->is_null()) return std::nullopt;
  std::vector<data::InputFile> files;
  file_list(*rs, true, files);
  return files;
}

std::optional<instrument::Rubric> study_rubric_arg(Args& a, const instrument::Study& study, bool needed) {
  const Json doc = document_arg(a, "rubric", false);
  if (doc.is_null() && !needed) return std::nullopt;
  if (!study.rubric) fail(ErrorCode::invalid_input, Message{"args.study_no_rubric", {{"study", study.id}}}, "/study");
  const instrument::DocRef& want = *study.rubric;
  if (doc.is_null()) {
    fail(ErrorCode::invalid_input,
         Message{"args.study_rubric_missing", {{"study", study.id}, {"id", want.id}, {"version", want.version}}},
         "/rubric");
  }
  expect_kind(doc, "rubric", DocKind::rubric);
  instrument::Rubric r = parsed(instrument::parse_rubric(doc), "rubric");
  if (r.id != want.id || r.version != want.version) {
    fail(ErrorCode::invalid_input,
         Message{"args.study_rubric_mismatch",
                 {{"study", study.id},
                  {"id", want.id},
                  {"version", want.version},
                  {"given_id", r.id},
                  {"given_version", r.version}}},
         "/rubric");
  }
  return r;
}

Json instruments_json(const std::vector<instrument::Instrument>& docs, const std::vector<data::ResponseTable>& tables,
                      const instrument::Study* study) {
  Json out = Json::array();
  for (std::size_t i = 0; i < docs.size(); ++i) {
    Json e{{"id", docs[i].id}, {"version", docs[i].version}};
    if (study != nullptr) e["respondents"] = instrument::to_string(study->instruments[i].respondents);
    Json versions = Json::array();
    for (int v : tables[i].versions) versions.push_back(v);
    if (versions.empty()) versions.push_back(docs[i].version);
    e["versions"] = std::move(versions);
    e["records"] = tables[i].size();
    out.push_back(std::move(e));
  }
  return out;
}

void add_import_counts(Json& counts, const data::ImportReport& report) {
  Json all = data::counts_json(report);
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (!counts.contains(it.key())) counts[it.key()] = std::move(it.value());
  }
}

Json problems_json(const std::vector<data::Problem>& problems) {
  Json out = Json::array();
  for (const auto& p : problems) out.push_back(Json(p));
  return out;
}

data::CheckMode code_check_arg(Args& a) {
  std::string m = a.choice("code_check", {"auto", "none", "required"}, "auto");
  return m == "none" ? data::CheckMode::none : m == "required" ? data::CheckMode::required : data::CheckMode::automatic;
}

std::vector<data::LinkOverride> links_arg(Args& a) {
  const Json* v = a.value_or_null("links");
  if (v == nullptr || v->is_null()) return {};
  const Json doc = json_or_text(*v, "links");
  // A links file {"format": "assess-links/1", "links": [...]} or the array itself.
  const Json* list = &doc;
  std::string base = "/links";
  if (doc.is_object()) {
    auto format = doc.find("format");
    if (format != doc.end() &&
        !(format->is_string() && (text_of(*format) == "assess-links/1" || text_of(*format) == "assess-links/2"))) {
      fail(ErrorCode::invalid_input, Message{"args.links_wrong_format"}, "/links/format");
    }
    auto inner = doc.find("links");
    if (inner == doc.end()) fail(ErrorCode::invalid_input, Message{"args.links_file_no_links"}, "/links");
    list = &*inner;
    base += "/links";
  }
  if (!list->is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.links_not_array", {json_type_param(*list)}}, base);
  }
  std::vector<data::LinkOverride> out;
  out.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& l = (*list)[i];
    const std::string path = base + "/" + std::to_string(i);
    if (l.is_object() && l.contains("codes")) {
      // assess-links/2: the pre-post linking takes a link of two codes as pre, post.
      data::StudentLink sl = student_link(l, i, path);
      if (sl.codes.size() == 2) out.push_back(data::LinkOverride{sl.codes[0], sl.codes[1], sl.note});
      continue;
    }
    out.push_back(one_link(l, i, path));
  }
  return out;
}

std::vector<data::StudentLink> student_links_arg(Args& a) {
  const Json* v = a.value_or_null("links");
  if (v == nullptr || v->is_null()) return {};
  const Json doc = json_or_text(*v, "links");
  const Json* list = &doc;
  std::string base = "/links";
  if (doc.is_object()) {
    auto inner = doc.find("links");
    if (inner == doc.end()) return {};
    list = &*inner;
    base += "/links";
  }
  std::vector<data::StudentLink> out;
  if (!list->is_array()) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& l = (*list)[i];
    const std::string path = base + "/" + std::to_string(i);
    if (l.is_object() && l.contains("codes")) {
      out.push_back(student_link(l, i, path));
    } else {
      data::LinkOverride o = one_link(l, i, path);
      out.push_back(data::StudentLink{{o.pre, o.post}, o.note, path});
    }
  }
  return out;
}

std::vector<data::DuplicateChoice> duplicates_arg(Args& a) {
  const Json* v = a.value_or_null("links");
  if (v == nullptr || v->is_null()) return {};
  const Json doc = json_or_text(*v, "links");
  if (!doc.is_object()) return {};
  auto list = doc.find("duplicates");
  if (list == doc.end()) return {};
  const std::string base = "/links/duplicates";
  if (!list->is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.duplicates_not_array", {json_type_param(*list)}}, base);
  }
  std::vector<data::DuplicateChoice> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& c = (*list)[i];
    const std::string path = base + "/" + std::to_string(i);
    auto keep = c.is_object() ? c.find("keep") : c.end();
    auto exclude = c.is_object() ? c.find("exclude") : c.end();
    const bool one = c.is_object() && c.size() == 1 && (keep != c.end() || exclude != c.end());
    const Json* id = !one ? nullptr : keep != c.end() ? &*keep : &*exclude;
    if (id == nullptr || !id->is_string() || text_of(*id).empty()) {
      fail(ErrorCode::invalid_input, Message{"args.duplicate_choice_invalid", {{"index", i}}}, path);
    }
    out.push_back(data::DuplicateChoice{text_of(*id), keep != c.end(), path});
  }
  return out;
}

}  // namespace assess::api::detail
