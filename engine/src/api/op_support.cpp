#include "api/op_support.hpp"

#include <cmath>

#include "assess/core/limits.hpp"
#include "assess/core/numeric.hpp"

namespace assess::api::detail {

void fail(ErrorCode code, std::string message, std::string path) {
  throw ApiFailure{Error{code, std::move(message), std::move(path)}};
}

json num(double x) { return json_number(x); }
json nums(const std::vector<double>& x) { return json_numbers(x); }

namespace {

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    case json::value_t::binary:
      return "binary data";
    case json::value_t::discarded:
      return "invalid";
    default:
      return "a number";
  }
}

std::string pointer(const char* key) { return std::string("/") + key; }

// One element of a numeric array. `where` is e.g. "pre[3]".
double element(const json& v, bool allow_null, const std::string& where, const std::string& path, double max_abs) {
  if (v.is_number()) {
    double x = v.get<double>();
    if (!std::isfinite(x)) {
      fail(ErrorCode::invalid_input, where + " is not a finite number", path);
    }
    if (std::fabs(x) > max_abs) {
      fail(ErrorCode::out_of_range,
           where + " is " + format_number(x) + ", but the engine computes with values of magnitude up to " +
               format_number(limits::kMaxMagnitude) + " (beyond it sums of squares overflow)",
           path);
    }
    return x;
  }
  if (v.is_null()) {
    if (allow_null) return kMissing;
    fail(ErrorCode::invalid_input, where + " is null, but missing values are not allowed here", path);
  }
  if (v.is_string()) {
    fail(ErrorCode::invalid_input,
         where + " is the string \"" + v.get<std::string>().substr(0, 40) +
             "\", but a number is required (NaN and Infinity are not accepted)",
         path);
  }
  fail(ErrorCode::invalid_input, where + " is " + type_name(v) + ", but a number is required", path);
}

std::vector<double> number_array(const json& a, bool allow_null, const std::string& name, const std::string& path,
                                 double max_abs) {
  if (!a.is_array()) {
    fail(ErrorCode::invalid_input, name + " must be an array of numbers, but it is " + type_name(a), path);
  }
  if (a.size() > limits::kMaxValues) {
    fail(ErrorCode::out_of_range,
         name + " has " + std::to_string(a.size()) + " values, but the engine takes at most " +
             std::to_string(limits::kMaxValues) + " in one argument",
         path);
  }
  std::vector<double> out;
  out.reserve(a.size());
  std::size_t i = 0;
  for (const auto& v : a) {
    out.push_back(
        element(v, allow_null, name + "[" + std::to_string(i) + "]", path + "/" + std::to_string(i), max_abs));
    ++i;
  }
  return out;
}

// n values of a numeric column with the checks of element(): NaN stands for
// null. Names and paths are built only for the value that fails, so that a
// million values cost a copy and one pass.
std::vector<double> column_array(const double* x, std::size_t n, std::size_t bad, const std::string& bad_what,
                                 bool allow_null, const std::string& name, const std::string& path, double max_abs) {
  std::vector<double> out(x, x + n);
  auto where = [&](std::size_t i) { return name + "[" + std::to_string(i) + "]"; };
  auto at = [&](std::size_t i) { return path + "/" + std::to_string(i); };
  double* o = out.data();  // raw pointer: no call per value at -Oz
  for (std::size_t i = 0; i < n; ++i) {
    if (i == bad) fail(ErrorCode::invalid_input, where(i) + " is " + bad_what + ", but a number is required", at(i));
    const double v = o[i];
    if (std::fabs(v) <= max_abs) continue;
    if (std::isnan(v)) {
      if (!allow_null) {
        fail(ErrorCode::invalid_input,
             where(i) + " is a missing value (NaN or null), but missing values are not allowed here", at(i));
      }
      o[i] = kMissing;
      continue;
    }
    if (!std::isfinite(v)) fail(ErrorCode::invalid_input, where(i) + " is not a finite number", at(i));
    fail(ErrorCode::out_of_range,
         where(i) + " is " + format_number(v) + ", but the engine computes with values of magnitude up to " +
             format_number(limits::kMaxMagnitude) + " (beyond it sums of squares overflow)",
         at(i));
  }
  return out;
}

std::string short_name(const std::string& name) { return name.substr(0, 100); }

}  // namespace

