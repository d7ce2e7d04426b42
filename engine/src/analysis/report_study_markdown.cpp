// The Markdown of a whole study's report (analyze_study), in kk, ru or en:
// numbered APA-style tables (the conventions of report_markdown.cpp: M, SD,
// t, d with two decimals, p with three and no leading zero) and a
// methods-and-results paragraph ready to paste. Every number is the rounded
// JSON number of the result. Layout: docs/analysis.md "The study report".
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/analysis/report.hpp"
#include "assess/core/message_translated.hpp"
#include "report_common.hpp"

namespace assess::analysis {

using detail::count;
using detail::field;
using detail::interval;
using detail::items;
using detail::kDash;
using detail::m_sd;
using detail::str;
using detail::t_df;

namespace {

// The words of the report in one language. Kazakh and Russian texts are the
// project's own, proofread like every other text (docs/i18n.md).
struct Words {
  const char* report;  // "Study report"
  const char *engine, *conf;
  const char* table;  // "Table"
  const char *flow, *sample, *background, *prepost_within, *gains, *baseline, *post, *ancova, *mixed, *survey_items,
      *survey_scores, *employers, *outcomes, *correlations, *paragraph, *warnings, *problems;
  const char *group, *programme, *students, *complete, *first_only, *excluded, *none, *variable, *level, *score, *item,
      *n, *test, *all, *no_programme, *ratings, *yes, *top2, *alpha, *adjusted, *between, *within, *interaction,
      *homogeneity;
  const char* independent_note;  // employers' ratings taken as independent
  // Column heads and test names: "Pre M (SD)", "Post M (SD)", "Holm p",
  // the odds ratio, Fisher's p, the linear-by-linear association.
  const char *pre_msd, *post_msd, *holm_p, *odds_ratio, *fisher_p, *linear_by_linear;
  // The expert panel (section 7): its two tables, their columns and notes.
  const char *panel_agreement, *panel_ratings, *criterion, *overall, *mean_rank, *rank, *low_agreement, *panel_note,
      *rank_note;
  // Its absolute agreement (ICC, Krippendorff's alpha, a two-expert panel's
  // weighted kappa) and the experts' comments.
  const char *panel_icc, *alpha_interval, *alpha_ordinal, *kappa_linear, *icc_note, *kappa_note, *panel_comments,
      *expert, *comment;
};

const Words kEn{
    "Study report",
    "Engine",
    "Confidence intervals",
    "Table",
    "Participant flow by group",
    "Sample by group and programme",
    "Background by group",
    "Pre-post change within each group",
    "Gains: {focal} minus {reference}",
    "Pre-test scores: {focal} minus {reference}",
    "Post-test scores: {focal} minus {reference}",
    "ANCOVA: post-test adjusted for pre-test",
    "Mixed ANOVA: group x wave (type III)",
    "Post-only survey, items",
    "Post-only survey, scores",
    "Employers' feedback",
    "Yes/no outcomes by group",
    "Correlations (pairwise complete, Holm over all pairs)",
    "Methods and results",
    "Warnings",
    "Import problems",
    "Group",
    "Programme",
    "Students",
    "Complete",
    "First wave only",
    "Records left out by the import",
    "none",
    "Variable",
    "Level",
    "Score",
    "Item",
    "n",
    "Test",
    "All",
    "no programme",
    "Ratings",
    "Yes",
    "Top two",
    "Alpha",
    "Adjusted M",
    "Between",
    "Within",
    "Interaction",
    "Slopes equal",
    "Ratings are taken as independent, although one employer may rate several graduates.",
    "Pre M (SD)",
    "Post M (SD)",
    "Holm p",
    "OR",
    "Fisher p",
    "linear-by-linear",
    "Expert panel: agreement of the experts per criterion (Kendall's W)",
    "Expert panel: ratings of the programmes",
    "Criterion",
    "Overall",
    "Mean rank",
    "Rank",
    "low agreement (W < .50)",
    "m = experts who rated every programme on the criterion, n = programmes. W with Kendall's correction for ties; "
    "χ² = m(n − 1)W. \u201cOverall\u201d ranks each expert's mean over all criteria.",
    "Rank 1 = highest mean rating; ties share the mean of their places.",
    "Expert panel: absolute agreement of the experts (ICC, Krippendorff's alpha)",
    "α (interval)",
    "α (ordinal)",
    "κ (linear) [95% CI]",
    "M = mean over the programmes of their mean ratings. ICC2 = absolute agreement of one expert's ratings, ICC2k = "
    "of the mean of the k experts (two-way random effects; Shrout & Fleiss, 1979; intervals of McGraw & Wong, 1996; "
    "95% CI), over the programmes rated by every expert; F and p test ICC = 0. Krippendorff's α over every rating of "
    "a programme rated at least twice. \u201cOverall\u201d rates each expert's mean over all criteria.",
    "κ = Cohen's kappa of the two experts with linear weights over the rubric's scale points; in the "
    "\u201cOverall\u201d row it pools every criterion and programme.",
    "Expert panel: comments of the experts",
    "Expert",
    "Comment",
};

const Words kRu{
    "Отчёт об исследовании",
    "Модуль",
    "Доверительные интервалы",
    "Таблица",
    "Движение участников по группам",
    "Выборка по группам и программам",
    "Исходные характеристики по группам",
    "Изменение «до — после» внутри каждой группы",
    "Приросты: {focal} минус {reference}",
    "Баллы до программы: {focal} минус {reference}",
    "Баллы после программы: {focal} минус {reference}",
    "ANCOVA: баллы после программы с поправкой на баллы до программы",
    "Смешанный дисперсионный анализ: группа × этап (тип III)",
    "Опрос после программы: пункты",
    "Опрос после программы: баллы",
    "Отзывы работодателей",
    "Исходы «да/нет» по группам",
    "Корреляции (попарно полные наблюдения, поправка Холма по всем парам)",
    "Методы и результаты",
    "Предупреждения",
    "Проблемы импорта",
    "Группа",
    "Программа",
    "Студенты",
    "Все этапы",
    "Только первый этап",
    "Записи, исключённые при импорте",
    "нет",
    "Переменная",
    "Значение",
    "Шкала",
    "Пункт",
    "n",
    "Тест",
    "Все",
    "без программы",
    "Оценки",
    "Да",
    "Два высших балла",
    "Альфа",
    "Скорр. M",
    "Межгрупповой",
    "Внутригрупповой",
    "Взаимодействие",
    "Равенство наклонов",
    "Оценки рассматриваются как независимые, хотя один работодатель может оценить нескольких выпускников.",
    "До: M (SD)",
    "После: M (SD)",
    "p (Холм)",
    "ОШ",
    "точный критерий Фишера: p",
    "линейно-линейная связь",
    "Экспертная панель: согласованность экспертов по критериям (W Кендалла)",
    "Экспертная панель: оценки программ",
    "Критерий",
    "В целом",
    "Средний ранг",
    "Ранг",
    "слабая согласованность (W < 0,50)",
    "m — число экспертов, оценивших по критерию все программы, n — число программ. W с поправкой Кендалла на "
    "связанные ранги; χ² = m(n − 1)W. В строке «В целом» ранжируются средние оценки каждого эксперта по всем "
    "критериям.",
    "Ранг 1 — самая высокая средняя оценка; при равенстве присваивается средний ранг.",
    "Экспертная панель: абсолютная согласованность экспертов (ICC, альфа Криппендорфа)",
    "α (интервальная)",
    "α (порядковая)",
    "κ (линейные веса) [95% ДИ]",
    "M — среднее из средних оценок программ. ICC2 — абсолютная согласованность оценок одного эксперта, ICC2k — "
    "средней оценки k экспертов (двухфакторная модель со случайными эффектами; Shrout & Fleiss, 1979; интервалы по "
    "McGraw & Wong, 1996; 95% ДИ), по программам, оценённым всеми экспертами; F и p проверяют гипотезу ICC = 0. "
    "α Криппендорфа — по всем оценкам программ, оценённых хотя бы дважды. В строке «В целом» используются средние "
    "оценки каждого эксперта по всем критериям.",
    "κ — каппа Коэна двух экспертов с линейными весами по точкам шкалы рубрики; в строке «В целом» объединены все "
    "критерии и программы.",
    "Экспертная панель: комментарии экспертов",
    "Эксперт",
    "Комментарий",
};

const Words kKk{
    "Зерттеу туралы есеп",
    "Модуль",
    "Сенім интервалдары",
    "Кесте",
    "Қатысушылардың топтар бойынша қозғалысы",
    "Топтар мен бағдарламалар бойынша іріктеме",
    "Топтар бойынша бастапқы сипаттамалар",
    "Әр топ ішіндегі «дейін — кейін» өзгерісі",
    "Өсімдер: {focal} минус {reference}",
    "Бағдарламаға дейінгі балдар: {focal} минус {reference}",
    "Бағдарламадан кейінгі балдар: {focal} минус {reference}",
    "ANCOVA: бағдарламаға дейінгі балдар ескеріліп түзетілген кейінгі балдар",
    "Аралас дисперсиялық талдау: топ × кезең (III түр)",
    "Бағдарламадан кейінгі сауалнама: тармақтар",
    "Бағдарламадан кейінгі сауалнама: балдар",
    "Жұмыс берушілердің пікірі",
    "Топтар бойынша «иә/жоқ» нәтижелері",
    "Корреляциялар (жұптық толық бақылаулар, барлық жұпқа Холм түзетуі)",
    "Әдістер мен нәтижелер",
    "Ескертулер",
    "Импорт мәселелері",
    "Топ",
    "Бағдарлама",
    "Студенттер",
    "Барлық кезең",
    "Тек бірінші кезең",
    "Импорт кезінде алынып тасталған жазбалар",
    "жоқ",
    "Айнымалы",
    "Мәні",
    "Шкала",
    "Тармақ",
    "n",
    "Тест",
    "Барлығы",
    "бағдарламасыз",
    "Бағалар",
    "Иә",
    "Ең жоғары екі балл",
    "Альфа",
    "Түзетілген M",
    "Топаралық",
    "Топішілік",
    "Өзара әрекеттесу",
    "Көлбеулердің теңдігі",
    "Бір жұмыс беруші бірнеше түлекті бағалауы мүмкін болса да, бағалар тәуелсіз деп алынады.",
    "Дейін: M (SD)",
    "Кейін: M (SD)",
    "p (Холм)",
    "ШҚ",
    "Фишердің дәл критерийі: p",
    "сызықтық-сызықтық байланыс",
    "Сарапшылар тобы: критерийлер бойынша сарапшылар келісімділігі (Кендаллдың W коэффициенті)",
    "Сарапшылар тобы: бағдарламалардың бағалары",
    "Критерий",
    "Жалпы",
    "Орташа ранг",
    "Ранг",
    "әлсіз келісімділік (W < 0,50)",
    "m — критерий бойынша барлық бағдарламаны бағалаған сарапшылар саны, n — бағдарламалар саны. W байланысқан "
    "рангтерге Кендалл түзетуімен есептелген; χ² = m(n − 1)W. «Жалпы» жолында әр сарапшының барлық критерий "
    "бойынша орташа бағасы ранжирленеді.",
    "1-ранг — ең жоғары орташа баға; тең болса, орташа ранг беріледі.",
    "Сарапшылар тобы: сарапшылардың абсолюттік келісімділігі (ICC, Криппендорф альфасы)",
    "α (интервалдық)",
    "α (реттік)",
    "κ (сызықтық салмақтар) [95% СА]",
    "M — бағдарламалардың орташа бағаларының орташа мәні. ICC2 — бір сарапшы бағаларының абсолюттік "
    "келісімділігі, ICC2k — k сарапшының орташа бағасының келісімділігі (кездейсоқ әсерлері бар екі факторлы модель; "
    "Shrout & Fleiss, 1979; McGraw & Wong, 1996 аралықтары; 95% СА), барлық сарапшы бағалаған бағдарламалар бойынша; "
    "F және p ICC = 0 болжамын тексереді. Криппендорф альфасы кемінде екі рет бағаланған бағдарламалардың барлық "
    "бағалары бойынша есептелген. «Жалпы» жолында әр сарапшының барлық критерий бойынша орташа бағасы алынады.",
    "κ — екі сарапшының Коэн каппасы, салмақтары рубрика шкаласының нүктелері бойынша сызықтық; «Жалпы» жолында "
    "барлық критерий мен бағдарлама біріктірілген.",
    "Сарапшылар тобы: сарапшылардың түсініктемелері",
    "Сарапшы",
    "Түсініктеме",
};

const Words& words(const std::string& lang) { return lang == "ru" ? kRu : lang == "kk" ? kKk : kEn; }

// The paragraph reads only the labels of a Doc, never its words: with this
// empty set the words of the tables are not linked into an engine without
// the renderings (the analysis page's, ASSESS_NO_RENDERINGS), which has the
// paragraph but not the Markdown.
const Words kNoWords{};

// Text in a table cell: '|' would end the cell, line breaks the row.
std::string cell(const Json& v) {
  std::string out;
  for (char c : str(v)) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// The first element of an array, null for anything else or an empty one.
const Json& first(const Json& a) { return a.is_array() && !a.empty() ? a[0] : detail::null_json(); }

std::string f_df(const Json& e) {
  if (!field(e, "F").is_number()) return kDash;
  return "F(" + apa_df(field(e, "df1")) + ", " + apa_df(field(e, "df2")) + ") = " + apa_fixed(field(e, "F"), 2);
}

// "= .034" or "< .001".
std::string p_rel(const Json& p) {
  const std::string s = apa_p(p);
  return s.rfind('<', 0) == 0 ? s : "= " + s;
}

// "28.8%" in English, "28,8 %" (a no-break space) under the decimal comma.
std::string percent(const Json& x) {
  if (!x.is_number()) return kDash;
  const std::string v = apa_fixed(Json(x.get<double>() * 100.0), 1);
  return decimal_comma() ? v + "\u00a0%" : v + "%";
}

// x/n (p% [low, high]) of a proportion.
std::string proportion(const Json& p) {
  return count(field(p, "x")) + "/" + count(field(p, "n")) + " (" + percent(field(p, "estimate")) + " [" +
         percent(field(p, "ci_low")) + limits_separator() + percent(field(p, "ci_high")) + "])";
}

struct Doc {
  const Words& w;
  const Json& labels;  // result.labels
  std::string lang;
  std::string out;
  int table = 0;

  void heading(const std::string& title) {
    out += "## " + std::string(w.table) + " " + std::to_string(++table) + ". " + title + "\n\n";
  }
  // labels[kind][scope][id][lang] (labels[kind][id][lang] without a scope), else the id.
  std::string label(const char* kind, const std::string& scope, const Json& id) const {
    if (!id.is_string()) return cell(id);
    const Json& k = field(labels, kind);
    const Json& sc = scope.empty() ? k : field(k, scope.c_str());
    const Json& t = field(field(sc, id.get<std::string>().c_str()), lang.c_str());
    return t.is_string() && !t.get<std::string>().empty() ? cell(t) : cell(id);
  }
  std::string group(const Json& id) const { return label("values", "group", id); }
  std::string programme(const Json& id) const {
    return id.is_string() ? label("values", "programme", id) : std::string(w.no_programme);
  }
  std::string variable(const Json& name) const { return label("variables", "", name); }
  std::string level(const Json& variable, const Json& value) const {
    return label("values", variable.is_string() ? variable.get<std::string>() : std::string(), value);
  }
  std::string score(const std::string& instrument, const Json& id) const { return label("scores", instrument, id); }
  std::string wave(const std::string& id) const { return label("waves", "", Json(id)); }
  // An instrument's title in the report's language, else its id.
  std::string instrument(const std::string& id) const { return label("instruments", "", Json(id)); }
  // A criterion of the rubric by its title; "overall" (the mean over all criteria) in words.
  std::string criterion(const Json& id) const {
    return id == "overall" ? std::string(w.overall) : label("criteria", "", id);
  }
};

void flow(Doc& d, const Json& r) {
  const Words& w = d.w;
  const Json& f = field(r, "flow");
  d.heading(w.flow);
  std::string head = std::string("| ") + w.group + " | " + w.students;
  std::string rule = "|---|--:";
  const Json& all = field(f, "all");
  for (auto it = field(all, "waves").begin(); field(all, "waves").is_object() && it != field(all, "waves").end();
       ++it) {
    head += " | " + d.wave(it.key());
    rule += "|--:";
  }
  d.out += head + " | " + w.complete + " | " + w.first_only + " |\n" + rule + "|--:|--:|\n";
  auto row = [&](const std::string& name, const Json& e) {
    d.out += "| " + name + " | " + count(field(e, "students"));
    const Json& waves = field(e, "waves");
    if (waves.is_object()) {
      for (auto it = waves.begin(); it != waves.end(); ++it) d.out += " | " + count(it.value());
    }
    d.out += " | " + count(field(e, "complete")) + " | " + count(field(e, "first_wave_only")) + " |\n";
  };
  for (const auto& g : items(field(f, "by_group"))) row(d.group(field(g, "group")), g);
  row(w.all, all);
  d.out += "\n" + std::string(w.excluded) + ": ";
  std::string ex;
  for (const auto& e : items(field(f, "excluded"))) {
    ex += (ex.empty() ? "" : ", ") + cell(field(e, "reason")) + " (" + count(field(e, "n")) + ")";
  }
  d.out += (ex.empty() ? std::string(w.none) : ex) + ".\n\n";
}

void sample(Doc& d, const Json& r) {
  const Words& w = d.w;
  d.heading(w.sample);
  d.out += std::string("| ") + w.group + " | " + w.programme + " | " + w.n + " |\n|---|---|--:|\n";
  for (const auto& e : items(field(field(r, "sample"), "by_programme"))) {
    d.out += "| " + d.group(field(e, "group")) + " | " + d.programme(field(e, "programme")) + " | " +
             count(field(e, "n")) + " |\n";
  }
  d.out += "\n";
}

// "chi2(df) = x, p; Fisher p, OR [CI]; V" of a table's tests.
std::string table_tests(const Json& t, const Words& w) {
  if (!t.is_object()) return kDash;
  const Json& p = field(t, "pearson");
  std::string s = "χ²(" + apa_df(field(p, "df")) + ") = " + apa_fixed(field(p, "chi2"), 2) + ", p " +
                  (apa_p(field(p, "p")).rfind('<', 0) == 0 ? "" : "= ") + apa_p(field(p, "p"));
  const Json& f = field(t, "fisher");
  if (f.is_object()) {
    s += std::string("; ") + w.fisher_p + " " + (apa_p(field(f, "p")).rfind('<', 0) == 0 ? "" : "= ") +
         apa_p(field(f, "p")) + ", " + w.odds_ratio + " = " +
         interval(field(f, "odds_ratio"), field(f, "ci_low"), field(f, "ci_high"));
    const Json& l = field(t, "linear_by_linear");
    s += std::string("; ") + w.linear_by_linear + " χ²(1) = " + apa_fixed(field(l, "chi2"), 2);
  }
  s += "; V = " + apa_bounded(field(t, "cramers_v"), 2);
  return s;
}

std::string comparison_cells(const Json& c) {
  return m_sd(field(c, "focal")) + " | " + m_sd(field(c, "reference")) + " | " + t_df(field(c, "t"), field(c, "df")) +
         " | " + apa_p(field(c, "p")) + " | " + interval(field(c, "d"), field(c, "d_ci_low"), field(c, "d_ci_high"));
}

std::string lower_first(std::string t);  // below, with the paragraph's helpers

void background(Doc& d, const Json& r, const Json& roles) {
  const Words& w = d.w;
  // A study without background questions has no table (not an empty one).
  bool numbers = false, categories = false;
  for (const auto& e : items(field(r, "background"))) {
    numbers = numbers || field(e, "type") == "number";
    categories = categories || field(e, "type") == "categorical";
  }
  if (!numbers && !categories) return;
  d.heading(w.background);
  if (numbers) {
    d.out += std::string("| ") + w.variable + " | " + d.group(first(field(roles, "focal"))) + " M (SD) | " +
             d.group(field(roles, "reference")) + " M (SD) | t(df) | p | d [CI] |\n|---|--:|--:|--:|--:|--:|\n";
  }
  for (const auto& e : items(field(r, "background"))) {
    if (field(e, "type") != "number") continue;
    d.out += "| " + d.variable(field(e, "variable")) + " | " + comparison_cells(field(e, "comparison")) + " |\n";
  }
  if (!categories) {
    d.out += "\n";
    return;
  }
  if (numbers) d.out += "\n";
  d.out += "| " + std::string(w.variable) + " | " + w.level;
  std::string rule = "|---|---";
  for (const auto& g : items(field(roles, "groups"))) {
    d.out += " | " + d.group(g);
    rule += "|--:";
  }
  d.out += " | " + std::string(w.test) + " |\n" + rule + "|---|\n";
  for (const auto& e : items(field(r, "background"))) {
    if (field(e, "type") != "categorical") continue;
    const Json& levels = items(field(e, "levels"));
    for (std::size_t l = 0; l < levels.size(); ++l) {
      d.out += "| " + (l == 0 ? d.variable(field(e, "variable")) : std::string()) + " | " +
               d.level(field(e, "variable"), levels[l]);
      for (const auto& g : items(field(e, "by_group"))) d.out += " | " + count(items(field(g, "counts"))[l]);
      d.out += " | " + (l == 0 ? table_tests(field(e, "tests"), w) : std::string()) + " |\n";
    }
  }
  d.out += "\n";
}

// A block shaped like groups.comparison (gains, baseline, post): `a`/`b` are
// the names of the focal and reference {mean, sd} of its entries.
void comparison_block(Doc& d, const std::string& ins, const std::string& title, const Json& block, const char* a,
                      const char* b) {
  if (!block.is_object()) return;
  const Words& w = d.w;
  d.heading(title);
  d.out += std::string("| ") + w.score + " | n | " + d.group(field(block, "focal")) + " M (SD) | " +
           d.group(field(block, "reference")) + " M (SD) | t(df) | p | " + w.holm_p +
           " | d [CI] |\n|---|--:|--:|--:|--:|--:|--:|--:|\n";
  auto row = [&](const Json& s, bool holm) {
    d.out += "| " + d.score(ins, field(s, "id")) + " | " + count(field(s, "n_focal")) + " + " +
             count(field(s, "n_reference")) + " | " + m_sd(field(s, a)) + " | " + m_sd(field(s, b)) + " | " +
             t_df(field(s, "t"), field(s, "df")) + " | " + apa_p(field(s, "p")) + " | " +
             (holm ? apa_p(field(s, "p_holm")) : std::string(kDash)) + " | " +
             interval(field(s, "d"), field(s, "d_ci_low"), field(s, "d_ci_high")) + " |\n";
  };
  for (const auto& s : items(field(block, "subscales"))) row(s, true);
  if (field(block, "total").is_object()) row(field(block, "total"), false);
  for (const auto& x : items(field(block, "numbers"))) row(x, false);
  d.out += "\n";
}

void ancova_block(Doc& d, const std::string& ins, const Json& block, const std::string& pair) {
  if (!block.is_object()) return;
  const Words& w = d.w;
  d.heading(std::string(w.ancova) + pair + " — " + d.instrument(ins));
  d.out += std::string("| ") + w.score + " | n | F(df) | p | " + w.holm_p + " | η²p | " + w.adjusted + " | Δ [CI] | " +
           w.homogeneity + " |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  auto row = [&](const Json& s, bool holm) {
    std::string adj;
    for (const auto& m : items(field(s, "adjusted_means"))) {
      adj += (adj.empty() ? "" : "; ") + d.group(field(m, "group")) + " " + apa_fixed(field(m, "mean"), 2);
    }
    const Json& h = field(s, "homogeneity");
    d.out += "| " + d.score(ins, field(s, "id")) + " | " + count(field(s, "n")) + " | " + f_df(s) + " | " +
             apa_p(field(s, "p")) + " | " + (holm ? apa_p(field(s, "p_holm")) : std::string(kDash)) + " | " +
             apa_bounded(field(s, "partial_eta_sq"), 3) + " | " + adj + " | " +
             interval(field(s, "adjusted_diff"), field(s, "diff_ci_low"), field(s, "diff_ci_high")) + " | " + f_df(h) +
             ", " + apa_p_is(field(h, "p")) + " |\n";
  };
  for (const auto& s : items(field(block, "subscales"))) row(s, true);
  if (field(block, "total").is_object()) row(field(block, "total"), false);
  for (const auto& x : items(field(block, "numbers"))) row(x, false);
  d.out += "\n";
}

void mixed_block(Doc& d, const std::string& ins, const Json& block, const std::string& pair) {
  if (!block.is_object()) return;
  const Words& w = d.w;
  d.heading(std::string(w.mixed) + pair + " — " + d.instrument(ins));
  d.out += std::string("| ") + w.score + " | n | " + w.between + " | " + w.within + " (GG p) | " + w.interaction +
           " (GG p) | " + w.holm_p + " | η²p |\n|---|--:|--:|--:|--:|--:|--:|\n";
  auto row = [&](const Json& s) {
    const Json& b = field(s, "between");
    const Json& wi = field(s, "within");
    const Json& i = field(s, "interaction");
    d.out += "| " + d.score(ins, field(s, "id")) + " | " + count(field(s, "n")) + " | " + f_df(b) + ", " +
             apa_p_is(field(b, "p")) + " | " + f_df(wi) + ", " + apa_p(field(wi, "p_gg")) + " | " + f_df(i) + ", " +
             apa_p(field(i, "p_gg")) + " | " + apa_p(field(i, "p_holm")) + " | " +
             apa_bounded(field(i, "partial_eta_sq"), 3) + " |\n";
  };
  for (const auto& s : items(field(block, "subscales"))) row(s);
  if (field(block, "total").is_object()) row(field(block, "total"));
  for (const auto& x : items(field(block, "numbers"))) row(x);
  d.out += "\n";
}

void prepost(Doc& d, const Json& entry) {
  const Words& w = d.w;
  const Json& r = field(entry, "result");
  const std::string ins = str(field(field(entry, "instrument"), "id"));
  if (!r.is_object()) return;
  const Json& g = field(r, "groups");
  d.heading(std::string(w.prepost_within) + " — " + d.instrument(ins));
  d.out += std::string("| ") + w.group + " | " + w.score + " | n | " + w.pre_msd + " | " + w.post_msd +
           " | t(df) | p | " + w.holm_p + " | d_z [CI] |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& grp : items(field(g, "by_group"))) {
    auto row = [&](const Json& s, bool holm) {
      d.out += "| " + d.group(field(grp, "id")) + " | " + d.score(ins, field(s, "id")) + " | " +
               count(field(s, "n_pairs")) + " | " + m_sd(field(s, "pre")) + " | " + m_sd(field(s, "post")) + " | " +
               t_df(field(s, "t"), field(s, "df")) + " | " + apa_p(field(s, "p")) + " | " +
               (holm ? apa_p(field(s, "p_holm")) : std::string(kDash)) + " | " +
               interval(field(s, "dz"), field(s, "dz_ci_low"), field(s, "dz_ci_high")) + " |\n";
    };
    for (const auto& s : items(field(grp, "subscales"))) row(s, true);
    if (field(grp, "total").is_object()) row(field(grp, "total"), false);
    for (const auto& x : items(field(grp, "numbers"))) row(x, false);
  }
  d.out += "\n";
  // "Gains: experimental group minus control group": the groups the block compares, by their titles.
  auto titled = [&](const char* words, const Json& block) {
    std::string t = words;
    const std::pair<const char*, std::string> slots[] = {
        {"{focal}", lower_first(d.group(field(block, "focal")))},
        {"{reference}", lower_first(d.group(field(block, "reference")))}};
    for (const auto& [key, value] : slots) {
      const auto at = t.find(key);
      if (at != std::string::npos) t.replace(at, std::string(key).size(), value);
    }
    return t + " — " + d.instrument(ins);
  };
  // Each focal group against the reference: with two focal groups or more
  // (by_focal, whose first entry is the top level's blocks) every pair has
  // its tables, and the ANCOVA's and the mixed ANOVA's headings name it.
  const Json& pairs = items(field(g, "by_focal"));
  const bool several = pairs.size() > 1;
  auto blocks = [&](const Json& b) {
    comparison_block(d, ins, titled(w.baseline, field(b, "baseline")), field(b, "baseline"), "pre_focal",
                     "pre_reference");
    comparison_block(d, ins, titled(w.post, field(b, "post")), field(b, "post"), "post_focal", "post_reference");
    comparison_block(d, ins, titled(w.gains, field(b, "comparison")), field(b, "comparison"), "gain_focal",
                     "gain_reference");
    const std::string pair = several ? " (" + lower_first(d.group(field(b, "focal"))) + " − " +
                                           lower_first(d.group(field(b, "reference"))) + ")"
                                     : std::string();
    ancova_block(d, ins, field(b, "ancova"), pair);
    mixed_block(d, ins, field(b, "mixed"), pair);
  };
  if (several) {
    for (const auto& b : pairs) blocks(b);
  } else {
    blocks(g);
  }
}

void survey(Doc& d, const Json& s, const Json& roles) {
  const Words& w = d.w;
  const std::string ins = str(field(field(s, "instrument"), "id"));
  d.heading(std::string(w.survey_items) + " — " + d.instrument(ins));
  d.out += std::string("| ") + w.item + " | n | M (SD) | Mdn [Q1, Q3] | " + w.top2 + " |\n|---|--:|--:|--:|--:|\n";
  for (const auto& it : items(field(s, "items"))) {
    d.out += "| " + cell(field(it, "id")) + " | " + count(field(it, "n")) + " | " + m_sd(it) + " | " +
             apa_fixed(field(it, "median"), 2) + " [" + apa_fixed(field(it, "q1"), 2) + limits_separator() +
             apa_fixed(field(it, "q3"), 2) + "] | " + proportion(field(it, "top2")) + " |\n";
  }
  d.out += "\n";
  d.heading(std::string(w.survey_scores) + " — " + d.instrument(ins));
  d.out += std::string("| ") + w.score + " | n | M (SD) | " + w.alpha + " [CI] | " +
           d.group(first(field(roles, "focal"))) + " M (SD) | " + d.group(field(roles, "reference")) + " M (SD)" +
           " | t(df) | p | d [CI] | " + w.holm_p + " |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  auto row = [&](const Json& e, bool holm) {
    const Json& a = field(e, "alpha");
    const Json& c = field(e, "comparison");
    d.out += "| " + d.score(ins, field(e, "id")) + " | " + count(field(field(e, "all"), "n")) + " | " +
             m_sd(field(e, "all")) + " | " + apa_bounded(field(a, "alpha"), 2) + " [" +
             apa_bounded(field(a, "ci_low"), 2) + limits_separator() + apa_bounded(field(a, "ci_high"), 2) + "] | " +
             comparison_cells(c) + " | " + (holm ? apa_p(field(c, "p_holm")) : std::string(kDash)) + " |\n";
  };
  for (const auto& e : items(field(s, "subscales"))) row(e, true);
  if (field(s, "total").is_object()) row(field(s, "total"), false);
  d.out += "\n";
}

