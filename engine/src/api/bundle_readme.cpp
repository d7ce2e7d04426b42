// README.md of the reproducibility bundle (api/ops_bundle.cpp), in the
// bundle's language: how to rerun, what each file is, which numbers each
// script recomputes and which it does not, and why.
#include <string>
#include <vector>

#include "api/bundle_readme.hpp"
#include "assess/api/api.hpp"
#include "assess/core/sha256.hpp"

namespace assess::api::detail {
namespace {

struct Words {
  const char* kk;
  const char* ru;
  const char* en;
};

const char* in(const Words& w, const std::string& lang) { return lang == "kk" ? w.kk : lang == "ru" ? w.ru : w.en; }

std::string fill(std::string s, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [k, v] : values) {
    const std::string key = "{" + k + "}";
    for (auto at = s.find(key); at != std::string::npos; at = s.find(key, at + v.size())) s.replace(at, key.size(), v);
  }
  return s;
}

const Words kTitle{"# Қайта есептеуге арналған жинақ: {title}", "# Пакет для воспроизведения: {title}",
                   "# Reproducibility bundle: {title}"};

const Words kIntro{
    "Бұл жинақты assess {version} «{id}» зерттеуінің ({id}, {version_study}-нұсқа) жауап файлдарынан жасады. "
    "Төмендегі әр файлдың SHA-256 қосындысы SHA256SUMS файлында.",
    "Пакет собран программой assess {version} из файлов ответов исследования «{id}» (версия {version_study}). "
    "Контрольная сумма SHA-256 каждого файла ниже записана в SHA256SUMS.",
    "Made by assess {version} from the response files of the study {id} (version {version_study}). The SHA-256 "
    "of every file below is in SHA256SUMS."};

const Words kRerunHead{"## Қалай қайта есептеуге болады", "## Как пересчитать", "## How to rerun"};

const Words kRerun{
    "Скрипттер тек CSV файлдарын оқиды (report.json файлын оқымайды), сондықтан оларды report.json жоқ "
    "бумада да іске қосуға болады. recomputed.json файлының құрылымы мен өрістерінің атаулары report.json "
    "ішіндегі `result` өрісімен бірдей: екеуін өріс бойынша салыстыруға болады.\n\n"
    "R үшін: R және psych, lavaan, car, jsonlite пакеттері (Debian: `r-base-core r-cran-psych r-cran-lavaan "
    "r-cran-car r-cran-jsonlite`). Python үшін: Python 3, SciPy, pandas және NumPy (Debian: `python3-scipy "
    "python3-pandas`).",
    "Скрипты читают только CSV-файлы (report.json они не читают), поэтому их можно запускать и в папке без "
    "report.json. У recomputed.json та же структура и те же имена полей, что у поля `result` в report.json: "
    "их можно сравнить поле за полем.\n\n"
    "Для R нужны R и пакеты psych, lavaan, car, jsonlite (Debian: `r-base-core r-cran-psych r-cran-lavaan "
    "r-cran-car r-cran-jsonlite`). Для Python нужны Python 3, SciPy, pandas и NumPy (Debian: `python3-scipy "
    "python3-pandas`).",
    "The scripts read only the CSV files (not report.json), so they run in a folder without report.json too. "
    "recomputed.json has the structure and the field names of the field `result` of report.json: compare them "
    "field by field.\n\n"
    "R needs the packages psych, lavaan, car and jsonlite (Debian: `r-base-core r-cran-psych r-cran-lavaan "
    "r-cran-car r-cran-jsonlite`); Python needs Python 3 with SciPy, pandas and NumPy (Debian: `python3-scipy "
    "python3-pandas`)."};

const Words kCmdCheck{"файлдар жасалған күйінде ме", "файлы такие, какими были созданы",
                      "the files are as they were made"};
const Words kCmdR{"recomputed.json файлын жазады", "записывает recomputed.json", "writes recomputed.json"};
const Words kCmdPy{"recomputed_py.json файлын жазады", "записывает recomputed_py.json", "writes recomputed_py.json"};

const Words kFilesHead{"## Файлдар", "## Файлы", "## Files"};
const Words kFileCol{"| файл | не бар |\n|---|---|", "| файл | что в нём |\n|---|---|",
                     "| file | what it is |\n|---|---|"};

struct FileWords {
  const char* name;
  Words what;
};

const FileWords kFiles[] = {
    {"dataset.csv",
     {"Әр студентке бір жол: кодтар байланыстырылғаннан кейін, әр кезеңдегі баллдар мен өсім, фондық "
      "айнымалылар, жұмыс берушілердің бағалары (бағандар codebook.json файлында сипатталған).",
      "Одна строка на студента после связывания кодов: баллы на каждом этапе и прирост, фоновые переменные, "
      "оценки работодателей (столбцы описаны в codebook.json).",
      "One row per student after linking: the scores at every wave and their gains, the background "
      "variables, the employers' ratings (codebook.json describes every column)."}},
    {"dataset.sav",
     {"Сол деректер SPSS файлы ретінде (UTF-8): белгілер осы жинақтың тілінде, -99 «сұралмаған», -98 "
      "«жауап берілмеген». SPSS-те Unicode режимінде ашыңыз; PSPP, R haven және pyreadstat оны бірден оқиды.",
      "Те же данные в виде файла SPSS (UTF-8): метки на языке пакета, -99 «не задавался», -98 «пропущен». "
      "В SPSS открывайте в режиме Unicode; PSPP, R haven и pyreadstat читают его как есть.",
      "The same data set as an SPSS file (UTF-8): labels in the bundle's language, -99 \"not asked\", -98 "
      "\"skipped\". Open it in SPSS in Unicode mode; PSPP, R haven and pyreadstat read it as it is."}},
    {"items.csv",
     {"Әр жазбаға бір жол (студенттің коды, кезең, құрал, бағдарлама, топ): кілтті тармақтардың жауаптары, "
      "кері кодтауға дейінгі күйінде. Альфа, омега, факторлық модель және Шапиро–Уилк сынағы осыдан есептеледі.",
      "Одна строка на запись (код студента, этап, инструмент, программа, группа): ответы на пункты шкал до "
      "обратного кодирования. Из них считаются альфа, омега, факторная модель и критерий Шапиро–Уилка.",
      "One row per record (the student's code, wave, instrument, programme, group): the answers to the keyed "
      "items before reverse keying, for alpha, omega, the factor model and Shapiro-Wilk."}},
    {"ratings.csv",
     {"Сарапшылардың бағалары: сарапшы, бағдарлама, әр критерийдің бағасы.",
      "Оценки экспертов: эксперт, программа, оценка по каждому критерию.",
      "The experts' ratings: expert, programme, the rating of every criterion."}},
    {"links.json",
     {"Зерттеуші растаған кодтар байланыстары (файл берілгендей).",
      "Связи кодов, подтверждённые исследователем (файл в том виде, в каком он дан).",
      "The links of codes the researcher confirmed (the file as given)."}},
    {"codebook.json",
     {"Әр айнымалы: kk/ru/en белгілері, түрі, мәндері, қалай есептелгені, SPSS атауы.",
      "Каждая переменная: метки на kk/ru/en, тип, значения, как вычислена, имя в SPSS.",
      "Every variable: its kk/ru/en labels, type, values, how it was computed, its SPSS name."}},
    {"report.json",
     {"Зерттеудің толық есебі (assess report): әр сан толық дәлдікпен.",
      "Полный отчёт исследования (assess report): каждое число с полной точностью.",
      "The study's whole report (assess report), every number at full precision."}},
    {"report.md",
     {"Сол есеп кестелер және мәтін ретінде.", "Тот же отчёт в виде таблиц и текста.",
      "The same report as tables and text."}},
    {"report.html",
     {"Талдау бетінің есебі (графиктерімен).", "Отчёт страницы анализа (с графиками).",
      "The analysis page's report (with its charts)."}},
    {"analysis.R",
     {"Зерттеуден жасалған R скрипті: CSV файлдарынан сандарды қайта есептейді.",
      "Скрипт R, созданный по исследованию: пересчитывает числа из CSV-файлов.",
      "The R script made from the study: recomputes the numbers from the CSV files."}},
    {"analysis.py",
     {"Зерттеуден жасалған Python скрипті: сандардың бір бөлігін қайта есептейді.",
      "Скрипт Python, созданный по исследованию: пересчитывает часть чисел.",
      "The Python script made from the study: recomputes a subset of the numbers."}},
    {"datapackage.json",
     {"Frictionless Data пакетінің сипаттамасы: әр CSV бағанының түрі, файлдардың SHA-256 қосындысы.",
      "Описание пакета Frictionless Data: тип каждого столбца CSV, SHA-256 файлов.",
      "The Frictionless Data package: the type of every CSV column, the files' SHA-256."}},
    {"SHA256SUMS",
     {"Әр файлдың SHA-256 қосындысы (`sha256sum -c SHA256SUMS`).", "SHA-256 каждого файла (`sha256sum -c SHA256SUMS`).",
      "The SHA-256 of every file (`sha256sum -c SHA256SUMS`)."}},
};

const Words kPrivacyHead{"## Жеке деректер", "## Персональные данные", "## Personal data"};
const Words kWithText{
    "Бұл жинақта ашық жауаптар және шағын топтарды ашып қоюы мүмкін айнымалылар бар (codebook.json "
    "ішінде `identifying: true`). Жинақты зерттеу тобынан тыс жерге жібермес бұрын оны `--no-text` "
    "параметрімен қайта жасаңыз.",
    "В пакете есть открытые ответы и переменные, по которым можно узнать людей в малых группах "
    "(`identifying: true` в codebook.json). Прежде чем передавать пакет за пределы исследовательской "
    "группы, создайте его заново с параметром `--no-text`.",
    "This bundle holds open answers and variables that can identify people in small groups "
    "(`identifying: true` in codebook.json). Before sharing it outside the research team, make it again "
    "with `--no-text`."};
const Words kNoText{
    "Бұл жинақ `--no-text` параметрімен жасалған: ашық жауаптар, сарапшылардың пікірлері және адамды "
    "анықтауы мүмкін айнымалылар жоқ.",
    "Пакет создан с параметром `--no-text`: открытых ответов, комментариев экспертов и переменных, по "
    "которым можно узнать человека, в нём нет.",
    "This bundle was made with `--no-text`: it holds no open answers, no experts' comments and no variable "
    "that can identify a person."};

// What each script recomputes, and what not and why (tests/bundle/run.py
// holds each script to it on four studies).
const Words kCoverage{
    "## Скрипттер нені қайта есептейді\n\n"
    "**analysis.R** (R, psych, lavaan, car) report.json ішіндегі `result` өрісінің мына бөліктерін қайта "
    "есептейді:\n\n"
    "- `prepost`: әр құралдың «дейін – кейін» талдауындағы әр сан: сипаттамалық статистикалар, Шапиро–Уилк, "
    "жұп t-сынағы мен Холм түзетуі, d_z және оның аралығы, Уилкоксон, сенімділік (альфа, омега, Спирмен–Браун), "
    "факторлық модель (lavaan), бағдарламалар, топтарды салыстыру (өсім, бастапқы және соңғы баллдар, ANCOVA, "
    "аралас ANOVA), кезеңдер жұптары;\n"
    "- `flow`, `sample`, `background`, `post_surveys`, `employers`, `outcomes`, `correlations` және сарапшылар "
    "бағасы болса, `panel` (Кендалл W, ICC, Криппендорф альфасы, каппа).\n\n"
    "**analysis.py** (SciPy, pandas, NumPy) сандардың бір бөлігін тәуелсіз тексереді: {py}.\n\n"
    "## Нені қайта есептемейді және неге\n\n"
    "- Бастапқы файлдарды оқудың есептері (`counts` ішіндегі файлдар, жолдар, қабылданбаған жазбалар, "
    "`flow.excluded`, `panel` ішіндегі импорт есептері) және кодтарды байланыстыру есебі (`linking`): жинақта "
    "бастапқы жауап файлдары емес, байланыстырылған кодтар ғана бар.\n"
    "- `factor_model.<кезең>.iterations`: assess оңтайландырғышының өз қадамдар саны; модельдің өзі lavaan-да "
    "қайта бағаланады.\n"
    "- Мәтіндер (`warnings`, `paragraph`, `labels`): олар сан емес.\n"
    "- analysis.py: {py_not}.\n\n",
    "## Что пересчитывают скрипты\n\n"
    "**analysis.R** (R, psych, lavaan, car) пересчитывает такие части поля `result` из report.json:\n\n"
    "- `prepost`: каждое число анализа «до – после» каждого инструмента: описательные статистики, "
    "Шапиро–Уилк, парный t-критерий с поправкой Холма, d_z и его интервал, Уилкоксон, надёжность (альфа, омега, "
    "Спирмен–Браун), факторная модель (lavaan), программы, сравнение групп (прирост, исходные и итоговые баллы, "
    "ANCOVA, смешанный ANOVA), пары этапов;\n"
    "- `flow`, `sample`, `background`, `post_surveys`, `employers`, `outcomes`, `correlations` и, если есть оценки "
    "экспертов, `panel` (W Кендалла, ICC, альфа Криппендорфа, каппа).\n\n"
    "**analysis.py** (SciPy, pandas, NumPy) независимо проверяет часть чисел: {py}.\n\n"
    "## Что не пересчитывается и почему\n\n"
    "- Счётчики чтения исходных файлов (файлы, строки, отклонённые записи в `counts`, `flow.excluded`, счётчики "
    "импорта в `panel`) и отчёт о связывании кодов (`linking`): в пакете нет исходных файлов ответов, только "
    "связанные коды.\n"
    "- `factor_model.<этап>.iterations`: собственное число шагов оптимизатора assess; сама модель "
    "переоценивается в lavaan.\n"
    "- Тексты (`warnings`, `paragraph`, `labels`): это не числа.\n"
    "- analysis.py: {py_not}.\n\n",
    "## What the scripts recompute\n\n"
    "**analysis.R** (R, psych, lavaan, car) recomputes these parts of report.json's `result`:\n\n"
    "- `prepost`: every number of each instrument's pre-post analysis: descriptives, Shapiro-Wilk, the paired t "
    "with Holm, d_z and its interval, Wilcoxon, reliability (alpha, omega, Spearman-Brown), the factor model "
    "(lavaan), the programmes, the comparison of the groups (gains, baseline and final scores, ANCOVA, mixed "
    "ANOVA), the pairs of waves;\n"
    "- `flow`, `sample`, `background`, `post_surveys`, `employers`, `outcomes`, `correlations` and, with the "
    "experts' ratings, `panel` (Kendall's W, ICC, Krippendorff's alpha, kappa).\n\n"
    "**analysis.py** (SciPy, pandas, NumPy) checks a subset independently: {py}.\n\n"
    "## What they do not recompute, and why\n\n"
    "- The counts of reading the raw files (files, rows and rejected records in `counts`, `flow.excluded`, the "
    "import counts in `panel`) and the linking report (`linking`): the bundle holds the linked codes, not the "
    "raw response files.\n"
    "- `factor_model.<wave>.iterations`: assess's optimiser's own count of steps; the model itself is fitted "
    "again with lavaan.\n"
    "- Texts (`warnings`, `paragraph`, `labels`): they are not numbers.\n"
    "- analysis.py: {py_not}.\n\n"};

const Words kPyCovers{
    "`prepost` (сипаттамалық статистикалар, жұп t-сынағы, d_z және оның аралығы, Уилкоксон, Кронбах альфасы, "
    "омега және факторлық модельдің сәйкестік көрсеткіштері, топтарды салыстыру: Уэлч пен Стьюдент t-сынақтары, "
    "ANCOVA, аралас ANOVA), `flow`, `sample`, `background` (хи-квадрат, Фишердің дәл критерийі), `post_surveys`, "
    "`employers` (топтар бойынша), `outcomes` (Уилсон аралығы), `correlations` (Пирсон), `panel` (Кендалл W, "
    "ICC, Криппендорф альфасы), Холм түзетуі",
    "`prepost` (описательные статистики, парный t-критерий, d_z и его интервал, Уилкоксон, альфа Кронбаха, омега "
    "и индексы согласия факторной модели, сравнение групп: t-критерии Уэлча и Стьюдента, ANCOVA, смешанный "
    "ANOVA), `flow`, `sample`, `background` (хи-квадрат, точный критерий Фишера), `post_surveys`, `employers` (по "
    "группам), `outcomes` (интервал Уилсона), `correlations` (Пирсон), `panel` (W Кендалла, ICC, альфа "
    "Криппендорфа), поправка Холма",
    "`prepost` (descriptives, the paired t, d_z and its interval, Wilcoxon, Cronbach's alpha, omega and the "
    "factor model's fit indices, the comparison of the groups: Welch's and Student's t, ANCOVA, the mixed ANOVA), "
    "`flow`, `sample`, `background` (chi-square, Fisher's exact test), `post_surveys`, `employers` (by group), "
    "`outcomes` (Wilson intervals), `correlations` (Pearson), `panel` (Kendall's W, ICC, Krippendorff's alpha), "
    "Holm"};

const Words kPyNot{
    "Шапиро–Уилк және оған тәуелді `primary_test` (Debian-дағы SciPy оны бір еселі дәлдікпен есептейді), "
    "байланысқан мәндері жоқ жұптардағы Спирмен корреляциясының p мәні (R мұнда SciPy-да жоқ дәл немесе "
    "Эджворт жуықтауын қолданады), екі сарапшының каппасы, сарапшылар толық келіскендегі ICC, жұмыс берушілердің "
    "жалпы және бағдарламалар бойынша көрсеткіштері — бұларды analysis.R тексереді",
    "Шапиро–Уилк и зависящий от него `primary_test` (SciPy в Debian считает его с одинарной точностью), p-значение "
    "корреляции Спирмена для пар без связанных значений (R использует точное распределение или приближение "
    "Эджворта, которых нет в SciPy), каппа двух экспертов, ICC при полном согласии экспертов, общие показатели "
    "работодателей и показатели по программам — их проверяет analysis.R",
    "Shapiro-Wilk and `primary_test`, which rests on it (Debian's SciPy computes it in single precision), "
    "Spearman's p for pairs without ties (R uses the exact distribution or the Edgeworth series, which SciPy "
    "lacks), the two-expert kappa, the ICC when the experts agree perfectly, the employers' overall and "
    "by-programme figures - analysis.R checks those"};

std::string coverage(const std::string& lang) {
  return fill(in(kCoverage, lang), {{"py", in(kPyCovers, lang)}, {"py_not", in(kPyNot, lang)}});
}

}  // namespace

