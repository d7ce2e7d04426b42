// The op analyze_study on the second demo: every part is present and its
// numbers are those of the standalone ops on the same data (the data set's
// columns, the counts of its tables), so the report and the ops cannot drift
// apart. R's numbers for the same report: fixtures/reference/study_demo2.json
// (run by reference_test.cpp). Also the roles, the paragraph, the Markdown in
// three languages, the expert panel (the result of analyze_panel), and the
// errors.
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/analysis/report.hpp"
#include "assess/api/api.hpp"
#include "support/json_compare.hpp"
#include "support/repo_files.hpp"

using assess::Json;

namespace {

Json ok_result(const Json& req) {
  Json out = assess::api::call_json(req);
  EXPECT_TRUE(out.value("ok", false)) << out.dump().substr(0, 800);
  return out.value("result", Json::object());
}

const Json& study_result() {
  static const Json r = ok_result(assess::test::demo2_request("analyze_study"));
  return r;
}

const Json& dataset() {
  static const Json d = [] {
    Json req = assess::test::demo2_request("dataset");
    req["format"] = "json";
    return ok_result(req).at("dataset");
  }();
  return d;
}

// A numeric column of the data set split by group.
std::map<std::string, Json> column_by_group(const std::string& name) {
  const auto& vars = dataset().at("variables");
  std::size_t col = 0, grp = 0;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (vars[i] == name) col = i;
    if (vars[i] == "group") grp = i;
  }
  std::map<std::string, Json> out;
  for (const auto& row : dataset().at("rows")) {
    if (!row[grp].is_string()) continue;
    auto& v = out[row[grp].get<std::string>()];
    if (v.is_null()) v = Json::array();
    v.push_back(row[col]);
  }
  return out;
}

void expect_same(const Json& expected, const Json& actual, const std::string& what) {
  const auto problems = assess::test::compare_json(expected, actual, assess::test::Tolerance{});
  EXPECT_TRUE(problems.empty()) << what << ": " << (problems.empty() ? "" : problems.front());
}

const Json* find_by(const Json& list, const char* key, const std::string& value) {
  for (const auto& e : list) {
    if (e.value(key, Json()) == value) return &e;
  }
  return nullptr;
}

}  // namespace

TEST(AnalyzeStudy, RolesFlowAndSampleOfTheSecondDemo) {
  const Json& r = study_result();
  EXPECT_EQ(r.at("roles").at("reference"), "control");
  EXPECT_EQ(r.at("roles").at("focal"), Json::array({"experimental"}));
  EXPECT_EQ(r.at("counts").at("students"), dataset().at("n"));
  const Json& flow = r.at("flow");
  long students = 0;
  for (const auto& g : flow.at("by_group")) students += g.at("students").get<long>();
  EXPECT_EQ(students, flow.at("all").at("students").get<long>());
  const Json* exp = find_by(flow.at("by_group"), "group", "experimental");
  ASSERT_NE(exp, nullptr);
  // The generator's design: 52 experimental students, one without a post-test.
  EXPECT_EQ(exp->at("students"), 52);
  EXPECT_EQ(exp->at("waves").at("pre"), 52);
  EXPECT_EQ(exp->at("first_wave_only"), 1);
  long in_programmes = 0;
  for (const auto& e : r.at("sample").at("by_programme")) {
    if (e.at("group") == "experimental") in_programmes += e.at("n").get<long>();
    if (e.at("group") == "control") {
      EXPECT_TRUE(e.at("programme").is_null());
    }
  }
  EXPECT_EQ(in_programmes, 52);
}

TEST(AnalyzeStudy, BackgroundNumbersAreTheWelchTestOfTheDataSetColumns) {
  const Json* e = find_by(study_result().at("background"), "variable", "background__experience");
  ASSERT_NE(e, nullptr);
  auto cols = column_by_group("background__experience");
  Json t = ok_result(Json{{"op", "independent_t"}, {"x", cols["experimental"]}, {"y", cols["control"]}});
  const Json& c = e->at("comparison");
  for (const char* k : {"t", "df", "p", "mean_diff", "ci_low", "ci_high", "d", "d_ci_low", "d_ci_high", "g"}) {
    expect_same(t.at(k), c.at(k), k);
  }
  EXPECT_EQ(c.at("n_focal"), t.at("n_x"));
}