void employers(Doc& d, const Json& e, const Json& roles) {
  const Words& w = d.w;
  const std::string ins = str(field(field(e, "instrument"), "id"));
  d.heading(std::string(w.employers) + " — " + d.instrument(ins));
  d.out += std::string("| ") + w.programme + " / " + w.group + " | " + w.ratings + " | " + w.score + " M (SD) | " +
           w.yes + " [CI] |\n|---|--:|--:|--:|\n";
  auto row = [&](const std::string& name, const Json& x) {
    std::string scores;
    const Json& sc = field(x, "scores");
    if (sc.is_object()) {
      for (auto it = sc.begin(); it != sc.end(); ++it) {
        scores += (scores.empty() ? "" : "; ") + d.score(ins, Json(it.key())) + " " + m_sd(it.value());
      }
    }
    d.out += "| " + name + " | " + count(field(x, "ratings")) + " | " + scores + " | " +
             (field(x, "yes").is_object() ? proportion(field(x, "yes")) : std::string(kDash)) + " |\n";
  };
  for (const auto& p : items(field(e, "by_programme"))) {
    row(d.programme(field(p, "programme")), p);
  }
  for (const auto& g : items(field(e, "by_group"))) row(d.group(field(g, "group")), g);
  row(w.all, field(e, "all"));
  d.out += "\n";
  // The comparison of the groups' ratings, when there was one (a warning
  // says why not).
  for (const auto& c : items(field(e, "comparisons"))) {
    const Json& cmp = field(c, "comparison");
    if (!field(cmp, "t").is_number()) continue;
    d.out += "- " + d.score(ins, field(c, "id")) + ": " + d.group(first(field(roles, "focal"))) + " " +
             m_sd(field(cmp, "focal")) + "; " + d.group(field(roles, "reference")) + " " +
             m_sd(field(cmp, "reference")) + "; " + t_df(field(cmp, "t"), field(cmp, "df")) + ", p " +
             p_rel(field(cmp, "p")) +
             ", d = " + interval(field(cmp, "d"), field(cmp, "d_ci_low"), field(cmp, "d_ci_high")) + "\n";
  }
  if (field(e, "yes_tests").is_object())
    d.out += "- " + cell(field(e, "yes_item")) + ": " + table_tests(field(e, "yes_tests"), w) + "\n";
  d.out += "\n" + std::string(w.independent_note) + "\n\n";
}

