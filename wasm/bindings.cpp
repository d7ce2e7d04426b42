// The WebAssembly door: Embind around api::call. Nothing else belongs here;
// typed doors for bulk data sit beside call(): callColumns takes numeric
// arguments as typed arrays (docs/web.md, "The engine from JavaScript").
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/json.hpp"
#include "assess/core/limits.hpp"
#include "assess/core/text.hpp"
#include "assess/data/file_store.hpp"

// The columns door (callColumns) is only in the engine of every op: the
// analysis page (ASSESS_OPS_ANALYSIS) and the coding page
// (ASSESS_OPS_CODING) send files, never columns, and the small engine
// (ASSESS_OPS_COLLECT) one document or response.
#if !defined(ASSESS_OPS_ANALYSIS) && !defined(ASSESS_OPS_COLLECT) && !defined(ASSESS_OPS_CODING)
#define ASSESS_WASM_COLUMNS 1
#endif

// A plain JavaScript array into doubles: numbers as they are, null and
// undefined as missing (NaN, as JSON.stringify makes them null). Returns the
// index of the first other value (a string, a boolean...) or -1.
// The body is JavaScript: clang-format would split its === operators.
#ifdef ASSESS_WASM_COLUMNS
// clang-format off
EM_JS(int, assess_fill_from_array, (emscripten::EM_VAL handle, double* out, int n), {
  var a = Emval.toValue(handle);
  var base = out >> 3;
  for (var i = 0; i < n; i++) {
    var x = a[i];
    if (typeof x === 'number') HEAPF64[base + i] = x;
    else if (x === null || x === undefined) HEAPF64[base + i] = NaN;
    else return i;
  }
  return -1;
});
// clang-format on
#endif

