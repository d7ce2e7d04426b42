#include "assess/data/responses.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "assess/core/limits.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/csv_writer.hpp"
#include "assess/data/text.hpp"
#include "import_support.hpp"

namespace assess::data {

using instrument::Instrument;
using instrument::Study;

int ResponseTable::wave_index(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < waves.size(); ++i) {
    if (waves[i] == id) return static_cast<int>(i);
  }
  return -1;
}

int ResponseTable::programme_index(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < programmes.size(); ++i) {
    if (programmes[i] == id) return static_cast<int>(i);
  }
  return -1;
}

int ResponseTable::group_index(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (groups[i] == id) return static_cast<int>(i);
  }
  return -1;
}

std::string ResponseTable::code_text(std::size_t r) const {
  return check[r].empty() ? code[r] : code[r] + "-" + check[r];
}

std::string where_in_file(const std::string& file, FileFormat format, std::size_t row, const char* record_word) {
  switch (format) {
    case FileFormat::csv:
      return file + " row " + std::to_string(row);
    case FileFormat::json_bundle:
      return file + " " + record_word + " " + std::to_string(row);
    case FileFormat::json:
      break;
  }
  return file;
}

std::string ResponseTable::where(std::size_t r) const {
  const SourceRow& s = source[r];
  FileFormat f = s.file < file_formats.size() ? file_formats[s.file] : FileFormat::csv;
  return where_in_file(files[s.file], f, s.row);
}

namespace {

using namespace detail;
using JsonValue = nlohmann::ordered_json;

enum Known { kCode, kProgramme, kWave, kLang, kGroup, kSubmitted, kInstrument, kVersion, kNumKnown };
const char* const kKnownNames[kNumKnown] = {"code",  "programme", "wave",       "lang",
                                            "group", "submitted", "instrument", "version"};

const char* wave_list(const std::vector<std::string>& waves) {
  static thread_local std::string s;
  s.clear();
  for (std::size_t i = 0; i < waves.size(); ++i) s += (i ? (i + 1 == waves.size() ? " or " : ", ") : "") + waves[i];
  return s.c_str();
}

class ResponseImporter {
 public:
  ResponseImporter(const Instrument& ins, const Study* study, ImportReport& report, const ImportOptions& options,
                   ResponseTable& table)
      : ins_(ins),
        study_(study),
        report_(report),
        options_(options),
        t_(table),
        sink_(report, options),
        programmes_(t_.programmes),
        waves_(t_.waves),
        groups_(t_.groups),
        langs_(t_.langs) {
    t_.instrument = instrument::DocRef{ins.id, ins.version};
    for (const auto& item : ins.items) {
      t_.item_ids.push_back(item.id);
      item_by_lower_.emplace(lower_ascii(item.id), static_cast<int>(t_.item_ids.size() - 1));
      auto folded = normalise_text(item.id);
      folded_items_.push_back(folded ? folded.value() : std::string());
    }
    if (study) {
      for (const auto& p : study->programmes) programmes_.add(p.id);
      for (const auto& w : study->waves) waves_.add(w.id);
      free_programmes_ = study->programmes.empty();
    } else {
      waves_.add("pre");
      waves_.add("post");
    }
    groups_.add("");
    if (study) {
      for (const auto& g : study->groups) groups_.add(g.id);
      free_groups_ = study->groups.empty();
    }
    langs_.add("");
    for (const auto& l : ins.languages) langs_.add(l);
    scale_lo_ = ins.scale.min;
    scale_hi_ = ins.scale.max;
    scale_integer_ = ins.scale.integer;
  }

