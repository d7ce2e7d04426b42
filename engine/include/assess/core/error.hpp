// Error codes and the Error record shared by every layer of the engine.
// The codes are the stable, documented table of the API contract
// (docs/api.md); never rename one, only add.
#pragma once

#include <string>
#include <utility>

#include "assess/core/message.hpp"

namespace assess {

enum class ErrorCode {
  parse_error,        // not JSON / not CSV / undecodable bytes
  unknown_op,         // "op" names no operation
  invalid_input,      // wrong type or shape, NaN/Inf, value outside a scale
  insufficient_data,  // too few cases for the statistic
  out_of_range,       // a size limit of the method or of the engine
  internal_error,     // a defect of the engine (never expected; reported, not crashed)
};

const char* to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::invalid_input;
  std::string message;  // one human sentence naming the field and the problem
  std::string path;     // JSON pointer of the offending field, "" when not applicable
  Message msg{};        // the same as id and parameters (english(msg) == message); empty for none
};

inline Error make_error(ErrorCode code, std::string message, std::string path = {}) {
  return Error{code, std::move(message), std::move(path), {}};
}
// The error of a catalogue message: its sentence is english(msg).
inline Error make_error(ErrorCode code, Message msg, std::string path = {}) {
  std::string text = english(msg);
  return Error{code, std::move(text), std::move(path), std::move(msg)};
}

}  // namespace assess
