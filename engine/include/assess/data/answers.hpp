// Answers of the item types beside Likert (docs/formats.md "Item types"):
// how a written answer names an option (by its id or by its label in any
// language of the instrument), how long a text answer is, and how the
// number that ResponseTable::answers keeps for an item is written back as
// JSON (an option id, the list of ids chosen, the text).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/instrument/model.hpp"

namespace assess::data {

// The key two labels are compared by: Unicode NFC, without spaces and tabs
// around it, and without regard to case for Latin (ASCII and Latin-1) and
// Cyrillic letters, Kazakh ones included ("Иә", "иә" and "ИӘ" are one key).
std::string fold_label(std::string_view text);

// The number of Unicode characters (code points) of UTF-8 text.
std::size_t count_code_points(std::string_view text) noexcept;

// The options of an instrument's choice and multi items, found by what a
// respondent or a spreadsheet wrote.
class OptionFinder {
 public:
  static constexpr long kUnknown = -1;    // no option has this id or label
  static constexpr long kAmbiguous = -2;  // a label of two options of the item (in different languages)

  explicit OptionFinder(const instrument::Instrument& ins);
  // The option (its index in the item's options) that `text` names: its id
  // without regard to case, else its label in any language (fold_label).
  long find(std::size_t item, std::string_view text) const;

 private:
  const instrument::Instrument& ins_;
  std::vector<std::unordered_map<std::string, long>> by_label_;  // per item: folded label -> option
};

// A text (a rating's comment, a text answer) as a record's identity compares
// it: Unicode NFC, line ends as \n, without the spaces, tabs and line breaks
// around it. The record keeps the text as written.
std::string text_identity(const std::string& written);

// The bits of a multi answer (ResponseTable::answers: the sum of 2^option).
inline bool option_chosen(double answer, std::size_t option) noexcept {
  return ((static_cast<unsigned long long>(answer) >> option) & 1ull) != 0;
}

// The answer x (ResponseTable::answers encoding, NaN = missing) to `item` as
// records and identities write it: null when missing; a number (Likert,
// number); the option id (choice); the ids chosen in option order (multi);
// the text (text: `text`, which the caller takes from ResponseTable::texts).
Json answer_json(const instrument::Item& item, double x, const std::string* text);

}  // namespace assess::data
