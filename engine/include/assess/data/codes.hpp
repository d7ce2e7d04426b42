// Self-generated pseudonymous codes for linking a student's pre and post
// answers without names (the study file asks a few questions only the
// student can answer; only the resulting code is stored, never the answers).
//
// Normalisation (identical for answers and for codes typed or imported):
//   - the text is read in Unicode NFC (core/text.hpp), so canonically
//     equivalent texts make one code: И + U+0306 is Й, a letter with
//     combining accents in any order is the precomposed letter;
//   - upper case for Latin, Cyrillic and the Kazakh letters (own tables, no
//     ICU); Latin letters with diacritics lose them (Ä -> A, İ/ı -> I); a
//     letter outside the tables with a canonical decomposition (Ǎ, Ӓ, Ạ) is
//     its base letter;
//   - spaces, hyphens, punctuation, control and zero-width characters are
//     dropped; combining accents left after NFC are dropped;
//   - Cyrillic letters that look like Latin ones become the Latin letter
//     (А В Е Ё К М Н О Р С Т У Х Ү Һ І Ї Ј Ѕ Ў -> A B E E K M H O P C T Y X Y H I I J S Y),
//     Ъ becomes Ь, Latin Ə/Ɵ become Ә/Ө; the table is in docs/formats.md;
//   - any other character (other scripts, emoji, symbols) is an error.
// What remains is a string over a fixed alphabet of 61 symbols: 0-9, A-Z and
// the 25 Cyrillic letters Ә Б Г Ғ Д Ж З И Й Қ Л Ң Ө П Ұ Ф Ц Ч Ш Щ Ы Ь Э Ю Я.
//
// Check digits (written since the second round): two decimal digits that
// every student can read and type, whatever the script of the body. With
// symbol values v (0-9 = 0..9, A-Z = 10..35, Cyrillic in the order above =
// 36..60), the body s_1..s_m and the check number c (02..98) make
//   T = sum v(s_i) * 10^(m+2-i) + c  congruent to 1 modulo 97,
// ISO 7064's MOD 97-10 (the IBAN check) with each symbol one "digit" of the
// base-10 weighting: c = 98 - (100 S mod 97), S = the body by Horner base 10
// mod 97. 97 is prime and 10 is a primitive root modulo 97 (its order is
// 96), so: a substitution changes T by (v' - v) 10^k with 0 < |v' - v| < 97,
// never 0 mod 97 (also in a check digit); swapping two different symbols d
// places apart changes it by (v_a - v_b) 10^k (10^d - 1), never 0 for
// 0 < d < 96 - every single substitution and every transposition within a
// code (bodies have at most 48 symbols) is detected, across the hyphen too.
//
// Check character (first round, still verified): one symbol c of the
// alphabet that makes sum v(s_i) * 2^(m-i) over the whole code (c last)
// congruent to 1 modulo 61 (ISO 7064's pure-system construction taken to the
// prime 61). It detects the same errors, but a Latin code could get a
// Kazakh check letter that a Russian- or English-speaking student cannot
// type, which is why new codes carry digits.
//
// Written forms: BODY-NN (AI07AL-48) and the first round's BODY-C (AI07AL-Ұ).
// One symbol after the last hyphen is a check character, two symbols are
// check digits (a letter there is a mismatch); no hyphen, or three or more
// symbols after it, is no check (codes from other tools).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/result.hpp"
#include "assess/instrument/model.hpp"

namespace assess::data {

inline constexpr int kCodeAlphabetSize = 61;
// Longest code body accepted (symbols); study codes have 4-16.
inline constexpr std::size_t kMaxCodeLength = 48;

// Which check a code carries (see above).
enum class CheckKind {
  digits,  // BODY-NN, two check digits (made by make_code)
  symbol,  // BODY-C, the first round's check character
};

// A normalised code: the body is the link key; check is the check digits or
// symbol ("" when the code came without one).
struct Code {
  std::string body;   // UTF-8, normalised
  std::string check;  // "48" (two digits), one symbol (UTF-8), or ""
  CheckKind check_kind = CheckKind::digits;
  // "AI07AL-75", or the body alone when there is no check; in one script
  // (display_code).
  std::string text() const;
};

// How normalise_code treats a trailing "-X".
enum class CheckMode {
  automatic,  // one symbol or two symbols after the last hyphen are a check; else none
  none,       // codes never carry one (codes from another tool); hyphens are ignored like punctuation
  required,   // every code must carry a check (digits or symbol)
};

// Normalises free text (one answer, or a code without its check): case,
// look-alikes, no spaces or punctuation. Errors say "the text" (code.text_*).
// Errors of every function here carry their message id (code.*).
Result<std::string> normalise_text(std::string_view text);

// The check of a normalised body: two digits ("48") or the first round's
// symbol (UTF-8); "" when the body contains anything outside the alphabet.
std::string check_character(std::string_view normalised_body, CheckKind kind = CheckKind::digits);

// Joins the normalised parts and appends the check digits. Each part must
// leave at least one symbol; the body may have at most kMaxCodeLength.
Result<Code> make_code(const std::vector<std::string>& parts);

// The code from the answers to the study's code questions, in question
// order: for a `letters` question the first `length` letters of the
// normalised answer (an answer with digits, or with fewer letters, is an
// error); for a `digits` question the number (within min..max) written with
// `length` digits, zero-padded. The code carries check digits.
Result<Code> make_code(const std::vector<instrument::CodeQuestion>& questions, const std::vector<std::string>& answers);

// What is wrong with a code that normalise_code rejects.
enum class CodeIssue { none, invalid, check_missing, check_mismatch };

// A code as typed or imported: normalised, and its check symbol (if any,
// see CheckMode) verified. A mismatch is an invalid_input error whose
// message says which check the body has (in the kind given); issue (optional) receives
// the kind of problem.
Result<Code> normalise_code(std::string_view text, CheckMode mode = CheckMode::automatic, CodeIssue* issue = nullptr);

// A normalised body in one script, as codes are shown and written: when it
// has a Cyrillic letter of its own (Й, Ә, Л, ...) and no Latin letter of its
// own (D, F, G, ...), the Latin look-alikes are written as their Cyrillic
// twins (A -> А, B -> В, C -> С, E -> Е, H -> Н, I -> І, K -> К, M -> М,
// O -> О, P -> Р, T -> Т, X -> Х, Y -> У): "AЙ07AЛ" is shown "АЙ07АЛ", so that
// a researcher searching with one keyboard layout finds it. Normalising the
// display gives the body back; a body with letters of both scripts of their
// own, or none, is returned as it is.
std::string display_code(std::string_view normalised_body);

// Internal form used by linking: one byte (0..60) per symbol. False when the
// text is not a normalised body.
bool code_symbols(std::string_view normalised_body, std::string& out);
// The UTF-8 form of symbol v (0..60).
std::string_view symbol_text(int v) noexcept;

// The skeleton of a code in symbol values (as code_symbols writes them):
// the letters that Kazakh and Russian spellings of one name or place write
// differently become one letter (Ә -> A, Ғ -> Г, И Й -> I, Қ -> K, Ң -> H,
// Ө -> O, Ұ U -> Y, Э -> E; the table is in docs/formats.md), so that
// Ақтөбе/Актобе or Әсел/Асель meet. Linking uses it only to offer near
// matches, never to link. Values outside 0..60 are kept.
std::string code_skeleton(std::string_view values);

}  // namespace assess::data
