// correlation_matrix beyond the R references
// (fixtures/reference/correlation_matrix.json): each pair is the pairwise
// op on the complete pairs, Holm over the defined pairs, warnings naming
// the pair, errors.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;

namespace {

Json vars(const std::vector<std::pair<const char*, Json>>& v) {
  Json out = Json::array();
  for (const auto& [name, values] : v) out.push_back({{"name", name}, {"values", values}});
  return out;
}

TEST(CorrelationMatrix, PairsAreThePairwiseOps) {
  const Json a = {1.2, 2.5, 2.9, 4.1, 5.3, nullptr, 7.7, 8.1}, b = {2, 1, 4, 3, 6, 5, nullptr, 9},
             c = {8, 6, 7, 5, 3, 0, 9, 1};
  for (const char* method : {"pearson", "spearman"}) {
    Json r =
        ask({{"op", "correlation_matrix"}, {"variables", vars({{"a", a}, {"b", b}, {"c", c}})}, {"method", method}});
    ASSERT_EQ(r["ok"], true) << r.dump();
    const Json& pairs = r["result"]["pairs"];
    ASSERT_EQ(pairs.size(), 3u);
    const std::vector<std::pair<Json, Json>> expected_pairs = {{a, b}, {a, c}, {b, c}};
    const char* names[3][2] = {{"a", "b"}, {"a", "c"}, {"b", "c"}};
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(pairs[i]["x"], names[i][0]);
      EXPECT_EQ(pairs[i]["y"], names[i][1]);
      const Json one = ask({{"op", method}, {"x", expected_pairs[i].first}, {"y", expected_pairs[i].second}})["result"];
      EXPECT_EQ(pairs[i]["n"], one["n"]);
      EXPECT_EQ(pairs[i]["r"], std::string(method) == "pearson" ? one["r"] : one["rho"]);
      EXPECT_EQ(pairs[i]["p"], one["p"]);
      if (std::string(method) == "pearson") {
        EXPECT_EQ(pairs[i]["ci_low"], one["ci_low"]);
      } else {
        EXPECT_FALSE(pairs[i].contains("ci_low"));
        EXPECT_EQ(pairs[i]["p_method"], one["method"]);
      }
    }
    // Holm over three p-values
    std::vector<double> p;
    for (const auto& pr : pairs) p.push_back(pr["p"].get<double>());
    const Json holm = ask({{"op", "p_adjust"}, {"p", p}, {"method", "holm"}})["result"]["adjusted"];
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(pairs[i]["p_holm"], holm[i]);
  }
}

TEST(CorrelationMatrix, UndefinedPairsAreNullWithAWarningNamingThePair) {
  Json r = ask({{"op", "correlation_matrix"},
                {"variables", vars({{"score", {1, 2, 3, 4, 5}},
                                    {"sparse", {nullptr, nullptr, nullptr, 1, 2}},
                                    {"flat", {3, 3, 3, 3, 3}},
                                    {"gain", {2, 1, 4, 3, 5}}})}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  const Json& pairs = r["result"]["pairs"];
  ASSERT_EQ(pairs.size(), 6u);
  EXPECT_TRUE(pairs[0]["r"].is_null());          // score-sparse: 2 pairs
  EXPECT_TRUE(pairs[1]["p_holm"].is_null());     // score-flat: constant
  EXPECT_FALSE(pairs[2]["r"].is_null());         // score-gain
  EXPECT_EQ(pairs[2]["p_holm"], pairs[2]["p"]);  // the only defined pair: Holm over one p-value
  expect_warning_ids(
      r, {"correlation_matrix.pair_too_few", "correlation_matrix.pair_constant", "correlation_matrix.pair_too_few",
          "correlation_matrix.pair_too_few", "correlation_matrix.pair_constant"});
  EXPECT_EQ(r["result"]["warning_msgs"][0]["params"], (Json{{"x", "score"}, {"y", "sparse"}, {"n", 2}}));
  EXPECT_EQ(r["result"]["warning_msgs"][1]["params"]["variable"], "flat");
}

TEST(CorrelationMatrix, ThreePairsHaveNoIntervalAndSpearmanReadsNoConfLevel) {
  Json r = ask({{"op", "correlation_matrix"}, {"variables", vars({{"a", {1, 2, 3}}, {"b", {2, 1, 4}}})}});
  expect_warning_ids(r, {"correlation_matrix.pair_no_interval"});
  EXPECT_FALSE(r["result"]["pairs"][0]["r"].is_null());
  EXPECT_TRUE(r["result"]["pairs"][0]["ci_low"].is_null());
  r = ask({{"op", "correlation_matrix"},
           {"variables", vars({{"a", {1, 2, 3, 4}}, {"b", {2, 1, 4, 3}}})},
           {"method", "spearman"},
           {"conf_level", 0.9}});
  expect_warning(r, "conf_level");
  EXPECT_FALSE(r["result"].contains("conf_level"));
  EXPECT_EQ(r["result"]["pairs"][0]["p_method"], "exact");
}

TEST(CorrelationMatrix, Errors) {
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", Json::array()}}), "insufficient_data",
               {"0 variables", "at least 2"}, "/variables");
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", vars({{"a", {1, 2, 3}}, {"b", {1, 2}}})}}),
               "invalid_input", {"variables[1] has 2 values", "variables[0] has 3"}, "/variables/1/values");
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", vars({{"a", {1, 2, 3}}, {"a", {3, 2, 1}}})}}),
               "invalid_input", {"also the name of variables[0]"}, "/variables/1/name");
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", {{{"values", {1, 2}}}}}}), "invalid_input",
               {"variables[0].name"}, "/variables/0/name");
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", {{{"name", "a"}}}}}), "invalid_input",
               {"variables[0] has no values"}, "/variables/0/values");
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", vars({{"a", {1, "x"}}, {"b", {1, 2}}})}}),
               "invalid_input", {"variables[0].values[1]"}, "/variables/0/values/1");
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", {1, 2}}}), "invalid_input", {"variables[0]"},
               "/variables/0");
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", "a,b"}}), "invalid_input", {"variables must be"},
               "/variables");
  Json many = Json::array();
  for (int i = 0; i < 201; ++i) many.push_back({{"name", "v" + std::to_string(i)}, {"values", {1, 2, 3}}});
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", many}}), "out_of_range", {"201 variables", "200"},
               "/variables");
  // 200 variables of 1006 cases: 19 900 pairs, 20 019 400 pair values
  Json wide = Json::array();
  const std::vector<double> cases(1006, 1.5);
  for (int i = 0; i < 200; ++i) wide.push_back({{"name", "v" + std::to_string(i)}, {"values", cases}});
  expect_error(ask({{"op", "correlation_matrix"}, {"variables", wide}}), "out_of_range",
               {"19900 pairs of 1006 cases", "2e+07"}, "/variables");
}

}  // namespace
