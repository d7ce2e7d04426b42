// `assess analyze` and `assess agreement` as a researcher runs them on the
// demo files: exit codes, the three formats, --out, and that the CLI prints
// what the API answers.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;

namespace {

using assess::test::CliRun;
// Runs from the repository root so that the demo paths are the README's.
CliRun run(const std::string& args, bool with_stderr = false) { return assess::test::run_cli(args, with_stderr); }

const std::string kAnalyze =
    "analyze --instrument rubrics/competency-12.v1.json --study rubrics/study.microcredentials.v1.json "
    "--responses fixtures/demo/responses.csv fixtures/demo/responses/*.json --links fixtures/demo/links.json";
const std::string kAgreement =
    "agreement --rubric rubrics/expert-panel.v1.json --study rubrics/study.microcredentials.v1.json "
    "--ratings fixtures/demo/ratings.csv fixtures/demo/ratings/*.json";

TEST(CliAnalyze, JsonReportOfTheDemo) {
  CliRun r = run(kAnalyze);
  ASSERT_EQ(r.status, 0) << r.out.substr(0, 500);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["op"], "analyze_prepost");
  EXPECT_EQ(j["result"]["subscales"].size(), 5u);
  EXPECT_EQ(j["result"]["linking"]["matched"], 118);
  EXPECT_EQ(j["result"]["groups"]["comparison"]["focal"], "experimental");
}

TEST(CliAnalyze, MarkdownAndCsvToStdout) {
  CliRun md = run(kAnalyze + " --format md");
  ASSERT_EQ(md.status, 0);
  EXPECT_EQ(md.out.rfind("# Pre-post analysis: competency-12 v1", 0), 0u) << md.out.substr(0, 200);
  EXPECT_NE(md.out.find("| edtech | 118 |"), std::string::npos);
  CliRun csv = run(kAnalyze + " --format csv");
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(csv.out.rfind("# prepost.csv\nset,scale,n_pairs,", 0), 0u) << csv.out.substr(0, 200);
  for (const char* t : {"# reliability.csv", "# programmes.csv", "# groups.csv", "# group_comparison.csv",
                        "# linking.csv", "# problems.csv"}) {
    EXPECT_NE(csv.out.find(t), std::string::npos) << t;
  }
}

// --equal-var: Student's t in every comparison of two groups (the gains,
// baseline, post, attrition), said in the report; Welch's without it.
TEST(CliAnalyze, EqualVarGivesStudentsTInEveryComparisonOfGroups) {
  CliRun welch = run(kAnalyze);
  CliRun student = run(kAnalyze + " --equal-var");
  ASSERT_EQ(welch.status, 0);
  ASSERT_EQ(student.status, 0) << student.out.substr(0, 300);
  auto w = nlohmann::json::parse(welch.out)["result"];
  auto s = nlohmann::json::parse(student.out)["result"];
  EXPECT_FALSE(w.contains("equal_var"));
  EXPECT_EQ(s["equal_var"], true);
  for (const char* block : {"comparison", "baseline", "post"}) {
    const auto& a = s["groups"][block]["subscales"][0];
    const double df = a["n_focal"].get<double>() + a["n_reference"].get<double>() - 2;
    EXPECT_EQ(a["df"].get<double>(), df) << block;                          // pooled: n1 + n2 - 2
    EXPECT_NE(w["groups"][block]["subscales"][0]["df"], a["df"]) << block;  // Welch-Satterthwaite
    EXPECT_EQ(w["groups"][block]["subscales"][0]["d"], a["d"]) << block;    // d is the same
  }
  // The mixed ANOVA does not depend on it; its two-wave interaction F is Student's t squared.
  const double t = s["groups"]["comparison"]["subscales"][0]["t"].get<double>();
  EXPECT_NEAR(s["groups"]["mixed"]["subscales"][0]["interaction"]["F"].get<double>(), t * t, 1e-9 * t * t);
  EXPECT_EQ(w["groups"]["mixed"], s["groups"]["mixed"]);
  CliRun md = run(kAnalyze + " --equal-var --format md");
  EXPECT_NE(md.out.find("Student's t test (pooled variance) on the gains"), std::string::npos);
  CliRun agreement = run(kAgreement + " --equal-var");
  EXPECT_EQ(agreement.status, 64);  // analyze only
}

TEST(CliAnalyze, OutDirectoryGetsOneFilePerTable) {
  fs::path dir = fs::path(testing::TempDir()) / "assess_out";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ASSERT_EQ(run(kAnalyze + " --format csv --out " + dir.string()).status, 0);
  for (const char* f : {"prepost.csv", "reliability.csv", "programmes.csv", "groups.csv", "group_comparison.csv",
                        "linking.csv", "problems.csv"}) {
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  }
  ASSERT_EQ(run(kAnalyze + " --format md --out " + dir.string()).status, 0);
  EXPECT_TRUE(fs::exists(dir / "report.md"));
  ASSERT_EQ(run(kAnalyze + " --out " + dir.string()).status, 0);
  auto j = nlohmann::json::parse(assess::test::read_file((dir / "report.json").string()));
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_NE(run(kAnalyze + " --out /no/such/dir").status, 0);
}

