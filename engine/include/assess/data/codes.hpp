// Self-generated pseudonymous codes for linking a student's pre and post
// answers without names (the study file asks a few questions only the
// student can answer; only the resulting code is stored, never the answers).
//
// Normalisation (identical for answers and for codes typed or imported):
//   - upper case for Latin, Cyrillic and the Kazakh letters (own tables, no
//     ICU); Latin letters with diacritics lose them (Ä -> A, İ/ı -> I);
//   - spaces, hyphens, punctuation, control and zero-width characters are
//     dropped; combining accents are dropped (И + U+0306 is composed to Й);
//   - Cyrillic letters that look like Latin ones become the Latin letter
//     (А В Е Ё К М Н О Р С Т У Х Ү Һ І Ї Ј Ѕ Ў -> A B E E K M H O P C T Y X Y H I I J S Y),
//     Ъ becomes Ь, Latin Ə/Ɵ become Ә/Ө; the table is in docs/formats.md;
//   - any other character (other scripts, emoji, symbols) is an error.
// What remains is a string over a fixed alphabet of 61 symbols: 0-9, A-Z and
// the 25 Cyrillic letters Ә Б Г Ғ Д Ж З И Й Қ Л Ң Ө П Ұ Ф Ц Ч Ш Щ Ы Ь Э Ю Я.
//
// Check character: with symbol values v (0-9 = 0..9, A-Z = 10..35, Cyrillic
// in the order above = 36..60), the check symbol c makes the weighted sum of
// the whole code sum v(s_i) * 2^(m-i) (i = 1..m, the check symbol last)
// congruent to 1 modulo 61 - ISO 7064's pure-system construction (as in
// MOD 37-2), taken to the prime 61 so that every symbol has its own residue.
// A single substitution changes the sum by (v' - v) 2^k, never 0 mod 61
// (61 is prime and |v' - v| < 61); swapping two different symbols at distance
// d changes it by (v_a - v_b) 2^k (2^d - 1), never 0 for 0 < d < 60 because 2
// is a primitive root mod 61. So every single substitution (including in the
// check symbol) and every adjacent transposition is detected.
//
// Written form: BODY-C (a hyphen, then the check symbol), e.g. AI07AL-K.
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

// A normalised code: the body is the link key; check is the check symbol
// ("" when the code came without one).
struct Code {
  std::string body;   // UTF-8, normalised
  std::string check;  // UTF-8, one symbol, or ""
  // "AI07AL-K", or the body alone when there is no check symbol.
  std::string text() const { return check.empty() ? body : body + "-" + check; }
};

// How normalise_code treats a trailing "-X".
enum class CheckMode {
  automatic,  // a code whose last hyphen is followed by exactly one symbol carries a check symbol; else none
  none,       // codes never carry one (codes from another tool); hyphens are ignored like punctuation
  required,   // every code must carry a check symbol
};

// Normalises free text (one answer, or a code without its check): case,
// look-alikes, no spaces or punctuation. Errors say "the text" (code.text_*).
// Errors of every function here carry their message id (code.*).
Result<std::string> normalise_text(std::string_view text);

// The check symbol of a normalised body (UTF-8, one symbol); "" when the
// body contains anything outside the alphabet.
std::string check_character(std::string_view normalised_body);

// Joins the normalised parts and appends the check symbol. Each part must
// leave at least one symbol; the body may have at most kMaxCodeLength.
Result<Code> make_code(const std::vector<std::string>& parts);

// The code from the answers to the study's code questions, in question
// order: for a `letters` question the first `length` letters of the
// normalised answer (an answer with digits, or with fewer letters, is an
// error); for a `digits` question the number (within min..max) written with
// `length` digits, zero-padded.
Result<Code> make_code(const std::vector<instrument::CodeQuestion>& questions, const std::vector<std::string>& answers);

// What is wrong with a code that normalise_code rejects.
enum class CodeIssue { none, invalid, check_missing, check_mismatch };

// A code as typed or imported: normalised, and its check symbol (if any,
// see CheckMode) verified. A mismatch is an invalid_input error whose
// message says which check symbol the body has; issue (optional) receives
// the kind of problem.
Result<Code> normalise_code(std::string_view text, CheckMode mode = CheckMode::automatic, CodeIssue* issue = nullptr);

// Internal form used by linking: one byte (0..60) per symbol. False when the
// text is not a normalised body.
bool code_symbols(std::string_view normalised_body, std::string& out);
// The UTF-8 form of symbol v (0..60).
std::string_view symbol_text(int v) noexcept;

}  // namespace assess::data
