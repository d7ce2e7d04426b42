// Response and rating data: the CSV reader, encoding checks, pseudonymous
// codes and their check character, pre/post linking, and the imports of
// fixtures/import/ (good and bad files). Expected values come from the
// fixture generator (fixtures/import/make_fixtures.py, with its own
// implementation of the check character) and from hand computation.
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
#include "json_compare.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::data;
namespace ins = assess::instrument;

namespace {

std::string source_path(const std::string& rel) { return (fs::path(ASSESS_SOURCE_DIR) / rel).string(); }
std::string read(const std::string& rel) { return assess::test::read_file(source_path(rel)); }
Json load(const std::string& rel) { return Json::parse(read(rel)); }

const ins::Instrument& competency() {
  static ins::Instrument i = ins::parse_instrument(load("rubrics/competency-12.v1.json")).value();
  return i;
}
const ins::Study& study() {
  static ins::Study s = ins::parse_study(load("rubrics/study.microcredentials.v1.json")).value();
  return s;
}
const ins::Rubric& panel() {
  static ins::Rubric r = ins::parse_rubric(load("rubrics/expert-panel.v1.json")).value();
  return r;
}

// Files kept alive for the InputFile views.
struct Files {
  std::vector<std::string> texts;
  std::vector<InputFile> inputs;
  Files(std::initializer_list<std::string> paths) {
    texts.reserve(paths.size());
    for (const auto& p : paths) {
      texts.push_back(read("fixtures/import/" + p));
      inputs.push_back(InputFile{fs::path(p).filename().string(), texts.back()});
    }
  }
};

std::vector<std::vector<std::string>> parse_all(std::string_view text, char delim = 0) {
  CsvReader r(text, delim);
  std::vector<std::string_view> f;
  std::vector<std::vector<std::string>> out;
  while (r.next(f)) out.emplace_back(f.begin(), f.end());
  EXPECT_FALSE(r.failed()) << r.error().message;
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

std::vector<const Problem*> of_code(const ImportReport& rep, const std::string& code) {
  std::vector<const Problem*> out;
  for (const auto& p : rep.problems) {
    if (p.code == code) out.push_back(&p);
  }
  return out;
}

std::string all_messages(const ImportReport& rep) {
  std::string s;
  for (const auto& p : rep.problems) s += "  [" + p.code + "] " + p.message + "\n";
  return s;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Independent check character (the same definition as docs/formats.md).
const std::vector<std::string> kAlphabet = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K",
    "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ә", "Б", "Г", "Ғ", "Д", "Ж",
    "З", "И", "Й", "Қ", "Л", "Ң", "Ө", "П", "Ұ", "Ф", "Ц", "Ч", "Ш", "Щ", "Ы", "Ь", "Э", "Ю", "Я"};

std::string join(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += kAlphabet[x];
  return s;
}

// ---- CSV reader ----------------------------------------------------------------------------------

TEST(Csv, CommaLfAndFinalLineWithoutBreak) {
  EXPECT_EQ(parse_all("a,b,c\n1,2,3\n4,5,6"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}, {"4", "5", "6"}}));
}

TEST(Csv, BomCrlfSemicolon) {
  std::string t = "\xEF\xBB\xBF" "code;wave\r\nAB;pre\r\n";
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
  EXPECT_EQ(parse_all(t), (Rows{{"a", "b", "c"}, {"x, y", "line 1\r\nline 2", "she said \"hi\""}, {"", "plain", "\""}}));
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

// ---- encodings -----------------------------------------------------------------------------------

TEST(Encoding, ValidUtf8WithAndWithoutBom) {
  EXPECT_FALSE(check_utf8("plain ascii, long enough for the fast path"));
  EXPECT_FALSE(check_utf8("\xEF\xBB\xBF" "Қазақ тілі, русский, English, 𝔘"));
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
  auto be = check_utf8(std::string("\xFE\xFF\x00" "a", 4));
  ASSERT_TRUE(be);
  EXPECT_EQ(be->guess, "UTF-16 (big-endian)");
  auto xlsx = check_utf8(std::string("PK\x03\x04rest", 8));
  ASSERT_TRUE(xlsx);
  EXPECT_TRUE(contains(encoding_advice(*xlsx), "Excel workbook"));
  auto nul = check_utf8(std::string("abc\0def", 7));
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->offset, 3u);
}

// ---- codes ---------------------------------------------------------------------------------------

TEST(Codes, CheckCharacterByHand) {
  // A = 10, B = 11: S = 2*10 + 11 = 31; check = (1 - 2*31) mod 61 = 0.
  EXPECT_EQ(check_character("AB"), "0");
  // "0": S = 0, check = 1.
  EXPECT_EQ(check_character("0"), "1");
  // Я = 60: S = 60, check = (1 - 120) mod 61 = 3.
  EXPECT_EQ(check_character("Я"), "3");
  EXPECT_EQ(check_character("not normalised"), "");
}

TEST(Codes, FixtureCodesAgreeWithTheIndependentImplementation) {
  // make_fixtures.py computed these check characters with its own code.
  std::string pre = read("fixtures/import/responses/pre_semicolon_bom_crlf.csv");
  for (const char* body : {"AI07AL", "ӘC23ҚЫ", "BE30TU"}) {
    std::string code = std::string(body) + "-" + check_character(body);
    EXPECT_TRUE(contains(pre, code)) << code;
  }
}

