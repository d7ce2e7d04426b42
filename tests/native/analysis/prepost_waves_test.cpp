// The third wave of analyze_prepost (docs/analysis.md "A third wave"): the
// edge cases written down there - a declared follow-up without records is
// the two-wave response, a student with pre and follow-up but no post, the
// waves in any order in the files, a confirmed link of a follow-up code, a
// scored number (GPA) asked at three waves. The numbers against R:
// fixtures/reference/demo3_analysis.json (tests/native/api/reference_test.cpp).
#include <cstdio>
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

Json load(const std::string& rel) {
  return Json::parse(assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string()));
}

// Which waves a synthetic student answers.
enum class Takes { all, no_post, no_followup, pre_only };

Takes takes_of(int i) {
  switch (i % 10) {
    case 0:
      return Takes::no_post;
    case 1:
      return Takes::no_followup;
    case 2:
      return Takes::pre_only;
    default:
      return Takes::all;
  }
}

bool answers_wave(Takes t, int wave) {
  if (wave == 0) return true;
  if (t == Takes::pre_only) return false;
  return wave == 1 ? t != Takes::no_post : t != Takes::no_followup;
}

std::string code_of(int group, int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%02dKL", group == 0 ? "EX" : "KO", i + 1);
  return buf;
}

// competency-12 rows of 30 students per group at pre, post and followup
// (deterministic answers, the experimental group gaining more).
std::vector<std::string> competency_rows() {
  static const char* kWave[] = {"pre", "post", "followup"};
  std::vector<std::string> rows;
  for (int g = 0; g < 2; ++g) {
    for (int i = 0; i < 30; ++i) {
      for (int w = 0; w < 3; ++w) {
        if (!answers_wave(takes_of(i), w)) continue;
        std::string row = std::string("competency-12,1,") + code_of(g, i) + "," +
                          (g == 0 ? "teacher-mediator,experimental," : ",control,") + kWave[w];
        for (int j = 0; j < 12; ++j) {
          const int gain = w == 0 ? 0 : (g == 0 ? 1 : 0) + ((i + j + w) % 3 == 0 ? 1 : 0);
          int x = 1 + (i * 7 + j * 3 + (i % 4) * w) % 3 + gain;
          if (j == 4) x = 6 - x;  // AD2 is reverse keyed
          row += "," + std::to_string(x);
        }
        rows.push_back(row);
      }
    }
  }
  return rows;
}

const char* kHeader = "instrument,version,code,programme,group,wave,ET1,ET2,ET3,AD1,AD2,DL1,DL2,DL3,IM1,IM2,MF1,MF2\n";

std::string csv(const std::vector<std::string>& rows) {
  std::string out = kHeader;
  for (const auto& r : rows) out += r + "\n";
  return out;
}

// demo3's study (waves pre, post, followup; competency-12 at all three).
Json study3() { return load("fixtures/demo3/study.json"); }

Json request(const Json& study, const std::string& text) {
  Json req = Json::object();
  req["op"] = "analyze_prepost";
  req["instrument"] = load("rubrics/competency-12.v1.json");
  req["study"] = study;
  req["instruments"] = Json::array({req["instrument"]});
  req["files"] = Json::array({Json{{"name", "competency.csv"}, {"text", text}}});
  return req;
}

Json run(const Json& req) {
  Json r = assess::api::call_json(req);
  EXPECT_TRUE(r.value("ok", false)) << r.dump().substr(0, 600);
  return r["result"];
}

int count_if(Takes a, Takes b = Takes::all, bool both = true) {
  int n = 0;
  for (int i = 0; i < 30; ++i) n += takes_of(i) == a || (both && takes_of(i) == b) ? 1 : 0;
  return n;
}

}  // namespace

TEST(PrePostWaves, DeclaredFollowupWithoutRecordsIsTheTwoWaveResponse) {
  std::vector<std::string> rows;
  for (const auto& r : competency_rows()) {
    if (r.find(",followup") == std::string::npos) rows.push_back(r);
  }
  Json two = study3();
  two["waves"].erase(2);
  two["instruments"][0]["waves"] = Json::array({"pre", "post"});
  const Json with_followup = run(request(study3(), csv(rows)));
  const Json without = run(request(two, csv(rows)));
  EXPECT_EQ(with_followup, without);
  EXPECT_FALSE(with_followup.contains("wave_pairs"));
  EXPECT_FALSE(with_followup["counts"].contains("waves"));
  EXPECT_FALSE(with_followup["linking"].contains("waves"));
  EXPECT_FALSE(with_followup["groups"]["mixed"].contains("waves"));
  EXPECT_FALSE(with_followup["groups"]["post"].contains("followup"));
  EXPECT_FALSE(with_followup["groups"]["ancova"].contains("followup"));
}

