#include "assess/core/json.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace assess {

Json json_number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json json_numbers(const std::vector<double>& x) {
  Json a = Json::array();
  for (double v : x) a.push_back(json_number(v));
  return a;
}

}  // namespace assess
