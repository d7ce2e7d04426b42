#include "assess/data/sav.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "assess/core/text.hpp"

namespace assess::data::sav {
namespace {

// A very long string is stored as segments: each but the last declares a
// width of 255 bytes and carries 255 bytes of the text; every segment
// stands for 252 bytes of the declared width (the format's rule).
constexpr std::size_t kShortString = 8;
constexpr std::size_t kSegmentBytes = 255;
constexpr std::size_t kSegmentWidth = 252;

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

std::size_t n_segments(std::size_t width) {
  return width <= kSegmentBytes ? 1 : (width + kSegmentWidth - 1) / kSegmentWidth;
}

// The width the variable record of segment `s` declares.
std::size_t segment_width(std::size_t width, std::size_t s) {
  const std::size_t n = n_segments(width);
  if (n == 1) return width;
  return s + 1 < n ? kSegmentBytes : width - (n - 1) * kSegmentWidth;
}

class Out {
 public:
  void i32(std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    for (int k = 0; k < 4; ++k) b_.push_back(static_cast<char>((u >> (8 * k)) & 0xFFU));
  }
  void f64(double v) {
    std::uint64_t u = 0;
    std::memcpy(&u, &v, sizeof u);
    for (int k = 0; k < 8; ++k) b_.push_back(static_cast<char>((u >> (8 * k)) & 0xFFU));
  }
  void bytes(std::string_view s) { b_.append(s.data(), s.size()); }
  // s in exactly n bytes: cut, or padded with `pad`.
  void fixed(std::string_view s, std::size_t n, char pad = ' ') {
    const std::string_view t = s.substr(0, std::min(s.size(), n));
    b_.append(t.data(), t.size());
    b_.append(n - t.size(), pad);
  }
  void zeros(std::size_t n) { b_.append(n, '\0'); }
  void size_i32(std::size_t n) { i32(static_cast<std::int32_t>(n)); }
  std::string take() { return std::move(b_); }

 private:
  std::string b_;
};

std::int32_t format_code(int type, std::size_t width, int decimals) {
  return static_cast<std::int32_t>((static_cast<std::uint32_t>(type) << 16) | (static_cast<std::uint32_t>(width) << 8) |
                                   static_cast<std::uint32_t>(decimals));
}
constexpr int kFormatA = 1;
constexpr int kFormatF = 5;

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return u;
}

bool reserved(const std::string& s) {
  static const char* const kWords[] = {"ALL", "AND", "BY",  "EQ", "GE", "GT",  "LE",
                                       "LT",  "NE",  "NOT", "OR", "TO", "WITH"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* w) { return s == w; });
}

// The variable record of one segment (and its continuation records).
void variable_record(Out& o, std::size_t width, const std::string& short_name, const std::string* label,
                     const std::vector<double>& missing, int decimals) {
  o.i32(2);
  o.size_i32(width);  // 0 numeric
  o.i32(label != nullptr ? 1 : 0);
  o.size_i32(missing.size());
  const std::int32_t fmt = width == 0 ? format_code(kFormatF, 8, decimals) : format_code(kFormatA, width, 0);
  o.i32(fmt);
  o.i32(fmt);
  o.fixed(short_name, 8);
  if (label != nullptr) {
    o.size_i32(label->size());
    o.fixed(*label, round_up(label->size(), 4), ' ');
  }
  for (double m : missing) o.f64(m);
  for (std::size_t at = kShortString; at < width; at += kShortString) {
    o.i32(2);
    o.i32(-1);
    o.i32(0);
    o.i32(0);
    o.i32(0);
    o.i32(0);
    o.zeros(8);
  }
}

void extension_header(Out& o, int subtype, int size, std::size_t count) {
  o.i32(7);
  o.i32(subtype);
  o.i32(size);
  o.size_i32(count);
}

void text_record(Out& o, int subtype, const std::string& text) {
  extension_header(o, subtype, 1, text.size());
  o.bytes(text);
}

}  // namespace