namespace {

std::string call(const std::string& request) { return assess::api::call(request); }
std::string version() { return assess::api::version(); }

#ifndef ASSESS_OPS_COLLECT
// Bytes of an input file (a Uint8Array or ArrayBuffer arrives unchanged as
// std::string): requests then name it as {"name": ...} without "text".
// Returns -1 when the bytes cannot be stored (out of memory): a C++ exception
// must not cross into JavaScript. The import that names the file then says
// that no such file was stored; the size limits are checked by the import.
double put_file(const std::string& name, const std::string& bytes) {
  try {
    assess::data::store_file(name, bytes);
    return static_cast<double>(bytes.size());
  } catch (...) {
    return -1.0;
  }
}

bool drop_file(const std::string& name) { return assess::data::drop_file(name); }
void clear_files() { assess::data::clear_files(); }
#endif

// The columns door (callColumns), in the engine of every op only (above).
#ifdef ASSESS_WASM_COLUMNS
std::string kind_of(const emscripten::val& x) {
  if (x.isString()) return "the string " + assess::quote(assess::utf8_prefix(x.as<std::string>(), assess::kShownValue));
  std::string t = x.typeOf().as<std::string>();
  if (t == "boolean") return "a boolean";
  if (emscripten::val::global("Array").call<bool>("isArray", x)) return "an array";
  if (t == "object") return "an object";
  return "a " + t;
}

// One column: a typed array (Float64Array the fast way) or a plain array of
// numbers, or {data, cols} for a row-major matrix. The values are copied
// into `store` in one bulk copy; `error` says why a value cannot be a column.
bool to_column(const emscripten::val& v, std::unique_ptr<double[]>& store, assess::api::Column& col,
               std::string& error) {
  using emscripten::val;
  val data = v;
  std::size_t cols = 0;
  const bool is_view = val::global("ArrayBuffer").call<bool>("isView", v);
  const bool is_array = val::global("Array").call<bool>("isArray", v);
  if (!is_view && !is_array && v.typeOf().as<std::string>() == "object" && !v.isNull()) {
    data = v["data"];
    // Numbers are read as double: Embind's integer conversion throws a JS
    // TypeError (not a C++ exception) for values outside its range.
    val c = v["cols"];
    const double cd = c.isNumber() ? c.as<double>() : 0.0;
    if (!(cd >= 1.0 && cd <= 4294967295.0 && cd == std::floor(cd))) {
      error = "a matrix column is {data, cols} with cols a whole number of at least 1";
      return false;
    }
    cols = static_cast<std::size_t>(cd);
  }
  const bool view = val::global("ArrayBuffer").call<bool>("isView", data);
  if (view) {
    const std::string type = data["constructor"]["name"].as<std::string>();
    if (type == "DataView" || type.rfind("Big", 0) == 0) {
      error = "a " + type + " cannot be a column (give a Float64Array)";
      return false;
    }
  } else if (!val::global("Array").call<bool>("isArray", data)) {
    error = "a column is a Float64Array, an array of numbers or {data, cols}";
    return false;
  }
  const std::size_t n = static_cast<std::size_t>(data["length"].as<double>());
  col.size = n;
  col.cols = cols;
  if (n > assess::limits::kMaxValues) {
    // The engine refuses an argument this long (out_of_range, the JSON
    // door's message) before it reads a value: no need to copy it.
    col.data = nullptr;
    return true;
  }
  store.reset(new double[n]);  // not zeroed: every value is written below
  if (view) {
    // One bulk copy into memory the engine owns (converts other typed arrays).
    val(emscripten::typed_memory_view(n, store.get())).call<void>("set", data);
  } else if (n > 0) {
    int bad = assess_fill_from_array(data.as_handle(), store.get(), static_cast<int>(n));
    if (bad >= 0) {
      // the values after it were not written; the engine stops at it
      std::fill(store.get() + bad, store.get() + n, std::numeric_limits<double>::quiet_NaN());
      col.bad_index = static_cast<std::size_t>(bad);
      col.bad_what = kind_of(data[bad]);
    }
  }
  col.data = store.get();
  return true;
}

std::string error_text(const std::string& code, const std::string& message, const std::string& path) {
  assess::Json e = assess::Json::object();
  e["ok"] = false;
  e["op"] = "";
  e["error"] = assess::Json::object({{"code", code}, {"message", message}});
  if (!path.empty()) e["error"]["path"] = path;
  return e.dump(-1, ' ', false, assess::Json::error_handler_t::replace);
}

// call() with numeric columns beside the request: {pre: Float64Array, ...}.
// Never throws into JavaScript: every failure is an error envelope.
std::string call_columns(const std::string& request, const emscripten::val& columns) {
  using emscripten::val;
  try {
    assess::api::Columns cols;
    std::vector<std::unique_ptr<double[]>> store;
    if (!columns.isUndefined() && !columns.isNull()) {
      if (columns.typeOf().as<std::string>() != "object" || val::global("Array").call<bool>("isArray", columns) ||
          val::global("ArrayBuffer").call<bool>("isView", columns)) {
        return error_text("invalid_input", "the columns must be an object of arrays ({pre: Float64Array, ...})", "");
      }
      val keys = val::global("Object").call<val>("keys", columns);
      const std::size_t k = keys["length"].as<std::size_t>();
      store.resize(k);
      for (std::size_t i = 0; i < k; ++i) {
        std::string name = keys[i].as<std::string>();
        assess::api::Column col;
        std::string error;
        if (!to_column(columns[name], store[i], col, error)) {
          const std::string shown(assess::utf8_prefix(name, assess::kShownName));
          return error_text("invalid_input", "the column " + shown + " cannot be read: " + error,
                            "/" + assess::pointer_token(name));
        }
        cols[name] = col;
      }
    }
    return assess::api::call_with_columns(request, cols);
  } catch (const std::bad_alloc&) {
    return error_text("out_of_range", "the columns do not fit in memory; split the data", "");
  } catch (...) {
    return error_text("internal_error", "internal error while reading the columns", "");
  }
}

#endif  // callColumns

}  // namespace

// The small engine (ASSESS_OPS_COLLECT) has neither columns nor a file
// store: the pages that collect answers send one document or one response
// as JSON, and every byte of its glue is on a student's phone.
EMSCRIPTEN_BINDINGS(assess) {
  emscripten::function("call", &call);
#ifdef ASSESS_WASM_COLUMNS
  emscripten::function("callColumns", &call_columns);
#endif
  emscripten::function("version", &version);
#ifndef ASSESS_OPS_COLLECT
  emscripten::function("putFile", &put_file);
  emscripten::function("dropFile", &drop_file);
  emscripten::function("clearFiles", &clear_files);
#endif
}
