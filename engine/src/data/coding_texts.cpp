// The texts a research team codes (data/coding.hpp, the op `texts`): open
// answers of response tables, plain-text essays and CSV files of texts,
// each with its hash, the student's code and where it came from. Problems
// name the file, row and column and leave the text out; nothing aborts.
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "assess/core/sha256.hpp"
#include "assess/core/text.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/coding.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/text.hpp"
#include "data/import_problems.hpp"

namespace assess::data {
namespace {

using detail::FileContext;
using detail::ProblemSink;
using detail::Where;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool blank(std::string_view s) { return trim(s).empty(); }

// The file's name without its folders and its last extension.
std::string name_stem(const std::string& name) {
  std::string s = name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  const auto dot = s.find_last_of('.');
  if (dot != std::string::npos && dot > 0) s.resize(dot);
  return s;
}

// A first line "code: XXXX" (any case, spaces allowed): the code, and where
// the text after that line starts.
bool code_line(std::string_view text, std::string& code, std::size_t& rest) {
  const std::size_t eol = text.find_first_of("\r\n");
  std::string_view line = trim(text.substr(0, eol));
  if (line.size() < 5) return false;
  std::string head(line.substr(0, 4));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(c | 0x20); });
  if (head != "code") return false;
  line.remove_prefix(4);
  line = trim(line);
  if (line.empty() || line.front() != ':') return false;
  code = std::string(trim(line.substr(1)));
  rest = eol == std::string::npos ? text.size() : eol;
  return true;
}

const char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Adds the text unless empty; false when left out.
bool add_text(TextRecord rec, std::string_view raw, const FileContext& fc, const Where& w, std::size_t file_index,
              ProblemSink& sink, std::vector<TextRecord>& out) {
  if (blank(raw)) {
    sink.add(file_index, fc.problem(w, "text_empty", Severity::record, Message{"texts.empty"}));
    return false;
  }
  CodeIssue issue = CodeIssue::none;
  auto code = normalise_code(rec.code, CheckMode::automatic, &issue);
  if (!code.ok()) {
    sink.add(file_index, fc.problem(w, "text_bad_code", Severity::record,
                                    Message{"texts.bad_code", {{"code", quote(utf8_prefix(rec.code, 60))}}}));
    return false;
  }
  if (raw.find(kReplacement) != std::string_view::npos) {
    sink.add(file_index,
             fc.problem(w, "text_replacement_character", Severity::warning, Message{"texts.replacement_character"}));
  }
  rec.code = code.value().body;
  rec.text = text_identity_form(raw);
  rec.hash = sha256_hex(rec.text);
  out.push_back(std::move(rec));
  return true;
}

}  // namespace

void response_texts(const ResponseTable& t, std::vector<TextRecord>& out) {
  for (std::size_t i = 0; i < t.texts.size() && i < t.item_ids.size(); ++i) {
    for (std::size_t r = 0; r < t.texts[i].size(); ++r) {
      const std::string& raw = t.texts[i][r];
      if (blank(raw)) continue;
      TextRecord rec;
      rec.code = t.code[r];
      if (t.programme[r] != ResponseTable::kNoProgramme) rec.programme = t.programmes[t.programme[r]];
      rec.group = t.groups[t.group[r]];
      rec.wave = t.waves[t.wave[r]];
      rec.item = t.item_ids[i];
      rec.text = text_identity_form(raw);
      rec.hash = sha256_hex(rec.text);
      rec.source = "responses";
      rec.file = t.files[t.source[r].file];
      rec.row = t.source[r].row;
      out.push_back(std::move(rec));
    }
  }
}

void document_texts(const std::vector<InputFile>& files, std::vector<TextRecord>& out, ImportReport& report,
                    const ImportOptions& options) {
  ProblemSink sink(report, options);
  for (std::size_t f = 0; f < files.size(); ++f) {
    ++report.files;
    FileContext fc;
    fc.index = f;
    fc.name = files[f].name;
    fc.csv = false;
    const std::string_view bytes = files[f].text;
    if (auto issue = check_utf8(bytes)) {
      sink.add(f, detail::encoding_problem(fc, bytes, *issue));
      ++report.files_rejected;
      continue;
    }
    std::string_view text = bytes.substr(utf8_bom_length(bytes));
    ++report.rows;
    TextRecord rec;
    rec.source = "document";
    rec.file = fc.name;
    std::size_t rest = 0;
    if (code_line(text, rec.code, rest)) {
      text.remove_prefix(rest);
      while (!text.empty() && (text.front() == '\r' || text.front() == '\n')) text.remove_prefix(1);
    } else {
      rec.code = name_stem(fc.name);
    }
    if (add_text(std::move(rec), text, fc, Where{}, f, sink, out)) {
      ++report.records;
    } else {
      ++report.records_rejected;
    }
  }
  sink.finish();
}

