#include "assess/htest/correlation_matrix.hpp"

#include "assess/core/numeric.hpp"
#include "assess/htest/correlation.hpp"
#include "assess/htest/p_adjust.hpp"
#include "assess/htest/spearman.hpp"

namespace assess::htest {
namespace {

using Note = CorrelationPairNote;

void constant_notes(CorrelationPair& pair, bool x_constant, bool y_constant) {
  if (x_constant) pair.notes.push_back(Note{Note::Kind::constant, pair.x});
  if (y_constant) pair.notes.push_back(Note{Note::Kind::constant, pair.y});
}

void pearson_pair(CorrelationPair& pair, const std::vector<double>& x, const std::vector<double>& y,
                  double conf_level) {
  const Outcome<Pearson> r = pearson(x, y, conf_level);
  if (!r.ok()) return;  // fewer than 3 pairs, said by the caller
  const Pearson& v = r.value();
  pair.r = v.r;
  pair.p = v.p;
  pair.ci_low = v.ci_low;
  pair.ci_high = v.ci_high;
  for (PearsonNote note : v.notes) {
    switch (note) {
      case PearsonNote::x_constant:
        constant_notes(pair, true, false);
        break;
      case PearsonNote::y_constant:
        constant_notes(pair, false, true);
        break;
      case PearsonNote::both_constant:
        constant_notes(pair, true, true);
        break;
      case PearsonNote::no_interval:
        pair.notes.push_back(Note{Note::Kind::no_interval, 0});
        break;
      case PearsonNote::perfect:  // r = +-1 and p = 0 are defined: nothing to say
        break;
    }
  }
}

void spearman_pair(CorrelationPair& pair, const std::vector<double>& x, const std::vector<double>& y) {
  const Outcome<Spearman> r = spearman(x, y);
  if (!r.ok()) return;
  const Spearman& v = r.value();
  pair.r = v.rho;
  pair.p = v.p;
  pair.p_method = v.method;
  for (SpearmanNote note : v.notes) {
    switch (note) {
      case SpearmanNote::x_constant:
        constant_notes(pair, true, false);
        break;
      case SpearmanNote::y_constant:
        constant_notes(pair, false, true);
        break;
      case SpearmanNote::both_constant:
        constant_notes(pair, true, true);
        break;
      case SpearmanNote::t_for_ties:  // the usual case for scores; p_method says it
        break;
    }
  }
}

}  // namespace

Outcome<CorrelationMatrix> correlation_matrix(const std::vector<std::vector<double>>& variables,
                                              CorrelationMethod method, double conf_level) {
  if (!(conf_level > 0.0 && conf_level < 1.0)) return Fault::bad_conf_level(conf_level);
  if (variables.size() < 2) return Fault::too_few(Counted::columns, variables.size(), 2);
  for (std::size_t j = 1; j < variables.size(); ++j) {
    if (variables[j].size() != variables[0].size()) {
      return Fault::ragged(j, variables[j].size(), variables[0].size());
    }
  }
  CorrelationMatrix res;
  res.method = method;
  res.conf_level = conf_level;
  const std::size_t k = variables.size();
  res.pairs.reserve(k * (k - 1) / 2);
  std::vector<double> p;
  p.reserve(k * (k - 1) / 2);
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = i + 1; j < k; ++j) {
      CorrelationPair pair;
      pair.x = i;
      pair.y = j;
      pair.r = pair.p = pair.p_holm = pair.ci_low = pair.ci_high = kMissing;
      pair.p_method = method == CorrelationMethod::pearson ? "t" : "";
      const std::vector<double>& x = variables[i];
      const std::vector<double>& y = variables[j];
      for (std::size_t r = 0; r < x.size(); ++r) {
        if (!is_missing(x[r]) && !is_missing(y[r])) ++pair.n;
      }
      if (pair.n < 3) {
        pair.notes.push_back(Note{Note::Kind::too_few_pairs, 0});
      } else if (method == CorrelationMethod::pearson) {
        pearson_pair(pair, x, y, conf_level);
      } else {
        spearman_pair(pair, x, y);
      }
      p.push_back(pair.p);
      res.pairs.push_back(std::move(pair));
    }
  }
  const Outcome<PAdjust> holm = p_adjust(p, PAdjustMethod::holm);
  if (holm.ok()) {
    for (std::size_t i = 0; i < res.pairs.size(); ++i) res.pairs[i].p_holm = holm.value().adjusted[i];
  }
  return res;
}

}  // namespace assess::htest
