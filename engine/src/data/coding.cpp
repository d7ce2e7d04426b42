// The checks of the qualitative strand's documents (data/coding.hpp): the
// first problem with a JSON pointer into the document and a message id
// (coding.*, core/messages/coding.inc), as the instrument checks report.
#include "assess/data/coding.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "assess/core/error.hpp"
#include "assess/core/sha256.hpp"
#include "assess/core/text.hpp"
#include "assess/data/text.hpp"

namespace assess::data {
namespace {

// Thrown inside this file only, caught by the parse functions.
struct DocProblem {
  Error error;
};

[[noreturn]] void problem(Message m, const std::string& path) {
  throw DocProblem{make_error(ErrorCode::invalid_input, std::move(m), path)};
}

// The field as messages name it: its pointer, or "the document" at the root.
std::string field_name(const std::string& path) { return path.empty() ? std::string("/") : path; }

// A string value shown in a message: quoted and cut.
std::string shown(const Json& v) { return v.is_string() ? quote(utf8_prefix(v.get<std::string>(), 80)) : v.dump(); }

const Json& need(const Json& obj, const char* key, const std::string& at) {
  auto it = obj.find(key);
  if (it == obj.end()) problem(Message{"coding.field_missing", {{"field", field_name(at + "/" + key)}}}, at);
  return *it;
}

std::string need_string(const Json& v, const std::string& at) {
  if (!v.is_string()) problem(Message{"coding.not_string", {{"field", field_name(at)}, json_type_param(v)}}, at);
  return v.get<std::string>();
}

void need_array(const Json& v, const std::string& at) {
  if (!v.is_array()) problem(Message{"coding.not_array", {{"field", field_name(at)}, json_type_param(v)}}, at);
}

void need_object(const Json& v, const std::string& at) {
  if (!v.is_object()) problem(Message{"coding.not_object", {{"field", field_name(at)}, json_type_param(v)}}, at);
}

void known_fields(const Json& obj, std::initializer_list<const char*> keys, const std::string& at) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool known = false;
    for (const char* k : keys) known = known || it.key() == k;
    if (!known) {
      const std::string p = at + "/" + pointer_token(it.key());
      problem(Message{"coding.unknown_field", {{"field", field_name(p)}}}, p);
    }
  }
}

bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

std::string need_id(const Json& v, const std::string& at) {
  std::string s = need_string(v, at);
  if (s.empty() || s.size() > 64 || !std::all_of(s.begin(), s.end(), id_char)) {
    problem(Message{"coding.bad_id", {{"field", field_name(at)}, {"text", shown(v)}}}, at);
  }
  return s;
}

int need_version(const Json& v, const std::string& at) {
  if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 1000000) {
    problem(Message{"coding.bad_version", {{"field", field_name(at)}, {"text", shown(v)}}}, at);
  }
  return static_cast<int>(v.get<long long>());
}

void check_format(const Json& doc, bool codebook) {
  const Json& f = need(doc, "format", "");
  if (f.is_string() && f.get<std::string>() == (codebook ? kCodebookFormat : kCodingFormat)) return;
  problem(codebook ? Message{"coding.codebook_format", {{"text", shown(f)}}}
                   : Message{"coding.coding_format", {{"text", shown(f)}}},
          "/format");
}

// {lang: text} with a non-empty text in every language when required; only
// the codebook's languages.
void lang_texts(const Json& v, const std::vector<std::string>& langs, bool every, const std::string& at) {
  need_object(v, at);
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string p = at + "/" + pointer_token(it.key());
    if (std::find(langs.begin(), langs.end(), it.key()) == langs.end()) {
      problem(Message{"coding.language_not_listed", {{"field", field_name(p)}, {"lang", it.key()}}}, p);
    }
    need_string(it.value(), p);
  }
  if (!every) return;
  for (const auto& l : langs) {
    auto it = v.find(l);
    if (it == v.end() || it->get<std::string>().empty()) {
      problem(Message{"coding.text_missing", {{"field", field_name(at)}, {"lang", l}}}, at);
    }
  }
}

