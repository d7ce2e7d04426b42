// The study ops analyze_prepost and analyze_panel on the demo files: the
// result records what it was made from, inputs as files or records, errors
// with JSON pointers, strict imports, and the Markdown/CSV renderings
// against the JSON numbers. R's numbers: fixtures/reference/demo_analysis.json.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/analysis/report.hpp"
#include "assess/api/api.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;

namespace {

std::string text_of(const std::string& rel) {
  return assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string());
}
Json load(const std::string& rel) { return Json::parse(text_of(rel)); }

// ------------------------------------------------------------- the ops

Json demo_request(const char* format = "json") {
  Json req = Json::object();
  req["op"] = "analyze_prepost";
  req["instrument"] = load("rubrics/competency-12.v1.json");
  req["study"] = load("rubrics/study.microcredentials.v1.json");
  Json files = Json::array();
  std::vector<std::string> names = {"fixtures/demo/responses.csv"};
  for (const auto& e : fs::directory_iterator(fs::path(ASSESS_SOURCE_DIR) / "fixtures/demo/responses")) {
    names.push_back("fixtures/demo/responses/" + e.path().filename().string());
  }
  std::sort(names.begin() + 1, names.end());
  for (const auto& n : names) files.push_back(Json{{"name", n}, {"text", text_of(n)}});
  req["files"] = files;
  req["links"] = load("fixtures/demo/links.json");
  req["format"] = format;
  return req;
}

Json panel_request(const char* format = "json") {
  Json req = Json::object();
  req["op"] = "analyze_panel";
  req["rubric"] = load("rubrics/expert-panel.v1.json");
  req["study"] = load("rubrics/study.microcredentials.v1.json");
  Json files = Json::array();
  files.push_back(Json{{"name", "ratings.csv"}, {"text", text_of("fixtures/demo/ratings.csv")}});
  for (const char* e : {"E07", "E08", "E09"}) {
    std::string n = std::string("fixtures/demo/ratings/") + e + ".json";
    files.push_back(Json{{"name", n}, {"text", text_of(n)}});
  }
  req["files"] = files;
  req["format"] = format;
  return req;
}

Json ok_result(const Json& req) {
  Json r = assess::api::call_json(req);
  EXPECT_TRUE(r["ok"].get<bool>()) << r.dump().substr(0, 600);
  return r["result"];
}

TEST(Ops, ResultRecordsInstrumentEngineCountsAndProblems) {
  Json r = ok_result(demo_request());
  EXPECT_EQ(r["instrument"], (Json{{"id", "competency-12"}, {"version", 1}}));
  EXPECT_EQ(r["engine"]["version"], assess::api::version());
  EXPECT_EQ(r["counts"]["records_read"], 238);
  EXPECT_EQ(r["counts"]["files"], 10);
  EXPECT_TRUE(r["problems"].is_array());
  EXPECT_EQ(r["linking"]["matched_by_override"], 1);
  EXPECT_EQ(r["linking"]["unmatched_pre"].size(), 1u);
  EXPECT_TRUE(r["linking"]["near_matches"].empty());  // the near match is linked by links.json
  EXPECT_FALSE(r.contains("markdown"));
}

TEST(Ops, RecordsCanComeParsedInsteadOfAsFiles) {
  Json req = Json::object();
  req["op"] = "analyze_prepost";
  req["instrument"] = load("rubrics/competency-12.v1.json");
  Json bundle = load("fixtures/demo/responses/teacher-facilitator-post-bundle.json");
  Json records = bundle["responses"];
  // The same respondents' pre-test, answered identically but one point lower on ET1.
  for (auto rec : bundle["responses"]) {
    rec["wave"] = "pre";
    double et1 = rec["answers"]["ET1"].is_null() ? 3 : rec["answers"]["ET1"].get<double>();
    rec["answers"]["ET1"] = std::max(1.0, et1 - 1);
    records.push_back(rec);
  }
  req["records"] = records;
  Json r = ok_result(req);
  EXPECT_EQ(r["linking"]["matched"], bundle["responses"].size());
  EXPECT_GT(r["subscales"][0]["gain"]["mean"].get<double>(), 0.0);
}

