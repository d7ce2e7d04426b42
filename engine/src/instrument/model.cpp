// Hand-written validation of instrument, rubric and study documents. The
// rules are those of rubrics/schema/*.schema.json plus the ones a JSON Schema
// cannot say (cross references, translations for the declared languages,
// min <= max, duplicate ids); tests/schema/check_schemas.py checks
// that both agree on the shipped and on malformed files.
//
// The checker collects every problem it can see without cascading: when a
// field has the wrong type, nothing below it is examined.
#include "assess/instrument/model.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"
#include "assess/core/numeric.hpp"
#include "assess/core/text.hpp"

namespace assess::instrument {
namespace {

constexpr int kMaxVersion = 1000000;
constexpr int kMaxBound = 1000000;
constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxItems = 1000;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A text of the document as a message shows it: at most kShownText bytes,
// then "..."; dq() puts it in quotes ("subscale \"edtech\" title").
std::string clip(std::string_view s) { return clipped(s, kShownText); }
std::string dq(std::string_view s) { return quote(clip(s)); }

std::string at(const std::string& base, std::string_view key) { return base + "/" + pointer_token(key); }
std::string at(const std::string& base, std::size_t i) { return base + "/" + std::to_string(i); }

// The field a problem is about, as the message parameter "field": `params`
// carry its JSON pointer within the document, English shows `what`
// ("item ET1 text"). The document itself (pointer "") is coded by its kind
// ("the instrument" -> "instrument", "the document" -> "document").
MsgParam field(const std::string& path, const std::string& what) {
  if (!path.empty()) return MsgParam::coded("field", path, what);
  for (const char* kind : {"instrument", "rubric", "study"}) {
    if (what == std::string("the ") + kind) return MsgParam::coded("field", kind, what);
  }
  return MsgParam::coded("field", "document", what);
}

// An element named by its id once the id is valid, else by its index:
// "criterion \"clarity\"" or "criterion 2"; `params` carry the id or the index.
MsgParam named_by_index(const char* name, std::size_t index) { return MsgParam(name, index); }
MsgParam named_by_id(const char* name, const std::string& id) { return MsgParam::coded(name, id, dq(id)); }

bool is_lang_tag(std::string_view s) {
  // BCP 47 shape, restricted: primary language of 2-3 lowercase letters,
  // then subtags of 2-8 letters or digits ("kk", "ru", "en", "kk-Latn").
  std::size_t i = 0;
  while (i < s.size() && s[i] >= 'a' && s[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    std::size_t j = ++i;
    while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
    if (j - i < 2 || j - i > 8) return false;
    i = j;
  }
  return true;
}

// Document ids are file names: lowercase words joined by - or _.
bool is_doc_id(std::string_view s) {
  if (s.empty() || s.size() > kMaxIdLength) return false;
  if (!(s[0] >= 'a' && s[0] <= 'z')) return false;
  char prev = s[0];
  for (char c : s.substr(1)) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    bool sep = c == '-' || c == '_';
    if (!word && !sep) return false;
    if (sep && (prev == '-' || prev == '_')) return false;
    prev = c;
  }
  return prev != '-' && prev != '_';
}

// Element ids (items, subscales, criteria, programmes, ...) become CSV column
// names and JSON keys: a letter, then letters, digits, _ or -.
bool is_element_id(std::string_view s) {
  if (s.empty() || s.size() > kMaxIdLength) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

bool has_visible_char(const std::string& s) {
  for (unsigned char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

// Collects problems of one document. `what` arguments name a field in English
// ("item ET1 text"); messages carry it as the coded parameter "field" with
// the field's JSON pointer (the `path` argument of the same call).
class Checker {
 public:
  std::vector<Error> errors;
  std::vector<std::string> languages;  // declared, once known
  bool languages_known = false;

  void error(const std::string& path, Message msg) {
    errors.push_back(make_error(ErrorCode::invalid_input, std::move(msg), path));
  }

  // The object `v` (or an error "what must be an object").
  bool object(const Json& v, const std::string& path, const std::string& what) {
    if (v.is_object()) return true;
    error(path, Message{"document.not_object", {field(path, what), json_type_param(v)}});
    return false;
  }

  // The document itself: kind is "instrument", "rubric" or "study".
  bool root_object(const Json& doc, const char* kind, const char* english) {
    if (doc.is_object()) return true;
    error("", Message{"document.root_not_object", {MsgParam::coded("kind", kind, english), json_type_param(doc)}});
    return false;
  }

  bool array(const Json& v, const std::string& path, const std::string& what, std::size_t min_n, std::size_t max_n) {
    if (!v.is_array()) {
      error(path, Message{"document.not_array", {field(path, what), json_type_param(v)}});
      return false;
    }
    if (v.size() < min_n) {
      error(path, Message{"document.too_few_entries", {field(path, what), {"n", v.size()}, {"min", min_n}}});
      return false;
    }
    if (v.size() > max_n) {
      error(path, Message{"document.too_many_entries", {field(path, what), {"n", v.size()}, {"max", max_n}}});
      return false;
    }
    return true;
  }

  // Unknown keys are errors (they are usually misspellings); "x-..." keys are
  // free for extensions.
  void known_keys(const Json& obj, const std::string& path, const std::string& what,
                  std::initializer_list<const char*> allowed) {
    known_keys(obj, path, what, std::vector<const char*>(allowed));
  }
  void known_keys(const Json& obj, const std::string& path, const std::string& what,
                  const std::vector<const char*>& allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string& k = it.key();
      if (k.rfind("x-", 0) == 0) continue;
      bool ok = false;
      for (const char* a : allowed) ok = ok || k == a;
      if (ok) continue;
      std::string list;
      for (const char* a : allowed) {
        // Not offered: "$schema" (for editors).
        if (std::string(a) == "$schema") continue;
        list += std::string(list.empty() ? "" : ", ") + a;
      }
      error(at(path, k), Message{"document.unknown_field", {field(path, what), {"key", clip(k)}, {"allowed", list}}});
    }
  }

  // A required field: its value, or null after reporting it missing.
  const Json* required(const Json& obj, const char* key, const std::string& path, const std::string& what) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      error(path, Message{"document.missing_field", {field(path, what), {"key", key}}});
      return nullptr;
    }
    return &*it;
  }

  static const Json* optional(const Json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  // A string value into out; false after reporting a value of another type.
  bool any_string(const Json& v, const std::string& path, const std::string& what, std::string& out) {
    if (!v.is_string()) {
      error(path, Message{"document.not_string", {field(path, what), json_type_param(v)}});
      return false;
    }
    out = v.get<std::string>();
    return true;
  }

  bool string(const Json& v, const std::string& path, const std::string& what, std::string& out) {
    if (!any_string(v, path, what, out)) return false;
    if (has_visible_char(out)) return true;
    error(path, Message{"document.empty_string", {field(path, what)}});
    return false;
  }

  bool integer(const Json& v, const std::string& path, const std::string& what, long lo, long hi, int& out) {
    if (!v.is_number()) {
      error(path, Message{"document.not_integer_type", {field(path, what), json_type_param(v)}});
      return false;
    }
    double x = v.get<double>();
    if (!std::isfinite(x) || std::floor(x) != x) {
      error(path, Message{"document.not_whole_number", {field(path, what), {"value", x}}});
      return false;
    }
    if (x < static_cast<double>(lo) || x > static_cast<double>(hi)) {
      error(path,
            Message{"document.integer_out_of_range", {field(path, what), {"value", x}, {"min", lo}, {"max", hi}}});
      return false;
    }
    out = static_cast<int>(x);
    return true;
  }

  // A finite number within -bound..bound.
  bool number(const Json& v, const std::string& path, const std::string& what, double bound, double& out) {
    if (!v.is_number()) {
      error(path, Message{"document.not_number", {field(path, what), json_type_param(v)}});
      return false;
    }
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < -bound || x > bound) {
      error(path, Message{"document.number_out_of_range",
                          {field(path, what), {"value", x}, {"min", -bound}, {"max", bound}}});
      return false;
    }
    out = x;
    return true;
  }

  bool boolean(const Json& v, const std::string& path, const std::string& what, bool& out) {
    if (!v.is_boolean()) {
      error(path, Message{"document.not_boolean", {field(path, what), json_type_param(v)}});
      return false;
    }
    out = v.get<bool>();
    return true;
  }

  // The id of a document ("competency-12") or of an element ("edtech").
  bool doc_id(const Json& v, const std::string& path, const std::string& what, std::string& out) {
    return checked_id(v, path, what, true, out);
  }
  bool element_id(const Json& v, const std::string& path, const std::string& what, std::string& out) {
    return checked_id(v, path, what, false, out);
  }
  bool checked_id(const Json& v, const std::string& path, const std::string& what, bool of_document, std::string& out) {
    if (!any_string(v, path, what, out)) return false;
    if (of_document ? is_doc_id(out) : is_element_id(out)) return true;
    const MsgParam value("value", clip(out));
    error(path, of_document ? Message{"document.bad_document_id", {field(path, what), value}}
                            : Message{"document.bad_element_id", {field(path, what), value}});
    return false;
  }

  // Text in every declared language (and in no other).
  bool text(const Json& v, const std::string& path, const std::string& what, Text& out) {
    if (!v.is_object()) {
      error(path, Message{"document.text_not_object", {field(path, what), json_type_param(v)}});
      return false;
    }
    bool ok = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& lang = it.key();
      std::string p = at(path, lang);
      if (!is_lang_tag(lang)) {
        error(p, Message{"document.text_bad_language", {field(path, what), {"lang", clip(lang)}}});
        ok = false;
        continue;
      }
      if (languages_known && std::find(languages.begin(), languages.end(), lang) == languages.end()) {
        error(p, Message{"document.text_undeclared_language", {field(path, what), {"lang", clip(lang)}}});
        ok = false;
        continue;
      }
      std::string s;
      if (!string(it.value(), p, what + " in " + dq(lang), s)) {
        ok = false;
        continue;
      }
      out[lang] = s;
    }
    if (languages_known) {
      for (const auto& lang : languages) {
        if (!v.contains(lang)) {
          error(path, Message{"document.text_missing_language", {field(path, what), {"lang", clip(lang)}}});
          ok = false;
        }
      }
    }
    return ok;
  }

