#include "assess/agreement/krippendorff_alpha.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "assess/core/numeric.hpp"

namespace assess::agreement {
namespace {

double ratio_d2(double a, double b) {
  const double s = a + b;
  if (s == 0.0) return 0.0;
  const double r = (a - b) / s;
  return r * r;
}

}  // namespace

Outcome<KrippendorffAlpha> krippendorff_alpha(const std::vector<std::vector<double>>& data, AlphaLevel level) {
  const std::size_t coders = data.size();
  const std::size_t cols = coders == 0 ? 0 : data[0].size();
  for (std::size_t c = 1; c < coders; ++c) {
    if (data[c].size() != cols) return Fault::ragged(c, data[c].size(), cols);
  }
  if (coders < 2) return Fault::too_few(Counted::rows, coders, 2);
  if (level == AlphaLevel::ratio) {
    for (std::size_t c = 0; c < coders; ++c) {
      for (std::size_t u = 0; u < cols; ++u) {
        if (data[c][u] < 0.0) return Fault::bad_value(data[c][u], c, u);
      }
    }
  }
  // The pairable values, unit by unit.
  std::vector<std::vector<double>> units;
  std::vector<double> all;
  std::vector<double> values;
  for (std::size_t u = 0; u < cols; ++u) {
    values.clear();
    for (std::size_t c = 0; c < coders; ++c) {
      if (!is_missing(data[c][u])) values.push_back(data[c][u]);
    }
    if (values.size() < 2) continue;
    all.insert(all.end(), values.begin(), values.end());
    units.push_back(values);
  }
  const std::size_t n = all.size();
  if (n < 2) return Fault::too_few(Counted::values, n, 2);
  KrippendorffAlpha out;
  out.n_pairable = static_cast<long>(n);
  out.n_units = static_cast<long>(units.size());

  // Distinct values in order with their frequencies n_c.
  std::vector<double> sorted = all;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::pair<double, double>> freq;  // value, n_c
  for (double v : sorted) {
    if (freq.empty() || freq.back().first != v) freq.emplace_back(v, 0.0);
    freq.back().second += 1.0;
  }
  if (level == AlphaLevel::ratio && freq.size() > kMaxRatioValues) {
    return Fault::too_many(Counted::values, freq.size(), kMaxRatioValues);
  }
  auto index_of = [&](double v) {
    return static_cast<std::size_t>(
        std::lower_bound(freq.begin(), freq.end(), v, [](const auto& f, double x) { return f.first < x; }) -
        freq.begin());
  };
  // The ordinal metric is the interval metric on mid-ranks; nominal compares
  // indices. `pos` is what the interval metric sees.
  std::vector<double> pos(freq.size());
  double below = 0.0;
  for (std::size_t c = 0; c < freq.size(); ++c) {
    pos[c] = level == AlphaLevel::ordinal ? below + freq[c].second / 2.0 : freq[c].first;
    below += freq[c].second;
  }
  auto d2 = [&](std::size_t a, std::size_t b) {
    switch (level) {
      case AlphaLevel::nominal:
        return a == b ? 0.0 : 1.0;
      case AlphaLevel::ratio:
        return ratio_d2(freq[a].first, freq[b].first);
      case AlphaLevel::ordinal:
      case AlphaLevel::interval:
        break;
    }
    const double d = pos[a] - pos[b];
    return d * d;
  };

  // Observed: the pairs within each unit, weighted 1 / (m_u - 1).
  CompensatedSum observed;
  std::vector<std::size_t> idx;
  for (const auto& unit : units) {
    idx.clear();
    for (double v : unit) idx.push_back(index_of(v));
    double s = 0.0;
    for (std::size_t i = 0; i < idx.size(); ++i) {
      for (std::size_t j = i + 1; j < idx.size(); ++j) s += d2(idx[i], idx[j]);
    }
    observed.add(2.0 * s / (static_cast<double>(idx.size()) - 1.0));
  }
  // Expected: sum over ordered pairs of values c, k of n_c n_k d2(c, k).
  const double nn = static_cast<double>(n);
  CompensatedSum expected;
  if (level == AlphaLevel::nominal) {
    for (const auto& f : freq) expected.add(f.second * (nn - f.second));
  } else if (level == AlphaLevel::ratio) {
    for (std::size_t a = 0; a < freq.size(); ++a) {
      for (std::size_t b = a + 1; b < freq.size(); ++b) expected.add(2.0 * freq[a].second * freq[b].second * d2(a, b));
    }
  } else {  // 2 n sum_c n_c (x_c - mean)^2
    CompensatedSum centre;
    for (std::size_t c = 0; c < freq.size(); ++c) centre.add(freq[c].second * pos[c]);
    const double mean = centre.value() / nn;
    for (std::size_t c = 0; c < freq.size(); ++c) {
      const double d = pos[c] - mean;
      expected.add(2.0 * nn * freq[c].second * d * d);
    }
  }
  if (!(expected.value() > 0.0)) {
    out.alpha = kMissing;
    out.notes.push_back({KrippendorffAlphaNote::Kind::expected_zero});
    return out;
  }
  out.alpha = 1.0 - (nn - 1.0) * observed.value() / expected.value();
  return out;
}

}  // namespace assess::agreement