void outcomes(Doc& d, const Json& r) {
  const Json& list = items(field(r, "outcomes"));
  if (list.empty()) return;
  const Words& w = d.w;
  d.heading(w.outcomes);
  d.out += std::string("| ") + w.variable + " | " + w.group + " | " + w.yes + " [CI] | " + w.test +
           " |\n|---|---|--:|---|\n";
  for (const auto& o : list) {
    bool first = true;
    for (const auto& g : items(field(o, "by_group"))) {
      d.out += "| " + (first ? d.variable(field(o, "variable")) : std::string()) + " | " + d.group(field(g, "group")) +
               " | " + proportion(g) + " | " + (first ? table_tests(field(o, "tests"), w) : std::string()) + " |\n";
      first = false;
    }
  }
  d.out += "\n";
}

void correlations(Doc& d, const Json& r) {
  const Json& c = field(r, "correlations");
  const Json& pe = items(field(field(c, "pearson"), "pairs"));
  const Json& sp = items(field(field(c, "spearman"), "pairs"));
  if (pe.empty()) return;
  const Words& w = d.w;
  d.heading(w.correlations);
  d.out += std::string("| ") + w.variable + " | " + w.variable + " | n | r [CI] | p | " + w.holm_p + " | ρ | p | " +
           w.holm_p + " |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n";
  for (std::size_t i = 0; i < pe.size(); ++i) {
    const Json& a = pe[i];
    const Json& b = i < sp.size() ? sp[i] : detail::null_json();
    d.out += "| " + d.variable(field(a, "x")) + " | " + d.variable(field(a, "y")) + " | " + count(field(a, "n")) +
             " | " + interval(field(a, "r"), field(a, "ci_low"), field(a, "ci_high")) + " | " + apa_p(field(a, "p")) +
             " | " + apa_p(field(a, "p_holm")) + " | " + apa_fixed(field(b, "r"), 2) + " | " + apa_p(field(b, "p")) +
             " | " + apa_p(field(b, "p_holm")) + " |\n";
  }
  d.out += "\n";
}

