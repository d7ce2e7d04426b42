// Internal support for the handlers of the statistics ops (ops_describe.cpp,
// ops_htest.cpp, ops_reliability.cpp, ops_agreement.cpp): the kernels return
// a result with notes, or a Fault, in numbers only; the handlers say them in
// the terms of the request - a fault becomes the envelope's error naming the
// argument (with its JSON pointer), a note a sentence of `warnings` with its
// id and parameters in `warning_msgs` - and write the result's JSON.
#pragma once

#include <string>
#include <vector>

#include "api/op_support.hpp"
#include "assess/core/fault.hpp"
#include "assess/core/message.hpp"

namespace assess::api::detail {

// The value of a kernel's outcome; otherwise fails with the error that
// error_of(fault) makes of its fault.
template <class T, class ErrorOf>
const T& value_or_fail(const Outcome<T>& r, ErrorOf error_of) {
  if (!r.ok()) fail(error_of(r.fault()));
  return r.value();
}

// conf_level outside (0, 1), as the t tests and pearson report it (the
// argument reader refuses such a level first; kept for direct callers).
Error conf_level_error(double value);

// A fault the handler does not expect of its kernel: a defect of the engine.
Error unexpected_fault(const char* op, const Fault& f);

// The warnings of a kernel's notes, in their order: said(note) is the
// message of one.
template <class Note, class Said>
std::vector<Message> warnings_of(const std::vector<Note>& notes, Said said) {
  std::vector<Message> out;
  out.reserve(notes.size());
  for (const auto& note : notes) out.push_back(said(note));
  return out;
}

// j with its warnings: `warnings` (English) and `warning_msgs` (ids and
// parameters), in the order given.
Json with_warnings(Json j, const std::vector<Message>& warnings);

// "0, 2, 5": indices as a message parameter.
std::string index_list(const std::vector<std::size_t>& indices);

}  // namespace assess::api::detail
