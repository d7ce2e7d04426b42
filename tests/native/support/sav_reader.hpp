// A small reader of uncompressed SPSS system files for the tests of the
// .sav writer (data/sav.hpp), written from the PSPP Developers Guide's
// description independently of the writer: it walks the records, checks
// their order and sizes, and gives the dictionary (merging long strings'
// continuation records and very long strings' segments) and the cases.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "assess/core/text.hpp"

namespace assess::test {

struct SavVariable {
  std::string short_name, name, label;
  int width = 0;  // 0 numeric, else bytes (a very long string's full width)
  std::vector<double> missing;
  std::vector<std::pair<double, std::string>> value_labels;
  int measure = 0, display_width = 0, alignment = -1;
  std::vector<double> numbers;
  std::vector<std::string> texts;  // trailing spaces removed
};

struct SavFile {
  std::string product, date, time, file_label;
  int layout = 0, case_size = 0, compression = -1, weight = -1, n_cases = 0;
  double bias = 0;
  std::vector<int> subtypes;              // the extension records, in file order
  std::map<int, std::string> extensions;  // subtype -> its data bytes
  std::vector<int> machine_integers;      // record 3's eight numbers
  std::vector<SavVariable> variables;
  std::size_t n_records = 0;  // variable records, continuations included
};

class SavReader {
 public:
  explicit SavReader(const std::string& bytes) : b_(bytes) {}