// The expert panel (the result of analyze_panel): the agreement per
// criterion and the programmes' ratings, as panel_markdown's tables.
void panel(Doc& d, const Json& r) {
  const Json& pa = field(r, "panel");
  if (!pa.is_object()) return;
  const Words& w = d.w;
  std::vector<const Json*> blocks;
  for (const auto& c : items(field(pa, "criteria"))) blocks.push_back(&c);
  if (field(pa, "overall").is_object()) blocks.push_back(&field(pa, "overall"));
  d.heading(w.panel_agreement);
  d.out += std::string("| ") + w.criterion + " | m | n | W | χ²(df) | p | |\n|---|--:|--:|--:|--:|--:|---|\n";
  for (const Json* c : blocks) {
    const std::string chi = field(*c, "chi2").is_number()
                                ? "χ²(" + apa_df(field(*c, "df")) + ") = " + apa_fixed(field(*c, "chi2"), 2)
                                : std::string(kDash);
    d.out += "| " + d.criterion(field(*c, "id")) + " | " + count(field(*c, "m")) + " | " + count(field(*c, "n")) +
             " | " + apa_bounded(field(*c, "W"), 2) + " | " + chi + " | " + apa_p(field(*c, "p")) + " | " +
             (field(*c, "low_agreement") == true ? w.low_agreement : "") + " |\n";
  }
  d.out += "\n" + std::string(w.panel_note) + "\n\n";
  const bool kappa = detail::any_kappa(blocks);
  d.heading(w.panel_icc);
  d.out += std::string("| ") + w.criterion + " | M | ICC2 | ICC2k | F | p | " + w.alpha_interval + " | " +
           w.alpha_ordinal + " |" + (kappa ? std::string(" ") + w.kappa_linear + " |" : "") +
           "\n|---|--:|--:|--:|--:|--:|--:|--:|" + (kappa ? "--:|" : "") + "\n";
  for (const Json* c : blocks) {
    const Json& icc = field(*c, "icc");
    const Json& i2 = field(icc, "ICC2");
    const Json& i2k = field(icc, "ICC2k");
    const Json& al = field(*c, "alpha");
    const Json& ka = field(*c, "kappa");
    d.out +=
        "| " + d.criterion(field(*c, "id")) + " | " + apa_fixed(field(*c, "mean"), 2) + " | " +
        detail::bounded_interval(field(i2, "icc"), field(i2, "ci_low"), field(i2, "ci_high")) + " | " +
        detail::bounded_interval(field(i2k, "icc"), field(i2k, "ci_low"), field(i2k, "ci_high")) + " | " + f_df(i2) +
        " | " + apa_p(field(i2, "p")) + " | " + apa_bounded(field(al, "interval"), 2) + " | " +
        apa_bounded(field(al, "ordinal"), 2) + " |" +
        (kappa ? " " + detail::bounded_interval(field(ka, "kappa"), field(ka, "ci_low"), field(ka, "ci_high")) + " |"
               : "") +
        "\n";
  }
  d.out += "\n" + std::string(w.icc_note);
  if (kappa) d.out += " " + std::string(w.kappa_note);
  // The sentence on few programmes, in the report's language.
  const Json& pws = items(field(pa, "warnings"));
  const Json& pmsgs = items(field(pa, "warning_msgs"));
  for (std::size_t i = 0; i < pmsgs.size() && i < pws.size(); ++i) {
    if (field(pmsgs[i], "id") != "panel.icc_few_programmes") continue;
    std::optional<std::string> said;
    if (d.lang != "en") said = translated(pmsgs[i], d.lang);
    d.out += " " + detail::as_sentence(said ? *said : str(pws[i]));
  }
  d.out += "\n\n";
  d.heading(w.panel_ratings);
  d.out += std::string("| ") + w.criterion + " | " + w.programme + " | n | M (SD) | " + w.mean_rank + " | " + w.rank +
           " |\n|---|---|--:|--:|--:|--:|\n";
  for (const Json* c : blocks) {
    for (const auto& p : items(field(*c, "programmes"))) {
      d.out += "| " + d.criterion(field(*c, "id")) + " | " + d.programme(field(p, "id")) + " | " +
               count(field(p, "n")) + " | " + m_sd(p) + " | " + apa_fixed(field(p, "mean_rank"), 2) + " | " +
               apa_df(field(p, "rank")) + " |\n";
    }
  }
  d.out += "\n" + std::string(w.rank_note) + "\n\n";
  const Json& comments = items(field(pa, "comments"));
  if (comments.empty()) return;
  d.heading(w.panel_comments);
  d.out += std::string("| ") + w.programme + " | " + w.expert + " | " + w.comment + " |\n|---|---|---|\n";
  for (const auto& c : comments) {
    d.out += "| " + d.programme(field(c, "programme")) + " | " + cell(field(c, "expert")) + " | " +
             cell(field(c, "text")) + " |\n";
  }
  d.out += "\n";
}

