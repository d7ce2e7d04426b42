#include "assess/analysis/panel.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "assess/agreement/kendall_w.hpp"

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
  for (std::size_t r = 0; r < d.n_records; ++r) {
    int ei = d.expert[r], oi = d.object[r];
    std::size_t e = static_cast<std::size_t>(e_pos[ei]), o = static_cast<std::size_t>(o_pos[oi]);
    if (seen[e * O + o]) {
      return make_error(ErrorCode::invalid_input,
                        Message{"panel.rated_twice", {{"expert", a.experts[e]}, {"programme", a.objects[o]}}});
    }
    seen[e * O + o] = 1;
    for (std::size_t c = 0; c < C; ++c) cube[c][e][o] = d.scores[r * C + c];
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

}  // namespace assess::analysis
