#include "import_values.hpp"

#include <cmath>
#include <cstdlib>

#include "assess/core/text.hpp"
#include "assess/data/codes.hpp"

namespace assess::data::detail {

std::string_view trim(std::string_view s) noexcept {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool iequal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool within_one_edit(std::string_view a, std::string_view b) noexcept {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or b has one more at the end
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i) == b.substr(i + 1);  // insertion into a
}

std::string shown(std::string_view s) { return clipped(s, kShownValue); }

std::string show(std::string_view s) { return quote(shown(s)); }

NumberParse parse_number(std::string_view s, double& out) noexcept {
  s = trim(s);
  if (s.empty() || s == "NA") return NumberParse::missing;
  static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  std::size_t i = 0, n = s.size();
  bool neg = false;
  if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
  std::uint64_t mant = 0;
  int digits = 0, frac = 0, sig = 0;
  bool overflow = false;
  while (i < n && s[i] >= '0' && s[i] <= '9') {
    if (sig < 18)
      mant = mant * 10 + static_cast<unsigned>(s[i] - '0'), sig += (mant != 0);
    else
      overflow = true;
    ++i, ++digits;
  }
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      if (sig < 18)
        mant = mant * 10 + static_cast<unsigned>(s[i] - '0'), sig += (mant != 0), ++frac;
      else
        overflow = true;
      ++i, ++digits;
    }
  }
  if (digits == 0) return NumberParse::bad;
  int exp10 = 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    int e = 0, ed = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
      if (e < 100000) e = e * 10 + (s[i] - '0');
      ++i, ++ed;
    }
    if (ed == 0) return NumberParse::bad;
    exp10 = eneg ? -e : e;
  }
  if (i != n) return NumberParse::bad;
  int scale = exp10 - frac;
  // Exact when the mantissa and the power of ten are both exact doubles: one
  // correctly rounded multiplication or division.
  if (!overflow && mant < (1ull << 53) && scale >= -22 && scale <= 22) {
    double m = static_cast<double>(mant);
    out = scale >= 0 ? m * kPow10[scale] : m / kPow10[-scale];
  } else {
    std::string copy(s);
    out = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(out)) return NumberParse::bad;
    return NumberParse::ok;
  }
  if (neg) out = -out;
  return NumberParse::ok;
}

bool looks_like_timestamp(std::string_view s) noexcept {
  auto digits = [&](std::size_t at, std::size_t k) {
    if (at + k > s.size()) return false;
    for (std::size_t i = at; i < at + k; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  if (!digits(0, 4) || s.size() < 10 || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2)) return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  std::size_t i = 10;
  if (i == s.size()) return true;
  if (s[i] != 'T' && s[i] != ' ') return false;
  ++i;
  if (!digits(i, 2) || i + 2 >= s.size() || s[i + 2] != ':' || !digits(i + 3, 2)) return false;
  int hh = (s[i] - '0') * 10 + (s[i + 1] - '0'), mm = (s[i + 3] - '0') * 10 + (s[i + 4] - '0');
  if (hh > 23 || mm > 59) return false;
  i += 5;
  if (i < s.size() && s[i] == ':') {
    if (!digits(i + 1, 2)) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      ++i;
      std::size_t b = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == b) return false;
    }
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if (s[i] == '+' || s[i] == '-') {
    std::string_view z = s.substr(i + 1);
    return (z.size() == 5 && digits(i + 1, 2) && z[2] == ':' && digits(i + 4, 2)) ||
           (z.size() == 4 && digits(i + 1, 4)) || (z.size() == 2 && digits(i + 1, 2));
  }
  return false;
}

std::uint64_t hash_bytes(std::string_view s, std::uint64_t seed) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull ^ (seed * 0x9E3779B97F4A7C15ull);
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

bool decimal_comma(std::string_view s) {
  s = trim(s);
  const std::size_t comma = s.find(',');
  if (comma == std::string_view::npos) return false;
  std::string point(s);
  point[comma] = '.';
  double x;
  return parse_number(point, x) == NumberParse::ok;
}

std::string list_names(const std::vector<std::string>& names, std::size_t limit) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > limit) s += ", ...";
  return s;
}

Message code_message(std::string_view text, CodeIssue issue, const Error& err, bool hint) {
  // The code as codes.cpp quotes it.
  const std::string text_shown = clipped(text, kShownText);
  Message m;
  if (issue == CodeIssue::check_missing) {
    m = Message{"import.check_missing", {{"text", text_shown}}};
  } else if (issue == CodeIssue::check_mismatch) {
    // codes.cpp's message has the check as given, the body and its check.
    const MsgParam* given = err.msg.param("given");
    const MsgParam* body = err.msg.param("body");
    const MsgParam* expected = err.msg.param("expected");
    if (given && body && expected) {
      m = hint
              ? Message{"import.check_mismatch_hint",
                        {{"text", text_shown},
                         {"check", given->text},
                         {"body", body->text},
                         {"expected", expected->text}}}
              : Message{
                    "import.check_mismatch",
                    {{"text", text_shown}, {"check", given->text}, {"body", body->text}, {"expected", expected->text}}};
    }
  }
  // The sentence must stay the one codes.cpp writes: a message whose English
  // differs (its wording changed) gives way to codes.cpp's own.
  const char* const kHint = " (codes from a tool without check characters: import with code_check \"none\")";
  if (!m.empty() && english(m) == err.message + (hint ? kHint : "")) return m;
  if (!err.msg.empty() && !hint) return err.msg;
  return hint ? Message{"import.invalid_code_hint", {{"detail", err.message}}}
              : Message{"import.invalid_code", {{"detail", err.message}}};
}

const std::string* programme_meant(const instrument::Study& study, std::string_view text) {
  for (const auto& p : study.programmes) {
    bool title = false;
    for (const auto& kv : p.title) title = title || kv.second == text;
    if (iequal(p.id, text) || title) return &p.id;
  }
  return nullptr;
}

LookAlikes::LookAlikes(const std::vector<std::string>* ids, bool numbered) : ids_(ids), numbered_(numbered) {
  folded_.reserve(ids->size());
  for (const auto& id : *ids) {
    auto folded = normalise_text(id);
    folded_.push_back(folded ? folded.value() : std::string());
  }
}

const std::string* LookAlikes::find(std::string_view h) const {
  auto split = [](std::string_view s) {
    std::size_t e = s.size();
    while (e > 0 && s[e - 1] >= '0' && s[e - 1] <= '9') --e;
    return e;
  };
  // Cyrillic look-alikes or stray punctuation in a header (EТ2 with a Cyrillic Т).
  auto folded = normalise_text(h);
  const std::vector<std::string>& ids = *ids_;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (folded && !folded->empty() && *folded == folded_[i]) return &ids[i];
  }
  const std::size_t hp = split(h);
  const std::string lh = lower_ascii(h);
  for (const auto& id : ids) {
    const std::size_t ip = split(id);
    if (numbered_ && hp > 0 && hp < h.size() && ip < id.size() &&
        iequal(h.substr(0, hp), std::string_view(id).substr(0, ip)))
      return &id;
    if (id.size() >= 3 && within_one_edit(lh, lower_ascii(id))) return &id;
  }
  return nullptr;
}

}  // namespace assess::data::detail
