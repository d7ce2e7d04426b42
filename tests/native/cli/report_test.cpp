// `assess report` as a researcher runs it on the second demo: the study names
// its documents, --out writes report.json and report.md (made when missing),
// --lang picks the Markdown's language, standard output carries the JSON, and
// bad command lines exit 64 with a sentence.
#include <filesystem>
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
