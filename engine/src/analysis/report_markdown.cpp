// Markdown summaries of the analysis results with APA-style tables (7th ed.
// conventions: two decimals for M, SD, t, d; p with three decimals and no
// leading zero, "< .001" below; alpha and W without the leading zero).
// Every number is the rounded JSON number. Layout: docs/analysis.md.
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "assess/analysis/report.hpp"
#include "report_common.hpp"

namespace assess::analysis {

using detail::any_kappa;
using detail::bounded_interval;
using detail::count;
using detail::f_df;
using detail::field;
using detail::interval;
using detail::items;
using detail::kDash;
using detail::m_sd;
using detail::str;
using detail::t_df;

namespace {

std::string fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) {
    if (!s.empty() && s[0] == '-') s.erase(0, 1);  // no "-0.00"
  }
  return s;
}

thread_local bool t_decimal_comma = false;

// The number text with the decimal mark of the rendering.
std::string marked(std::string s) {
  if (t_decimal_comma) {
    for (char& c : s) {
      if (c == '.') c = ',';
    }
  }
  return s;
}

// ".034" for "0.034" (APA), unless the comma keeps the leading zero.
std::string drop_leading_zero(std::string s) {
  if (t_decimal_comma) return marked(std::move(s));
  if (s.rfind("0.", 0) == 0) return s.substr(1);
  if (s.rfind("-0.", 0) == 0) return "-" + s.substr(2);
  return s;
}

// Text in a table cell: '|' would end the cell, line breaks the row.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// V is a rank sum: a whole number or a half.
std::string rank_sum(const Json& v) {
  if (!v.is_number()) return kDash;
  double x = v.get<double>();
  return marked(fixed(x, std::floor(x) == x ? 0 : 1));
}

std::string primary(const Json& s) {
  const Json& p = field(s, "primary_test");
  if (p == "wilcoxon") return "Wilcoxon";
  if (p == "paired_t") return "t";
  return kDash;
}

std::string test_row(const std::string& first, const Json& s, bool holm) {
  const Json& w = field(s, "wilcoxon");
  const Json& sw = field(s, "shapiro");
  std::string row = "| " + first + " | " + count(field(s, "n_pairs")) + " | " + m_sd(field(s, "pre")) + " | " +
                    m_sd(field(s, "post")) + " | " + m_sd(field(s, "gain")) + " | " +
                    t_df(field(s, "t"), field(s, "df")) + " | " + apa_p(field(s, "p")) + " | " +
                    (holm ? apa_p(field(s, "p_holm")) : std::string(kDash)) + " | " +
                    interval(field(s, "dz"), field(s, "dz_ci_low"), field(s, "dz_ci_high")) + " | " +
                    rank_sum(field(w, "V")) + " | " + apa_p(field(w, "p")) + " | " + apa_bounded(field(sw, "W"), 2) +
                    " (" + apa_p(field(sw, "p")) + ") | " + primary(s) + " |\n";
  return row;
}

const char* kTestHeader =
    " | n | Pre M (SD) | Post M (SD) | Gain M (SD) | t(df) | p | Holm p | d_z [CI] | Wilcoxon V | p (V) | "
    "Shapiro-Wilk W (p) | Primary |\n";
const char* kTestRule = "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n";

std::string test_table(const char* first_header, const Json& block, const std::string& prefix = "") {
  std::string out = std::string("| ") + first_header + kTestHeader + kTestRule;
  for (const auto& s : items(field(block, "subscales"))) out += test_row(prefix + cell(str(field(s, "id"))), s, true);
  if (field(block, "total").is_object()) {
    out += test_row(prefix + cell(str(field(field(block, "total"), "id"))), field(block, "total"), false);
  }
  for (const auto& s : items(field(block, "numbers"))) out += test_row(prefix + cell(str(field(s, "id"))), s, false);
  return out;
}

// The rows of the wave pairs (first wave against each later one) of a
// result or a group, each row led by `lead` and "from -> to".
std::string wave_pair_rows(const Json& wave_pairs, const std::string& lead) {
  std::string rows;
  for (const auto& w : items(wave_pairs)) {
    const std::string first = lead + cell(str(field(w, "from"))) + " -> " + cell(str(field(w, "to"))) + " | ";
    for (const auto& s : items(field(w, "subscales"))) rows += test_row(first + cell(str(field(s, "id"))), s, true);
    if (field(w, "total").is_object()) {
      rows += test_row(first + cell(str(field(field(w, "total"), "id"))), field(w, "total"), false);
    }
    for (const auto& s : items(field(w, "numbers"))) rows += test_row(first + cell(str(field(s, "id"))), s, false);
  }
  return rows;
}

const char* kWavePairsNote =
    "\n*Note.* Each later wave against the first over the respondents with both records and both scores; Holm "
    "over the subscales within each pair of waves, the total outside.\n\n";

