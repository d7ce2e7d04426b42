#include "assess/data/responses.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/canonical_json.hpp"
#include "assess/core/sha256.hpp"
#include "assess/core/text.hpp"
#include "assess/data/answers.hpp"
#include "importer.hpp"

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
  std::string shown = display_code(code[r]);
  return check[r].empty() ? shown : shown + "-" + check[r];
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

// The known columns, in the order a row reads them: respondent first (it
// says which of the other fields a record needs).
enum Known {
  kRespondent,
  kCode,
  kProgramme,
  kWave,
  kLang,
  kGroup,
  kSubmitted,
  kInstrument,
  kVersion,
  kEmployer,
  kGraduate
};

// "pre or post", "a, b or c"
std::string wave_list(const std::vector<std::string>& waves) {
  std::string s;
  for (std::size_t i = 0; i < waves.size(); ++i) s += (i ? (i + 1 == waves.size() ? " or " : ", ") : "") + waves[i];
  return s;
}

bool is_element_id(std::string_view s) {
  if (s.empty() || s.size() > 64 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  }
  return true;
}

// A place to report at after the cell's call returned (the field's text is kept).
struct SavedWhere {
  std::size_t row = 0, column = 0, line = 0;
  std::string field;
  bool set = false;
  void save(const Where& w) { row = w.row, column = w.column, line = w.line, field = std::string(w.field), set = true; }
  Where get() const { return Where{row, column, line, field}; }
};

// How the records of a study's files go to its instruments
// (import_study_responses): this import reads the records of one of them.
struct Routing {
  const Study* study = nullptr;
  std::size_t index = 0;        // this instrument in study->instruments
  bool report_unrouted = true;  // this pass reports the records that name no instrument
};

constexpr KnownColumn kResponseColumns[] = {
    {"respondent", false, Role::field},    {"code", true, Role::field},        {"programme", true, Role::field},
    {"wave", true, Role::field},           {"lang", false, Role::lang},        {"group", false, Role::field},
    {"submitted", false, Role::submitted}, {"instrument", false, Role::field}, {"version", false, Role::field},
    {"employer", false, Role::field},      {"graduate", false, Role::field}};
constexpr std::size_t kNColumns = std::size(kResponseColumns);

constexpr KindWords kResponseWords = {{"response", "response"},             // kind
                                      {"response", "response"},             // entry
                                      {"records", "records"},               // records
                                      {"record", "record"},                 // record
                                      {"answer", "answer"},                 // value
                                      {"scale", "scale"},                   // scale
                                      {"item", "item"},                     // item
                                      {"items", "items"},                   // items
                                      {"item", "an item"},                  // an_item
                                      {"form_language", "form language"}};  // subject

// The columns a response CSV needs, which depend on who answers (students
// need a code, employers an employer id) and on whether a group of the
// study names no programme. Constructed before the importer that reads by
// it (a base class before the other).
struct ResponseColumns {
  KnownColumn known_columns[kNColumns];
  KindInfo info;
  // routed: some rows of a file are another instrument's (import_study_responses): the columns of a
  // respondent's id are checked per record, not required of every file.
  ResponseColumns(bool employers, bool programme_optional, bool routed)
      : known_columns{kResponseColumns[0], kResponseColumns[1], kResponseColumns[2], kResponseColumns[3],
                      kResponseColumns[4], kResponseColumns[5], kResponseColumns[6], kResponseColumns[7],
                      kResponseColumns[8], kResponseColumns[9], kResponseColumns[10]},
        info{known_columns,
             static_cast<int>(kNColumns),
             kResponseWords,
             "code,programme,wave,lang,<item ids...>",  // header_example
             "unknown_item",                            // unknown_column_code
             "duplicate_record",                        // duplicate_code
             "2026-11-23T10:00:00Z",                    // timestamp_example
             true} {                                    // json_strings_shown
    known_columns[kCode].required = !employers && !routed;
    known_columns[kEmployer].required = employers && !routed;
    known_columns[kProgramme].required = employers || !programme_optional;
  }
};

// Responses: one record per respondent, wave and instrument, keyed by code
// and wave (students) or employer, graduate (or programme) and wave (employers).
class ResponseImporter : private ResponseColumns, public Importer<ResponseImporter, ResponseTable> {
 public:
  static constexpr const KnownColumn (&kColumns)[kNColumns] = kResponseColumns;
  static_assert(all_reserved(kResponseColumns), "a known column missing from instrument::kReservedColumns");
  static constexpr KindInfo kInfo = {
      kResponseColumns, static_cast<int>(kNColumns), kResponseWords,         "code,programme,wave,lang,<item ids...>",
      "unknown_item",   "duplicate_record",          "2026-11-23T10:00:00Z", true};

