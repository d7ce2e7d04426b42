// Small helpers shared by the report renderers: tolerant access to the
// result JSON (a missing field reads as null, so a renderer never throws on
// a partial result).
#pragma once

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"

namespace assess::analysis::detail {

inline const Json& null_json() {
  static const Json n = nullptr;
  return n;
}

inline const Json& field(const Json& j, const char* key) {
  if (!j.is_object()) return null_json();
  auto it = j.find(key);
  return it == j.end() ? null_json() : *it;
}

// The elements of an array (none for anything else).
inline const Json& items(const Json& j) {
  static const Json empty = Json::array();
  return j.is_array() ? j : empty;
}

}  // namespace assess::analysis::detail
