#include "import_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "assess/core/integrity.hpp"
#include "assess/core/json_reader.hpp"
#include "assess/core/limits.hpp"
#include "assess/core/numeric.hpp"
#include "assess/data/csv.hpp"

namespace assess::data {

const char* to_string(Severity s) noexcept {
  switch (s) {
    case Severity::warning:
      return "warning";
    case Severity::record:
      return "record";
    case Severity::file:
      return "file";
  }
  return "record";
}

void to_json(Json& j, const Problem& p) {
  j = Json::object();
  j["file"] = p.file;
  j["row"] = p.row ? Json(p.row) : Json(nullptr);
  j["column"] = p.column ? Json(p.column) : Json(nullptr);
  j["field"] = p.field.empty() ? Json(nullptr) : Json(p.field);
  if (p.line) j["line"] = p.line;
  j["code"] = p.code;
  j["severity"] = to_string(p.severity);
  j["message"] = p.message;
  if (!p.msg.empty()) j["msg"] = msg_json(p.msg);
}

Json counts_json(const ImportReport& r) {
  return Json{{"files", r.files},      {"files_rejected", r.files_rejected},     {"rows", r.rows},
              {"records", r.records},  {"records_rejected", r.records_rejected}, {"errors", r.errors},
              {"warnings", r.warnings}};
}

namespace detail {

void ProblemSink::add(std::size_t file_index, Problem p) {
  if (p.severity == Severity::warning)
    ++report_.warnings;
  else
    ++report_.errors;
  auto key = std::make_pair(file_index, p.code);
  auto it = counts_.find(key);
  if (it == counts_.end()) it = counts_.emplace(key, std::make_pair(std::size_t{0}, p)).first;
  if (++it->second.first <= options_.max_problems_per_kind) listed_.emplace_back(file_index, std::move(p));
}

void ProblemSink::finish() {
  // File order, then row order (file-level problems, row 0, first); stable,
  // so problems of one row keep the order they were found in.
  std::stable_sort(listed_.begin(), listed_.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.row < b.second.row;
  });
  std::size_t k = 0;
  auto flush_until = [&](std::size_t file_index) {
    while (k < listed_.size() && listed_[k].first <= file_index)
      report_.problems.push_back(std::move(listed_[k++].second));
  };
  // After each file's listed problems, one closing line per capped kind.
  for (const auto& [key, value] : counts_) {
    if (value.first <= options_.max_problems_per_kind) continue;
    flush_until(key.first);
    Problem p = value.second;
    std::size_t more = value.first - options_.max_problems_per_kind;
    p.row = 0, p.column = 0, p.line = 0;
    p.field.clear();
    p.message = p.file + ": " + std::to_string(more) + " more problem" + (more == 1 ? "" : "s") + " of the kind " +
                p.code + " (" + std::to_string(value.first) + " in all) are not listed one by one";
    report_.problems.push_back(std::move(p));
  }
  flush_until(SIZE_MAX);
  listed_.clear();
  counts_.clear();
}

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

std::string show(std::string_view s) {
  if (s.size() <= 40) return "\"" + std::string(s) + "\"";
  std::size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return "\"" + std::string(s.substr(0, cut)) + "...\"";
}

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

bool looks_like_json(std::string_view t) noexcept {
  std::size_t i = utf8_bom_length(t);
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
  return i < t.size() && (t[i] == '{' || t[i] == '[');
}

CsvPlace locate_in_csv(std::string_view text, std::size_t offset) {
  CsvPlace place;
  place.line = line_of(text, offset);
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  while (reader.next(fields)) {
    place.row = reader.row();
    const auto& offs = reader.field_offsets();
    place.column = static_cast<std::size_t>(std::upper_bound(offs.begin(), offs.end(), offset) - offs.begin());
    if (place.column == 0) place.column = 1;
    if (reader.record_end() > offset) return place;
  }
  if (reader.failed()) {
    place.row = reader.error().row;
    place.column = reader.error().column;
  }
  return place;
}

std::size_t line_of(std::string_view text, std::size_t offset) noexcept {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
  }
  return line;
}

namespace {
std::size_t count_byte(std::string_view text, char c) noexcept {
  std::size_t n = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end && (p = static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)))) != nullptr) {
    ++n;
    ++p;
  }
  return n;
}
}  // namespace

