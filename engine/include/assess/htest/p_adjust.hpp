// Adjustment of p-values for multiple comparisons, as R's p.adjust with
// methods "holm", "bonferroni", "hochberg" and "BH" (Benjamini-Hochberg).
// Missing p-values (NaN) stay in place and are not counted in n.
#pragma once

#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::htest {

enum class PAdjustMethod { holm, bonferroni, hochberg, bh };

struct PAdjust {
  std::string method;
  long n = 0;  // non-missing p-values
  std::vector<double> adjusted;
  std::vector<std::string> warnings;
};

// Every non-missing p must lie in [0, 1].
Result<PAdjust> p_adjust(const std::vector<double>& p, PAdjustMethod method);
// The method by its R name; an Error naming the allowed ones otherwise.
Result<PAdjustMethod> p_adjust_method(const std::string& name);

void to_json(Json& j, const PAdjust& r);

}  // namespace assess::htest
