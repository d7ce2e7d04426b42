// The typed door (api::call_with_columns): numeric arguments given as columns
// beside the request must give byte-identical responses to the same numbers
// in JSON, on R's reference cases and on every error the JSON door reports.
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/limits.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
using assess::api::Column;
using assess::api::Columns;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

bool numeric_array(const Json& v) {
  if (!v.is_array()) return false;
  for (const auto& e : v) {
    if (!e.is_number() && !e.is_null()) return false;
  }
  return true;
}

void to_doubles(const Json& v, std::vector<double>& out) {
  for (const auto& e : v) out.push_back(e.is_null() ? kNaN : e.get<double>());
}

Column column(const std::vector<double>& x, std::size_t cols = 0) {
  Column c;
  c.data = x.data();
  c.size = x.size();
  c.cols = cols;
  return c;
}

// The one wording that differs: a NaN in a column is named as such where
// JSON names its null.
std::string as_json_door_words(std::string response) {
  for (const auto& [typed, json] :
       {std::pair<std::string, std::string>{" is a missing value (NaN or null), but", " is null, but"},
        {"\"args.missing_not_allowed\"", "\"args.null_not_allowed\""}}) {
    for (auto at = response.find(typed); at != std::string::npos; at = response.find(typed)) {
      response.replace(at, typed.size(), json);
    }
  }
  return response;
}

// Moves every argument that is an array of numbers (or a rectangular array of
// them) out of the request into columns; `store` keeps the data alive.
struct Split {
  Json request;
  Columns columns;
  std::vector<std::vector<double>> store;
};

Split split(const Json& request) {
  Split s;
  s.request = Json::object();
  s.store.reserve(request.size());
  for (auto it = request.begin(); it != request.end(); ++it) {
    const Json& v = it.value();
    const bool matrix_key = it.key() == "items" || it.key() == "ratings" || it.key() == "table" ||
                            it.key() == "groups" || it.key() == "scores";
    // group labels are strings: a numeric "group" is an error that JSON must report
    if (it.key() != "op" && it.key() != "group" && !matrix_key && numeric_array(v)) {
      s.store.emplace_back();
      to_doubles(v, s.store.back());
      s.columns[it.key()] = column(s.store.back());
      continue;
    }
    bool rectangular = matrix_key && v.is_array() && !v.empty() && v[0].is_array() && !v[0].empty();
    for (std::size_t i = 0; rectangular && i < v.size(); ++i) {
      rectangular = numeric_array(v[i]) && v[i].size() == v[0].size();
    }
    if (rectangular) {
      s.store.emplace_back();
      for (const auto& row : v) to_doubles(row, s.store.back());
      s.columns[it.key()] = column(s.store.back(), v[0].size());
      continue;
    }
    s.request[it.key()] = v;
  }
  return s;
}

struct RefCase {
  std::string name;
  Json request;
};

std::vector<RefCase> reference_cases() {
  std::vector<RefCase> out;
  for (const char* f :
       {"describe",           "paired_t",     "independent_t",        "pearson",        "chi_square",  "one_way_anova",
        "p_adjust",           "shapiro_wilk", "wilcoxon_signed_rank", "cronbach_alpha", "kendall_w",   "distributions",
        "noncentral_t_large", "spearman",     "fisher_exact",         "ancova",         "mixed_anova", "icc",
        "cohen_kappa",        "fleiss_kappa"}) {
    fs::path p = fs::path(ASSESS_SOURCE_DIR) / "fixtures" / "reference" / (std::string(f) + ".json");
    Json doc = Json::parse(assess::test::read_file(p.string()));
    std::size_t i = 0;
    for (const auto& c : doc.at("cases")) {
      if (c.at("request").is_object()) {
        out.push_back({std::string(f) + " #" + std::to_string(i) + " " + c.value("name", ""), c.at("request")});
      }
      ++i;
    }
  }
  return out;
}

TEST(Columns, ReferenceCasesGiveTheSameBytesAsJson) {
  const auto cases = reference_cases();
  ASSERT_GT(cases.size(), 150u);
  std::size_t with_columns = 0, matrices = 0;
  for (const auto& c : cases) {
    Split s = split(c.request);
    if (s.columns.empty()) continue;
    ++with_columns;
    for (const auto& col : s.columns) matrices += col.second.cols != 0;
    const std::string json_door = assess::api::call(c.request.dump());
    const std::string typed_door = as_json_door_words(assess::api::call_with_columns(s.request.dump(), s.columns));
    EXPECT_EQ(typed_door, json_door) << c.name;
  }
  EXPECT_GT(with_columns, 150u);
  EXPECT_GT(matrices, 20u);  // cronbach items, kendall ratings, chi-square tables, anova groups, scores
}