TEST(PrePostWaves, PreAndFollowupWithoutPost) {
  const Json r = run(request(study3(), csv(competency_rows())));
  // Per group: pre-post pairs are all but no_post and pre_only, pre-followup
  // pairs all but no_followup and pre_only, complete cases the `all` ones.
  const int post_pairs = 30 - count_if(Takes::no_post, Takes::pre_only);
  const int followup_pairs = 30 - count_if(Takes::no_followup, Takes::pre_only);
  const int complete = count_if(Takes::all, Takes::all, false);
  EXPECT_EQ(r["counts"]["pairs"], 2 * post_pairs);
  EXPECT_EQ(r["counts"]["waves"]["followup"]["records"], 2 * followup_pairs);
  EXPECT_EQ(r["counts"]["waves"]["followup"]["pairs"], 2 * followup_pairs);
  EXPECT_EQ(r["counts"]["records_used"], 2 * (30 + post_pairs + followup_pairs));
  ASSERT_EQ(r["wave_pairs"].size(), 2u);
  EXPECT_EQ(r["wave_pairs"][0]["from"], "pre");
  EXPECT_EQ(r["wave_pairs"][0]["to"], "post");
  EXPECT_EQ(r["wave_pairs"][0]["n_pairs"], 2 * post_pairs);
  EXPECT_EQ(r["wave_pairs"][0]["subscales"], r["subscales"]);  // the second wave repeats the top-level block
  EXPECT_EQ(r["wave_pairs"][0]["total"], r["total"]);
  EXPECT_EQ(r["wave_pairs"][1]["to"], "followup");
  EXPECT_EQ(r["wave_pairs"][1]["n_pairs"], 2 * followup_pairs);
  EXPECT_FALSE(r["wave_pairs"][1]["total"].contains("p_holm"));  // outside the family
  EXPECT_TRUE(r["wave_pairs"][1]["subscales"][0]["p_holm"].is_number());
  const Json& g = r["groups"];
  for (const auto& b : g["by_group"]) {
    ASSERT_EQ(b["wave_pairs"].size(), 2u);
    EXPECT_EQ(b["wave_pairs"][0]["subscales"], b["subscales"]);
    EXPECT_EQ(b["wave_pairs"][1]["n_pairs"], followup_pairs);
  }
  EXPECT_EQ(g["mixed"]["waves"], Json::array({"pre", "post", "followup"}));
  EXPECT_EQ(g["mixed"]["total"]["n"], 2 * complete);
  EXPECT_TRUE(g["mixed"]["total"]["within"]["gg_epsilon"].is_number());
  EXPECT_EQ(g["mixed"]["total"]["within"]["df1"], 2);
  const Json& pf = g["post"]["followup"]["followup"];
  EXPECT_EQ(pf["focal"], "experimental");
  EXPECT_EQ(pf["total"]["n_focal"], followup_pairs);
  EXPECT_TRUE(pf["subscales"][0].contains("post_focal"));
  EXPECT_EQ(g["ancova"]["followup"]["followup"]["total"]["n"], 2 * followup_pairs);
  // Attrition stays about the post-test: no post record is pre-only.
  EXPECT_EQ(g["attrition"][0]["n_pre_only"], count_if(Takes::no_post, Takes::pre_only));
  // The follow-up linking lists the first wave's records without a follow-up.
  EXPECT_EQ(r["linking"]["waves"]["followup"]["matched"], 2 * followup_pairs);
  EXPECT_EQ(r["linking"]["waves"]["followup"]["unmatched_pre"].size(),
            static_cast<std::size_t>(2 * (30 - followup_pairs)));
  EXPECT_EQ(r["linking"]["unmatched_post"].size(), 0u);
}

TEST(PrePostWaves, FileOrderOfTheWavesDoesNotMatter) {
  std::vector<std::string> rows = competency_rows();
  const Json forward = run(request(study3(), csv(rows)));
  std::vector<std::string> reversed(rows.rbegin(), rows.rend());  // follow-up rows first
  const Json backward = run(request(study3(), csv(reversed)));
  // Equal up to the order of the sums (the pairs follow the records' order).
  const assess::test::Tolerance tol;
  for (const char* key : {"wave_pairs", "groups", "counts"}) {
    const auto diffs = assess::test::compare_json(forward[key], backward[key], tol, std::string("/") + key);
    EXPECT_TRUE(diffs.empty()) << diffs.front();
  }
}

