#include "assess/data/answers.hpp"

#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/core/text.hpp"
#include "assess/data/text.hpp"

namespace assess::data {

namespace {

// The lower-case letter of an upper-case Latin or Cyrillic one (Kazakh,
// Russian, Ukrainian, ... letters of the Cyrillic and Cyrillic Supplement
// blocks); any other code point as it is.
char32_t lower_letter(char32_t c) noexcept {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x0410 && c <= 0x042F) return c + 32;  // А..Я
  if (c >= 0x0400 && c <= 0x040F) return c + 80;  // Ѐ..Џ (Ё, І, Ј, ...)
  // Pairs of upper (even) and lower (odd) letters: Ѡ..ҁ, Ҋ..ҿ (Ғ, Қ, Ң, Ү, Ұ, Һ), Ӑ..ӿ (Ә, Ө)
  if ((c >= 0x0460 && c <= 0x0481) || (c >= 0x048A && c <= 0x04BF) || (c >= 0x04D0 && c <= 0x04FF)) {
    return (c % 2 == 0) ? c + 1 : c;
  }
  if (c >= 0x04C1 && c <= 0x04CE) return (c % 2 == 1) ? c + 1 : c;  // Ӂ..ӎ: upper odd
  if (c == 0x04C0) return 0x04CF;                                   // Ӏ
  return c;
}

}  // namespace

std::string fold_label(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  text = text.substr(b, e - b);
  const std::string normal = nfc_quick_check(text) ? std::string(text) : nfc(text);
  std::string out;
  out.reserve(normal.size());
  std::size_t pos = 0;
  while (pos < normal.size()) append_utf8(out, lower_letter(next_code_point(normal, pos)));
  return out;
}

std::size_t count_code_points(std::string_view text) noexcept {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

OptionFinder::OptionFinder(const instrument::Instrument& ins) : ins_(ins), by_label_(ins.items.size()) {
  for (std::size_t i = 0; i < ins.items.size(); ++i) {
    const auto& options = ins.items[i].options;
    auto& map = by_label_[i];
    for (std::size_t k = 0; k < options.size(); ++k) {
      for (const auto& [lang, label] : options[k].label) {
        auto [it, fresh] = map.emplace(fold_label(label), static_cast<long>(k));
        if (!fresh && it->second != static_cast<long>(k)) it->second = kAmbiguous;
      }
    }
  }
}

long OptionFinder::find(std::size_t item, std::string_view text) const {
  const auto& options = ins_.items[item].options;
  std::size_t b = 0, e = text.size();
  while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
  const std::string_view t = text.substr(b, e - b);
  for (std::size_t k = 0; k < options.size(); ++k) {
    const std::string& id = options[k].id;
    if (id.size() != t.size()) continue;
    bool same = true;
    for (std::size_t j = 0; j < t.size() && same; ++j) {
      char x = t[j], y = id[j];
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
      same = x == y;
    }
    if (same) return static_cast<long>(k);
  }
  const auto& map = by_label_[item];
  auto it = map.find(fold_label(t));
  return it == map.end() ? kUnknown : it->second;
}

// A comment as the identity compares it: in Unicode NFC (an editor that
// writes Й as И + combining breve writes the same comment), line ends as
// \n, without the spaces and line breaks around it (a spreadsheet's CSV
// writes \r\n inside a quoted cell where the JSON export has \n). The
// record keeps the comment as written.
std::string text_identity(const std::string& written) {
  const std::string c = nfc(written);  // the text itself when it is NFC already (one pass)
  std::string out;
  out.reserve(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i] == '\r') {
      out += '\n';
      if (i + 1 < c.size() && c[i + 1] == '\n') ++i;
    } else {
      out += c[i];
    }
  }
  const std::size_t b = out.find_first_not_of(" \t\n");
  if (b == std::string::npos) return {};
  const std::size_t e = out.find_last_not_of(" \t\n");
  return out.substr(b, e - b + 1);
}

Json answer_json(const instrument::Item& item, double x, const std::string* text) {
  if (is_missing(x)) return nullptr;
  switch (item.type) {
    case instrument::ItemType::likert:
    case instrument::ItemType::number:
      break;
    case instrument::ItemType::choice: {
      const auto k = static_cast<std::size_t>(x);
      return k < item.options.size() ? Json(item.options[k].id) : Json(nullptr);
    }
    case instrument::ItemType::multi: {
      Json ids = Json::array();
      for (std::size_t k = 0; k < item.options.size(); ++k) {
        if (option_chosen(x, k)) ids.push_back(item.options[k].id);
      }
      return ids;
    }
    case instrument::ItemType::text:
      return text ? Json(*text) : Json(nullptr);
  }
  return json_number(x);
}

}  // namespace assess::data
