#include "assess/core/message.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "assess/core/numeric.hpp"

namespace assess {
namespace {

// The entries in id order (the .inc files are in any order; the table is
// core/message_catalogue.cpp).
const std::vector<CatalogueEntry>& sorted() {
  static const std::vector<CatalogueEntry> s = [] {
    std::size_t n = 0;
    const CatalogueEntry* all = detail::catalogue_entries(&n);
    std::vector<CatalogueEntry> v(all, all + n);
    std::sort(v.begin(), v.end(),
              [](const CatalogueEntry& a, const CatalogueEntry& b) { return std::strcmp(a.id, b.id) < 0; });
    return v;
  }();
  return s;
}

}  // namespace

MsgParam::MsgParam(std::string n, int v) : MsgParam(std::move(n), static_cast<long long>(v)) {}
MsgParam::MsgParam(std::string n, long v) : MsgParam(std::move(n), static_cast<long long>(v)) {}
MsgParam::MsgParam(std::string n, long long v)
    : name(std::move(n)), is_number(true), number(static_cast<double>(v)), text(std::to_string(v)) {}
MsgParam::MsgParam(std::string n, unsigned v) : MsgParam(std::move(n), static_cast<unsigned long long>(v)) {}
MsgParam::MsgParam(std::string n, unsigned long v) : MsgParam(std::move(n), static_cast<unsigned long long>(v)) {}
MsgParam::MsgParam(std::string n, unsigned long long v)
    : name(std::move(n)), is_number(true), number(static_cast<double>(v)), text(std::to_string(v)) {}
MsgParam::MsgParam(std::string n, double v) : name(std::move(n)), is_number(true), number(v), text(format_number(v)) {}
MsgParam::MsgParam(std::string n, double v, std::string shown)
    : name(std::move(n)), is_number(true), number(v), text(std::move(shown)) {}

MsgParam MsgParam::coded(std::string n, std::string code, std::string english) {
  MsgParam p(std::move(n), std::move(english));
  p.code = std::move(code);
  return p;
}

const MsgParam* Message::param(std::string_view name) const noexcept {
  for (const auto& p : params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const CatalogueEntry* message_catalogue(std::size_t* count) noexcept {
  const auto& s = sorted();
  if (count) *count = s.size();
  return s.data();
}

const char* message_template(std::string_view id) noexcept {
  const auto& s = sorted();
  auto it = std::lower_bound(s.begin(), s.end(), id, [](const CatalogueEntry& e, std::string_view key) {
    return std::string_view(e.id) < key;
  });
  return it != s.end() && std::string_view(it->id) == id ? it->english : nullptr;
}

std::vector<std::string> template_params(std::string_view tmpl) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') continue;
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
      ++i;
      continue;
    }
    std::size_t end = tmpl.find('}', i);
    if (end == std::string_view::npos) break;
    std::string_view inner = tmpl.substr(i + 1, end - i - 1);
    std::string name(inner.substr(0, inner.find('|')));
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    i = end;
  }
  return out;
}

std::string english(const Message& m) {
  const char* tmpl = message_template(m.id);
  if (tmpl == nullptr) return "(message " + m.id + " is missing from the engine's catalogue)";
  std::string_view t(tmpl);
  std::string out;
  out.reserve(t.size() + 32);
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if ((c == '{' || c == '}') && i + 1 < t.size() && t[i + 1] == c) {  // {{ and }} are braces
      out += c;
      ++i;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    std::size_t end = t.find('}', i);
    if (end == std::string_view::npos) {
      out.append(t.substr(i));
      break;
    }
    std::string_view inner = t.substr(i + 1, end - i - 1);
    std::size_t bar = inner.find('|');
    std::string_view name = inner.substr(0, bar);
    const MsgParam* p = m.param(name);
    if (p == nullptr) {
      out += "{" + std::string(name) + "?}";
    } else if (bar == std::string_view::npos) {
      out += p->text;
    } else {
      // {n|one|other}: the form that agrees with the number
      std::string_view forms = inner.substr(bar + 1);
      std::size_t bar2 = forms.find('|');
      std::string_view one = forms.substr(0, bar2);
      std::string_view other = bar2 == std::string_view::npos ? one : forms.substr(bar2 + 1);
      out.append(p->is_number && p->number == 1.0 ? one : other);
    }
    i = end;
  }
  return out;
}

}  // namespace assess