TEST(Ops, MalformedInstrumentFailsWithItsJsonPointer) {
  Json req = demo_request();
  req["instrument"]["items"][3]["subscale"] = "nonexistent";
  Json r = assess::api::call_json(req);
  ASSERT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["error"]["code"], "invalid_input");
  EXPECT_EQ(r["error"]["path"], "/instrument/items/3/subscale");
  req = demo_request();
  req["instrument"] = "{\"format\": \"assess-instrument/1\", ";  // text, as the CLI passes files
  r = assess::api::call_json(req);
  EXPECT_EQ(r["error"]["code"], "parse_error");
  EXPECT_EQ(r["error"]["path"], "/instrument");
  req = demo_request();
  req["instrument"] = load("rubrics/expert-panel.v1.json");
  r = assess::api::call_json(req);
  EXPECT_EQ(r["error"]["path"], "/instrument/format");
}

TEST(Ops, BadArgumentsAreErrorsNotCrashes) {
  for (const char* bad :
       {R"({"op":"analyze_prepost"})", R"({"op":"analyze_prepost","instrument":{}})",
        R"({"op":"analyze_panel","rubric":[]})", R"({"op":"analyze_prepost","instrument":"x","files":7})"}) {
    Json r = Json::parse(assess::api::call(bad));
    EXPECT_FALSE(r["ok"].get<bool>()) << bad;
  }
  Json req = demo_request();
  req["files"] = Json::array({Json{{"name", "x"}, {"text", 5}}});
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/files/0/text");
  req["files"] = Json::array({Json{{"name", "never-stored.csv"}}});
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/files/0/text");
  req["files"] = Json::array({Json{{"name", "a.csv"}, {"text", "x"}}, Json{{"name", "a.csv"}, {"text", "y"}}});
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/files/1/name");
  req = demo_request();
  req["links"] = Json::array({Json{{"pre", "A"}}});
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/links/0/post");
  req = demo_request();
  req["group"] = "nobody";
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/group");
  req = demo_request();
  req["conf_level"] = 1.5;
  EXPECT_EQ(assess::api::call_json(req)["error"]["code"], "invalid_input");
  req = demo_request();
  req["format"] = "pdf";
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/format");
  // No response can be imported.
  req = demo_request();
  req["files"] = Json::array({Json{{"name", "empty.csv"}, {"text", ""}}});
  EXPECT_FALSE(assess::api::call_json(req)["ok"].get<bool>());
}

TEST(Ops, StrictTurnsImportProblemsIntoAnError) {
  Json req = demo_request();
  std::string csv = req["files"][0]["text"];
  // the first row again with another last answer: a conflict
  std::string again = csv.substr(csv.find('\n') + 1, csv.find('\n', csv.find('\n') + 1) - csv.find('\n') - 1);
  again.back() = again.back() == '4' ? '3' : '4';
  csv += again + "\n";
  req["files"][0]["text"] = csv;
  Json lenient = ok_result(req);
  EXPECT_FALSE(lenient["problems"].empty());
  EXPECT_GT(lenient["counts"]["records_excluded"].get<int>(), 0);
  EXPECT_NE(lenient["warnings"][0].get<std::string>().find("import problem"), std::string::npos);
  EXPECT_EQ(lenient["warning_msgs"][0]["id"], "analysis.import_problems");
  const int n = lenient["warning_msgs"][0]["params"]["n"].get<int>();  // the problems of the duplicated code
  EXPECT_GE(n, 1);
  EXPECT_EQ(lenient["warnings"][0].get<std::string>().rfind(std::to_string(n) + " import problem(s)", 0), 0u);
  req["strict"] = true;
  Json r = assess::api::call_json(req);
  ASSERT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["error"]["code"], "invalid_input");
}

