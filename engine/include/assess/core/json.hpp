// The JSON type of the engine: nlohmann's ordered_json, so that responses
// keep the documented field order ("ok", "op", "result", ...).
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace assess {
using Json = nlohmann::ordered_json;
}  // namespace assess

#include <vector>

namespace assess {
// A double as JSON: null when NaN or infinite (an undefined statistic).
Json json_number(double x);
// A vector of doubles as a JSON array, nulls for non-finite entries.
Json json_numbers(const std::vector<double>& x);
}  // namespace assess