  // owner names the object holding the text ("item ET1"); messages say "item ET1 text ...".
  void optional_text(const Json& obj, const char* key, const std::string& path, const std::string& owner, Text& out) {
    if (const Json* v = optional(obj, key)) text(*v, at(path, key), owner + " " + key, out);
  }

  void required_text(const Json& obj, const char* key, const std::string& path, const std::string& owner, Text& out) {
    if (const Json* v = required(obj, key, path, owner)) text(*v, at(path, key), owner + " " + key, out);
  }

  // Header fields common to the three documents.
  void format(const Json& doc, const char* expected) {
    const Json* f = required(doc, "format", "", "the document");
    if (!f) return;
    if (!f->is_string()) {
      error("/format", Message{"document.format_mismatch_type", {json_type_param(*f), {"expected", expected}}});
    } else if (f->get<std::string>() != expected) {
      error("/format",
            Message{"document.format_mismatch", {{"format", clip(f->get<std::string>())}, {"expected", expected}}});
    }
  }

  // How messages name the element `index` of a list: by its index
  // ("criterion 2"), or by its id once the id at p/id is read and valid
  // ("criterion \"clarity\""; `params` carry the index or the id).
  struct ElementName {
    std::string label;
    MsgParam param;
    bool has_id;
  };
  ElementName element_name(const Json& obj, const std::string& p, const std::string& noun, const char* param,
                           std::size_t index, std::string& id) {
    const std::string by_index = noun + " " + std::to_string(index);
    const Json* v = required(obj, "id", p, by_index);
    if (v && element_id(*v, at(p, "id"), by_index + " id", id)) {
      return {noun + " " + dq(id), named_by_id(param, id), true};
    }
    return {by_index, named_by_index(param, index), false};
  }

  // The start of every document: an object of its format with only the
  // allowed keys, its id, version and languages. False when it is no object.
  bool document(const Json& doc, const char* kind, const char* a_kind, const char* expected_format,
                std::initializer_list<const char*> allowed, Document& out) {
    if (!root_object(doc, kind, a_kind)) return false;
    format(doc, expected_format);
    known_keys(doc, "", std::string("the ") + kind, allowed);
    header(doc, kind, out.id, out.version);
    language_list(doc, out.languages);
    return true;
  }

  void header(const Json& doc, const char* kind, std::string& id, int& version) {
    if (const Json* v = required(doc, "id", "", std::string("the ") + kind)) {
      doc_id(*v, "/id", std::string("the ") + kind + " id", id);
    }
    if (const Json* v = required(doc, "version", "", std::string("the ") + kind)) {
      integer(*v, "/version", "version", 1, kMaxVersion, version);
    }
  }

  void language_list(const Json& doc, std::vector<std::string>& out) {
    const Json* v = required(doc, "languages", "", "the document");
    if (!v || !array(*v, "/languages", "languages", 1, 20)) return;
    std::set<std::string> seen;
    bool ok = true;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& e = (*v)[i];
      std::string p = at("/languages", i);
      if (!e.is_string()) {
        error(p, Message{"document.language_not_string", {{"index", i}, json_type_param(e)}});
        ok = false;
        continue;
      }
      if (!is_lang_tag(e.get<std::string>())) {
        error(p, Message{"document.language_not_tag", {{"index", i}, {"value", clip(e.get<std::string>())}}});
        ok = false;
        continue;
      }
      std::string lang = e.get<std::string>();
      if (!seen.insert(lang).second) {
        error(p, Message{"document.language_twice", {{"lang", clip(lang)}}});
        ok = false;
        continue;
      }
      out.push_back(lang);
    }
    // Texts are only checked against the list when the list itself is sound;
    // otherwise every text would repeat the same complaint.
    if (ok) {
      languages = out;
      languages_known = true;
    }
  }

  void sources(const Json& doc, std::vector<std::string>& out) {
    const Json* v = optional(doc, "sources");
    if (!v || !array(*v, "/sources", "sources", 0, 100)) return;
    for (std::size_t i = 0; i < v->size(); ++i) {
      std::string s;
      if (string((*v)[i], at("/sources", i), "sources[" + std::to_string(i) + "]", s)) out.push_back(s);
    }
  }

  // {"min", "max", "integer"?, "labels"?}; rubric scales are always integer.
  bool scale(const Json& doc, const char* key, bool rubric, Scale& out) {
    std::string path = at("", key);
    const Json* v = required(doc, key, "", "the document");
    if (!v || !object(*v, path, key)) return false;
    if (rubric)
      known_keys(*v, path, key, {"min", "max", "labels"});
    else
      known_keys(*v, path, key, {"min", "max", "integer", "labels"});
    bool ok = true;
    const Json* mn = required(*v, "min", path, key);
    const Json* mx = required(*v, "max", path, key);
    ok = mn && integer(*mn, at(path, "min"), std::string(key) + ".min", -kMaxBound, kMaxBound, out.min) && ok;
    ok = mx && integer(*mx, at(path, "max"), std::string(key) + ".max", -kMaxBound, kMaxBound, out.max) && ok;
    if (ok && out.min >= out.max) {
      error(at(path, "max"),
            Message{"document.scale_max_not_above_min", {{"scale", key}, {"max", out.max}, {"min", out.min}}});
      ok = false;
    }
    if (ok && rubric && out.max - out.min + 1 > 10) {
      error(at(path, "max"), Message{"rubric.too_many_levels", {{"scale", key}, {"min", out.min}, {"max", out.max}}});
      ok = false;
    }
    if (rubric)
      out.integer = true;
    else if (const Json* b = optional(*v, "integer"))
      boolean(*b, at(path, "integer"), std::string(key) + ".integer", out.integer);
    if (const Json* labels = optional(*v, "labels")) {
      std::string lp = at(path, "labels");
      if (object(*labels, lp, std::string(key) + ".labels")) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
          const std::string& k = it.key();
          std::string p = at(lp, k);
          bool numeral = !k.empty() && k.size() <= 8;
          for (std::size_t i = 0; i < k.size() && numeral; ++i) {
            numeral = std::isdigit(static_cast<unsigned char>(k[i])) || (i == 0 && k[i] == '-' && k.size() > 1);
          }
          if (!numeral) {
            error(p, Message{"document.label_key_not_number", {{"scale", key}, {"key", clip(k)}}});
            continue;
          }
          int value = std::stoi(k);
          if (ok && (value < out.min || value > out.max)) {
            // The point as the file wrote it ("07").
            error(p, Message{"document.label_outside_scale",
                             {
                                 {"scale", key},
                                 {"point", static_cast<double>(value), k},
                                 {"min", out.min},
                                 {"max", out.max},
                             }});
            continue;
          }
          bool twice = false;
          for (const auto& l : out.labels) twice = twice || l.value == value;
          if (twice) {
            error(p, Message{"document.label_twice", {{"scale", key}, {"point", value}}});
            continue;
          }
          ScaleLabel l{value, {}};
          if (text(it.value(), p, "the label of " + k, l.text)) out.labels.push_back(std::move(l));
        }
        std::sort(out.labels.begin(), out.labels.end(),
                  [](const ScaleLabel& a, const ScaleLabel& b) { return a.value < b.value; });
      }
    }
    return ok;
  }

  void entities(const Json& list, const std::string& path, const std::string& what, const std::string& one,
                std::vector<Entity>& out) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string p = at(path, i);
      const Json& e = list[i];
      if (!object(e, p, what + "[" + std::to_string(i) + "]")) continue;
      known_keys(e, p, one, {"id", "title", "description"});
      Entity ent;
      std::string label = one + " " + std::to_string(i);
      if (const Json* id = required(e, "id", p, label)) {
        if (element_id(*id, at(p, "id"), label + " id", ent.id)) {
          label = one + " " + ent.id;
          if (!seen.insert(lower(ent.id)).second) {
            error(at(p, "id"), Message{"study.id_twice", {{"list", what}, {"id", clip(ent.id)}}});
          }
        }
      }
      required_text(e, "title", p, label, ent.title);
      optional_text(e, "description", p, label, ent.description);
      out.push_back(std::move(ent));
    }
  }

  void doc_ref(const Json& v, const std::string& path, const std::string& what, DocRef& out) {
    if (!object(v, path, what)) return;
    known_keys(v, path, what, {"id", "version"});
    if (const Json* id = required(v, "id", path, what)) doc_id(*id, at(path, "id"), what + ".id", out.id);
    if (const Json* ver = required(v, "version", path, what)) {
      integer(*ver, at(path, "version"), what + ".version", 1, kMaxVersion, out.version);
    }
  }
};

constexpr double kMaxNumberBound = 1e9;
constexpr double kMaxOptionValue = 1e6;
constexpr std::size_t kMaxOptions = 50;
constexpr int kMaxTextLength = 10000;

constexpr std::pair<ItemType, const char*> kItemTypes[] = {{ItemType::likert, "likert"},
                                                           {ItemType::choice, "choice"},
                                                           {ItemType::multi, "multi"},
                                                           {ItemType::number, "number"},
                                                           {ItemType::text, "text"}};

bool item_type_of(const std::string& name, ItemType& out) {
  for (const auto& [t, n] : kItemTypes) {
    if (name == n) {
      out = t;
      return true;
    }
  }
  return false;
}

