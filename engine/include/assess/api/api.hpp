// The single JSON-in/JSON-out facade of the engine (shared/spec/engine-api.md).
// The CLI and the wasm module are thin doors onto these functions.
// Nothing here throws: every failure becomes the error envelope
//   {"ok": false, "op": ..., "error": {"code": ..., "message": ...}}.
#pragma once

#include <string>
#include <string_view>

#include "assess/core/json.hpp"

namespace assess::api {

// One request object, or an array of them (answered by an array, same order).
Json call_json(const Json& request) noexcept;

// The same from and to JSON text; text that is not JSON gets parse_error.
std::string call(std::string_view request_text) noexcept;

// True when the response (object or array) holds no error envelope.
bool all_ok(const Json& response) noexcept;

// Engine version ("0.1.0").
const char* version() noexcept;

// Names of the operations the facade answers, in a stable order.
const char* const* op_names(std::size_t* count) noexcept;

}  // namespace assess::api
