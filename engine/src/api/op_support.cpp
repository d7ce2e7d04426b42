#include "api/op_support.hpp"

#include <cmath>
#include <functional>
#include <map>

#include "assess/core/limits.hpp"
#include "assess/core/numeric.hpp"

namespace assess::api::detail {

void fail(ErrorCode code, std::string message, std::string path) {
  throw ApiFailure{make_error(code, std::move(message), std::move(path))};
}

void fail(ErrorCode code, Message msg, std::string path) {
  throw ApiFailure{make_error(code, std::move(msg), std::move(path))};
}

Json num(double x) { return json_number(x); }
Json nums(const std::vector<double>& x) { return json_numbers(x); }

namespace {

// The value limit of the statistical ops, as a message.
Message too_large(const std::string& where, double x) {
  return Message{"args.magnitude", {{"arg", where}, {"value", x}, {"max", limits::kMaxMagnitude}}};
}

std::string pointer(const char* key) { return std::string("/") + key; }

// One element of a numeric array. `where` is e.g. "pre[3]".
double element(const Json& v, bool allow_null, const std::string& where, const std::string& path, double max_abs) {
  if (v.is_number()) {
    double x = v.get<double>();
    if (!std::isfinite(x)) {
      fail(ErrorCode::invalid_input, Message{"args.not_finite", {{"arg", where}}}, path);
    }
    if (std::fabs(x) > max_abs) fail(ErrorCode::out_of_range, too_large(where, x), path);
    return x;
  }
  if (v.is_null()) {
    if (allow_null) return kMissing;
    fail(ErrorCode::invalid_input, Message{"args.null_not_allowed", {{"arg", where}}}, path);
  }
  if (v.is_string()) {
    fail(ErrorCode::invalid_input,
         Message{"args.string_not_number",
                 {{"arg", where}, {"text", utf8_prefix(v.get_ref<const std::string&>(), kShownValue)}}},
         path);
  }
  fail(ErrorCode::invalid_input, Message{"args.not_number", {{"arg", where}, json_type_param(v)}}, path);
}

std::vector<double> number_array(const Json& a, bool allow_null, const std::string& name, const std::string& path,
                                 double max_abs) {
  if (!a.is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.not_number_array", {{"arg", name}, json_type_param(a)}}, path);
  }
  if (a.size() > limits::kMaxValues) {
    fail(ErrorCode::out_of_range,
         Message{"args.too_many_values", {{"arg", name}, {"n", a.size()}, {"max", limits::kMaxValues}}}, path);
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
    if (i == bad) {
      fail(ErrorCode::invalid_input, Message{"args.not_number", {{"arg", where(i)}, {"type", bad_what}}}, at(i));
    }
    const double v = o[i];
    if (std::fabs(v) <= max_abs) continue;
    if (std::isnan(v)) {
      if (!allow_null) {
        fail(ErrorCode::invalid_input, Message{"args.missing_not_allowed", {{"arg", where(i)}}}, at(i));
      }
      o[i] = kMissing;
      continue;
    }
    if (!std::isfinite(v)) fail(ErrorCode::invalid_input, Message{"args.not_finite", {{"arg", where(i)}}}, at(i));
    fail(ErrorCode::out_of_range, too_large(where(i), v), at(i));
  }
  return out;
}

std::string short_name(const std::string& name) { return std::string(utf8_prefix(name, kShownName)); }

}  // namespace

Args::Args(const Json& request, const Columns* columns)
    : req_(request), columns_(columns && !columns->empty() ? columns : nullptr), max_abs_(limits::kMaxMagnitude) {
  if (!columns_) return;
  for (const auto& entry : *columns_) {
    if (req_.contains(entry.first)) {
      fail(ErrorCode::invalid_input, Message{"args.column_twice", {{"arg", short_name(entry.first)}}},
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
    fail(ErrorCode::invalid_input, Message{"args.column_not_allowed", {{"arg", key}}}, pointer(key));
  }
}

const Json& Args::need(const char* key) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  if (it == req_.end()) {
    fail(ErrorCode::invalid_input, Message{"args.missing", {{"arg", key}}}, pointer(key));
  }
  return *it;
}

std::vector<double> Args::numbers(const char* key, bool allow_null) {
  if (const Column* c = column(key)) {
    if (c->cols != 0) {
      fail(ErrorCode::invalid_input, Message{"args.matrix_column_for_array", {{"arg", key}, {"cols", c->cols}}},
           pointer(key));
    }
    if (c->size > limits::kMaxValues) {
      fail(ErrorCode::out_of_range,
           Message{"args.too_many_values", {{"arg", key}, {"n", c->size}, {"max", limits::kMaxValues}}}, pointer(key));
    }
    return column_array(c->data, c->size, c->bad_index, c->bad_what, allow_null, key, pointer(key), max_abs_);
  }
  return number_array(need(key), allow_null, key, pointer(key), max_abs_);
}

std::vector<double> Args::numbers_in(const Json& a, const std::string& name, const std::string& path,
                                     bool allow_null) const {
  return number_array(a, allow_null, name, path, max_abs_);
}

std::vector<std::vector<double>> Args::arrays(const char* key, bool allow_null) {
  if (const Column* c = column(key)) return column_rows(*c, key, allow_null);
  const Json& a = need(key);
  if (!a.is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.not_array_of_arrays", {{"arg", key}, json_type_param(a)}},
         pointer(key));
  }
  std::size_t cells = a.size();  // an empty row still costs a vector
  for (const auto& row : a) cells += row.is_array() ? row.size() : 0;
  if (cells > limits::kMaxValues) {
    fail(ErrorCode::out_of_range,
         Message{"args.too_many_cells",
                 {{"arg", key}, {"rows", a.size()}, {"n", cells - a.size()}, {"max", limits::kMaxValues}}},
         pointer(key));
  }
  std::vector<std::vector<double>> out;
  out.reserve(a.size());
  std::size_t i = 0;
  for (const auto& row : a) {
    std::string name = std::string(key) + "[" + std::to_string(i) + "]";
    std::string path = pointer(key) + "/" + std::to_string(i);
    if (!row.is_array()) {
      fail(ErrorCode::invalid_input, Message{"args.not_number_array", {{"arg", name}, json_type_param(row)}}, path);
    }
    out.push_back(number_array(row, allow_null, name, path, max_abs_));
    ++i;
  }
  return out;
}

std::vector<std::vector<double>> Args::column_rows(const Column& c, const char* key, bool allow_null) {
  if (c.cols == 0) {
    fail(ErrorCode::invalid_input, Message{"args.column_needs_cols", {{"arg", key}}}, pointer(key));
  }
  if (c.size % c.cols != 0) {
    fail(ErrorCode::invalid_input,
         Message{"args.column_not_whole_rows", {{"arg", key}, {"n", c.size}, {"cols", c.cols}}}, pointer(key));
  }
  const std::size_t rows = c.size / c.cols;
  if (rows + c.size > limits::kMaxValues) {  // as for JSON: an empty row still costs a vector
    fail(ErrorCode::out_of_range,
         Message{"args.too_many_cells", {{"arg", key}, {"rows", rows}, {"n", c.size}, {"max", limits::kMaxValues}}},
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
           Message{"args.ragged", {{"arg", key}, {"first", rows[0].size()}, {"row", i}, {"n", rows[i].size()}}},
           pointer(key) + "/" + std::to_string(i));
    }
  }
  return rows;
}

