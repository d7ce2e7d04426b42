// Handlers of the instrument ops: validate_instrument (an instrument, rubric
// or study document -> summary or the first problem with its JSON pointer)
// and score (one respondent's answers -> subscale scores and total).
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/core/numeric.hpp"
#include "assess/core/text.hpp"
#include "assess/data/answers.hpp"
#include "assess/instrument/model.hpp"
#include "assess/instrument/scoring.hpp"

namespace assess::api::detail {
namespace {

using namespace assess::instrument;

Json problem_list(const std::vector<Error>& errors) {
  Json a = Json::array();
  for (const auto& e : errors) {
    Json p{{"path", "/instrument" + e.path}, {"message", e.message}};
    if (!e.msg.empty()) p["msg"] = msg_json(e.msg);
    a.push_back(std::move(p));
  }
  return a;
}

// The op has no warnings of its own; the facade appends those about unused
// arguments, which then get their ids too.
Json with_warnings(Json out) {
  put_warnings(out, {});
  return out;
}

}  // namespace

Json op_validate_instrument(Args& a) {
  const Json& doc = a.value("instrument");
  const bool all = a.boolean("all_problems", false);
  auto kind = document_kind(doc);
  if (!kind) {
    if (!all) fail(with_path_prefix(kind.error(), "/instrument"));
    return with_warnings(Json{{"valid", false}, {"kind", nullptr}, {"problems", problem_list({kind.error()})}});
  }
  std::vector<Error> errors = check_document(doc);
  if (!errors.empty()) {
    if (!all) fail(with_path_prefix(errors.front(), "/instrument"));
    return with_warnings(Json{{"valid", false}, {"kind", to_string(*kind)}, {"problems", problem_list(errors)}});
  }
  // A study may be checked together with the documents it uses.
  const Json* uses = a.value_or_null("uses");
  if (uses && !uses->is_null()) {
    if (*kind != DocKind::study) {
      fail(ErrorCode::invalid_input, Message{"document.uses_only_for_study"}, "/uses");
    }
    Study st = parse_study(doc).value();
    // assess-study/1: at most its instrument and its rubric; /2: its
    // instruments (each id once) and at most its rubric.
    const bool v2 = st.format == 2;
    const std::size_t max_uses = v2 ? 21 : 2;
    if (!uses->is_array() || uses->size() > max_uses) {
      fail(ErrorCode::invalid_input, v2 ? Message{"document.uses2_not_array"} : Message{"document.uses_not_array"},
           "/uses");
    }
    std::vector<Instrument> instruments;
    std::optional<Rubric> rub;
    instruments.reserve(uses->size());
    for (std::size_t i = 0; i < uses->size(); ++i) {
      const std::string prefix = "/uses/" + std::to_string(i);
      const Json& u = (*uses)[i];
      auto k = document_kind(u);
      if (!k) fail(with_path_prefix(k.error(), prefix));
      if (*k == DocKind::instrument && (v2 || instruments.empty())) {
        auto r = parse_instrument(u);
        if (!r) fail(with_path_prefix(r.error(), prefix));
        for (const auto& other : instruments) {
          if (other.id == r.value().id) {
            fail(ErrorCode::invalid_input, Message{"document.uses_instrument_twice", {{"index", i}, {"id", other.id}}},
                 prefix + "/id");
          }
        }
        instruments.push_back(std::move(r).value());
      } else if (*k == DocKind::rubric && !rub) {
        auto r = parse_rubric(u);
        if (!r) fail(with_path_prefix(r.error(), prefix));
        rub = std::move(r).value();
      } else {
        fail(ErrorCode::invalid_input,
             v2 ? Message{"document.uses2_wrong_kind", {{"index", i}, kind_param(*k)}}
                : Message{"document.uses_wrong_kind", {{"index", i}, kind_param(*k)}},
             prefix + "/format");
      }
    }
    std::vector<Error> ref_errors;
    if (v2) {
      std::vector<const Instrument*> given;
      given.reserve(instruments.size());
      for (const auto& ins : instruments) given.push_back(&ins);
      ref_errors = check_study_refs(st, given, rub ? &*rub : nullptr);
    } else {
      ref_errors = check_study_refs(st, instruments.empty() ? nullptr : &instruments.front(), rub ? &*rub : nullptr);
    }
    if (!ref_errors.empty()) {
      if (!all) fail(with_path_prefix(ref_errors.front(), "/instrument"));
      return with_warnings(Json{{"valid", false}, {"kind", "study"}, {"problems", problem_list(ref_errors)}});
    }
  }
  Json out = Json::object();
  out["valid"] = true;
  switch (*kind) {
    case DocKind::instrument:
      out.update(summary(parse_instrument(doc).value()));
      break;
    case DocKind::rubric:
      out.update(summary(parse_rubric(doc).value()));
      break;
    case DocKind::study:
      out.update(summary(parse_study(doc).value()));
      break;
  }
  if (all) out["problems"] = Json::array();
  return with_warnings(std::move(out));
}

Json op_score(Args& a) {
  Instrument ins = instrument_arg(a, true);
  const Json& answers = a.value("answers");
  if (!answers.is_object()) {
    fail(ErrorCode::invalid_input, Message{"score.answers_not_object"}, "/answers");
  }
  std::map<std::string, double> by_id;
  const data::OptionFinder options(ins);
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    const std::string path = "/answers/" + pointer_token(it.key());
    const Json& v = it.value();
    const int i = find_item(ins, it.key());
    const Item* item = i >= 0 ? &ins.items[static_cast<std::size_t>(i)] : nullptr;
    if (v.is_null()) {
      by_id[it.key()] = kMissing;
    } else if (item && item->type == ItemType::choice) {
      // Not scored: checked, then left out of the scores.
      const long k = v.is_string() ? options.find(static_cast<std::size_t>(i), v.get_ref<const std::string&>())
                                   : data::OptionFinder::kUnknown;
      if (k < 0) fail(ErrorCode::invalid_input, Message{"score.answer_not_option", {{"item", item->id}}}, path);
    } else if (item && item->type == ItemType::multi) {
      bool ok = v.is_array();
      for (std::size_t e = 0; ok && e < v.size(); ++e) {
        ok = v[e].is_string() && options.find(static_cast<std::size_t>(i), v[e].get_ref<const std::string&>()) >= 0;
      }
      if (!ok) fail(ErrorCode::invalid_input, Message{"score.answer_not_option_list", {{"item", item->id}}}, path);
    } else if (item && item->type == ItemType::text) {
      if (!v.is_string() ||
          data::count_code_points(nfc(v.get_ref<const std::string&>())) > static_cast<std::size_t>(item->max_length)) {
        fail(ErrorCode::invalid_input,
             Message{"score.answer_not_text", {{"item", item->id}, {"max_length", item->max_length}}}, path);
      }
    } else if (v.is_number()) {
      by_id[it.key()] = v.get<double>();
    } else {
      fail(ErrorCode::invalid_input, Message{"score.answer_not_number", {{"item", utf8_prefix(it.key(), kShownText)}}},
           path);
    }
  }
  auto scores = score_answers(ins, by_id);
  if (!scores) fail(with_path_prefix(scores.error(), "/answers"));
  return scores_json(ins, scores.value());
}

}  // namespace assess::api::detail
