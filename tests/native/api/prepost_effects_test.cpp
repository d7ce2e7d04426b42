// The Wilcoxon Holm p, the rank-biserial r and the tests per programme of
// analyze_prepost beyond their numbers (which fixtures/reference/
// prepost_effects.json checks against R): the JSON shape (additive, null
// rather than absent), the Holm families, the sign conventions and the
// warnings (at most one per programme, each with its id).
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;

namespace {

std::string text_of(const std::string& rel) {
  return assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string());
}
Json load(const std::string& rel) { return Json::parse(text_of(rel)); }

// The demo as the issue names it: responses.csv, the links and the study.
Json demo_request() {
  Json req = Json::object();
  req["op"] = "analyze_prepost";
  req["instrument"] = load("rubrics/competency-12.v1.json");
  req["study"] = load("rubrics/study.microcredentials.v1.json");
  req["files"] = Json::array({Json{{"name", "responses.csv"}, {"text", text_of("fixtures/demo/responses.csv")}}});
  req["links"] = load("fixtures/demo/links.json");
  return req;
}

// The edge-case request of the R reference (inline instrument and CSV).
Json edge_request() {
  const Json doc = load("fixtures/reference/prepost_effects.json");
  for (const auto& c : doc.at("cases")) {
    if (c.at("name").get<std::string>().rfind("edge cases", 0) == 0) return c.at("request");
  }
  ADD_FAILURE() << "no edge case in prepost_effects.json";
  return Json::object();
}

Json ok_result(const Json& req) {
  Json r = assess::api::call_json(req);
  EXPECT_TRUE(r["ok"].get<bool>()) << r.dump().substr(0, 600);
  return r["result"];
}

std::vector<std::string> keys(const Json& o) {
  std::vector<std::string> k;
  for (auto it = o.begin(); it != o.end(); ++it) k.push_back(it.key());
  return k;
}

// Holm as the p_adjust op computes it (nulls stay null).
Json holm(const Json& p) {
  Json r = assess::api::call_json(Json{{"op", "p_adjust"}, {"p", p}, {"method", "holm"}});
  EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
  return r["result"]["adjusted"];
}

void expect_same(const Json& a, const Json& b, const std::string& where) {
  ASSERT_EQ(a.size(), b.size()) << where;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (b[i].is_null()) {
      EXPECT_TRUE(a[i].is_null()) << where << " " << i;
    } else {
      EXPECT_DOUBLE_EQ(a[i].get<double>(), b[i].get<double>()) << where << " " << i;
    }
  }
}

// Each family: the t p_holm and, separately, the Wilcoxon p_holm are Holm
// over the subscales of the block; the total carries neither.
void expect_families(const Json& block, const std::string& where) {
  Json p = Json::array(), pw = Json::array(), ph = Json::array(), pwh = Json::array();
  for (const auto& s : block.at("subscales")) {
    p.push_back(s.at("p"));
    ph.push_back(s.at("p_holm"));
    pw.push_back(s.at("wilcoxon").at("p"));
    pwh.push_back(s.at("wilcoxon").at("p_holm"));
  }
  expect_same(ph, holm(p), where + " t");
  expect_same(pwh, holm(pw), where + " Wilcoxon");
  ASSERT_TRUE(block.contains("total")) << where;
  EXPECT_FALSE(block["total"].contains("p_holm")) << where;
  EXPECT_FALSE(block["total"]["wilcoxon"].contains("p_holm")) << where;
  EXPECT_TRUE(block["total"]["wilcoxon"].contains("r_rb")) << where;
}

std::vector<Json> warnings_about(const Json& r, const std::string& programme) {
  std::vector<Json> out;
  for (const auto& m : r.at("warning_msgs")) {
    if (m["params"].contains("programme") && m["params"]["programme"] == programme) out.push_back(m);
  }
  return out;
}

const std::vector<std::string> kTestFields = {"t",       "df", "p",         "p_holm",    "ci_low",
                                              "ci_high", "dz", "dz_ci_low", "dz_ci_high"};

TEST(PrePostEffects, WilcoxonGainsHolmAndRankBiserialAfterItsOldFields) {
  Json r = ok_result(demo_request());
  const std::vector<std::string> sub = {"V", "p", "n", "method", "p_holm", "r_rb"};
  const std::vector<std::string> tot = {"V", "p", "n", "method", "r_rb"};
  for (const auto& s : r["subscales"]) EXPECT_EQ(keys(s["wilcoxon"]), sub);
  EXPECT_EQ(keys(r["total"]["wilcoxon"]), tot);
  for (const auto& g : r["groups"]["by_group"]) {
    for (const auto& s : g["subscales"]) EXPECT_EQ(keys(s["wilcoxon"]), sub);
    EXPECT_EQ(keys(g["total"]["wilcoxon"]), tot);
    expect_families(g, "group " + g["id"].get<std::string>());
  }
  expect_families(r, "top level");
  // r_rb = (positive - negative rank sum) / (n (n + 1) / 2): above 0 exactly
  // when V exceeds half the total rank sum.
  for (const auto& s : r["subscales"]) {
    const Json& w = s["wilcoxon"];
    const double n = w["n"].get<double>(), half = n * (n + 1) / 4;
    const double rb = w["r_rb"].get<double>();
    EXPECT_LE(std::fabs(rb), 1.0);
    EXPECT_EQ(rb > 0, w["V"].get<double>() > half) << s["id"];
  }
}