Args::Labels Args::labels(const char* key, std::size_t max_levels) {
  const Json& a = need(key);
  if (!a.is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.not_string_array", {{"arg", key}, json_type_param(a)}}, pointer(key));
  }
  if (a.size() > limits::kMaxValues) {
    fail(ErrorCode::out_of_range,
         Message{"args.too_many_values", {{"arg", key}, {"n", a.size()}, {"max", limits::kMaxValues}}}, pointer(key));
  }
  Labels out;
  out.index.reserve(a.size());
  std::map<std::string, std::size_t, std::less<>> seen;
  std::size_t i = 0;
  for (const auto& v : a) {
    if (!v.is_string()) {
      const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
      fail(ErrorCode::invalid_input, Message{"args.not_string", {{"arg", where}, json_type_param(v)}},
           pointer(key) + "/" + std::to_string(i));
    }
    const auto& text = v.get_ref<const std::string&>();
    auto it = seen.find(text);
    if (it == seen.end()) {
      if (out.levels.size() == max_levels) {
        fail(ErrorCode::out_of_range, Message{"args.too_many_labels", {{"arg", key}, {"max", max_levels}}},
             pointer(key) + "/" + std::to_string(i));
      }
      it = seen.emplace(text, out.levels.size()).first;
      out.levels.push_back(text);
    }
    out.index.push_back(it->second);
    ++i;
  }
  return out;
}

double Args::number(const char* key, double fallback, double lo, double hi, bool open_lo, bool open_hi) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  if (it == req_.end() || it->is_null()) return fallback;
  if (!it->is_number()) {
    fail(ErrorCode::invalid_input, Message{"args.not_a_number", {{"arg", key}, json_type_param(*it)}}, pointer(key));
  }
  double x = it->get<double>();
  bool below = open_lo ? !(x > lo) : !(x >= lo);
  bool above = open_hi ? !(x < hi) : !(x <= hi);
  if (!std::isfinite(x) || below || above) {
    fail(ErrorCode::invalid_input,
         Message{"args.outside_interval",
                 {{"arg", key},
                  {"value", x},
                  {"lo", lo},
                  {"hi", hi},
                  {"lo_open", open_lo ? 1 : 0},
                  {"hi_open", open_hi ? 1 : 0}}},
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
    fail(ErrorCode::invalid_input, Message{"args.not_boolean", {{"arg", key}, json_type_param(*it)}}, pointer(key));
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
    fail(ErrorCode::invalid_input, Message{"args.choice_missing", {{"arg", key}, {"choices", list}}}, pointer(key));
  }
  if (it->is_string()) {
    std::string s = it->get<std::string>();
    for (const char* a : allowed) {
      if (s == a) return s;
    }
    fail(ErrorCode::invalid_input,
         Message{"args.choice_invalid", {{"arg", key}, {"text", utf8_prefix(s, kShownValue)}, {"choices", list}}},
         pointer(key));
  }
  fail(ErrorCode::invalid_input,
       Message{"args.choice_not_string", {{"arg", key}, {"choices", list}, json_type_param(*it)}}, pointer(key));
}

std::string Args::string(const char* key) {
  const Json& v = need(key);
  if (!v.is_string()) {
    fail(ErrorCode::invalid_input, Message{"args.not_string", {{"arg", key}, json_type_param(v)}}, pointer(key));
  }
  return v.get<std::string>();
}

std::string Args::string_or(const char* key, const std::string& fallback) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  if (it == req_.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    fail(ErrorCode::invalid_input, Message{"args.not_string", {{"arg", key}, json_type_param(*it)}}, pointer(key));
  }
  return it->get<std::string>();
}

const Json& Args::value(const char* key) { return need(key); }

const Json* Args::value_or_null(const char* key) {
  json_only(key);
  read_.insert(key);
  auto it = req_.find(key);
  return it == req_.end() ? nullptr : &*it;
}

const Json* Args::peek(const char* key) const {
  if (columns_ && columns_->count(key) > 0) return nullptr;
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
