// The parts of the study report that are not a pre-post analysis
// (analysis/study_report.hpp; fields in docs/analysis.md "The study report").
#include "assess/analysis/study_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "assess/core/numeric.hpp"
#include "assess/distributions/distributions.hpp"
#include "assess/htest/chi_square.hpp"
#include "assess/htest/correlation_matrix.hpp"
#include "assess/htest/describe.hpp"
#include "assess/htest/fisher_exact.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/htest/p_adjust.hpp"
#include "assess/htest/proportion.hpp"
#include "assess/instrument/scoring.hpp"
#include "assess/reliability/cronbach_alpha.hpp"

namespace assess::analysis {

bool is_yes_no(const instrument::Item& item) noexcept {
  return item.type == instrument::ItemType::choice && item.options.size() == 2 && item.options[0].id == "yes" &&
         item.options[1].id == "no";
}

namespace {

using data::Dataset;
using data::VariableKind;
using data::VariableType;
using instrument::Instrument;

// Which part of the report a comparison or a table belongs to: the
// background (an item of the students' instruments), a yes/no outcome, or
// an instrument's scores (a post-only survey, the employers' feedback). Its
// warnings are said with the ids of that part.
struct Where {
  enum class Part { background, outcome, instrument } part;
  std::string instrument;  // Part::instrument: its id
  std::string variable;    // the column, score or item compared
};

constexpr double kSmallExpected = 5.0;       // an expected count below this is small
constexpr double kSmallExpectedShare = 0.2;  // more than this share of small expected counts: a warning

struct Ctx {
  const StudyReportInput& in;
  const Dataset& ds;
  std::vector<std::string> groups;  // of the students, study order
  std::vector<int> row_group;       // per data set row: index into groups, -1 = none
  GroupRoles roles;
  std::vector<Message>& warnings;