TEST(AnalyzeStudy, OutcomesAreTheTableTestsOfTheCounts) {
  const Json* o = find_by(study_result().at("outcomes"), "variable", "background__mobility");
  ASSERT_NE(o, nullptr);
  const Json* f = find_by(o->at("by_group"), "group", "experimental");
  const Json* c = find_by(o->at("by_group"), "group", "control");
  ASSERT_TRUE(f && c);
  const double fx = f->at("x"), fn = f->at("n"), cx = c->at("x"), cn = c->at("n");
  Json table = Json::array({Json::array({fx, fn - fx}), Json::array({cx, cn - cx})});
  Json chi = ok_result(Json{{"op", "chi_square"}, {"table", table}, {"correct", false}});
  const Json& tests = o->at("tests");
  EXPECT_EQ(tests.at("kind"), "2x2");
  expect_same(chi.at("chi2"), tests.at("pearson").at("chi2"), "pearson chi2");
  expect_same(chi.at("p"), tests.at("pearson").at("p"), "pearson p");
  const double n = fn + cn;
  EXPECT_NEAR(tests.at("linear_by_linear").at("chi2").get<double>(), (n - 1) / n * chi.at("chi2").get<double>(), 1e-12);
  Json fisher = ok_result(Json{{"op", "fisher_exact"}, {"table", table}});
  for (const char* k : {"p", "odds_ratio", "ci_low", "ci_high"}) expect_same(fisher.at(k), tests.at("fisher").at(k), k);
  Json wilson = ok_result(Json{{"op", "proportion"}, {"x", fx}, {"n", fn}});
  for (const char* k : {"estimate", "ci_low", "ci_high"}) expect_same(wilson.at(k), f->at(k), k);
}

TEST(AnalyzeStudy, SurveyScoresAreComparedWithHolmOverTheSubscales) {
  const Json& s = study_result().at("post_surveys");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].at("instrument").at("id"), "satisfaction");
  std::vector<double> p;
  for (const auto& sub : s[0].at("subscales")) {
    auto cols = column_by_group(sub.at("variable").get<std::string>());
    Json t = ok_result(Json{{"op", "independent_t"}, {"x", cols["experimental"]}, {"y", cols["control"]}});
    expect_same(t.at("p"), sub.at("comparison").at("p"), sub.at("id").get<std::string>());
    p.push_back(t.at("p").get<double>());
  }
  Json holm = ok_result(Json{{"op", "p_adjust"}, {"p", p}, {"method", "holm"}});
  for (std::size_t i = 0; i < p.size(); ++i) {
    expect_same(holm.at("adjusted")[i], s[0].at("subscales")[i].at("comparison").at("p_holm"), "p_holm");
  }
  EXPECT_FALSE(s[0].at("total").at("comparison").contains("p_holm"));
  for (const auto& item : s[0].at("items")) {
    const double x = item.at("top2").at("x"), n = item.at("top2").at("n");
    EXPECT_LE(x, n);
    EXPECT_EQ(n, item.at("n").get<double>());
  }
}

TEST(AnalyzeStudy, EmployersAndCorrelations) {
  const Json& e = study_result().at("employers");
  ASSERT_EQ(e.size(), 1u);
  long by_programme = 0;
  for (const auto& p : e[0].at("by_programme")) by_programme += p.at("ratings").get<long>();
  EXPECT_EQ(by_programme, e[0].at("ratings").get<long>());
  long by_group = e[0].at("ratings_without_group").get<long>();
  for (const auto& g : e[0].at("by_group")) by_group += g.at("ratings").get<long>();
  EXPECT_EQ(by_group, e[0].at("ratings").get<long>());
  EXPECT_EQ(e[0].at("yes_item"), "hire");

  const Json& c = study_result().at("correlations");
  const auto& names = c.at("variables");
  ASSERT_GE(names.size(), 3u);
  const std::size_t k = names.size();
  EXPECT_EQ(c.at("pearson").at("pairs").size(), k * (k - 1) / 2);
  Json variables = Json::array();
  const auto& vars = dataset().at("variables");
  for (const auto& name : names) {
    Json values = Json::array();
    std::size_t col = 0;
    for (std::size_t i = 0; i < vars.size(); ++i) {
      if (vars[i] == name) col = i;
    }
    for (const auto& row : dataset().at("rows")) values.push_back(row[col]);
    variables.push_back(Json{{"name", name}, {"values", values}});
  }
  Json m = ok_result(Json{{"op", "correlation_matrix"}, {"variables", variables}, {"method", "spearman"}});
  for (std::size_t i = 0; i < m.at("pairs").size(); ++i) {
    for (const char* key : {"r", "p", "p_holm"}) {
      expect_same(m.at("pairs")[i].at(key), c.at("spearman").at("pairs")[i].at(key), key);
    }
  }
}

