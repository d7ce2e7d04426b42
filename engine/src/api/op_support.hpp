// Internal support for operation handlers: reading and validating arguments
// from a request object, and failing with an Error that the facade turns into
// the envelope. Handlers may throw ApiFailure (and only that, by design); the
// facade also catches everything else.
#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/error.hpp"
#include "assess/core/json.hpp"
#include "assess/core/result.hpp"
#include "assess/core/text.hpp"

namespace assess::api::detail {

struct ApiFailure {
  Error error;
};

[[noreturn]] void fail(ErrorCode code, std::string message, std::string path = {});
[[noreturn]] void fail(ErrorCode code, Message msg, std::string path = {});
[[noreturn]] inline void fail(const Error& e) { throw ApiFailure{e}; }

// Unwrap a Result or fail with its error.
template <class T>
const T& unwrap(const Result<T>& r) {
  if (!r.ok()) fail(r.error());
  return r.value();
}

// A double as JSON: null when NaN or infinite (undefined statistic).
Json num(double x);
// A vector of doubles as a JSON array with nulls for non-finite entries.
Json nums(const std::vector<double>& x);

// Reads the arguments of one request. Remembers which keys were read so
// that the facade can warn about unknown (misspelt) arguments. Numeric
// columns given beside the request (call_with_columns) stand for arrays and
// matrices the request leaves out; a name in both fails at construction.
class Args {
 public:
  explicit Args(const Json& request, const Columns* columns = nullptr);

  bool has(const char* key) const;

  // Data values of the statistical ops must lie within +-limits::kMaxMagnitude
  // (out_of_range otherwise): beyond it sums of squares overflow and
  // statistics would turn null without a reason. Ops whose arrays are not
  // data (the points of the distribution op) lift the bound first.
  void allow_any_magnitude() { max_abs_ = 1.7976931348623157e308; }

  // Required array of numbers; null entries become kMissing when allow_null.
  std::vector<double> numbers(const char* key, bool allow_null = true);
  // An array of numbers found inside another argument (a field of an
  // object in an array): the checks and limits of numbers(), with `name`
  // ("variables[2].values") and `path` in its errors.
  std::vector<double> numbers_in(const Json& a, const std::string& name, const std::string& path,
                                 bool allow_null = true) const;
  // Required rectangular matrix (array of equal-length arrays of numbers/null).
  std::vector<std::vector<double>> matrix(const char* key, bool allow_null = true);
  // Required array of arrays of numbers, lengths may differ.
  std::vector<std::vector<double>> arrays(const char* key, bool allow_null = true);
  // Required array of strings (group labels): each entry's level index and
  // the distinct labels in order of first appearance; out_of_range beyond
  // max_levels distinct labels.
  struct Labels {
    std::vector<std::size_t> index;
    std::vector<std::string> levels;
  };
  Labels labels(const char* key, std::size_t max_levels);
  // Optional number in [lo, hi] (open bounds when open_lo/open_hi).
  double number(const char* key, double fallback, double lo, double hi, bool open_lo = false, bool open_hi = false);
  bool boolean(const char* key, bool fallback);
  std::string choice(const char* key, std::initializer_list<const char*> allowed, const char* fallback);
  // Required string / optional string.
  std::string string(const char* key);
  std::string string_or(const char* key, const std::string& fallback);
  // Any JSON value (for higher-level ops); fails when required and absent.
  const Json& value(const char* key);
  const Json* value_or_null(const char* key);
  // The JSON value of key without reading it (nullptr when absent or given
  // as a column): for handlers that choose a reader by the value's content.
  const Json* peek(const char* key) const;

  // Keys of the request that were never read (except "op").
  std::vector<std::string> unread() const;

 private:
  const Json& need(const char* key);
  // The column of that name (marked read), or nullptr.
  const Column* column(const char* key);
  std::vector<std::vector<double>> column_rows(const Column& c, const char* key, bool allow_null);
  // Fails when a column carries an argument that must be JSON (a number,
  // a string, an object).
  void json_only(const char* key) const;
  const Json& req_;
  const Columns* columns_;
  std::set<std::string> read_;
  double max_abs_;
};

// A handler computes the "result" object of one op.
using Handler = Json (*)(Args& args);

struct OpEntry {
  const char* name;
  Handler handler;
};

// The registry of operations, defined in registry.cpp.
const OpEntry* find_op(const std::string& name);

}  // namespace assess::api::detail
