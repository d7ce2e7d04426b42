// Instruments, rubrics and studies: the shipped files load and validate,
// malformed documents fail with the JSON pointer of the bad field, and
// scoring follows the rules (reverse keying, minimum answered items), checked
// against hand computations.
#include <sys/wait.h>
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/numeric.hpp"
#include "assess/instrument/model.hpp"
#include "assess/instrument/scoring.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::instrument;

namespace {

const double NA = assess::kMissing;

Json load(const std::string& rel) {
  return Json::parse(assess::test::read_file((fs::path(ASSESS_SOURCE_DIR) / rel).string()));
}

Instrument competency() {
  auto r = parse_instrument(load("rubrics/competency-12.v1.json"));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().path + ": " + r.error().message);
  return r.value();
}

// Answers in the order of the file: ET1 ET2 ET3 AD1 AD2 DL1 DL2 DL3 IM1 IM2 MF1 MF2.
Scores score12(const Instrument& ins, std::vector<double> a) {
  Scorer s(ins);
  Scores out;
  AnswerProblem p = s.score(a.data(), out);
  EXPECT_FALSE(p) << describe(p, ins);
  return out;
}

// A small instrument of another shape: a 1-7 scale, two subscales of
// different sizes, one reversed item, an item outside any subscale.
Json seven_point() {
  return Json::parse(R"({
    "format": "assess-instrument/1", "id": "wellbeing-7", "version": 3,
    "title": {"en": "Wellbeing", "de": "Wohlbefinden"},
    "languages": ["en", "de"],
    "response_scale": {"min": 1, "max": 7, "labels": {"1": {"en": "never", "de": "nie"}, "7": {"en": "always", "de": "immer"}}},
    "subscales": [
      {"id": "energy", "title": {"en": "Energy", "de": "Energie"}, "min_answered": 3},
      {"id": "calm", "title": {"en": "Calm", "de": "Ruhe"}}
    ],
    "items": [
      {"id": "E1", "subscale": "energy", "text": {"en": "e1", "de": "e1"}},
      {"id": "E2", "subscale": "energy", "text": {"en": "e2", "de": "e2"}},
      {"id": "E3", "subscale": "energy", "reverse": true, "text": {"en": "e3", "de": "e3"}},
      {"id": "E4", "subscale": "energy", "text": {"en": "e4", "de": "e4"}},
      {"id": "C1", "subscale": "calm", "text": {"en": "c1", "de": "c1"}},
      {"id": "C2", "subscale": "calm", "reverse": true, "text": {"en": "c2", "de": "c2"}},
      {"id": "X1", "text": {"en": "x1", "de": "x1"}}
    ],
    "total": {"id": "overall", "min_answered": 5}
  })");
}

}  // namespace

TEST(InstrumentFiles, CompetencyLoadsWithItsFixedStructure) {
  Instrument ins = competency();
  EXPECT_EQ(ins.id, "competency-12");
  EXPECT_EQ(ins.version, 1);
  EXPECT_EQ(ins.languages, (std::vector<std::string>{"kk", "ru", "en"}));
  EXPECT_EQ(ins.scale.min, 1);
  EXPECT_EQ(ins.scale.max, 5);
  ASSERT_EQ(ins.scale.labels.size(), 5u);
  ASSERT_EQ(ins.items.size(), 12u);
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {{"edtech", {"ET1", "ET2", "ET3"}},
                                                                                  {"adapt", {"AD1", "AD2"}},
                                                                                  {"digital", {"DL1", "DL2", "DL3"}},
                                                                                  {"interactive", {"IM1", "IM2"}},
                                                                                  {"mediation", {"MF1", "MF2"}}};
  ASSERT_EQ(ins.subscales.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const Subscale& s = ins.subscales[k];
    EXPECT_EQ(s.id, expected[k].first);
    std::vector<std::string> ids;
    for (std::size_t i : s.items) ids.push_back(ins.items[i].id);
    EXPECT_EQ(ids, expected[k].second);
    EXPECT_EQ(s.min_answered, 2) << s.id;  // 3-item subscales need 2, 2-item subscales both
  }
  for (const Item& it : ins.items) {
    EXPECT_EQ(it.reverse, it.id == "AD2") << it.id;
    for (const char* lang : {"kk", "ru", "en"}) EXPECT_FALSE(text_in(it.text, lang).empty()) << it.id << lang;
  }
  ASSERT_TRUE(ins.total.has_value());
  EXPECT_EQ(ins.total->id, "total");
  EXPECT_EQ(ins.total->min_answered, 10);
}

