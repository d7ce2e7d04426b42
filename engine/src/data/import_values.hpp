// Internal: the values of imported cells and JSON fields - trimming and
// comparing without regard to case, numbers as researchers write them,
// timestamps, look-alike ids, dictionaries of categorical columns, and how
// a value is shown in a message. Not a public header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "assess/core/error.hpp"
#include "assess/core/message.hpp"
#include "assess/core/text.hpp"
#include "assess/data/codes.hpp"
#include "assess/instrument/model.hpp"

namespace assess::data::detail {

std::string_view trim(std::string_view s) noexcept;
std::string lower_ascii(std::string_view s);
bool iequal(std::string_view a, std::string_view b) noexcept;
// Restricted Damerau-Levenshtein distance <= 1 (bytes).
bool within_one_edit(std::string_view a, std::string_view b) noexcept;

// A cell or JSON string as a message shows it: clipped to kShownValue bytes
// (core/text.hpp). show() puts it in double quotes.
std::string shown(std::string_view s);
std::string show(std::string_view s);

enum class NumberParse { ok, missing, bad };
// Empty and NA are missing; otherwise [+-]digits[.digits][e[+-]digits].
NumberParse parse_number(std::string_view s, double& out) noexcept;
// A number written with a decimal comma ("2,5"): the hint of a not_a_number.
bool decimal_comma(std::string_view s);

// YYYY-MM-DD, optionally followed by T or a space, hh:mm[:ss[.fff]] and Z or +hh:mm.
bool looks_like_timestamp(std::string_view s) noexcept;

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed = 0) noexcept;

// "a, b, c" (at most `limit` names, then ", ...").
inline constexpr std::size_t kListedNames = 12;
inline constexpr std::size_t kListedIds = 40;  // the ids of an instrument or rubric in a message
std::string list_names(const std::vector<std::string>& names, std::size_t limit = kListedNames);

// The message of a code that normalise_code refused (text as it was given
// to it): a missing or wrong check character with the values the pages
// need, with the hint to read codes with code_check "none" when `hint`;
// another problem as codes.cpp says it (its msg when it carries one).
Message code_message(std::string_view text, CodeIssue issue, const Error& err, bool hint);

// The programme of the study a text probably means: one whose id is the
// text but for case, or whose title (in any language) is the text; nullptr
// when none.
const std::string* programme_meant(const instrument::Study& study, std::string_view text);

// Ids (items, criteria) and the headers or keys that probably mean one of
// them: the same through the code normaliser (case, Cyrillic look-alikes,
// stray punctuation: EТ2 with a Cyrillic Т), one edit away (ids of three or
// more characters), and with `numbered` the same letters with other digits
// (ET4 beside ET1..ET3).
class LookAlikes {
 public:
  LookAlikes(const std::vector<std::string>* ids, bool numbered);
  // The id that h probably means, or nullptr.
  const std::string* find(std::string_view h) const;

 private:
  const std::vector<std::string>* ids_;
  std::vector<std::string> folded_;
  bool numbered_;
};

// Interns the values of a categorical column (programme, wave, group,
// expert, object, language). Values are compared and kept in Unicode NFC:
// an expert's name typed with a decomposed letter (И + U+0306 for Й) in one
// file and precomposed in another is one expert. NFC text (every ASCII id,
// and nearly every name) is taken as it is after one pass over its bytes.
class Dict {
 public:
  explicit Dict(std::vector<std::string>& names) : names_(names) {
    for (std::size_t i = 0; i < names_.size(); ++i) index_.emplace(names_[i], static_cast<std::uint32_t>(i));
  }
  // -1 when absent.
  long find(std::string_view s) const {
    if (!nfc_quick_check(s)) return find_nfc(nfc(s));
    return find_nfc(s);
  }
  // The index of s; a new value is added when `add`, else -1.
  long take(std::string_view s, bool add_new) {
    const long i = find(s);
    return i >= 0 || !add_new ? i : static_cast<long>(add(s));
  }
  std::uint32_t add(std::string_view s) {
    if (!nfc_quick_check(s)) return add_nfc(nfc(s));
    return add_nfc(s);
  }
  const std::vector<std::string>& names() const noexcept { return names_; }

 private:
  long find_nfc(std::string_view s) const {
    if (last_ < names_.size() && names_[last_] == s) return static_cast<long>(last_);
    if (names_.size() <= 32) {  // the usual few programmes: no hashing, no allocation
      for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == s) return static_cast<long>(last_ = i);
      }
      return -1;
    }
    auto it = index_.find(std::string(s));
    if (it == index_.end()) return -1;
    last_ = it->second;
    return it->second;
  }
  std::uint32_t add_nfc(std::string_view s) {
    long i = find_nfc(s);
    if (i >= 0) return static_cast<std::uint32_t>(i);
    auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(s);
    index_.emplace(names_.back(), id);
    last_ = id;
    return id;
  }

  std::vector<std::string>& names_;
  std::unordered_map<std::string, std::uint32_t> index_;
  mutable std::size_t last_ = SIZE_MAX;
};

}  // namespace assess::data::detail
