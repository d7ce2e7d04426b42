// The import skeleton (engine/src/data/importer.hpp) for every document
// kind: each test reads the same case of fixtures/import/shared/<kind>/
// (written by fixtures/import/make_fixtures.py with the same layout for
// every kind) and expects the same problems, on the same rows and columns,
// with the same message ids.
#include <cmath>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "assess/core/canonical_json.hpp"
#include "assess/core/message.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "data/data_support.hpp"

using namespace assess::data;
using namespace assess::test;
using assess::english;
using assess::Json;

namespace {

template <class K>
class Import : public ::testing::Test {
 protected:
  using Table = typename K::Table;
  // Imports the named cases of the kind's directory.
  Table run(std::initializer_list<std::string> names, const ImportOptions& options = {}) {
    files_.clear();
    inputs_.clear();
    for (const auto& n : names) files_.push_back(read(std::string("fixtures/import/") + K::kDir + n));
    auto it = names.begin();
    for (const auto& text : files_) inputs_.push_back(InputFile{*it++, text});
    rep = ImportReport{};
    auto t = K::import(inputs_, rep, options);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? std::move(t.value()) : Table{};
  }
  ImportReport rep;

 private:
  std::vector<std::string> files_;
  std::vector<InputFile> inputs_;
};

using Kinds = ::testing::Types<ResponsesKind, RatingsKind>;
class KindNames {
 public:
  template <class K>
  static std::string GetName(int) {
    return std::is_same<K, ResponsesKind>::value ? "Responses" : "Ratings";
  }
};
TYPED_TEST_SUITE(Import, Kinds, KindNames);

Json records_of(const ResponseTable& t) { return records_json(t); }
Json records_of(const RatingTable& t) { return ratings_json(t); }

// The sentence is the problem's place and the English of its message.
void expect_rendered(const Problem& p) {
  ASSERT_FALSE(p.msg.empty()) << p.code << ": " << p.message;
  const std::string tail = english(p.msg);
  ASSERT_GE(p.message.size(), tail.size());
  EXPECT_EQ(p.message.substr(p.message.size() - tail.size()), tail) << p.msg.id;
  EXPECT_EQ(param_text(p, "file"), p.file);
}

TYPED_TEST(Import, ValuesOutsideTheScaleNonNumbersAndNonIntegers) {
  using K = TypeParam;
  auto t = this->run({"values.csv"});
  auto out = of_code(this->rep, "out_of_scale");
  ASSERT_EQ(out.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(out[0]->row, 2u);
  EXPECT_EQ(out[0]->column, 4u);
  EXPECT_EQ(out[0]->field, K::kIds[0]);
  EXPECT_TRUE(contains(out[0]->message, std::string("values.csv row 2, column 4 (") + K::kIds[0] + "): the " +
                                            K::kValueWord + " 7 is outside the scale"))
      << out[0]->message;
  auto nan = of_code(this->rep, "not_a_number");
  ASSERT_EQ(nan.size(), 2u) << all_messages(this->rep);
  EXPECT_EQ(nan[0]->row, 3u);
  EXPECT_EQ(nan[0]->column, 4u);
  auto frac = of_code(this->rep, "not_integer");
  ASSERT_EQ(frac.size(), 1u);
  EXPECT_EQ(frac[0]->row, 4u);
  // Only the clean row (spaces, empty and NA) is kept.
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t.source[0].row, 5u);
  EXPECT_EQ(K::value(t, 0, 0), 4);
  EXPECT_TRUE(std::isnan(K::value(t, 0, 1)));
  EXPECT_TRUE(std::isnan(K::value(t, 0, 2)));
  EXPECT_EQ(this->rep.records_rejected, 3u);
  for (const auto& p : this->rep.problems) expect_rendered(p);
}

TYPED_TEST(Import, ADecimalCommaGetsAHint) {
  this->run({"values.csv"});
  auto nan = of_code(this->rep, "not_a_number");
  ASSERT_EQ(nan.size(), 2u) << all_messages(this->rep);
  EXPECT_FALSE(contains(nan[0]->message, "decimals with a point")) << nan[0]->message;  // "abc"
  EXPECT_EQ(nan[0]->msg.id, "import.not_a_number");
  EXPECT_EQ(nan[1]->column, 5u);
  EXPECT_TRUE(contains(nan[1]->message, "\"2,5\" is not a number")) << nan[1]->message;
  EXPECT_TRUE(contains(nan[1]->message, "(write decimals with a point)")) << nan[1]->message;
  EXPECT_EQ(nan[1]->msg.id, "import.not_a_number_decimal_comma");
  EXPECT_EQ(param_text(*nan[1], "text"), "2,5");
}

TYPED_TEST(Import, RaggedRowsAreLeftOutAndBlankRowsSkipped) {
  auto t = this->run({"ragged.csv"});
  auto ragged = of_code(this->rep, "ragged_row");
  ASSERT_EQ(ragged.size(), 2u) << all_messages(this->rep);
  EXPECT_EQ(ragged[0]->row, 2u);
  EXPECT_TRUE(contains(ragged[0]->message, "has 5 fields, but the header has 6")) << ragged[0]->message;
  EXPECT_EQ(ragged[1]->row, 3u);
  EXPECT_EQ(param_number(*ragged[1], "n"), 7);
  EXPECT_EQ(param_number(*ragged[1], "columns"), 6);
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(this->rep.rows, 3u);  // the row of bare commas is not a record
}

TYPED_TEST(Import, AnUnterminatedQuoteRejectsTheFile) {
  auto t = this->run({"unterminated.csv"});
  auto syn = of_code(this->rep, "csv_syntax");
  ASSERT_EQ(syn.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(syn[0]->row, 2u);
  EXPECT_EQ(syn[0]->column, 7u);
  EXPECT_EQ(syn[0]->severity, Severity::file);
  EXPECT_TRUE(contains(syn[0]->message, "unterminated.csv: the quoted field that starts at row 2, column 7"))
      << syn[0]->message;
  EXPECT_EQ(syn[0]->msg.id, "import.csv_unterminated");
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(this->rep.files_rejected, 1u);
  EXPECT_EQ(this->rep.rows, 0u);
}

TYPED_TEST(Import, TextAfterAClosingQuoteRejectsTheFile) {
  auto t = this->run({"after_quote.csv"});
  auto syn = of_code(this->rep, "csv_syntax");
  ASSERT_EQ(syn.size(), 1u) << all_messages(this->rep);
  EXPECT_TRUE(contains(syn[0]->message, "followed by 't'")) << syn[0]->message;
  EXPECT_EQ(syn[0]->msg.id, "import.csv_text_after_quote");
  EXPECT_EQ(param_text(*syn[0], "char"), "'t'");
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, AMissingRequiredColumnRejectsTheFile) {
  using K = TypeParam;
  auto t = this->run({"missing_column.csv"});
  auto miss = of_code(this->rep, "missing_column");
  ASSERT_EQ(miss.size(), 1u) << all_messages(this->rep);
  EXPECT_TRUE(contains(miss[0]->message, std::string("no column ") + K::kMissing)) << miss[0]->message;
  EXPECT_EQ(miss[0]->msg.id, "import.missing_column");
  EXPECT_EQ(param_text(*miss[0], "name"), K::kMissing);
  EXPECT_EQ(miss[0]->row, 1u);
  EXPECT_EQ(this->rep.files_rejected, 1u);
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, AHeaderWithoutValueColumnsRejectsTheFile) {
  using K = TypeParam;
  auto t = this->run({"no_values.csv"});
  auto miss = of_code(this->rep, "missing_column");
  ASSERT_EQ(miss.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(miss[0]->msg.id, "import.no_value_columns");
  EXPECT_TRUE(contains(param_text(*miss[0], "ids"), K::kIds[0]));
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, AColumnTwiceRejectsTheFile) {
  using K = TypeParam;
  auto t = this->run({"duplicate_column.csv"});
  auto dup = of_code(this->rep, "duplicate_column");
  ASSERT_EQ(dup.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(dup[0]->column, 6u);
  EXPECT_TRUE(
      contains(dup[0]->message, std::string("the column \"") + K::kIds[0] + "\" appears twice (columns 4 and 6)"))
      << dup[0]->message;
  EXPECT_EQ(param_number(*dup[0], "first"), 4);
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, ALookAlikeOfAnIdIsAFileError) {
  using K = TypeParam;
  auto t = this->run({"look_alike.csv"});
  auto like = of_code(this->rep, K::kUnknownCode);
  ASSERT_EQ(like.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(like[0]->column, 5u);
  EXPECT_EQ(like[0]->severity, Severity::file);
  EXPECT_TRUE(contains(like[0]->message, std::string("did you mean ") + K::kLike)) << like[0]->message;
  EXPECT_EQ(param_text(*like[0], "like"), K::kLike);
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, AColumnWithoutANameWarnsOnce) {
  auto t = this->run({"unnamed.csv"});
  auto unnamed = of_code(this->rep, "unnamed_column");
  ASSERT_EQ(unnamed.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(unnamed[0]->severity, Severity::warning);
  EXPECT_EQ(unnamed[0]->row, 3u);
  EXPECT_EQ(unnamed[0]->column, 7u);
  EXPECT_EQ(unnamed[0]->msg.id, "import.unnamed_column");
  EXPECT_EQ(param_number(*unnamed[0], "row"), 3);
  EXPECT_EQ(this->rep.errors, 0u);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_TRUE(t.extra_names.empty());
}

TYPED_TEST(Import, ExtraColumnsLanguageAndTimestamp) {
  auto t = this->run({"extra.csv"});
  EXPECT_EQ(this->rep.errors, 0u) << all_messages(this->rep);
  ASSERT_EQ(t.size(), 2u);
  ASSERT_EQ(t.extra_names, std::vector<std::string>{"school"});
  EXPECT_EQ(t.extra[0][0], "=SUM(1)");  // the ' an export put before a formula is taken off
  EXPECT_EQ(t.extra[0][1], "School 2");
  EXPECT_EQ(t.langs[t.lang[0]], "ru");
  EXPECT_EQ(t.langs[t.lang[1]], "de");
  ASSERT_EQ(t.submitted.size(), 2u);
  EXPECT_EQ(t.submitted[1], "yesterday");
  auto lang = of_code(this->rep, "unknown_language");
  ASSERT_EQ(lang.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(lang[0]->row, 3u);
  EXPECT_EQ(lang[0]->column, 7u);
  EXPECT_EQ(param_text(*lang[0], "value"), "de");
  auto time = of_code(this->rep, "invalid_timestamp");
  ASSERT_EQ(time.size(), 1u);
  EXPECT_EQ(time[0]->column, 8u);
  EXPECT_EQ(time[0]->severity, Severity::warning);
}

TYPED_TEST(Import, WithoutTextColumnsTheSameProblemsAndNoText) {
  ImportOptions opt;
  opt.keep_text_columns = false;
  auto t = this->run({"extra.csv"}, opt);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t.submitted.empty());
  ASSERT_EQ(t.extra_names, std::vector<std::string>{"school"});
  EXPECT_EQ(t.extra[0], (std::vector<std::string>{"", ""}));
  EXPECT_EQ(this->rep.warnings, 2u) << all_messages(this->rep);
}

TYPED_TEST(Import, EmptyAndHeaderOnlyFiles) {
  auto t = this->run({"empty.csv", "header_only.csv"});
  ASSERT_EQ(this->rep.problems.size(), 2u) << all_messages(this->rep);
  EXPECT_EQ(this->rep.problems[0].code, "empty_file");
  EXPECT_EQ(this->rep.problems[0].severity, Severity::file);
  EXPECT_EQ(this->rep.problems[0].msg.id, "import.empty_file");
  EXPECT_EQ(this->rep.problems[1].code, "header_only");
  EXPECT_EQ(this->rep.problems[1].severity, Severity::warning);
  EXPECT_EQ(this->rep.files_rejected, 1u);
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, ARepeatedKeyLeavesOutEveryRecordAndNamesTheFirst) {
  using K = TypeParam;
  auto t = this->run({"dup_a.csv", "dup_b.csv"});
  auto dup = of_code(this->rep, K::kDuplicateCode);
  ASSERT_EQ(dup.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(dup[0]->file, "dup_b.csv");
  EXPECT_EQ(dup[0]->row, 2u);
  EXPECT_TRUE(contains(dup[0]->message, "dup_b.csv row 2: ")) << dup[0]->message;
  EXPECT_TRUE(contains(dup[0]->message, std::string("(first at ") + K::kFirstOfDuplicate + ")")) << dup[0]->message;
  EXPECT_EQ(param_text(*dup[0], "first"), K::kFirstOfDuplicate);
  EXPECT_EQ(t.size(), 2u);
  EXPECT_EQ(this->rep.records_rejected, 2u);
  // The records that stay keep their order and their values.
  EXPECT_EQ(t.source[0].row, 3u);
  EXPECT_EQ(t.files[t.source[1].file], "dup_b.csv");
  EXPECT_EQ(K::value(t, 1, 0), 3);
}

// One submission exported twice (same.json and same.csv): the first record
// is the same submission in another language, with another timestamp and an
// extra column (counted once); the second differs in one value (a conflict).
TYPED_TEST(Import, AnIdenticalCopyIsCountedOnceAndADifferingOneStaysAConflict) {
  using K = TypeParam;
  auto t = this->run({"same.json", "same.csv"});
  auto copies = of_code(this->rep, "duplicate_identical");
  ASSERT_EQ(copies.size(), 1u) << all_messages(this->rep);
  const Problem& copy = *copies[0];
  EXPECT_EQ(copy.severity, Severity::warning);
  EXPECT_EQ(copy.file, "same.csv");
  EXPECT_EQ(copy.row, 2u);
  const bool responses = std::is_same<K, ResponsesKind>::value;
  EXPECT_EQ(copy.msg.id, responses ? "import.duplicate_identical" : "import.duplicate_identical_rating");
  const std::string first = std::string("same.json ") + (responses ? "response" : "rating") + " 1";
  EXPECT_EQ(param_text(copy, "first"), first);
  EXPECT_TRUE(contains(copy.message, "same.csv row 2: ")) << copy.message;
  EXPECT_TRUE(contains(copy.message, "it is counted once")) << copy.message;
  EXPECT_EQ(copy.record_id, copy.first_record_id);
  EXPECT_EQ(copy.record_id.rfind("sha256:", 0), 0u) << copy.record_id;
  EXPECT_EQ(copy.record_id.size(), 7u + 64u);
  expect_rendered(copy);

  auto dup = of_code(this->rep, K::kDuplicateCode);
  ASSERT_EQ(dup.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(dup[0]->file, "same.csv");
  EXPECT_EQ(dup[0]->row, 3u);
  EXPECT_FALSE(dup[0]->record_id.empty());
  EXPECT_FALSE(dup[0]->first_record_id.empty());
  EXPECT_NE(dup[0]->record_id, dup[0]->first_record_id);
  // The evidence the researcher chooses on: both records, the first one first.
  EXPECT_EQ(copy.records, nullptr);
  ASSERT_NE(dup[0]->records, nullptr);
  const Json& ev = *dup[0]->records;
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0]["record_id"], dup[0]->first_record_id);
  EXPECT_EQ(ev[1]["record_id"], dup[0]->record_id);
  EXPECT_EQ(ev[1]["file"], "same.csv");
  EXPECT_EQ(ev[1]["row"], 3);
  EXPECT_NE(ev[0][responses ? "answers" : "scores"], ev[1][responses ? "answers" : "scores"]);
  Json as_json;
  to_json(as_json, *dup[0]);
  EXPECT_EQ(as_json["records"], ev);

  // The JSON record is kept (the first in file order); the conflict is left out.
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t.files[t.source[0].file], "same.json");
  EXPECT_EQ(t.source[0].row, 1u);
  EXPECT_EQ(K::value(t, 0, 1), 4);
  EXPECT_EQ(this->rep.rows, 4u);
  EXPECT_EQ(this->rep.records, 1u);
  EXPECT_EQ(this->rep.records_rejected, 2u);  // the copy is not a rejected record
  EXPECT_EQ(record_id(t, 0), copy.first_record_id);
}

// A record's id is its identity's: the same whatever the file's format and
// name, the language, the timestamp and the extra columns.
TYPED_TEST(Import, TheRecordIdIsStableAcrossFormatsAndNames) {
  using K = TypeParam;
  auto csv = this->run({"same.csv"});
  auto json = this->run({"same.json"});
  ASSERT_EQ(csv.size(), 2u) << all_messages(this->rep);
  ASSERT_EQ(json.size(), 2u) << all_messages(this->rep);
  EXPECT_EQ(record_id(csv, 0), record_id(json, 0));
  EXPECT_NE(record_id(csv, 1), record_id(json, 1));  // one value differs
  EXPECT_NE(record_id(json, 0), record_id(json, 1));
  // another name
  const std::string text = read(std::string("fixtures/import/") + K::kDir + "same.json");
  ImportReport rep;
  auto renamed = K::import({InputFile{"renamed copy.json", text}}, rep);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(record_id(renamed.value(), 0), record_id(json, 0));
  EXPECT_EQ(record_id(renamed.value(), 1), record_id(json, 1));
  // the records' JSON carries it
  const Json records = records_of(json);
  EXPECT_EQ(records[0]["record_id"], record_id(json, 0));
}

// The researcher's choice (the links file's duplicates, by record_id)
// resolves a conflict: the kept record stays, the other is left out with a
// warning naming the choice; an exclusion leaves one out, so the other
// stands; an id that names no record is a warning.
TYPED_TEST(Import, AChoiceByRecordIdResolvesAConflict) {
  using K = TypeParam;
  this->run({"same.json", "same.csv"});
  auto dup = of_code(this->rep, K::kDuplicateCode);
  ASSERT_EQ(dup.size(), 1u) << all_messages(this->rep);
  const std::string json_id = dup[0]->first_record_id, csv_id = dup[0]->record_id;

  ImportOptions keep;
  keep.duplicates = {DuplicateChoice{csv_id, true, "/links/duplicates/0"}};
  auto t = this->run({"same.json", "same.csv"}, keep);
  EXPECT_TRUE(of_code(this->rep, K::kDuplicateCode).empty()) << all_messages(this->rep);
  auto out = of_code(this->rep, "duplicate_not_chosen");
  ASSERT_EQ(out.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(out[0]->severity, Severity::warning);
  EXPECT_EQ(out[0]->file, "same.json");
  EXPECT_EQ(out[0]->row, 2u);
  EXPECT_EQ(out[0]->record_id, json_id);
  EXPECT_EQ(param_text(*out[0], "choice"), "/links/duplicates/0");
  EXPECT_EQ(param_text(*out[0], "kept"), "same.csv row 3");
  expect_rendered(*out[0]);
  ASSERT_EQ(t.size(), 2u);  // the copy's first and the chosen CSV record
  EXPECT_EQ(record_id(t, 1), csv_id);
  EXPECT_EQ(K::value(t, 1, 2), 3);
  EXPECT_EQ(this->rep.errors, 0u);
  EXPECT_EQ(this->rep.records_rejected, 0u);

  ImportOptions exclude;
  exclude.duplicates = {DuplicateChoice{json_id, false, "/links/duplicates/0"},
                        DuplicateChoice{"sha256:" + std::string(64, '0'), true, "/links/duplicates/1"}};
  t = this->run({"same.json", "same.csv"}, exclude);
  auto excluded = of_code(this->rep, "duplicate_excluded");
  ASSERT_EQ(excluded.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(excluded[0]->file, "same.json");
  EXPECT_EQ(excluded[0]->row, 2u);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(record_id(t, 1), csv_id);
  auto unknown = of_code(this->rep, "duplicate_choice_unknown");
  ASSERT_EQ(unknown.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(unknown[0]->severity, Severity::warning);
  EXPECT_EQ(unknown[0]->field, "/links/duplicates/1");
  EXPECT_EQ(unknown[0]->msg.id, "import.duplicate_choice_unknown");
  EXPECT_EQ(this->rep.errors, 0u);
}

TYPED_TEST(Import, JsonValueProblemsNameTheirPointer) {
  using K = TypeParam;
  auto t = this->run({"values.json"});
  const std::string rec = std::string(K::kJsonRecords) + "1" + K::kJsonValues;
  std::map<std::string, std::vector<std::string>> fields;
  for (const auto& p : this->rep.problems) fields[p.code].push_back(p.field);
  EXPECT_EQ(fields["not_a_number"], (std::vector<std::string>{rec + K::kIds[0]})) << all_messages(this->rep);
  EXPECT_EQ(fields["out_of_scale"], (std::vector<std::string>{rec + K::kIds[1]}));
  EXPECT_EQ(fields[K::kUnknownCode], (std::vector<std::string>{rec + "XX1"}));
  EXPECT_EQ(fields["invalid_field"], (std::vector<std::string>{std::string(K::kJsonRecords) + "2"}));
  auto out = of_code(this->rep, "out_of_scale");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->row, 2u);
  EXPECT_EQ(param_number(*out[0], "value"), 9);
  EXPECT_EQ(param_text(*out[0], "field"), rec + K::kIds[1]);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(K::value(t, 0, 1), 4);
  EXPECT_TRUE(std::isnan(K::value(t, 0, 2)));
  for (const auto& p : this->rep.problems) expect_rendered(p);
}

TYPED_TEST(Import, JsonSyntaxAndRepeatedKeysRejectTheFile) {
  auto t = this->run({"broken.json", "duplicate_key.json"});
  auto syntax = of_code(this->rep, "json_syntax");
  ASSERT_EQ(syntax.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(syntax[0]->line, 3u);
  EXPECT_EQ(syntax[0]->msg.id, "import.json_syntax");
  auto dup = of_code(this->rep, "duplicate_key");
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_EQ(dup[0]->field, "/format");
  EXPECT_EQ(param_text(*dup[0], "key"), "format");
  EXPECT_EQ(this->rep.files_rejected, 2u);
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, AChangedSealIsAWarningAndTheRecordsStay) {
  auto t = this->run({"sealed.json"});
  auto seal = of_code(this->rep, "integrity_mismatch");
  ASSERT_EQ(seal.size(), 1u) << all_messages(this->rep);
  EXPECT_EQ(seal[0]->severity, Severity::warning);
  EXPECT_EQ(seal[0]->field, "/integrity");
  EXPECT_EQ(param_text(*seal[0], "expected"), "000000000000");
  EXPECT_EQ(this->rep.errors, 0u);
  EXPECT_EQ(t.size(), 1u);
}

TYPED_TEST(Import, FilesOfTheOtherKindAreTheWrongFormat) {
  auto t = this->run({"other_kind.csv", "other_kind.json"});
  auto wrong = of_code(this->rep, "wrong_format");
  ASSERT_EQ(wrong.size(), 2u) << all_messages(this->rep);
  EXPECT_EQ(wrong[0]->msg.id, "import.other_kind_csv");
  for (const auto* p : wrong) EXPECT_TRUE(contains(p->message, "import it with import_")) << p->message;
  EXPECT_EQ(this->rep.files_rejected, 2u);
  EXPECT_EQ(t.size(), 0u);
}

TYPED_TEST(Import, EncodingProblemsRejectTheFileWithAdvice) {
  using K = TypeParam;
  Files f{"bad/cp1251.csv", "bad/utf16.csv", "bad/utf16_nobom.csv"};
  ImportReport rep;
  auto t = K::import(f.inputs, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->size(), 0u);
  EXPECT_EQ(rep.files_rejected, 3u);
  ASSERT_EQ(rep.problems.size(), 3u) << all_messages(rep);
  const Problem& p = rep.problems[0];
  EXPECT_EQ(p.code, "encoding");
  EXPECT_EQ(p.severity, Severity::file);
  EXPECT_EQ(p.file, "cp1251.csv");
  EXPECT_EQ(p.row, 3u);
  EXPECT_EQ(p.column, 1u);
  EXPECT_TRUE(contains(p.message, "Windows-1251")) << p.message;
  EXPECT_TRUE(contains(p.message, "row 3, column 1")) << p.message;
  EXPECT_EQ(p.msg.id, "import.encoding_csv_byte");
  EXPECT_EQ(param_text(p, "advice"), "windows_1251");
  EXPECT_EQ(param_text(p, "reason"), "bad_start_byte");
  EXPECT_EQ(p.message, english(p.msg));
  EXPECT_TRUE(contains(rep.problems[1].message, "UTF-16 (little-endian)")) << rep.problems[1].message;
  EXPECT_EQ(rep.problems[1].msg.id, "import.encoding_file");
  EXPECT_EQ(param_text(rep.problems[1], "advice"), "utf16le");
  EXPECT_EQ(rep.problems[2].msg.id, "import.encoding_csv");
  EXPECT_EQ(param_text(rep.problems[2], "reason"), "nul_byte");
}

TYPED_TEST(Import, ProblemsOfOneKindAreCappedButCounted) {
  using K = TypeParam;
  const std::string text = K::csv(50, "9");
  std::vector<InputFile> files{{"many.csv", text}};
  ImportReport rep;
  ImportOptions opt;
  opt.max_problems_per_kind = 10;
  auto t = K::import(files, rep, opt);
  EXPECT_EQ(rep.errors, 50u);
  ASSERT_EQ(rep.problems.size(), 11u);
  const Problem& last = rep.problems.back();
  EXPECT_TRUE(contains(last.message, "many.csv: 40 more problems of the kind out_of_scale (50 in all)"))
      << last.message;
  EXPECT_EQ(last.msg.id, "import.more_problems");
  EXPECT_EQ(param_number(last, "more"), 40);
  EXPECT_EQ(param_text(last, "kind"), "out_of_scale");
  EXPECT_EQ(rep.records_rejected, 50u);
  EXPECT_EQ(rep.problems[9].row, 11u);  // the first ten rows are listed
}

TYPED_TEST(Import, LimitsAreErrorsWithAMessage) {
  using K = TypeParam;
  std::vector<InputFile> files(10001, InputFile{"a.csv", ""});
  ImportReport rep;
  auto t = K::import(files, rep);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, assess::ErrorCode::out_of_range);
  EXPECT_EQ(t.error().msg.id, "import.too_many_files");
  EXPECT_EQ(t.error().message, english(t.error().msg));
  EXPECT_EQ(t.error().path, "/files");
}

TYPED_TEST(Import, EveryProblemCarriesItsPlace) {
  auto t = this->run({"values.csv", "ragged.csv", "unnamed.csv", "extra.csv", "values.json", "look_alike.csv"});
  ASSERT_GT(this->rep.problems.size(), 8u);
  for (const auto& p : this->rep.problems) {
    expect_rendered(p);
    if (p.row) {
      EXPECT_EQ(param_number(p, "row"), static_cast<double>(p.row)) << p.msg.id;
    }
    if (p.column) {
      EXPECT_EQ(param_number(p, "column"), static_cast<double>(p.column)) << p.msg.id;
    }
    if (!p.field.empty()) {
      EXPECT_EQ(param_text(p, "field"), p.field) << p.msg.id;
    }
  }
}

}  // namespace

// The record id as any tool computes it: SHA-256 of the identity's RFC 8785
// text (the example of docs/formats.md, checked with Python's hashlib).
TEST(RecordId, IsTheSha256OfTheCanonicalIdentity) {
  ResponseTable t;
  t.instrument = assess::instrument::DocRef{"competency-12", 1};
  t.item_ids = {"ET1", "ET2", "ET3"};
  t.programmes = {"teacher-mediator"};
  t.waves = {"pre", "post"};
  t.groups = {""};
  t.langs = {"", "kk"};
  t.code = {"SH01AB"};
  t.check = {"Z"};
  t.programme = {0};
  t.wave = {0};
  t.group = {0};
  t.lang = {1};
  t.answers = {3, 4, std::nan("")};
  EXPECT_EQ(assess::canonical_json(identity_json(t, 0)),
            R"({"answers":{"ET1":3,"ET2":4,"ET3":null},"code":"SH01AB","group":null,)"
            R"("instrument":{"id":"competency-12","version":1},"kind":"response","programme":"teacher-mediator",)"
            R"("wave":"pre"})");
  EXPECT_EQ(record_id(t, 0), "sha256:70a7e958e17768be992cc1fd52a613688d2e61eaaf5ff5fa11b04fa0fec2044f");
}
