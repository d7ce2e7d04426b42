// The qualitative strand's ops beyond the R references
// (fixtures/reference/coding_agreement.json): the identity of a text, the
// checks of codebooks and coding files, the texts op's sources and problems,
// one flipped code moving the figures as R's do, and the consensus.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/sha256.hpp"
#include "assess/data/coding.hpp"
#include "assess/data/file_store.hpp"
#include "support/json_compare.hpp"
#include "support/repo_files.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;

namespace {

Json codebook() { return repo_json("fixtures/coding/codebook.json"); }
Json coder(const char* name) { return repo_json(std::string("fixtures/coding/") + name); }

Json agreement(const std::vector<Json>& coders) {
  return ask(Json{{"op", "coding_agreement"}, {"codebook", codebook()}, {"coders", coders}});
}

TEST(Coding, TextIdentityIsNfcWithLfAndNoBom) {
  const std::string lf = "Ай\nпри\xD0\xB2\xD0\xB5\xD1\x82";
  EXPECT_EQ(assess::data::text_hash(lf), assess::sha256_hex(lf));
  EXPECT_EQ(assess::data::text_hash("\xEF\xBB\xBF"
                                    "Ай\r\nпривет"),
            assess::sha256_hex(lf));
  EXPECT_EQ(assess::data::text_hash("Ай\rпривет"), assess::sha256_hex(lf));
  // И + combining breve is Й.
  EXPECT_EQ(assess::data::text_hash("А\xD0\xB8\xCC\x86\nпривет"), assess::sha256_hex(lf));
  EXPECT_EQ(assess::data::code_point_count(lf), 9u);
}

TEST(Coding, ValidateCodebookAndCoding) {
  Json r = ask(Json{{"op", "validate_coding"}, {"document", codebook()}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["kind"], "codebook");
  EXPECT_EQ(r["result"]["themes"][2]["parent"], "feedback");
  r = ask(Json{{"op", "validate_coding"}, {"document", coder("coder_c.json")}, {"codebook", codebook()}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["coder"], "C");
  EXPECT_EQ(r["result"]["n_texts"], 43);
  EXPECT_EQ(r["result"]["seal"], "absent");
}

// Found by fuzz_api: a document object without "format" (here a codebook
// whose themes came under another key) is an invalid-input error, not an
// assertion inside the JSON library.
TEST(Coding, ADocumentWithoutFormatIsAnError) {
  const Json doc = Json::parse(
      R"({"f": [{"id": "a", "name": {"en": "A"}, "definition": {"en": "A"}},
                {"id": "b", "parent": "a", "name": {"en": "B"}, "definition": {"en": "B"}}]})");
  Json r = ask(Json{{"op", "validate_coding"}, {"document", doc}});
  ASSERT_FALSE(r["ok"]) << r.dump();
  EXPECT_EQ(r["error"]["code"], "invalid_input") << r.dump();
  for (const Json& d : {Json::object(), Json::array(), Json("codebook")}) {
    r = ask(Json{{"op", "validate_coding"}, {"document", d}});
    EXPECT_FALSE(r["ok"]) << d.dump();
  }
}

TEST(Coding, CodebookProblemsNameTheField) {
  Json cb = codebook();
  cb["themes"][0]["parent"] = "peer_feedback";  // a child's child: three levels
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", cb}}), "invalid_input", {"at most two levels"},
               "/document/themes/0/parent");
  cb = codebook();
  cb["themes"][1]["colour"] = "red";
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", cb}}), "invalid_input", {"not a field"},
               "/document/themes/1/colour");
  cb = codebook();
  cb["languages"] = Json::array({"en", "kk"});
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", cb}}), "invalid_input", {"no text in kk"},
               "/document/themes/0/name");
  cb = codebook();
  cb["themes"][3]["id"] = "practice";
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", cb}}), "invalid_input", {"repeats the theme"},
               "/document/themes/3/id");
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", Json{{"format", "assess-codebook/1"}}}}),
               "invalid_input", {"assess-coding-codebook/1", "assess-coding/1"}, "/document/format");
}

