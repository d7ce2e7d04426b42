// The op dataset and data::build_dataset: one row per student after linking,
// the scores of each wave and their gains, the codebook, links that join
// codes, conflicts, and the CSV/JSON renderings agreeing with each other.
// On the first demo (an assess-study/1) the data set's gains are those the
// pre-post analysis tests: the same pairs and the same means.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/dataset.hpp"
#include "support/json_compare.hpp"
#include "support/repo_files.hpp"

namespace fs = std::filesystem;
using assess::Json;

namespace {

std::string text_of(const std::string& rel) {
  return assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string());
}
Json load(const std::string& rel) { return Json::parse(text_of(rel)); }

Json demo_files() {
  Json files = Json::array();
  std::vector<std::string> names = {"fixtures/demo/responses.csv"};
  for (const auto& e : fs::directory_iterator(fs::path(ASSESS_SOURCE_DIR) / "fixtures/demo/responses")) {
    names.push_back("fixtures/demo/responses/" + e.path().filename().string());
  }
  std::sort(names.begin() + 1, names.end());
  for (const auto& n : names) files.push_back(Json{{"name", n}, {"text", text_of(n)}});
  return files;
}

Json demo_request(const char* op) {
  Json req = Json::object();
  req["op"] = op;
  req["study"] = load("rubrics/study.microcredentials.v1.json");
  if (std::string(op) == "dataset") {
    req["instruments"] = Json::array({load("rubrics/competency-12.v1.json")});
    req["format"] = "all";
  } else {
    req["instrument"] = load("rubrics/competency-12.v1.json");
  }
  req["files"] = demo_files();
  req["links"] = load("fixtures/demo/links.json");
  return req;
}

Json call(const Json& req) {
  Json out = assess::api::call_json(req);
  EXPECT_TRUE(out.value("ok", false)) << out.dump().substr(0, 600);
  return out;
}

int column(const Json& ds, const std::string& name) {
  const auto& v = ds.at("variables");
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  assess::data::CsvReader reader(text);
  std::vector<std::string_view> fields;
  std::vector<std::vector<std::string>> rows;
  while (reader.next(fields)) rows.emplace_back(fields.begin(), fields.end());
  EXPECT_FALSE(reader.failed());
  return rows;
}

// ------------------------------------------------------------------ demo 1

// The CSV rendering holds the JSON's cells: texts as they are, numbers that read back exactly.
void expect_csv_equals_json(const std::string& text, const Json& ds) {
  const auto csv = read_csv(text);
  ASSERT_EQ(csv.size(), ds.at("rows").size() + 1);
  ASSERT_EQ(csv[0].size(), ds.at("variables").size());
  for (std::size_t c = 0; c < csv[0].size(); ++c) EXPECT_EQ(csv[0][c], ds.at("variables")[c]);
  for (std::size_t i = 0; i < ds.at("rows").size(); ++i) {
    const Json& row = ds.at("rows")[i];
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& cell = csv[i + 1][c];
      if (row[c].is_null()) {
        EXPECT_EQ(cell, "");
      } else if (row[c].is_string()) {
        EXPECT_EQ(cell, row[c].get<std::string>());
      } else {
        EXPECT_EQ(std::stod(cell), row[c].get<double>()) << "row " << i << " column " << c;  // round trip
      }
    }
  }
}