TEST(CliAnalyze, GroupAndConfLevelOptions) {
  CliRun r = run(kAnalyze + " --group experimental --conf-level 0.9");
  ASSERT_EQ(r.status, 0);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"]["group_filter"], "experimental");
  EXPECT_EQ(j["result"]["conf_level"], 0.9);
  EXPECT_EQ(j["result"]["subscales"][0]["n_pairs"], 98);
}

TEST(CliAnalyze, UsageErrorsExit64) {
  EXPECT_EQ(run("analyze").status, 64);
  EXPECT_EQ(run("analyze --responses fixtures/demo/responses.csv").status, 64);
  EXPECT_EQ(run("analyze --instrument rubrics/competency-12.v1.json").status, 64);
  EXPECT_EQ(run("analyze --instrument rubrics/competency-12.v1.json --responses").status, 64);
  EXPECT_EQ(run(kAnalyze + " --format pdf").status, 64);
  EXPECT_EQ(run(kAnalyze + " --conf-level high").status, 64);
  EXPECT_EQ(run(kAnalyze + " --frobnicate").status, 64);
  EXPECT_EQ(run("analyze --instrument /no/such.json --responses fixtures/demo/responses.csv").status, 64);
  EXPECT_EQ(run("agreement --rubric rubrics/expert-panel.v1.json").status, 64);
}

TEST(CliAnalyze, EngineErrorsExit2WithTheEnvelope) {
  // The rubric where the instrument belongs: an error with a JSON pointer.
  CliRun r = run("analyze --instrument rubrics/expert-panel.v1.json --responses fixtures/demo/responses.csv");
  ASSERT_EQ(r.status, 2) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["error"]["path"], "/instrument/format");
  // In md/csv the message goes to stderr.
  CliRun m = run(
      "analyze --instrument rubrics/expert-panel.v1.json --responses fixtures/demo/responses.csv --format md", true);
  EXPECT_EQ(m.status, 2);
  EXPECT_NE(m.out.find("assess analyze:"), std::string::npos) << m.out;
  // A response file that is not a response file: imported with problems, strict makes it an error.
  const std::string mixed =
      "analyze --instrument rubrics/competency-12.v1.json --responses fixtures/demo/responses.csv "
      "fixtures/demo/ratings.csv";
  CliRun lenient = run(mixed, true);
  EXPECT_EQ(lenient.status, 0);
  EXPECT_NE(lenient.out.find("import problem"), std::string::npos);
  EXPECT_EQ(run(mixed + " --strict").status, 2);
}

// A conflict (one code and wave twice, with different answers) leaves both
// records out; the researcher's choice, saved in the links file by
// record_id, resolves it, and the CLI reproduces it.
TEST(CliAnalyze, ALinksFileChoiceResolvesAConflict) {
  const fs::path dir = fs::path(testing::TempDir()) / "assess_duplicates";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ifstream demo(std::string(ASSESS_SOURCE_DIR) + "/fixtures/demo/responses.csv");
  std::string header, first;
  std::getline(demo, header);
  std::getline(demo, first);
  for (auto* line : {&header, &first}) {
    if (!line->empty() && line->back() == '\r') line->pop_back();
  }
  std::string changed = first;  // the last answer differs
  changed.back() = changed.back() == '4' ? '3' : '4';
  const fs::path again = dir / "again.csv";
  std::ofstream(again) << header << "\n" << changed << "\n";
  const std::string analyze =
      "analyze --instrument rubrics/competency-12.v1.json --study rubrics/study.microcredentials.v1.json "
      "--responses fixtures/demo/responses.csv fixtures/demo/responses/*.json " +
      again.string();

  CliRun plain = run(analyze + " --links fixtures/demo/links.json");
  ASSERT_EQ(plain.status, 0) << plain.out.substr(0, 500);
  auto p = nlohmann::json::parse(plain.out)["result"];
  nlohmann::json conflict;
  for (const auto& pr : p["problems"]) {
    if (pr["code"] == "duplicate_record") conflict = pr;
  }
  ASSERT_TRUE(conflict.is_object()) << p["problems"].dump();
  EXPECT_EQ(conflict["file"], again.string());
  const std::string keep = conflict["first_record_id"];  // the demo's record
  EXPECT_NE(conflict["record_id"], keep);

  nlohmann::json links =
      nlohmann::json::parse(std::ifstream(std::string(ASSESS_SOURCE_DIR) + "/fixtures/demo/links.json"));
  links["duplicates"] = {{{"keep", keep}}, {{"exclude", "sha256:" + std::string(64, '0')}}};
  const fs::path chosen_links = dir / "links.json";
  std::ofstream(chosen_links) << links.dump();
  CliRun chosen = run(analyze + " --links " + chosen_links.string());
  ASSERT_EQ(chosen.status, 0) << chosen.out.substr(0, 500);
  auto c = nlohmann::json::parse(chosen.out)["result"];
  EXPECT_EQ(c["linking"]["matched"], 118);
  EXPECT_EQ(p["linking"]["matched"].get<int>() + 1, 118) << "the conflict left one pair out";
  std::map<std::string, int> codes;
  for (const auto& pr : c["problems"]) {
    codes[pr["code"]]++;
    EXPECT_EQ(pr["severity"], "warning") << pr.dump();
    if (pr["code"] == "duplicate_not_chosen") {
      EXPECT_EQ(pr["file"], again.string());
    }
  }
  EXPECT_EQ(codes["duplicate_not_chosen"], 1);
  EXPECT_EQ(codes["duplicate_choice_unknown"], 1);  // the id that names no record
  EXPECT_EQ(codes["duplicate_record"], 0);
  EXPECT_EQ(c["counts"]["errors"], 0);
}

