// Message ids of the instrument area (core/message.hpp): every problem of an
// instrument, rubric or study and every scoring error carries an id and named
// parameters whose English is the error's sentence; representative cases are
// checked id by id, and the mutation sweep checks that no error goes without.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/instrument/model.hpp"
#include "assess/instrument/scoring.hpp"
#include "support/json_compare.hpp"

using assess::Json;
using namespace assess::instrument;

namespace {

Json load(const std::string& rel) {
  return Json::parse(assess::test::read_file(std::string(ASSESS_SOURCE_DIR) + "/" + rel));
}

Json call(const Json& request) { return Json::parse(assess::api::call(request.dump())); }

// {"id": ..., "params": {...}} of an error, after checking that its English
// is the error's sentence.
Json msg_of(const assess::Error& e) {
  EXPECT_FALSE(e.msg.empty()) << e.message;
  EXPECT_EQ(assess::english(e.msg), e.message);
  return assess::msg_json(e.msg);
}

// The first problem of a shipped document after one change.
template <class Edit>
assess::Error first_problem(const char* file, Edit edit) {
  Json doc = load(std::string("rubrics/") + file);
  edit(doc);
  auto errors = check_document(doc);
  EXPECT_FALSE(errors.empty()) << file;
  return errors.empty() ? assess::Error{} : errors.front();
}

const char* const kInstrument = "competency-12.v1.json";
const char* const kRubric = "expert-panel.v1.json";
const char* const kStudy = "study.microcredentials.v1.json";

}  // namespace

TEST(InstrumentMessages, UndefinedSubscaleNamesItemSubscaleAndTheDefinedOnes) {
  auto e = first_problem(kInstrument, [](Json& d) { d["items"][4]["subscale"] = "adaptability"; });
  EXPECT_EQ(e.path, "/items/4/subscale");
  EXPECT_EQ(msg_of(e), Json::parse(R"({"id": "instrument.item_unknown_subscale", "params": {"item": "AD2",
    "subscale": "adaptability", "defined": "edtech, adapt, digital, interactive, mediation"}})"));
  // Without subscales the sentence says so, under its own id.
  e = first_problem(kInstrument, [](Json& d) {
    d.erase("subscales");
    d["items"][0]["subscale"] = "x";
  });
  EXPECT_EQ(msg_of(e)["id"], "instrument.item_subscale_none_defined");
  EXPECT_EQ(e.message, "item ET1 names subscale \"x\" which is not defined (there are no subscales)");
}

TEST(InstrumentMessages, BadScaleCarriesTheFieldAsAPointerAndTheValue) {
  auto e = first_problem(kInstrument, [](Json& d) { d["response_scale"]["max"] = 4.5; });
  EXPECT_EQ(e.message, "response_scale.max is 4.5, but it must be an integer");
  EXPECT_EQ(msg_of(e), Json::parse(R"({"id": "document.not_whole_number",
    "params": {"field": "/response_scale/max", "value": 4.5}})"));

  e = first_problem(kInstrument, [](Json& d) { d["response_scale"]["max"] = 1; });
  EXPECT_EQ(e.message, "response_scale.max is 1, but it must be greater than response_scale.min (1)");
  EXPECT_EQ(msg_of(e), Json::parse(R"({"id": "document.scale_max_not_above_min",
    "params": {"scale": "response_scale", "max": 1, "min": 1}})"));

  e = first_problem(kInstrument, [](Json& d) { d["response_scale"]["min"] = 2e6; });
  EXPECT_EQ(e.message, "response_scale.min is 2e+06, but it must lie between -1000000 and 1000000");
  EXPECT_EQ(msg_of(e)["params"], Json::parse(R"({"field": "/response_scale/min", "value": 2e6, "min": -1000000,
    "max": 1000000})"));

  e = first_problem(kInstrument,
                    [](Json& d) { d["response_scale"]["labels"]["07"] = d["response_scale"]["labels"]["1"]; });
  EXPECT_EQ(e.message, "response_scale.labels labels the point 07, which is outside the scale 1..5");
  EXPECT_EQ(msg_of(e)["params"]["point"], 7);  // a number; English shows it as written
}

