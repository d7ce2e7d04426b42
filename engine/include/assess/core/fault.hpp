// Why a statistics kernel computed nothing, in numbers: a Fault is a kind
// from a short list plus the counts, bounds, indices and values that
// describe it. Kernels (htest, reliability, agreement) name no argument and
// write no sentence: the layer that called them says what went wrong in its
// own terms - the API handlers (api/ops_*.cpp) in those of the request
// ("pre and post have 1 complete pair, ..."), the analyses in those of the
// report ("edtech: no paired t test: 1 pair with both scores, ..."). The
// same holds for the remarks of a kernel about a result (a statistic left
// undefined, an approximation used): each kernel lists them as an enum of
// its own beside its result (`notes`).
//
// Outcome<T> is a kernel's value or its Fault; Result<T> (result.hpp) is the
// same for the layers that do write messages.
#pragma once

#include <cstddef>
#include <limits>

#include "assess/core/value_or.hpp"

namespace assess {

enum class FaultKind : unsigned char {
  too_few,         // n of `counted` where at least `limit` are needed
  too_many,        // n of `counted` where at most `limit` are allowed
  lengths_differ,  // inputs that pair up element by element: n values in the first, m in the second
  ragged,          // a matrix whose row `index` has n values while row 0 has m
  missing_value,   // no value at (index, column) where one is required
  bad_value,       // `value` at (index, column) lies outside its domain (a negative count, a p outside [0, 1])
  all_zero,        // all n differences are zero
  zero_total,      // the counts add up to zero
  bad_conf_level,  // `value` does not lie strictly between 0 and 1
};

// What a too_few / too_many fault counts.
enum class Counted : unsigned char {
  values,   // non-missing values (of one sample when `index` says which)
  pairs,    // complete pairs
  groups,   // samples of a one-way layout
  cells,    // cells of a table
  rows,     // complete rows of a matrix (respondents, raters)
  columns,  // columns of a matrix (items, objects)
};

struct Fault {
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

  FaultKind kind = FaultKind::too_few;
  Counted counted = Counted::values;
  std::size_t n = 0;           // how many there are (too_few, too_many, lengths_differ, ragged, all_zero)
  std::size_t m = 0;           // the second length (lengths_differ), row 0's length (ragged)
  std::size_t limit = 0;       // the least needed (too_few) or most allowed (too_many)
  std::size_t index = kNone;   // which sample, group or row; kNone: the data as a whole
  std::size_t column = kNone;  // which column of that row, for a cell
  double value = std::numeric_limits<double>::quiet_NaN();

  static Fault too_few(Counted c, std::size_t n, std::size_t limit, std::size_t index = kNone) {
    Fault f;
    f.kind = FaultKind::too_few;
    f.counted = c;
    f.n = n;
    f.limit = limit;
    f.index = index;
    return f;
  }
  static Fault too_many(Counted c, std::size_t n, std::size_t limit) {
    Fault f = too_few(c, n, limit);
    f.kind = FaultKind::too_many;
    return f;
  }
  static Fault lengths_differ(std::size_t n, std::size_t m) {
    Fault f;
    f.kind = FaultKind::lengths_differ;
    f.n = n;
    f.m = m;
    return f;
  }
  static Fault ragged(std::size_t row, std::size_t n, std::size_t first) {
    Fault f;
    f.kind = FaultKind::ragged;
    f.index = row;
    f.n = n;
    f.m = first;
    return f;
  }
  static Fault missing_value(std::size_t index, std::size_t column = kNone) {
    Fault f;
    f.kind = FaultKind::missing_value;
    f.index = index;
    f.column = column;
    return f;
  }
  static Fault bad_value(double value, std::size_t index, std::size_t column = kNone) {
    Fault f;
    f.kind = FaultKind::bad_value;
    f.value = value;
    f.index = index;
    f.column = column;
    return f;
  }
  static Fault all_zero(std::size_t n) {
    Fault f;
    f.kind = FaultKind::all_zero;
    f.n = n;
    return f;
  }
  static Fault zero_total() {
    Fault f;
    f.kind = FaultKind::zero_total;
    return f;
  }
  static Fault bad_conf_level(double value) {
    Fault f;
    f.kind = FaultKind::bad_conf_level;
    f.value = value;
    return f;
  }
};

// The stable name of a fault kind ("too_few"), for a message that must
// report a fault its caller did not expect.
const char* to_string(FaultKind kind) noexcept;

template <class T>
class Outcome : public ValueOr<T, Fault> {
 public:
  using ValueOr<T, Fault>::ValueOr;
  const Fault& fault() const { return this->other(); }
};

}  // namespace assess
