// The per-student data set of a study (docs/formats.md "The data set"): one
// row per student after linking, across every wave and every instrument of
// the study, with the scores of each wave, their gains, the variables
// (background facts, choices, open answers) and the employers' ratings of
// the student as a graduate; and its codebook (every variable with its
// kk/ru/en label, type, values and how it was computed).
//
// A student is a normalised code body within a programme (or within no
// programme: an ordinary-track control group): the records of every
// students instrument and every wave with that key are one student. Links
// (assess-links/2) join keys whose codes were typed differently. Employers
// are not rows: their ratings join the graduate they name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/data/input.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::data {

// Codes (as written) that are one student: an entry of a links file.
struct StudentLink {
  std::vector<std::string> codes;
  std::string note;
  std::string where;  // its place in the request, e.g. "/links/links/0"
};

enum class VariableType { text, number, integer, choice, binary };
const char* to_string(VariableType t) noexcept;

// What a column is.
enum class VariableKind {
  code,
  programme,
  group,
  linked_waves,
  score,          // a subscale, the total or a scored number at one wave
  gain,           // post - pre of a score
  gain_followup,  // followup - pre of a score
  variable,       // a choice, an unscored number or a text at one wave
  option,         // one option of a multi item at one wave (0/1)
  n_raters,       // employers: how many rated the student
  rated_score,    // employers: the mean of a score over those who rated the student
};

struct Variable {
  std::string name;
  VariableKind kind = VariableKind::code;
  VariableType type = VariableType::text;
  int instrument = -1;  // index into Study::instruments, -1 for the student's own columns
  std::string score;    // kind score, gain, gain_followup, rated_score: the score's id
  int score_kind = 0;   // 0 subscale, 1 total, 2 scored number
  int item = -1;        // kind variable, option, and scored numbers: index into the instrument's items
  int option = -1;      // kind option: index into the item's options
  std::string wave;     // the wave, "" when the column is not of one wave
  bool identifying = false;
};

// A column: numbers (NaN = missing) or texts (missing where !present).
// `asked` tells why a cell is missing: 1 where the student has the record(s)
// the cell comes from (the question was put: a missing cell was skipped, or
// too few items were answered), 0 where not (no record at that wave: not
// asked); for a gain both records, for an employers' score a rating at that
// wave. The student's own columns (code, programme, group, linked_waves,
// n_raters) have 1 everywhere.
struct Column {
  std::vector<double> numbers;
  std::vector<std::string> texts;
  std::vector<unsigned char> present;
  std::vector<unsigned char> asked;
};

struct Dataset {
  instrument::DocRef study;
  std::vector<Variable> variables;
  std::vector<Column> columns;  // parallel to variables
  std::size_t n_rows = 0;
  std::vector<Problem> problems;  // programme conflicts, links that cannot be applied, ...
  // The latest submission time of the records read (seconds since
  // 1970-01-01 UTC), none when no record gives one that reads as an ISO
  // 8601 date and time (YYYY-MM-DD[Thh:mm[:ss[.f]]][Z|+hh:mm|-hh:mm]).
  std::optional<long long> last_submitted;
  // [study instrument][record of its table] -> the row the record is of, -1
  // when it is in no row (an employer's record; a record the row does not
  // use: another of the same student and wave).
  std::vector<std::vector<long>> record_rows;

  bool is_text(std::size_t v) const noexcept {
    VariableType t = variables[v].type;
    return t == VariableType::text || t == VariableType::choice;
  }
};

struct DatasetOptions {
  bool include_text = true;  // false: open answers (text items) are left out (--no-text)
};

// `instruments` and `tables` are parallel to study.instruments (the tables of
// import_study_responses). Fails (invalid_input) only when a column name
// would be invalid in R or SPSS or taken twice.
Result<Dataset> build_dataset(const instrument::Study& study,
                              const std::vector<const instrument::Instrument*>& instruments,
                              const std::vector<ResponseTable>& tables, const std::vector<StudentLink>& links,
                              const DatasetOptions& options = {});

// CSV (RFC 4180, header = the names, missing = empty cell).
std::string dataset_csv(const Dataset& d);
// {"format": "assess-dataset/1", "study": {id, version}, "variables": [names], "rows": [[...]], "n": rows}
Json dataset_json(const Dataset& d);
// {"format": "assess-codebook/1", "study", "variables": [{name, label{kk,ru,en}, type, ...}]}
Json codebook_json(const Dataset& d, const instrument::Study& study,
                   const std::vector<const instrument::Instrument*>& instruments);

// The data set as an SPSS system file (data/sav.hpp): labels in `lang`
// (kk, ru or en), the codes and missing values docs/formats.md gives.
// `codebook` is codebook_json's answer for d: the labels are read from it,
// and each of its variables gets "sav" (the short name, measurement level,
// codes and missing-value codes; the string width), the codebook itself
// "sav" {lang, created, encoding}. `warnings` says which labels and texts
// were cut to what SPSS allows (dataset.sav_*_shortened).
struct DatasetSav {
  std::string bytes;
  std::vector<Message> warnings;
};
DatasetSav dataset_sav(const Dataset& d, Json& codebook, std::string_view lang);

// True when name is a valid variable name in R and SPSS: an ASCII letter
// first, then letters, digits and _, at most 64 bytes.
bool valid_variable_name(const std::string& name) noexcept;

}  // namespace assess::data