// Each entry of a block (subscales, total, scored numbers) with whether it
// is in the block's Holm family.
template <class Row>
void each_entry(const Json& block, Row row) {
  for (const auto& s : items(field(block, "subscales"))) row(s, true);
  if (field(block, "total").is_object()) row(field(block, "total"), false);
  for (const auto& s : items(field(block, "numbers"))) row(s, false);
}

// Holm p of an entry in the family, else a dash.
std::string holm_cell(const Json& s, bool holm) { return holm ? apa_p(field(s, "p_holm")) : std::string(kDash); }

std::string f_test(const Json& e) {
  if (!field(e, "F").is_number()) return kDash;
  return "F(" + apa_df(field(e, "df1")) + ", " + apa_df(field(e, "df2")) + ") = " + apa_fixed(field(e, "F"), 2);
}

// A comparison of two samples on one score per row (gains, baseline, post,
// attrition): n and M (SD) of each, the difference, t, p, Holm p, d, g.
std::string two_group_table(const Json& c, const char* n1, const char* n2, const char* v1, const char* v2,
                            const std::string& h1, const std::string& h2, const char* what, bool holm_column) {
  std::string out = "| Scale | n (" + h1 + ") | " + what + " M (SD) | n (" + h2 + ") | " + what +
                    " M (SD) | Difference [CI] | t(df) | p | " + (holm_column ? "Holm p | " : "") +
                    "d [CI] | g |\n|---|--:|--:|--:|--:|--:|--:|--:|" + (holm_column ? "--:|" : "") + "--:|--:|\n";
  each_entry(c, [&](const Json& s, bool holm) {
    out += "| " + cell(str(field(s, "id"))) + " | " + count(field(s, n1)) + " | " + m_sd(field(s, v1)) + " | " +
           count(field(s, n2)) + " | " + m_sd(field(s, v2)) + " | " +
           interval(field(s, "mean_diff"), field(s, "ci_low"), field(s, "ci_high")) + " | " +
           t_df(field(s, "t"), field(s, "df")) + " | " + apa_p(field(s, "p")) + " | " +
           (holm_column ? holm_cell(s, holm) + " | " : std::string()) +
           interval(field(s, "d"), field(s, "d_ci_low"), field(s, "d_ci_high")) + " | " + apa_fixed(field(s, "g"), 2) +
           " |\n";
  });
  return out;
}

// An ANCOVA block (`later`, the wave adjusted for the pre-test: "post" or a
// later wave's id) with its note.
std::string ancova_table(const Json& a, const std::string& f, const std::string& ref, const std::string& later) {
  std::string out =
      "| Scale | n | F(df) | p | Holm p | partial eta^2 | Slope | Adjusted M (" + f + ") [CI] | Adjusted M (" + ref +
      ") [CI] | Difference [CI] | Slopes equal: F(df), p |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  each_entry(a, [&](const Json& s, bool holm) {
    const Json& m = field(s, "adjusted_means");
    auto adj = [&](std::size_t i) {
      const Json& e = m.is_array() && m.size() > i ? m[i] : Json();
      return interval(field(e, "mean"), field(e, "ci_low"), field(e, "ci_high"));
    };
    const Json& h = field(s, "homogeneity");
    out += "| " + cell(str(field(s, "id"))) + " | " + count(field(s, "n")) + " | " + f_test(s) + " | " +
           apa_p(field(s, "p")) + " | " + holm_cell(s, holm) + " | " + apa_bounded(field(s, "partial_eta_sq"), 2) +
           " | " + apa_fixed(field(s, "slope"), 2) + " | " + adj(0) + " | " + adj(1) + " | " +
           interval(field(s, "adjusted_diff"), field(s, "diff_ci_low"), field(s, "diff_ci_high")) + " | " + f_test(h) +
           ", " + apa_p(field(h, "p")) + " |\n";
  });
  out += "\n*Note.* anova(lm(" + later +
         " ~ pre + group)), the group row; adjusted means at the mean pre-test score; the " +
         std::string("difference is ") + f + " minus " + ref + ". Slopes equal: the pre x group interaction of lm(" +
         later + " ~ pre * group). Holm over the subscales.\n\n";
  return out;
}

