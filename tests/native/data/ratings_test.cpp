// The ratings import on the files of fixtures/import/ratings/: what only
// ratings have (one expert per JSON file, objects, the rubric), and the
// four places where ratings now behave as responses always did. What every
// kind shares is in import_test.cpp.
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

TEST(ImportRatings, JsonAndCsvMerge) {
  Files f{"ratings/e01.json", "ratings/panel.csv"};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(rep.errors, 0u) << all_messages(rep);
  EXPECT_EQ(t->size(), 15u);
  EXPECT_EQ(t->experts, (std::vector<std::string>{"E01", "E02", "E03"}));
  EXPECT_EQ(t->objects.size(), 5u);
  // e01.json rating 1: scores (0 + j) % 5 + 1 = 1..5, 1.
  EXPECT_EQ(t->score(0, 0), 1);
  EXPECT_EQ(t->score(0, 5), 1);
  EXPECT_EQ(t->comment[0], "Комментарий эксперта");
  EXPECT_EQ(t->where(0), "e01.json rating 1");
  EXPECT_EQ(t->comment[5], "Жақсы; бірақ \"цифрлық\" бөлігі әлсіз");
  EXPECT_EQ(t->where(5), "panel.csv row 2");
}

TEST(ImportRatings, BadRatings) {
  Files f{"ratings/bad.csv", "ratings/unknown_criterion.csv"};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  std::map<std::string, std::vector<std::size_t>> rows;
  for (const auto& p : rep.problems) rows[p.code].push_back(p.row);
  EXPECT_EQ(rows["out_of_scale"], (std::vector<std::size_t>{2})) << all_messages(rep);
  EXPECT_EQ(rows["unknown_object"], (std::vector<std::size_t>{3}));
  EXPECT_EQ(rows["duplicate_rating"], (std::vector<std::size_t>{5}));
  EXPECT_EQ(rows["missing_value"], (std::vector<std::size_t>{6}));
  EXPECT_EQ(rows["not_a_number"], (std::vector<std::size_t>{6}));
  auto crit = of_code(rep, "unknown_criterion");
  ASSERT_EQ(crit.size(), 1u);
  EXPECT_TRUE(contains(crit[0]->message, "did you mean practical_applicability")) << crit[0]->message;
  EXPECT_EQ(t->size(), 0u);
}

// ---- where ratings were behind responses (docs/formats.md, "Changes") ----------------------

TEST(ImportRatings, AColumnWithoutANameIsAWarning) {
  std::vector<InputFile> files{
      {"r.csv", "expert,object,standards_alignment,\nE1,teacher-mediator,3,\nE2,teacher-mediator,4,x\n"}};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), files, rep);
  ASSERT_EQ(rep.problems.size(), 1u) << all_messages(rep);
  const Problem& p = rep.problems[0];
  EXPECT_EQ(p.code, "unnamed_column");
  EXPECT_EQ(p.severity, Severity::warning);
  EXPECT_EQ(p.row, 3u);
  EXPECT_EQ(p.column, 4u);
  EXPECT_EQ(p.message,
            "r.csv row 3, column 4: the column has no name in the header but holds values (the first in "
            "this row); its values are ignored");
  EXPECT_EQ(t->size(), 2u);
}

TEST(ImportRatings, ADecimalCommaGetsTheHint) {
  std::vector<InputFile> files{{"r.csv", "expert,object,standards_alignment\nE1,teacher-mediator,\"2,5\"\n"}};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), files, rep);
  ASSERT_EQ(rep.problems.size(), 1u) << all_messages(rep);
  const Problem& p = rep.problems[0];
  EXPECT_EQ(p.code, "not_a_number");
  EXPECT_EQ(p.message,
            "r.csv row 2, column 3 (standards_alignment): \"2,5\" is not a number; the rating scale of expert-panel v1 "
            "takes whole numbers from 1 to 5, or an empty cell for no score (write decimals with a point)");
  EXPECT_EQ(p.msg.id, "import.not_a_number_decimal_comma");
  EXPECT_EQ(param_text(p, "what"), "score");
  EXPECT_EQ(param_text(p, "scale"), "rating_scale");
  EXPECT_EQ(t->size(), 0u);
}

