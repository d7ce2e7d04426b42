// Encoding checks on import: UTF-8 only, with UTF-16, Windows-1251 and CP866
// recognised and named.
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

TEST(Encoding, ValidUtf8WithAndWithoutBom) {
  EXPECT_FALSE(check_utf8("plain ascii, long enough for the fast path"));
  EXPECT_FALSE(
      check_utf8("\xEF\xBB\xBF"
                 "Қазақ тілі, русский, English, 𝔘"));
  EXPECT_EQ(utf8_bom_length("\xEF\xBB\xBFx"), 3u);
  EXPECT_EQ(utf8_bom_length("x"), 0u);
}

TEST(Encoding, RejectsMalformedUtf8) {
  for (const char* bad : {"ab\xC0\x80", "ab\xED\xA0\x80", "ab\xF4\x90\x80\x80", "abcdefgh\xE2\x82", "\x80"}) {
    auto issue = check_utf8(bad);
    ASSERT_TRUE(issue) << bad;
  }
  auto issue = check_utf8("0123456789\xC3");
  ASSERT_TRUE(issue);
  EXPECT_EQ(issue->offset, 10u);
}

TEST(Encoding, RecognisesWindows1251Utf16AndBinaries) {
  auto cp1251 = check_utf8(read("fixtures/import/bad/cp1251.csv"));
  ASSERT_TRUE(cp1251);
  EXPECT_EQ(cp1251->guess, "Windows-1251 (Cyrillic)");
  auto u16 = check_utf8(read("fixtures/import/bad/utf16.csv"));
  ASSERT_TRUE(u16);
  EXPECT_EQ(u16->guess, "UTF-16 (little-endian)");
  EXPECT_TRUE(u16->whole_file);
  auto u16n = check_utf8(read("fixtures/import/bad/utf16_nobom.csv"));
  ASSERT_TRUE(u16n);
  EXPECT_EQ(u16n->guess, "UTF-16 (little-endian)");
  auto be =
      check_utf8(std::string("\xFE\xFF\x00"
                             "a",
                             4));
  ASSERT_TRUE(be);
  EXPECT_EQ(be->guess, "UTF-16 (big-endian)");
  auto xlsx = check_utf8(std::string("PK\x03\x04rest", 8));
  ASSERT_TRUE(xlsx);
  EXPECT_TRUE(contains(encoding_advice(*xlsx), "Excel workbook"));
  auto nul = check_utf8(std::string("abc\0def", 7));
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->offset, 3u);
}

}  // namespace
