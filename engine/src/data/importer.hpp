// Internal: the one import skeleton. Every document kind researchers hand
// in as data (responses, ratings, ...) is read by Importer<Kind, Table>:
// files one by one (JSON or CSV by their content), each with its context
// and its problems; for CSV the encoding check, the header mapping (known
// columns, value columns, duplicate, look-alike, missing and unnamed
// columns, extra columns kept as text) and the row loop; for JSON the
// prologue (UTF-8, parsing, the integrity seal) and helpers for records;
// the scale values (numbers, the decimal-comma hint), the form language and
// the timestamp; at the end the duplicates by the kind's key.
//
// A kind derives from Importer<Kind, Table> (static polymorphism: the row
// loop calls the kind without virtual calls) and declares
//   static constexpr KnownColumn kColumns[]  its CSV columns besides the values,
//                                            in the order a row reads them
//   static constexpr KindWords kWords        the words of the shared messages
//   kHeaderExample, kUnknownColumnCode, kDuplicateCode, kTimestampExample (or nullptr),
//   kJsonStringsShown (a JSON string where a number belongs is quoted in the message)
//   void take_field(int k, std::string_view text, const Where& w)   a known column of Role::field
//   void reset_record(); bool record_complete() const; void commit_record()
//   template <class F> void record_columns(F&& f)    f(column) for each column of its own fields
//   std::optional<Message> other_kind(const Header&) const    a header of another kind's file
//   Message unknown_column(std::string_view header, const std::string& like) const
//   bool import_json_document(const JsonValue& doc)   after the prologue; false rejects the file
//   std::uint64_t key(std::size_t r) const; bool same_key(std::size_t a, std::size_t b) const;
//   Message duplicate(std::size_t first, std::size_t again) const
// and may replace take_cell / take_json_cell (how a value column reads a
// cell: by default a number on the scale of set_values) and suggest (the id
// an unknown JSON key probably means). Its constructor fills the table's
// dictionaries and calls set_document and set_values.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/csv_writer.hpp"
#include "assess/data/input.hpp"
#include "assess/data/responses.hpp"
#include "assess/data/text.hpp"
#include "import_json.hpp"
#include "import_limits.hpp"
#include "import_problems.hpp"
#include "import_values.hpp"

namespace assess::data::detail {

// A word of the shared messages that changes with the kind: the code the
// pages translate, and the English.
struct Word {
  const char* code;
  const char* english;
};
inline MsgParam word(const char* name, const Word& w) { return MsgParam::coded(name, w.code, w.english); }

// The words of one kind in the shared messages.
struct KindWords {
  Word kind;        // "a {response} CSV needs ..."; the other kind's "this is a {ratings} file"
  Word entry;       // a record of a JSON file: "b.json response 3", "the {response} has no code"
  Word records;     // "the file has a header but no {records}"
  Word record;      // "the {record} is kept"
  Word value;       // "the {answer} 7 is outside the scale"
  Word scale;       // "the {rating scale} of expert-panel v1 takes ..."
  Word item;        // "one column per {item}"
  Word items;       // "none of the {items} of ..."
  Word an_item;     // "\"XX1\" is not {an item} of ..."
  Word subject;     // "the {form language} \"de\" is not one of the languages of ..."
};

// What a known CSV column is to the skeleton: a field of the kind's record,
// or the language and timestamp that every kind reads alike.
enum class Role : unsigned char { field, lang, submitted };

struct KnownColumn {
  const char* name;  // lower case; headers match without regard to case
  bool required;
  Role role;
};

// The header of a CSV file as mapped to the kind's columns.
struct Header {
  std::vector<std::string> names;                      // trimmed
  std::vector<int> known;                              // per known column: its CSV column, or -1
  std::vector<int> value;                              // per CSV column: its value column, or -1
  std::vector<int> extra;                              // per CSV column: its extra column, or -1
  std::vector<char> unnamed;                           // per CSV column: empty header
  std::unordered_map<std::string, std::size_t> seen;   // lower-case names -> first column
  bool has(const char* lower) const { return seen.count(lower) > 0; }
};

// The scale of the value columns.
struct Scale {
  double min = 1, max = 5;
  bool integer = true;
};

template <class Kind, class Table>
class Importer {
 public:
  void import_file(std::size_t index, const InputFile& file) {
    t_.files.push_back(file.name);
    ++report_.files;
    fc_ = FileContext{};
    fc_.index = index;
    fc_.name = file.name;
    fc_.csv = !looks_like_json(file.text);
    fc_.record_word = Kind::kWords.entry.english;
    const std::size_t records_before = t_.size(), rows_before = report_.rows;
    const bool ok = fc_.csv ? import_csv(file.text) : import_json(file.text);
    contexts_.push_back(fc_);
    t_.file_formats.push_back(fc_.csv ? FileFormat::csv : fc_.bundle ? FileFormat::json_bundle : FileFormat::json);
    if (!ok) {
      ++report_.files_rejected;
      truncate(records_before);
      report_.rows = rows_before;
    }
  }

