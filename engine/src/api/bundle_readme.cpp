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

const Words kTitle{"# Қайта есептеуге арналған жинақ: {title}", "# Пакет для воспроизведения результатов: {title}",
                   "# Reproducibility bundle: {title}"};

const Words kIntro{
    "Бұл жинақ «{id}» зерттеуінің ({version_study}-нұсқа) жауап файлдарынан assess {version} арқылы жасалды. "
    "Төменде аталған әр файлдың SHA-256 бақылау қосындысы SHA256SUMS файлында берілген.",
    "Пакет создан с помощью assess {version} из файлов ответов исследования «{id}» (версия {version_study}). "
    "Контрольные суммы SHA-256 всех перечисленных ниже файлов записаны в SHA256SUMS.",
    "Made by assess {version} from the response files of the study {id} (version {version_study}). The SHA-256 "
    "of every file below is in SHA256SUMS."};

const Words kRerunHead{"## Қалай қайта есептеуге болады", "## Как пересчитать", "## How to rerun"};

const Words kRerun{
    "Скрипттер тек CSV файлдарын оқиды (report.json файлын оқымайды), сондықтан оларды report.json жоқ бумада да "
    "іске қосуға болады. recomputed.json файлының құрылымы мен өрістерінің атаулары report.json ішіндегі `result` "
    "өрісінікімен бірдей: екеуін өрістер бойынша салыстыруға болады.\n\n"
    "analysis.R үшін R және psych, lavaan, car, jsonlite пакеттері қажет (Debian: `r-base-core r-cran-psych "
    "r-cran-lavaan r-cran-car r-cran-jsonlite`). analysis.py үшін Python 3, SciPy, pandas және NumPy қажет "
    "(Debian: `python3-scipy python3-pandas`).",
    "Скрипты читают только CSV-файлы (report.json они не читают), поэтому их можно запускать и в папке без "
    "report.json. У recomputed.json та же структура и те же имена полей, что у поля `result` в report.json: их "
    "можно сравнить поле за полем.\n\n"
    "Для analysis.R нужны R и пакеты psych, lavaan, car, jsonlite (Debian: `r-base-core r-cran-psych r-cran-lavaan "
    "r-cran-car r-cran-jsonlite`). Для analysis.py нужны Python 3, SciPy, pandas и NumPy (Debian: `python3-scipy "
    "python3-pandas`).",
    "The scripts read only the CSV files (not report.json), so they run in a folder without report.json too. "
    "recomputed.json has the structure and the field names of the field `result` of report.json: compare them "
    "field by field.\n\n"
    "R needs the packages psych, lavaan, car and jsonlite (Debian: `r-base-core r-cran-psych r-cran-lavaan "
    "r-cran-car r-cran-jsonlite`); Python needs Python 3 with SciPy, pandas and NumPy (Debian: `python3-scipy "
    "python3-pandas`)."};

const Words kCmdCheck{"файлдардың жасалғаннан бері өзгермегенін тексереді",
                      "проверяет, что файлы не изменились после создания", "the files are as they were made"};
const Words kCmdR{"recomputed.json файлын жазады", "записывает recomputed.json", "writes recomputed.json"};
const Words kCmdPy{"recomputed_py.json файлын жазады", "записывает recomputed_py.json", "writes recomputed_py.json"};

const Words kFilesHead{"## Файлдар", "## Файлы", "## Files"};
const Words kFileCol{"| файл | мазмұны |\n|---|---|", "| файл | содержимое |\n|---|---|",
                     "| file | what it is |\n|---|---|"};

struct FileWords {
  const char* name;
  Words what;
};