// The tables of one focal group against the reference: gains, baseline,
// post, ANCOVA, mixed ANOVA (groups.comparison ... or a by_focal entry).
std::string focal_tables(const Json& g, const Json& r, int& table) {
  std::string out;
  const Json& c = field(g, "comparison");
  if (!c.is_object()) return out;
  const std::string f = cell(str(field(c, "focal"))), ref = cell(str(field(c, "reference")));
  const bool student = field(r, "equal_var").is_boolean() && field(r, "equal_var").get<bool>();
  const std::string test = student ? "Student's t test (pooled variance)" : "Welch's t test";
  const bool numbers = !items(field(c, "numbers")).empty();
  const std::string note = std::string(
                               "d uses the pooled SD (CI from the noncentral t), g is Hedges' correction of "
                               "d. Holm over the subscales; ") +
                           (numbers ? "the total and the scored numbers are" : "the total is") +
                           " outside the family.\n\n";
  out += "## Table " + std::to_string(table++) + ". Gains of " + f + " vs " + ref + "\n\n";
  out += two_group_table(c, "n_focal", "n_reference", "gain_focal", "gain_reference", f, ref, "Gain", true);
  out += "\n*Note.* " + test + " on the gains; " + note;
  const Json& b = field(g, "baseline");
  if (b.is_object()) {
    out += "## Table " + std::to_string(table++) + ". Pre-test scores of " + f + " vs " + ref + " (baseline)\n\n";
    out += two_group_table(b, "n_focal", "n_reference", "pre_focal", "pre_reference", f, ref, "Pre", true);
    out += "\n*Note.* Respondents with both scores. " + test + "; " + note;
  }
  const Json& p = field(g, "post");
  if (p.is_object()) {
    out += "## Table " + std::to_string(table++) + ". Post-test scores of " + f + " vs " + ref + "\n\n";
    out += two_group_table(p, "n_focal", "n_reference", "post_focal", "post_reference", f, ref, "Post", true);
    out += "\n*Note.* Respondents with both scores. " + test + "; " + note;
  }
  const Json& pf = field(p, "followup");
  for (auto it = pf.begin(); pf.is_object() && it != pf.end(); ++it) {
    const std::string w = cell(it.key());
    out += "## Table " + std::to_string(table++) + ". Scores at wave " + w + " of " + f + " vs " + ref + "\n\n";
    out +=
        two_group_table(it.value(), "n_focal", "n_reference", "post_focal", "post_reference", f, ref, w.c_str(), true);
    out += "\n*Note.* Respondents with both scores of the first wave and of " + w + ". " + test + "; " + note;
  }
  const Json& a = field(g, "ancova");
  if (a.is_object()) {
    out += "## Table " + std::to_string(table++) + ". Post-test adjusted for pre-test (ANCOVA), " + f + " vs " + ref +
           "\n\n";
    out += ancova_table(a, f, ref, "post");
  }
  const Json& af = field(a, "followup");
  for (auto it = af.begin(); af.is_object() && it != af.end(); ++it) {
    const std::string w = cell(it.key());
    out += "## Table " + std::to_string(table++) + ". Wave " + w + " adjusted for pre-test (ANCOVA), " + f + " vs " +
           ref + "\n\n";
    out += ancova_table(it.value(), f, ref, w);
  }
  const Json& x = field(g, "mixed");
  if (x.is_object()) {
    out += "## Table " + std::to_string(table++) + ". Group x wave (mixed ANOVA), " + f + " vs " + ref + "\n\n";
    out +=
        "| Scale | n | Group F(df) | p | partial eta^2 | Wave F(df) | p | partial eta^2 | Group x wave F(df) | p | "
        "Holm p | partial eta^2 |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
    each_entry(x, [&](const Json& s, bool holm) {
      const Json& be = field(s, "between");
      const Json& wi = field(s, "within");
      const Json& in = field(s, "interaction");
      out += "| " + cell(str(field(s, "id"))) + " | " + count(field(s, "n")) + " | " + f_test(be) + " | " +
             apa_p(field(be, "p")) + " | " + apa_bounded(field(be, "partial_eta_sq"), 2) + " | " + f_test(wi) + " | " +
             apa_p(field(wi, "p_gg")) + " | " + apa_bounded(field(wi, "partial_eta_sq"), 2) + " | " + f_test(in) +
             " | " + apa_p(field(in, "p_gg")) + " | " + holm_cell(in, holm) + " | " +
             apa_bounded(field(in, "partial_eta_sq"), 2) + " |\n";
    });
    const Json& waves = field(x, "waves");
    if (waves.is_array()) {
      std::string list;
      for (const auto& w : waves) list += (list.empty() ? "" : ", ") + cell(str(w));
      out += "\n*Note.* Type III sums of squares (sum-to-zero contrasts), waves " + list +
             ", respondents with a score at every wave; p of the within effects Greenhouse-Geisser corrected. "
             "Holm over the subscales' group x wave p.\n\n";
    } else {
      out +=
          "\n*Note.* Type III sums of squares (sum-to-zero contrasts), respondents with both scores; p of the "
          "within effects Greenhouse-Geisser corrected (epsilon 1 with two waves). Holm over the subscales' "
          "group x wave p.\n\n";
    }
  }
  return out;
}

std::string conf_text(const Json& r) {
  const Json& c = field(r, "conf_level");
  double level = c.is_number() ? c.get<double>() : 0.95;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", level * 100.0);
  return buf;
}

