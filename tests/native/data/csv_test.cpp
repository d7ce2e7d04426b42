// The CSV reader (RFC 4180 with the dialects spreadsheets write: BOM,
// semicolons, CRLF, quotes), checked by hand-made inputs.
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

TEST(Csv, CommaLfAndFinalLineWithoutBreak) {
  EXPECT_EQ(parse_all("a,b,c\n1,2,3\n4,5,6"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}, {"4", "5", "6"}}));
}

TEST(Csv, BomCrlfSemicolon) {
  std::string t =
      "\xEF\xBB\xBF"
      "code;wave\r\nAB;pre\r\n";
  CsvReader r(t);
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_EQ(parse_all(t), (Rows{{"code", "wave"}, {"AB", "pre"}}));
}

TEST(Csv, LoneCrLineEndsAndTabs) {
  EXPECT_EQ(detect_delimiter("a\tb\tc\r1\t2\t3"), '\t');
  EXPECT_EQ(parse_all("a\tb\r1\t2\r"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(Csv, DelimiterIsCountedOutsideQuotesOnTheFirstLine) {
  EXPECT_EQ(detect_delimiter("\"a;b;c\",d\n1;2;3;4;5\n"), ',');
  EXPECT_EQ(detect_delimiter("a;b,c;d\n"), ';');
  EXPECT_EQ(detect_delimiter("single\n1\n"), ',');
}

TEST(Csv, QuotedFieldsWithDelimitersLineBreaksAndDoubledQuotes) {
  std::string t = "a,b,c\r\n\"x, y\",\"line 1\r\nline 2\",\"she said \"\"hi\"\"\"\r\n\"\",plain,\"\"\"\"\r\n";
  EXPECT_EQ(parse_all(t),
            (Rows{{"a", "b", "c"}, {"x, y", "line 1\r\nline 2", "she said \"hi\""}, {"", "plain", "\""}}));
}

TEST(Csv, CyrillicAndKazakhTextPassesThrough) {
  std::string t = "код;мәтін\nӘЛ07;\"Қазақ; тілі\"\n";
  EXPECT_EQ(parse_all(t), (Rows{{"код", "мәтін"}, {"ӘЛ07", "Қазақ; тілі"}}));
}

TEST(Csv, EmptyLinesAreRecordsWithOneEmptyField) {
  EXPECT_EQ(parse_all("a,b\n\n1,2\n\n\n"), (Rows{{"a", "b"}, {""}, {"1", "2"}, {""}, {""}}));
}

TEST(Csv, TrailingDelimiterGivesAnEmptyLastField) {
  EXPECT_EQ(parse_all("a,b,\n1,2,"), (Rows{{"a", "b", ""}, {"1", "2", ""}}));
}

TEST(Csv, StrayQuoteInsideAnUnquotedFieldIsLiteral) {
  EXPECT_EQ(parse_all("a,b\n5\" disk,x\n"), (Rows{{"a", "b"}, {"5\" disk", "x"}}));
}

TEST(Csv, RowsCountRecordsAndLinesCountLineBreaks) {
  std::string t = "h1,h2\n\"multi\nline\",x\nlast,y\n";
  CsvReader r(t);
  std::vector<std::string_view> f;
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.row(), 1u);
  EXPECT_EQ(r.line(), 1u);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.row(), 2u);
  EXPECT_EQ(r.line(), 2u);
  ASSERT_TRUE(r.next(f));
  EXPECT_EQ(r.row(), 3u);
  EXPECT_EQ(r.line(), 4u);
  EXPECT_EQ(f[0], "last");
  EXPECT_EQ(r.field_offsets()[1], t.find("y"));
  EXPECT_FALSE(r.next(f));
  EXPECT_FALSE(r.failed());
}

TEST(Csv, UnterminatedQuoteNamesRowColumnAndLine) {
  std::string t = "a,b,c\n1,2,3\n4,\"open\n5,6\n";
  CsvReader r(t);
  std::vector<std::string_view> f;
  while (r.next(f)) {
  }
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error().row, 3u);
  EXPECT_EQ(r.error().column, 2u);
  EXPECT_EQ(r.error().line, 3u);
  EXPECT_TRUE(contains(r.error().message, "row 3, column 2")) << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "no closing quote")) << r.error().message;
}

TEST(Csv, CharacterAfterClosingQuoteIsAnError) {
  CsvReader r("a,b\n\"x\"y,z\n");
  std::vector<std::string_view> f;
  while (r.next(f)) {
  }
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error().row, 2u);
  EXPECT_EQ(r.error().column, 1u);
  EXPECT_TRUE(contains(r.error().message, "followed by 'y'")) << r.error().message;
}

TEST(Csv, EmptyTextHasNoRecords) {
  CsvReader r("");
  std::vector<std::string_view> f;
  EXPECT_FALSE(r.next(f));
  EXPECT_FALSE(r.failed());
}

}  // namespace
