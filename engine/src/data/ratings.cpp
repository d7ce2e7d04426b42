#include "assess/data/ratings.hpp"

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

using instrument::Rubric;
using instrument::Study;

std::string RatingTable::where(std::size_t r) const {
  const SourceRow& s = source[r];
  FileFormat f = s.file < file_formats.size() ? file_formats[s.file] : FileFormat::csv;
  return where_in_file(files[s.file], f == FileFormat::json ? FileFormat::json_bundle : f, s.row, "rating");
}

namespace {

using namespace detail;
using JsonValue = nlohmann::ordered_json;

enum Known { kExpert, kObject, kComment, kLang, kSubmitted, kRubric, kVersion, kNumKnown };
const char* const kKnownNames[kNumKnown] = {"expert", "object", "comment", "lang", "submitted", "rubric", "version"};

class RatingImporter {
 public:
  RatingImporter(const Rubric& rub, const Study* study, ImportReport& report, const ImportOptions& options,
                 RatingTable& table)
      : rub_(rub),
        study_(study),
        report_(report),
        t_(table),
        sink_(report, options),
        experts_(t_.experts),
        objects_(t_.objects),
        langs_(t_.langs) {
    t_.rubric = instrument::DocRef{rub.id, rub.version};
    for (const auto& c : rub.criteria) {
      t_.criterion_ids.push_back(c.id);
      criterion_by_lower_.emplace(lower_ascii(c.id), static_cast<int>(t_.criterion_ids.size() - 1));
    }
    if (study) {
      for (const auto& p : study->programmes) objects_.add(p.id);
    }
    langs_.add("");
    for (const auto& l : rub.languages) langs_.add(l);
  }

  void import_file(std::size_t index, const InputFile& file) {
    t_.files.push_back(file.name);
    ++report_.files;
    fc_ = FileContext{};
    fc_.index = index;
    fc_.name = file.name;
    fc_.csv = !looks_like_json(file.text);
    fc_.record_word = "rating";
    std::size_t before = t_.size(), rows_before = report_.rows;
    bool ok = fc_.csv ? import_csv(file.text) : import_json(file.text);
    t_.file_formats.push_back(fc_.csv ? FileFormat::csv : FileFormat::json_bundle);
    if (!ok) {
      ++report_.files_rejected;
      truncate(before);
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
  void problem(const Where& w, std::string code, Severity s, const std::string& tail) {
    if (s == Severity::record) bad_ = true;
    sink_.add(fc_.index, fc_.problem(w, std::move(code), s, tail));
  }
  void file_problem(std::string code, const std::string& tail) {
    sink_.add(fc_.index, fc_.file_problem(std::move(code), tail));
  }
  void warning_problem(std::string code, const std::string& tail) {
    Problem p = fc_.file_problem(std::move(code), tail);
    p.severity = Severity::warning;
    sink_.add(fc_.index, std::move(p));
  }
  std::string scale_text() const {
    return "the rating scale of " + rub_.id + " v" + std::to_string(rub_.version) + " takes " +
           scale_words(rub_.scale.min, rub_.scale.max, true);
  }

  void begin_record(std::size_t row) {
    bad_ = false;
    row_ = row;
    has_expert_ = has_object_ = false;
    t_.scores.resize(t_.scores.size() + t_.n_criteria(), kMissing);
    extra_values_.clear();
  }
  double* scores() { return t_.scores.data() + t_.scores.size() - t_.n_criteria(); }

  void take_expert(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, "the expert id is empty; every rating names its expert");
      return;
    }
    expert_ = experts_.add(text);
    has_expert_ = true;
  }