const FileWords kFiles[] = {
    {"dataset.csv",
     {"Кодтар байланыстырылғаннан кейін әр студентке бір жол: әр кезеңдегі ұпайлар мен өсімдер, студенттердің "
      "сипаттамалары, жұмыс берушілердің бағалары (әр баған codebook.json файлында сипатталған).",
      "Одна строка на студента после связывания кодов: баллы на каждом этапе и приросты, характеристики студентов, "
      "оценки работодателей (каждый столбец описан в codebook.json).",
      "One row per student after linking: the scores at every wave and their gains, the background "
      "variables, the employers' ratings (codebook.json describes every column)."}},
    {"dataset.sav",
     {"Сол деректер жиыны SPSS файлы ретінде (UTF-8): белгілер осы жинақтың тілінде; -99 — «сұралмаған», -98 — "
      "«жауап берілмеген». SPSS-те файлды Unicode режимінде ашыңыз; PSPP, R haven және pyreadstat оны қосымша "
      "баптаусыз оқиды.",
      "Тот же набор данных в виде файла SPSS (UTF-8): метки на языке пакета; -99 — «не спрашивали», -98 — «нет "
      "ответа». В SPSS откройте файл в режиме Unicode; PSPP, R haven и pyreadstat читают его без дополнительных "
      "настроек.",
      "The same data set as an SPSS file (UTF-8): labels in the bundle's language, -99 \"not asked\", -98 \"not "
      "answered\". Open it in SPSS in Unicode mode; PSPP, R haven and pyreadstat read it as it is."}},
    {"items.csv",
     {"Әр жазбаға бір жол (студенттің коды, кезең, құрал, бағдарлама, топ): шкала тармақтарына берілген жауаптар, "
      "кері кодталмаған күйінде. Альфа, омега, факторлық модель және Шапиро — Уилк критерийі осы файлдан есептеледі.",
      "Одна строка на запись (код студента, этап, инструмент, программа, группа): ответы на пункты шкал до "
      "перекодировки обратных пунктов. По ним вычисляются альфа, омега, факторная модель и критерий Шапиро — Уилка.",
      "One row per record (the student's code, wave, instrument, programme, group): the answers to the keyed "
      "items before reverse keying, for alpha, omega, the factor model and Shapiro-Wilk."}},
    {"ratings.csv",
     {"Сарапшылардың бағалары: сарапшы, бағдарлама, әр критерий бойынша баға.",
      "Оценки экспертов: эксперт, программа, оценка по каждому критерию.",
      "The experts' ratings: expert, programme, the rating of every criterion."}},
    {"links.json",
     {"Зерттеуші растаған кодтар байланыстары (файл берілген күйінде).",
      "Связи кодов, подтверждённые исследователем (файл в исходном виде).",
      "The links of codes the researcher confirmed (the file as given)."}},
    {"codebook.json",
     {"Әр айнымалының kk/ru/en тілдеріндегі белгілері, түрі, мәндері, қалай есептелгені және SPSS-тегі атауы.",
      "Для каждой переменной: метки на kk/ru/en, тип, значения, способ вычисления, имя в SPSS.",
      "Every variable: its kk/ru/en labels, type, values, how it was computed, its SPSS name."}},
    {"report.json",
     {"Зерттеудің толық есебі (assess report): әр сан толық дәлдікпен.",
      "Полный отчёт по исследованию (assess report): каждое число с полной точностью.",
      "The study's whole report (assess report), every number at full precision."}},
    {"report.md",
     {"Сол есеп кестелер мен мәтін түрінде.", "Тот же отчёт в виде таблиц и текста.",
      "The same report as tables and text."}},
    {"report.html",
     {"Талдау бетінде жасалған есеп (графиктерімен).", "Отчёт со страницы анализа (с графиками).",
      "The analysis page's report (with its charts)."}},
    {"analysis.R",
     {"Осы зерттеу үшін жасалған R скрипті: сандарды CSV файлдарынан қайта есептейді.",
      "Скрипт R, созданный для этого исследования: пересчитывает числа по CSV-файлам.",
      "The R script made from the study: recomputes the numbers from the CSV files."}},
    {"analysis.py",
     {"Осы зерттеу үшін жасалған Python скрипті: сандардың бір бөлігін қайта есептейді.",
      "Скрипт Python, созданный для этого исследования: пересчитывает часть чисел.",
      "The Python script made from the study: recomputes a subset of the numbers."}},
    {"datapackage.json",
     {"Frictionless Data пакетінің сипаттамасы: әр CSV бағанының түрі, файлдардың SHA-256 бақылау қосындылары.",
      "Описание пакета Frictionless Data: тип каждого столбца CSV, контрольные суммы SHA-256 файлов.",
      "The Frictionless Data package: the type of every CSV column, the files' SHA-256."}},
    {"SHA256SUMS",
     {"Әр файлдың SHA-256 бақылау қосындысы (`sha256sum -c SHA256SUMS`).",
      "Контрольные суммы SHA-256 всех файлов (`sha256sum -c SHA256SUMS`).",
      "The SHA-256 of every file (`sha256sum -c SHA256SUMS`)."}},
};

const Words kPrivacyHead{"## Дербес деректер", "## Персональные данные", "## Personal data"};
const Words kWithText{
    "Бұл жинақта ашық жауаптар және шағын топтарда адамдардың жеке басын анықтауға мүмкіндік беретін айнымалылар "
    "бар (codebook.json ішінде `identifying: true`). Жинақты зерттеу тобынан тыс адамдарға бермес бұрын оны "
    "`--no-text` параметрімен қайта жасаңыз.",
    "В пакете есть открытые ответы и переменные, по которым в малых группах можно установить личность участников "
    "(`identifying: true` в codebook.json). Прежде чем передавать пакет за пределы исследовательской группы, "
    "создайте его заново с параметром `--no-text`.",
    "This bundle holds open answers and variables that can identify people in small groups "
    "(`identifying: true` in codebook.json). Before sharing it outside the research team, make it again "
    "with `--no-text`."};
