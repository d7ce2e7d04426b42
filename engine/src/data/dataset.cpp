#include "assess/data/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/csv_writer.hpp"
#include "assess/instrument/scoring.hpp"
#include "import_problems.hpp"

namespace assess::data {

using instrument::Instrument;
using instrument::ItemType;
using instrument::Study;
using instrument::StudyInstrument;
using instrument::Text;

const char* to_string(VariableType t) noexcept {
  switch (t) {
    case VariableType::number:
      return "number";
    case VariableType::integer:
      return "integer";
    case VariableType::choice:
      return "choice";
    case VariableType::binary:
      return "binary";
    case VariableType::text:
      break;
  }
  return "text";
}

bool valid_variable_name(const std::string& name) noexcept {
  if (name.empty() || name.size() > 64) return false;
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!letter(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '_'; });
}

namespace {

constexpr long kNoRecord = -1;
constexpr const char* kLangs[] = {"kk", "ru", "en"};

// ---------------------------------------------------------------- texts
// The codebook's words in the three languages of the product, as
// {kk, ru, en}; {name} is replaced (fill).
struct Words {
  const char* kk;
  const char* ru;
  const char* en;
  const char* in(std::string_view lang) const { return lang == "kk" ? kk : lang == "ru" ? ru : en; }
};

const Words kCodeLabel{"Студенттің коды (бүркеншік ат)", "Код студента (псевдоним)", "Student code (pseudonym)"};
const Words kCodeComputed{
    "Студенттің ең ерте кезеңдегі жазбасындағы кодтың қалыпқа келтірілген негізі (бақылау таңбасынсыз). Барлық кезең "
    "мен құралдағы осы код (және бағдарлама) көрсетілген жазбалар, сондай-ақ байланыс файлы біріктірген жазбалар бір "
    "студентке тиесілі.",
    "Нормализованная основа кода (без контрольного символа) самой ранней по этапам записи студента. Записи всех этапов "
    "и инструментов с этим кодом (и программой), а также объединённые файлом связей, относятся к одному студенту.",
    "The normalised code body (without its check symbol) of the student's earliest record. The records of every wave "
    "and instrument with this code (and programme), and those joined by the links file, are one student."};
const Words kProgrammeLabel{"Бағдарлама", "Программа", "Programme"};
const Words kGroupLabel{"Топ", "Группа", "Group"};
const Words kFromRecords{"Студент жазбаларындағы мән.", "Значение из записей студента.",
                         "As the student's records give it."};
const Words kWavesLabel{"Студент жауап берген кезеңдер", "Этапы, на которых студент отвечал",
                        "Waves at which the student answered"};
const Words kWavesComputed{
    "Студенттің жазбалары бар кезеңдердің идентификаторлары, «|» таңбасы арқылы, зерттеудегі ретімен.",
    "Идентификаторы этапов, на которых есть записи студента, через «|», в порядке их следования в исследовании.",
    "The ids of the waves with a record of the student, joined by \"|\", in study order."};
const Words kTotalTitle{"Жалпы балл", "Общий балл", "Total score"};
const Words kGainLabel{"{score}: өсім (кейін − дейін)", "{score}: прирост (после − до)", "{score}: gain (post − pre)"};
const Words kGainFollowupLabel{"{score}: өсім (кешіктірілген кезең − дейін)",
                               "{score}: прирост (отсроченный этап − до)", "{score}: gain (follow-up − pre)"};
// The gain at a later wave of another name than followup: the wave's title.
const Words kGainLaterLabel{"{score}: өсім ({wave} − дейін)", "{score}: прирост ({wave} − до)",
                            "{score}: gain ({wave} − pre)"};
const Words kDifference{"{a} − {b}; екеуінің бірі жоқ болса, мән жоқ.", "{a} − {b}; пропуск, если нет одного из них.",
                        "{a} − {b}; missing when either is missing."};
const Words kMeanComputed{
    "Жауап берілген тармақтардың орташасы ({items}), кері кодталғандары: {reversed}; жауап берілген тармақтар саны {k} "
    "санынан аз болса, мән жоқ.",
    "Среднее по отвеченным пунктам ({items}), пункты с обратным кодированием: {reversed}; пропуск, если отвечено "
    "меньше пунктов, чем {k}.",
    "Mean of the answered items ({items}), reverse-keyed: {reversed}; missing when fewer than {k} are answered."};
const Words kNone{"жоқ", "нет", "none"};
const Words kAsGiven{"{item} сұрағына берілген жауап, өзгеріссіз.",
                     "Ответ на вопрос {item} в том виде, в каком он дан.", "The answer to {item} as given."};
const Words kChoiceComputed{"{item} сұрағында таңдалған нұсқаның идентификаторы.",
                            "Идентификатор варианта, выбранного в вопросе {item}.",
                            "The id of the option chosen in {item}."};
const Words kOptionComputed{"{item} сұрағында осы нұсқа таңдалса 1, таңдалмаса 0; сұраққа жауап берілмесе, мән жоқ.",
                            "1, если в вопросе {item} выбран этот вариант, иначе 0; пропуск, если на вопрос не "
                            "ответили.",
                            "1 when this option was chosen in {item}, else 0; missing when {item} was not answered."};
const Words kChosen{"таңдалған", "выбран", "chosen"};
const Words kNotChosen{"таңдалмаған", "не выбран", "not chosen"};
const Words kTextComputed{"{item} сұрағына берілген ашық жауап, жазылған күйінде (Unicode NFC).",
                          "Открытый ответ на вопрос {item} в том виде, в каком он написан (Unicode NFC).",
                          "The open answer to {item} as written (Unicode NFC)."};
const Words kRatersLabel{"{instrument}: түлекті бағалаған жұмыс берушілер саны",
                         "{instrument}: число работодателей, оценивших выпускника",
                         "{instrument}: employers who rated the graduate"};
const Words kRatersComputed{"Осы студенттің кодын түлек коды ретінде көрсеткен жұмыс берушілер жауаптарының саны.",
                            "Число ответов работодателей, в которых код этого студента указан как код выпускника.",
                            "The number of employers' responses that name this student's code as their graduate."};
const Words kRatedLabel{"{score} ({instrument}, жұмыс берушілер бойынша орташа): {wave}",
                        "{score} ({instrument}, среднее по работодателям): {wave}",
                        "{score} ({instrument}, mean over employers): {wave}"};
const Words kRatedComputed{"{score} бағасының осы студентті бағалаған жұмыс берушілер жауаптары бойынша орташасы.",
                           "Среднее значение {score} по ответам работодателей, оценивших этого студента.",
                           "The mean of {score} over the responses of the employers who rated this student."};

std::string fill(std::string s, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [k, v] : values) {
    const std::string key = "{" + k + "}";
    for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + v.size())) {
      s.replace(at, key.size(), v);
    }
  }
  return s;
}