TEST(Codes, NormalisationCaseSpacesPunctuation) {
  EXPECT_EQ(normalise_text(" ai-07 al! ").value(), "AI07AL");
  EXPECT_EQ(normalise_text("a.b,c;d:e'f\"g(h)i_j/k\\l").value(), "ABCDEFGHIJKL");
  EXPECT_EQ(normalise_text("A\u00A0B\u2009C\u200BD\uFEFF").value(), "ABCD");  // NBSP, thin space, zero-width, BOM
  EXPECT_EQ(normalise_text("№5 «x» — y").value(), "5XY");
  EXPECT_EQ(normalise_text("ＡＢ１２").value(), "AB12");  // full-width forms
}

TEST(Codes, KazakhAndCyrillicUpperCase) {
  EXPECT_EQ(normalise_text("әғқңөұ").value(), "ӘҒҚҢӨҰ");
  EXPECT_EQ(normalise_text("бгджзийлпфцчшщыьэюя").value(), "БГДЖЗИЙЛПФЦЧШЩЫЬЭЮЯ");
  EXPECT_EQ(normalise_text("ӘҒҚҢӨҰ").value(), "ӘҒҚҢӨҰ");
}

TEST(Codes, LookAlikesBecomeLatin) {
  // Cyrillic А В Е К М Н О Р С Т Х У and Kazakh Ү Һ І, upper and lower case.
  EXPECT_EQ(normalise_text("АВЕКМНОРСТХУҮҺІ").value(), "ABEKMHOPCTXYYHI");
  EXPECT_EQ(normalise_text("авекмнорстхуүһі").value(), "ABEKMHOPCTXYYHI");
  EXPECT_EQ(normalise_text("ЁёЇїЈјЅѕЎў").value(), "EEIIJJSSYY");
  EXPECT_EQ(normalise_text("Ъъ").value(), "ЬЬ");
  EXPECT_EQ(normalise_text("Əə Ɵɵ").value(), "ӘӘӨӨ");  // Latin schwa and barred o
  // The same student typing with the other keyboard layout gets the same code.
  EXPECT_EQ(make_code({"АЙ", "07", "АЛ"}).value().text(), make_code({"AЙ", "07", "AЛ"}).value().text());
  EXPECT_EQ(make_code({"Aibek"}).value().text(), make_code({"Аibеk"}).value().text());
}

TEST(Codes, LatinDiacriticsAndDecomposedLetters) {
  EXPECT_EQ(normalise_text("ÄäÖöÜüÑñŞşĞğİıŪūÇç").value(), "AAOOUUNNSSGGIIUUCC");
  EXPECT_EQ(normalise_text("Æß").value(), "AESS");
  EXPECT_EQ(normalise_text("И\u0306").value(), "Й");        // decomposed Й
  EXPECT_EQ(normalise_text("и\u0306").value(), "Й");
  EXPECT_EQ(normalise_text("Е\u0308").value(), "E");        // decomposed Ё
  EXPECT_EQ(normalise_text("A\u0301").value(), "A");        // combining acute dropped
}

TEST(Codes, OtherCharactersAreErrors) {
  for (const char* bad : {"α", "中", "☺", "ש", "Ђ"}) {
    auto r = normalise_text(std::string("A") + bad, "part 1");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(contains(r.error().message, "part 1 contains the character")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "U+")) << r.error().message;
  }
  EXPECT_FALSE(normalise_text("\xC0\x80").ok());
}

TEST(Codes, MakeCodeJoinsPartsAndAppendsTheCheck) {
  auto c = make_code({"ai", "07", "al"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->body, "AI07AL");
  EXPECT_EQ(c->check, check_character("AI07AL"));
  EXPECT_EQ(c->text(), "AI07AL-" + c->check);
  auto empty = make_code({"ai", " - "});
  ASSERT_FALSE(empty.ok());
  EXPECT_TRUE(contains(empty.error().message, "part 2")) << empty.error().message;
  EXPECT_FALSE(make_code({}).ok());
  EXPECT_FALSE(make_code({std::string(60, 'A')}).ok());
}

TEST(Codes, MakeCodeFromStudyQuestions) {
  const auto& q = study().code_questions;  // mother (letters 2), birthday (digits 2, 1..31), birthplace (letters 2)
  ASSERT_EQ(q.size(), 3u);
  auto c = make_code(q, {"Айгүл", "7", "Алматы"});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->body, "AЙ07AЛ");
  EXPECT_EQ(c->text(), make_code({"AЙ", "07", "AЛ"})->text());
  EXPECT_EQ(make_code(q, {"aigul", "07", "almaty"})->body, "AI07AL");
  auto few = make_code(q, {"А", "7", "Алматы"});
  ASSERT_FALSE(few.ok());
  EXPECT_TRUE(contains(few.error().message, "has 1 letter, but the code takes the first 2")) << few.error().message;
  auto day = make_code(q, {"Айгүл", "32", "Алматы"});
  ASSERT_FALSE(day.ok());
  EXPECT_TRUE(contains(day.error().message, "between 1 and 31")) << day.error().message;
  EXPECT_FALSE(make_code(q, {"Ай5гүл", "7", "Алматы"}).ok());
  EXPECT_FALSE(make_code(q, {"Айгүл", "7a", "Алматы"}).ok());
  EXPECT_FALSE(make_code(q, {"Айгүл", "7"}).ok());
}

