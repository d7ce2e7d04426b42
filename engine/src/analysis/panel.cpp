#include "assess/analysis/panel.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "assess/agreement/cohen_kappa.hpp"
#include "assess/agreement/icc.hpp"
#include "assess/agreement/kendall_w.hpp"
#include "assess/agreement/krippendorff_alpha.hpp"

namespace assess::analysis {
namespace {

// Positions of the ids that occur in `used`, in id order; -1 for the others.
std::vector<int> positions(const std::vector<char>& used, const std::vector<std::string>& ids,
                           std::vector<std::string>& kept) {
  std::vector<int> pos(ids.size(), -1);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!used[i]) continue;
    pos[i] = static_cast<int>(kept.size());
    kept.push_back(ids[i]);
  }
  return pos;
}

// ICC2 and ICC2k of the experts x programmes matrix (absolute agreement).
void add_icc(PanelCriterion& c, const std::vector<std::vector<double>>& m, std::vector<Message>& warnings) {
  const std::string& id = c.id;
  auto r = agreement::icc(m);
  if (!r.ok()) {
    const Fault& f = r.fault();
    if (f.kind == FaultKind::too_few && f.counted == Counted::columns) {
      warnings.push_back(Message{"panel.icc_too_few_programmes", {{"criterion", id}, {"n", f.n}}});
    } else {
      warnings.push_back(Message{"analysis.unexpected_fault", {{"test", "icc"}, {"fault", to_string(f.kind)}}});
    }
    return;
  }
  const agreement::Icc& v = r.value();
  c.icc.computed = true;
  c.icc.n = v.n;
  c.icc.k = v.k;
  c.icc.n_excluded = v.n_excluded;
  auto form = [](const agreement::IccForm& f) {
    return PanelIccForm{f.icc, f.F, f.df1, f.df2, f.p, f.ci_low, f.ci_high};
  };
  for (const auto& f : v.forms) {
    if (std::string(f.type) == "ICC2") c.icc.icc2 = form(f);
    if (std::string(f.type) == "ICC2k") c.icc.icc2k = form(f);
  }
  for (const auto& note : v.notes) {
    switch (note.kind) {
      case agreement::IccNote::Kind::objects_excluded:
        warnings.push_back(Message{"panel.icc_programmes_left_out", {{"criterion", id}, {"n", note.n}}});
        break;
      case agreement::IccNote::Kind::perfect_agreement:
        warnings.push_back(Message{"panel.icc_perfect_agreement", {{"criterion", id}}});
        break;
      case agreement::IccNote::Kind::residual_zero:
        warnings.push_back(Message{"panel.icc_residual_zero", {{"criterion", id}}});
        break;
      case agreement::IccNote::Kind::no_variance:
        warnings.push_back(Message{"panel.icc_no_variance", {{"criterion", id}}});
        break;
      case agreement::IccNote::Kind::objects_equal:  // concerns ICC1k and ICC3k, not reported here
        break;
    }
  }
}

// Krippendorff's alpha, interval and ordinal, over every pairable rating.
void add_alpha(PanelCriterion& c, const std::vector<std::vector<double>>& m, std::vector<Message>& warnings) {
  const std::string& id = c.id;
  bool expected_zero = false;
  for (auto level : {agreement::AlphaLevel::interval, agreement::AlphaLevel::ordinal}) {
    auto r = agreement::krippendorff_alpha(m, level);
    if (!r.ok()) {
      const Fault& f = r.fault();
      if (f.kind == FaultKind::too_few && level == agreement::AlphaLevel::interval) {
        warnings.push_back(Message{"panel.alpha_too_few", {{"criterion", id}, {"n", f.n}}});
      } else if (f.kind != FaultKind::too_few) {
        warnings.push_back(
            Message{"analysis.unexpected_fault", {{"test", "krippendorff_alpha"}, {"fault", to_string(f.kind)}}});
      }
      continue;
    }
    const agreement::KrippendorffAlpha& v = r.value();
    (level == agreement::AlphaLevel::interval ? c.alpha_interval : c.alpha_ordinal) = v.alpha;
    c.alpha_n_pairable = v.n_pairable;
    if (!v.notes.empty()) expected_zero = true;  // the only note: expected disagreement 0
  }
  if (expected_zero) warnings.push_back(Message{"panel.alpha_expected_zero", {{"criterion", id}}});
}

