// The SPSS system file writer (data/sav.hpp): the records as the PSPP
// Developers Guide lays them out (read back by tests/native/support/
// sav_reader.hpp), short names and the long-names record, strings of every
// width (short, long, very long), labels cut at a UTF-8 character boundary,
// declared missing values, and the same bytes from the same file.
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "assess/core/numeric.hpp"
#include "assess/data/sav.hpp"
#include "support/sav_reader.hpp"

namespace {

using assess::data::sav::File;
using assess::data::sav::Measure;
using assess::data::sav::Shortened;
using assess::data::sav::Variable;

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Valid UTF-8 whose every character is whole.
bool whole_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += n;
  }
  return true;
}

File sample() {
  File f;
  f.n_cases = 3;
  f.product = "assess test";
  f.file_label = "study v1";
  f.date = "11 May 27";
  f.time = "13:55:23";
  f.version[0] = 1;
  f.version[1] = 2;
  f.version[2] = 3;
  Variable score;
  score.name = "edtech_pre";
  score.label = "Білім беру технологиялары: дейін";
  score.measure = Measure::scale;
  score.decimals = 2;
  score.missing = {-99, -98};
  score.value_labels = {{-99, "сұралмаған"}, {-98, "жауап берілмеген"}};
  score.numbers = {2.6666666666666665, -99, assess::kMissing};
  Variable choice;
  choice.name = "background__gender";
  choice.label = "Пол";
  choice.value_labels = {{1, "женский"}, {2, "мужской"}};
  choice.numbers = {1, 2, -98};
  choice.missing = {-99, -98};
  Variable code;
  code.name = "code";
  code.string = true;
  code.texts = {"AA03ЛT", "B", ""};
  Variable answer;
  answer.name = "satisfaction__change";
  answer.string = true;
  answer.label = "Что бы вы изменили?";
  answer.texts = {repeat("Курс полезен. ", 40), "", "short"};  // 1000 bytes: four segments
  f.variables = {score, choice, code, answer};
  return f;
}