TEST(Codes, NormaliseCodeVerifiesTheCheck) {
  std::string check = check_character("AI07AL");
  auto ok = normalise_code(" ai 07 al - " + check);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->body, "AI07AL");
  EXPECT_EQ(ok->check, check);
  // Cyrillic look-alikes in a typed code.
  auto cyr = normalise_code("АІ07АL-" + check);
  ASSERT_TRUE(cyr.ok());
  EXPECT_EQ(cyr->body, "AI07AL");
  // A wrong check symbol is caught and the message says the right one.
  std::string wrong = check == "0" ? "1" : "0";
  CodeIssue issue;
  auto bad = normalise_code("AI07AL-" + wrong, CheckMode::automatic, &issue);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(issue, CodeIssue::check_mismatch);
  EXPECT_TRUE(contains(bad.error().message, "has the check character " + check)) << bad.error().message;
}

TEST(Codes, CodesWithoutCheckAreToldApartByTheHyphen) {
  // No hyphen: no check symbol, the whole text is the code.
  auto plain = normalise_code("AI07AL");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->check, "");
  // More than one symbol after the last hyphen: not a check symbol either.
  auto parts = normalise_code("S-0012");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->body, "S0012");
  EXPECT_EQ(parts->check, "");
  // One symbol after a hyphen is a check symbol; with code_check none it is not.
  CodeIssue issue;
  std::string c = check_character("S001");
  std::string wrong = c == "2" ? "3" : "2";
  EXPECT_FALSE(normalise_code("S001-" + wrong, CheckMode::automatic, &issue).ok());
  EXPECT_EQ(issue, CodeIssue::check_mismatch);
  auto none = normalise_code("S001-" + wrong, CheckMode::none);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->body, "S001" + wrong);
  EXPECT_EQ(none->check, "");
  EXPECT_FALSE(normalise_code("AI07AL", CheckMode::required, &issue).ok());
  EXPECT_EQ(issue, CodeIssue::check_missing);
  EXPECT_TRUE(normalise_code("AI07AL-" + check_character("AI07AL"), CheckMode::required).ok());
  EXPECT_FALSE(normalise_code(" - ").ok());
  EXPECT_FALSE(normalise_code("").ok());
}

// Every single substitution and every adjacent (and jump) transposition of
// distinct symbols is detected, over random codes of the study's lengths.
TEST(Codes, CheckDetectsAllSubstitutionsAndTranspositions) {
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> sym(0, 60), len(4, 16);
  std::size_t checked = 0;
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<int> body(static_cast<std::size_t>(len(rng)));
    for (int& s : body) s = sym(rng);
    std::string body_text = join(body);
    std::string check = check_character(body_text);
    ASSERT_FALSE(check.empty());
    int cv = static_cast<int>(std::find(kAlphabet.begin(), kAlphabet.end(), check) - kAlphabet.begin());
    std::vector<int> full = body;
    full.push_back(cv);
    auto written = [&](const std::vector<int>& v) {
      std::vector<int> b(v.begin(), v.end() - 1);
      return join(b) + "-" + kAlphabet[v.back()];
    };
    ASSERT_TRUE(normalise_code(written(full)).ok()) << written(full);
    for (std::size_t i = 0; i < full.size(); ++i) {
      for (int s = 0; s < 61; ++s) {
        if (s == full[i]) continue;
        auto v = full;
        v[i] = s;
        CodeIssue issue;
        ASSERT_FALSE(normalise_code(written(v), CheckMode::automatic, &issue).ok()) << written(v);
        ASSERT_EQ(issue, CodeIssue::check_mismatch);
        ++checked;
      }
      for (std::size_t d : {1u, 2u}) {
        if (i + d >= full.size() || full[i] == full[i + d]) continue;
        auto v = full;
        std::swap(v[i], v[i + d]);
        ASSERT_FALSE(normalise_code(written(v)).ok()) << written(v);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 80000u);
}

// ---- linking -------------------------------------------------------------------------------------

// A table with only codes, waves and programmes.
struct TableBuilder {
  ResponseTable t;
  TableBuilder() {
    t.waves = {"pre", "post"};
    t.groups = {""};
    t.langs = {""};
    t.files = {"t.csv"};
    t.file_formats = {FileFormat::csv};
  }
  TableBuilder& add(const std::string& code, const std::string& wave, const std::string& programme = "p1") {
    auto c = normalise_code(code);
    EXPECT_TRUE(c.ok()) << code;
    int p = t.programme_index(programme);
    if (p < 0) {
      t.programmes.push_back(programme);
      p = static_cast<int>(t.programmes.size() - 1);
    }
    t.code.push_back(c->body);
    t.check.push_back(c->check);
    t.programme.push_back(static_cast<std::uint32_t>(p));
    t.wave.push_back(static_cast<std::uint32_t>(t.wave_index(wave)));
    t.group.push_back(0);
    t.lang.push_back(0);
    t.submitted.emplace_back();
    t.source.push_back(SourceRow{0, static_cast<std::uint32_t>(t.code.size() + 1)});
    return *this;
  }
};

std::vector<std::pair<std::string, std::string>> pair_codes(const LinkReport& r, const ResponseTable& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : r.pairs) out.emplace_back(t.code_text(p.pre), t.code_text(p.post));
  return out;
}