TEST(PrePostEffects, ProgrammesGainTheTestsAdditively) {
  Json r = ok_result(demo_request());
  ASSERT_FALSE(r["programmes"].empty());
  for (const auto& p : r["programmes"]) {
    const std::string id = p["id"];
    for (const Json* e : {&p["subscales"][0], &p["total"]}) {
      // the profile's fields first, unchanged, then the tests
      const auto k = keys(*e);
      ASSERT_GE(k.size(), 5u);
      EXPECT_EQ(std::vector<std::string>(k.begin(), k.begin() + 5),
                (std::vector<std::string>{"id", "n", "pre", "post", "gain"}));
      EXPECT_TRUE(e->contains("shapiro") && e->contains("wilcoxon") && e->contains("dz")) << id;
      EXPECT_FALSE(e->contains("primary_test")) << id;
    }
    const long n = p["n_pairs"];
    if (n >= 5) {
      expect_families(p, "programme " + id);
      for (const auto& s : p["subscales"]) {
        for (const auto& f : kTestFields) EXPECT_TRUE(s[f].is_number()) << id << " " << f;
        EXPECT_TRUE(s["wilcoxon"]["r_rb"].is_number()) << id;
      }
      EXPECT_TRUE(warnings_about(r, id).empty()) << id;
    } else {
      // below 5 pairs: present and null; Shapiro-Wilk from 3
      for (const Json* e : {&p["subscales"][0], &p["subscales"][1], &p["total"]}) {
        for (const auto& f : kTestFields) {
          if (f == "p_holm" && e == &p["total"]) {
            EXPECT_FALSE(e->contains(f));
            continue;
          }
          ASSERT_TRUE(e->contains(f)) << id << " " << f;
          EXPECT_TRUE((*e)[f].is_null()) << id << " " << f;
        }
        for (const auto& f : {"V", "p", "n", "method", "r_rb"}) {
          ASSERT_TRUE((*e)["wilcoxon"].contains(f)) << f;
          EXPECT_TRUE((*e)["wilcoxon"][f].is_null()) << id << " wilcoxon " << f;
        }
        EXPECT_EQ((*e)["shapiro"]["p"].is_number(), n >= 3) << id;
      }
      auto w = warnings_about(r, id);
      ASSERT_EQ(w.size(), 1u) << id;
      EXPECT_EQ(w[0], (Json{{"id", "prepost.programme_too_few"},
                            {"params", {{"programme", id}, {"n", n}, {"min", 5}, {"min_shapiro", 3}}}}));
    }
  }
  // The demo's csv alone leaves one programme below 5 pairs.
  bool small = false;
  for (const auto& p : r["programmes"]) small = small || p["n_pairs"].get<long>() < 5;
  EXPECT_TRUE(small);
}

TEST(PrePostEffects, SignOfAConstantGainAndAllZeroGains) {
  Json r = ok_result(edge_request());
  auto score = [&](const Json& block, const std::string& id) {
    for (const auto& s : block["subscales"]) {
      if (s["id"] == id) return s;
    }
    ADD_FAILURE() << id;
    return Json();
  };
  // every gain -1: r_rb -1 (effectsize would say +1), V = 0
  EXPECT_EQ(score(r, "loss")["wilcoxon"]["r_rb"], -1.0);
  EXPECT_EQ(score(r, "loss")["wilcoxon"]["V"], 0.0);
  EXPECT_TRUE(score(r, "loss")["t"].is_null());
  // every gain 0: no Wilcoxon, no r_rb, one warning that says so
  EXPECT_TRUE(score(r, "same")["wilcoxon"]["r_rb"].is_null());
  EXPECT_TRUE(score(r, "same")["wilcoxon"]["p_holm"].is_null());
  int all_zero = 0;
  for (const auto& m : r["warning_msgs"]) {
    if (m["id"] == "prepost.wilcoxon_all_zero") {
      ++all_zero;
      EXPECT_EQ(m["params"]["score"], "same");
    }
  }
  EXPECT_EQ(all_zero, 1);
  bool said = false;
  for (const auto& w : r["warnings"]) said = said || w.get<std::string>().find("rank-biserial") != std::string::npos;
  EXPECT_TRUE(said);

  // programme a (6 pairs): the tests, and one warning naming the scores
  // with a null; b (3) and c (2): one warning each; nothing per subscale.
  const Json& a = r["programmes"][0];
  ASSERT_EQ(a["id"], "a");
  EXPECT_EQ(score(a, "loss")["wilcoxon"]["r_rb"], -1.0);
  EXPECT_TRUE(score(a, "same")["wilcoxon"]["r_rb"].is_null());
  EXPECT_EQ(score(a, "same")["wilcoxon"]["n"], 0);
  EXPECT_EQ(score(a, "more")["n"], 5);
  EXPECT_TRUE(score(a, "more")["t"].is_number());
  expect_families(a, "programme a");
  auto wa = warnings_about(r, "a");
  ASSERT_EQ(wa.size(), 1u);
  EXPECT_EQ(wa[0], (Json{{"id", "prepost.programme_tests_null"},
                         {"params", {{"programme", "a"}, {"scores", "loss, same"}, {"min", 5}}}}));
  for (const char* id : {"b", "c"}) {
    auto w = warnings_about(r, id);
    ASSERT_EQ(w.size(), 1u) << id;
    EXPECT_EQ(w[0]["id"], "prepost.programme_too_few");
  }
  // Only the top-level block warns per subscale: no warning names a score
  // (of a wave) without a group more than once.
  std::map<std::string, int> per_score_id;
  for (const auto& m : r["warning_msgs"]) {
    if (m["params"].contains("score") && !m["params"].contains("group")) {
      ++per_score_id[m["id"].get<std::string>() + "/" + m["params"]["score"].get<std::string>() + "/" +
                     m["params"].value("wave", Json("")).dump()];
    }
  }
  for (const auto& [k, v] : per_score_id) EXPECT_EQ(v, 1) << k;
}

}  // namespace