TEST(InstrumentMessages, MissingTranslationAndTypesAreCoded) {
  auto e = first_problem(kInstrument, [](Json& d) { d["items"][3]["text"].erase("kk"); });
  EXPECT_EQ(e.message, "item AD1 text has no text in \"kk\", a declared language");
  EXPECT_EQ(msg_of(e), Json::parse(R"({"id": "document.text_missing_language",
    "params": {"field": "/items/3/text", "lang": "kk"}})"));

  e = first_problem(kInstrument, [](Json& d) { d["items"][7]["reverse"] = 1; });
  EXPECT_EQ(e.message, "item DL3 reverse must be true or false, but it is a number");
  EXPECT_EQ(msg_of(e), Json::parse(R"({"id": "document.not_boolean",
    "params": {"field": "/items/7/reverse", "type": "number"}})"));

  // The document itself is named by its kind, not by an English phrase.
  e = first_problem(kInstrument, [](Json& d) { d.erase("title"); });
  EXPECT_EQ(e.message, "the instrument has no \"title\" field, which is required");
  EXPECT_EQ(msg_of(e)["params"], Json::parse(R"({"field": "instrument", "key": "title"})"));
  e = first_problem(kInstrument, [](Json& d) { d.erase("languages"); });
  EXPECT_EQ(msg_of(e)["params"]["field"], "document");

  EXPECT_EQ(msg_of(check_instrument(Json::array())[0]),
            Json::parse(R"({"id": "document.root_not_object", "params": {"kind": "instrument", "type": "array"}})"));
  auto kind = document_kind(Json{{"format", "assess-survey/1"}});
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(msg_of(kind.error()),
            Json::parse(R"({"id": "document.unknown_format", "params": {"format": "assess-survey/1"}})"));
}

TEST(InstrumentMessages, ElementsAreNamedByIdOrByIndex) {
  // Counts agree with their words: "1 item", "2 items".
  auto e = first_problem(kInstrument, [](Json& d) { d["subscales"][1]["min_answered"] = 3; });
  EXPECT_EQ(e.message, "subscale \"adapt\" min_answered is 3, but the subscale has only 2 items");
  EXPECT_EQ(msg_of(e), Json::parse(R"({"id": "instrument.subscale_min_answered_too_large",
    "params": {"subscale": "adapt", "min_answered": 3, "n": 2}})"));

  // A criterion with a valid id is named by it (quoted in English) ...
  e = first_problem(kRubric, [](Json& d) { d["criteria"][0]["levels"].erase(0); });
  EXPECT_EQ(msg_of(e)["id"], "rubric.level_missing");
  EXPECT_TRUE(msg_of(e)["params"]["criterion"].is_string());
  EXPECT_EQ(e.message.find("criterion \""), 0u) << e.message;
  // ... one without by its index (a number).
  Json doc = load(std::string("rubrics/") + kRubric);
  doc["criteria"][1]["id"] = "1 bad";
  doc["criteria"][1]["levels"].erase(0);
  auto errors = check_document(doc);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(msg_of(errors[0])["id"], "document.bad_element_id");
  EXPECT_EQ(msg_of(errors[1])["params"]["criterion"], 1);
  EXPECT_EQ(errors[1].message.find("criterion 1 has no level for score"), 0u) << errors[1].message;

  // Reserved and taken ids name the kind of element as a code.
  e = first_problem(kInstrument, [](Json& d) { d["items"][0]["id"] = "adapt"; });
  EXPECT_EQ(e.message, "item id \"adapt\" is already used by subscale (ids are compared without regard to case)");
  EXPECT_EQ(msg_of(e)["params"], Json::parse(R"({"kind": "item", "id": "adapt", "other": "subscale"})"));
  e = first_problem(kInstrument, [](Json& d) { d["total"]["id"] = "Wave"; });
  EXPECT_EQ(
      e.message,
      "the total id \"Wave\" is reserved for a column of response files (code, programme, wave, lang, group, ...)");
  EXPECT_EQ(msg_of(e)["params"]["kind"], "total");
}

TEST(InstrumentMessages, StudyCodeQuestionsAndReferences) {
  auto e = first_problem(kStudy, [](Json& d) { d["code"]["questions"][1]["kind"] = "numbers"; });
  EXPECT_EQ(e.message, "code question \"birthday\" kind is \"numbers\", but it must be \"letters\" or \"digits\"");
  EXPECT_EQ(msg_of(e), Json::parse(R"({"id": "study.code_kind_invalid",
    "params": {"question": "birthday", "kind": "numbers"}})"));
  e = first_problem(kStudy, [](Json& d) { d["code"]["questions"][1]["max"] = 310; });
  EXPECT_EQ(e.message, "code question \"birthday\" max is 310, which does not fit in 2 digits");
  EXPECT_EQ(msg_of(e)["params"], Json::parse(R"({"question": "birthday", "max": 310, "length": 2})"));

  auto st = parse_study(load(std::string("rubrics/") + kStudy));
  ASSERT_TRUE(st.ok());
  Instrument ins = parse_instrument(load(std::string("rubrics/") + kInstrument)).value();
  ins.version = 2;
  auto errors = check_study_refs(*st, &ins, nullptr);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(msg_of(errors[0]), Json::parse(R"({"id": "study.ref_mismatch", "params": {"kind": "instrument",
    "id": "competency-12", "version": 1, "given_id": "competency-12", "given_version": 2}})"));
}