TEST(Linking, ExactCodesLinkAndTheCheckIsNotPartOfTheKey) {
  TableBuilder b;
  std::string ck = check_character("AI07AL");
  b.add("AI07AL-" + ck, "pre").add("BB11CC", "pre").add("ai07al", "post").add("ZZ99", "post");
  LinkReport r = link(b.t);
  ASSERT_EQ(r.matched(), 1u);
  EXPECT_EQ(r.pairs[0].pre, 0u);
  EXPECT_EQ(r.pairs[0].post, 2u);
  EXPECT_FALSE(r.pairs[0].by_override);
  EXPECT_EQ(r.unmatched_pre, (std::vector<std::size_t>{1}));
  EXPECT_EQ(r.unmatched_post, (std::vector<std::size_t>{3}));
  EXPECT_TRUE(r.near_matches.empty());
  EXPECT_TRUE(r.problems.empty());
}

TEST(Linking, NearMatchesOfEveryKindAreListedNotLinked) {
  TableBuilder b;
  b.add("AB12CD", "pre").add("AB12CE", "post");    // substitution at 6
  b.add("QQ34RR", "pre").add("QQ43RR", "post");    // transposition at 3
  b.add("XY56ZW", "pre").add("XY567ZW", "post");   // insertion before 5
  b.add("MN78OP", "pre").add("MN7OP", "post");     // deletion of 5
  b.add("ӘБ90ГД", "pre").add("ӘБ90ГЖ", "post");    // Cyrillic: one symbol, not two bytes
  b.add("FAR111", "pre").add("NEAR22", "post");    // far apart
  LinkReport r = link(b.t);
  EXPECT_EQ(r.matched(), 0u);
  EXPECT_EQ(r.unmatched_pre.size(), 6u);
  EXPECT_EQ(r.unmatched_post.size(), 6u);
  ASSERT_EQ(r.near_matches.size(), 5u);
  std::map<std::string, std::pair<EditKind, std::size_t>> got;
  for (const auto& m : r.near_matches) got[b.t.code[m.pre]] = {m.kind, m.position};
  EXPECT_EQ(got["AB12CD"], std::make_pair(EditKind::substitution, std::size_t{6}));
  EXPECT_EQ(got["QQ34RR"], std::make_pair(EditKind::transposition, std::size_t{3}));
  EXPECT_EQ(got["XY56ZW"], std::make_pair(EditKind::insertion, std::size_t{5}));
  EXPECT_EQ(got["MN78OP"], std::make_pair(EditKind::deletion, std::size_t{4}));
  EXPECT_EQ(got["ӘБ90ГД"], std::make_pair(EditKind::substitution, std::size_t{6}));
}

TEST(Linking, OverridesConfirmNearMatches) {
  TableBuilder b;
  b.add("AB12CD", "pre").add("AB12CE", "post").add("SAME1", "pre").add("SAME1", "post");
  LinkReport r = link(b.t, {{"ab12cd", "AB12CE-" + check_character("AB12CE")}});
  EXPECT_TRUE(r.problems.empty()) << (r.problems.empty() ? "" : r.problems[0].message);
  ASSERT_EQ(r.matched(), 2u);
  EXPECT_EQ(r.matched_by_override, 1u);
  EXPECT_TRUE(r.pairs[0].by_override);
  EXPECT_EQ(pair_codes(r, b.t)[0], std::make_pair(std::string("AB12CD"), std::string("AB12CE")));
  EXPECT_TRUE(r.unmatched_pre.empty());
  EXPECT_TRUE(r.unmatched_post.empty());
  EXPECT_TRUE(r.near_matches.empty());
}

TEST(Linking, OverrideErrorsNameTheLink) {
  TableBuilder b;
  b.add("AB12CD", "pre").add("AB12CE", "post").add("SAME1", "pre").add("SAME1", "post");
  b.add("PP11", "pre", "p1").add("PP12", "post", "p2");
  LinkReport r = link(b.t, {
                               {"NOPE99", "AB12CE"},              // unknown pre code
                               {"SAME1", "AB12CE"},               // pre already matched exactly
                               {"AB12CD", "AB12CE"},              // fine
                               {"AB12CD", "AB12CE"},              // again: already linked by links[2]
                               {"PP11", "PP12"},                  // two programmes
                               {"AB☺", "AB12CE"},                 // not a code
                               {"AB12CE", "AB12CD"},              // sides swapped: no such pre / post
                           });
  std::map<std::string, int> codes;
  for (const auto& p : r.problems) ++codes[p.code];
  EXPECT_EQ(codes["override_unknown_code"], 3);
  // links[1].pre, links[3].pre, links[3].post, links[5].post (linked by links[2])
  EXPECT_EQ(codes["override_already_linked"], 4);
  EXPECT_EQ(codes["override_programme_mismatch"], 1);
  EXPECT_EQ(codes["override_invalid"], 1);
  EXPECT_EQ(r.matched_by_override, 1u);
  bool named = false;
  for (const auto& p : r.problems) {
    if (p.code == "override_unknown_code" && p.field == "/links/0/pre") {
      named = contains(p.message, "links[0].pre") && contains(p.message, "NOPE99");
    }
  }
  EXPECT_TRUE(named);
}

