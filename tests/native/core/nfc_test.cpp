// core/text: the engine's own Unicode NFC against Python's
// unicodedata.normalize('NFC', ...) on the vectors of
// fixtures/unicode/nfc-vectors.txt (scripts/dev/gen-nfc-vectors.py), and the
// properties that hold for every code point.
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "assess/core/text.hpp"

using assess::canonical_combining_class;
using assess::canonical_decomposition;
using assess::nfc;
using assess::nfc_quick_check;

namespace {

std::string utf8(std::u32string_view cps) {
  std::string out;
  for (char32_t cp : cps) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::u32string parse_hex(const std::string& field) {
  std::u32string out;
  std::istringstream in(field);
  std::string h;
  while (in >> h) out += static_cast<char32_t>(std::stoul(h, nullptr, 16));
  return out;
}

std::string hex(std::u32string_view cps) {
  std::string out;
  char buf[16];
  for (char32_t cp : cps) {
    std::snprintf(buf, sizeof buf, "%s%04X", out.empty() ? "" : " ", static_cast<unsigned>(cp));
    out += buf;
  }
  return out;
}

struct Vector {
  std::string group;
  std::u32string source, expected;
};

struct Vectors {
  std::string unicode;
  std::vector<Vector> cases;
};

const Vectors& vectors() {
  static const Vectors v = [] {
    Vectors out;
    std::ifstream in(std::string(ASSESS_SOURCE_DIR) + "/fixtures/unicode/nfc-vectors.txt");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("# unicode ", 0) == 0) out.unicode = line.substr(10);
      if (line.empty() || line[0] == '#') continue;
      const std::size_t a = line.find(';'), b = line.find(';', a + 1);
      out.cases.push_back({line.substr(0, a), parse_hex(line.substr(a + 1, b - a - 1)), parse_hex(line.substr(b + 1))});
    }
    return out;
  }();
  return v;
}

bool is_scalar(char32_t cp) { return cp < 0xD800 || (cp > 0xDFFF && cp <= 0x10FFFF); }

TEST(Nfc, VectorsAreOfTheTablesUnicodeVersion) {
  EXPECT_EQ(vectors().unicode, assess::unicode_version());
  std::map<std::string, int> groups;
  for (const auto& c : vectors().cases) ++groups[c.group];
  for (const char* g : {"latin", "cyrillic", "kazakh", "words", "reorder", "exclusions", "hangul", "every", "random"})
    EXPECT_GE(groups[g], 40) << g;
}

TEST(Nfc, MatchesPythonOnEveryVector) {
  int changed = 0;
  for (const auto& c : vectors().cases) {
    const std::string where = c.group + ": " + hex(c.source);
    EXPECT_EQ(hex(nfc(std::u32string_view(c.source))), hex(c.expected)) << where;
    EXPECT_EQ(nfc(utf8(c.source)), utf8(c.expected)) << where;
    // NFC is idempotent, and the quick check never says yes to a text NFC changes.
    EXPECT_EQ(nfc(utf8(c.expected)), utf8(c.expected)) << where;
    if (nfc_quick_check(utf8(c.source))) {
      EXPECT_EQ(c.source, c.expected) << where;
    }
    changed += c.source != c.expected;
  }
  EXPECT_GT(changed, 1000);
}

TEST(Nfc, EveryCodePoint) {
  // For every scalar value: NFC of it and of its canonical decomposition
  // agree, NFC is stable, and a quick-check yes means NFC leaves it alone.
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (!is_scalar(cp)) continue;
    const std::u32string one(1, cp);
    const std::u32string n = nfc(std::u32string_view(one));
    const std::u32string d = canonical_decomposition(cp);
    ASSERT_EQ(nfc(std::u32string_view(d)), n) << hex(one);
    ASSERT_EQ(nfc(std::u32string_view(n)), n) << hex(one);
    for (char32_t x : d) ASSERT_EQ(canonical_decomposition(x), std::u32string(1, x)) << hex(one);
    if (nfc_quick_check(utf8(one))) {
      ASSERT_EQ(n, one) << hex(one);
    }
  }
}

