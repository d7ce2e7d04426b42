// What every import takes and gives besides its table: the input files, the
// options, and the report of problems. A problem names the file, the row and
// the column (or the JSON pointer) and says in one sentence what is wrong;
// nothing is fixed silently. Severity says what the problem excluded:
//   file    - the file as a whole could not be used (encoding, CSV syntax,
//             not JSON, wrong format, missing or unknown columns, another
//             instrument): none of its records are in the table;
//   record  - this record (row / response / rating) is left out (bad value,
//             bad code, wave, unknown programme, duplicate, ragged row);
//   warning - kept as it is, but worth a look (unknown language, odd
//             timestamp, a header-only file, a column without a name).
// Problems are reported in file order; within a file in row order.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/data/codes.hpp"

namespace assess::data {

// One file handed to an import. The bytes are not copied: they must outlive
// the call. The format is taken from the content (JSON starts with '{' or
// '[' after an optional BOM and white space; anything else is CSV).
struct InputFile {
  std::string name;
  std::string_view text;
};

enum class Severity { warning, record, file };
const char* to_string(Severity s) noexcept;

struct Problem {
  std::string file;
  std::size_t row = 0;     // CSV: record number, header = 1 (as a spreadsheet shows it);
                           // JSON: 1-based position of the response/rating in the file; 0 = the whole file
  std::size_t column = 0;  // CSV: 1-based column; 0 = none
  std::size_t line = 0;    // text line where the row starts (CSV, JSON syntax errors); 0 = unknown
  std::string field;       // CSV: the column's header; JSON: pointer in the file ("/responses/2/answers/ET1")
  std::string code;        // stable kind, e.g. "out_of_scale" (table in docs/formats.md)
  Severity severity = Severity::record;
  std::string message;  // one sentence, naming file, row and column
  Message msg{};        // the same as id and parameters, when the problem has one
  // A repeated record (duplicate_record, duplicate_rating, duplicate_identical):
  // its record_id and that of the first record of its key; "" otherwise.
  std::string record_id;
  std::string first_record_id;
  // Records that differ under one key (duplicate_record, duplicate_rating):
  // the evidence the researcher chooses on, [the first record, this record],
  // each as records_json / ratings_json gives a record; null otherwise.
  std::shared_ptr<const Json> records;
};

void to_json(Json& j, const Problem& p);

// A researcher's choice for records with the same key (the links file's
// "duplicates", docs/formats.md): keep this record, so that the others of
// its key are left out, or leave this record out.
struct DuplicateChoice {
  std::string record_id;  // "sha256:<hex>" (records_json's record_id)
  bool keep = true;       // false: exclude
  std::string where;      // the choice's place, e.g. "/links/duplicates/0"
};

struct ImportOptions {
  CheckMode code_check = CheckMode::automatic;
  // At most this many problems of one kind are listed per file; the rest
  // are counted in a closing problem of the same kind (so that a million bad
  // rows do not make a million-line report).
  std::size_t max_problems_per_kind = 200;
  // Keep the free-text columns of the records (the submitted timestamp and
  // the extra columns). An analysis that shows neither turns this off: the
  // values are still checked (the same problems), but a million timestamps
  // are not stored (ResponseTable::submitted stays empty, extra values "").
  bool keep_text_columns = true;
  // Choices that resolve conflicts of records with the same key.
  std::vector<DuplicateChoice> duplicates;
};

struct ImportReport {
  std::vector<Problem> problems;
  std::size_t files = 0;             // files handed in
  std::size_t files_rejected = 0;    // files with a problem of severity file
  std::size_t rows = 0;              // records found in the usable files (CSV rows, JSON responses/ratings)
  std::size_t records = 0;           // records imported
  std::size_t records_rejected = 0;  // records left out for a record problem
  std::size_t errors = 0;            // problems of severity file or record (listed or not)
  std::size_t warnings = 0;          // problems of severity warning (listed or not)

  bool has_errors() const noexcept { return errors > 0; }
};

// {"files", "files_rejected", "rows", "records", "records_rejected", "errors", "warnings"}
Json counts_json(const ImportReport& r);

}  // namespace assess::data