TEST(Linking, SameCodeInTwoProgrammesIsAConflict) {
  TableBuilder b;
  b.add("CODE1", "pre", "p1").add("CODE1", "post", "p2");
  LinkReport r = link(b.t);
  EXPECT_EQ(r.matched(), 0u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].code, "programme_conflict");
  EXPECT_TRUE(contains(r.problems[0].message, "p1") && contains(r.problems[0].message, "p2"));
  EXPECT_EQ(r.unmatched_pre.size(), 1u);
  EXPECT_EQ(r.unmatched_post.size(), 1u);
}

// The deletion-neighbourhood index finds exactly the pairs a brute-force
// comparison finds, on short codes over few symbols (many near matches).
TEST(Linking, NearMatchIndexAgreesWithBruteForce) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> sym(0, 3), len(3, 5);
  std::set<std::string> pre_codes, post_codes;
  while (pre_codes.size() < 150) {
    std::string s;
    for (int i = len(rng); i > 0; --i) s += "ABCD"[sym(rng)];
    pre_codes.insert(s);
  }
  while (post_codes.size() < 150) {
    std::string s;
    for (int i = len(rng); i > 0; --i) s += "ABCD"[sym(rng)];
    if (!pre_codes.count(s)) post_codes.insert(s);
  }
  TableBuilder b;
  for (const auto& s : pre_codes) b.add(s, "pre");
  for (const auto& s : post_codes) b.add(s, "post");
  LinkReport r = link(b.t);
  std::set<std::pair<std::string, std::string>> fast, slow;
  for (const auto& m : r.near_matches) fast.emplace(b.t.code[m.pre], b.t.code[m.post]);
  auto osa = [](const std::string& a, const std::string& c) {
    std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(c.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= c.size(); ++j) d[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= c.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != c[j - 1])});
        if (i > 1 && j > 1 && a[i - 1] == c[j - 2] && a[i - 2] == c[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.size()][c.size()];
  };
  for (const auto& a : pre_codes) {
    for (const auto& c : post_codes) {
      if (osa(a, c) == 1) slow.emplace(a, c);
    }
  }
  EXPECT_GT(slow.size(), 100u);
  EXPECT_EQ(fast, slow);
  EXPECT_EQ(r.near_matches_total, slow.size());
}

TEST(Linking, AHundredThousandCodesQuickly) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> sym(0, 60);
  TableBuilder b;
  const int n = 100000;
  std::vector<std::string> bodies;
  std::set<std::string> seen;
  while (static_cast<int>(bodies.size()) < n) {
    std::vector<int> v(8);
    for (int& s : v) s = sym(rng);
    std::string s = join(v);
    if (seen.insert(s).second) bodies.push_back(s);
  }
  for (int i = 0; i < n; ++i) b.add(bodies[i], "pre");
  // 90% come back unchanged, 5% mistyped (one substitution), 5% new.
  for (int i = 0; i < n; ++i) {
    std::vector<int> v;
    std::string s = bodies[i];
    if (i % 20 == 1) {
      std::string sym_s;
      code_symbols(s, sym_s);
      sym_s[3] = static_cast<char>((sym_s[3] + 1) % 61);
      std::vector<int> w(sym_s.begin(), sym_s.end());
      s = join(w);
    } else if (i % 20 == 2) {
      s = "NEW" + std::to_string(i);
    }
    b.add(s, "post");
  }
  auto t0 = std::chrono::steady_clock::now();
  LinkReport r = link(b.t);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.matched(), static_cast<std::size_t>(n - n / 10));
  EXPECT_EQ(r.unmatched_pre.size(), static_cast<std::size_t>(n / 10));
  EXPECT_GE(r.near_matches.size(), static_cast<std::size_t>(n / 20));
  EXPECT_LT(seconds, 10.0);
  std::printf("[ linking ] %d pre + %d post codes in %.3f s\n", n, n, seconds);
}

// ---- response import -----------------------------------------------------------------------------

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
  EXPECT_EQ(t->code_text(0), "AI07AL-" + check_character("AI07AL"));
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
  LinkReport confirmed = link(*t, {{"BE30TU-" + check_character("BE30TU"), "BE30UT"}});
  EXPECT_EQ(confirmed.matched(), 6u);
  EXPECT_TRUE(confirmed.unmatched_pre.empty());
}