TEST(Sav, TheRecordsAsTheFormatLaysThemOut) {
  const File f = sample();
  const auto w = assess::data::sav::write(f);
  const assess::test::SavFile r = assess::test::SavReader(w.bytes).read();
  EXPECT_EQ(r.product.rfind("@(#) SPSS DATA FILE assess test", 0), 0U);
  EXPECT_EQ(r.product.size(), 60U);
  EXPECT_EQ(r.layout, 2);
  EXPECT_EQ(r.compression, 0);
  EXPECT_EQ(r.weight, 0);
  EXPECT_EQ(r.n_cases, 3);
  EXPECT_EQ(r.bias, 100.0);
  EXPECT_EQ(r.date, "11 May 27");
  EXPECT_EQ(r.time, "13:55:23");
  EXPECT_EQ(r.file_label, "study v1" + std::string(56, ' '));
  // Extension records in ascending subtype: integers, floats, display,
  // long names, very long strings, encoding.
  EXPECT_EQ(r.subtypes, (std::vector<int>{3, 4, 11, 13, 14, 20}));
  EXPECT_EQ(r.machine_integers, (std::vector<int>{1, 2, 3, -1, 1, 1, 2, 65001}));
  EXPECT_EQ(r.extensions.at(20), "UTF-8");
  // Floats: SYSMIS, HIGHEST, LOWEST.
  double fl[3];
  std::memcpy(fl, r.extensions.at(4).data(), sizeof fl);
  EXPECT_EQ(fl[0], -DBL_MAX);
  EXPECT_EQ(fl[1], DBL_MAX);
  EXPECT_EQ(fl[2], std::nextafter(-DBL_MAX, 0.0));
  // The case size: 1 + 1 numbers, code (7 bytes: 1 element), the answer's
  // four segments of 255, 255, 255 and 1000 - 3 * 252 = 244 bytes (32 + 32 + 32 + 31 elements).
  EXPECT_EQ(r.case_size, 1 + 1 + 1 + 32 * 3 + 31);
  EXPECT_EQ(r.n_records, static_cast<std::size_t>(r.case_size));
  EXPECT_EQ(r.extensions.at(14), std::string("SATISFAC=01000\0\t", 16));
  ASSERT_EQ(r.variables.size(), 4U);
  const auto& s = r.variables[0];
  EXPECT_EQ(s.name, "edtech_pre");
  EXPECT_EQ(s.short_name, "EDTECH_P");
  EXPECT_EQ(s.label, "Білім беру технологиялары: дейін");
  EXPECT_EQ(s.missing, (std::vector<double>{-99, -98}));
  EXPECT_EQ(s.measure, 3);
  EXPECT_EQ(s.alignment, 1);
  EXPECT_EQ(s.numbers[0], 2.6666666666666665);
  EXPECT_EQ(s.numbers[1], -99);
  EXPECT_EQ(s.numbers[2], -DBL_MAX);  // system-missing
  ASSERT_EQ(s.value_labels.size(), 2U);
  EXPECT_EQ(s.value_labels[1], (std::pair<double, std::string>{-98, "жауап берілмеген"}));
  const auto& c = r.variables[1];
  EXPECT_EQ(c.name, "background__gender");
  EXPECT_EQ(c.short_name, "BACKGROU");
  EXPECT_EQ(c.measure, 1);
  EXPECT_EQ(c.numbers, (std::vector<double>{1, 2, -98}));
  EXPECT_EQ(c.value_labels[0].second, "женский");
  const auto& code = r.variables[2];
  EXPECT_EQ(code.width, 7);  // "AA03ЛT": the longest, in bytes
  EXPECT_EQ(code.texts, (std::vector<std::string>{"AA03ЛT", "B", ""}));
  EXPECT_TRUE(code.label.empty());
  EXPECT_EQ(code.alignment, 0);
  const auto& a = r.variables[3];
  EXPECT_EQ(a.width, 1000);
  EXPECT_EQ(a.texts[0], repeat("Курс полезен. ", 40).substr(0, 999));  // the trailing space is padding to a reader
  EXPECT_EQ(a.texts[2], "short");
  EXPECT_EQ(w.widths, (std::vector<std::size_t>{0, 0, 7, 1000}));
  EXPECT_TRUE(w.shortened.empty());
}

TEST(Sav, ShortNamesAreUniqueCapitalsOfAtMostEightBytes) {
  using assess::data::sav::short_names;
  EXPECT_EQ(short_names({"edtech_pre", "edtech_post", "EDTECH_P1", "to", "x", "X", "with", "a_very_long_name",
                         "a_very_long_name"}),
            (std::vector<std::string>{"EDTECH_P", "EDTECH_1", "EDTECH_2", "TO1", "X", "X1", "WITH1", "A_VERY_L",
                                      "A_VERY_1"}));
  // Ten names with the same first eight bytes: 1 to 9, then two digits.
  std::vector<std::string> names(12, "satisfaction");
  const auto s = short_names(names);
  EXPECT_EQ(s[0], "SATISFAC");
  EXPECT_EQ(s[9], "SATISFA9");
  EXPECT_EQ(s[10], "SATISF10");
  EXPECT_EQ(s[11], "SATISF11");
  // The long-names record maps every short name back.
  File f;
  f.n_cases = 1;
  for (const char* n : {"satisfaction__relevance_post", "satisfaction__support_post", "TO"}) {
    Variable v;
    v.name = n;
    v.numbers = {1};
    f.variables.push_back(v);
  }
  const auto r = assess::test::SavReader(assess::data::sav::write(f).bytes).read();
  EXPECT_EQ(r.extensions.at(13), "SATISFAC=satisfaction__relevance_post\tSATISFA1=satisfaction__support_post\tTO1=TO");
  EXPECT_EQ(r.variables[1].name, "satisfaction__support_post");
}

