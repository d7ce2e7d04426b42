// A CSV reader for the response and rating files researchers export from
// spreadsheets and other tools: RFC 4180 quoting (doubled quotes, delimiters
// and line breaks inside quoted fields), CRLF / LF / CR line ends, a UTF-8
// byte-order mark, and a comma, semicolon or tab delimiter detected from the
// header line (Russian and Kazakh Excel write ';').
//
// The reader makes a single pass over a string_view and hands out each
// record's fields as views into the text; only a quoted field that contains
// doubled quotes is copied (into a buffer reused from record to record). It
// checks structure only: the text must already be known to be UTF-8
// (check_utf8 in text.hpp), and ragged rows are for the caller to judge.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace assess::data {

// A structural error: an unterminated quoted field or a character after a
// closing quote. Rows count records (the header is row 1, as a spreadsheet
// shows it); lines count line breaks in the text (they differ once a quoted
// field spans lines). Columns are 1-based.
struct CsvError {
  enum class Kind : unsigned char { unterminated_quote, text_after_quote };
  std::size_t row = 0;
  std::size_t column = 0;
  std::size_t line = 0;
  std::string message;  // one sentence naming row, column and line
  Kind kind = Kind::unterminated_quote;
  std::string after;  // text_after_quote: the character after the closing quote as shown ('t', U+0009)
};

// The most frequent of ',', ';' and '\t' in the first line outside quotes;
// ',' when the line has none (a single-column file).
char detect_delimiter(std::string_view text) noexcept;

class CsvReader {
 public:
  // text is not copied and must outlive the reader; a leading UTF-8 BOM is
  // skipped. delimiter 0 = detect from the first line.
  explicit CsvReader(std::string_view text, char delimiter = 0);

  char delimiter() const noexcept { return delim_; }

  // Reads the next record into fields (views valid until the next call).
  // Returns false at the end of the text, or on a structural error (then
  // failed() is true and error() says what). An empty line is a record with
  // one empty field; a final line break does not start another record.
  bool next(std::vector<std::string_view>& fields);

  bool failed() const noexcept { return failed_; }
  const CsvError& error() const noexcept { return error_; }

  // The last record read: its row number (1-based), the line it starts on
  // (1-based), and where it starts and ends in the text (byte offsets).
  std::size_t row() const noexcept { return row_; }
  std::size_t line() const noexcept { return record_line_; }
  std::size_t record_begin() const noexcept { return record_begin_; }
  std::size_t record_end() const noexcept { return pos_; }
  // Byte offset in the text where each field of the last record starts
  // (the opening quote of a quoted field).
  const std::vector<std::size_t>& field_offsets() const noexcept { return offsets_; }

 private:
  bool fail(std::size_t column, std::size_t line, std::string message, CsvError::Kind kind, std::string after = {});

  std::string_view text_;
  std::size_t pos_ = 0;
  char delim_ = ',';
  std::size_t row_ = 0;
  std::size_t line_ = 1;  // line of pos_
  std::size_t record_line_ = 0;
  std::size_t record_begin_ = 0;
  bool failed_ = false;
  CsvError error_;
  std::string scratch_;  // unescaped quoted fields of the current record
  std::vector<std::size_t> offsets_;
  std::vector<std::size_t> in_scratch_;  // fields whose text lives in scratch_: index, offset, length
};

}  // namespace assess::data