TEST(Ops, WarningsCarryTheirIdsInTheSameOrder) {
  // The demo: Wilcoxon's normal approximation in the control group; the
  // panel: an expert left out of two criteria.
  for (const Json& req : {demo_request(), panel_request()}) {
    Json r = ok_result(req);
    const Json& w = r["warnings"];
    const Json& m = r["warning_msgs"];
    ASSERT_FALSE(w.empty());
    ASSERT_EQ(m.size(), w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
      const std::string id = m[i]["id"];
      EXPECT_TRUE(id.rfind("prepost.", 0) == 0 || id.rfind("panel.", 0) == 0 || id.rfind("analysis.", 0) == 0) << id;
      EXPECT_TRUE(m[i]["params"].is_object());
    }
  }
  Json r = ok_result(demo_request());
  EXPECT_EQ(r["warning_msgs"][0], (Json{{"id", "prepost.group.wilcoxon_normal_for_ties_and_zeros"},
                                        {"params", {{"group", "control"}, {"score", "edtech"}}}}));
  EXPECT_EQ(r["warnings"][0],
            "group control, edtech, Wilcoxon: the exact p-value is not available with ties and zero differences; the "
            "normal approximation was used, as in R");
  Json p = ok_result(panel_request());
  EXPECT_EQ(p["warning_msgs"][0],
            (Json{{"id", "panel.experts_left_out"}, {"params", {{"criterion", "stackability"}, {"n", 1}}}}));
}

// One panel loaded twice: each copy counted once, the same agreement. A
// rating file edited after export: a conflict, resolved by the links file's
// choice (by record_id); a choice that is not one is an error at its pointer.
TEST(Ops, PanelDuplicatesAreCountedOnceOrResolvedByTheLinksFile) {
  const Json once = ok_result(panel_request());
  Json req = panel_request();
  const Json files = req["files"];
  for (const Json& f : files)
    req["files"].push_back(Json{{"name", "copy/" + f["name"].get<std::string>()}, {"text", f["text"]}});
  const Json twice = ok_result(req);
  EXPECT_EQ(twice["criteria"], once["criteria"]);
  EXPECT_EQ(twice["counts"]["errors"], 0);
  ASSERT_FALSE(twice["problems"].empty());
  for (const Json& p : twice["problems"]) EXPECT_EQ(p["code"], "duplicate_identical") << p.dump();

  req = panel_request();
  Json edited = load("fixtures/demo/ratings/E07.json");
  bool changed = false;
  for (auto& [id, v] : edited["ratings"][0]["scores"].items()) {
    if (changed || !v.is_number()) continue;
    v = v.get<int>() == 1 ? 2 : 1;
    changed = true;
  }
  ASSERT_TRUE(changed);
  req["files"].push_back(Json{{"name", "E07-edited.json"}, {"text", edited.dump()}});
  const Json conflict = ok_result(req);
  std::string edited_id;
  for (const Json& p : conflict["problems"]) {
    if (p["code"] == "duplicate_rating") edited_id = p["record_id"];
  }
  ASSERT_FALSE(edited_id.empty()) << conflict["problems"].dump();
  // the conflict carries both ratings as the evidence to choose on
  for (const Json& p : conflict["problems"]) {
    if (p["code"] != "duplicate_rating") continue;
    ASSERT_EQ(p["records"].size(), 2u) << p.dump();
    EXPECT_EQ(p["records"][0]["record_id"], p["first_record_id"]);
    EXPECT_EQ(p["records"][0]["file"], "fixtures/demo/ratings/E07.json");
    EXPECT_EQ(p["records"][1]["record_id"], edited_id);
    EXPECT_EQ(p["records"][1]["file"], "E07-edited.json");
    EXPECT_NE(p["records"][0]["scores"], p["records"][1]["scores"]);
  }
  // import_ratings reads the same choice from the links file (the merged data set keeps what the analysis kept)
  Json import = req;
  import["op"] = "import_ratings";
  import.erase("format");
  import["include_records"] = false;
  const Json imported_conflict = ok_result(import);
  import["links"] = Json{{"format", "assess-links/1"}, { "duplicates", Json::array({Json { { "keep", edited_id } }}) }};
  const Json imported = ok_result(import);
  EXPECT_EQ(imported["counts"]["records"].get<int>(), imported_conflict["counts"]["records"].get<int>() + 1);
  for (const Json& p : imported["problems"]) EXPECT_NE(p["code"], "duplicate_rating") << p.dump();

  req["links"] = Json{{"format", "assess-links/1"}, {"duplicates", Json::array({Json{{"keep", edited_id}}})}};
  const Json resolved = ok_result(req);
  EXPECT_EQ(resolved["counts"]["errors"], 0) << resolved["problems"].dump();
  // the other ratings of the edited file are copies of E07.json's
  int not_chosen = 0;
  for (const Json& p : resolved["problems"]) {
    if (p["code"] == "duplicate_identical") continue;
    ++not_chosen;
    EXPECT_EQ(p["code"], "duplicate_not_chosen");
    EXPECT_EQ(p["file"], "fixtures/demo/ratings/E07.json");
    EXPECT_EQ(p["msg"]["params"]["choice"], "/links/duplicates/0");
  }
  EXPECT_EQ(not_chosen, 1);

  req["links"]["duplicates"] = Json::array({Json{{"keep", 3}}});
  Json bad = assess::api::call_json(req);
  EXPECT_FALSE(bad["ok"].get<bool>());
  EXPECT_EQ(bad["error"]["path"], "/links/duplicates/0");
  req["links"]["duplicates"] = Json::array({Json{{"keep", edited_id}, {"exclude", edited_id}}});
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/links/duplicates/0");
  req["links"]["duplicates"] = "all";
  EXPECT_EQ(assess::api::call_json(req)["error"]["path"], "/links/duplicates");
}

