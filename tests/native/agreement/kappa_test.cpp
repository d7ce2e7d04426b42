// cohen_kappa and fleiss_kappa beyond the R references
// (fixtures/reference/cohen_kappa.json, fleiss_kappa.json): codes as
// numbers or strings, unused scale points (levels), perfect agreement, the
// identity of the two kappas' agreement terms, orientation, and errors.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/agreement/cohen_kappa.hpp"
#include "assess/agreement/fleiss_kappa.hpp"
#include "support/stat_support.hpp"

using assess::Json;
using namespace assess::test;
using assess::agreement::KappaWeights;

namespace {

TEST(CohenKappa, StringsAndNumbersGiveTheSameUnweightedKappa) {
  Json s = ask_text(R"({"op":"cohen_kappa","x":["a","b","a","c","b"],"y":["a","b","b","c","b"]})");
  Json n = ask_text(R"({"op":"cohen_kappa","x":[1,2,1,3,2],"y":[1,2,2,3,2]})");
  ASSERT_TRUE(s["ok"].get<bool>() && n["ok"].get<bool>()) << s.dump() << n.dump();
  EXPECT_EQ(s["result"]["kappa"], n["result"]["kappa"]);
  EXPECT_EQ(s["result"]["se"], n["result"]["se"]);
}

TEST(CohenKappa, LevelsKeepUnusedPointsInTheWeights) {
  // Codes 2-4 on a 1-5 rubric: with levels the quadratic weights run over
  // five points, so the same disagreements weigh less.
  const char* base = R"({"op":"cohen_kappa","x":[2,3,3,4,2,3],"y":[2,3,4,4,3,3],"weights":"quadratic")";
  Json observed = ask_text(std::string(base) + "}");
  Json scale = ask_text(std::string(base) + R"(,"levels":[1,2,3,4,5]})");
  ASSERT_TRUE(observed["ok"].get<bool>() && scale["ok"].get<bool>());
  EXPECT_NE(observed["result"]["kappa"], scale["result"]["kappa"]);
  // Unweighted kappa does not depend on unused categories.
  Json u1 = ask_text(R"({"op":"cohen_kappa","x":[2,3,3,4,2,3],"y":[2,3,4,4,3,3]})");
  Json u2 = ask_text(R"({"op":"cohen_kappa","x":[2,3,3,4,2,3],"y":[2,3,4,4,3,3],"levels":[1,2,3,4,5]})");
  EXPECT_NEAR(u1["result"]["kappa"].get<double>(), u2["result"]["kappa"].get<double>(), 1e-15);
}

TEST(CohenKappa, PerfectAgreementIsOneWithZeroSe) {
  for (auto w : {KappaWeights::none, KappaWeights::linear, KappaWeights::quadratic}) {
    auto r = assess::agreement::cohen_kappa({0, 1, 2, 1, 0, 2}, {0, 1, 2, 1, 0, 2}, 3, w);
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(r->kappa, 1.0);
    EXPECT_EQ(r->se, 0.0);
    EXPECT_EQ(r->ci_low, 1.0);
  }
}

TEST(CohenKappa, OneCategoryIsNullWithAWarning) {
  Json j = ask_text(R"({"op":"cohen_kappa","x":["a","a"],"y":["a","a"]})");
  expect_warning_ids(j, {"cohen_kappa.undefined"});
  EXPECT_TRUE(j["result"]["kappa"].is_null());
}

TEST(CohenKappa, PairsWithANullAreDropped) {
  Json j = ask_text(R"({"op":"cohen_kappa","x":[1,2,null,3,1],"y":[1,2,2,3,null]})");
  expect_warning_ids(j, {"cohen_kappa.pairs_dropped"});
  EXPECT_EQ(j["result"]["n"], 3);
}

TEST(CohenKappa, LevelsNullMeansTheObservedCodes) {
  Json j = ask_text(R"({"op":"cohen_kappa","x":[1,2,2,1],"y":[1,2,1,1],"levels":null})");
  Json same = ask_text(R"({"op":"cohen_kappa","x":[1,2,2,1],"y":[1,2,1,1]})");
  expect_warning_ids(j, {});
  EXPECT_EQ(j["result"]["kappa"], same["result"]["kappa"]);
}

TEST(CohenKappa, Errors) {
  expect_error(ask_text(R"({"op":"cohen_kappa","x":["a","b"],"y":["a","b"],"weights":"linear"})"), "invalid_input",
               {"strings", "no order"}, "/weights");
  expect_error(ask_text(R"({"op":"cohen_kappa","x":["a",2],"y":["a","b"]})"), "invalid_input", {"x[1]", "number"},
               "/x/1");
  expect_error(ask_text(R"({"op":"cohen_kappa","x":[1,2],"y":["a","b"]})"), "invalid_input", {"x[0]"}, "/x/0");
  expect_error(ask_text(R"({"op":"cohen_kappa","x":[1,2,7],"y":[1,2,3],"levels":[1,2,3,4,5]})"), "invalid_input",
               {"x[2] is 7", "levels"}, "/x/2");
  expect_error(ask_text(R"({"op":"cohen_kappa","x":[1,2],"y":[1,2],"levels":[1,2,1]})"), "invalid_input",
               {"levels[2]", "repeats"}, "/levels/2");
  expect_error(ask_text(R"({"op":"cohen_kappa","x":[1,2,3],"y":[1,2]})"), "invalid_input", {"3 codes", "2"});
  expect_error(ask_text(R"({"op":"cohen_kappa","x":[1,null],"y":[1,2]})"), "insufficient_data", {"1 complete pair,"});
  expect_error(ask_text(R"({"op":"cohen_kappa","x":[1,2],"y":[1,2],"levels":"1-5"})"), "invalid_input",
               {"levels must be an array"});
  std::vector<int> many(1001);
  for (int i = 0; i < 1001; ++i) many[i] = i;
  auto r = assess::agreement::cohen_kappa(many, many, 1001, KappaWeights::none);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.fault().kind, assess::FaultKind::too_many);
}

