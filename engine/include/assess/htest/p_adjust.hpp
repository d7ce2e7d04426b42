// Adjustment of p-values for multiple comparisons, as R's p.adjust with
// methods "holm", "bonferroni", "hochberg" and "BH" (Benjamini-Hochberg).
// Missing p-values (NaN) stay in place and are not counted in n.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class PAdjustMethod { holm, bonferroni, hochberg, bh };

struct PAdjust {
  PAdjustMethod method = PAdjustMethod::holm;
  long n = 0;  // non-missing p-values
  std::vector<double> adjusted;
};

// Every non-missing p must lie in [0, 1]. Fault: bad_value at `index`.
Outcome<PAdjust> p_adjust(const std::vector<double>& p, PAdjustMethod method);
// The method by its R name ("holm", "bonferroni", "hochberg", "BH"), and back.
std::optional<PAdjustMethod> p_adjust_method(std::string_view r_name);
const char* r_name(PAdjustMethod method) noexcept;

}  // namespace assess::htest