TEST(InstrumentMessages, EveryProblemOfEveryMutationHasAnId) {
  const Json replacements = Json::parse(R"([null, 0, -1, 2.5, 1e300, "", "x", [], {}, true])");
  std::size_t seen = 0;
  for (const char* file : {kInstrument, kRubric, kStudy}) {
    const Json base = load(std::string("rubrics/") + file);
    std::vector<std::string> pointers;
    // Every member and element of the document.
    std::vector<std::pair<std::string, const Json*>> stack{{"", &base}};
    while (!stack.empty()) {
      auto [p, j] = stack.back();
      stack.pop_back();
      if (!p.empty()) pointers.push_back(p);
      if (j->is_object()) {
        for (auto it = j->begin(); it != j->end(); ++it) stack.emplace_back(p + "/" + it.key(), &it.value());
      } else if (j->is_array()) {
        for (std::size_t i = 0; i < j->size(); ++i) stack.emplace_back(p + "/" + std::to_string(i), &(*j)[i]);
      }
    }
    for (const auto& p : pointers) {
      for (const auto& r : replacements) {
        Json doc = base;
        doc[Json::json_pointer(p)] = r;
        for (const auto& e : check_document(doc)) {
          ASSERT_FALSE(e.msg.empty()) << file << " " << p << ": " << e.message;
          ASSERT_EQ(assess::english(e.msg), e.message) << file << " " << p;
          ++seen;
        }
      }
    }
  }
  EXPECT_GT(seen, 3000u);
}

TEST(ScoringMessages, BadAnswersNameItemValueAndScale) {
  Instrument ins = parse_instrument(load(std::string("rubrics/") + kInstrument)).value();
  auto r = score_answers(ins, {{"AD2", 7}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "the answer to item AD2 is 7, but the scale of competency-12 runs from 1 to 5");
  EXPECT_EQ(msg_of(r.error()), Json::parse(R"({"id": "score.answer_outside_scale",
    "params": {"item": "AD2", "value": 7, "instrument": "competency-12", "min": 1, "max": 5}})"));
  r = score_answers(ins, {{"AD9", 3}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(msg_of(r.error())["id"], "score.unknown_item");

  std::vector<double> table(2 * ins.items.size(), 3.0);
  table[ins.items.size() + 1] = 2.5;
  auto t = score_table(ins, table, 2);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message,
            "row 1: the answer to item ET2 is 2.5, but the scale of competency-12 takes whole numbers from 1 to 5");
  EXPECT_EQ(msg_of(t.error())["id"], "score.row_answer_not_integer");
  EXPECT_EQ(msg_of(t.error())["params"]["row"], 1);
  t = score_table(ins, table, 3);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(msg_of(t.error())["id"], "score.table_size");
}

TEST(ScoringMessages, OpsCarryIdsInErrorsProblemsAndWarnings) {
  Json ins = load(std::string("rubrics/") + kInstrument);
  Json r = call({{"op", "score"}, {"instrument", ins}, {"answers", {{"ET1", 5}, {"IM1", 2}}}, {"stray", 1}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  const Json& res = r["result"];
  ASSERT_EQ(res["warning_msgs"].size(), res["warnings"].size());
  EXPECT_EQ(res["warning_msgs"][0], Json::parse(R"({"id": "score.subscale_too_few_answered",
    "params": {"subscale": "edtech", "answered": 1, "n": 3, "min_answered": 2}})"));
  EXPECT_EQ(res["warnings"][0], "subscale edtech has 1 of 3 items answered, but needs 2; its score is null");
  EXPECT_EQ(res["warning_msgs"].back()["id"], "request.unused_argument");

  r = call({{"op", "score"}, {"instrument", ins}, {"answers", {{"ET1", "4"}}}});
  EXPECT_EQ(r["error"]["msg"], Json::parse(R"({"id": "score.answer_not_number", "params": {"item": "ET1"}})"));
  r = call({{"op", "score"}, {"instrument", load(std::string("rubrics/") + kRubric)}, {"answers", Json::object()}});
  EXPECT_EQ(r["error"]["msg"], Json::parse(R"({"id": "document.not_an_instrument", "params": {"kind": "rubric"}})"));

  // validate_instrument: the first problem as the error, or all of them, each with its id.
  ins["items"][3]["subscale"] = "adaptability";
  r = call({{"op", "validate_instrument"}, {"instrument", ins}});
  EXPECT_EQ(r["error"]["path"], "/instrument/items/3/subscale");
  EXPECT_EQ(r["error"]["msg"]["id"], "instrument.item_unknown_subscale");
  ins["items"][7]["reverse"] = 1;
  r = call({{"op", "validate_instrument"}, {"instrument", ins}, {"all_problems", true}});
  const Json& problems = r["result"]["problems"];
  ASSERT_EQ(problems.size(), 3u);
  for (const auto& p : problems) EXPECT_TRUE(p.contains("msg")) << p.dump();
  EXPECT_EQ(problems[1]["msg"], Json::parse(R"({"id": "document.not_boolean",
    "params": {"field": "/items/7/reverse", "type": "number"}})"));
  EXPECT_EQ(r["result"]["warning_msgs"], Json::array());
}
