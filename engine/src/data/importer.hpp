// Internal: the one import skeleton. Every document kind researchers hand
// in as data (responses, ratings, ...) is read by it: files one by one (JSON
// or CSV by their content), each with its context and its problems; for CSV
// the encoding check, the header mapping (known columns, value columns,
// duplicate, look-alike, missing and unnamed columns, extra columns kept as
// text) and the row loop; for JSON the prologue (UTF-8, parsing, the
// integrity seal) and helpers for records; the values on a scale (with the
// decimal-comma hint), the form language and the timestamp; at the end the
// duplicates by the kind's key.
//
// Two layers. ImportCore (importer.cpp) is everything that does not depend
// on the kind's types: it is compiled once, whatever the number of kinds.
// Importer<Kind, Table> is the row loop and the table's columns, compiled
// per kind so that a cell goes to the kind's field without a virtual call.
// A kind derives from Importer<Kind, Table> and declares
//   static constexpr KnownColumn kColumns[]   its CSV columns besides the values,
//                                             in the order a row reads them
//   static constexpr KindInfo kInfo            the words of its messages, codes, ...
//   void take_field(int k, std::string_view text, const Where& w)   a known column of Role::field
//   void reset_record(); bool record_complete() const; void commit_record()
//   template <class F> void record_columns(F&& f)   f(column) for each column of its own fields
//   std::optional<Message> other_kind(const Header&) const   a header of another kind's file
//   Message unknown_column(std::string_view header, const std::string& like) const
//   bool import_json_document(const Json& doc)   after the prologue; false rejects the file
//   std::uint64_t key(std::size_t r) const; bool same_key(std::size_t a, std::size_t b) const
//   std::string record_id(std::size_t r) const   "sha256:<hex>" of the record's identity (docs/formats.md)
//   Message duplicate(std::size_t first, std::size_t again) const   a conflict: all are left out
//   Message identical(std::size_t first, std::size_t again) const   the same submission again: counted once
// and may replace take_cell / take_json_cell (how a value column reads a
// CSV cell or a JSON value: by default a number on the scale of set_values)
// and suggest (the id an unknown JSON key probably means). Its constructor
// fills the table's dictionaries and calls set_document and set_values.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "assess/core/message.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/input.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"
#include "import_json.hpp"
#include "import_limits.hpp"
#include "import_problems.hpp"
#include "import_values.hpp"

namespace assess::data::detail {

// A callable passed by reference without a copy or an allocation (the
// cold paths' callbacks: messages built only when listed, the kind's hooks).
template <class Sig>
class FunctionRef;
template <class R, class... A>
class FunctionRef<R(A...)> {
 public:
  template <class F, class = std::enable_if_t<std::is_invocable_r_v<R, const F&, A...> &&
                                              !std::is_same_v<std::decay_t<F>, FunctionRef>>>
  // implicit: a lambda converts at the call
  FunctionRef(const F& f) noexcept : call_(&invoke<F>), f_(&f) {}
  R operator()(A... a) const { return call_(f_, std::forward<A>(a)...); }