// ----------------------------------------------------------- renderings

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Rows of the Markdown table that follows `title`: cells trimmed.
std::vector<std::vector<std::string>> md_table(const std::string& md, const std::string& title) {
  std::vector<std::vector<std::string>> rows;
  auto at = md.find(title);
  if (at == std::string::npos) return rows;
  std::istringstream in(md.substr(at));
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind('|', 0) == 0) {
      inside = true;
      if (line.rfind("|---", 0) == 0) continue;
      auto cells = split(line.substr(1, line.size() - 2), '|');
      for (auto& c : cells) c = trim(c);
      rows.push_back(cells);
    } else if (inside) {
      break;
    }
  }
  return rows;
}

std::string f2(double x) {
  char b[64];
  std::snprintf(b, sizeof b, "%.2f", x);
  return b;
}
std::string p3(double p) {
  if (p < 0.001) return "< .001";
  char b[64];
  std::snprintf(b, sizeof b, "%.3f", p);
  return std::string(b).substr(b[0] == '0' ? 1 : 0);
}

TEST(Reports, MarkdownTablesShowTheJsonNumbers) {
  Json r = ok_result(demo_request("md"));
  const std::string md = r["markdown"];
  EXPECT_EQ(md.rfind("# Pre-post analysis: competency-12 v1", 0), 0u);
  auto t1 = md_table(md, "## Table 1.");
  ASSERT_EQ(t1.size(), 1 + 5 + 1);  // header, five subscales, total
  EXPECT_EQ(t1[0][0], "Scale");
  for (std::size_t k = 0; k < 6; ++k) {
    const Json& s = k < 5 ? r["subscales"][k] : r["total"];
    const auto& row = t1[k + 1];
    ASSERT_EQ(row.size(), 13u);
    EXPECT_EQ(row[0], s["id"]);
    EXPECT_EQ(row[1], std::to_string(s["n_pairs"].get<int>()));
    EXPECT_EQ(row[2], f2(s["pre"]["mean"]) + " (" + f2(s["pre"]["sd"]) + ")");
    EXPECT_EQ(row[4], f2(s["gain"]["mean"]) + " (" + f2(s["gain"]["sd"]) + ")");
    EXPECT_EQ(row[5], "t(" + std::to_string(s["df"].get<int>()) + ") = " + f2(s["t"]));
    EXPECT_EQ(row[6], p3(s["p"]));
    EXPECT_EQ(row[7], k < 5 ? p3(s["p_holm"]) : "-");
    EXPECT_EQ(row[8], f2(s["dz"]) + " [" + f2(s["dz_ci_low"]) + ", " + f2(s["dz_ci_high"]) + "]");
    EXPECT_EQ(row[12], s["primary_test"] == "wilcoxon" ? "Wilcoxon" : "t");
  }
  auto t2 = md_table(md, "## Table 2.");
  ASSERT_EQ(t2.size(), 1 + 6u);
  const Json& a = r["reliability"]["post"]["total"];
  EXPECT_EQ(t2[6][0], "total");
  EXPECT_EQ(t2[6][6],
            f2(a["alpha"]).substr(1) + " [" + f2(a["ci_low"]).substr(1) + ", " + f2(a["ci_high"]).substr(1) + "]");
  // Omega beside alpha (the total's from the factor model), Spearman-Brown
  // for a two-item subscale (adapt), marked.
  EXPECT_EQ(t2[6][7], f2(a["omega"]).substr(1));
  const Json& adapt = r["reliability"]["pre"]["adapt"];
  EXPECT_EQ(t2[2][0], "adapt");
  EXPECT_EQ(t2[2][4], f2(adapt["spearman_brown"]).substr(1) + " (S-B)");
  // The demo's waves are below n >= 200: one sentence each, no CFA tables.
  EXPECT_NE(md.find("The confirmatory factor analysis of the subscales was not fitted at pre-test: " +
                    std::to_string(r["factor_model"]["pre"]["n"].get<int>()) +
                    " complete responses for 12 items, fewer than the 200 it requires"),
            std::string::npos);
  EXPECT_EQ(md.find("Confirmatory factor analysis of the subscales\n"), std::string::npos);
  EXPECT_EQ(md_table(md, "## Table 3.").size(), 1 + 5 * 6u);
  EXPECT_EQ(md_table(md, "## Table 4.").size(), 1 + 2 * 6u);
  auto t5 = md_table(md, "## Table 5.");
  ASSERT_EQ(t5.size(), 1 + 6u);
  const Json& c = r["groups"]["comparison"]["subscales"][0];
  EXPECT_EQ(t5[1][9], f2(c["d"]) + " [" + f2(c["d_ci_low"]) + ", " + f2(c["d_ci_high"]) + "]");
  EXPECT_NE(md.find("## Linking"), std::string::npos);
  EXPECT_NE(md.find(r["linking"]["unmatched_pre"][0]["code"].get<std::string>()), std::string::npos);
}