  bool comparable() const { return roles.comparable(); }
  std::size_t focal() const { return roles.focal.front(); }
  std::size_t reference() const { return *roles.reference; }
};

// A record's programme id, "" for none (a group without programme).
const std::string& programme_of(const data::ResponseTable& t, std::size_t r) {
  static const std::string none;
  const std::uint32_t p = t.programme[r];
  return p < t.programmes.size() ? t.programmes[p] : none;
}

int find_kind(const Dataset& ds, VariableKind kind) {
  for (std::size_t v = 0; v < ds.variables.size(); ++v) {
    if (ds.variables[v].kind == kind) return static_cast<int>(v);
  }
  return -1;
}

std::string text_at(const Dataset& ds, int v, std::size_t row) {
  if (v < 0) return {};
  const auto& c = ds.columns[static_cast<std::size_t>(v)];
  return row < c.present.size() && c.present[row] ? c.texts[row] : std::string();
}

// The values of a numeric column split by group (index into ctx.groups).
std::vector<std::vector<double>> by_group(const Ctx& c, std::size_t v) {
  std::vector<std::vector<double>> out(c.groups.size());
  const auto& col = c.ds.columns[v];
  for (std::size_t r = 0; r < c.ds.n_rows; ++r) {
    if (c.row_group[r] >= 0) out[static_cast<std::size_t>(c.row_group[r])].push_back(col.numbers[r]);
  }
  return out;
}

Json mean_sd_json(double mean, double sd) { return Json{{"mean", json_number(mean)}, {"sd", json_number(sd)}}; }

// n, M, SD, median and quartiles of the values present.
Json describe_json(const std::vector<double>& x) {
  auto d = htest::describe(x);
  Json j = Json::object();
  if (!d.ok()) {
    j["n"] = 0;
    for (const char* k : {"mean", "sd", "median", "q1", "q3"}) j[k] = nullptr;
    return j;
  }
  const auto& r = d.value();
  j["n"] = r.n;
  j["mean"] = json_number(r.mean);
  j["sd"] = json_number(r.sd);
  j["median"] = json_number(r.median);
  j["q1"] = json_number(r.q1);
  j["q3"] = json_number(r.q3);
  return j;
}

// Focal against reference: Welch's (or Student's) t with d, its interval and
// g, as the op independent_t; null fields with a warning when a group has
// too few values.
Json compare_json(const Ctx& c, const std::vector<double>& focal, const std::vector<double>& reference,
                  const Where& w) {
  auto t = htest::independent_t(focal, reference, c.in.options.equal_var, c.in.options.conf_level);
  Json j = Json::object();
  auto count = [](const std::vector<double>& x) {
    long n = 0;
    for (double v : x) n += is_missing(v) ? 0 : 1;
    return n;
  };
  j["n_focal"] = count(focal);
  j["n_reference"] = count(reference);
  const char* fields[] = {"mean_diff", "t", "df", "p", "ci_low", "ci_high", "d", "d_ci_low", "d_ci_high", "g"};
  if (!t.ok()) {
    const MsgParam n("n", j["n_focal"].get<long>()), m("m", j["n_reference"].get<long>());
    c.warnings.push_back(
        w.part == Where::Part::instrument
            ? Message{"report.comparison_not_run", {{"instrument", w.instrument}, {"score", w.variable}, n, m}}
            : Message{"report.background_comparison_not_run", {{"variable", w.variable}, n, m}});
    auto df = htest::describe(focal), dr = htest::describe(reference);
    j["focal"] = df.ok() ? mean_sd_json(df.value().mean, df.value().sd) : mean_sd_json(kMissing, kMissing);
    j["reference"] = dr.ok() ? mean_sd_json(dr.value().mean, dr.value().sd) : mean_sd_json(kMissing, kMissing);
    for (const char* k : fields) j[k] = nullptr;
    return j;
  }
  const auto& r = t.value();
  j["focal"] = mean_sd_json(r.mean_x, r.sd_x);
  j["reference"] = mean_sd_json(r.mean_y, r.sd_y);
  const double vals[] = {r.mean_diff, r.t, r.df, r.p, r.ci_low, r.ci_high, r.d, r.d_ci_low, r.d_ci_high, r.g};
  for (std::size_t i = 0; i < std::size(fields); ++i) j[fields[i]] = json_number(vals[i]);
  return j;
}

// Holm over the "p" of `entries` (nulls stay null), written as "p_holm".
void add_holm(Json& entries) {
  std::vector<double> p;
  for (const auto& e : entries) {
    const Json& c = e.at("comparison");
    p.push_back(c.is_object() && c.at("p").is_number() ? c.at("p").get<double>() : kMissing);
  }
  if (p.empty()) return;
  auto adj = htest::p_adjust(p, htest::PAdjustMethod::holm);
  for (std::size_t i = 0; i < p.size(); ++i) {
    Json& c = entries[i]["comparison"];
    if (c.is_object()) c["p_holm"] = adj.ok() ? json_number(adj.value().adjusted[i]) : Json(nullptr);
  }
}

// Counts are whole numbers: written as integers.
Json count_json(double x) { return std::floor(x) == x ? Json(static_cast<long>(x)) : json_number(x); }

Json wilson_json(double x, double n, double cl) {
  Json j{{"x", count_json(x)}, {"n", count_json(n)}};
  auto p = htest::proportion(x, n, cl);
  if (!p.ok()) {
    j["estimate"] = j["ci_low"] = j["ci_high"] = nullptr;
    return j;
  }
  j["estimate"] = json_number(p.value().estimate);
  j["ci_low"] = json_number(p.value().ci_low);
  j["ci_high"] = json_number(p.value().ci_high);
  return j;
}

Json chi_json(double chi2, double df) {
  return Json{{"chi2", json_number(chi2)},
              {"df", json_number(df)},
              {"p", json_number(distributions::sf(distributions::ChiSquared{df}, chi2))}};
}

// The tests of a table of counts (rows = groups, columns = levels; empty rows
// and columns left out): for 2 x 2, Pearson's chi-square without and with
// Yates' correction, SPSS's linear-by-linear association ((N - 1) / N times
// Pearson's) and Fisher's exact test with the conditional odds ratio (first
// row's odds of the first level over the second row's); larger tables:
// Pearson's chi-square, Cramer's V and the share of expected counts below 5.
Json table_tests(const Ctx& c, std::vector<std::vector<double>> t, const Where& w) {
  // Leave out empty rows and columns.
  std::vector<std::vector<double>> rows;
  for (auto& r : t) {
    double s = 0;
    for (double x : r) s += x;
    if (s > 0) rows.push_back(std::move(r));
  }
  std::vector<std::size_t> keep;
  if (!rows.empty()) {
    for (std::size_t j = 0; j < rows[0].size(); ++j) {
      double s = 0;
      for (const auto& r : rows) s += r[j];
      if (s > 0) keep.push_back(j);
    }
  }
  if (rows.size() < 2 || keep.size() < 2) {
    c.warnings.push_back(
        w.part == Where::Part::background ? Message{"report.background_not_testable", {{"variable", w.variable}}}
        : w.part == Where::Part::outcome
            ? Message{"report.outcome_not_testable", {{"variable", w.variable}}}
            : Message{"report.table_not_testable", {{"instrument", w.instrument}, {"item", w.variable}}});
    return nullptr;
  }
  std::vector<std::vector<double>> table;
  table.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<double> row;
    row.reserve(keep.size());
    for (std::size_t j : keep) row.push_back(r[j]);
    table.push_back(std::move(row));
  }
  Json j = Json::object();
  auto pearson = htest::chi_square(table, false);
  if (!pearson.ok()) return nullptr;
  const auto& pr = pearson.value();
  j["pearson"] = chi_json(pr.chi2, pr.df);
  j["cramers_v"] = json_number(pr.cramers_v);
  long small = 0, cells = 0;
  for (const auto& r : pr.expected) {
    for (double e : r) {
      ++cells;
      small += e < kSmallExpected ? 1 : 0;
    }
  }
  j["small_expected"] = Json{{"n", small}, {"of", cells}};
  if (table.size() == 2 && table[0].size() == 2) {
    j["kind"] = "2x2";
    auto yates = htest::chi_square(table, true);
    j["yates"] = yates.ok() ? chi_json(yates.value().chi2, yates.value().df) : Json(nullptr);
    j["linear_by_linear"] = chi_json((pr.n - 1.0) / pr.n * pr.chi2, 1.0);
    auto f = htest::fisher_exact(table[0][0], table[0][1], table[1][0], table[1][1], c.in.options.conf_level);
    if (f.ok()) {
      j["fisher"] = Json{{"p", json_number(f.value().p)},
                         {"odds_ratio", json_number(f.value().odds_ratio)},
                         {"ci_low", json_number(f.value().ci_low)},
                         {"ci_high", json_number(f.value().ci_high)}};
    } else {
      j["fisher"] = nullptr;
    }
  } else {
    j["kind"] = "rxc";
    if (static_cast<double>(small) > kSmallExpectedShare * static_cast<double>(cells)) {
      c.warnings.push_back(
          Message{"report.background_small_expected", {{"variable", w.variable}, {"n", small}, {"m", cells}}});
    }
  }
  return j;
}

// ---------------------------------------------------------------------------
// 1. Participant flow and the sample.

std::vector<std::string> split_waves(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    std::size_t bar = s.find('|', start);
    out.push_back(s.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

Json flow_json(const Ctx& c) {
  const auto& st = *c.in.study;
  const int lw = find_kind(c.ds, VariableKind::linked_waves);
  std::vector<std::string> main_waves;
  const int m = instrument::main_instrument(st);
  if (m >= 0) main_waves = st.instruments[static_cast<std::size_t>(m)].waves;
  if (main_waves.empty()) {
    for (const auto& w : st.waves) main_waves.push_back(w.id);
  }
  auto entry = [&](int g) {
    Json j = Json::object();
    j["group"] = g < 0 ? Json(nullptr) : Json(c.groups[static_cast<std::size_t>(g)]);
    long students = 0, complete = 0, first_only = 0;
    std::vector<long> at(main_waves.size(), 0);
    for (std::size_t r = 0; r < c.ds.n_rows; ++r) {
      if (g >= 0 && c.row_group[r] != g) continue;
      ++students;
      const auto waves = split_waves(text_at(c.ds, lw, r));
      bool all = true;
      for (std::size_t w = 0; w < main_waves.size(); ++w) {
        const bool has = std::find(waves.begin(), waves.end(), main_waves[w]) != waves.end();
        at[w] += has ? 1 : 0;
        all = all && has;
      }
      complete += all ? 1 : 0;
      first_only += (!main_waves.empty() && waves.size() == 1 && waves[0] == main_waves[0]) ? 1 : 0;
    }
    j["students"] = students;
    Json by_wave = Json::object();
    for (std::size_t w = 0; w < main_waves.size(); ++w) by_wave[main_waves[w]] = at[w];
    j["waves"] = std::move(by_wave);
    j["complete"] = complete;
    j["first_wave_only"] = first_only;
    return j;
  };
  Json out = Json::object();
  Json groups = Json::array();
  for (std::size_t g = 0; g < c.groups.size(); ++g) groups.push_back(entry(static_cast<int>(g)));
  out["by_group"] = std::move(groups);
  out["all"] = entry(-1);
  out["all"].erase("group");
  return out;
}

Json sample_json(const Ctx& c) {
  const int pv = find_kind(c.ds, VariableKind::programme);
  std::vector<std::string> programmes;
  for (const auto& p : c.in.study->programmes) programmes.push_back(p.id);
  Json by_group = Json::array();
  Json by_programme = Json::array();
  for (std::size_t g = 0; g < c.groups.size(); ++g) {
    long n = 0;
    std::map<std::string, long> per;
    for (std::size_t r = 0; r < c.ds.n_rows; ++r) {
      if (c.row_group[r] != static_cast<int>(g)) continue;
      ++n;
      ++per[text_at(c.ds, pv, r)];
    }
    by_group.push_back(Json{{"group", c.groups[g]}, {"n", n}});
    for (const auto& p : programmes) {
      auto it = per.find(p);
      if (it != per.end()) by_programme.push_back(Json{{"group", c.groups[g]}, {"programme", p}, {"n", it->second}});
    }
    auto none = per.find("");
    if (none != per.end()) {
      by_programme.push_back(Json{{"group", c.groups[g]}, {"programme", nullptr}, {"n", none->second}});
    }
  }
  return Json{{"by_group", std::move(by_group)}, {"by_programme", std::move(by_programme)}};
}

// ---------------------------------------------------------------------------
// 2. Background by group, and 5. yes/no outcomes.

const instrument::Item* item_of(const Ctx& c, const data::Variable& v) {
  if (v.instrument < 0 || v.item < 0) return nullptr;
  const auto& ins = *(*c.in.instruments)[static_cast<std::size_t>(v.instrument)];
  return &ins.items[static_cast<std::size_t>(v.item)];
}

// Counts per group (rows) and option (columns) of a choice column.
std::vector<std::vector<double>> choice_counts(const Ctx& c, std::size_t v, const instrument::Item& item) {
  std::vector<std::vector<double>> t(c.groups.size(), std::vector<double>(item.options.size(), 0.0));
  const auto& col = c.ds.columns[v];
  for (std::size_t r = 0; r < c.ds.n_rows; ++r) {
    if (c.row_group[r] < 0 || !col.present[r]) continue;
    for (std::size_t o = 0; o < item.options.size(); ++o) {
      if (item.options[o].id == col.texts[r]) t[static_cast<std::size_t>(c.row_group[r])][o] += 1.0;
    }
  }
  return t;
}

// The rows of a table in the order focal, reference (for the odds ratio).
std::vector<std::vector<double>> focal_first(const Ctx& c, const std::vector<std::vector<double>>& t) {
  if (!c.comparable()) return t;
  return {t[c.focal()], t[c.reference()]};
}

void background_and_outcomes(const Ctx& c, Json& background, Json& outcomes) {
  background = Json::array();
  outcomes = Json::array();
  for (std::size_t v = 0; v < c.ds.variables.size(); ++v) {
    const auto& var = c.ds.variables[v];
    if (var.kind != VariableKind::variable) continue;
    const instrument::Item* item = item_of(c, var);
    if (item == nullptr) continue;
    const auto& si = c.in.study->instruments[static_cast<std::size_t>(var.instrument)];
    if (si.respondents != instrument::Respondents::students) continue;
    Json e = Json::object();
    e["variable"] = var.name;
    e["instrument"] = si.ref.id;
    e["item"] = item->id;
    e["wave"] = var.wave.empty() ? Json(nullptr) : Json(var.wave);
    if (var.type == VariableType::number || var.type == VariableType::integer) {
      e["type"] = "number";
      const auto split = by_group(c, v);
      Json groups = Json::array();
      for (std::size_t g = 0; g < c.groups.size(); ++g) {
        Json d = describe_json(split[g]);
        d["group"] = c.groups[g];
        groups.push_back(std::move(d));
      }
      e["by_group"] = std::move(groups);
      e["comparison"] = c.comparable() ? compare_json(c, split[c.focal()], split[c.reference()],
                                                      Where{Where::Part::background, {}, var.name})
                                       : Json();
      background.push_back(std::move(e));
    } else if (var.type == VariableType::choice && item->type == instrument::ItemType::choice) {
      const auto t = choice_counts(c, v, *item);
      if (is_yes_no(*item)) {
        Json groups = Json::array();
        for (std::size_t g = 0; g < c.groups.size(); ++g) {
          Json w = wilson_json(t[g][0], t[g][0] + t[g][1], c.in.options.conf_level);
          w["group"] = c.groups[g];
          groups.push_back(std::move(w));
        }
        e["by_group"] = std::move(groups);
        e["tests"] =
            c.comparable() ? table_tests(c, focal_first(c, t), Where{Where::Part::outcome, {}, var.name}) : Json();
        outcomes.push_back(std::move(e));
        continue;
      }
      e["type"] = "categorical";
      Json levels = Json::array();
      for (const auto& o : item->options) levels.push_back(o.id);
      e["levels"] = std::move(levels);
      Json counts = Json::array();
      for (std::size_t g = 0; g < c.groups.size(); ++g) {
        Json row = Json::array();
        for (double x : t[g]) row.push_back(count_json(x));
        counts.push_back(Json{{"group", c.groups[g]}, {"counts", std::move(row)}});
      }
      e["by_group"] = std::move(counts);
      e["tests"] = c.groups.size() >= 2
                       ? table_tests(c, focal_first(c, t), Where{Where::Part::background, {}, var.name})
                       : Json();
      background.push_back(std::move(e));
    }
  }
}

// ---------------------------------------------------------------------------
// 3. Post-only surveys.

// Whether the students answer this instrument at one wave only, not the first.
bool post_only(const instrument::Study& st, const instrument::StudyInstrument& si) {
  return si.respondents == instrument::Respondents::students && si.waves.size() == 1 && !st.waves.empty() &&
         si.waves[0] != st.waves.front().id;
}

Json survey_json(const Ctx& c, std::size_t idx) {
  const auto& si = c.in.study->instruments[idx];
  const Instrument& ins = *(*c.in.instruments)[idx];
  const data::ResponseTable& t = (*c.in.tables)[idx];
  const std::size_t K = t.item_ids.size();
  // The records of the wave.
  std::vector<std::size_t> recs;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.waves[t.wave[r]] == si.waves[0]) recs.push_back(r);
  }
  Json out = Json::object();
  out["instrument"] = Json{{"id", ins.id}, {"version", ins.version}};
  out["wave"] = si.waves[0];
  out["records"] = recs.size();
  const double top = ins.scale.max - 1.0;
  Json items = Json::array();
  for (std::size_t i = 0; i < ins.items.size() && i < K; ++i) {
    if (ins.items[i].type != instrument::ItemType::likert) continue;
    std::vector<double> x;
    double n = 0, hi = 0;
    for (std::size_t r : recs) {
      double a = t.answers[r * K + i];
      x.push_back(a);
      if (!is_missing(a)) {
        n += 1;
        hi += a >= top ? 1 : 0;
      }
    }
    Json e = describe_json(x);
    e["id"] = ins.items[i].id;
    e["reverse"] = ins.items[i].reverse;
    e["top2"] = wilson_json(hi, n, c.in.options.conf_level);
    items.push_back(std::move(e));
  }
  out["items"] = std::move(items);

  // Scores: the data set's columns of this instrument at the wave.
  Json scores = Json::array();
  instrument::Scorer scorer(ins);
  auto alpha_of = [&](const std::vector<std::size_t>& which) {
    std::vector<std::vector<double>> m;
    m.reserve(recs.size());
    for (std::size_t r : recs) {
      std::vector<double> row;
      row.reserve(which.size());
      for (std::size_t i : which) row.push_back(scorer.keyed(i, t.answers[r * K + i]));
      m.push_back(std::move(row));
    }
    Json a = Json::object();
    auto al = reliability::cronbach_alpha(m, c.in.options.conf_level);
    if (!al.ok())
      return Json{{"n", 0}, {"k", which.size()}, {"alpha", nullptr}, {"ci_low", nullptr}, {"ci_high", nullptr}};
    return Json{{"n", al.value().n},
                {"k", al.value().k},
                {"alpha", json_number(al.value().alpha)},
                {"ci_low", json_number(al.value().ci_low)},
                {"ci_high", json_number(al.value().ci_high)}};
  };
  Json family = Json::array();
  Json total = nullptr;
  for (std::size_t v = 0; v < c.ds.variables.size(); ++v) {
    const auto& var = c.ds.variables[v];
    if (var.kind != VariableKind::score || var.instrument != static_cast<int>(idx) || var.score_kind == 2) continue;
    Json e = Json::object();
    e["id"] = var.score;
    e["variable"] = var.name;
    const auto split = by_group(c, v);
    std::vector<double> all = c.ds.columns[v].numbers;
    e["all"] = describe_json(all);
    Json groups = Json::array();
    for (std::size_t g = 0; g < c.groups.size(); ++g) {
      Json d = describe_json(split[g]);
      d["group"] = c.groups[g];
      groups.push_back(std::move(d));
    }
    e["by_group"] = std::move(groups);
    std::vector<std::size_t> which;
    if (var.score_kind == 0) {
      for (const auto& s : ins.subscales) {
        if (s.id == var.score) which = s.items;
      }
    } else {
      for (std::size_t i = 0; i < ins.items.size(); ++i) {
        if (ins.items[i].type == instrument::ItemType::likert) which.push_back(i);
      }
    }
    e["alpha"] = alpha_of(which);
    e["comparison"] = c.comparable() ? compare_json(c, split[c.focal()], split[c.reference()],
                                                    Where{Where::Part::instrument, ins.id, var.score})
                                     : Json();
    if (var.score_kind == 1) {
      total = std::move(e);
    } else {
      family.push_back(std::move(e));
    }
  }
  if (c.comparable()) add_holm(family);
  out["subscales"] = std::move(family);
  out["total"] = std::move(total);
  return out;
}

// ---------------------------------------------------------------------------
// 4. Employers' feedback.

Json employers_json(const Ctx& c, std::size_t idx) {
  const Instrument& ins = *(*c.in.instruments)[idx];
  const data::ResponseTable& t = (*c.in.tables)[idx];
  const std::size_t K = t.item_ids.size();
  const double cl = c.in.options.conf_level;
  // The group of each rated graduate, from the students' records (code body
  // and programme).
  std::map<std::pair<std::string, std::string>, int> group_of;
  for (std::size_t i = 0; i < c.in.tables->size(); ++i) {
    const auto& st = (*c.in.tables)[i];
    if (st.employers) continue;
    for (std::size_t r = 0; r < st.size(); ++r) {
      const std::string& gid = st.groups[st.group[r]];
      auto it = std::find(c.groups.begin(), c.groups.end(), gid);
      if (it == c.groups.end()) continue;
      group_of.emplace(std::make_pair(st.code[r], programme_of(st, r)), static_cast<int>(it - c.groups.begin()));
    }
  }
  instrument::Scorer scorer(ins);
  const std::size_t S = ins.subscales.size();
  std::vector<std::string> score_ids;
  for (const auto& s : ins.subscales) score_ids.push_back(s.id);
  if (ins.total) score_ids.push_back(ins.total->id);
  int hire = -1;
  for (std::size_t i = 0; i < ins.items.size(); ++i) {
    if (is_yes_no(ins.items[i])) {
      hire = static_cast<int>(i);
      break;
    }
  }
  // Per record: scores, yes/no answer, programme, group.
  std::vector<std::vector<double>> score(score_ids.size(), std::vector<double>(t.size(), kMissing));
  std::vector<int> rec_group(t.size(), -1);
  std::vector<double> yes(t.size(), kMissing);
  instrument::Scores sc;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (!scorer.score(&t.answers[r * K], sc)) {
      for (std::size_t k = 0; k < S; ++k) score[k][r] = sc.subscales[k];
      if (ins.total) score[S][r] = sc.total;
    }
    if (hire >= 0) {
      double a = t.answers[r * K + static_cast<std::size_t>(hire)];
      yes[r] = is_missing(a) ? kMissing : (a == 0.0 ? 1.0 : 0.0);
    }
    if (r < t.graduate.size() && !t.graduate[r].empty()) {
      auto it = group_of.find({t.graduate[r], programme_of(t, r)});
      if (it != group_of.end()) rec_group[r] = it->second;
    }
  }
  auto summary = [&](auto&& in_set) {
    Json e = Json::object();
    long n = 0;
    for (std::size_t r = 0; r < t.size(); ++r) n += in_set(r) ? 1 : 0;
    e["ratings"] = n;
    Json s = Json::object();
    for (std::size_t k = 0; k < score_ids.size(); ++k) {
      std::vector<double> x;
      for (std::size_t r = 0; r < t.size(); ++r) {
        if (in_set(r)) x.push_back(score[k][r]);
      }
      s[score_ids[k]] = describe_json(x);
    }
    e["scores"] = std::move(s);
    if (hire >= 0) {
      double x = 0, n_answered = 0;
      for (std::size_t r = 0; r < t.size(); ++r) {
        if (in_set(r) && !is_missing(yes[r])) {
          n_answered += 1;
          x += yes[r];
        }
      }
      e["yes"] = wilson_json(x, n_answered, cl);
    }
    return e;
  };
  Json out = Json::object();
  out["instrument"] = Json{{"id", ins.id}, {"version", ins.version}};
  out["ratings"] = t.size();
  out["yes_item"] = hire >= 0 ? Json(ins.items[static_cast<std::size_t>(hire)].id) : Json(nullptr);
  out["all"] = summary([](std::size_t) { return true; });
  Json by_programme = Json::array();
  for (std::size_t p = 0; p < t.programmes.size(); ++p) {
    Json e = summary([&](std::size_t r) { return t.programme[r] == p; });
    if (e["ratings"].get<long>() == 0) continue;
    e["programme"] = t.programmes[p].empty() ? Json(nullptr) : Json(t.programmes[p]);
    by_programme.push_back(std::move(e));
  }
  Json none = summary([&](std::size_t r) { return t.programme[r] >= t.programmes.size(); });
  if (none["ratings"].get<long>() > 0) {
    none["programme"] = nullptr;
    by_programme.push_back(std::move(none));
  }
  out["by_programme"] = std::move(by_programme);
  Json by_grp = Json::array();
  for (std::size_t g = 0; g < c.groups.size(); ++g) {
    Json e = summary([&](std::size_t r) { return rec_group[r] == static_cast<int>(g); });
    e["group"] = c.groups[g];
    by_grp.push_back(std::move(e));
  }
  long unmatched = 0;
  for (int g : rec_group) unmatched += g < 0 ? 1 : 0;
  out["by_group"] = std::move(by_grp);
  out["ratings_without_group"] = unmatched;
  if (c.comparable()) {
    Json comps = Json::array();
    for (std::size_t k = 0; k < score_ids.size(); ++k) {
      std::vector<double> f, rf;
      for (std::size_t r = 0; r < t.size(); ++r) {
        if (rec_group[r] == static_cast<int>(c.focal())) f.push_back(score[k][r]);
        if (rec_group[r] == static_cast<int>(c.reference())) rf.push_back(score[k][r]);
      }
      Json e = Json{{"id", score_ids[k]}};
      e["comparison"] = compare_json(c, f, rf, Where{Where::Part::instrument, ins.id, score_ids[k]});
      comps.push_back(std::move(e));
    }
    out["comparisons"] = std::move(comps);
    if (hire >= 0) {
      std::vector<std::vector<double>> tab(2, std::vector<double>(2, 0.0));
      for (std::size_t r = 0; r < t.size(); ++r) {
        if (is_missing(yes[r])) continue;
        int row = rec_group[r] == static_cast<int>(c.focal())       ? 0
                  : rec_group[r] == static_cast<int>(c.reference()) ? 1
                                                                    : -1;
        if (row >= 0) tab[static_cast<std::size_t>(row)][yes[r] == 1.0 ? 0 : 1] += 1.0;
      }
      out["yes_tests"] =
          table_tests(c, tab, Where{Where::Part::instrument, ins.id, ins.items[static_cast<std::size_t>(hire)].id});
    }
  } else {
    out["comparisons"] = nullptr;
  }
  return out;
}

