// Unicode normalisation form C and the canonical decomposition, with the
// engine's own tables (text.hpp, "Unicode NFC"). In a translation unit of
// its own so that the analysis page's engine can take these functions from
// the browser instead (wasm/unicode_browser.cpp: String.prototype.normalize,
// the same Unicode algorithm; the tables are 9 KB gzip).
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assess/core/text.hpp"

namespace assess {

namespace {

// The generated tables (see scripts/dev/gen-unicode-nfc.py for their layout).
#include "nfc_data.inc"

static_assert(std::size(kCccLength) == kCccRuns && std::size(kCccClass) == kCccRuns, "one length per run");
static_assert(std::size(kDecompFirst) == kDecompCount && std::size(kDecompSecond) == kDecompCount,
              "one decomposition per key");
static_assert(std::size(kQcFirst) == std::size(kQcLast), "one last per quick-check run");

constexpr unsigned char kComposite = 0x80;  // kDecompSecond: a primary composite
constexpr char32_t kFirstMark = 0x300;      // below it: class 0, quick check Yes

// Hangul syllables (Unicode 3.12): S = SBase + (L * VCount + V) * TCount + T.
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

bool is_hangul_syllable(char32_t cp) noexcept { return cp >= kSBase && cp < kSBase + kSCount; }

// The sorted code points the .inc writes as differences in LEB128 bytes.
template <std::size_t N>
std::vector<std::uint32_t> expand_deltas(const unsigned char (&bytes)[N], std::size_t count) {
  std::vector<std::uint32_t> out;
  out.reserve(count);
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < N;) {
    std::uint32_t d = 0;
    for (unsigned shift = 0; i < N; shift += 7) {
      const unsigned char b = bytes[i++];
      d |= static_cast<std::uint32_t>(b & 0x7FU) << shift;
      if ((b & 0x80U) == 0) break;
    }
    value += d;
    out.push_back(value);
  }
  return out;
}

// The code points of the tables, expanded once on first use.
struct Keys {
  std::vector<std::uint32_t> ccc_first;  // first code point of each combining-class run
  std::vector<std::uint32_t> decomp;     // the code points with a decomposition
};
const Keys& keys() {
  static const Keys k{expand_deltas(kCccStartDeltas, kCccRuns), expand_deltas(kDecompKeyDeltas, kDecompCount)};
  return k;
}

// Index of cp among the decomposition keys, or -1.
std::ptrdiff_t decomposition_index(char32_t cp) {
  const std::vector<std::uint32_t>& k = keys().decomp;
  const auto it = std::lower_bound(k.begin(), k.end(), static_cast<std::uint32_t>(cp));
  return it != k.end() && *it == cp ? it - k.begin() : -1;
}

char32_t second_of(std::size_t i) noexcept { return kSeconds[kDecompSecond[i] & ~kComposite]; }

// Whether cp lies in one of the runs [first[i], last[i]] (sorted, disjoint).
template <std::size_t N>
bool in_runs(const std::uint32_t (&first)[N], const std::uint32_t (&last)[N], char32_t cp) noexcept {
  const auto* it = std::upper_bound(std::begin(first), std::end(first), static_cast<std::uint32_t>(cp));
  return it != std::begin(first) && cp <= last[it - std::begin(first) - 1];
}

void decompose_into(char32_t cp, std::u32string& out) {
  if (is_hangul_syllable(cp)) {
    const char32_t s = cp - kSBase;
    out += static_cast<char32_t>(kLBase + s / kNCount);
    out += static_cast<char32_t>(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out += static_cast<char32_t>(kTBase + s % kTCount);
    return;
  }
  const std::ptrdiff_t i = decomposition_index(cp);
  if (i < 0) {
    out += cp;
    return;
  }
  decompose_into(kDecompFirst[i], out);
  const char32_t second = second_of(static_cast<std::size_t>(i));
  if (second != 0) decompose_into(second, out);
}

// The primary composite of the pair (a, b), or 0.
char32_t compose_pair(char32_t a, char32_t b) {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (is_hangul_syllable(a) && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
    return a + (b - kTBase);
  const auto* begin = std::begin(kComposeIndex);
  const auto* end = std::end(kComposeIndex);
  const auto* it = std::lower_bound(begin, end, std::make_pair(a, b), [](std::uint16_t i, const auto& key) {
    return std::make_pair(static_cast<char32_t>(kDecompFirst[i]), second_of(i)) < key;
  });
  if (it == end || kDecompFirst[*it] != a || second_of(*it) != b) return 0;
  return keys().decomp[*it];
}

// Decodes the well-formed UTF-8 character at text[pos] and advances pos;
// false (pos unchanged) when the bytes there are not one (overlong forms,
// surrogates and code points above U+10FFFF are not).
bool decode_utf8(std::string_view text, std::size_t& pos, char32_t& cp) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[pos + k]); };
  const unsigned char b0 = byte(0);
  std::size_t n = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    ++pos;
    return true;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 1, min = 0x80, cp = b0 & 0x1FU;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 2, min = 0x800, cp = b0 & 0x0FU;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 3, min = 0x10000, cp = b0 & 0x07U;
  } else {
    return false;
  }
  if (pos + n >= text.size()) return false;
  for (std::size_t k = 1; k <= n; ++k) {
    if ((byte(k) & 0xC0U) != 0x80) return false;
    cp = (cp << 6) | (byte(k) & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  pos += n + 1;
  return true;
}

void encode_utf8(char32_t cp, std::string& out) {
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

}  // namespace

unsigned canonical_combining_class(char32_t cp) {
  if (cp < kFirstMark) return 0;
  const std::vector<std::uint32_t>& first = keys().ccc_first;
  auto it = std::upper_bound(first.begin(), first.end(), static_cast<std::uint32_t>(cp));
  if (it == first.begin()) return 0;
  const auto i = static_cast<std::size_t>(it - first.begin() - 1);
  return cp - first[i] <= kCccLength[i] ? kCccClass[i] : 0;
}

std::u32string canonical_decomposition(char32_t cp) {
  std::u32string out;
  decompose_into(cp, out);
  return out;
}

const char* unicode_version() noexcept { return kUnicodeVersion; }

std::u32string nfc(std::u32string_view text) {
  // 1. Canonical decomposition, recursively.
  std::u32string s;
  s.reserve(text.size() + 4);
  for (char32_t cp : text) decompose_into(cp, s);

  // 2. Canonical ordering: each run of non-starters sorted by combining
  // class, stably (insertion sort: runs are short).
  std::vector<unsigned char> cls(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) cls[i] = static_cast<unsigned char>(canonical_combining_class(s[i]));
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (cls[i] == 0) continue;
    for (std::size_t j = i; j > 0 && cls[j - 1] > cls[j]; --j) {
      std::swap(s[j - 1], s[j]);
      std::swap(cls[j - 1], cls[j]);
    }
  }

  // 3. Canonical composition: each character joins the last starter when
  // it is not blocked from it (no character between them of class 0 or of
  // a class at least its own) and the pair is a primary composite.
  if (s.empty()) return s;
  std::size_t starter = 0;                 // where the last starter was written
  bool have_starter = cls[0] == 0;         // a text may begin with combining marks
  unsigned last = have_starter ? 0 : 256;  // class of the last character written after the starter
  std::size_t w = 1;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char32_t ch = s[i];
    const unsigned c = cls[i];
    if (have_starter && (last < c || last == 0)) {
      if (const char32_t composite = compose_pair(s[starter], ch)) {
        s[starter] = composite;
        continue;
      }
    }
    if (c == 0) {
      starter = w;
      have_starter = true;
    }
    last = c;
    s[w++] = ch;
  }
  s.resize(w);
  return s;
}

bool nfc_quick_check(std::string_view text) {
  unsigned last = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      last = 0;
      continue;
    }
    char32_t cp = 0;
    if (!decode_utf8(text, pos, cp)) return false;
    if (cp < kFirstMark) {
      last = 0;
      continue;
    }
    const unsigned c = canonical_combining_class(cp);
    if (c != 0 && last > c) return false;
    if (in_runs(kQcFirst, kQcLast, cp)) return false;
    last = c;
  }
  return true;
}

std::string nfc(std::string_view text) {
  if (nfc_quick_check(text)) return std::string(text);
  std::u32string cps;
  cps.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    char32_t cp = 0;
    if (!decode_utf8(text, pos, cp)) return std::string(text);
    cps += cp;
  }
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : nfc(std::u32string_view(cps))) encode_utf8(cp, out);
  return out;
}

}  // namespace assess
