#include "import_problems.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"

namespace assess::data {

const char* to_string(Severity s) noexcept {
  switch (s) {
    case Severity::warning:
      return "warning";
    case Severity::record:
      return "record";
    case Severity::file:
      return "file";
  }
  return "record";
}

void to_json(Json& j, const Problem& p) {
  j = Json::object();
  j["file"] = p.file;
  j["row"] = p.row ? Json(p.row) : Json(nullptr);
  j["column"] = p.column ? Json(p.column) : Json(nullptr);
  j["field"] = p.field.empty() ? Json(nullptr) : Json(p.field);
  if (p.line) j["line"] = p.line;
  j["code"] = p.code;
  j["severity"] = to_string(p.severity);
  j["message"] = p.message;
  if (!p.msg.empty()) j["msg"] = msg_json(p.msg);
  if (!p.record_id.empty()) j["record_id"] = p.record_id;
  if (!p.first_record_id.empty()) j["first_record_id"] = p.first_record_id;
  if (p.records) j["records"] = *p.records;
}

Json counts_json(const ImportReport& r) {
  return Json{{"files", r.files},      {"files_rejected", r.files_rejected},     {"rows", r.rows},
              {"records", r.records},  {"records_rejected", r.records_rejected}, {"errors", r.errors},
              {"warnings", r.warnings}};
}

namespace detail {

void add_location_params(Problem& p) {
  if (p.msg.empty()) return;
  auto add = [&](const char* name, MsgParam param) {
    if (!p.msg.param(name)) p.msg.params.push_back(std::move(param));
  };
  if (!p.file.empty()) add("file", MsgParam("file", p.file));
  if (p.row) add("row", MsgParam("row", p.row));
  if (p.column) add("column", MsgParam("column", p.column));
  if (!p.field.empty()) add("field", MsgParam("field", p.field));
}

std::string FileContext::prefix(const Where& w) const {
  std::string s = name;
  if (csv) {
    if (w.row) s += " row " + std::to_string(w.row);
    if (w.column) s += std::string(w.row ? "," : "") + " column " + std::to_string(w.column);
    if (!w.field.empty()) s += " (" + std::string(w.field) + ")";
  } else {
    if (bundle && w.row) s += std::string(" ") + record_word + " " + std::to_string(w.row);
    if (!w.field.empty()) s += " (" + std::string(w.field) + ")";
  }
  return s;
}

Problem FileContext::problem(const Where& w, std::string code, Severity severity, Message msg) const {
  Problem p;
  p.file = name;
  p.row = w.row;
  p.column = w.column;
  p.line = w.line;
  p.field = std::string(w.field);
  p.code = std::move(code);
  p.severity = severity;
  p.message = prefix(w) + ": " + english(msg);
  p.msg = std::move(msg);
  return p;
}

Problem FileContext::file_problem(std::string code, Message msg, std::size_t line) const {
  Problem p;
  p.file = name;
  p.line = line;
  p.code = std::move(code);
  p.severity = Severity::file;
  p.message = name + ": " + english(msg);
  p.msg = std::move(msg);
  return p;
}

bool ProblemSink::count(std::size_t file_index, const std::string& code, Severity severity) {
  if (severity == Severity::warning)
    ++report_.warnings;
  else
    ++report_.errors;
  auto key = std::make_pair(file_index, code);
  auto it = kinds_.find(key);
  if (it == kinds_.end()) it = kinds_.emplace(std::move(key), Kind{}).first;
  pending_ = &it->second;
  pending_listed_ = ++pending_->n <= options_.max_problems_per_kind;
  return pending_listed_ || pending_->n == 1;
}

void ProblemSink::keep(std::size_t file_index, Problem p) {
  add_location_params(p);
  if (pending_->n == 1) pending_->first = p;
  if (pending_listed_) listed_.emplace_back(file_index, std::move(p));
}

void ProblemSink::finish() {
  // File order, then row order (file-level problems, row 0, first); stable,
  // so problems of one row keep the order they were found in.
  std::stable_sort(listed_.begin(), listed_.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.row < b.second.row;
  });
  std::size_t k = 0;
  auto flush_until = [&](std::size_t file_index) {
    while (k < listed_.size() && listed_[k].first <= file_index)
      report_.problems.push_back(std::move(listed_[k++].second));
  };
  // After each file's listed problems, one closing line per capped kind.
  for (const auto& [key, kind] : kinds_) {
    if (kind.n <= options_.max_problems_per_kind) continue;
    flush_until(key.first);
    Problem p = kind.first;
    const std::size_t more = kind.n - options_.max_problems_per_kind;
    p.row = 0, p.column = 0, p.line = 0;
    p.field.clear();
    p.msg = Message{"import.more_problems", {{"more", more}, {"kind", p.code}, {"n", kind.n}}};
    p.message = p.file + ": " + english(p.msg);
    add_location_params(p);
    report_.problems.push_back(std::move(p));
  }
  flush_until(SIZE_MAX);
  listed_.clear();
  kinds_.clear();
  pending_ = nullptr;
}

CsvPlace locate_in_csv(std::string_view text, std::size_t offset) {
  CsvPlace place;
  place.line = line_of(text, offset);
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  while (reader.next(fields)) {
    place.row = reader.row();
    const auto& offs = reader.field_offsets();
    place.column = static_cast<std::size_t>(std::upper_bound(offs.begin(), offs.end(), offset) - offs.begin());
    if (place.column == 0) place.column = 1;
    if (reader.record_end() > offset) return place;
  }
  if (reader.failed()) {
    place.row = reader.error().row;
    place.column = reader.error().column;
  }
  return place;
}

std::size_t line_of(std::string_view text, std::size_t offset) noexcept {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
  }
  return line;
}

