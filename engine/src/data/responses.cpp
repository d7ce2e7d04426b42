#include "assess/data/responses.hpp"

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/canonical_json.hpp"
#include "assess/core/sha256.hpp"
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

// The known columns, in the order a row reads them.
enum Known { kCode, kProgramme, kWave, kLang, kGroup, kSubmitted, kInstrument, kVersion };

// "pre or post", "a, b or c"
std::string wave_list(const std::vector<std::string>& waves) {
  std::string s;
  for (std::size_t i = 0; i < waves.size(); ++i) s += (i ? (i + 1 == waves.size() ? " or " : ", ") : "") + waves[i];
  return s;
}

// Responses: one record per respondent and wave, keyed by code and wave.
class ResponseImporter : public Importer<ResponseImporter, ResponseTable> {
 public:
  static constexpr KnownColumn kColumns[] = {{"code", true, Role::field},        {"programme", true, Role::field},
                                             {"wave", true, Role::field},        {"lang", false, Role::lang},
                                             {"group", false, Role::field},      {"submitted", false, Role::submitted},
                                             {"instrument", false, Role::field}, {"version", false, Role::field}};
  static_assert(all_reserved(kColumns), "a known column missing from instrument::kReservedColumns");
  static constexpr KindInfo kInfo = {kColumns,
                                     static_cast<int>(std::size(kColumns)),
                                     {{"response", "response"},                 // kind
                                      {"response", "response"},                 // entry
                                      {"records", "records"},                   // records
                                      {"record", "record"},                     // record
                                      {"answer", "answer"},                     // value
                                      {"scale", "scale"},                       // scale
                                      {"item", "item"},                         // item
                                      {"items", "items"},                       // items
                                      {"item", "an item"},                      // an_item
                                      {"form_language", "form language"}},      // subject
                                     "code,programme,wave,lang,<item ids...>",  // header_example
                                     "unknown_item",                            // unknown_column_code
                                     "duplicate_record",                        // duplicate_code
                                     "2026-11-23T10:00:00Z",                    // timestamp_example
                                     true};                                     // json_strings_shown