  void finish() {
    remove_duplicates();
    sink_.finish();
    report_.records = t_.size();
    report_.records_rejected = report_.rows - report_.records;
  }

 protected:
  Importer(Table& table, std::vector<std::string>& value_ids, std::vector<double>& values, ImportReport& report,
           const ImportOptions& options)
      : t_(table),
        report_(report),
        options_(options),
        sink_(report, options),
        ids_(value_ids),
        values_(values),
        langs_(table.langs),
        look_alikes_(&value_ids, false) {}

  // The document the records answer (instrument, rubric): its id, version
  // and languages (the form language of a record should be one of them).
  void set_document(const std::string& id, int version, const std::vector<std::string>& languages) {
    doc_ = MsgParam("doc", id);
    version_ = MsgParam("version", version);
    languages_ = &languages;
    langs_.add("");
    for (const auto& l : languages) langs_.add(l);
  }
  // The value columns, once the table's ids are filled: their scale, and
  // whether ids are numbered (ET1, ET2: a column ET4 is a look-alike).
  void set_values(Scale scale, bool numbered_ids) {
    for (std::size_t i = 0; i < ids_.size(); ++i) id_by_lower_.emplace(lower_ascii(ids_[i]), static_cast<int>(i));
    look_alikes_ = LookAlikes(&ids_, numbered_ids);
    scale_ = scale;
    integer_ = MsgParam("integer", scale.integer ? 1 : 0);
    min_ = MsgParam("min", scale.min);
    max_ = MsgParam("max", scale.max);
  }

  Kind& self() { return static_cast<Kind&>(*this); }
  const Kind& self() const { return static_cast<const Kind&>(*this); }
  const ImportOptions& options() const { return options_; }
  FileContext& context() { return fc_; }
  const FileContext& context_of(std::size_t file) const { return contexts_[file]; }
  bool keep_text() const { return options_.keep_text_columns; }

  // ---- problems ---------------------------------------------------------------------------------
  // msg: a Message, or a callable that builds one (only when the problem is listed).
  template <class M>
  void problem(const Where& w, const char* code, Severity severity, M&& msg) {
    if (severity == Severity::record) bad_ = true;
    sink_.add(fc_.index, code, severity, [&] { return fc_.problem(w, code, severity, message_of(msg)); });
  }
  // The whole file: severity file, or warning.
  void file_problem(const char* code, Message msg, Severity severity = Severity::file) {
    Problem p = fc_.file_problem(code, std::move(msg));
    p.severity = severity;
    sink_.add(fc_.index, std::move(p));
  }

  // The parameters that describe the scale in a message.
  const MsgParam& doc() const { return doc_; }
  const MsgParam& version() const { return version_; }

  // ---- records ------------------------------------------------------------------------------
  // Starts a record: its values all missing, its fields reset.
  void begin_record(std::size_t row) {
    bad_ = false;
    row_ = row;
    values_.resize(values_.size() + ids_.size(), kMissing);
    extra_values_.clear();
    lang_ = 0;
    submitted_.clear();
    self().reset_record();
  }

  // Ends a record: commits it to the table, or drops it when a problem left it out.
  void end_record() {
    ++report_.rows;
    if (bad_ || !self().record_complete()) {
      values_.resize(values_.size() - ids_.size());
      return;
    }
    self().commit_record();
    t_.lang.push_back(lang_);
    if (keep_text()) t_.submitted.push_back(std::move(submitted_));
    t_.source.push_back(SourceRow{static_cast<std::uint32_t>(fc_.index), static_cast<std::uint32_t>(row_)});
    for (auto& col : t_.extra) col.emplace_back();
    for (auto& [c, v] : extra_values_) t_.extra[c].back() = std::move(v);
  }

