// The response import on the files of fixtures/import/ (good and bad), with
// the expected records and problems from the fixture generator
// (fixtures/import/make_fixtures.py) and hand computation: what only
// responses have (codes, programmes, waves, groups, the instrument). What
// every kind shares is in import_test.cpp.
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

TEST(ImportResponses, GoodFilesOfEveryShapeMerge) {
  Files f{"responses/pre_semicolon_bom_crlf.csv", "responses/post_comma_lf.csv", "responses/pre_tab_cr.csv",
          "responses/bundle.json", "responses/single.json"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(rep.errors, 0u) << all_messages(rep);
  EXPECT_EQ(rep.warnings, 0u) << all_messages(rep);
  EXPECT_EQ(rep.files, 5u);
  EXPECT_EQ(rep.rows, 12u);
  EXPECT_EQ(t->size(), 12u);
  EXPECT_EQ(t->n_items(), 12u);
  // Record 0: first data row of the semicolon file.
  EXPECT_EQ(t->code_text(0), "AI07AL-" + check_character("AI07AL", CheckKind::symbol));  // a first-round code
  EXPECT_EQ(t->programmes[t->programme[0]], "teacher-mediator");
  EXPECT_EQ(t->waves[t->wave[0]], "pre");
  EXPECT_EQ(t->langs[t->lang[0]], "kk");
  EXPECT_EQ(t->groups[t->group[0]], "experimental");
  EXPECT_EQ(t->answer(0, 0), 4);
  EXPECT_EQ(t->answer(0, 11), 5);
  EXPECT_EQ(t->source[0].row, 2u);
  // The quoted comment with a line break and doubled quotes is kept as an extra column.
  auto comment = std::find(t->extra_names.begin(), t->extra_names.end(), "comment") - t->extra_names.begin();
  ASSERT_LT(static_cast<std::size_t>(comment), t->extra_names.size());
  EXPECT_EQ(t->extra[comment][0], "Мектеп №1; Алматы");
  EXPECT_EQ(t->extra[comment][1], "Первая строка\r\nвторая строка, \"в кавычках\"");
  EXPECT_EQ(t->extra[comment][2], "Қазақ тілі: ә ғ қ ң ө ұ ү һ і");
  // The Cyrillic code with look-alikes and its hand-typed post twin normalise to one key.
  EXPECT_EQ(t->code[1], "AЙ12ЖA");
  EXPECT_EQ(t->code[5], "AЙ12ЖA");
  // Missing answers: empty cells and NA.
  EXPECT_TRUE(std::isnan(t->answer(2, 2)));
  EXPECT_TRUE(std::isnan(t->answer(7, 1)));
  // Rows of the post file start at 2 whatever the column order.
  EXPECT_EQ(t->where(4), "post_comma_lf.csv row 2");
  EXPECT_EQ(t->answer(4, 0), 5);
  EXPECT_EQ(t->answer(4, 4), 1);
  // JSON: a bundle's extra field is kept; a single file has no row word.
  auto device = std::find(t->extra_names.begin(), t->extra_names.end(), "device") - t->extra_names.begin();
  ASSERT_LT(static_cast<std::size_t>(device), t->extra_names.size());
  EXPECT_EQ(t->extra[device][9], "mobile");
  EXPECT_EQ(t->where(9), "bundle.json response 1");
  EXPECT_EQ(t->where(11), "single.json");
  EXPECT_EQ(t->submitted[11], "2026-11-23T10:00:00Z");
  // Every good file together links: 5 exact pairs, one near match (BE30TU / BE30UT).
  LinkReport r = link(*t);
  EXPECT_EQ(r.matched(), 5u);
  ASSERT_EQ(r.near_matches.size(), 1u);
  EXPECT_EQ(t->code[r.near_matches[0].pre], "BE30TU");
  EXPECT_EQ(t->code[r.near_matches[0].post], "BE30UT");
  EXPECT_EQ(r.near_matches[0].kind, EditKind::transposition);
  LinkReport confirmed = link(*t, {{"BE30TU-" + check_character("BE30TU"), "BE30UT", ""}});
  EXPECT_EQ(confirmed.matched(), 6u);
  EXPECT_TRUE(confirmed.unmatched_pre.empty());
}

TEST(ImportResponses, WithoutAStudyProgrammesAreFreeAndWavesArePrePost) {
  Files f{"responses/pre_semicolon_bom_crlf.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), nullptr, f.inputs, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(rep.errors, 0u) << all_messages(rep);
  EXPECT_EQ(t->programmes,
            (std::vector<std::string>{"teacher-mediator", "teacher-facilitator", "andragogue-educator"}));
  EXPECT_EQ(t->waves, (std::vector<std::string>{"pre", "post"}));
}

TEST(ImportResponses, UnknownItemColumnsAreFileErrors) {
  Files f{"bad/unknown_item.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  auto unknown = of_code(rep, "unknown_item");
  ASSERT_EQ(unknown.size(), 2u) << all_messages(rep);
  EXPECT_EQ(unknown[0]->column, 5u);
  EXPECT_EQ(unknown[0]->field, "ET4");
  EXPECT_EQ(unknown[1]->column, 6u);  // EТ2 with a Cyrillic Т: a look-alike of ET2
  EXPECT_TRUE(contains(unknown[1]->message, "did you mean ET2")) << unknown[1]->message;
  EXPECT_EQ(t->size(), 0u);
  EXPECT_EQ(rep.files_rejected, 1u);
}

TEST(ImportResponses, FieldProblemsEachNameTheirRow) {
  Files f{"bad/fields.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  std::map<std::string, std::vector<std::size_t>> rows;
  for (const auto& p : rep.problems) rows[p.code].push_back(p.row);
  EXPECT_EQ(rows["invalid_wave"], (std::vector<std::size_t>{2, 3})) << all_messages(rep);
  EXPECT_EQ(rows["unknown_programme"], (std::vector<std::size_t>{4}));
  EXPECT_EQ(rows["unknown_group"], (std::vector<std::size_t>{5}));
  EXPECT_EQ(rows["check_mismatch"], (std::vector<std::size_t>{6}));
  EXPECT_EQ(rows["missing_value"], (std::vector<std::size_t>{7, 10}));
  EXPECT_EQ(rows["invalid_code"], (std::vector<std::size_t>{8}));
  EXPECT_EQ(rows["unknown_language"], (std::vector<std::size_t>{9}));
  auto wave = of_code(rep, "invalid_wave");
  EXPECT_TRUE(contains(wave[0]->message, "must be pre or post (written in lower case: pre)")) << wave[0]->message;
  auto prog = of_code(rep, "unknown_programme");
  EXPECT_TRUE(contains(prog[0]->message, "did you mean teacher-mediator")) << prog[0]->message;
  auto check = of_code(rep, "check_mismatch");
  EXPECT_TRUE(contains(check[0]->message, "code_check \"none\"")) << check[0]->message;
  // The messages carry their values: the pages say them in kk and ru.
  EXPECT_EQ(wave[0]->msg.id, "import.invalid_wave_case");
  EXPECT_EQ(param_text(*wave[0], "value"), "Pre");
  EXPECT_EQ(param_text(*wave[0], "waves"), "pre or post");
  EXPECT_EQ(param_text(*wave[0], "wave"), "pre");
  EXPECT_EQ(prog[0]->msg.id, "import.unknown_programme_hint");
  EXPECT_EQ(param_text(*prog[0], "like"), "teacher-mediator");
  EXPECT_EQ(check[0]->msg.id, "import.check_mismatch_hint");
  EXPECT_EQ(param_text(*check[0], "body"), "FI05EL");
  EXPECT_EQ(param_text(*check[0], "expected"), check_character("FI05EL", CheckKind::symbol));
  EXPECT_EQ(param_text(*check[0], "column"), "1");
  EXPECT_EQ(of_code(rep, "unknown_group")[0]->msg.id, "import.unknown_group");
  for (const auto& p : rep.problems) {
    EXPECT_EQ(p.message.substr(p.message.find(": ") + 2), assess::english(p.msg)) << p.msg.id;
  }
  // The unknown language is only a warning: that record is the one kept.
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(t->source[0].row, 9u);
  EXPECT_EQ(t->langs[t->lang[0]], "de");
}

TEST(ImportResponses, CodeProblemsCarryTheirValues) {
  const std::string good = check_character("CH01EK", CheckKind::symbol);  // first-round codes still verify
  const std::string wrong =
      kAlphabet[(std::find(kAlphabet.begin(), kAlphabet.end(), good) - kAlphabet.begin() + 1) % 61];
  const std::string text = "code,programme,wave,ET1\nCH01EK-" + wrong + ",p,pre,3\nCH02EK,p,pre,3\nCH☺03,p,pre,3\n";
  std::vector<InputFile> files{{"codes.csv", text}};
  ImportOptions required;
  required.code_check = CheckMode::required;
  ImportReport rep;
  auto t = import_responses(competency(), nullptr, files, rep, required);
  ASSERT_EQ(rep.problems.size(), 3u) << all_messages(rep);
  const Problem& mismatch = rep.problems[0];
  EXPECT_EQ(mismatch.code, "check_mismatch");
  EXPECT_EQ(mismatch.msg.id, "import.check_mismatch");  // no hint: the check was asked for
  EXPECT_EQ(param_text(mismatch, "text"), "CH01EK-" + wrong);
  EXPECT_EQ(param_text(mismatch, "check"), wrong);
  EXPECT_EQ(param_text(mismatch, "body"), "CH01EK");
  EXPECT_EQ(param_text(mismatch, "expected"), good);
  EXPECT_EQ(rep.problems[1].code, "check_missing");
  EXPECT_EQ(rep.problems[1].msg.id, "import.check_missing");
  EXPECT_EQ(param_text(rep.problems[1], "text"), "CH02EK");
  // Other code problems carry codes.cpp's own id.
  EXPECT_EQ(rep.problems[2].code, "invalid_code");
  EXPECT_EQ(rep.problems[2].msg.id, "code.bad_character");
  for (const auto& p : rep.problems) {
    EXPECT_EQ(p.message.substr(p.message.find(": ") + 2), assess::english(p.msg)) << p.msg.id;
  }
}

TEST(ImportResponses, DuplicateCodeAndWaveAcrossFilesNamesBothRows) {
  Files f{"bad/dup_a.csv", "bad/dup_b.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  auto dup = of_code(rep, "duplicate_record");
  ASSERT_EQ(dup.size(), 1u) << all_messages(rep);
  EXPECT_EQ(dup[0]->file, "dup_b.csv");
  EXPECT_EQ(dup[0]->row, 2u);
  EXPECT_TRUE(contains(dup[0]->message, "dup_b.csv row 2")) << dup[0]->message;
  EXPECT_TRUE(contains(dup[0]->message, "first at dup_a.csv row 2")) << dup[0]->message;
  // Both DU01PL pre records are out; DU02PL pre and post are different waves and stay.
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->code[0], "DU02PL");
  EXPECT_EQ(t->code[1], "DU02PL");
  EXPECT_EQ(rep.records_rejected, 2u);
}

TEST(ImportResponses, JsonProblems) {
  Files f{"bad/instrument_mismatch.json", "bad/json_problems.json", "bad/broken.json", "bad/not_a_response.json"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  auto mism = of_code(rep, "instrument_mismatch");
  ASSERT_EQ(mism.size(), 1u) << all_messages(rep);
  EXPECT_EQ(mism[0]->file, "instrument_mismatch.json");
  EXPECT_TRUE(contains(mism[0]->message, "competency-12 v2")) << mism[0]->message;
  std::map<std::string, std::vector<std::string>> fields;
  for (const auto& p : rep.problems) {
    if (p.file == "json_problems.json") fields[p.code].push_back(p.field);
  }
  EXPECT_EQ(fields["not_a_number"], (std::vector<std::string>{"/responses/1/answers/ET1"})) << all_messages(rep);
  EXPECT_EQ(fields["out_of_scale"], (std::vector<std::string>{"/responses/1/answers/ET2"}));
  EXPECT_EQ(fields["unknown_item"], (std::vector<std::string>{"/responses/1/answers/XX1"}));
  EXPECT_EQ(fields["missing_value"], (std::vector<std::string>{"/responses/2/instrument", "/responses/2/wave"}));
  EXPECT_EQ(fields["invalid_field"], (std::vector<std::string>{"/responses/3"}));
  auto syntax = of_code(rep, "json_syntax");
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_EQ(syntax[0]->line, 3u);
  auto wrong = of_code(rep, "wrong_format");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_TRUE(contains(wrong[0]->message, "import it with import_ratings")) << wrong[0]->message;
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(t->code[0], "JS01ON");
}

TEST(ImportResponses, StudyNamingAnotherInstrumentFails) {
  ins::Instrument other = competency();
  other.version = 2;
  ImportReport rep;
  auto t = import_responses(other, &study(), {}, rep);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().path, "/study/instrument");
}

TEST(ImportResponses, ContinuousScaleTakesFractions) {
  ins::Instrument slider = competency();
  slider.scale.integer = false;
  slider.scale.min = 0;
  slider.scale.max = 10;
  std::vector<InputFile> files{{"s.csv", "code,programme,wave,ET1,ET2\nA1,p,pre,2.5,1e1\nA2,p,pre,-0.5,\n"}};
  ImportReport rep;
  auto t = import_responses(slider, nullptr, files, rep);
  ASSERT_EQ(t->size(), 1u) << all_messages(rep);
  EXPECT_EQ(t->answer(0, 0), 2.5);
  EXPECT_EQ(t->answer(0, 1), 10);
  EXPECT_EQ(of_code(rep, "out_of_scale").size(), 1u);
}

TEST(ImportResponses, BomJsonAndFilesOfTheWrongKind) {
  std::string bom_json = "\xEF\xBB\xBF" + read("fixtures/import/responses/single.json");
  std::string ratings_csv = read("fixtures/import/ratings/panel.csv");
  std::vector<InputFile> files{
      {"bom.json", bom_json}, {"panel.csv", ratings_csv}, {"blank.csv", "\xEF\xBB\xBF \r\n\r\n"}};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), files, rep);
  ASSERT_EQ(t->size(), 1u) << all_messages(rep);
  auto wrong = of_code(rep, "wrong_format");
  ASSERT_EQ(wrong.size(), 1u) << all_messages(rep);
  EXPECT_TRUE(contains(wrong[0]->message, "import_ratings")) << wrong[0]->message;
  EXPECT_EQ(of_code(rep, "empty_file").size(), 1u);
  // and the other way round
  Files r{"responses/post_comma_lf.csv", "responses/bundle.json"};
  ImportReport rr;
  auto rt = import_ratings(panel(), &study(), r.inputs, rr);
  EXPECT_EQ(of_code(rr, "wrong_format").size(), 2u) << all_messages(rr);
  EXPECT_EQ(rt->size(), 0u);
}

}  // namespace