// The fields an item of each type may have.
std::vector<const char*> item_keys(ItemType t) {
  switch (t) {
    case ItemType::likert:
      return {"id", "type", "subscale", "reverse", "text"};
    case ItemType::choice:
    case ItemType::multi:
      return {"id", "type", "text", "options"};
    case ItemType::number:
      return {"id", "type", "text", "min", "max", "integer", "unit", "score"};
    case ItemType::text:
      return {"id", "type", "text", "max_length"};
  }
  return {};
}
// While the type is unknown: any field of some type.
std::vector<const char*> item_keys_any() {
  return {"id",  "type", "subscale", "reverse", "text",  "options",
          "min", "max",  "integer",  "unit",    "score", "max_length"};
}

// True when the document's items are all typed and none is Likert: such an
// instrument needs no response_scale.
bool no_likert_items(const Json& doc) {
  auto items = doc.find("items");
  if (items == doc.end() || !items->is_array() || items->empty()) return false;
  for (const Json& it : *items) {
    ItemType t = ItemType::likert;
    if (!it.is_object()) return false;
    auto type = it.find("type");
    if (type == it.end() || !type->is_string() || !item_type_of(type->get<std::string>(), t) || t == ItemType::likert) {
      return false;
    }
  }
  return true;
}

// The fields of a choice, multi, number or text item.
struct ItemDetails {
  Checker& c;
  const Json& it;
  const std::string& p;
  const std::string& label;
  const MsgParam& named;

  // column(name, path, option param): a multi item's CSV column <item>_<option>.
  template <class Column>
  void read(Item& item, Column&& column) {
    switch (item.type) {
      case ItemType::likert:
        return;
      case ItemType::choice:
      case ItemType::multi:
        return options(item, column);
      case ItemType::number:
        return number(item);
      case ItemType::text:
        if (const Json* m = Checker::optional(it, "max_length")) {
          c.integer(*m, at(p, "max_length"), label + " max_length", 1, kMaxTextLength, item.max_length);
        }
        return;
    }
  }

  template <class Column>
  void options(Item& item, Column&& column) {
    const Json* list = c.required(it, "options", p, label);
    const std::string lp = at(p, "options");
    if (!list || !c.array(*list, lp, label + " options", 2, kMaxOptions)) return;
    const bool choice = item.type == ItemType::choice;
    std::set<std::string> seen;
    std::vector<std::string> option_paths;  // of each read option (objects only)
    std::vector<const Json*> option_json;
    for (std::size_t k = 0; k < list->size(); ++k) {
      const std::string q = at(lp, k);
      const Json& oj = (*list)[k];
      Option opt;
      if (!c.object(oj, q, label + " options[" + std::to_string(k) + "]")) continue;
      if (choice)
        c.known_keys(oj, q, "an option", {"id", "label", "value", "positive"});
      else
        c.known_keys(oj, q, "an option", {"id", "label"});
      std::string name = label + " option " + std::to_string(k);
      MsgParam option("option", k);
      bool has_id = false;
      if (const Json* id = c.required(oj, "id", q, name)) {
        if (c.element_id(*id, at(q, "id"), name + " id", opt.id)) {
          has_id = true;
          name = label + " option " + dq(opt.id);
          option = MsgParam("option", clip(opt.id));
          if (!seen.insert(lower(opt.id)).second) {
            c.error(at(q, "id"), Message{"instrument.option_id_twice", {named, option}});
            has_id = false;
          }
        }
      }
      c.required_text(oj, "label", q, name, opt.label);
      if (const Json* v = Checker::optional(oj, "value")) {
        opt.has_value = c.number(*v, at(q, "value"), name + " value", kMaxOptionValue, opt.value);
      }
      if (const Json* b = Checker::optional(oj, "positive"))
        c.boolean(*b, at(q, "positive"), name + " positive", opt.positive);
      if (has_id && !choice && !item.id.empty()) column(item.id + "_" + opt.id, at(q, "id"), option);
      item.options.push_back(std::move(opt));
      option_paths.push_back(q);
      option_json.push_back(&oj);
    }
    if (!choice) return;
    // Values: all or none, each once; "positive" marks the yes of a yes/no item.
    bool any_value = false;
    for (const auto& o : item.options) any_value = any_value || o.has_value;
    int positives = 0;
    for (std::size_t k = 0; k < item.options.size(); ++k) {
      const Option& o = item.options[k];
      const MsgParam option = o.id.empty() ? MsgParam("option", k) : MsgParam("option", clip(o.id));
      if (any_value && !o.has_value && !option_json[k]->contains("value")) {
        c.error(option_paths[k], Message{"instrument.option_value_missing", {named, option}});
      }
      for (std::size_t j = 0; j < k && o.has_value; ++j) {
        const Option& prev = item.options[j];
        if (prev.has_value && prev.value == o.value) {
          c.error(at(option_paths[k], "value"), Message{"instrument.option_value_twice",
                                                        {named, option, {"other", clip(prev.id)}, {"value", o.value}}});
          break;
        }
      }
      if (!o.positive) continue;
      if (item.options.size() != 2 || list->size() != 2) {
        c.error(at(option_paths[k], "positive"), Message{"instrument.positive_not_yes_no", {named, option}});
      } else if (++positives > 1) {
        c.error(at(option_paths[k], "positive"), Message{"instrument.positive_twice", {named}});
      }
    }
  }

  void number(Item& item) {
    const Json* mn = c.required(it, "min", p, label);
    const Json* mx = c.required(it, "max", p, label);
    bool ok = mn && c.number(*mn, at(p, "min"), label + " min", kMaxNumberBound, item.min);
    ok = mx && c.number(*mx, at(p, "max"), label + " max", kMaxNumberBound, item.max) && ok;
    if (const Json* b = Checker::optional(it, "integer"))
      c.boolean(*b, at(p, "integer"), label + " integer", item.integer);
    c.optional_text(it, "unit", p, label, item.unit);
    if (const Json* b = Checker::optional(it, "score")) c.boolean(*b, at(p, "score"), label + " score", item.score);
    if (!ok) return;
    if (item.min >= item.max) {
      c.error(at(p, "max"),
              Message{"instrument.number_max_not_above_min", {named, {"max", item.max}, {"min", item.min}}});
    } else if (item.integer && (std::floor(item.min) != item.min || std::floor(item.max) != item.max)) {
      const bool min_bad = std::floor(item.min) != item.min;
      c.error(at(p, min_bad ? "min" : "max"),
              Message{"instrument.number_bound_not_whole", {named, {"value", min_bad ? item.min : item.max}}});
    }
  }
};