// The category index of a score on the rubric's scale, or kNoCode.
int scale_index(double x, const instrument::Scale& scale) {
  if (is_missing(x) || x < scale.min || x > scale.max || x != std::floor(x)) return agreement::kNoCode;
  return static_cast<int>(x) - scale.min;
}

// Cohen's kappa of two experts' scores (paired cell by cell), linear weights
// over the scale's points (unused points count as categories).
void add_kappa(PanelCriterion& c, const std::vector<double>& x, const std::vector<double>& y,
               const instrument::Scale& scale, std::vector<Message>& warnings) {
  const std::string& id = c.id;
  std::vector<int> a(x.size()), b(y.size());
  for (std::size_t i = 0; i < x.size(); ++i) a[i] = scale_index(x[i], scale);
  for (std::size_t i = 0; i < y.size(); ++i) b[i] = scale_index(y[i], scale);
  const std::size_t q = static_cast<std::size_t>(scale.max) - static_cast<std::size_t>(scale.min) + 1;
  auto r = agreement::cohen_kappa(a, b, q, agreement::KappaWeights::linear);
  if (!r.ok()) {
    // Too few pairs: with two experts these are the programmes both rated,
    // the ICC's complete programmes, whose warning (panel.icc_too_few_programmes)
    // says it already.
    const Fault& f = r.fault();
    if (f.kind != FaultKind::too_few) {
      warnings.push_back(Message{"analysis.unexpected_fault", {{"test", "cohen_kappa"}, {"fault", to_string(f.kind)}}});
    }
    return;
  }
  const agreement::CohenKappa& v = r.value();
  c.kappa = PanelKappa{true, v.n, v.kappa, v.se, v.ci_low, v.ci_high};
  for (const auto& note : v.notes) {
    switch (note.kind) {
      case agreement::CohenKappaNote::Kind::pairs_dropped:  // the ICC's programmes_left_out says it; kappa.n counts the
                                                            // pairs
        break;
      case agreement::CohenKappaNote::Kind::undefined:
        warnings.push_back(Message{"panel.kappa_undefined", {{"criterion", id}}});
        break;
      case agreement::CohenKappaNote::Kind::variance_negative:  // se 0, as psych reports it (docs/analysis.md)
        break;
    }
  }
}

// m[e][o]: experts x objects (both in sorted order), NaN = not rated.
PanelCriterion criterion(const std::string& id, const std::vector<std::vector<double>>& m,
                         const std::vector<std::string>& objects, std::vector<Message>& warnings) {
  PanelCriterion c;
  c.id = id;
  const std::size_t n = objects.size();
  c.n = static_cast<long>(n);
  std::vector<std::vector<double>> complete;
  for (const auto& row : m) {
    if (std::none_of(row.begin(), row.end(), is_missing)) complete.push_back(row);
  }
  c.m = static_cast<long>(complete.size());
  if (complete.size() < m.size()) {
    warnings.push_back(Message{"panel.experts_left_out", {{"criterion", id}, {"n", m.size() - complete.size()}}});
  }
  auto kw = agreement::kendall_w(complete, true);
  if (kw.ok()) {
    c.W = kw.value().W;
    c.chi2 = kw.value().chi2;
    c.df = kw.value().df;
    c.p = kw.value().p;
    for (const auto& note : kw.value().notes) {
      switch (note.kind) {
        case agreement::KendallWNote::Kind::objects_excluded:
          warnings.push_back(Message{"panel.kendall_programmes_left_out", {{"criterion", id}, {"n", note.n}}});
          break;
        case agreement::KendallWNote::Kind::all_tied:
          warnings.push_back(Message{"panel.kendall_all_tied", {{"criterion", id}}});
          break;
      }
    }
  } else {
    // Rows are experts, columns programmes; every row is complete here.
    const Fault& f = kw.fault();
    if (f.kind == FaultKind::too_few && f.counted == Counted::rows) {
      warnings.push_back(Message{"panel.kendall_too_few_experts", {{"criterion", id}, {"n", f.n}}});
    } else if (f.kind == FaultKind::too_few) {
      warnings.push_back(Message{"panel.kendall_too_few_programmes", {{"criterion", id}, {"n", f.n}}});
    } else {
      warnings.push_back(Message{"analysis.unexpected_fault", {{"test", "kendall_w"}, {"fault", to_string(f.kind)}}});
    }
  }
  c.low_agreement = !is_missing(c.W) && c.W < kLowAgreementW;

  // Ranks best first: the rank of -x (exact negation keeps the ties).
  std::vector<double> rank_sum(n, 0.0);
  std::vector<double> neg(n);
  for (const auto& row : complete) {
    for (std::size_t j = 0; j < n; ++j) neg[j] = -row[j];
    auto r = average_ranks(neg);
    for (std::size_t j = 0; j < n; ++j) rank_sum[j] += r[j];
  }
  std::vector<double> means(n, kMissing);
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> x;
    for (const auto& row : m) {
      if (!is_missing(row[j])) x.push_back(row[j]);
    }
    PanelProgramme p;
    p.id = objects[j];
    p.n = static_cast<long>(x.size());
    if (!x.empty()) p.mean = mean(x);
    if (x.size() > 1) p.sd = std::sqrt(variance(x));
    if (!complete.empty()) p.mean_rank = rank_sum[j] / static_cast<double>(complete.size());
    means[j] = -p.mean;
    c.programmes.push_back(p);
  }
  if (std::none_of(means.begin(), means.end(), is_missing)) {
    auto place = average_ranks(means);
    for (std::size_t j = 0; j < n; ++j) c.programmes[j].rank = place[j];
  }
  double sum = 0.0;
  long rated = 0;
  for (const auto& p : c.programmes) {
    if (is_missing(p.mean)) continue;
    sum += p.mean;
    ++rated;
  }
  if (rated > 0) c.mean = sum / static_cast<double>(rated);
  add_icc(c, m, warnings);
  add_alpha(c, m, warnings);
  return c;
}

}  // namespace