TEST(AnalyzeStudy, PrePostOfEachInstrumentMeasuredTwice) {
  const Json& pp = study_result().at("prepost");
  std::vector<std::string> ids;
  for (const auto& e : pp) ids.push_back(e.at("instrument").at("id"));
  EXPECT_NE(std::find(ids.begin(), ids.end(), "competency-12"), ids.end());
  Json req = assess::test::demo2_request("analyze_prepost");
  req["instrument"] = assess::test::repo_json("rubrics/competency-12.v1.json");
  Json alone = ok_result(req);
  const Json* e = find_by(pp, "instrument", "");
  for (const auto& x : pp) {
    if (x.at("instrument").at("id") == "competency-12") e = &x;
  }
  ASSERT_NE(e, nullptr);
  expect_same(alone.at("groups"), e->at("result").at("groups"), "groups");
  expect_same(alone.at("subscales"), e->at("result").at("subscales"), "subscales");
}

TEST(AnalyzeStudy, ParagraphAndMarkdownInEveryLanguage) {
  const Json& r = study_result();
  for (const char* lang : {"kk", "ru", "en"}) {
    const std::string p = r.at("paragraph").at(lang);
    EXPECT_NE(p.find("assess"), std::string::npos) << lang;
    Json req = assess::test::demo2_request("analyze_study");
    req["format"] = "md";
    req["lang"] = lang;
    const std::string md = ok_result(req).at("markdown");
    // Groups by their titles in the language, not by their ids.
    const std::string group = r.at("labels").at("values").at("group").at("experimental").at(lang);
    EXPECT_NE(md.find("| " + group + " |"), std::string::npos) << lang;
    EXPECT_EQ(md.find("| experimental |"), std::string::npos) << lang;
    EXPECT_NE(md.find(p), std::string::npos) << lang;
  }
  const std::string md_en = [] {
    Json req = assess::test::demo2_request("analyze_study");
    req["format"] = "md";
    req["lang"] = "en";
    return ok_result(req).at("markdown").get<std::string>();
  }();
  EXPECT_NE(md_en.find("## Table 1. Participant flow by group"), std::string::npos);
  EXPECT_NE(md_en.find("Table 2. Sample by group and programme"), std::string::npos);
}

// Kazakh and Russian write numbers with a decimal comma (as the page and
// the Word report do), p with its leading zero, interval limits separated by
// "; "; English keeps APA's point. Headings name instruments by title, and
// no English column head is left in kk or ru.
TEST(AnalyzeStudy, MarkdownWritesNumbersAsTheLanguageDoes) {
  const Json& r = study_result();
  const Json* e = nullptr;
  for (const auto& x : r.at("prepost")) {
    if (x.at("instrument").at("id") == "competency-12") e = &x;
  }
  ASSERT_NE(e, nullptr);
  const Json& total = e->at("result").at("groups").at("comparison").at("total");
  char t_text[64];
  std::snprintf(t_text, sizeof t_text, "%.2f", total.at("t").get<double>());
  std::string t_comma = t_text;
  t_comma[t_comma.find('.')] = ',';
  for (const char* lang : {"kk", "ru", "en"}) {
    Json req = assess::test::demo2_request("analyze_study");
    req["format"] = "md";
    req["lang"] = lang;
    const std::string md = ok_result(req).at("markdown");
    const std::string title = r.at("labels").at("instruments").at("competency-12").at(lang);
    EXPECT_NE(md.find(" — " + title + "\n"), std::string::npos) << lang;
    EXPECT_EQ(md.find("— competency-12\n"), std::string::npos) << lang;
    // The warnings in the language (the pages' catalogue), not in English.
    EXPECT_EQ(md.find("expected counts are below 5") == std::string::npos, std::string(lang) != "en") << lang;
    if (std::string(lang) == "en") {
      EXPECT_NE(md.find(std::string(" = ") + t_text + " |"), std::string::npos);
      EXPECT_NE(md.find("< .001"), std::string::npos);
      continue;
    }
    EXPECT_NE(md.find(" = " + t_comma + " |"), std::string::npos) << lang;
    EXPECT_NE(md.find("< 0,001"), std::string::npos) << lang;
    EXPECT_EQ(md.find("< .001"), std::string::npos) << lang;
    EXPECT_NE(md.find("; "), std::string::npos) << lang;
    for (const char* english : {"Holm p", "Pre M (SD)", "Post M (SD)", "Fisher p", "linear-by-linear", " OR = "}) {
      EXPECT_EQ(md.find(english), std::string::npos) << lang << ": " << english;
    }
    EXPECT_EQ(r.at("paragraph").at(lang).get<std::string>().find("< .001"), std::string::npos) << lang;
  }
}