TEST(InstrumentFiles, KazakhTextsUseKazakhLetters) {
  // Every Kazakh item text is Cyrillic and the set as a whole uses the
  // specifically Kazakh letters (a Russian text pasted under "kk" would not).
  Instrument ins = competency();
  std::string all;
  for (const Item& it : ins.items) {
    const std::string& kk = text_in(it.text, "kk");
    EXPECT_NE(kk, text_in(it.text, "ru")) << it.id;
    EXPECT_NE(kk.find("\xD0"), std::string::npos) << it.id << " has no Cyrillic";
    all += kk;
  }
  for (const char* letter : {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "і"}) {
    EXPECT_NE(all.find(letter), std::string::npos) << "no " << letter;
  }
}

TEST(InstrumentFiles, RubricAndStudyLoadAndAgree) {
  auto rub = parse_rubric(load("rubrics/expert-panel.v1.json"));
  ASSERT_TRUE(rub.ok()) << rub.error().path << ": " << rub.error().message;
  EXPECT_GE(rub->criteria.size(), 5u);
  EXPECT_LE(rub->criteria.size(), 6u);
  EXPECT_GE(find_criterion(*rub, "practical_applicability"), 0);
  EXPECT_GE(find_criterion(*rub, "digital_integration"), 0);
  for (const Criterion& c : rub->criteria) {
    ASSERT_EQ(c.levels.size(), 5u) << c.id;
    for (int s = 1; s <= 5; ++s) {
      EXPECT_EQ(c.levels[s - 1].score, s);
      for (const char* lang : {"kk", "ru", "en"}) EXPECT_FALSE(text_in(c.levels[s - 1].descriptor, lang).empty());
    }
  }
  auto st = parse_study(load("rubrics/study.microcredentials.v1.json"));
  ASSERT_TRUE(st.ok()) << st.error().path << ": " << st.error().message;
  EXPECT_EQ(st->programmes.size(), 5u);
  EXPECT_GE(find_programme(*st, "teacher-mediator"), 0);
  EXPECT_GE(find_wave(*st, "pre"), 0);
  EXPECT_GE(find_wave(*st, "post"), 0);
  EXPECT_GE(find_group(*st, "control"), 0);
  EXPECT_GE(st->code_questions.size(), 3u);
  EXPECT_LE(st->code_questions.size(), 4u);
  Instrument ins = competency();
  EXPECT_TRUE(check_study_refs(*st, &ins, &rub.value()).empty());
}

TEST(Scoring, ReverseKeyingOnTheCompetencyScale) {
  Instrument ins = competency();
  // AD1 = 4, AD2 = 2 (reversed: 1 + 5 - 2 = 4) -> adapt = 4.
  Scores s = score12(ins, {5, 4, 3, 4, 2, 1, 2, 3, 5, 5, 2, 4});
  EXPECT_DOUBLE_EQ(s.subscales[0], 4.0);  // (5 + 4 + 3) / 3
  EXPECT_DOUBLE_EQ(s.subscales[1], 4.0);  // (4 + 4) / 2
  EXPECT_DOUBLE_EQ(s.subscales[2], 2.0);  // (1 + 2 + 3) / 3
  EXPECT_DOUBLE_EQ(s.subscales[3], 5.0);
  EXPECT_DOUBLE_EQ(s.subscales[4], 3.0);
  EXPECT_DOUBLE_EQ(s.total, 42.0 / 12.0);  // 5+4+3+4+4+1+2+3+5+5+2+4 = 42
  EXPECT_EQ(s.total_answered, 12);
  // AD2 = 5 counts as 1.
  s = score12(ins, {3, 3, 3, 1, 5, 3, 3, 3, 3, 3, 3, 3});
  EXPECT_DOUBLE_EQ(s.subscales[1], 1.0);
}

