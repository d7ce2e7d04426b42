// Internal helpers shared by the response and rating imports: the problem
// sink (counting, capping and ordering problems), value parsing, and the
// pieces of messages. Not a public header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/core/error.hpp"
#include "assess/data/input.hpp"
#include "assess/data/text.hpp"

namespace assess::data::detail {

// Collects problems: counts every one, lists at most options.max_problems_per_kind
// per file and kind, and at the end adds one closing problem per capped kind
// and orders them by file, then row.
class ProblemSink {
 public:
  ProblemSink(ImportReport& report, const ImportOptions& options) : report_(report), options_(options) {}
  void add(std::size_t file_index, Problem p);
  void finish();

 private:
  ImportReport& report_;
  const ImportOptions& options_;
  std::vector<std::pair<std::size_t, Problem>> listed_;
  std::map<std::pair<std::size_t, std::string>, std::pair<std::size_t, Problem>> counts_;  // -> count, first
};

std::string_view trim(std::string_view s) noexcept;
std::string lower_ascii(std::string_view s);
bool iequal(std::string_view a, std::string_view b) noexcept;
// Restricted Damerau-Levenshtein distance <= 1 (bytes).
bool within_one_edit(std::string_view a, std::string_view b) noexcept;

// A cell or JSON string shown in a message: quoted, at most 40 characters.
std::string show(std::string_view s);

enum class NumberParse { ok, missing, bad };
// Empty and NA are missing; otherwise [+-]digits[.digits][e[+-]digits].
NumberParse parse_number(std::string_view s, double& out) noexcept;

// YYYY-MM-DD, optionally followed by T or a space, hh:mm[:ss[.fff]] and Z or +hh:mm.
bool looks_like_timestamp(std::string_view s) noexcept;

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0) noexcept;

// The text after an optional BOM and white space starts with '{' or '['.
bool looks_like_json(std::string_view text) noexcept;

// Row (record, header = 1), column and line of a byte offset of CSV text.
struct CsvPlace {
  std::size_t row = 0, column = 0, line = 0;
};
CsvPlace locate_in_csv(std::string_view text, std::size_t offset);
std::size_t line_of(std::string_view text, std::size_t offset) noexcept;
// Line breaks in the text (LF, else CR): an upper bound of the records of a CSV file.
std::size_t estimated_rows(std::string_view text) noexcept;

// "a string", "a number", ...
const char* json_type(const nlohmann::ordered_json& v) noexcept;
// Text of a scalar JSON value for an extra column; objects and arrays as JSON.
std::string json_text(const nlohmann::ordered_json& v);
std::string pointer_escape(std::string_view key);

// "numbers from 1 to 5", "whole numbers from 1 to 7"
std::string scale_words(double lo, double hi, bool integer);
std::string format_value(double x);

// Problem for a whole file from an encoding issue (CSV or JSON).
Problem encoding_problem(const std::string& file, std::string_view text, const EncodingIssue& issue, bool csv);

}  // namespace assess::data::detail

namespace assess::data::detail {

// Where in a file a value sits, for messages and Problem fields.
struct Where {
  std::size_t row = 0, column = 0, line = 0;
  std::string_view field;  // CSV header or JSON pointer; must outlive the call that uses it
};

// One file being imported: builds problems that name it.
struct FileContext {
  std::size_t index = 0;
  std::string name;
  bool csv = true;
  bool bundle = false;  // JSON with several records: rows are "response 3" / "rating 3"
  const char* record_word = "response";

  // "a.csv row 3, column 7 (ET1)", "b.json response 3 (/responses/2/code)", "c.json (/code)"
  std::string prefix(const Where& w) const;
  Problem problem(const Where& w, std::string code, Severity severity, const std::string& tail) const;
  Problem file_problem(std::string code, const std::string& tail, std::size_t line = 0) const;
};

// Parses a JSON file; on failure fills p (code json_syntax, severity file).
// Nesting deeper than 64 levels is refused before parsing (the parser recurses).
bool parse_json_file(const FileContext& fc, std::string_view text, nlohmann::ordered_json& out, Problem& p);

// The integrity seal of an exported file (core/integrity.hpp): a warning
// naming the file when it was edited or damaged after export
// (integrity_mismatch) or carries a malformed seal (integrity_invalid);
// nothing when it has no seal or a valid one.
std::optional<Problem> seal_problem(const FileContext& fc, const nlohmann::ordered_json& doc);

// The size limits of core/limits.hpp for one import (file count, bytes per
// CSV and JSON file and together, CSV records counted before anything is
// stored): out_of_range naming the file, or nothing.
std::optional<Error> check_import_limits(const std::vector<InputFile>& files);
// The record limit once JSON files have been read (their records are only
// known then), for the import's word ("response records", "ratings").
std::optional<Error> check_record_limit(std::size_t records, const char* what);

// "a, b, c" (at most `limit` names, then ", ...").
std::string list_names(const std::vector<std::string>& names, std::size_t limit = 12);

// Interns the values of a categorical column.
class Dict {
 public:
  explicit Dict(std::vector<std::string>& names) : names_(names) {
    for (std::size_t i = 0; i < names_.size(); ++i) index_.emplace(names_[i], static_cast<std::uint32_t>(i));
  }
  // -1 when absent.
  long find(std::string_view s) const {
    if (last_ < names_.size() && names_[last_] == s) return static_cast<long>(last_);
    if (names_.size() <= 32) {  // the usual few programmes: no hashing, no allocation
      for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == s) return static_cast<long>(last_ = i);
      }
      return -1;
    }
    auto it = index_.find(std::string(s));
    if (it == index_.end()) return -1;
    last_ = it->second;
    return it->second;
  }
  std::uint32_t add(std::string_view s) {
    long i = find(s);
    if (i >= 0) return static_cast<std::uint32_t>(i);
    auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(s);
    index_.emplace(names_.back(), id);
    last_ = id;
    return id;
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, std::uint32_t> index_;
  mutable std::size_t last_ = SIZE_MAX;
};

}  // namespace assess::data::detail
