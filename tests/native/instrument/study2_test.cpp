// assess-study/2 (docs/formats.md "Study assess-study/2"): the model reads
// several instruments with their waves, respondents and item waves, groups
// with roles; each rule has its own message id; summary() adds the /2 fields
// only for /2 studies; check_study_refs checks the given instruments.
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

Json stackable() { return load("rubrics/study.stackable.v1.json"); }

Instrument instrument(const char* file) {
  auto r = parse_instrument(load(std::string("rubrics/") + file));
  EXPECT_TRUE(r.ok()) << file;
  return r.value();
}

// The message id of the first problem of `doc`.
std::string first_id(const Json& doc) {
  auto errors = check_study(doc);
  return errors.empty() ? std::string("(valid)") : errors.front().msg.id;
}

}  // namespace

TEST(Study2, ReadsInstrumentsWavesAndGroups) {
  auto r = parse_study(stackable());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Study& st = r.value();
  EXPECT_EQ(st.format, 2);
  ASSERT_EQ(st.instruments.size(), 4u);
  EXPECT_EQ(st.instruments[0].ref.id, "background");
  EXPECT_EQ(st.instruments[0].waves, std::vector<std::string>({"pre"}));
  EXPECT_EQ(waves_of_item(st.instruments[0], "GPA"), std::vector<std::string>({"pre", "post"}));
  EXPECT_EQ(waves_of_item(st.instruments[0], "age"), std::vector<std::string>({"pre"}));
  EXPECT_EQ(st.instruments[2].waves, std::vector<std::string>({"post"}));
  EXPECT_EQ(st.instruments[2].respondents, Respondents::students);
  EXPECT_EQ(st.instruments[3].respondents, Respondents::employers);
  EXPECT_EQ(find_study_instrument(st, "satisfaction"), 2);
  EXPECT_EQ(find_study_instrument(st, "competency"), -1);
  // The main instrument: the first students instrument at pre and post.
  EXPECT_EQ(main_instrument(st), 1);
  ASSERT_TRUE(st.instrument.has_value());
  EXPECT_EQ(st.instrument->id, "competency-12");
  ASSERT_TRUE(st.rubric.has_value());
  EXPECT_EQ(st.programmes.size(), 5u);
  ASSERT_EQ(st.groups.size(), 2u);
  EXPECT_EQ(st.groups[0].role, GroupRole::focal);
  EXPECT_FALSE(st.groups[0].without_programme);
  EXPECT_EQ(st.groups[1].role, GroupRole::reference);
  EXPECT_TRUE(st.groups[1].without_programme);
  EXPECT_EQ(st.code_questions.size(), 3u);
}

TEST(Study2, MainInstrumentWithoutOneAtPreAndPost) {
  Json doc = stackable();
  doc["instruments"][1]["waves"] = Json::array({"post"});
  auto st = parse_study(doc);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(main_instrument(st.value()), 0);  // the first students instrument
  EXPECT_EQ(st.value().instrument->id, "background");
  doc["instruments"] = Json::array({doc["instruments"][3]});
  doc.erase("code");
  st = parse_study(doc);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(main_instrument(st.value()), -1);  // employers only
  EXPECT_FALSE(st.value().instrument.has_value());
}

TEST(Study2, OneMessageIdPerRule) {
  struct Case {
    const char* pointer;
    Json value;
    const char* id;
  };
  const std::vector<Case> cases = {
      {"/encryption", Json::object(), "document.missing_field"},
      {"/encryption/recipients", Json::array(), "document.too_few_entries"},
      {"/encryption/recipients", Json::array({"age1xp98wxqrr8p53v5pq2kh2m2gx4v9ls4e59h72emvfc9vdlkk33ws46fpcq"}),
       "study.bad_recipient"},
      {"/encryption/recipients",
       Json::array({"age1xp98wxqrr8p53v5pq2kh2m2gx4v9ls4e59h72emvfc9vdlkk33ws46fpcz",
                    "age1xp98wxqrr8p53v5pq2kh2m2gx4v9ls4e59h72emvfc9vdlkk33ws46fpcz"}),
       "study.recipient_twice"},
      {"/encryption/keys", Json::array(), "document.unknown_field"},
      {"/consent", "yes", "document.not_object"},
      {"/consent/signature", "yes", "document.unknown_field"},
      {"/instruments/4", Json::parse(R"({"id": "satisfaction", "version": 1, "waves": ["post"]})"),
       "study.instrument_twice"},
      {"/instruments/3/respondents", "graduates", "study.respondents_invalid"},
      {"/instruments/2/waves", Json::parse(R"(["followup"])"), "study.instrument_wave_unknown"},
      {"/instruments/1/waves", Json::parse(R"(["pre", "pre"])"), "study.instrument_wave_twice"},
      {"/instruments/1/waves", Json::parse(R"(["post", "pre"])"), "study.instrument_waves_order"},
      {"/instruments/0/item_waves/GPA", Json::parse(R"(["pre", "end"])"), "study.item_wave_unknown"},
      {"/instruments/0/item_waves/GPA", Json::parse(R"(["post", "post"])"), "study.item_wave_twice"},
      {"/instruments/0/item_waves/GPA", Json::parse(R"(["post", "pre"])"), "study.item_waves_order"},
      {"/groups/0/role", "treatment", "study.group_role_invalid"},
      {"/groups/0/role", "reference", "study.reference_twice"},
      {"/groups/1/without_programme", "yes", "document.not_boolean"},
      {"/instrument", Json::parse(R"({"id": "competency-12", "version": 1})"), "document.unknown_field"},
  };
  for (const auto& c : cases) {
    Json doc = stackable();
    doc[Json::json_pointer(c.pointer)] = c.value;
    EXPECT_EQ(first_id(doc), c.id) << c.pointer << " = " << c.value.dump();
  }
  Json doc = stackable();
  doc.erase("code");
  EXPECT_EQ(first_id(doc), "study.no_code");
  doc.erase("instruments");
  EXPECT_EQ(first_id(doc), "document.missing_field");
}

