// An SPSS system file (.sav) writer: variables, their labels, value labels,
// declared missing values, measurement levels and the cases, written as the
// system file format is documented record by record in the GNU PSPP
// Developers Guide ("System File Format"). Plain C++ in, bytes out: no JSON,
// no messages (what had to be shortened is returned as data).
//
// The file: little-endian integers, IEEE 754 doubles, text in UTF-8 (the
// machine integer info record with character code 65001 and the character
// encoding record "UTF-8"), uncompressed data ($FL2, compression 0). Records
// in this order: the file header, the variable records (a short name of at
// most 8 bytes each; continuation records for strings wider than 8 bytes;
// very long strings, wider than 255 bytes, as segments of 255 bytes), the
// value labels records (3 and 4) of the numeric variables, then the
// extension records 3 (machine integers), 4 (machine floating point), 11
// (display parameters: measurement level, width, alignment), 13 (long
// variable names), 14 (very long strings, when there are any), 20
// (character encoding), the dictionary termination record and the data.
// Nothing depends on the clock or the host: the same File gives the same
// bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace assess::data::sav {

// What SPSS accepts, in bytes of UTF-8 (the format counts bytes).
inline constexpr std::size_t kMaxNameBytes = 64;
inline constexpr std::size_t kMaxVariableLabelBytes = 255;
inline constexpr std::size_t kMaxValueLabelBytes = 120;
inline constexpr std::size_t kMaxStringBytes = 32767;
inline constexpr std::size_t kMaxFileLabelBytes = 64;

enum class Measure { nominal = 1, ordinal = 2, scale = 3 };

struct ValueLabel {
  double value = 0.0;
  std::string label;
};

struct Variable {
  std::string name;  // the long name: valid in SPSS (an ASCII letter, then letters, digits, _), <= 64 bytes
  std::string label;
  bool string = false;  // false: numeric (numbers), true: string (texts)
  Measure measure = Measure::nominal;
  int decimals = 0;                      // numeric: the print format F8.<decimals>
  std::vector<ValueLabel> value_labels;  // numeric only, in this order
  std::vector<double> missing;           // numeric only: at most 3 discrete user-missing values
  std::vector<double> numbers;           // numeric: one per case, NaN = system-missing
  std::vector<std::string> texts;        // string: one per case, "" = empty
};

struct File {
  std::vector<Variable> variables;
  std::size_t n_cases = 0;
  std::string product;             // after "@(#) SPSS DATA FILE " in the header (cut to fit its 60 bytes)
  std::string file_label;          // cut to 64 bytes at a character boundary
  std::string date = "01 Jan 70";  // "dd Mmm yy"
  std::string time = "00:00:00";   // "hh:mm:ss"
  int version[3] = {0, 0, 0};      // the writer's version, for the machine integer info record
};

// A text that was longer than SPSS allows and was cut at a UTF-8 character
// boundary.
struct Shortened {
  enum class What { variable_label, value_label, text };
  What what = What::variable_label;
  std::size_t variable = 0;  // index into File::variables
  std::size_t index = 0;     // value_label: index into value_labels; text: the case
  std::size_t bytes = 0;     // its length before
  std::size_t limit = 0;     // the most bytes allowed
};

struct Written {
  std::string bytes;
  std::vector<std::string> short_names;  // per variable: the name of its (first) variable record
  std::vector<std::size_t> widths;       // per variable: 0 numeric, else the string width in bytes
  std::vector<Shortened> shortened;
};

// The short names (the name field of a variable record) of `names`, in
// order: the first 8 bytes of each name in capitals; when that is taken
// (without regard to case) or is a reserved word (ALL, AND, BY, EQ, GE, GT,
// LE, LT, NE, NOT, OR, TO, WITH), the first 7, 6, ... bytes followed by 1,
// 2, ... (the first such name that is free). write() asks for the names of
// its variables and, after each very long string, its name once more for
// every further segment. Exposed for the tests.
std::vector<std::string> short_names(const std::vector<std::string>& names);

// The system file. Variables' numbers/texts must have n_cases entries.
Written write(const File& file);

}  // namespace assess::data::sav