  void take_lang(std::string_view text, const Where& w) {
    text = trim(text);
    const long i = langs_.find(text);
    if (i >= 0) {
      lang_ = static_cast<std::uint32_t>(i);
      return;
    }
    lang_ = langs_.add(text);
    problem(w, "unknown_language", Severity::warning, [&] {
      return Message{"import.unknown_language",
                     {word("subject", Kind::kWords.subject),
                      {"value", shown(text)},
                      doc_,
                      {"languages", list_names(*languages_)},
                      word("record", Kind::kWords.record)}};
    });
  }

  void take_submitted(std::string_view text, const Where& w) {
    text = trim(text);
    if (keep_text()) submitted_ = std::string(text);
    if (text.empty() || looks_like_timestamp(text)) return;
    problem(w, "invalid_timestamp", Severity::warning, [&] {
      if constexpr (Kind::kTimestampExample != nullptr) {
        return Message{"import.invalid_timestamp_example",
                       {{"value", shown(text)},
                        {"example", Kind::kTimestampExample},
                        word("record", Kind::kWords.record)}};
      } else {
        return Message{"import.invalid_timestamp", {{"value", shown(text)}, word("record", Kind::kWords.record)}};
      }
    });
  }

  // ---- values ---------------------------------------------------------------------------------
  // How a value column reads a CSV cell or a JSON value; a kind with other
  // value types replaces these.
  void take_cell(int col, std::string_view text, const Where& w) { take_value_text(col, text, w); }
  void take_json_cell(int col, const JsonValue& v, const Where& w) { take_json_value(col, v, w); }

  // A number on the scale: stored, or a problem that leaves the record out.
  void take_value(int col, double x, const Where& w) {
    if (!std::isfinite(x)) {
      problem(w, "not_a_number", Severity::record, [&] {
        return Message{"import.not_finite", {what(), scale_word(), doc_, version_, integer_, min_, max_}};
      });
      return;
    }
    if (x < scale_.min || x > scale_.max) {
      problem(w, "out_of_scale", Severity::record, [&] {
        return Message{"import.out_of_scale", {what(), {"value", x}, scale_word(), doc_, version_, integer_, min_, max_}};
      });
      return;
    }
    if (scale_.integer && std::floor(x) != x) {
      problem(w, "not_integer", Severity::record, [&] {
        return Message{"import.not_integer", {what(), {"value", x}, scale_word(), doc_, version_, integer_, min_, max_}};
      });
      return;
    }
    values_[values_.size() - ids_.size() + static_cast<std::size_t>(col)] = x;
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
    problem(w, "not_a_number", Severity::record, [&] {
      const std::string t = shown(trim(text));
      return decimal_comma(text) ? Message{"import.not_a_number_decimal_comma",
                                           {{"text", t}, scale_word(), doc_, version_, integer_, min_, max_, what()}}
                                 : Message{"import.not_a_number",
                                           {{"text", t}, scale_word(), doc_, version_, integer_, min_, max_, what()}};
    });
  }

  // A JSON value: null is missing, else a number on the scale.
  void take_json_value(int col, const JsonValue& v, const Where& w) {
    if (v.is_null()) return;
    if (v.is_number()) {
      take_value(col, v.get<double>(), w);
      return;
    }
    problem(w, "not_a_number", Severity::record, [&] {
      return Kind::kJsonStringsShown && v.is_string()
                 ? Message{"import.not_a_number_json_string",
                           {what(),
                            {"text", shown(v.get_ref<const std::string&>())},
                            scale_word(),
                            doc_,
                            version_,
                            integer_,
                            min_,
                            max_}}
                 : Message{"import.not_a_number_json",
                           {what(), json_type("type", v), scale_word(), doc_, version_, integer_, min_, max_}};
    });
  }

  // The id an unknown JSON key probably means (its look-alike), or nullptr.
  const std::string* suggest(std::string_view key) const { return look_alikes_.find(key); }

