// Item types beside Likert (docs/formats.md "Item types"): the model reads
// choice, multi, number and text items with their fields, every existing
// document stays Likert, each new rule has a message id, and the parts that
// handle Likert items only (scoring, import, linking, analyses) refuse such
// an instrument with instrument.item_type_unsupported instead of misreading it.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"
#include "assess/instrument/scoring.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::instrument;

namespace {

std::string text_of(const std::string& rel) {
  return assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string());
}
Json load(const std::string& rel) { return Json::parse(text_of(rel)); }
Json call(const Json& request) { return Json::parse(assess::api::call(request.dump())); }

// The valid mixed instrument of tests/schema/instrument_cases.json.
Json mixed_doc() {
  const Json cases = load("tests/schema/instrument_cases.json");
  for (const Json& c : cases["cases"]) {
    if (c["name"] == "item types: likert, choice, multi, number, text") return c["doc"];
  }
  ADD_FAILURE() << "the mixed case is missing";
  return Json::object();
}

Instrument mixed() {
  auto r = parse_instrument(mixed_doc());
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().path + ": " + r.error().message);
  return r.value();
}

}  // namespace

TEST(ItemTypes, EveryTypeIsReadWithItsFields) {
  const Instrument ins = mixed();
  ASSERT_EQ(ins.items.size(), 7u);
  EXPECT_EQ(ins.items[0].type, ItemType::likert);
  EXPECT_EQ(ins.items[1].type, ItemType::likert);
  EXPECT_TRUE(ins.items[1].reverse);
  const Item& hire = ins.items[2];
  EXPECT_EQ(hire.type, ItemType::choice);
  ASSERT_EQ(hire.options.size(), 2u);
  EXPECT_EQ(hire.options[0].id, "yes");
  EXPECT_TRUE(hire.options[0].positive);
  EXPECT_FALSE(hire.options[1].positive);
  EXPECT_TRUE(hire.options[1].has_value);
  EXPECT_EQ(hire.options[1].value, 0.0);
  EXPECT_EQ(hire.options[1].label.at("en"), "No");
  EXPECT_EQ(hire.subscale_index, -1);
  EXPECT_EQ(ins.items[3].type, ItemType::multi);
  EXPECT_EQ(ins.items[3].options[1].id, "tutor");
  const Item& gpa = ins.items[4];
  EXPECT_EQ(gpa.type, ItemType::number);
  EXPECT_EQ(gpa.min, 0.0);
  EXPECT_EQ(gpa.max, 4.0);
  EXPECT_FALSE(gpa.integer);
  EXPECT_TRUE(gpa.score);
  EXPECT_EQ(gpa.unit.at("en"), "points");
  EXPECT_TRUE(ins.items[5].integer);
  EXPECT_FALSE(ins.items[5].score);
  EXPECT_EQ(ins.items[6].type, ItemType::text);
  EXPECT_EQ(ins.items[6].max_length, 1000);
  // The subscale holds the Likert items only.
  ASSERT_EQ(ins.subscales.size(), 1u);
  EXPECT_EQ(ins.subscales[0].items, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(ins.subscales[0].min_answered, 2);
}

TEST(ItemTypes, DefaultsOfTheOptionalFields) {
  Json doc = mixed_doc();
  doc["items"][6].erase("max_length");
  doc["items"][2]["options"][0].erase("positive");
  doc["items"][4].erase("score");
  auto r = parse_instrument(doc);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().items[6].max_length, 2000);
  EXPECT_FALSE(r.value().items[2].options[0].positive);
  EXPECT_FALSE(r.value().items[4].score);
  EXPECT_TRUE(r.value().items[4].unit.count("en"));
}

TEST(ItemTypes, ATotalAveragesTheLikertItemsOnly) {
  Json doc = mixed_doc();
  doc["total"] = Json::object();
  auto r = parse_instrument(doc);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().total->min_answered, 2);  // default: every Likert item
  doc["total"]["min_answered"] = 3;
  auto e = parse_instrument(doc);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().path, "/total/min_answered");
  EXPECT_EQ(e.error().msg.id, "instrument.total_min_answered_too_large");
}