std::size_t estimated_rows(std::string_view text) noexcept {
  const std::size_t lf = count_byte(text, '\n');
  return (lf ? lf : count_byte(text, '\r')) + 1;
}

const char* json_type(const nlohmann::ordered_json& v) noexcept {
  switch (v.type()) {
    case nlohmann::ordered_json::value_t::null:
      return "null";
    case nlohmann::ordered_json::value_t::boolean:
      return "a boolean";
    case nlohmann::ordered_json::value_t::string:
      return "a string";
    case nlohmann::ordered_json::value_t::array:
      return "an array";
    case nlohmann::ordered_json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

std::string json_text(const nlohmann::ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string pointer_escape(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

std::string format_value(double x) { return format_number(x); }

std::string scale_words(double lo, double hi, bool integer) {
  return std::string(integer ? "whole numbers" : "numbers") + " from " + format_number(lo) + " to " + format_number(hi);
}

Problem encoding_problem(const std::string& file, std::string_view text, const EncodingIssue& issue, bool csv) {
  Problem p;
  p.file = file;
  p.code = "encoding";
  p.severity = Severity::file;
  std::string where;
  if (!issue.whole_file) {
    if (csv) {
      CsvPlace place = locate_in_csv(text, issue.offset);
      p.row = place.row, p.column = place.column, p.line = place.line;
      where = " at row " + std::to_string(p.row) + ", column " + std::to_string(p.column) + " (line " +
              std::to_string(p.line) + ", byte " + std::to_string(issue.offset + 1) + ")";
    } else {
      p.line = line_of(text, issue.offset);
      where = " at line " + std::to_string(p.line) + " (byte " + std::to_string(issue.offset + 1) + ")";
    }
  }
  p.message = file + " is not UTF-8 text: " + issue.what + where + "; " + encoding_advice(issue) +
              ". The file was not imported";
  return p;
}

}  // namespace detail
}  // namespace assess::data

namespace assess::data::detail {

std::string FileContext::prefix(const Where& w) const {
  std::string s = name;
  if (csv) {
    if (w.row) s += " row " + std::to_string(w.row);
    if (w.column) s += std::string(w.row ? "," : "") + " column " + std::to_string(w.column);
    if (!w.field.empty()) s += " (" + std::string(w.field) + ")";
  } else {
    if (bundle && w.row) s += std::string(" ") + record_word + " " + std::to_string(w.row);
    if (!w.field.empty()) s += " (" + std::string(w.field) + ")";
  }
  return s;
}

Problem FileContext::problem(const Where& w, std::string code, Severity severity, const std::string& tail) const {
  Problem p;
  p.file = name;
  p.row = w.row;
  p.column = w.column;
  p.line = w.line;
  p.field = std::string(w.field);
  p.code = std::move(code);
  p.severity = severity;
  p.message = prefix(w) + ": " + tail;
  return p;
}

Problem FileContext::file_problem(std::string code, const std::string& tail, std::size_t line) const {
  Problem p;
  p.file = name;
  p.line = line;
  p.code = std::move(code);
  p.severity = Severity::file;
  p.message = name + ": " + tail;
  return p;
}

bool parse_json_file(const FileContext& fc, std::string_view text, nlohmann::ordered_json& out, Problem& p) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > 64) {
        p = fc.file_problem("json_syntax",
                            "the JSON nests arrays or objects more than 64 levels deep (line " +
                                std::to_string(line_of(text, i)) +
                                "); it is not a response or rating file. The file was not imported",
                            line_of(text, i));
        return false;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  // The engine's reader (core/json_reader.hpp): a key given twice is refused
  // rather than the last value kept silently, and 1e999 is a syntax problem
  // rather than an exception.
  JsonReadError err;
  if (read_json(text, out, err)) return true;
  if (err.kind == JsonReadError::Kind::duplicate_key) {
    p = fc.file_problem("duplicate_key",
                        "the key \"" + err.key.substr(0, 100) + "\" appears twice in one object (" + err.path +
                            ", line " + std::to_string(err.line) +
                            "); which value was meant cannot be known. The file was not imported",
                        err.line);
    p.field = err.path;
    return false;
  }
  std::string detail = err.kind == JsonReadError::Kind::number_overflow
                           ? "a number is beyond the range of a double (" + err.detail + ")"
                           : err.detail;
  p = fc.file_problem("json_syntax",
                      "the file is not valid JSON: at line " + std::to_string(err.line) + " (byte " +
                          std::to_string(err.byte + 1) + "), " + detail + ". The file was not imported",
                      err.line);
  return false;
}

std::string list_names(const std::vector<std::string>& names, std::size_t limit) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) s += (i ? ", " : "") + names[i];
  if (names.size() > limit) s += ", ...";
  return s;
}