// The methods-and-results paragraph: sentences with named slots ({name}),
// filled from the result.
struct Sentences {
  const char* methods;   // {version} {level}
  const char* compared;  // {focal} {reference} {t_test}: only with a focal and a reference group
  const char* categorical;
  const char *welch, *student;
  const char* sample;         // {n} {groups} {complete}
  const char* group_n;        // {group} {n}
  const char* gain;           // {instrument} {score} {focal} {fm} {fsd} {reference} {rm} {rsd} {t} {p} {d}
  const char* ancova;         // {F} {p} {eta}
  const char* outcome;        // {variable} {focal} {fx} {fn} {fp} {reference} {rx} {rn} {rp} {chi} {p} {fisher} {or}
  const char* panel;          // {m} {n} {k}: only with the expert panel
  const char* overall;        // {W} {df} {chi} {p}
  const char* per_criterion;  // {list}
  const char* criterion;      // {criterion} {W} {df} {chi} {p}: an element of {list}
  const char *criterion_one, *criteria_many;  // "{k} criterion" / "{k} criteria"
};

const Sentences kSentEn{
    "The data were analysed with assess {version} ({level} confidence intervals). Change within each group was "
    "tested with paired t tests (d_z with its interval), Holm-adjusted across the subscales of an instrument.",
    " The groups were compared (the {focal} minus the {reference}) with {t_test} on pre-test scores, post-test "
    "scores and gains (Cohen's d with the pooled SD and its noncentral-t interval), with an ANCOVA of post-test "
    "scores adjusted for pre-test scores, and with a group x wave mixed ANOVA (type III sums of squares, "
    "Greenhouse-Geisser correction), Holm-adjusted within each family.",
    " Categorical variables were compared with Pearson's chi-square test and Fisher's exact test; proportions are "
    "given with Wilson intervals.",
    "Welch's t tests",
    "Student's t tests",
    "Of {n} students ({groups}), {complete} took part in every wave.",
    "{group}: n = {n}",
    "On the {score} score of the {instrument}, the gain was M = {fm} (SD = {fsd}) in the {focal} and M = {rm} "
    "(SD = {rsd}) in the {reference}, {t}, p {p}, d = {d}.",
    "Adjusted for the pre-test, the post-test difference between the groups gave {F}, p {p}, partial eta squared = "
    "{eta}.",
    "To \u201c{variable}\u201d, {fx} of {fn} students ({fp}) in the {focal} and {rx} of {rn} ({rp}) in the "
    "{reference} answered yes, chi-square(1) = {chi}, p {p}; Fisher's exact p {fisher}; OR = {or}.",
    " The ratings of the expert panel ({m} experts, {n} programmes, {k}) were analysed with Kendall's coefficient "
    "of concordance W (corrected for ties), tested with the chi-square approximation, chi-square = m(n - 1)W.",
    " Over all criteria, W = {W}, chi-square({df}) = {chi}, p {p}.",
    " Per criterion: {list}.",
    "{criterion}, W = {W}, chi-square({df}) = {chi}, p {p}",
    "{k} criterion",
    "{k} criteria",
};

