// CSV tables of the analysis results, at full precision (the JSON numbers'
// own text), one table per result table. Layout: docs/analysis.md.
#include <string>

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
  std::string text() const { return text_; }

 private:
  std::string text_;
};

void test_row(Table& t, const Json& prefix, const Json& s) {
  const Json& w = field(s, "wilcoxon");
  Json cells = Json::array();
  t.row({prefix,
         field(s, "id"),
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
         field(field(s, "post"), "ci_high")});
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
    for (const auto& s : detail::items(field(r, "subscales"))) test_row(t, "subscale", s);
    if (field(r, "total").is_object()) test_row(t, "total", field(r, "total"));
    out.emplace_back("prepost", t.text());
  }
  {
    Table t({"wave", "scale", "k", "n", "alpha", "ci_low", "ci_high"});
    for (const char* w : {"pre", "post"}) {
      const Json& per = field(field(r, "reliability"), w);
      if (!per.is_object()) continue;
      for (auto it = per.begin(); it != per.end(); ++it) {
        const Json& e = it.value();
        t.row({w, it.key(), field(e, "k"), field(e, "n"), field(e, "alpha"), field(e, "ci_low"), field(e, "ci_high")});
      }
    }
    out.emplace_back("reliability", t.text());
  }
  {
    Table t(
        {"programme", "n_pairs", "scale", "n", "pre_mean", "pre_sd", "post_mean", "post_sd", "gain_mean", "gain_sd"});
    for (const auto& p : detail::items(field(r, "programmes"))) {
      for (const auto& e : detail::items(field(p, "subscales"))) profile_row(t, p, e);
      if (field(p, "total").is_object()) profile_row(t, p, field(p, "total"));
    }
    out.emplace_back("programmes", t.text());
  }
  const Json& g = field(r, "groups");
  if (g.is_object()) {
    Table t({"group", ASSESS_TEST_HEADER});
    for (const auto& b : detail::items(field(g, "by_group"))) {
      for (const auto& s : detail::items(field(b, "subscales"))) test_row(t, field(b, "id"), s);
      if (field(b, "total").is_object()) test_row(t, field(b, "id"), field(b, "total"));
    }
    out.emplace_back("groups", t.text());
    const Json& c = field(g, "comparison");
    if (c.is_object()) {
      Table tc({"scale", "n_focal", "gain_focal_mean", "gain_focal_sd", "n_reference", "gain_reference_mean",
                "gain_reference_sd", "mean_diff", "t", "df", "p", "p_holm", "ci_low", "ci_high", "d", "d_ci_low",
                "d_ci_high", "g"});
      for (const auto& s : detail::items(field(c, "subscales"))) comparison_row(tc, s);
      if (field(c, "total").is_object()) comparison_row(tc, field(c, "total"));
      out.emplace_back("group_comparison", tc.text());
    }
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
    Table t({"criterion", "W", "chi2", "df", "p", "m", "n", "low_agreement"});
    for (const Json* c : blocks) {
      t.row({field(*c, "id"), field(*c, "W"), field(*c, "chi2"), field(*c, "df"), field(*c, "p"), field(*c, "m"),
             field(*c, "n"), field(*c, "low_agreement")});
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
  out.emplace_back("problems", problems_table(r));
  return out;
}

}  // namespace assess::analysis
