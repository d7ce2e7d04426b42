// Pseudonymous codes: normalisation (look-alike Latin and Cyrillic letters,
// spaces, case) and the check character, against an independent
// implementation (the same definition as docs/formats.md).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/core/text.hpp"
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

TEST(Codes, CheckDigitsByHand) {
  // A = 10, B = 11: S = (10*10 + 11) mod 97 = 14; 100*14 mod 97 = 42; check = 98 - 42 = 56.
  EXPECT_EQ(check_character("AB"), "56");
  // "0": S = 0, check = 98.
  EXPECT_EQ(check_character("0"), "98");
  // Я = 60: 6000 mod 97 = 83; check = 15 (a leading zero would be kept: "07").
  EXPECT_EQ(check_character("Я"), "15");
  // Computed by hand in Python for docs/formats.md's example.
  EXPECT_EQ(check_character("AI07AL"), "75");
  EXPECT_EQ(check_character("not normalised"), "");
  // 10 is a primitive root modulo 97: its powers take all 96 non-zero residues.
  std::set<int> powers;
  for (int k = 0, p = 1; k < 96; ++k, p = p * 10 % 97) powers.insert(p);
  EXPECT_EQ(powers.size(), 96u);
}

TEST(Codes, SkeletonFoldsKazakhAndRussianSpellingsOnly) {
  auto skeleton = [](const std::string& text) {
    std::string values, out;
    EXPECT_TRUE(code_symbols(normalise_text(text).value(), values)) << text;
    for (char v : code_skeleton(values)) out += kAlphabet[static_cast<unsigned char>(v)];
    return out;
  };
  EXPECT_EQ(skeleton("Ақтөбе"), skeleton("Актобе"));
  EXPECT_EQ(skeleton("Әсел"), skeleton("Асель").substr(0, 5));  // the soft sign is two bytes
  EXPECT_EQ(skeleton("Ғалым"), skeleton("Галым"));
  EXPECT_EQ(skeleton("Таңат"), skeleton("Танат"));
  EXPECT_EQ(skeleton("Ұлан"), skeleton("Улан"));
  EXPECT_EQ(skeleton("Эльмира"), skeleton("Ельмира"));
  EXPECT_EQ(skeleton("Айдана"), skeleton("Аидана"));
  EXPECT_NE(skeleton("Жанар"), skeleton("Занар"));
  EXPECT_NE(skeleton("07"), skeleton("O7"));  // digits and letters stay apart
}

TEST(Codes, CodesAreShownInOneScript) {
  // A Cyrillic body: its Latin look-alikes are shown as their Cyrillic twins.
  EXPECT_EQ(display_code("AЙ07AЛ"), "АЙ07АЛ");
  EXPECT_EQ(make_code({"Ай", "07", "Ал"}).value().text().substr(0, 10), "АЙ07АЛ");
  // Normalising the display gives the body back: it links as before.
  EXPECT_EQ(normalise_text(display_code("AЙ07AЛ")).value(), "AЙ07AЛ");
  EXPECT_EQ(display_code("ШM31CФ"), "ШМ31СФ");
  // Latin and digits only, or letters of both scripts of their own: as it is.
  EXPECT_EQ(display_code("AI07AL"), "AI07AL");
  EXPECT_EQ(display_code("DЙ07"), "DЙ07");
  EXPECT_EQ(display_code("0712"), "0712");
  // Every look-alike has its twin (A B C E H I K M O P T X Y).
  EXPECT_EQ(display_code("ABCEHIKMOPTXYЯ"), "АВСЕНІКМОРТХУЯ");
  EXPECT_EQ(normalise_text("АВСЕНІКМОРТХУЯ").value(), "ABCEHIKMOPTXYЯ");
}