  // ---- JSON records ---------------------------------------------------------------------------
  // A string field of a JSON record, at w: false when absent or null (with
  // missing_value when required) or not a string (invalid_field).
  bool json_string(const JsonValue& record, const char* key, bool required, const Where& w, std::string_view& out) {
    auto it = record.find(key);
    if (it == record.end() || it->is_null()) {
      if (required) {
        problem(w, "missing_value", Severity::record, [&] {
          return Message{"import.field_missing", {word("record", Kind::kWords.entry), {"key", key}}};
        });
      }
      return false;
    }
    if (!it->is_string()) {
      problem(w, "invalid_field", Severity::record,
              [&] { return Message{"import.field_not_string", {{"key", key}, json_type("type", *it)}}; });
      return false;
    }
    out = it->template get_ref<const std::string&>();
    return true;
  }

  // The values object of a JSON record ({id: number or null}) at pointer.
  void json_values(const JsonValue& values, const std::string& pointer, std::size_t row) {
    std::string ptr;
    for (auto it = values.begin(); it != values.end(); ++it) {
      ptr = pointer + "/" + pointer_escape(it.key());
      const Where w{row, 0, 0, ptr};
      auto id = id_by_lower_.find(lower_ascii(it.key()));
      if (id == id_by_lower_.end()) {
        const std::string* like = self().suggest(it.key());
        problem(w, Kind::kUnknownColumnCode, Severity::record, [&] {
          return like ? Message{"import.unknown_key_hint",
                                {{"key", shown(it.key())}, word("an_item", Kind::kWords.an_item), doc_, version_,
                                 {"like", *like}}}
                      : Message{"import.unknown_key",
                                {{"key", shown(it.key())}, word("an_item", Kind::kWords.an_item), doc_, version_}};
        });
        continue;
      }
      self().take_json_cell(id->second, it.value(), w);
    }
  }

