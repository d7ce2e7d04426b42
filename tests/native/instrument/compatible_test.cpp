// compatible_with (docs/formats.md "Versions: compatible_with"): parsed and
// validated on instruments; check_compatible names the first difference
// other than texts (what differs and where) with instrument.not_compatible.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/instrument/model.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::instrument;

namespace {

Json load(const std::string& rel) {
  return Json::parse(assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string()));
}
Json call(const Json& request) { return Json::parse(assess::api::call(request.dump())); }

Instrument parsed(const Json& doc) {
  auto r = parse_instrument(doc);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Instrument{};
}

// Version 2 of a shipped instrument, declared compatible with version 1.
Json next_version(const char* file) {
  Json doc = load(std::string("rubrics/") + file);
  doc["version"] = 2;
  doc["compatible_with"] = Json::array({1});
  return doc;
}

struct Found {
  std::string what, at;
};
// The difference check_compatible names, or {"", ""}.
Found difference(const Json& newer, const char* older_file) {
  auto e = check_compatible(parsed(newer), parsed(load(std::string("rubrics/") + older_file)));
  if (!e) return {"", ""};
  EXPECT_EQ(e->msg.id, "instrument.not_compatible");
  EXPECT_EQ(e->code, assess::ErrorCode::invalid_input);
  std::string what;
  for (const auto& p : e->msg.params) {
    if (p.name == "what") what = p.code;
  }
  return {what, e->path};
}

}  // namespace

