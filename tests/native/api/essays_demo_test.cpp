// The essays demo of issue 19 (fixtures/demo-essays) end to end: the essays
// read by the texts op give the hashes, codes and lengths the demo's coding
// files and texts.json use, and coding_agreement and theme_analysis on the
// texts op's answer equal R's figures (fixtures/reference/essays_demo.json,
// written by fixtures/reference/R/essays_demo.R) at the contract tolerances.
// The reference test runs the same cases on the committed files, with one
// code flipped as well.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/json_compare.hpp"
#include "support/repo_files.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;

namespace {

const char* const kDir = "fixtures/demo-essays/";

Json demo(const char* name) { return repo_json(std::string(kDir) + name); }

// The reference case of essays_demo.json whose name starts with `prefix`.
const Json& reference_case(const std::string& prefix) {
  static const Json doc = repo_json("fixtures/reference/essays_demo.json");
  for (const auto& c : doc.at("cases")) {
    if (c.at("name").get<std::string>().rfind(prefix, 0) == 0) return c;
  }
  throw std::runtime_error("no reference case " + prefix);
}

// The texts op on the 36 essays as documents, in texts.json's order.
Json essays_texts() {
  Json docs = Json::array();
  for (const auto& t : demo("texts.json")) {
    const std::string name = t.at("file").get<std::string>();
    docs.push_back(Json{{"name", name}, {"text", repo_text(std::string(kDir) + name)}});
  }
  Json r = ask(Json{{"op", "texts"}, {"documents", docs}});
  EXPECT_TRUE(r["ok"]) << r.dump().substr(0, 400);
  return r["result"];
}

void expect_as_r(const Json& expected, const Json& response, const std::string& what) {
  ASSERT_TRUE(response["ok"]) << what << ": " << response.dump().substr(0, 400);
  for (const auto& p : compare_json(expected, response["result"], tolerance_from(nullptr))) ADD_FAILURE() << what << p;
}

TEST(EssaysDemo, TextsOpGivesTheDemosHashesCodesAndLengths) {
  const Json texts = essays_texts();
  const Json demo_texts = demo("texts.json");
  ASSERT_EQ(texts["texts"].size(), 36u);
  EXPECT_EQ(texts["counts"]["errors"], 0);
  const Json coder_a = demo("coder_a.json");
  for (std::size_t i = 0; i < 36; ++i) {
    const Json& t = texts["texts"][i];
    EXPECT_EQ(t["hash"], demo_texts[i]["hash"]) << i;
    EXPECT_EQ(t["code"], demo_texts[i]["code"]) << i;  // the normalised code, the gains' key
    EXPECT_EQ(t["length"], demo_texts[i]["length"]) << i;
    EXPECT_EQ(t["source"], "document");
    EXPECT_EQ(t["hash"], coder_a["texts"][i]["hash"]) << i;
    for (const auto& q : coder_a["texts"][i]["quotes"]) EXPECT_LE(q["end"].get<long>(), t["length"].get<long>());
  }
}

TEST(EssaysDemo, AgreementOnTheTextsOpsAnswerEqualsR) {
  const Json& c = reference_case("essays demo: coders A and B");
  Json req{{"op", "coding_agreement"},
           {"codebook", demo("codebook.json")},
           {"coders", Json::array({demo("coder_a.json"), demo("coder_b.json")})},
           {"texts", essays_texts()}};
  expect_as_r(c["expected"], ask(req), "coding_agreement");
  // the flagged theme is the one R flags (alpha < .667), and only it
  Json r = ask(req);
  for (const auto& t : r["result"]["themes"]) EXPECT_EQ(t["flag"], t["theme"] == "reflection") << t.dump();
}

TEST(EssaysDemo, ThemeAnalysisOnTheTextsOpsAnswerEqualsR) {
  // the texts op knows the essays' codes; programme and group come from the
  // second demo's records (texts.json), as the analysis page joins them
  Json texts = essays_texts();
  const Json demo_texts = demo("texts.json");
  for (std::size_t i = 0; i < texts["texts"].size(); ++i) {
    for (const char* k : {"programme", "group", "wave"}) texts["texts"][i][k] = demo_texts[i][k];
  }
  const Json& c = reference_case("essays demo: theme frequencies");
  Json req{{"op", "theme_analysis"},
           {"codebook", demo("codebook.json")},
           {"coding", demo("consensus.json")},
           {"texts", texts},
           {"gains", demo("gains.json")}};
  expect_as_r(c["expected"], ask(req), "theme_analysis");
}

TEST(EssaysDemo, OneFlippedCodeMovesTheFiguresAsRs) {
  const Json& before = reference_case("essays demo: theme frequencies")["expected"];
  const Json& after = reference_case("essays demo: the consensus with one code flipped")["expected"];
  Json coding = demo("consensus.json");
  // the first essay's "practice", as essays_demo.R flips it
  Json& first = coding["texts"][0];
  Json themes = Json::array();
  bool had = false;
  for (const auto& t : first["themes"]) {
    if (t == "practice") {
      had = true;
    } else {
      themes.push_back(t);
    }
  }
  if (!had) themes.push_back("practice");
  first["themes"] = themes;
  Json quotes = Json::array();
  for (const auto& q : first["quotes"]) {
    if (q["theme"] != "practice") quotes.push_back(q);
  }
  first["quotes"] = quotes;
  Json r = ask(Json{{"op", "theme_analysis"},
                    {"codebook", demo("codebook.json")},
                    {"coding", coding},
                    {"texts", demo("texts.json")},
                    {"gains", demo("gains.json")}});
  expect_as_r(after, r, "flipped");
  EXPECT_NE(before["themes"][0]["students"], after["themes"][0]["students"]);
}

// gains.json holds the second demo's per-student gains as its data set has
// them (the engine's dataset op on every raw file of fixtures/demo2):
// competency = total_gain, a subscale = <subscale>_gain.
TEST(EssaysDemo, GainsAreTheSecondDemosDataSetGains) {
  Json req = demo2_request("dataset");
  const Json r = ask(req);
  ASSERT_TRUE(r["ok"]) << r.dump().substr(0, 400);
  const Json& ds = r["result"]["dataset"];
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < ds["variables"].size(); ++i) col[ds["variables"][i].get<std::string>()] = i;
  std::map<std::string, const Json*> row_of;
  for (const auto& row : ds["rows"]) row_of[row[col.at("code")].get<std::string>()] = &row;
  const Json gains = demo("gains.json");
  for (auto it = gains.begin(); it != gains.end(); ++it) {
    const std::string var = it.key() == "competency" ? "total_gain" : it.key() + "_gain";
    ASSERT_TRUE(col.count(var)) << var;
    for (auto g = it.value().begin(); g != it.value().end(); ++g) {
      ASSERT_TRUE(row_of.count(g.key())) << g.key();
      const Json& cell = (*row_of.at(g.key()))[col.at(var)];
      if (g.value().is_null()) {
        EXPECT_TRUE(cell.is_null()) << var << " " << g.key();
      } else {
        EXPECT_NEAR(cell.get<double>(), g.value().get<double>(), 1e-9) << var << " " << g.key();
      }
    }
  }
}

TEST(EssaysDemo, ConsensusWithTheResolutionsIsCompleteAndCommitted) {
  Json r = ask(Json{{"op", "coding_consensus"},
                    {"codebook", demo("codebook.json")},
                    {"coders", Json::array({demo("coder_a.json"), demo("coder_b.json")})},
                    {"resolutions", demo("resolutions.json")},
                    {"seal", false}});
  ASSERT_TRUE(r["ok"]) << r.dump().substr(0, 400);
  EXPECT_EQ(r["result"]["complete"], true);
  const Json committed = demo("consensus.json");
  ASSERT_EQ(r["result"]["coding"]["texts"].size(), committed["texts"].size());
  for (std::size_t i = 0; i < committed["texts"].size(); ++i) {
    EXPECT_EQ(r["result"]["coding"]["texts"][i]["themes"], committed["texts"][i]["themes"]) << i;
  }
}

}  // namespace