std::vector<Error> check_instrument_into(const Json& doc, Instrument& ins) {
  Checker c;
  if (!c.document(doc, "instrument", "an instrument", kInstrumentFormat,
                  {"$schema", "format", "id", "version", "title", "instructions", "languages", "sources",
                   "response_scale", "subscales", "items", "total", "compatible_with"},
                  ins)) {
    return c.errors;
  }
  c.required_text(doc, "title", "", "the instrument", ins.title);
  c.optional_text(doc, "instructions", "", "the instrument", ins.instructions);
  c.sources(doc, ins.sources);
  // Earlier versions that this one scores identically: each below the version, once.
  if (const Json* cw = Checker::optional(doc, "compatible_with")) {
    if (c.array(*cw, "/compatible_with", "compatible_with", 1, 100)) {
      for (std::size_t k = 0; k < cw->size(); ++k) {
        const std::string p = at("/compatible_with", k);
        int v = 0;
        if (!c.integer((*cw)[k], p, "compatible_with[" + std::to_string(k) + "]", 1, kMaxVersion, v)) continue;
        if (ins.version > 0 && v >= ins.version) {
          c.error(p, Message{"instrument.compatible_not_earlier", {{"value", v}, {"version", ins.version}}});
        } else if (std::find(ins.compatible_with.begin(), ins.compatible_with.end(), v) != ins.compatible_with.end()) {
          c.error(p, Message{"instrument.compatible_twice", {{"value", v}}});
        } else {
          ins.compatible_with.push_back(v);
        }
      }
    }
  }
  if (!doc.contains("response_scale") && no_likert_items(doc))
    ins.has_scale = false;
  else
    c.scale(doc, "response_scale", false, ins.scale);

  // Items, subscales and the total share one namespace: they are all columns
  // of score and response tables.
  // kind: "subscale", "item" or "total" (in English "the total").
  std::map<std::string, std::string> names;  // lowercased id -> the kind of what has it
  auto kind_param = [](const char* name, const std::string& kind) {
    return MsgParam::coded(name, kind, kind == "total" ? "the total" : kind);
  };
  auto claim = [&](const std::string& id, const std::string& path, const std::string& kind) {
    if (is_reserved_column(id)) {
      c.error(path, Message{"instrument.id_reserved", {kind_param("kind", kind), {"id", clip(id)}}});
      return;
    }
    auto [it, fresh] = names.emplace(lower(id), kind);
    if (!fresh) {
      c.error(path, Message{"instrument.id_taken",
                            {kind_param("kind", kind), {"id", clip(id)}, kind_param("other", it->second)}});
    }
  };

  // Subscales first, so that items can be checked against them.
  std::vector<int> sub_min(0);
  std::vector<bool> sub_min_given;
  std::vector<std::string> sub_min_path;
  if (const Json* subs = Checker::optional(doc, "subscales")) {
    if (c.array(*subs, "/subscales", "subscales", 0, 100)) {
      for (std::size_t k = 0; k < subs->size(); ++k) {
        std::string p = at("/subscales", k);
        const Json& s = (*subs)[k];
        Subscale sub;
        bool given = false;
        if (c.object(s, p, "subscales[" + std::to_string(k) + "]")) {
          c.known_keys(s, p, "a subscale", {"id", "title", "description", "min_answered"});
          std::string label = "subscale " + std::to_string(k);
          if (const Json* id = c.required(s, "id", p, label)) {
            if (c.element_id(*id, at(p, "id"), label + " id", sub.id)) {
              label = "subscale " + dq(sub.id);
              claim(sub.id, at(p, "id"), "subscale");
            }
          }
          c.required_text(s, "title", p, label, sub.title);
          c.optional_text(s, "description", p, label, sub.description);
          if (const Json* m = Checker::optional(s, "min_answered")) {
            given = c.integer(*m, at(p, "min_answered"), label + " min_answered", 1, static_cast<long>(kMaxItems),
                              sub.min_answered);
          }
        }
        ins.subscales.push_back(std::move(sub));
        sub_min_given.push_back(given);
        sub_min_path.push_back(at(p, "min_answered"));
      }
    }
  }

  if (const Json* items = c.required(doc, "items", "", "the instrument")) {
    if (c.array(*items, "/items", "items", 1, kMaxItems)) {
      for (std::size_t i = 0; i < items->size(); ++i) {
        std::string p = at("/items", i);
        const Json& it = (*items)[i];
        Item item;
        if (c.object(it, p, "items[" + std::to_string(i) + "]")) {
          // The type decides the allowed fields; it is read first and its
          // problems are reported after the id's (the item is then named).
          const Json* type = Checker::optional(it, "type");
          const bool type_known = !type || (type->is_string() && item_type_of(type->get<std::string>(), item.type));
          c.known_keys(it, p, "an item", type_known ? item_keys(item.type) : item_keys_any());
          std::string label = "item " + std::to_string(i);
          MsgParam named("item", i);  // the item by its index, then by its id
          if (const Json* id = c.required(it, "id", p, label)) {
            if (c.element_id(*id, at(p, "id"), label + " id", item.id)) {
              label = "item " + item.id;
              named = MsgParam("item", item.id);
              claim(item.id, at(p, "id"), "item");
            }
          }
          if (type && !type_known) {
            std::string ts;
            if (c.any_string(*type, at(p, "type"), label + " type", ts)) {
              c.error(at(p, "type"), Message{"instrument.item_unknown_type", {named, {"value", clip(ts)}}});
            }
          }
          if (item.type != ItemType::likert) {
            ItemDetails details{c, it, p, label, named};
            details.read(item, [&](const std::string& column, const std::string& path, const MsgParam& option) {
              if (column.size() > kMaxIdLength) {
                c.error(path, Message{"instrument.option_column_too_long", {named, option, {"column", clip(column)}}});
                return;
              }
              if (is_reserved_column(column)) {
                c.error(path, Message{"instrument.id_reserved", {kind_param("kind", "item"), {"id", clip(column)}}});
                return;
              }
              auto [seen, fresh] = names.emplace(lower(column), "option");
              if (!fresh) {
                c.error(path, Message{"instrument.option_column_taken",
                                      {named, option, {"column", clip(column)}, kind_param("other", seen->second)}});
              }
            });
          }
          if (const Json* s = item.type == ItemType::likert ? Checker::optional(it, "subscale") : nullptr) {
            if (!s->is_string()) {
              c.error(at(p, "subscale"), Message{"instrument.item_subscale_not_string", {named, json_type_param(*s)}});
            } else {
              item.subscale = s->get<std::string>();
              int k = find_subscale(ins, item.subscale);
              if (k < 0) {
                std::string known;
                for (const auto& sub : ins.subscales) known += std::string(known.empty() ? "" : ", ") + sub.id;
                if (known.empty()) {
                  c.error(at(p, "subscale"),
                          Message{"instrument.item_subscale_none_defined", {named, {"subscale", clip(item.subscale)}}});
                } else {
                  c.error(at(p, "subscale"), Message{"instrument.item_unknown_subscale",
                                                     {named, {"subscale", clip(item.subscale)}, {"defined", known}}});
                }
              } else {
                item.subscale_index = k;
                ins.subscales[k].items.push_back(i);
              }
            }
          }
          const Json* r = item.type == ItemType::likert ? Checker::optional(it, "reverse") : nullptr;
          if (r) c.boolean(*r, at(p, "reverse"), label + " reverse", item.reverse);
          c.required_text(it, "text", p, label, item.text);
        }
        ins.items.push_back(std::move(item));
      }
    }
  }

  for (std::size_t k = 0; k < ins.subscales.size(); ++k) {
    Subscale& sub = ins.subscales[k];
    if (sub.id.empty()) continue;
    std::string p = at("/subscales", k);
    const int n = static_cast<int>(sub.items.size());
    if (n == 0) {
      c.error(p, Message{"instrument.subscale_no_items", {{"subscale", clip(sub.id)}}});
      continue;
    }
    if (!sub_min_given[k])
      sub.min_answered = n;
    else if (sub.min_answered > n) {
      c.error(sub_min_path[k], Message{"instrument.subscale_min_answered_too_large",
                                       {{"subscale", clip(sub.id)}, {"min_answered", sub.min_answered}, {"n", n}}});
    }
  }

  int n_other = 0;  // items that are not Likert
  for (const auto& item : ins.items) n_other += item.type != ItemType::likert ? 1 : 0;
  if (const Json* t = Checker::optional(doc, "total")) {
    Total total;
    if (c.object(*t, "/total", "total")) {
      c.known_keys(*t, "/total", "total", {"id", "title", "min_answered"});
      if (const Json* id = Checker::optional(*t, "id")) {
        if (c.element_id(*id, "/total/id", "the total id", total.id)) claim(total.id, "/total/id", "total");
      } else {
        claim(total.id, "/total", "total");
      }
      c.optional_text(*t, "title", "/total", "the total", total.title);
      // The total is the mean of the Likert items.
      const int n = static_cast<int>(ins.items.size()) - n_other;
      if (n == 0 && n_other > 0) c.error("/total", Message{"instrument.total_no_likert"});
      total.min_answered = std::max(n, 1);
      if (const Json* m = Checker::optional(*t, "min_answered")) {
        if (c.integer(*m, "/total/min_answered", "total min_answered", 1, static_cast<long>(kMaxItems),
                      total.min_answered) &&
            n > 0 && total.min_answered > n) {
          c.error("/total/min_answered",
                  Message{"instrument.total_min_answered_too_large", {{"min_answered", total.min_answered}, {"n", n}}});
        }
      }
    }
    ins.total = std::move(total);
  }

  // Likert items must be scored; an instrument of other items only (background
  // facts) needs no score.
  const bool only_other = n_other > 0 && n_other == static_cast<int>(ins.items.size());
  if (ins.subscales.empty() && !ins.total && doc.contains("items") && !only_other) {
    c.error("", Message{"instrument.no_score"});
  }
  return c.errors;
}

std::vector<Error> check_rubric_into(const Json& doc, Rubric& rub) {
  Checker c;
  if (!c.document(doc, "rubric", "a rubric", kRubricFormat,
                  {"$schema", "format", "id", "version", "title", "instructions", "languages", "sources",
                   "rating_scale", "criteria"},
                  rub)) {
    return c.errors;
  }
  c.required_text(doc, "title", "", "the rubric", rub.title);
  c.optional_text(doc, "instructions", "", "the rubric", rub.instructions);
  c.sources(doc, rub.sources);
  bool scale_ok = c.scale(doc, "rating_scale", true, rub.scale);

  const Json* crit = c.required(doc, "criteria", "", "the rubric");
  if (!crit || !c.array(*crit, "/criteria", "criteria", 1, 50)) return c.errors;
  std::set<std::string> seen;
  for (std::size_t k = 0; k < crit->size(); ++k) {
    std::string p = at("/criteria", k);
    const Json& cj = (*crit)[k];
    Criterion cr;
    if (!c.object(cj, p, "criteria[" + std::to_string(k) + "]")) {
      rub.criteria.push_back(std::move(cr));
      continue;
    }
    c.known_keys(cj, p, "a criterion", {"id", "title", "description", "levels"});
    const auto [label, named, has_id] = c.element_name(cj, p, "criterion", "criterion", k, cr.id);
    if (has_id && is_reserved_column(cr.id)) {
      c.error(at(p, "id"), Message{"rubric.criterion_reserved_id", {{"criterion", clip(cr.id)}}});
    } else if (has_id && !seen.insert(lower(cr.id)).second) {
      c.error(at(p, "id"), Message{"rubric.criterion_id_taken", {{"criterion", clip(cr.id)}}});
    }
    c.required_text(cj, "title", p, label, cr.title);
    c.optional_text(cj, "description", p, label, cr.description);
    const Json* levels = c.required(cj, "levels", p, label);
    std::string lp = at(p, "levels");
    if (levels && c.array(*levels, lp, label + " levels", 1, 10)) {
      std::map<int, std::size_t> by_score;
      for (std::size_t i = 0; i < levels->size(); ++i) {
        std::string q = at(lp, i);
        const Json& lj = (*levels)[i];
        if (!c.object(lj, q, label + " level " + std::to_string(i))) continue;
        c.known_keys(lj, q, "a level", {"score", "label", "descriptor"});
        Level lev;
        bool score_ok = false;
        if (const Json* s = c.required(lj, "score", q, label + " level " + std::to_string(i))) {
          score_ok = c.integer(*s, at(q, "score"), label + " level " + std::to_string(i) + " score", -kMaxBound,
                               kMaxBound, lev.score);
          if (score_ok && scale_ok && (lev.score < rub.scale.min || lev.score > rub.scale.max)) {
            c.error(at(q, "score"),
                    Message{"rubric.level_outside_scale",
                            {named, {"score", lev.score}, {"min", rub.scale.min}, {"max", rub.scale.max}}});
            score_ok = false;
          }
          if (score_ok && by_score.count(lev.score)) {
            c.error(at(q, "score"), Message{"rubric.level_score_twice", {named, {"score", lev.score}}});
            score_ok = false;
          }
        }
        std::string ll = label + " level " + (score_ok ? std::to_string(lev.score) : std::to_string(i));
        c.optional_text(lj, "label", q, ll, lev.label);
        c.required_text(lj, "descriptor", q, ll, lev.descriptor);
        if (score_ok) {
          by_score[lev.score] = cr.levels.size();
          cr.levels.push_back(std::move(lev));
        }
      }
      if (scale_ok) {
        for (int s = rub.scale.min; s <= rub.scale.max; ++s) {
          if (!by_score.count(s)) {
            c.error(lp, Message{"rubric.level_missing", {named, {"score", s}}});
          }
        }
      }
      std::sort(cr.levels.begin(), cr.levels.end(), [](const Level& a, const Level& b) { return a.score < b.score; });
    }
    rub.criteria.push_back(std::move(cr));
  }
  return c.errors;
}

