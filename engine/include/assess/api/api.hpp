// The single JSON-in/JSON-out facade of the engine (docs/api.md).
// The CLI and the wasm module are thin doors onto these functions.
// Nothing here throws: every failure becomes the error envelope
//   {"ok": false, "op": ..., "error": {"code": ..., "message": ...}}.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "assess/core/json.hpp"

namespace assess::api {

// One request object, or an array of them (answered by an array, same order).
Json call_json(const Json& request) noexcept;  // NOLINT(bugprone-exception-escape): see api.cpp

// The same from and to JSON text; text that is not JSON gets parse_error.
std::string call(std::string_view request_text) noexcept;

// Numeric data beside the request text (the typed door): a column stands for
// an argument that the request leaves out, e.g. "pre" and "post" of paired_t,
// and is read where the op reads an array of numbers (or, with cols, a
// matrix), with the same checks and messages as JSON numbers. The data is
// not copied before it is read and must outlive the call. A column of more
// than limits::kMaxValues values is refused before any value is read (so a
// door need not copy one).
struct Column {
  const double* data = nullptr;
  std::size_t size = 0;
  // 0: an array of numbers. Otherwise a row-major matrix of size / cols rows
  // (matrix arguments such as cronbach_alpha's items; size must be a multiple).
  std::size_t cols = 0;
  // NaN means a missing value (null in JSON) where the op allows missing
  // values; infinities are refused like non-finite JSON numbers. A door that
  // met a value which is not a number (a string in a JavaScript array) marks
  // the first such element here; the op then fails naming it, as JSON would.
  static constexpr std::size_t kNoBadValue = static_cast<std::size_t>(-1);
  std::size_t bad_index = kNoBadValue;
  std::string bad_what;  // e.g. "a string"
};
using Columns = std::map<std::string, Column, std::less<>>;

// call() with columns: each request (every one of an array) reads the
// columns as if they were among its keys. A name both in the request and
// among the columns is invalid_input naming it; a column the op does not read
// gets the usual "not used ... ignored" warning. Never throws.
std::string call_with_columns(std::string_view request_text, const Columns& columns) noexcept;

// True when the response (object or array) holds no error envelope.
bool all_ok(const Json& response) noexcept;

// Engine version ("0.1.0").
const char* version() noexcept;

// Names of the operations the facade answers, in a stable order.
const char* const* op_names(std::size_t* count) noexcept;

}  // namespace assess::api
