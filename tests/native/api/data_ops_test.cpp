// The data ops through the API: make_code, normalise_code, import_responses,
// import_ratings and link as requests.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/file_store.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/data/text.hpp"
#include "assess/instrument/model.hpp"
#include "data/data_support.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::data;
namespace ins = assess::instrument;
using namespace assess::test;

namespace {

Json ask(const Json& request) { return Json::parse(assess::api::call(request.dump())); }

TEST(DataOps, MakeAndNormaliseCode) {
  Json r = ask({{"op", "make_code"}, {"parts", {"ai", "07", "al"}}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["code"], "AI07AL-" + check_character("AI07AL"));
  Json s = ask({{"op", "make_code"},
                {"study", load("rubrics/study.microcredentials.v1.json")},
                {"answers", {{"mother", "Айгүл"}, {"birthday", "7"}, {"birthplace", "Алматы"}}}});
  ASSERT_EQ(s["ok"], true) << s.dump();
  EXPECT_EQ(s["result"]["body"], "AЙ07AЛ");
  Json n = ask({{"op", "normalise_code"}, {"code", "ai 07 al"}});
  ASSERT_EQ(n["ok"], true) << n.dump();
  EXPECT_EQ(n["result"]["check"], nullptr);
  EXPECT_EQ(n["result"]["expected_check"], check_character("AI07AL"));
  Json bad =
      ask({{"op", "normalise_code"}, {"code", "AI07AL-" + std::string(check_character("AI07AL") == "0" ? "1" : "0")}});
  EXPECT_EQ(bad["ok"], false);
  EXPECT_EQ(bad["error"]["code"], "invalid_input");
  Json e = ask({{"op", "make_code"}, {"parts", {"ai", 7}}});
  EXPECT_EQ(e["error"]["path"], "/parts/1");
}

TEST(DataOps, ImportAndLinkFixtureFiles) {
  Json files = Json::array();
  for (const char* p : {"responses/pre_semicolon_bom_crlf.csv", "responses/post_comma_lf.csv"}) {
    files.push_back({{"name", fs::path(p).filename().string()}, {"text", read(std::string("fixtures/import/") + p)}});
  }
  Json req = {{"op", "import_responses"},
              {"instrument", load("rubrics/competency-12.v1.json")},
              {"study", load("rubrics/study.microcredentials.v1.json")},
              {"files", files}};
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump().substr(0, 500);
  EXPECT_EQ(r["result"]["counts"]["records"], 8);
  EXPECT_EQ(r["result"]["records"].size(), 8u);
  EXPECT_EQ(r["result"]["records"][0]["answers"]["ET1"], 4);
  EXPECT_EQ(r["result"]["records"][2]["answers"]["ET3"], nullptr);
  req["op"] = "link";
  req["links"] = Json::array({{{"pre", "BE30TU"}, {"post", "BE30UT"}}});
  Json l = ask(req);
  ASSERT_EQ(l["ok"], true) << l.dump().substr(0, 500);
  EXPECT_EQ(l["result"]["matched"], 4);
  EXPECT_EQ(l["result"]["matched_by_override"], 1);
  EXPECT_EQ(l["result"]["unmatched_pre"].size(), 0u);
  EXPECT_EQ(l["result"]["near_matches"].size(), 0u);
  req["links"] = Json::array({{{"pre", "XX"}, {"post", "BE30UT"}}});
  Json l2 = ask(req);
  ASSERT_EQ(l2["ok"], true);
  EXPECT_EQ(l2["result"]["matched"], 3);
  EXPECT_EQ(l2["result"]["near_matches"].size(), 1u);
  EXPECT_EQ(l2["result"]["near_matches"][0]["edit"], "transposition");
  ASSERT_EQ(l2["result"]["problems"].size(), 1u);
  EXPECT_EQ(l2["result"]["problems"][0]["code"], "override_unknown_code");
}

TEST(DataOps, LinksDocumentWithNotes) {
  Json req = {
      {"op", "link"},
      {"records",
       {{{"code", "AB12"}, {"wave", "pre"}, {"programme", "p"}},
        {{"code", "AB13"}, {"wave", "post"}, {"programme", "p"}}}},
      {"links",
       {{"format", "assess-links/1"}, {"links", {{{"pre", "AB12"}, {"post", "AB13"}, {"note", "same student"}}}}}}};
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["matched_by_override"], 1);
  EXPECT_EQ(r["result"]["pairs"][0]["note"], "same student");
  req["links"]["links"][0]["why"] = "x";
  EXPECT_EQ(ask(req)["error"]["path"], "/links/links/0/why");  // inside the links file
}

TEST(DataOps, DemoStudyImportsAndLinksCleanly) {
  Json files = Json::array();
  files.push_back({{"name", "responses.csv"}, {"text", read("fixtures/demo/responses.csv")}});
  for (const auto& e : fs::directory_iterator(source_path("fixtures/demo/responses"))) {
    files.push_back({{"name", e.path().filename().string()}, {"text", assess::test::read_file(e.path().string())}});
  }
  Json r = ask({{"op", "link"},
                {"instrument", load("rubrics/competency-12.v1.json")},
                {"study", load("rubrics/study.microcredentials.v1.json")},
                {"files", files},
                {"links", load("fixtures/demo/links.json")},
                {"include_pairs", false}});
  ASSERT_EQ(r["ok"], true) << r.dump().substr(0, 300);
  EXPECT_EQ(r["result"]["counts"]["errors"], 0) << r["result"]["import_problems"].dump();
  EXPECT_EQ(r["result"]["problems"].size(), 0u) << r["result"]["problems"].dump();
  EXPECT_EQ(r["result"]["matched_by_override"], 1);
  EXPECT_GE(r["result"]["matched"].get<int>(), 100);
}

TEST(DataOps, LinkRecordsGivenAsJson) {
  Json req = {{"op", "link"},
              {"records",
               {{{"code", "AB12"}, {"wave", "pre"}, {"programme", "p"}},
                {{"code", "ab 12"}, {"wave", "post"}, {"programme", "p"}},
                {{"code", "CD34"}, {"wave", "pre"}, {"programme", "p"}},
                {{"code", "CD35"}, {"wave", "post"}, {"programme", "p"}},
                {{"code", "☺"}, {"wave", "post"}, {"programme", "p"}}}}};
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["matched"], 1);
  EXPECT_EQ(r["result"]["near_matches"].size(), 1u);
  ASSERT_EQ(r["result"]["import_problems"].size(), 1u);
  const Json& p = r["result"]["import_problems"][0];
  EXPECT_EQ(p["code"], "invalid_code");
  EXPECT_EQ(p["field"], "/records/4/code");
  EXPECT_EQ(p["msg"]["id"], "code.bad_character");
  EXPECT_EQ(p["msg"]["params"]["row"], 5);
  EXPECT_EQ(p["message"].get<std::string>().rfind("records[4].code: the code", 0), 0u) << p.dump();
}