Args::Args(const json& request, const Columns* columns)
    : req_(request), columns_(columns && !columns->empty() ? columns : nullptr), max_abs_(limits::kMaxMagnitude) {
  if (!columns_) return;
  for (const auto& entry : *columns_) {
    if (req_.contains(entry.first)) {
      fail(ErrorCode::invalid_input,
           short_name(entry.first) +
               " is given both in the request and as a column; give it once, since which value was meant cannot "
               "be known",
           "/" + short_name(entry.first));
    }
  }
}

bool Args::has(const char* key) const { return req_.contains(key) || (columns_ && columns_->count(key) > 0); }

const Column* Args::column(const char* key) {
  if (!columns_) return nullptr;
  auto it = columns_->find(std::string_view(key));
  if (it == columns_->end()) return nullptr;
  read_.insert(key);
  return &it->second;
}

void Args::json_only(const char* key) const {
  if (columns_ && columns_->count(key) > 0) {
    fail(ErrorCode::invalid_input,
         std::string(key) +
             " is given as a column, but it must be given in the request (columns carry only "
             "arrays and matrices of numbers)",
         pointer(key));
  }
}

const json& Args::need(const char* key) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  if (it == req_.end()) {
    fail(ErrorCode::invalid_input, std::string("the argument ") + key + " is required but missing", pointer(key));
  }
  return *it;
}

std::vector<double> Args::numbers(const char* key, bool allow_null) {
  if (const Column* c = column(key)) {
    if (c->cols != 0) {
      fail(ErrorCode::invalid_input,
           std::string(key) + " is given as a matrix column (" + std::to_string(c->cols) +
               " columns), but an array of numbers is required",
           pointer(key));
    }
    if (c->size > limits::kMaxValues) {
      fail(ErrorCode::out_of_range,
           std::string(key) + " has " + std::to_string(c->size) + " values, but the engine takes at most " +
               std::to_string(limits::kMaxValues) + " in one argument",
           pointer(key));
    }
    return column_array(c->data, c->size, c->bad_index, c->bad_what, allow_null, key, pointer(key), max_abs_);
  }
  return number_array(need(key), allow_null, key, pointer(key), max_abs_);
}

std::vector<std::vector<double>> Args::arrays(const char* key, bool allow_null) {
  if (const Column* c = column(key)) return column_rows(*c, key, allow_null);
  const json& a = need(key);
  if (!a.is_array()) {
    fail(ErrorCode::invalid_input,
         std::string(key) + " must be an array of arrays of numbers, but it is " + type_name(a), pointer(key));
  }
  std::size_t cells = a.size();  // an empty row still costs a vector
  for (const auto& row : a) cells += row.is_array() ? row.size() : 0;
  if (cells > limits::kMaxValues) {
    fail(ErrorCode::out_of_range,
         std::string(key) + " has " + std::to_string(a.size()) + " rows and " + std::to_string(cells - a.size()) +
             " values, but the engine takes at most " + std::to_string(limits::kMaxValues) + " in one argument",
         pointer(key));
  }
  std::vector<std::vector<double>> out;
  out.reserve(a.size());
  std::size_t i = 0;
  for (const auto& row : a) {
    std::string name = std::string(key) + "[" + std::to_string(i) + "]";
    std::string path = pointer(key) + "/" + std::to_string(i);
    if (!row.is_array()) {
      fail(ErrorCode::invalid_input, name + " must be an array of numbers, but it is " + type_name(row), path);
    }
    out.push_back(number_array(row, allow_null, name, path, max_abs_));
    ++i;
  }
  return out;
}

