// `assess dataset` as a researcher runs it: the study names its documents
// (read from the study's folder), --instrument overrides them, --out writes
// the data set and its codebook, standard output carries the CSV, and bad
// command lines exit 64 with a sentence.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"

namespace fs = std::filesystem;

namespace {

using assess::test::CliRun;
using assess::test::slurp;
CliRun run(const std::string& args, bool with_stderr = false) { return assess::test::run_cli(args, with_stderr); }

const std::string kFiles =
    " --responses fixtures/demo/responses.csv fixtures/demo/responses/*.json --links fixtures/demo/links.json";

TEST(CliDataset, TheStudyNamesItsInstrument) {
  CliRun r = run("dataset --study rubrics/study.microcredentials.v1.json" + kFiles);
  ASSERT_EQ(r.status, 0) << r.out.substr(0, 300);
  EXPECT_EQ(r.out.rfind("code,programme,group,linked_waves,edtech_pre,edtech_post,edtech_gain,", 0), 0U);
  // 120 students and the header, CRLF line ends.
  std::size_t lines = 0;
  for (std::size_t at = r.out.find("\r\n"); at != std::string::npos; at = r.out.find("\r\n", at + 2)) ++lines;
  EXPECT_EQ(lines, 121U);
  // --instrument gives the same document explicitly: the same output.
  CliRun same =
      run("dataset --study rubrics/study.microcredentials.v1.json --instrument rubrics/competency-12.v1.json" + kFiles);
  EXPECT_EQ(same.out, r.out);
}

TEST(CliDataset, OutWritesTheDataSetAndItsCodebook) {
  const fs::path dir = fs::temp_directory_path() / "assess-cli-dataset";
  fs::remove_all(dir);
  fs::create_directories(dir);
  CliRun r = run("dataset --study rubrics/study.microcredentials.v1.json --format all --out " + dir.string() + kFiles);
  ASSERT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.empty());
  auto ds = nlohmann::json::parse(slurp(dir / "dataset.json"));
  auto cb = nlohmann::json::parse(slurp(dir / "dataset.codebook.json"));
  EXPECT_EQ(ds["format"], "assess-dataset/1");
  EXPECT_EQ(ds["rows"].size(), 120U);
  ASSERT_EQ(cb["variables"].size(), ds["variables"].size());
  EXPECT_EQ(cb["variables"][0]["name"], "code");
  EXPECT_FALSE(slurp(dir / "dataset.csv").empty());
  fs::remove_all(dir);
}

// --format sav: dataset.sav (an SPSS system file: "$FL2" and the product
// line first) and the codebook with each variable's "sav"; the labels in
// --lang; standard output carries the .sav's bytes alone.
TEST(CliDataset, FormatSavWritesTheSpssFile) {
  const fs::path dir = fs::temp_directory_path() / "assess-cli-dataset-sav";
  fs::remove_all(dir);
  fs::create_directories(dir);
  CliRun r = run("dataset --study rubrics/study.microcredentials.v1.json --format sav --lang ru --out " + dir.string() +
                 kFiles);
  ASSERT_EQ(r.status, 0);
  const std::string sav = slurp(dir / "dataset.sav");
  EXPECT_EQ(sav.rfind("$FL2@(#) SPSS DATA FILE assess ", 0), 0U);
  EXPECT_NE(sav.find("Код студента (псевдоним)"), std::string::npos);
  EXPECT_EQ(sav.find("Студенттің коды"), std::string::npos);
  auto cb = nlohmann::json::parse(slurp(dir / "dataset.codebook.json"));
  EXPECT_EQ(cb["sav"]["lang"], "ru");
  EXPECT_EQ(cb["variables"][0]["sav"]["name"], "CODE");
  EXPECT_FALSE(fs::exists(dir / "dataset.csv"));
  CliRun out = run("dataset --study rubrics/study.microcredentials.v1.json --format sav --lang ru" + kFiles);
  ASSERT_EQ(out.status, 0);
  EXPECT_EQ(out.out, sav);
  fs::remove_all(dir);
}

TEST(CliDataset, BadCommandLines) {
  CliRun r = run("dataset --study rubrics/study.microcredentials.v1.json", true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("--responses FILE... are required"), std::string::npos) << r.out;
  r = run("dataset --responses fixtures/demo/responses.csv", true);
  EXPECT_EQ(r.status, 64);
  r = run("dataset --study rubrics/study.microcredentials.v1.json --format xlsx" + kFiles, true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("--format must be csv, json, all or sav"), std::string::npos) << r.out;
  r = run("dataset --study rubrics/study.microcredentials.v1.json --lang ru" + kFiles, true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("--lang goes with --format sav"), std::string::npos) << r.out;
  r = run("dataset --study rubrics/study.microcredentials.v1.json --format sav --lang de" + kFiles, true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("--lang must be kk, ru or en"), std::string::npos) << r.out;
  // A study whose documents are not in its folder: the CLI says which and how to give it.
  const fs::path dir = fs::temp_directory_path() / "assess-cli-dataset-alone";
  fs::create_directories(dir);
  fs::copy_file(fs::path(ASSESS_SOURCE_DIR) / "rubrics/study.microcredentials.v1.json", dir / "study.json",
                fs::copy_options::overwrite_existing);
  r = run("dataset --study " + (dir / "study.json").string() + kFiles, true);
  EXPECT_EQ(r.status, 64);
  EXPECT_NE(r.out.find("competency-12 v1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--instrument FILE"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

}  // namespace