  void take_object(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record,
              "the object (programme) is empty; every rating names what it rates");
      return;
    }
    long i = objects_.find(text);
    if (i >= 0) {
      object_ = static_cast<std::uint32_t>(i);
      has_object_ = true;
      return;
    }
    if (!study_ || study_->programmes.empty()) {
      object_ = objects_.add(text);
      has_object_ = true;
      return;
    }
    std::string tail = "the object " + show(text) + " is not a programme of the study " + study_->id + " (" +
                       list_names(t_.objects) + ")";
    for (const auto& p : study_->programmes) {
      bool title = false;
      for (const auto& kv : p.title) title = title || kv.second == text;
      if (iequal(p.id, text) || title) {
        tail += "; did you mean " + p.id + "? Objects are written as programme ids";
        break;
      }
    }
    problem(w, "unknown_object", Severity::record, tail);
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
            "the language " + show(text) + " is not one of the languages of " + rub_.id + " (" +
                list_names(rub_.languages) + "); the rating is kept");
  }

  void take_submitted(std::string_view text, const Where& w) {
    text = trim(text);
    submitted_ = std::string(text);
    if (!text.empty() && !looks_like_timestamp(text)) {
      problem(w, "invalid_timestamp", Severity::warning,
              "the timestamp " + show(text) + " is not an ISO 8601 date and time; the rating is kept with it as text");
    }
  }

  void take_score_value(int c, double x, const Where& w) {
    if (!std::isfinite(x)) {
      problem(w, "not_a_number", Severity::record, "the score is not a finite number; " + scale_text());
    } else if (x < rub_.scale.min || x > rub_.scale.max) {
      problem(w, "out_of_scale", Severity::record,
              "the score " + format_value(x) + " is outside the scale: " + scale_text());
    } else if (std::floor(x) != x) {
      problem(w, "not_integer", Severity::record,
              "the score " + format_value(x) + " is not a whole number, but " + scale_text());
    } else {
      scores()[c] = x;
    }
  }

  void take_score_text(int c, std::string_view text, const Where& w) {
    double x;
    switch (parse_number(text, x)) {
      case NumberParse::missing:
        return;
      case NumberParse::ok:
        take_score_value(c, x, w);
        return;
      case NumberParse::bad:
        break;
    }
    problem(w, "not_a_number", Severity::record,
            show(trim(text)) + " is not a number; " + scale_text() + ", or an empty cell for no score");
  }

  void take_rubric_ref(const JsonValue& ref, const Where& w, Severity s) {
    std::string why;
    if (!ref.is_object()) {
      why = std::string("rubric is ") + json_type(ref) + ", but it must be {\"id\", \"version\"}";
    } else {
      auto id = ref.find("id");
      auto ver = ref.find("version");
      if (id == ref.end() || !id->is_string() || ver == ref.end() || !ver->is_number()) {
        why = "rubric must be {\"id\": string, \"version\": number}";
      } else if (id->get<std::string>() != rub_.id || ver->get<double>() != rub_.version) {
        why = "the ratings were made with the rubric " + id->get<std::string>() + " v" +
              format_value(ver->get<double>()) + ", but this import reads " + rub_.id + " v" +
              std::to_string(rub_.version);
      }
    }
    if (!why.empty()) problem(w, "rubric_mismatch", s, why);
  }

  void end_record() {
    ++report_.rows;
    if (bad_ || !has_expert_ || !has_object_) {
      t_.scores.resize(t_.scores.size() - t_.n_criteria());
    } else {
      t_.expert.push_back(expert_);
      t_.object.push_back(object_);
      t_.lang.push_back(lang_);
      t_.submitted.push_back(std::move(submitted_));
      t_.comment.push_back(std::move(comment_));
      t_.source.push_back(SourceRow{static_cast<std::uint32_t>(fc_.index), static_cast<std::uint32_t>(row_)});
      for (auto& col : t_.extra) col.emplace_back();
      for (auto& [c, v] : extra_values_) t_.extra[c].back() = std::move(v);
    }
    submitted_.clear();
    comment_.clear();
    lang_ = 0;
  }

  std::size_t extra_column(const std::string& name) {
    for (std::size_t i = 0; i < t_.extra_names.size(); ++i) {
      if (t_.extra_names[i] == name) return i;
    }
    t_.extra_names.push_back(name);
    t_.extra.emplace_back(t_.size());
    return t_.extra_names.size() - 1;
  }

  void truncate(std::size_t n) {
    t_.expert.resize(n);
    t_.object.resize(n);
    t_.lang.resize(n);
    t_.submitted.resize(n);
    t_.comment.resize(n);
    t_.source.resize(n);
    t_.scores.resize(n * t_.n_criteria());
    for (auto& col : t_.extra) col.resize(n);
  }

  const std::string* resembles_criterion(std::string_view h) const {
    std::string lh = lower_ascii(h);
    auto folded = normalise_text(h);
    for (const auto& id : t_.criterion_ids) {
      auto fid = normalise_text(id);
      if (folded && fid && !folded->empty() && *folded == *fid) return &id;
    }
    for (const auto& id : t_.criterion_ids) {
      if (id.size() >= 3 && within_one_edit(lh, lower_ascii(id))) return &id;
    }
    return nullptr;
  }

  // ---- CSV ------------------------------------------------------------------------------------
  bool import_csv(std::string_view text) {
    if (auto issue = check_utf8(text)) {
      sink_.add(fc_.index, encoding_problem(fc_.name, text, *issue, true));
      return false;
    }
    if (trim(text.substr(utf8_bom_length(text))).find_first_not_of("\r\n") == std::string_view::npos) {
      file_problem("empty_file",
                   "the file is empty; a ratings CSV starts with the header expert,object,<criterion "
                   "ids...>,comment. The file was not imported");
      return false;
    }
    CsvReader reader(text);
    std::vector<std::string_view> fields;
    reader.next(fields);
    if (reader.failed()) return csv_failed(reader);
    std::vector<std::string> header;
    header.reserve(fields.size());
    for (auto f : fields) header.emplace_back(trim(f));
    const std::size_t ncol = header.size();
    std::vector<int> known(kNumKnown, -1), crit_col(ncol, -1), extra_col(ncol, -1);
    std::unordered_map<std::string, std::size_t> seen;
    bool ok = true;
    for (std::size_t c = 0; c < ncol; ++c) {
      const std::string& h = header[c];
      Where w{1, c + 1, 1, h};
      if (h.empty()) continue;
      std::string lower = lower_ascii(h);
      auto [it, fresh] = seen.emplace(lower, c);
      if (!fresh) {
        problem(w, "duplicate_column", Severity::file,
                "the column " + show(h) + " appears twice (columns " + std::to_string(it->second + 1) + " and " +
                    std::to_string(c + 1) + "); the file was not imported");
        ok = false;
        continue;
      }
      bool is_known = false;
      for (int k = 0; k < kNumKnown; ++k) {
        if (lower == kKnownNames[k]) known[k] = static_cast<int>(c), is_known = true;
      }
      if (is_known) continue;
      auto crit = criterion_by_lower_.find(lower);
      if (crit != criterion_by_lower_.end()) {
        crit_col[c] = crit->second;
        continue;
      }
      if (const std::string* like = resembles_criterion(h)) {
        problem(w, "unknown_criterion", Severity::file,
                "the column " + show(h) + " is not a criterion of " + rub_.id + " v" + std::to_string(rub_.version) +
                    "; did you mean " + *like + "? The file was not imported");
        ok = false;
        continue;
      }
      extra_col[c] = static_cast<int>(extra_column(h));
    }
    if (known[kExpert] < 0 && seen.count("code") && seen.count("wave")) {
      file_problem("wrong_format",
                   "the header has the columns code and wave: this is a response file; import it "
                   "with import_responses. The file was not imported");
      return false;
    }
    for (int k : {kExpert, kObject}) {
      if (known[k] < 0) {
        problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
                std::string("the header has no column ") + kKnownNames[k] +
                    " (a ratings CSV needs expert, object and one column per criterion); the file was not imported");
        ok = false;
      }
    }
    if (!ok) return false;
    if (std::none_of(crit_col.begin(), crit_col.end(), [](int i) { return i >= 0; })) {
      problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
              "the header names none of the criteria of " + rub_.id + " v" + std::to_string(rub_.version) + " (" +
                  list_names(t_.criterion_ids, 50) + "); the file was not imported");
      return false;
    }
    std::size_t data_rows = 0;
    while (reader.next(fields)) {
      if (std::all_of(fields.begin(), fields.end(), [](std::string_view f) { return trim(f).empty(); })) continue;
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
      take_expert(fields[known[kExpert]], at(known[kExpert]));
      take_object(fields[known[kObject]], at(known[kObject]));
      if (known[kComment] >= 0) comment_ = std::string(unneutralise_text(fields[known[kComment]]));
      if (known[kLang] >= 0) take_lang(fields[known[kLang]], at(known[kLang]));
      if (known[kSubmitted] >= 0) take_submitted(fields[known[kSubmitted]], at(known[kSubmitted]));
      if (known[kRubric] >= 0) {
        std::string_view id = trim(fields[known[kRubric]]);
        if (!id.empty() && id != rub_.id) {
          problem(at(known[kRubric]), "rubric_mismatch", Severity::record,
                  "the rating was made with the rubric " + show(id) + ", but this import reads " + rub_.id);
        }
      }
      if (known[kVersion] >= 0) {
        std::string_view v = trim(fields[known[kVersion]]);
        double x;
        if (!v.empty() && (parse_number(v, x) != NumberParse::ok || x != rub_.version)) {
          problem(at(known[kVersion]), "rubric_mismatch", Severity::record,
                  "the rating was made with version " + std::string(v) + " of the rubric, but this import reads " +
                      rub_.id + " v" + std::to_string(rub_.version));
        }
      }
      for (std::size_t c = 0; c < ncol; ++c) {
        if (crit_col[c] >= 0)
          take_score_text(crit_col[c], fields[c], at(static_cast<int>(c)));
        else if (extra_col[c] >= 0 && !fields[c].empty())
          extra_values_.emplace_back(extra_col[c], std::string(unneutralise_text(fields[c])));
      }
      end_record();
    }
    if (reader.failed()) return csv_failed(reader);
    if (data_rows == 0) warning_problem("header_only", "the file has a header but no ratings");
    return true;
  }

  bool csv_failed(const CsvReader& reader) {
    const CsvError& e = reader.error();
    Problem p = fc_.problem(Where{e.row, e.column, e.line, {}}, "csv_syntax", Severity::file, e.message);
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
    fc_.bundle = true;
    auto f = doc.is_object() ? doc.find("format") : doc.end();
    std::string format = doc.is_object() && f != doc.end() && f->is_string() ? f->get<std::string>() : "";
    if (format != "assess-ratings/1") {
      std::string tail;
      if (!doc.is_object())
        tail = std::string("the file is ") + json_type(doc) + ", but a ratings file is an object";
      else if (format == "assess-response/1" || format == "assess-responses/1")
        tail = "this is a response file (" + format + "); import it with import_responses";
      else if (f == doc.end())
        tail = "it has no \"format\" field, so it is not a ratings file (assess-ratings/1)";
      else
        tail = "its format is " + (f->is_string() ? show(format) : std::string(json_type(*f))) +
               ", but a ratings file has \"assess-ratings/1\"";
      file_problem("wrong_format", tail + ". The file was not imported");
      return false;
    }
    std::size_t errors_before = report_.errors;
    auto rub = doc.find("rubric");
    if (rub == doc.end()) {
      problem(Where{0, 0, 0, "/rubric"}, "missing_value", Severity::file,
              "the file does not say which rubric it uses ({\"id\", \"version\"}); the file was not imported");
    } else {
      take_rubric_ref(*rub, Where{0, 0, 0, "/rubric"}, Severity::file);
    }
    auto ex = doc.find("expert");
    if (ex == doc.end() || !ex->is_string() || trim(ex->get<std::string>()).empty()) {
      problem(Where{0, 0, 0, "/expert"}, ex == doc.end() ? "missing_value" : "invalid_field", Severity::file,
              "the file needs \"expert\": the expert's id as a non-empty string; the file was not imported");
    }
    auto rs = doc.find("ratings");
    if (rs == doc.end() || !rs->is_array()) {
      problem(Where{0, 0, 0, "/ratings"}, rs == doc.end() ? "missing_value" : "invalid_field", Severity::file,
              "the file needs a \"ratings\" array; the file was not imported");
    }
    if (report_.errors != errors_before) return false;
    std::string expert = std::string(trim(ex->get<std::string>()));
    std::string lang, submitted;
    auto lg = doc.find("lang");
    auto sb = doc.find("submitted");
    std::size_t i = 0;
    for (const auto& r : *rs) {
      std::size_t row = i + 1;
      std::string base = "/ratings/" + std::to_string(i);
      ++i;
      begin_record(row);
      std::string ptr;
      auto at = [&](const std::string& key) {
        ptr = base + "/" + key;
        return Where{row, 0, 0, ptr};
      };
      take_expert(expert, Where{row, 0, 0, "/expert"});
      if (lg != doc.end() && lg->is_string()) take_lang(lg->get<std::string>(), Where{row, 0, 0, "/lang"});
      if (sb != doc.end() && sb->is_string()) take_submitted(sb->get<std::string>(), Where{row, 0, 0, "/submitted"});
      if (!r.is_object()) {
        problem(Where{row, 0, 0, base}, "invalid_field", Severity::record,
                std::string("the rating is ") + json_type(r) + ", but it must be an object {object, scores, comment}");
        end_record();
        continue;
      }
      auto ob = r.find("object");
      if (ob == r.end() || !ob->is_string()) {
        problem(at("object"), ob == r.end() ? "missing_value" : "invalid_field", Severity::record,
                "the rating needs \"object\": the id of the programme it rates");
      } else {
        take_object(ob->get<std::string>(), at("object"));
      }
      auto cm = r.find("comment");
      if (cm != r.end() && !cm->is_null()) {
        if (cm->is_string())
          comment_ = cm->get<std::string>();
        else
          problem(at("comment"), "invalid_field", Severity::record,
                  std::string("comment is ") + json_type(*cm) + ", but it must be a string");
      }
      auto sc = r.find("scores");
      if (sc == r.end() || !sc->is_object()) {
        problem(at("scores"), sc == r.end() ? "missing_value" : "invalid_field", Severity::record,
                "the rating needs \"scores\": {criterion id: score or null}");
      } else {
        for (auto it = sc->begin(); it != sc->end(); ++it) {
          Where w = at("scores/" + pointer_escape(it.key()));
          auto c = criterion_by_lower_.find(lower_ascii(it.key()));
          if (c == criterion_by_lower_.end()) {
            const std::string* like = resembles_criterion(it.key());
            problem(w, "unknown_criterion", Severity::record,
                    show(it.key()) + " is not a criterion of " + rub_.id + " v" + std::to_string(rub_.version) +
                        (like ? "; did you mean " + *like + "?" : ""));
            continue;
          }
          const JsonValue& v = it.value();
          if (v.is_null()) continue;
          if (v.is_number())
            take_score_value(c->second, v.get<double>(), w);
          else
            problem(w, "not_a_number", Severity::record,
                    "the score is " + std::string(json_type(v)) + ", but it must be a number or null; " + scale_text());
        }
      }
      for (auto it = r.begin(); it != r.end(); ++it) {
        if (it.key() == "object" || it.key() == "scores" || it.key() == "comment") continue;
        std::string text = json_text(it.value());
        std::size_t c = extra_column(it.key());
        if (!text.empty()) extra_values_.emplace_back(c, std::move(text));
      }
      end_record();
    }
    if (i == 0) warning_problem("header_only", "the file has no ratings");
    return true;
  }

  void remove_duplicates() {
    const std::size_t n = t_.size();
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(n);
    for (std::size_t r = 0; r < n; ++r) {
      keys[r] = {(static_cast<std::uint64_t>(t_.expert[r]) << 32) | t_.object[r], static_cast<std::uint32_t>(r)};
    }
    std::sort(keys.begin(), keys.end());
    std::vector<char> drop(n, 0);
    bool any = false;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      if (keys[i + 1].first != keys[i].first) continue;
      std::size_t first = i;
      while (first > 0 && keys[first - 1].first == keys[i].first) --first;
      std::uint32_t a = keys[first].second, b = keys[i + 1].second;
      drop[a] = drop[b] = 1;
      any = true;
      const SourceRow& s = t_.source[b];
      FileContext fc;
      fc.index = s.file;
      fc.name = t_.files[s.file];
      fc.csv = t_.file_formats[s.file] == FileFormat::csv;
      fc.bundle = true;
      fc.record_word = "rating";
      sink_.add(s.file, fc.problem(Where{s.row, 0, 0, {}}, "duplicate_rating", Severity::record,
                                   "the expert " + t_.experts[t_.expert[b]] + " rates the object " +
                                       t_.objects[t_.object[b]] + " again (first at " + t_.where(a) +
                                       "); an expert rates each object once, so all these ratings are left out"));
    }
    if (!any) return;
    std::size_t k = 0;
    const std::size_t nc = t_.n_criteria();
    for (std::size_t r = 0; r < n; ++r) {
      if (drop[r]) continue;
      if (k != r) {
        t_.expert[k] = t_.expert[r];
        t_.object[k] = t_.object[r];
        t_.lang[k] = t_.lang[r];
        t_.submitted[k] = std::move(t_.submitted[r]);
        t_.comment[k] = std::move(t_.comment[r]);
        t_.source[k] = t_.source[r];
        std::copy(t_.scores.data() + r * nc, t_.scores.data() + (r + 1) * nc, t_.scores.data() + k * nc);
        for (auto& col : t_.extra) col[k] = std::move(col[r]);
      }
      ++k;
    }
    truncate(k);
  }

  const Rubric& rub_;
  const Study* study_;
  ImportReport& report_;
  RatingTable& t_;
  ProblemSink sink_;
  Dict experts_, objects_, langs_;
  std::unordered_map<std::string, int> criterion_by_lower_;
  FileContext fc_;

  bool bad_ = false, has_expert_ = false, has_object_ = false;
  std::size_t row_ = 0;
  std::uint32_t expert_ = 0, object_ = 0, lang_ = 0;
  std::string submitted_, comment_;
  std::vector<std::pair<std::size_t, std::string>> extra_values_;
};

}  // namespace

