#include "assess/htest/describe.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"

namespace assess::htest {

Outcome<Describe> describe(const std::vector<double>& x) {
  std::vector<double> v = drop_missing(x);
  if (v.empty()) {
    return Fault::too_few(Counted::values, 0, 1);
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
  if (v.size() < 2) d.notes.push_back(DescribeNote::sd_undefined);
  return d;
}

}  // namespace assess::htest
