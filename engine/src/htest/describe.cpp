#include "assess/htest/describe.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"

namespace assess::htest {

Result<Describe> describe(const std::vector<double>& x) {
  std::vector<double> v = drop_missing(x);
  if (v.empty()) {
    return make_error(ErrorCode::insufficient_data, "x has no non-missing values, but describe needs at least 1", "/x");
  }
  std::sort(v.begin(), v.end());
  Describe d;
  d.n = static_cast<long>(v.size());
  d.mean = mean(v);
  d.sd = std::sqrt(variance(v));
  d.se = d.sd / std::sqrt(static_cast<double>(d.n));
  d.median = quantile_sorted(v, 0.5);
  d.q1 = quantile_sorted(v, 0.25);
  d.q3 = quantile_sorted(v, 0.75);
  d.min = v.front();
  d.max = v.back();
  if (v.size() < 2) d.warnings.push_back("sd and se need at least 2 values; reported as null");
  return d;
}

void to_json(Json& j, const Describe& d) {
  auto num = json_number;
  j = Json{
      {"n", d.n},        {"mean", num(d.mean)}, {"sd", num(d.sd)},   {"se", num(d.se)},   {"median", num(d.median)},
      {"q1", num(d.q1)}, {"q3", num(d.q3)},     {"min", num(d.min)}, {"max", num(d.max)}, {"warnings", d.warnings}};
}

}  // namespace assess::htest
