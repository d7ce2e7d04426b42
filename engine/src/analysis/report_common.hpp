// Small helpers shared by the report renderers: tolerant access to the
// result JSON (a missing field reads as null, so a renderer never throws on
// a partial result).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "assess/analysis/report.hpp"
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

// The text of a cell: a string as it is, "-" for null, any other value as JSON.
constexpr const char* kDash = "-";
inline std::string str(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return kDash;
  return v.dump();
}

// A count, or "-".
inline std::string count(const Json& v) { return v.is_number() ? v.dump() : std::string(kDash); }

// "M (SD)" of a {mean, sd} object, two decimals.
inline std::string m_sd(const Json& ms) {
  return apa_fixed(field(ms, "mean"), 2) + " (" + apa_fixed(field(ms, "sd"), 2) + ")";
}

// "est [low, high]".
inline std::string interval(const Json& est, const Json& lo, const Json& hi, int decimals = 2) {
  return apa_fixed(est, decimals) + " [" + apa_fixed(lo, decimals) + limits_separator() + apa_fixed(hi, decimals) + "]";
}

// "t(df) = t", or "-".
inline std::string t_df(const Json& t, const Json& df) {
  if (!t.is_number()) return kDash;
  return "t(" + apa_df(df) + ") = " + apa_fixed(t, 2);
}

}  // namespace assess::analysis::detail