  // The fields of a JSON record that are not the kind's: extra columns.
  template <std::size_t N>
  void json_extras(const JsonValue& record, const char* const (&known)[N]) {
    for (auto it = record.begin(); it != record.end(); ++it) {
      if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }) !=
          std::end(known))
        continue;
      const std::size_t c = extra_column(it.key());
      if (!keep_text()) continue;
      std::string text = json_text(it.value());
      if (!text.empty()) extra_values_.emplace_back(c, std::move(text));
    }
  }

  Table& t_;
  ImportReport& report_;

 private:
  template <class M>
  static Message message_of(M& msg) {
    if constexpr (std::is_invocable_v<M&>)
      return msg();
    else
      return msg;
  }
  MsgParam what() const { return word("what", Kind::kWords.value); }
  MsgParam scale_word() const { return word("scale", Kind::kWords.scale); }

  std::size_t extra_column(const std::string& name) {
    for (std::size_t i = 0; i < t_.extra_names.size(); ++i) {
      if (t_.extra_names[i] == name) return i;
    }
    t_.extra_names.push_back(name);
    t_.extra.emplace_back(t_.size());
    return t_.extra_names.size() - 1;
  }

  // Every per-record column of the table but the values and the extra columns.
  template <class F>
  void columns(F&& f) {
    self().record_columns(f);
    f(t_.lang);
    if (keep_text()) f(t_.submitted);
    f(t_.source);
  }
  // Grows every column once instead of doubling a million times.
  void reserve(std::size_t more) {
    const std::size_t n = t_.size() + more;
    columns([n](auto& col) { col.reserve(n); });
    values_.reserve(n * ids_.size());
  }
  void truncate(std::size_t n) {
    columns([n](auto& col) { col.resize(n); });
    values_.resize(n * ids_.size());
    for (auto& col : t_.extra) col.resize(n);
  }

  // ---- CSV ------------------------------------------------------------------------------------
  bool import_csv(std::string_view text) {
    if (auto issue = check_utf8(text)) {
      sink_.add(fc_.index, encoding_problem(fc_, text, *issue));
      return false;
    }
    if (trim(text.substr(utf8_bom_length(text))).find_first_not_of("\r\n") == std::string_view::npos) {
      file_problem("empty_file", Message{"import.empty_file",
                                         {word("kind", Kind::kWords.kind), {"header", Kind::kHeaderExample}}});
      return false;
    }
    CsvReader reader(text);
    std::vector<std::string_view> fields;
    reader.next(fields);
    if (reader.failed()) return csv_failed(reader);
    Header h;
    if (!map_header(fields, h)) return false;
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
      begin_record(row);
      if (fields.size() != ncol) {
        const std::size_t n = fields.size();
        problem(Where{row, 0, reader.line(), {}}, "ragged_row", Severity::record,
                [&] { return Message{"import.ragged_row", {{"n", n}, {"columns", ncol}}}; });
        end_record();
        continue;
      }
      auto at = [&](std::size_t c) { return Where{row, c + 1, reader.line(), h.names[c]}; };
      for (int k = 0; k < num_columns(); ++k) {
        const int c = h.known[static_cast<std::size_t>(k)];
        if (c < 0) continue;
        const auto uc = static_cast<std::size_t>(c);
        switch (Kind::kColumns[k].role) {
          case Role::lang:
            take_lang(fields[uc], at(uc));
            break;
          case Role::submitted:
            take_submitted(fields[uc], at(uc));
            break;
          case Role::field:
            self().take_field(k, fields[uc], at(uc));
            break;
        }
      }
      for (std::size_t c = 0; c < ncol; ++c) {
        if (h.value[c] >= 0) {
          self().take_cell(h.value[c], fields[c], at(c));
        } else if (h.extra[c] >= 0) {
          // a leading ' that an export put before a formula-like text is taken off
          if (!fields[c].empty() && keep_text()) {
            extra_values_.emplace_back(static_cast<std::size_t>(h.extra[c]),
                                       std::string(unneutralise_text(fields[c])));
          }
        } else if (h.unnamed[c] && !unnamed_reported[c] && !trim(fields[c]).empty()) {
          unnamed_reported[c] = 1;
          problem(at(c), "unnamed_column", Severity::warning, Message{"import.unnamed_column"});
        }
      }
      end_record();
    }
    if (reader.failed()) return csv_failed(reader);
    if (data_rows == 0) {
      file_problem("header_only", Message{"import.header_only", {word("records", Kind::kWords.records)}},
                   Severity::warning);
    }
    return true;
  }

  // The header: known, value and extra columns; false (with the problems)
  // when the file cannot be read with it.
  bool map_header(const std::vector<std::string_view>& fields, Header& h) {
    h.names.reserve(fields.size());
    for (auto f : fields) h.names.emplace_back(trim(f));
    const std::size_t ncol = h.names.size();
    h.known.assign(num_columns(), -1);
    h.value.assign(ncol, -1);
    h.extra.assign(ncol, -1);
    h.unnamed.assign(ncol, 0);
    bool ok = true;
    for (std::size_t c = 0; c < ncol; ++c) {
      const std::string& name = h.names[c];
      const Where w{1, c + 1, 1, name};
      if (name.empty()) {
        h.unnamed[c] = 1;
        continue;
      }
      std::string lower = lower_ascii(name);
      auto [it, fresh] = h.seen.emplace(lower, c);
      if (!fresh) {
        const std::size_t first = it->second + 1;
        problem(w, "duplicate_column", Severity::file,
                Message{"import.duplicate_column", {{"name", shown(name)}, {"first", first}, {"column", c + 1}}});
        ok = false;
        continue;
      }
      bool is_known = false;
      for (int k = 0; k < num_columns(); ++k) {
        if (lower == Kind::kColumns[k].name) h.known[static_cast<std::size_t>(k)] = static_cast<int>(c), is_known = true;
      }
      if (is_known) continue;
      auto id = id_by_lower_.find(lower);
      if (id != id_by_lower_.end()) {
        h.value[c] = id->second;
        continue;
      }
      if (const std::string* like = look_alikes_.find(name)) {
        problem(w, Kind::kUnknownColumnCode, Severity::file, self().unknown_column(name, *like));
        ok = false;
        continue;
      }
      h.extra[c] = static_cast<int>(extra_column(name));
    }
    if (auto other = self().other_kind(h)) {
      file_problem("wrong_format", std::move(*other));
      return false;
    }
    std::string required;
    for (const auto& k : Kind::kColumns) {
      if (k.required) required += (required.empty() ? "" : ", ") + std::string(k.name);
    }
    for (int k = 0; k < num_columns(); ++k) {
      if (!Kind::kColumns[k].required || h.known[static_cast<std::size_t>(k)] >= 0) continue;
      problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
              Message{"import.missing_column",
                      {{"name", Kind::kColumns[k].name},
                       word("kind", Kind::kWords.kind),
                       {"required", required},
                       word("item", Kind::kWords.item)}});
      ok = false;
    }
    if (!ok) return false;
    if (std::none_of(h.value.begin(), h.value.end(), [](int i) { return i >= 0; })) {
      problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
              Message{"import.no_value_columns",
                      {word("items", Kind::kWords.items), doc_, version_, {"ids", list_names(ids_, kListedIds)}}});
      return false;
    }
    return true;
  }

  bool csv_failed(const CsvReader& reader) {
    sink_.add(fc_.index, csv_syntax_problem(fc_, reader.error()));
    return false;
  }

  // ---- JSON -----------------------------------------------------------------------------------
  bool import_json(std::string_view text) {
    if (auto issue = check_utf8(text)) {
      sink_.add(fc_.index, encoding_problem(fc_, text, *issue));
      return false;
    }
    JsonValue doc;
    Problem p;
    if (!parse_json_file(fc_, text, doc, p)) {
      sink_.add(fc_.index, std::move(p));
      return false;
    }
    if (auto sp = seal_problem(fc_, doc)) sink_.add(fc_.index, std::move(*sp));
    return self().import_json_document(doc);
  }

  // ---- duplicates -----------------------------------------------------------------------------
  // Records with the same key: all are left out, and each repeat names the
  // first (which one is right cannot be known).
  void remove_duplicates() {
    const std::size_t n = t_.size();
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(n);
    for (std::size_t r = 0; r < n; ++r) keys[r] = {self().key(r), static_cast<std::uint32_t>(r)};
    std::sort(keys.begin(), keys.end());
    std::vector<char> drop(n, 0);
    bool any = false;
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i + 1;
      while (j < n && keys[j].first == keys[i].first) ++j;
      // Within one key (a hash may collide), group truly equal keys; sorted by record index.
      for (std::size_t a = i; a < j; ++a) {
        const std::uint32_t ra = keys[a].second;
        if (drop[ra] == 2) continue;  // already named as a repeat
        for (std::size_t b = a + 1; b < j; ++b) {
          const std::uint32_t rb = keys[b].second;
          if (!self().same_key(ra, rb)) continue;
          if (!drop[ra]) drop[ra] = 1;
          drop[rb] = 2;
          any = true;
          const SourceRow& s = t_.source[rb];
          const FileContext& fc = contexts_[s.file];
          sink_.add(s.file, Kind::kDuplicateCode, Severity::record, [&] {
            return fc.problem(Where{s.row, 0, 0, {}}, Kind::kDuplicateCode, Severity::record,
                              self().duplicate(ra, rb));
          });
        }
      }
      i = j;
    }
    if (!any) return;
    std::size_t k = 0;
    const std::size_t nv = ids_.size();
    for (std::size_t r = 0; r < n; ++r) {
      if (drop[r]) continue;
      if (k != r) {
        columns([k, r](auto& col) { col[k] = std::move(col[r]); });
        std::copy(values_.data() + r * nv, values_.data() + (r + 1) * nv, values_.data() + k * nv);
        for (auto& col : t_.extra) col[k] = std::move(col[r]);
      }
      ++k;
    }
    truncate(k);
  }

  static constexpr int num_columns() { return static_cast<int>(std::extent<decltype(Kind::kColumns)>::value); }

  const ImportOptions& options_;
  ProblemSink sink_;
  FileContext fc_;
  std::vector<FileContext> contexts_;

  std::vector<std::string>& ids_;  // the value columns (the table's)
  std::vector<double>& values_;    // the table's values, row-major
  std::unordered_map<std::string, int> id_by_lower_;
  Dict langs_;
  LookAlikes look_alikes_;
  Scale scale_;
  const std::vector<std::string>* languages_ = nullptr;
  MsgParam doc_{"doc", ""}, version_{"version", 0}, integer_{"integer", 1}, min_{"min", 1.0}, max_{"max", 5.0};

  // the record being read
  bool bad_ = false;
  std::size_t row_ = 0;
  std::uint32_t lang_ = 0;
  std::string submitted_;
  std::vector<std::pair<std::size_t, std::string>> extra_values_;
};

}  // namespace assess::data::detail