TEST(Compatible, ParsedAndSummarised) {
  Json doc = next_version("competency-12.v1.json");
  const Instrument ins = parsed(doc);
  EXPECT_EQ(ins.compatible_with, std::vector<int>({1}));
  Json r = call({{"op", "validate_instrument"}, {"instrument", doc}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["compatible_with"], Json::parse("[1]"));
  // Without it the summary is as before.
  r = call({{"op", "validate_instrument"}, {"instrument", load("rubrics/competency-12.v1.json")}});
  EXPECT_FALSE(r["result"].contains("compatible_with"));
}

TEST(Compatible, RulesOfTheList) {
  Json doc = next_version("competency-12.v1.json");
  doc["compatible_with"] = Json::array({2});
  auto r = parse_instrument(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().msg.id, "instrument.compatible_not_earlier");
  EXPECT_EQ(r.error().message,
            "compatible_with lists version 2, but only earlier versions than this one (2) can be listed");
  doc["version"] = 5;
  doc["compatible_with"] = Json::array({1, 3, 1});
  r = parse_instrument(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().msg.id, "instrument.compatible_twice");
  EXPECT_EQ(r.error().path, "/compatible_with/2");
}

TEST(Compatible, TextsMayDiffer) {
  Json doc = next_version("competency-12.v1.json");
  doc["title"]["ru"] = "Другое название";
  doc["instructions"]["en"] = "Other instructions.";
  doc["items"][0]["text"]["kk"] = "Басқа мәтін";
  doc["response_scale"]["labels"]["3"]["ru"] = "Ни согласен(на), ни не согласен(на)";
  doc["subscales"][0]["title"]["en"] = "Another title";
  doc["sources"] = Json::array({"Another source"});
  EXPECT_EQ(difference(doc, "competency-12.v1.json").what, "");
  Json bg = next_version("background.v1.json");
  bg["items"][0]["options"][0]["label"]["en"] = "Under 25";
  EXPECT_EQ(difference(bg, "background.v1.json").what, "");
}

TEST(Compatible, EveryKindOfDifferenceIsNamed) {
  struct Case {
    const char* file;
    const char* pointer;
    Json value;
    const char* what;
    const char* at;
  };
  const std::vector<Case> cases = {
      {"competency-12.v1.json", "/id", "competency-13", "id", "/id"},
      {"competency-12.v1.json", "/items/3/id", "AD9", "item_id", "/items/3/id"},
      {"competency-12.v1.json", "/subscales/1/min_answered", 1, "min_answered", "/subscales/1/min_answered"},
      {"competency-12.v1.json", "/items/4/reverse", false, "reverse", "/items/4/reverse"},
      {"competency-12.v1.json", "/response_scale/max", 7, "scale", "/response_scale"},
      {"competency-12.v1.json", "/response_scale/integer", false, "scale", "/response_scale"},
      {"competency-12.v1.json", "/subscales/0/min_answered", 1, "min_answered", "/subscales/0/min_answered"},
      {"competency-12.v1.json", "/total/min_answered", 8, "min_answered", "/total/min_answered"},
      {"competency-12.v1.json", "/total/id", "overall", "total_id", "/total/id"},
      {"background.v1.json", "/items/0/options/0/id", "age_under_25", "option_id", "/items/0/options/0/id"},
      {"background.v1.json", "/items/4/options/0/positive", false, "positive", "/items/4/options/0/positive"},
      {"background.v1.json", "/items/5/max", 5, "max", "/items/5/max"},
      {"background.v1.json", "/items/5/min", 1, "min", "/items/5/min"},
      {"background.v1.json", "/items/5/score", false, "score", "/items/5/score"},
      {"background.v1.json", "/items/3/integer", false, "integer", "/items/3/integer"},
      {"satisfaction.v1.json", "/items/7/max_length", 500, "max_length", "/items/7/max_length"},
  };
  for (const auto& c : cases) {
    Json doc = next_version(c.file);
    doc[Json::json_pointer(c.pointer)] = c.value;
    const Found f = difference(doc, c.file);
    EXPECT_EQ(f.what, c.what) << c.file << " " << c.pointer;
    EXPECT_EQ(f.at, c.at) << c.file << " " << c.pointer;
  }
}

TEST(Compatible, StructuralDifferences) {
  Json doc;
  // An item moved to another subscale (adapt then asks for one answer).
  doc = next_version("competency-12.v1.json");
  doc["items"][3]["subscale"] = "edtech";
  doc["subscales"][1]["min_answered"] = 1;
  EXPECT_EQ(difference(doc, "competency-12.v1.json").at, "/items/3/subscale");
  // The subscales in another order (the items name the same ones).
  doc = next_version("competency-12.v1.json");
  std::swap(doc["subscales"][0], doc["subscales"][1]);
  EXPECT_EQ(difference(doc, "competency-12.v1.json").what, "subscale_id");
  EXPECT_EQ(difference(doc, "competency-12.v1.json").at, "/subscales/0/id");
  // An item fewer.
  doc = next_version("competency-12.v1.json");
  doc["items"].erase(0);  // ET1 (edtech keeps two items)
  doc["total"]["min_answered"] = 10;
  EXPECT_EQ(difference(doc, "competency-12.v1.json").what, "items");
  // Items in another order.
  doc = next_version("competency-12.v1.json");
  std::swap(doc["items"][0], doc["items"][1]);
  EXPECT_EQ(difference(doc, "competency-12.v1.json").at, "/items/0/id");
  // Another type.
  doc = next_version("satisfaction.v1.json");
  doc["items"][7] = Json::parse(R"({"id": "change", "type": "number", "min": 0, "max": 10,
      "text": {"kk": "а", "ru": "б", "en": "c"}})");
  EXPECT_EQ(difference(doc, "satisfaction.v1.json").what, "item_type");
  // An option more; a value given.
  doc = next_version("background.v1.json");
  Json extra = doc["items"][1]["options"][0];
  extra["id"] = "other_option";
  doc["items"][1]["options"].push_back(extra);
  EXPECT_EQ(difference(doc, "background.v1.json").what, "options");
  doc = next_version("background.v1.json");
  for (std::size_t k = 0; k < doc["items"][0]["options"].size(); ++k) doc["items"][0]["options"][k]["value"] = k;
  EXPECT_EQ(difference(doc, "background.v1.json").at, "/items/0/options/0/value");
  // A subscale fewer (its items then count to the total only).
  doc = next_version("competency-12.v1.json");
  doc["subscales"].erase(1);
  for (auto& it : doc["items"]) {
    if (it.value("subscale", "") == "adapt") it.erase("subscale");
  }
  EXPECT_EQ(difference(doc, "competency-12.v1.json").what, "subscale");
  // No total.
  doc = next_version("competency-12.v1.json");
  doc.erase("total");
  EXPECT_EQ(difference(doc, "competency-12.v1.json").what, "total");
  // Not a later version.
  doc = load("rubrics/competency-12.v1.json");
  const Found f = difference(doc, "competency-12.v1.json");
  EXPECT_EQ(f.what, "version");
  EXPECT_EQ(f.at, "/version");
}

TEST(Compatible, TheMessageSaysWhatAndWhere) {
  Json doc = next_version("competency-12.v1.json");
  doc["items"][4]["reverse"] = false;
  auto e = check_compatible(parsed(doc), parsed(load("rubrics/competency-12.v1.json")));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message,
            "instrument competency-12 version 2 is not compatible with version 1: they differ in reverse keying (at "
            "/items/4/reverse); only texts may differ");
}