const Sentences kSentRu{
    "Данные проанализированы в assess {version} (доверительные интервалы {level}). Изменение внутри каждой группы "
    "проверено парным t-критерием (d_z с интервалом) с поправкой Холма по субшкалам инструмента.",
    " Группы сравнивались ({focal} минус {reference}) {t_test} по баллам до программы, после программы и по приростам "
    "(d Коэна с объединённым SD и интервалом по нецентральному t-распределению), ковариационным анализом (ANCOVA) "
    "баллов после программы с поправкой на баллы до неё и смешанным дисперсионным анализом «группа × этап» (суммы "
    "квадратов типа III, поправка Гринхауса — Гейссера), с поправкой Холма внутри каждого семейства сравнений.",
    " Категориальные переменные сравнивались критерием хи-квадрат Пирсона и точным критерием Фишера; доли приведены "
    "с интервалами Уилсона.",
    "t-критерием Уэлча",
    "t-критерием Стьюдента",
    "Студентов в исследовании: {n} ({groups}), из них во всех этапах участвовали {complete}.",
    "{group}: n = {n}",
    "По шкале «{score}» ({instrument}) прирост составил: {focal} — M = {fm} (SD = {fsd}), {reference} — M = {rm} (SD = "
    "{rsd}); {t}, p {p}, d = {d}.",
    "Различие групп после программы с поправкой на баллы до неё: {F}, p {p}, частичная эта-квадрат = {eta}.",
    "На вопрос «{variable}» ответили «да»: {focal} — {fx} из {fn} ({fp}), {reference} — {rx} из {rn} ({rp}); χ²(1) = "
    "{chi}, p {p}; точный критерий Фишера: p {fisher}; ОШ = {or}.",
    " Оценки экспертной панели (экспертов: {m}, программ: {n}, {k}) проанализированы с помощью коэффициента "
    "конкордации Кендалла W (с поправкой на связанные ранги); значимость проверена по аппроксимации хи-квадрат, "
    "χ² = m(n − 1)W.",
    " По всем критериям в целом W = {W}, χ²({df}) = {chi}, p {p}.",
    " По отдельным критериям: {list}.",
    "{criterion} — W = {W}, χ²({df}) = {chi}, p {p}",
    "критериев: {k}",
    "критериев: {k}",
};