Json words_json(const Words& w, const std::vector<std::pair<std::string, std::string>>& values = {}) {
  Json j = Json::object();
  for (const char* l : kLangs) j[l] = fill(w.in(l), values);
  return j;
}

const std::string& text_of(const Text& t, std::string_view lang) { return instrument::text_in(t, lang, "en"); }

// ---------------------------------------------------------------- students
struct Student {
  std::string body;                        // the representative code body (set at the end)
  std::string programme;                   // "" when none
  std::vector<std::vector<long>> records;  // [study instrument][study wave] -> record index or kNoRecord
  bool alive = true;
  std::size_t into = 0;  // the student a link merged this one into (itself when alive)
};

std::string student_key(std::string_view body, std::string_view programme) {
  std::string k(programme);
  k += '\x1f';
  k += body;
  return k;
}

Problem table_problem(const ResponseTable& t, std::size_t r, std::string code, Severity severity, Message msg) {
  Problem p;
  p.file = t.files[t.source[r].file];
  p.row = t.source[r].row;
  p.field = "code";
  p.code = std::move(code);
  p.severity = severity;
  p.message = t.where(r) + ": " + english(msg);
  p.msg = std::move(msg);
  detail::add_location_params(p);
  return p;
}

Problem link_problem(const StudentLink& l, std::size_t i, std::string code, Message msg) {
  Problem p;
  p.file = "links";
  p.row = i + 1;
  p.field = l.where;
  p.code = std::move(code);
  p.severity = Severity::record;
  p.message = "links[" + std::to_string(i) + "]: " + english(msg);
  p.msg = std::move(msg);
  detail::add_location_params(p);
  return p;
}

std::string programme_of(const ResponseTable& t, std::size_t r) {
  return t.programme[r] == ResponseTable::kNoProgramme ? std::string() : t.programmes[t.programme[r]];
}

// The scores of an instrument: subscales, the total, the scored numbers.
struct ScoreDef {
  std::string id;
  int kind = 0;   // 0 subscale, 1 total, 2 scored number
  int index = 0;  // subscale index / item index
};

std::vector<ScoreDef> scores_of(const Instrument& ins) {
  std::vector<ScoreDef> out;
  for (std::size_t k = 0; k < ins.subscales.size(); ++k) {
    out.push_back({ins.subscales[k].id, 0, static_cast<int>(k)});
  }
  if (ins.total) out.push_back({ins.total->id, 1, 0});
  for (std::size_t i = 0; i < ins.items.size(); ++i) {
    const auto& it = ins.items[i];
    if (it.type == ItemType::number && it.score) out.push_back({it.id, 2, static_cast<int>(i)});
  }
  return out;
}

bool has_wave(const std::vector<std::string>& ws, std::string_view w) {
  return std::find(ws.begin(), ws.end(), w) != ws.end();
}

std::string prefix_of(const Study& st, std::size_t si) {
  if (static_cast<int>(si) == instrument::main_instrument(st)) return {};
  std::string p = st.instruments[si].ref.id;
  std::replace(p.begin(), p.end(), '-', '_');
  return p + "__";
}

// All the scores of every record of a table: [record][score].
std::vector<std::vector<double>> score_records(const Instrument& ins, const ResponseTable& t,
                                               const std::vector<ScoreDef>& defs) {
  instrument::Scorer scorer(ins);
  instrument::Scores s;
  std::vector<std::vector<double>> out(t.size(), std::vector<double>(defs.size(), kMissing));
  for (std::size_t r = 0; r < t.size(); ++r) {
    const bool ok = !scorer.score(t.answers_of(r), s);
    for (std::size_t d = 0; d < defs.size(); ++d) {
      const ScoreDef& def = defs[d];
      if (def.kind == 2) {
        out[r][d] = t.answer(r, static_cast<std::size_t>(def.index));
      } else if (ok) {
        out[r][d] = def.kind == 0 ? s.subscales[static_cast<std::size_t>(def.index)] : s.total;
      }
    }
  }
  return out;
}