TEST(AnalyzeStudy, EqualVarSwitchesEveryComparisonToStudent) {
  Json req = assess::test::demo2_request("analyze_study");
  req["equal_var"] = true;
  const Json r = ok_result(req);
  const Json* e = find_by(r.at("background"), "variable", "background__experience");
  ASSERT_NE(e, nullptr);
  auto cols = column_by_group("background__experience");
  Json t = ok_result(
      Json{{"op", "independent_t"}, {"x", cols["experimental"]}, {"y", cols["control"]}, {"equal_var", true}});
  expect_same(t.at("df"), e->at("comparison").at("df"), "df");
  // ... and the pre-post blocks' comparisons of the groups (Student's df:
  // n_focal + n_reference - 2), which say equal_var as analyze_prepost does.
  bool any = false;
  for (const auto& p : r.at("prepost")) {
    const Json& g = p.at("result").at("groups");
    EXPECT_EQ(p.at("result").value("equal_var", false), true);
    for (const auto& s : g.at("comparison").at("subscales")) {
      const double n = s.at("n_focal").get<double>() + s.at("n_reference").get<double>();
      EXPECT_EQ(s.at("df").get<double>(), n - 2) << s.at("id");
      any = true;
    }
  }
  EXPECT_TRUE(any);
}

TEST(AnalyzeStudy, Errors) {
  Json req = assess::test::demo2_request("analyze_study");
  req.erase("study");
  Json out = assess::api::call_json(req);
  EXPECT_FALSE(out.at("ok").get<bool>());
  EXPECT_EQ(out.at("error").at("msg").at("id"), "args.study_required");
  req = assess::test::demo2_request("analyze_study");
  req["conf_level"] = 1.5;
  out = assess::api::call_json(req);
  EXPECT_EQ(out.at("error").at("code"), "invalid_input");
  req = assess::test::demo2_request("analyze_study");
  req["files"] = Json::array();
  out = assess::api::call_json(req);
  EXPECT_FALSE(out.at("ok").get<bool>());
}