std::vector<Error> check_study2_into(const Json& doc, Study& st);
void code_questions(Checker& c, const Json& doc, bool needed, Study& st);

std::vector<Error> check_study_into(const Json& doc, Study& st) {
  if (doc.is_object()) {
    auto f = doc.find("format");
    if (f != doc.end() && *f == kStudyFormat2) return check_study2_into(doc, st);
  }
  Checker c;
  if (!c.document(doc, "study", "a study", kStudyFormat,
                  {"$schema", "format", "id", "version", "title", "description", "languages", "instrument", "rubric",
                   "programmes", "waves", "groups", "code"},
                  st)) {
    return c.errors;
  }
  c.required_text(doc, "title", "", "the study", st.title);
  c.optional_text(doc, "description", "", "the study", st.description);
  if (const Json* v = Checker::optional(doc, "instrument")) {
    DocRef r;
    c.doc_ref(*v, "/instrument", "instrument", r);
    st.instrument = r;
  }
  if (const Json* v = Checker::optional(doc, "rubric")) {
    DocRef r;
    c.doc_ref(*v, "/rubric", "rubric", r);
    st.rubric = r;
  }
  if (!st.instrument && !st.rubric) {
    c.error("", Message{"study.no_documents"});
  }
  if (const Json* v = c.required(doc, "programmes", "", "the study")) {
    if (c.array(*v, "/programmes", "programmes", 1, 100))
      c.entities(*v, "/programmes", "programmes", "programme", st.programmes);
  }
  if (const Json* v = c.required(doc, "waves", "", "the study")) {
    if (c.array(*v, "/waves", "waves", 1, 20)) c.entities(*v, "/waves", "waves", "wave", st.waves);
  }
  if (const Json* v = Checker::optional(doc, "groups")) {
    std::vector<Entity> groups;
    if (c.array(*v, "/groups", "groups", 1, 20)) c.entities(*v, "/groups", "groups", "group", groups);
    for (auto& g : groups) {
      Group gr;
      static_cast<Entity&>(gr) = std::move(g);
      st.groups.push_back(std::move(gr));
    }
  }
  if (st.instrument) {  // /1: one instrument, at every wave, answered by students
    StudyInstrument si;
    si.ref = *st.instrument;
    for (const auto& w : st.waves) si.waves.push_back(w.id);
    st.instruments.push_back(std::move(si));
  }

  code_questions(c, doc, st.instrument.has_value(), st);
  return c.errors;
}

// The study's "code" (both formats): required when students answer an
// instrument, whose answers are linked only through the code.
void code_questions(Checker& c, const Json& doc, bool needed, Study& st) {
  const Json* code = Checker::optional(doc, "code");
  if (!code) {
    if (needed) c.error("", Message{"study.no_code"});
    return;
  }
  if (!c.object(*code, "/code", "code")) return;
  c.known_keys(*code, "/code", "code", {"questions"});
  const Json* qs = c.required(*code, "questions", "/code", "code");
  if (!qs || !c.array(*qs, "/code/questions", "code.questions", 2, 6)) return;
  std::set<std::string> seen;
  int total_length = 0;
  bool lengths_ok = true;
  for (std::size_t i = 0; i < qs->size(); ++i) {
    std::string p = at("/code/questions", i);
    const Json& q = (*qs)[i];
    CodeQuestion cq;
    if (!c.object(q, p, "code.questions[" + std::to_string(i) + "]")) {
      lengths_ok = false;
      continue;
    }
    c.known_keys(q, p, "a code question", {"id", "kind", "length", "min", "max", "prompt", "hint"});
    const auto [label, named, has_id] = c.element_name(q, p, "code question", "question", i, cq.id);
    if (has_id && !seen.insert(lower(cq.id)).second) {
      c.error(at(p, "id"), Message{"study.code_question_twice", {{"question", clip(cq.id)}}});
    }
    bool kind_ok = false;
    if (const Json* k = c.required(q, "kind", p, label)) {
      if (k->is_string() && (*k == "letters" || *k == "digits")) {
        cq.kind = *k == "letters" ? CodeQuestion::Kind::letters : CodeQuestion::Kind::digits;
        kind_ok = true;
      } else if (k->is_string()) {
        c.error(at(p, "kind"), Message{"study.code_kind_invalid", {named, {"kind", clip(k->get<std::string>())}}});
      } else {
        c.error(at(p, "kind"), Message{"study.code_kind_not_string", {named, json_type_param(*k)}});
      }
    }
    if (const Json* n = c.required(q, "length", p, label)) {
      lengths_ok = c.integer(*n, at(p, "length"), label + " length", 1, 4, cq.length) && lengths_ok;
      total_length += cq.length;
    } else {
      lengths_ok = false;
    }
    const Json* mn = Checker::optional(q, "min");
    const Json* mx = Checker::optional(q, "max");
    if (kind_ok && cq.kind == CodeQuestion::Kind::letters) {
      if (mn) c.error(at(p, "min"), Message{"study.code_letters_bound", {named, {"key", "min"}}});
      if (mx) c.error(at(p, "max"), Message{"study.code_letters_bound", {named, {"key", "max"}}});
    } else if (kind_ok) {
      bool a = mn && c.integer(*mn, at(p, "min"), label + " min", 0, 9999, cq.min);
      bool b = mx && c.integer(*mx, at(p, "max"), label + " max", 0, 9999, cq.max);
      if (!mn)
        c.error(p, Message{"study.code_digits_need_bounds", {named}});
      else if (!mx)
        c.error(p, Message{"study.code_digits_need_max", {named}});
      if (a && b && cq.min > cq.max) {
        c.error(at(p, "max"), Message{"study.code_max_below_min", {named, {"max", cq.max}, {"min", cq.min}}});
      } else if (a && b && cq.length >= 1 && cq.length <= 4 &&
                 std::to_string(cq.max).size() > static_cast<std::size_t>(cq.length)) {
        c.error(at(p, "max"), Message{"study.code_max_too_long", {named, {"max", cq.max}, {"length", cq.length}}});
      }
    }
    c.required_text(q, "prompt", p, label, cq.prompt);
    c.required_text(q, "hint", p, label, cq.hint);
    st.code_questions.push_back(std::move(cq));
  }
  if (lengths_ok && (total_length < 4 || total_length > 16)) {
    c.error("/code/questions", Message{"study.code_length", {{"n", total_length}}});
  }
}

// The wave ids `list` at `path` (1-20 element ids) into out; their check
// against the study's waves comes once the waves are read (wave_refs).
void wave_ids(Checker& c, const Json& list, const std::string& path, const std::string& what,
              std::vector<std::string>& out) {
  if (!c.array(list, path, what, 1, 20)) return;
  for (std::size_t k = 0; k < list.size(); ++k) {
    std::string id;
    c.element_id(list[k], at(path, k), what + "[" + std::to_string(k) + "]", id);
    out.push_back(id);  // "" when invalid: not checked further
  }
}

// Wave ids of an instrument (item "" ) or of one of its items: each a wave of
// the study, each once, in the study's order.
void wave_refs(Checker& c, const Study& st, const std::vector<std::string>& ids, const std::string& path,
               const std::string& instrument, const std::string& item) {
  int last = -1;
  std::set<std::string> seen;
  const bool of_item = !item.empty();
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const std::string& w = ids[k];
    if (w.empty()) continue;
    const std::string p = at(path, k);
    const MsgParam ins("instrument", clip(instrument)), wave("wave", clip(w)), it("item", clip(item));
    const int index = find_wave(st, w);
    if (index < 0) {
      c.error(p, of_item ? Message{"study.item_wave_unknown", {ins, it, wave}}
                         : Message{"study.instrument_wave_unknown", {ins, wave}});
    } else if (!seen.insert(w).second) {
      c.error(p, of_item ? Message{"study.item_wave_twice", {ins, it, wave}}
                         : Message{"study.instrument_wave_twice", {ins, wave}});
    } else if (index < last) {
      c.error(p, of_item ? Message{"study.item_waves_order", {ins, it, wave}}
                         : Message{"study.instrument_waves_order", {ins, wave}});
    } else {
      last = index;
    }
  }
}

// An age X25519 recipient: "age1" and 58 characters of the bech32 alphabet
// whose checksum holds (BIP 173; age uses bech32, not bech32m), so that a
// key with a typo is refused here rather than making answers nobody can open.
bool age_recipient(const std::string& s) {
  static constexpr std::string_view kAlphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  if (s.size() != 62 || s.compare(0, 4, "age1") != 0) return false;
  std::uint32_t chk = 1;
  auto step = [&chk](std::uint32_t v) {
    static constexpr std::uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i) chk ^= ((top >> i) & 1) ? kGen[i] : 0;
  };
  for (char ch : std::string_view("age")) step(static_cast<unsigned char>(ch) >> 5);
  step(0);
  for (char ch : std::string_view("age")) step(static_cast<unsigned char>(ch) & 31);
  for (std::size_t i = 4; i < s.size(); ++i) {
    const std::size_t v = kAlphabet.find(s[i]);
    if (v == std::string_view::npos) return false;
    step(static_cast<std::uint32_t>(v));
  }
  return chk == 1;
}

