// The qualitative strand's documents (docs/formats.md, "Codebooks and coding
// files"): a codebook of themes (assess-coding-codebook/1) and one coder's
// coding of texts (assess-coding/1), and the identity of a text: the SHA-256
// of its UTF-8 NFC form with line ends as LF and no byte-order mark, whose
// code points are what quote offsets count.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"
#include "assess/data/input.hpp"
#include "assess/data/responses.hpp"

namespace assess::data {

inline constexpr const char* kCodebookFormat = "assess-coding-codebook/1";
inline constexpr const char* kCodingFormat = "assess-coding/1";
// The most themes of a codebook and texts of a coding file.
inline constexpr std::size_t kMaxThemes = 500;
inline constexpr std::size_t kMaxCodedTexts = 100000;

struct Theme {
  std::string id;
  std::string parent;  // "" for a theme at the top level
};

struct Codebook {
  std::string id;
  int version = 0;
  std::vector<std::string> languages;
  std::vector<Theme> themes;                            // codebook order
  int theme_index(std::string_view id) const noexcept;  // -1 when absent
};

struct Quote {
  std::string theme;
  long start = 0;  // code points into the text's identity form, end exclusive
  long end = 0;
};

struct CodedText {
  std::string hash;                 // 64 lower-case hex digits
  std::vector<std::string> themes;  // the themes the coder marked present
  std::vector<Quote> quotes;
};

struct Coding {
  std::string coder;
  std::string codebook_id;
  int codebook_version = 0;
  std::vector<CodedText> texts;  // file order, each hash once
};

// The form a text is identified by: the UTF-8 byte-order mark dropped, CR LF
// and lone CR as LF, Unicode NFC. text must be valid UTF-8.
std::string text_identity_form(std::string_view text);
// Lower-case hex SHA-256 of text_identity_form(text).
std::string text_hash(std::string_view text);
// Code points of valid UTF-8.
std::size_t code_point_count(std::string_view text) noexcept;

// The first problem of a document, its path a JSON pointer into the
// document (message ids coding.*), or the parsed document.
Result<Codebook> parse_codebook(const Json& doc);
// With a codebook, every theme a coding names must be one of its themes and
// the coding must name that codebook's id and version.
Result<Coding> parse_coding(const Json& doc, const Codebook* codebook = nullptr);

// An assess-coding/1 document (unsealed) of a coding.
Json coding_json(const Coding& c);

// ---- Texts to code (the op `texts`) ----------------------------------------------------------

// One text to code and where it came from. programme, group, wave and item
// are "" when the source does not say them.
struct TextRecord {
  std::string hash;  // text_hash
  std::string code;  // the student's normalised code body (the link key)
  std::string programme, group, wave, item;
  std::string text;    // the identity form (offsets count its code points)
  std::string source;  // "responses", "document" or "csv"
  std::string file;
  std::size_t row = 0;  // CSV row, response file record; 0 for a document
};

// The columns of a CSV of texts: code and text required; the others
// optional ("" = none).
struct TextCsvColumns {
  std::string code, text, programme, group, wave, item;
};

// The open answers of a response table (its text items), records in order.
void response_texts(const ResponseTable& table, std::vector<TextRecord>& out);
// Plain-text essays (.txt, .md), one per student: the code is the first
// line when it reads "code: XXXX" (that line is not part of the text), else
// the file's name without its folder and last extension.
void document_texts(const std::vector<InputFile>& files, std::vector<TextRecord>& out, ImportReport& report,
                    const ImportOptions& options = {});
// CSV files with a code and a text column (and optional programme, group,
// wave, item columns).
void csv_texts(const std::vector<InputFile>& files, const TextCsvColumns& columns, std::vector<TextRecord>& out,
               ImportReport& report, const ImportOptions& options = {});
// Texts whose hash an earlier one has: a coding file knows texts by their
// hash, so they are coded as one. The same text of the same student, item
// and wave again (a file given twice) is left out (record problem
// text_duplicate); another student's identical answer ("More practice.") is
// kept with a warning (text_shared), each student keeping the coding.
void check_repeated_texts(std::vector<TextRecord>& texts, ImportReport& report);

}  // namespace assess::data
