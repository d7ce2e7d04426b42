// Internal: the problems of an import - where in a file a value sits, the
// file being read (which builds problems that name it), the sink that
// counts, caps and orders them, and the problems of a whole file that every
// importer shares (encodings, CSV syntax). Not a public header.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assess/core/message.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/input.hpp"
#include "assess/data/text.hpp"

namespace assess::data::detail {

// Where in a file a value sits, for messages and Problem fields.
struct Where {
  std::size_t row = 0, column = 0, line = 0;
  std::string_view field;  // CSV header or JSON pointer; must outlive the call that uses it
};

// Adds the problem's place to its message as parameters (file, row,
// column, field), so that the pages can say where without parsing the
// sentence; a parameter the message already has is left as it is.
void add_location_params(Problem& p);

// One file being imported: builds problems that name it. The English
// sentence is the place, ": " and the message's English.
struct FileContext {
  std::size_t index = 0;
  std::string name;
  bool csv = true;
  bool bundle = false;  // JSON with several records: rows are "response 3" / "rating 3"
  const char* record_word = "response";

  // "a.csv row 3, column 7 (ET1)", "b.json response 3 (/responses/2/code)", "c.json (/code)"
  std::string prefix(const Where& w) const;
  Problem problem(const Where& w, std::string code, Severity severity, Message msg) const;
  // A problem of the whole file: "a.csv: ..." (severity file unless changed).
  Problem file_problem(std::string code, Message msg, std::size_t line = 0) const;
};

// Collects problems: counts every one, lists at most options.max_problems_per_kind
// per file and kind, and at the end adds one closing problem per capped kind
// and orders them by file, then row.
class ProblemSink {
 public:
  ProblemSink(ImportReport& report, const ImportOptions& options) : report_(report), options_(options) {}
  void add(std::size_t file_index, Problem p) {
    if (count(file_index, p.code, p.severity)) keep(file_index, std::move(p));
  }
  // Builds the problem only when it is listed (or is the first of its kind,
  // which the closing problem copies): a million bad cells cost a million
  // counts, not a million sentences.
  template <class Build>
  void add(std::size_t file_index, const std::string& code, Severity severity, Build&& build) {
    if (count(file_index, code, severity)) keep(file_index, build());
  }
  void finish();

 private:
  struct Kind {
    std::size_t n = 0;
    Problem first;
  };
  bool count(std::size_t file_index, const std::string& code, Severity severity);
  void keep(std::size_t file_index, Problem p);

  ImportReport& report_;
  const ImportOptions& options_;
  std::vector<std::pair<std::size_t, Problem>> listed_;
  std::map<std::pair<std::size_t, std::string>, Kind> kinds_;
  Kind* pending_ = nullptr;  // the kind count() last saw
  bool pending_listed_ = false;
};

// Row (record, header = 1), column and line of a byte offset of CSV text.
struct CsvPlace {
  std::size_t row = 0, column = 0, line = 0;
};
CsvPlace locate_in_csv(std::string_view text, std::size_t offset);
std::size_t line_of(std::string_view text, std::size_t offset) noexcept;

// Problem for a whole file from an encoding issue (CSV or JSON).
Problem encoding_problem(const FileContext& fc, std::string_view text, const EncodingIssue& issue);
// Problem for a whole file from a structural CSV error.
Problem csv_syntax_problem(const FileContext& fc, const CsvError& e);

}  // namespace assess::data::detail