TEST(Dataset, DemoOneRowPerStudentAndTheAnalysisGains) {
  const Json ds_out = call(demo_request("dataset"));
  const Json an_out = call(demo_request("analyze_prepost"));
  const Json& r = ds_out.at("result");
  const Json& ds = r.at("dataset");
  const Json& an = an_out.at("result");
  // 119 pre and 119 post records, 118 pairs: 118 students with both, one with each alone.
  EXPECT_EQ(ds.at("n"), 120);
  EXPECT_EQ(r.at("counts").at("students"), 120);
  const int waves = column(ds, "linked_waves");
  std::map<std::string, int> by_waves;
  for (const auto& row : ds.at("rows")) ++by_waves[row[waves].get<std::string>()];
  EXPECT_EQ(by_waves["pre|post"], 118);
  EXPECT_EQ(by_waves["pre"], 1);
  EXPECT_EQ(by_waves["post"], 1);
  // Every subscale and the total: the gains with both scores are the analysis's pairs, with its mean.
  std::vector<Json> tests(an.at("subscales").begin(), an.at("subscales").end());
  tests.push_back(an.at("total"));
  for (const auto& t : tests) {
    const std::string id = t.at("id");
    const int g = column(ds, id + "_gain"), pre = column(ds, id + "_pre"), post = column(ds, id + "_post");
    double sum = 0.0;
    int n = 0;
    for (const auto& row : ds.at("rows")) {
      if (row[g].is_null()) {
        EXPECT_TRUE(row[pre].is_null() || row[post].is_null()) << id;
        continue;
      }
      EXPECT_EQ(row[g].get<double>(), row[post].get<double>() - row[pre].get<double>()) << id;
      sum += row[g].get<double>();
      ++n;
    }
    EXPECT_EQ(n, t.at("n_pairs").get<int>()) << id;
    EXPECT_NEAR(sum / n, t.at("gain").at("mean").get<double>(), 1e-12) << id;
  }
  // Rows in code order; the codes are bodies without their check symbol.
  const int code = column(ds, "code");
  for (std::size_t i = 1; i < ds.at("rows").size(); ++i) {
    EXPECT_LT(ds.at("rows")[i - 1][code].get<std::string>(), ds.at("rows")[i][code].get<std::string>());
  }
  for (const auto& row : ds.at("rows")) EXPECT_EQ(row[code].get<std::string>().find('-'), std::string::npos);
}

TEST(Dataset, CsvAndJsonAgreeAndTheCodebookListsEveryColumn) {
  const Json r = call(demo_request("dataset")).at("result");
  const Json& ds = r.at("dataset");
  expect_csv_equals_json(r.at("csv").get<std::string>(), ds);
  const Json& cb = r.at("codebook");
  EXPECT_EQ(cb.at("format"), "assess-codebook/1");
  ASSERT_EQ(cb.at("variables").size(), ds.at("variables").size());
  for (std::size_t c = 0; c < cb.at("variables").size(); ++c) {
    const Json& v = cb.at("variables")[c];
    EXPECT_EQ(v.at("name"), ds.at("variables")[c]);
    for (const char* lang : {"kk", "ru", "en"}) {
      EXPECT_FALSE(v.at("label").at(lang).get<std::string>().empty()) << v.at("name") << " " << lang;
      EXPECT_FALSE(v.at("computed").at(lang).get<std::string>().empty()) << v.at("name") << " " << lang;
    }
    EXPECT_TRUE(assess::data::valid_variable_name(v.at("name").get<std::string>()));
  }
  // The programme column lists the study's programmes with their titles.
  const Json& prog = cb.at("variables")[1];
  EXPECT_EQ(prog.at("name"), "programme");
  EXPECT_EQ(prog.at("values").size(), 5U);
  EXPECT_EQ(cb.at("variables")[4].at("score"), "edtech");
  EXPECT_EQ(cb.at("variables")[4].at("wave"), "pre");
}

TEST(Dataset, WithoutTheLinksTheTwoCodesAreTwoStudents) {
  Json req = demo_request("dataset");
  const Json with = call(req).at("result");
  req.erase("links");
  const Json without = call(req).at("result");
  const auto links = load("fixtures/demo/links.json").at("links").size();
  EXPECT_EQ(without.at("dataset").at("n").get<std::size_t>(), with.at("dataset").at("n").get<std::size_t>() + links);
}

TEST(Dataset, LinksOfTheSecondFormatJoinCodes) {
  Json req = demo_request("dataset");
  Json links1 = load("fixtures/demo/links.json");
  Json links2 = Json{{"format", "assess-links/2"}, {"links", Json::array()}};
  for (const auto& l : links1.at("links"))
    links2["links"].push_back(Json{{"codes", Json::array({l.at("pre"), l.at("post")})}});
  req["links"] = links2;
  const Json two = call(req).at("result");
  const Json one = call(demo_request("dataset")).at("result");
  EXPECT_EQ(two.at("dataset"), one.at("dataset"));
}

