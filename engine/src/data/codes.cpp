#include "assess/data/codes.hpp"

#include <array>
#include <cstdint>

#include "assess/core/text.hpp"
#include "assess/data/text.hpp"

namespace assess::data {
namespace {

// The 61 symbols in value order.
const char* const kSymbols[kCodeAlphabetSize] = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",                 // 0..9
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",  // 10..22
    "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",  // 23..35
    "Ә", "Б", "Г", "Ғ", "Д", "Ж", "З", "И", "Й", "Қ", "Л", "Ң", "Ө",  // 36..48
    "П", "Ұ", "Ф", "Ц", "Ч", "Ш", "Щ", "Ы", "Ь", "Э", "Ю", "Я"};      // 49..60

constexpr int L(char c) { return 10 + (c - 'A'); }
constexpr int kStrip = -2, kBad = -1;

// Upper-case Cyrillic U+0410..U+042F (А..Я) to symbol values: look-alikes go
// to the Latin letter, Ъ to Ь. (Laid out by letter; clang-format would
// realign the columns.)
// clang-format off
constexpr int kCyrBasic[32] = {
    L('A'), 37, L('B'), 38, 40, L('E'), 41, 42, 43, 44, L('K'), 46, L('M'), L('H'), L('O'), 49,  // А..П
    L('P'), L('C'), L('T'), L('Y'), 51, L('X'), 52, 53, 54, 55, 57, 56, 57, 58, 59, 60};         // Р..Я
// clang-format on

// Latin-1 letters U+00C0..U+00FF: base letter; '.' = not a letter (× ÷);
// digits stand for two-letter expansions (3 = AE, 4 = TH, 5 = SS).
constexpr char kLatin1[] = "AAAAAA3CEEEEIIIIDNOOOOO.OUUUUY45AAAAAA3CEEEEIIIIDNOOOOO.OUUUUY4Y";
// Latin Extended-A U+0100..U+017F: base letter; 1 = IJ, 2 = OE.
constexpr char kLatinExtA[] =
    "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIII11JJKKKLLLLLLLLLLNNNNNNNNNOOOOOO22RRRRRRSSSSSSSSTTTTTTUUUUUU"
    "UUUUUUWWYYYZZZZZZS";
static_assert(sizeof(kLatinExtA) == 129, "Latin Extended-A table covers U+0100..U+017F");
static_assert(sizeof(kLatin1) == 65, "Latin-1 table covers U+00C0..U+00FF");

struct Mapped {
  int n = 0;  // symbols produced; kStrip = dropped, kBad = not allowed
  int sym[2] = {0, 0};
};

Mapped one(int v) {
  Mapped m;
  m.n = 1;
  m.sym[0] = v;
  return m;
}
Mapped two(char a, char b) {
  Mapped m;
  m.n = 2;
  m.sym[0] = L(a);
  m.sym[1] = L(b);
  return m;
}
Mapped strip() {
  Mapped m;
  m.n = kStrip;
  return m;
}
Mapped bad() {
  Mapped m;
  m.n = kBad;
  return m;
}

Mapped from_table_char(char c) {
  switch (c) {
    case '.':
      return strip();
    case '1':
      return two('I', 'J');
    case '2':
      return two('O', 'E');
    case '3':
      return two('A', 'E');
    case '4':
      return two('T', 'H');
    case '5':
      return two('S', 'S');
    default:
      return one(L(c));
  }
}

bool is_strip(char32_t cp) {
  if (cp < 0x80) return true;                     // ASCII that is not a letter or digit (checked before)
  if (cp <= 0xBF) return true;                    // C1 controls, NBSP, Latin-1 punctuation and signs
  if (cp >= 0x02B0 && cp <= 0x036F) return true;  // modifier letters (ʼ), combining accents
  if (cp >= 0x2000 && cp <= 0x206F) return true;  // general punctuation: spaces, dashes, quotes, zero-width
  if (cp == 0x2116 || cp == 0x2212 || cp == 0x3000 || cp == 0xFEFF) return true;  // № minus ideographic-space BOM
  if (cp >= 0xFE00 && cp <= 0xFE0F) return true;                                  // variation selectors
  if (cp >= 0xFE50 && cp <= 0xFE6B) return true;                                  // small punctuation
  if (cp >= 0xFF01 && cp <= 0xFF65) return true;  // full-width punctuation (letters/digits handled before)
  return false;
}

Mapped map_code_point(char32_t cp) {
  if (cp >= '0' && cp <= '9') return one(static_cast<int>(cp - '0'));
  if (cp >= 'A' && cp <= 'Z') return one(L(static_cast<char>(cp)));
  if (cp >= 'a' && cp <= 'z') return one(L(static_cast<char>(cp - 32)));
  if (cp >= 0xC0 && cp <= 0xFF) return from_table_char(kLatin1[cp - 0xC0]);
  if (cp >= 0x100 && cp <= 0x17F) return from_table_char(kLatinExtA[cp - 0x100]);
  if (cp == 0x18F || cp == 0x259) return one(36);  // Latin schwa Ə ə looks like Kazakh Ә
  if (cp == 0x19F || cp == 0x275) return one(48);  // Latin barred o Ɵ ɵ looks like Kazakh Ө
  if (cp >= 0x410 && cp <= 0x42F) return one(kCyrBasic[cp - 0x410]);
  if (cp >= 0x430 && cp <= 0x44F) return one(kCyrBasic[cp - 0x430]);
  if (cp >= 0x400 && cp <= 0x45F) {
    char32_t u = cp >= 0x450 ? cp - 0x50 : cp;  // ѐ..џ -> Ѐ..Џ
    switch (u) {
      case 0x400:
      case 0x401:
        return one(L('E'));  // Ѐ Ё
      case 0x403:
        return one(38);  // Ѓ -> Г
      case 0x405:
        return one(L('S'));  // Ѕ
      case 0x406:
      case 0x407:
        return one(L('I'));  // І Ї
      case 0x408:
        return one(L('J'));  // Ј
      case 0x40C:
        return one(L('K'));  // Ќ
      case 0x40D:
        return one(43);  // Ѝ -> И
      case 0x40E:
        return one(L('Y'));  // Ў
      default:
        return bad();  // Ђ Є Љ Њ Ћ Џ
    }
  }
  if (cp >= 0x460 && cp <= 0x4FF) {
    char32_t u = cp;
    if (cp >= 0x4C1 && cp <= 0x4CE)
      u = cp % 2 ? cp : cp - 1;  // odd = upper in this run
    else if (cp == 0x4CF)
      u = 0x4C0;
    else
      u = cp % 2 ? cp - 1 : cp;  // even = upper elsewhere
    switch (u) {
      case 0x4D8:
        return one(36);  // Ә
      case 0x492:
        return one(39);  // Ғ
      case 0x49A:
        return one(45);  // Қ
      case 0x4A2:
        return one(47);  // Ң
      case 0x4E8:
        return one(48);  // Ө
      case 0x4B0:
        return one(50);  // Ұ
      case 0x4AE:
        return one(L('Y'));  // Ү looks like Y
      case 0x4BA:
        return one(L('H'));  // Һ: its small form һ is Latin h
      case 0x490:
        return one(38);  // Ґ -> Г
      default:
        return bad();
    }
  }
  if (cp >= 0xFF10 && cp <= 0xFF19) return one(static_cast<int>(cp - 0xFF10));  // full-width digits
  if (cp >= 0xFF21 && cp <= 0xFF3A) return one(L(static_cast<char>('A' + (cp - 0xFF21))));
  if (cp >= 0xFF41 && cp <= 0xFF5A) return one(L(static_cast<char>('A' + (cp - 0xFF41))));
  if (is_strip(cp)) return strip();
  return bad();
}

// A letter outside the tables with accents of its own (Ǎ, Ӓ, Ạ, as NFC
// writes them) is read as its canonical decomposition: its base letter,
// the accents dropped, as the same letter typed with combining accents
// always was. Anything else (a symbol with a slash or an accent: ≠, ΅)
// stays not allowed.
Mapped map_decomposed(char32_t cp) {
  const std::u32string d = canonical_decomposition(cp);
  if (d.size() < 2) return bad();
  Mapped m = map_code_point(d[0]);
  if (m.n < 1) return bad();  // the base is no letter or digit of a code
  for (std::size_t k = 1; k < d.size() && m.n != kBad; ++k) {
    if (map_code_point(d[k]).n != kStrip) m = bad();
  }
  return m;
}

bool is_hyphen(char32_t cp);
std::string clip(std::string_view s);

// Whose text to_values reads: its messages name it ("part 2 \"x\"", "the
// answer to code question \"mother\"", "the code \"x\"", "the text"), each
// kind with its own ids.
struct Subject {
  enum Kind { text, part, answer, code };
  Kind kind = text;
  std::size_t number = 0;     // part: its 1-based number
  std::string_view question;  // answer: the id of the code question
};

// What is wrong with bytes that are not UTF-8 text, as the coded parameter
// "issue": a NUL byte (JSON's \u0000), a file that is not text, or bytes that
// are no UTF-8 character; English shows check_utf8's phrase.
MsgParam utf8_issue(const EncodingIssue& is, std::string_view text) {
  const char* code = is.whole_file                                        ? "not_text"
                     : is.offset < text.size() && text[is.offset] == '\0' ? "nul_byte"
                                                                          : "invalid_utf8";
  return MsgParam::coded("issue", code, is.what);
}

Message not_utf8(const Subject& s, std::string_view text, const EncodingIssue& is) {
  switch (s.kind) {
    case Subject::part:
      return Message{"code.part_not_utf8", {{"part", s.number}, {"text", clip(text)}, utf8_issue(is, text)}};
    case Subject::answer:
      return Message{"code.answer_not_utf8", {{"question", s.question}, utf8_issue(is, text)}};
    case Subject::code:
      return Message{"code.not_utf8", {{"code", clip(text)}, utf8_issue(is, text)}};
    case Subject::text:
      break;
  }
  return Message{"code.text_not_utf8", {utf8_issue(is, text)}};
}

// ch: the character as written; cp its code point.
Message bad_character(const Subject& s, std::string_view text, std::string_view ch, char32_t cp) {
  switch (s.kind) {
    case Subject::part:
      return Message{"code.part_bad_character",
                     {{"part", s.number}, {"text", clip(text)}, {"char", ch}, {"code_point", code_point_name(cp)}}};
    case Subject::answer:
      return Message{"code.answer_bad_character",
                     {{"question", s.question}, {"char", ch}, {"code_point", code_point_name(cp)}}};
    case Subject::code:
      return Message{"code.bad_character", {{"code", clip(text)}, {"char", ch}, {"code_point", code_point_name(cp)}}};
    case Subject::text:
      break;
  }
  return Message{"code.text_bad_character", {{"char", ch}, {"code_point", code_point_name(cp)}}};
}

// Normalises into symbol values; on failure sets err. hyphen_at (optional)
// receives how many values precede the last hyphen-like character (npos when
// there is none), which is where a check symbol would start.
// The message names `who` (built only on failure: this runs for every code
// of a million-row import).
bool to_values(std::string_view written, std::string& values, Message& err, const Subject& who,
               std::size_t* hyphen_at = nullptr) {
  values.clear();
  if (auto issue = check_utf8(written)) {
    err = not_utf8(who, written, *issue);
    return false;
  }
  if (hyphen_at) *hyphen_at = std::string_view::npos;
  // Canonically equivalent texts make one code: the text is read in NFC (a
  // letter typed as a base letter and combining accents, such as И + U+0306,
  // is the precomposed letter Й). A code or answer that is NFC already (the
  // usual case) is read as it is, after one pass over its bytes.
  std::string composed;
  std::string_view text = written;
  if (!nfc_quick_check(written)) {
    composed = nfc(written);
    text = composed;
  }
  std::size_t pos = utf8_bom_length(text);
  while (pos < text.size()) {
    std::size_t at = pos;
    auto b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {  // ASCII: the usual case, without the general mapping
      ++pos;
      if (b >= '0' && b <= '9')
        values.push_back(static_cast<char>(b - '0'));
      else if (b >= 'A' && b <= 'Z')
        values.push_back(static_cast<char>(L(static_cast<char>(b))));
      else if (b >= 'a' && b <= 'z')
        values.push_back(static_cast<char>(L(static_cast<char>(b - 32))));
      else if (b == '-' && hyphen_at)
        *hyphen_at = values.size();
      continue;
    }
    char32_t cp = next_code_point(text, pos);
    if (hyphen_at && is_hyphen(cp)) *hyphen_at = values.size();
    Mapped m = map_code_point(cp);
    if (m.n == kBad) m = map_decomposed(cp);
    if (m.n == kStrip) continue;
    if (m.n == kBad) {
      err = bad_character(who, written, text.substr(at, pos - at), cp);
      return false;
    }
    for (int k = 0; k < m.n; ++k) values.push_back(static_cast<char>(m.sym[k]));
  }
  return true;
}

std::string values_to_text(std::string_view values) {
  std::string out;
  out.reserve(values.size() * 2);
  for (char v : values) {
    const char* s = kSymbols[static_cast<unsigned char>(v)];
    out.append(s, v < 36 ? 1 : 2);  // Latin and digits are one byte, the Cyrillic symbols two
  }
  return out;
}

// The first round's check symbol value (0..60), see codes.hpp.
int check_value(std::string_view values) noexcept {
  int s = 0;
  for (char v : values) s = (2 * s + static_cast<unsigned char>(v)) % kCodeAlphabetSize;
  return ((1 - 2 * s) % kCodeAlphabetSize + kCodeAlphabetSize) % kCodeAlphabetSize;
}

// The check number (2..98) of ISO 7064 MOD 97-10 over the symbol values.
constexpr int kCheckModulus = 97;
int check_number(std::string_view values) noexcept {
  int s = 0;
  for (char v : values) s = (10 * s + static_cast<unsigned char>(v)) % kCheckModulus;
  return 98 - (100 * s) % kCheckModulus;
}

std::string check_digits(std::string_view values) {
  const int c = check_number(values);
  return {static_cast<char>('0' + c / 10), static_cast<char>('0' + c % 10)};
}

std::string check_of(std::string_view values, CheckKind kind) {
  return kind == CheckKind::digits ? check_digits(values) : std::string(kSymbols[check_value(values)]);
}

// Symbol value of a code point that is itself a symbol, else -1.
int value_of_symbol(char32_t cp) noexcept {
  if (cp >= '0' && cp <= '9') return static_cast<int>(cp - '0');
  if (cp >= 'A' && cp <= 'Z') return L(static_cast<char>(cp));
  switch (cp) {
    case 0x4D8:
      return 36;
    case 0x411:
      return 37;
    case 0x413:
      return 38;
    case 0x492:
      return 39;
    case 0x414:
      return 40;
    case 0x416:
      return 41;
    case 0x417:
      return 42;
    case 0x418:
      return 43;
    case 0x419:
      return 44;
    case 0x49A:
      return 45;
    case 0x41B:
      return 46;
    case 0x4A2:
      return 47;
    case 0x4E8:
      return 48;
    case 0x41F:
      return 49;
    case 0x4B0:
      return 50;
    case 0x424:
      return 51;
    case 0x426:
      return 52;
    case 0x427:
      return 53;
    case 0x428:
      return 54;
    case 0x429:
      return 55;
    case 0x42B:
      return 56;
    case 0x42C:
      return 57;
    case 0x42D:
      return 58;
    case 0x42E:
      return 59;
    case 0x42F:
      return 60;
    default:
      return -1;
  }
}

bool is_hyphen(char32_t cp) {
  return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63 || cp == 0xFF0D;
}

// A text as messages show it: at most kShownText bytes, then "..." (the templates quote it).
std::string clip(std::string_view s) { return clipped(s, kShownText); }

Error invalid(Message msg) { return make_error(ErrorCode::invalid_input, std::move(msg)); }

}  // namespace