TEST(CliAgreement, ReportsOfTheDemoPanel) {
  CliRun r = run(kAgreement);
  ASSERT_EQ(r.status, 0) << r.out.substr(0, 500);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["op"], "analyze_panel");
  EXPECT_EQ(j["result"]["counts"]["experts"], 9);
  EXPECT_EQ(j["result"]["criteria"].size(), 6u);
  CliRun md = run(kAgreement + " --format md");
  ASSERT_EQ(md.status, 0);
  EXPECT_EQ(md.out.rfind("# Expert panel: expert-panel v1", 0), 0u);
  CliRun csv = run(kAgreement + " --format csv");
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(csv.out.rfind("# agreement.csv\ncriterion,W,chi2,df,p,m,n,low_agreement,mean,icc_n,icc2,", 0), 0u);
  EXPECT_NE(csv.out.find("# ratings.csv"), std::string::npos);
  EXPECT_NE(csv.out.find("# comments.csv\nprogramme,expert,comment\n"), std::string::npos);
}

// The absolute agreement beside W: R's numbers for the same files
// (fixtures/reference/demo_analysis.json, the demo panel's case).
TEST(CliAgreement, CarriesIccAlphaTheMeansAndTheComments) {
  CliRun r = run(kAgreement);
  ASSERT_EQ(r.status, 0) << r.out.substr(0, 500);
  const auto res = nlohmann::json::parse(r.out)["result"];
  const auto ref = nlohmann::json::parse(
      assess::test::read_file(std::string(ASSESS_SOURCE_DIR) + "/fixtures/reference/demo_analysis.json"));
  const nlohmann::json* want = nullptr;
  for (const auto& c : ref["cases"]) {
    if (c["name"] == "demo panel: nine experts, five programmes") want = &c["expected"];
  }
  ASSERT_NE(want, nullptr);
  auto check = [](const nlohmann::json& got, const nlohmann::json& exp) {
    EXPECT_NEAR(got["mean"].get<double>(), exp["mean"].get<double>(), 1e-12);
    for (const char* form : {"ICC2", "ICC2k"}) {
      EXPECT_NEAR(got["icc"][form]["icc"].get<double>(), exp["icc"][form]["icc"].get<double>(), 1e-9) << form;
      EXPECT_NEAR(got["icc"][form]["ci_low"].get<double>(), exp["icc"][form]["ci_low"].get<double>(), 1e-7) << form;
    }
    EXPECT_NEAR(got["alpha"]["interval"].get<double>(), exp["alpha"]["interval"].get<double>(), 1e-9);
    EXPECT_NEAR(got["alpha"]["ordinal"].get<double>(), exp["alpha"]["ordinal"].get<double>(), 1e-9);
    EXPECT_TRUE(got["kappa"].is_null());  // nine experts
  };
  check(res["criteria"][0], (*want)["criteria"][0]);
  check(res["overall"], (*want)["overall"]);
  EXPECT_EQ(res["comments"], (*want)["comments"]);
  bool few = false;
  for (const auto& m : res["warning_msgs"]) few = few || m["id"] == "panel.icc_few_programmes";
  EXPECT_TRUE(few);
  CliRun md = run(kAgreement + " --format md");
  ASSERT_EQ(md.status, 0);
  EXPECT_NE(md.out.find("| ICC2 [95% CI] | ICC2k [95% CI] |"), std::string::npos);
  EXPECT_NE(md.out.find("Only 5 programmes: with fewer than 10 the ICC's interval is wide."), std::string::npos);
}

}  // namespace
