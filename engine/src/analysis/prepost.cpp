#include "assess/analysis/prepost.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "assess/analysis/groups.hpp"
#include "assess/distributions/distributions.hpp"
#include "assess/htest/ancova.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/htest/mixed_anova.hpp"
#include "assess/htest/p_adjust.hpp"
#include "assess/htest/paired_t.hpp"
#include "assess/htest/shapiro_wilk.hpp"
#include "assess/htest/wilcoxon.hpp"
#include "assess/instrument/scoring.hpp"
#include "assess/reliability/cfa.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

namespace assess::analysis {
namespace {

using instrument::Instrument;

// The variance around the mean just computed: the same bits as
// variance(x), one pass instead of three.
MeanSd mean_sd(const std::vector<double>& x, double* var = nullptr) {
  MeanSd m;
  if (!x.empty()) m.mean = mean(x);
  if (x.size() > 1) {
    const double v = variance_about(x.data(), x.size(), m.mean);
    m.sd = std::sqrt(v);
    if (var) *var = v;
  }
  return m;
}

// The interval of a mean as R's t.test(x, conf.level = conf)$conf.int:
// mean -+ qt(1 - (1 - conf) / 2, n - 1) * sd / sqrt(n). Undefined (missing)
// for n < 2; a zero SD gives the mean itself at both ends.
Interval mean_interval(const MeanSd& m, std::size_t n, double conf) {
  Interval ci;
  if (n < 2 || is_missing(m.mean) || is_missing(m.sd)) return ci;
  const double df = static_cast<double>(n - 1);
  const double q = distributions::quantile_sf(distributions::StudentT{df}, (1.0 - conf) / 2.0);
  const double se = m.sd / std::sqrt(static_cast<double>(n));
  ci.low = m.mean - q * se;
  ci.high = m.mean + q * se;
  return ci;
}

// Where a warning of a pre-post block belongs: a score of the whole sample,
// or of one group (the sentence then begins "group <id>, <score>").
struct Where {
  const std::string& score;
  const std::string* group;  // nullptr: the whole sample
  // The parameters its messages begin with: the group ("prepost.group."
  // ids only) and the score.
  MsgParam group_param() const { return MsgParam("group", group ? *group : std::string()); }
  MsgParam score_param() const { return MsgParam("score", score); }
};

// A fault the analysis cannot cause (it builds the kernels' inputs to fit
// them): said as a defect rather than dropped.
Message unexpected(const char* test, const Fault& f) {
  return Message{"analysis.unexpected_fault", {{"test", test}, {"fault", to_string(f.kind)}}};
}

// The faults and notes of the kernels in the terms of the report: the
// differences post - pre are the gains, the samples of the group comparison
// the groups, pairs those with both scores.
void paired_t_fault(const Where& w, const Fault& f, std::vector<Message>& out) {
  const MsgParam g = w.group_param(), sc = w.score_param();
  if (f.kind != FaultKind::too_few) {
    out.push_back(unexpected("paired_t", f));
    return;
  }
  out.push_back(w.group ? Message{"prepost.group.paired_t_too_few", {g, sc, {"n", f.n}}}
                        : Message{"prepost.paired_t_too_few", {sc, {"n", f.n}}});
}

void paired_t_notes(const Where& w, const std::vector<htest::PairedTNote>& notes, std::vector<Message>& out) {
  const MsgParam g = w.group_param(), sc = w.score_param();
  for (auto note : notes) {
    switch (note) {
      case htest::PairedTNote::constant_differences:
        out.push_back(w.group ? Message{"prepost.group.paired_t_constant", {g, sc}}
                              : Message{"prepost.paired_t_constant", {sc}});
        break;
      case htest::PairedTNote::dz_interval_undefined:
        out.push_back(w.group ? Message{"prepost.group.paired_t_dz_interval", {g, sc}}
                              : Message{"prepost.paired_t_dz_interval", {sc}});
        break;
    }
  }
}

void shapiro_fault(const Where& w, const Fault& f, std::vector<Message>& out) {
  const MsgParam g = w.group_param(), sc = w.score_param();
  if (f.kind == FaultKind::too_few) {
    out.push_back(w.group ? Message{"prepost.group.shapiro_too_few", {g, sc, {"n", f.n}}}
                          : Message{"prepost.shapiro_too_few", {sc, {"n", f.n}}});
  } else if (f.kind == FaultKind::too_many) {
    out.push_back(w.group ? Message{"prepost.group.shapiro_too_many", {g, sc, {"n", f.n}}}
                          : Message{"prepost.shapiro_too_many", {sc, {"n", f.n}}});
  } else {
    out.push_back(unexpected("shapiro_wilk", f));
  }
}

void shapiro_notes(const Where& w, const std::vector<htest::ShapiroWilkNote>& notes, std::vector<Message>& out) {
  const MsgParam g = w.group_param(), sc = w.score_param();
  for (auto note : notes) {
    switch (note) {
      case htest::ShapiroWilkNote::constant:
        out.push_back(w.group ? Message{"prepost.group.shapiro_constant", {g, sc}}
                              : Message{"prepost.shapiro_constant", {sc}});
        break;
    }
  }
}

void wilcoxon_fault(const Where& w, const Fault& f, std::vector<Message>& out) {
  const MsgParam g = w.group_param(), sc = w.score_param();
  if (f.kind == FaultKind::too_few) {
    out.push_back(w.group ? Message{"prepost.group.wilcoxon_no_pairs", {g, sc}}
                          : Message{"prepost.wilcoxon_no_pairs", {sc}});
  } else if (f.kind == FaultKind::all_zero) {
    out.push_back(w.group ? Message{"prepost.group.wilcoxon_all_zero", {g, sc, {"n", f.n}}}
                          : Message{"prepost.wilcoxon_all_zero", {sc, {"n", f.n}}});
  } else {
    out.push_back(unexpected("wilcoxon_signed_rank", f));
  }
}

void wilcoxon_notes(const Where& w, const std::vector<htest::WilcoxonNote>& notes, std::vector<Message>& out) {
  const MsgParam g = w.group_param(), sc = w.score_param();
  for (auto note : notes) {
    switch (note) {
      case htest::WilcoxonNote::normal_for_ties:
        out.push_back(w.group ? Message{"prepost.group.wilcoxon_normal_for_ties", {g, sc}}
                              : Message{"prepost.wilcoxon_normal_for_ties", {sc}});
        break;
      case htest::WilcoxonNote::normal_for_zeros:
        out.push_back(w.group ? Message{"prepost.group.wilcoxon_normal_for_zeros", {g, sc}}
                              : Message{"prepost.wilcoxon_normal_for_zeros", {sc}});
        break;
      case htest::WilcoxonNote::normal_for_ties_and_zeros:
        out.push_back(w.group ? Message{"prepost.group.wilcoxon_normal_for_ties_and_zeros", {g, sc}}
                              : Message{"prepost.wilcoxon_normal_for_ties_and_zeros", {sc}});
        break;
    }
  }
}

// The matched-pairs rank-biserial correlation from V (the sum of the ranks
// of the positive gains) and the n non-zero gains: the positive rank sum
// minus the negative one, V - (S - V), over their total S = n (n + 1) / 2.
// One non-zero value repeated gives V = S or V = 0, that is +1 or -1.
double rank_biserial(double V, long n) {
  if (n < 1 || is_missing(V)) return kMissing;
  const double nn = static_cast<double>(n);
  const double S = nn * (nn + 1.0) / 2.0;
  return (2.0 * V - S) / S;
}

// Scores of all records, row-major n_records x n_scores (subscales, then the
// total when the instrument has one); one pass, no allocation per row.
struct ScoreMatrix {
  std::size_t n_scores = 0;
  std::vector<double> v;
  double at(std::size_t row, std::size_t k) const { return v[row * n_scores + k]; }
};

// Columns: the subscales, the total when there is one, then the scored
// numbers (the answer itself).
Result<ScoreMatrix> score_all(const Instrument& ins, const PrePostData& d) {
  instrument::Scorer scorer(ins);
  const std::size_t S = scorer.n_subscales();
  const std::size_t T = S + (ins.total ? 1 : 0);
  const auto& numbers = scorer.scored_numbers();
  ScoreMatrix m;
  m.n_scores = T + numbers.size();
  m.v.assign(d.n_records * m.n_scores, kMissing);
  std::vector<int> answered(S);
  double total = kMissing;
  int total_answered = 0;
  for (std::size_t i = 0; i < d.n_records; ++i) {
    double* row = m.v.data() + i * m.n_scores;
    auto problem = scorer.score(d.answers + i * d.n_items, row, answered.data(), &total, &total_answered);
    if (problem) {
      return make_error(ErrorCode::invalid_input,
                        "record " + std::to_string(i + 1) + ": " + instrument::describe(problem, ins));
    }
    if (ins.total) row[S] = total;
    for (std::size_t j = 0; j < numbers.size(); ++j) row[T + j] = d.answers[i * d.n_items + numbers[j]];
  }
  return m;
}

// Pre-post of one score over the pairs where both waves have it.
PrePostTest prepost_test(const std::string& id, const ScoreMatrix& sc, std::size_t k, const std::vector<Pair>& pairs,
                         const std::vector<std::size_t>& which, const PrePostOptions& opt, const std::string* group,
                         std::vector<Message>& warnings) {
  std::vector<double> x, y, d;
  x.reserve(which.size());
  y.reserve(which.size());
  d.reserve(which.size());
  for (std::size_t w : which) {
    double a = sc.at(pairs[w].pre, k), b = sc.at(pairs[w].post, k);
    if (is_missing(a) || is_missing(b)) continue;
    x.push_back(a);
    y.push_back(b);
    d.push_back(b - a);
  }
  PrePostTest t;
  t.id = id;
  t.n_pairs = static_cast<long>(d.size());
  t.pre = mean_sd(x);
  t.post = mean_sd(y);
  t.pre_ci = mean_interval(t.pre, x.size(), opt.conf_level);
  t.post_ci = mean_interval(t.post, y.size(), opt.conf_level);
  double var_d = kMissing;
  t.gain = mean_sd(d, &var_d);
  const Where at{id, group};

  // d holds post - pre of exactly the complete pairs, as paired_t's own.
  auto pt = d.size() < 2 ? htest::paired_t(x, y, opt.conf_level)
                         : htest::paired_t_of_differences(d, t.gain.mean, var_d, opt.conf_level);
  if (pt.ok()) {
    const auto& r = pt.value();
    t.t = r.t;
    t.df = r.df;
    t.p = r.p;
    t.ci_low = r.ci_low;
    t.ci_high = r.ci_high;
    t.dz = r.dz;
    t.dz_ci_low = r.dz_ci_low;
    t.dz_ci_high = r.dz_ci_high;
    paired_t_notes(at, r.notes, warnings);
  } else {
    paired_t_fault(at, pt.fault(), warnings);
  }
  auto sw = htest::shapiro_wilk(d);
  if (sw.ok()) {
    t.shapiro_W = sw.value().W;
    t.shapiro_p = sw.value().p;
    shapiro_notes(at, sw.value().notes, warnings);
  } else {
    shapiro_fault(at, sw.fault(), warnings);
  }
  auto wx = htest::wilcoxon_signed_rank(x, y, true);
  if (wx.ok()) {
    t.wilcoxon_V = wx.value().V;
    t.wilcoxon_p = wx.value().p;
    t.wilcoxon_n = wx.value().n;
    t.wilcoxon_method = wx.value().method;
    t.r_rb = rank_biserial(wx.value().V, wx.value().n);
    wilcoxon_notes(at, wx.value().notes, warnings);
  } else {
    wilcoxon_fault(at, wx.fault(), warnings);
  }
  // Without a normality verdict (n > 5000, constant gains) the t test stays
  // primary: at such n the mean is normal enough by the central limit theorem.
  // A t test that did not run (one pair, constant gains) is no primary test:
  // the report names none rather than a test without a result.
  t.primary_test = (!is_missing(t.shapiro_p) && t.shapiro_p < opt.normality_alpha) ? "wilcoxon"
                   : is_missing(t.p)                                               ? ""
                                                                                   : "paired_t";
  return t;
}

// Holm-adjusted p-values of a family (NaN entries stay NaN, as p.adjust's NA).
// The p-values come from the tests, so p_adjust cannot refuse them.
std::vector<double> holm(const std::vector<double>& p, std::vector<Message>& warnings) {
  auto r = htest::p_adjust(p, htest::PAdjustMethod::holm);
  if (r.ok()) return r.value().adjusted;
  warnings.push_back(unexpected("p_adjust", r.fault()));
  return std::vector<double>(p.size(), kMissing);
}

// Holm over the subscales of a block, once for the t and once for the
// Wilcoxon p-values (the total is in neither family).
void holm_families(PrePostBlock& b, std::vector<Message>& warnings) {
  const std::size_t S = b.subscales.size();
  std::vector<double> p, pw;
  for (const auto& t : b.subscales) {
    p.push_back(t.p);
    pw.push_back(t.wilcoxon_p);
  }
  auto adjusted = holm(p, warnings);
  auto adjusted_w = holm(pw, warnings);
  for (std::size_t k = 0; k < S; ++k) {
    b.subscales[k].p_holm = adjusted[k];
    b.subscales[k].wilcoxon_p_holm = adjusted_w[k];
  }
}

// Where the scores are in the score matrix: S subscales, the total (when
// has_total), N scored numbers.
struct Layout {
  std::size_t S = 0, N = 0;
  bool has_total = false;
  std::size_t number(std::size_t j) const { return S + (has_total ? 1 : 0) + j; }
};

// A block of entries made by make(id, column): the subscales, the total and
// the numbers, the last two outside the family.
template <class Entry, class Make>
ScoreBlock<Entry> fill_block(const Layout& L, const std::vector<std::string>& ids, Make make) {
  ScoreBlock<Entry> b;
  for (std::size_t k = 0; k < L.S; ++k) b.subscales.push_back(make(ids[k], k));
  if (L.has_total) {
    b.total = make(ids[L.S], L.S);
    b.total->in_family = false;
  }
  for (std::size_t j = 0; j < L.N; ++j) {
    Entry e = make(ids[L.number(j)], L.number(j));
    e.in_family = false;
    b.numbers.push_back(std::move(e));
  }
  return b;
}

PrePostBlock prepost_block(const Layout& L, const std::vector<std::string>& ids, const ScoreMatrix& sc,
                           const std::vector<Pair>& pairs, const std::vector<std::size_t>& which,
                           const PrePostOptions& opt, const std::string* group, std::vector<Message>& warnings) {
  PrePostBlock b = fill_block<PrePostTest>(L, ids, [&](const std::string& id, std::size_t k) {
    return prepost_test(id, sc, k, pairs, which, opt, group, warnings);
  });
  holm_families(b, warnings);
  return b;
}

// The tests of one programme: those of prepost_block, but each statistic
// only from its minimum of pairs with both scores (kProgrammeTestMin,
// Shapiro-Wilk kProgrammeShapiroMin), null below it, and no warning per
// subscale: at most one per programme, naming the scores with a null.
PrePostBlock programme_block(const Layout& L, const std::vector<std::string>& ids, const ScoreMatrix& sc,
                             const std::vector<Pair>& pairs, const std::vector<std::size_t>& which,
                             const PrePostOptions& opt, const std::string& programme, std::vector<Message>& warnings) {
  std::vector<Message> quiet;  // the kernels' notes, said once below instead
  auto one = [&](const std::string& id, std::size_t k) {
    PrePostTest t = prepost_test(id, sc, k, pairs, which, opt, nullptr, quiet);
    if (t.n_pairs < kProgrammeTestMin) {
      t.t = t.df = t.p = t.ci_low = t.ci_high = kMissing;
      t.dz = t.dz_ci_low = t.dz_ci_high = kMissing;
      t.wilcoxon_V = t.wilcoxon_p = t.r_rb = kMissing;
      t.wilcoxon_n = -1;
      t.wilcoxon_method.clear();
      t.primary_test.clear();
    }
    if (t.n_pairs < kProgrammeShapiroMin) t.shapiro_W = t.shapiro_p = kMissing;
    return t;
  };
  PrePostBlock b = fill_block<PrePostTest>(L, ids, one);
  // A defect is never kept quiet.
  for (auto& m : quiet) {
    if (m.id == "analysis.unexpected_fault") warnings.push_back(std::move(m));
  }
  holm_families(b, warnings);
  const long n = static_cast<long>(which.size());
  if (n < kProgrammeTestMin) {
    warnings.push_back(Message{
        "prepost.programme_too_few",
        {{"programme", programme}, {"n", n}, {"min", kProgrammeTestMin}, {"min_shapiro", kProgrammeShapiroMin}}});
    return b;
  }
  std::string scores;
  auto check = [&](const PrePostTest& t) {
    const bool gap = is_missing(t.p) || is_missing(t.dz_ci_low) || is_missing(t.dz_ci_high) ||
                     is_missing(t.shapiro_p) || is_missing(t.wilcoxon_p) || is_missing(t.r_rb);
    if (gap) scores += (scores.empty() ? "" : ", ") + t.id;
  };
  for (const auto& t : b.subscales) check(t);
  if (b.total) check(*b.total);
  for (const auto& t : b.numbers) check(t);
  if (!scores.empty()) {
    warnings.push_back(Message{"prepost.programme_tests_null",
                               {{"programme", programme}, {"scores", scores}, {"min", kProgrammeTestMin}}});
  }
  return b;
}

// Which comparison of two groups a test belongs to (its warnings say it).
enum class Block { gains, baseline, post, attrition, ancova, mixed };

MsgParam block_param(Block b) {
  switch (b) {
    case Block::gains:
      return MsgParam::coded("block", "gains", "gains");
    case Block::baseline:
      return MsgParam::coded("block", "baseline", "baseline");
    case Block::post:
      return MsgParam::coded("block", "post", "post-test");
    case Block::attrition:
      return MsgParam::coded("block", "attrition", "attrition");
    case Block::ancova:
      return MsgParam::coded("block", "ancova", "ANCOVA");
    case Block::mixed:
      break;
  }
  return MsgParam::coded("block", "mixed", "mixed ANOVA");
}

// The faults and notes of a two-group t in the report's terms. The gains
// compared by Welch's t keep the sentences of the first rounds
// (prepost.comparison_*); the other blocks, and the gains under Student's
// t, say their block. In the attrition block `group` is the group whose
// students are compared (its too few students are said once per group, by
// the caller).
struct TwoGroupWhere {
  Block block;
  const std::string& score;
  const std::string& first;   // the group of the first sample (focal)
  const std::string& second;  // of the second (reference)
  const std::string* group;   // attrition: the group
  bool said = false;          // attrition: the group's too few pre-only students were said
};

void two_group_warnings(const TwoGroupWhere& w, const Outcome<htest::IndependentT>& r, bool equal_var,
                        std::vector<Message>& warnings) {
  const bool legacy = w.block == Block::gains && !equal_var;
  const MsgParam sc("score", w.score);
  if (w.block == Block::attrition) {
    bool undefined = r.ok() && !r.value().notes.empty();
    if (!r.ok()) {
      const Fault& f = r.fault();
      if (f.kind != FaultKind::too_few) {
        warnings.push_back(unexpected("independent_t", f));
        return;
      }
      undefined = !(f.index == 0 && w.said);
    }
    if (undefined) warnings.push_back(Message{"prepost.attrition_null", {{"group", *w.group}, sc}});
    return;
  }
  if (!r.ok()) {
    const Fault& f = r.fault();
    if (f.kind == FaultKind::too_few && f.index != Fault::kNone) {  // sample 0 is the focal group
      const std::string& g = f.index == 0 ? w.first : w.second;
      warnings.push_back(legacy ? Message{"prepost.comparison_too_few", {sc, {"group", g}, {"n", f.n}}}
                                : Message{"prepost.block_too_few",
                                          {block_param(w.block), sc, {"group", g}, {"n", f.n}, {"min", f.limit}}});
    } else if (f.kind == FaultKind::too_few) {
      warnings.push_back(Message{"prepost.block_too_few_both", {block_param(w.block), sc, {"n", f.n}}});
    } else {
      warnings.push_back(unexpected("independent_t", f));
    }
    return;
  }
  for (auto note : r.value().notes) {
    switch (note) {
      case htest::IndependentTNote::both_constant:
        warnings.push_back(legacy ? Message{"prepost.comparison_constant", {sc}}
                                  : Message{"prepost.block_constant", {block_param(w.block), sc}});
        break;
      case htest::IndependentTNote::d_interval_undefined:
        warnings.push_back(legacy ? Message{"prepost.comparison_d_interval", {sc}}
                                  : Message{"prepost.block_d_interval", {block_param(w.block), sc}});
        break;
      case htest::IndependentTNote::g_undefined:
        warnings.push_back(legacy ? Message{"prepost.comparison_g_undefined", {sc}}
                                  : Message{"prepost.block_g_undefined", {block_param(w.block), sc}});
        break;
    }
  }
}

// Welch's (Student's) t of x against y, first minus second.
TwoGroupTest two_group_test(const TwoGroupWhere& w, const std::vector<double>& x, const std::vector<double>& y,
                            const PrePostOptions& opt, std::vector<Message>& warnings) {
  TwoGroupTest c;
  c.id = w.score;
  c.n_focal = static_cast<long>(x.size());
  c.n_reference = static_cast<long>(y.size());
  c.focal = mean_sd(x);
  c.reference = mean_sd(y);
  auto r = htest::independent_t(x, y, opt.equal_var, opt.conf_level);
  if (r.ok()) {
    const auto& v = r.value();
    c.mean_diff = v.mean_diff;
    c.t = v.t;
    c.df = v.df;
    c.p = v.p;
    c.ci_low = v.ci_low;
    c.ci_high = v.ci_high;
    c.d = v.d;
    c.d_ci_low = v.d_ci_low;
    c.d_ci_high = v.d_ci_high;
    c.g = v.g;
  } else if (!x.empty() && !y.empty()) {
    c.mean_diff = mean(x) - mean(y);
  }
  two_group_warnings(w, r, opt.equal_var, warnings);
  return c;
}

// What a comparison of the focal with the reference group compares of a
// pair with both scores: the gain, the pre or the post score.
double compared_value(Block block, double pre, double post) {
  return block == Block::baseline ? pre : block == Block::post ? post : post - pre;
}

// The values of score k over the pairs `which` with both scores.
std::vector<double> pair_values(Block block, const ScoreMatrix& sc, std::size_t k, const std::vector<Pair>& pairs,
                                const std::vector<std::size_t>& which) {
  std::vector<double> v;
  v.reserve(which.size());
  for (std::size_t w : which) {
    const double a = sc.at(pairs[w].pre, k), b = sc.at(pairs[w].post, k);
    if (!is_missing(a) && !is_missing(b)) v.push_back(compared_value(block, a, b));
  }
  return v;
}

// Holm over the subscales of a block of two-group tests (the total and the
// numbers outside).
void holm_subscales(std::vector<TwoGroupTest>& subs, std::vector<Message>& warnings) {
  std::vector<double> p;
  p.reserve(subs.size());
  for (const auto& x : subs) p.push_back(x.p);
  auto adjusted = holm(p, warnings);
  for (std::size_t k = 0; k < subs.size(); ++k) subs[k].p_holm = adjusted[k];
}

// A group and its pairs (indices into the pairs), as split_pairs gives them.
using Level = std::pair<std::string, std::vector<std::size_t>>;

// The focal against the reference group over the pairs with both scores of
// each score: gains, pre scores, post scores.
GroupComparison compare_groups(Block block, const Layout& L, const std::vector<std::string>& ids, const ScoreMatrix& sc,
                               const std::vector<Pair>& pairs, const Level& focal, const Level& reference,
                               const PrePostOptions& opt, std::vector<Message>& warnings) {
  GroupComparison c;
  c.focal = focal.first;
  c.reference = reference.first;
  c.scores = fill_block<TwoGroupTest>(L, ids, [&](const std::string& id, std::size_t k) {
    const TwoGroupWhere w{block, id, focal.first, reference.first, nullptr};
    return two_group_test(w, pair_values(block, sc, k, pairs, focal.second),
                          pair_values(block, sc, k, pairs, reference.second), opt, warnings);
  });
  holm_subscales(c.scores.subscales, warnings);
  return c;
}

// Pre and post of score k over the pairs with both scores of the focal
// (level 1) and the reference group (level 0).
struct Waves {
  std::vector<double> pre, post;
  std::vector<std::size_t> level;
};

Waves both_waves(const ScoreMatrix& sc, std::size_t k, const std::vector<Pair>& pairs, const Level& focal,
                 const Level& reference) {
  Waves v;
  for (std::size_t l : {1, 0}) {
    for (std::size_t w : (l == 1 ? focal : reference).second) {
      const double a = sc.at(pairs[w].pre, k), b = sc.at(pairs[w].post, k);
      if (is_missing(a) || is_missing(b)) continue;
      v.pre.push_back(a);
      v.post.push_back(b);
      v.level.push_back(l);
    }
  }
  return v;
}

// Post adjusted for pre, focal minus reference.
AncovaEntry ancova_entry(const std::string& id, const ScoreMatrix& sc, std::size_t k, const std::vector<Pair>& pairs,
                         const Level& focal, const Level& reference, const PrePostOptions& opt,
                         std::vector<Message>& warnings) {
  AncovaEntry e;
  e.id = id;
  const Waves v = both_waves(sc, k, pairs, focal, reference);
  e.n = static_cast<long>(v.pre.size());
  auto r = htest::ancova(v.post, v.pre, v.level, 2, opt.conf_level);
  bool null = !r.ok();
  if (r.ok()) {
    const htest::Ancova& a = r.value();
    e.F = a.F;
    e.df1 = a.df1;
    e.df2 = a.df2;
    e.p = a.p;
    e.partial_eta_sq = a.partial_eta_sq;
    e.slope = a.slope;
    for (std::size_t l : {1, 0}) {
      const auto& m = a.adjusted_means[l];
      e.adjusted_means.push_back(
          AdjustedMean{l == 1 ? focal.first : reference.first, m.mean, m.se, m.ci_low, m.ci_high});
    }
    if (a.two_groups) {  // levels 0 and 1: the later minus the earlier, focal minus reference
      e.adjusted_diff = a.adjusted_diff;
      e.diff_ci_low = a.diff_ci_low;
      e.diff_ci_high = a.diff_ci_high;
    }
    e.homogeneity = FTest{a.homogeneity.F, a.homogeneity.df1, a.homogeneity.df2, a.homogeneity.p};
    for (const auto& note : a.notes) null = null || note.kind != htest::AncovaNote::Kind::rows_excluded;
  } else if (r.fault().kind != FaultKind::too_few) {
    warnings.push_back(unexpected("ancova", r.fault()));
    return e;
  }
  if (null) warnings.push_back(Message{"prepost.block_null", {block_param(Block::ancova), {"score", id}}});
  return e;
}

MixedEffectEntry mixed_effect(const htest::MixedEffect& m) {
  return MixedEffectEntry{m.F, m.df1, m.df2, m.p, m.partial_eta_sq, m.gg_epsilon, m.p_gg};
}

constexpr std::size_t kNoRecord = static_cast<std::size_t>(-1);

// Per later wave, the record linked to each first-wave record (kNoRecord:
// none), indexed by record.
using LaterOf = std::vector<std::vector<std::size_t>>;

LaterOf later_records(std::size_t n_records, const std::vector<LaterWave>& later) {
  LaterOf of(later.size());
  for (std::size_t j = 0; j < later.size(); ++j) {
    of[j].assign(n_records, kNoRecord);
    for (const auto& p : later[j].pairs) of[j][p.pre] = p.post;
  }
  return of;
}

// Score k at every wave (first, second, the later ones) of the pairs
// `which` that have it at all of them: appended row-major to rows, with
// level l per row.
void complete_rows(const ScoreMatrix& sc, std::size_t k, const std::vector<Pair>& pairs,
                   const std::vector<std::size_t>& which, const LaterOf& later, std::size_t l,
                   std::vector<double>& rows, std::vector<std::size_t>& levels) {
  std::vector<double> row;
  for (std::size_t w : which) {
    row.assign({sc.at(pairs[w].pre, k), sc.at(pairs[w].post, k)});
    for (const auto& of : later) {
      const std::size_t r = of[pairs[w].pre];
      row.push_back(r == kNoRecord ? kMissing : sc.at(r, k));
    }
    if (std::any_of(row.begin(), row.end(), [](double x) { return is_missing(x); })) continue;
    rows.insert(rows.end(), row.begin(), row.end());
    levels.push_back(l);
  }
}

// Group x wave (every wave with data) over the pairs with all scores.
MixedEntry mixed_entry(const std::string& id, const ScoreMatrix& sc, std::size_t k, const std::vector<Pair>& pairs,
                       const Level& focal, const Level& reference, const LaterOf& later,
                       std::vector<Message>& warnings) {
  MixedEntry e;
  e.id = id;
  std::vector<double> scores;
  std::vector<std::size_t> level;
  complete_rows(sc, k, pairs, focal.second, later, 1, scores, level);
  complete_rows(sc, k, pairs, reference.second, later, 0, scores, level);
  e.n = static_cast<long>(level.size());
  auto r = htest::mixed_anova(scores, 2 + later.size(), level, 2);
  bool null = !r.ok();
  if (r.ok()) {
    e.between = mixed_effect(r.value().between);
    e.between.gg_epsilon = e.between.p_gg = kMissing;
    e.within = mixed_effect(r.value().within);
    e.interaction = mixed_effect(r.value().interaction);
    for (const auto& note : r.value().notes) null = null || note.kind != htest::MixedNote::Kind::rows_excluded;
  } else if (r.fault().kind != FaultKind::too_few) {
    warnings.push_back(unexpected("mixed_anova", r.fault()));
    return e;
  }
  if (null) warnings.push_back(Message{"prepost.block_null", {block_param(Block::mixed), {"score", id}}});
  return e;
}

// Holm over the subscales' p of an ANCOVA block.
void holm_ancova(ScoreBlock<AncovaEntry>& b, std::vector<Message>& warnings) {
  std::vector<double> p;
  for (const auto& x : b.subscales) p.push_back(x.p);
  const auto adjusted = holm(p, warnings);
  for (std::size_t k = 0; k < adjusted.size(); ++k) b.subscales[k].p_holm = adjusted[k];
}

// A later wave: its pairs, and the focal and the reference group's among them.
struct LaterLevels {
  const LaterWave* wave = nullptr;
  Level focal, reference;
};

FocalComparison compare_focal(const Layout& L, const std::vector<std::string>& ids, const ScoreMatrix& sc,
                              const std::vector<Pair>& pairs, const Level& focal, const Level& reference,
                              const LaterOf& later_of, const std::vector<LaterLevels>& later, const PrePostOptions& opt,
                              std::vector<Message>& warnings) {
  FocalComparison c;
  c.focal = focal.first;
  c.reference = reference.first;
  c.gains = compare_groups(Block::gains, L, ids, sc, pairs, focal, reference, opt, warnings);
  c.baseline = compare_groups(Block::baseline, L, ids, sc, pairs, focal, reference, opt, warnings);
  c.post = compare_groups(Block::post, L, ids, sc, pairs, focal, reference, opt, warnings);
  c.ancova = fill_block<AncovaEntry>(L, ids, [&](const std::string& id, std::size_t k) {
    return ancova_entry(id, sc, k, pairs, focal, reference, opt, warnings);
  });
  c.mixed = fill_block<MixedEntry>(L, ids, [&](const std::string& id, std::size_t k) {
    return mixed_entry(id, sc, k, pairs, focal, reference, later_of, warnings);
  });
  holm_ancova(c.ancova, warnings);
  std::vector<double> pi;
  for (const auto& x : c.mixed.subscales) pi.push_back(x.interaction.p_gg);
  const auto adjusted_i = holm(pi, warnings);
  for (std::size_t k = 0; k < adjusted_i.size(); ++k) c.mixed.subscales[k].interaction_p_holm = adjusted_i[k];
  for (const auto& lw : later) {
    LaterComparison lc;
    lc.wave = lw.wave->id;
    const auto& lp = lw.wave->pairs;
    lc.scores = compare_groups(Block::post, L, ids, sc, lp, lw.focal, lw.reference, opt, warnings);
    lc.ancova = fill_block<AncovaEntry>(L, ids, [&](const std::string& id, std::size_t k) {
      return ancova_entry(id, sc, k, lp, lw.focal, lw.reference, opt, warnings);
    });
    holm_ancova(lc.ancova, warnings);
    c.later.push_back(std::move(lc));
  }
  return c;
}

// A group's students with a pre-test only (its pre records in no pair)
// against its completers (its pairs with a pre score): their pre scores.
Attrition attrition(const Layout& L, const std::vector<std::string>& ids, const ScoreMatrix& sc, const PrePostData& d,
                    const std::vector<Pair>& pairs, const std::vector<unsigned char>& in_pair, const Level& level,
                    const PrePostOptions& opt, std::vector<Message>& warnings) {
  Attrition at;
  at.group = level.first;
  const auto gidx =
      static_cast<std::uint32_t>(std::find(d.group_ids.begin(), d.group_ids.end(), level.first) - d.group_ids.begin());
  std::vector<std::size_t> pre_only;
  for (std::size_t i = 0; i < d.n_records; ++i) {
    if (d.wave[i] == Wave::pre && in_pair[i] == 0 && d.group[i] == gidx) pre_only.push_back(i);
  }
  at.n_pre_only = static_cast<long>(pre_only.size());
  at.n_completers = static_cast<long>(level.second.size());
  // Fewer pre-only students than the test needs (Welch: one) leave its
  // fields null without a sentence: n_pre_only says why, and the linking
  // lists the student.
  const bool said = at.n_pre_only < (opt.equal_var ? 1 : 2);
  at.scores = fill_block<TwoGroupTest>(L, ids, [&](const std::string& id, std::size_t k) {
    std::vector<double> x, y;
    for (std::size_t i : pre_only) {
      if (!is_missing(sc.at(i, k))) x.push_back(sc.at(i, k));
    }
    for (std::size_t w : level.second) {
      if (!is_missing(sc.at(pairs[w].pre, k))) y.push_back(sc.at(pairs[w].pre, k));
    }
    if (pre_only.empty()) {  // nothing to compare, and nothing to warn of
      TwoGroupTest t;
      t.id = id;
      t.n_reference = static_cast<long>(y.size());
      t.reference = mean_sd(y);
      return t;
    }
    const TwoGroupWhere w{Block::attrition, id, level.first, level.first, &level.first, said};
    return two_group_test(w, x, y, opt, warnings);
  });
  for (auto& t : at.scores.subscales) t.in_family = false;  // no Holm family (docs/analysis.md)
  return at;
}

MsgParam wave_param(Wave wave) {
  return wave == Wave::pre ? MsgParam::coded("wave", "pre", "pre") : MsgParam::coded("wave", "post", "post");
}

// The records of the wave that answered every one of `items` (listwise).
void complete_rows(const PrePostData& d, Wave wave, const std::vector<std::size_t>& items,
                   std::vector<std::uint32_t>& rows) {
  rows.clear();
  for (std::size_t i = 0; i < d.n_records; ++i) {
    if (d.wave[i] != wave) continue;
    const double* a = d.answers + i * d.n_items;
    bool complete = true;
    for (std::size_t j : items) complete = complete && !is_missing(a[j]);
    if (complete) rows.push_back(static_cast<std::uint32_t>(i));
  }
}

// Those rows keyed as alpha reads them (reverse-keyed items (min + max) - x,
// as Scorer::keyed): the matrix the factor kernels take, one row per record.
std::vector<std::vector<double>> keyed_matrix(const Instrument& ins, const PrePostData& d,
                                              const std::vector<std::uint32_t>& rows,
                                              const std::vector<std::size_t>& items) {
  const double from = static_cast<double>(ins.scale.min) + static_cast<double>(ins.scale.max);
  std::vector<std::vector<double>> m(rows.size(), std::vector<double>(items.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double* a = d.answers + static_cast<std::size_t>(rows[i]) * d.n_items;
    for (std::size_t j = 0; j < items.size(); ++j) {
      const double x = a[items[j]];
      m[i][j] = ins.items[items[j]].reverse ? from - x : x;
    }
  }
  return m;
}

// Ids of the given items, "ET1, ET2".
std::string item_list(const Instrument& ins, const std::vector<std::size_t>& items) {
  std::string list;
  for (std::size_t j : items) list += (list.empty() ? "" : ", ") + ins.items[j].id;
  return list;
}

// McDonald's omega of one subscale: the one-factor model of its items on
// the rows alpha used; the kernel's faults and notes in the report's terms.
double subscale_omega(const std::string& id, const Instrument& ins, const PrePostData& d, const MsgParam& wname,
                      const std::vector<std::uint32_t>& rows, const std::vector<std::size_t>& items,
                      std::vector<Message>& warnings) {
  auto r = reliability::omega(keyed_matrix(ins, d, rows, items));
  if (!r.ok()) {
    const Fault& f = r.fault();
    if (f.kind == FaultKind::too_few && f.counted == Counted::rows) {
      warnings.push_back(
          Message{"prepost.omega_too_few_respondents", {wname, {"score", id}, {"n", f.n}, {"k", items.size()}}});
    } else if (f.kind == FaultKind::all_zero && f.column < items.size()) {
      warnings.push_back(
          Message{"prepost.omega_constant_item", {wname, {"score", id}, {"item", ins.items[items[f.column]].id}}});
    } else if (f.kind == FaultKind::zero_total) {
      warnings.push_back(Message{"prepost.omega_singular", {wname, {"score", id}}});
    } else if (f.kind == FaultKind::too_many) {
      warnings.push_back(Message{"prepost.omega_too_many_items", {wname, {"score", id}, {"n", f.n}, {"max", f.limit}}});
    } else {
      warnings.push_back(unexpected("omega", f));
    }
    return kMissing;
  }
  const auto& fit = r.value().model;
  for (const auto& note : fit.notes) {
    if (note.kind == reliability::CfaNote::Kind::negative_variance) {
      std::vector<std::size_t> which;
      for (std::size_t j : note.items) which.push_back(items[fit.column[j]]);
      warnings.push_back(Message{"prepost.omega_negative_variance",
                                 {wname, {"score", id}, {"n", which.size()}, {"items", item_list(ins, which)}}});
    } else if (note.kind == reliability::CfaNote::Kind::not_converged) {
      warnings.push_back(Message{"prepost.omega_not_converged", {wname, {"score", id}, {"n", note.n}}});
    }
  }
  return r.value().omega_total;
}

AlphaEntry alpha_of(const std::string& id, const Instrument& ins, const PrePostData& d, Wave wave,
                    const std::vector<std::size_t>& items, bool with_omega, const PrePostOptions& opt,
                    std::vector<std::uint32_t>& scratch, std::vector<Message>& warnings) {
  AlphaEntry e;
  e.id = id;
  e.k = static_cast<long>(items.size());
  const MsgParam wname = wave_param(wave);
  if (items.size() < 2) {
    warnings.push_back(Message{"prepost.alpha_too_few_items", {wname, {"score", id}}});
    return e;
  }
  // Complete rows only (listwise), keyed so that reversed items count the same way.
  // The complete rows of the wave, read in place (no copy of the answers):
  // reverse-keyed as Scorer::keyed, (min + max) - x.
  const std::size_t k = items.size();
  std::vector<std::uint32_t>& rows = scratch;
  complete_rows(d, wave, items, rows);
  e.n = static_cast<long>(rows.size());
  std::unique_ptr<bool[]> reverse(new bool[k]);
  for (std::size_t j = 0; j < k; ++j) reverse[j] = ins.items[items[j]].reverse;
  reliability::ItemView view;
  view.data = d.answers;
  view.stride = d.n_items;
  view.rows = rows.data();
  view.n = rows.size();
  view.cols = items.data();
  view.reverse = reverse.get();
  view.k = k;
  view.reverse_from = static_cast<double>(ins.scale.min) + static_cast<double>(ins.scale.max);
  auto r = reliability::cronbach_alpha(view, opt.conf_level);
  if (r.ok()) {
    e.alpha = r.value().alpha;
    e.ci_low = r.value().ci_low;
    e.ci_high = r.value().ci_high;
    // Two items: the Spearman-Brown coefficient 2r / (1 + r), which is the
    // kernel's std_alpha (Eisinga, te Grotenhuis & Pelzer 2013).
    if (k == 2) e.spearman_brown = r.value().std_alpha;
    // Only the notes on alpha (and Spearman-Brown): the others concern
    // figures the report does not show (alpha if an item is deleted, r_drop).
    using Kind = reliability::CronbachAlphaNote::Kind;
    for (const auto& note : r.value().notes) {
      if (note.kind == Kind::alpha_undefined) {
        warnings.push_back(Message{"prepost.alpha_undefined", {wname, {"score", id}}});
      } else if (note.kind == Kind::zero_variance_items &&
                 (is_missing(e.alpha) || (k == 2 && is_missing(e.spearman_brown)))) {
        std::string list;
        for (std::size_t j : note.items) list += (list.empty() ? "" : ", ") + ins.items[items[j]].id;
        warnings.push_back(Message{"prepost.alpha_zero_variance_items",
                                   {wname, {"score", id}, {"n", note.items.size()}, {"items", list}}});
      }
    }
  } else if (r.fault().kind == FaultKind::too_few && r.fault().counted == Counted::rows) {
    warnings.push_back(Message{"prepost.alpha_too_few_respondents", {wname, {"score", id}, {"n", r.fault().n}}});
  } else if (r.fault().kind == FaultKind::too_many) {
    warnings.push_back(
        Message{"prepost.alpha_too_many_items", {wname, {"score", id}, {"n", r.fault().n}, {"max", r.fault().limit}}});
  } else {
    warnings.push_back(unexpected("cronbach_alpha", r.fault()));
  }
  // Omega of a subscale of three items or more, on the same rows (none
  // below the two rows alpha needs: that warning says it already).
  if (with_omega && k >= 3 && rows.size() >= 2) e.omega = subscale_omega(id, ins, d, wname, rows, items, warnings);
  return e;
}

// The factors of the instrument's structure (FactorStructure).
FactorStructure factor_structure(const Instrument& ins, const std::string& total_id) {
  FactorStructure fs;
  std::vector<bool> in_model(ins.items.size(), false);
  for (const auto& s : ins.subscales) {
    std::vector<std::size_t> likert;
    for (std::size_t j : s.items) {
      if (ins.items[j].type == instrument::ItemType::likert) likert.push_back(j);
    }
    if (likert.size() < 2) continue;
    for (std::size_t j : likert) in_model[j] = true;
    fs.ids.push_back(s.id);
    fs.items.push_back(std::move(likert));
  }
  if (ins.subscales.empty()) {
    std::vector<std::size_t> all;
    for (std::size_t j = 0; j < ins.items.size(); ++j) {
      if (ins.items[j].type == instrument::ItemType::likert) all.push_back(j);
    }
    for (std::size_t j : all) in_model[j] = true;
    fs.ids.push_back(total_id);
    fs.items.push_back(std::move(all));
  }
  // Identified: two factors (of >= 2 items each) or one of >= 3.
  if (fs.ids.empty() || (fs.ids.size() == 1 && fs.items[0].size() < 3)) {
    fs.ids.clear();
    fs.items.clear();
    in_model.assign(ins.items.size(), false);
  }
  for (std::size_t j = 0; j < ins.items.size(); ++j) {
    if (ins.items[j].type == instrument::ItemType::likert && !in_model[j]) fs.left_out.push_back(j);
  }
  return fs;
}

// The total's omega from the correlated-factors model:
// (1' Lambda Phi Lambda' 1) / (1' Sigma-hat 1) with Sigma-hat = Lambda Phi
// Lambda' + Theta the model-implied covariance matrix: with s_f the sum of
// the (unstandardised) loadings on factor f, the numerator is
// sum_f sum_g s_f s_g phi_fg and the denominator adds sum theta. NaN
// without convergence.
double structure_omega(const reliability::CfaFit& fit) {
  if (!fit.converged) return kMissing;
  const auto m = static_cast<std::size_t>(fit.m);
  std::vector<double> s(m, 0.0);
  double theta = 0.0;
  for (std::size_t j = 0; j < fit.loadings.size(); ++j) {
    s[fit.factor[j]] += fit.loadings[j];
    theta += fit.residual_variances[j];
  }
  double common = 0.0;
  for (std::size_t f = 0; f < m; ++f) {
    for (std::size_t g = 0; g < m; ++g) common += s[f] * s[g] * fit.factor_correlations[f * m + g];
  }
  return common / (common + theta);
}

// The factor model of one wave: fitted (reported) when n >= required_n;
// estimated below that too when the total's omega needs it (*total_omega
// non-null).
FactorModel factor_model(const Instrument& ins, const PrePostData& d, Wave wave, const FactorStructure& fs,
                         double* total_omega, std::vector<std::uint32_t>& scratch, std::vector<Message>& warnings) {
  FactorModel fm;
  if (fs.ids.empty()) return fm;   // Reason::structure
  std::vector<std::size_t> items;  // the model's items, factor by factor
  std::vector<std::vector<std::size_t>> factors;
  for (const auto& f : fs.items) {
    std::vector<std::size_t> cols;
    for (std::size_t j : f) {
      cols.push_back(items.size());
      items.push_back(j);
    }
    factors.push_back(std::move(cols));
  }
  complete_rows(d, wave, items, scratch);
  fm.n = static_cast<long>(scratch.size());
  fm.k = static_cast<long>(items.size());
  fm.required_n = std::max(kFactorMinN, kFactorPerItem * fm.k);
  const bool enough = fm.n >= fm.required_n;
  fm.reason = enough ? FactorModel::Reason::none : FactorModel::Reason::sample_size;
  if (!enough && total_omega == nullptr) return fm;

  const MsgParam wname = wave_param(wave);
  auto r = reliability::cfa(keyed_matrix(ins, d, scratch, items), factors);
  if (!r.ok()) {
    const Fault& f = r.fault();
    if (f.kind == FaultKind::too_few && f.counted == Counted::rows) {
      warnings.push_back(Message{"prepost.factor_model_too_few_respondents", {wname, {"n", f.n}, {"k", items.size()}}});
    } else if (f.kind == FaultKind::all_zero && f.column < items.size()) {
      warnings.push_back(
          Message{"prepost.factor_model_constant_item", {wname, {"item", ins.items[items[f.column]].id}}});
    } else if (f.kind == FaultKind::zero_total) {
      warnings.push_back(Message{"prepost.factor_model_singular", {wname}});
    } else if (f.kind == FaultKind::too_many) {
      warnings.push_back(Message{"prepost.factor_model_too_many_items", {wname, {"n", f.n}, {"max", f.limit}}});
    } else {
      warnings.push_back(unexpected("cfa", f));
    }
    if (enough) fm.reason = FactorModel::Reason::fit_failed;
    return fm;
  }
  const reliability::CfaFit& fit = r.value();
  for (const auto& note : fit.notes) {
    if (note.kind == reliability::CfaNote::Kind::negative_variance) {
      std::vector<std::size_t> which;
      for (std::size_t j : note.items) which.push_back(items[fit.column[j]]);
      warnings.push_back(Message{"prepost.factor_model_negative_variance",
                                 {wname, {"n", which.size()}, {"items", item_list(ins, which)}}});
    } else if (note.kind == reliability::CfaNote::Kind::not_converged) {
      warnings.push_back(Message{"prepost.factor_model_not_converged", {wname, {"n", note.n}}});
    }
  }
  if (total_omega) *total_omega = structure_omega(fit);
  if (!enough) return fm;
  fm.fitted = true;
  fm.converged = fit.converged;
  fm.iterations = fit.iterations;
  fm.chisq = fit.chisq;
  fm.df = fit.df;
  fm.p = fit.p;
  fm.cfi = fit.cfi;
  fm.tli = fit.tli;
  fm.rmsea = fit.rmsea;
  fm.rmsea_ci_low = fit.rmsea_ci_low;
  fm.rmsea_ci_high = fit.rmsea_ci_high;
  fm.srmr = fit.srmr;
  fm.std_loadings = fit.std_loadings;
  fm.factor_correlations = fit.factor_correlations;
  return fm;
}

ProfileEntry profile(const std::string& id, const ScoreMatrix& sc, std::size_t k, const std::vector<Pair>& pairs,
                     const std::vector<std::size_t>& which) {
  std::vector<double> x, y, g;
  for (std::size_t w : which) {
    double a = sc.at(pairs[w].pre, k), b = sc.at(pairs[w].post, k);
    if (is_missing(a) || is_missing(b)) continue;
    x.push_back(a);
    y.push_back(b);
    g.push_back(b - a);
  }
  ProfileEntry e;
  e.id = id;
  e.n = static_cast<long>(g.size());
  e.pre = mean_sd(x);
  e.post = mean_sd(y);
  e.gain = mean_sd(g);
  return e;
}

// Pairs split by a per-record level (programme or group): pre's level, else
// post's; levels in the order of `ids`, only those with a pair; "" is no
// level. Counts pairs whose two records disagree.
std::vector<std::pair<std::string, std::vector<std::size_t>>> split_pairs(const std::uint32_t* level,
                                                                          const std::vector<std::string>& ids,
                                                                          const std::vector<Pair>& pairs,
                                                                          long* disagreeing) {
  std::vector<std::vector<std::size_t>> by(ids.size());
  long dis = 0;
  auto named = [&](std::uint32_t l) { return l < ids.size() && !ids[l].empty(); };
  for (std::size_t w = 0; w < pairs.size(); ++w) {
    std::uint32_t a = level[pairs[w].pre], b = level[pairs[w].post];
    if (named(a) && named(b) && a != b) ++dis;
    std::uint32_t l = named(a) ? a : b;
    if (named(l)) by[l].push_back(w);
  }
  if (disagreeing) *disagreeing = dis;
  std::vector<std::pair<std::string, std::vector<std::size_t>>> out;
  for (std::size_t l = 0; l < ids.size(); ++l) {
    if (!by[l].empty()) out.emplace_back(ids[l], std::move(by[l]));
  }
  return out;
}

Json mean_sd_json(const MeanSd& m) { return Json{{"mean", json_number(m.mean)}, {"sd", json_number(m.sd)}}; }

// Adds the interval's limits to a {"mean", "sd"} object.
void add_interval(Json& mean_sd, const Interval& ci) {
  mean_sd["ci_low"] = json_number(ci.low);
  mean_sd["ci_high"] = json_number(ci.high);
}

Json profile_json(const ProfileEntry& e) {
  return Json{{"id", e.id},
              {"n", e.n},
              {"pre", mean_sd_json(e.pre)},
              {"post", mean_sd_json(e.post)},
              {"gain", mean_sd_json(e.gain)}};
}

// The names of a two-group test's samples in the JSON: the counts and the
// {mean, sd} of the first and the second sample.
struct SampleNames {
  const char* n_first;
  const char* n_second;
  const char* first;
  const char* second;
};

Json two_group_json(const TwoGroupTest& c, const SampleNames& names) {
  Json j = Json::object();
  j["id"] = c.id;
  j[names.n_first] = c.n_focal;
  j[names.n_second] = c.n_reference;
  j[names.first] = mean_sd_json(c.focal);
  j[names.second] = mean_sd_json(c.reference);
  j["mean_diff"] = json_number(c.mean_diff);
  j["t"] = json_number(c.t);
  j["df"] = json_number(c.df);
  j["p"] = json_number(c.p);
  if (c.in_family) j["p_holm"] = json_number(c.p_holm);
  j["ci_low"] = json_number(c.ci_low);
  j["ci_high"] = json_number(c.ci_high);
  j["d"] = json_number(c.d);
  j["d_ci_low"] = json_number(c.d_ci_low);
  j["d_ci_high"] = json_number(c.d_ci_high);
  j["g"] = json_number(c.g);
  return j;
}

// {"subscales": [...], "total": ..., "numbers": [...]} of a block into j
// (numbers only when the instrument has scored numbers).
template <class Entry, class Write>
void put_block(Json& j, const ScoreBlock<Entry>& b, Write write) {
  Json subs = Json::array();
  for (const auto& x : b.subscales) subs.push_back(write(x));
  j["subscales"] = std::move(subs);
  if (b.total) j["total"] = write(*b.total);
  if (!b.numbers.empty()) {
    Json nums = Json::array();
    for (const auto& x : b.numbers) nums.push_back(write(x));
    j["numbers"] = std::move(nums);
  }
}

Json comparison_json(const GroupComparison& c, const char* value) {
  const std::string f = std::string(value) + "_focal", r = std::string(value) + "_reference";
  const SampleNames names{"n_focal", "n_reference", f.c_str(), r.c_str()};
  Json j = Json::object();
  j["focal"] = c.focal;
  j["reference"] = c.reference;
  put_block(j, c.scores, [&](const TwoGroupTest& t) { return two_group_json(t, names); });
  return j;
}

Json attrition_json(const Attrition& a) {
  const SampleNames names{"n_pre_only", "n_completers", "pre_only", "completers"};
  Json j = Json::object();
  j["group"] = a.group;
  j["n_pre_only"] = a.n_pre_only;
  j["n_completers"] = a.n_completers;
  put_block(j, a.scores, [&](const TwoGroupTest& t) { return two_group_json(t, names); });
  return j;
}

Json f_json(const FTest& f) {
  return Json{
      {"F", json_number(f.F)}, {"df1", json_number(f.df1)}, {"df2", json_number(f.df2)}, {"p", json_number(f.p)}};
}

Json ancova_json(const AncovaEntry& e) {
  Json j = Json::object();
  j["id"] = e.id;
  j["n"] = e.n;
  j["F"] = json_number(e.F);
  j["df1"] = json_number(e.df1);
  j["df2"] = json_number(e.df2);
  j["p"] = json_number(e.p);
  if (e.in_family) j["p_holm"] = json_number(e.p_holm);
  j["partial_eta_sq"] = json_number(e.partial_eta_sq);
  j["slope"] = json_number(e.slope);
  Json means = Json::array();
  for (const auto& m : e.adjusted_means) {
    means.push_back(Json{{"group", m.group},
                         {"mean", json_number(m.mean)},
                         {"se", json_number(m.se)},
                         {"ci_low", json_number(m.ci_low)},
                         {"ci_high", json_number(m.ci_high)}});
  }
  j["adjusted_means"] = std::move(means);
  j["adjusted_diff"] = json_number(e.adjusted_diff);
  j["diff_ci_low"] = json_number(e.diff_ci_low);
  j["diff_ci_high"] = json_number(e.diff_ci_high);
  j["homogeneity"] = f_json(e.homogeneity);
  return j;
}

Json effect_json(const MixedEffectEntry& m, bool within) {
  Json j = f_json(FTest{m.F, m.df1, m.df2, m.p});
  j["partial_eta_sq"] = json_number(m.partial_eta_sq);
  if (within) {
    j["gg_epsilon"] = json_number(m.gg_epsilon);
    j["p_gg"] = json_number(m.p_gg);
  }
  return j;
}

Json mixed_json(const MixedEntry& e) {
  Json j = Json::object();
  j["id"] = e.id;
  j["n"] = e.n;
  j["between"] = effect_json(e.between, false);
  j["within"] = effect_json(e.within, true);
  j["interaction"] = effect_json(e.interaction, true);
  if (e.in_family) j["interaction"]["p_holm"] = json_number(e.interaction_p_holm);
  return j;
}

// The blocks of one focal group, under the keys of `groups`.
void put_focal(Json& j, const FocalComparison& c) {
  j["comparison"] = comparison_json(c.gains, "gain");
  j["baseline"] = comparison_json(c.baseline, "pre");
  j["post"] = comparison_json(c.post, "post");
  Json an = Json::object();
  put_block(an, c.ancova, ancova_json);
  j["ancova"] = std::move(an);
  Json mx = Json::object();
  if (c.mixed_waves.size() > 2) mx["waves"] = c.mixed_waves;
  put_block(mx, c.mixed, mixed_json);
  j["mixed"] = std::move(mx);
  if (c.later.empty()) return;
  Json post = Json::object(), ancova = Json::object();
  for (const auto& lc : c.later) {
    post[lc.wave] = comparison_json(lc.scores, "post");
    Json b = Json::object();
    put_block(b, lc.ancova, ancova_json);
    ancova[lc.wave] = std::move(b);
  }
  j["post"]["followup"] = std::move(post);
  j["ancova"]["followup"] = std::move(ancova);
}

}  // namespace

std::size_t reference_group(const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == "control") return i;
  }
  return ids.empty() ? 0 : ids.size() - 1;
}