Result<PanelAnalysis> analyze_panel(const instrument::Rubric& rubric, const PanelData& d) {
  const std::size_t C = rubric.criteria.size();
  if (d.n_criteria != C) {
    return make_error(ErrorCode::invalid_input,
                      Message{"panel.criterion_count", {{"n", d.n_criteria}, {"rubric", rubric.id}, {"k", C}}});
  }
  if (d.scores.size() != d.n_records * C || d.expert.size() != d.n_records || d.object.size() != d.n_records) {
    return make_error(ErrorCode::invalid_input, Message{"panel.inconsistent_table"});
  }
  PanelAnalysis a;
  std::vector<char> e_used(d.expert_ids.size(), 0), o_used(d.object_ids.size(), 0);
  for (std::size_t r = 0; r < d.n_records; ++r) {
    int ei = d.expert[r], oi = d.object[r];
    if (ei < 0 || oi < 0 || ei >= static_cast<int>(d.expert_ids.size()) ||
        oi >= static_cast<int>(d.object_ids.size())) {
      return make_error(ErrorCode::invalid_input, Message{"panel.unknown_expert_or_programme", {{"record", r + 1}}});
    }
    e_used[ei] = 1;
    o_used[oi] = 1;
  }
  auto e_pos = positions(e_used, d.expert_ids, a.experts);
  auto o_pos = positions(o_used, d.object_ids, a.objects);
  const std::size_t E = a.experts.size(), O = a.objects.size();
  if (E < 2 || O < 2) {
    return make_error(ErrorCode::insufficient_data, Message{"panel.too_few", {{"experts", E}, {"programmes", O}}});
  }

  // cube[c][e][o]
  std::vector<std::vector<std::vector<double>>> cube(
      C, std::vector<std::vector<double>>(E, std::vector<double>(O, kMissing)));
  std::vector<char> seen(E * O, 0);
  std::vector<std::size_t> record_of(E * O, d.n_records);
  for (std::size_t r = 0; r < d.n_records; ++r) {
    int ei = d.expert[r], oi = d.object[r];
    std::size_t e = static_cast<std::size_t>(e_pos[ei]), o = static_cast<std::size_t>(o_pos[oi]);
    if (seen[e * O + o]) {
      return make_error(ErrorCode::invalid_input,
                        Message{"panel.rated_twice", {{"expert", a.experts[e]}, {"programme", a.objects[o]}}});
    }
    seen[e * O + o] = 1;
    for (std::size_t c = 0; c < C; ++c) cube[c][e][o] = d.scores[r * C + c];
    record_of[e * O + o] = r;
  }
  for (std::size_t c = 0; c < C; ++c) {
    for (std::size_t e = 0; e < E; ++e) {
      for (std::size_t o = 0; o < O; ++o) a.missing_ratings += is_missing(cube[c][e][o]) ? 1 : 0;
    }
  }
  for (std::size_t c = 0; c < C; ++c) {
    a.criteria.push_back(criterion(rubric.criteria[c].id, cube[c], a.objects, a.warnings));
  }
  // Each expert's mean over the criteria (sum / C, so that equal sums tie exactly).
  std::vector<std::vector<double>> overall(E, std::vector<double>(O, kMissing));
  for (std::size_t e = 0; e < E; ++e) {
    for (std::size_t o = 0; o < O; ++o) {
      double s = 0.0;
      bool complete = true;
      for (std::size_t c = 0; c < C && complete; ++c) {
        if (is_missing(cube[c][e][o]))
          complete = false;
        else
          s += cube[c][e][o];
      }
      if (complete) overall[e][o] = s / static_cast<double>(C);
    }
  }
  a.overall = criterion("overall", overall, a.objects, a.warnings);
  if (E == 2) {
    // Two experts: kappa per criterion over the programmes, and overall over
    // every criterion x programme cell (the experts' means are no scale points).
    std::vector<double> all0, all1;
    for (std::size_t c = 0; c < C; ++c) {
      add_kappa(a.criteria[c], cube[c][0], cube[c][1], rubric.scale, a.warnings);
      all0.insert(all0.end(), cube[c][0].begin(), cube[c][0].end());
      all1.insert(all1.end(), cube[c][1].begin(), cube[c][1].end());
    }
    add_kappa(a.overall, all0, all1, rubric.scale, a.warnings);
  }
  if (static_cast<long>(O) < kFewProgrammesIcc) {
    a.warnings.push_back(Message{"panel.icc_few_programmes", {{"n", O}, {"min", kFewProgrammesIcc}}});
  }
  if (!d.comment.empty()) {
    for (std::size_t o = 0; o < O; ++o) {
      for (std::size_t e = 0; e < E; ++e) {
        const std::size_t r = record_of[e * O + o];
        if (r < d.n_records && !d.comment[r].empty()) a.comments.push_back({a.objects[o], a.experts[e], d.comment[r]});
      }
    }
  }
  return a;
}