std::vector<std::string> short_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::vector<std::string> taken;  // sorted
  out.reserve(names.size());
  for (const auto& name : names) {
    const std::string base = upper(name);
    std::string s = base.substr(0, std::min<std::size_t>(base.size(), 8));
    auto is_taken = [&](const std::string& x) { return std::binary_search(taken.begin(), taken.end(), x); };
    for (unsigned n = 1; s.empty() || is_taken(s) || reserved(s); ++n) {
      const std::string digits = std::to_string(n);
      s = base.substr(0, std::min(base.size(), 8 - digits.size())) + digits;
    }
    taken.insert(std::lower_bound(taken.begin(), taken.end(), s), s);
    out.push_back(std::move(s));
  }
  return out;
}

Written write(const File& f) {
  Written w;
  const std::size_t nv = f.variables.size();

  // Labels cut to what SPSS allows, string widths, and texts cut to 32767 bytes.
  std::vector<std::string> var_labels(nv);
  std::vector<std::vector<std::string>> value_labels(nv);
  std::vector<std::vector<std::string_view>> texts(nv);
  w.widths.assign(nv, 0);
  for (std::size_t v = 0; v < nv; ++v) {
    const Variable& var = f.variables[v];
    var_labels[v] = std::string(utf8_prefix(var.label, kMaxVariableLabelBytes));
    if (var_labels[v].size() < var.label.size()) {
      w.shortened.push_back({Shortened::What::variable_label, v, 0, var.label.size(), kMaxVariableLabelBytes});
    }
    if (!var.string) {
      for (std::size_t k = 0; k < var.value_labels.size(); ++k) {
        const std::string& l = var.value_labels[k].label;
        value_labels[v].emplace_back(utf8_prefix(l, kMaxValueLabelBytes));
        if (value_labels[v].back().size() < l.size()) {
          w.shortened.push_back({Shortened::What::value_label, v, k, l.size(), kMaxValueLabelBytes});
        }
      }
      continue;
    }
    std::size_t width = 1;
    texts[v].reserve(f.n_cases);
    for (std::size_t i = 0; i < f.n_cases; ++i) {
      const std::string& t = var.texts[i];
      texts[v].push_back(utf8_prefix(t, kMaxStringBytes));
      if (texts[v].back().size() < t.size()) {
        w.shortened.push_back({Shortened::What::text, v, i, t.size(), kMaxStringBytes});
      }
      width = std::max(width, texts[v].back().size());
    }
    w.widths[v] = width;
  }

  // Short names: each variable's, then one per further segment of a very long string.
  std::vector<std::string> asked;
  for (std::size_t v = 0; v < nv; ++v) {
    asked.push_back(f.variables[v].name);
    for (std::size_t s = 1; s < n_segments(w.widths[v]); ++s) asked.push_back(f.variables[v].name);
  }
  const std::vector<std::string> shorts = short_names(asked);
  std::vector<std::vector<std::string>> seg_names(nv);
  {
    std::size_t k = 0;
    for (std::size_t v = 0; v < nv; ++v) {
      for (std::size_t s = 0; s < n_segments(w.widths[v]); ++s) seg_names[v].push_back(shorts[k++]);
      w.short_names.push_back(seg_names[v].front());
    }
  }

  // Where each variable's first record is (1-based dictionary index), and the case size.
  std::vector<std::size_t> index(nv, 0);
  std::size_t case_octs = 0, n_segs = 0;
  for (std::size_t v = 0; v < nv; ++v) {
    index[v] = case_octs + 1;
    const std::size_t width = w.widths[v];
    for (std::size_t s = 0; s < n_segments(width); ++s) {
      case_octs += width == 0 ? 1 : round_up(segment_width(width, s), 8) / 8;
      ++n_segs;
    }
  }

  Out o;
  // File header.
  o.bytes("$FL2");
  o.fixed("@(#) SPSS DATA FILE " + f.product, 60);
  o.i32(2);  // layout code
  o.size_i32(case_octs);
  o.i32(0);  // not compressed
  o.i32(0);  // no weight variable
  o.size_i32(f.n_cases);
  o.f64(100.0);  // compression bias
  o.fixed(f.date, 9);
  o.fixed(f.time, 8);
  o.fixed(utf8_prefix(f.file_label, kMaxFileLabelBytes), 64);
  o.zeros(3);

  // Variable records.
  for (std::size_t v = 0; v < nv; ++v) {
    const Variable& var = f.variables[v];
    const std::size_t width = w.widths[v];
    const std::string* label = var.label.empty() ? nullptr : &var_labels[v];
    static const std::vector<double> kNone;
    variable_record(o, segment_width(width, 0), seg_names[v][0], label, var.string ? kNone : var.missing, var.decimals);
    for (std::size_t s = 1; s < n_segments(width); ++s) {
      variable_record(o, segment_width(width, s), seg_names[v][s], nullptr, kNone, 0);
    }
  }

  // Value labels of the numeric variables.
  for (std::size_t v = 0; v < nv; ++v) {
    const Variable& var = f.variables[v];
    if (var.string || var.value_labels.empty()) continue;
    o.i32(3);
    o.size_i32(var.value_labels.size());
    for (std::size_t k = 0; k < var.value_labels.size(); ++k) {
      const std::string& l = value_labels[v][k];
      o.f64(var.value_labels[k].value);
      o.bytes(std::string(1, static_cast<char>(l.size())));
      o.bytes(l);
      o.zeros(round_up(l.size() + 1, 8) - (l.size() + 1));
    }
    o.i32(4);
    o.i32(1);
    o.size_i32(index[v]);
  }

  // Machine integer info: version, machine code -1, IEEE 754, compression
  // code 1, little-endian, UTF-8.
  extension_header(o, 3, 4, 8);
  for (int k : f.version) o.i32(k);
  o.i32(-1);
  o.i32(1);
  o.i32(1);
  o.i32(2);
  o.i32(65001);
  // Machine floating-point info: SYSMIS, HIGHEST, LOWEST.
  extension_header(o, 4, 8, 3);
  o.f64(-DBL_MAX);
  o.f64(DBL_MAX);
  o.f64(std::nextafter(-DBL_MAX, 0.0));
  // Display parameters: measurement level, display width, alignment, per segment.
  extension_header(o, 11, 4, n_segs * 3);
  for (std::size_t v = 0; v < nv; ++v) {
    const Variable& var = f.variables[v];
    const std::size_t width = w.widths[v];
    for (std::size_t s = 0; s < n_segments(width); ++s) {
      o.i32(static_cast<std::int32_t>(var.measure));
      o.size_i32(width == 0 ? 8 : std::min<std::size_t>(segment_width(width, s), 40));
      o.i32(width == 0 ? 1 : 0);  // numbers right, texts left
    }
  }
  // Long variable names.
  {
    std::string pairs;
    for (std::size_t v = 0; v < nv; ++v) {
      if (v > 0) pairs += '\t';
      pairs += w.short_names[v] + "=" + f.variables[v].name;
    }
    text_record(o, 13, pairs);
  }
  // Very long strings: the short name of the first segment and the width.
  {
    std::string list;
    for (std::size_t v = 0; v < nv; ++v) {
      if (n_segments(w.widths[v]) == 1) continue;
      std::string digits = std::to_string(w.widths[v]);
      list += w.short_names[v] + "=" + std::string(5 - digits.size(), '0') + digits;
      list += '\0';
      list += '\t';
    }
    if (!list.empty()) text_record(o, 14, list);
  }
  text_record(o, 20, "UTF-8");
  // Dictionary termination.
  o.i32(999);
  o.i32(0);

  // The data, uncompressed: 8 bytes per number, texts padded with spaces.
  for (std::size_t i = 0; i < f.n_cases; ++i) {
    for (std::size_t v = 0; v < nv; ++v) {
      const Variable& var = f.variables[v];
      const std::size_t width = w.widths[v];
      if (width == 0) {
        const double x = var.numbers[i];
        o.f64(std::isnan(x) ? -DBL_MAX : x);
        continue;
      }
      const std::string_view t = texts[v][i];
      for (std::size_t s = 0; s < n_segments(width); ++s) {
        const std::size_t from = std::min(t.size(), s * kSegmentBytes);
        const std::size_t used = n_segments(width) == 1 ? width : kSegmentBytes;
        o.fixed(t.substr(from, std::min(used, t.size() - from)), round_up(segment_width(width, s), 8));
      }
    }
  }
  w.bytes = o.take();
  return w;
}

}  // namespace assess::data::sav