Problem encoding_problem(const FileContext& fc, std::string_view text, const EncodingIssue& issue) {
  Problem p;
  p.file = fc.name;
  p.code = "encoding";
  p.severity = Severity::file;
  const MsgParam advice =
      MsgParam::coded("advice", issue.guess_code.empty() ? "none" : issue.guess_code, encoding_advice(issue));
  const std::size_t offset = issue.offset + 1;
  // The byte of a character that is not UTF-8, as "0xC0".
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(issue.byte));
  const bool with_byte =
      issue.kind == EncodingIssue::Kind::bad_start_byte || issue.kind == EncodingIssue::Kind::cut_short;
  // What is wrong (after "the byte 0xC0" when the message names the byte).
  const MsgParam reason =
      MsgParam::coded("reason", to_string(issue.kind),
                      issue.kind == EncodingIssue::Kind::bad_start_byte ? "cannot start a UTF-8 character"
                      : issue.kind == EncodingIssue::Kind::cut_short    ? "starts a UTF-8 character that is cut short"
                                                                        : issue.what);
  const MsgParam file("file", fc.name), byte("byte", static_cast<double>(issue.byte), hex);
  if (issue.whole_file) {
    p.msg = Message{"import.encoding_file", {file, reason, advice}};
  } else if (fc.csv) {
    const CsvPlace place = locate_in_csv(text, issue.offset);
    p.row = place.row, p.column = place.column, p.line = place.line;
    const MsgParam row("row", p.row), column("column", p.column), line("line", p.line), at("offset", offset);
    p.msg = with_byte ? Message{"import.encoding_csv_byte", {file, byte, reason, row, column, line, at, advice}}
                      : Message{"import.encoding_csv", {file, reason, row, column, line, at, advice}};
  } else {
    p.line = line_of(text, issue.offset);
    const MsgParam line("line", p.line), at("offset", offset);
    p.msg = with_byte ? Message{"import.encoding_json_byte", {file, byte, reason, line, at, advice}}
                      : Message{"import.encoding_json", {file, reason, line, at, advice}};
  }
  p.message = english(p.msg);
  return p;
}

Problem csv_syntax_problem(const FileContext& fc, const CsvError& e) {
  Message msg;
  const bool line = e.line != e.row;  // the reader names the line only when it differs from the row
  if (e.kind == CsvError::Kind::unterminated_quote) {
    msg = line ? Message{"import.csv_unterminated_line", {{"row", e.row}, {"column", e.column}, {"line", e.line}}}
               : Message{"import.csv_unterminated", {{"row", e.row}, {"column", e.column}}};
  } else {
    msg = line ? Message{"import.csv_text_after_quote_line",
                         {{"row", e.row}, {"column", e.column}, {"line", e.line}, {"char", e.after}}}
               : Message{"import.csv_text_after_quote", {{"row", e.row}, {"column", e.column}, {"char", e.after}}};
  }
  Problem p = fc.problem(Where{e.row, e.column, e.line, {}}, "csv_syntax", Severity::file, std::move(msg));
  p.message = fc.name + ": " + english(p.msg);  // the sentence names row and column itself
  return p;
}

}  // namespace detail
}  // namespace assess::data