TEST(Dataset, LinkProblemsNameTheLink) {
  Json req = demo_request("dataset");
  req["links"] =
      Json{{"format", "assess-links/2"}, {"links", Json::array({Json{{"codes", Json::array({"ZZ99ZZ", "ZZ98ZZ"})}}})}};
  const Json r = call(req).at("result");
  ASSERT_FALSE(r.at("problems").empty());
  const Json& p = r.at("problems").back();
  EXPECT_EQ(p.at("code"), "override_unknown_code");
  EXPECT_EQ(p.at("msg").at("id"), "dataset.link_unknown_code");
  EXPECT_EQ(p.at("field"), "/links/links/0");
  // A links entry that is not a list of two codes is an error at its place.
  req["links"] = Json{{"format", "assess-links/2"}, {"links", Json::array({Json{{"codes", Json::array({"AB"})}}})}};
  const Json e = assess::api::call_json(req);
  EXPECT_FALSE(e.value("ok", true));
  EXPECT_EQ(e.at("error").at("path"), "/links/links/0/codes");
  EXPECT_EQ(e.at("error").at("msg").at("id"), "args.link_codes_invalid");
}

TEST(Dataset, ACodeInTwoProgrammesIsTwoRowsWithAWarning) {
  Json req = Json::object();
  req["op"] = "dataset";
  req["instrument"] = load("rubrics/competency-12.v1.json");
  std::string csv = "code,programme,wave,ET1,ET2,ET3,AD1,AD2,DL1,DL2,DL3,IM1,IM2,MF1,MF2\n";
  csv += "AB12CD,p1,pre,3,3,3,3,3,3,3,3,3,3,3,3\n";
  csv += "AB12CD,p2,post,4,4,4,4,4,4,4,4,4,4,4,4\n";
  csv += "EF34GH,p1,pre,2,2,2,2,2,2,2,2,2,2,2,2\n";
  req["files"] = Json::array({Json{{"name", "a.csv"}, {"text", csv}}});
  req["code_check"] = "none";
  const Json r = call(req).at("result");
  const Json& ds = r.at("dataset");
  ASSERT_EQ(ds.at("n"), 3);
  EXPECT_TRUE(r.at("study").is_null());
  bool warned = false;
  for (const auto& p : r.at("problems")) warned = warned || p.at("code") == "programme_conflict";
  EXPECT_TRUE(warned);
  // Rows by code, then programme.
  EXPECT_EQ(ds.at("rows")[0][1], "p1");
  EXPECT_EQ(ds.at("rows")[1][1], "p2");
  EXPECT_EQ(ds.at("rows")[0][3], "pre");
  EXPECT_EQ(ds.at("rows")[1][3], "post");
}

TEST(Dataset, TheStudysInstrumentsMustBeGiven) {
  Json req = demo_request("dataset");
  req["instruments"] = Json::array();
  Json e = assess::api::call_json(req);
  EXPECT_EQ(e.at("error").at("msg").at("id"), "args.study_instrument_missing");
  EXPECT_EQ(e.at("error").at("path"), "/instruments");
  EXPECT_EQ(e.at("error").at("msg").at("params").at("study"), "microcredentials");
  Json other = load("rubrics/competency-12.v1.json");
  other["version"] = 2;
  req["instruments"] = Json::array({other});
  e = assess::api::call_json(req);
  EXPECT_EQ(e.at("error").at("msg").at("id"), "args.study_instrument_version");
}

// ------------------------------------------------------------------ demo 2

Json demo2_request() {
  Json req = assess::test::demo2_request("dataset");
  req["format"] = "all";
  return req;
}