TEST(ItemTypes, ShippedDocumentsAreLikertAndSummariseAsBefore) {
  for (const auto& e : fs::directory_iterator(fs::path(ASSESS_SOURCE_DIR) / "rubrics")) {
    if (e.path().extension() != ".json") continue;
    const Json doc = load("rubrics/" + e.path().filename().string());
    if (doc["format"] != kInstrumentFormat) continue;
    bool typed = false;
    for (const Json& it : doc["items"]) typed = typed || it.contains("type");
    if (typed) continue;  // the documents of issue 14 (satisfaction, background, ...)
    auto r = parse_instrument(doc);
    ASSERT_TRUE(r.ok()) << e.path();
    for (const auto& item : r.value().items) EXPECT_EQ(item.type, ItemType::likert) << item.id;
    EXPECT_FALSE(unsupported_item_type(r.value()).has_value());
    const Json s = summary(r.value());
    EXPECT_FALSE(s.contains("item_types"));
    EXPECT_TRUE(s["scale"].is_object());
    for (const Json& it : s["items"]) EXPECT_EQ(it.size(), 3u) << it.dump();  // {id, subscale, reverse}
  }
}

TEST(ItemTypes, SummaryNamesTypesAndDetails) {
  const Json s = summary(mixed());
  EXPECT_EQ(s["item_types"], Json::parse(R"(["likert", "choice", "multi", "number", "text"])"));
  EXPECT_EQ(s["items"][0], Json::parse(R"({"id": "S1", "subscale": "sat", "reverse": false})"));
  EXPECT_EQ(s["items"][2],
            Json::parse(R"({"id": "hire", "type": "choice", "options": ["yes", "no"], "positive": "yes"})"));
  EXPECT_EQ(s["items"][3], Json::parse(R"({"id": "roles", "type": "multi", "options": ["mentor", "tutor"]})"));
  EXPECT_EQ(s["items"][4],
            Json::parse(R"({"id": "GPA", "type": "number", "min": 0, "max": 4, "integer": false, "score": true})"));
  EXPECT_EQ(s["items"][6], Json::parse(R"({"id": "change", "type": "text", "max_length": 1000})"));

  Json facts = mixed_doc();
  facts.erase("response_scale");
  facts.erase("subscales");
  facts["items"].erase(0);
  facts["items"].erase(0);
  auto r = parse_instrument(facts);
  ASSERT_TRUE(r.ok()) << r.error().path << ": " << r.error().message;
  EXPECT_FALSE(r.value().has_scale);
  EXPECT_TRUE(summary(r.value())["scale"].is_null());
  EXPECT_FALSE(summary(r.value())["total"].is_object());
}

TEST(ItemTypes, EveryNewRuleHasItsMessageId) {
  struct Case {
    const char* mutation;  // JSON Patch-like: pointer and value
    const char* pointer;
    Json value;
    const char* id;
    const char* path;
  };
  const std::vector<Case> cases = {
      {"unknown type", "/items/2/type", "rating", "instrument.item_unknown_type", "/items/2/type"},
      {"option id twice", "/items/2/options/1/id", "Yes", "instrument.option_id_twice", "/items/2/options/1/id"},
      {"value twice", "/items/2/options/1/value", 1, "instrument.option_value_twice", "/items/2/options/1/value"},
      {"positive twice", "/items/2/options/1/positive", true, "instrument.positive_twice",
       "/items/2/options/1/positive"},
      {"multi option id twice", "/items/3/options/1/id", "mentor", "instrument.option_id_twice",
       "/items/3/options/1/id"},
      {"column too long", "/items/3/options/1/id", std::string(60, 'x'), "instrument.option_column_too_long",
       "/items/3/options/1/id"},
      {"number max", "/items/4/max", -1, "instrument.number_max_not_above_min", "/items/4/max"},
      {"whole bound", "/items/5/min", 0.5, "instrument.number_bound_not_whole", "/items/5/min"},
      {"not a number", "/items/4/min", "0", "document.not_number", "/items/4/min"},
      {"number range", "/items/4/max", 2e9, "document.number_out_of_range", "/items/4/max"},
  };
  for (const auto& c : cases) {
    Json doc = mixed_doc();
    doc[Json::json_pointer(c.pointer)] = c.value;
    const auto errors = check_instrument(doc);
    ASSERT_FALSE(errors.empty()) << c.mutation;
    EXPECT_EQ(errors[0].msg.id, c.id) << c.mutation << ": " << errors[0].message;
    EXPECT_EQ(errors[0].path, c.path) << c.mutation;
    EXPECT_EQ(assess::english(errors[0].msg), errors[0].message) << c.mutation;
  }
  // The rules that need more than one change.
  Json doc = mixed_doc();
  doc["items"][2]["options"][1].erase("value");
  EXPECT_EQ(check_instrument(doc).at(0).msg.id, "instrument.option_value_missing");
  // An option that is no object is reported once; the others are still checked.
  doc = mixed_doc();
  doc["items"][2]["options"].insert(doc["items"][2]["options"].begin(), Json("maybe"));
  doc["items"][2]["options"][2].erase("value");
  const auto all = check_instrument(doc);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].path, "/items/2/options/0");
  EXPECT_EQ(all[1].msg.id, "instrument.positive_not_yes_no");  // three options
  EXPECT_EQ(all[1].path, "/items/2/options/1/positive");
  EXPECT_EQ(all[2].msg.id, "instrument.option_value_missing");
  EXPECT_EQ(all[2].path, "/items/2/options/2");
  doc = mixed_doc();
  doc["items"][2]["options"].push_back(Json{{"id", "maybe"}, {"label", {{"en", "Maybe"}}}, {"value", 2}});
  EXPECT_EQ(check_instrument(doc).at(0).msg.id, "instrument.positive_not_yes_no");
  doc = mixed_doc();
  doc["items"].push_back(Json{{"id", "Roles_Mentor"}, {"subscale", "sat"}, {"text", {{"en", "x"}}}});
  EXPECT_EQ(check_instrument(doc).at(0).msg.id, "instrument.id_taken");
  doc = mixed_doc();
  doc["items"].insert(doc["items"].begin(), Json{{"id", "roles_tutor"}, {"subscale", "sat"}, {"text", {{"en", "x"}}}});
  EXPECT_EQ(check_instrument(doc).at(0).msg.id, "instrument.option_column_taken");
  doc = mixed_doc();
  doc.erase("response_scale");
  doc.erase("subscales");
  doc["items"].erase(0);
  doc["items"].erase(0);
  doc["total"] = Json::object();
  EXPECT_EQ(check_instrument(doc).at(0).msg.id, "instrument.total_no_likert");
}

