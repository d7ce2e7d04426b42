// The per-student data set as an SPSS system file (docs/formats.md "The
// data set as an SPSS file"): the columns of data/dataset.hpp with the
// codebook's labels in one language, categorical columns as numeric codes
// with value labels, the declared missing values "not asked" and "skipped",
// measurement levels; written by data/sav.hpp.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/core/numeric.hpp"
#include "assess/data/dataset.hpp"
#include "assess/data/sav.hpp"

namespace assess::data {
namespace {

struct Words {
  const char* kk;
  const char* ru;
  const char* en;
  const char* in(std::string_view lang) const { return lang == "kk" ? kk : lang == "ru" ? ru : en; }
};

const Words kNotAsked{"сұралмаған (осы кезеңде жазбасы жоқ)", "не спрашивали (нет записи на этом этапе)",
                      "not asked (no record at this wave)"};
const Words kSkipped{"жауап берілмеген (сұрақ қойылған)", "нет ответа (вопрос задавался)", "not answered (asked)"};

const char* measure_name(sav::Measure m) {
  switch (m) {
    case sav::Measure::ordinal:
      return "ordinal";
    case sav::Measure::scale:
      return "scale";
    case sav::Measure::nominal:
      break;
  }
  return "nominal";
}

std::string label_in(const Json& label, std::string_view lang) {
  if (!label.is_object()) return {};
  const auto it = label.find(std::string(lang));
  return it != label.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// n (0 to 99) as two digits.
std::string two(long long n) { return {static_cast<char>('0' + n / 10 % 10), static_cast<char>('0' + n % 10)}; }

// hh:mm:ss of seconds into a day.
std::string clock(long long s) { return two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60); }

struct Civil {
  long long year, month, day, seconds;  // seconds into the day
};

// The UTC date of a time in seconds since 1970-01-01 (proleptic Gregorian).
Civil civil(long long t) {
  long long days = t / 86400, secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const long long z = days + 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long day = doy - (153 * mp + 2) / 5 + 1;
  const long long month = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day, secs};
}

// "dd Mmm yy" and "hh:mm:ss" of a time in UTC; the format's "not
// available" (01 Jan 70, 00:00:00) without one.
std::pair<std::string, std::string> header_date(const std::optional<long long>& t) {
  if (!t) return {"01 Jan 70", "00:00:00"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Civil c = civil(*t);
  return {two(c.day) + " " + kMonths[c.month - 1] + " " + two(((c.year % 100) + 100) % 100), clock(c.seconds)};
}

// 2027-05-11T13:55:23Z
std::string iso_time(long long t) {
  const Civil c = civil(t);
  return std::to_string(c.year) + "-" + two(c.month) + "-" + two(c.day) + "T" + clock(c.seconds) + "Z";
}

// The numbers of the engine's version "x.y.z".
void version_of(int out[3]) {
#ifdef ASSESS_VERSION
  const char* v = ASSESS_VERSION;
#else
  const char* v = "0.0.0";
#endif
  for (int k = 0; k < 3; ++k) {
    out[k] = 0;
    for (; *v >= '0' && *v <= '9'; ++v) out[k] = out[k] * 10 + (*v - '0');
    if (*v == '.') ++v;
  }
}

}  // namespace

DatasetSav dataset_sav(const Dataset& d, Json& codebook, std::string_view lang) {
  sav::File f;
  f.n_cases = d.n_rows;
  f.product = std::string("assess ") +
#ifdef ASSESS_VERSION
              ASSESS_VERSION;
#else
              "";
#endif
  f.file_label = d.study.id.empty() ? std::string() : d.study.id + " v" + std::to_string(d.study.version);
  std::tie(f.date, f.time) = header_date(d.last_submitted);
  version_of(f.version);

  Json& cvars = codebook["variables"];
  for (std::size_t v = 0; v < d.variables.size(); ++v) {
    const Variable& var = d.variables[v];
    const Column& col = d.columns[v];
    Json& cb = cvars[v];
    Json info = Json::object();
    sav::Variable sv;
    sv.name = var.name;
    sv.label = label_in(cb.value("label", Json()), lang);

    const bool categorical = var.type == VariableType::choice;  // programme, group, a choice item
    if (var.type == VariableType::text) {
      sv.string = true;
      sv.measure = sav::Measure::nominal;
      sv.texts.reserve(d.n_rows);
      for (std::size_t i = 0; i < d.n_rows; ++i) sv.texts.push_back(col.present[i] ? col.texts[i] : std::string());
    } else {
      // The numbers, categories as codes: the option's numeric values when
      // every option has a distinct whole one (0 to 1e6), else 1, 2, ... in
      // the codebook's order (the study's programmes and groups, the item's options).
      std::vector<std::pair<std::string, double>> codes;
      if (categorical) {
        const Json values = cb.value("values", Json::array());
        bool own = !values.empty();
        std::vector<double> seen;
        for (const auto& e : values) {
          const auto n = e.find("numeric");
          const bool whole = n != e.end() && n->is_number() && std::floor(n->get<double>()) == n->get<double>() &&
                             n->get<double>() >= 0 && n->get<double>() <= 1e6;
          if (!whole || std::find(seen.begin(), seen.end(), n->get<double>()) != seen.end()) {
            own = false;
            break;
          }
          seen.push_back(n->get<double>());
        }
        for (std::size_t k = 0; k < values.size(); ++k) {
          const Json& e = values[k];
          const double code = own ? e["numeric"].get<double>() : static_cast<double>(k + 1);
          const std::string id = e.value("value", "");
          codes.emplace_back(id, code);
          std::string l = label_in(e.value("label", Json()), lang);
          sv.value_labels.push_back({code, l.empty() ? id : l});
        }
        // A value the codebook does not list (none expected): the next codes.
        double next = 1;
        for (const auto& [id, code] : codes) next = std::max(next, code + 1);
        for (std::size_t i = 0; i < d.n_rows; ++i) {
          if (!col.present[i]) continue;
          const auto it =
              std::find_if(codes.begin(), codes.end(), [&](const auto& c) { return c.first == col.texts[i]; });
          if (it == codes.end()) {
            codes.emplace_back(col.texts[i], next);
            sv.value_labels.push_back({next, col.texts[i]});
            next += 1;
          }
        }
        const bool ordered = own && seen.size() >= 3;
        sv.measure = var.kind == VariableKind::variable && ordered ? sav::Measure::ordinal : sav::Measure::nominal;
        Json jc = Json::array();
        for (const auto& [id, code] : codes) jc.push_back(Json{{"value", id}, {"code", static_cast<long long>(code)}});
        info["codes"] = std::move(jc);
      } else if (var.type == VariableType::binary) {
        sv.measure = sav::Measure::nominal;
        for (const auto& e : cb.value("values", Json::array())) {
          sv.value_labels.push_back({e.value("value", 0.0), label_in(e.value("label", Json()), lang)});
        }
      } else {
        sv.measure = sav::Measure::scale;
      }
      sv.decimals = var.type == VariableType::number ? 2 : 0;
      sv.numbers.assign(d.n_rows, kMissing);
      for (std::size_t i = 0; i < d.n_rows; ++i) {
        if (categorical) {
          if (!col.present[i]) continue;
          for (const auto& [id, code] : codes) {
            if (id == col.texts[i]) sv.numbers[i] = code;
          }
        } else {
          sv.numbers[i] = col.numbers[i];
        }
      }
      // Declared missing values: a wave's answers and scores, gains and the
      // employers' scores tell "not asked" (-k) from "skipped" (-(k - 1)),
      // k = 99, 999, ... the first with both codes below every value.
      const bool declared = var.kind == VariableKind::score || var.kind == VariableKind::gain ||
                            var.kind == VariableKind::gain_followup || var.kind == VariableKind::variable ||
                            var.kind == VariableKind::option || var.kind == VariableKind::rated_score;
      if (declared) {
        double low = 0;
        for (double x : sv.numbers) {
          if (!is_missing(x)) low = std::min(low, x);
        }
        const auto mn = cb.find("min");
        if (mn != cb.end() && mn->is_number()) low = std::min(low, mn->get<double>());
        double k = 99;
        while (-(k - 1) >= low) k = k * 10 + 9;
        const double not_asked = -k, skipped = -(k - 1);
        for (std::size_t i = 0; i < d.n_rows; ++i) {
          if (is_missing(sv.numbers[i])) sv.numbers[i] = col.asked[i] ? skipped : not_asked;
        }
        sv.missing = {not_asked, skipped};
        sv.value_labels.push_back({not_asked, kNotAsked.in(lang)});
        sv.value_labels.push_back({skipped, kSkipped.in(lang)});
        info["missing"] =
            Json{{"not_asked", static_cast<long long>(not_asked)}, {"skipped", static_cast<long long>(skipped)}};
      }
      std::stable_sort(sv.value_labels.begin(), sv.value_labels.end(),
                       [](const sav::ValueLabel& a, const sav::ValueLabel& b) { return a.value < b.value; });
    }
    info["measure"] = measure_name(sv.measure);
    cb["sav"] = std::move(info);
    f.variables.push_back(std::move(sv));
  }

  sav::Written w = sav::write(f);
  DatasetSav out;
  for (std::size_t v = 0; v < d.variables.size(); ++v) {
    Json& info = cvars[v]["sav"];
    Json ordered = Json::object();
    ordered["name"] = w.short_names[v];
    if (w.widths[v] > 0) ordered["width"] = w.widths[v];
    for (auto it = info.begin(); it != info.end(); ++it) ordered[it.key()] = std::move(it.value());
    info = std::move(ordered);
  }
  const std::string l(lang);
  for (const auto& s : w.shortened) {
    const std::string& name = d.variables[s.variable].name;
    switch (s.what) {
      case sav::Shortened::What::variable_label:
        out.warnings.push_back(Message{"dataset.sav_variable_label_shortened",
                                       {{"name", name}, {"lang", l}, {"bytes", s.bytes}, {"limit", s.limit}}});
        break;
      case sav::Shortened::What::value_label:
        out.warnings.push_back(Message{"dataset.sav_value_label_shortened",
                                       {{"name", name},
                                        {"value", f.variables[s.variable].value_labels[s.index].value},
                                        {"lang", l},
                                        {"bytes", s.bytes},
                                        {"limit", s.limit}}});
        break;
      case sav::Shortened::What::text:
        out.warnings.push_back(Message{"dataset.sav_text_shortened",
                                       {{"name", name}, {"row", s.index + 1}, {"bytes", s.bytes}, {"limit", s.limit}}});
        break;
    }
  }
  codebook["sav"] = Json{{"lang", l},
                         {"encoding", "UTF-8"},
                         {"created", d.last_submitted ? Json(iso_time(*d.last_submitted)) : Json(nullptr)}};
  out.bytes = std::move(w.bytes);
  return out;
}

}  // namespace assess::data
