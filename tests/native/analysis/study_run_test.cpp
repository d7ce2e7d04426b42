// A study run through analysis/study_run without a request: the demo
// pre-post study (all respondents, one group, without the confirmed link)
// and the demo panel, with the numbers of fixtures/reference/demo_analysis.json
// (made by R), and the run's own errors with their ids and parts.
#include "assess/analysis/study_run.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
namespace analysis = assess::analysis;
namespace data = assess::data;
namespace instrument = assess::instrument;

namespace {

std::string text_of(const std::string& rel) {
  return assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string());
}

// The texts of the demo's response files (kept alive for the views).
struct DemoFiles {
  std::vector<std::string> names, texts;
  std::vector<data::InputFile> files() const {
    std::vector<data::InputFile> out;
    for (std::size_t i = 0; i < names.size(); ++i) out.push_back(data::InputFile{names[i], texts[i]});
    return out;
  }
};

DemoFiles demo_responses() {
  DemoFiles d;
  d.names.push_back("fixtures/demo/responses.csv");
  for (const auto& e : fs::directory_iterator(fs::path(ASSESS_SOURCE_DIR) / "fixtures/demo/responses")) {
    d.names.push_back("fixtures/demo/responses/" + e.path().filename().string());
  }
  std::sort(d.names.begin() + 1, d.names.end());
  for (const auto& n : d.names) d.texts.push_back(text_of(n));
  return d;
}

instrument::Study demo_study() {
  return instrument::parse_study(Json::parse(text_of("rubrics/study.microcredentials.v1.json"))).value();
}

analysis::PrePostStudy prepost_study(const DemoFiles& files) {
  analysis::PrePostStudy s;
  s.instrument = instrument::parse_instrument(Json::parse(text_of("rubrics/competency-12.v1.json"))).value();
  s.study = demo_study();
  s.files = files.files();
  // The researcher's confirmation of fixtures/demo/links.json.
  s.links.push_back(data::LinkOverride{"MO20IB-H", "MO20MB-1", "same student"});
  return s;
}

TEST(StudyRun, DemoPrePostStudy) {
  const DemoFiles files = demo_responses();
  auto run = analysis::run_prepost(prepost_study(files));
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->import_report.rows, 238u);
  EXPECT_EQ(run->import_report.errors, 0u);
  EXPECT_EQ(run->records_used, 238u);
  EXPECT_EQ(run->analysis.n_pre, 119);
  EXPECT_EQ(run->analysis.n_post, 119);
  EXPECT_EQ(run->analysis.n_pairs, 118);
  EXPECT_EQ(run->link.matched(), 118u);
  EXPECT_EQ(run->link.matched_by_override, 1u);
  EXPECT_TRUE(run->table.answers.empty());  // given back once scored
  // The report's warnings are the analysis' own (no import or linking problem).
  ASSERT_EQ(run->warnings.size(), run->analysis.warnings.size());
  for (std::size_t i = 0; i < run->warnings.size(); ++i) EXPECT_EQ(run->warnings[i].id, run->analysis.warnings[i].id);
}

// The same numbers as the op's: the handler only writes the run as JSON.
TEST(StudyRun, MatchesTheReference) {
  const Json ref = Json::parse(text_of("fixtures/reference/demo_analysis.json"));
  const Json& expected = ref["cases"][0]["expected"];
  const DemoFiles files = demo_responses();
  auto run = analysis::run_prepost(prepost_study(files));
  ASSERT_TRUE(run.ok());
  const auto& tests = run->analysis.tests;
  ASSERT_EQ(tests.subscales.size(), expected["subscales"].size());
  for (std::size_t i = 0; i < tests.subscales.size(); ++i) {
    const Json& e = expected["subscales"][i];
    EXPECT_EQ(tests.subscales[i].id, e["id"].get<std::string>());
    EXPECT_EQ(tests.subscales[i].n_pairs, e["n_pairs"].get<long>());
    EXPECT_NEAR(tests.subscales[i].t, e["t"].get<double>(), 1e-9 * std::abs(e["t"].get<double>()));
  }
}

