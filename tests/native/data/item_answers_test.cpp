// The response import of every item type and of the /2 response forms
// (docs/formats.md "Item types", "Responses assess-response/2"): choice by
// id or label, multi by 0/1 columns, a|b or a JSON list, numbers on their
// range, text kept in NFC; employers' records, programmes of a group
// without one, reserved fields, compatible versions, the routing of a
// study's records to its instruments (import_study_responses); each bad
// value a problem with its place and message id; scores of such instruments.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/data/answers.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"
#include "assess/instrument/scoring.hpp"

using assess::Json;
using namespace assess::data;
namespace ins = assess::instrument;

namespace {

Json text2(const char* kk, const char* en) { return Json{{"kk", kk}, {"en", en}}; }

// Likert S1, S2 (reversed); choice hire (yes/no, kk labels Иә/Жоқ); multi
// roles (mentor, tutor); number GPA 0..4 scored; number years 0..60 whole;
// text change (at most 10 characters).
Json mixed_doc(int version = 1) {
  Json items = Json::array();
  items.push_back(Json{{"id", "S1"}, {"subscale", "sat"}, {"text", text2("a", "a")}});
  items.push_back(Json{{"id", "S2"}, {"subscale", "sat"}, {"reverse", true}, {"text", text2("b", "b")}});
  items.push_back(Json{{"id", "hire"},
                       {"type", "choice"},
                       {"text", text2("c", "c")},
                       {"options",
                        {Json{{"id", "yes"}, {"label", text2("Иә", "Yes")}, {"positive", true}},
                         Json{{"id", "no"}, {"label", text2("Жоқ", "No")}}}}});
  items.push_back(Json{{"id", "roles"},
                       {"type", "multi"},
                       {"text", text2("d", "d")},
                       {"options",
                        {Json{{"id", "mentor"}, {"label", text2("Тәлімгер", "Mentor")}},
                         Json{{"id", "tutor"}, {"label", text2("Тьютор", "Tutor")}}}}});
  items.push_back(
      Json{{"id", "GPA"}, {"type", "number"}, {"text", text2("e", "e")}, {"min", 0}, {"max", 4}, {"score", true}});
  items.push_back(
      Json{{"id", "years"}, {"type", "number"}, {"text", text2("f", "f")}, {"min", 0}, {"max", 60}, {"integer", true}});
  items.push_back(Json{{"id", "change"}, {"type", "text"}, {"text", text2("g", "g")}, {"max_length", 10}});
  Json doc{{"format", "assess-instrument/1"},
           {"id", "mixed"},
           {"version", version},
           {"title", text2("m", "m")},
           {"languages", {"kk", "en"}},
           {"response_scale", {{"min", 1}, {"max", 5}}},
           {"subscales", {Json{{"id", "sat"}, {"title", text2("s", "s")}}}},
           {"items", items}};
  if (version > 1) doc["compatible_with"] = Json::array({1});
  return doc;
}

ins::Instrument parse(const Json& doc) {
  auto r = ins::parse_instrument(doc);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().path + ": " + r.error().message);
  return r.value();
}

const ins::Instrument& mixed() {
  static const ins::Instrument ins = parse(mixed_doc());
  return ins;
}

// employer-feedback: Likert EF1, EF2 (total), choice hire.
const ins::Instrument& feedback() {
  static const ins::Instrument ins =
      parse(Json{{"format", "assess-instrument/1"},
                 {"id", "feedback"},
                 {"version", 1},
                 {"title", text2("f", "f")},
                 {"languages", {"kk", "en"}},
                 {"response_scale", {{"min", 1}, {"max", 5}}},
                 {"items",
                  {Json{{"id", "EF1"}, {"text", text2("a", "a")}}, Json{{"id", "EF2"}, {"text", text2("b", "b")}},
                   Json{{"id", "hire"},
                        {"type", "choice"},
                        {"text", text2("c", "c")},
                        {"options",
                         {Json{{"id", "yes"}, {"label", text2("Иә", "Yes")}},
                          Json{{"id", "no"}, {"label", text2("Жоқ", "No")}}}}}}},
                 {"total", Json::object()}});
  return ins;
}