std::string problems_section(const Json& r) {
  std::string out = "## Import problems\n\n";
  const Json& ps = items(field(r, "problems"));
  if (ps.empty()) return out + "None.\n\n";
  out += "| File | Row | Column | Severity | Problem |\n|---|--:|--:|---|---|\n";
  for (const auto& p : ps) {
    out += "| " + cell(str(field(p, "file"))) + " | " + count(field(p, "row")) + " | " +
           cell(field(p, "field").is_string() && !field(p, "field").get<std::string>().empty()
                    ? str(field(p, "field"))
                    : count(field(p, "column"))) +
           " | " + cell(str(field(p, "severity"))) + " | " + cell(str(field(p, "message"))) + " |\n";
  }
  return out + "\n";
}

std::string warnings_section(const Json& r) {
  const Json& ws = items(field(r, "warnings"));
  if (ws.empty()) return "";
  std::string out = "## Warnings\n\n";
  for (const auto& w : ws) out += "- " + cell(str(w)) + "\n";
  return out + "\n";
}

// Unmatched records: `code` (programme, file row N).
std::string records(const Json& list) {
  std::string out;
  for (const auto& r : items(list)) {
    out += std::string(out.empty() ? "" : "; ") + "`" + str(field(r, "code")) + "` (" +
           cell(str(field(r, "programme"))) + ", " + cell(str(field(r, "file"))) + " row " + count(field(r, "row")) +
           ")";
  }
  return out.empty() ? "none" : out;
}

// The linking of each later wave to the first (linking.waves): counts and
// problems; the unmatched records are in the CSV.
std::string later_linking(const Json& waves) {
  std::string out;
  for (auto it = waves.begin(); waves.is_object() && it != waves.end(); ++it) {
    const Json& w = it.value();
    const std::string id = cell(it.key());
    out += "- Wave " + id + " linked to the first wave: " + count(field(w, "matched")) + " (" +
           count(field(w, "matched_exact")) + " by identical code, " + count(field(w, "matched_by_override")) +
           " by confirmed link); first wave without " + id + ": " +
           std::to_string(items(field(w, "unmatched_pre")).size()) + ", " + id +
           " without the first wave: " + std::to_string(items(field(w, "unmatched_post")).size()) + "\n";
    for (const auto& p : items(field(w, "problems"))) {
      out += "- Linking problem (" + id + "): " + cell(str(field(p, "message"))) + "\n";
    }
  }
  return out;
}

std::string engine_line(const Json& r) {
  const Json& e = field(r, "engine");
  return "assess " + (field(e, "version").is_string() ? field(e, "version").get<std::string>() : std::string("?"));
}

}  // namespace

DecimalComma::DecimalComma(bool on) : before_(t_decimal_comma) { t_decimal_comma = on; }
DecimalComma::~DecimalComma() { t_decimal_comma = before_; }
bool decimal_comma() { return t_decimal_comma; }
const char* limits_separator() { return t_decimal_comma ? "; " : ", "; }

std::string apa_fixed(const Json& x, int decimals) {
  if (!x.is_number()) return kDash;
  return marked(fixed(x.get<double>(), decimals));
}

std::string apa_p(const Json& p) {
  if (!p.is_number()) return kDash;
  double v = p.get<double>();
  if (v < 0.001) return t_decimal_comma ? "< 0,001" : "< .001";
  return drop_leading_zero(fixed(v, 3));
}

std::string apa_p_is(const Json& p) {
  const std::string v = apa_p(p);
  return v.rfind('<', 0) == 0 ? "p " + v : "p = " + v;
}

std::string apa_bounded(const Json& x, int decimals) {
  if (!x.is_number()) return kDash;
  return drop_leading_zero(fixed(x.get<double>(), decimals));
}

std::string apa_df(const Json& df) {
  if (!df.is_number()) return kDash;
  double v = df.get<double>();
  return std::floor(v) == v ? fixed(v, 0) : marked(fixed(v, 2));
}

