// The one JSON-tree comparison helper of the native tests. Walks `expected`
// and checks that `actual` has the same shape and values; numbers within the
// tolerance of the API contract. Every mismatch names the JSON pointer, the
// expected and actual values and the relative error.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"

namespace assess::test {

struct Tolerance {
  double stat_rel = 1e-9;  // statistics
  double p_rel = 1e-7;     // p-values and interval limits
  double abs = 1e-12;      // absolute floor (values near zero, below 1e-300)
  Json per_field;          // {"field": rel, ...} overrides by key name
};

// Tolerance from a case's optional "tolerance" object:
//   {"stat_rel": .., "p_rel": .., "abs": .., "fields": {"W": 1e-6}}
Tolerance tolerance_from(const Json* spec);

// True for keys that hold p-values or interval limits (looser tolerance).
bool is_p_or_limit(const std::string& key);

std::vector<std::string> compare_json(const Json& expected, const Json& actual, const Tolerance& tol,
                                      const std::string& pointer = "");

// Read a whole file (throws std::runtime_error when it cannot).
std::string read_file(const std::string& path);

}  // namespace assess::test