// "encryption": {"recipients": ["age1...", ...]}: 1 to 20 distinct age
// X25519 recipients; the pages encrypt every answer file to all of them.
void check_encryption(Checker& c, const Json& doc) {
  const Json* enc = Checker::optional(doc, "encryption");
  if (!enc || !c.object(*enc, "/encryption", "encryption")) return;
  c.known_keys(*enc, "/encryption", "encryption", {"recipients"});
  const Json* list = c.required(*enc, "recipients", "/encryption", "encryption");
  if (!list || !c.array(*list, "/encryption/recipients", "encryption recipients", 1, 20)) return;
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string p = at("/encryption/recipients", i);
    std::string r;
    if (!c.string((*list)[i], p, "recipient " + std::to_string(i + 1), r)) continue;
    if (!age_recipient(r)) {
      c.error(p, Message{"study.bad_recipient", {{"n", i + 1}, {"value", clip(r)}}});
    } else if (std::find(seen.begin(), seen.end(), r) != seen.end()) {
      c.error(p, Message{"study.recipient_twice", {{"n", i + 1}}});
    }
    seen.push_back(r);
  }
}

// "consent": the study's own words on the consent step: who runs it, whom to
// ask, and a statement of its own; texts in the study's languages.
void check_consent(Checker& c, const Json& doc) {
  const Json* consent = Checker::optional(doc, "consent");
  if (!consent || !c.object(*consent, "/consent", "consent")) return;
  c.known_keys(*consent, "/consent", "consent", {"organiser", "contact", "text"});
  Text unused;
  for (const char* key : {"organiser", "contact", "text"})
    c.optional_text(*consent, key, "/consent", "consent", unused);
}

// assess-study/2 (docs/formats.md "Study assess-study/2"): several
// instruments with their waves and respondents, groups with roles.
std::vector<Error> check_study2_into(const Json& doc, Study& st) {
  Checker c;
  st.format = 2;
  if (!c.document(doc, "study", "a study", kStudyFormat2,
                  {"$schema", "format", "id", "version", "title", "description", "languages", "instruments", "rubric",
                   "programmes", "waves", "groups", "code", "encryption", "consent"},
                  st)) {
    return c.errors;
  }
  c.required_text(doc, "title", "", "the study", st.title);
  c.optional_text(doc, "description", "", "the study", st.description);
  check_consent(c, doc);
  check_encryption(c, doc);

  // The instruments; their waves are checked against the study's below.
  struct WaveLists {
    std::vector<std::string> waves;
    std::vector<std::pair<std::string, std::vector<std::string>>> items;  // item_waves as written
  };
  std::vector<WaveLists> written;
  if (const Json* list = c.required(doc, "instruments", "", "the study")) {
    if (c.array(*list, "/instruments", "instruments", 1, 20)) {
      std::set<std::string> ids;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string p = at("/instruments", i);
        const Json& e = (*list)[i];
        StudyInstrument si;
        WaveLists wl;
        if (c.object(e, p, "instruments[" + std::to_string(i) + "]")) {
          c.known_keys(e, p, "a study instrument", {"id", "version", "waves", "respondents", "item_waves"});
          std::string label = "instrument " + std::to_string(i);
          if (const Json* id = c.required(e, "id", p, label)) {
            if (c.doc_id(*id, at(p, "id"), label + " id", si.ref.id)) {
              label = "instrument " + si.ref.id;
              if (!ids.insert(si.ref.id).second) {
                c.error(at(p, "id"), Message{"study.instrument_twice", {{"instrument", clip(si.ref.id)}}});
              }
            }
          }
          if (const Json* v = c.required(e, "version", p, label)) {
            c.integer(*v, at(p, "version"), label + " version", 1, kMaxVersion, si.ref.version);
          }
          if (const Json* w = c.required(e, "waves", p, label))
            wave_ids(c, *w, at(p, "waves"), label + " waves", wl.waves);
          if (const Json* r = Checker::optional(e, "respondents")) {
            std::string value;
            if (c.any_string(*r, at(p, "respondents"), label + " respondents", value)) {
              if (value == "employers")
                si.respondents = Respondents::employers;
              else if (value != "students")
                c.error(at(p, "respondents"), Message{"study.respondents_invalid",
                                                      {{"instrument", clip(si.ref.id)}, {"value", clip(value)}}});
            }
          }
          if (const Json* iw = Checker::optional(e, "item_waves")) {
            const std::string q = at(p, "item_waves");
            if (c.object(*iw, q, label + " item_waves")) {
              for (auto it = iw->begin(); it != iw->end(); ++it) {
                const std::string item_path = at(q, it.key());
                std::vector<std::string> waves;
                if (!is_element_id(it.key())) {
                  c.error(item_path, Message{"document.bad_element_id",
                                             {field(item_path, label + " item_waves key"), {"value", clip(it.key())}}});
                  continue;
                }
                wave_ids(c, it.value(), item_path, label + " item_waves " + it.key(), waves);
                wl.items.emplace_back(it.key(), std::move(waves));
              }
            }
          }
        }
        st.instruments.push_back(std::move(si));
        written.push_back(std::move(wl));
      }
    }
  }
  if (const Json* v = Checker::optional(doc, "rubric")) {
    DocRef r;
    c.doc_ref(*v, "/rubric", "rubric", r);
    st.rubric = r;
  }
  if (const Json* v = c.required(doc, "programmes", "", "the study")) {
    if (c.array(*v, "/programmes", "programmes", 1, 100))
      c.entities(*v, "/programmes", "programmes", "programme", st.programmes);
  }
  bool waves_ok = false;
  if (const Json* v = c.required(doc, "waves", "", "the study")) {
    const std::size_t before = c.errors.size();
    if (c.array(*v, "/waves", "waves", 1, 20)) {
      c.entities(*v, "/waves", "waves", "wave", st.waves);
      waves_ok = c.errors.size() == before;
    }
  }
  if (const Json* v = Checker::optional(doc, "groups")) {
    if (c.array(*v, "/groups", "groups", 1, 20)) {
      std::set<std::string> seen;
      int reference = -1;
      for (std::size_t i = 0; i < v->size(); ++i) {
        const std::string p = at("/groups", i);
        const Json& e = (*v)[i];
        Group g;
        if (c.object(e, p, "groups[" + std::to_string(i) + "]")) {
          c.known_keys(e, p, "group", {"id", "title", "description", "role", "without_programme"});
          std::string label = "group " + std::to_string(i);
          if (const Json* id = c.required(e, "id", p, label)) {
            if (c.element_id(*id, at(p, "id"), label + " id", g.id)) {
              label = "group " + g.id;
              if (!seen.insert(lower(g.id)).second) {
                c.error(at(p, "id"), Message{"study.id_twice", {{"list", "groups"}, {"id", clip(g.id)}}});
              }
            }
          }
          c.required_text(e, "title", p, label, g.title);
          c.optional_text(e, "description", p, label, g.description);
          if (const Json* r = Checker::optional(e, "role")) {
            std::string value;
            if (c.any_string(*r, at(p, "role"), label + " role", value)) {
              if (value == "focal") {
                g.role = GroupRole::focal;
              } else if (value == "reference") {
                g.role = GroupRole::reference;
                if (reference >= 0) {
                  c.error(at(p, "role"), Message{"study.reference_twice",
                                                 {{"group", clip(g.id)}, {"other", clip(st.groups[reference].id)}}});
                } else {
                  reference = static_cast<int>(st.groups.size());
                }
              } else {
                c.error(at(p, "role"),
                        Message{"study.group_role_invalid", {{"group", clip(g.id)}, {"value", clip(value)}}});
              }
            }
          }
          if (const Json* b = Checker::optional(e, "without_programme")) {
            c.boolean(*b, at(p, "without_programme"), label + " without_programme", g.without_programme);
          }
        }
        st.groups.push_back(std::move(g));
      }
    }
  }
  bool students = false;
  for (const auto& si : st.instruments) students = students || si.respondents == Respondents::students;
  code_questions(c, doc, students, st);

  // The cross checks: the instruments' waves are waves of the study.
  for (std::size_t i = 0; i < written.size() && waves_ok; ++i) {
    StudyInstrument& si = st.instruments[i];
    const std::string p = at("/instruments", i);
    wave_refs(c, st, written[i].waves, at(p, "waves"), si.ref.id, "");
    for (const auto& [item, waves] : written[i].items) {
      wave_refs(c, st, waves, at(at(p, "item_waves"), item), si.ref.id, item);
    }
  }
  // Waves in study order: those that are waves of the study, once each.
  auto in_study_order = [&](const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const auto& w : st.waves) {
      if (std::find(ids.begin(), ids.end(), w.id) != ids.end()) out.push_back(w.id);
    }
    return out;
  };
  for (std::size_t i = 0; i < written.size(); ++i) {
    StudyInstrument& si = st.instruments[i];
    si.waves = in_study_order(written[i].waves);
    for (const auto& [item, waves] : written[i].items) si.item_waves.emplace_back(item, in_study_order(waves));
  }
  const int main = main_instrument(st);
  if (main >= 0) st.instrument = st.instruments[main].ref;
  return c.errors;
}

template <class Doc>
Result<Doc> first_or(std::vector<Error> errors, Doc&& doc) {
  if (!errors.empty()) return std::move(errors.front());
  return std::forward<Doc>(doc);
}

bool language_covered(const std::vector<std::string>& langs, const std::string& l) {
  return std::find(langs.begin(), langs.end(), l) != langs.end();
}

}  // namespace