// ISO 8601 date and time -> seconds since 1970-01-01 UTC:
// YYYY-MM-DD[(T| )hh:mm[:ss[.fraction]]][Z|(+|-)hh[:]mm]; none otherwise.
std::optional<long long> utc_seconds(std::string_view s) {
  std::size_t at = 0;
  auto number = [&](std::size_t digits, long long& out) {
    if (at + digits > s.size()) return false;
    out = 0;
    for (std::size_t k = 0; k < digits; ++k) {
      const char c = s[at + k];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    at += digits;
    return true;
  };
  auto sep = [&](char c) {
    if (at < s.size() && s[at] == c) {
      ++at;
      return true;
    }
    return false;
  };
  long long y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!number(4, y) || !sep('-') || !number(2, mo) || !sep('-') || !number(2, d)) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
    ++at;
    if (!number(2, h) || !sep(':') || !number(2, mi)) return std::nullopt;
    if (sep(':') && !number(2, sec)) return std::nullopt;
    if (sep('.') || sep(',')) {
      const std::size_t from = at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
      if (at == from) return std::nullopt;
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  long long offset = 0;
  if (!sep('Z') && at < s.size() && (s[at] == '+' || s[at] == '-')) {
    const long long sign = s[at] == '-' ? -1 : 1;
    ++at;
    long long oh = 0, om = 0;
    if (!number(2, oh)) return std::nullopt;
    sep(':');
    if (!number(2, om) || oh > 23 || om > 59) return std::nullopt;
    offset = sign * (oh * 3600 + om * 60);
  }
  if (at != s.size()) return std::nullopt;
  // Days from 1970-01-01 of the proleptic Gregorian date (civil calendar).
  const long long yy = mo <= 2 ? y - 1 : y;
  const long long era = (yy >= 0 ? yy : yy - 399) / 400;
  const long long yoe = yy - era * 400;
  const long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long long days = era * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + sec - offset;
}

// --------------------------------------------------------------- builder
class Builder {
 public:
  Builder(const Study& st, const std::vector<const Instrument*>& ins, const std::vector<ResponseTable>& tables,
          const DatasetOptions& opt)
      : st_(st), ins_(ins), tables_(tables), opt_(opt) {}

  Result<Dataset> run(const std::vector<StudentLink>& links) {
    d_.study = {st_.id, st_.version};
    for (const ResponseTable& t : tables_) {
      for (const std::string& s : t.submitted) {
        const auto at = utc_seconds(s);
        if (at && (!d_.last_submitted || *at > *d_.last_submitted)) d_.last_submitted = at;
      }
    }
    collect_students();
    for (std::size_t i = 0; i < links.size(); ++i) apply_link(links[i], i);
    finish_students();
    if (auto e = make_columns()) return *e;
    return std::move(d_);
  }

 private:
  std::size_t n_waves() const { return st_.waves.size(); }
  int wave_of(const ResponseTable& t, std::size_t r) const { return instrument::find_wave(st_, t.waves[t.wave[r]]); }

  void collect_students() {
    std::map<std::string, std::vector<std::string>> programmes_of_body;
    for (std::size_t si = 0; si < tables_.size(); ++si) {
      const ResponseTable& t = tables_[si];
      if (t.employers) continue;
      for (std::size_t r = 0; r < t.size(); ++r) {
        const int w = wave_of(t, r);
        if (w < 0) continue;
        const std::string prog = programme_of(t, r);
        auto [it, fresh] = index_.emplace(student_key(t.code[r], prog), students_.size());
        if (fresh) {
          Student s;
          s.body = t.code[r];
          s.programme = prog;
          s.records.assign(tables_.size(), std::vector<long>(n_waves(), kNoRecord));
          s.into = students_.size();
          students_.push_back(std::move(s));
          auto& progs = programmes_of_body[t.code[r]];
          if (!progs.empty()) {
            d_.problems.push_back(
                table_problem(t, r, "programme_conflict", Severity::warning,
                              Message{"dataset.programme_conflict",
                                      {{"code", display_code(t.code[r])},
                                       {"programme", prog.empty() ? std::string("-") : prog},
                                       {"other", progs.front().empty() ? std::string("-") : progs.front()}}}));
          }
          progs.push_back(prog);
        }
        // The import leaves at most one record per code, wave and instrument.
        students_[it->second].records[si][static_cast<std::size_t>(w)] = static_cast<long>(r);
      }
    }
  }

  void apply_link(const StudentLink& l, std::size_t i) {
    std::vector<std::size_t> who;
    for (const auto& text : l.codes) {
      auto code = normalise_code(text);
      if (!code) {
        d_.problems.push_back(link_problem(l, i, "invalid_code", code.error().msg));
        return;
      }
      std::vector<std::size_t> found;
      for (const auto& [key, s] : index_) {
        if (students_[s].body == code->body && students_[s].alive) found.push_back(s);
      }
      if (found.empty()) {
        d_.problems.push_back(link_problem(l, i, "override_unknown_code",
                                           Message{"dataset.link_unknown_code", {{"code", code->text()}}}));
        return;
      }
      if (found.size() > 1) {
        d_.problems.push_back(link_problem(l, i, "override_ambiguous_code",
                                           Message{"dataset.link_ambiguous_code", {{"code", code->text()}}}));
        return;
      }
      if (std::find(who.begin(), who.end(), found[0]) == who.end()) who.push_back(found[0]);
    }
    for (std::size_t k = 1; k < who.size(); ++k) {
      Student& a = students_[who[0]];
      const Student& b = students_[who[k]];
      if (a.programme != b.programme) {
        d_.problems.push_back(link_problem(l, i, "override_programme_mismatch",
                                           Message{"dataset.link_programme_mismatch",
                                                   {{"code", display_code(a.body)},
                                                    {"programme", a.programme.empty() ? std::string("-") : a.programme},
                                                    {"other_code", display_code(b.body)},
                                                    {"other", b.programme.empty() ? std::string("-") : b.programme}}}));
        return;
      }
      for (std::size_t si = 0; si < tables_.size(); ++si) {
        for (std::size_t w = 0; w < n_waves(); ++w) {
          if (a.records[si][w] != kNoRecord && b.records[si][w] != kNoRecord) {
            d_.problems.push_back(link_problem(l, i, "override_same_wave",
                                               Message{"dataset.link_same_wave",
                                                       {{"code", display_code(a.body)},
                                                        {"other_code", display_code(b.body)},
                                                        {"instrument", st_.instruments[si].ref.id},
                                                        {"wave", st_.waves[w].id}}}));
            return;
          }
        }
      }
    }
    for (std::size_t k = 1; k < who.size(); ++k) {
      Student& a = students_[who[0]];
      Student& b = students_[who[k]];
      for (std::size_t si = 0; si < tables_.size(); ++si) {
        for (std::size_t w = 0; w < n_waves(); ++w) {
          if (b.records[si][w] != kNoRecord) a.records[si][w] = b.records[si][w];
        }
      }
      b.alive = false;
      b.into = who[0];
    }
  }

  // The representative body (earliest wave, then study instrument order),
  // and the rows in order of code, then programme.
  void finish_students() {
    for (auto& s : students_) {
      if (!s.alive) continue;
      bool done = false;
      for (std::size_t w = 0; w < n_waves() && !done; ++w) {
        for (std::size_t si = 0; si < tables_.size() && !done; ++si) {
          if (s.records[si][w] != kNoRecord) {
            s.body = tables_[si].code[static_cast<std::size_t>(s.records[si][w])];
            done = true;
          }
        }
      }
      rows_.push_back(&s);
    }
    std::sort(rows_.begin(), rows_.end(), [](const Student* a, const Student* b) {
      return a->body != b->body ? a->body < b->body : a->programme < b->programme;
    });
    d_.n_rows = rows_.size();
    d_.record_rows.assign(tables_.size(), {});
    for (std::size_t si = 0; si < tables_.size(); ++si) d_.record_rows[si].assign(tables_[si].size(), -1);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      for (std::size_t si = 0; si < tables_.size(); ++si) {
        for (long r : rows_[i]->records[si]) {
          if (r != kNoRecord) d_.record_rows[si][static_cast<std::size_t>(r)] = static_cast<long>(i);
        }
      }
    }
    // Every key finds its row, also one that a link merged into another student.
    std::vector<std::size_t> row_of_student(students_.size(), 0);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      row_of_student[static_cast<std::size_t>(rows_[i] - students_.data())] = i;
    }
    row_of_.clear();
    for (const auto& [key, s] : index_) {
      std::size_t root = s;
      while (students_[root].into != root) root = students_[root].into;
      row_of_[key] = row_of_student[root];
    }
  }

  Column& add(Variable v) {
    d_.variables.push_back(std::move(v));
    d_.columns.emplace_back();
    Column& c = d_.columns.back();
    c.asked.assign(d_.n_rows, 0);
    if (d_.is_text(d_.variables.size() - 1)) {
      c.texts.assign(d_.n_rows, std::string());
      c.present.assign(d_.n_rows, 0);
    } else {
      c.numbers.assign(d_.n_rows, kMissing);
    }
    return c;
  }

  static void set_text(Column& c, std::size_t row, std::string s) {
    c.texts[row] = std::move(s);
    c.present[row] = 1;
  }

  std::optional<Error> make_columns() {
    {
      Variable v;
      v.name = "code";
      Column& c = add(v);
      for (std::size_t i = 0; i < rows_.size(); ++i) set_text(c, i, rows_[i]->body);
    }
    {
      Variable v;
      v.name = "programme";
      v.kind = VariableKind::programme;
      v.type = VariableType::choice;
      Column& c = add(v);
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        if (!rows_[i]->programme.empty()) set_text(c, i, rows_[i]->programme);
      }
    }
    group_column();
    {
      Variable v;
      v.name = "linked_waves";
      v.kind = VariableKind::linked_waves;
      Column& c = add(v);
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        std::string s;
        for (std::size_t w = 0; w < n_waves(); ++w) {
          bool any = false;
          for (std::size_t si = 0; si < tables_.size(); ++si) any = any || rows_[i]->records[si][w] != kNoRecord;
          if (any) s += (s.empty() ? "" : "|") + st_.waves[w].id;
        }
        set_text(c, i, s);
      }
    }
    for (std::size_t si = 0; si < tables_.size(); ++si) {
      if (st_.instruments[si].respondents == instrument::Respondents::students) {
        student_instrument(si);
      }
    }
    for (std::size_t si = 0; si < tables_.size(); ++si) {
      if (st_.instruments[si].respondents == instrument::Respondents::employers) {
        employer_instrument(si);
      }
    }
    for (std::size_t v = 0; v < d_.variables.size(); ++v) {
      const VariableKind k = d_.variables[v].kind;
      if (k == VariableKind::code || k == VariableKind::programme || k == VariableKind::group ||
          k == VariableKind::linked_waves || k == VariableKind::n_raters) {
        d_.columns[v].asked.assign(d_.n_rows, 1);
      }
    }
    return check_names();
  }

  void group_column() {
    Variable v;
    v.name = "group";
    v.kind = VariableKind::group;
    v.type = VariableType::choice;
    Column& c = add(v);
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Student& s = *rows_[i];
      std::string group;
      for (std::size_t w = 0; w < n_waves(); ++w) {
        for (std::size_t si = 0; si < tables_.size(); ++si) {
          const long r = s.records[si][w];
          if (r == kNoRecord) continue;
          const ResponseTable& t = tables_[si];
          const std::uint32_t g = t.group[static_cast<std::size_t>(r)];
          if (g == 0) continue;
          const std::string& id = t.groups[g];
          if (group.empty()) {
            group = id;
          } else if (id != group) {
            d_.problems.push_back(table_problem(
                t, static_cast<std::size_t>(r), "group_conflict", Severity::warning,
                Message{"dataset.group_conflict", {{"code", display_code(s.body)}, {"group", id}, {"kept", group}}}));
          }
        }
      }
      if (!group.empty()) set_text(c, i, group);
    }
  }

  void student_instrument(std::size_t si) {
    const Instrument& ins = *ins_[si];
    const ResponseTable& t = tables_[si];
    const StudyInstrument& sin = st_.instruments[si];
    const std::string prefix = prefix_of(st_, si);
    const auto defs = scores_of(ins);
    const auto scores = score_records(ins, t, defs);
    auto record = [&](std::size_t row, std::string_view wave) -> long {
      const int w = instrument::find_wave(st_, wave);
      return w < 0 ? kNoRecord : rows_[row]->records[si][static_cast<std::size_t>(w)];
    };
    for (std::size_t d = 0; d < defs.size(); ++d) {
      const ScoreDef& def = defs[d];
      const std::vector<std::string>& waves =
          def.kind == 2 ? instrument::waves_of_item(sin, ins.items[static_cast<std::size_t>(def.index)].id) : sin.waves;
      auto base = [&] {
        Variable v;
        v.instrument = static_cast<int>(si);
        v.score = def.id;
        v.score_kind = def.kind;
        v.item = def.kind == 2 ? def.index : -1;
        v.type = VariableType::number;
        return v;
      };
      for (const auto& w : waves) {
        Variable v = base();
        v.kind = VariableKind::score;
        v.wave = w;
        v.name = prefix + def.id + "_" + w;
        Column& c = add(v);
        for (std::size_t i = 0; i < rows_.size(); ++i) {
          const long r = record(i, w);
          if (r == kNoRecord) continue;
          c.asked[i] = 1;
          c.numbers[i] = scores[static_cast<std::size_t>(r)][d];
        }
      }
      auto gain = [&](const char* later, VariableKind kind, const char* suffix) {
        if (!has_wave(waves, "pre") || !has_wave(waves, later)) return;
        Variable v = base();
        v.kind = kind;
        v.name = prefix + def.id + suffix;
        Column& c = add(v);
        for (std::size_t i = 0; i < rows_.size(); ++i) {
          const long a = record(i, later), b = record(i, "pre");
          if (a == kNoRecord || b == kNoRecord) continue;
          c.asked[i] = 1;
          const double x = scores[static_cast<std::size_t>(a)][d], y = scores[static_cast<std::size_t>(b)][d];
          if (!is_missing(x) && !is_missing(y)) c.numbers[i] = x - y;
        }
      };
      gain("post", VariableKind::gain, "_gain");
      // Every later wave (third and after, study order) against pre:
      // <score>_gain_<wave> (the third-wave design's `followup` gives
      // <score>_gain_followup).
      for (std::size_t lw = 0; lw < st_.waves.size(); ++lw) {
        const std::string& later = st_.waves[lw].id;
        if (later == "pre" || later == "post") continue;
        gain(later.c_str(), VariableKind::gain_followup, ("_gain_" + later).c_str());
      }
    }
    for (std::size_t it = 0; it < ins.items.size(); ++it) {
      const auto& item = ins.items[it];
      if (item.type == ItemType::likert || (item.type == ItemType::number && item.score)) continue;
      if (item.type == ItemType::text && !opt_.include_text) continue;
      const auto& waves = instrument::waves_of_item(sin, item.id);
      for (const auto& w : waves) {
        const std::string suffix = waves.size() > 1 ? "_" + w : std::string();
        auto base = [&] {
          Variable v;
          v.kind = VariableKind::variable;
          v.instrument = static_cast<int>(si);
          v.item = static_cast<int>(it);
          v.wave = w;
          return v;
        };
        if (item.type == ItemType::multi) {
          for (std::size_t o = 0; o < item.options.size(); ++o) {
            Variable v = base();
            v.kind = VariableKind::option;
            v.option = static_cast<int>(o);
            v.type = VariableType::binary;
            v.name = prefix + item.id + "_" + item.options[o].id + suffix;
            Column& c = add(v);
            for (std::size_t i = 0; i < rows_.size(); ++i) {
              const long r = record(i, w);
              if (r == kNoRecord) continue;
              c.asked[i] = 1;
              const double x = t.answer(static_cast<std::size_t>(r), it);
              if (is_missing(x)) continue;
              const auto bits = static_cast<std::uint64_t>(x);
              c.numbers[i] = static_cast<double>((bits >> o) & 1U);
            }
            mark_small_cells(d_.variables.size() - 1);
          }
          continue;
        }
        Variable v = base();
        v.name = prefix + item.id + suffix;
        v.type = item.type == ItemType::choice ? VariableType::choice
                 : item.type == ItemType::text ? VariableType::text
                 : item.integer                ? VariableType::integer
                                               : VariableType::number;
        v.identifying = item.type == ItemType::text;
        Column& c = add(v);
        for (std::size_t i = 0; i < rows_.size(); ++i) {
          const long r = record(i, w);
          if (r == kNoRecord) continue;
          c.asked[i] = 1;
          const auto rr = static_cast<std::size_t>(r);
          const double x = t.answer(rr, it);
          if (is_missing(x)) continue;
          if (item.type == ItemType::choice) {
            set_text(c, i, item.options[static_cast<std::size_t>(x)].id);
          } else if (item.type == ItemType::text) {
            set_text(c, i, t.texts[it][rr]);
          } else {
            c.numbers[i] = x;
          }
        }
        if (item.type != ItemType::text) mark_small_cells(d_.variables.size() - 1);
      }
    }
  }

  // A variable with a value that 1 to 4 students share could name them.
  void mark_small_cells(std::size_t v) {
    const Column& c = d_.columns[v];
    std::map<std::string, std::size_t> counts;
    for (std::size_t i = 0; i < d_.n_rows; ++i) {
      if (d_.is_text(v)) {
        if (c.present[i]) ++counts[c.texts[i]];
      } else if (!is_missing(c.numbers[i])) {
        ++counts[std::to_string(c.numbers[i])];
      }
    }
    for (const auto& [value, n] : counts) {
      if (n >= 1 && n <= 4) d_.variables[v].identifying = true;
    }
  }

  void employer_instrument(std::size_t si) {
    const Instrument& ins = *ins_[si];
    const ResponseTable& t = tables_[si];
    const StudyInstrument& sin = st_.instruments[si];
    const std::string prefix = prefix_of(st_, si);
    const auto defs = scores_of(ins);
    const auto scores = score_records(ins, t, defs);
    // The records of each student's row: those naming the student as graduate.
    std::vector<std::vector<std::size_t>> of_row(rows_.size());
    for (std::size_t r = 0; r < t.size(); ++r) {
      if (t.graduate[r].empty()) continue;
      auto it = row_of_.find(student_key(t.graduate[r], programme_of(t, r)));
      if (it == row_of_.end()) {
        d_.problems.push_back(table_problem(
            t, r, "graduate_unknown", Severity::warning,
            Message{"dataset.graduate_unknown", {{"code", display_code(t.graduate[r])}, {"instrument", sin.ref.id}}}));
        continue;
      }
      of_row[it->second].push_back(r);
      d_.record_rows[si][r] = static_cast<long>(it->second);
    }
    {
      Variable v;
      v.kind = VariableKind::n_raters;
      v.type = VariableType::integer;
      v.instrument = static_cast<int>(si);
      v.name = prefix + "n_raters";
      Column& c = add(v);
      for (std::size_t i = 0; i < rows_.size(); ++i) c.numbers[i] = static_cast<double>(of_row[i].size());
    }
    for (std::size_t d = 0; d < defs.size(); ++d) {
      const ScoreDef& def = defs[d];
      const std::vector<std::string>& waves =
          def.kind == 2 ? instrument::waves_of_item(sin, ins.items[static_cast<std::size_t>(def.index)].id) : sin.waves;
      for (const auto& w : waves) {
        Variable v;
        v.kind = VariableKind::rated_score;
        v.type = VariableType::number;
        v.instrument = static_cast<int>(si);
        v.score = def.id;
        v.score_kind = def.kind;
        v.item = def.kind == 2 ? def.index : -1;
        v.wave = w;
        v.name = prefix + def.id + "_" + w;
        Column& c = add(v);
        for (std::size_t i = 0; i < rows_.size(); ++i) {
          double sum = 0.0;
          int n = 0;
          for (std::size_t r : of_row[i]) {
            if (t.waves[t.wave[r]] != w) continue;
            c.asked[i] = 1;
            const double x = scores[r][d];
            if (is_missing(x)) continue;
            sum += x;
            ++n;
          }
          if (n > 0) c.numbers[i] = sum / n;
        }
      }
    }
  }

  std::optional<Error> check_names() const {
    std::map<std::string, std::string> seen;
    for (const auto& v : d_.variables) {
      if (!valid_variable_name(v.name)) {
        return make_error(ErrorCode::invalid_input, Message{"dataset.name_invalid", {{"name", v.name}}}, "");
      }
      std::string low = v.name;
      std::transform(low.begin(), low.end(), low.begin(),
                     [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; });
      auto [it, fresh] = seen.emplace(low, v.name);
      if (!fresh) {
        return make_error(ErrorCode::invalid_input,
                          Message{"dataset.name_twice", {{"name", v.name}, {"other", it->second}}}, "");
      }
    }
    return std::nullopt;
  }

  const Study& st_;
  const std::vector<const Instrument*>& ins_;
  const std::vector<ResponseTable>& tables_;
  DatasetOptions opt_;
  Dataset d_;
  std::vector<Student> students_;
  std::unordered_map<std::string, std::size_t> index_;  // student key -> students_ index
  std::vector<Student*> rows_;
  std::unordered_map<std::string, std::size_t> row_of_;  // student key -> row
};