TEST(Scoring, MissingItemRule) {
  Instrument ins = competency();
  // edtech (3 items) with one missing: mean of the other two; with two missing: missing.
  Scores s = score12(ins, {5, NA, 2, 4, 2, 1, NA, NA, 5, NA, 2, 4});
  EXPECT_DOUBLE_EQ(s.subscales[0], 3.5);
  EXPECT_EQ(s.answered[0], 2);
  EXPECT_TRUE(std::isnan(s.subscales[2]));  // digital: 1 of 3
  EXPECT_EQ(s.answered[2], 1);
  EXPECT_TRUE(std::isnan(s.subscales[3]));  // interactive: 1 of 2
  EXPECT_DOUBLE_EQ(s.subscales[1], 4.0);
  EXPECT_DOUBLE_EQ(s.subscales[4], 3.0);
  EXPECT_EQ(s.total_answered, 8);
  EXPECT_TRUE(std::isnan(s.total));  // 8 < 10
  // Exactly 10 answered: the total is the mean of the 10 keyed answers.
  s = score12(ins, {5, NA, 3, 4, 1, 1, 2, 3, 5, NA, 2, 4});
  EXPECT_EQ(s.total_answered, 10);
  EXPECT_DOUBLE_EQ(s.total, (5 + 3 + 4 + 5 + 1 + 2 + 3 + 5 + 2 + 4) / 10.0);
  EXPECT_TRUE(std::isnan(s.subscales[3]));
  // 9 answered: no total.
  s = score12(ins, {5, NA, 3, 4, 1, 1, NA, 3, 5, NA, 2, 4});
  EXPECT_EQ(s.total_answered, 9);
  EXPECT_TRUE(std::isnan(s.total));
  // Nothing answered.
  s = score12(ins, std::vector<double>(12, NA));
  for (double v : s.subscales) EXPECT_TRUE(std::isnan(v));
  EXPECT_EQ(s.total_answered, 0);
}

TEST(Scoring, OtherShapeSevenPointScale) {
  auto r = parse_instrument(seven_point());
  ASSERT_TRUE(r.ok()) << r.error().path << ": " << r.error().message;
  const Instrument& ins = r.value();
  EXPECT_EQ(ins.subscales[1].min_answered, 2);  // default: all items of the subscale
  Scorer sc(ins);
  ASSERT_EQ(sc.n_items(), 7u);
  //                       E1 E2 E3 E4 C1 C2 X1
  std::vector<double> a = {7, 6, 2, NA, 3, 7, 4};
  Scores s;
  ASSERT_FALSE(sc.score(a.data(), s));
  EXPECT_DOUBLE_EQ(s.subscales[0], (7 + 6 + 6) / 3.0);  // E3: 1 + 7 - 2 = 6
  EXPECT_DOUBLE_EQ(s.subscales[1], (3 + 1) / 2.0);      // C2: 8 - 7 = 1
  EXPECT_DOUBLE_EQ(s.total, (7 + 6 + 6 + 3 + 1 + 4) / 6.0);
  a = {7, NA, 2, NA, 3, NA, 4};
  ASSERT_FALSE(sc.score(a.data(), s));
  EXPECT_TRUE(std::isnan(s.subscales[0]));  // 2 of 4, needs 3
  EXPECT_TRUE(std::isnan(s.subscales[1]));  // 1 of 2, needs both
  EXPECT_TRUE(std::isnan(s.total));         // 4 of 7, needs 5
  EXPECT_EQ(s.total_answered, 4);
  // 6 and 7 are on this scale; 8 and 0 are not.
  a = {7, 6, 1, 1, 1, 1, 8};
  AnswerProblem p = sc.score(a.data(), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p.kind, AnswerProblem::Kind::outside_scale);
  EXPECT_EQ(ins.items[p.item].id, "X1");
  EXPECT_EQ(describe(p, ins), "the answer to item X1 is 8, but the scale of wellbeing-7 runs from 1 to 7");
}

