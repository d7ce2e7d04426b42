#include "assess/data/ratings.hpp"

#include "assess/data/answers.hpp"

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/canonical_json.hpp"
#include "assess/core/limits.hpp"
#include "assess/core/sha256.hpp"
#include "assess/core/text.hpp"
#include "assess/data/answers.hpp"
#include "assess/data/csv_writer.hpp"
#include "importer.hpp"

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

// The known columns, in the order a row reads them.
enum Known { kExpert, kObject, kComment, kLang, kSubmitted, kRubric, kVersion };

// Ratings: one record per expert and object, keyed by both.
class RatingImporter : public Importer<RatingImporter, RatingTable> {
 public:
  static constexpr KnownColumn kColumns[] = {{"expert", true, Role::field},         {"object", true, Role::field},
                                             {"comment", false, Role::field},       {"lang", false, Role::lang},
                                             {"submitted", false, Role::submitted}, {"rubric", false, Role::field},
                                             {"version", false, Role::field}};
  static_assert(all_reserved(kColumns), "a known column missing from instrument::kReservedColumns");
  static constexpr KindInfo kInfo = {kColumns,
                                     static_cast<int>(std::size(kColumns)),
                                     {{"ratings", "ratings"},                     // kind
                                      {"rating", "rating"},                       // entry
                                      {"ratings", "ratings"},                     // records
                                      {"rating", "rating"},                       // record
                                      {"score", "score"},                         // value
                                      {"rating_scale", "rating scale"},           // scale
                                      {"criterion", "criterion"},                 // item
                                      {"criteria", "criteria"},                   // items
                                      {"criterion", "a criterion"},               // an_item
                                      {"language", "language"}},                  // subject
                                     "expert,object,<criterion ids...>,comment",  // header_example
                                     "unknown_criterion",                         // unknown_column_code
                                     "duplicate_rating",                          // duplicate_code
                                     nullptr,                                     // timestamp_example
                                     false};                                      // json_strings_shown

  RatingImporter(const Rubric& rub, const Study* study, ImportReport& report, const ImportOptions& options,
                 RatingTable& table)
      : Importer(table, table.criterion_ids, table.scores, report, options),
        rub_(rub),
        study_(study),
        experts_(table.experts),
        objects_(table.objects) {
    t_.rubric = instrument::DocRef{rub.id, rub.version};
    for (const auto& c : rub.criteria) t_.criterion_ids.push_back(c.id);
    if (study) {
      for (const auto& p : study->programmes) objects_.add(p.id);
    }
    set_document(rub.id, rub.version, rub.languages);
    set_values(Scale{static_cast<double>(rub.scale.min), static_cast<double>(rub.scale.max), true}, false);
  }

 private:
  friend Importer;

  // ---- the record's fields ------------------------------------------------------------------
  void reset_record() {
    has_expert_ = has_object_ = false;
    comment_.clear();
  }
  bool record_complete() const { return has_expert_ && has_object_; }
  void commit_record() {
    t_.expert.push_back(expert_);
    t_.object.push_back(object_);
    t_.comment.push_back(std::move(comment_));
  }
  template <class F>
  void record_columns(F&& f) {
    f(t_.expert);
    f(t_.object);
    f(t_.comment);
  }

  void take_field(int k, std::string_view text, const Where& w) {
    switch (k) {
      case kExpert:
        take_expert(text, w);
        break;
      case kObject:
        take_object(text, w);
        break;
      case kComment:
        comment_ = std::string(unneutralise_text(text));
        break;
      case kRubric:
        take_rubric_id(text, w);
        break;
      case kVersion:
        take_rubric_version(text, w);
        break;
      default:
        break;
    }
  }

