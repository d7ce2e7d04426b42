// The pages' message templates in C++ (see the header): parsed on each use
// (a report has a handful of warnings), rendered from the JSON parameters.
#include "assess/core/message_translated.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace assess {

namespace {

struct Template {
  const char* lang;
  const char* id;
  const char* text;
};
struct Word {
  const char* lang;
  const char* table;
  const char* code;
  const char* word;
};

const Template kTemplates[] = {
#include "core/messages/translated_templates.inc"
};
const Word kWords[] = {
#include "core/messages/translated_words.inc"
};

const char* template_of(std::string_view lang, std::string_view id) {
  for (const auto& t : kTemplates) {
    if (lang == t.lang && id == t.id) return t.text;
  }
  return nullptr;
}

const char* word_of(std::string_view lang, std::string_view table, std::string_view code) {
  for (const auto& w : kWords) {
    if (lang == w.lang && table == w.table && code == w.code) return w.word;
  }
  return nullptr;
}

// One parsed piece of a template: a text, or a placeholder with its forms.
struct Node {
  std::string text;  // a literal when name is empty
  std::string name, table, format;
  std::vector<std::pair<std::string, std::vector<Node>>> forms;
};

struct Parser {
  std::string_view s;
  std::size_t i = 0;
  bool bad = false;

  static bool name_char(char c, bool first) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
  }
  std::string identifier() {
    const std::size_t start = i;
    while (i < s.size() && name_char(s[i], i == start)) ++i;
    return std::string(s.substr(start, i - start));
  }

  // Nodes up to the end, or (in a form) up to an unmatched '|' or '}'.
  std::vector<Node> nodes(bool in_form) {
    std::vector<Node> out;
    std::string text;
    auto flush = [&] {
      if (!text.empty()) out.push_back(Node{std::move(text), {}, {}, {}, {}});
      text.clear();
    };
    while (i < s.size() && !bad) {
      const char c = s[i];
      if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {
        text += c;
        i += 2;
        continue;
      }
      if (in_form && (c == '|' || c == '}')) break;
      if (c == '{') {
        flush();
        ++i;
        out.push_back(placeholder());
        continue;
      }
      text += c;
      ++i;
    }
    flush();
    return out;
  }

  Node placeholder() {
    Node n;
    n.name = identifier();
    if (n.name.empty()) bad = true;
    if (i < s.size() && s[i] == '@') {
      ++i;
      n.table = identifier();
    } else if (i < s.size() && s[i] == '#') {
      ++i;
      n.format = identifier();
    }
    while (!bad && i < s.size() && s[i] == '|') {
      const std::size_t colon = s.find(':', i);
      if (colon == std::string_view::npos) {
        bad = true;
        break;
      }
      std::string key(s.substr(i + 1, colon - i - 1));
      i = colon + 1;
      n.forms.emplace_back(std::move(key), nodes(true));
    }
    if (i >= s.size() || s[i] != '}') bad = true;
    ++i;
    return n;
  }
};

