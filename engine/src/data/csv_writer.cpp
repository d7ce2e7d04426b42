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

std::string csv_field(const CsvCell& c, char delimiter, char decimal) {
  std::string s;
  switch (c.kind) {
    case CsvCell::Kind::empty:
      return {};
    case CsvCell::Kind::number: {
      // shortest digits that read back as the same double; no '
      if (!std::isfinite(c.value)) return {};
      s = ecmascript_number(c.value);
      if (decimal == '.') return s;
      for (char& ch : s) {
        if (ch == '.') ch = decimal;
      }
      break;  // quoted if the mark is the delimiter
    }
    case CsvCell::Kind::text:
      s = neutralise_text(c.text);
      break;
  }
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

std::string write_csv(const std::vector<std::vector<CsvCell>>& rows, char delimiter, bool bom, char decimal) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += delimiter;
      out += csv_field(row[i], delimiter, decimal);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace assess::data