const std::string& text_in(const Text& t, std::string_view lang, std::string_view fallback) {
  static const std::string kEmpty;
  auto it = t.find(std::string(lang));
  if (it != t.end()) return it->second;
  it = t.find(std::string(fallback));
  if (it != t.end()) return it->second;
  return t.empty() ? kEmpty : t.begin()->second;
}

const char* to_string(ItemType t) noexcept {
  for (const auto& [type, name] : kItemTypes) {
    if (type == t) return name;
  }
  return "likert";
}

std::optional<Error> unsupported_item_type(const Instrument& ins) {
  for (std::size_t i = 0; i < ins.items.size(); ++i) {
    const Item& item = ins.items[i];
    if (item.type == ItemType::likert) continue;
    return make_error(
        ErrorCode::invalid_input,
        Message{"instrument.item_type_unsupported", {{"item", item.id}, {"item_type", to_string(item.type)}}},
        at(at("/items", i), "type"));
  }
  return std::nullopt;
}

namespace {
// The first difference between two instruments other than texts, or
// nothing: `what` (a coded word) and where, a pointer into `a`.
struct Difference {
  const char* what;
  const char* english;
  std::string at;
};

std::optional<Difference> first_difference(const Instrument& a, const Instrument& b) {
  using D = std::optional<Difference>;
  if (a.id != b.id) return D({"id", "the id", "/id"});
  if (a.items.size() != b.items.size()) return D({"items", "the number of items", "/items"});
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    const Item& x = a.items[i];
    const Item& y = b.items[i];
    const std::string p = at("/items", i);
    if (x.id != y.id) return D({"item_id", "the item id", at(p, "id")});
    if (x.type != y.type) return D({"item_type", "the item type", at(p, "type")});
    if (x.subscale != y.subscale) return D({"subscale", "the item's subscale", at(p, "subscale")});
    if (x.reverse != y.reverse) return D({"reverse", "reverse keying", at(p, "reverse")});
    if (x.options.size() != y.options.size()) return D({"options", "the options", at(p, "options")});
    for (std::size_t k = 0; k < x.options.size(); ++k) {
      const Option& o = x.options[k];
      const Option& q = y.options[k];
      const std::string op = at(at(p, "options"), k);
      if (o.id != q.id) return D({"option_id", "the option id", at(op, "id")});
      if (o.has_value != q.has_value || (o.has_value && o.value != q.value)) {
        return D({"option_value", "the option value", at(op, "value")});
      }
      if (o.positive != q.positive) return D({"positive", "the positive option", at(op, "positive")});
    }
    if (x.type == ItemType::number) {
      if (x.min != y.min) return D({"min", "the smallest allowed number", at(p, "min")});
      if (x.max != y.max) return D({"max", "the largest allowed number", at(p, "max")});
      if (x.integer != y.integer) return D({"integer", "the integer setting (whole numbers only)", at(p, "integer")});
      if (x.score != y.score) return D({"score", "the score setting (the number as an outcome)", at(p, "score")});
    }
    if (x.type == ItemType::text && x.max_length != y.max_length) {
      return D({"max_length", "the longest answer", at(p, "max_length")});
    }
  }
  if (a.has_scale != b.has_scale || (a.has_scale && (a.scale.min != b.scale.min || a.scale.max != b.scale.max ||
                                                     a.scale.integer != b.scale.integer))) {
    return D({"scale", "the response scale", "/response_scale"});
  }
  if (a.subscales.size() != b.subscales.size()) return D({"subscales", "the subscales", "/subscales"});
  for (std::size_t k = 0; k < a.subscales.size(); ++k) {
    const Subscale& x = a.subscales[k];
    const Subscale& y = b.subscales[k];
    const std::string p = at("/subscales", k);
    if (x.id != y.id) return D({"subscale_id", "the subscale id", at(p, "id")});
    if (x.items != y.items) return D({"subscale_items", "the items of the subscale", p});
    if (x.min_answered != y.min_answered) return D({"min_answered", "min_answered", at(p, "min_answered")});
  }
  if (a.total.has_value() != b.total.has_value()) return D({"total", "the total", "/total"});
  if (a.total) {
    if (a.total->id != b.total->id) return D({"total_id", "the total id", "/total/id"});
    if (a.total->min_answered != b.total->min_answered) {
      return D({"min_answered", "min_answered", "/total/min_answered"});
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<Error> check_compatible(const Instrument& newer, const Instrument& older) {
  auto d = first_difference(newer, older);
  if (!d && newer.version <= older.version) d = Difference{"version", "the order of the versions", "/version"};
  if (!d) return std::nullopt;
  return make_error(ErrorCode::invalid_input,
                    Message{"instrument.not_compatible",
                            {{"id", newer.id},
                             {"version", newer.version},
                             {"other", older.version},
                             MsgParam::coded("what", d->what, d->english),
                             {"at", d->at}}},
                    d->at);
}

int find_item(const Instrument& ins, std::string_view id) noexcept {
  for (std::size_t i = 0; i < ins.items.size(); ++i) {
    if (ins.items[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int find_subscale(const Instrument& ins, std::string_view id) noexcept {
  for (std::size_t i = 0; i < ins.subscales.size(); ++i) {
    if (ins.subscales[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int find_criterion(const Rubric& r, std::string_view id) noexcept {
  for (std::size_t i = 0; i < r.criteria.size(); ++i) {
    if (r.criteria[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

namespace {
template <class E>
int find_entity(const std::vector<E>& v, std::string_view id) noexcept {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].id == id) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

int find_programme(const Study& s, std::string_view id) noexcept { return find_entity(s.programmes, id); }
int find_wave(const Study& s, std::string_view id) noexcept { return find_entity(s.waves, id); }
int find_group(const Study& s, std::string_view id) noexcept { return find_entity(s.groups, id); }

int find_study_instrument(const Study& s, std::string_view id) noexcept {
  for (std::size_t i = 0; i < s.instruments.size(); ++i) {
    if (s.instruments[i].ref.id == id) return static_cast<int>(i);
  }
  return -1;
}

int main_instrument(const Study& s) noexcept {
  int first = -1;
  for (std::size_t i = 0; i < s.instruments.size(); ++i) {
    const auto& si = s.instruments[i];
    if (si.respondents != Respondents::students) continue;
    if (first < 0) first = static_cast<int>(i);
    auto has = [&](std::string_view w) { return std::find(si.waves.begin(), si.waves.end(), w) != si.waves.end(); };
    if (has("pre") && has("post")) return static_cast<int>(i);
  }
  return first;
}

const std::vector<std::string>& waves_of_item(const StudyInstrument& si, std::string_view item) {
  for (const auto& [id, waves] : si.item_waves) {
    if (id == item) return waves;
  }
  return si.waves;
}

const char* to_string(Respondents r) noexcept { return r == Respondents::employers ? "employers" : "students"; }

const char* to_string(GroupRole r) noexcept {
  switch (r) {
    case GroupRole::focal:
      return "focal";
    case GroupRole::reference:
      return "reference";
    case GroupRole::none:
      break;
  }
  return "none";
}

const char* to_string(DocKind k) noexcept {
  switch (k) {
    case DocKind::instrument:
      return "instrument";
    case DocKind::rubric:
      return "rubric";
    case DocKind::study:
      return "study";
  }
  return "unknown";
}

Result<DocKind> document_kind(const Json& doc) {
  // The templates name the three formats (kInstrumentFormat, kRubricFormat, kStudyFormat).
  if (!doc.is_object())
    return make_error(ErrorCode::invalid_input, Message{"document.not_json_object", {json_type_param(doc)}});
  auto it = doc.find("format");
  if (it == doc.end()) return make_error(ErrorCode::invalid_input, Message{"document.no_format"});
  if (it->is_string()) {
    const std::string f = it->get<std::string>();
    if (f == kInstrumentFormat) return DocKind::instrument;
    if (f == kRubricFormat) return DocKind::rubric;
    if (f == kStudyFormat || f == kStudyFormat2) return DocKind::study;
    return make_error(ErrorCode::invalid_input, Message{"document.unknown_format", {{"format", clip(f)}}}, "/format");
  }
  return make_error(ErrorCode::invalid_input, Message{"document.format_not_string", {json_type_param(*it)}}, "/format");
}

std::vector<Error> check_instrument(const Json& doc) {
  Instrument ins;
  return check_instrument_into(doc, ins);
}
std::vector<Error> check_rubric(const Json& doc) {
  Rubric r;
  return check_rubric_into(doc, r);
}
std::vector<Error> check_study(const Json& doc) {
  Study s;
  return check_study_into(doc, s);
}

std::vector<Error> check_document(const Json& doc) {
  auto kind = document_kind(doc);
  if (!kind) return {kind.error()};
  switch (*kind) {
    case DocKind::instrument:
      return check_instrument(doc);
    case DocKind::rubric:
      return check_rubric(doc);
    case DocKind::study:
      return check_study(doc);
  }
  return {};
}

Result<Instrument> parse_instrument(const Json& doc) {
  Instrument ins;
  auto errors = check_instrument_into(doc, ins);
  return first_or(std::move(errors), std::move(ins));
}

Result<Rubric> parse_rubric(const Json& doc) {
  Rubric r;
  auto errors = check_rubric_into(doc, r);
  return first_or(std::move(errors), std::move(r));
}

Result<Study> parse_study(const Json& doc) {
  Study s;
  auto errors = check_study_into(doc, s);
  return first_or(std::move(errors), std::move(s));
}

std::vector<Error> check_study_refs(const Study& s, const Instrument* ins, const Rubric* rub) {
  std::vector<Error> out;
  auto err = [&](std::string path, Message msg) {
    out.push_back(make_error(ErrorCode::invalid_input, std::move(msg), std::move(path)));
  };
  // key: "instrument" or "rubric" (a coded word).
  auto check = [&](const std::optional<DocRef>& ref, const char* key, const std::string& id, int version,
                   const std::vector<std::string>& langs) {
    std::string p = std::string("/") + key;
    if (!ref) {
      err("", Message{"study.ref_missing", {MsgParam::coded("kind", key, key)}});
      return;
    }
    if (ref->id != id || ref->version != version) {
      err(p, Message{"study.ref_mismatch",
                     {MsgParam::coded("kind", key, key),
                      {"id", ref->id},
                      {"version", ref->version},
                      {"given_id", id},
                      {"given_version", version}}});
      return;
    }
    for (std::size_t i = 0; i < s.languages.size(); ++i) {
      if (!language_covered(langs, s.languages[i])) {
        err(at("/languages", i),
            Message{"study.ref_language_missing",
                    {{"lang", clip(s.languages[i])}, MsgParam::coded("kind", key, key), {"id", id}}});
      }
    }
  };
  if (ins) check(s.instrument, "instrument", ins->id, ins->version, ins->languages);
  if (rub) check(s.rubric, "rubric", rub->id, rub->version, rub->languages);
  return out;
}

std::vector<Error> check_study_refs(const Study& s, const std::vector<const Instrument*>& instruments,
                                    const Rubric* rub) {
  if (s.format != 2) return check_study_refs(s, instruments.empty() ? nullptr : instruments.front(), rub);
  std::vector<Error> out;
  auto err = [&](std::string path, Message msg) {
    out.push_back(make_error(ErrorCode::invalid_input, std::move(msg), std::move(path)));
  };
  std::vector<bool> given(s.instruments.size(), false);
  for (const Instrument* ins : instruments) {
    if (ins == nullptr) continue;
    const int i = find_study_instrument(s, ins->id);
    if (i < 0) {
      err("/instruments", Message{"study.instrument_not_named", {{"id", ins->id}, {"version", ins->version}}});
      continue;
    }
    const StudyInstrument& si = s.instruments[i];
    const std::string p = at("/instruments", static_cast<std::size_t>(i));
    given[i] = true;
    // The version named, or a later one that declares it compatible.
    const auto& compatible = ins->compatible_with;
    if (ins->version != si.ref.version &&
        !(ins->version > si.ref.version &&
          std::find(compatible.begin(), compatible.end(), si.ref.version) != compatible.end())) {
      err(at(p, "version"), Message{"study.ref_mismatch",
                                    {MsgParam::coded("kind", "instrument", "instrument"),
                                     {"id", si.ref.id},
                                     {"version", si.ref.version},
                                     {"given_id", ins->id},
                                     {"given_version", ins->version}}});
      continue;
    }
    for (std::size_t k = 0; k < s.languages.size(); ++k) {
      if (!language_covered(ins->languages, s.languages[k])) {
        err(at("/languages", k), Message{"study.ref_language_missing",
                                         {{"lang", clip(s.languages[k])},
                                          MsgParam::coded("kind", "instrument", "instrument"),
                                          {"id", ins->id}}});
      }
    }
    for (const auto& [item, waves] : si.item_waves) {
      if (find_item(*ins, item) < 0) {
        err(at(at(p, "item_waves"), item),
            Message{"study.item_waves_unknown_item", {{"instrument", ins->id}, {"item", clip(item)}}});
      }
    }
  }
  bool any = false;
  for (const Instrument* ins : instruments) any = any || ins != nullptr;
  for (std::size_t i = 0; i < s.instruments.size() && any; ++i) {
    if (given[i]) continue;
    err(at("/instruments", i), Message{"study.instrument_not_given",
                                       {{"id", s.instruments[i].ref.id}, {"version", s.instruments[i].ref.version}}});
  }
  if (rub) {
    auto r = check_study_refs(s, nullptr, rub);
    out.insert(out.end(), r.begin(), r.end());
  }
  return out;
}

bool is_reserved_column(std::string_view id) {
  const std::string l = lower(id);
  for (std::string_view r : kReservedColumns) {
    if (l == r) return true;
  }
  return false;
}

std::string file_name(std::string_view id, int version) {
  return std::string(id) + ".v" + std::to_string(version) + ".json";
}

namespace {
Json scale_json(const Scale& s) {
  Json j = Json::object();
  j["min"] = s.min;
  j["max"] = s.max;
  j["integer"] = s.integer;
  return j;
}
template <class E>
Json ids_of(const std::vector<E>& v) {
  Json a = Json::array();
  for (const auto& e : v) a.push_back(e.id);
  return a;
}
// The fields every summary begins with.
Json summary_head(const char* kind, const char* format, const Document& d, std::string file) {
  return Json{{"kind", kind},         {"format", format},        {"id", d.id},
              {"version", d.version}, {"file", std::move(file)}, {"languages", d.languages}};
}
}  // namespace

Json summary(const Instrument& ins) {
  Json j = summary_head("instrument", kInstrumentFormat, ins, file_name(ins.id, ins.version));
  j["scale"] = ins.has_scale ? scale_json(ins.scale) : Json(nullptr);
  if (!ins.compatible_with.empty()) j["compatible_with"] = ins.compatible_with;
  j["n_items"] = ins.items.size();
  Json items = Json::array();
  Json types = Json::array();  // distinct types in item order, when one is not Likert
  bool mixed = false;
  for (const auto& it : ins.items) {
    if (std::find(types.begin(), types.end(), Json(to_string(it.type))) == types.end()) {
      types.push_back(to_string(it.type));
    }
    if (it.type == ItemType::likert) {
      items.push_back(Json{{"id", it.id},
                           {"subscale", it.subscale.empty() ? Json(nullptr) : Json(it.subscale)},
                           {"reverse", it.reverse}});
      continue;
    }
    mixed = true;
    Json e{{"id", it.id}, {"type", to_string(it.type)}};
    if (it.type == ItemType::choice || it.type == ItemType::multi) {
      Json ids = Json::array();
      Json positive = nullptr;
      for (const auto& o : it.options) {
        ids.push_back(o.id);
        if (o.positive) positive = o.id;
      }
      e["options"] = std::move(ids);
      if (it.type == ItemType::choice) e["positive"] = std::move(positive);
    } else if (it.type == ItemType::number) {
      e["min"] = it.min;
      e["max"] = it.max;
      e["integer"] = it.integer;
      e["score"] = it.score;
    } else {
      e["max_length"] = it.max_length;
    }
    items.push_back(std::move(e));
  }
  j["items"] = std::move(items);
  if (mixed) j["item_types"] = std::move(types);
  Json subs = Json::array();
  for (const auto& s : ins.subscales) {
    Json ids = Json::array();
    for (std::size_t i : s.items) ids.push_back(ins.items[i].id);
    subs.push_back(Json{{"id", s.id}, {"items", std::move(ids)}, {"min_answered", s.min_answered}});
  }
  j["subscales"] = std::move(subs);
  if (ins.total) {
    j["total"] = Json{{"id", ins.total->id}, {"n_items", ins.items.size()}, {"min_answered", ins.total->min_answered}};
  } else {
    j["total"] = nullptr;
  }
  return j;
}

Json summary(const Rubric& r) {
  Json j = summary_head("rubric", kRubricFormat, r, file_name(r.id, r.version));
  j["scale"] = scale_json(r.scale);
  j["n_criteria"] = r.criteria.size();
  Json crit = Json::array();
  for (const auto& c : r.criteria) {
    Json scores = Json::array();
    for (const auto& l : c.levels) scores.push_back(l.score);
    crit.push_back(Json{{"id", c.id}, {"levels", std::move(scores)}});
  }
  j["criteria"] = std::move(crit);
  return j;
}

Json summary(const Study& s) {
  const bool v2 = s.format == 2;
  Json j = summary_head("study", v2 ? kStudyFormat2 : kStudyFormat, s, "study." + file_name(s.id, s.version));
  auto ref = [](const std::optional<DocRef>& r) {
    return r ? Json{{"id", r->id}, {"version", r->version}} : Json(nullptr);
  };
  j["instrument"] = ref(s.instrument);  // /2: the main instrument
  j["rubric"] = ref(s.rubric);
  if (v2) {
    Json list = Json::array();
    for (const auto& si : s.instruments) {
      Json e{{"id", si.ref.id},
             {"version", si.ref.version},
             {"waves", si.waves},
             {"respondents", to_string(si.respondents)}};
      if (!si.item_waves.empty()) {
        Json iw = Json::object();
        for (const auto& [item, waves] : si.item_waves) iw[item] = waves;
        e["item_waves"] = std::move(iw);
      }
      list.push_back(std::move(e));
    }
    j["instruments"] = std::move(list);
  }
  j["programmes"] = ids_of(s.programmes);
  j["waves"] = ids_of(s.waves);
  j["groups"] = ids_of(s.groups);
  if (v2) {
    Json roles = Json::object();
    Json without = Json::array();
    for (const auto& g : s.groups) {
      if (g.role != GroupRole::none) roles[g.id] = to_string(g.role);
      if (g.without_programme) without.push_back(g.id);
    }
    j["group_roles"] = std::move(roles);
    j["without_programme"] = std::move(without);
  }
  Json qs = Json::array();
  for (const auto& q : s.code_questions) {
    Json e{{"id", q.id}, {"kind", q.kind == CodeQuestion::Kind::letters ? "letters" : "digits"}, {"length", q.length}};
    if (q.kind == CodeQuestion::Kind::digits) {
      e["min"] = q.min;
      e["max"] = q.max;
    }
    qs.push_back(std::move(e));
  }
  j["code_questions"] = std::move(qs);
  return j;
}

Error with_path_prefix(Error e, std::string_view prefix) {
  e.path = std::string(prefix) + e.path;
  return e;
}

}  // namespace assess::instrument
