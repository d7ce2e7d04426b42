// Helpers of the statistics tests (htest, reliability, agreement): asking the
// API, checking error envelopes and warnings (with their ids), the notes of
// kernel results, relative errors, and deterministic samples.
#pragma once

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/json.hpp"

namespace assess::test {

inline const double kPi = std::acos(-1.0);
inline const double kNaN = std::nan("");

// The response to a request given as a JSON value or as text.
inline Json ask(const Json& request) { return Json::parse(assess::api::call(request.dump())); }
inline Json ask_text(const std::string& text) { return Json::parse(assess::api::call(text)); }

// An error envelope with the code, a message containing every fragment, and
// the JSON pointer of the field.
inline void expect_error(const Json& r, const char* code, std::vector<std::string> fragments,
                         const char* path = nullptr) {
  ASSERT_EQ(r.at("ok"), false) << r.dump();
  EXPECT_EQ(r["error"]["code"], code) << r.dump();
  std::string msg = r["error"]["message"].get<std::string>();
  for (const auto& f : fragments) EXPECT_NE(msg.find(f), std::string::npos) << "'" << f << "' not in: " << msg;
  if (path) {
    EXPECT_EQ(r["error"].value("path", ""), path) << r.dump();
  }
}

// A result whose warnings mention `fragment`.
inline void expect_warning(const Json& r, const std::string& fragment) {
  ASSERT_EQ(r.at("ok"), true) << r.dump();
  bool found = false;
  for (const auto& w : r["result"]["warnings"]) found |= w.get<std::string>().find(fragment) != std::string::npos;
  EXPECT_TRUE(found) << "no warning with '" << fragment << "' in " << r["result"]["warnings"].dump();
}

// A result whose warning_msgs carry exactly these ids, one for each of its
// warnings and in the same order, each with an object of parameters.
inline void expect_warning_ids(const Json& r, const std::vector<std::string>& ids) {
  ASSERT_EQ(r.at("ok"), true) << r.dump();
  const Json& w = r["result"]["warnings"];
  const Json& m = r["result"]["warning_msgs"];
  ASSERT_TRUE(m.is_array()) << r.dump();
  ASSERT_EQ(m.size(), w.size()) << r.dump();
  ASSERT_EQ(m.size(), ids.size()) << r.dump();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(m[i]["id"], ids[i]) << r.dump();
    EXPECT_TRUE(m[i]["params"].is_object()) << r.dump();
  }
}

// Whether a kernel's notes hold one of this kind (notes are enums, or
// structs with a `kind` and its numbers).
template <class Note, class Kind>
bool has_note(const std::vector<Note>& notes, Kind kind) {
  return std::any_of(notes.begin(), notes.end(), [&](const Note& n) {
    if constexpr (std::is_enum_v<Note>) {
      return n == kind;
    } else {
      return n.kind == kind;
    }
  });
}

inline double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-300); }

// Values on a 1/1024 grid: adding 2^30 to them is exact, so every statistic
// must come out the same (to rounding of the statistics themselves).
inline std::vector<double> grid(std::vector<double> v, double offset = 0.0) {
  for (double& a : v) a = std::round(a * 1024.0) / 1024.0 + offset;
  return v;
}
inline const double kOffset = 1073741824.0;  // 2^30, about 1e9

inline std::vector<double> normal_sample(std::size_t n, unsigned seed, double mean = 0.0, double sd = 1.0) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> d(mean, sd);
  std::vector<double> x(n);
  for (double& v : x) v = d(gen);
  return x;
}

}  // namespace assess::test