void csv_texts(const std::vector<InputFile>& files, const TextCsvColumns& columns, std::vector<TextRecord>& out,
               ImportReport& report, const ImportOptions& options) {
  ProblemSink sink(report, options);
  for (std::size_t f = 0; f < files.size(); ++f) {
    ++report.files;
    FileContext fc;
    fc.index = f;
    fc.name = files[f].name;
    fc.csv = true;
    fc.record_word = "row";
    const std::string_view bytes = files[f].text;
    if (auto issue = check_utf8(bytes)) {
      sink.add(f, detail::encoding_problem(fc, bytes, *issue));
      ++report.files_rejected;
      continue;
    }
    CsvReader reader(bytes);
    std::vector<std::string_view> fields;
    if (!reader.next(fields)) {
      if (reader.failed()) {
        sink.add(f, detail::csv_syntax_problem(fc, reader.error()));
      } else {
        sink.add(f, fc.file_problem("csv_no_header", Message{"texts.csv_empty"}));
      }
      ++report.files_rejected;
      continue;
    }
    std::vector<std::string> header;
    header.reserve(fields.size());
    for (auto h : fields) header.emplace_back(trim(h));
    // Each named column's index, or -1.
    auto find = [&](const std::string& name) -> int {
      if (name.empty()) return -1;
      auto it = std::find(header.begin(), header.end(), name);
      return it == header.end() ? -2 : static_cast<int>(it - header.begin());
    };
    const int c_code = find(columns.code), c_text = find(columns.text), c_prog = find(columns.programme),
              c_group = find(columns.group), c_wave = find(columns.wave), c_item = find(columns.item);
    bool missing = false;
    for (auto [c, name] : {std::pair<int, const std::string*>{c_code, &columns.code},
                           {c_text, &columns.text},
                           {c_prog, &columns.programme},
                           {c_group, &columns.group},
                           {c_wave, &columns.wave},
                           {c_item, &columns.item}}) {
      if (c == -2) {
        sink.add(f, fc.file_problem("csv_column_missing",
                                    Message{"texts.csv_column_missing", {{"column", utf8_prefix(*name, 60)}}}));
        missing = true;
      }
    }
    if (missing) {
      ++report.files_rejected;
      continue;
    }
    bool any = false;
    while (reader.next(fields)) {
      any = true;
      ++report.rows;
      const std::size_t row = reader.row();
      if (fields.size() != header.size()) {
        sink.add(f, fc.problem(Where{row, 0, reader.line(), {}}, "csv_ragged", Severity::record,
                               Message{"texts.csv_ragged", {{"n", fields.size()}, {"m", header.size()}}}));
        ++report.records_rejected;
        continue;
      }
      auto at = [&](int c) { return c < 0 ? std::string() : std::string(trim(fields[static_cast<std::size_t>(c)])); };
      TextRecord rec;
      rec.source = "csv";
      rec.file = fc.name;
      rec.row = row;
      rec.code = at(c_code);
      rec.programme = at(c_prog);
      rec.group = at(c_group);
      rec.wave = at(c_wave);
      rec.item = at(c_item);
      const std::size_t col = static_cast<std::size_t>(c_text);
      const Where w{row, col + 1, reader.line(), header[col]};
      if (rec.code.empty()) {
        const std::size_t cc = static_cast<std::size_t>(c_code);
        sink.add(f, fc.problem(Where{row, cc + 1, reader.line(), header[cc]}, "text_no_code", Severity::record,
                               Message{"texts.no_code"}));
        ++report.records_rejected;
        continue;
      }
      if (add_text(std::move(rec), fields[col], fc, w, f, sink, out)) {
        ++report.records;
      } else {
        ++report.records_rejected;
      }
    }
    if (reader.failed()) {
      sink.add(f, detail::csv_syntax_problem(fc, reader.error()));
      ++report.files_rejected;
    } else if (!any) {
      sink.add(f, fc.file_problem("csv_no_rows", Message{"texts.csv_no_rows"}));
    }
  }
  sink.finish();
}

void check_repeated_texts(std::vector<TextRecord>& texts, ImportReport& report) {
  std::map<std::string, std::size_t> first;
  std::vector<TextRecord> kept;
  kept.reserve(texts.size());
  auto place = [](const TextRecord& t) { return t.row == 0 ? t.file : t.file + " row " + std::to_string(t.row); };
  for (auto& t : texts) {
    auto [it, fresh] = first.emplace(t.hash, kept.size());
    if (fresh) {
      kept.push_back(std::move(t));
      continue;
    }
    const TextRecord& f = kept[it->second];
    const bool same = f.code == t.code && f.item == t.item && f.wave == t.wave;
    Problem p;
    p.file = t.file;
    p.row = t.row;
    p.code = same ? "text_duplicate" : "text_shared";
    p.severity = same ? Severity::record : Severity::warning;
    p.msg = same ? Message{"texts.duplicate", {{"place", place(t)}, {"first", place(f)}}}
                 : Message{"texts.shared", {{"place", place(t)}, {"first", place(f)}}};
    p.message = english(p.msg);
    if (same) {
      ++report.errors;
    } else {
      ++report.warnings;
      kept.push_back(std::move(t));
    }
    report.problems.push_back(std::move(p));
  }
  texts = std::move(kept);
}

}  // namespace assess::data
