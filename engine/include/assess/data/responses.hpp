// Response tables: the answers of many respondents to one instrument, read
// from the questionnaire page's JSON files (assess-response/1, bundles
// assess-responses/1) and from wide CSV files (code,programme,wave,lang,<item
// ids...> plus optional columns), many files at once, merged. Formats and the
// list of problems are in docs/formats.md.
//
// Storage scales to a million respondents: answers are one flat row-major
// array (respondents x items, Instrument::items order, NaN = missing), the
// categorical columns are small integer indices into dictionaries (as R's
// factors), codes are short strings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/numeric.hpp"
#include "assess/core/result.hpp"
#include "assess/data/input.hpp"
#include "assess/instrument/model.hpp"

namespace assess::data {

// Where a record came from: index into the table's files and its row there
// (the numbering of Problem::row).
struct SourceRow {
  std::uint32_t file = 0;
  std::uint32_t row = 0;
};

// How a file was read; says how its rows are named in messages.
enum class FileFormat : std::uint8_t { csv, json, json_bundle };

// "a.csv row 3", "b.json response 3", "c.json" (a single-response file).
std::string where_in_file(const std::string& file, FileFormat format, std::size_t row,
                          const char* record_word = "response");

struct ResponseTable {
  instrument::DocRef instrument;      // id and version every record was checked against
  std::vector<std::string> item_ids;  // answer columns, Instrument::items order
  // The items the answers encode (types, options; Instrument::items), for
  // writing answers back (record_json); empty in a table built by hand,
  // whose answers are then all numbers.
  std::vector<instrument::Item> items;
  std::vector<std::string> files;        // names of the input files, in input order
  std::vector<FileFormat> file_formats;  // parallel to files

  // Dictionaries of the categorical columns. With a study, programmes, waves
  // and groups list the study's ids in its order; without one, the values in
  // order of first appearance (waves then always start with pre, post).
  std::vector<std::string> programmes;
  std::vector<std::string> waves;
  std::vector<std::string> groups;  // groups[0] == "" (no group)
  std::vector<std::string> langs;   // langs[0] == "" (not given)

  // One entry per record.
  std::vector<std::string> code;         // normalised code body: the link key
  std::vector<std::string> check;        // its check symbol as given, "" when it came without one
  std::vector<std::uint32_t> programme;  // index into programmes
  std::vector<std::uint32_t> wave;       // index into waves
  std::vector<std::uint32_t> group;      // index into groups (0 = none)
  std::vector<std::uint32_t> lang;       // index into langs (0 = none)
  std::vector<std::string> submitted;    // timestamp as given, "" when absent; empty (no entries at all)
                                         // when the import did not keep text columns
  std::vector<SourceRow> source;
  // size() * n_items(), row-major, NaN = missing. By item type: likert and
  // number: the number; choice: the option's index (0-based, instrument
  // order); multi: the sum of 2^(option index) over the options chosen
  // (exact: at most 50 options); text: 1 when answered (the text is in texts).
  std::vector<double> answers;

  // assess-response/2 (docs/formats.md "Responses assess-response/2").
  bool employers = false;  // the respondents are employers (code, check are then "")
  // Employers' records only (empty vectors in a students table):
  std::vector<std::string> employer;        // the employer id (NFC)
  std::vector<std::string> graduate;        // the graduate's normalised code body, "" when not given
  std::vector<std::string> graduate_check;  // its check symbol as given
  // The open answers: texts[item][record] (NFC, "" when not answered) for
  // every text item; an empty vector for every other item.
  std::vector<std::vector<std::string>> texts;
  // The versions of the instrument the records named, ascending (the
  // instrument's own and any compatible ones that occurred).
  std::vector<int> versions;
  // A record's programme when it names none (a group without_programme).
  static constexpr std::uint32_t kNoProgramme = 0xFFFFFFFFu;

  // Extra columns kept as text (CSV columns that are not known, scalar JSON
  // fields that are not known); "" where a record has none.
  std::vector<std::string> extra_names;
  std::vector<std::vector<std::string>> extra;  // [extra column][record]

  std::size_t size() const noexcept { return code.size(); }
  std::size_t n_items() const noexcept { return item_ids.size(); }
  const double* answers_of(std::size_t r) const noexcept { return answers.data() + r * n_items(); }
  double answer(std::size_t r, std::size_t item) const noexcept { return answers[r * n_items() + item]; }
  // Index of a wave / programme / group id in its dictionary, or -1.
  int wave_index(std::string_view id) const noexcept;
  int programme_index(std::string_view id) const noexcept;
  int group_index(std::string_view id) const noexcept;
  // "AI07AL-K" (with the check symbol when the record had one).
  std::string code_text(std::size_t r) const;
  // "a.csv row 3", "b.json response 2", "c.json"
  std::string where(std::size_t r) const;
};

// Reads and merges the files. Problems (all of them) go to report; records
// with a problem of severity record, and files with one of severity file,
// are left out of the table. Duplicates of code + wave are all left out
// (each named with the first). The Result fails only when the instrument or
// study cannot be used (the study names another instrument): then no file is
// read. `study` may be null: programmes and groups are then free, waves must
// be pre or post.
Result<ResponseTable> import_responses(const instrument::Instrument& instrument, const instrument::Study* study,
                                       const std::vector<InputFile>& files, ImportReport& report,
                                       const ImportOptions& options = {});

// Responses to the instruments of a study (assess-study/2, or /1 with its
// one instrument): every record is routed by its instrument (the JSON
// field, the CSV column `instrument`; required when the study has several
// student instruments) to that instrument's table. `instruments` is
// parallel to study.instruments (each the document that instrument names,
// or a compatible later version). One table per study instrument, in study
// order, each as import_responses would give it for its records.
Result<std::vector<ResponseTable>> import_study_responses(const instrument::Study& study,
                                                          const std::vector<const instrument::Instrument*>& instruments,
                                                          const std::vector<InputFile>& files, ImportReport& report,
                                                          const ImportOptions& options = {});

// The identity of record r: what makes two records the same submission,
// whatever file, format, language or timestamp they came with
// (docs/formats.md "Record identity"):
// {"answers": {item: number|null, every item}, "code": body, "group": id|null,
//  "instrument": {"id", "version"}, "kind": "response", "programme", "wave"}.
Json identity_json(const ResponseTable& t, std::size_t r);
// "sha256:" and the lower-case hex SHA-256 of the canonical JSON (RFC 8785) of identity_json.
std::string record_id(const ResponseTable& t, std::size_t r);

// The records as JSON: [{"code", "programme", "wave", "lang", "group",
// "submitted", "answers": {item: value|null}, "extra": {...}, "file", "row", "record_id"}].
Json records_json(const ResponseTable& t);
// Record r as one element of records_json.
Json record_json(const ResponseTable& t, std::size_t r);
// {"instrument": {id, version}, "items": [...], "programmes": {id: n}, "waves": {id: n},
//  "groups": {id: n}, "extra_columns": [...]}
Json summary_json(const ResponseTable& t);

}  // namespace assess::data