namespace {

// The omega of a scale of three items or more, the Spearman-Brown
// coefficient of two ("0.78 (S-B)"), or "-".
std::string omega_cell(const Json& e) {
  if (field(e, "omega").is_number()) return apa_bounded(field(e, "omega"), 2);
  if (field(e, "spearman_brown").is_number()) return apa_bounded(field(e, "spearman_brown"), 2) + " (S-B)";
  return kDash;
}

const char* wave_name(int w) { return w == 0 ? "pre-test" : "post-test"; }

// Why the confirmatory factor analysis of a wave is not reported, one
// sentence per wave (none when both are fitted).
std::string factor_model_sentences(const Json& fm) {
  std::string out;
  for (int w = 0; w < 2; ++w) {
    const Json& m = field(fm, w == 0 ? "pre" : "post");
    if (!m.is_object() || field(m, "fitted") == Json(true)) continue;
    const std::string reason = str(field(m, "reason"));
    const std::string at = std::string(" at ") + wave_name(w);
    if (reason == "sample_size") {
      out += " The confirmatory factor analysis of the subscales was not fitted" + at + ": " + count(field(m, "n")) +
             " complete responses for " + count(field(m, "k")) + " items, fewer than the " +
             count(field(m, "required_n")) +
             " it requires (n >= max(200, 10 per item)); the total's omega comes from the same model.";
    } else if (reason == "fit_failed") {
      out += " The confirmatory factor analysis of the subscales could not be fitted" + at + " (see the warnings).";
    } else if (reason == "structure" && w == 0) {
      out +=
          " No confirmatory factor analysis: the subscales give no identified factor model (a factor needs two "
          "items, a single factor three).";
    }
  }
  return out;
}

// The fitted factor models: fit indices, standardised loadings and factor
// correlations of each wave with a fit; nothing when neither wave has one.
std::string factor_model_tables(const Json& fm, int& table) {
  const Json* waves[2] = {&field(fm, "pre"), &field(fm, "post")};
  const bool fitted[2] = {field(*waves[0], "fitted") == Json(true), field(*waves[1], "fitted") == Json(true)};
  if (!fitted[0] && !fitted[1]) return std::string();
  std::string out = "## Table " + std::to_string(table++) + ". Confirmatory factor analysis of the subscales\n\n";
  out +=
      "| Wave | n | k | chi2(df) | p | CFI | TLI | RMSEA [90% CI] | SRMR | Iterations |\n"
      "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  for (int w = 0; w < 2; ++w) {
    if (!fitted[w]) continue;
    const Json& m = *waves[w];
    const std::string chi = field(m, "chisq").is_number()
                                ? "chi2(" + apa_df(field(m, "df")) + ") = " + apa_fixed(field(m, "chisq"), 2)
                                : std::string(kDash);
    out += std::string("| ") + wave_name(w) + " | " + count(field(m, "n")) + " | " + count(field(m, "k")) + " | " +
           chi + " | " + apa_p(field(m, "p")) + " | " + apa_bounded(field(m, "cfi"), 3) + " | " +
           apa_fixed(field(m, "tli"), 3) + " | " + apa_bounded(field(m, "rmsea"), 3) + " [" +
           apa_bounded(field(m, "rmsea_ci_low"), 3) + ", " + apa_bounded(field(m, "rmsea_ci_high"), 3) + "] | " +
           apa_bounded(field(m, "srmr"), 3) + " | " + count(field(m, "iterations")) + " |\n";
  }
  out +=
      "\n*Note.* Maximum likelihood on the keyed complete responses of each wave, every subscale of two items or "
      "more a factor, factors correlated (variances fixed to 1), as lavaan::cfa(std.lv = TRUE). Reported only "
      "where n >= max(200, 10 per item).\n\n";
  const Json& factors = field(fitted[0] ? *waves[0] : *waves[1], "factors");
  out += "## Table " + std::to_string(table++) + ". Standardised loadings\n\n";
  out += "| Factor | Item | Pre | Post |\n|---|---|--:|--:|\n";
  std::size_t at = 0;
  for (const auto& f : items(factors)) {
    for (const auto& it : items(field(f, "items"))) {
      std::string cells;
      for (int w = 0; w < 2; ++w) {
        const Json& l = field(*waves[w], "std_loadings");
        cells += " | " + (fitted[w] && l.is_array() && at < l.size() ? apa_fixed(l[at], 2) : std::string(kDash));
      }
      out += "| " + cell(str(field(f, "id"))) + " | " + cell(str(it)) + cells + " |\n";
      ++at;
    }
  }
  out += "\n## Table " + std::to_string(table++) + ". Factor correlations\n\n";
  out += "| Factors | Pre | Post |\n|---|--:|--:|\n";
  const Json& fs = items(factors);
  for (std::size_t a = 0; a < fs.size(); ++a) {
    for (std::size_t b = a + 1; b < fs.size(); ++b) {
      std::string cells;
      for (int w = 0; w < 2; ++w) {
        const Json& c = field(*waves[w], "factor_correlations");
        const bool ok = fitted[w] && c.is_array() && a < c.size() && c[a].is_array() && b < c[a].size();
        cells += " | " + (ok ? apa_fixed(c[a][b], 2) : std::string(kDash));
      }
      out += "| " + cell(str(field(fs[a], "id"))) + " - " + cell(str(field(fs[b], "id"))) + cells + " |\n";
    }
  }
  return out + "\n";
}

}  // namespace