 private:
  template <class F>
  static R invoke(const void* f, A... a) {
    return (*static_cast<const F*>(f))(std::forward<A>(a)...);
  }
  R (*call_)(const void*, A...);
  const void* f_;
};

// A word of the shared messages that changes with the kind: the code the
// pages translate, and the English.
struct Word {
  const char* code;
  const char* english;
};
inline MsgParam word(const char* name, const Word& w) { return MsgParam::coded(name, w.code, w.english); }

// The words of one kind in the shared messages.
struct KindWords {
  Word kind;     // "a {response} CSV needs ..."; the other kind's "this is a {ratings} file"
  Word entry;    // a record of a JSON file: "b.json response 3", "the {response} has no code"
  Word records;  // "the file has a header but no {records}"
  Word record;   // "the {record} is kept"
  Word value;    // "the {answer} 7 is outside the scale"
  Word scale;    // "the {rating scale} of expert-panel v1 takes ..."
  Word item;     // "one column per {item}"
  Word items;    // "none of the {items} of ..."
  Word an_item;  // "\"XX1\" is not {an item} of ..."
  Word subject;  // "the {form language} \"de\" is not one of the languages of ..."
};

// What a known CSV column is to the skeleton: a field of the kind's record,
// or the language and timestamp that every kind reads alike.
enum class Role : unsigned char { field, lang, submitted };

struct KnownColumn {
  const char* name;  // lower case; headers match without regard to case
  bool required;
  Role role;
};

// Every known column of a kind is a reserved column name
// (instrument::kReservedColumns), which no id of a document may take.
template <std::size_t N>
constexpr bool all_reserved(const KnownColumn (&columns)[N]) {
  for (const auto& c : columns) {
    bool found = false;
    for (std::string_view r : instrument::kReservedColumns) found = found || r == c.name;
    if (!found) return false;
  }
  return true;
}

// A kind as the skeleton reads it at run time.
struct KindInfo {
  const KnownColumn* columns;
  int n_columns;
  KindWords words;
  const char* header_example;       // "code,programme,wave,lang,<item ids...>" (empty_file)
  const char* unknown_column_code;  // problem code of a look-alike column or unknown JSON key: "unknown_item"
  const char* duplicate_code;       // problem code of a repeated key: "duplicate_record"
  const char* timestamp_example;    // shown in invalid_timestamp, or nullptr
  bool json_strings_shown;          // a JSON string where a number belongs is quoted in the message
};

// The header of a CSV file as mapped to the kind's columns.
struct Header {
  std::vector<std::string> names;                     // trimmed
  std::vector<int> known;                             // per known column: its CSV column, or -1
  std::vector<int> value;                             // per CSV column: its value column, or -1
  std::vector<int> extra;                             // per CSV column: its extra column, or -1
  std::vector<char> unnamed;                          // per CSV column: empty header
  std::unordered_map<std::string, std::size_t> seen;  // lower-case names -> first column
  bool has(const char* lower) const { return seen.count(lower) > 0; }
};

// The scale of the value columns.
struct Scale {
  double min = 1, max = 5;
  bool integer = true;
};

// The columns every record table has, whatever its kind.
struct TableColumns {
  std::vector<std::string>& files;
  std::vector<FileFormat>& file_formats;
  std::vector<std::string>& langs;
  std::vector<std::uint32_t>& lang;
  std::vector<std::string>& submitted;
  std::vector<SourceRow>& source;
  std::vector<std::string>& extra_names;
  std::vector<std::vector<std::string>>& extra;
  std::vector<std::string>& ids;  // the value columns
  std::vector<double>& values;    // row-major, ids.size() per record
};

// The part of the skeleton that does not depend on the kind's types.
class ImportCore {
 public:
  using Build = FunctionRef<Message()>;

 protected:
  ImportCore(const TableColumns& columns, const KindInfo& info, ImportReport& report, const ImportOptions& options);

  // The document the records answer (instrument, rubric): its id, version
  // and languages (the form language of a record should be one of them).
  void set_document(const std::string& id, int version, const std::vector<std::string>& languages);
  // The value columns, once the table's ids are filled: their scale, and
  // whether ids are numbered (ET1, ET2: a column ET4 is a look-alike).
  void set_values(Scale scale, bool numbered_ids);
  // A CSV header that is a value column of its own kind (a multi item's
  // <item>_<option>): the header maps to `code` (>= n_values(), which the
  // kind's take_cell decodes). Headers match without regard to case.
  void add_value_alias(const std::string& name, int code) {
    if (alias_by_lower_.emplace(lower_ascii(name), code).second && code >= 0) alias_names_.push_back(name);
  }

