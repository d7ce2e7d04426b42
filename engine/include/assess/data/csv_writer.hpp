// Writing CSV that is safe to open in a spreadsheet: RFC 4180 quoting (CRLF
// line ends, fields with the delimiter, a quote or a line break quoted, quotes
// doubled) and spreadsheet formula injection neutralised as OWASP recommends:
// a text cell that starts with = + - @ TAB or CR gets a leading single quote,
// so that Excel, LibreOffice and Google Sheets show "'=cmd|' /C calc'!A0" as
// text instead of running it. Numbers stay numbers: -0.5 written from a
// number keeps its minus and gets no quote. The importers take the quote
// off again (unneutralise_text), so an export can be imported unchanged.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assess::data {

struct CsvCell {
  enum class Kind { empty, number, text };
  Kind kind = Kind::empty;
  double value = 0.0;
  std::string text;

  static CsvCell none() { return {}; }
  static CsvCell num(double x) { return {Kind::number, x, {}}; }
  static CsvCell str(std::string s) { return {Kind::text, 0.0, std::move(s)}; }
};

// True when a spreadsheet would read a text cell starting so as a formula.
bool starts_like_formula(std::string_view s) noexcept;

// The text as it must appear in the cell: with a leading ' when it starts
// like a formula; unchanged otherwise.
std::string neutralise_text(std::string_view s);

// The inverse for the importers: "'=x" -> "=x" (only a quote the writer adds:
// one followed by = + - @ TAB or CR); anything else unchanged.
std::string_view unneutralise_text(std::string_view s) noexcept;

// One field, quoted when needed (text is neutralised first). decimal is the
// decimal mark numbers are written with: '.' or ',' (what Excel in Russian
// or Kazakh reads as a number, with ';' as the delimiter); a number is never
// neutralised, whatever its mark.
std::string csv_field(const CsvCell& c, char delimiter = ',', char decimal = '.');

// A whole table; bom puts a UTF-8 byte-order mark first (Excel then reads
// UTF-8 without asking).
std::string write_csv(const std::vector<std::vector<CsvCell>>& rows, char delimiter = ',', bool bom = false,
                      char decimal = '.');

}  // namespace assess::data