TEST(FleissKappa, TwoRatersAgreementTermEqualsCohensObservedAgreement) {
  // With m = 2, mean P_i is the share of subjects both raters put alike.
  auto f = assess::agreement::fleiss_kappa({{0, 1, 2, 1, 0, 2, 1}, {0, 1, 1, 1, 0, 2, 2}}, 3);
  ASSERT_TRUE(f.ok());
  // (Scott's pi): po = 5/7 subjects alike; pe from the pooled codes 4, 6, 4 of 14.
  const double po = 5.0 / 7.0;
  const double pe = (4.0 * 4 + 6.0 * 6 + 4.0 * 4) / (14.0 * 14.0);
  EXPECT_NEAR(f->kappa, (po - pe) / (1 - pe), 1e-15);
}

TEST(FleissKappa, StringCodesAndOrientation) {
  Json s = ask_text(R"({"op":"fleiss_kappa","ratings":[["a","b","a","c"],["a","b","b","c"],["a","b","a","a"]]})");
  ASSERT_TRUE(s["ok"].get<bool>()) << s.dump();
  EXPECT_EQ(s["result"]["m"], 3);
  EXPECT_EQ(s["result"]["n"], 4);
  // The transposed matrix has 4 raters of 3 subjects: a different kappa.
  Json t = ask_text(R"({"op":"fleiss_kappa","ratings":[["a","a","a"],["b","b","b"],["a","b","a"],["c","c","a"]]})");
  ASSERT_TRUE(t["ok"].get<bool>()) << t.dump();
  EXPECT_EQ(t["result"]["m"], 4);
  EXPECT_NE(t["result"]["kappa"], s["result"]["kappa"]);
}

TEST(FleissKappa, MissingCodeDropsTheSubjectAndOneCategoryIsNull) {
  Json j = ask_text(R"({"op":"fleiss_kappa","ratings":[[1,2,null,1],[1,2,2,2]]})");
  expect_warning_ids(j, {"fleiss_kappa.subjects_excluded"});
  EXPECT_EQ(j["result"]["n"], 3);
  Json u = ask_text(R"({"op":"fleiss_kappa","ratings":[["x","x"],["x","x"]]})");
  expect_warning_ids(u, {"fleiss_kappa.undefined"});
  EXPECT_TRUE(u["result"]["z"].is_null());
}

TEST(FleissKappa, Errors) {
  expect_error(ask_text(R"({"op":"fleiss_kappa","ratings":[[1,2,3]]})"), "insufficient_data", {"1 row(s)"});
  expect_error(ask_text(R"({"op":"fleiss_kappa","ratings":[[1],[2]]})"), "insufficient_data", {"1 column(s)"});
  expect_error(ask_text(R"({"op":"fleiss_kappa","ratings":[["a","b"],["a"]]})"), "invalid_input", {"ragged"},
               "/ratings/1");
  expect_error(ask_text(R"({"op":"fleiss_kappa","ratings":[["a","b"],["a",1]]})"), "invalid_input", {"ratings[1][1]"},
               "/ratings/1/1");
  expect_error(ask_text(R"({"op":"fleiss_kappa","ratings":[["a","b"],["a",true]]})"), "invalid_input",
               {"ratings[1][1]"}, "/ratings/1/1");
}

}  // namespace