bool hex64(const std::string& s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Codebook codebook_of(const Json& doc) {
  if (!doc.is_object()) problem(Message{"coding.document_not_object", {json_type_param(doc)}}, "");
  check_format(doc, true);
  known_fields(doc, {"format", "id", "version", "languages", "title", "themes", "engine", "integrity"}, "");
  Codebook cb;
  cb.id = need_id(need(doc, "id", ""), "/id");
  cb.version = need_version(need(doc, "version", ""), "/version");
  const Json& langs = need(doc, "languages", "");
  need_array(langs, "/languages");
  if (langs.empty()) problem(Message{"coding.languages_empty"}, "/languages");
  for (std::size_t i = 0; i < langs.size(); ++i) {
    const std::string p = "/languages/" + std::to_string(i);
    const std::string l = need_string(langs[i], p);
    if (l.size() < 2 || l.size() > 3 || !std::all_of(l.begin(), l.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      problem(Message{"coding.bad_language", {{"field", field_name(p)}, {"text", shown(langs[i])}}}, p);
    }
    if (std::find(cb.languages.begin(), cb.languages.end(), l) != cb.languages.end()) {
      problem(Message{"coding.language_repeat", {{"field", field_name(p)}, {"lang", l}}}, p);
    }
    cb.languages.push_back(l);
  }
  if (auto t = doc.find("title"); t != doc.end()) lang_texts(*t, cb.languages, false, "/title");
  const Json& themes = need(doc, "themes", "");
  need_array(themes, "/themes");
  if (themes.empty()) problem(Message{"coding.themes_empty"}, "/themes");
  if (themes.size() > kMaxThemes) {
    problem(Message{"coding.too_many", {{"field", "/themes"}, {"n", themes.size()}, {"max", kMaxThemes}}}, "/themes");
  }
  for (std::size_t i = 0; i < themes.size(); ++i) {
    const std::string at = "/themes/" + std::to_string(i);
    const Json& t = themes[i];
    need_object(t, at);
    known_fields(t, {"id", "parent", "name", "definition", "include", "exclude", "example"}, at);
    Theme th;
    th.id = need_id(need(t, "id", at), at + "/id");
    if (cb.theme_index(th.id) >= 0) {
      problem(Message{"coding.theme_repeat", {{"field", field_name(at + "/id")}, {"id", th.id}}}, at + "/id");
    }
    if (auto p = t.find("parent"); p != t.end() && !p->is_null()) th.parent = need_id(*p, at + "/parent");
    lang_texts(need(t, "name", at), cb.languages, true, at + "/name");
    lang_texts(need(t, "definition", at), cb.languages, true, at + "/definition");
    for (const char* k : {"include", "exclude", "example"}) {
      if (auto v = t.find(k); v != t.end()) lang_texts(*v, cb.languages, false, at + "/" + k);
    }
    cb.themes.push_back(std::move(th));
  }
  // Parents: another theme of the codebook, itself at the top level.
  for (std::size_t i = 0; i < cb.themes.size(); ++i) {
    const Theme& th = cb.themes[i];
    if (th.parent.empty()) continue;
    const std::string p = "/themes/" + std::to_string(i) + "/parent";
    const int k = cb.theme_index(th.parent);
    if (k < 0) problem(Message{"coding.parent_unknown", {{"field", field_name(p)}, {"id", th.parent}}}, p);
    if (static_cast<std::size_t>(k) == i) problem(Message{"coding.parent_self", {{"field", field_name(p)}}}, p);
    if (!cb.themes[static_cast<std::size_t>(k)].parent.empty()) {
      problem(Message{"coding.parent_nested", {{"field", field_name(p)}, {"id", th.parent}}}, p);
    }
  }
  return cb;
}

Coding coding_of(const Json& doc, const Codebook* cb) {
  if (!doc.is_object()) problem(Message{"coding.document_not_object", {json_type_param(doc)}}, "");
  check_format(doc, false);
  known_fields(doc, {"format", "coder", "codebook", "texts", "created", "engine", "integrity"}, "");
  Coding c;
  const Json& coder = need(doc, "coder", "");
  c.coder = need_string(coder, "/coder");
  if (c.coder.empty() || c.coder.size() > 100) {
    problem(Message{"coding.bad_coder", {{"field", "/coder"}, {"text", shown(coder)}}}, "/coder");
  }
  const Json& ref = need(doc, "codebook", "");
  need_object(ref, "/codebook");
  known_fields(ref, {"id", "version"}, "/codebook");
  c.codebook_id = need_id(need(ref, "id", "/codebook"), "/codebook/id");
  c.codebook_version = need_version(need(ref, "version", "/codebook"), "/codebook/version");
  if (cb != nullptr && (cb->id != c.codebook_id || cb->version != c.codebook_version)) {
    problem(Message{"coding.codebook_mismatch",
                    {{"id", c.codebook_id},
                     {"version", c.codebook_version},
                     {"given_id", cb->id},
                     {"given_version", cb->version}}},
            "/codebook");
  }
  const Json& texts = need(doc, "texts", "");
  need_array(texts, "/texts");
  if (texts.size() > kMaxCodedTexts) {
    problem(Message{"coding.too_many", {{"field", "/texts"}, {"n", texts.size()}, {"max", kMaxCodedTexts}}}, "/texts");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string at = "/texts/" + std::to_string(i);
    const Json& t = texts[i];
    need_object(t, at);
    known_fields(t, {"hash", "themes", "quotes"}, at);
    CodedText ct;
    const Json& h = need(t, "hash", at);
    ct.hash = need_string(h, at + "/hash");
    if (!hex64(ct.hash))
      problem(Message{"coding.bad_hash", {{"field", at + "/hash"}, {"text", shown(h)}}}, at + "/hash");
    if (!seen.insert(ct.hash).second) {
      problem(Message{"coding.hash_repeat", {{"field", at + "/hash"}, {"hash", ct.hash}}}, at + "/hash");
    }
    const Json& th = need(t, "themes", at);
    need_array(th, at + "/themes");
    for (std::size_t k = 0; k < th.size(); ++k) {
      const std::string p = at + "/themes/" + std::to_string(k);
      std::string id = need_id(th[k], p);
      if (std::find(ct.themes.begin(), ct.themes.end(), id) != ct.themes.end()) {
        problem(Message{"coding.theme_twice", {{"field", p}, {"id", id}}}, p);
      }
      if (cb != nullptr && cb->theme_index(id) < 0) {
        problem(Message{"coding.theme_unknown", {{"field", p}, {"id", id}, {"codebook", cb->id}}}, p);
      }
      ct.themes.push_back(std::move(id));
    }
    if (auto q = t.find("quotes"); q != t.end()) {
      need_array(*q, at + "/quotes");
      for (std::size_t k = 0; k < q->size(); ++k) {
        const std::string p = at + "/quotes/" + std::to_string(k);
        const Json& qj = (*q)[k];
        need_object(qj, p);
        known_fields(qj, {"theme", "start", "end"}, p);
        Quote qu;
        qu.theme = need_id(need(qj, "theme", p), p + "/theme");
        if (std::find(ct.themes.begin(), ct.themes.end(), qu.theme) == ct.themes.end()) {
          problem(Message{"coding.quote_theme_not_marked", {{"field", p + "/theme"}, {"id", qu.theme}}}, p + "/theme");
        }
        const Json& s = need(qj, "start", p);
        const Json& e = need(qj, "end", p);
        if (!s.is_number_integer() || !e.is_number_integer() || s.get<long long>() < 0 ||
            e.get<long long>() <= s.get<long long>() || e.get<long long>() > 100000000) {
          problem(Message{"coding.bad_quote_range", {{"field", p}, {"start", shown(s)}, {"end", shown(e)}}}, p);
        }
        qu.start = static_cast<long>(s.get<long long>());
        qu.end = static_cast<long>(e.get<long long>());
        ct.quotes.push_back(std::move(qu));
      }
    }
    c.texts.push_back(std::move(ct));
  }
  return c;
}

}  // namespace

int Codebook::theme_index(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < themes.size(); ++i) {
    if (themes[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::string text_identity_form(std::string_view text) {
  text.remove_prefix(utf8_bom_length(text));
  std::string lf;
  lf.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      lf.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      lf.push_back(text[i]);
    }
  }
  return nfc(lf);
}

std::string text_hash(std::string_view text) { return sha256_hex(text_identity_form(text)); }

std::size_t code_point_count(std::string_view text) noexcept {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

Result<Codebook> parse_codebook(const Json& doc) {
  try {
    return codebook_of(doc);
  } catch (const DocProblem& p) {
    return p.error;
  }
}

Result<Coding> parse_coding(const Json& doc, const Codebook* codebook) {
  try {
    return coding_of(doc, codebook);
  } catch (const DocProblem& p) {
    return p.error;
  }
}

Json coding_json(const Coding& c) {
  Json texts = Json::array();
  for (const auto& t : c.texts) {
    Json quotes = Json::array();
    for (const auto& q : t.quotes) quotes.push_back(Json{{"theme", q.theme}, {"start", q.start}, {"end", q.end}});
    texts.push_back(Json{{"hash", t.hash}, {"themes", t.themes}, {"quotes", std::move(quotes)}});
  }
  return Json{{"format", kCodingFormat},
              {"coder", c.coder},
              {"codebook", Json{{"id", c.codebook_id}, {"version", c.codebook_version}}},
              {"texts", std::move(texts)}};
}

}  // namespace assess::data