TEST(Coding, CodingProblemsNameTheField) {
  Json c = coder("coder_a.json");
  c["texts"][0]["hash"] = "ABC";
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", c}}), "invalid_input", {"64 small hexadecimal"},
               "/document/texts/0/hash");
  c = coder("coder_a.json");
  c["texts"][0]["themes"] = Json::array({"practice", "nostalgia"});
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", c}, {"codebook", codebook()}}), "invalid_input",
               {"nostalgia"}, "/document/texts/0/themes/1");
  c = coder("coder_a.json");
  c["texts"][0]["themes"] = Json::array({"workload"});
  c["texts"][0]["quotes"] = Json::array({Json{{"theme", "practice"}, {"start", 0}, {"end", 4}}});
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", c}}), "invalid_input", {"does not mark"},
               "/document/texts/0/quotes/0/theme");
  c["texts"][0]["quotes"] = Json::array({Json{{"theme", "workload"}, {"start", 5}, {"end", 5}}});
  expect_error(ask(Json{{"op", "validate_coding"}, {"document", c}}), "invalid_input", {"from 5 to 5"},
               "/document/texts/0/quotes/0");
  c = coder("coder_b.json");
  c["codebook"]["version"] = 2;
  expect_error(agreement({coder("coder_a.json"), c}), "invalid_input", {"version 2", "essay-themes version 1"},
               "/coders/1/codebook");
  expect_error(agreement({coder("coder_a.json"), coder("coder_a.json")}), "invalid_input", {"second file of coder A"},
               "/coders/1/coder");
  expect_error(agreement({coder("coder_a.json")}), "insufficient_data", {"at least 2"}, "/coders");
}

// The R reference's first two cases differ by one code (coder B's first text,
// theme workload): the engine's figures move with R's, and only those of
// that theme and the overall ones.
TEST(Coding, OneFlippedCodeMovesTheFiguresAsRs) {
  const Json ref = repo_json("fixtures/reference/coding_agreement.json");
  const Json& before = ref["cases"][0];
  const Json& after = ref["cases"][1];
  std::size_t moved = 0;
  for (std::size_t th = 0; th < before["expected"]["themes"].size(); ++th) {
    const bool same = before["expected"]["themes"][th] == after["expected"]["themes"][th];
    EXPECT_EQ(same, before["expected"]["themes"][th]["theme"] != "workload");
    moved += same ? 0 : 1;
  }
  EXPECT_EQ(moved, 1u);
  EXPECT_NE(before["expected"]["overall"]["alpha"], after["expected"]["overall"]["alpha"]);
  for (const Json* c : {&before, &after}) {
    Json r = ask((*c)["request"]);
    ASSERT_TRUE(r["ok"]) << r.dump();
    auto diffs = compare_json((*c)["expected"], r["result"], Tolerance{});
    EXPECT_TRUE(diffs.empty()) << (*c)["name"] << ": " << (diffs.empty() ? "" : diffs.front());
  }
}