  ResponseImporter(const Instrument& ins, const Study* study, ImportReport& report, const ImportOptions& options,
                   ResponseTable& table, const Routing* routing = nullptr)
      : ResponseColumns(respondents_of(ins, study) == instrument::Respondents::employers, any_without_programme(study),
                        routing != nullptr),
        Importer(table, table.item_ids, table.answers, report, options, ResponseColumns::info),
        ins_(ins),
        study_(study),
        routing_(routing),
        finder_(ins),
        programmes_(table.programmes),
        waves_(table.waves),
        groups_(table.groups) {
    t_.instrument = instrument::DocRef{ins.id, ins.version};
    t_.items = ins.items;
    t_.employers = respondents_of(ins, study) == instrument::Respondents::employers;
    programme_optional_ = any_without_programme(study);
    for (const auto& item : ins.items) t_.item_ids.push_back(item.id);
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
      for (const auto& g : study->groups) {
        groups_.add(g.id);
        no_programme_group_.push_back(g.without_programme ? 1 : 0);
      }
      free_groups_ = study->groups.empty();
    }
    // The item types: Likert items go the fast way of the skeleton, the others through take_typed_cell.
    const std::size_t n = ins.items.size();
    type_.resize(n);
    t_.texts.resize(n);
    text_slot_.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
      const instrument::Item& item = ins.items[i];
      type_[i] = item.type;
      all_likert_ = all_likert_ && item.type == instrument::ItemType::likert;
      if (item.type == instrument::ItemType::text) {
        text_slot_[i] = static_cast<int>(text_items_.size());
        text_items_.push_back(i);
      }
    }
    text_now_.resize(text_items_.size());
    set_document(ins.id, ins.version, ins.languages);
    set_values(Scale{static_cast<double>(ins.scale.min), static_cast<double>(ins.scale.max), ins.scale.integer}, true);
    for (std::size_t i = 0; i < n; ++i) {
      if (ins.items[i].type != instrument::ItemType::multi) continue;
      for (std::size_t k = 0; k < ins.items[i].options.size(); ++k) {
        add_value_alias(ins.items[i].id + "_" + ins.items[i].options[k].id, static_cast<int>(n + aliases_.size()));
        aliases_.push_back({i, k});
      }
    }
  }

  // The columns of the study's other instruments are theirs: neither values nor extra columns here.
  void ignore_columns(const std::vector<std::string>& names) {
    for (const auto& name : names) {
      if (value_column(name) < 0) add_value_alias(name, kOtherValues);
    }
  }

  void finish_versions() {
    std::sort(versions_.begin(), versions_.end());
    versions_.erase(std::unique(versions_.begin(), versions_.end()), versions_.end());
    t_.versions = versions_;
  }

 private:
  friend Importer;

  static instrument::Respondents respondents_of(const Instrument& ins, const Study* study) {
    if (!study) return instrument::Respondents::students;
    const int i = instrument::find_study_instrument(*study, ins.id);
    return i < 0 ? instrument::Respondents::students : study->instruments[static_cast<std::size_t>(i)].respondents;
  }
  static bool any_without_programme(const Study* study) {
    if (!study) return false;
    for (const auto& g : study->groups) {
      if (g.without_programme) return true;
    }
    return false;
  }

  // ---- the record's fields ------------------------------------------------------------------
  void reset_record() {
    code_.clear();
    check_.clear();
    employer_.clear();
    graduate_.clear();
    graduate_check_.clear();
    programme_ = wave_ = group_ = 0;
    programme_given_ = false;
    code_seen_ = false;
    other_respondent_ = false;
    programme_empty_.set = false;
    programme_at_.set = false;
    version_now_ = ins_.version;
    for (auto& s : text_now_) s.clear();
  }
  bool record_complete() const { return t_.employers ? !employer_.empty() : !code_.empty(); }
  void commit_record() {
    t_.code.push_back(std::move(code_));
    t_.check.push_back(std::move(check_));
    t_.programme.push_back(programme_);
    t_.wave.push_back(wave_);
    t_.group.push_back(group_);
    if (t_.employers) {
      t_.employer.push_back(std::move(employer_));
      t_.graduate.push_back(std::move(graduate_));
      t_.graduate_check.push_back(std::move(graduate_check_));
    }
    for (std::size_t k = 0; k < text_items_.size(); ++k) t_.texts[text_items_[k]].push_back(std::move(text_now_[k]));
    if (version_now_ != last_version_) {
      versions_.push_back(version_now_);
      last_version_ = version_now_;
    }
  }
  template <class F>
  void record_columns(F&& f) {
    f(t_.code);
    f(t_.check);
    f(t_.programme);
    f(t_.wave);
    f(t_.group);
    if (t_.employers) {
      f(t_.employer);
      f(t_.graduate);
      f(t_.graduate_check);
    }
    for (const std::size_t i : text_items_) f(t_.texts[i]);
  }

  // The checks that need the whole record: an employer's id, the programme of a group without one.
  void check_record() {
    if (skip_checks_) {
      skip_checks_ = false;
      return;
    }
    if (!t_.employers && code_.empty() && !code_seen_ && !record_bad()) {
      problem(Where{record_row(), 0, 0, {}}, "missing_value", Severity::record, Message{"import.code_missing"});
    }
    if (t_.employers && employer_.empty() && !record_bad()) {
      problem(Where{record_row(), 0, 0, {}}, "missing_value", Severity::record, Message{"import.employer_empty"});
    }
    if (!programme_optional_) return;
    const bool without = group_ > 0 && group_ - 1 < no_programme_group_.size() && no_programme_group_[group_ - 1];
    if (without && programme_given_) {
      problem(programme_at_.get(), "unexpected_programme", Severity::record, [&] {
        return Message{"import.programme_not_expected",
                       {{"group", t_.groups[group_]}, {"value", t_.programmes[programme_]}}};
      });
    } else if (!without && !programme_given_ && !t_.employers) {
      if (programme_empty_.set) {
        problem(programme_empty_.get(), "missing_value", Severity::record, Message{"import.programme_empty"});
      } else {
        problem(Where{record_row(), 0, 0, {}}, "missing_value", Severity::record, Message{"import.programme_missing"});
      }
    }
    if (!programme_given_) programme_ = ResponseTable::kNoProgramme;
  }

  void take_field(int k, std::string_view text, const Where& w) {
    switch (k) {
      case kRespondent:
        take_respondent(text, w);
        break;
      case kCode:
        take_code(text, w);
        break;
      case kProgramme:
        take_programme(text, w);
        break;
      case kWave:
        take_wave(text, w);
        break;
      case kGroup:
        take_group(text, w);
        break;
      case kInstrument:
        take_instrument_id(text, w);
        break;
      case kVersion:
        take_instrument_version(text, w);
        break;
      case kEmployer:
        take_employer(text, w);
        break;
      case kGraduate:
        take_graduate(text, w);
        break;
      default:
        break;
    }
  }

  void take_respondent(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) return;
    if (text != "student" && text != "employer") {
      problem(w, "invalid_field", Severity::record, [&] {
        return Message{"import.respondent_invalid", {{"value", shown(text)}}};
      });
      return;
    }
    const bool employer = text == "employer";
    if (employer == t_.employers) return;
    other_respondent_ = true;  // the fields of the other kind of respondent are not checked again
    problem(w, "respondent_mismatch", Severity::record, [&] {
      if (!study_) return Message{"import.respondent_no_study", {doc(), version()}};
      return employer ? Message{"import.respondent_employer_for_students", {doc(), version(), {"study", study_->id}}}
                      : Message{"import.respondent_student_for_employers", {doc(), version(), {"study", study_->id}}};
    });
  }

  void take_code(std::string_view text, const Where& w) {
    code_seen_ = true;
    if (other_respondent_) return;
    text = trim(text);
    if (t_.employers) {
      if (text.empty()) return;
      problem(w, "unexpected_field", Severity::record, [&] {
        return Message{"import.code_for_employer", {{"value", shown(text)}}};
      });
      return;
    }
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, Message{"import.code_empty"});
      return;
    }
    if (!read_code(text, w, code_, check_)) return;
  }

  bool read_code(std::string_view text, const Where& w, std::string& body, std::string& check) {
    CodeIssue issue;
    auto r = normalise_code(text, options().code_check, &issue);
    if (!r) {
      problem(w,
              issue == CodeIssue::check_mismatch  ? "check_mismatch"
              : issue == CodeIssue::check_missing ? "check_missing"
                                                  : "invalid_code",
              Severity::record, [&] {
                // codes from a tool without check characters: the hint to import them with code_check "none"
                return code_message(text, issue, r.error(),
                                    issue == CodeIssue::check_mismatch && options().code_check == CheckMode::automatic);
              });
      return false;
    }
    body = std::move(r.value().body);
    check = std::move(r.value().check);
    return true;
  }

  void take_employer(std::string_view text, const Where& w) {
    if (other_respondent_) return;
    text = trim(text);
    if (!t_.employers) {
      if (text.empty()) return;
      problem(w, "unexpected_field", Severity::record, [&] {
        return Message{"import.field_for_student", {{"key", "employer"}, {"value", shown(text)}}};
      });
      return;
    }
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, Message{"import.employer_empty"});
      return;
    }
    if (!is_element_id(text)) {
      problem(w, "invalid_field", Severity::record, [&] {
        return Message{"import.employer_invalid", {{"value", shown(text)}}};
      });
      return;
    }
    employer_ = std::string(text);
  }

  void take_graduate(std::string_view text, const Where& w) {
    if (other_respondent_) return;
    text = trim(text);
    if (text.empty()) return;
    if (!t_.employers) {
      problem(w, "unexpected_field", Severity::record, [&] {
        return Message{"import.field_for_student", {{"key", "graduate"}, {"value", shown(text)}}};
      });
      return;
    }
    read_code(text, w, graduate_, graduate_check_);
  }

  void take_programme(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      if (programme_optional_ && !t_.employers) {
        programme_empty_.save(w);  // decided with the group (check_record)
        return;
      }
      problem(w, "missing_value", Severity::record, Message{"import.programme_empty"});
      return;
    }
    const long i = programmes_.take(text, free_programmes_ || !study_);
    if (i >= 0) {
      programme_ = static_cast<std::uint32_t>(i);
      programme_given_ = true;
      if (programme_optional_) programme_at_.save(w);
      return;
    }
    problem(w, "unknown_programme", Severity::record, [&] {
      const std::string* like = programme_meant(*study_, text);
      return like ? Message{"import.unknown_programme_hint",
                            {{"value", shown(text)},
                             {"study", study_->id},
                             {"programmes", list_names(t_.programmes)},
                             {"like", *like}}}
                  : Message{"import.unknown_programme",
                            {{"value", shown(text)}, {"study", study_->id}, {"programmes", list_names(t_.programmes)}}};
    });
  }

  void take_wave(std::string_view text, const Where& w) {
    text = trim(text);
    const long i = waves_.find(text);
    if (i >= 0) {
      wave_ = static_cast<std::uint32_t>(i);
      return;
    }
    problem(w, "invalid_wave", Severity::record, [&] {
      if (text.empty()) return Message{"import.wave_empty", {{"waves", wave_list(t_.waves)}}};
      for (const auto& known : t_.waves) {
        if (iequal(known, text)) {
          return Message{"import.invalid_wave_case",
                         {{"value", shown(text)}, {"waves", wave_list(t_.waves)}, {"wave", known}}};
        }
      }
      return Message{"import.invalid_wave", {{"value", shown(text)}, {"waves", wave_list(t_.waves)}}};
    });
  }

  void take_group(std::string_view text, const Where& w) {
    text = trim(text);
    const long i = groups_.take(text, free_groups_ || !study_);
    if (i >= 0) {
      group_ = static_cast<std::uint32_t>(i);
      return;
    }
    problem(w, "unknown_group", Severity::record, [&] {
      std::vector<std::string> ids(t_.groups.begin() + 1, t_.groups.end());
      return Message{"import.unknown_group",
                     {{"value", shown(text)}, {"study", study_->id}, {"groups", list_names(ids)}}};
    });
  }

  void take_instrument_id(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty() || text == ins_.id) return;
    problem(w, "instrument_mismatch", Severity::record, [&] {
      return Message{"import.record_instrument", {{"value", shown(text)}, doc(), version()}};
    });
  }

  bool version_accepted(double v) const {
    if (v == ins_.version) return true;
    for (int c : ins_.compatible_with) {
      if (v == c) return true;
    }
    return false;
  }

  void take_instrument_version(std::string_view text, const Where& w) {
    const std::string_view v = trim(text);
    double x;
    if (v.empty()) return;
    if (parse_number(v, x) == NumberParse::ok && version_accepted(x)) {
      version_now_ = static_cast<int>(x);
      return;
    }
    problem(w, "instrument_mismatch", Severity::record, [&] {
      return Message{"import.record_instrument_version", {{"value", v}, doc(), version()}};
    });
  }

  // ---- answers of every item type -------------------------------------------------------------
  void take_cell(int col, std::string_view text, const Where& w) {
    if (all_likert_ || (col < static_cast<int>(type_.size()) &&
                        type_[static_cast<std::size_t>(col)] == instrument::ItemType::likert)) {
      take_value_text(col, text, w);
      return;
    }
    take_typed_cell(col, text, w);
  }

  void take_json_cell(int col, const Json& v, const Where& w) {
    const instrument::ItemType type = type_[static_cast<std::size_t>(col)];
    if (type == instrument::ItemType::likert) {
      take_json_value(col, v, w);
      return;
    }
    if (v.is_null()) return;
    const instrument::Item& item = ins_.items[static_cast<std::size_t>(col)];
    switch (type) {
      case instrument::ItemType::likert:
        break;
      case instrument::ItemType::number:
        if (v.is_number()) {
          take_number(col, v.get<double>(), w);
          return;
        }
        break;
      case instrument::ItemType::choice:
        if (v.is_string()) {
          take_option(col, v.get_ref<const std::string&>(), w, false);
          return;
        }
        break;
      case instrument::ItemType::multi:
        if (v.is_array()) {
          if (!std::all_of(v.begin(), v.end(), [](const Json& e) { return e.is_string(); })) break;
          set_value(col, 0.0);
          for (const auto& e : v) take_option(col, e.get_ref<const std::string&>(), w, true);
          return;
        }
        break;
      case instrument::ItemType::text:
        if (v.is_string()) {
          take_text(col, v.get_ref<const std::string&>(), w);
          return;
        }
        break;
    }
    problem(w, "invalid_field", Severity::record, [&] {
      switch (type) {
        case instrument::ItemType::choice:
          return Message{"import.answer_not_option", {{"item", item.id}, json_type_param(v)}};
        case instrument::ItemType::multi:
          return Message{"import.answer_not_option_list", {{"item", item.id}, json_type_param(v)}};
        case instrument::ItemType::text:
          return Message{"import.answer_not_text", {{"item", item.id}, json_type_param(v)}};
        case instrument::ItemType::likert:
        case instrument::ItemType::number:
          break;
      }
      return Message{"import.answer_not_number_value", {{"item", item.id}, json_type_param(v)}};
    });
  }

  void take_typed_cell(int col, std::string_view text, const Where& w) {
    if (col >= static_cast<int>(type_.size())) {
      take_option_flag(aliases_[static_cast<std::size_t>(col) - type_.size()], text, w);
      return;
    }
    const std::string_view t = trim(text);
    switch (type_[static_cast<std::size_t>(col)]) {
      case instrument::ItemType::likert:
        take_value_text(col, text, w);
        return;
      case instrument::ItemType::number: {
        double x;
        switch (parse_number(t, x)) {
          case NumberParse::missing:
            return;
          case NumberParse::ok:
            take_number(col, x, w);
            return;
          case NumberParse::bad:
            break;
        }
        const instrument::Item& item = ins_.items[static_cast<std::size_t>(col)];
        problem(w, "not_a_number", Severity::record, [&] {
          const MsgParam integer("integer", item.integer ? 1 : 0), min("min", item.min), max("max", item.max);
          return decimal_comma(t) ? Message{"import.number_decimal_comma",
                                            {{"text", shown(t)}, {"item", item.id}, integer, min, max}}
                                  : Message{"import.number_not_a_number",
                                            {{"text", shown(t)}, {"item", item.id}, integer, min, max}};
        });
        return;
      }
      case instrument::ItemType::choice:
        if (t.empty() || t == "NA") return;
        take_option(col, t, w, false);
        return;
      case instrument::ItemType::multi: {
        if (t.empty() || t == "NA") return;
        if (is_missing(value(col))) set_value(col, 0.0);
        std::size_t b = 0;
        while (b <= t.size()) {
          std::size_t e = t.find('|', b);
          if (e == std::string_view::npos) e = t.size();
          const std::string_view part = trim(t.substr(b, e - b));
          if (!part.empty()) take_option(col, part, w, true);
          b = e + 1;
        }
        return;
      }
      case instrument::ItemType::text:
        take_text(col, text, w);
        return;
    }
  }

  void take_number(int col, double x, const Where& w) {
    const instrument::Item& item = ins_.items[static_cast<std::size_t>(col)];
    if (x >= item.min && x <= item.max && (!item.integer || std::floor(x) == x)) {
      set_value(col, x);
      return;
    }
    const bool outside = !(x >= item.min && x <= item.max);
    problem(w, outside ? "out_of_scale" : "not_integer", Severity::record, [&] {
      const MsgParam min("min", item.min), max("max", item.max);
      return outside ? Message{"import.number_out_of_range",
                               {{"value", x}, {"item", item.id}, {"integer", item.integer ? 1 : 0}, min, max}}
                     : Message{"import.number_not_integer", {{"value", x}, {"item", item.id}, min, max}};
    });
  }

  // An option of a choice (its index) or of a multi item (its bit; the value is already 0 or more).
  void take_option(int col, std::string_view text, const Where& w, bool multi) {
    const long k = finder_.find(static_cast<std::size_t>(col), text);
    if (k >= 0) {
      if (!multi) {
        set_value(col, static_cast<double>(k));
      } else {
        set_value(col, static_cast<double>(static_cast<unsigned long long>(value(col)) | (1ull << k)));
      }
      return;
    }
    const instrument::Item& item = ins_.items[static_cast<std::size_t>(col)];
    problem(w, "unknown_option", Severity::record, [&] {
      std::vector<std::string> ids;
      for (const auto& o : item.options) ids.push_back(o.id);
      const MsgParam value("value", shown(trim(text))), options("options", list_names(ids, kListedIds));
      return k == OptionFinder::kAmbiguous
                 ? Message{"import.option_label_ambiguous", {value, {"item", item.id}, options, doc(), version()}}
                 : Message{"import.unknown_option", {value, {"item", item.id}, options, doc(), version()}};
    });
  }

  // A 0/1 column <item>_<option> of a multi item.
  void take_option_flag(const std::pair<std::size_t, std::size_t>& alias, std::string_view text, const Where& w) {
    const std::string_view t = trim(text);
    const int col = static_cast<int>(alias.first);
    if (t.empty() || t == "NA") return;
    if (t == "0" || t == "1") {
      double now = value(col);
      if (is_missing(now)) now = 0.0;
      if (t == "1") now = static_cast<double>(static_cast<unsigned long long>(now) | (1ull << alias.second));
      set_value(col, now);
      return;
    }
    const instrument::Item& item = ins_.items[alias.first];
    problem(w, "not_binary", Severity::record, [&] {
      return Message{"import.option_not_binary",
                     {{"text", shown(t)}, {"item", item.id}, {"option", item.options[alias.second].id}}};
    });
  }

  void take_text(int col, std::string_view text, const Where& w) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;  // blank: not answered
    const instrument::Item& item = ins_.items[static_cast<std::size_t>(col)];
    std::string normal = nfc_quick_check(text) ? std::string(text) : nfc(text);
    const std::size_t length = count_code_points(normal);
    if (length > static_cast<std::size_t>(item.max_length)) {
      problem(w, "text_too_long", Severity::record, [&] {
        return Message{"import.text_too_long",
                       {{"item", item.id}, {"length", length}, {"max_length", item.max_length}}};
      });
      return;
    }
    text_now_[static_cast<std::size_t>(text_slot_[static_cast<std::size_t>(col)])] = std::move(normal);
    set_value(col, 1.0);
  }

  // ---- routing (import_study_responses) -------------------------------------------------------
  enum class Route { here, elsewhere, nowhere };
  // Where a record goes by the instrument it names ("" = none) and its respondent ("" = not said).
  Route route(std::string_view named, std::string_view respondent) const {
    if (!routing_) return Route::here;
    const Study& s = *routing_->study;
    if (!named.empty()) {
      if (named == ins_.id) return Route::here;
      // Another instrument of the study is another pass's; an unknown one is reported here when this pass reports.
      for (const auto& si : s.instruments) {
        if (si.ref.id == named) return Route::elsewhere;
      }
      return routing_->report_unrouted ? Route::here : Route::elsewhere;
    }
    const bool employer = respondent == "employer";
    int found = -1, n = 0;
    for (std::size_t i = 0; i < s.instruments.size(); ++i) {
      if ((s.instruments[i].respondents == instrument::Respondents::employers) != employer) continue;
      ++n;
      found = static_cast<int>(i);
    }
    if (n == 1) return static_cast<std::size_t>(found) == routing_->index ? Route::here : Route::elsewhere;
    return routing_->report_unrouted ? Route::nowhere : Route::elsewhere;
  }

  void unrouted(const Where& w) {
    problem(w, "missing_value", Severity::record, [&] {
      std::vector<std::string> ids;
      for (const auto& si : routing_->study->instruments) ids.push_back(si.ref.id);
      return Message{"import.record_no_instrument", {{"study", routing_->study->id}, {"instruments", list_names(ids)}}};
    });
  }

  bool routes_here(const std::vector<std::string_view>& fields, const Header& h, std::size_t row, std::size_t line) {
    if (!routing_) return true;
    auto cell = [&](int k) {
      const int c = h.known[static_cast<std::size_t>(k)];
      return c >= 0 && static_cast<std::size_t>(c) < fields.size() ? trim(fields[static_cast<std::size_t>(c)])
                                                                   : std::string_view();
    };
    switch (route(cell(kInstrument), cell(kRespondent))) {
      case Route::here:
        return true;
      case Route::elsewhere:
        return false;
      case Route::nowhere:
        break;
    }
    begin_record(row);
    skip_checks_ = true;
    const int c = h.known[kInstrument];
    unrouted(c >= 0 ? Where{row, static_cast<std::size_t>(c) + 1, line, h.names[static_cast<std::size_t>(c)]}
                    : Where{row, 0, line, {}});
    end_record();
    return false;
  }

  // ---- the header of a CSV file ---------------------------------------------------------------
  std::optional<Message> other_kind(const Header& h) const {
    if (h.known[kCode] >= 0 || h.known[kProgramme] >= 0 || !h.has("expert") || !h.has("object")) return std::nullopt;
    return Message{"import.other_kind_csv",
                   {{"first", "expert"},
                    {"second", "object"},
                    MsgParam::coded("kind", "ratings", "ratings"),
                    {"op", "import_ratings"}}};
  }
  Message unknown_column(std::string_view header, const std::string& like) const {
    return Message{
        "import.unknown_item_column",
        {{"name", shown(header)}, doc(), version(), {"ids", list_names(t_.item_ids, kListedIds)}, {"like", like}}};
  }
  // An unknown answer key of a JSON response: the last item id one edit away.
  const std::string* suggest(std::string_view key) const {
    const std::string* like = nullptr;
    const std::string lower = lower_ascii(key);
    for (const auto& id : t_.item_ids) {
      if (within_one_edit(lower, lower_ascii(id))) like = &id;
    }
    return like;
  }

  // ---- JSON -----------------------------------------------------------------------------------
  bool import_json_document(const Json& doc) {
    if (!doc.is_object()) {
      file_problem("wrong_format", Message{"import.response_file_not_object", {json_type_param(doc)}});
      return false;
    }
    auto f = doc.find("format");
    const std::string format = f != doc.end() && f->is_string() ? f->get<std::string>() : "";
    if (format == "assess-response/1" || format == "assess-response/2") {
      context().bundle = false;
      format2_ = format == "assess-response/2";
      take_json_response(doc, "", 1, nullptr);
      return true;
    }
    if (format == "assess-responses/1" || format == "assess-responses/2") {
      context().bundle = true;
      format2_ = format == "assess-responses/2";
      if (format2_) {
        for (const char* key : {"encryption", "consent"}) {
          if (doc.find(key) == doc.end()) continue;
          problem(Where{0, 0, 0, std::string("/") + key}, "reserved_field", Severity::file,
                  Message{"import.reserved_field", {{"key", key}}});
          return false;
        }
      }
      const Json* bundle_ins = nullptr;
      auto bi = doc.find("instrument");
      if (bi != doc.end()) {
        bundle_ins = &*bi;
        if (auto why = instrument_ref_problem(*bi, true, nullptr)) {
          // A bundle of another instrument of the study is another pass's.
          if (routing_ && bi->is_object() && bi->contains("id") && (*bi)["id"].is_string() &&
              route((*bi)["id"].get_ref<const std::string&>(), "") == Route::elsewhere)
            return true;
          problem(Where{0, 0, 0, "/instrument"}, "instrument_mismatch", Severity::file, *why);
          return false;
        }
      }
      auto rs = doc.find("responses");
      if (rs == doc.end() || !rs->is_array()) {
        file_problem("wrong_format", rs == doc.end()
                                         ? Message{"import.bundle_no_responses"}
                                         : Message{"import.bundle_responses_not_array", {json_type_param(*rs)}});
        return false;
      }
      std::size_t i = 0;
      for (const auto& r : *rs) {
        take_json_response(r, "/responses/" + std::to_string(i), i + 1, bundle_ins);
        ++i;
      }
      if (i == 0) file_problem("header_only", Message{"import.empty_bundle"}, Severity::warning);
      return true;
    }
    if (format == "assess-ratings/1") {
      file_problem("wrong_format", Message{"import.ratings_file_given"});
    } else if (format.rfind("assess-", 0) == 0) {
      file_problem("wrong_format", Message{"import.other_format", {{"format", format}}});
    } else if (f == doc.end()) {
      file_problem("wrong_format",
                   Message{"import.no_format", {word("kind", kInfo.words.kind), {"format", "assess-response/1"}}});
    } else if (f->is_string()) {
      file_problem("wrong_format", Message{"import.unknown_format_response", {{"format", shown(format)}}});
    } else {
      file_problem("wrong_format", Message{"import.format_not_string_response", {json_type_param(*f)}});
    }
    return false;
  }

  // Nothing when the reference {"id", "version"} names this instrument (or
  // a version it is compatible with: its version in *version); else why
  // not (for a bundle: the file is not imported).
  std::optional<Message> instrument_ref_problem(const Json& ref, bool bundle, int* version_out) const {
    if (!ref.is_object()) {
      return bundle ? Message{"import.bundle_instrument_not_object", {json_type_param(ref)}}
                    : Message{"import.instrument_not_object", {json_type_param(ref)}};
    }
    auto id = ref.find("id");
    auto ver = ref.find("version");
    if (id == ref.end() || !id->is_string()) {
      return bundle ? Message{"import.bundle_instrument_no_id"} : Message{"import.instrument_no_id"};
    }
    if (ver == ref.end() || !ver->is_number()) {
      return bundle ? Message{"import.bundle_instrument_no_version"} : Message{"import.instrument_no_version"};
    }
    const std::string& used = id->get_ref<const std::string&>();
    const double used_version = ver->get<double>();
    if (used == ins_.id && version_accepted(used_version)) {
      if (version_out) *version_out = static_cast<int>(used_version);
      return std::nullopt;
    }
    return bundle ? Message{"import.bundle_instrument_mismatch",
                            {{"used", used}, {"used_version", used_version}, doc(), version()}}
                  : Message{"import.instrument_mismatch",
                            {{"used", used}, {"used_version", used_version}, doc(), version()}};
  }

  // The instrument id a JSON record names ("" when none), for routing.
  static std::string_view named_instrument(const Json& r, const Json* bundle_ins) {
    for (const Json* ref : {r.is_object() && r.contains("instrument") ? &r["instrument"] : nullptr, bundle_ins}) {
      if (ref == nullptr) continue;
      if (ref->is_object() && ref->contains("id") && (*ref)["id"].is_string())
        return (*ref)["id"].get_ref<const std::string&>();
      return {};
    }
    return {};
  }

  void take_json_response(const Json& r, const std::string& base, std::size_t row, const Json* bundle_ins) {
    if (routing_) {
      std::string_view respondent;
      if (r.is_object() && r.contains("respondent") && r["respondent"].is_string())
        respondent = r["respondent"].get_ref<const std::string&>();
      switch (route(named_instrument(r, bundle_ins), respondent)) {
        case Route::here:
          break;
        case Route::elsewhere:
          return;
        case Route::nowhere:
          begin_record(row);
          skip_checks_ = true;
          unrouted(Where{row, 0, 0, base + "/instrument"});
          end_record();
          return;
      }
    }
    begin_record(row);
    std::string ptr;
    auto at = [&](const char* key) {
      ptr = base + "/" + key;
      return Where{row, 0, 0, ptr};
    };
    if (!r.is_object()) {
      problem(Where{row, 0, 0, base}, "invalid_field", Severity::record,
              Message{"import.response_not_object", {json_type_param(r)}});
      end_record();
      return;
    }
    auto fmt = r.find("format");
    const char* const expected = format2_ ? "assess-response/2" : "assess-response/1";
    if (fmt != r.end() && !(fmt->is_string() && fmt->get_ref<const std::string&>() == expected)) {
      problem(at("format"), "wrong_format", Severity::record,
              format2_ ? Message{"import.response_format_2", {{"text", json_text(*fmt)}}}
                       : Message{"import.response_format", {{"text", json_text(*fmt)}}});
    }
    if (format2_) {
      for (const char* key : {"encryption", "consent"}) {
        if (r.find(key) != r.end()) {
          problem(at(key), "reserved_field", Severity::record, Message{"import.reserved_field", {{"key", key}}});
        }
      }
    }
    auto ins = r.find("instrument");
    if (ins != r.end()) {
      if (auto why = instrument_ref_problem(*ins, false, &version_now_)) {
        problem(at("instrument"), "instrument_mismatch", Severity::record, *why);
      }
    } else if (!bundle_ins) {
      problem(at("instrument"), "missing_value", Severity::record, Message{"import.response_no_instrument"});
    } else {
      instrument_ref_problem(*bundle_ins, true, &version_now_);
    }
    std::string_view s;
    if (format2_ && json_string(r, "respondent", false, at("respondent"), s)) take_respondent(s, at("respondent"));
    const bool code_required = !(format2_ && t_.employers) && !other_respondent_;
    if (json_string(r, "code", code_required, at("code"), s)) take_code(s, at("code"));
    if (json_string(r, "programme", !programme_optional_ || t_.employers, at("programme"), s))
      take_programme(s, at("programme"));
    if (json_string(r, "wave", true, at("wave"), s)) take_wave(s, at("wave"));
    if (json_string(r, "lang", false, at("lang"), s)) take_lang(s, at("lang"));
    if (json_string(r, "group", false, at("group"), s)) take_group(s, at("group"));
    if (json_string(r, "submitted", false, at("submitted"), s)) take_submitted(s, at("submitted"));
    if (format2_) {
      if (json_string(r, "employer", t_.employers && !other_respondent_, at("employer"), s))
        take_employer(s, at("employer"));
      if (json_string(r, "graduate", false, at("graduate"), s)) take_graduate(s, at("graduate"));
    }
    auto ans = r.find("answers");
    if (ans == r.end()) {
      problem(at("answers"), "missing_value", Severity::record, Message{"import.response_no_answers"});
    } else if (!ans->is_object()) {
      problem(at("answers"), "invalid_field", Severity::record,
              Message{"import.answers_not_object", {json_type_param(*ans)}});
    } else {
      json_values(*ans, base + "/answers", row);
    }
    if (format2_) {
      static const char* const kFields2[] = {
          "format", "instrument", "respondent", "code",    "employer", "graduate",  "programme",  "wave",   "lang",
          "group",  "submitted",  "answers",    "$schema", "engine",   "integrity", "encryption", "consent"};
      json_extras(r, kFields2);
    } else {
      static const char* const kFields[] = {"format", "instrument", "code",    "programme", "wave",   "lang",
                                            "group",  "submitted",  "answers", "$schema",   "engine", "integrity"};
      json_extras(r, kFields);
    }
    end_record();
  }

  // ---- the key: code and wave (students), employer, graduate or programme, and wave (employers) ----
  std::uint64_t key(std::size_t r) const {
    if (!t_.employers) return hash_bytes(t_.code[r], t_.wave[r] + 1);
    const std::string& subject = t_.graduate[r].empty() ? programme_name(r) : t_.graduate[r];
    return hash_bytes(subject, hash_bytes(t_.employer[r], t_.wave[r] + 1) + (t_.graduate[r].empty() ? 1 : 0));
  }
  bool same_key(std::size_t a, std::size_t b) const {
    if (t_.wave[a] != t_.wave[b]) return false;
    if (!t_.employers) return t_.code[a] == t_.code[b];
    return t_.employer[a] == t_.employer[b] && t_.graduate[a] == t_.graduate[b] &&
           (!t_.graduate[a].empty() || t_.programme[a] == t_.programme[b]);
  }
  const std::string& programme_name(std::size_t r) const {
    static const std::string kNone;
    return t_.programme[r] < t_.programmes.size() ? t_.programmes[t_.programme[r]] : kNone;
  }
  std::string record_id(std::size_t r) const { return data::record_id(t_, r); }
  Json evidence(std::size_t r) const { return data::record_json(t_, r); }
  Message duplicate(std::size_t first, std::size_t again) const {
    if (t_.employers) {
      return Message{
          "import.duplicate_employer_record",
          {{"employer", t_.employer[again]},
           {"graduate", t_.graduate[again].empty() ? programme_name(again) : display_code(t_.graduate[again])},
           {"wave", t_.waves[t_.wave[again]]},
           {"first", t_.where(first)}}};
    }
    return Message{
        "import.duplicate_record",
        {{"code", display_code(t_.code[again])}, {"wave", t_.waves[t_.wave[again]]}, {"first", t_.where(first)}}};
  }
  Message identical(std::size_t first, std::size_t /*again*/) const {
    return Message{"import.duplicate_identical", {{"first", t_.where(first)}}};
  }

  const Instrument& ins_;
  const Study* study_;
  const Routing* routing_;
  OptionFinder finder_;
  Dict programmes_, waves_, groups_;
  bool free_programmes_ = true, free_groups_ = true;
  bool programme_optional_ = false;
  std::vector<char> no_programme_group_;  // per study group: without_programme
  bool format2_ = false;                  // the JSON file being read is assess-response(s)/2
  std::vector<instrument::ItemType> type_;
  bool all_likert_ = true;
  std::vector<std::pair<std::size_t, std::size_t>> aliases_;  // the 0/1 columns: (item, option)
  std::vector<std::size_t> text_items_;
  std::vector<int> text_slot_;  // per item: its index in text_items_, or -1
  std::vector<int> versions_;
  int last_version_ = 0;

  // the record being read
  std::string code_, check_, employer_, graduate_, graduate_check_;
  std::uint32_t programme_ = 0, wave_ = 0, group_ = 0;
  bool programme_given_ = false;
  bool code_seen_ = false;         // the record has a code field (CSV column, JSON field), empty or not
  bool other_respondent_ = false;  // the record says it is the other kind of respondent (a problem already)
  bool skip_checks_ = false;       // a record that went nowhere (import_study_responses): its problem is said
  SavedWhere programme_empty_, programme_at_;
  int version_now_ = 0;
  std::vector<std::string> text_now_;
};