  void take_expert(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, Message{"import.expert_empty"});
      return;
    }
    expert_ = experts_.add(text);
    has_expert_ = true;
  }

  void take_object(std::string_view text, const Where& w) {
    text = trim(text);
    if (text.empty()) {
      problem(w, "missing_value", Severity::record, Message{"import.object_empty"});
      return;
    }
    const long i = objects_.take(text, !study_ || study_->programmes.empty());
    if (i >= 0) {
      object_ = static_cast<std::uint32_t>(i);
      has_object_ = true;
      return;
    }
    problem(w, "unknown_object", Severity::record, [&] {
      const std::string* like = programme_meant(*study_, text);
      return like ? Message{"import.unknown_object_hint",
                            {{"value", shown(text)},
                             {"study", study_->id},
                             {"objects", list_names(t_.objects)},
                             {"like", *like}}}
                  : Message{"import.unknown_object",
                            {{"value", shown(text)}, {"study", study_->id}, {"objects", list_names(t_.objects)}}};
    });
  }

  void take_rubric_id(std::string_view text, const Where& w) {
    const std::string_view id = trim(text);
    if (id.empty() || id == rub_.id) return;
    problem(w, "rubric_mismatch", Severity::record, [&] {
      return Message{"import.record_rubric", {{"value", shown(id)}, doc()}};
    });
  }

  void take_rubric_version(std::string_view text, const Where& w) {
    const std::string_view v = trim(text);
    double x;
    if (v.empty() || (parse_number(v, x) == NumberParse::ok && x == rub_.version)) return;
    problem(w, "rubric_mismatch", Severity::record, [&] {
      return Message{"import.record_rubric_version", {{"value", v}, doc(), version()}};
    });
  }

  // ---- the header of a CSV file ---------------------------------------------------------------
  std::optional<Message> other_kind(const Header& h) const {
    if (h.known[kExpert] >= 0 || !h.has("code") || !h.has("wave")) return std::nullopt;
    return Message{"import.other_kind_csv",
                   {{"first", "code"},
                    {"second", "wave"},
                    MsgParam::coded("kind", "response", "response"),
                    {"op", "import_responses"}}};
  }
  Message unknown_column(std::string_view header, const std::string& like) const {
    return Message{"import.unknown_criterion_column", {{"name", shown(header)}, doc(), version(), {"like", like}}};
  }

  // ---- JSON: one expert, several ratings ------------------------------------------------------
  bool import_json_document(const Json& doc) {
    context().bundle = true;
    auto f = doc.is_object() ? doc.find("format") : doc.end();
    const std::string format = doc.is_object() && f != doc.end() && f->is_string() ? f->get<std::string>() : "";
    if (format != "assess-ratings/1") {
      if (!doc.is_object()) {
        file_problem("wrong_format", Message{"import.ratings_file_not_object", {json_type_param(doc)}});
      } else if (format == "assess-response/1" || format == "assess-responses/1") {
        file_problem("wrong_format", Message{"import.response_file_given", {{"format", format}}});
      } else if (f == doc.end()) {
        file_problem("wrong_format",
                     Message{"import.no_format", {word("kind", kInfo.words.kind), {"format", "assess-ratings/1"}}});
      } else if (f->is_string()) {
        file_problem("wrong_format", Message{"import.unknown_format_ratings", {{"format", shown(format)}}});
      } else {
        file_problem("wrong_format", Message{"import.format_not_string_ratings", {json_type_param(*f)}});
      }
      return false;
    }
    const std::size_t errors_before = report_.errors;
    auto rub = doc.find("rubric");
    if (rub == doc.end()) {
      problem(Where{0, 0, 0, "/rubric"}, "missing_value", Severity::file, Message{"import.rubric_missing"});
    } else if (auto why = rubric_ref_problem(*rub)) {
      problem(Where{0, 0, 0, "/rubric"}, "rubric_mismatch", Severity::file, *why);
    }
    auto ex = doc.find("expert");
    if (ex == doc.end() || !ex->is_string() || trim(ex->get_ref<const std::string&>()).empty()) {
      problem(Where{0, 0, 0, "/expert"}, ex == doc.end() ? "missing_value" : "invalid_field", Severity::file,
              Message{"import.expert_needed"});
    }
    auto rs = doc.find("ratings");
    if (rs == doc.end() || !rs->is_array()) {
      problem(Where{0, 0, 0, "/ratings"}, rs == doc.end() ? "missing_value" : "invalid_field", Severity::file,
              Message{"import.ratings_needed"});
    }
    if (report_.errors != errors_before) return false;
    const std::string expert(trim(ex->get_ref<const std::string&>()));
    auto lg = doc.find("lang");
    auto sb = doc.find("submitted");
    std::size_t i = 0;
    for (const auto& r : *rs) {
      const std::size_t row = i + 1;
      const std::string base = "/ratings/" + std::to_string(i);
      ++i;
      begin_record(row);
      std::string ptr;
      auto at = [&](const char* key) {
        ptr = base + "/" + key;
        return Where{row, 0, 0, ptr};
      };
      take_expert(expert, Where{row, 0, 0, "/expert"});
      if (lg != doc.end() && lg->is_string()) take_lang(lg->get_ref<const std::string&>(), Where{row, 0, 0, "/lang"});
      if (sb != doc.end() && sb->is_string()) {
        take_submitted(sb->get_ref<const std::string&>(), Where{row, 0, 0, "/submitted"});
      }
      if (!r.is_object()) {
        problem(Where{row, 0, 0, base}, "invalid_field", Severity::record,
                Message{"import.rating_not_object", {json_type_param(r)}});
        end_record();
        continue;
      }
      auto ob = r.find("object");
      if (ob == r.end() || !ob->is_string()) {
        problem(at("object"), ob == r.end() ? "missing_value" : "invalid_field", Severity::record,
                Message{"import.rating_no_object"});
      } else {
        take_object(ob->get_ref<const std::string&>(), at("object"));
      }
      auto cm = r.find("comment");
      if (cm != r.end() && !cm->is_null()) {
        if (cm->is_string()) {
          comment_ = cm->get<std::string>();
        } else {
          problem(at("comment"), "invalid_field", Severity::record,
                  Message{"import.field_not_string", {{"key", "comment"}, json_type_param(*cm)}});
        }
      }
      auto sc = r.find("scores");
      if (sc == r.end() || !sc->is_object()) {
        problem(at("scores"), sc == r.end() ? "missing_value" : "invalid_field", Severity::record,
                Message{"import.rating_no_scores"});
      } else {
        json_values(*sc, base + "/scores", row);
      }
      static const char* const kFields[] = {"object", "scores", "comment"};
      json_extras(r, kFields);
      end_record();
    }
    if (i == 0) file_problem("header_only", Message{"import.no_ratings"}, Severity::warning);
    return true;
  }

  // Nothing when the reference {"id", "version"} names this rubric; else why not.
  std::optional<Message> rubric_ref_problem(const Json& ref) const {
    if (!ref.is_object()) return Message{"import.rubric_not_object", {json_type_param(ref)}};
    auto id = ref.find("id");
    auto ver = ref.find("version");
    if (id == ref.end() || !id->is_string() || ver == ref.end() || !ver->is_number()) {
      return Message{"import.rubric_ref_invalid"};
    }
    const std::string& used = id->get_ref<const std::string&>();
    const double used_version = ver->get<double>();
    if (used == rub_.id && used_version == rub_.version) return std::nullopt;
    return Message{"import.rubric_mismatch", {{"used", used}, {"used_version", used_version}, doc(), version()}};
  }

  // ---- the key: expert and object -------------------------------------------------------------
  std::uint64_t key(std::size_t r) const { return (static_cast<std::uint64_t>(t_.expert[r]) << 32) | t_.object[r]; }
  bool same_key(std::size_t a, std::size_t b) const { return key(a) == key(b); }
  std::string record_id(std::size_t r) const { return data::record_id(t_, r); }
  Json evidence(std::size_t r) const { return data::rating_json(t_, r); }
  Message identical(std::size_t first, std::size_t /*again*/) const {
    return Message{"import.duplicate_identical_rating", {{"first", t_.where(first)}}};
  }
  Message duplicate(std::size_t first, std::size_t again) const {
    return Message{"import.duplicate_rating",
                   {{"expert", t_.experts[t_.expert[again]]},
                    {"object", t_.objects[t_.object[again]]},
                    {"first", t_.where(first)}}};
  }

  const Rubric& rub_;
  const Study* study_;
  Dict experts_, objects_;

  // the record being read
  bool has_expert_ = false, has_object_ = false;
  std::uint32_t expert_ = 0, object_ = 0;
  std::string comment_;
};

}  // namespace

