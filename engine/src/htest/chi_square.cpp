#include "assess/htest/chi_square.hpp"

#include <algorithm>
#include <cmath>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {

Outcome<ChiSquare> chi_square(const std::vector<std::vector<double>>& table, bool correct) {
  const std::size_t rows = table.size();
  const std::size_t cols = rows ? table[0].size() : 0;
  for (std::size_t i = 1; i < rows; ++i) {
    if (table[i].size() != cols) return Fault::ragged(i, table[i].size(), cols);
  }
  double total = 0.0;
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) {
      const double v = table[i][j];
      if (is_missing(v)) return Fault::missing_value(i, j);
      if (!std::isfinite(v) || v < 0.0) return Fault::bad_value(v, i, j);
      total += v;
    }
  }
  if (rows * cols < 2) return Fault::too_few(Counted::cells, rows * cols, 2);
  if (!(total > 0.0)) return Fault::zero_total();

  ChiSquare r;
  r.n = total;
  r.chi2 = r.p = r.cramers_v = kMissing;
  r.expected.assign(rows, std::vector<double>(cols, 0.0));
  double min_expected = 0.0;
  if (rows == 1 || cols == 1) {
    // As R: a one-row or one-column table is a vector of counts.
    const std::size_t k = rows * cols;
    const double e = total / static_cast<double>(k);
    double chi2 = 0.0;
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        const double d = table[i][j] - e;
        chi2 += d * d / e;
        r.expected[i][j] = e;
      }
    }
    r.method = "goodness_of_fit";
    r.chi2 = chi2;
    r.df = static_cast<double>(k) - 1.0;
    min_expected = e;
    r.notes.push_back({rows == 1 ? ChiSquareNote::Kind::one_row : ChiSquareNote::Kind::one_column});
  } else {
    r.method = "independence";
    r.df = static_cast<double>((rows - 1) * (cols - 1));
    std::vector<double> rs(rows, 0.0), cs(cols, 0.0);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        rs[i] += table[i][j];
        cs[j] += table[i][j];
      }
    }
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) r.expected[i][j] = rs[i] * cs[j] / total;
    }
    auto empty_row = std::find(rs.begin(), rs.end(), 0.0);
    auto empty_col = std::find(cs.begin(), cs.end(), 0.0);
    if (empty_row != rs.end() || empty_col != cs.end()) {
      const bool is_row = empty_row != rs.end();
      const auto index = is_row ? empty_row - rs.begin() : empty_col - cs.begin();
      r.notes.push_back({is_row ? ChiSquareNote::Kind::empty_row : ChiSquareNote::Kind::empty_column,
                         static_cast<std::size_t>(index)});
      return r;
    }
    r.yates = correct && rows == 2 && cols == 2;
    double yates = 0.0;
    if (r.yates) {
      yates = 0.5;
      for (std::size_t i = 0; i < 2; ++i) {
        for (std::size_t j = 0; j < 2; ++j) yates = std::min(yates, std::fabs(table[i][j] - r.expected[i][j]));
      }
    }
    double chi2 = 0.0, chi2_raw = 0.0;
    min_expected = r.expected[0][0];
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        const double e = r.expected[i][j];
        const double d = std::fabs(table[i][j] - e);
        chi2 += (d - yates) * (d - yates) / e;
        chi2_raw += d * d / e;
        min_expected = std::min(min_expected, e);
      }
    }
    r.chi2 = chi2;
    r.cramers_v = std::sqrt(chi2_raw / (total * static_cast<double>(std::min(rows, cols) - 1)));
  }
  r.p = distributions::sf(distributions::ChiSquared{r.df}, r.chi2);
  if (min_expected < 5.0) {
    r.notes.push_back({ChiSquareNote::Kind::small_expected, 0, min_expected});
  }
  return r;
}

}  // namespace assess::htest
