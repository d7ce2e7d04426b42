#include "assess/data/csv_writer.hpp"

#include <cmath>

#include "assess/core/canonical_json.hpp"

namespace assess::data {

bool starts_like_formula(std::string_view s) noexcept {
  if (s.empty()) return false;
  switch (s.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

std::string neutralise_text(std::string_view s) {
  std::string out;
  if (starts_like_formula(s)) out += '\'';
  out += s;
  return out;
}

std::string_view unneutralise_text(std::string_view s) noexcept {
  if (s.size() >= 2 && s.front() == '\'' && starts_like_formula(s.substr(1))) return s.substr(1);
  return s;
}

std::string csv_field(const CsvCell& c, char delimiter) {
  switch (c.kind) {
    case CsvCell::Kind::empty:
      return {};
    case CsvCell::Kind::number:
      // shortest digits that read back as the same double; no quote, no '
      return std::isfinite(c.value) ? ecmascript_number(c.value) : std::string();
    case CsvCell::Kind::text:
      break;
  }
  std::string s = neutralise_text(c.text);
  bool quote = false;
  for (char ch : s) {
    if (ch == delimiter || ch == '"' || ch == '\r' || ch == '\n') {
      quote = true;
      break;
    }
  }
  if (!quote) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string write_csv(const std::vector<std::vector<CsvCell>>& rows, char delimiter, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += delimiter;
      out += csv_field(row[i], delimiter);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace assess::data