// The checks before any file is read: the study names this instrument, it has items.
std::optional<Error> import_refusal(const Instrument& instrument, const Study* study) {
  if (study && study->format == 1 && study->instrument &&
      (study->instrument->id != instrument.id || study->instrument->version != instrument.version)) {
    return make_error(ErrorCode::invalid_input,
                      Message{"import.study_instrument",
                              {{"study", study->id},
                               {"named", study->instrument->id},
                               {"named_version", study->instrument->version},
                               {"doc", instrument.id},
                               {"version", instrument.version}}},
                      "/study/instrument");
  }
  if (study && study->format != 1) {
    const int i = instrument::find_study_instrument(*study, instrument.id);
    const bool compatible =
        i >= 0 &&
        (study->instruments[static_cast<std::size_t>(i)].ref.version == instrument.version ||
         std::find(instrument.compatible_with.begin(), instrument.compatible_with.end(),
                   study->instruments[static_cast<std::size_t>(i)].ref.version) != instrument.compatible_with.end());
    if (!compatible) {
      return make_error(ErrorCode::invalid_input,
                        Message{"import.study_lacks_instrument",
                                {{"study", study->id}, {"doc", instrument.id}, {"version", instrument.version}}},
                        "/study/instruments");
    }
  }
  if (instrument.items.empty()) {
    return make_error(ErrorCode::invalid_input, Message{"import.no_items"}, "/instrument/items");
  }
  return std::nullopt;
}

}  // namespace