// The study's recipients (age X25519 public keys, checked to their bech32
// checksum) and its consent texts (docs/formats.md).
TEST(Study2, EncryptionAndConsent) {
  Json doc = stackable();
  doc["encryption"]["recipients"] = Json::array({"age1ps9tp7jgsguy328py9u8nt38wp4swggz8tay7fzsxx64jchgjggqqtpvp0",
                                                 "age1xp98wxqrr8p53v5pq2kh2m2gx4v9ls4e59h72emvfc9vdlkk33ws46fpcz"});
  doc["consent"]["organiser"] = {{"kk", "Университет"}, {"ru", "Университет"}, {"en", "The university"}};
  doc["consent"]["text"] = {
      {"kk", "Жауаптар шифрланады."}, {"ru", "Ответы шифруются."}, {"en", "Answers are encrypted."}};
  auto st = parse_study(doc);
  ASSERT_TRUE(st.ok()) << st.error().message;

  // Each of these is one typing slip away from a valid key.
  for (const char* bad : {"age1ps9tp7jgsguy328py9u8nt38wp4swggz8tay7fzsxx64jchgjggqqtpvp",   // short
                          "age1ps9tp7jgsguy328py9u8nt38wp4swggz8tay7fzsxx64jchgjggqqtpvpb",  // b is not bech32
                          "Age1ps9tp7jgsguy328py9u8nt38wp4swggz8tay7fzsxx64jchgjggqqtpvp0",  // upper case
                          "age1ps9tp7jgsguy328py9u8nt38wp4swggz8tay7fzsxx64jchgjggqqtpvq0",  // checksum
                          "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"}) {
    doc["encryption"]["recipients"][1] = bad;
    auto r = parse_study(doc);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().path, "/encryption/recipients/1");
    EXPECT_EQ(r.error().msg.id, "study.bad_recipient");
  }
  // A consent text in a language the study does not have is still refused.
  doc = stackable();
  doc["consent"]["text"] = {{"en", "Answers are encrypted."}};
  EXPECT_EQ(first_id(doc), "document.text_missing_language");
}