Json criterion_json(const PanelCriterion& c) {
  Json j = Json::object();
  j["id"] = c.id;
  j["W"] = json_number(c.W);
  j["chi2"] = json_number(c.chi2);
  j["df"] = json_number(c.df);
  j["p"] = json_number(c.p);
  j["m"] = c.m;
  j["n"] = c.n;
  j["low_agreement"] = c.low_agreement;
  j["mean"] = json_number(c.mean);
  if (c.icc.computed) {
    auto form = [](const PanelIccForm& f) {
      return Json{{"icc", json_number(f.icc)},        {"F", json_number(f.F)}, {"df1", json_number(f.df1)},
                  {"df2", json_number(f.df2)},        {"p", json_number(f.p)}, {"ci_low", json_number(f.ci_low)},
                  {"ci_high", json_number(f.ci_high)}};
    };
    j["icc"] = Json{{"n", c.icc.n},
                    {"k", c.icc.k},
                    {"n_excluded", c.icc.n_excluded},
                    {"ICC2", form(c.icc.icc2)},
                    {"ICC2k", form(c.icc.icc2k)}};
  } else {
    j["icc"] = nullptr;
  }
  j["alpha"] = Json{{"interval", json_number(c.alpha_interval)},
                    {"ordinal", json_number(c.alpha_ordinal)},
                    {"n_pairable", c.alpha_n_pairable}};
  if (c.kappa.computed) {
    j["kappa"] = Json{{"weights", "linear"},
                      {"n", c.kappa.n},
                      {"kappa", json_number(c.kappa.kappa)},
                      {"se", json_number(c.kappa.se)},
                      {"ci_low", json_number(c.kappa.ci_low)},
                      {"ci_high", json_number(c.kappa.ci_high)}};
  } else {
    j["kappa"] = nullptr;
  }
  Json ps = Json::array();
  for (const auto& p : c.programmes) {
    ps.push_back(Json{{"id", p.id},
                      {"n", p.n},
                      {"mean", json_number(p.mean)},
                      {"sd", json_number(p.sd)},
                      {"mean_rank", json_number(p.mean_rank)},
                      {"rank", json_number(p.rank)}});
  }
  j["programmes"] = std::move(ps);
  return j;
}

Json criteria_json(const PanelAnalysis& a) {
  Json out = Json::array();
  for (const auto& c : a.criteria) out.push_back(criterion_json(c));
  return out;
}

Json comments_json(const PanelAnalysis& a) {
  Json out = Json::array();
  for (const auto& c : a.comments)
    out.push_back(Json{{"programme", c.programme}, {"expert", c.expert}, {"text", c.text}});
  return out;
}

}  // namespace assess::analysis