Result<RatingTable> import_ratings(const Rubric& rubric, const Study* study, const std::vector<InputFile>& files,
                                   ImportReport& report, const ImportOptions& options) {
  if (study && study->rubric && (study->rubric->id != rubric.id || study->rubric->version != rubric.version)) {
    return make_error(ErrorCode::invalid_input,
                      "the study " + study->id + " names the rubric " + study->rubric->id + " v" +
                          std::to_string(study->rubric->version) + ", but the rubric given is " + rubric.id + " v" +
                          std::to_string(rubric.version),
                      "/study/rubric");
  }
  if (rubric.criteria.empty())
    return make_error(ErrorCode::invalid_input, "the rubric has no criteria", "/rubric/criteria");
  if (auto e = detail::check_import_limits(files)) return *e;
  RatingTable table;
  RatingImporter importer(rubric, study, report, options, table);
  for (std::size_t i = 0; i < files.size(); ++i) importer.import_file(i, files[i]);
  importer.finish();
  if (auto e = detail::check_record_limit(report.rows, "ratings")) return *e;
  if (table.experts.size() > limits::kMaxExperts || table.objects.size() > limits::kMaxObjects) {
    const bool experts = table.experts.size() > limits::kMaxExperts;
    return make_error(ErrorCode::out_of_range,
                      "the ratings name " + std::to_string(experts ? table.experts.size() : table.objects.size()) +
                          (experts ? " experts" : " rated objects") + ", but a panel may have at most " +
                          std::to_string(experts ? limits::kMaxExperts : limits::kMaxObjects),
                      "/files");
  }
  return table;
}