  void import_file(std::size_t index, const InputFile& file) {
    t_.files.push_back(file.name);
    ++report_.files;
    fc_ = FileContext{};
    fc_.index = index;
    fc_.name = file.name;
    fc_.csv = !looks_like_json(file.text);
    std::size_t records_before = t_.size(), rows_before = report_.rows;
    bool ok = fc_.csv ? import_csv(file.text) : import_json(file.text);
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

 private:
  // ---- problems --------------------------------------------------------------------------------
  void file_problem(std::string code, const std::string& tail, std::size_t line = 0) {
    sink_.add(fc_.index, fc_.file_problem(std::move(code), tail, line));
  }
  void warning_problem(std::string code, const std::string& tail) {
    Problem p = fc_.file_problem(std::move(code), tail);
    p.severity = Severity::warning;
    sink_.add(fc_.index, std::move(p));
  }
  void problem(const Where& w, std::string code, Severity s, const std::string& tail) {
    if (s == Severity::record) bad_ = true;
    sink_.add(fc_.index, fc_.problem(w, std::move(code), s, tail));
  }
  std::string scale_text() const {
    return "the scale of " + ins_.id + " v" + std::to_string(ins_.version) + " takes " +
           scale_words(scale_lo_, scale_hi_, scale_integer_);
  }

  // ---- record building ----------------------------------------------------------------------
  // Starts a record: appends its answers (all missing) to the table.
  void begin_record(std::size_t row) {
    bad_ = false;
    row_ = row;
    t_.answers.resize(t_.answers.size() + t_.n_items(), kMissing);
    extra_values_.clear();
  }
  double* answers() { return t_.answers.data() + t_.answers.size() - t_.n_items(); }

  void take_code(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, "the code is empty; every record needs the respondent's code");
      return;
    }
    CodeIssue issue;
    auto r = normalise_code(text, options_.code_check, &issue);
    if (!r) {
      std::string tail = r.error().message;
      if (issue == CodeIssue::check_mismatch && options_.code_check == CheckMode::automatic) {
        tail += " (codes from a tool without check characters: import with code_check \"none\")";
      }
      problem(w,
              issue == CodeIssue::check_mismatch  ? "check_mismatch"
              : issue == CodeIssue::check_missing ? "check_missing"
                                                  : "invalid_code",
              Severity::record, tail);
      return;
    }
    code_ = std::move(r.value().body);
    check_ = std::move(r.value().check);
  }