Result<ResponseTable> import_responses(const Instrument& instrument, const Study* study,
                                       const std::vector<InputFile>& files, ImportReport& report,
                                       const ImportOptions& options) {
  if (auto e = import_refusal(instrument, study)) return *e;
  if (auto e = detail::check_import_limits(files)) return *e;
  ResponseTable table;
  ResponseImporter importer(instrument, study, report, options, table);
  for (std::size_t i = 0; i < files.size(); ++i) importer.import_file(i, files[i]);
  importer.finish();
  importer.finish_versions();
  if (auto e = detail::check_record_limit(report.rows, "response_records", "response records")) return *e;
  return table;
}

namespace {

bool same_problem(const Problem& a, const Problem& b) {
  return a.file == b.file && a.row == b.row && a.column == b.column && a.code == b.code && a.message == b.message;
}

}  // namespace

Result<std::vector<ResponseTable>> import_study_responses(const Study& study,
                                                          const std::vector<const Instrument*>& instruments,
                                                          const std::vector<InputFile>& files, ImportReport& report,
                                                          const ImportOptions& options) {
  if (instruments.size() != study.instruments.size()) {
    return make_error(ErrorCode::invalid_input,
                      Message{"import.study_instruments_count",
                              {{"study", study.id}, {"n", study.instruments.size()}, {"given", instruments.size()}}},
                      "/instruments");
  }
  for (std::size_t i = 0; i < instruments.size(); ++i) {
    const Instrument* ins = instruments[i];
    const instrument::DocRef& ref = study.instruments[i].ref;
    if (ins == nullptr || ins->id != ref.id ||
        (ins->version != ref.version && std::find(ins->compatible_with.begin(), ins->compatible_with.end(),
                                                  ref.version) == ins->compatible_with.end())) {
      return make_error(ErrorCode::invalid_input,
                        Message{"import.study_instrument",
                                {{"study", study.id},
                                 {"named", ref.id},
                                 {"named_version", ref.version},
                                 {"doc", ins ? ins->id : std::string()},
                                 {"version", ins ? ins->version : 0}}},
                        "/instruments/" + std::to_string(i));
    }
    if (auto e = import_refusal(*ins, study.format == 1 ? nullptr : &study)) return *e;
  }
  if (auto e = detail::check_import_limits(files)) return *e;
  // One pass over the files per instrument: each takes the records routed to
  // it; the first pass also reports the records that name no instrument.
  // Problems of the files themselves come once (equal problems of several
  // passes are one).
  std::vector<ResponseTable> tables(instruments.size());
  std::vector<Problem> problems;
  std::size_t errors = 0, warnings = 0, rows = 0;
  for (std::size_t i = 0; i < instruments.size(); ++i) {
    ImportReport pass;
    Routing routing{&study, i, i == 0};
    {
      ResponseImporter importer(*instruments[i], &study, pass, options, tables[i], &routing);
      std::vector<std::string> others;  // the columns of the other instruments
      for (std::size_t j = 0; j < instruments.size(); ++j) {
        if (j == i) continue;
        for (const auto& item : instruments[j]->items) {
          others.push_back(item.id);
          if (item.type != instrument::ItemType::multi) continue;
          for (const auto& o : item.options) others.push_back(item.id + "_" + o.id);
        }
      }
      importer.ignore_columns(others);
      for (std::size_t f = 0; f < files.size(); ++f) importer.import_file(f, files[f]);
      importer.finish();
      importer.finish_versions();
    }
    rows += pass.rows;
    report.records += pass.records;
    report.records_rejected += pass.records_rejected;
    errors += pass.errors;
    warnings += pass.warnings;
    for (auto& p : pass.problems) {
      if (std::any_of(problems.begin(), problems.end(), [&](const Problem& q) { return same_problem(p, q); })) {
        (p.severity == Severity::warning ? warnings : errors) -= 1;
        continue;
      }
      problems.push_back(std::move(p));
    }
  }
  // In file order, then row order, as one import lists them.
  std::stable_sort(problems.begin(), problems.end(), [&files](const Problem& a, const Problem& b) {
    auto index = [&files](const std::string& name) {
      for (std::size_t f = 0; f < files.size(); ++f) {
        if (files[f].name == name) return f;
      }
      return files.size();
    };
    const std::size_t fa = index(a.file), fb = index(b.file);
    return fa != fb ? fa < fb : a.row < b.row;
  });
  std::vector<std::string> rejected;
  for (const auto& p : problems) {
    if (p.severity == Severity::file && std::find(rejected.begin(), rejected.end(), p.file) == rejected.end())
      rejected.push_back(p.file);
  }
  report.files += files.size();
  report.files_rejected += rejected.size();
  report.rows += rows;
  report.errors += errors;
  report.warnings += warnings;
  for (auto& p : problems) report.problems.push_back(std::move(p));
  if (auto e = detail::check_record_limit(report.rows, "response_records", "response records")) return *e;
  return tables;
}