std::string bundle_readme(const instrument::Study& study, const std::string& lang,
                          const std::vector<std::string>& names, bool text) {
  const std::string title = instrument::text_in(study.title, lang, "en");
  std::string s = fill(in(kTitle, lang), {{"title", title}}) + "\n\n";
  s += fill(in(kIntro, lang),
            {{"version", api::version()}, {"id", study.id}, {"version_study", std::to_string(study.version)}}) +
       "\n\n";
  s += std::string(in(kRerunHead, lang)) + "\n\n```sh\n";
  s += std::string("sha256sum -c SHA256SUMS   # ") + in(kCmdCheck, lang) + "\n";
  s += std::string("Rscript analysis.R        # ") + in(kCmdR, lang) + "\n";
  s += std::string("python3 analysis.py       # ") + in(kCmdPy, lang) + "\n```\n\n";
  s += std::string(in(kRerun, lang)) + "\n\n";
  s += coverage(lang);
  s += std::string(in(kFilesHead, lang)) + "\n\n" + in(kFileCol, lang) + "\n";
  for (const auto& n : names) {
    for (const auto& f : kFiles) {
      if (n == f.name) s += std::string("| `") + f.name + "` | " + in(f.what, lang) + " |\n";
    }
  }
  s += std::string("| `README.md` | ") +
       (lang == "kk"   ? "Осы файл."
        : lang == "ru" ? "Этот файл."
                       : "This file.") +
       " |\n\n";
  s += std::string(in(kPrivacyHead, lang)) + "\n\n" + in(text ? kWithText : kNoText, lang) + "\n";
  return s;
}

}  // namespace assess::api::detail