  void take_programme(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, "the programme is empty; every record needs its programme");
      return;
    }
    long i = programmes_.find(text);
    if (i >= 0) {
      programme_ = static_cast<std::uint32_t>(i);
      return;
    }
    if (free_programmes_ || !study_) {
      programme_ = programmes_.add(text);
      return;
    }
    std::string tail = "the programme " + show(text) + " is not a programme of the study " + study_->id + " (" +
                       list_names(t_.programmes) + ")";
    for (const auto& p : study_->programmes) {
      bool title = false;
      for (const auto& kv : p.title) title = title || kv.second == text;
      if (iequal(p.id, text) || title) {
        tail += "; did you mean " + p.id + "? Programmes are written as their ids";
        break;
      }
    }
    problem(w, "unknown_programme", Severity::record, tail);
  }

  void take_wave(std::string_view text, const Where& w) {
    text = trim(text);
    long i = waves_.find(text);
    if (i >= 0) {
      wave_ = static_cast<std::uint32_t>(i);
      return;
    }
    std::string tail = text.empty() ? "the wave is empty" : "the wave is " + show(text);
    tail += ", but it must be " + std::string(wave_list(t_.waves));
    for (const auto& known : t_.waves) {
      if (iequal(known, text)) tail += " (written in lower case: " + known + ")";
    }
    problem(w, "invalid_wave", Severity::record, tail);
  }

  void take_lang(std::string_view text, const Where& w) {
    text = trim(text);
    long i = langs_.find(text);
    if (i >= 0) {
      lang_ = static_cast<std::uint32_t>(i);
      return;
    }
    lang_ = langs_.add(text);
    problem(w, "unknown_language", Severity::warning,
            "the form language " + show(text) + " is not one of the languages of " + ins_.id + " (" +
                list_names(ins_.languages) + "); the record is kept");
  }

  void take_group(std::string_view text, const Where& w) {
    text = trim(text);
    long i = groups_.find(text);
    if (i >= 0) {
      group_ = static_cast<std::uint32_t>(i);
      return;
    }
    if (free_groups_ || !study_) {
      group_ = groups_.add(text);
      return;
    }
    std::vector<std::string> ids(t_.groups.begin() + 1, t_.groups.end());
    problem(w, "unknown_group", Severity::record,
            "the group " + show(text) + " is not a group of the study " + study_->id + " (" + list_names(ids) +
                "; empty for none)");
  }

  void take_submitted(std::string_view text, const Where& w) {
    text = trim(text);
    if (options_.keep_text_columns) submitted_ = std::string(text);
    if (!text.empty() && !looks_like_timestamp(text)) {
      problem(w, "invalid_timestamp", Severity::warning,
              "the timestamp " + show(text) +
                  " is not an ISO 8601 date and time (2026-11-23T10:00:00Z); the record is kept with it as text");
    }
  }

  void take_instrument_id(std::string_view text, const Where& w) {
    text = trim(text);
    if (!text.empty() && text != ins_.id) {
      problem(w, "instrument_mismatch", Severity::record,
              "the record was made with the instrument " + show(text) + ", but this import reads " + ins_.id + " v" +
                  std::to_string(ins_.version));
    }
  }

  void take_instrument_version(double v, std::string_view shown, const Where& w) {
    if (v != ins_.version) {
      problem(w, "instrument_mismatch", Severity::record,
              "the record was made with version " + std::string(shown) + " of the instrument, but this import reads " +
                  ins_.id + " v" + std::to_string(ins_.version) + " (a new version may have other items)");
    }
  }

  void take_answer_value(int item, double x, const Where& w) {
    if (!std::isfinite(x)) {
      problem(w, "not_a_number", Severity::record, "the answer is not a finite number; " + scale_text());
      return;
    }
    if (x < scale_lo_ || x > scale_hi_) {
      problem(w, "out_of_scale", Severity::record,
              "the answer " + format_value(x) + " is outside the scale: " + scale_text());
      return;
    }
    if (scale_integer_ && std::floor(x) != x) {
      problem(w, "not_integer", Severity::record,
              "the answer " + format_value(x) + " is not a whole number, but " + scale_text());
      return;
    }
    answers()[item] = x;
  }

  void take_answer_text(int item, std::string_view text, const Where& w) {
    double x;
    switch (parse_number(text, x)) {
      case NumberParse::missing:
        return;
      case NumberParse::ok:
        take_answer_value(item, x, w);
        return;
      case NumberParse::bad:
        break;
    }
    std::string tail = show(trim(text)) + " is not a number; " + scale_text() + ", or an empty cell for no answer";
    std::string_view tt = trim(text);
    if (tt.find(',') != std::string_view::npos &&
        parse_number(std::string(tt).replace(tt.find(','), 1, "."), x) == NumberParse::ok) {
      tail += " (write decimals with a point)";
    }
    problem(w, "not_a_number", Severity::record, tail);
  }

  // Ends a record: commits it to the table or drops it.
  void end_record() {
    ++report_.rows;
    if (bad_ || code_.empty()) {
      t_.answers.resize(t_.answers.size() - t_.n_items());
    } else {
      t_.code.push_back(std::move(code_));
      t_.check.push_back(std::move(check_));
      t_.programme.push_back(programme_);
      t_.wave.push_back(wave_);
      t_.group.push_back(group_);
      t_.lang.push_back(lang_);
      if (options_.keep_text_columns) t_.submitted.push_back(std::move(submitted_));
      t_.source.push_back(SourceRow{static_cast<std::uint32_t>(fc_.index), static_cast<std::uint32_t>(row_)});
      for (auto& col : t_.extra) col.emplace_back();
      for (auto& [c, v] : extra_values_) t_.extra[c].back() = std::move(v);
    }
    code_.clear();
    check_.clear();
    submitted_.clear();
    programme_ = wave_ = group_ = lang_ = 0;
  }

  std::size_t extra_column(const std::string& name) {
    for (std::size_t i = 0; i < t_.extra_names.size(); ++i) {
      if (t_.extra_names[i] == name) return i;
    }
    t_.extra_names.push_back(name);
    t_.extra.emplace_back(t_.size());
    return t_.extra_names.size() - 1;
  }

  // Grows every column once instead of doubling a million times.
  void reserve(std::size_t more) {
    std::size_t n = t_.size() + more;
    t_.code.reserve(n);
    t_.check.reserve(n);
    t_.programme.reserve(n);
    t_.wave.reserve(n);
    t_.group.reserve(n);
    t_.lang.reserve(n);
    if (options_.keep_text_columns) t_.submitted.reserve(n);
    t_.source.reserve(n);
    t_.answers.reserve(n * t_.n_items());
  }

  void truncate(std::size_t n) {
    t_.code.resize(n);
    t_.check.resize(n);
    t_.programme.resize(n);
    t_.wave.resize(n);
    t_.group.resize(n);
    t_.lang.resize(n);
    if (options_.keep_text_columns) t_.submitted.resize(n);
    t_.source.resize(n);
    t_.answers.resize(n * t_.n_items());
    for (auto& col : t_.extra) col.resize(n);
  }

  // An unknown column that is probably meant as an item: same letters with
  // other digits (ET4), or one edit away from an item id (E1T, ETl).
  const std::string* resembles_item(std::string_view h) const {
    auto split = [](std::string_view s) {
      std::size_t e = s.size();
      while (e > 0 && s[e - 1] >= '0' && s[e - 1] <= '9') --e;
      return e;
    };
    std::size_t hp = split(h);
    // Cyrillic look-alikes or stray punctuation in a header (EТ2 with a Cyrillic Т).
    auto folded = normalise_text(h);
    for (std::size_t i = 0; i < t_.item_ids.size(); ++i) {
      if (folded && !folded->empty() && *folded == folded_items_[i]) return &t_.item_ids[i];
    }
    for (const auto& id : t_.item_ids) {
      std::size_t ip = split(id);
      if (hp > 0 && hp < h.size() && ip < id.size() && iequal(h.substr(0, hp), std::string_view(id).substr(0, ip)))
        return &id;
      if (id.size() >= 3 && within_one_edit(lower_ascii(h), lower_ascii(id))) return &id;
    }
    return nullptr;
  }

  // ---- CSV ------------------------------------------------------------------------------------
  bool import_csv(std::string_view text) {
    if (auto issue = check_utf8(text)) {
      sink_.add(fc_.index, encoding_problem(fc_.name, text, *issue, true));
      return false;
    }
    std::size_t bom = utf8_bom_length(text);
    if (trim(text.substr(bom)).find_first_not_of("\r\n") == std::string_view::npos) {
      file_problem("empty_file",
                   "the file is empty; a response CSV starts with the header code,programme,wave,lang,"
                   "<item ids...>. The file was not imported");
      return false;
    }
    CsvReader reader(text);
    std::vector<std::string_view> fields;
    reader.next(fields);
    if (reader.failed()) return csv_failed(reader);
    std::vector<std::string> header;
    header.reserve(fields.size());
    for (auto f : fields) header.emplace_back(trim(f));

    // Map the columns.
    const std::size_t ncol = header.size();
    std::vector<int> known(kNumKnown, -1);
    std::vector<int> item_col(ncol, -1), extra_col(ncol, -1);
    std::vector<char> unnamed(ncol, 0), unnamed_reported(ncol, 0);
    bool header_ok = true;
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t c = 0; c < ncol; ++c) {
      const std::string& h = header[c];
      Where w{1, c + 1, 1, h};
      if (h.empty()) {
        unnamed[c] = 1;
        continue;
      }
      std::string lower = lower_ascii(h);
      auto [it, fresh] = seen.emplace(lower, c);
      if (!fresh) {
        problem(w, "duplicate_column", Severity::file,
                "the column " + show(h) + " appears twice (columns " + std::to_string(it->second + 1) + " and " +
                    std::to_string(c + 1) + "); the file was not imported");
        header_ok = false;
        continue;
      }
      bool is_known = false;
      for (int k = 0; k < kNumKnown; ++k) {
        if (lower == kKnownNames[k]) known[k] = static_cast<int>(c), is_known = true;
      }
      if (is_known) continue;
      auto item = item_by_lower_.find(lower);
      if (item != item_by_lower_.end()) {
        item_col[c] = item->second;
        continue;
      }
      if (const std::string* like = resembles_item(h)) {
        problem(w, "unknown_item", Severity::file,
                "the column " + show(h) + " looks like an item id, but " + ins_.id + " v" +
                    std::to_string(ins_.version) + " has no such item (its items are " + list_names(t_.item_ids, 40) +
                    "; did you mean " + *like + "?" + "); the file was not imported");
        header_ok = false;
        continue;
      }
      extra_col[c] = static_cast<int>(extra_column(h));
    }
    if (known[kCode] < 0 && known[kProgramme] < 0 && seen.count("expert") && seen.count("object")) {
      file_problem("wrong_format",
                   "the header has the columns expert and object: this is a ratings file; import it with "
                   "import_ratings. The file was not imported");
      return false;
    }
    for (int k : {kCode, kProgramme, kWave}) {
      if (known[k] < 0) {
        problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
                std::string("the header has no column ") + kKnownNames[k] +
                    " (a response CSV needs code, programme, wave and one column per item); the file was not imported");
        header_ok = false;
      }
    }
    if (!header_ok) return false;
    bool any_item = std::any_of(item_col.begin(), item_col.end(), [](int i) { return i >= 0; });
    if (!any_item) {
      problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
              "the header names none of the items of " + ins_.id + " v" + std::to_string(ins_.version) + " (" +
                  list_names(t_.item_ids, 40) + "); the file was not imported");
      return false;
    }

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
      std::size_t row = reader.row();
      begin_record(row);
      if (fields.size() != ncol) {
        problem(Where{row, 0, reader.line(), {}}, "ragged_row", Severity::record,
                "the row has " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
                    ", but the header has " + std::to_string(ncol) +
                    " (a missing or extra delimiter, or a delimiter inside a value that is not quoted); the row was "
                    "left out");
        end_record();
        continue;
      }
      auto at = [&](int c) { return Where{row, static_cast<std::size_t>(c) + 1, reader.line(), header[c]}; };
      take_code(fields[known[kCode]], at(known[kCode]));
      take_programme(fields[known[kProgramme]], at(known[kProgramme]));
      take_wave(fields[known[kWave]], at(known[kWave]));
      if (known[kLang] >= 0) take_lang(fields[known[kLang]], at(known[kLang]));
      if (known[kGroup] >= 0) take_group(fields[known[kGroup]], at(known[kGroup]));
      if (known[kSubmitted] >= 0) take_submitted(fields[known[kSubmitted]], at(known[kSubmitted]));
      if (known[kInstrument] >= 0) take_instrument_id(fields[known[kInstrument]], at(known[kInstrument]));
      if (known[kVersion] >= 0) {
        std::string_view v = trim(fields[known[kVersion]]);
        double x;
        if (!v.empty() && parse_number(v, x) != NumberParse::ok) x = -1;
        if (!v.empty()) take_instrument_version(x, v, at(known[kVersion]));
      }
      for (std::size_t c = 0; c < ncol; ++c) {
        if (item_col[c] >= 0) {
          take_answer_text(item_col[c], fields[c], at(static_cast<int>(c)));
        } else if (extra_col[c] >= 0) {
          // a leading ' that an export put before a formula-like text is taken off
          if (!fields[c].empty() && options_.keep_text_columns) {
            extra_values_.emplace_back(extra_col[c], std::string(unneutralise_text(fields[c])));
          }
        } else if (unnamed[c] && !unnamed_reported[c] && !trim(fields[c]).empty()) {
          unnamed_reported[c] = 1;
          problem(at(static_cast<int>(c)), "unnamed_column", Severity::warning,
                  "the column has no name in the header but holds values (the first in this row); its values are "
                  "ignored");
        }
      }
      end_record();
    }
    if (reader.failed()) return csv_failed(reader);
    if (data_rows == 0) warning_problem("header_only", "the file has a header but no records");
    return true;
  }

  bool csv_failed(const CsvReader& reader) {
    const CsvError& e = reader.error();
    Problem p = fc_.problem(Where{e.row, e.column, e.line, {}}, "csv_syntax", Severity::file,
                            e.message + "; the file was not imported");
    p.message = fc_.name + ": " + e.message + "; the file was not imported";
    sink_.add(fc_.index, std::move(p));
    return false;
  }

  // ---- JSON -----------------------------------------------------------------------------------
  bool import_json(std::string_view text) {
    if (auto issue = check_utf8(text)) {
      sink_.add(fc_.index, encoding_problem(fc_.name, text, *issue, false));
      return false;
    }
    JsonValue doc;
    Problem p;
    if (!parse_json_file(fc_, text, doc, p)) {
      sink_.add(fc_.index, std::move(p));
      return false;
    }
    if (auto sp = seal_problem(fc_, doc)) sink_.add(fc_.index, std::move(*sp));
    if (!doc.is_object()) {
      file_problem("wrong_format", std::string("the file is ") + json_type(doc) +
                                       ", but a response file is an object with \"format\": \"assess-response/1\" "
                                       "(or \"assess-responses/1\" for a bundle). The file was not imported");
      return false;
    }
    auto f = doc.find("format");
    std::string format = f != doc.end() && f->is_string() ? f->get<std::string>() : "";
    if (format == "assess-response/1") {
      fc_.bundle = false;
      take_json_response(doc, "", 1, nullptr);
      return true;
    }
    if (format == "assess-responses/1") {
      fc_.bundle = true;
      const JsonValue* bundle_ins = nullptr;
      auto bi = doc.find("instrument");
      if (bi != doc.end()) {
        bundle_ins = &*bi;
        std::string why = instrument_ref_problem(*bi);
        if (!why.empty()) {
          problem(Where{0, 0, 0, "/instrument"}, "instrument_mismatch", Severity::file,
                  why + "; the file was not imported");
          return false;
        }
      }
      auto rs = doc.find("responses");
      if (rs == doc.end() || !rs->is_array()) {
        file_problem("wrong_format", std::string("a bundle (assess-responses/1) needs a \"responses\" array, but ") +
                                         (rs == doc.end() ? "it has none" : std::string("it is ") + json_type(*rs)) +
                                         ". The file was not imported");
        return false;
      }
      std::size_t i = 0;
      for (const auto& r : *rs) {
        take_json_response(r, "/responses/" + std::to_string(i), i + 1, bundle_ins);
        ++i;
      }
      if (i == 0) warning_problem("header_only", "the bundle has no responses");
      return true;
    }
    std::string tail;
    if (format == "assess-ratings/1")
      tail = "this is a ratings file (assess-ratings/1); import it with import_ratings";
    else if (format.rfind("assess-", 0) == 0)
      tail = "its format is " + format + ", not a response file";
    else if (f == doc.end())
      tail = "it has no \"format\" field, so it is not a response file (assess-response/1)";
    else
      tail = "its format is " + (f->is_string() ? show(format) : std::string(json_type(*f))) +
             ", but a response file has \"assess-response/1\" or \"assess-responses/1\"";
    file_problem("wrong_format", tail + ". The file was not imported");
    return false;
  }

  // "" when the reference {"id", "version"} names this instrument; else why not.
  std::string instrument_ref_problem(const JsonValue& ref) const {
    if (!ref.is_object())
      return std::string("instrument is ") + json_type(ref) + ", but it must be {\"id\", \"version\"}";
    auto id = ref.find("id");
    auto ver = ref.find("version");
    if (id == ref.end() || !id->is_string()) return "instrument has no id string";
    if (ver == ref.end() || !ver->is_number()) return "instrument has no version number";
    if (id->get<std::string>() != ins_.id || ver->get<double>() != ins_.version) {
      return "the responses were made with the instrument " + id->get<std::string>() + " v" +
             format_value(ver->get<double>()) + ", but this import reads " + ins_.id + " v" +
             std::to_string(ins_.version);
    }
    return "";
  }

  void take_json_response(const JsonValue& r, const std::string& base, std::size_t row, const JsonValue* bundle_ins) {
    begin_record(row);
    std::string ptr;
    auto at = [&](const std::string& key) {
      ptr = base + "/" + key;
      return Where{row, 0, 0, ptr};
    };
    if (!r.is_object()) {
      problem(Where{row, 0, 0, base}, "invalid_field", Severity::record,
              std::string("the response is ") + json_type(r) + ", but it must be an object");
      end_record();
      return;
    }
    auto str = [&](const char* key, bool required, std::string_view& out) {
      auto it = r.find(key);
      if (it == r.end() || it->is_null()) {
        if (required) {
          problem(at(key), "missing_value", Severity::record,
                  std::string("the response has no ") + key + "; every response needs one");
        }
        return false;
      }
      if (!it->is_string()) {
        problem(at(key), "invalid_field", Severity::record,
                std::string(key) + " is " + json_type(*it) + ", but it must be a string");
        return false;
      }
      out = it->get_ref<const std::string&>();
      return true;
    };
    std::string_view s;
    auto fmt = r.find("format");
    if (fmt != r.end() && !(fmt->is_string() && fmt->get<std::string>() == "assess-response/1")) {
      problem(at("format"), "wrong_format", Severity::record,
              "format is " + json_text(*fmt) + ", but a response is \"assess-response/1\"");
    }
    auto ins = r.find("instrument");
    if (ins != r.end()) {
      std::string why = instrument_ref_problem(*ins);
      if (!why.empty()) problem(at("instrument"), "instrument_mismatch", Severity::record, why);
    } else if (!bundle_ins) {
      problem(at("instrument"), "missing_value", Severity::record,
              "the response does not say which instrument it answers ({\"id\", \"version\"})");
    }
    if (str("code", true, s)) take_code(s, at("code"));
    if (str("programme", true, s)) take_programme(s, at("programme"));
    if (str("wave", true, s)) take_wave(s, at("wave"));
    if (str("lang", false, s)) take_lang(s, at("lang"));
    if (str("group", false, s)) take_group(s, at("group"));
    if (str("submitted", false, s)) take_submitted(s, at("submitted"));
    auto ans = r.find("answers");
    if (ans == r.end() || !ans->is_object()) {
      problem(at("answers"), ans == r.end() ? "missing_value" : "invalid_field", Severity::record,
              ans == r.end() ? std::string("the response has no answers object")
                             : std::string("answers is ") + json_type(*ans) +
                                   ", but it must be an object {item id: number or null}");
    } else {
      for (auto it = ans->begin(); it != ans->end(); ++it) {
        Where w = at("answers/" + pointer_escape(it.key()));
        auto item = item_by_lower_.find(lower_ascii(it.key()));
        if (item == item_by_lower_.end()) {
          std::string hint;
          for (const auto& id : t_.item_ids) {
            if (within_one_edit(lower_ascii(it.key()), lower_ascii(id))) hint = "; did you mean " + id + "?";
          }
          problem(w, "unknown_item", Severity::record,
                  show(it.key()) + " is not an item of " + ins_.id + " v" + std::to_string(ins_.version) + hint);
          continue;
        }
        const JsonValue& v = it.value();
        if (v.is_null()) continue;
        if (v.is_number()) {
          take_answer_value(item->second, v.get<double>(), w);
        } else {
          problem(w, "not_a_number", Severity::record,
                  "the answer is " + std::string(json_type(v)) +
                      (v.is_string() ? " " + show(v.get<std::string>()) : "") + ", but it must be a number or null; " +
                      scale_text());
        }
      }
    }
    static const char* const kFields[] = {"format", "instrument", "code",    "programme", "wave",   "lang",
                                          "group",  "submitted",  "answers", "$schema",   "engine", "integrity"};
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (std::find_if(std::begin(kFields), std::end(kFields), [&](const char* k) { return it.key() == k; }) !=
          std::end(kFields))
        continue;
      std::string text = json_text(it.value());
      std::size_t c = extra_column(it.key());
      if (!text.empty() && options_.keep_text_columns) extra_values_.emplace_back(c, std::move(text));
    }
    end_record();
  }

  // ---- duplicates -----------------------------------------------------------------------------
  void remove_duplicates() {
    const std::size_t n = t_.size();
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(n);
    for (std::size_t r = 0; r < n; ++r)
      keys[r] = {hash_bytes(t_.code[r], t_.wave[r] + 1), static_cast<std::uint32_t>(r)};
    std::sort(keys.begin(), keys.end());
    std::vector<char> drop(n, 0);
    bool any = false;
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i + 1;
      while (j < n && keys[j].first == keys[i].first) ++j;
      // Within one hash value, group truly equal (code, wave); keys are sorted by record index.
      for (std::size_t a = i; a < j; ++a) {
        std::uint32_t ra = keys[a].second;
        if (drop[ra] == 2) continue;  // already named as a repeat
        for (std::size_t b = a + 1; b < j; ++b) {
          std::uint32_t rb = keys[b].second;
          if (t_.wave[ra] != t_.wave[rb] || t_.code[ra] != t_.code[rb]) continue;
          if (!drop[ra]) drop[ra] = 1;
          drop[rb] = 2;
          any = true;
          const SourceRow& s = t_.source[rb];
          const FileContext& fc = contexts_[s.file];
          sink_.add(s.file, fc.problem(Where{s.row, 0, 0, {}}, "duplicate_record", Severity::record,
                                       "the code " + t_.code[rb] + " appears again in the wave " +
                                           t_.waves[t_.wave[rb]] + " (first at " + where_of(ra) +
                                           "); a student answers once per wave, so all records with this code and "
                                           "wave are left out"));
        }
      }
      i = j;
    }
    if (!any) return;
    std::size_t k = 0;
    const std::size_t ni = t_.n_items();
    for (std::size_t r = 0; r < n; ++r) {
      if (drop[r]) continue;
      if (k != r) {
        t_.code[k] = std::move(t_.code[r]);
        t_.check[k] = std::move(t_.check[r]);
        t_.programme[k] = t_.programme[r];
        t_.wave[k] = t_.wave[r];
        t_.group[k] = t_.group[r];
        t_.lang[k] = t_.lang[r];
        if (options_.keep_text_columns) t_.submitted[k] = std::move(t_.submitted[r]);
        t_.source[k] = t_.source[r];
        std::copy(t_.answers.data() + r * ni, t_.answers.data() + (r + 1) * ni, t_.answers.data() + k * ni);
        for (auto& col : t_.extra) col[k] = std::move(col[r]);
      }
      ++k;
    }
    truncate(k);
  }

  std::string where_of(std::size_t r) const { return t_.where(r); }

  const Instrument& ins_;
  const Study* study_;
  ImportReport& report_;
  const ImportOptions& options_;
  ResponseTable& t_;
  ProblemSink sink_;
  Dict programmes_, waves_, groups_, langs_;
  bool free_programmes_ = true, free_groups_ = true;
  double scale_lo_ = 1, scale_hi_ = 5;
  bool scale_integer_ = true;
  std::unordered_map<std::string, int> item_by_lower_;
  std::vector<std::string> folded_items_;  // item ids through the code normaliser (case, look-alikes)
  FileContext fc_;
  std::vector<FileContext> contexts_;

  // the record being read
  bool bad_ = false;
  std::size_t row_ = 0;
  std::string code_, check_, submitted_;
  std::uint32_t programme_ = 0, wave_ = 0, group_ = 0, lang_ = 0;
  std::vector<std::pair<std::size_t, std::string>> extra_values_;
};

}  // namespace