std::string_view symbol_text(int v) noexcept {
  return v >= 0 && v < kCodeAlphabetSize ? std::string_view(kSymbols[v]) : std::string_view();
}

std::string Code::text() const {
  std::string shown = display_code(body);
  return check.empty() ? shown : shown + "-" + check;
}

std::string display_code(std::string_view body) {
  // The Cyrillic twin of each Latin symbol value 10..35 (A..Z), or nullptr.
  static const char* const kTwin[26] = {"А",     "В", "С",     nullptr, "Е",     nullptr, nullptr, "Н",     "І",
                                        nullptr, "К", nullptr, "М",     nullptr, "О",     "Р",     nullptr, nullptr,
                                        nullptr, "Т", nullptr, nullptr, nullptr, "Х",     "У",     nullptr};
  std::string values;
  if (!code_symbols(body, values)) return std::string(body);
  bool cyrillic = false, latin = false;
  for (char c : values) {
    const auto v = static_cast<unsigned char>(c);
    if (v >= 36) cyrillic = true;
    if (v >= 10 && v < 36 && !kTwin[v - 10]) latin = true;
  }
  if (!cyrillic || latin) return std::string(body);
  std::string out;
  out.reserve(values.size() * 2);
  for (char c : values) {
    const auto v = static_cast<unsigned char>(c);
    out += v >= 10 && v < 36 ? kTwin[v - 10] : kSymbols[v];
  }
  return out;
}