// The text of a JSON number as JavaScript's String() writes it (for the form
// keys "1:", "2:").
std::string js_string(double x) {
  if (std::floor(x) == x && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

struct Renderer {
  const Json& params;
  std::string_view lang;

  std::string value(const Node& n) const {
    const auto it = params.is_object() ? params.find(n.name) : params.end();
    if (!params.is_object() || it == params.end()) return "{" + n.name + "?}";
    const Json& v = *it;
    if (v.is_null()) return "\u2014";
    if (v.is_number()) {
      const double x = v.get<double>();
      if (n.format == "hex") {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(x));
        return buf;
      }
      return translated_number(x, lang);
    }
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (n.format == "or") return or_list(s);
    if (n.format == "place") return place(s);
    if (!n.table.empty()) {
      if (const char* w = word_of(lang, n.table, s)) return w;
    }
    return s;
  }

  // "a, b or c" (the engine's English joining) in the language's word.
  std::string or_list(const std::string& s) const {
    std::vector<std::string> parts;
    std::size_t at = 0;
    while (true) {
      const std::size_t comma = s.find(", ", at), or_ = s.find(" or ", at);
      const std::size_t next = std::min(comma, or_);
      if (next == std::string::npos) break;
      parts.push_back(s.substr(at, next - at));
      at = next + (next == comma ? 2 : 4);
    }
    parts.push_back(s.substr(at));
    if (parts.size() < 2) return s;
    const char* word = word_of(lang, "ui", "or");
    std::string out;
    for (std::size_t k = 0; k + 1 < parts.size(); ++k) out += (k ? ", " : "") + parts[k];
    return out + " " + (word ? word : "or") + " " + parts.back();
  }

  // "a.csv row 2" -> "a.csv, строка 2".
  std::string place(const std::string& s) const {
    const std::size_t digits = s.find_last_not_of("0123456789");
    if (digits == std::string::npos || digits + 1 >= s.size() || s[digits] != ' ') return s;
    const std::size_t space = s.rfind(' ', digits - 1);
    if (space == std::string::npos || space == 0) return s;
    const std::string kind = s.substr(space + 1, digits - space - 1);
    if (kind != "row" && kind != "response" && kind != "rating") return s;
    const char* word = word_of(lang, "place", kind);
    if (word == nullptr) return s;
    return s.substr(0, space) + ", " + word + " " + translated_number(std::stod(s.substr(digits + 1)), lang);
  }

  const std::vector<Node>& choose(const Node& n) const {
    const auto it = params.is_object() ? params.find(n.name) : params.end();
    auto by_key = [&](const std::string& k) -> const std::vector<Node>* {
      for (const auto& [key, nodes] : n.forms) {
        if (key == k) return &nodes;
      }
      return nullptr;
    };
    const std::vector<Node>* form = nullptr;
    if (params.is_object() && it != params.end() && !it->is_null()) {
      const Json& v = *it;
      form = by_key(v.is_string() ? v.get<std::string>() : v.is_number() ? js_string(v.get<double>()) : v.dump());
      if (form == nullptr && v.is_number()) form = by_key(plural_category(v.get<double>(), lang));
    }
    if (form == nullptr) form = by_key("other");
    return form != nullptr ? *form : n.forms.back().second;
  }

  std::string fill(const std::vector<Node>& nodes) const {
    std::string out;
    for (const auto& n : nodes) {
      if (n.name.empty())
        out += n.text;
      else if (!n.forms.empty())
        out += fill(choose(n));
      else
        out += value(n);
    }
    return out;
  }
};

}  // namespace

const char* plural_category(double x, std::string_view lang) {
  const bool whole = std::floor(x) == x && std::isfinite(x);
  if (lang == "ru") {
    if (!whole) return "other";
    const auto n = static_cast<long long>(std::fabs(x));
    const long long d = n % 10, h = n % 100;
    if (d == 1 && h != 11) return "one";
    if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return "few";
    return "many";
  }
  // kk and en: one for exactly 1 (en: integers only, as "1.0" is not written).
  return x == 1.0 ? "one" : "other";
}

std::string translated_number(double x, std::string_view lang) {
  if (!std::isfinite(x)) return std::isnan(x) ? "NaN" : (x > 0 ? "\u221e" : "-\u221e");
  const bool comma = lang != "en";
  char buf[64];
  if (std::floor(x) == x && std::fabs(x) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", std::fabs(x));
    std::string digits = buf;
    // Groups of three from 10 000 (a four-digit number stays whole).
    if (comma && digits.size() > 4) {
      for (std::size_t at = digits.size() - 3; at > 0; at = at > 3 ? at - 3 : 0) digits.insert(at, "\u00a0");
    }
    return (x < 0 ? "-" : "") + digits;
  }
  std::snprintf(buf, sizeof buf, "%.6g", x);
  std::string s = buf;
  if (comma) {
    const std::size_t dot = s.find('.');
    if (dot != std::string::npos) s[dot] = ',';
  }
  return s;
}

std::optional<std::string> translated(const Json& msg, std::string_view lang) {
  if (!msg.is_object() || !msg.contains("id") || !msg["id"].is_string()) return std::nullopt;
  const char* tpl = template_of(lang, msg["id"].get<std::string>());
  if (tpl == nullptr) return std::nullopt;
  Parser p{tpl};
  const std::vector<Node> nodes = p.nodes(false);
  if (p.bad) return std::nullopt;
  static const Json no_params = Json::object();
  const Json& params = msg.contains("params") ? msg["params"] : no_params;
  return Renderer{params, lang}.fill(nodes);
}

}  // namespace assess