// ------------------------------------------------------------- codebook
std::string list_ids(const std::vector<std::string>& ids, std::string_view lang) {
  if (ids.empty()) return kNone.in(lang);
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
  return s;
}

Json values_of_entities(const std::vector<instrument::Entity>& es) {
  Json a = Json::array();
  for (const auto& e : es) {
    Json l = Json::object();
    for (const char* lang : kLangs) l[lang] = text_of(e.title, lang);
    a.push_back(Json{{"value", e.id}, {"label", std::move(l)}});
  }
  return a;
}

}  // namespace

Result<Dataset> build_dataset(const Study& study, const std::vector<const Instrument*>& instruments,
                              const std::vector<ResponseTable>& tables, const std::vector<StudentLink>& links,
                              const DatasetOptions& options) {
  if (instruments.size() != study.instruments.size() || tables.size() != study.instruments.size()) {
    return make_error(ErrorCode::invalid_input, Message{"dataset.inconsistent_input"}, "");
  }
  return Builder(study, instruments, tables, options).run(links);
}

std::string dataset_csv(const Dataset& d) {
  std::vector<std::vector<CsvCell>> rows;
  rows.reserve(d.n_rows + 1);
  std::vector<CsvCell> head;
  for (const auto& v : d.variables) head.push_back(CsvCell::str(v.name));
  rows.push_back(std::move(head));
  for (std::size_t i = 0; i < d.n_rows; ++i) {
    std::vector<CsvCell> row;
    row.reserve(d.variables.size());
    for (std::size_t v = 0; v < d.variables.size(); ++v) {
      const Column& c = d.columns[v];
      if (d.is_text(v)) {
        row.push_back(c.present[i] ? CsvCell::str(c.texts[i]) : CsvCell::none());
      } else {
        row.push_back(is_missing(c.numbers[i]) ? CsvCell::none() : CsvCell::num(c.numbers[i]));
      }
    }
    rows.push_back(std::move(row));
  }
  return write_csv(rows);
}