  const ImportOptions& options() const { return options_; }
  FileContext& context() { return fc_; }
  bool keep_text() const { return options_.keep_text_columns; }
  const MsgParam& doc() const { return doc_; }
  const MsgParam& version() const { return version_; }
  std::size_t n_values() const { return cols_.ids.size(); }

  // ---- problems ---------------------------------------------------------------------------------
  // A problem at w; msg is built only when the problem is listed. Severity
  // record leaves the record out.
  void problem(const Where& w, const char* code, Severity severity, Build msg);
  void problem(const Where& w, const char* code, Severity severity, const Message& msg);
  // The whole file: severity file, or warning.
  void file_problem(const char* code, Message msg, Severity severity = Severity::file);

  // ---- files ------------------------------------------------------------------------------------
  void begin_file(std::size_t index, const InputFile& file);
  void end_file(bool ok, std::size_t rows_before);
  void finish_report(std::size_t records);
  // UTF-8 and not empty; else the problem.
  bool csv_prologue(std::string_view text);
  // The header's columns; false (with the problems) when the file cannot be read with it.
  bool map_header(const std::vector<std::string_view>& fields, Header& h,
                  FunctionRef<Message(std::string_view, const std::string&)> unknown_column,
                  FunctionRef<std::optional<Message>(const Header&)> other_kind);
  bool csv_failed(const CsvReader& reader);
  void ragged_row(std::size_t row, std::size_t line, std::size_t n, std::size_t columns);
  void unnamed_column(const Where& w);
  void no_records();
  // UTF-8, parsed, its seal checked; else the problem.
  bool json_prologue(std::string_view text, Json& doc);

  // ---- records ----------------------------------------------------------------------------------
  // Starts a record: its values all missing.
  void begin_record(std::size_t row) {
    bad_ = false;
    row_ = row;
    cols_.values.resize(cols_.values.size() + cols_.ids.size(), kMissing);
    extra_values_.clear();
    lang_ = 0;
    submitted_.clear();
  }
  bool record_bad() const { return bad_; }
  std::size_t record_row() const { return row_; }
  // The value column code of a CSV column that holds values of another
  // document read by another pass (add_value_alias): neither a value nor an extra column.
  static constexpr int kOtherValues = -2;
  // The current record's value of a value column (kMissing when not given), and setting it.
  double value(int col) const {
    return cols_.values[cols_.values.size() - cols_.ids.size() + static_cast<std::size_t>(col)];
  }
  void set_value(int col, double x) {
    cols_.values[cols_.values.size() - cols_.ids.size() + static_cast<std::size_t>(col)] = x;
  }
  void drop_record() { cols_.values.resize(cols_.values.size() - cols_.ids.size()); }
  void commit_common();
  // An extra column's cell (kept as written but for a leading ' before a formula).
  void extra_cell(int column, std::string_view text);

  // The form language: one of the document's (the usual case, inline), or
  // kept with a warning.
  void take_lang(std::string_view text, const Where& w) {
    const long i = langs_.find(trim(text));
    if (i >= 0) {
      lang_ = static_cast<std::uint32_t>(i);
      return;
    }
    new_lang(trim(text), w);
  }
  void take_submitted(std::string_view text, const Where& w);
  // A number on the scale: stored, or a problem that leaves the record out.
  void take_value(int col, double x, const Where& w) {
    if (x >= scale_.min && x <= scale_.max && (!scale_.integer || std::floor(x) == x)) {
      cols_.values[cols_.values.size() - cols_.ids.size() + static_cast<std::size_t>(col)] = x;
      return;
    }
    value_problem(x, w);
  }
  // A CSV cell: empty and NA are missing, else a number on the scale.
  void take_value_text(int col, std::string_view text, const Where& w) {
    double x;
    switch (parse_number(text, x)) {
      case NumberParse::missing:
        return;
      case NumberParse::ok:
        take_value(col, x, w);
        return;
      case NumberParse::bad:
        break;
    }
    not_a_number(text, w);
  }
  // A JSON value: null is missing, else a number on the scale.
  void take_json_value(int col, const Json& v, const Where& w);
  // The value column of a JSON key, or -1 (without regard to case).
  int value_column(const std::string& key) const;
  void unknown_key(const Where& w, std::string_view key, const std::string* like);
  // The id an unknown JSON key probably means (its look-alike), or nullptr.
  const std::string* suggest(std::string_view key) const { return look_alikes_.find(key); }