std::string code_skeleton(std::string_view values) {
  // Symbol values: A 10, E 14, H 17, I 18, K 20, O 24, U 30, Y 34; Ә 36, Г 38,
  // Ғ 39, И 43, Й 44, Қ 45, Ң 47, Ө 48, Ұ 50, Э 58 (codes.hpp's order).
  static constexpr unsigned char kFold[][2] = {{36, 10}, {39, 38}, {43, 18}, {44, 18}, {45, 20},
                                               {47, 17}, {48, 24}, {50, 34}, {30, 34}, {58, 14}};
  std::string out(values);
  for (char& c : out) {
    for (const auto& f : kFold) {
      if (static_cast<unsigned char>(c) == f[0]) c = static_cast<char>(f[1]);
    }
  }
  return out;
}

Result<std::string> normalise_text(std::string_view text) {
  std::string values;
  Message err;
  if (!to_values(text, values, err, Subject{})) return invalid(std::move(err));
  return values_to_text(values);
}

bool code_symbols(std::string_view body, std::string& out) {
  out.clear();
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto b = static_cast<unsigned char>(body[pos]);
    if (b < 0x80) {
      int v = value_of_symbol(b);
      if (v < 0) return false;
      out.push_back(static_cast<char>(v));
      ++pos;
      continue;
    }
    if (b < 0xC2 || b > 0xDF || pos + 1 >= body.size()) return false;  // symbols are 1 or 2 bytes
    char32_t cp = (static_cast<char32_t>(b & 0x1F) << 6) | (body[pos + 1] & 0x3F);
    int v = value_of_symbol(cp);
    if (v < 0) return false;
    out.push_back(static_cast<char>(v));
    pos += 2;
  }
  return true;
}