const Sentences kSentKk{
    "Деректер assess {version} көмегімен талданды ({level} сенім интервалдары). Әр топ ішіндегі өзгеріс жұптық "
    "t-критерийімен тексерілді (d_z интервалымен), құрал субшкалалары бойынша Холм түзетуі қолданылды.",
    " Топтар ({focal} минус {reference}) бағдарламаға дейінгі және кейінгі балдар мен өсімдер бойынша {t_test} "
    "(біріктірілген SD арқылы Коэннің d көрсеткіші және оның орталық емес t-үлестірімі бойынша интервалы), "
    "бағдарламаға дейінгі балдар ескеріліп түзетілген кейінгі балдардың ковариациялық талдауымен (ANCOVA) және «топ × "
    "кезең» аралас дисперсиялық талдауымен (III типті квадраттар қосындысы, Гринхаус — Гейссер түзетуі) салыстырылды, "
    "әр салыстырулар жиыны ішінде Холм түзетуі қолданылды.",
    " Категориялық айнымалылар Пирсонның хи-квадрат критерийімен және Фишердің дәл критерийімен салыстырылды; "
    "үлестер Уилсон интервалдарымен берілген.",
    "Уэлчтің t-критерийімен",
    "Стьюденттің t-критерийімен",
    "{n} студенттің ({groups}) {complete} студенті барлық кезеңге қатысты.",
    "{group}: n = {n}",
    "«{score}» шкаласы ({instrument}) бойынша өсім: {focal} — M = {fm} (SD = {fsd}), {reference} — M = {rm} "
    "(SD = {rsd}); {t}, p {p}, d = {d}.",
    "Бағдарламаға дейінгі балдар ескеріліп түзетілгенде, бағдарламадан кейінгі балдар бойынша топтар арасындағы "
    "айырмашылық: {F}, p {p}, дербес эта-квадрат = {eta}.",
    "«{variable}» сұрағына «иә» деп жауап бергендер: {focal} — {fn} студенттің {fx} студенті ({fp}), {reference} — "
    "{rn} студенттің {rx} студенті ({rp}); χ²(1) = {chi}, p {p}; Фишердің дәл критерийі: p {fisher}; ШҚ = {or}.",
    " Сарапшылар тобының бағалары ({m} сарапшы, {n} бағдарлама, {k}) Кендаллдың конкордация коэффициентімен (W, "
    "байланысқан рангтерге түзетілген) талданды; маңыздылығы хи-квадрат жуықтауымен тексерілді, χ² = m(n − 1)W.",
    " Барлық критерий бойынша жалпы алғанда W = {W}, χ²({df}) = {chi}, p {p}.",
    " Жекелеген критерийлер бойынша: {list}.",
    "{criterion} — W = {W}, χ²({df}) = {chi}, p {p}",
    "{k} критерий",
    "{k} критерий",
};

// The named slots of a sentence: {name} -> value.
using Slots = std::vector<std::pair<const char*, std::string>>;

std::string fill(std::string t, const Slots& slots) {
  for (const auto& [name, value] : slots) {
    const std::string key = std::string("{") + name + "}";
    for (auto at = t.find(key); at != std::string::npos; at = t.find(key, at + value.size())) {
      t.replace(at, key.size(), value);
    }
  }
  return t;
}

// The text with its first letter in lower case (Latin, Cyrillic and the
// Kazakh letters), for a group's title inside a sentence.
std::string lower_first(std::string t) {
  if (t.empty()) return t;
  const auto b0 = static_cast<unsigned char>(t[0]);
  if (b0 >= 'A' && b0 <= 'Z') {
    t[0] = static_cast<char>(b0 - 'A' + 'a');
    return t;
  }
  if (t.size() < 2 || (b0 & 0xE0) != 0xC0) return t;
  unsigned cp = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(t[1]) & 0x3Fu);
  if (cp >= 0x410 && cp <= 0x42F) {
    cp += 0x20;
  } else if (cp >= 0x400 && cp <= 0x40F) {
    cp += 0x50;
  } else if (cp >= 0x460 && cp <= 0x4FF && cp % 2 == 0) {
    cp += 1;
  } else {
    return t;
  }
  t[0] = static_cast<char>(0xC0 | (cp >> 6));
  t[1] = static_cast<char>(0x80 | (cp & 0x3F));
  return t;
}

// The panel's sentences: its design, W over all criteria, W per criterion.
std::string panel_sentences(const Doc& d, const Json& pa, const Sentences& s) {
  const Json& n = field(pa, "counts");
  auto test = [](const Json& c) -> Slots {
    return {{"W", apa_bounded(field(c, "W"), 2)},
            {"df", apa_df(field(c, "df"))},
            {"chi", apa_fixed(field(c, "chi2"), 2)},
            {"p", p_rel(field(c, "p"))}};
  };
  const std::string k = count(field(n, "criteria"));
  std::string out = fill(s.panel, {{"m", count(field(n, "experts"))},
                                   {"n", count(field(n, "objects"))},
                                   {"k", fill(k == "1" ? s.criterion_one : s.criteria_many, {{"k", k}})}});
  if (field(pa, "overall").is_object()) out += fill(s.overall, test(field(pa, "overall")));
  std::string list;
  for (const auto& c : items(field(pa, "criteria"))) {
    auto slots = test(c);
    slots.emplace_back("criterion", lower_first(d.label("criteria", "", field(c, "id"))));
    list += (list.empty() ? "" : "; ") + fill(s.criterion, slots);
  }
  if (!list.empty()) out += fill(s.per_criterion, {{"list", list}});
  return out;
}