  // A string field of a JSON record, at w: false when absent or null (with
  // missing_value when required) or not a string (invalid_field).
  bool json_string(const Json& record, const char* key, bool required, const Where& w, std::string_view& out);
  // The fields of a JSON record that are not the kind's: extra columns.
  void json_extras(const Json& record, const char* const* known, std::size_t n_known);

  // ---- the table ----------------------------------------------------------------------------------
  // Repeated keys (keys sorted, with the record index). A record whose
  // identity (record_id) equals an earlier one's of the same key is a copy
  // of it: marked in drop, a warning naming the first. When distinct
  // records remain for a key, every one of them is marked in drop, each
  // after the first a problem naming the first, with both records as
  // evidence (Problem::records).
  bool report_repeats(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& keys,
                      FunctionRef<bool(std::size_t, std::size_t)> same_key,
                      FunctionRef<std::string(std::size_t)> record_id,
                      FunctionRef<Message(std::size_t, std::size_t)> duplicate,
                      FunctionRef<Message(std::size_t, std::size_t)> identical, FunctionRef<Json(std::size_t)> evidence,
                      std::vector<char>& drop);
  // The researcher's choices (ImportOptions::duplicates) that name no
  // record of ids (every record's id): a warning each.
  void unknown_choices(const std::vector<std::string>& ids);
  // The common columns (the kind's are the template's).
  template <class F>
  void common_columns(F&& f) {
    f(cols_.lang);
    if (keep_text()) f(cols_.submitted);
    f(cols_.source);
  }
  void reserve_values(std::size_t records) { cols_.values.reserve(records * cols_.ids.size()); }
  void truncate_values(std::size_t records);
  void move_values(std::size_t to, std::size_t from);

  TableColumns cols_;
  ImportReport& report_;

 private:
  std::size_t extra_column(const std::string& name);
  // The cold halves of take_lang and the values: the problems.
  void new_lang(std::string_view text, const Where& w);
  void value_problem(double x, const Where& w);
  void not_a_number(std::string_view text, const Where& w);

  const KindInfo& info_;
  const ImportOptions& options_;
  ProblemSink sink_;
  FileContext fc_;
  std::vector<FileContext> contexts_;

  std::unordered_map<std::string, int> id_by_lower_;
  std::unordered_map<std::string, int> alias_by_lower_;
  std::vector<std::string> alias_names_;  // the aliases of this document's values (look-alikes of them are errors)
  Dict langs_;
  LookAlikes look_alikes_;
  Scale scale_;
  const std::vector<std::string>* languages_ = nullptr;
  MsgParam doc_{"doc", ""}, version_{"version", 0}, integer_{"integer", 1}, min_{"min", 1.0}, max_{"max", 5.0};

  std::size_t copies_ = 0;  // records left out as copies of an identical one
  std::size_t chosen_ = 0;  // records left out by the researcher's choice

  // the record being read
  bool bad_ = false;
  std::size_t row_ = 0;
  std::uint32_t lang_ = 0;
  std::string submitted_;
  std::vector<std::pair<std::size_t, std::string>> extra_values_;
};

template <class Kind, class Table>
class Importer : public ImportCore {
 public:
  void import_file(std::size_t index, const InputFile& file) {
    const std::size_t records_before = t_.size(), rows_before = report_.rows;
    begin_file(index, file);
    const bool ok = context().csv ? import_csv(file.text) : import_json(file.text);
    end_file(ok, rows_before);
    if (!ok) truncate(records_before);
  }