Json ratings_json(const RatingTable& t) {
  Json out = Json::array();
  for (std::size_t r = 0; r < t.size(); ++r) {
    Json rec = Json::object();
    rec["expert"] = t.experts[t.expert[r]];
    rec["object"] = t.objects[t.object[r]];
    Json sc = Json::object();
    for (std::size_t c = 0; c < t.n_criteria(); ++c) sc[t.criterion_ids[c]] = json_number(t.score(r, c));
    rec["scores"] = std::move(sc);
    rec["comment"] = t.comment[r].empty() ? Json(nullptr) : Json(t.comment[r]);
    rec["lang"] = t.lang[r] ? Json(t.langs[t.lang[r]]) : Json(nullptr);
    rec["submitted"] = t.submitted[r].empty() ? Json(nullptr) : Json(t.submitted[r]);
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

Json summary_json(const RatingTable& t) {
  auto counts = [&](const std::vector<std::string>& names, const std::vector<std::uint32_t>& col) {
    std::vector<std::size_t> n(names.size(), 0);
    for (auto v : col) ++n[v];
    Json o = Json::object();
    for (std::size_t i = 0; i < names.size(); ++i) o[names[i]] = n[i];
    return o;
  };
  Json s = Json::object();
  s["rubric"] = Json{{"id", t.rubric.id}, {"version", t.rubric.version}};
  s["criteria"] = t.criterion_ids;
  s["ratings"] = t.size();
  s["experts"] = counts(t.experts, t.expert);
  s["objects"] = counts(t.objects, t.object);
  s["extra_columns"] = t.extra_names;
  return s;
}

}  // namespace assess::data