TEST(Study2, MessagesNameTheInstrumentAndTheWave) {
  Json doc = stackable();
  doc["instruments"][0]["item_waves"]["GPA"] = Json::parse(R"(["pre", "followup"])");
  auto r = parse_study(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/instruments/0/item_waves/GPA/1");
  EXPECT_EQ(r.error().message,
            "item GPA of instrument background is asked at wave \"followup\", which is not a wave of the study");
  // Add the wave to the study and it is valid.
  doc["waves"].push_back(Json::parse(R"({"id": "followup", "title": {"kk": "к", "ru": "р", "en": "e"}})"));
  EXPECT_TRUE(parse_study(doc).ok());
  // A misspelt field: the message offers the right names (encryption among
  // them), never "$schema", and x- fields are free.
  doc["x-note"] = 1;
  doc["encrypt"] = true;
  r = parse_study(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().msg.id, "document.unknown_field");
  EXPECT_NE(r.error().message.find("encryption, consent;"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("$schema"), std::string::npos) << r.error().message;
}

TEST(Study2, SummaryAddsInstrumentsAndRoles) {
  Json r = call({{"op", "validate_instrument"}, {"instrument", stackable()}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  const Json& s = r["result"];
  EXPECT_EQ(s["format"], "assess-study/2");
  EXPECT_EQ(s["file"], "study.stackable.v1.json");
  EXPECT_EQ(s["instrument"], Json::parse(R"({"id": "competency-12", "version": 1})"));
  EXPECT_EQ(s["instruments"][0], Json::parse(R"({"id": "background", "version": 1, "waves": ["pre"],
      "respondents": "students", "item_waves": {"GPA": ["pre", "post"]}})"));
  EXPECT_EQ(s["instruments"][3], Json::parse(R"({"id": "employer-feedback", "version": 1, "waves": ["post"],
      "respondents": "employers"})"));
  EXPECT_EQ(s["groups"], Json::parse(R"(["experimental", "control"])"));
  EXPECT_EQ(s["group_roles"], Json::parse(R"({"experimental": "focal", "control": "reference"})"));
  EXPECT_EQ(s["without_programme"], Json::parse(R"(["control"])"));

  // A /1 study's summary has none of the /2 fields.
  r = call({{"op", "validate_instrument"}, {"instrument", load("rubrics/study.microcredentials.v1.json")}});
  ASSERT_TRUE(r["ok"].get<bool>());
  EXPECT_EQ(r["result"]["format"], "assess-study/1");
  for (const char* key : {"instruments", "group_roles", "without_programme"}) {
    EXPECT_FALSE(r["result"].contains(key)) << key;
  }
}

TEST(Study2, RefsOfTheGivenInstruments) {
  const Study st = parse_study(stackable()).value();
  const Instrument bg = instrument("background.v1.json"), comp = instrument("competency-12.v1.json"),
                   sat = instrument("satisfaction.v1.json"), emp = instrument("employer-feedback.v1.json");
  auto rub = parse_rubric(load("rubrics/expert-panel.v1.json")).value();
  EXPECT_TRUE(check_study_refs(st, std::vector<const Instrument*>{&bg, &comp, &sat, &emp}, &rub).empty());
  EXPECT_TRUE(check_study_refs(st, std::vector<const Instrument*>{}, &rub).empty());  // instruments not checked

  auto ids = [](const std::vector<assess::Error>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.msg.id + " " + e.path);
    return out;
  };
  // One missing.
  EXPECT_EQ(ids(check_study_refs(st, std::vector<const Instrument*>{&bg, &comp, &emp}, nullptr)),
            std::vector<std::string>({"study.instrument_not_given /instruments/2"}));
  // Another version.
  Instrument comp3 = comp;
  comp3.version = 3;
  EXPECT_EQ(ids(check_study_refs(st, std::vector<const Instrument*>{&bg, &comp3, &sat, &emp}, nullptr)),
            std::vector<std::string>({"study.ref_mismatch /instruments/1/version"}));
  // A later version compatible with the one named is accepted.
  comp3.compatible_with = {1, 2};
  EXPECT_TRUE(check_study_refs(st, std::vector<const Instrument*>{&bg, &comp3, &sat, &emp}, nullptr).empty());
  // Not named by the study.
  Instrument other = sat;
  other.id = "wellbeing";
  EXPECT_EQ(ids(check_study_refs(st, std::vector<const Instrument*>{&bg, &comp, &sat, &emp, &other}, nullptr)),
            std::vector<std::string>({"study.instrument_not_named /instruments"}));
  // item_waves names an item the instrument lacks; a language missing.
  Instrument bg2 = bg;
  bg2.items.back().id = "GPA_total";
  Instrument sat2 = sat;
  sat2.languages = {"kk", "en"};
  EXPECT_EQ(ids(check_study_refs(st, std::vector<const Instrument*>{&bg2, &comp, &sat2, &emp}, nullptr)),
            std::vector<std::string>({"study.item_waves_unknown_item /instruments/0/item_waves/GPA",
                                      "study.ref_language_missing /languages/1"}));
}

TEST(Study2, ValidateWithTheDocumentsItUses) {
  Json uses = Json::array({load("rubrics/competency-12.v1.json"), load("rubrics/background.v1.json"),
                           load("rubrics/satisfaction.v1.json"), load("rubrics/employer-feedback.v1.json"),
                           load("rubrics/expert-panel.v1.json")});
  Json r = call({{"op", "validate_instrument"}, {"instrument", stackable()}, {"uses", uses}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["valid"], true);

  Json fewer = uses;
  fewer.erase(2);
  r = call({{"op", "validate_instrument"}, {"instrument", stackable()}, {"uses", fewer}});
  ASSERT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["error"]["msg"]["id"], "study.instrument_not_given");
  EXPECT_EQ(r["error"]["path"], "/instrument/instruments/2");

  Json twice = uses;
  twice.push_back(uses[0]);
  r = call({{"op", "validate_instrument"}, {"instrument", stackable()}, {"uses", twice}});
  EXPECT_EQ(r["error"]["msg"]["id"], "document.uses_instrument_twice");
  EXPECT_EQ(r["error"]["path"], "/uses/5/id");

  Json rubrics = Json::array({uses[4], uses[4]});
  r = call({{"op", "validate_instrument"}, {"instrument", stackable()}, {"uses", rubrics}});
  EXPECT_EQ(r["error"]["msg"]["id"], "document.uses2_wrong_kind");

  r = call({{"op", "validate_instrument"}, {"instrument", stackable()}, {"uses", "none"}});
  EXPECT_EQ(r["error"]["msg"]["id"], "document.uses2_not_array");

  // all_problems lists every reference problem.
  fewer.erase(0);
  r = call({{"op", "validate_instrument"}, {"instrument", stackable()}, {"uses", fewer}, {"all_problems", true}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["problems"].size(), 2u);
}
