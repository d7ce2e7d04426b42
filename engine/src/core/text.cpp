#include "assess/core/text.hpp"

namespace assess {

namespace {
bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept {
  if (s.size() <= max_bytes) return s;
  // s[cut] is the first byte left out: while it continues a character, that
  // character started before the cut and is left out whole. A character has
  // at most 3 continuation bytes; more are not UTF-8, and are cut as bytes.
  std::size_t cut = max_bytes;
  for (int back = 0; back < 3 && cut > 0 && is_continuation(s[cut]); ++back) --cut;
  if (is_continuation(s[cut])) cut = max_bytes;
  return s.substr(0, cut);
}

std::string clipped(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::string out(utf8_prefix(s, max_bytes));
  out += "...";
  return out;
}

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

}  // namespace assess