TEST(Reports, CsvTablesCarryTheJsonNumbersAtFullPrecision) {
  Json r = ok_result(demo_request("csv"));
  ASSERT_TRUE(r["csv"].is_object());
  std::vector<std::string> names;
  for (auto it = r["csv"].begin(); it != r["csv"].end(); ++it) names.push_back(it.key());
  EXPECT_EQ(names, (std::vector<std::string>{"prepost", "reliability", "factor_model", "factor_loadings",
                                             "factor_correlations", "programmes", "groups", "group_comparison",
                                             "group_baseline", "group_post", "group_ancova", "group_mixed", "attrition",
                                             "linking", "problems"}));
  // Reliability with omega and Spearman-Brown; the factor model (the demo's
  // waves are below the rule: not fitted, no loadings or correlations).
  auto rel = split(r["csv"]["reliability"].get<std::string>(), '\n');
  EXPECT_EQ(rel[0], "wave,scale,k,n,alpha,ci_low,ci_high,omega,spearman_brown");
  const Json& adapt = r["reliability"]["pre"]["adapt"];
  EXPECT_EQ(rel[2], "pre,adapt,2," + adapt["n"].dump() + "," + adapt["alpha"].dump() + "," + adapt["ci_low"].dump() +
                        "," + adapt["ci_high"].dump() + ",," + adapt["spearman_brown"].dump());
  auto fm = split(r["csv"]["factor_model"].get<std::string>(), '\n');
  ASSERT_EQ(fm.size(), 1 + 2 + 1u);
  EXPECT_EQ(fm[1], "pre,false,sample_size,116,12,200,,,,,,,,,,,");
  EXPECT_EQ(r["csv"]["factor_loadings"], "wave,factor,item,std_loading\n");
  // The new tables carry the JSON's numbers at full precision too.
  auto ancova = split(r["csv"]["group_ancova"].get<std::string>(), '\n');
  ASSERT_EQ(ancova.size(), 1 + 6 + 1u);
  EXPECT_EQ(split(ancova[1], ',')[4], r["groups"]["ancova"]["subscales"][0]["F"].dump());
  auto mixed = split(r["csv"]["group_mixed"].get<std::string>(), '\n');
  ASSERT_EQ(mixed.size(), 1 + 3 * 6 + 1u);  // between, within, interaction per score
  EXPECT_EQ(split(mixed[3], ',')[5], r["groups"]["mixed"]["subscales"][0]["interaction"]["F"].dump());
  auto lines = split(r["csv"]["prepost"].get<std::string>(), '\n');
  ASSERT_EQ(lines.size(), 1 + 6 + 1u);  // header, 5 + total, final newline
  auto header = split(lines[0], ',');
  EXPECT_EQ(header[0], "set");
  for (std::size_t k = 0; k < 6; ++k) {
    auto cells = split(lines[k + 1], ',');
    ASSERT_EQ(cells.size(), header.size());
    const Json& s = k < 5 ? r["subscales"][k] : r["total"];
    auto num = [&](const char* col) {
      auto i = std::find(header.begin(), header.end(), col) - header.begin();
      return cells[i].empty() ? Json(nullptr) : Json::parse(cells[i]);
    };
    EXPECT_EQ(num("t"), s["t"]);
    EXPECT_EQ(num("p"), s["p"]);
    EXPECT_EQ(num("dz_ci_low"), s["dz_ci_low"]);
    EXPECT_EQ(num("gain_sd"), s["gain"]["sd"]);
    EXPECT_EQ(num("wilcoxon_V"), s["wilcoxon"]["V"]);
    EXPECT_EQ(num("p_holm"), k < 5 ? s["p_holm"] : Json(nullptr));
    EXPECT_EQ(num("pre_ci_low"), s["pre"]["ci_low"]);
    EXPECT_EQ(num("post_ci_high"), s["post"]["ci_high"]);
  }
  EXPECT_EQ(split(r["csv"]["programmes"].get<std::string>(), '\n').size(), 1 + 5 * 6 + 1u);
  EXPECT_EQ(assess::analysis::csv_cell(Json("a,\"b\"")), "\"a,\"\"b\"\"\"");
  EXPECT_EQ(assess::analysis::csv_cell(Json(nullptr)), "");
}