TEST(Codes, CheckDigitsMakeTheWholeCodeOneModulo97) {
  // The definition read the other way: the code's values and the two check
  // digits, weighted 10^(m+2-i), 10 and 1, sum to 1 mod 97.
  std::mt19937 rng(20261204);
  std::uniform_int_distribution<int> sym(0, 60), len(1, 48);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<int> body(static_cast<std::size_t>(len(rng)));
    for (int& s : body) s = sym(rng);
    const std::string check = check_character(join(body));
    ASSERT_EQ(check.size(), 2u);
    long long t = 0;
    for (int v : body) t = (t * 10 + v) % 97;
    t = (t * 10 + (check[0] - '0')) % 97;
    t = (t * 10 + (check[1] - '0')) % 97;
    ASSERT_EQ(t, 1) << join(body) << "-" << check;
    const int c = std::stoi(check);
    ASSERT_TRUE(c >= 2 && c <= 98) << check;
  }
}

TEST(Codes, CheckCharacterOfTheFirstRoundByHand) {
  // A = 10, B = 11: S = 2*10 + 11 = 31; check = (1 - 2*31) mod 61 = 0.
  EXPECT_EQ(check_character("AB", CheckKind::symbol), "0");
  // "0": S = 0, check = 1.
  EXPECT_EQ(check_character("0", CheckKind::symbol), "1");
  // Я = 60: S = 60, check = (1 - 120) mod 61 = 3.
  EXPECT_EQ(check_character("Я", CheckKind::symbol), "3");
}

TEST(Codes, FirstRoundCodesStillVerify) {
  for (const char* body : {"AI07AL", "ӘC23ҚЫ", "BE30TU", "AB"}) {
    const std::string old = check_character(body, CheckKind::symbol);
    auto c = normalise_code(std::string(body) + "-" + old);
    ASSERT_TRUE(c.ok()) << body;
    EXPECT_EQ(c->check, old);
    EXPECT_EQ(c->check_kind, CheckKind::symbol);
    CodeIssue issue;
    const std::string wrong = old == "0" ? "1" : "0";
    EXPECT_FALSE(normalise_code(std::string(body) + "-" + wrong, CheckMode::automatic, &issue).ok());
    EXPECT_EQ(issue, CodeIssue::check_mismatch);
  }
  // The new form of the same body links with the old one: the body is the key.
  EXPECT_EQ(normalise_code("AI07AL-75")->body,
            normalise_code("AI07AL-" + check_character("AI07AL", CheckKind::symbol))->body);
}