// Bad requests and bad files get the envelope with the argument's path and
// message id; a file nothing can be imported from names its first problem
// (file, row); a single respondent or the same file twice is a report with
// warnings, not a failure.
TEST(AnalyzeStudy, BadRequestsAndFiles) {
  auto with = [](const char* key, Json value) {
    Json req = assess::test::demo2_request("analyze_study");
    req[key] = std::move(value);
    return assess::api::call_json(req);
  };
  struct Case {
    const char* key;
    Json value;
    const char* id;
    const char* path;
  };
  Json one_instrument = Json::array({assess::test::repo_json("rubrics/background.v1.json")});
  const std::vector<Case> cases = {
      {"instruments", Json::object(), "args.instruments_not_array", "/instruments"},
      {"instruments", one_instrument, "args.study_instrument_missing", "/instruments"},
      {"equal_var", "yes", "args.not_boolean", "/equal_var"},
      {"conf_level", 1.5, nullptr, "/conf_level"},
  };
  for (const auto& c : cases) {
    const Json out = with(c.key, c.value);
    ASSERT_FALSE(out.at("ok").get<bool>()) << c.key;
    EXPECT_EQ(out.at("error").at("path"), c.path) << c.key;
    if (c.id != nullptr) {
      EXPECT_EQ(out.at("error").at("msg").at("id"), c.id) << c.key;
    }
  }
  Json md = assess::test::demo2_request("analyze_study");
  md["format"] = "md";
  md["lang"] = "de";
  Json out = assess::api::call_json(md);
  ASSERT_FALSE(out.at("ok").get<bool>());
  EXPECT_EQ(out.at("error").at("msg").at("id"), "args.choice_invalid");

  // Every row with one field too many: nothing imported, the first problem named.
  const std::string csv = assess::test::repo_text("fixtures/demo2/competency.csv");
  std::string ragged;
  std::size_t line = 0;
  for (std::size_t at = 0; at < csv.size();) {
    std::size_t end = csv.find('\n', at);
    if (end == std::string::npos) end = csv.size();
    std::string row = csv.substr(at, end - at);
    if (!row.empty() && row.back() == '\r') row.pop_back();
    ragged += row + (line++ == 0 ? "" : ",extra") + "\n";
    at = end + 1;
  }
  out = with("files", Json::array({Json{{"name", "ragged.csv"}, {"text", ragged}}}));
  ASSERT_FALSE(out.at("ok").get<bool>());
  EXPECT_EQ(out.at("error").at("code"), "insufficient_data");
  EXPECT_EQ(out.at("error").at("msg").at("id"), "analysis.no_records_first");
  EXPECT_NE(out.at("error").at("message").get<std::string>().find("ragged.csv row 2"), std::string::npos) << out.dump();

  // One respondent: a report of one student, the tests it cannot run said in warnings.
  const std::string header = csv.substr(0, csv.find('\n') + 1);
  const std::size_t second = csv.find('\n', header.size());
  out = with("files", Json::array({Json{{"name", "one.csv"}, {"text", csv.substr(0, second + 1)}}}));
  ASSERT_TRUE(out.at("ok").get<bool>()) << out.dump().substr(0, 400);
  EXPECT_EQ(out.at("result").at("flow").at("all").at("students"), 1);
  EXPECT_FALSE(out.at("result").at("warning_msgs").empty());

  // The same file twice: the same students, not twice as many.
  const Json once = with("files", Json::array({Json{{"name", "c.csv"}, {"text", csv}}}));
  const Json twice =
      with("files", Json::array({Json{{"name", "c.csv"}, {"text", csv}}, Json{{"name", "c2.csv"}, {"text", csv}}}));
  ASSERT_TRUE(once.at("ok").get<bool>());
  ASSERT_TRUE(twice.at("ok").get<bool>());
  EXPECT_EQ(once.at("result").at("flow").at("all").at("students"),
            twice.at("result").at("flow").at("all").at("students"));
}

TEST(AnalyzeStudy, OneGroupOnlyDescribesWithoutComparing) {
  Json req = assess::test::demo2_request("analyze_study");
  Json files = Json::array();
  // Only the control group's rows of the CSV files: no focal group.
  for (const auto& f : req.at("files")) {
    const std::string name = f.at("name");
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".csv") != 0 ||
        name.find("employers") != std::string::npos) {
      continue;
    }
    std::string text = f.at("text"), kept;
    std::size_t start = 0;
    bool header = true;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(start, end - start + 1);
      if (header || line.find(",control,") != std::string::npos) kept += line;
      header = false;
      start = end + 1;
    }
    files.push_back(Json{{"name", name}, {"text", kept}});
  }
  req["files"] = files;
  const Json r = ok_result(req);
  EXPECT_EQ(r.at("roles").at("groups"), Json::array({"control"}));
  EXPECT_TRUE(r.at("roles").at("focal").empty());
  for (const auto& b : r.at("background")) EXPECT_TRUE(!b.contains("comparison") || b.at("comparison").is_null());
}

namespace {

Json with_panel(const char* op = "analyze_study") {
  Json req = assess::test::demo2_request(op);
  req["ratings"] = assess::test::demo2_ratings();
  req["rubric"] = assess::test::repo_json("rubrics/expert-panel.v1.json");
  return req;
}

const Json& panel_result() {
  static const Json r = ok_result(with_panel());
  return r;
}

Json error_of(const Json& req) {
  Json out = assess::api::call_json(req);
  EXPECT_FALSE(out.value("ok", true));
  return out.value("error", Json::object());
}

}  // namespace