std::string prepost_markdown(const Json& r) {
  const Json& ins = field(r, "instrument");
  const Json& n = field(r, "counts");
  const Json& l = field(r, "linking");
  std::string out =
      "# Pre-post analysis: " + cell(str(field(ins, "id"))) + " v" + count(field(ins, "version")) + "\n\n";
  out += "Instrument " + cell(str(field(ins, "id"))) + " version " + count(field(ins, "version")) + "; engine " +
         engine_line(r) + "; " + conf_text(r) + " confidence intervals";
  if (field(r, "group_filter").is_string()) out += "; group " + cell(str(field(r, "group_filter"))) + " only";
  out += ".\n\n";
  out += "Records: " + count(field(n, "records_read")) + " read, " + count(field(n, "records_excluded")) +
         " excluded, " + count(field(n, "records_used")) + " used (" + count(field(n, "pre")) + " pre, " +
         count(field(n, "post")) + " post). Linked pairs: " + count(field(l, "matched")) + " (" +
         count(field(l, "matched_exact")) + " by identical code, " + count(field(l, "matched_by_override")) +
         " by confirmed link).\n\n";

  out += "## Table 1. Change from pre-test to post-test\n\n";
  out += test_table("Scale", r);
  out +=
      "\n*Note.* Gain = post - pre over the respondents with both scores. Holm p adjusts the p of the paired t "
      "test over the " +
      std::to_string(items(field(r, "subscales")).size()) + " subscales; the total" +
      (items(field(r, "numbers")).empty() ? " is" : " and the scored numbers are") +
      " outside that family. d_z = mean gain / SD of the gains with its " + conf_text(r) +
      " CI from the noncentral t. The Wilcoxon signed-rank test is always reported and is the primary test "
      "where Shapiro-Wilk p < .05 on the gains.\n\n";

  out += "## Table 2. Reliability (Cronbach's alpha with its Feldt " + conf_text(r) +
         " CI; McDonald's omega; Spearman-Brown)\n\n";
  out +=
      "| Scale | k | Pre n | Pre alpha [CI] | Pre omega / S-B | Post n | Post alpha [CI] | Post omega / S-B |\n"
      "|---|--:|--:|--:|--:|--:|--:|--:|\n";
  const Json& rel = field(r, "reliability");
  const Json& pre = field(rel, "pre");
  if (pre.is_object()) {
    for (auto it = pre.begin(); it != pre.end(); ++it) {
      const Json& a = it.value();
      const Json& b = field(field(rel, "post"), it.key().c_str());
      out += "| " + cell(it.key()) + " | " + count(field(a, "k")) + " | " + count(field(a, "n")) + " | " +
             apa_bounded(field(a, "alpha"), 2) + " [" + apa_bounded(field(a, "ci_low"), 2) + ", " +
             apa_bounded(field(a, "ci_high"), 2) + "] | " + omega_cell(a) + " | " + count(field(b, "n")) + " | " +
             apa_bounded(field(b, "alpha"), 2) + " [" + apa_bounded(field(b, "ci_low"), 2) + ", " +
             apa_bounded(field(b, "ci_high"), 2) + "] | " + omega_cell(b) + " |\n";
    }
  }
  out +=
      "\n*Note.* Complete responses of each wave (all records, linked or not); reversed items keyed. Omega: "
      "McDonald's omega of a subscale of three items or more from its one-factor model, of the total from the "
      "correlated-factors model of the subscales (maximum likelihood, model-implied variance). S-B: the "
      "Spearman-Brown coefficient of a two-item scale.";
  out += factor_model_sentences(field(r, "factor_model")) + "\n\n";

  int table = 3;
  out += factor_model_tables(field(r, "factor_model"), table);
  out += "## Table " + std::to_string(table++) + ". Programme profiles (descriptive)\n\n";
  out += "| Programme | Scale | n | Pre M (SD) | Post M (SD) | Gain M (SD) |\n|---|---|--:|--:|--:|--:|\n";
  for (const auto& p : items(field(r, "programmes"))) {
    auto row = [&](const Json& e) {
      out += "| " + cell(str(field(p, "id"))) + " | " + cell(str(field(e, "id"))) + " | " + count(field(e, "n")) +
             " | " + m_sd(field(e, "pre")) + " | " + m_sd(field(e, "post")) + " | " + m_sd(field(e, "gain")) + " |\n";
    };
    for (const auto& e : items(field(p, "subscales"))) row(e);
    if (field(p, "total").is_object()) row(field(p, "total"));
    for (const auto& e : items(field(p, "numbers"))) row(e);
  }
  out += "\n*Note.* No inferential comparison between programmes.\n\n";

  const Json& g = field(r, "groups");
  if (field(r, "wave_pairs").is_array()) {
    out += "## Table " + std::to_string(table++) + ". Change from the first wave to each later wave\n\n";
    out +=
        std::string("| Waves | Scale") + kTestHeader + "|---" + kTestRule + wave_pair_rows(field(r, "wave_pairs"), "");
    out += kWavePairsNote;
  }
  if (g.is_object()) {
    out += "## Table " + std::to_string(table++) + ". Change from pre-test to post-test by group\n\n";
    std::string rows = std::string("| Group | Scale") + kTestHeader + "|---" + kTestRule;
    for (const auto& b : items(field(g, "by_group"))) {
      std::string gid = cell(str(field(b, "id"))) + " | ";
      for (const auto& s : items(field(b, "subscales"))) rows += test_row(gid + cell(str(field(s, "id"))), s, true);
      if (field(b, "total").is_object()) {
        rows += test_row(gid + cell(str(field(field(b, "total"), "id"))), field(b, "total"), false);
      }
      for (const auto& s : items(field(b, "numbers"))) rows += test_row(gid + cell(str(field(s, "id"))), s, false);
    }
    out += rows + "\n*Note.* Holm over the subscales within each group.\n\n";
    std::string later;
    for (const auto& b : items(field(g, "by_group"))) {
      later += wave_pair_rows(field(b, "wave_pairs"), cell(str(field(b, "id"))) + " | ");
    }
    if (!later.empty()) {
      out += "## Table " + std::to_string(table++) + ". Change from the first wave to each later wave by group\n\n";
      out += std::string("| Group | Waves | Scale") + kTestHeader + "|---|---" + kTestRule + later + kWavePairsNote;
    }
    const Json& by_focal = field(g, "by_focal");
    if (by_focal.is_array()) {
      for (const auto& one : by_focal) out += focal_tables(one, r, table);
    } else {
      out += focal_tables(g, r, table);
    }
    const Json& att = field(g, "attrition");
    if (att.is_array() && !att.empty()) {
      out += "## Table " + std::to_string(table++) +
             ". Attrition: pre-test scores of the students with a pre-test only vs the completers\n\n";
      for (const auto& a : att) {
        out += "**" + cell(str(field(a, "group"))) + "** (" + count(field(a, "n_pre_only")) +
               " with a pre-test only, " + count(field(a, "n_completers")) + " completers)\n\n";
        out += two_group_table(a, "n_pre_only", "n_completers", "pre_only", "completers", "pre-test only", "completers",
                               "Pre", false);
        out += "\n";
      }
      out +=
          "*Note.* Difference = pre-test only minus completers. A check of who left, not a test of the "
          "programme: no Holm adjustment.\n\n";
    }
  }

  out += "## Linking\n\n";
  out += "- Linked pairs: " + count(field(l, "matched")) + " (" + count(field(l, "matched_exact")) +
         " by identical code, " + count(field(l, "matched_by_override")) + " by confirmed link)\n";
  out += "- Pre-test without post-test (" + std::to_string(items(field(l, "unmatched_pre")).size()) +
         "): " + records(field(l, "unmatched_pre")) + "\n";
  out += "- Post-test without pre-test (" + std::to_string(items(field(l, "unmatched_post")).size()) +
         "): " + records(field(l, "unmatched_post")) + "\n";
  std::string near;
  for (const auto& m : items(field(l, "near_matches"))) {
    near += std::string(near.empty() ? "" : "; ") + "`" + str(field(m, "pre")) + "` ~ `" + str(field(m, "post")) +
            "` (" + str(field(m, "edit")) + " at " + count(field(m, "position")) + ")";
  }
  out += "- Near matches, not linked (one edit apart; confirm a pair with a link): " +
         (near.empty() ? std::string("none") : near) + "\n";
  for (const auto& p : items(field(l, "problems")))
    out += "- Linking problem: " + cell(str(field(p, "message"))) + "\n";
  out += later_linking(field(l, "waves"));
  out += "\n";
  out += problems_section(r);
  out += warnings_section(r);
  return out;
}