namespace {

// The answers of record r by item id: numbers as they are (a Likert-only
// instrument: every value), the other types as answer_json writes them;
// text answers in their identity form (NFC, line ends \n, trimmed) when `identity`.
Json answers_json(const ResponseTable& t, std::size_t r, bool identity) {
  Json ans = Json::object();
  const bool typed = t.items.size() == t.n_items();
  for (std::size_t j = 0; j < t.n_items(); ++j) {
    const double x = t.answer(r, j);
    if (!typed || t.items[j].type == instrument::ItemType::likert) {
      ans[t.item_ids[j]] = json_number(x);
      continue;
    }
    const std::string* text = j < t.texts.size() && r < t.texts[j].size() ? &t.texts[j][r] : nullptr;
    std::string normal;
    if (text && identity) {
      normal = text_identity(*text);
      text = &normal;
    }
    ans[t.item_ids[j]] = answer_json(t.items[j], x, text);
  }
  return ans;
}

}  // namespace

Json identity_json(const ResponseTable& t, std::size_t r) {
  Json id = Json::object();
  id["answers"] = answers_json(t, r, true);
  if (t.employers) {
    id["code"] = nullptr;
    id["employer"] = t.employer[r];
    id["graduate"] = t.graduate[r].empty() ? Json(nullptr) : Json(t.graduate[r]);
  } else {
    id["code"] = t.code[r];
  }
  id["group"] = t.group[r] ? Json(t.groups[t.group[r]]) : Json(nullptr);
  id["instrument"] = Json{{"id", t.instrument.id}, {"version", t.instrument.version}};
  id["kind"] = "response";
  id["programme"] = t.programme[r] < t.programmes.size() ? Json(t.programmes[t.programme[r]]) : Json(nullptr);
  if (t.employers) id["respondent"] = "employer";
  id["wave"] = t.waves[t.wave[r]];
  return id;
}