TEST(AnalyzeStudyPanel, IsTheResultOfAnalyzePanelOnTheRatings) {
  EXPECT_FALSE(study_result().contains("panel"));
  Json req = Json::object();
  req["op"] = "analyze_panel";
  req["rubric"] = assess::test::repo_json("rubrics/expert-panel.v1.json");
  req["study"] = assess::test::repo_json("rubrics/study.stackable.v1.json");
  req["files"] = assess::test::demo2_ratings();
  const Json alone = ok_result(req);
  const Json& r = panel_result();
  ASSERT_TRUE(r.contains("panel"));
  EXPECT_EQ(r.at("panel"), alone);
  EXPECT_EQ(r.at("panel").at("counts").at("experts"), 7);
  EXPECT_EQ(r.at("panel").at("counts").at("objects"), 5);
  // The rest of the report is the report without ratings.
  for (const char* part : {"flow", "background", "prepost", "post_surveys", "employers", "outcomes", "correlations"}) {
    EXPECT_EQ(r.at(part), study_result().at(part)) << part;
  }
  EXPECT_EQ(r.at("labels").at("criteria").at("stackability").at("en"),
            "Transferability and stackability into the degree");
}

TEST(AnalyzeStudyPanel, ParagraphAndMarkdownInEveryLanguage) {
  const Json& r = panel_result();
  const Json& overall = r.at("panel").at("overall");
  const std::map<std::string, std::pair<std::string, std::string>> titles{
      {"en", {"Expert panel: agreement of the experts per criterion", "Expert panel: ratings of the programmes"}},
      {"ru", {"Экспертная панель: согласованность экспертов по критериям", "Экспертная панель: оценки программ"}},
      {"kk",
       {"Сарапшылар тобы: критерийлер бойынша сарапшылар келісімділігі",
        "Сарапшылар тобы: бағдарламалардың бағалары"}}};
  for (const char* lang : {"kk", "ru", "en"}) {
    // Numbers as the language writes them (a decimal comma in kk and ru).
    const assess::analysis::DecimalComma comma(std::string(lang) != "en");
    const std::string w = assess::analysis::apa_bounded(overall.at("W"), 2);
    const std::string chi = assess::analysis::apa_fixed(overall.at("chi2"), 2);
    const std::string p = r.at("paragraph").at(lang);
    EXPECT_NE(p.find("W = " + w), std::string::npos) << lang << ": " << p;
    EXPECT_NE(p.find("(4) = " + chi), std::string::npos) << lang;
    // Without ratings the paragraph is the paragraph of today, which this one continues.
    const std::string before = study_result().at("paragraph").at(lang);
    EXPECT_EQ(p.compare(0, before.size(), before), 0) << lang;
    Json req = with_panel();
    req["format"] = "md";
    req["lang"] = lang;
    const std::string md = ok_result(req).at("markdown");
    EXPECT_NE(md.find(titles.at(lang).first), std::string::npos) << lang;
    EXPECT_NE(md.find(titles.at(lang).second), std::string::npos) << lang;
    // Criteria and programmes by their titles in the language.
    EXPECT_NE(
        md.find("| " + r.at("labels").at("criteria").at("digital_integration").at(lang).get<std::string>() + " |"),
        std::string::npos)
        << lang;
    EXPECT_NE(md.find(r.at("labels").at("values").at("programme").at("teacher-mediator").at(lang).get<std::string>()),
              std::string::npos)
        << lang;
    EXPECT_NE(md.find("| " + w + " | χ²(4) = " + chi + " |"), std::string::npos) << lang;
    EXPECT_NE(md.find(p), std::string::npos) << lang;
  }
}