std::vector<std::vector<double>> Args::column_rows(const Column& c, const char* key, bool allow_null) {
  if (c.cols == 0) {
    fail(ErrorCode::invalid_input,
         std::string(key) +
             " must be an array of arrays of numbers; as a column it needs cols (a row-major matrix of rows x cols "
             "values)",
         pointer(key));
  }
  if (c.size % c.cols != 0) {
    fail(ErrorCode::invalid_input,
         std::string(key) + " has " + std::to_string(c.size) + " values, which is not a whole number of rows of " +
             std::to_string(c.cols) + " columns",
         pointer(key));
  }
  const std::size_t rows = c.size / c.cols;
  if (rows + c.size > limits::kMaxValues) {  // as for JSON: an empty row still costs a vector
    fail(ErrorCode::out_of_range,
         std::string(key) + " has " + std::to_string(rows) + " rows and " + std::to_string(c.size) +
             " values, but the engine takes at most " + std::to_string(limits::kMaxValues) + " in one argument",
         pointer(key));
  }
  std::vector<std::vector<double>> out;
  out.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t first = i * c.cols;
    const std::size_t bad =
        c.bad_index >= first && c.bad_index - first < c.cols ? c.bad_index - first : Column::kNoBadValue;
    out.push_back(column_array(c.data + first, c.cols, bad, c.bad_what, allow_null,
                               std::string(key) + "[" + std::to_string(i) + "]", pointer(key) + "/" + std::to_string(i),
                               max_abs_));
  }
  return out;
}

std::vector<std::vector<double>> Args::matrix(const char* key, bool allow_null) {
  auto rows = arrays(key, allow_null);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != rows[0].size()) {
      fail(ErrorCode::invalid_input,
           std::string(key) + " is ragged: row 0 has " + std::to_string(rows[0].size()) + " values but row " +
               std::to_string(i) + " has " + std::to_string(rows[i].size()),
           pointer(key) + "/" + std::to_string(i));
    }
  }
  return rows;
}

double Args::number(const char* key, double fallback, double lo, double hi, bool open_lo, bool open_hi) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  if (it == req_.end() || it->is_null()) return fallback;
  if (!it->is_number()) {
    fail(ErrorCode::invalid_input, std::string(key) + " must be a number, but it is " + type_name(*it), pointer(key));
  }
  double x = it->get<double>();
  bool below = open_lo ? !(x > lo) : !(x >= lo);
  bool above = open_hi ? !(x < hi) : !(x <= hi);
  if (!std::isfinite(x) || below || above) {
    fail(ErrorCode::invalid_input,
         std::string(key) + " is " + format_number(x) + ", but it must lie in " + (open_lo ? "(" : "[") +
             format_number(lo) + ", " + format_number(hi) + (open_hi ? ")" : "]"),
         pointer(key));
  }
  return x;
}

bool Args::boolean(const char* key, bool fallback) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  if (it == req_.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    fail(ErrorCode::invalid_input, std::string(key) + " must be true or false, but it is " + type_name(*it),
         pointer(key));
  }
  return it->get<bool>();
}

std::string Args::choice(const char* key, std::initializer_list<const char*> allowed, const char* fallback) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  std::string list;
  for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
  if (it == req_.end() || it->is_null()) {
    if (fallback) return fallback;
    fail(ErrorCode::invalid_input, std::string("the argument ") + key + " is required (one of " + list + ")",
         pointer(key));
  }
  if (it->is_string()) {
    std::string s = it->get<std::string>();
    for (const char* a : allowed) {
      if (s == a) return s;
    }
    fail(ErrorCode::invalid_input, std::string(key) + " is \"" + s.substr(0, 40) + "\", but it must be one of " + list,
         pointer(key));
  }
  fail(ErrorCode::invalid_input,
       std::string(key) + " must be a string (one of " + list + "), but it is " + type_name(*it), pointer(key));
}

std::string Args::string(const char* key) {
  const json& v = need(key);
  if (!v.is_string()) {
    fail(ErrorCode::invalid_input, std::string(key) + " must be a string, but it is " + type_name(v), pointer(key));
  }
  return v.get<std::string>();
}

std::string Args::string_or(const char* key, const std::string& fallback) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  if (it == req_.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    fail(ErrorCode::invalid_input, std::string(key) + " must be a string, but it is " + type_name(*it), pointer(key));
  }
  return it->get<std::string>();
}

const json& Args::value(const char* key) { return need(key); }

const json* Args::value_or_null(const char* key) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  return it == req_.end() ? nullptr : &*it;
}

std::vector<std::string> Args::unread() const {
  std::vector<std::string> out;
  for (auto it = req_.begin(); it != req_.end(); ++it) {
    if (it.key() != "op" && read_.count(it.key()) == 0) out.push_back(it.key());
  }
  if (columns_) {
    for (const auto& entry : *columns_) {
      if (read_.count(entry.first) == 0) out.push_back(entry.first);
    }
  }
  return out;
}

}  // namespace assess::api::detail