std::string record_id(const ResponseTable& t, std::size_t r) {
  return "sha256:" + sha256_hex(canonical_json(identity_json(t, r)));
}

Json record_json(const ResponseTable& t, std::size_t r) {
  Json rec = Json::object();
  if (t.employers) {
    rec["respondent"] = "employer";
    rec["employer"] = t.employer[r];
    rec["graduate"] = t.graduate[r].empty()         ? Json(nullptr)
                      : t.graduate_check[r].empty() ? Json(display_code(t.graduate[r]))
                                                    : Json(display_code(t.graduate[r]) + "-" + t.graduate_check[r]);
  } else {
    rec["code"] = t.code_text(r);
  }
  rec["programme"] = t.programme[r] < t.programmes.size() ? Json(t.programmes[t.programme[r]]) : Json(nullptr);
  rec["wave"] = t.waves[t.wave[r]];
  rec["lang"] = detail::lang_json(t.langs, t.lang[r]);
  rec["group"] = t.group[r] ? Json(t.groups[t.group[r]]) : Json(nullptr);
  rec["submitted"] = detail::submitted_json(t.submitted, r);
  rec["answers"] = answers_json(t, r, false);
  detail::put_record_source(rec, t.extra_names, t.extra, t.files, t.source[r], r);
  rec["record_id"] = record_id(t, r);
  return rec;
}

