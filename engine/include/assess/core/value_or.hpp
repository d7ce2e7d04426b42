// ValueOr<T, E>: a value, or what stands in its place when there is none.
// The one implementation behind Outcome<T> (fault.hpp: a kernel's value or
// its Fault) and Result<T> (result.hpp: a value or an Error). Plain C++: no
// JSON and no messages, so that kernels may use it.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace assess {

template <class T, class E>
class ValueOr {
 public:
  ValueOr(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  ValueOr(E other) : v_(std::move(other)) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

 protected:
  // What stands in place of the value (the Fault, the Error).
  const E& other() const& {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, E> v_;
};

}  // namespace assess