TEST(ImportResponses, WithoutAStudyProgrammesAreFreeAndWavesArePrePost) {
  Files f{"responses/pre_semicolon_bom_crlf.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), nullptr, f.inputs, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(rep.errors, 0u) << all_messages(rep);
  EXPECT_EQ(t->programmes, (std::vector<std::string>{"teacher-mediator", "teacher-facilitator", "andragogue-educator"}));
  EXPECT_EQ(t->waves, (std::vector<std::string>{"pre", "post"}));
}

TEST(ImportResponses, EncodingProblemsRejectTheFileWithAdvice) {
  Files f{"bad/cp1251.csv", "bad/utf16.csv", "bad/utf16_nobom.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
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
  EXPECT_TRUE(contains(rep.problems[1].message, "UTF-16 (little-endian)")) << rep.problems[1].message;
  EXPECT_TRUE(contains(rep.problems[2].message, "UTF-16")) << rep.problems[2].message;
}

TEST(ImportResponses, EmptyAndHeaderOnlyFiles) {
  Files f{"bad/empty.csv", "bad/header_only.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(rep.problems.size(), 2u) << all_messages(rep);
  EXPECT_EQ(rep.problems[0].code, "empty_file");
  EXPECT_EQ(rep.problems[0].severity, Severity::file);
  EXPECT_EQ(rep.problems[1].code, "header_only");
  EXPECT_EQ(rep.problems[1].severity, Severity::warning);
  EXPECT_EQ(rep.files_rejected, 1u);
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

TEST(ImportResponses, ValuesOutsideTheScaleNonNumbersAndNonIntegers) {
  Files f{"bad/values.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  auto out = of_code(rep, "out_of_scale");
  ASSERT_EQ(out.size(), 2u) << all_messages(rep);
  EXPECT_EQ(out[0]->row, 2u);
  EXPECT_EQ(out[0]->column, 5u);
  EXPECT_EQ(out[0]->field, "ET1");
  EXPECT_TRUE(contains(out[0]->message, "values.csv row 2, column 5 (ET1): the answer 7 is outside the scale"))
      << out[0]->message;
  EXPECT_EQ(out[1]->field, "MF2");
  auto nan = of_code(rep, "not_a_number");
  ASSERT_EQ(nan.size(), 2u) << all_messages(rep);
  EXPECT_EQ(nan[0]->row, 3u);
  EXPECT_TRUE(contains(nan[1]->message, "decimals with a point")) << nan[1]->message;
  auto frac = of_code(rep, "not_integer");
  ASSERT_EQ(frac.size(), 1u);
  EXPECT_EQ(frac[0]->row, 4u);
  // Only the clean row (spaces, empty, NA and 5.0 are fine) is kept.
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(t->source[0].row, 5u);
  EXPECT_EQ(t->answer(0, 0), 4);
  EXPECT_TRUE(std::isnan(t->answer(0, 1)));
  EXPECT_TRUE(std::isnan(t->answer(0, 2)));
  EXPECT_EQ(t->answer(0, 11), 5);
  EXPECT_EQ(rep.records_rejected, 3u);
}

TEST(ImportResponses, RaggedRowsAreLeftOutAndBlankRowsSkipped) {
  Files f{"bad/ragged.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  auto ragged = of_code(rep, "ragged_row");
  ASSERT_EQ(ragged.size(), 2u) << all_messages(rep);
  EXPECT_EQ(ragged[0]->row, 2u);
  EXPECT_TRUE(contains(ragged[0]->message, "has 15 fields, but the header has 16")) << ragged[0]->message;
  EXPECT_EQ(ragged[1]->row, 3u);
  EXPECT_EQ(t->size(), 1u);
  EXPECT_EQ(rep.rows, 3u);  // the row of bare commas is not a record
}

TEST(ImportResponses, CsvSyntaxErrorsRejectTheFile) {
  Files f{"bad/unterminated.csv", "bad/after_quote.csv", "responses/pre_tab_cr.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  auto syn = of_code(rep, "csv_syntax");
  ASSERT_EQ(syn.size(), 2u) << all_messages(rep);
  EXPECT_EQ(syn[0]->row, 2u);
  EXPECT_EQ(syn[0]->column, 17u);
  EXPECT_TRUE(contains(syn[0]->message, "unterminated.csv: the quoted field that starts at row 2, column 17"))
      << syn[0]->message;
  EXPECT_TRUE(contains(syn[1]->message, "followed by 't'")) << syn[1]->message;
  EXPECT_EQ(rep.files_rejected, 2u);
  // Nothing of the rejected files, all of the good one.
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(t->files[t->source[0].file], "pre_tab_cr.csv");
  EXPECT_EQ(rep.rows, 1u);
}

TEST(ImportResponses, MissingRequiredColumns) {
  Files f{"bad/missing_columns.csv"};
  ImportReport rep;
  auto t = import_responses(competency(), &study(), f.inputs, rep);
  auto miss = of_code(rep, "missing_column");
  ASSERT_EQ(miss.size(), 1u) << all_messages(rep);
  EXPECT_TRUE(contains(miss[0]->message, "no column wave")) << miss[0]->message;
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
  // The unknown language is only a warning: that record is the one kept.
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(t->source[0].row, 9u);
  EXPECT_EQ(t->langs[t->lang[0]], "de");
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

TEST(ImportResponses, ProblemsOfOneKindAreCappedButCounted) {
  std::string text = "code,programme,wave,ET1\n";
  for (int i = 0; i < 50; ++i) text += "C" + std::to_string(i) + ",p,pre,9\n";
  std::vector<InputFile> files{{"many.csv", text}};
  ImportReport rep;
  ImportOptions opt;
  opt.max_problems_per_kind = 10;
  auto t = import_responses(competency(), nullptr, files, rep, opt);
  EXPECT_EQ(rep.errors, 50u);
  ASSERT_EQ(rep.problems.size(), 11u);
  EXPECT_TRUE(contains(rep.problems.back().message, "40 more problems of the kind out_of_scale (50 in all)"))
      << rep.problems.back().message;
  EXPECT_EQ(rep.records_rejected, 50u);
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
  std::vector<InputFile> files{{"bom.json", bom_json}, {"panel.csv", ratings_csv}, {"blank.csv", "\xEF\xBB\xBF \r\n\r\n"}};
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

// ---- ratings -------------------------------------------------------------------------------------

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

// ---- through the API -----------------------------------------------------------------------------

Json ask(const Json& request) { return Json::parse(assess::api::call(request.dump())); }

TEST(DataOps, MakeAndNormaliseCode) {
  Json r = ask({{"op", "make_code"}, {"parts", {"ai", "07", "al"}}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["code"], "AI07AL-" + check_character("AI07AL"));
  Json s = ask({{"op", "make_code"}, {"study", load("rubrics/study.microcredentials.v1.json")},
                {"answers", {{"mother", "Айгүл"}, {"birthday", "7"}, {"birthplace", "Алматы"}}}});
  ASSERT_EQ(s["ok"], true) << s.dump();
  EXPECT_EQ(s["result"]["body"], "AЙ07AЛ");
  Json n = ask({{"op", "normalise_code"}, {"code", "ai 07 al"}});
  ASSERT_EQ(n["ok"], true) << n.dump();
  EXPECT_EQ(n["result"]["check"], nullptr);
  EXPECT_EQ(n["result"]["expected_check"], check_character("AI07AL"));
  Json bad = ask({{"op", "normalise_code"}, {"code", "AI07AL-" + std::string(check_character("AI07AL") == "0" ? "1" : "0")}});
  EXPECT_EQ(bad["ok"], false);
  EXPECT_EQ(bad["error"]["code"], "invalid_input");
  Json e = ask({{"op", "make_code"}, {"parts", {"ai", 7}}});
  EXPECT_EQ(e["error"]["path"], "/parts/1");
}

TEST(DataOps, ImportAndLinkFixtureFiles) {
  Json files = Json::array();
  for (const char* p : {"responses/pre_semicolon_bom_crlf.csv", "responses/post_comma_lf.csv"}) {
    files.push_back({{"name", fs::path(p).filename().string()}, {"text", read(std::string("fixtures/import/") + p)}});
  }
  Json req = {{"op", "import_responses"},
              {"instrument", load("rubrics/competency-12.v1.json")},
              {"study", load("rubrics/study.microcredentials.v1.json")},
              {"files", files}};
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump().substr(0, 500);
  EXPECT_EQ(r["result"]["counts"]["records"], 8);
  EXPECT_EQ(r["result"]["records"].size(), 8u);
  EXPECT_EQ(r["result"]["records"][0]["answers"]["ET1"], 4);
  EXPECT_EQ(r["result"]["records"][2]["answers"]["ET3"], nullptr);
  req["op"] = "link";
  req["links"] = Json::array({{{"pre", "BE30TU"}, {"post", "BE30UT"}}});
  Json l = ask(req);
  ASSERT_EQ(l["ok"], true) << l.dump().substr(0, 500);
  EXPECT_EQ(l["result"]["matched"], 4);
  EXPECT_EQ(l["result"]["matched_by_override"], 1);
  EXPECT_EQ(l["result"]["unmatched_pre"].size(), 0u);
  EXPECT_EQ(l["result"]["near_matches"].size(), 0u);
  req["links"] = Json::array({{{"pre", "XX"}, {"post", "BE30UT"}}});
  Json l2 = ask(req);
  ASSERT_EQ(l2["ok"], true);
  EXPECT_EQ(l2["result"]["matched"], 3);
  EXPECT_EQ(l2["result"]["near_matches"].size(), 1u);
  EXPECT_EQ(l2["result"]["near_matches"][0]["edit"], "transposition");
  ASSERT_EQ(l2["result"]["problems"].size(), 1u);
  EXPECT_EQ(l2["result"]["problems"][0]["code"], "override_unknown_code");
}

TEST(DataOps, LinksDocumentWithNotes) {
  Json req = {{"op", "link"},
              {"records", {{{"code", "AB12"}, {"wave", "pre"}, {"programme", "p"}},
                           {{"code", "AB13"}, {"wave", "post"}, {"programme", "p"}}}},
              {"links", {{"format", "assess-links/1"},
                         {"links", {{{"pre", "AB12"}, {"post", "AB13"}, {"note", "same student"}}}}}}};
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["matched_by_override"], 1);
  EXPECT_EQ(r["result"]["pairs"][0]["note"], "same student");
  req["links"]["links"][0]["why"] = "x";
  EXPECT_EQ(ask(req)["error"]["path"], "/links/0/why");
}

TEST(DataOps, DemoStudyImportsAndLinksCleanly) {
  Json files = Json::array();
  files.push_back({{"name", "responses.csv"}, {"text", read("fixtures/demo/responses.csv")}});
  for (const auto& e : fs::directory_iterator(source_path("fixtures/demo/responses"))) {
    files.push_back({{"name", e.path().filename().string()}, {"text", assess::test::read_file(e.path().string())}});
  }
  Json r = ask({{"op", "link"}, {"instrument", load("rubrics/competency-12.v1.json")},
                {"study", load("rubrics/study.microcredentials.v1.json")}, {"files", files},
                {"links", load("fixtures/demo/links.json")}, {"include_pairs", false}});
  ASSERT_EQ(r["ok"], true) << r.dump().substr(0, 300);
  EXPECT_EQ(r["result"]["counts"]["errors"], 0) << r["result"]["import_problems"].dump();
  EXPECT_EQ(r["result"]["problems"].size(), 0u) << r["result"]["problems"].dump();
  EXPECT_EQ(r["result"]["matched_by_override"], 1);
  EXPECT_GE(r["result"]["matched"].get<int>(), 100);
}

TEST(DataOps, LinkRecordsGivenAsJson) {
  Json req = {{"op", "link"},
              {"records", {{{"code", "AB12"}, {"wave", "pre"}, {"programme", "p"}},
                           {{"code", "ab 12"}, {"wave", "post"}, {"programme", "p"}},
                           {{"code", "CD34"}, {"wave", "pre"}, {"programme", "p"}},
                           {{"code", "CD35"}, {"wave", "post"}, {"programme", "p"}},
                           {{"code", "☺"}, {"wave", "post"}, {"programme", "p"}}}}};
  Json r = ask(req);
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["matched"], 1);
  EXPECT_EQ(r["result"]["near_matches"].size(), 1u);
  EXPECT_EQ(r["result"]["import_problems"].size(), 1u);
}

TEST(DataOps, StoredFilesAreReadAsBytes) {
  store_file("cp.csv", read("fixtures/import/bad/cp1251.csv"));
  Json r = ask({{"op", "import_responses"}, {"instrument", load("rubrics/competency-12.v1.json")},
                {"files", {{{"name", "cp.csv"}}}}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["problems"][0]["code"], "encoding");
  EXPECT_TRUE(drop_file("cp.csv"));
  Json gone = ask({{"op", "import_responses"}, {"instrument", load("rubrics/competency-12.v1.json")},
                   {"files", {{{"name", "cp.csv"}}}}});
  EXPECT_EQ(gone["error"]["path"], "/files/0/text");
}

TEST(DataOps, CodeCheckNoneReadsForeignCodes) {
  Json ins_doc = load("rubrics/competency-12.v1.json");
  Json files = {{{"name", "x.csv"}, {"text", "code,programme,wave,ET1\nS-001-A,p,pre,3\n"}}};
  Json a = ask({{"op", "import_responses"}, {"instrument", ins_doc}, {"files", files}});
  ASSERT_EQ(a["ok"], true);
  EXPECT_EQ(a["result"]["counts"]["records"], 0);  // "-A" read as a check character that does not fit
  EXPECT_EQ(a["result"]["problems"][0]["code"], "check_mismatch");
  Json b = ask({{"op", "import_responses"}, {"instrument", ins_doc}, {"files", files}, {"code_check", "none"}});
  ASSERT_EQ(b["result"]["counts"]["records"], 1);
  EXPECT_EQ(b["result"]["records"][0]["code"], "S001A");
}

TEST(DataOps, BadRequestsAreEnvelopes) {
  Json ins_doc = load("rubrics/competency-12.v1.json");
  Json r1 = ask({{"op", "import_responses"}, {"instrument", ins_doc}, {"files", "a.csv"}});
  EXPECT_EQ(r1["error"]["path"], "/files");
  Json r2 = ask({{"op", "import_responses"}, {"instrument", ins_doc},
                 {"files", {{{"name", "a.csv"}, {"text", ""}}, {{"name", "a.csv"}, {"text", ""}}}}});
  EXPECT_EQ(r2["error"]["path"], "/files/1/name");
  Json r3 = ask({{"op", "import_responses"}, {"instrument", {{"format", "assess-instrument/1"}}}, {"files", Json::array()}});
  EXPECT_EQ(r3["ok"], false);
  EXPECT_EQ(r3["error"]["path"].get<std::string>().rfind("/instrument", 0), 0u);
  Json r4 = ask({{"op", "import_ratings"}, {"rubric", ins_doc}, {"files", Json::array()}});
  EXPECT_EQ(r4["error"]["path"], "/rubric/format");
  Json r5 = ask({{"op", "link"}, {"records", Json::array()}, {"links", {{{"pre", 1}}}}});
  EXPECT_EQ(r5["error"]["path"], "/links/0/pre");
  // A deeply nested file text is a problem of the file, not a crash.
  Json r6 = ask({{"op", "import_responses"}, {"instrument", ins_doc},
                 {"files", {{{"name", "deep.json"}, {"text", std::string(100000, '[')}}}}});
  ASSERT_EQ(r6["ok"], true);
  EXPECT_EQ(r6["result"]["problems"][0]["code"], "json_syntax");
}

}  // namespace