TEST(ImportRatings, WithoutTextColumnsNoTimestampsNorExtraValues) {
  const std::string json = R"({"format": "assess-ratings/1", "rubric": {"id": "expert-panel", "version": 1},
    "expert": "E1", "submitted": "yesterday",
    "ratings": [{"object": "teacher-mediator", "scores": {"stackability": 4}, "comment": "kept", "device": "tablet"}]})";
  std::vector<InputFile> files{{"e1.json", json},
                               {"r.csv", "expert,object,stackability,room\nE2,teacher-mediator,3,A1\n"}};
  ImportOptions opt;
  opt.keep_text_columns = false;
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), files, rep, opt);
  ASSERT_EQ(t->size(), 2u) << all_messages(rep);
  EXPECT_TRUE(t->submitted.empty());
  EXPECT_EQ(t->extra_names, (std::vector<std::string>{"device", "room"}));
  EXPECT_EQ(t->extra[0], (std::vector<std::string>{"", ""}));
  EXPECT_EQ(t->extra[1], (std::vector<std::string>{"", ""}));
  EXPECT_EQ(t->comment[0], "kept");  // a rating's comment is a field of the rating, not free text around it
  // The timestamp is still checked, and the records still write.
  EXPECT_EQ(of_code(rep, "invalid_timestamp").size(), 1u);
  Json records = ratings_json(*t);
  EXPECT_TRUE(records[0]["submitted"].is_null());
  // Kept by default.
  ImportReport kept;
  auto k = import_ratings(panel(), &study(), files, kept);
  ASSERT_EQ(k->submitted.size(), 2u);
  EXPECT_EQ(k->submitted[0], "yesterday");
  EXPECT_EQ(k->extra[0][0], "tablet");
  EXPECT_EQ(k->extra[1][1], "A1");
}

TEST(ImportRatings, TheCriteriaOfAHeaderWithoutThemAreListedAsTheItemsAre) {
  ins::Rubric big = panel();
  const auto first = big.criteria[0];
  big.criteria.clear();
  for (int i = 0; i < 45; ++i) {
    auto c = first;
    c.id = "c" + std::to_string(100 + i);
    big.criteria.push_back(c);
  }
  std::vector<InputFile> files{{"r.csv", "expert,object,note\nE1,p,x\n"}};
  ImportReport rep;
  auto t = import_ratings(big, nullptr, files, rep);
  auto miss = of_code(rep, "missing_column");
  ASSERT_EQ(miss.size(), 1u) << all_messages(rep);
  // 40 names, then "...", as for the items of an instrument.
  EXPECT_TRUE(contains(miss[0]->message, "c138, c139, ...); the file was not imported")) << miss[0]->message;
  EXPECT_FALSE(contains(miss[0]->message, "c140")) << miss[0]->message;
}

// ---- messages ---------------------------------------------------------------------------------

TEST(ImportRatings, FileProblemsOfAJsonFileCarryTheirValues) {
  const std::string other = R"({"format": "assess-ratings/1", "rubric": {"id": "expert-panel", "version": 2},
    "expert": "E1", "ratings": []})";
  const std::string no_expert = R"({"format": "assess-ratings/1", "rubric": {"id": "expert-panel", "version": 1},
    "ratings": []})";
  std::vector<InputFile> files{{"v2.json", other}, {"anon.json", no_expert}};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), files, rep);
  ASSERT_EQ(rep.problems.size(), 2u) << all_messages(rep);
  const Problem& v2 = rep.problems[0];
  EXPECT_EQ(v2.code, "rubric_mismatch");
  EXPECT_EQ(v2.msg.id, "import.rubric_mismatch");
  EXPECT_EQ(param_number(v2, "used_version"), 2);
  EXPECT_EQ(param_text(v2, "doc"), "expert-panel");
  EXPECT_EQ(v2.message,
            "v2.json (/rubric): the ratings were made with the rubric expert-panel v2, but this import "
            "reads expert-panel v1");
  EXPECT_EQ(rep.problems[1].msg.id, "import.expert_needed");
  EXPECT_EQ(param_text(rep.problems[1], "field"), "/expert");
  EXPECT_EQ(rep.files_rejected, 2u);
}

