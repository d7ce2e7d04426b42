#include "assess/core/error.hpp"

namespace assess {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::parse_error:
      return "parse_error";
    case ErrorCode::unknown_op:
      return "unknown_op";
    case ErrorCode::invalid_input:
      return "invalid_input";
    case ErrorCode::insufficient_data:
      return "insufficient_data";
    case ErrorCode::out_of_range:
      return "out_of_range";
    case ErrorCode::internal_error:
      return "internal_error";
  }
  return "internal_error";
}

}  // namespace assess