// A study /2 built in C++: mixed (students, pre and post), feedback
// (employers, post); programmes p1, p2; groups exp (focal) and control
// (reference, without programme).
ins::Study study2(bool second_students_instrument = false) {
  ins::Study s;
  s.format = 2;
  s.id = "stack";
  s.version = 1;
  s.languages = {"kk", "en"};
  s.programmes = {ins::Entity{"p1", {}, {}}, ins::Entity{"p2", {}, {}}};
  s.waves = {ins::Entity{"pre", {}, {}}, ins::Entity{"post", {}, {}}};
  ins::Group exp;
  exp.id = "exp";
  exp.role = ins::GroupRole::focal;
  ins::Group control;
  control.id = "control";
  control.role = ins::GroupRole::reference;
  control.without_programme = true;
  s.groups = {exp, control};
  ins::StudyInstrument m;
  m.ref = {"mixed", 1};
  m.waves = {"pre", "post"};
  ins::StudyInstrument f;
  f.ref = {"feedback", 1};
  f.waves = {"post"};
  f.respondents = ins::Respondents::employers;
  s.instruments = {m, f};
  if (second_students_instrument) {
    ins::StudyInstrument other;
    other.ref = {"other", 1};
    other.waves = {"post"};
    s.instruments.push_back(other);
  }
  s.instrument = ins::DocRef{"mixed", 1};
  return s;
}

std::string messages(const ImportReport& r) {
  std::string s;
  for (const auto& p : r.problems) s += p.message + " [" + p.msg.id + "]\n";
  return s;
}

// The problems as "row:column:code:msg id".
std::vector<std::string> places(const ImportReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) {
    out.push_back(std::to_string(p.row) + ":" + std::to_string(p.column) + ":" + p.code + ":" + p.msg.id);
  }
  return out;
}

}  // namespace

TEST(ItemAnswers, CsvReadsEveryTypeByIdOrLabel) {
  const std::string csv =
      "code,programme,wave,S1,S2,hire,roles_mentor,roles_tutor,GPA,years,change\n"
      "AB01CD,p,pre,4,2,yes,1,0,3.5,12,\"Ещё\nбольше\"\n"
      "EF02GH,p,pre,5,,ИӘ,0,0,,,\n"         // a kk label in other case; multi answered with none chosen
      "IJ03KL,p,pre,3,3,  No ,,,4,0,  \n";  // an en label with spaces; multi unanswered; blank text
  ImportReport rep;
  auto t = import_responses(mixed(), nullptr, {{"m.csv", csv}}, rep);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(rep.errors, 0u) << messages(rep);
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ(t->answer(0, 2), 0.0);  // yes
  EXPECT_EQ(t->answer(1, 2), 0.0);
  EXPECT_EQ(t->answer(2, 2), 1.0);  // no
  EXPECT_EQ(t->answer(0, 3), 1.0);  // mentor = 2^0
  EXPECT_EQ(t->answer(1, 3), 0.0);
  EXPECT_TRUE(std::isnan(t->answer(2, 3)));
  EXPECT_EQ(t->answer(0, 4), 3.5);
  EXPECT_EQ(t->answer(0, 5), 12.0);
  EXPECT_EQ(t->answer(0, 6), 1.0);
  EXPECT_TRUE(std::isnan(t->answer(2, 6)));
  ASSERT_EQ(t->texts.size(), 7u);
  EXPECT_TRUE(t->texts[0].empty());
  ASSERT_EQ(t->texts[6].size(), 3u);
  EXPECT_EQ(t->texts[6][0], "Ещё\nбольше");
  EXPECT_EQ(t->texts[6][2], "");
  const Json rec = record_json(*t, 0);
  EXPECT_EQ(rec["answers"]["hire"], "yes");
  EXPECT_EQ(rec["answers"]["roles"], Json::array({"mentor"}));
  EXPECT_EQ(rec["answers"]["GPA"], 3.5);
  EXPECT_EQ(rec["answers"]["change"], "Ещё\nбольше");
  EXPECT_EQ(record_json(*t, 2)["answers"]["roles"], nullptr);
  EXPECT_EQ(identity_json(*t, 1)["answers"]["roles"], Json::array());
  EXPECT_EQ(identity_json(*t, 1)["answers"]["change"], nullptr);
}

