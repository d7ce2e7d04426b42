// Runs every case of fixtures/reference/*.json (R's numbers) through the
// native API facade and compares with the contract's tolerances. The same
// files run through the wasm module in tests/wasm/reference.test.mjs.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;

namespace {

struct RefCase {
  std::string file;
  std::string name;
  Json body;
};

std::string sanitize(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return s;
}

std::vector<RefCase> load_cases() {
  std::vector<RefCase> out;
  fs::path dir = fs::path(ASSESS_SOURCE_DIR) / "fixtures" / "reference";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    Json doc = Json::parse(assess::test::read_file(f.string()));
    std::size_t i = 0;
    for (const auto& c : doc.at("cases")) {
      out.push_back({f.stem().string(), c.value("name", "case" + std::to_string(i)), c});
      ++i;
    }
  }
  return out;
}

// Requests may name repository files instead of embedding them:
// {"$file": "fixtures/demo/responses.csv"} becomes the file's text and
// {"$json": "rubrics/competency-12.v1.json"} its parsed JSON, so that the
// demo reference reads the committed demo files. Twin of resolveFiles() in
// tests/wasm/reference.test.mjs.
Json resolve_files(const Json& v) {
  if (v.is_object()) {
    if (v.size() == 1 && (v.contains("$file") || v.contains("$json"))) {
      bool text = v.contains("$file");
      fs::path p = fs::path(ASSESS_SOURCE_DIR) / v.at(text ? "$file" : "$json").get<std::string>();
      std::string content = assess::test::read_file(p.string());
      return text ? Json(content) : Json::parse(content);
    }
    Json out = Json::object();
    for (auto it = v.begin(); it != v.end(); ++it) out[it.key()] = resolve_files(it.value());
    return out;
  }
  if (v.is_array()) {
    Json out = Json::array();
    for (const auto& e : v) out.push_back(resolve_files(e));
    return out;
  }
  return v;
}

void PrintTo(const RefCase& c, std::ostream* os) { *os << c.file << ": " << c.name; }

class Reference : public ::testing::TestWithParam<RefCase> {};

TEST_P(Reference, MatchesR) {
  const RefCase& rc = GetParam();
  const Json& c = rc.body;
  Json response = Json::parse(assess::api::call(resolve_files(c.at("request")).dump()));
  if (c.contains("expected_error")) {
    ASSERT_FALSE(response.at("ok").get<bool>()) << response.dump();
    EXPECT_EQ(response["error"]["code"], c["expected_error"]) << response.dump();
    return;
  }
  ASSERT_TRUE(response.at("ok").get<bool>()) << response.dump();
  const Json* tol = c.contains("tolerance") ? &c["tolerance"] : nullptr;
  auto problems =
      assess::test::compare_json(c.at("expected"), response.at("result"), assess::test::tolerance_from(tol));
  for (const auto& p : problems) ADD_FAILURE() << rc.file << " / " << rc.name << ": " << p;
}

INSTANTIATE_TEST_SUITE_P(
    R, Reference, ::testing::ValuesIn(load_cases()), [](const ::testing::TestParamInfo<RefCase>& info) {
      return sanitize(info.param.file + "_" + std::to_string(info.index) + "_" + info.param.name).substr(0, 120);
    });

TEST(ReferenceFiles, EveryFileHasCasesAndItsScript) {
  fs::path dir = fs::path(ASSESS_SOURCE_DIR) / "fixtures" / "reference";
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    ++files;
    Json doc = Json::parse(assess::test::read_file(e.path().string()));
    EXPECT_FALSE(doc.at("cases").empty()) << e.path();
    std::string script = doc.at("script").get<std::string>();
    EXPECT_TRUE(fs::exists(fs::path(ASSESS_SOURCE_DIR) / script)) << e.path() << " names " << script;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