const Words kNothingPersonal{
    "Бұл жинақта ашық жауаптар, сарапшылардың пікірлері және шағын топтарда адамның жеке басын анықтауға "
    "мүмкіндік беретін айнымалылар жоқ (codebook.json ішінде `identifying: true` деп белгіленген айнымалы жоқ).",
    "В пакете нет открытых ответов, комментариев экспертов и переменных, по которым в малых группах можно "
    "установить личность (в codebook.json ни одна переменная не отмечена `identifying: true`).",
    "This bundle holds no open answers, no experts' comments and no variable that can identify a person in a "
    "small group (no variable in codebook.json is marked `identifying: true`)."};
const Words kNoText{
    "Бұл жинақ `--no-text` параметрімен жасалған: онда ашық жауаптар, сарапшылардың пікірлері және адамның жеке "
    "басын анықтауға мүмкіндік беретін айнымалылар жоқ.",
    "Пакет создан с параметром `--no-text`: в нём нет открытых ответов, комментариев экспертов и переменных, по "
    "которым можно установить личность.",
    "This bundle was made with `--no-text`: it holds no open answers, no experts' comments and no variable "
    "that can identify a person."};

// What each script recomputes, and what not and why (tests/bundle/run.py
// holds each script to it on four studies).
const Words kCoverage{
    "## Скрипттер нені қайта есептейді\n\n"
    "**analysis.R** (R, psych, lavaan, car) report.json ішіндегі `result` өрісінің мына бөліктерін қайта "
    "есептейді:\n\n"
    "- `prepost`: әр құралдың «дейін — кейін» талдауындағы барлық сандар: сипаттамалық статистика, Шапиро — Уилк "
    "критерийі, жұптық t-критерий және Холм түзетуі, d_z және оның аралығы, Уилкоксон критерийі, сенімділік "
    "(альфа, омега, Спирмен — Браун), факторлық модель (lavaan), бағдарламалар, топтарды салыстыру (өсімдер, "
    "бастапқы және қорытынды ұпайлар, ANCOVA, аралас дисперсиялық талдау), кезеңдер жұптары;\n"
    "- `flow`, `sample`, `background`, `post_surveys`, `employers`, `outcomes`, `correlations` және сарапшылардың "
    "бағалары болса, `panel` (Кендаллдың W коэффициенті, ICC, Криппендорф альфасы, каппа).\n\n"
    "**analysis.py** (SciPy, pandas, NumPy) сандардың бір бөлігін тәуелсіз тексереді: {py}.\n\n"
    "## Скрипттер нені қайта есептемейді және неге\n\n"
    "- Бастапқы файлдарды оқу кезіндегі санақтар (`counts` ішіндегі файлдар, жолдар және алынып тасталған жазбалар "
    "саны, `flow.excluded`, `panel` ішіндегі импорт санақтары) және кодтарды байланыстыру есебі (`linking`): "
    "жинақта бастапқы жауап файлдары жоқ, тек байланыстырылған кодтар бар.\n"
    "- `factor_model.<кезең>.iterations`: assess оңтайландырғышының қадамдар (итерациялар) саны; модельдің өзі "
    "lavaan-да қайта бағаланады.\n"
    "- Мәтіндер (`warnings`, `paragraph`, `labels`): олар сан емес.\n"
    "- analysis.py: {py_not}.\n\n",
    "## Что пересчитывают скрипты\n\n"
    "**analysis.R** (R, psych, lavaan, car) пересчитывает следующие части поля `result` из report.json:\n\n"
    "- `prepost`: все числа анализа «до — после» по каждому инструменту: описательные статистики, критерий Шапиро "
    "— Уилка, парный t-критерий с поправкой Холма, d_z и его интервал, критерий Вилкоксона, надёжность (альфа, "
    "омега, Спирмен — Браун), факторная модель (lavaan), программы, сравнение групп (приросты, входные и итоговые "
    "баллы, ANCOVA, смешанный дисперсионный анализ), пары этапов;\n"
    "- `flow`, `sample`, `background`, `post_surveys`, `employers`, `outcomes`, `correlations` и, если есть оценки "
    "экспертов, `panel` (W Кендалла, ICC, альфа Криппендорфа, каппа).\n\n"
    "**analysis.py** (SciPy, pandas, NumPy) независимо проверяет часть чисел: {py}.\n\n"
    "## Что не пересчитывается и почему\n\n"
    "- Счётчики, полученные при чтении исходных файлов (файлы, строки и исключённые записи в `counts`, "
    "`flow.excluded`, счётчики импорта в `panel`) и отчёт о связывании кодов (`linking`): в пакете нет исходных "
    "файлов ответов, только связанные коды.\n"
    "- `factor_model.<этап>.iterations`: число итераций оптимизатора assess; сама модель заново оценивается в "
    "lavaan.\n"
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
    "`prepost` (сипаттамалық статистика, жұптық t-критерий, d_z және оның аралығы, Уилкоксон критерийі, Кронбах "
    "альфасы, омега және факторлық модельдің сәйкестік көрсеткіштері, топтарды салыстыру: Уэлч және Стьюдент "
    "t-критерийлері, ANCOVA, аралас дисперсиялық талдау), `flow`, `sample`, `background` (хи-квадрат, Фишердің дәл "
    "критерийі), `post_surveys`, `employers` (топтар бойынша), `outcomes` (Уилсон аралықтары), `correlations` "
    "(Пирсон корреляциясы), `panel` (Кендаллдың W коэффициенті, ICC, Криппендорф альфасы), Холм түзетуі",
    "`prepost` (описательные статистики, парный t-критерий, d_z и его интервал, критерий Вилкоксона, альфа "
    "Кронбаха, омега и индексы согласия факторной модели, сравнение групп: t-критерии Уэлча и Стьюдента, ANCOVA, "
    "смешанный дисперсионный анализ), `flow`, `sample`, `background` (хи-квадрат, точный критерий Фишера), "
    "`post_surveys`, `employers` (по группам), `outcomes` (интервалы Уилсона), `correlations` (корреляция "
    "Пирсона), `panel` (W Кендалла, ICC, альфа Криппендорфа), поправка Холма",
    "`prepost` (descriptives, the paired t, d_z and its interval, Wilcoxon, Cronbach's alpha, omega and the "
    "factor model's fit indices, the comparison of the groups: Welch's and Student's t, ANCOVA, the mixed ANOVA), "
    "`flow`, `sample`, `background` (chi-square, Fisher's exact test), `post_surveys`, `employers` (by group), "
    "`outcomes` (Wilson intervals), `correlations` (Pearson), `panel` (Kendall's W, ICC, Krippendorff's alpha), "
    "Holm"};