TEST(Coding, ThreeCodersAndMissingTexts) {
  Json r = agreement({coder("coder_a.json"), coder("coder_b.json"), coder("coder_c.json")});
  ASSERT_TRUE(r["ok"]) << r.dump();
  for (const auto& t : r["result"]["themes"]) {
    EXPECT_TRUE(t["cohen_kappa"].is_null());
    EXPECT_TRUE(t["fleiss_kappa"].is_number());
    EXPECT_EQ(t["n_units"], 48);  // every text is coded by A and B
  }
  // Agreement on given texts only: the others are left out with a warning.
  Json texts = Json::array();
  const Json c = coder("coder_c.json");
  for (std::size_t i = 0; i < 10; ++i) texts.push_back(c["texts"][i]["hash"]);
  r = ask(Json{{"op", "coding_agreement"},
               {"codebook", codebook()},
               {"coders", {coder("coder_a.json"), coder("coder_b.json")}},
               {"texts", texts}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_EQ(r["result"]["n_texts"], 10);
  expect_warning_ids(r, {"coding.texts_left_out", "coding.texts_left_out"});
}

TEST(Coding, AnEditedSealIsReadWithAWarning) {
  Json sealed = ask(Json{{"op", "seal"}, {"document", coder("coder_b.json")}})["result"]["document"];
  Json r = agreement({coder("coder_a.json"), sealed});
  ASSERT_TRUE(r["ok"]) << r.dump();
  expect_warning_ids(r, {});
  sealed["texts"][0]["themes"] = Json::array();
  sealed["texts"][0]["quotes"] = Json::array();
  expect_warning_ids(agreement({coder("coder_a.json"), sealed}), {"coding.seal_not_valid"});
}

TEST(Coding, ConsensusAppliesTheResolutions) {
  Json r = agreement({coder("coder_a.json"), coder("coder_b.json")});
  ASSERT_TRUE(r["ok"]) << r.dump();
  const Json& dis = r["result"]["disagreements"];
  ASSERT_GE(dis.size(), 2u);
  // Resolve all but the last disagreement: present as coder A said.
  Json resolutions = Json::array();
  for (std::size_t i = 0; i + 1 < dis.size(); ++i) {
    const bool a_present = !dis[i]["coders_present"].empty() && dis[i]["coders_present"][0] == "A";
    resolutions.push_back(Json{{"hash", dis[i]["hash"]}, {"theme", dis[i]["theme"]}, {"present", a_present}});
  }
  Json c = ask(Json{{"op", "coding_consensus"},
                    {"codebook", codebook()},
                    {"coders", {coder("coder_a.json"), coder("coder_b.json")}},
                    {"resolutions", resolutions}});
  ASSERT_TRUE(c["ok"]) << c.dump();
  EXPECT_FALSE(c["result"]["complete"]);
  ASSERT_EQ(c["result"]["unresolved"].size(), 1u);
  const Json& doc = c["result"]["coding"];
  EXPECT_EQ(doc["coder"], "consensus");
  EXPECT_EQ(ask(Json{{"op", "verify"}, {"document", doc}})["result"]["status"], "valid");
  // Against coder A the consensus differs at most on the unresolved unit.
  Json back = agreement({coder("coder_a.json"), doc});
  ASSERT_TRUE(back["ok"]) << back.dump();
  EXPECT_LE(back["result"]["disagreements"].size(), 1u);
  expect_error(
      ask(Json{{"op", "coding_consensus"},
               {"codebook", codebook()},
               {"coders", {coder("coder_a.json")}},
               {"resolutions", {Json{{"hash", std::string(64, 'f')}, {"theme", "practice"}, {"present", true}}}}}),
      "invalid_input", {"no coder coded"}, "/resolutions/0/hash");
}

TEST(Coding, TextsFromDocumentsAndCsv) {
  const std::string csv =
      repo_text("fixtures/coding/texts.csv") + "ST99AB,p1,control,post,\n,p1,control,post,orphan text\nST98AB,a,b\n";
  Json r = ask(
      Json{{"op", "texts"},
           {"csv", {Json{{"name", "texts.csv"}, {"text", csv}}}},
           {"code_column", "student"},
           {"text_column", "essay"},
           {"group_column", "group"},
           {"documents",
            {Json{{"name", "essays/ST01XY.txt"}, {"text", "code: ST02XY\r\nHello\r\nworld"}},
             Json{{"name", "AB12CD.md"}, {"text", "An essay."}}, Json{{"name", "EF34GH.md"}, {"text", "An essay."}},
             Json{{"name", "blank.txt"}, {"text", " \n "}}, Json{{"name", "\xF0\x9F\x98\x80.txt"}, {"text", "Smile."}},
             Json{{"name", "again/AB12CD.md"}, {"text", "An essay."}}}}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  const Json& texts = r["result"]["texts"];
  ASSERT_EQ(texts.size(), 51u);  // three essays (one shared by two students) and 48 rows
  EXPECT_EQ(texts[0]["code"], "ST02XY");
  EXPECT_EQ(texts[0]["text"], "Hello\nworld");
  EXPECT_EQ(texts[0]["length"], 11);
  EXPECT_EQ(texts[1]["code"], "AB12CD");
  EXPECT_EQ(texts[2]["code"], "EF34GH");
  EXPECT_EQ(texts[3]["source"], "csv");
  EXPECT_EQ(texts[3]["group"], "experimental");
  EXPECT_TRUE(texts[3]["programme"].is_null());  // no programme column named
  // The CSV's hashes are those the coding files name.
  EXPECT_EQ(texts[3]["hash"], coder("coder_a.json")["texts"][0]["hash"]);
  std::vector<std::string> codes;
  for (const auto& p : r["result"]["problems"]) codes.push_back(p["code"].get<std::string>());
  EXPECT_EQ(codes, (std::vector<std::string>{"text_empty", "text_bad_code", "text_empty", "text_no_code", "csv_ragged",
                                             "text_shared", "text_duplicate"}))
      << r["result"]["problems"].dump();
}

TEST(Coding, TextsNameMisencodedFilesAndMissingColumns) {
  assess::data::store_file("cp1251.txt", std::string("code: AB12CD\n\xCF\xF0\xE8\xE2\xE5\xF2"));
  Json r = ask(Json{{"op", "texts"},
                    {"documents", {Json{{"name", "cp1251.txt"}}}},
                    {"csv", {Json{{"name", "t.csv"}, {"text", "code;essay\nAB12CD;x\n"}}}},
                    {"code_column", "student"},
                    {"text_column", "essay"}});
  assess::data::drop_file("cp1251.txt");
  ASSERT_TRUE(r["ok"]) << r.dump();
  EXPECT_TRUE(r["result"]["texts"].empty());
  const Json& p = r["result"]["problems"];
  ASSERT_EQ(p.size(), 2u) << p.dump();
  EXPECT_EQ(p[0]["code"], "encoding");
  EXPECT_EQ(p[0]["file"], "cp1251.txt");
  EXPECT_EQ(p[1]["code"], "csv_column_missing");
  EXPECT_NE(p[1]["message"].get<std::string>().find("student"), std::string::npos);
  expect_error(ask(Json{{"op", "texts"}}), "invalid_input", {"no texts were given"});
}

TEST(Coding, TextsOfResponseFiles) {
  Json r = ask(
      Json{{"op", "texts"},
           {"instrument", repo_json("rubrics/satisfaction.v1.json")},
           {"files", {Json{{"name", "satisfaction.csv"}, {"text", repo_text("fixtures/demo2/satisfaction.csv")}}}}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  const Json& texts = r["result"]["texts"];
  ASSERT_FALSE(texts.empty());
  for (const auto& t : texts) {
    EXPECT_EQ(t["item"], "change");
    EXPECT_EQ(t["source"], "responses");
    EXPECT_EQ(t["wave"], "post");
    EXPECT_TRUE(t["programme"].is_string());
    EXPECT_EQ(t["hash"], assess::data::text_hash(t["text"].get<std::string>()));
  }
}

TEST(Coding, ThemeAnalysisCountsStudentsByAnyText) {
  const std::string csv = repo_text("fixtures/coding/texts.csv");
  Json texts = ask(Json{{"op", "texts"},
                        {"csv", {Json{{"name", "texts.csv"}, {"text", csv}}}},
                        {"code_column", "student"},
                        {"text_column", "essay"},
                        {"programme_column", "programme"},
                        {"group_column", "group"},
                        {"wave_column", "wave"}});
  ASSERT_TRUE(texts["ok"]) << texts.dump();
  ASSERT_EQ(texts["result"]["texts"].size(), 48u);
  // The op texts' result is the analysis' texts argument as it is.
  Json r = ask(Json{{"op", "theme_analysis"},
                    {"codebook", codebook()},
                    {"coding", coder("coder_a.json")},
                    {"texts", texts["result"]},
                    {"gains", repo_json("fixtures/coding/gains.json")}});
  ASSERT_TRUE(r["ok"]) << r.dump();
  const Json ref = repo_json("fixtures/reference/theme_analysis.json")["cases"][0]["expected"];
  auto diffs = compare_json(ref, r["result"], Tolerance{});
  EXPECT_TRUE(diffs.empty()) << (diffs.empty() ? "" : diffs.front());
  for (const auto& t : r["result"]["themes"]) EXPECT_LE(t["students"].get<long>(), t["texts"].get<long>());
  Json gains = repo_json("fixtures/coding/gains.json");
  gains["attitude"]["ST01AB"] = "high";
  expect_error(ask(Json{{"op", "theme_analysis"},
                        {"codebook", codebook()},
                        {"coding", coder("coder_a.json")},
                        {"texts", texts["result"]},
                        {"gains", gains}}),
               "invalid_input", {"a gain is a number"}, "/gains/attitude/ST01AB");
}

}  // namespace
