// Small helpers shared by the report renderers: tolerant access to the
// result JSON (a missing field reads as null, so a renderer never throws on
// a partial result).
#pragma once

#include <string>
#include <vector>

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

// "est [low, high]" of a coefficient bounded by 1 (no leading zero: ICC, alpha, kappa), or "-".
inline std::string bounded_interval(const Json& est, const Json& lo, const Json& hi) {
  if (!est.is_number()) return kDash;
  if (!lo.is_number() || !hi.is_number()) return apa_bounded(est, 2);
  return apa_bounded(est, 2) + " [" + apa_bounded(lo, 2) + limits_separator() + apa_bounded(hi, 2) + "]";
}

// "F(df1, df2) = F", or "-".
inline std::string f_df(const Json& f, const Json& df1, const Json& df2) {
  if (!f.is_number()) return kDash;
  return "F(" + apa_df(df1) + ", " + apa_df(df2) + ") = " + apa_fixed(f, 2);
}

// Whether any block of a panel report has a weighted kappa (a two-expert panel).
inline bool any_kappa(const std::vector<const Json*>& blocks) {
  for (const Json* c : blocks) {
    if (field(*c, "kappa").is_object()) return true;
  }
  return false;
}

// An engine sentence (lower-case start, no full stop) as a sentence of a note.
inline std::string as_sentence(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  if (!s.empty() && s.back() != '.') s += '.';
  return s;
}

// "t(df) = t", or "-".
inline std::string t_df(const Json& t, const Json& df) {
  if (!t.is_number()) return kDash;
  return "t(" + apa_df(df) + ") = " + apa_fixed(t, 2);
}

}  // namespace assess::analysis::detail