Json dataset_json(const Dataset& d) {
  Json names = Json::array();
  for (const auto& v : d.variables) names.push_back(v.name);
  Json rows = Json::array();
  for (std::size_t i = 0; i < d.n_rows; ++i) {
    Json row = Json::array();
    for (std::size_t v = 0; v < d.variables.size(); ++v) {
      const Column& c = d.columns[v];
      if (d.is_text(v)) {
        row.push_back(c.present[i] ? Json(c.texts[i]) : Json(nullptr));
      } else {
        row.push_back(is_missing(c.numbers[i]) ? Json(nullptr) : Json(c.numbers[i]));
      }
    }
    rows.push_back(std::move(row));
  }
  return Json{{"format", "assess-dataset/1"},
              {"study", Json{{"id", d.study.id}, {"version", d.study.version}}},
              {"n", d.n_rows},
              {"variables", std::move(names)},
              {"rows", std::move(rows)}};
}

Json codebook_json(const Dataset& d, const Study& st, const std::vector<const Instrument*>& instruments) {
  Json vars = Json::array();
  for (const auto& v : d.variables) {
    Json j{{"name", v.name}, {"type", to_string(v.type)}};
    Json label = Json::object(), computed = Json::object();
    const Instrument* ins = v.instrument >= 0 ? instruments[static_cast<std::size_t>(v.instrument)] : nullptr;
    const bool main = v.instrument >= 0 && v.instrument == instrument::main_instrument(st);
    const instrument::Item* item =
        ins != nullptr && v.item >= 0 ? &ins->items[static_cast<std::size_t>(v.item)] : nullptr;
    const int wave = v.wave.empty() ? -1 : instrument::find_wave(st, v.wave);
    for (const char* lang : kLangs) {
      const std::string wave_title =
          wave < 0 ? std::string() : text_of(st.waves[static_cast<std::size_t>(wave)].title, lang);
      const std::string ins_title = ins != nullptr ? text_of(ins->title, lang) : std::string();
      std::string score_title;
      std::vector<std::string> items, reversed;
      int k = 1;
      if (ins != nullptr && !v.score.empty()) {
        if (v.score_kind == 0) {
          const auto& sub = ins->subscales[static_cast<std::size_t>(instrument::find_subscale(*ins, v.score))];
          score_title = text_of(sub.title, lang);
          for (std::size_t i : sub.items) {
            items.push_back(ins->items[i].id);
            if (ins->items[i].reverse) reversed.push_back(ins->items[i].id);
          }
          k = sub.min_answered;
        } else if (v.score_kind == 1) {
          score_title = text_of(ins->total->title, lang);
          if (score_title.empty()) score_title = kTotalTitle.in(lang);
          for (const auto& it : ins->items) {
            if (it.type != ItemType::likert) continue;
            items.push_back(it.id);
            if (it.reverse) reversed.push_back(it.id);
          }
          k = ins->total->min_answered;
        } else if (item != nullptr) {
          score_title = text_of(item->text, lang);
        }
        if (!main) score_title += " (" + ins_title + ")";
      }
      auto score_computed = [&]() -> std::string {
        if (v.score_kind == 2) return fill(kAsGiven.in(lang), {{"item", v.score}});
        return fill(
            kMeanComputed.in(lang),
            {{"items", list_ids(items, lang)}, {"reversed", list_ids(reversed, lang)}, {"k", std::to_string(k)}});
      };
      std::string l, c;
      switch (v.kind) {
        case VariableKind::code:
          l = kCodeLabel.in(lang);
          c = kCodeComputed.in(lang);
          break;
        case VariableKind::programme:
          l = kProgrammeLabel.in(lang);
          c = kFromRecords.in(lang);
          break;
        case VariableKind::group:
          l = kGroupLabel.in(lang);
          c = kFromRecords.in(lang);
          break;
        case VariableKind::linked_waves:
          l = kWavesLabel.in(lang);
          c = kWavesComputed.in(lang);
          break;
        case VariableKind::score:
          l = score_title + ": " + wave_title;
          c = score_computed();
          break;
        case VariableKind::gain:
        case VariableKind::gain_followup: {
          const bool post = v.kind == VariableKind::gain;
          const auto cut = post ? v.name.size() - 5 : v.name.rfind("_gain_");
          const std::string stem = v.name.substr(0, cut);
          const std::string later = post ? std::string("post") : v.name.substr(cut + 6);
          if (post || later == "followup") {
            l = fill((post ? kGainLabel : kGainFollowupLabel).in(lang), {{"score", score_title}});
          } else {
            const int wi = instrument::find_wave(st, later);
            const std::string title = wi < 0 ? later : text_of(st.waves[static_cast<std::size_t>(wi)].title, lang);
            l = fill(kGainLaterLabel.in(lang), {{"score", score_title}, {"wave", title}});
          }
          c = fill(kDifference.in(lang), {{"a", stem + "_" + later}, {"b", stem + "_pre"}});
          break;
        }
        case VariableKind::variable:
        case VariableKind::option: {
          l = item != nullptr ? text_of(item->text, lang) : std::string();
          if (!main) l += " (" + ins_title + ")";
          if (v.kind == VariableKind::option) {
            l += ": " + text_of(item->options[static_cast<std::size_t>(v.option)].label, lang);
          }
          const auto& sin = st.instruments[static_cast<std::size_t>(v.instrument)];
          if (instrument::waves_of_item(sin, item->id).size() > 1) l += ": " + wave_title;
          const Words& how = v.kind == VariableKind::option   ? kOptionComputed
                             : item->type == ItemType::choice ? kChoiceComputed
                             : item->type == ItemType::text   ? kTextComputed
                                                              : kAsGiven;
          c = fill(how.in(lang), {{"item", item->id}});
          break;
        }
        case VariableKind::n_raters:
          l = fill(kRatersLabel.in(lang), {{"instrument", ins_title}});
          c = kRatersComputed.in(lang);
          break;
        case VariableKind::rated_score:
          l = fill(kRatedLabel.in(lang), {{"score", score_title}, {"instrument", ins_title}, {"wave", wave_title}});
          c = fill(kRatedComputed.in(lang), {{"score", v.score}});
          break;
      }
      label[lang] = std::move(l);
      computed[lang] = std::move(c);
    }
    j["label"] = std::move(label);
    if (ins != nullptr) j["instrument"] = Json{{"id", ins->id}, {"version", ins->version}};
    if (!v.score.empty()) j["score"] = v.score;
    if (item != nullptr && v.score.empty()) j["item"] = item->id;
    if (!v.wave.empty()) j["wave"] = v.wave;
    if (v.kind == VariableKind::programme) j["values"] = values_of_entities(st.programmes);
    if (v.kind == VariableKind::group) {
      std::vector<instrument::Entity> gs(st.groups.begin(), st.groups.end());
      j["values"] = values_of_entities(gs);
    }
    if (v.kind == VariableKind::variable && item != nullptr && item->type == ItemType::choice) {
      Json vals = Json::array();
      for (const auto& o : item->options) {
        Json l = Json::object();
        for (const char* lang : kLangs) l[lang] = text_of(o.label, lang);
        Json e{{"value", o.id}, {"label", std::move(l)}};
        if (o.has_value) e["numeric"] = o.value;
        if (o.positive) e["positive"] = true;
        vals.push_back(std::move(e));
      }
      j["values"] = std::move(vals);
    }
    if (v.kind == VariableKind::option) {
      j["values"] = Json::array(
          {Json{{"value", 0}, {"label", words_json(kNotChosen)}}, Json{{"value", 1}, {"label", words_json(kChosen)}}});
    }
    if (item != nullptr && item->type == ItemType::number) {
      j["min"] = item->min;
      j["max"] = item->max;
    }
    j["computed"] = std::move(computed);
    if (v.identifying) j["identifying"] = true;
    vars.push_back(std::move(j));
  }
  return Json{{"format", "assess-codebook/1"},
              {"study", Json{{"id", st.id}, {"version", st.version}}},
              {"n", d.n_rows},
              {"variables", std::move(vars)}};
}

}  // namespace assess::data