Json records_json(const ResponseTable& t) {
  Json out = Json::array();
  for (std::size_t r = 0; r < t.size(); ++r) out.push_back(record_json(t, r));
  return out;
}

Json summary_json(const ResponseTable& t) {
  Json s = Json::object();
  s["instrument"] = Json{{"id", t.instrument.id}, {"version", t.instrument.version}};
  s["items"] = t.item_ids;
  s["records"] = t.size();
  s["programmes"] = detail::counts_by_name(t.programmes, t.programme);
  s["waves"] = detail::counts_by_name(t.waves, t.wave);
  s["groups"] = detail::counts_by_name(t.groups, t.group, true);
  s["langs"] = detail::counts_by_name(t.langs, t.lang, true);
  s["extra_columns"] = t.extra_names;
  // assess-response/2 only (a /1 import's summary is as it was):
  const auto no_programme =
      static_cast<std::size_t>(std::count(t.programme.begin(), t.programme.end(), ResponseTable::kNoProgramme));
  if (no_programme > 0) s["no_programme"] = no_programme;
  if (t.employers) s["respondents"] = "employers";
  if (!t.versions.empty() && !(t.versions.size() == 1 && t.versions[0] == t.instrument.version))
    s["versions"] = t.versions;
  return s;
}

}  // namespace assess::data
