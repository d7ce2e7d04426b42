// core/text: UTF-8-safe truncation (a cut never splits a character) and
// quoting, as messages show a user's text.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "assess/core/text.hpp"

using assess::clipped;
using assess::quote;
using assess::utf8_prefix;

namespace {

TEST(Utf8Prefix, AsciiIsSubstr) {
  const std::string s = "abcdefghij";
  for (std::size_t n = 0; n <= 12; ++n) EXPECT_EQ(utf8_prefix(s, n), s.substr(0, n)) << n;
}

TEST(Utf8Prefix, TwoByteCharacterAtTheCut) {
  const std::string s = "ab\xD3\x99z";  // ab ә z: ә is 2 bytes (bytes 2-3)
  EXPECT_EQ(utf8_prefix(s, 2), "ab");
  EXPECT_EQ(utf8_prefix(s, 3), "ab");  // would end inside ә
  EXPECT_EQ(utf8_prefix(s, 4), "ab\xD3\x99");
  EXPECT_EQ(utf8_prefix(s, 5), s);
}

TEST(Utf8Prefix, ThreeByteCharacterAtTheCut) {
  const std::string s =
      "a\xE2\x82\xAC"
      "b";  // a € b: € is 3 bytes (bytes 1-3)
  EXPECT_EQ(utf8_prefix(s, 1), "a");
  EXPECT_EQ(utf8_prefix(s, 2), "a");
  EXPECT_EQ(utf8_prefix(s, 3), "a");
  EXPECT_EQ(utf8_prefix(s, 4), "a\xE2\x82\xAC");
}

TEST(Utf8Prefix, FourByteCharacterAtTheCut) {
  const std::string s = "xy\xF0\x9F\x98\x80";  // x y 😀: 😀 is 4 bytes (bytes 2-5)
  for (std::size_t n = 2; n <= 5; ++n) EXPECT_EQ(utf8_prefix(s, n), "xy") << n;
  EXPECT_EQ(utf8_prefix(s, 6), s);
  EXPECT_EQ(utf8_prefix("\xF0\x9F\x98\x80", 3), "");  // nothing whole fits
}

TEST(Utf8Prefix, NotUtf8IsCutAsBytes) {
  // Five continuation bytes in a row are no character: the cut stays at the byte.
  const std::string s = "\x80\x80\x80\x80\x80\x80";
  EXPECT_EQ(utf8_prefix(s, 5), s.substr(0, 5));
}

TEST(Clipped, EllipsisOnlyWhenCut) {
  EXPECT_EQ(clipped("abc", 3), "abc");
  EXPECT_EQ(clipped("abcd", 3), "abc...");
  EXPECT_EQ(clipped("", 0), "");
  // The cut backs off a 2-, 3- and 4-byte character whole.
  EXPECT_EQ(clipped("ab\xD3\x99z", 3), "ab...");
  EXPECT_EQ(clipped("a\xE2\x82\xAC"
                    "b",
                    3),
            "a...");
  EXPECT_EQ(clipped("xy\xF0\x9F\x98\x80", 5), "xy...");
  EXPECT_EQ(clipped("xy\xF0\x9F\x98\x80", 6), "xy\xF0\x9F\x98\x80");
}

TEST(Quote, DoubleQuotesAround) {
  EXPECT_EQ(quote("edtech"), "\"edtech\"");
  EXPECT_EQ(quote(""), "\"\"");
  EXPECT_EQ(quote("a\"b"), "\"a\"b\"");  // nothing escaped
}

}  // namespace