std::string paragraph(const Json& r, const Sentences& s, const std::string& lang) {
  const DecimalComma comma(lang != "en");
  const Doc d{kNoWords, field(r, "labels"), lang, {}, 0};
  const Json& roles = field(r, "roles");
  const std::string focal = lower_first(d.group(first(field(roles, "focal"))));
  const std::string reference = lower_first(d.group(field(roles, "reference")));
  char level[32];
  const Json& cl = field(r, "conf_level");
  std::snprintf(level, sizeof level, "%g%%", (cl.is_number() ? cl.get<double>() : 0.95) * 100.0);
  std::string out = fill(s.methods, {{"version", str(field(field(r, "engine"), "version"))}, {"level", level}});
  if (first(field(roles, "focal")).is_string() && field(roles, "reference").is_string()) {
    out += fill(
        s.compared,
        {{"t_test", field(r, "equal_var") == true ? s.student : s.welch}, {"focal", focal}, {"reference", reference}});
  }
  out += s.categorical;
  const Json& flow = field(r, "flow");
  std::string groups;
  for (const auto& g : items(field(flow, "by_group"))) {
    groups += (groups.empty() ? "" : "; ") +
              fill(s.group_n, {{"group", lower_first(d.group(field(g, "group")))}, {"n", count(field(g, "students"))}});
  }
  out += " " + fill(s.sample, {{"n", count(field(field(flow, "all"), "students"))},
                               {"groups", groups},
                               {"complete", count(field(field(flow, "all"), "complete"))}});
  for (const auto& e : items(field(r, "prepost"))) {
    const Json& g = field(field(e, "result"), "groups");
    // The total, else the first scored number (GPA).
    auto main_score = [](const Json& block) -> const Json& {
      const Json& t = field(block, "total");
      return t.is_object() ? t : first(field(block, "numbers"));
    };
    const Json& c = main_score(field(g, "comparison"));
    if (!c.is_object()) continue;
    const std::string ins = str(field(field(e, "instrument"), "id"));
    out += " " + fill(s.gain, {{"instrument", d.label("instruments", "", Json(ins))},
                               {"score", d.score(ins, field(c, "id"))},
                               {"focal", lower_first(d.group(field(field(g, "comparison"), "focal")))},
                               {"reference", lower_first(d.group(field(field(g, "comparison"), "reference")))},
                               {"fm", apa_fixed(field(field(c, "gain_focal"), "mean"), 2)},
                               {"fsd", apa_fixed(field(field(c, "gain_focal"), "sd"), 2)},
                               {"rm", apa_fixed(field(field(c, "gain_reference"), "mean"), 2)},
                               {"rsd", apa_fixed(field(field(c, "gain_reference"), "sd"), 2)},
                               {"t", t_df(field(c, "t"), field(c, "df"))},
                               {"p", p_rel(field(c, "p"))},
                               {"d", interval(field(c, "d"), field(c, "d_ci_low"), field(c, "d_ci_high"))}});
    const Json& a = main_score(field(g, "ancova"));
    if (a.is_object()) {
      out += " " +
             fill(s.ancova,
                  {{"F", f_df(a)}, {"p", p_rel(field(a, "p"))}, {"eta", apa_bounded(field(a, "partial_eta_sq"), 3)}});
    }
  }
  for (const auto& o : items(field(r, "outcomes"))) {
    const Json& t = field(o, "tests");
    const Json& by = items(field(o, "by_group"));
    if (!t.is_object() || by.size() < 2) continue;
    const Json* f = nullptr;
    const Json* ref = nullptr;
    for (const auto& g : by) {
      if (field(g, "group") == first(field(roles, "focal"))) f = &g;
      if (field(g, "group") == field(roles, "reference")) ref = &g;
    }
    if (f == nullptr || ref == nullptr) continue;
    const Json& fi = field(t, "fisher");
    out +=
        " " + fill(s.outcome, {{"variable", d.variable(field(o, "variable"))},
                               {"focal", lower_first(d.group(field(*f, "group")))},
                               {"fx", count(field(*f, "x"))},
                               {"fn", count(field(*f, "n"))},
                               {"fp", percent(field(*f, "estimate"))},
                               {"reference", lower_first(d.group(field(*ref, "group")))},
                               {"rx", count(field(*ref, "x"))},
                               {"rn", count(field(*ref, "n"))},
                               {"rp", percent(field(*ref, "estimate"))},
                               {"chi", apa_fixed(field(field(t, "pearson"), "chi2"), 2)},
                               {"p", p_rel(field(field(t, "pearson"), "p"))},
                               {"fisher", p_rel(field(fi, "p"))},
                               {"or", interval(field(fi, "odds_ratio"), field(fi, "ci_low"), field(fi, "ci_high"))}});
  }
  const Json& pa = field(r, "panel");
  if (pa.is_object()) out += panel_sentences(d, pa, s);
  return out;
}

}  // namespace

Json study_paragraphs(const Json& r) {
  return Json{
      {"kk", paragraph(r, kSentKk, "kk")}, {"ru", paragraph(r, kSentRu, "ru")}, {"en", paragraph(r, kSentEn, "en")}};
}

std::string study_markdown(const Json& r, const std::string& lang) {
  const DecimalComma comma(lang != "en");
  Doc d{words(lang), field(r, "labels"), lang, {}, 0};
  const Words& w = d.w;
  const Json& st = field(r, "study");
  const Json& roles = field(r, "roles");
  const Json& title = field(field(d.labels, "study"), lang.c_str());
  d.out += "# " + std::string(w.report) + ": " + (title.is_string() ? cell(title) + " (" : std::string()) +
           cell(field(st, "id")) + " v" + count(field(st, "version")) + (title.is_string() ? ")" : "") + "\n\n";
  char level[32];
  const Json& cl = field(r, "conf_level");
  std::snprintf(level, sizeof level, "%g%%", (cl.is_number() ? cl.get<double>() : 0.95) * 100.0);
  d.out += std::string(w.engine) + ": assess " + str(field(field(r, "engine"), "version")) + "; " + w.conf + ": " +
           level + ".\n\n";
  flow(d, r);
  sample(d, r);
  background(d, r, roles);
  for (const auto& e : items(field(r, "prepost"))) prepost(d, e);
  for (const auto& s : items(field(r, "post_surveys"))) survey(d, s, roles);
  for (const auto& e : items(field(r, "employers"))) employers(d, e, roles);
  outcomes(d, r);
  correlations(d, r);
  panel(d, r);
  const Json& para = field(field(r, "paragraph"), lang.c_str());
  if (para.is_string()) d.out += "## " + std::string(w.paragraph) + "\n\n" + para.get<std::string>() + "\n\n";
  // The warnings in the report's language (the pages' catalogues, copied
  // into the engine), else the engine's English sentence.
  const Json& ws = items(field(r, "warnings"));
  const Json& msgs = items(field(r, "warning_msgs"));
  const Json& pws = items(field(field(r, "panel"), "warnings"));
  const Json& pmsgs = items(field(field(r, "panel"), "warning_msgs"));
  auto say = [&](const Json& list, const Json& list_msgs) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::optional<std::string> said;
      if (lang != "en" && list_msgs.size() == list.size()) said = translated(list_msgs[i], lang);
      d.out += "- " + (said ? cell(Json(*said)) : cell(list[i])) + "\n";
    }
  };
  if (!ws.empty() || !pws.empty()) {
    d.out += "## " + std::string(w.warnings) + "\n\n";
    say(ws, msgs);
    say(pws, pmsgs);
    d.out += "\n";
  }
  return d.out;
}

}  // namespace assess::analysis