// ---------------------------------------------------------------------------
// 6. Correlations of gains, post-only totals and numeric background.

Json correlations_json(const Ctx& c) {
  std::vector<std::size_t> vars;
  for (std::size_t v = 0; v < c.ds.variables.size(); ++v) {
    const auto& var = c.ds.variables[v];
    if (var.instrument < 0) continue;
    const auto& si = c.in.study->instruments[static_cast<std::size_t>(var.instrument)];
    const bool gain = var.kind == VariableKind::gain && var.score_kind != 0;
    const bool survey = var.kind == VariableKind::score && var.score_kind == 1 && post_only(*c.in.study, si);
    const bool number = var.kind == VariableKind::variable &&
                        (var.type == VariableType::number || var.type == VariableType::integer) &&
                        si.respondents == instrument::Respondents::students;
    const bool rated = var.kind == VariableKind::rated_score && var.score_kind == 1;
    if (gain || survey || number || rated) vars.push_back(v);
  }
  Json out = Json::object();
  Json names = Json::array();
  for (std::size_t v : vars) names.push_back(c.ds.variables[v].name);
  out["variables"] = names;
  if (vars.size() < 2) {
    out["pearson"] = out["spearman"] = nullptr;
    return out;
  }
  std::vector<std::vector<double>> data;
  data.reserve(vars.size());
  for (std::size_t v : vars) data.push_back(c.ds.columns[v].numbers);
  for (auto method : {htest::CorrelationMethod::pearson, htest::CorrelationMethod::spearman}) {
    const char* key = method == htest::CorrelationMethod::pearson ? "pearson" : "spearman";
    auto m = htest::correlation_matrix(data, method, c.in.options.conf_level);
    if (!m.ok()) {
      out[key] = nullptr;
      continue;
    }
    Json pairs = Json::array();
    for (const auto& p : m.value().pairs) {
      Json e{{"x", names[p.x]},       {"y", names[p.y]},       {"n", p.n},
             {"r", json_number(p.r)}, {"p", json_number(p.p)}, {"p_holm", json_number(p.p_holm)}};
      if (method == htest::CorrelationMethod::pearson) {
        e["ci_low"] = json_number(p.ci_low);
        e["ci_high"] = json_number(p.ci_high);
      }
      if (is_missing(p.r)) {
        c.warnings.push_back(
            Message{"report.correlation_not_computed",
                    {{"x", names[p.x].get<std::string>()}, {"y", names[p.y].get<std::string>()}, {"n", p.n}}});
      }
      pairs.push_back(std::move(e));
    }
    out[key] = Json{{"pairs", std::move(pairs)}};
  }
  return out;
}

}  // namespace