std::string check_character(std::string_view body, CheckKind kind) {
  std::string values;
  if (!code_symbols(body, values) || values.empty()) return {};
  return check_of(values, kind);
}

Result<Code> make_code(const std::vector<std::string>& parts) {
  if (parts.empty()) return invalid(Message{"code.no_parts"});
  std::string all, values;
  Message err;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!to_values(parts[i], values, err, Subject{Subject::part, i + 1, {}})) return invalid(std::move(err));
    if (values.empty()) return invalid(Message{"code.part_empty", {{"part", i + 1}, {"text", clip(parts[i])}}});
    all += values;
  }
  if (all.size() > kMaxCodeLength) {
    return invalid(Message{"code.parts_too_long", {{"n", all.size()}, {"max", kMaxCodeLength}}});
  }
  return Code{values_to_text(all), check_digits(all), CheckKind::digits};
}

Result<Code> make_code(const std::vector<instrument::CodeQuestion>& questions,
                       const std::vector<std::string>& answers) {
  if (answers.size() != questions.size()) {
    return invalid(Message{"code.answer_count", {{"n", answers.size()}, {"questions", questions.size()}}});
  }
  std::string all, values;
  Message err;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    const auto& q = questions[i];
    if (!to_values(answers[i], values, err, Subject{Subject::answer, 0, q.id})) return invalid(std::move(err));
    if (q.kind == instrument::CodeQuestion::Kind::letters) {
      std::size_t letters = 0;
      for (char v : values) {
        if (v < 10) {
          return invalid(Message{"code.answer_has_digit",
                                 {{"question", q.id}, {"digit", kSymbols[static_cast<unsigned char>(v)]}}});
        }
        ++letters;
      }
      if (letters < static_cast<std::size_t>(q.length)) {
        return invalid(
            Message{"code.answer_too_few_letters", {{"question", q.id}, {"n", letters}, {"length", q.length}}});
      }
      all.append(values, 0, static_cast<std::size_t>(q.length));
    } else {
      if (values.empty()) return invalid(Message{"code.answer_empty", {{"question", q.id}}});
      long long number = 0;
      for (char v : values) {
        if (v >= 10) {
          return invalid(Message{"code.answer_has_letter",
                                 {{"question", q.id}, {"letter", kSymbols[static_cast<unsigned char>(v)]}}});
        }
        if (number < 100000000) number = number * 10 + v;
      }
      if (number < q.min || number > q.max) {
        return invalid(Message{"code.answer_out_of_range",
                               {{"question", q.id}, {"number", number}, {"min", q.min}, {"max", q.max}}});
      }
      std::string digits = std::to_string(number);
      if (digits.size() > static_cast<std::size_t>(q.length)) {
        return invalid(
            Message{"code.answer_too_many_digits", {{"question", q.id}, {"number", number}, {"length", q.length}}});
      }
      digits.insert(0, static_cast<std::size_t>(q.length) - digits.size(), '0');
      for (char d : digits) all.push_back(static_cast<char>(d - '0'));
    }
  }
  if (all.empty() || all.size() > kMaxCodeLength) {
    return invalid(Message{"code.questions_length", {{"n", all.size()}, {"max", kMaxCodeLength}}});
  }
  return Code{values_to_text(all), check_digits(all), CheckKind::digits};
}