std::string panel_markdown(const Json& r) {
  const Json& rub = field(r, "rubric");
  const Json& n = field(r, "counts");
  std::string out = "# Expert panel: " + cell(str(field(rub, "id"))) + " v" + count(field(rub, "version")) + "\n\n";
  out += "Rubric " + cell(str(field(rub, "id"))) + " version " + count(field(rub, "version")) + "; engine " +
         engine_line(r) + ". Ratings: " + count(field(n, "records_read")) + " records from " +
         count(field(n, "experts")) + " experts on " + count(field(n, "objects")) + " programmes.\n\n";
  std::vector<const Json*> blocks;
  for (const auto& c : items(field(r, "criteria"))) blocks.push_back(&c);
  if (field(r, "overall").is_object()) blocks.push_back(&field(r, "overall"));

  out += "## Table 1. Agreement of the experts (Kendall's W)\n\n";
  out += "| Criterion | m | n | W | chi2(df) | p | |\n|---|--:|--:|--:|--:|--:|---|\n";
  for (const Json* c : blocks) {
    std::string chi = field(*c, "chi2").is_number()
                          ? "chi2(" + apa_df(field(*c, "df")) + ") = " + apa_fixed(field(*c, "chi2"), 2)
                          : std::string(kDash);
    out += "| " + cell(str(field(*c, "id"))) + " | " + count(field(*c, "m")) + " | " + count(field(*c, "n")) + " | " +
           apa_bounded(field(*c, "W"), 2) + " | " + chi + " | " + apa_p(field(*c, "p")) + " | " +
           (field(*c, "low_agreement") == true ? "low agreement (W < .50)" : "") + " |\n";
  }
  out +=
      "\n*Note.* m = experts who rated every programme on the criterion, n = programmes. W with Kendall's "
      "correction for ties; chi2 = m(n - 1)W. \"overall\" ranks each expert's mean over all criteria.\n\n";

  const bool kappa = any_kappa(blocks);
  out += "## Table 2. Absolute agreement of the experts (ICC, Krippendorff's alpha)\n\n";
  out +=
      std::string("| Criterion | M | ICC2 [95% CI] | ICC2k [95% CI] | F | p | alpha (interval) | alpha (ordinal) |") +
      (kappa ? " kappa (linear) [95% CI] |" : "") + "\n|---|--:|--:|--:|--:|--:|--:|--:|" + (kappa ? "--:|" : "") +
      "\n";
  for (const Json* c : blocks) {
    const Json& icc = field(*c, "icc");
    const Json& i2 = field(icc, "ICC2");
    const Json& i2k = field(icc, "ICC2k");
    const Json& al = field(*c, "alpha");
    const Json& ka = field(*c, "kappa");
    out += "| " + cell(str(field(*c, "id"))) + " | " + apa_fixed(field(*c, "mean"), 2) + " | " +
           bounded_interval(field(i2, "icc"), field(i2, "ci_low"), field(i2, "ci_high")) + " | " +
           bounded_interval(field(i2k, "icc"), field(i2k, "ci_low"), field(i2k, "ci_high")) + " | " +
           f_df(field(i2, "F"), field(i2, "df1"), field(i2, "df2")) + " | " + apa_p(field(i2, "p")) + " | " +
           apa_bounded(field(al, "interval"), 2) + " | " + apa_bounded(field(al, "ordinal"), 2) + " |" +
           (kappa ? " " + bounded_interval(field(ka, "kappa"), field(ka, "ci_low"), field(ka, "ci_high")) + " |" : "") +
           "\n";
  }
  out +=
      "\n*Note.* M = mean over the programmes of their mean ratings. ICC2 = absolute agreement of one expert's "
      "ratings, ICC2k = of the mean of the k experts (two-way random effects; Shrout & Fleiss 1979, intervals of "
      "McGraw & Wong 1996), over the programmes rated by every expert; F and p test ICC = 0. Krippendorff's alpha "
      "over every rating of a programme rated at least twice.";
  if (kappa) {
    out +=
        " kappa = Cohen's kappa of the two experts with linear weights over the rubric's scale points; \"overall\" "
        "pools every criterion and programme.";
  }
  out += " \"overall\" rates each expert's mean over all criteria.";
  const Json& wmsgs = items(field(r, "warning_msgs"));
  const Json& ws = items(field(r, "warnings"));
  for (std::size_t i = 0; i < wmsgs.size() && i < ws.size(); ++i) {
    if (field(wmsgs[i], "id") == "panel.icc_few_programmes") out += " " + detail::as_sentence(str(ws[i]));
  }
  out += "\n\n";

  out += "## Table 3. Ratings of the programmes\n\n";
  out += "| Criterion | Programme | n | M (SD) | Mean rank | Rank |\n|---|---|--:|--:|--:|--:|\n";
  for (const Json* c : blocks) {
    for (const auto& p : items(field(*c, "programmes"))) {
      out += "| " + cell(str(field(*c, "id"))) + " | " + cell(str(field(p, "id"))) + " | " + count(field(p, "n")) +
             " | " + m_sd(p) + " | " + apa_fixed(field(p, "mean_rank"), 2) + " | " + apa_df(field(p, "rank")) + " |\n";
    }
  }
  out += "\n*Note.* Rank 1 = highest rated; ties share the mean of their places.\n\n";
  const Json& comments = items(field(r, "comments"));
  if (!comments.empty()) {
    out += "## Comments of the experts\n\n| Programme | Expert | Comment |\n|---|---|---|\n";
    for (const auto& c : comments) {
      out += "| " + cell(str(field(c, "programme"))) + " | " + cell(str(field(c, "expert"))) + " | " +
             cell(str(field(c, "text"))) + " |\n";
    }
    out += "\n";
  }
  out += problems_section(r);
  out += warnings_section(r);
  return out;
}

}  // namespace assess::analysis
