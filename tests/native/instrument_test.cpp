// Instruments, rubrics and studies: the shipped files load and validate,
// malformed documents fail with the JSON pointer of the bad field, and
// scoring follows the rules (reverse keying, minimum answered items), checked
// against hand computations.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/numeric.hpp"
#include "assess/instrument/model.hpp"
#include "assess/instrument/scoring.hpp"
#include "json_compare.hpp"

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
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"edtech", {"ET1", "ET2", "ET3"}},
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
  EXPECT_DOUBLE_EQ(s.subscales[0], 4.0);        // (5 + 4 + 3) / 3
  EXPECT_DOUBLE_EQ(s.subscales[1], 4.0);        // (4 + 4) / 2
  EXPECT_DOUBLE_EQ(s.subscales[2], 2.0);        // (1 + 2 + 3) / 3
  EXPECT_DOUBLE_EQ(s.subscales[3], 5.0);
  EXPECT_DOUBLE_EQ(s.subscales[4], 3.0);
  EXPECT_DOUBLE_EQ(s.total, 42.0 / 12.0);       // 5+4+3+4+4+1+2+3+5+5+2+4 = 42
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
  EXPECT_TRUE(std::isnan(s.subscales[2]));    // digital: 1 of 3
  EXPECT_EQ(s.answered[2], 1);
  EXPECT_TRUE(std::isnan(s.subscales[3]));    // interactive: 1 of 2
  EXPECT_DOUBLE_EQ(s.subscales[1], 4.0);
  EXPECT_DOUBLE_EQ(s.subscales[4], 3.0);
  EXPECT_EQ(s.total_answered, 8);
  EXPECT_TRUE(std::isnan(s.total));           // 8 < 10
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
