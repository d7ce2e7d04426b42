// CSV tables of the analysis results, at full precision (the JSON numbers'
// own text), one table per result table. Layout: docs/analysis.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/analysis/report.hpp"
#include "assess/data/csv_writer.hpp"
#include "report_common.hpp"

namespace assess::analysis {

using detail::field;

std::string csv_cell(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_number()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  // Text from the files (codes, programme ids, comments) may start like a
  // spreadsheet formula: neutralised (data/csv_writer.hpp).
  std::string s = v.is_string() ? data::neutralise_text(v.get<std::string>()) : v.dump();
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

class Table {
 public:
  explicit Table(std::initializer_list<const char*> header) {
    bool first = true;
    for (const char* h : header) {
      text_ += first ? "" : ",";
      text_ += h;
      first = false;
    }
    text_ += '\n';
  }
  Table& row(std::initializer_list<Json> cells) {
    bool first = true;
    for (const auto& c : cells) {
      text_ += first ? "" : ",";
      text_ += csv_cell(c);
      first = false;
    }
    text_ += '\n';
    return *this;
  }
  Table& row_of(const std::vector<Json>& cells) {
    bool first = true;
    for (const auto& c : cells) {
      text_ += first ? "" : ",";
      text_ += csv_cell(c);
      first = false;
    }
    text_ += '\n';
    return *this;
  }
  std::string text() const { return text_; }

 private:
  std::string text_;
};

void test_row(Table& t, std::vector<Json> cells, const Json& s) {
  const Json& w = field(s, "wilcoxon");
  for (const Json& x : {field(s, "id"),
                        field(s, "n_pairs"),
                        field(field(s, "pre"), "mean"),
                        field(field(s, "pre"), "sd"),
                        field(field(s, "post"), "mean"),
                        field(field(s, "post"), "sd"),
                        field(field(s, "gain"), "mean"),
                        field(field(s, "gain"), "sd"),
                        field(field(s, "shapiro"), "W"),
                        field(field(s, "shapiro"), "p"),
                        field(s, "t"),
                        field(s, "df"),
                        field(s, "p"),
                        field(s, "p_holm"),
                        field(s, "ci_low"),
                        field(s, "ci_high"),
                        field(s, "dz"),
                        field(s, "dz_ci_low"),
                        field(s, "dz_ci_high"),
                        field(w, "V"),
                        field(w, "p"),
                        field(w, "n"),
                        field(w, "method"),
                        field(s, "primary_test"),
                        field(field(s, "pre"), "ci_low"),
                        field(field(s, "pre"), "ci_high"),
                        field(field(s, "post"), "ci_low"),
                        field(field(s, "post"), "ci_high")}) {
    cells.push_back(x);
  }
  t.row_of(cells);
}

#define ASSESS_TEST_HEADER                                                                                            \
  "scale", "n_pairs", "pre_mean", "pre_sd", "post_mean", "post_sd", "gain_mean", "gain_sd", "shapiro_W", "shapiro_p", \
      "t", "df", "p", "p_holm", "ci_low", "ci_high", "dz", "dz_ci_low", "dz_ci_high", "wilcoxon_V", "wilcoxon_p",     \
      "wilcoxon_n", "wilcoxon_method", "primary_test", "pre_ci_low", "pre_ci_high", "post_ci_low", "post_ci_high"

void profile_row(Table& t, const Json& programme, const Json& e) {
  t.row({field(programme, "id"), field(programme, "n_pairs"), field(e, "id"), field(e, "n"),
         field(field(e, "pre"), "mean"), field(field(e, "pre"), "sd"), field(field(e, "post"), "mean"),
         field(field(e, "post"), "sd"), field(field(e, "gain"), "mean"), field(field(e, "gain"), "sd")});
}

void comparison_row(Table& t, const Json& c) {
  t.row({field(c, "id"), field(c, "n_focal"), field(field(c, "gain_focal"), "mean"),
         field(field(c, "gain_focal"), "sd"), field(c, "n_reference"), field(field(c, "gain_reference"), "mean"),
         field(field(c, "gain_reference"), "sd"), field(c, "mean_diff"), field(c, "t"), field(c, "df"), field(c, "p"),
         field(c, "p_holm"), field(c, "ci_low"), field(c, "ci_high"), field(c, "d"), field(c, "d_ci_low"),
         field(c, "d_ci_high"), field(c, "g")});
}

// A two-sample comparison row after its leading cells (the focal and the
// reference group, or the group of an attrition block).
// Without `holm` (the attrition block) no p_holm cell.
void two_group_row(Table& t, std::initializer_list<Json> lead, const Json& c, const char* n1, const char* n2,
                   const char* v1, const char* v2, bool holm = true) {
  std::vector<Json> cells(lead);
  for (const Json& x : {field(c, "id"), field(c, n1), field(field(c, v1), "mean"), field(field(c, v1), "sd"),
                        field(c, n2), field(field(c, v2), "mean"), field(field(c, v2), "sd"), field(c, "mean_diff"),
                        field(c, "t"), field(c, "df"), field(c, "p")}) {
    cells.push_back(x);
  }
  if (holm) cells.push_back(field(c, "p_holm"));
  for (const Json& x : {field(c, "ci_low"), field(c, "ci_high"), field(c, "d"), field(c, "d_ci_low"),
                        field(c, "d_ci_high"), field(c, "g")}) {
    cells.push_back(x);
  }
  t.row_of(cells);
}

// Each entry of a block: the subscales, the total, the scored numbers.
template <class Row>
void each_entry(const Json& block, Row row) {
  for (const auto& s : detail::items(field(block, "subscales"))) row(s);
  if (field(block, "total").is_object()) row(field(block, "total"));
  for (const auto& s : detail::items(field(block, "numbers"))) row(s);
}

// The focal groups' blocks: every by_focal entry, else the groups object.
// The rows of the wave pairs (first wave against each later one), each
// led by the cells `lead` (a group id, or none) and the two waves.
void wave_pair_rows(Table& t, const Json& wave_pairs, const std::vector<Json>& lead) {
  for (const auto& w : detail::items(wave_pairs)) {
    std::vector<Json> cells = lead;
    cells.push_back(field(w, "from"));
    cells.push_back(field(w, "to"));
    each_entry(w, [&](const Json& s) { test_row(t, cells, s); });
  }
}

std::vector<const Json*> focal_blocks(const Json& g) {
  std::vector<const Json*> out;
  const Json& by = field(g, "by_focal");
  if (by.is_array()) {
    for (const auto& x : by) out.push_back(&x);
  } else if (field(g, "comparison").is_object()) {
    out.push_back(&g);
  }
  return out;
}

// The cells of an ANCOVA entry after the lead cells.
void ancova_row(Table& t, std::vector<Json> cells, const Json& s) {
  const Json& m = field(s, "adjusted_means");
  const Json none;
  const Json& mf = m.is_array() && m.size() > 0 ? m[0] : none;
  const Json& mr = m.is_array() && m.size() > 1 ? m[1] : none;
  const Json& h = field(s, "homogeneity");
  for (const Json& x : {field(s, "id"),          field(s, "n"),
                        field(s, "F"),           field(s, "df1"),
                        field(s, "df2"),         field(s, "p"),
                        field(s, "p_holm"),      field(s, "partial_eta_sq"),
                        field(s, "slope"),       field(mf, "mean"),
                        field(mf, "se"),         field(mf, "ci_low"),
                        field(mf, "ci_high"),    field(mr, "mean"),
                        field(mr, "se"),         field(mr, "ci_low"),
                        field(mr, "ci_high"),    field(s, "adjusted_diff"),
                        field(s, "diff_ci_low"), field(s, "diff_ci_high"),
                        field(h, "F"),           field(h, "df1"),
                        field(h, "df2"),         field(h, "p")}) {
    cells.push_back(x);
  }
  t.row_of(cells);
}

#define ASSESS_ANCOVA_HEADER                                                                               \
  "scale", "n", "F", "df1", "df2", "p", "p_holm", "partial_eta_sq", "slope", "adjusted_mean_focal",        \
      "adjusted_se_focal", "adjusted_ci_low_focal", "adjusted_ci_high_focal", "adjusted_mean_reference",   \
      "adjusted_se_reference", "adjusted_ci_low_reference", "adjusted_ci_high_reference", "adjusted_diff", \
      "diff_ci_low", "diff_ci_high", "homogeneity_F", "homogeneity_df1", "homogeneity_df2", "homogeneity_p"

// The later waves' blocks (groups.post.followup, groups.ancova.followup):
// one row per wave, focal group and score; no table without a later wave.
void later_tables(const std::vector<const Json*>& focal, CsvTables& out) {
  Table tp({"wave",
            "focal",
            "reference",
            "scale",
            "n_focal",
            "post_focal_mean",
            "post_focal_sd",
            "n_reference",
            "post_reference_mean",
            "post_reference_sd",
            "mean_diff",
            "t",
            "df",
            "p",
            "p_holm",
            "ci_low",
            "ci_high",
            "d",
            "d_ci_low",
            "d_ci_high",
            "g"});
  Table ta({"wave", "focal", "reference", ASSESS_ANCOVA_HEADER});
  bool any = false;
  for (const Json* one : focal) {
    const Json& pf = field(field(*one, "post"), "followup");
    for (auto it = pf.begin(); pf.is_object() && it != pf.end(); ++it) {
      const Json& c = it.value();
      any = true;
      each_entry(c, [&](const Json& s) {
        two_group_row(tp, {it.key(), field(c, "focal"), field(c, "reference")}, s, "n_focal", "n_reference",
                      "post_focal", "post_reference");
      });
    }
    const Json& af = field(field(*one, "ancova"), "followup");
    const Json& c = field(*one, "comparison");
    for (auto it = af.begin(); af.is_object() && it != af.end(); ++it) {
      each_entry(it.value(), [&](const Json& s) {
        ancova_row(ta, {it.key(), field(c, "focal"), field(c, "reference")}, s);
      });
    }
  }
  if (!any) return;
  out.emplace_back("group_followup", tp.text());
  out.emplace_back("group_ancova_followup", ta.text());
}

void group_tables(const Json& g, CsvTables& out) {
  const std::vector<const Json*> focal = focal_blocks(g);
  if (focal.empty()) return;
  for (const char* key : {"baseline", "post"}) {
    const std::string v = key == std::string("baseline") ? "pre" : "post";
    const std::string f = v + "_focal", r = v + "_reference";
    Table t({"focal",
             "reference",
             "scale",
             "n_focal",
             (f + "_mean").c_str(),
             (f + "_sd").c_str(),
             "n_reference",
             (r + "_mean").c_str(),
             (r + "_sd").c_str(),
             "mean_diff",
             "t",
             "df",
             "p",
             "p_holm",
             "ci_low",
             "ci_high",
             "d",
             "d_ci_low",
             "d_ci_high",
             "g"});
    for (const Json* one : focal) {
      const Json& c = field(*one, key);
      each_entry(c, [&](const Json& s) {
        two_group_row(t, {field(c, "focal"), field(c, "reference")}, s, "n_focal", "n_reference", f.c_str(), r.c_str());
      });
    }
    out.emplace_back(std::string("group_") + key, t.text());
  }
  if (focal.size() > 1) {
    Table t({"focal",
             "reference",
             "scale",
             "n_focal",
             "gain_focal_mean",
             "gain_focal_sd",
             "n_reference",
             "gain_reference_mean",
             "gain_reference_sd",
             "mean_diff",
             "t",
             "df",
             "p",
             "p_holm",
             "ci_low",
             "ci_high",
             "d",
             "d_ci_low",
             "d_ci_high",
             "g"});
    for (const Json* one : focal) {
      const Json& c = field(*one, "comparison");
      each_entry(c, [&](const Json& s) {
        two_group_row(t, {field(c, "focal"), field(c, "reference")}, s, "n_focal", "n_reference", "gain_focal",
                      "gain_reference");
      });
    }
    out.emplace_back("group_comparisons", t.text());
  }
  {
    Table t({"focal", "reference", ASSESS_ANCOVA_HEADER});
    for (const Json* one : focal) {
      const Json& c = field(*one, "comparison");
      each_entry(field(*one, "ancova"), [&](const Json& s) {
        ancova_row(t, {field(c, "focal"), field(c, "reference")}, s);
      });
    }
    out.emplace_back("group_ancova", t.text());
  }
  later_tables(focal, out);
  {
    Table t({"focal", "reference", "scale", "n", "effect", "F", "df1", "df2", "p", "partial_eta_sq", "gg_epsilon",
             "p_gg", "p_holm"});
    for (const Json* one : focal) {
      const Json& c = field(*one, "comparison");
      each_entry(field(*one, "mixed"), [&](const Json& s) {
        for (const char* e : {"between", "within", "interaction"}) {
          const Json& x = field(s, e);
          t.row({field(c, "focal"), field(c, "reference"), field(s, "id"), field(s, "n"), e, field(x, "F"),
                 field(x, "df1"), field(x, "df2"), field(x, "p"), field(x, "partial_eta_sq"), field(x, "gg_epsilon"),
                 field(x, "p_gg"), field(x, "p_holm")});
        }
      });
    }
    out.emplace_back("group_mixed", t.text());
  }
  Table t({"group", "scale", "n_pre_only", "pre_only_mean", "pre_only_sd", "n_completers", "completers_mean",
           "completers_sd", "mean_diff", "t", "df", "p", "ci_low", "ci_high", "d", "d_ci_low", "d_ci_high", "g"});
  for (const auto& a : detail::items(field(g, "attrition"))) {
    each_entry(a, [&](const Json& s) {
      two_group_row(t, {field(a, "group")}, s, "n_pre_only", "n_completers", "pre_only", "completers", false);
    });
  }
  out.emplace_back("attrition", t.text());
}

std::string problems_table(const Json& result) {
  Table t({"file", "row", "column", "field", "code", "severity", "message"});
  for (const auto& p : detail::items(field(result, "problems"))) {
    t.row({field(p, "file"), field(p, "row"), field(p, "column"), field(p, "field"), field(p, "code"),
           field(p, "severity"), field(p, "message")});
  }
  return t.text();
}

}  // namespace

CsvTables prepost_csv(const Json& r) {
  CsvTables out;
  {
    // The subscales (the Holm family) and the total in one table; the
    // total's p_holm is empty.
    Table t({"set", ASSESS_TEST_HEADER});
    for (const auto& s : detail::items(field(r, "subscales"))) test_row(t, {"subscale"}, s);
    if (field(r, "total").is_object()) test_row(t, {"total"}, field(r, "total"));
    for (const auto& s : detail::items(field(r, "numbers"))) test_row(t, {"number"}, s);
    out.emplace_back("prepost", t.text());
  }
  {
    Table t({"wave", "scale", "k", "n", "alpha", "ci_low", "ci_high", "omega", "spearman_brown"});
    for (const char* w : {"pre", "post"}) {
      const Json& per = field(field(r, "reliability"), w);
      if (!per.is_object()) continue;
      for (auto it = per.begin(); it != per.end(); ++it) {
        const Json& e = it.value();
        t.row({w, it.key(), field(e, "k"), field(e, "n"), field(e, "alpha"), field(e, "ci_low"), field(e, "ci_high"),
               field(e, "omega"), field(e, "spearman_brown")});
      }
    }
    out.emplace_back("reliability", t.text());
  }
  if (field(r, "factor_model").is_object()) {
    // One row per wave (the fit fields empty where it was not fitted), then
    // the loadings and the factor correlations of the fitted waves.
    const Json& fm = field(r, "factor_model");
    Table t({"wave", "fitted", "reason", "n", "k", "required_n", "converged", "iterations", "chisq", "df", "p", "cfi",
             "tli", "rmsea", "rmsea_ci_low", "rmsea_ci_high", "srmr"});
    Table l({"wave", "factor", "item", "std_loading"});
    Table c({"wave", "factor_a", "factor_b", "r"});
    for (const char* w : {"pre", "post"}) {
      const Json& m = field(fm, w);
      if (!m.is_object()) continue;
      t.row({w, field(m, "fitted"), field(m, "reason"), field(m, "n"), field(m, "k"), field(m, "required_n"),
             field(m, "converged"), field(m, "iterations"), field(m, "chisq"), field(m, "df"), field(m, "p"),
             field(m, "cfi"), field(m, "tli"), field(m, "rmsea"), field(m, "rmsea_ci_low"), field(m, "rmsea_ci_high"),
             field(m, "srmr")});
      if (field(m, "fitted") != Json(true)) continue;
      const Json& fs = detail::items(field(m, "factors"));
      const Json& loadings = field(m, "std_loadings");
      std::size_t at = 0;
      for (const auto& f : fs) {
        for (const auto& it : detail::items(field(f, "items"))) {
          l.row({w, field(f, "id"), it, loadings.is_array() && at < loadings.size() ? loadings[at] : Json(nullptr)});
          ++at;
        }
      }
      const Json& corr = field(m, "factor_correlations");
      for (std::size_t a = 0; a < fs.size(); ++a) {
        for (std::size_t b = a + 1; b < fs.size(); ++b) {
          const bool ok = corr.is_array() && a < corr.size() && corr[a].is_array() && b < corr[a].size();
          c.row({w, field(fs[a], "id"), field(fs[b], "id"), ok ? corr[a][b] : Json(nullptr)});
        }
      }
    }
    out.emplace_back("factor_model", t.text());
    out.emplace_back("factor_loadings", l.text());
    out.emplace_back("factor_correlations", c.text());
  }
  {
    Table t(
        {"programme", "n_pairs", "scale", "n", "pre_mean", "pre_sd", "post_mean", "post_sd", "gain_mean", "gain_sd"});
    for (const auto& p : detail::items(field(r, "programmes"))) {
      for (const auto& e : detail::items(field(p, "subscales"))) profile_row(t, p, e);
      if (field(p, "total").is_object()) profile_row(t, p, field(p, "total"));
      for (const auto& e : detail::items(field(p, "numbers"))) profile_row(t, p, e);
    }
    out.emplace_back("programmes", t.text());
  }
  if (field(r, "wave_pairs").is_array()) {
    Table t({"from", "to", ASSESS_TEST_HEADER});
    wave_pair_rows(t, field(r, "wave_pairs"), {});
    out.emplace_back("wave_pairs", t.text());
  }
  const Json& g = field(r, "groups");
  if (g.is_object()) {
    Table t({"group", ASSESS_TEST_HEADER});
    for (const auto& b : detail::items(field(g, "by_group"))) {
      for (const auto& s : detail::items(field(b, "subscales"))) test_row(t, {field(b, "id")}, s);
      if (field(b, "total").is_object()) test_row(t, {field(b, "id")}, field(b, "total"));
      for (const auto& s : detail::items(field(b, "numbers"))) test_row(t, {field(b, "id")}, s);
    }
    out.emplace_back("groups", t.text());
    Table tw({"group", "from", "to", ASSESS_TEST_HEADER});
    bool later = false;
    for (const auto& b : detail::items(field(g, "by_group"))) {
      later = later || field(b, "wave_pairs").is_array();
      wave_pair_rows(tw, field(b, "wave_pairs"), {field(b, "id")});
    }
    if (later) out.emplace_back("group_wave_pairs", tw.text());
    const Json& c = field(g, "comparison");
    if (c.is_object()) {
      Table tc({"scale", "n_focal", "gain_focal_mean", "gain_focal_sd", "n_reference", "gain_reference_mean",
                "gain_reference_sd", "mean_diff", "t", "df", "p", "p_holm", "ci_low", "ci_high", "d", "d_ci_low",
                "d_ci_high", "g"});
      for (const auto& s : detail::items(field(c, "subscales"))) comparison_row(tc, s);
      if (field(c, "total").is_object()) comparison_row(tc, field(c, "total"));
      for (const auto& s : detail::items(field(c, "numbers"))) comparison_row(tc, s);
      out.emplace_back("group_comparison", tc.text());
    }
    group_tables(g, out);
  }
  {
    const Json& l = field(r, "linking");
    Table t({"kind", "code", "programme", "file", "row", "other_code", "edit", "position"});
    for (const char* kind : {"unmatched_pre", "unmatched_post"}) {
      for (const auto& c : detail::items(field(l, kind))) {
        t.row({kind, field(c, "code"), field(c, "programme"), field(c, "file"), field(c, "row"), nullptr, nullptr,
               nullptr});
      }
    }
    for (const auto& n : detail::items(field(l, "near_matches"))) {
      const Json& pr = field(n, "pre_record");
      t.row({"near_match", field(n, "pre"), field(pr, "programme"), field(pr, "file"), field(pr, "row"),
             field(n, "post"), field(n, "edit"), field(n, "position")});
    }
    const Json& later = field(l, "waves");
    for (auto it = later.begin(); later.is_object() && it != later.end(); ++it) {
      for (const char* kind : {"unmatched_pre", "unmatched_post"}) {
        for (const auto& c : detail::items(field(it.value(), kind))) {
          t.row({it.key() + ":" + kind, field(c, "code"), field(c, "programme"), field(c, "file"), field(c, "row"),
                 nullptr, nullptr, nullptr});
        }
      }
    }
    out.emplace_back("linking", t.text());
  }
  out.emplace_back("problems", problems_table(r));
  return out;
}

CsvTables panel_csv(const Json& r) {
  CsvTables out;
  std::vector<const Json*> blocks;
  for (const auto& c : detail::items(field(r, "criteria"))) blocks.push_back(&c);
  if (field(r, "overall").is_object()) blocks.push_back(&field(r, "overall"));
  {
    Table t({"criterion",
             "W",
             "chi2",
             "df",
             "p",
             "m",
             "n",
             "low_agreement",
             "mean",
             "icc_n",
             "icc2",
             "icc2_ci_low",
             "icc2_ci_high",
             "icc2k",
             "icc2k_ci_low",
             "icc2k_ci_high",
             "icc_F",
             "icc_df1",
             "icc_df2",
             "icc_p",
             "alpha_interval",
             "alpha_ordinal",
             "alpha_n_pairable",
             "kappa_linear",
             "kappa_se",
             "kappa_ci_low",
             "kappa_ci_high",
             "kappa_n"});
    for (const Json* c : blocks) {
      const Json& icc = field(*c, "icc");
      const Json& i2 = field(icc, "ICC2");
      const Json& i2k = field(icc, "ICC2k");
      const Json& al = field(*c, "alpha");
      const Json& ka = field(*c, "kappa");
      t.row({field(*c, "id"),       field(*c, "W"),       field(*c, "chi2"),       field(*c, "df"),
             field(*c, "p"),        field(*c, "m"),       field(*c, "n"),          field(*c, "low_agreement"),
             field(*c, "mean"),     field(icc, "n"),      field(i2, "icc"),        field(i2, "ci_low"),
             field(i2, "ci_high"),  field(i2k, "icc"),    field(i2k, "ci_low"),    field(i2k, "ci_high"),
             field(i2, "F"),        field(i2, "df1"),     field(i2, "df2"),        field(i2, "p"),
             field(al, "interval"), field(al, "ordinal"), field(al, "n_pairable"), field(ka, "kappa"),
             field(ka, "se"),       field(ka, "ci_low"),  field(ka, "ci_high"),    field(ka, "n")});
    }
    out.emplace_back("agreement", t.text());
  }
  {
    Table t({"criterion", "programme", "n", "mean", "sd", "mean_rank", "rank"});
    for (const Json* c : blocks) {
      for (const auto& p : detail::items(field(*c, "programmes"))) {
        t.row({field(*c, "id"), field(p, "id"), field(p, "n"), field(p, "mean"), field(p, "sd"), field(p, "mean_rank"),
               field(p, "rank")});
      }
    }
    out.emplace_back("ratings", t.text());
  }
  {
    Table t({"programme", "expert", "comment"});
    for (const auto& c : detail::items(field(r, "comments"))) {
      t.row({field(c, "programme"), field(c, "expert"), field(c, "text")});
    }
    out.emplace_back("comments", t.text());
  }
  out.emplace_back("problems", problems_table(r));
  return out;
}

}  // namespace assess::analysis