// ---------------------------------------------------------------------------
// Malformed documents: tests/schema/instrument_cases.json, shared with the
// wasm test and with the schema agreement check.

namespace {

struct DocCase {
  std::string name;
  Json doc;
  Json path;  // expected pointer of the first problem, null = valid
};

std::vector<DocCase> doc_cases() {
  std::vector<DocCase> out;
  Json spec = load("tests/schema/instrument_cases.json");
  for (const auto& c : spec.at("cases")) {
    Json doc =
        c.contains("doc") ? c.at("doc") : load("rubrics/" + c.at("base").get<std::string>()).patch(c.at("patch"));
    out.push_back({c.at("name").get<std::string>(), doc, c.at("path")});
  }
  return out;
}

}  // namespace

TEST(InstrumentValidation, EveryCaseFailsAtItsPointer) {
  auto cases = doc_cases();
  ASSERT_GE(cases.size(), 50u);
  for (const auto& c : cases) {
    std::vector<assess::Error> errors = check_document(c.doc);
    if (c.path.is_null()) {
      EXPECT_TRUE(errors.empty()) << c.name << ": " << (errors.empty() ? "" : errors[0].path + " " + errors[0].message);
      continue;
    }
    ASSERT_FALSE(errors.empty()) << c.name << ": accepted";
    EXPECT_EQ(errors[0].path, c.path.get<std::string>()) << c.name << ": " << errors[0].message;
    EXPECT_EQ(errors[0].code, assess::ErrorCode::invalid_input) << c.name;
    EXPECT_GT(errors[0].message.size(), 20u) << c.name;
    // The document's own parser reports the same first problem.
    auto kind = document_kind(c.doc);
    if (kind.ok() && *kind == DocKind::instrument) {
      auto r = parse_instrument(c.doc);
      ASSERT_FALSE(r.ok()) << c.name;
      EXPECT_EQ(r.error().path, errors[0].path) << c.name;
    }
  }
}

TEST(InstrumentValidation, MessagesNameTheProblem) {
  Json doc = load("rubrics/competency-12.v1.json");
  doc["items"][4]["subscale"] = "adaptability";
  auto r = parse_instrument(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/items/4/subscale");
  EXPECT_EQ(r.error().message,
            "item AD2 names subscale \"adaptability\" which is not defined (defined: edtech, adapt, digital, "
            "interactive, mediation)");

  doc = load("rubrics/competency-12.v1.json");
  doc["subscales"][1]["min_answered"] = 3;
  r = parse_instrument(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "subscale \"adapt\" min_answered is 3, but the subscale has only 2 items");

  doc = load("rubrics/competency-12.v1.json");
  doc["items"][3]["text"].erase("kk");
  r = parse_instrument(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/items/3/text");
  EXPECT_EQ(r.error().message, "item AD1 text has no text in \"kk\", a declared language");

  doc = load("rubrics/competency-12.v1.json");
  doc["response_scale"]["max"] = 4.5;
  r = parse_instrument(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "response_scale.max is 4.5, but it must be an integer");
}

TEST(InstrumentValidation, AllProblemsAreCollectedWithoutCascading) {
  Json doc = load("rubrics/competency-12.v1.json");
  doc["items"][0]["id"] = "ET2";           // duplicate (reported at the second ET2, items/1)
  doc["items"][5]["subscale"] = "digitl";  // undefined subscale
  doc["items"][7]["text"]["en"] = "";      // empty text
  doc["total"]["min_answered"] = 20;       // more than 12 items
  std::vector<assess::Error> errors = check_instrument(doc);
  std::vector<std::string> paths;
  for (const auto& e : errors) paths.push_back(e.path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{"/items/1/id", "/items/5/subscale", "/items/7/text/en", "/total/min_answered"}));
  // A wrongly typed container is one problem, not one per child.
  doc = load("rubrics/competency-12.v1.json");
  doc["items"] = "none";
  errors = check_instrument(doc);
  ASSERT_GE(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "/items");
}

TEST(InstrumentValidation, StudyReferencesAreChecked) {
  auto st = parse_study(load("rubrics/study.microcredentials.v1.json"));
  ASSERT_TRUE(st.ok());
  Instrument other = parse_instrument(seven_point()).value();
  auto errors = check_study_refs(*st, &other, nullptr);
  ASSERT_GE(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "/instrument");
  Instrument ins = competency();
  ins.languages = {"ru", "en"};  // as if the instrument had no Kazakh
  errors = check_study_refs(*st, &ins, nullptr);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "/languages/0");
}

