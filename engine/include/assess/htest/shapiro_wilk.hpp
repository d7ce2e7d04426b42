// Shapiro-Wilk test of normality, reproducing R's shapiro.test: Royston's
// approximation of the coefficients and the normalizing transformation of W
// (Royston 1992, Statistics and Computing 2:117-119; algorithm AS R94,
// Applied Statistics 44(4), 1995), 3 <= n <= 5000, exact p for n = 3.
//
// Unlike R, the data are centred before anything else, so W does not drift
// when a large constant is added (R moves by ~1e-9 at offsets of 1e9), and
// any non-zero range is accepted (R refuses ranges below 1e-10; W is scale
// invariant). Constant data give W = p = NaN with a note (R stops).
#pragma once

#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

enum class ShapiroWilkNote {
  constant,  // all values equal: W and p are NaN
};

struct ShapiroWilk {
  long n = 0;
  double W, p;
  std::vector<ShapiroWilkNote> notes;
};

// Royston's coefficients for the upper half of the order statistics:
// a[0] multiplies x(n) - x(1), a[1] x(n-1) - x(2), ..., n / 2 values.
// Their full antisymmetric vector has unit length. Needs 3 <= n.
void shapiro_wilk_coefficients(std::size_t n, double* a) noexcept;

// Upper-tail p-value of W for a sample of n (3 <= n), given both W and
// 1 - W (passed separately so that 1 - W keeps its relative accuracy).
double shapiro_wilk_p(std::size_t n, double w, double one_minus_w) noexcept;

// Missing values (NaN) are dropped. Faults: too_few values (limit 3),
// too_many values (limit 5000).
Outcome<ShapiroWilk> shapiro_wilk(const std::vector<double>& x);

}  // namespace assess::htest