TEST(AnalyzeStudyPanel, Errors) {
  Json req = with_panel();
  req.erase("rubric");
  Json e = error_of(req);
  EXPECT_EQ(e.at("msg").at("id"), "args.study_rubric_missing");
  EXPECT_EQ(e.at("path"), "/rubric");
  EXPECT_EQ(e.at("msg").at("params").at("id"), "expert-panel");

  req = with_panel();
  req["rubric"]["version"] = 2;
  e = error_of(req);
  EXPECT_EQ(e.at("msg").at("id"), "args.study_rubric_mismatch");
  EXPECT_EQ(e.at("msg").at("params").at("given_version"), 2);
  EXPECT_EQ(e.at("path"), "/rubric");

  req = with_panel();
  req["study"].erase("rubric");
  e = error_of(req);
  EXPECT_EQ(e.at("msg").at("id"), "args.study_no_rubric");
  EXPECT_EQ(e.at("path"), "/study");

  req = with_panel();
  req["ratings"][1]["name"] = req["ratings"][0]["name"];
  e = error_of(req);
  EXPECT_EQ(e.at("msg").at("id"), "args.ratings_file_name_twice");
  EXPECT_EQ(e.at("path"), "/ratings/1/name");
  EXPECT_NE(e.at("message").get<std::string>().find("ratings[1].name"), std::string::npos);

  req = with_panel();
  req["ratings"][0] = 7;
  e = error_of(req);
  EXPECT_EQ(e.at("msg").at("id"), "args.ratings_file_not_object");
  EXPECT_EQ(e.at("path"), "/ratings/0");

  // No rating imported: the panel's error, pointing into the ratings.
  req = with_panel();
  req["ratings"] = Json::array({Json{{"name", "empty.csv"}, {"text", ""}}});
  e = error_of(req);
  EXPECT_EQ(e.at("path").get<std::string>().rfind("/ratings", 0), 0u) << e.dump();

  // A rubric without ratings is checked and adds nothing.
  req = assess::test::demo2_request("analyze_study");
  req["rubric"] = assess::test::repo_json("rubrics/expert-panel.v1.json");
  const Json r = ok_result(req);
  EXPECT_FALSE(r.contains("panel"));
  EXPECT_FALSE(r.at("labels").contains("criteria"));
  req["rubric"]["version"] = 3;
  EXPECT_EQ(error_of(req).at("msg").at("id"), "args.study_rubric_mismatch");
}

namespace {

// The generated fourth demo (fixtures/demo4): two focal groups (blended,
// online) against one reference (waitlist), its own instrument.
TEST(StudyMarkdown, EveryFocalGroupHasItsTables) {
  Json req = Json::object();
  req["op"] = "analyze_study";
  req["study"] = assess::test::repo_json("fixtures/demo4/study.json");
  req["instruments"] = Json::array({assess::test::repo_json("fixtures/demo4/assessment-confidence.v1.json")});
  Json files = Json::array();
  for (const auto& n : assess::test::files_under("fixtures/demo4", ".csv")) {
    files.push_back(Json{{"name", n}, {"text", assess::test::repo_text(n)}});
  }
  req["files"] = files;
  req["format"] = "md";
  for (const char* lang : {"en", "ru", "kk"}) {
    req["lang"] = lang;
    const Json out = assess::api::call_json(req);
    ASSERT_TRUE(out.value("ok", false)) << out.dump().substr(0, 400);
    const Json& r = out.at("result");
    ASSERT_EQ(r.at("roles").at("focal").size(), 2U);
    const std::string md = r.at("markdown");
    // Five comparison tables (baseline, post, gains, ANCOVA, mixed) per focal group.
    std::size_t headings = 0;
    for (auto at = md.find("\n## "); at != std::string::npos; at = md.find("\n## ", at + 1)) ++headings;
    EXPECT_GE(headings, 13U) << lang;
    // Baseline, post and gains headings name the pair: "... minus ..." three times per focal group.
    const std::string minus = std::string(lang) == "en" ? " minus " : " минус ";
    std::size_t named = 0;
    for (auto at = md.find(minus); at != std::string::npos; at = md.find(minus, at + 1)) ++named;
    EXPECT_GE(named, 6U) << lang;
    if (std::string(lang) == "en") {
      EXPECT_NE(md.find("Gains: blended format minus waiting list"), std::string::npos);
      EXPECT_NE(md.find("Gains: online format minus waiting list"), std::string::npos);
      EXPECT_NE(md.find("(online format − waiting list)"), std::string::npos);
    }
    EXPECT_EQ(md.find("p = <"), std::string::npos) << lang;
  }
}

}  // namespace