// Records of a CSV text as the importer counts them: the header is not one,
// and rows whose cells are all empty are skipped.
std::size_t csv_records(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  std::size_t n = 0;
  bool header = true;
  while (reader.next(fields)) {
    if (header) {
      header = false;
      continue;
    }
    for (auto f : fields) {
      if (!f.empty()) {
        ++n;
        break;
      }
    }
  }
  return n;
}

std::optional<Error> check_import_limits(const std::vector<InputFile>& files) {
  using namespace assess::limits;
  auto too_large = [](std::string message) {
    return std::optional<Error>(Error{ErrorCode::out_of_range, std::move(message), "/files"});
  };
  if (files.size() > kMaxImportFiles) {
    return too_large("the import has " + std::to_string(files.size()) + " files, but the engine reads at most " +
                     std::to_string(kMaxImportFiles) + " at once; merge them or import them in parts");
  }
  std::size_t total = 0, rows = 0;
  std::vector<std::size_t> csv;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    const bool json = looks_like_json(f.text);
    const std::size_t limit = json ? kMaxJsonFileBytes : kMaxCsvFileBytes;
    if (f.text.size() > limit) {
      return too_large(f.name.substr(0, 200) + " has " + std::to_string(f.text.size()) + " bytes, but a " +
                       (json ? "JSON" : "CSV") + " file may have at most " + std::to_string(limit) + " (" +
                       std::to_string(limit >> 20) + " MiB); split it into several files");
    }
    total += f.text.size();
    if (!json) {
      csv.push_back(i);
      rows += estimated_rows(f.text);
    }
  }
  if (total > kMaxImportBytes) {
    return too_large("the files have " + std::to_string(total) + " bytes together, but one import reads at most " +
                     std::to_string(kMaxImportBytes) + " (" + std::to_string(kMaxImportBytes >> 20) +
                     " MiB); import them in parts");
  }
  // Line breaks bound the records from above; only a file set near the
  // limit is counted exactly (a quoted field may span lines).
  if (rows > kMaxRecords + csv.size()) {
    std::size_t exact = 0;
    for (std::size_t i : csv) exact += csv_records(files[i].text);
    if (auto e = check_record_limit(exact, "CSV rows")) return e;
  }
  return std::nullopt;
}

std::optional<Error> check_record_limit(std::size_t records, const char* what) {
  if (records <= limits::kMaxRecords) return std::nullopt;
  return Error{ErrorCode::out_of_range,
               "the files hold " + std::to_string(records) + " " + what + ", but one import reads at most " +
                   std::to_string(limits::kMaxRecords) + "; import them in parts",
               "/files"};
}

std::optional<Problem> seal_problem(const FileContext& fc, const nlohmann::ordered_json& doc) {
  const SealCheck c = check_seal(doc);
  if (c.status == SealStatus::absent || c.status == SealStatus::valid) return std::nullopt;
  std::string by;
  auto e = doc.find("engine");
  if (e != doc.end() && e->is_object() && e->contains("version") && (*e)["version"].is_string()) {
    by = " by assess " + (*e)["version"].get<std::string>().substr(0, 20);
  }
  Problem p;
  if (c.status == SealStatus::mismatch) {
    p = fc.file_problem("integrity_mismatch",
                        "the file was changed after it was exported" + by +
                            ": its content no longer matches the SHA-256 it carries (" + c.expected.substr(0, 12) +
                            "..., now " + c.actual.substr(0, 12) +
                            "...). Its records were imported as they are now; check them against the original or "
                            "export the file again");
  } else {
    p = fc.file_problem("integrity_invalid",
                        "its \"integrity\" member is not a seal this engine can check (it needs \"method\": \"" +
                            std::string(kIntegrityMethod) +
                            "\" and a 64-digit hex \"sha256\"); the file was read without checking it");
  }
  p.severity = Severity::warning;
  p.field = "/integrity";
  return p;
}

}  // namespace assess::data::detail