  void finish() {
    remove_duplicates();
    finish_report(t_.size());
  }

 protected:
  Importer(Table& table, std::vector<std::string>& value_ids, std::vector<double>& values, ImportReport& report,
           const ImportOptions& options, const KindInfo& info = Kind::kInfo)
      : ImportCore(TableColumns{table.files, table.file_formats, table.langs, table.lang, table.submitted, table.source,
                                table.extra_names, table.extra, value_ids, values},
                   info, report, options),
        t_(table) {}

  Kind& self() { return static_cast<Kind&>(*this); }
  const Kind& self() const { return static_cast<const Kind&>(*this); }

  // Ends a record: commits it to the table, or drops it when a problem left it out.
  void end_record() {
    ++report_.rows;
    self().check_record();
    if (record_bad() || !self().record_complete()) {
      drop_record();
      return;
    }
    self().commit_record();
    commit_common();
  }
  void begin_record(std::size_t row) {
    ImportCore::begin_record(row);
    self().reset_record();
  }

  // The checks of a record that need all of its fields (a kind replaces it).
  void check_record() {}
  // Whether a CSV row is this import's (a kind that reads some rows of a file replaces it).
  bool routes_here(const std::vector<std::string_view>& /*fields*/, const Header& /*h*/, std::size_t /*row*/,
                   std::size_t /*line*/) {
    return true;
  }

  // How a value column reads a CSV cell or a JSON value; a kind with other
  // value types replaces these.
  void take_cell(int col, std::string_view text, const Where& w) { take_value_text(col, text, w); }
  void take_json_cell(int col, const Json& v, const Where& w) { take_json_value(col, v, w); }

  // The values object of a JSON record ({id: value}) at pointer.
  void json_values(const Json& values, const std::string& pointer, std::size_t row) {
    std::string ptr;
    for (auto it = values.begin(); it != values.end(); ++it) {
      ptr = pointer + "/" + pointer_token(it.key());
      const Where w{row, 0, 0, ptr};
      const int col = value_column(it.key());
      if (col < 0) {
        unknown_key(w, it.key(), self().suggest(it.key()));
        continue;
      }
      self().take_json_cell(col, it.value(), w);
    }
  }
  template <std::size_t N>
  void json_extras(const Json& record, const char* const (&known)[N]) {
    ImportCore::json_extras(record, known, N);
  }

  Table& t_;

 private:
  // Every per-record column of the table but the values and the extra columns.
  template <class F>
  void columns(F&& f) {
    self().record_columns(f);
    common_columns(f);
  }
  // Grows every column once instead of doubling a million times.
  void reserve(std::size_t more) {
    const std::size_t n = t_.size() + more;
    columns([n](auto& col) { col.reserve(n); });
    reserve_values(n);
  }
  void truncate(std::size_t n) {
    columns([n](auto& col) { col.resize(n); });
    truncate_values(n);
  }

  bool import_json(std::string_view text) {
    Json doc;
    return json_prologue(text, doc) && self().import_json_document(doc);
  }

