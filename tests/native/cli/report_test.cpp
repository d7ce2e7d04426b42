// `assess report` as a researcher runs it on the second demo: the study names
// its documents, --out writes report.json and report.md (made when missing),
// --lang picks the Markdown's language, standard output carries the JSON,
// --ratings adds the expert panel (the study's rubric read from its folder
// unless --rubric gives it), and bad command lines exit 64 with a sentence.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"

namespace fs = std::filesystem;
using assess::test::run_cli;
using assess::test::slurp;

namespace {

const std::string kStudy = " --study rubrics/study.stackable.v1.json";
const std::string kFiles =
    " --responses fixtures/demo2/*.csv fixtures/demo2/responses/*.json fixtures/demo2/employers/*.json"
    " --links fixtures/demo2/links.json";

TEST(CliReport, StandardOutputCarriesTheJson) {
  auto r = run_cli("report" + kStudy + kFiles);
  ASSERT_EQ(r.status, 0) << r.out.substr(0, 300);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["op"], "analyze_study");
  EXPECT_EQ(j["result"]["roles"]["reference"], "control");
  EXPECT_FALSE(j["result"].contains("markdown"));
}

TEST(CliReport, OutWritesJsonAndMarkdownInTheLanguageAsked) {
  const fs::path dir = fs::temp_directory_path() / "assess-cli-report" / "made";
  fs::remove_all(dir.parent_path());
  auto r = run_cli("report" + kStudy + kFiles + " --format all --lang ru --equal-var --conf-level 0.9 --out " +
                   dir.string());
  ASSERT_EQ(r.status, 0);
  auto j = nlohmann::json::parse(slurp(dir / "report.json"));
  EXPECT_EQ(j["result"]["conf_level"], 0.9);
  EXPECT_EQ(j["result"]["equal_var"], true);
  const std::string md = slurp(dir / "report.md");
  EXPECT_NE(md.find("## Таблица 1. "), std::string::npos) << md.substr(0, 300);
  EXPECT_NE(md.find(j["result"]["paragraph"]["ru"].get<std::string>()), std::string::npos);
  EXPECT_NE(md.find("t-критерием Стьюдента"), std::string::npos);
  fs::remove_all(dir.parent_path());
}

TEST(CliReport, RatingsAddTheExpertPanelWithTheStudysRubric) {
  const std::string ratings = " --ratings fixtures/demo2/ratings/ratings.csv fixtures/demo2/ratings/E0*.json";
  const fs::path dir = fs::temp_directory_path() / "assess-cli-report-panel";
  fs::remove_all(dir);
  auto r = run_cli("report" + kStudy + kFiles + ratings + " --format all --lang kk --out " + dir.string());
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(slurp(dir / "report.json"));
  const auto& panel = j["result"]["panel"];
  EXPECT_EQ(panel["rubric"]["id"], "expert-panel");
  EXPECT_EQ(panel["counts"]["experts"], 7);
  // The same as assess agreement on the same files.
  auto a = run_cli("agreement --rubric rubrics/expert-panel.v1.json --study rubrics/study.stackable.v1.json" + ratings);
  ASSERT_EQ(a.status, 0) << a.out;
  auto agreement = nlohmann::json::parse(a.out);
  EXPECT_EQ(panel["criteria"], agreement["result"]["criteria"]);
  EXPECT_EQ(panel["overall"], agreement["result"]["overall"]);
  const std::string md = slurp(dir / "report.md");
  EXPECT_NE(md.find("Сарапшылар тобы: бағдарламалардың бағалары"), std::string::npos);
  // --rubric gives it; another version is the engine's refusal.
  r = run_cli("report" + kStudy + kFiles + ratings + " --rubric rubrics/expert-panel.v1.json");
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out)["result"]["panel"], panel);
  const fs::path other = dir / "expert-panel.v2.json";
  auto doc = nlohmann::json::parse(slurp(fs::path(ASSESS_SOURCE_DIR) / "rubrics/expert-panel.v1.json"));
  doc["version"] = 2;
  { std::ofstream(other) << doc.dump(); }
  r = run_cli("report" + kStudy + kFiles + ratings + " --rubric " + other.string(), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("uses the rubric expert-panel v1, but rubric is expert-panel v2"), std::string::npos) << r.out;
  // A study folder without the rubric: said on the command line.
  const fs::path study = dir / "study.json";
  fs::copy_file(fs::path(ASSESS_SOURCE_DIR) / "rubrics/study.stackable.v1.json", study);
  r = run_cli("report --study " + study.string() +
                  " --instrument rubrics/background.v1.json rubrics/competency-12.v1.json"
                  " rubrics/satisfaction.v1.json rubrics/employer-feedback.v1.json" +
                  kFiles + ratings,
              true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("the study names the rubric expert-panel v1"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(CliReport, BadCommandLines) {
  auto r = run_cli("report" + kStudy, true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("--study FILE and --responses FILE... are required"), std::string::npos) << r.out;
  r = run_cli("report --instrument rubrics/competency-12.v1.json" + kFiles, true);
  EXPECT_EQ(r.status, 64);
  r = run_cli("report" + kStudy + kFiles + " --lang de", true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("--lang must be kk, ru or en"), std::string::npos);
  r = run_cli("report" + kStudy + kFiles + " --format csv", true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("--format must be json, md or all"), std::string::npos);
  r = run_cli("report" + kStudy + kFiles + " --no-text", true);
  EXPECT_EQ(r.status, 64);
  r = run_cli("report" + kStudy + kFiles + " --conf-level high", true);
  EXPECT_EQ(r.status, 64);
  // The engine's refusal: exit 2 with its sentence.
  r = run_cli("report" + kStudy + kFiles + " --conf-level 1.5", true);
  EXPECT_EQ(r.status, 2);
}

}  // namespace