std::string door(const std::string& request, const std::string& name, const std::vector<double>& x) {
  Columns cols;
  cols[name] = column(x);
  return assess::api::call_with_columns(request, cols);
}

std::vector<double> ramp(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = 0.5 * static_cast<double>(i % 97) - 3.0;
  return x;
}

Json error_of(const std::string& response) {
  Json r = Json::parse(response);
  EXPECT_EQ(r.at("ok"), false) << response;
  return r.value("error", Json::object());
}

TEST(Columns, PairedTMixedWithJsonAndBothAsColumns) {
  std::vector<double> pre = {1.5, 2, 3.25, kNaN, 5}, post = {2, 2.5, 3, 4, 6.5};
  const std::string json_door =
      assess::api::call(R"({"op":"paired_t","pre":[1.5,2,3.25,null,5],"post":[2,2.5,3,4,6.5],"conf_level":0.9})");
  Columns both;
  both["pre"] = column(pre);
  both["post"] = column(post);
  EXPECT_EQ(assess::api::call_with_columns(R"({"op":"paired_t","conf_level":0.9})", both), json_door);
  EXPECT_EQ(door(R"({"op":"paired_t","post":[2,2.5,3,4,6.5],"conf_level":0.9})", "pre", pre), json_door);
  EXPECT_NE(json_door.find("\"ok\":true"), std::string::npos);
}

TEST(Columns, BatchReadsTheColumnsInEveryRequest) {
  std::vector<double> x = {3, 1, 4, 1, 5, 9, 2, 6};
  const std::string typed = door(R"([{"op":"describe"},{"op":"shapiro_wilk"}])", "x", x);
  EXPECT_EQ(typed, assess::api::call(R"([{"op":"describe","x":[3,1,4,1,5,9,2,6]},)"
                                     R"({"op":"shapiro_wilk","x":[3,1,4,1,5,9,2,6]}])"));
}

TEST(Columns, NameInBothRequestAndColumnsIsRefused) {
  Json e = error_of(door(R"({"op":"paired_t","pre":[1,2,3],"post":[1,2,4]})", "pre", {1, 2, 3}));
  EXPECT_EQ(e.at("code"), "invalid_input");
  EXPECT_EQ(e.at("path"), "/pre");
  EXPECT_NE(e.at("message").get<std::string>().find("pre is given both"), std::string::npos) << e;
  // also when the op would not read it
  e = error_of(door(R"({"op":"describe","x":[1,2,3],"zz":1})", "zz", {1}));
  EXPECT_EQ(e.at("path"), "/zz");
}

TEST(Columns, InfinityIsRefusedNamingTheElement) {
  std::vector<double> pre = ramp(30), post = ramp(30);
  pre[17] = -kInf;
  Columns cols;
  cols["pre"] = column(pre);
  cols["post"] = column(post);
  Json e = error_of(assess::api::call_with_columns(R"({"op":"paired_t"})", cols));
  EXPECT_EQ(e.at("code"), "invalid_input");
  EXPECT_EQ(e.at("path"), "/pre/17");
  EXPECT_EQ(e.at("message"), "pre[17] is not a finite number");
  // the instance answers the next request as before
  pre[17] = 1;
  EXPECT_EQ(Json::parse(assess::api::call_with_columns(R"({"op":"paired_t"})", cols)).at("ok"), true);
}

TEST(Columns, MissingValuesAndLimitsAsForJson) {
  // NaN is null: allowed in describe, refused where missing values are not
  std::vector<double> x = {1, kNaN, 3};
  EXPECT_EQ(door(R"({"op":"describe"})", "x", x), assess::api::call(R"({"op":"describe","x":[1,null,3]})"));
  Json e = error_of(door(R"({"op":"distribution","dist":"normal","fn":"cdf"})", "x", x));
  EXPECT_EQ(e.at("code"), "invalid_input");
  EXPECT_EQ(e.at("path"), "/x/1");
  // the magnitude limit gives the JSON door's very response
  x[1] = -2e100;
  EXPECT_EQ(door(R"({"op":"describe"})", "x", x), assess::api::call(R"({"op":"describe","x":[1,-2e100,3]})"));
  // ... which the distribution op lifts
  EXPECT_EQ(door(R"({"op":"distribution","dist":"normal","fn":"cdf"})", "x", x),
            assess::api::call(R"({"op":"distribution","dist":"normal","fn":"cdf","x":[1,-2e100,3]})"));
}

