// The op bundle (api/ops_bundle.cpp) on the second demo: the files and their
// order, items.csv against the data set (one row per record, the row's
// code), the plan in the scripts, SHA256SUMS, the ZIP's entries equal to the
// files, the page's HTML report added, --no-text, and the errors of a
// request without a study or with a bad format. The scripts' numbers are
// checked against R and SciPy by tests/bundle/run.py (ctest BundleRerun).
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/sha256.hpp"
#include "assess/core/text.hpp"
#include "support/repo_files.hpp"

using assess::Json;

namespace {

Json bundle_request() {
  Json req = assess::test::demo2_request("bundle");
  req["ratings"] = assess::test::demo2_ratings();
  req["rubric"] = assess::test::repo_json("rubrics/expert-panel.v1.json");
  return req;
}

Json call_ok(const Json& req) {
  Json out = assess::api::call_json(req);
  EXPECT_TRUE(out.value("ok", false)) << out.dump().substr(0, 800);
  return out.value("result", Json::object());
}

std::string file_text(const Json& result, const std::string& name) {
  for (const auto& f : result.at("files")) {
    if (f.at("name") == name) {
      return f.contains("base64") ? assess::from_base64(f.at("base64").get<std::string>())
                                  : f.at("text").get<std::string>();
    }
  }
  ADD_FAILURE() << "no " << name;
  return {};
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

TEST(Bundle, TheSecondDemosFiles) {
  const Json r = call_ok(bundle_request());
  std::vector<std::string> names;
  for (const auto& f : r.at("files")) names.push_back(f.at("name"));
  const std::vector<std::string> expected{"dataset.csv",      "dataset.sav", "items.csv", "ratings.csv", "links.json",
                                          "codebook.json",    "report.json", "report.md", "analysis.R",  "analysis.py",
                                          "datapackage.json", "README.md",   "SHA256SUMS"};
  EXPECT_EQ(names, expected);

  // SHA256SUMS: every other file, with its digest.
  const auto sums = lines(file_text(r, "SHA256SUMS"));
  ASSERT_EQ(sums.size(), names.size() - 1);
  for (std::size_t i = 0; i + 1 < names.size(); ++i) {
    EXPECT_EQ(sums[i], assess::sha256_hex(file_text(r, names[i])) + "  " + names[i]);
  }

  // items.csv: the records of the data set's students, each with its row's code.
  const auto items = lines(file_text(r, "items.csv"));
  const auto dataset = lines(file_text(r, "dataset.csv"));
  ASSERT_GT(items.size(), 1U);
  EXPECT_EQ(items[0].rfind("code,respondent,wave,instrument,programme,group,linked,background__GPA,ET1,", 0), 0U)
      << items[0];
  std::vector<std::string> codes;
  // (A line of an open answer's cell that holds a line break is no row: its
  // "code" is then no code, and no item row names it.)
  for (std::size_t i = 1; i < dataset.size(); ++i) codes.push_back(dataset[i].substr(0, dataset[i].find(',')));
  std::size_t competency_pre = 0;
  for (std::size_t i = 1; i < items.size(); ++i) {
    const std::string code = items[i].substr(0, items[i].find(','));
    // An employer's rating of a graduate the data set lacks has no code.
    if (code.empty() && items[i].find(",employer,") != std::string::npos) continue;
    EXPECT_NE(std::find(codes.begin(), codes.end(), code), codes.end()) << items[i];
    if (items[i].find(",pre,competency-12,") != std::string::npos) ++competency_pre;
  }
  // Every student answered competency-12 before the programme.
  EXPECT_EQ(competency_pre, r.at("counts").at("students").get<std::size_t>());

  // The scripts carry the plan (valid JSON with the study's structure).
  const std::string rs = file_text(r, "analysis.R");
  const auto at = rs.find("r\"-(\n");
  ASSERT_NE(at, std::string::npos);
  const auto end = rs.find("\n)-\"", at);
  const Json plan = Json::parse(rs.substr(at + 5, end - at - 5));
  EXPECT_EQ(plan.at("format"), "assess-analysis-plan/1");
  EXPECT_EQ(plan.at("reference"), "control");
  EXPECT_EQ(plan.at("focal"), Json::array({"experimental"}));
  EXPECT_EQ(file_text(r, "analysis.py").find("@@ASSESS_PLAN@@"), std::string::npos);
  EXPECT_EQ(rs.find("@@ASSESS_PLAN@@"), std::string::npos);

  // report.json is the envelope of analyze_study.
  const Json report = Json::parse(file_text(r, "report.json"));
  EXPECT_EQ(report.at("op"), "analyze_study");
  EXPECT_TRUE(report.at("result").contains("panel"));
  EXPECT_TRUE(report.at("result").at("panel").contains("comments"));
  EXPECT_NE(lines(file_text(r, "ratings.csv"))[0].find(",comment"), std::string::npos);
}

TEST(Bundle, ZipHoldsTheFilesAndThePagesReport) {
  Json req = bundle_request();
  req["format"] = "zip";
  req["report_html"] = "<!doctype html><title>report</title>";
  const Json z = call_ok(req);
  const std::string zip = assess::from_base64(z.at("zip").get<std::string>());
  ASSERT_GT(zip.size(), 4U);
  EXPECT_EQ(zip.substr(0, 4), std::string("PK\x03\x04", 4));
  req["format"] = "files";
  const Json f = call_ok(req);
  ASSERT_EQ(z.at("files").size(), f.at("files").size());
  for (std::size_t i = 0; i < f.at("files").size(); ++i) {
    const std::string name = f.at("files")[i].at("name");
    const std::string bytes = file_text(f, name);
    EXPECT_EQ(z.at("files")[i].at("name"), name);
    EXPECT_EQ(z.at("files")[i].at("sha256"), assess::sha256_hex(bytes));
    // Stored: every file's bytes stand in the archive as they are.
    EXPECT_NE(zip.find(bytes), std::string::npos) << name;
  }
  EXPECT_EQ(file_text(f, "report.html"), "<!doctype html><title>report</title>");
}

TEST(Bundle, NoTextLeavesOpenAnswersCommentsAndIdentifyingVariablesOut) {
  Json req = bundle_request();
  req["text"] = false;
  const Json r = call_ok(req);
  const Json codebook = Json::parse(file_text(r, "codebook.json"));
  for (const auto& v : codebook.at("variables")) {
    EXPECT_FALSE(v.value("identifying", false)) << v.at("name");
  }
  EXPECT_EQ(lines(file_text(r, "ratings.csv"))[0].find("comment"), std::string::npos);
  EXPECT_FALSE(Json::parse(file_text(r, "report.json")).at("result").at("panel").contains("comments"));
  EXPECT_NE(file_text(r, "README.md").find("--no-text"), std::string::npos);
}

TEST(Bundle, Errors) {
  Json req = bundle_request();
  req.erase("study");
  Json out = assess::api::call_json(req);
  EXPECT_FALSE(out.value("ok", true));
  EXPECT_EQ(out.at("error").at("path"), "/study");
  req = bundle_request();
  req["format"] = "tar";
  out = assess::api::call_json(req);
  EXPECT_FALSE(out.value("ok", true));
  EXPECT_EQ(out.at("error").at("path"), "/format");
  req = bundle_request();
  req["report_html"] = 3;
  out = assess::api::call_json(req);
  EXPECT_FALSE(out.value("ok", true));
  EXPECT_EQ(out.at("error").at("path"), "/report_html");
}

}  // namespace