Result<ResponseTable> import_responses(const Instrument& instrument, const Study* study,
                                       const std::vector<InputFile>& files, ImportReport& report,
                                       const ImportOptions& options) {
  if (study && study->instrument &&
      (study->instrument->id != instrument.id || study->instrument->version != instrument.version)) {
    return make_error(ErrorCode::invalid_input,
                      "the study " + study->id + " names the instrument " + study->instrument->id + " v" +
                          std::to_string(study->instrument->version) + ", but the instrument given is " +
                          instrument.id + " v" + std::to_string(instrument.version),
                      "/study/instrument");
  }
  if (instrument.items.empty()) {
    return make_error(ErrorCode::invalid_input, "the instrument has no items", "/instrument/items");
  }
  if (auto e = detail::check_import_limits(files)) return *e;
  ResponseTable table;
  ResponseImporter importer(instrument, study, report, options, table);
  for (std::size_t i = 0; i < files.size(); ++i) importer.import_file(i, files[i]);
  importer.finish();
  if (auto e = detail::check_record_limit(report.rows, "response records")) return *e;
  return table;
}

Json records_json(const ResponseTable& t) {
  Json out = Json::array();
  for (std::size_t r = 0; r < t.size(); ++r) {
    Json rec = Json::object();
    rec["code"] = t.code_text(r);
    rec["programme"] = t.programmes[t.programme[r]];
    rec["wave"] = t.waves[t.wave[r]];
    rec["lang"] = t.lang[r] ? Json(t.langs[t.lang[r]]) : Json(nullptr);
    rec["group"] = t.group[r] ? Json(t.groups[t.group[r]]) : Json(nullptr);
    rec["submitted"] = r >= t.submitted.size() || t.submitted[r].empty() ? Json(nullptr) : Json(t.submitted[r]);
    Json ans = Json::object();
    for (std::size_t j = 0; j < t.n_items(); ++j) ans[t.item_ids[j]] = json_number(t.answer(r, j));
    rec["answers"] = std::move(ans);
    if (!t.extra_names.empty()) {
      Json ex = Json::object();
      for (std::size_t c = 0; c < t.extra_names.size(); ++c) {
        if (!t.extra[c][r].empty()) ex[t.extra_names[c]] = t.extra[c][r];
      }
      rec["extra"] = std::move(ex);
    }
    rec["file"] = t.files[t.source[r].file];
    rec["row"] = t.source[r].row;
    out.push_back(std::move(rec));
  }
  return out;
}

Json summary_json(const ResponseTable& t) {
  auto counts = [&](const std::vector<std::string>& names, const std::vector<std::uint32_t>& col, bool skip_empty) {
    std::vector<std::size_t> n(names.size(), 0);
    for (auto v : col) ++n[v];
    Json o = Json::object();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (skip_empty && names[i].empty()) continue;
      o[names[i]] = n[i];
    }
    return o;
  };
  Json s = Json::object();
  s["instrument"] = Json{{"id", t.instrument.id}, {"version", t.instrument.version}};
  s["items"] = t.item_ids;
  s["records"] = t.size();
  s["programmes"] = counts(t.programmes, t.programme, false);
  s["waves"] = counts(t.waves, t.wave, false);
  s["groups"] = counts(t.groups, t.group, true);
  s["langs"] = counts(t.langs, t.lang, true);
  s["extra_columns"] = t.extra_names;
  return s;
}

}  // namespace assess::data