// One rating loaded twice, the second copy's comment decomposed (NFD: Й as
// И + U+0306, ё as е + U+0308, é as e + U+0301, ә and the other Kazakh
// letters have no decomposition), and with \r\n: the same submission,
// counted once with duplicate_identical, not a conflict. The kept record's
// comment is as its file wrote it.
TEST(ImportRatings, ACommentInAnotherUnicodeFormIsTheSameSubmission) {
  const std::string composed = "Жақсы: Йошкар-Ола, ёлка, café\nекінші жол";
  const std::string decomposed = "Жақсы: \xD0\x98\xCC\x86ошкар-Ола, \xD0\xB5\xCC\x88лка, cafe\xCC\x81\r\nекінші жол";
  ASSERT_NE(composed, decomposed);
  const auto file = [](const std::string& comment) {
    Json doc = {{"format", "assess-ratings/1"},
                {"rubric", {{"id", "expert-panel"}, {"version", 1}}},
                {"expert", "E01"},
                {"ratings", Json::array({{{"object", "teacher-mediator"},
                                          {"scores", {{"stackability", 4}, {"practical_applicability", 5}}},
                                          {"comment", comment}}})}};
    return doc.dump();
  };
  for (const bool nfd_first : {false, true}) {
    const std::string first = nfd_first ? decomposed : composed, second = nfd_first ? composed : decomposed;
    const std::string a = file(first), b = file(second);  // InputFile views the text
    std::vector<InputFile> files{{"a.json", a}, {"b.json", b}};
    ImportReport rep;
    auto t = import_ratings(panel(), &study(), files, rep);
    ASSERT_TRUE(t.ok());
    EXPECT_TRUE(of_code(rep, "duplicate_rating").empty()) << all_messages(rep);
    auto copies = of_code(rep, "duplicate_identical");
    ASSERT_EQ(copies.size(), 1u) << all_messages(rep);
    EXPECT_EQ(copies[0]->file, "b.json");
    EXPECT_EQ(copies[0]->record_id, copies[0]->first_record_id);
    ASSERT_EQ(t->size(), 1u);
    EXPECT_EQ(rep.records_rejected, 0u);
    EXPECT_EQ(t->comment[0], first);  // shown as written
    EXPECT_EQ(identity_json(*t, 0)["comment"], "Жақсы: Йошкар-Ола, ёлка, café\nекінші жол");
  }
  // A comment that differs in a letter (not only in its encoding) stays a conflict.
  const std::string a = file(composed), b = file("Жақсы: Иошкар-Ола, ёлка, café\nекінші жол");
  std::vector<InputFile> files{{"a.json", a}, {"b.json", b}};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), files, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(of_code(rep, "duplicate_rating").size(), 1u) << all_messages(rep);
  EXPECT_TRUE(of_code(rep, "duplicate_identical").empty());
}

// Ids that are free text (an expert's name; programmes and groups without
// a study) are compared and kept in NFC: a name with a decomposed Й in one
// file and precomposed in another is one expert, one programme.
TEST(ImportRatings, AnExpertNameInAnotherUnicodeFormIsOneExpert) {
  const std::string json = R"({"format": "assess-ratings/1", "rubric": {"id": "expert-panel", "version": 1},
    "expert": "Айгерім Йұлдыз", "ratings": [{"object": "Мұғалім-медиатор", "scores": {"stackability": 4}}]})";
  const std::string csv =
      "expert,object,stackability\nАйгерім \xD0\x98\xCC\x86ұлдыз,Бағдарлама Й,3\n"
      "Айгерім Йұлдыз,Бағдарлама \xD0\x98\xCC\x86,5\n";
  std::vector<InputFile> files{{"e.json", json}, {"r.csv", csv}};
  ImportReport rep;
  auto t = import_ratings(panel(), nullptr, files, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->experts, (std::vector<std::string>{"Айгерім Йұлдыз"})) << all_messages(rep);
  EXPECT_EQ(t->objects, (std::vector<std::string>{"Мұғалім-медиатор", "Бағдарлама Й"}));
  // The second CSV row is the same expert and object as the first: a conflict, not a new pair.
  EXPECT_EQ(of_code(rep, "duplicate_rating").size(), 1u) << all_messages(rep);

  const std::string responses =
      "code,programme,wave,group,ET1\nAB01,Программа Й,pre,Группа \xD0\x98\xCC\x86,3\n"
      "CD02,Программа \xD0\x98\xCC\x86,pre,Группа Й,4\n";
  std::vector<InputFile> rf{{"a.csv", responses}};
  ImportReport rrep;
  auto r = import_responses(competency(), nullptr, rf, rrep);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->programmes, (std::vector<std::string>{"Программа Й"})) << all_messages(rrep);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(r->group[0], r->group[1]);
  EXPECT_EQ(r->groups[r->group[0]], "Группа Й");
}

TEST(ImportRatings, StudyNamingAnotherRubricFailsWithAMessage) {
  ins::Rubric other = panel();
  other.version = 3;
  ImportReport rep;
  auto t = import_ratings(other, &study(), {}, rep);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().path, "/study/rubric");
  EXPECT_EQ(t.error().msg.id, "import.study_rubric");
  EXPECT_EQ(t.error().message,
            "the study microcredentials names the rubric expert-panel v1, but the rubric given is "
            "expert-panel v3");
}

TEST(ImportRatings, TooManyExpertsIsAnErrorWithAMessage) {
  std::string text = "expert,object,stackability\n";
  for (int i = 0; i <= 10000; ++i) text += "E" + std::to_string(i) + ",p,3\n";
  std::vector<InputFile> files{{"r.csv", text}};
  ImportReport rep;
  auto t = import_ratings(panel(), nullptr, files, rep);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, assess::ErrorCode::out_of_range);
  EXPECT_EQ(t.error().msg.id, "import.too_many_experts");
  EXPECT_EQ(t.error().message, "the ratings name 10001 experts, but a panel may have at most 10000");
}

}  // namespace