TEST(PrePostWaves, ConfirmedLinkOfAFollowupCode) {
  std::vector<std::string> rows = competency_rows();
  const std::string code = code_of(0, 4), typed = "EX05KM";  // student 5: all three waves
  for (auto& r : rows) {
    if (r.find(code) != std::string::npos && r.find(",followup") != std::string::npos) {
      r.replace(r.find(code), code.size(), typed);
    }
  }
  const Json before = run(request(study3(), csv(rows)));
  Json req = request(study3(), csv(rows));
  req["links"] = Json::array({Json{{"pre", code}, {"post", typed}, {"note", "same student"}}});
  const Json after = run(req);
  const Json& lw = after["linking"]["waves"]["followup"];
  EXPECT_EQ(lw["matched"], before["linking"]["waves"]["followup"]["matched"].get<int>() + 1);
  EXPECT_EQ(lw["matched_by_override"], 1);
  EXPECT_TRUE(lw["problems"].empty());
  // Not a link of the pre-post linking, and not a problem there.
  EXPECT_EQ(after["linking"]["matched_by_override"], 0);
  EXPECT_TRUE(after["linking"]["problems"].empty()) << after["linking"]["problems"].dump();
  Json main_after = after["linking"], main_before = before["linking"];
  main_after.erase("waves");
  main_before.erase("waves");
  EXPECT_EQ(main_after, main_before);
  EXPECT_EQ(after["counts"]["waves"]["followup"]["pairs"],
            before["counts"]["waves"]["followup"]["pairs"].get<int>() + 1);
  // A link the follow-up does not hold stays the pre-post linking's problem.
  req["links"] = Json::array({Json{{"pre", code}, {"post", "ZZ99ZZ"}}});
  const Json unknown = run(req);
  EXPECT_FALSE(unknown["linking"]["problems"].empty());
  EXPECT_TRUE(unknown["linking"]["waves"]["followup"]["problems"].empty());
}

TEST(PrePostWaves, ScoredNumberAtThreeWaves) {
  Json study = study3();
  study["instruments"] = Json::array({Json{{"id", "background"},
                                           {"version", 1},
                                           {"waves", Json::array({"pre"})},
                                           {"item_waves", Json{{"GPA", Json::array({"pre", "post", "followup"})}}}}});
  std::string text = "instrument,version,code,programme,group,wave,GPA\n";
  static const char* kWave[] = {"pre", "post", "followup"};
  for (int g = 0; g < 2; ++g) {
    for (int i = 0; i < 20; ++i) {
      for (int w = 0; w < 3; ++w) {
        if (!answers_wave(takes_of(i), w)) continue;
        const double gpa = 2.5 + 0.05 * ((i * 7) % 11) + (g == 0 ? 0.2 : 0.05) * w + 0.01 * ((i + w) % 3);
        text += std::string("background,1,") + code_of(g, i) + "," +
                (g == 0 ? "teacher-mediator,experimental," : ",control,") + kWave[w] + "," + std::to_string(gpa) + "\n";
      }
    }
  }
  Json req = request(study, text);
  req["instrument"] = load("rubrics/background.v1.json");
  req["instruments"] = Json::array({req["instrument"]});
  const Json r = run(req);
  ASSERT_EQ(r["wave_pairs"].size(), 2u);
  ASSERT_EQ(r["wave_pairs"][1]["numbers"].size(), 1u);
  EXPECT_EQ(r["wave_pairs"][1]["numbers"][0]["id"], "GPA");
  EXPECT_FALSE(r["wave_pairs"][1]["numbers"][0].contains("p_holm"));
  EXPECT_TRUE(r["wave_pairs"][1]["numbers"][0]["t"].is_number());
  EXPECT_EQ(r["groups"]["post"]["followup"]["followup"]["numbers"][0]["id"], "GPA");
  EXPECT_TRUE(r["groups"]["ancova"]["followup"]["followup"]["numbers"][0]["F"].is_number());
  EXPECT_EQ(r["groups"]["mixed"]["numbers"][0]["within"]["df1"], 2);
}

TEST(PrePostWaves, RenderingsShowTheLaterWaves) {
  Json req = request(study3(), csv(competency_rows()));
  req["format"] = "all";
  const Json r = run(req);
  const std::string md = r["markdown"].get<std::string>();
  for (const char* heading :
       {"Change from the first wave to each later wave\n", "Change from the first wave to each later wave by group\n",
        "Scores at wave followup of experimental vs control\n",
        "Wave followup adjusted for pre-test (ANCOVA), experimental vs control\n",
        "waves pre, post, followup, respondents with a score at every wave",
        "- Wave followup linked to the first wave: "}) {
    EXPECT_NE(md.find(heading), std::string::npos) << heading;
  }
  // The follow-up total of the top-level wave pairs, as the JSON says it (t(df) rounded).
  const Json& total = r["wave_pairs"][1]["total"];
  char row[96];
  std::snprintf(row, sizeof row, "| pre -> followup | total | %d | ", total["n_pairs"].get<int>());
  EXPECT_NE(md.find(row), std::string::npos) << row;
  const Json& tables = r["csv"];
  for (const char* name : {"wave_pairs", "group_wave_pairs", "group_followup", "group_ancova_followup"}) {
    ASSERT_TRUE(tables.contains(name)) << name;
  }
  const std::string wp = tables["wave_pairs"].get<std::string>();
  EXPECT_EQ(wp.rfind("from,to,scale,n_pairs,", 0), 0u);
  EXPECT_NE(wp.find("pre,followup,total," + std::to_string(total["n_pairs"].get<int>()) + ","), std::string::npos);
  EXPECT_NE(wp.find("," + total["t"].dump() + ","), std::string::npos);
  const std::string gf = tables["group_followup"].get<std::string>();
  EXPECT_NE(gf.find("followup,experimental,control,total,"), std::string::npos);
  EXPECT_NE(tables["linking"].get<std::string>().find("followup:unmatched_pre,"), std::string::npos);
}