  bool import_csv(std::string_view text) {
    if (!csv_prologue(text)) return false;
    CsvReader reader(text);
    std::vector<std::string_view> fields;
    reader.next(fields);
    if (reader.failed()) return csv_failed(reader);
    Header h;
    const Kind& kind = self();
    if (!map_header(
            fields, h,
            [&kind](std::string_view name, const std::string& like) { return kind.unknown_column(name, like); },
            [&kind](const Header& header) { return kind.other_kind(header); }))
      return false;
    const std::size_t ncol = h.names.size();
    std::vector<char> unnamed_reported(ncol, 0);

    reserve(estimated_rows(text));
    std::size_t data_rows = 0;
    while (reader.next(fields)) {
      bool blank = true;
      for (auto f : fields) {
        if (!trim(f).empty()) {
          blank = false;
          break;
        }
      }
      if (blank) continue;  // empty lines and rows of bare delimiters carry nothing
      ++data_rows;
      const std::size_t row = reader.row();
      if (!self().routes_here(fields, h, row, reader.line())) continue;
      begin_record(row);
      if (fields.size() != ncol) {
        ragged_row(row, reader.line(), fields.size(), ncol);
        end_record();
        continue;
      }
      auto at = [&](std::size_t c) { return Where{row, c + 1, reader.line(), h.names[c]}; };
      take_known(fields, h, at, std::make_index_sequence<std::size(Kind::kColumns)>{});
      for (std::size_t c = 0; c < ncol; ++c) {
        if (h.value[c] >= 0) {
          self().take_cell(h.value[c], fields[c], at(c));
        } else if (h.extra[c] >= 0) {
          if (!fields[c].empty() && keep_text()) extra_cell(h.extra[c], fields[c]);
        } else if (h.unnamed[c] && !unnamed_reported[c] && !trim(fields[c]).empty()) {
          unnamed_reported[c] = 1;
          unnamed_column(at(c));
        }
      }
      end_record();
    }
    if (reader.failed()) return csv_failed(reader);
    if (data_rows == 0) no_records();
    return true;
  }

  // The known columns of a row, in the kind's order: unrolled at compile
  // time, so that each column goes straight to its field (no jump through a
  // table of roles per cell, which the branch predictor misses).
  template <class At, std::size_t... K>
  void take_known(const std::vector<std::string_view>& fields, const Header& h, const At& at,
                  std::index_sequence<K...> /*columns*/) {
    (take_known_column<K>(fields, h, at), ...);
  }
  template <std::size_t K, class At>
  void take_known_column(const std::vector<std::string_view>& fields, const Header& h, const At& at) {
    const int c = h.known[K];
    if (c < 0) return;
    const auto uc = static_cast<std::size_t>(c);
    constexpr Role kRole = Kind::kColumns[K].role;
    if constexpr (kRole == Role::lang) {
      take_lang(fields[uc], at(uc));
    } else if constexpr (kRole == Role::submitted) {
      take_submitted(fields[uc], at(uc));
    } else {
      self().take_field(static_cast<int>(K), fields[uc], at(uc));
    }
  }

  // Records with the same key: an identical copy is counted once (the
  // first in file order is kept); records that differ are all left out, and
  // each repeat names the first (which one is right cannot be known).
  void remove_duplicates() {
    const std::size_t n = t_.size();
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(n);
    for (std::size_t r = 0; r < n; ++r) keys[r] = {self().key(r), static_cast<std::uint32_t>(r)};
    std::sort(keys.begin(), keys.end());
    std::vector<char> drop(n, 0);
    const Kind& kind = self();
    // With the researcher's choices, every record's id (a choice may name any); else only the repeats'.
    std::vector<std::string> ids;
    if (!options().duplicates.empty()) {
      ids.reserve(n);
      for (std::size_t r = 0; r < n; ++r) ids.push_back(kind.record_id(r));
      unknown_choices(ids);
    }
    if (!report_repeats(
            keys, [&kind](std::size_t a, std::size_t b) { return kind.same_key(a, b); },
            [&kind, &ids](std::size_t r) { return ids.empty() ? kind.record_id(r) : ids[r]; },
            [&kind](std::size_t first, std::size_t again) { return kind.duplicate(first, again); },
            [&kind](std::size_t first, std::size_t again) { return kind.identical(first, again); },
            [&kind](std::size_t r) { return kind.evidence(r); }, drop))
      return;
    std::size_t k = 0;
    for (std::size_t r = 0; r < n; ++r) {
      if (drop[r]) continue;
      if (k != r) {
        columns([k, r](auto& col) { col[k] = std::move(col[r]); });
        move_values(k, r);
      }
      ++k;
    }
    truncate(k);
  }
};

}  // namespace assess::data::detail