// R recomputes every cell from the raw files (fixtures/reference/R/dataset_demo2.R).
TEST(Dataset, SecondDemoEqualsR) {
  const Json r = call(demo2_request()).at("result");
  const Json ref = load("fixtures/reference/datasets/dataset_demo2.json");
  const Json& ds = r.at("dataset");
  ASSERT_EQ(ds.at("variables"), ref.at("variables"));
  ASSERT_EQ(ds.at("rows").size(), ref.at("rows").size());
  EXPECT_EQ(ds.at("rows").size(), 100U);
  for (std::size_t i = 0; i < ref.at("rows").size(); ++i) {
    const Json& a = ds.at("rows")[i];
    const Json& b = ref.at("rows")[i];
    for (std::size_t c = 0; c < b.size(); ++c) {
      const std::string where = "row " + std::to_string(i) + " " + ref.at("variables")[c].get<std::string>();
      if (b[c].is_number()) {
        ASSERT_TRUE(a[c].is_number()) << where;
        const double x = a[c].get<double>(), y = b[c].get<double>();
        EXPECT_LE(std::fabs(x - y), 1e-12 * std::max(1.0, std::fabs(y))) << where;
      } else {
        EXPECT_EQ(a[c], b[c]) << where;
      }
    }
  }
  expect_csv_equals_json(r.at("csv").get<std::string>(), ds);
  // The files are realistic but clean: nothing to report.
  EXPECT_TRUE(r.at("problems").empty()) << r.at("problems").dump().substr(0, 400);
  // Every column in the codebook; open answers identifying.
  const Json& cb = r.at("codebook").at("variables");
  ASSERT_EQ(cb.size(), ds.at("variables").size());
  bool text_identifying = false;
  for (const auto& v : cb) {
    if (v.at("name") == "satisfaction__change") text_identifying = v.value("identifying", false);
  }
  EXPECT_TRUE(text_identifying);
  // Without open answers the text column is gone and nothing else changes.
  Json req = demo2_request();
  req["text"] = false;
  const Json no_text = call(req).at("result").at("dataset");
  EXPECT_EQ(no_text.at("variables").size(), ds.at("variables").size() - 1);
  for (const auto& name : no_text.at("variables")) EXPECT_NE(name, "satisfaction__change");
}

// The pre-post analysis of the second demo's main instrument (the records of
// the other instruments routed away, the control group without programme)
// tests the data set's gains: the same pairs and means, overall and by group.
TEST(Dataset, SecondDemoAnalysisTestsTheDataSetsGains) {
  const Json ds = call(demo2_request()).at("result").at("dataset");
  Json req = demo2_request();
  req["op"] = "analyze_prepost";
  req["instrument"] = load("rubrics/competency-12.v1.json");
  req.erase("format");
  const Json an = call(req).at("result");
  EXPECT_EQ(an.at("counts").at("pairs"), 99);
  ASSERT_TRUE(an.contains("groups"));
  EXPECT_EQ(an.at("programmes").size(), 5U);  // the control group is in no programme profile
  const int group = column(ds, "group");
  for (const auto& t : an.at("subscales")) {
    const std::string id = t.at("id");
    const int g = column(ds, id + "_gain");
    double sum = 0.0;
    int n = 0;
    for (const auto& row : ds.at("rows")) {
      if (row[g].is_null()) continue;
      sum += row[g].get<double>();
      ++n;
    }
    EXPECT_EQ(n, t.at("n_pairs").get<int>()) << id;
    EXPECT_NEAR(sum / n, t.at("gain").at("mean").get<double>(), 1e-12) << id;
  }
  // Group by group: the pairs of each group.
  std::map<std::string, int> pairs_by_group;
  const int total = column(ds, "total_gain");
  for (const auto& row : ds.at("rows")) {
    if (!row[total].is_null()) ++pairs_by_group[row[group].get<std::string>()];
  }
  EXPECT_EQ(pairs_by_group.size(), 2U);
  EXPECT_GT(pairs_by_group["control"], 40);
  EXPECT_GT(pairs_by_group["experimental"], 40);
}

TEST(Dataset, VariableNames) {
  using assess::data::valid_variable_name;
  EXPECT_TRUE(valid_variable_name("edtech_pre"));
  EXPECT_TRUE(valid_variable_name("background__GPA_gain"));
  EXPECT_TRUE(valid_variable_name(std::string(64, 'a')));
  EXPECT_FALSE(valid_variable_name(std::string(65, 'a')));
  EXPECT_FALSE(valid_variable_name("_x"));
  EXPECT_FALSE(valid_variable_name("1x"));
  EXPECT_FALSE(valid_variable_name("a-b"));
  EXPECT_FALSE(valid_variable_name("ä"));
  EXPECT_FALSE(valid_variable_name(""));
}

}  // namespace