TEST(Nfc, KazakhAndRussianLetters) {
  EXPECT_EQ(nfc("\xD0\x98\xCC\x86"), "\xD0\x99");                      // И + U+0306 -> Й
  EXPECT_EQ(nfc("\xD0\xB5\xCC\x88\xD0\xBB\xD0\xBA\xD0\xB0"), "ёлка");  // е + U+0308 -> ё
  EXPECT_EQ(nfc("Ақтөбе Әсел Ұлытау Үржар Һ І ғ ң"), "Ақтөбе Әсел Ұлытау Үржар Һ І ғ ң");
  EXPECT_TRUE(nfc_quick_check("Ақтөбе Әсел Ұлытау Үржар Һ І ғ ң Йошкар-Ола ёлка"));
  EXPECT_FALSE(nfc_quick_check("\xD0\x98\xCC\x86"));
  EXPECT_EQ(canonical_combining_class(0x306), 230U);
  EXPECT_EQ(canonical_combining_class(0x323), 220U);
  EXPECT_EQ(canonical_combining_class(U'Й'), 0U);
}

TEST(Nfc, OrderAndBlocking) {
  // a + dot below + acute in either order: both marks reordered, then a +
  // dot below composes (ạ) and the acute stays.
  EXPECT_EQ(nfc(U"a\u0301\u0323"), U"\u1EA1\u0301");
  EXPECT_EQ(nfc(U"a\u0323\u0301"), U"\u1EA1\u0301");
  // Two acutes: the second is blocked by the first (same class).
  EXPECT_EQ(nfc(U"e\u0301\u0301"), U"\u00E9\u0301");
  // A text may begin with a combining mark.
  EXPECT_EQ(nfc(U"\u0301a\u0308"), U"\u0301\u00E4");
  // Exclusions decompose and do not compose again; singletons map.
  EXPECT_EQ(nfc(U"\u0958"), U"\u0915\u093C");
  EXPECT_EQ(nfc(U"\u212B"), U"\u00C5");
  EXPECT_EQ(nfc(U"\u2126"), U"\u03A9");
  EXPECT_EQ(nfc(U"\u0344"), U"\u0308\u0301");
  // Hangul: L V T -> LVT, LV + T -> LVT.
  EXPECT_EQ(nfc(U"\u1100\u1161\u11A8"), U"\uAC01");
  EXPECT_EQ(nfc(U"\uAC00\u11A8"), U"\uAC01");
  EXPECT_EQ(canonical_decomposition(0xAC01), U"\u1100\u1161\u11A8");
}

TEST(Nfc, AsciiAndBadBytesAreKept) {
  EXPECT_EQ(nfc(""), "");
  EXPECT_TRUE(nfc_quick_check(""));
  const std::string ascii = "Practical use, 5/5.\r\n\tok";
  EXPECT_TRUE(nfc_quick_check(ascii));
  EXPECT_EQ(nfc(ascii), ascii);
  for (const std::string& bad : {std::string("a\xC0\xAF"), std::string("\xED\xA0\x80"), std::string("x\xCC"),
                                 std::string("\xF4\x90\x80\x80"), std::string("e\xCC\x81\xFF")}) {
    EXPECT_FALSE(nfc_quick_check(bad));
    EXPECT_EQ(nfc(bad), bad);
  }
}

TEST(Nfc, RandomBytesAreKeptOrNormalisedOnce) {
  // Random bytes, mostly pieces of UTF-8 characters (cut short, overlong,
  // surrogates among them): nfc never reads outside the text, returns bytes
  // that are not UTF-8 as they are, and is stable on what it returns.
  std::mt19937 rng(12);
  const unsigned char pieces[] = {'a',  'E',  ' ',  0xC3, 0xA9, 0xCC, 0x81, 0x88, 0xD0, 0x98, 0xB9, 0xE1,
                                  0x84, 0x80, 0x85, 0xA1, 0xED, 0xA0, 0xF0, 0x9D, 0x85, 0x9E, 0xFF, 0xC0};
  int valid = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string text(rng() % 12, ' ');
    for (char& c : text) c = static_cast<char>(pieces[rng() % sizeof pieces]);
    const std::string n = nfc(text);
    if (n == text && !nfc_quick_check(text)) continue;  // not UTF-8, or NFC already
    EXPECT_EQ(nfc(n), n);
    ++valid;
  }
  EXPECT_GT(valid, 1000);
}

}  // namespace
