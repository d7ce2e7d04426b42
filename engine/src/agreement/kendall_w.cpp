#include "assess/agreement/kendall_w.hpp"

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"

namespace assess::agreement {

Result<KendallW> kendall_w(const std::vector<std::vector<double>>& ratings, bool correct_ties) {
  const std::size_t m = ratings.size();
  const std::size_t cols = m == 0 ? 0 : ratings[0].size();
  for (std::size_t i = 1; i < m; ++i) {
    if (ratings[i].size() != cols) {
      return make_error(ErrorCode::invalid_input,
                        "ratings is ragged: row 0 has " + std::to_string(cols) + " values but row " +
                            std::to_string(i) + " has " + std::to_string(ratings[i].size()),
                        "/ratings/" + std::to_string(i));
    }
  }
  if (m < 2) {
    return make_error(ErrorCode::insufficient_data,
                      "ratings has " + std::to_string(m) + " row(s) (raters), but Kendall's W needs at least 2 raters",
                      "/ratings");
  }
  std::vector<std::size_t> keep;
  for (std::size_t o = 0; o < cols; ++o) {
    bool complete = true;
    for (std::size_t i = 0; i < m; ++i) complete = complete && !is_missing(ratings[i][o]);
    if (complete) keep.push_back(o);
  }
  const std::size_t n = keep.size();
  if (n < 2) {
    return make_error(ErrorCode::insufficient_data,
                      "ratings has " + std::to_string(n) +
                          " column(s) (objects) rated by every rater, but Kendall's W needs at least 2",
                      "/ratings");
  }
  KendallW r;
  r.m = static_cast<long>(m);
  r.n = static_cast<long>(n);
  r.n_excluded = static_cast<long>(cols - n);
  if (r.n_excluded > 0) {
    r.warnings.push_back(std::to_string(r.n_excluded) + " object(s) (columns) with a missing rating were left out");
  }

  // Rank sums per object; ranks are multiples of 1/2, so these sums are exact.
  std::vector<double> rank_sum(n, 0.0), row(n);
  double tie_total = 0.0;
  bool all_raters_tied = true;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t o = 0; o < n; ++o) row[o] = ratings[i][keep[o]];
    double ties = 0.0;
    const std::vector<double> rk = average_ranks(row, &ties);
    for (std::size_t o = 0; o < n; ++o) rank_sum[o] += rk[o];
    tie_total += ties;
    const double nn = static_cast<double>(n);
    all_raters_tied = all_raters_tied && ties == nn * nn * nn - nn;
  }
  const double mm = static_cast<double>(m), nn = static_cast<double>(n);
  const double centre = mm * (nn + 1.0) / 2.0;
  double s = 0.0;
  for (double rs : rank_sum) s += (rs - centre) * (rs - centre);
  const double denom = mm * mm * (nn * nn * nn - nn) - (correct_ties ? mm * tie_total : 0.0);
  r.df = nn - 1.0;
  if (correct_ties && all_raters_tied) {
    r.W = r.chi2 = r.p = kMissing;
    r.warnings.push_back(
        "every rater gave all objects the same rating, so the tie-corrected W is undefined "
        "(0/0); reported as null");
    return r;
  }
  r.W = 12.0 * s / denom;
  r.chi2 = mm * (nn - 1.0) * r.W;
  r.p = distributions::sf(distributions::ChiSquared{r.df}, r.chi2);
  return r;
}

void to_json(Json& j, const KendallW& r) {
  j = Json{{"m", r.m},
           {"n", r.n},
           {"W", json_number(r.W)},
           {"chi2", json_number(r.chi2)},
           {"df", json_number(r.df)},
           {"p", json_number(r.p)},
           {"n_excluded", r.n_excluded},
           {"warnings", r.warnings}};
}

}  // namespace assess::agreement