TEST(StudyRun, OneGroupAndNoLink) {
  const DemoFiles files = demo_responses();
  analysis::PrePostStudy s = prepost_study(files);
  s.group = "experimental";
  auto run = analysis::run_prepost(s);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->import_report.rows, 238u);
  EXPECT_EQ(run->records_used, 198u);
  EXPECT_EQ(run->analysis.n_pairs, 98);
  s.group.clear();
  s.links.clear();
  s.options.conf_level = 0.9;
  run = analysis::run_prepost(s);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->analysis.n_pairs, 117);
  EXPECT_EQ(run->link.matched_by_override, 0u);
  EXPECT_FALSE(run->link.near_matches.empty());  // the unconfirmed pair is listed, not linked
}

TEST(StudyRun, ErrorsNameThePartOfTheStudy) {
  const DemoFiles files = demo_responses();
  analysis::PrePostStudy s = prepost_study(files);
  s.group = "nobody";
  auto run = analysis::run_prepost(s);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().msg.id, "analysis.unknown_group");
  EXPECT_EQ(run.error().path, "/group");
  EXPECT_NE(run.error().message.find("experimental, control"), std::string::npos) << run.error().message;

  // A repeated code and wave with another answer: an import problem, which strict turns into an error.
  DemoFiles dup = files;
  const std::string& csv = dup.texts[0];
  const std::size_t first = csv.find('\n') + 1;
  std::string again = csv.substr(first, csv.find('\n', first) - first);
  again.back() = again.back() == '4' ? '3' : '4';
  dup.texts[0] += again + "\n";
  s = prepost_study(dup);
  run = analysis::run_prepost(s);
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(run->import_report.has_errors());
  EXPECT_EQ(run->warnings.front().id, "analysis.import_problems");
  s.strict = true;
  run = analysis::run_prepost(s);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().msg.id, "analysis.strict_import_problems");
  // the first error's place and kind, as parameters a page says in its language
  ASSERT_NE(run.error().msg.param("problem"), nullptr);
  EXPECT_EQ(run.error().msg.param("problem")->text, "duplicate_record");
  ASSERT_NE(run.error().msg.param("file"), nullptr);
  EXPECT_EQ(run.error().msg.param("file")->text, dup.names[0]);
  ASSERT_NE(run.error().msg.param("row"), nullptr);
  EXPECT_TRUE(run.error().msg.param("row")->is_number);

  // Nothing to analyse.
  const std::string empty;
  s = prepost_study(files);
  s.files = {data::InputFile{"empty.csv", empty}};
  run = analysis::run_prepost(s);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code, assess::ErrorCode::insufficient_data);
  EXPECT_EQ(run.error().msg.id, "analysis.no_records_first");
  EXPECT_EQ(run.error().path, "/files");
}

TEST(StudyRun, DemoPanel) {
  std::vector<std::string> names = {"fixtures/demo/ratings.csv"}, texts;
  for (const char* e : {"E07", "E08", "E09"}) names.push_back(std::string("fixtures/demo/ratings/") + e + ".json");
  for (const auto& n : names) texts.push_back(text_of(n));
  analysis::PanelStudy s;
  s.rubric = instrument::parse_rubric(Json::parse(text_of("rubrics/expert-panel.v1.json"))).value();
  s.study = demo_study();
  for (std::size_t i = 0; i < names.size(); ++i) s.files.push_back(data::InputFile{names[i], texts[i]});
  auto run = analysis::run_panel(s);
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->import_report.rows, 45u);
  EXPECT_EQ(run->records_used, 45u);
  EXPECT_EQ(run->analysis.experts.size(), 9u);
  EXPECT_EQ(run->analysis.objects.size(), 5u);
  ASSERT_FALSE(run->warnings.empty());
  EXPECT_EQ(run->warnings.front().id, "panel.experts_left_out");
  const Json ref = Json::parse(text_of("fixtures/reference/demo_analysis.json"));
  const Json& w = ref["cases"][3]["expected"]["criteria"][0];
  EXPECT_EQ(run->analysis.criteria[0].id, w["id"].get<std::string>());
  EXPECT_NEAR(run->analysis.criteria[0].W, w["W"].get<double>(), 1e-12);
}

}  // namespace
