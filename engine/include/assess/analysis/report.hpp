// Renderings of the analysis results for people and spreadsheets: a Markdown
// summary with APA-style tables (M, SD, t(df), p, Holm p, d_z [95% CI],
// Wilcoxon V, alpha) and CSV tables at full precision. Both are made from the
// result JSON of analyze_prepost / analyze_panel, so every number shown is
// the number in the JSON (the Markdown rounds it, the CSV does not). The
// ops return them on request (format "md", "csv" or "all"), so the CLI and
// the web page offer the same downloads. Layout: docs/analysis.md.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "assess/core/json.hpp"

namespace assess::analysis {

// Named CSV tables in a fixed order: (name, text). Text is RFC 4180 with a
// header line, ',' delimiter and LF line ends; numbers in the shortest form
// that reads back to the same double, empty cells for null.
using CsvTables = std::vector<std::pair<std::string, std::string>>;

std::string prepost_markdown(const Json& result);
CsvTables prepost_csv(const Json& result);

std::string panel_markdown(const Json& result);

// The report of a whole study (analyze_study) in lang ("kk", "ru" or "en"),
// and its methods-and-results paragraph in every language: {"kk", "ru", "en"}.
std::string study_markdown(const Json& result, const std::string& lang);
Json study_paragraphs(const Json& result);
CsvTables panel_csv(const Json& result);

// APA-style number text used by the Markdown tables (exposed for tests):
// fixed decimals with "-" for negatives; p as ".034" or "< .001"; statistics
// bounded by 1 (alpha, W) without the leading zero; "-" for null. Under a
// DecimalComma (the study report in kk and ru) the mark is a comma and the
// leading zero stays, as Kazakh and Russian texts write numbers ("0,034",
// "< 0,001"; the page and the Word report do the same).
std::string apa_fixed(const Json& x, int decimals);
std::string apa_p(const Json& p);
// "p = .034" or "p < .001" (APA: no "=" before "<"); "p = -" without a p.
std::string apa_p_is(const Json& p);
std::string apa_bounded(const Json& x, int decimals);
std::string apa_df(const Json& df);

// The decimal comma for the renderings made while it lives (one thread:
// the flag is thread-local, restored when the scope ends). `on` false keeps
// the point.
class DecimalComma {
 public:
  explicit DecimalComma(bool on);
  ~DecimalComma();
  DecimalComma(const DecimalComma&) = delete;
  DecimalComma& operator=(const DecimalComma&) = delete;

 private:
  bool before_;
};

// Whether numbers are written with a decimal comma now; the separator of
// two limits or quartiles in brackets (", " or, with the comma, "; ").
bool decimal_comma();
const char* limits_separator();

// One CSV cell: a number as its JSON text, a string quoted when needed, null empty.
std::string csv_cell(const Json& v);

}  // namespace assess::analysis