Result<StudyReportParts> study_report_parts(const StudyReportInput& in) {
  if (in.study == nullptr || in.instruments == nullptr || in.tables == nullptr || in.dataset == nullptr ||
      in.instruments->size() != in.study->instruments.size() || in.tables->size() != in.study->instruments.size()) {
    return make_error(ErrorCode::invalid_input, Message{"report.inconsistent_input"});
  }
  if (!(in.options.conf_level > 0.0 && in.options.conf_level < 1.0)) {
    return make_error(ErrorCode::invalid_input, Message{"prepost.bad_conf_level", {{"value", in.options.conf_level}}});
  }
  StudyReportParts out;
  const Dataset& ds = *in.dataset;
  Ctx c{in, ds, {}, std::vector<int>(ds.n_rows, -1), {}, out.warnings};
  const int gv = find_kind(ds, VariableKind::group);
  for (const auto& g : in.study->groups) {
    for (std::size_t r = 0; r < ds.n_rows; ++r) {
      if (text_at(ds, gv, r) == g.id) {
        c.groups.push_back(g.id);
        break;
      }
    }
  }
  for (std::size_t r = 0; r < ds.n_rows; ++r) {
    auto it = std::find(c.groups.begin(), c.groups.end(), text_at(ds, gv, r));
    if (it != c.groups.end()) c.row_group[r] = static_cast<int>(it - c.groups.begin());
  }
  c.roles = group_roles(in.study, c.groups);
  if (!c.roles.comparable() && c.groups.size() >= 2) {
    out.warnings.push_back(Message{"report.no_comparison", {{"n", c.groups.size()}}});
  }

  out.flow = flow_json(c);
  out.sample = sample_json(c);
  background_and_outcomes(c, out.background, out.outcomes);
  out.post_surveys = Json::array();
  out.employers = Json::array();
  for (std::size_t i = 0; i < in.study->instruments.size(); ++i) {
    const auto& si = in.study->instruments[i];
    if (si.respondents == instrument::Respondents::employers) {
      out.employers.push_back(employers_json(c, i));
    } else if (post_only(*in.study, si)) {
      out.post_surveys.push_back(survey_json(c, i));
    }
  }
  out.correlations = correlations_json(c);
  out.groups = std::move(c.groups);
  out.roles = c.roles;
  return out;
}

}  // namespace assess::analysis