TEST(Reports, PanelMarkdownAndCsv) {
  Json r = ok_result(panel_request("all"));
  ASSERT_TRUE(r.contains("markdown"));
  ASSERT_TRUE(r.contains("csv"));
  auto t1 = md_table(r["markdown"], "## Table 1.");
  ASSERT_EQ(t1.size(), 1 + r["criteria"].size() + 1);
  for (std::size_t c = 0; c < r["criteria"].size(); ++c) {
    const Json& k = r["criteria"][c];
    EXPECT_EQ(t1[c + 1][0], k["id"]);
    EXPECT_EQ(t1[c + 1][3], f2(k["W"]).substr(1));
    EXPECT_EQ(t1[c + 1][5], p3(k["p"]));
  }
  auto lines = split(r["csv"]["ratings"].get<std::string>(), '\n');
  EXPECT_EQ(lines.size(), 1 + (r["criteria"].size() + 1) * 5 + 1);
  auto cells = split(lines[1], ',');
  EXPECT_EQ(Json::parse(cells[3]), r["criteria"][0]["programmes"][0]["mean"]);
  EXPECT_EQ(assess::analysis::apa_p(Json(0.0004)), "< .001");
  EXPECT_EQ(assess::analysis::apa_p(Json(0.0346)), ".035");
  // A p below .001 is "p < .001", never "p = < .001" (the study report's mixed ANOVA and ANCOVA cells).
  EXPECT_EQ(assess::analysis::apa_p_is(Json(0.0004)), "p < .001");
  EXPECT_EQ(assess::analysis::apa_p_is(Json(0.0346)), "p = .035");
  EXPECT_EQ(assess::analysis::apa_bounded(Json(-0.123), 2), "-.12");
  EXPECT_EQ(assess::analysis::apa_fixed(Json(-0.001), 2), "0.00");
  EXPECT_EQ(assess::analysis::apa_fixed(Json(nullptr), 2), "-");
  EXPECT_EQ(assess::analysis::apa_df(Json(29.8712)), "29.87");
}

}  // namespace