Result<Code> normalise_code(std::string_view text, CheckMode mode, CodeIssue* issue_out) {
  CodeIssue dummy;
  CodeIssue& issue = issue_out ? *issue_out : dummy;
  issue = CodeIssue::invalid;
  std::string values;
  Message err;
  std::size_t hyphen = std::string_view::npos;
  if (!to_values(text, values, err, Subject{Subject::code, 0, {}}, &hyphen)) return invalid(std::move(err));
  // "AI07AL-75": two symbols after the last hyphen are check digits (a
  // letter among them is a mismatch, not a code without check: a mistyped
  // digit must not pass); "AI07AL-K" (first round): exactly one symbol is a
  // check character; and something before the hyphen.
  const std::size_t after = hyphen == std::string_view::npos ? 0 : values.size() - hyphen;
  const bool has_check =
      mode != CheckMode::none && hyphen != std::string_view::npos && hyphen > 0 && (after == 1 || after == 2);
  if (!has_check && mode == CheckMode::required) {
    issue = CodeIssue::check_missing;
    return invalid(Message{"code.check_missing", {{"code", clip(text)}}});
  }
  std::string_view body(values);
  if (has_check) body = body.substr(0, hyphen);
  if (body.empty()) return invalid(Message{"code.empty", {{"code", clip(text)}}});
  if (body.size() > kMaxCodeLength) {
    return invalid(Message{"code.too_long", {{"code", clip(text)}, {"n", body.size()}, {"max", kMaxCodeLength}}});
  }
  Code code{values_to_text(body), "", CheckKind::digits};
  if (has_check) {
    code.check_kind = after == 1 ? CheckKind::symbol : CheckKind::digits;
    code.check = values_to_text(std::string_view(values).substr(hyphen));
    const std::string expected = check_of(body, code.check_kind);
    if (code.check != expected) {
      issue = CodeIssue::check_mismatch;
      return invalid(Message{"code.check_mismatch",
                             {
                                 {"code", clip(text)},
                                 {"given", code.check},
                                 {"body", code.body},
                                 {"expected", expected},
                             }});
    }
  }
  issue = CodeIssue::none;
  return code;
}

}  // namespace assess::data