TEST(DataOps, StoredFilesAreReadAsBytes) {
  store_file("cp.csv", read("fixtures/import/bad/cp1251.csv"));
  Json r = ask({{"op", "import_responses"},
                {"instrument", load("rubrics/competency-12.v1.json")},
                {"files", {{{"name", "cp.csv"}}}}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["problems"][0]["code"], "encoding");
  EXPECT_TRUE(drop_file("cp.csv"));
  Json gone = ask({{"op", "import_responses"},
                   {"instrument", load("rubrics/competency-12.v1.json")},
                   {"files", {{{"name", "cp.csv"}}}}});
  EXPECT_EQ(gone["error"]["path"], "/files/0/text");
}

TEST(DataOps, CodeCheckNoneReadsForeignCodes) {
  Json ins_doc = load("rubrics/competency-12.v1.json");
  Json files = {{{"name", "x.csv"}, {"text", "code,programme,wave,ET1\nS-001-A,p,pre,3\n"}}};
  Json a = ask({{"op", "import_responses"}, {"instrument", ins_doc}, {"files", files}});
  ASSERT_EQ(a["ok"], true);
  EXPECT_EQ(a["result"]["counts"]["records"], 0);  // "-A" read as a check character that does not fit
  EXPECT_EQ(a["result"]["problems"][0]["code"], "check_mismatch");
  Json b = ask({{"op", "import_responses"}, {"instrument", ins_doc}, {"files", files}, {"code_check", "none"}});
  ASSERT_EQ(b["result"]["counts"]["records"], 1);
  EXPECT_EQ(b["result"]["records"][0]["code"], "S001A");
}

TEST(DataOps, BadRequestsAreEnvelopes) {
  Json ins_doc = load("rubrics/competency-12.v1.json");
  Json r1 = ask({{"op", "import_responses"}, {"instrument", ins_doc}, {"files", "a.csv"}});
  EXPECT_EQ(r1["error"]["path"], "/files");
  Json r2 = ask({{"op", "import_responses"},
                 {"instrument", ins_doc},
                 {"files", {{{"name", "a.csv"}, {"text", ""}}, {{"name", "a.csv"}, {"text", ""}}}}});
  EXPECT_EQ(r2["error"]["path"], "/files/1/name");
  Json r3 =
      ask({{"op", "import_responses"}, {"instrument", {{"format", "assess-instrument/1"}}}, {"files", Json::array()}});
  EXPECT_EQ(r3["ok"], false);
  EXPECT_EQ(r3["error"]["path"].get<std::string>().rfind("/instrument", 0), 0u);
  Json r4 = ask({{"op", "import_ratings"}, {"rubric", ins_doc}, {"files", Json::array()}});
  EXPECT_EQ(r4["error"]["path"], "/rubric/format");
  Json r5 = ask({{"op", "link"}, {"records", Json::array()}, {"links", {{{"pre", 1}}}}});
  EXPECT_EQ(r5["error"]["path"], "/links/0/pre");
  // A deeply nested file text is a problem of the file, not a crash.
  Json r6 = ask({{"op", "import_responses"},
                 {"instrument", ins_doc},
                 {"files", {{{"name", "deep.json"}, {"text", std::string(100000, '[')}}}}});
  ASSERT_EQ(r6["ok"], true);
  EXPECT_EQ(r6["result"]["problems"][0]["code"], "json_syntax");
}

// One reader per argument kind: every study-level op takes a document as a
// JSON object or as its text, says which kind it needed with the article of
// its own template, and points into a links file where the link is.
TEST(DataOps, DocumentsFilesAndLinksReadAlike) {
  const std::string ins_text = read("rubrics/competency-12.v1.json");
  const Json files = {{{"name", "x.csv"}, {"text", "code,programme,wave,ET1\nAB12,p,pre,3\n"}}};
  Json r = ask({{"op", "import_responses"}, {"instrument", ins_text}, {"files", files}});
  ASSERT_EQ(r["ok"], true) << r.dump().substr(0, 300);
  EXPECT_EQ(r["result"]["counts"]["records"], 1);
  EXPECT_EQ(r["result"]["warning_msgs"], Json::array());
  Json bad = ask({{"op", "import_responses"}, {"instrument", "{\"format\": "}, {"files", files}});
  EXPECT_EQ(bad["error"]["code"], "parse_error");
  EXPECT_EQ(bad["error"]["path"], "/instrument");
  EXPECT_EQ(bad["error"]["msg"]["id"], "args.text_not_json");

  Json wrong = ask({{"op", "import_ratings"}, {"rubric", ins_text}, {"files", Json::array()}});
  EXPECT_EQ(wrong["error"]["path"], "/rubric/format");
  EXPECT_EQ(wrong["error"]["msg"], Json::parse(R"({"id": "document.not_a_rubric", "params": {"kind": "instrument"}})"));
  EXPECT_EQ(wrong["error"]["message"],
            "rubric is an instrument document, but a rubric (format assess-rubric/1) is required");
  for (const char* op : {"analyze_prepost", "link"}) {
    Json w = ask({{"op", op}, {"instrument", load("rubrics/expert-panel.v1.json")}, {"files", files}});
    EXPECT_EQ(w["error"]["msg"]["id"], "document.not_an_instrument") << op;
    EXPECT_EQ(w["error"]["message"],
              "instrument is a rubric document, but an instrument (format assess-instrument/1) is required")
        << op;
  }

  // The same links argument fails alike in link and analyze_prepost.
  const Json links_file = {{"format", "assess-links/1"}, {"links", {{{"pre", "AB12"}, {"post", 7}}}}};
  for (const char* op : {"link", "analyze_prepost"}) {
    Json req = {{"op", op}, {"instrument", ins_text}, {"files", files}, {"links", links_file}};
    Json e = ask(req);
    EXPECT_EQ(e["error"]["path"], "/links/links/0/post") << op;
    EXPECT_EQ(e["error"]["msg"]["id"], "args.link_code_not_string") << op;
    req["links"] = links_file["links"].dump();  // the array as text
    e = ask(req);
    EXPECT_EQ(e["error"]["path"], "/links/0/post") << op;
    req["links"] = Json{{"format", "assess-links/3"}, {"links", Json::array()}};
    EXPECT_EQ(ask(req)["error"]["msg"]["id"], "args.links_wrong_format") << op;
    req["files"] = Json{{{"name", "x.csv"}, {"text", 1}}};
    e = ask(req);
    EXPECT_EQ(e["error"]["path"], "/files/0/text") << op;
    EXPECT_EQ(e["error"]["msg"]["id"], "args.file_text_not_string") << op;
  }
}

// counts: one set across the study-level ops, each op keeping its own fields.
TEST(DataOps, CountsAreOneShapeAcrossTheStudyOps) {
  Json files = Json::array();
  files.push_back({{"name", "responses.csv"}, {"text", read("fixtures/demo/responses.csv")}});
  const Json ins_doc = load("rubrics/competency-12.v1.json");
  const Json study = load("rubrics/study.microcredentials.v1.json");
  Json ratings = Json::array();
  ratings.push_back({{"name", "ratings.csv"}, {"text", read("fixtures/demo/ratings.csv")}});
  const std::vector<Json> requests = {
      {{"op", "import_responses"}, {"instrument", ins_doc}, {"study", study}, {"files", files}},
      {{"op", "import_ratings"}, {"rubric", load("rubrics/expert-panel.v1.json")}, {"files", ratings}},
      {{"op", "link"}, {"instrument", ins_doc}, {"study", study}, {"files", files}},
      {{"op", "link"},
       {"records",
        {{{"code", "AB12"}, {"wave", "pre"}, {"programme", "p"}},
         {{"code", "☺"}, {"wave", "post"}, {"programme", "p"}}}}},
      {{"op", "analyze_prepost"}, {"instrument", ins_doc}, {"study", study}, {"files", files}},
      {{"op", "analyze_panel"},
       {"rubric", load("rubrics/expert-panel.v1.json")},
       {"study", study},
       {"files", ratings}}};
  for (const Json& req : requests) {
    Json r = ask(req);
    ASSERT_EQ(r["ok"], true) << r.dump().substr(0, 300);
    const Json& c = r["result"]["counts"];
    for (const char* key : {"files", "files_rejected", "rows", "records", "records_rejected", "errors", "warnings"}) {
      EXPECT_TRUE(c.contains(key) && c[key].is_number_unsigned()) << req["op"] << " counts." << key << ": " << c.dump();
    }
    EXPECT_TRUE(r["result"]["warning_msgs"].is_array()) << req["op"];
    if (c.contains("records_read")) {
      EXPECT_EQ(c["records_read"], c["rows"]) << req["op"];
    }
  }
  // The records given to link: one bundle, the unreadable code left out.
  const Json c = ask(requests[3])["result"]["counts"];
  EXPECT_EQ(c, (Json{{"files", 1},
                     {"files_rejected", 0},
                     {"rows", 2},
                     {"records", 1},
                     {"records_rejected", 1},
                     {"errors", 1},
                     {"warnings", 0}}));
}

}  // namespace