Result<RatingTable> import_ratings(const Rubric& rubric, const Study* study, const std::vector<InputFile>& files,
                                   ImportReport& report, const ImportOptions& options) {
  if (study && study->rubric && (study->rubric->id != rubric.id || study->rubric->version != rubric.version)) {
    return make_error(ErrorCode::invalid_input,
                      Message{"import.study_rubric",
                              {{"study", study->id},
                               {"named", study->rubric->id},
                               {"named_version", study->rubric->version},
                               {"doc", rubric.id},
                               {"version", rubric.version}}},
                      "/study/rubric");
  }
  if (rubric.criteria.empty())
    return make_error(ErrorCode::invalid_input, Message{"import.no_criteria"}, "/rubric/criteria");
  if (auto e = detail::check_import_limits(files)) return *e;
  RatingTable table;
  RatingImporter importer(rubric, study, report, options, table);
  for (std::size_t i = 0; i < files.size(); ++i) importer.import_file(i, files[i]);
  importer.finish();
  if (auto e = detail::check_record_limit(report.rows, "ratings", "ratings")) return *e;
  if (table.experts.size() > limits::kMaxExperts) {
    return make_error(ErrorCode::out_of_range,
                      Message{"import.too_many_experts", {{"n", table.experts.size()}, {"max", limits::kMaxExperts}}},
                      "/files");
  }
  if (table.objects.size() > limits::kMaxObjects) {
    return make_error(ErrorCode::out_of_range,
                      Message{"import.too_many_objects", {{"n", table.objects.size()}, {"max", limits::kMaxObjects}}},
                      "/files");
  }
  return table;
}