TEST(Sav, LabelsLongerThanSpssAllowsAreCutBetweenCharacters) {
  File f = sample();
  // 1 + 200 * 2 bytes: 255 bytes end inside a two-byte letter.
  f.variables[0].label = "a" + repeat("ә", 200);
  // 3-byte characters: 120 is a boundary, 121 would not be.
  f.variables[1].value_labels[0].label = repeat("€", 41);  // 123 bytes
  f.variables[1].value_labels[1].label = repeat("ж", 60);  // 120 bytes: kept whole
  const auto w = assess::data::sav::write(f);
  const auto r = assess::test::SavReader(w.bytes).read();
  EXPECT_EQ(r.variables[0].label, "a" + repeat("ә", 127));  // 255 bytes
  EXPECT_EQ(r.variables[1].value_labels[0].second, repeat("€", 40));
  EXPECT_EQ(r.variables[1].value_labels[1].second, repeat("ж", 60));
  // Now the cut falls inside a character: one byte fewer, whole characters.
  f.variables[0].label = repeat("ә", 200);
  const auto w2 = assess::data::sav::write(f);
  const auto r2 = assess::test::SavReader(w2.bytes).read();
  EXPECT_EQ(r2.variables[0].label, repeat("ә", 127));  // 254 bytes
  EXPECT_TRUE(whole_utf8(r2.variables[0].label));
  ASSERT_EQ(w.shortened.size(), 2U);
  EXPECT_EQ(w.shortened[0].what, Shortened::What::variable_label);
  EXPECT_EQ(w.shortened[0].variable, 0U);
  EXPECT_EQ(w.shortened[0].bytes, 401U);
  EXPECT_EQ(w.shortened[0].limit, 255U);
  EXPECT_EQ(w.shortened[1].what, Shortened::What::value_label);
  EXPECT_EQ(w.shortened[1].variable, 1U);
  EXPECT_EQ(w.shortened[1].index, 0U);
  EXPECT_EQ(w.shortened[1].bytes, 123U);
  EXPECT_EQ(w.shortened[1].limit, 120U);
}

TEST(Sav, TextsLongerThanAStringMayBeAreCut) {
  File f;
  f.n_cases = 1;
  Variable v;
  v.name = "answer";
  v.string = true;
  v.texts = {"x" + repeat("ы", 20000)};  // 40 001 bytes
  f.variables = {v};
  const auto w = assess::data::sav::write(f);
  ASSERT_EQ(w.shortened.size(), 1U);
  EXPECT_EQ(w.shortened[0].what, Shortened::What::text);
  EXPECT_EQ(w.shortened[0].bytes, 40001U);
  const auto r = assess::test::SavReader(w.bytes).read();
  EXPECT_EQ(r.variables[0].width, 32767);
  EXPECT_EQ(r.variables[0].texts[0], "x" + repeat("ы", 16383));
}

TEST(Sav, DeclaredMissingValuesAndTheirCount) {
  File f = sample();
  f.variables[0].missing = {-999, -998, -997};
  const auto r = assess::test::SavReader(assess::data::sav::write(f).bytes).read();
  EXPECT_EQ(r.variables[0].missing, (std::vector<double>{-999, -998, -997}));
  EXPECT_TRUE(r.variables[2].missing.empty());
}

TEST(Sav, TheSameFileGivesTheSameBytes) {
  const auto a = assess::data::sav::write(sample());
  const auto b = assess::data::sav::write(sample());
  EXPECT_EQ(a.bytes, b.bytes);
  File later = sample();
  later.time = "13:55:24";
  EXPECT_NE(assess::data::sav::write(later).bytes, a.bytes);
  // No cases: a dictionary alone.
  File empty = sample();
  empty.n_cases = 0;
  for (auto& v : empty.variables) {
    v.numbers.clear();
    v.texts.clear();
  }
  const auto r = assess::test::SavReader(assess::data::sav::write(empty).bytes).read();
  EXPECT_EQ(r.n_cases, 0);
  EXPECT_EQ(r.variables.size(), 4U);
  EXPECT_EQ(r.variables[3].width, 1);
}

}  // namespace
