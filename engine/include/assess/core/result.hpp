// Result<T>: a value or an Error. Validating wrappers return it; kernels
// (noexcept numerical code) do not need it.
#pragma once

#include "assess/core/error.hpp"
#include "assess/core/value_or.hpp"

namespace assess {

template <class T>
class Result : public ValueOr<T, Error> {
 public:
  using ValueOr<T, Error>::ValueOr;
  const Error& error() const& { return this->other(); }
};

}  // namespace assess