  ResponseImporter(const Instrument& ins, const Study* study, ImportReport& report, const ImportOptions& options,
                   ResponseTable& table)
      : Importer(table, table.item_ids, table.answers, report, options),
        ins_(ins),
        study_(study),
        programmes_(table.programmes),
        waves_(table.waves),
        groups_(table.groups) {
    t_.instrument = instrument::DocRef{ins.id, ins.version};
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
      for (const auto& g : study->groups) groups_.add(g.id);
      free_groups_ = study->groups.empty();
    }
    set_document(ins.id, ins.version, ins.languages);
    set_values(Scale{static_cast<double>(ins.scale.min), static_cast<double>(ins.scale.max), ins.scale.integer}, true);
  }

 private:
  friend Importer;

  // ---- the record's fields ------------------------------------------------------------------
  void reset_record() {
    code_.clear();
    check_.clear();
    programme_ = wave_ = group_ = 0;
  }
  bool record_complete() const { return !code_.empty(); }
  void commit_record() {
    t_.code.push_back(std::move(code_));
    t_.check.push_back(std::move(check_));
    t_.programme.push_back(programme_);
    t_.wave.push_back(wave_);
    t_.group.push_back(group_);
  }
  template <class F>
  void record_columns(F&& f) {
    f(t_.code);
    f(t_.check);
    f(t_.programme);
    f(t_.wave);
    f(t_.group);
  }

  void take_field(int k, std::string_view text, const Where& w) {
    switch (k) {
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
      default:
        break;
    }
  }

  void take_code(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, Message{"import.code_empty"});
      return;
    }
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
      return;
    }
    code_ = std::move(r.value().body);
    check_ = std::move(r.value().check);
  }

  void take_programme(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, Message{"import.programme_empty"});
      return;
    }
    const long i = programmes_.take(text, free_programmes_ || !study_);
    if (i >= 0) {
      programme_ = static_cast<std::uint32_t>(i);
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

  void take_instrument_version(std::string_view text, const Where& w) {
    const std::string_view v = trim(text);
    double x;
    if (v.empty() || (parse_number(v, x) == NumberParse::ok && x == ins_.version)) return;
    problem(w, "instrument_mismatch", Severity::record, [&] {
      return Message{"import.record_instrument_version", {{"value", v}, doc(), version()}};
    });
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
    if (format == "assess-response/1") {
      context().bundle = false;
      take_json_response(doc, "", 1, nullptr);
      return true;
    }
    if (format == "assess-responses/1") {
      context().bundle = true;
      const Json* bundle_ins = nullptr;
      auto bi = doc.find("instrument");
      if (bi != doc.end()) {
        bundle_ins = &*bi;
        if (auto why = instrument_ref_problem(*bi, true)) {
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

  // Nothing when the reference {"id", "version"} names this instrument;
  // else why not (for a bundle: the file is not imported).
  std::optional<Message> instrument_ref_problem(const Json& ref, bool bundle) const {
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
    if (used == ins_.id && used_version == ins_.version) return std::nullopt;
    return bundle ? Message{"import.bundle_instrument_mismatch",
                            {{"used", used}, {"used_version", used_version}, doc(), version()}}
                  : Message{"import.instrument_mismatch",
                            {{"used", used}, {"used_version", used_version}, doc(), version()}};
  }

  void take_json_response(const Json& r, const std::string& base, std::size_t row, const Json* bundle_ins) {
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
    if (fmt != r.end() && !(fmt->is_string() && fmt->get_ref<const std::string&>() == "assess-response/1")) {
      problem(at("format"), "wrong_format", Severity::record,
              Message{"import.response_format", {{"text", json_text(*fmt)}}});
    }
    auto ins = r.find("instrument");
    if (ins != r.end()) {
      if (auto why = instrument_ref_problem(*ins, false)) {
        problem(at("instrument"), "instrument_mismatch", Severity::record, *why);
      }
    } else if (!bundle_ins) {
      problem(at("instrument"), "missing_value", Severity::record, Message{"import.response_no_instrument"});
    }
    std::string_view s;
    if (json_string(r, "code", true, at("code"), s)) take_code(s, at("code"));
    if (json_string(r, "programme", true, at("programme"), s)) take_programme(s, at("programme"));
    if (json_string(r, "wave", true, at("wave"), s)) take_wave(s, at("wave"));
    if (json_string(r, "lang", false, at("lang"), s)) take_lang(s, at("lang"));
    if (json_string(r, "group", false, at("group"), s)) take_group(s, at("group"));
    if (json_string(r, "submitted", false, at("submitted"), s)) take_submitted(s, at("submitted"));
    auto ans = r.find("answers");
    if (ans == r.end()) {
      problem(at("answers"), "missing_value", Severity::record, Message{"import.response_no_answers"});
    } else if (!ans->is_object()) {
      problem(at("answers"), "invalid_field", Severity::record,
              Message{"import.answers_not_object", {json_type_param(*ans)}});
    } else {
      json_values(*ans, base + "/answers", row);
    }
    static const char* const kFields[] = {"format", "instrument", "code",    "programme", "wave",   "lang",
                                          "group",  "submitted",  "answers", "$schema",   "engine", "integrity"};
    json_extras(r, kFields);
    end_record();
  }

  // ---- the key: code and wave -----------------------------------------------------------------
  std::uint64_t key(std::size_t r) const { return hash_bytes(t_.code[r], t_.wave[r] + 1); }
  bool same_key(std::size_t a, std::size_t b) const { return t_.wave[a] == t_.wave[b] && t_.code[a] == t_.code[b]; }
  std::string record_id(std::size_t r) const { return data::record_id(t_, r); }
  Json evidence(std::size_t r) const { return data::record_json(t_, r); }
  Message duplicate(std::size_t first, std::size_t again) const {
    return Message{
        "import.duplicate_record",
        {{"code", display_code(t_.code[again])}, {"wave", t_.waves[t_.wave[again]]}, {"first", t_.where(first)}}};
  }
  Message identical(std::size_t first, std::size_t /*again*/) const {
    return Message{"import.duplicate_identical", {{"first", t_.where(first)}}};
  }

  const Instrument& ins_;
  const Study* study_;
  Dict programmes_, waves_, groups_;
  bool free_programmes_ = true, free_groups_ = true;

  // the record being read
  std::string code_, check_;
  std::uint32_t programme_ = 0, wave_ = 0, group_ = 0;
};

}  // namespace

Result<ResponseTable> import_responses(const Instrument& instrument, const Study* study,
                                       const std::vector<InputFile>& files, ImportReport& report,
                                       const ImportOptions& options) {
  // Only Likert answers are read so far (docs/formats.md "Until the readers follow").
  if (auto e = instrument::unsupported_item_type(instrument)) return *e;
  if (study && study->instrument &&
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
  if (instrument.items.empty()) {
    return make_error(ErrorCode::invalid_input, Message{"import.no_items"}, "/instrument/items");
  }
  if (auto e = detail::check_import_limits(files)) return *e;
  ResponseTable table;
  ResponseImporter importer(instrument, study, report, options, table);
  for (std::size_t i = 0; i < files.size(); ++i) importer.import_file(i, files[i]);
  importer.finish();
  if (auto e = detail::check_record_limit(report.rows, "response_records", "response records")) return *e;
  return table;
}

Json identity_json(const ResponseTable& t, std::size_t r) {
  Json id = Json::object();
  Json ans = Json::object();
  for (std::size_t j = 0; j < t.n_items(); ++j) ans[t.item_ids[j]] = json_number(t.answer(r, j));
  id["answers"] = std::move(ans);
  id["code"] = t.code[r];
  id["group"] = t.group[r] ? Json(t.groups[t.group[r]]) : Json(nullptr);
  id["instrument"] = Json{{"id", t.instrument.id}, {"version", t.instrument.version}};
  id["kind"] = "response";
  id["programme"] = t.programmes[t.programme[r]];
  id["wave"] = t.waves[t.wave[r]];
  return id;
}

std::string record_id(const ResponseTable& t, std::size_t r) {
  return "sha256:" + sha256_hex(canonical_json(identity_json(t, r)));
}

Json record_json(const ResponseTable& t, std::size_t r) {
  Json rec = Json::object();
  rec["code"] = t.code_text(r);
  rec["programme"] = t.programmes[t.programme[r]];
  rec["wave"] = t.waves[t.wave[r]];
  rec["lang"] = detail::lang_json(t.langs, t.lang[r]);
  rec["group"] = t.group[r] ? Json(t.groups[t.group[r]]) : Json(nullptr);
  rec["submitted"] = detail::submitted_json(t.submitted, r);
  Json ans = Json::object();
  for (std::size_t j = 0; j < t.n_items(); ++j) ans[t.item_ids[j]] = json_number(t.answer(r, j));
  rec["answers"] = std::move(ans);
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
  return s;
}

}  // namespace assess::data
