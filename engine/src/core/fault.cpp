#include "assess/core/fault.hpp"

namespace assess {

const char* to_string(FaultKind kind) noexcept {
  switch (kind) {
    case FaultKind::too_few:
      return "too_few";
    case FaultKind::too_many:
      return "too_many";
    case FaultKind::lengths_differ:
      return "lengths_differ";
    case FaultKind::ragged:
      return "ragged";
    case FaultKind::missing_value:
      return "missing_value";
    case FaultKind::bad_value:
      return "bad_value";
    case FaultKind::all_zero:
      return "all_zero";
    case FaultKind::zero_total:
      return "zero_total";
    case FaultKind::bad_conf_level:
      return "bad_conf_level";
  }
  return "unknown";
}

}  // namespace assess