TEST(Codes, FixtureCodesAgreeWithTheIndependentImplementation) {
  // make_fixtures.py computed these (first-round) check characters with its own code.
  std::string pre = read("fixtures/import/responses/pre_semicolon_bom_crlf.csv");
  for (const char* body : {"AI07AL", "ӘC23ҚЫ", "BE30TU"}) {
    std::string code = std::string(body) + "-" + check_character(body, CheckKind::symbol);
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
  EXPECT_EQ(normalise_text("И\u0306").value(), "Й");  // decomposed Й
  EXPECT_EQ(normalise_text("и\u0306").value(), "Й");
  EXPECT_EQ(normalise_text("Е\u0308").value(), "E");  // decomposed Ё
  EXPECT_EQ(normalise_text("A\u0301").value(), "A");  // combining acute dropped
}

// Codes are read in Unicode NFC: a letter typed as its base and combining
// accents (some keyboards and phones write Й as И + U+0306) makes the same
// code as the precomposed letter, whatever the accents' order and whatever
// stands between them; a letter outside the tables that NFC writes
// precomposed (Ǎ, Ӓ, Ạ) is its base letter, as its decomposed form was.
TEST(Codes, CanonicallyEquivalentTextsMakeOneCode) {
  EXPECT_EQ(normalise_text("И\u0323\u0306").value(), "Й");  // the breve composes across the dot below
  EXPECT_EQ(normalise_text("АЙ07АЛ").value(), normalise_text("А\u0418\u030607АЛ").value());
  EXPECT_EQ(normalise_text("ǍӒẠ").value(), "AAA");
  EXPECT_EQ(normalise_text("A\u030C\u0410\u0308A\u0323").value(), "AAA");
  EXPECT_EQ(normalise_text("Tiếng Việt").value(), "TIENGVIET");
  EXPECT_EQ(normalise_text("Ӛ Ӫ Ӯ Ӣ").value(), "ӘӨYИ");
  EXPECT_EQ(normalise_text("\u212A\u212B").value(), "KA");  // Kelvin and angstrom signs are K and Å
  // A symbol stays an error however it is typed (= + U+0338 is ≠).
  EXPECT_FALSE(normalise_text("A\u2260").ok());
  EXPECT_FALSE(normalise_text("A=\u0338").ok());
  // A typed code with a decomposed Й verifies against its check digits.
  const Code made = make_code({"АЙ", "07", "АЛ"}).value();
  std::string typed = made.text();
  const std::string y = "Й", decomposed = "И\u0306";
  typed.replace(typed.find(y), y.size(), decomposed);
  ASSERT_NE(typed, made.text());
  auto read = normalise_code(typed);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read.value().body, made.body);
  EXPECT_EQ(read.value().check, made.check);
  // The error names the character as NFC writes it and the text as written.
  auto bad = normalise_text("\u0391\u0301");  // Greek Alpha + acute = Ά
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(contains(bad.error().message, "U+0386")) << bad.error().message;

  // Every pair of fixtures/unicode/nfc-vectors.txt (a text and its NFC,
  // canonically equivalent: Latin, Cyrillic and Kazakh letters, marks out of
  // order, exclusions, Hangul, random strings) is one code or two errors.
  std::ifstream in(source_path("fixtures/unicode/nfc-vectors.txt"));
  const auto text_of = [](const std::string& hex) {
    std::string out;
    std::istringstream cps(hex);
    std::string h;
    while (cps >> h) append_utf8(out, static_cast<char32_t>(std::stoul(h, nullptr, 16)));
    return out;
  };
  std::string line;
  int same = 0, errors = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t a = line.find(';'), b = line.find(';', a + 1);
    const std::string source = text_of(line.substr(a + 1, b - a - 1)), composed = text_of(line.substr(b + 1));
    auto x = normalise_text(source);
    auto y = normalise_text(composed);
    ASSERT_EQ(x.ok(), y.ok()) << line;
    if (x.ok()) {
      EXPECT_EQ(x.value(), y.value()) << line;
      ++same;
    } else {
      ++errors;
    }
  }
  EXPECT_GT(same, 1000);
  EXPECT_GT(errors, 100);
  // Every code point with a canonical decomposition, alone and decomposed.
  for (char32_t cp = 0xC0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::u32string d = assess::canonical_decomposition(cp);
    if (d.size() == 1 && d[0] == cp) continue;
    std::string one, parts;
    append_utf8(one, cp);
    for (char32_t x : d) append_utf8(parts, x);
    auto x = normalise_text(one);
    auto y = normalise_text(parts);
    ASSERT_EQ(x.ok(), y.ok()) << code_point_name(cp);
    if (x.ok()) {
      EXPECT_EQ(x.value(), y.value()) << code_point_name(cp);
    }
  }
}

TEST(Codes, OtherCharactersAreErrors) {
  for (const char* bad : {"α", "中", "☺", "ש", "Ђ"}) {
    auto r = normalise_text(std::string("A") + bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(contains(r.error().message, "the text contains the character")) << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "U+")) << r.error().message;
    auto part = make_code({"ok", std::string("A") + bad});
    ASSERT_FALSE(part.ok()) << bad;
    EXPECT_TRUE(contains(part.error().message, "part 2 \"A")) << part.error().message;
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
  // Wrong check digits are caught and the message says the right ones.
  std::string wrong = check == "10" ? "11" : "10";
  CodeIssue issue;
  auto bad = normalise_code("AI07AL-" + wrong, CheckMode::automatic, &issue);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(issue, CodeIssue::check_mismatch);
  EXPECT_TRUE(contains(bad.error().message, "has the check " + check)) << bad.error().message;
  // A letter where a digit belongs is a mismatch, not a code without check.
  auto letter = normalise_code("AI07AL-" + check.substr(0, 1) + "A", CheckMode::automatic, &issue);
  ASSERT_FALSE(letter.ok());
  EXPECT_EQ(issue, CodeIssue::check_mismatch);
}