TEST(ItemTypes, LinkingRefusesOtherTypesWithACodedError) {
  const Instrument ins = mixed();
  auto first = unsupported_item_type(ins);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->msg.id, "instrument.item_type_unsupported");
  EXPECT_EQ(first->path, "/items/2/type");
  EXPECT_EQ(first->message,
            "item hire is of type choice, which this part of the engine does not read yet: only Likert items are "
            "scored, imported and analysed so far");

  // Scoring and the import read every type (tests/native/data/item_answers_test.cpp).
  EXPECT_TRUE(score_answers(ins, {{"S1", 4.0}}).ok());
  const std::string csv = "code,programme,wave,S1,S2,hire\nAB01CD,p,pre,4,2,yes\n";
  assess::data::ImportReport report;
  EXPECT_TRUE(assess::data::import_responses(ins, nullptr, {{"r.csv", csv}}, report).ok());

  // Through the ops (and so the CLI and the pages): the op that links
  // refuses it, pointing into the request; validation accepts it, and the
  // pre-post analysis reads its Likert items and scored numbers (issue 15).
  const Json doc = mixed_doc();
  const Json files = Json::array({Json{{"name", "r.csv"}, {"text", csv}}});
  for (const Json& req : {Json{{"op", "link"}, {"instrument", doc}, {"files", files}, {"links", Json::array()}}}) {
    const Json r = call(req);
    ASSERT_FALSE(r["ok"].get<bool>()) << req["op"];
    EXPECT_EQ(r["error"]["code"], "invalid_input") << req["op"];
    EXPECT_EQ(r["error"]["path"], "/instrument/items/2/type") << req["op"];
    EXPECT_EQ(r["error"]["msg"]["id"], "instrument.item_type_unsupported") << req["op"];
    EXPECT_EQ(r["error"]["msg"]["params"]["item"], "hire") << req["op"];
  }
  const Json two = Json::array({Json{
      {"name", "r.csv"}, {"text", "code,programme,wave,S1,S2,hire\nAB01CD,p,pre,4,2,yes\nAB01CD,p,post,5,3,no\n"}}});
  for (const Json& req : {Json{{"op", "score"}, {"instrument", doc}, {"answers", {{"S1", 4}}}},
                          Json{{"op", "import_responses"}, {"instrument", doc}, {"files", files}},
                          Json{{"op", "analyze_prepost"}, {"instrument", doc}, {"files", two}}}) {
    const Json r = call(req);
    EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
  }
  const Json v = call({{"op", "validate_instrument"}, {"instrument", doc}});
  ASSERT_TRUE(v["ok"].get<bool>()) << v.dump();
  EXPECT_EQ(v["result"]["item_types"].size(), 5u);
}