TEST(ItemAnswers, MultiAsOneColumnOfIdsOrLabelsAndJsonList) {
  const std::string csv = "code,programme,wave,S1,roles\nAB01CD,p,pre,4,mentor|Tutor\nEF02GH,p,pre,4, тьютор \n";
  ImportReport rep;
  auto t = import_responses(mixed(), nullptr, {{"m.csv", csv}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(rep.errors, 0u) << messages(rep);
  EXPECT_EQ(t->answer(0, 3), 3.0);
  EXPECT_EQ(t->answer(1, 3), 2.0);
  const Json json = {{"format", "assess-response/2"},
                     {"instrument", {{"id", "mixed"}, {"version", 1}}},
                     {"code", "MN04OP"},
                     {"programme", "p"},
                     {"wave", "post"},
                     {"answers", {{"roles", {"tutor", "mentor"}}, {"hire", "no"}, {"change", "Е\u0308"}}}};
  ImportReport rep2;
  auto t2 = import_responses(mixed(), nullptr, {{"r.json", json.dump()}}, rep2);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(rep2.errors, 0u) << messages(rep2);
  ASSERT_EQ(t2->size(), 1u);
  EXPECT_EQ(t2->answer(0, 3), 3.0);
  EXPECT_EQ(t2->texts[6][0], "Ё");                                                       // kept in NFC
  EXPECT_EQ(record_json(*t2, 0)["answers"]["roles"], Json::array({"mentor", "tutor"}));  // option order
}

TEST(ItemAnswers, EveryBadValueIsAProblemWithItsPlace) {
  const std::string csv =
      "code,programme,wave,S1,hire,roles_mentor,roles,GPA,years,change\n"
      "AB01CD,p,pre,4,maybe,,,,,\n"
      "EF02GH,p,pre,4,,2,,,,\n"
      "IJ03KL,p,pre,4,,,mentor|boss,,,\n"
      "MN04OP,p,pre,4,,,,4.5,,\n"
      "QR05ST,p,pre,4,,,,,2.5,\n"
      "UV06WX,p,pre,4,,,,\"3,5\",,\n"
      "YZ07AB,p,pre,4,,,,abc,,\n"
      "CD08EF,p,pre,4,,,,,,Ещё больше слов\n";
  ImportReport rep;
  auto t = import_responses(mixed(), nullptr, {{"bad.csv", csv}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 0u);
  EXPECT_EQ(places(rep), (std::vector<std::string>{
                             "2:5:unknown_option:import.unknown_option",
                             "3:6:not_binary:import.option_not_binary",
                             "4:7:unknown_option:import.unknown_option",
                             "5:8:out_of_scale:import.number_out_of_range",
                             "6:9:not_integer:import.number_not_integer",
                             "7:8:not_a_number:import.number_decimal_comma",
                             "8:8:not_a_number:import.number_not_a_number",
                             "9:10:text_too_long:import.text_too_long",
                         }))
      << messages(rep);
  EXPECT_EQ(
      rep.problems[0].message,
      "bad.csv row 2, column 5 (hire): \"maybe\" is not an option of hire in mixed v1: write an option's id (yes, "
      "no) or its label in a language of the instrument");
  EXPECT_EQ(rep.problems[7].message,
            "bad.csv row 9, column 10 (change): the answer to change has 15 characters, but change takes at most 10");
  EXPECT_EQ(rep.records_rejected, 8u);
}

TEST(ItemAnswers, JsonAnswersOfTheWrongTypeAreProblems) {
  Json bundle = {{"format", "assess-responses/2"}, {"instrument", {{"id", "mixed"}, {"version", 1}}}};
  auto response = [](const Json& answers) {
    return Json{{"code", "AB01CD"}, {"programme", "p"}, {"wave", "pre"}, {"answers", answers}};
  };
  bundle["responses"] =
      Json::array({response({{"hire", 1}}), response({{"roles", "mentor"}}), response({{"roles", {"mentor", 2}}}),
                   response({{"GPA", "3.5"}}), response({{"change", Json::array()}}), response({{"roles", {"boss"}}})});
  ImportReport rep;
  auto t = import_responses(mixed(), nullptr, {{"b.json", bundle.dump()}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(places(rep), (std::vector<std::string>{
                             "1:0:invalid_field:import.answer_not_option",
                             "2:0:invalid_field:import.answer_not_option_list",
                             "3:0:invalid_field:import.answer_not_option_list",
                             "4:0:invalid_field:import.answer_not_number_value",
                             "5:0:invalid_field:import.answer_not_text",
                             "6:0:unknown_option:import.unknown_option",
                         }))
      << messages(rep);
  EXPECT_EQ(rep.problems[0].field, "/responses/0/answers/hire");
}

TEST(ItemAnswers, AnAmbiguousLabelNeedsTheId) {
  Json doc = mixed_doc();
  doc["items"][2]["options"][1]["label"]["kk"] = "Yes";  // "Yes" is the en label of yes and the kk label of no
  const ins::Instrument ambiguous = parse(doc);
  ImportReport rep;
  auto t = import_responses(ambiguous, nullptr,
                            {{"a.csv", "code,programme,wave,hire\nAB01CD,p,pre,yes\nEF02GH,p,pre,YES \n"}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 2u);  // the id wins over a label
  ImportReport rep2;
  Json d2 = mixed_doc();
  d2["items"][2]["options"][1]["label"]["kk"] = "Sure";
  d2["items"][2]["options"][0]["label"]["kk"] = "Sure";  // both kk labels alike
  auto t2 = import_responses(parse(d2), nullptr, {{"a.csv", "code,programme,wave,hire\nAB01CD,p,pre,sure\n"}}, rep2);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(places(rep2), (std::vector<std::string>{"2:4:unknown_option:import.option_label_ambiguous"}));
}

TEST(ItemAnswers, LabelsFoldCaseOfLatinAndCyrillicLetters) {
  EXPECT_EQ(fold_label(" ӘҒҚҢӨҰҮҺІ Ё Жоқ "), "әғқңөұүһі ё жоқ");
  EXPECT_EQ(fold_label("Yes"), fold_label("yES"));
  EXPECT_EQ(fold_label("И\u0306"), fold_label("й"));
  EXPECT_EQ(count_code_points("Жоқ"), 3u);
}

TEST(ItemAnswers, IdentityOfTheSameSubmissionAsCsvAndJson) {
  const std::string csv =
      "code,programme,wave,S1,hire,roles_mentor,roles_tutor,change\nAB01CD,p,pre,4,Иә,1,1,\" ok\r\n\"\n";
  const Json json = {{"format", "assess-response/1"},
                     {"instrument", {{"id", "mixed"}, {"version", 1}}},
                     {"code", "AB01CD"},
                     {"programme", "p"},
                     {"wave", "pre"},
                     {"answers", {{"S1", 4}, {"hire", "yes"}, {"roles", {"tutor", "mentor"}}, {"change", "ok"}}}};
  ImportReport rep;
  auto t = import_responses(mixed(), nullptr, {{"a.csv", csv}, {"a.json", json.dump()}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 1u) << messages(rep);
  ASSERT_EQ(rep.problems.size(), 1u) << messages(rep);
  EXPECT_EQ(rep.problems[0].code, "duplicate_identical");
  EXPECT_EQ(t->texts[6][0], " ok\r\n");  // kept as written; compared trimmed
}

TEST(ItemAnswers, ScoresOfAnInstrumentWithOtherTypes) {
  const ins::Instrument& m = mixed();
  std::vector<double> row = {4, 2, 0, 3, 3.5, 12, 1};
  ins::Scorer scorer(m);
  ins::Scores s;
  ASSERT_FALSE(scorer.score(row.data(), s));
  EXPECT_EQ(s.subscales[0], 4.0);  // (4 + (6 - 2)) / 2
  EXPECT_EQ(s.total_answered, 2);
  ASSERT_EQ(s.numbers.size(), 1u);
  EXPECT_EQ(s.numbers[0], 3.5);
  row[4] = 5;
  const ins::AnswerProblem p = scorer.score(row.data(), s);
  EXPECT_EQ(p.kind, ins::AnswerProblem::Kind::outside_range);
  EXPECT_EQ(ins::describe_message(p, m).id, "score.answer_outside_range");
  row[4] = 3;
  row[5] = 1.5;
  EXPECT_EQ(scorer.score(row.data(), s).kind, ins::AnswerProblem::Kind::not_whole);
  auto table = ins::score_table(m, {4, 2, 0, 3, 3.5, 12, 1, 5, 5, 1, 0, 2, 0, 0}, 2);
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->numbers.size(), 1u);
  EXPECT_EQ(table->numbers[0], (std::vector<double>{3.5, 2}));
  EXPECT_EQ(table->subscales[0][1], 3.0);

  const Json r = Json::parse(assess::api::call(
      Json{{"op", "score"},
           {"instrument", mixed_doc()},
           {"answers", {{"S1", 4}, {"S2", 2}, {"hire", "Иә"}, {"roles", {"mentor"}}, {"GPA", 3.5}, {"change", "x"}}}}
          .dump()));
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["subscales"][0]["score"], 4.0);
  EXPECT_EQ(r["result"]["n_items"], 2);
  EXPECT_EQ(r["result"]["numbers"], Json::array({Json{{"id", "GPA"}, {"score", 3.5}}}));
  const Json bad = Json::parse(
      assess::api::call(Json{{"op", "score"}, {"instrument", mixed_doc()}, {"answers", {{"hire", "maybe"}}}}.dump()));
  ASSERT_FALSE(bad["ok"].get<bool>());
  EXPECT_EQ(bad["error"]["msg"]["id"], "score.answer_not_option");
  EXPECT_EQ(bad["error"]["path"], "/answers/hire");
  const Json range = Json::parse(
      assess::api::call(Json{{"op", "score"}, {"instrument", mixed_doc()}, {"answers", {{"GPA", 9}}}}.dump()));
  EXPECT_EQ(range["error"]["msg"]["id"], "score.answer_outside_range");
}

TEST(ItemAnswers, EmployersRecordsAreKeyedByEmployerAndGraduate) {
  const ins::Study s = study2();
  auto response = [](const char* employer, const Json& graduate, int ef1) {
    Json r = {{"format", "assess-response/2"},
              {"instrument", {{"id", "feedback"}, {"version", 1}}},
              {"respondent", "employer"},
              {"employer", employer},
              {"programme", "p1"},
              {"wave", "post"},
              {"answers", {{"EF1", ef1}, {"hire", "yes"}}}};
    if (!graduate.is_null()) r["graduate"] = graduate;
    return r;
  };
  Json bundle = {{"format", "assess-responses/2"}, {"study", {{"id", "stack"}, {"version", 1}}}};
  bundle["responses"] =
      Json::array({response("EMP01", "AB01CD", 4), response("EMP01", "EF02GH", 5), response("EMP02", nullptr, 3),
                   response("EMP01", "AB01CD", 2), response("EMP02", nullptr, 3)});
  ImportReport rep;
  auto t = import_responses(feedback(), &s, {{"emp.json", bundle.dump()}}, rep);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_TRUE(t->employers);
  EXPECT_EQ(places(rep), (std::vector<std::string>{"4:0:duplicate_record:import.duplicate_employer_record",
                                                   "5:0:duplicate_identical:import.duplicate_identical"}))
      << messages(rep);
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->employer[0], "EMP01");
  EXPECT_EQ(t->graduate[0], "EF02GH");
  EXPECT_EQ(t->code[0], "");
  EXPECT_EQ(t->graduate[1], "");
  const Json rec = record_json(*t, 0);
  EXPECT_EQ(rec["respondent"], "employer");
  EXPECT_EQ(rec["employer"], "EMP01");
  EXPECT_EQ(rec["graduate"], "EF02GH");
  EXPECT_FALSE(rec.contains("code"));
  const Json id = identity_json(*t, 0);
  EXPECT_EQ(id["respondent"], "employer");
  EXPECT_EQ(id["employer"], "EMP01");
  EXPECT_EQ(summary_json(*t)["respondents"], "employers");
}

TEST(ItemAnswers, EmployersAndStudentsFieldsAreChecked) {
  const ins::Study s = study2();
  const std::string csv =
      "respondent,employer,graduate,code,programme,wave,EF1\n"
      "employer,EMP01,AB01CD,,p1,post,4\n"
      "student,EMP02,,,p1,post,4\n"
      "employer,,,,p1,post,4\n"
      "employer,1bad,,,p1,post,4\n"
      "employer,EMP03,,AB01CD,p1,post,4\n"
      "boss,EMP04,,,p1,post,4\n";
  ImportReport rep;
  auto t = import_responses(feedback(), &s, {{"e.csv", csv}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 1u);
  EXPECT_EQ(places(rep),
            (std::vector<std::string>{
                "3:1:respondent_mismatch:import.respondent_student_for_employers",
                "4:2:missing_value:import.employer_empty", "5:2:invalid_field:import.employer_invalid",
                "6:4:unexpected_field:import.code_for_employer", "7:1:invalid_field:import.respondent_invalid"}))
      << messages(rep);
  // Students' files: employer fields are not theirs; without a study there are no employers.
  ImportReport rep2;
  auto t2 = import_responses(mixed(), &s,
                             {{"s.csv",
                               "code,programme,wave,S1,employer,graduate\nAB01CD,p1,pre,4,EMP01,\n"
                               "EF02GH,p1,pre,4,,AB01CD\n"}},
                             rep2);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(places(rep2), (std::vector<std::string>{"2:5:unexpected_field:import.field_for_student",
                                                    "3:6:unexpected_field:import.field_for_student"}));
  ImportReport rep3;
  auto t3 = import_responses(feedback(), nullptr,
                             {{"e.csv", "respondent,code,programme,wave,EF1\nemployer,AB01CD,p1,post,4\n"}}, rep3);
  ASSERT_TRUE(t3.ok());
  EXPECT_EQ(places(rep3), (std::vector<std::string>{"2:1:respondent_mismatch:import.respondent_no_study"}));
}

TEST(ItemAnswers, AGroupWithoutProgrammeNamesNone) {
  const ins::Study s = study2();
  const std::string csv =
      "code,programme,wave,group,S1\n"
      "AB01CD,,pre,control,4\n"
      "EF02GH,p1,pre,control,4\n"
      "IJ03KL,,pre,exp,4\n"
      "MN04OP,p2,pre,exp,4\n";
  ImportReport rep;
  auto t = import_responses(mixed(), &s, {{"g.csv", csv}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(places(rep), (std::vector<std::string>{"3:2:unexpected_programme:import.programme_not_expected",
                                                   "4:2:missing_value:import.programme_empty"}))
      << messages(rep);
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->programme[0], ResponseTable::kNoProgramme);
  EXPECT_EQ(record_json(*t, 0)["programme"], nullptr);
  EXPECT_EQ(identity_json(*t, 0)["programme"], nullptr);
  EXPECT_EQ(summary_json(*t)["no_programme"], 1);
  // Without the column: the record of a group with programmes says so.
  ImportReport rep2;
  auto t2 =
      import_responses(mixed(), &s, {{"g.csv", "code,wave,group,S1\nAB01CD,pre,control,4\nEF02GH,pre,exp,4\n"}}, rep2);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(places(rep2), (std::vector<std::string>{"3:0:missing_value:import.programme_missing"}));
}

TEST(ItemAnswers, ReservedFieldsOfTheSecondFormat) {
  Json r = {{"format", "assess-response/2"},
            {"instrument", {{"id", "mixed"}, {"version", 1}}},
            {"code", "AB01CD"},
            {"programme", "p"},
            {"wave", "pre"},
            {"consent", true},
            {"answers", {{"S1", 4}}}};
  ImportReport rep;
  auto t = import_responses(mixed(), nullptr, {{"r.json", r.dump()}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(places(rep), (std::vector<std::string>{"1:0:reserved_field:import.reserved_field"}));
  Json bundle = {{"format", "assess-responses/2"}, {"encryption", Json::object()}, {"responses", Json::array()}};
  ImportReport rep2;
  auto t2 = import_responses(mixed(), nullptr, {{"b.json", bundle.dump()}}, rep2);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(places(rep2), (std::vector<std::string>{"0:0:reserved_field:import.reserved_field"}));
  EXPECT_EQ(rep2.files_rejected, 1u);
  // In /1 they are extra fields, as before.
  r["format"] = "assess-response/1";
  ImportReport rep3;
  auto t3 = import_responses(mixed(), nullptr, {{"r.json", r.dump()}}, rep3);
  ASSERT_TRUE(t3.ok());
  EXPECT_EQ(rep3.problems.size(), 0u) << messages(rep3);
  EXPECT_EQ(t3->extra_names, std::vector<std::string>{"consent"});
}

TEST(ItemAnswers, CompatibleVersionsAreReadTogether) {
  // compatible_with as the model reads it (its parser is another step's).
  ins::Instrument v2 = mixed();
  v2.version = 2;
  v2.compatible_with = {1};
  const std::string csv =
      "code,programme,wave,instrument,version,S1\nAB01CD,p,pre,mixed,1,4\nEF02GH,p,pre,mixed,2,4\n"
      "IJ03KL,p,pre,mixed,3,4\n";
  ImportReport rep;
  auto t = import_responses(v2, nullptr, {{"v.csv", csv}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(places(rep), (std::vector<std::string>{"4:5:instrument_mismatch:import.record_instrument_version"}));
  EXPECT_EQ(t->size(), 2u);
  EXPECT_EQ(t->versions, (std::vector<int>{1, 2}));
  EXPECT_EQ(summary_json(*t)["versions"], Json::array({1, 2}));
  const Json json = {{"format", "assess-response/1"},
                     {"instrument", {{"id", "mixed"}, {"version", 1}}},
                     {"code", "MN04OP"},
                     {"programme", "p"},
                     {"wave", "pre"},
                     {"answers", {{"S1", 4}}}};
  ImportReport rep2;
  auto t2 = import_responses(v2, nullptr, {{"v.json", json.dump()}}, rep2);
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(rep2.errors, 0u) << messages(rep2);
  EXPECT_EQ(t2->versions, std::vector<int>{1});
  // Likert-only, one version: the summary is as it was.
  EXPECT_FALSE(summary_json(*t).contains("respondents"));
}

TEST(ItemAnswers, StudyResponsesAreRoutedByInstrument) {
  const ins::Study s = study2();
  const std::string students =
      "instrument,code,programme,wave,group,S1,hire,roles_mentor\n"
      "mixed,AB01CD,p1,pre,exp,4,yes,1\n"
      ",EF02GH,,pre,control,3,no,0\n";  // one students instrument: a row without one is its
  Json employers = {{"format", "assess-responses/2"}, {"instrument", {{"id", "feedback"}, {"version", 1}}}};
  employers["responses"] = Json::array({Json{{"respondent", "employer"},
                                             {"employer", "EMP01"},
                                             {"graduate", "AB01CD"},
                                             {"programme", "p1"},
                                             {"wave", "post"},
                                             {"answers", {{"EF1", 4}, {"hire", "yes"}}}}});
  const std::string mixed_file =
      "instrument,respondent,employer,code,programme,wave,S1,EF1\n"
      "mixed,,,IJ03KL,p2,post,5,\n"
      "feedback,employer,EMP02,,p2,post,,3\n"
      "unknown,,,MN04OP,p2,post,5,\n";
  ImportReport rep;
  auto tables = import_study_responses(
      s, {&mixed(), &feedback()}, {{"s.csv", students}, {"e.json", employers.dump()}, {"both.csv", mixed_file}}, rep);
  ASSERT_TRUE(tables.ok()) << tables.error().message;
  ASSERT_EQ(tables->size(), 2u);
  const ResponseTable& m = (*tables)[0];
  const ResponseTable& f = (*tables)[1];
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(f.size(), 2u);
  EXPECT_FALSE(m.employers);
  EXPECT_TRUE(f.employers);
  EXPECT_EQ(f.employer[1], "EMP02");
  EXPECT_EQ(m.programme[1], ResponseTable::kNoProgramme);
  EXPECT_EQ(places(rep), (std::vector<std::string>{"4:1:instrument_mismatch:import.record_instrument"}))
      << messages(rep);
  EXPECT_EQ(rep.files, 3u);
  EXPECT_EQ(rep.rows, 6u);
  EXPECT_EQ(rep.records, 5u);
  EXPECT_EQ(rep.records_rejected, 1u);
  EXPECT_EQ(rep.errors, 1u);
}

TEST(ItemAnswers, StudyRecordsWithoutInstrumentAndFileProblemsOnce) {
  const ins::Study s = study2(true);
  const ins::Instrument other = parse(Json{{"format", "assess-instrument/1"},
                                           {"id", "other"},
                                           {"version", 1},
                                           {"title", text2("o", "o")},
                                           {"languages", {"kk", "en"}},
                                           {"response_scale", {{"min", 1}, {"max", 5}}},
                                           {"items", {Json{{"id", "O1"}, {"text", text2("a", "a")}}}},
                                           {"total", Json::object()}});
  const std::string csv = "code,programme,wave,S1,O1,,\nAB01CD,p1,pre,4,3,,x\n";
  ImportReport rep;
  auto tables = import_study_responses(s, {&mixed(), &feedback(), &other}, {{"n.csv", csv}, {"empty.csv", ""}}, rep);
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(places(rep), (std::vector<std::string>{"2:0:missing_value:import.record_no_instrument",
                                                   "0:0:empty_file:import.empty_file"}))
      << messages(rep);
  EXPECT_EQ(rep.files_rejected, 1u);
  EXPECT_EQ(rep.rows, 1u);
  EXPECT_EQ(rep.records_rejected, 1u);
  // The documents must be those the study names.
  ImportReport rep2;
  auto wrong = import_study_responses(s, {&feedback(), &mixed(), &other}, {}, rep2);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().msg.id, "import.study_instrument");
}

TEST(ItemAnswers, TheOpImportsAStudysInstruments) {
  // A /1 study: its one instrument, as a list.
  const Json study1 = Json::parse(R"({"format": "assess-study/1", "id": "s", "version": 1, "title": {"en": "S"},
    "languages": ["en"], "instrument": {"id": "mixed", "version": 1},
    "programmes": [{"id": "p1", "title": {"en": "P"}}], "waves": [{"id": "pre", "title": {"en": "Pre"}}],
    "code": {"questions": [{"id": "a", "kind": "letters", "length": 2, "prompt": {"en": "a"}, "hint": {"en": "a"}},
                           {"id": "b", "kind": "letters", "length": 2, "prompt": {"en": "b"}, "hint": {"en": "b"}}]}})");
  const Json req = {
      {"op", "import_responses"},
      {"study", study1},
      {"instruments", Json::array({mixed_doc()})},
      {"files", Json::array({Json{{"name", "a.csv"}, {"text", "code,programme,wave,S1,hire\nAB01CD,p1,pre,4,no\n"}}})}};
  const Json r = Json::parse(assess::api::call(req.dump()));
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  ASSERT_EQ(r["result"]["tables"].size(), 1u);
  EXPECT_EQ(r["result"]["tables"][0]["records"][0]["answers"]["hire"], "no");
  EXPECT_EQ(r["result"]["counts"]["records"], 1);
  // A single instrument with other item types: today's result shape.
  const Json one = Json::parse(
      assess::api::call(Json{{"op", "import_responses"}, {"instrument", mixed_doc()}, {"files", req["files"]}}.dump()));
  ASSERT_TRUE(one["ok"].get<bool>()) << one.dump();
  EXPECT_EQ(one["result"]["records"][0]["answers"]["roles"], nullptr);
  const Json missing = Json::parse(assess::api::call(
      Json{{"op", "import_responses"}, {"study", study1}, {"instruments", Json::array()}, {"files", req["files"]}}
          .dump()));
  ASSERT_FALSE(missing["ok"].get<bool>());
  EXPECT_EQ(missing["error"]["msg"]["id"], "args.study_instrument_missing");
}

TEST(ItemAnswers, LinkingAppliesTheProgrammeRuleOnlyWhenBothHaveOne) {
  const ins::Study s = study2();
  const std::string csv =
      "code,programme,wave,group,S1\n"
      "AB01CD,,pre,control,4\n"
      "AB01CD,,post,control,5\n"
      "EF02GH,p1,pre,exp,4\n"
      "EF02GH,p2,post,exp,4\n";
  ImportReport rep;
  auto t = import_responses(mixed(), &s, {{"l.csv", csv}}, rep);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 4u) << messages(rep);
  const LinkReport links = link(*t, {});
  ASSERT_EQ(links.pairs.size(), 1u);
  EXPECT_EQ(t->code[links.pairs[0].pre], "AB01CD");
  ASSERT_EQ(links.problems.size(), 1u);
  EXPECT_EQ(links.problems[0].code, "programme_conflict");
  const Json j = link_json(links, *t, true, nullptr);
  EXPECT_EQ(j["pairs"][0]["programme"], nullptr);
}

TEST(ItemAnswers, AColumnThatLooksLikeAnOptionColumnIsAnError) {
  ImportReport rep;
  auto t =
      import_responses(mixed(), nullptr, {{"a.csv", "code,programme,wave,S1,roles_mentr\nAB01CD,p,pre,4,1\n"}}, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(places(rep), (std::vector<std::string>{"1:5:unknown_item:import.unknown_item_column"}));
  EXPECT_EQ(rep.problems[0].msg.param("like")->text, "roles_mentor");
  EXPECT_EQ(rep.files_rejected, 1u);
}