namespace {

// Later pairs whose records are out of range or not of the first and of
// their later wave.
bool bad_later_pairs(const PrePostData& d, const std::vector<LaterWave>& later) {
  for (std::size_t j = 0; j < later.size(); ++j) {
    for (const auto& p : later[j].pairs) {
      if (p.pre >= d.n_records || p.post >= d.n_records || d.wave[p.pre] != Wave::pre ||
          d.wave[p.post] != later_wave(j)) {
        return true;
      }
    }
  }
  return false;
}

// The level named id among the split pairs, else that level without pairs.
Level level_named(const std::vector<Level>& split, const std::string& id) {
  for (const auto& l : split) {
    if (l.first == id) return l;
  }
  return Level{id, {}};
}

std::vector<std::size_t> all_indices(std::size_t n) {
  std::vector<std::size_t> all(n);
  for (std::size_t w = 0; w < n; ++w) all[w] = w;
  return all;
}

// The first wave against the second (the tests already made) and against
// each later wave, over the pairs `which` of each (all pairs when null) of
// one group (or all students: group null).
std::vector<WavePairTests> wave_pairs_of(const Layout& L, const std::vector<std::string>& ids, const ScoreMatrix& sc,
                                         const PrePostData& d, const PrePostBlock& second,
                                         const std::vector<LaterWave>& later,
                                         const std::vector<std::vector<Level>>* split, const std::string* group,
                                         const PrePostOptions& opt, std::vector<Message>& warnings) {
  std::vector<WavePairTests> out;
  WavePairTests first;
  first.from = d.first_wave;
  first.to = d.second_wave;
  first.tests = second;
  out.push_back(std::move(first));
  for (std::size_t j = 0; j < later.size(); ++j) {
    WavePairTests w;
    w.from = d.first_wave;
    w.to = later[j].id;
    const std::vector<std::size_t> which =
        split ? level_named((*split)[j], *group).second : all_indices(later[j].pairs.size());
    w.n_pairs = static_cast<long>(which.size());
    for (std::size_t i = 0; i < d.n_records; ++i) w.n_records += d.wave[i] == later_wave(j) ? 1 : 0;
    w.tests = prepost_block(L, ids, sc, later[j].pairs, which, opt, group, warnings);
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

Result<PrePostAnalysis> analyze_prepost(const Instrument& ins, const PrePostData& d, const std::vector<Pair>& pairs,
                                        const PrePostOptions& opt, const std::vector<LaterWave>& later) {
  // Every item type is read by the import; the scores are the Likert items'
  // subscales and total and the scored numbers, the other items not read.
  if (d.n_items != ins.items.size()) {
    return make_error(
        ErrorCode::invalid_input,
        Message{"prepost.item_count", {{"n", d.n_items}, {"instrument", ins.id}, {"k", ins.items.size()}}});
  }
  if ((d.n_records > 0 && (d.answers == nullptr || d.programme == nullptr)) || d.wave.size() != d.n_records) {
    return make_error(ErrorCode::invalid_input, Message{"prepost.inconsistent_table"});
  }
  for (std::size_t i = 0; i < d.n_records; ++i) {
    const bool programme_ok = d.programme[i] < d.programme_ids.size() || d.programme[i] == PrePostData::kNoProgramme;
    if (!programme_ok || (d.group && d.group[i] >= d.group_ids.size())) {
      return make_error(ErrorCode::invalid_input, Message{"prepost.unknown_level", {{"record", i + 1}}});
    }
  }
  for (const auto& p : pairs) {
    if (p.pre >= d.n_records || p.post >= d.n_records || d.wave[p.pre] != Wave::pre || d.wave[p.post] != Wave::post) {
      return make_error(ErrorCode::invalid_input, Message{"prepost.bad_pair"});
    }
  }
  if (bad_later_pairs(d, later)) return make_error(ErrorCode::invalid_input, Message{"prepost.bad_pair"});
  if (!(opt.conf_level > 0.0 && opt.conf_level < 1.0)) {
    return make_error(ErrorCode::invalid_input, Message{"prepost.bad_conf_level", {{"value", opt.conf_level}}});
  }
  if (pairs.empty()) return make_error(ErrorCode::insufficient_data, Message{"prepost.no_pairs"});

  PrePostAnalysis a;
  const std::size_t S = ins.subscales.size();
  a.n_subscales = S;
  for (const auto& s : ins.subscales) a.score_ids.push_back(s.id);
  if (ins.total) a.score_ids.push_back(ins.total->id.empty() ? "total" : ins.total->id);
  Layout L;
  L.S = S;
  L.has_total = ins.total.has_value();
  {
    const instrument::Scorer numbers_of(ins);
    for (std::size_t j : numbers_of.scored_numbers()) a.score_ids.push_back(ins.items[j].id);
    L.N = numbers_of.scored_numbers().size();
  }
  a.has_total = L.has_total;
  a.n_numbers = L.N;
  const std::size_t K = a.score_ids.size();

  auto scored = score_all(ins, d);
  if (!scored.ok()) return scored.error();
  const ScoreMatrix& sc = scored.value();

  a.missing_pre.assign(K, 0);
  a.missing_post.assign(K, 0);
  for (std::size_t i = 0; i < d.n_records; ++i) {
    if (d.wave[i] != Wave::pre && d.wave[i] != Wave::post) continue;
    bool pre = d.wave[i] == Wave::pre;
    (pre ? a.n_pre : a.n_post) += 1;
    auto& miss = pre ? a.missing_pre : a.missing_post;
    for (std::size_t k = 0; k < K; ++k) {
      if (is_missing(sc.at(i, k))) ++miss[k];
    }
  }
  a.n_pairs = static_cast<long>(pairs.size());

  a.tests = prepost_block(L, a.score_ids, sc, pairs, all_indices(pairs.size()), opt, nullptr, a.warnings);
  if (!later.empty()) {
    a.wave_pairs = wave_pairs_of(L, a.score_ids, sc, d, a.tests, later, nullptr, nullptr, opt, a.warnings);
    a.wave_pairs.front().n_records = a.n_post;
    a.wave_pairs.front().n_pairs = a.n_pairs;
  }

  // Reliability of each wave on every record of that wave, not only the
  // pairs: alpha (omega, Spearman-Brown) per subscale and for the total, and
  // the factor model of the subscales (the total's omega, the CFA).
  std::vector<std::size_t> every;  // the Likert items: the total's
  for (std::size_t j = 0; j < ins.items.size(); ++j) {
    if (ins.items[j].type == instrument::ItemType::likert) every.push_back(j);
  }
  a.factor_structure = factor_structure(ins, ins.total ? a.score_ids[S] : std::string());
  const FactorStructure& fs = a.factor_structure;
  // The total's omega rests on the model of all its items.
  const bool total_omega = ins.total && every.size() >= 3 && !fs.ids.empty() && fs.left_out.empty();
  if (ins.total && every.size() >= 3 && !fs.left_out.empty()) {
    a.warnings.push_back(Message{"prepost.factor_model_items_left_out",
                                 {{"n", fs.left_out.size()}, {"items", item_list(ins, fs.left_out)}}});
  }
  std::vector<std::uint32_t> scratch;
  for (Wave w : {Wave::pre, Wave::post}) {
    auto& out = w == Wave::pre ? a.reliability_pre : a.reliability_post;
    for (std::size_t k = 0; k < S; ++k) {
      out.push_back(alpha_of(a.score_ids[k], ins, d, w, ins.subscales[k].items, true, opt, scratch, a.warnings));
    }
    double omega = kMissing;
    (w == Wave::pre ? a.factor_pre : a.factor_post) =
        factor_model(ins, d, w, fs, total_omega ? &omega : nullptr, scratch, a.warnings);
    if (ins.total) {
      out.push_back(alpha_of(a.score_ids[S], ins, d, w, every, false, opt, scratch, a.warnings));
      out.back().omega = omega;
    }
  }

  long disagree = 0;
  for (const auto& [pid, which] : split_pairs(d.programme, d.programme_ids, pairs, &disagree)) {
    ProgrammeProfile p;
    p.id = pid;
    p.n_pairs = static_cast<long>(which.size());
    for (std::size_t k = 0; k < S; ++k) p.subscales.push_back(profile(a.score_ids[k], sc, k, pairs, which));
    if (ins.total) p.total = profile(a.score_ids[S], sc, S, pairs, which);
    for (std::size_t j = 0; j < L.N; ++j) {
      p.numbers.push_back(profile(a.score_ids[L.number(j)], sc, L.number(j), pairs, which));
    }
    p.tests = programme_block(L, a.score_ids, sc, pairs, which, opt, pid, a.warnings);
    a.programmes.push_back(std::move(p));
  }
  if (disagree > 0) a.warnings.push_back(Message{"prepost.programme_disagrees", {{"n", disagree}}});

  if (d.group != nullptr) {
    auto split = split_pairs(d.group, d.group_ids, pairs, &disagree);
    if (disagree > 0) a.warnings.push_back(Message{"prepost.group_disagrees", {{"n", disagree}}});
    if (!split.empty()) {
      Groups g;
      std::vector<std::vector<Level>> later_split;
      later_split.reserve(later.size());
      for (const auto& lw : later) later_split.push_back(split_pairs(d.group, d.group_ids, lw.pairs, nullptr));
      for (const auto& [gid, which] : split) {
        g.levels.push_back(gid);
        GroupPrePost gp;
        gp.id = gid;
        gp.n_pairs = static_cast<long>(which.size());
        gp.tests = prepost_block(L, a.score_ids, sc, pairs, which, opt, &gid, a.warnings);
        if (!later.empty()) {
          gp.wave_pairs = wave_pairs_of(L, a.score_ids, sc, d, gp.tests, later, &later_split, &gid, opt, a.warnings);
          gp.wave_pairs.front().n_pairs = gp.n_pairs;
        }
        g.by_group.push_back(std::move(gp));
      }
      const GroupRoles roles = group_roles(d.study, g.levels);
      if (roles.comparable()) {
        std::vector<unsigned char> in_pair(d.n_records, 0);
        for (const auto& p : pairs) in_pair[p.pre] = 1;
        const std::size_t ref = *roles.reference;
        const LaterOf later_of = later_records(d.n_records, later);
        for (std::size_t f : roles.focal) {
          std::vector<LaterLevels> ll;
          for (std::size_t j = 0; j < later.size(); ++j) {
            ll.push_back(LaterLevels{&later[j], level_named(later_split[j], split[f].first),
                                     level_named(later_split[j], split[ref].first)});
          }
          g.focal.push_back(
              compare_focal(L, a.score_ids, sc, pairs, split[f], split[ref], later_of, ll, opt, a.warnings));
          if (!later.empty()) {
            g.focal.back().mixed_waves.push_back(d.first_wave);
            g.focal.back().mixed_waves.push_back(d.second_wave);
            for (const auto& lw : later) g.focal.back().mixed_waves.push_back(lw.id);
          }
        }
        for (std::size_t l = 0; l < split.size(); ++l) {
          g.attrition.push_back(attrition(L, a.score_ids, sc, d, pairs, in_pair, split[l], opt, a.warnings));
        }
      } else if (d.study != nullptr && d.study->format == 2 && split.size() >= 2) {
        // The study's roles leave no pair to compare: said, naming the groups.
        std::string list;
        for (const auto& id : g.levels) list += (list.empty() ? "" : ", ") + id;
        a.warnings.push_back(Message{"prepost.groups_not_compared", {{"groups", list}}});
      } else if (split.size() > 2) {
        a.warnings.push_back(Message{"prepost.many_groups", {{"n", split.size()}}});
      }
      a.groups = std::move(g);
    }
  }
  return a;
}

namespace {

// The test fields of a pre-post entry, from "shapiro" to "wilcoxon" (the
// same in the top-level, group and programme entries).
void add_tests(Json& j, const PrePostTest& t) {
  j["shapiro"] = Json{{"W", json_number(t.shapiro_W)}, {"p", json_number(t.shapiro_p)}};
  j["t"] = json_number(t.t);
  j["df"] = json_number(t.df);
  j["p"] = json_number(t.p);
  if (t.in_family) j["p_holm"] = json_number(t.p_holm);
  j["ci_low"] = json_number(t.ci_low);
  j["ci_high"] = json_number(t.ci_high);
  j["dz"] = json_number(t.dz);
  j["dz_ci_low"] = json_number(t.dz_ci_low);
  j["dz_ci_high"] = json_number(t.dz_ci_high);
  Json w = Json::object();
  w["V"] = json_number(t.wilcoxon_V);
  w["p"] = json_number(t.wilcoxon_p);
  w["n"] = t.wilcoxon_n < 0 ? Json(nullptr) : Json(t.wilcoxon_n);
  w["method"] = t.wilcoxon_method.empty() ? Json(nullptr) : Json(t.wilcoxon_method);
  if (t.in_family) w["p_holm"] = json_number(t.wilcoxon_p_holm);
  w["r_rb"] = json_number(t.r_rb);
  j["wilcoxon"] = std::move(w);
}

}  // namespace

Json test_json(const PrePostTest& t) {
  Json j = Json::object();
  j["id"] = t.id;
  j["n_pairs"] = t.n_pairs;
  j["pre"] = mean_sd_json(t.pre);
  j["post"] = mean_sd_json(t.post);
  add_interval(j["pre"], t.pre_ci);
  add_interval(j["post"], t.post_ci);
  j["gain"] = mean_sd_json(t.gain);
  add_tests(j, t);
  j["primary_test"] = t.primary_test.empty() ? Json(nullptr) : Json(t.primary_test);
  return j;
}

Json wave_pairs_json(const std::vector<WavePairTests>& w) {
  Json out = Json::array();
  for (const auto& x : w) {
    Json j = Json::object();
    j["from"] = x.from;
    j["to"] = x.to;
    j["n_pairs"] = x.n_pairs;
    put_block(j, x.tests, test_json);
    out.push_back(std::move(j));
  }
  return out;
}

Json subscales_json(const PrePostBlock& b) {
  Json a = Json::array();
  for (const auto& t : b.subscales) a.push_back(test_json(t));
  return a;
}

Json numbers_json(const PrePostBlock& b) {
  Json a = Json::array();
  for (const auto& t : b.numbers) a.push_back(test_json(t));
  return a;
}

Json reliability_json(const PrePostAnalysis& a) {
  Json out = Json::object();
  for (int w = 0; w < 2; ++w) {
    Json per = Json::object();
    for (const auto& e : w == 0 ? a.reliability_pre : a.reliability_post) {
      Json j{{"alpha", json_number(e.alpha)},
             {"ci_low", json_number(e.ci_low)},
             {"ci_high", json_number(e.ci_high)},
             {"n", e.n},
             {"k", e.k}};
      if (e.k >= 3) j["omega"] = json_number(e.omega);
      if (e.k == 2) j["spearman_brown"] = json_number(e.spearman_brown);
      per[e.id] = std::move(j);
    }
    out[w == 0 ? "pre" : "post"] = std::move(per);
  }
  return out;
}

Json factor_model_json(const PrePostAnalysis& a, const Instrument& ins) {
  const FactorStructure& fs = a.factor_structure;
  Json factors = Json::array();
  for (std::size_t f = 0; f < fs.ids.size(); ++f) {
    Json ids = Json::array();
    for (std::size_t j : fs.items[f]) ids.push_back(ins.items[j].id);
    factors.push_back(Json{{"id", fs.ids[f]}, {"items", std::move(ids)}});
  }
  Json left_out = Json::array();
  for (std::size_t j : fs.left_out) left_out.push_back(ins.items[j].id);
  Json out = Json::object();
  for (int w = 0; w < 2; ++w) {
    const FactorModel& m = w == 0 ? a.factor_pre : a.factor_post;
    const bool none = m.reason == FactorModel::Reason::structure;
    Json j = Json::object();
    j["fitted"] = m.fitted;
    switch (m.reason) {
      case FactorModel::Reason::none:
        j["reason"] = nullptr;
        break;
      case FactorModel::Reason::structure:
        j["reason"] = "structure";
        break;
      case FactorModel::Reason::sample_size:
        j["reason"] = "sample_size";
        break;
      case FactorModel::Reason::fit_failed:
        j["reason"] = "fit_failed";
        break;
    }
    j["n"] = none ? Json(nullptr) : Json(m.n);
    j["k"] = none ? Json(nullptr) : Json(m.k);
    j["required_n"] = none ? Json(nullptr) : Json(m.required_n);
    j["factors"] = factors;
    j["items_left_out"] = left_out;
    if (m.fitted) {
      j["converged"] = m.converged;
      j["iterations"] = m.iterations;
      j["chisq"] = json_number(m.chisq);
      j["df"] = json_number(m.df);
      j["p"] = json_number(m.p);
      j["cfi"] = json_number(m.cfi);
      j["tli"] = json_number(m.tli);
      j["rmsea"] = json_number(m.rmsea);
      j["rmsea_ci_low"] = json_number(m.rmsea_ci_low);
      j["rmsea_ci_high"] = json_number(m.rmsea_ci_high);
      j["srmr"] = json_number(m.srmr);
      Json loadings = Json::array();
      for (double x : m.std_loadings) loadings.push_back(json_number(x));
      j["std_loadings"] = std::move(loadings);
      const std::size_t nf = fs.ids.size();
      Json corr = Json::array();
      for (std::size_t f = 0; f < nf && m.factor_correlations.size() == nf * nf; ++f) {
        Json row = Json::array();
        for (std::size_t g = 0; g < nf; ++g) row.push_back(json_number(m.factor_correlations[f * nf + g]));
        corr.push_back(std::move(row));
      }
      j["factor_correlations"] = std::move(corr);
    }
    out[w == 0 ? "pre" : "post"] = std::move(j);
  }
  return out;
}

Json programmes_json(const PrePostAnalysis& a) {
  Json out = Json::array();
  for (const auto& p : a.programmes) {
    Json j = Json::object();
    j["id"] = p.id;
    j["n_pairs"] = p.n_pairs;
    Json subs = Json::array();
    for (std::size_t k = 0; k < p.subscales.size(); ++k) {
      Json e = profile_json(p.subscales[k]);
      add_tests(e, p.tests.subscales[k]);
      subs.push_back(std::move(e));
    }
    j["subscales"] = std::move(subs);
    if (p.total) {
      Json e = profile_json(*p.total);
      add_tests(e, *p.tests.total);
      j["total"] = std::move(e);
    }
    if (!p.numbers.empty()) {
      Json nums = Json::array();
      for (std::size_t k = 0; k < p.numbers.size(); ++k) {
        Json e = profile_json(p.numbers[k]);
        add_tests(e, p.tests.numbers[k]);
        nums.push_back(std::move(e));
      }
      j["numbers"] = std::move(nums);
    }
    out.push_back(std::move(j));
  }
  return out;
}

Json groups_json(const Groups& g) {
  Json out = Json::object();
  out["levels"] = g.levels;
  Json by = Json::array();
  for (const auto& gp : g.by_group) {
    Json j = Json::object();
    j["id"] = gp.id;
    j["n_pairs"] = gp.n_pairs;
    put_block(j, gp.tests, test_json);
    if (!gp.wave_pairs.empty()) j["wave_pairs"] = wave_pairs_json(gp.wave_pairs);
    by.push_back(std::move(j));
  }
  out["by_group"] = std::move(by);
  if (!g.focal.empty()) {
    put_focal(out, g.focal.front());
    Json att = Json::array();
    for (const auto& x : g.attrition) att.push_back(attrition_json(x));
    out["attrition"] = std::move(att);
  }
  if (g.focal.size() > 1) {
    Json all = Json::array();
    for (const auto& c : g.focal) {
      Json j = Json::object();
      j["focal"] = c.focal;
      j["reference"] = c.reference;
      put_focal(j, c);
      all.push_back(std::move(j));
    }
    out["by_focal"] = std::move(all);
  }
  return out;
}

Json missing_scores_json(const PrePostAnalysis& a) {
  Json out = Json::object();
  for (int w = 0; w < 2; ++w) {
    Json per = Json::object();
    const auto& m = w == 0 ? a.missing_pre : a.missing_post;
    for (std::size_t k = 0; k < a.score_ids.size(); ++k) per[a.score_ids[k]] = m[k];
    out[w == 0 ? "pre" : "post"] = std::move(per);
  }
  return out;
}

}  // namespace assess::analysis