const Words kPyNot{
    "Шапиро — Уилк критерийі және соған негізделетін `primary_test` (Debian-дағы SciPy бұл критерийді бір еселі "
    "дәлдікпен есептейді), байланысқан рангтері жоқ айнымалылар жұптары үшін Спирмен корреляциясының p мәні (R "
    "мұнда дәл үлестірімді немесе Эджворт қатарын қолданады, ал SciPy-да олар жоқ), екі сарапшының каппасы, "
    "сарапшылар толық келіскен жағдайдағы ICC, жұмыс берушілердің жалпы және бағдарламалар бойынша көрсеткіштері — "
    "бұларды analysis.R тексереді",
    "критерий Шапиро — Уилка и зависящий от него `primary_test` (SciPy в Debian вычисляет этот критерий с "
    "одинарной точностью), p-значение корреляции Спирмена для пар переменных без связанных рангов (R использует "
    "точное распределение или ряд Эджворта, которых нет в SciPy), каппа для двух экспертов, ICC при полном "
    "согласии экспертов, общие показатели работодателей и показатели по программам — их проверяет analysis.R",
    "Shapiro-Wilk and `primary_test`, which rests on it (Debian's SciPy computes it in single precision), "
    "Spearman's p for pairs without ties (R uses the exact distribution or the Edgeworth series, which SciPy "
    "lacks), the two-expert kappa, the ICC when the experts agree perfectly, the employers' overall and "
    "by-programme figures - analysis.R checks those"};

std::string coverage(const std::string& lang) {
  return fill(in(kCoverage, lang), {{"py", in(kPyCovers, lang)}, {"py_not", in(kPyNot, lang)}});
}

}  // namespace

std::string bundle_readme(const instrument::Study& study, const std::string& lang,
                          const std::vector<std::string>& names, BundlePrivacy privacy) {
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
  const Words& said = privacy == BundlePrivacy::personal ? kWithText
                      : privacy == BundlePrivacy::none   ? kNothingPersonal
                                                         : kNoText;
  s += std::string(in(kPrivacyHead, lang)) + "\n\n" + in(said, lang) + "\n";
  return s;
}

}  // namespace assess::api::detail
