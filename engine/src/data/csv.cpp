#include "assess/data/csv.hpp"

#include <cstring>

#include "assess/data/text.hpp"

namespace assess::data {
namespace {

std::string where(std::size_t row, std::size_t column, std::size_t line) {
  std::string s = "row " + std::to_string(row) + ", column " + std::to_string(column);
  if (line != row) s += " (line " + std::to_string(line) + ")";
  return s;
}

std::string shown_char(std::string_view t, std::size_t pos) {
  std::size_t p = pos;
  char32_t cp = next_code_point(t, p);
  if (cp < 0x20 || cp == 0x7F) return code_point_name(cp);
  return "'" + std::string(t.substr(pos, p - pos)) + "'";
}

}  // namespace

char detect_delimiter(std::string_view text) noexcept {
  std::size_t comma = 0, semi = 0, tab = 0;
  bool quoted = false;
  for (std::size_t i = utf8_bom_length(text); i < text.size(); ++i) {
    char c = text[i];
    if (c == '"')
      quoted = !quoted;  // a doubled quote toggles twice: no net change
    else if (quoted)
      continue;
    else if (c == '\n' || c == '\r')
      break;
    else if (c == ',')
      ++comma;
    else if (c == ';')
      ++semi;
    else if (c == '\t')
      ++tab;
  }
  if (semi > comma && semi >= tab) return ';';
  if (tab > comma && tab > semi) return '\t';
  return ',';
}

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text) {
  pos_ = utf8_bom_length(text);
  delim_ = delimiter ? delimiter : detect_delimiter(text);
}

bool CsvReader::fail(std::size_t column, std::size_t line, std::string message, CsvError::Kind kind,
                     std::string after) {
  failed_ = true;
  error_ = CsvError{row_, column, line, std::move(message), kind, std::move(after)};
  return false;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  offsets_.clear();
  if (failed_ || pos_ >= text_.size()) return false;
  scratch_.clear();
  in_scratch_.clear();
  ++row_;
  record_begin_ = pos_;
  record_line_ = line_;

  const char* const data = text_.data();
  const std::size_t end = text_.size();
  const char delim = delim_;
  for (;;) {
    std::size_t start = pos_;
    offsets_.push_back(start);
    if (pos_ < end && data[pos_] == '"') {
      const std::size_t field_line = line_;
      std::size_t q = pos_ + 1;  // start of the not yet consumed quoted text
      bool escaped = false;
      std::size_t scratch_begin = scratch_.size();
      for (;;) {
        const void* hit = std::memchr(data + q, '"', end - q);
        std::size_t p = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - data) : end;
        // Line breaks inside the quoted text still advance the line count.
        for (std::size_t i = q; i < p; ++i) {
          if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= end || data[i + 1] != '\n'))) ++line_;
        }
        if (!hit) {
          return fail(fields.size() + 1, field_line,
                      "the quoted field that starts at " + where(row_, fields.size() + 1, field_line) +
                          " has no closing quote (a quote character is missing or extra)",
                      CsvError::Kind::unterminated_quote);
        }
        if (p + 1 < end && data[p + 1] == '"') {  // "" stands for one quote
          scratch_.append(data + q, p + 1 - q);
          escaped = true;
          q = p + 2;
          continue;
        }
        if (escaped) {
          scratch_.append(data + q, p - q);
          in_scratch_.push_back(fields.size());
          in_scratch_.push_back(scratch_begin);
          in_scratch_.push_back(scratch_.size() - scratch_begin);
          fields.emplace_back();
        } else {
          fields.emplace_back(data + start + 1, p - start - 1);
        }
        pos_ = p + 1;
        break;
      }
      if (pos_ < end) {
        char c = data[pos_];
        if (c != delim && c != '\n' && c != '\r') {
          return fail(fields.size(), line_,
                      "at " + where(row_, fields.size(), line_) +
                          " the closing quote of a quoted field is followed by " + shown_char(text_, pos_) +
                          "; a quoted field must end at a delimiter or the line end (a quote inside a quoted field "
                          "is written as two quotes \"\")",
                      CsvError::Kind::text_after_quote, shown_char(text_, pos_));
        }
      }
    } else {
      const char* p = data + pos_;
      const char* e = data + end;
      while (p < e) {
        char c = *p;
        if (c == delim || c == '\n' || c == '\r') break;
        ++p;
      }
      fields.emplace_back(data + start, static_cast<std::size_t>(p - (data + start)));
      pos_ = static_cast<std::size_t>(p - data);
    }
    if (pos_ >= end) break;
    char c = data[pos_];
    if (c == delim) {
      ++pos_;
      if (pos_ >= end) {  // a delimiter at the very end: one more, empty field
        offsets_.push_back(pos_);
        fields.emplace_back();
        break;
      }
      continue;
    }
    // line end: CRLF, LF or a lone CR
    ++pos_;
    if (c == '\r' && pos_ < end && data[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  for (std::size_t k = 0; k < in_scratch_.size(); k += 3) {
    fields[in_scratch_[k]] = std::string_view(scratch_.data() + in_scratch_[k + 1], in_scratch_[k + 2]);
  }
  return true;
}

}  // namespace assess::data