Json identity_json(const RatingTable& t, std::size_t r) {
  Json id = Json::object();
  const std::string comment = text_identity(t.comment[r]);
  id["comment"] = comment.empty() ? Json(nullptr) : Json(comment);
  id["expert"] = t.experts[t.expert[r]];
  id["kind"] = "rating";
  id["object"] = t.objects[t.object[r]];
  id["rubric"] = Json{{"id", t.rubric.id}, {"version", t.rubric.version}};
  Json sc = Json::object();
  for (std::size_t c = 0; c < t.n_criteria(); ++c) sc[t.criterion_ids[c]] = json_number(t.score(r, c));
  id["scores"] = std::move(sc);
  return id;
}

std::string record_id(const RatingTable& t, std::size_t r) {
  return "sha256:" + sha256_hex(canonical_json(identity_json(t, r)));
}

Json rating_json(const RatingTable& t, std::size_t r) {
  Json rec = Json::object();
  rec["expert"] = t.experts[t.expert[r]];
  rec["object"] = t.objects[t.object[r]];
  Json sc = Json::object();
  for (std::size_t c = 0; c < t.n_criteria(); ++c) sc[t.criterion_ids[c]] = json_number(t.score(r, c));
  rec["scores"] = std::move(sc);
  rec["comment"] = t.comment[r].empty() ? Json(nullptr) : Json(t.comment[r]);
  rec["lang"] = detail::lang_json(t.langs, t.lang[r]);
  rec["submitted"] = detail::submitted_json(t.submitted, r);
  detail::put_record_source(rec, t.extra_names, t.extra, t.files, t.source[r], r);
  rec["record_id"] = record_id(t, r);
  return rec;
}

Json ratings_json(const RatingTable& t) {
  Json out = Json::array();
  for (std::size_t r = 0; r < t.size(); ++r) out.push_back(rating_json(t, r));
  return out;
}

Json summary_json(const RatingTable& t) {
  Json s = Json::object();
  s["rubric"] = Json{{"id", t.rubric.id}, {"version", t.rubric.version}};
  s["criteria"] = t.criterion_ids;
  s["ratings"] = t.size();
  s["experts"] = detail::counts_by_name(t.experts, t.expert);
  s["objects"] = detail::counts_by_name(t.objects, t.object);
  s["extra_columns"] = t.extra_names;
  return s;
}

}  // namespace assess::data
