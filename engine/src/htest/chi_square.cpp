#include "assess/htest/chi_square.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::htest {
namespace {

std::string cell(std::size_t i, std::size_t j) { return "table[" + std::to_string(i) + "][" + std::to_string(j) + "]"; }
std::string cell_path(std::size_t i, std::size_t j) { return "/table/" + std::to_string(i) + "/" + std::to_string(j); }

}  // namespace

Result<ChiSquare> chi_square(const std::vector<std::vector<double>>& table, bool correct) {
  const std::size_t rows = table.size();
  const std::size_t cols = rows ? table[0].size() : 0;
  for (std::size_t i = 1; i < rows; ++i) {
    if (table[i].size() != cols) {
      return make_error(ErrorCode::invalid_input,
                        "table is ragged: row 0 has " + std::to_string(cols) + " counts but row " + std::to_string(i) +
                            " has " + std::to_string(table[i].size()),
                        "/table/" + std::to_string(i));
    }
  }
  double total = 0.0;
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) {
      const double v = table[i][j];
      if (is_missing(v)) {
        return make_error(ErrorCode::invalid_input,
                          cell(i, j) + " is missing, but chi_square needs a count in every cell", cell_path(i, j));
      }
      if (!std::isfinite(v) || v < 0.0) {
        return make_error(ErrorCode::invalid_input,
                          cell(i, j) + " is " + format_number(v) + ", but counts must be finite and non-negative",
                          cell_path(i, j));
      }
      total += v;
    }
  }
  if (rows * cols < 2) {
    return make_error(ErrorCode::insufficient_data,
                      "table has " + std::to_string(rows * cols) + (rows * cols == 1 ? " cell" : " cells") +
                          ", but chi_square needs at least 2",
                      "/table");
  }
  if (!(total > 0.0)) {
    return make_error(ErrorCode::insufficient_data,
                      "table has a total count of 0, but chi_square needs at least one positive count", "/table");
  }

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
    r.warnings.push_back("a table with one " + std::string(rows == 1 ? "row" : "column") +
                         " is tested for goodness of fit against equal proportions (as R's chisq.test); "
                         "cramers_v applies to two-way tables and is null");
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
      r.warnings.push_back(std::string(is_row ? "row " : "column ") + std::to_string(index) +
                           " of table has no counts, so its expected counts are 0 and chi2, p and cramers_v are "
                           "undefined (null); remove empty rows and columns");
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
    r.warnings.push_back("the smallest expected count is " + format_number(min_expected) +
                         " (below 5), so the chi-square approximation may be inaccurate");
  }
  return r;
}

void to_json(Json& j, const ChiSquare& r) {
  auto num = json_number;
  Json expected = Json::array();
  for (const auto& row : r.expected) expected.push_back(json_numbers(row));
  j = Json{{"method", r.method},
           {"chi2", num(r.chi2)},
           {"df", num(r.df)},
           {"p", num(r.p)},
           {"cramers_v", num(r.cramers_v)},
           {"n", num(r.n)},
           {"yates", r.yates},
           {"expected", std::move(expected)},
           {"warnings", r.warnings}};
}

}  // namespace assess::htest