TEST(Codes, CodesWithoutCheckAreToldApartByTheHyphen) {
  // No hyphen: no check symbol, the whole text is the code.
  auto plain = normalise_code("AI07AL");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->check, "");
  // More than two symbols after the last hyphen: no check either.
  auto parts = normalise_code("S-0012");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->body, "S0012");
  EXPECT_EQ(parts->check, "");
  // One symbol after a hyphen is a (first-round) check symbol; with code_check none it is not.
  CodeIssue issue;
  std::string c = check_character("S001", CheckKind::symbol);
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

// Every single substitution (of any of the 61 symbols, in the body and in
// the check digits) and every transposition of distinct symbols at distance
// 1 and 2 (across the hyphen too) is detected, over random codes of the
// study's lengths.
TEST(Codes, CheckDetectsAllSubstitutionsAndTranspositions) {
  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> sym(0, 60), len(4, 16);
  std::size_t checked = 0;
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<int> body(static_cast<std::size_t>(len(rng)));
    for (int& s : body) s = sym(rng);
    std::string check = check_character(join(body));
    ASSERT_EQ(check.size(), 2u);
    std::vector<int> full = body;
    full.push_back(check[0] - '0');
    full.push_back(check[1] - '0');
    auto written = [&](const std::vector<int>& v) {
      std::vector<int> b(v.begin(), v.end() - 2), c(v.end() - 2, v.end());
      return join(b) + "-" + join(c);
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

// Errors carry a message id and named parameters (core/message.hpp) whose
// English is the error's sentence.
assess::Message checked_msg(const assess::Error& e) {
  EXPECT_FALSE(e.msg.empty()) << e.message;
  EXPECT_EQ(assess::english(e.msg), e.message);
  return e.msg;
}

Json params_of(const assess::Error& e) { return assess::msg_json(checked_msg(e))["params"]; }

TEST(CodeMessages, AnswerToALettersQuestionWithADigit) {
  const auto& q = study().code_questions;  // mother (letters 2), birthday (digits 2, 1..31), birthplace (letters 2)
  auto r = make_code(q, {"Ай5гүл", "7", "Алматы"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "the answer to code question \"mother\" should be letters, but it contains the digit 5");
  EXPECT_EQ(checked_msg(r.error()).id, "code.answer_has_digit");
  EXPECT_EQ(params_of(r.error()), Json::parse(R"({"question": "mother", "digit": "5"})"));

  r = make_code(q, {"А", "7", "Алматы"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(checked_msg(r.error()).id, "code.answer_too_few_letters");
  EXPECT_EQ(params_of(r.error()), Json::parse(R"({"question": "mother", "n": 1, "length": 2})"));
  r = make_code(q, {"Айгүл", "32", "Алматы"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(params_of(r.error()), Json::parse(R"({"question": "birthday", "number": 32, "min": 1, "max": 31})"));
  r = make_code(q, {"Айгүл", "7a", "Алматы"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(checked_msg(r.error()).id, "code.answer_has_letter");
  r = make_code(q, {"Айгүл", "7"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(params_of(r.error()), Json::parse(R"({"n": 2, "questions": 3})"));
  r = make_code(q, {"Ай☺", "7", "Алматы"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(checked_msg(r.error()).id, "code.answer_bad_character");
  EXPECT_EQ(params_of(r.error()), Json::parse(R"({"question": "mother", "char": "☺", "code_point": "U+263A"})"));
}

TEST(CodeMessages, PartsAndCodes) {
  auto r = make_code({"ai", " - "});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "part 2 \" - \" has no letters or digits");
  EXPECT_EQ(checked_msg(r.error()).id, "code.part_empty");
  EXPECT_EQ(params_of(r.error()), Json::parse(R"({"part": 2, "text": " - "})"));
  r = make_code({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(checked_msg(r.error()).id, "code.no_parts");
  r = make_code({std::string(60, 'A')});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(params_of(r.error()), Json::parse(R"({"n": 60, "max": 48})"));

  std::string check = check_character("AI07AL");
  std::string wrong = check == "10" ? "11" : "10";
  auto c = normalise_code("ai07al-" + wrong);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(checked_msg(c.error()).id, "code.check_mismatch");
  EXPECT_EQ(params_of(c.error()),
            Json({{"code", "ai07al-" + wrong}, {"given", wrong}, {"body", "AI07AL"}, {"expected", check}}));
  c = normalise_code("AI07AL", CheckMode::required);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(checked_msg(c.error()).id, "code.check_missing");
  // A long code is cut in the message and in its parameter alike.
  c = normalise_code(std::string(100, 'A'));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(params_of(c.error()), Json({{"code", std::string(80, 'A') + "..."}, {"n", 100}, {"max", 48}}));
  c = normalise_code(" - ");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(checked_msg(c.error()).id, "code.empty");
  // A NUL byte (JSON's \u0000) is a coded UTF-8 issue.
  c = normalise_code(std::string("A\0B", 3));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(checked_msg(c.error()).id, "code.not_utf8");
  EXPECT_EQ(params_of(c.error())["issue"], "nul_byte");
}

TEST(CodeMessages, CodeOpsCarryIds) {
  auto call = [](const Json& req) { return Json::parse(assess::api::call(req.dump())); };
  Json r = call({{"op", "make_code"}, {"parts", Json::array({"ai", "0x"})}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["warning_msgs"], Json::array());
  r = call({{"op", "make_code"}, {"parts", Json::array({"ai", 7})}});
  EXPECT_EQ(r["error"]["msg"],
            Json::parse(R"({"id": "code.part_not_string", "params": {"index": 1, "type": "number"}})"));
  EXPECT_EQ(r["error"]["message"], "parts[1] is a number, but it must be a string");
  r = call({{"op", "make_code"}, {"parts", Json::array({"ai", "☺"})}});
  EXPECT_EQ(r["error"]["path"], "/parts");
  EXPECT_EQ(r["error"]["msg"]["id"], "code.part_bad_character");
  Json st = load("rubrics/study.microcredentials.v1.json");
  r = call(
      {{"op", "make_code"}, {"study", st}, {"answers", {{"mother", "Ай5"}, {"birthday", "7"}, {"birthplace", "Al"}}}});
  EXPECT_EQ(r["error"]["path"], "/answers");
  EXPECT_EQ(r["error"]["msg"]["id"], "code.answer_has_digit");
  r = call({{"op", "make_code"}, {"study", st}, {"answers", {{"mother", "Ай"}, {"birthday", "7"}}}});
  EXPECT_EQ(r["error"]["msg"], Json::parse(R"({"id": "code.answer_not_given", "params": {"question": "birthplace"}})"));
  r = call({{"op", "normalise_code"}, {"code", "AI07AL"}, {"code_check", "required"}, {"stray", true}});
  EXPECT_EQ(r["error"]["msg"]["id"], "code.check_missing");
  r = call({{"op", "normalise_code"}, {"code", "AI07AL"}, {"stray", true}});
  ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
  EXPECT_EQ(r["result"]["warning_msgs"][0]["id"], "request.unused_argument");
}

}  // namespace