TEST(Columns, TooManyValues) {
  std::vector<double> x(assess::limits::kMaxValues + 1, 1.0);
  Json e = error_of(door(R"({"op":"describe"})", "x", x));
  EXPECT_EQ(e.at("code"), "out_of_range");
  EXPECT_EQ(e.at("path"), "/x");
  EXPECT_EQ(e.at("message"), "x has 10000001 values, but the engine takes at most 10000000 in one argument");
  x.pop_back();
  EXPECT_EQ(Json::parse(door(R"({"op":"describe"})", "x", x)).at("ok"), true);
}

TEST(Columns, UnknownNameIsIgnoredWithTheUsualWarning) {
  std::vector<double> x = {1, 2, 3, 4};
  Columns cols;
  cols["x"] = column(x);
  cols["prre"] = column(x);
  EXPECT_EQ(assess::api::call_with_columns(R"({"op":"describe"})", cols),
            assess::api::call(R"({"op":"describe","x":[1,2,3,4],"prre":[1,2,3,4]})"));
  Json r = Json::parse(assess::api::call_with_columns(R"({"op":"describe"})", cols));
  EXPECT_EQ(r.at("result").at("warnings").at(0), "the argument prre is not used by describe and was ignored");
}

TEST(Columns, ValueTheDoorCouldNotConvertIsNamed) {
  std::vector<double> x = {1, 2, kNaN, kNaN};
  Column c = column(x);
  c.bad_index = 2;
  c.bad_what = "a string";
  Columns cols;
  cols["x"] = c;
  Json e = error_of(assess::api::call_with_columns(R"({"op":"describe"})", cols));
  EXPECT_EQ(e.at("code"), "invalid_input");
  EXPECT_EQ(e.at("path"), "/x/2");
  EXPECT_EQ(e.at("message"), "x[2] is a string, but a number is required");
}

TEST(Columns, MatrixShapes) {
  std::vector<double> items = {1, 2, 3, 2, 3, 4, 3, 3, 5, 4, 5, 5, 5, 4, 4};  // 5 rows x 3 items
  Column m = column(items, 3);
  Columns cols;
  cols["items"] = m;
  EXPECT_EQ(assess::api::call_with_columns(R"({"op":"cronbach_alpha"})", cols),
            assess::api::call(R"({"op":"cronbach_alpha","items":[[1,2,3],[2,3,4],[3,3,5],[4,5,5],[5,4,4]]})"));
  cols["items"].cols = 4;  // 15 values are not rows of 4
  Json e = error_of(assess::api::call_with_columns(R"({"op":"cronbach_alpha"})", cols));
  EXPECT_EQ(e.at("code"), "invalid_input");
  EXPECT_EQ(e.at("path"), "/items");
  cols["items"].cols = 0;  // a vector where a matrix is needed
  e = error_of(assess::api::call_with_columns(R"({"op":"cronbach_alpha"})", cols));
  EXPECT_EQ(e.at("code"), "invalid_input");
  Column as_x = m;  // a matrix where an array is needed
  Columns cx;
  cx["x"] = as_x;
  e = error_of(assess::api::call_with_columns(R"({"op":"describe"})", cx));
  EXPECT_EQ(e.at("code"), "invalid_input");
  EXPECT_EQ(e.at("path"), "/x");
  // an element of a matrix column is named by row and column, as in JSON
  items[7] = kInf;
  cols["items"] = m;
  e = error_of(assess::api::call_with_columns(R"({"op":"cronbach_alpha"})", cols));
  EXPECT_EQ(e.at("path"), "/items/2/1");
  EXPECT_EQ(e.at("message"), "items[2][1] is not a finite number");
}

TEST(Columns, ArgumentsThatMustBeJsonAreRefusedAsColumns) {
  std::vector<double> x = {1, 2, 3, 4}, level = {0.9};
  Columns cols;
  cols["pre"] = column(x);
  cols["post"] = column(x);
  cols["conf_level"] = column(level);
  Json e = error_of(assess::api::call_with_columns(R"({"op":"paired_t"})", cols));
  EXPECT_EQ(e.at("code"), "invalid_input");
  EXPECT_EQ(e.at("path"), "/conf_level");
}

TEST(Columns, TextErrorsAreTheJsonDoors) {
  std::vector<double> x = {1, 2};
  EXPECT_EQ(door("{\"op\":", "x", x), assess::api::call("{\"op\":"));
  EXPECT_EQ(door(R"({"op":"t_tset"})", "x", x), assess::api::call(R"({"op":"t_tset"})"));
  EXPECT_EQ(door(R"({"op":"describe"})", "x", {}), assess::api::call(R"({"op":"describe","x":[]})"));
}

}  // namespace