TEST(InstrumentValidation, SchemaAndValidatorAgree) {
  // The JSON Schemas are checked by Python's jsonschema against the same
  // documents the engine validates (through the CLI).
  const std::string log_path =
      (fs::temp_directory_path() / ("assess_schema_check_" + std::to_string(::getpid()) + ".log")).string();
  std::string cmd = std::string("/usr/bin/python3 \"") + ASSESS_SOURCE_DIR + "/tests/schema/check_schemas.py\" \"" +
                    ASSESS_CLI + "\" > \"" + log_path + "\" 2>&1";
  int rc = std::system(cmd.c_str());
  std::string log;
  try {
    log = assess::test::read_file(log_path);
  } catch (...) {
  }
  std::remove(log_path.c_str());
  if (WIFEXITED(rc) && WEXITSTATUS(rc) == 77) GTEST_SKIP() << "Python jsonschema is not installed: " << log;
  EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << log;
}

// ---------------------------------------------------------------------------
// Scoring errors and tables.

TEST(Scoring, BadAnswersNameTheItem) {
  Instrument ins = competency();
  Scorer sc(ins);
  Scores s;
  std::vector<double> a = {5, 4, 3, 4, 2.5, 1, 2, 3, 5, 5, 2, 4};
  AnswerProblem p = sc.score(a.data(), s);
  ASSERT_TRUE(p);
  EXPECT_EQ(p.kind, AnswerProblem::Kind::not_integer);
  EXPECT_EQ(describe(p, ins),
            "the answer to item AD2 is 2.5, but the scale of competency-12 takes whole numbers from 1 to 5");
  a[4] = 0;
  p = sc.score(a.data(), s);
  EXPECT_EQ(p.kind, AnswerProblem::Kind::outside_scale);
  a[4] = 2;
  a[11] = std::numeric_limits<double>::infinity();
  p = sc.score(a.data(), s);
  EXPECT_EQ(p.kind, AnswerProblem::Kind::not_finite);
  EXPECT_EQ(ins.items[p.item].id, "MF2");

  auto r = score_answers(ins, {{"ET1", 4}, {"XX9", 3}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/XX9");
  r = score_answers(ins, {{"ET1", 4}, {"IM2", 6}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "/IM2");
}

TEST(Scoring, ContinuousScaleKeepsDigits) {
  Json doc = Json::parse(R"({"format": "assess-instrument/1", "id": "vas", "version": 1, "title": {"en": "VAS"},
    "languages": ["en"], "response_scale": {"min": 0, "max": 100, "integer": false},
    "subscales": [{"id": "s", "title": {"en": "S"}, "min_answered": 2}],
    "items": [{"id": "A", "subscale": "s", "text": {"en": "a"}}, {"id": "B", "subscale": "s", "reverse": true, "text": {"en": "b"}},
              {"id": "C", "subscale": "s", "text": {"en": "c"}}]})");
  Instrument ins = parse_instrument(doc).value();
  auto r = score_answers(ins, {{"A", 12.5}, {"B", 99.9}, {"C", 0.1}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NEAR(r->subscales[0], (12.5 + 0.1 + 0.1) / 3.0, 1e-14);  // B: 100 - 99.9
  EXPECT_TRUE(std::isnan(r->total));                              // no total defined
}

TEST(Scoring, TableMatchesRowByRow) {
  Instrument ins = competency();
  const std::vector<std::vector<double>> rows = {{5, 4, 3, 4, 2, 1, 2, 3, 5, 5, 2, 4},
                                                 {5, NA, 2, 4, 2, 1, NA, NA, 5, NA, 2, 4},
                                                 {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                                                 std::vector<double>(12, NA)};
  std::vector<double> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  auto t = score_table(ins, flat, rows.size());
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->n_rows, rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Scores s = score12(ins, rows[r]);
    for (std::size_t k = 0; k < 5; ++k) {
      if (std::isnan(s.subscales[k]))
        EXPECT_TRUE(std::isnan(t->subscales[k][r]));
      else
        EXPECT_EQ(t->subscales[k][r], s.subscales[k]);
      EXPECT_EQ(t->answered[k][r], s.answered[k]);
    }
    EXPECT_EQ(t->total_answered[r], s.total_answered);
  }
  EXPECT_DOUBLE_EQ(t->subscales[1][2], 3.0);  // AD1 = 1, AD2 = 1 -> 5: (1 + 5) / 2
  flat[2 * 12 + 9] = 9;
  auto bad = score_table(ins, flat, rows.size());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().path, "/2/IM2");
  EXPECT_FALSE(score_table(ins, flat, 5).ok());  // wrong size
}

// ---------------------------------------------------------------------------
// Through the API facade.

namespace {
Json call(const Json& request) { return Json::parse(assess::api::call(request.dump())); }
}  // namespace

TEST(InstrumentOps, ValidateSummarisesEachKind) {
  Json r = call({{"op", "validate_instrument"}, {"instrument", load("rubrics/competency-12.v1.json")}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  const Json& res = r["result"];
  EXPECT_EQ(res["kind"], "instrument");
  EXPECT_EQ(res["n_items"], 12);
  EXPECT_EQ(res["subscales"][1], Json::parse(R"({"id": "adapt", "items": ["AD1", "AD2"], "min_answered": 2})"));
  EXPECT_EQ(res["total"]["min_answered"], 10);
  EXPECT_EQ(res["languages"], Json::parse(R"(["kk", "ru", "en"])"));

  r = call({{"op", "validate_instrument"}, {"instrument", load("rubrics/expert-panel.v1.json")}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["kind"], "rubric");
  EXPECT_EQ(r["result"]["criteria"].size(), r["result"]["n_criteria"].get<std::size_t>());

  r = call({{"op", "validate_instrument"}, {"instrument", load("rubrics/study.microcredentials.v1.json")}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["kind"], "study");
  EXPECT_EQ(r["result"]["waves"], Json::parse(R"(["pre", "post"])"));
}

TEST(InstrumentOps, ValidateErrorCarriesThePointerIntoTheRequest) {
  Json doc = load("rubrics/competency-12.v1.json");
  doc["items"][3]["subscale"] = "adaptability";
  Json r = call({{"op", "validate_instrument"}, {"instrument", doc}});
  ASSERT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["error"]["code"], "invalid_input");
  EXPECT_EQ(r["error"]["path"], "/instrument/items/3/subscale");
  EXPECT_NE(r["error"]["message"].get<std::string>().find("AD1"), std::string::npos);

  // all_problems: every problem as data instead of the first as an error.
  doc["items"][7]["reverse"] = 1;
  r = call({{"op", "validate_instrument"}, {"instrument", doc}, {"all_problems", true}});
  ASSERT_TRUE(r["ok"].get<bool>());
  EXPECT_EQ(r["result"]["valid"], false);
  // The third: adapt keeps one item but still asks for two.
  ASSERT_EQ(r["result"]["problems"].size(), 3u);
  EXPECT_EQ(r["result"]["problems"][1]["path"], "/instrument/items/7/reverse");
  EXPECT_EQ(r["result"]["problems"][2]["path"], "/instrument/subscales/1/min_answered");

  r = call({{"op", "validate_instrument"}, {"instrument", {{"format", "assess-survey/1"}}}});
  EXPECT_EQ(r["error"]["path"], "/instrument/format");
  r = call({{"op", "validate_instrument"}});
  EXPECT_EQ(r["error"]["path"], "/instrument");
}

TEST(InstrumentOps, ValidateStudyWithTheDocumentsItUses) {
  Json study = load("rubrics/study.microcredentials.v1.json");
  Json uses = Json::array({load("rubrics/competency-12.v1.json"), load("rubrics/expert-panel.v1.json")});
  Json r = call({{"op", "validate_instrument"}, {"instrument", study}, {"uses", uses}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["instrument"], Json::parse(R"({"id": "competency-12", "version": 1})"));
  uses[1]["version"] = 2;
  r = call({{"op", "validate_instrument"}, {"instrument", study}, {"uses", uses}});
  ASSERT_FALSE(r["ok"].get<bool>());
  EXPECT_EQ(r["error"]["path"], "/instrument/rubric");
  uses[0]["items"][0]["id"] = "ET2";
  r = call({{"op", "validate_instrument"}, {"instrument", study}, {"uses", uses}});
  EXPECT_EQ(r["error"]["path"], "/uses/0/items/1/id");
  r = call({{"op", "validate_instrument"}, {"instrument", uses[1]}, {"uses", uses}});
  EXPECT_EQ(r["error"]["path"], "/uses");
}

TEST(InstrumentOps, ScoreOneRespondent) {
  Json req = {{"op", "score"},
              {"instrument", load("rubrics/competency-12.v1.json")},
              {"answers", Json::parse(R"({"ET1": 5, "ET2": 4, "ET3": null, "AD1": 4, "AD2": 1, "DL1": 3,
                                          "DL2": 3, "DL3": 4, "IM1": 2, "MF1": 5, "MF2": 4})")}};
  Json r = call(req);
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  const Json& res = r["result"];
  EXPECT_EQ(res["instrument"], Json::parse(R"({"id": "competency-12", "version": 1})"));
  EXPECT_EQ(res["subscales"][0],
            Json::parse(R"({"id": "edtech", "score": 4.5, "answered": 2, "n_items": 3, "min_answered": 2})"));
  EXPECT_EQ(res["subscales"][1]["score"], 4.5);  // AD2 = 1 -> 5
  EXPECT_NEAR(res["subscales"][2]["score"].get<double>(), 10.0 / 3.0, 1e-15);
  EXPECT_TRUE(res["subscales"][3]["score"].is_null());  // IM2 missing
  EXPECT_EQ(res["subscales"][3]["answered"], 1);
  EXPECT_EQ(res["subscales"][4]["score"], 4.5);
  // 10 answered: 5+4+4+5+3+3+4+2+5+4 = 39
  EXPECT_EQ(res["total"]["answered"], 10);
  EXPECT_NEAR(res["total"]["score"].get<double>(), 3.9, 1e-15);
  ASSERT_EQ(res["warnings"].size(), 1u);
  EXPECT_NE(res["warnings"][0].get<std::string>().find("interactive"), std::string::npos);
}

TEST(InstrumentOps, ScoreErrors) {
  Json ins = load("rubrics/competency-12.v1.json");
  Json r = call({{"op", "score"}, {"instrument", ins}, {"answers", {{"ET1", 6}}}});
  EXPECT_EQ(r["error"]["path"], "/answers/ET1");
  EXPECT_EQ(r["error"]["code"], "invalid_input");
  r = call({{"op", "score"}, {"instrument", ins}, {"answers", {{"ET9", 3}}}});
  EXPECT_EQ(r["error"]["path"], "/answers/ET9");
  r = call({{"op", "score"}, {"instrument", ins}, {"answers", {{"ET1", "4"}}}});
  EXPECT_EQ(r["error"]["path"], "/answers/ET1");
  r = call({{"op", "score"}, {"instrument", ins}, {"answers", Json::array({4, 4})}});
  EXPECT_EQ(r["error"]["path"], "/answers");
  r = call({{"op", "score"}, {"instrument", load("rubrics/expert-panel.v1.json")}, {"answers", Json::object()}});
  EXPECT_EQ(r["error"]["path"], "/instrument/format");
  ins["items"][0]["reverse"] = "no";
  r = call({{"op", "score"}, {"instrument", ins}, {"answers", Json::object()}});
  EXPECT_EQ(r["error"]["path"], "/instrument/items/0/reverse");
}

TEST(InstrumentFiles, FileNamesFollowIdAndVersion) {
  for (const auto& e : fs::directory_iterator(fs::path(ASSESS_SOURCE_DIR) / "rubrics")) {
    if (e.path().extension() != ".json") continue;
    Json doc = load("rubrics/" + e.path().filename().string());
    auto kind = document_kind(doc);
    ASSERT_TRUE(kind.ok()) << e.path();
    std::string expected = file_name(doc["id"].get<std::string>(), doc["version"].get<int>());
    if (*kind == DocKind::study) expected = "study." + expected;
    EXPECT_EQ(e.path().filename().string(), expected);
    EXPECT_TRUE(check_document(doc).empty()) << e.path();
  }
}

// ---------------------------------------------------------------------------
// Robustness: every node of every shipped document replaced by values of the
// wrong kind, and every member removed. The validator must answer (never
// crash) and every error must point at a node that exists in the document.

namespace {

void all_pointers(const Json& j, const std::string& at, std::vector<std::string>& out) {
  out.push_back(at);
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string key;
      for (char c : it.key()) key += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
      all_pointers(it.value(), at + "/" + key, out);
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) all_pointers(j[i], at + "/" + std::to_string(i), out);
  }
}

}  // namespace

TEST(InstrumentValidation, MutatedDocumentsGiveErrorsThatPointIntoThem) {
  const Json replacements = Json::parse(R"([null, 0, -1, 2.5, 1e300, "", "x", [], {}, true])");
  std::size_t checked = 0, rejected = 0;
  for (const char* file :
       {"competency-12.v1.json", "expert-panel.v1.json", "study.microcredentials.v1.json", "study.stackable.v1.json"}) {
    const Json base = load(std::string("rubrics/") + file);
    std::vector<std::string> pointers;
    all_pointers(base, "", pointers);
    auto verify = [&](const Json& doc, const std::string& what) {
      std::vector<assess::Error> errors = check_document(doc);
      ++checked;
      if (!errors.empty()) ++rejected;
      for (const auto& e : errors) {
        ASSERT_TRUE(e.path.empty() || doc.contains(Json::json_pointer(e.path)))
            << file << " " << what << ": error path " << e.path << " is not in the document (" << e.message << ")";
        ASSERT_FALSE(e.message.empty());
      }
    };
    for (const auto& p : pointers) {
      if (p.empty()) continue;
      for (const auto& r : replacements) {
        Json doc = base;
        doc[Json::json_pointer(p)] = r;
        verify(doc, p + " = " + r.dump());
      }
      Json doc = base;
      Json::json_pointer ptr(p);
      Json& parent = doc[ptr.parent_pointer()];
      if (parent.is_object())
        parent.erase(ptr.back());
      else
        parent.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
      verify(doc, "remove " + p);
    }
  }
  EXPECT_GT(checked, 5000u);
  EXPECT_GT(rejected, checked / 2);  // most mutations break something
}