  SavFile read() {
    SavFile f;
    if (take(4) != "$FL2") throw std::runtime_error("not $FL2");
    f.product = take(60);
    f.layout = i32();
    f.case_size = i32();
    f.compression = i32();
    f.weight = i32();
    f.n_cases = i32();
    f.bias = f64();
    f.date = take(9);
    f.time = take(8);
    f.file_label = take(64);
    take(3);
    struct Rec {
      int type;
      std::size_t var;  // index into variables, or npos for a continuation
    };
    std::vector<Rec> recs;  // per dictionary index (0-based)
    std::vector<SavVariable> raw;
    int continuations_due = 0;
    for (;;) {
      const int rt = i32();
      if (rt == 2) {
        const int type = i32(), has_label = i32(), n_missing = i32();
        i32();
        i32();
        const std::string name = take(8);
        if (type == -1) {
          if (continuations_due-- <= 0) throw std::runtime_error("an unexpected continuation record");
          recs.push_back({-1, std::string::npos});
          continue;
        }
        if (continuations_due > 0) throw std::runtime_error("a continuation record is missing");
        SavVariable v;
        v.short_name = name.substr(0, name.find_last_not_of(' ') + 1);
        v.width = type;
        if (has_label == 1) {
          const int len = i32();
          v.label = take(static_cast<std::size_t>(len));
          take((4 - len % 4) % 4);
        }
        for (int k = 0; k < n_missing; ++k) v.missing.push_back(f64());
        continuations_due = type > 8 ? (type + 7) / 8 - 1 : 0;
        recs.push_back({type, raw.size()});
        raw.push_back(std::move(v));
      } else if (rt == 3) {
        const int n = i32();
        std::vector<std::pair<double, std::string>> labels;
        for (int k = 0; k < n; ++k) {
          const double value = f64();
          const auto len = static_cast<unsigned char>(take(1)[0]);
          labels.emplace_back(value, take(len));
          take((8 - (len + 1) % 8) % 8);
        }
        if (i32() != 4) throw std::runtime_error("record 3 without record 4");
        const int nv = i32();
        for (int k = 0; k < nv; ++k) {
          const int index = i32() - 1;
          if (index < 0 || static_cast<std::size_t>(index) >= recs.size() || recs[index].type != 0) {
            throw std::runtime_error("value labels for a variable that is not numeric");
          }
          raw[recs[index].var].value_labels = labels;
        }
      } else if (rt == 7) {
        const int subtype = i32(), size = i32(), count = i32();
        f.subtypes.push_back(subtype);
        f.extensions[subtype] = take(static_cast<std::size_t>(size) * static_cast<std::size_t>(count));
      } else if (rt == 999) {
        i32();
        break;
      } else {
        throw std::runtime_error("unknown record type " + std::to_string(rt));
      }
    }
    f.n_records = recs.size();
    // Machine integers.
    {
      const std::string& m = f.extensions.at(3);
      for (std::size_t k = 0; k + 4 <= m.size(); k += 4) f.machine_integers.push_back(le32(m.data() + k));
    }
    // The cases: each raw variable's bytes.
    std::vector<std::vector<std::string>> cells(raw.size());
    for (int c = 0; c < f.n_cases; ++c) {
      for (std::size_t r = 0; r < recs.size(); ++r) {
        if (recs[r].type == -1) continue;
        const int w = recs[r].type;
        const std::size_t n = w == 0 ? 8 : static_cast<std::size_t>((w + 7) / 8 * 8);
        cells[recs[r].var].push_back(take(n));
      }
    }
    if (at_ != b_.size()) throw std::runtime_error("bytes after the data");
    // Display parameters, one triple per raw variable.
    const std::string& disp = f.extensions.at(11);
    if (disp.size() != raw.size() * 12) throw std::runtime_error("display parameters of another count");
    // Long names.
    std::map<std::string, std::string> long_names;
    for (const std::string& pair : split(f.extensions.at(13), "\t")) {
      const auto eq = pair.find('=');
      long_names[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    // Very long strings: short name -> width.
    std::map<std::string, int> very_long;
    if (f.extensions.count(14) != 0) {
      for (const std::string& item : split(f.extensions.at(14), std::string("\0\t", 2))) {
        if (item.empty() || item == std::string(1, '\0')) continue;
        const auto eq = item.find('=');
        very_long[item.substr(0, eq)] = std::stoi(item.substr(eq + 1, 5));
      }
    }
    for (std::size_t r = 0; r < raw.size(); ++r) {
      SavVariable v = raw[r];
      v.measure = le32(disp.data() + 12 * r);
      v.display_width = le32(disp.data() + 12 * r + 4);
      v.alignment = le32(disp.data() + 12 * r + 8);
      v.name = long_names.count(v.short_name) ? long_names[v.short_name] : v.short_name;
      std::size_t segments = 1;
      if (very_long.count(v.short_name) != 0) {
        v.width = very_long[v.short_name];
        segments = static_cast<std::size_t>((v.width + 251) / 252);
      }
      for (int c = 0; c < f.n_cases; ++c) {
        if (v.width == 0) {
          double x = 0;
          std::memcpy(&x, cells[r][static_cast<std::size_t>(c)].data(), 8);
          v.numbers.push_back(x);
        } else {
          std::string t;
          for (std::size_t s = 0; s < segments; ++s) {
            const std::string& seg = cells[r + s][static_cast<std::size_t>(c)];
            t += segments == 1 ? seg.substr(0, static_cast<std::size_t>(v.width)) : seg.substr(0, 255);
          }
          t.resize(std::min(t.size(), static_cast<std::size_t>(v.width)));
          const auto last = t.find_last_not_of(' ');
          t.resize(last == std::string::npos ? 0 : last + 1);
          v.texts.push_back(t);
        }
      }
      r += segments - 1;
      f.variables.push_back(std::move(v));
    }
    return f;
  }

  static int le32(const char* p) {
    std::uint32_t u = 0;
    for (int k = 3; k >= 0; --k) u = (u << 8) | static_cast<unsigned char>(p[k]);
    return static_cast<int>(u);
  }

 private:
  std::string take(std::size_t n) {
    if (at_ + n > b_.size()) throw std::runtime_error("the file ends early");
    std::string s = b_.substr(at_, n);
    at_ += n;
    return s;
  }
  int i32() { return le32(take(4).data()); }
  double f64() {
    const std::string s = take(8);
    std::uint64_t u = 0;
    for (int k = 7; k >= 0; --k) u = (u << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(k)]);
    double x = 0;
    std::memcpy(&x, &u, 8);
    return x;
  }
  static std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (std::size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, from)) {
      out.push_back(s.substr(from, at - from));
      from = at + sep.size();
    }
    out.push_back(s.substr(from));
    return out;
  }

  const std::string& b_;
  std::size_t at_ = 0;
};

// The op's base64 "sav" is decoded by the engine's own assess::from_base64.
using assess::from_base64;

}  // namespace assess::test
