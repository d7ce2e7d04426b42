// Handlers of the agreement ops kendall_w, icc, cohen_kappa, fleiss_kappa and
// krippendorff_alpha: the arguments (codes as numbers or strings), the
// kernels' faults and notes in the terms of the request, and the results'
// JSON.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "assess/agreement/cohen_kappa.hpp"
#include "assess/agreement/fleiss_kappa.hpp"
#include "assess/agreement/icc.hpp"
#include "assess/agreement/kendall_w.hpp"
#include "assess/agreement/krippendorff_alpha.hpp"
#include "assess/core/canonical_json.hpp"
#include "assess/core/limits.hpp"
#include "assess/core/numeric.hpp"

namespace assess::api::detail {
namespace {

std::string cell_name(const std::string& key, std::size_t i) { return key + "[" + std::to_string(i) + "]"; }
std::string cell_name(const std::string& key, std::size_t i, std::size_t j) {
  return cell_name(key, i) + "[" + std::to_string(j) + "]";
}
std::string cell_path(const std::string& key, std::size_t i) { return "/" + key + "/" + std::to_string(i); }
std::string cell_path(const std::string& key, std::size_t i, std::size_t j) {
  return cell_path(key, i) + "/" + std::to_string(j);
}

// ---------------------------------------------------------------- codes
// Codes are numbers or strings (categories, a rubric's points); null is a
// missing code. A request gives all its codes one way: numbers go through
// the numeric readers (and may come as columns), strings through these.

bool holds_string(const Json* v) {
  if (v == nullptr || !v->is_array()) return false;
  for (const auto& e : *v) {
    if (e.is_string()) return true;
    if (e.is_array()) {
      for (const auto& c : e) {
        if (c.is_string()) return true;
      }
    }
  }
  return false;
}

// The first number among codes that are strings otherwise.
[[noreturn]] void fail_mixed(const std::string& where, const std::string& path) {
  fail(ErrorCode::invalid_input, Message{"agreement.mixed_codes", {{"arg", where}}}, path);
}

struct TextCode {
  bool missing = true;
  std::string text;
};

TextCode text_cell(const Json& v, const std::string& where, const std::string& path) {
  if (v.is_null()) return {};
  if (v.is_string()) return {false, v.get<std::string>()};
  if (v.is_number()) fail_mixed(where, path);
  fail(ErrorCode::invalid_input, Message{"args.not_string", {{"arg", where}, json_type_param(v)}}, path);
}

std::vector<TextCode> text_array(const Json& a, const std::string& key) {
  if (a.size() > limits::kMaxValues) {
    fail(ErrorCode::out_of_range,
         Message{"args.too_many_values", {{"arg", key}, {"n", a.size()}, {"max", limits::kMaxValues}}}, "/" + key);
  }
  std::vector<TextCode> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(text_cell(a[i], cell_name(key, i), cell_path(key, i)));
  return out;
}

std::vector<std::vector<TextCode>> text_matrix(const Json& a, const std::string& key) {
  std::size_t cells = a.size();
  for (const auto& row : a) cells += row.is_array() ? row.size() : 0;
  if (cells > limits::kMaxValues) {
    fail(ErrorCode::out_of_range,
         Message{"args.too_many_cells",
                 {{"arg", key}, {"rows", a.size()}, {"n", cells - a.size()}, {"max", limits::kMaxValues}}},
         "/" + key);
  }
  std::vector<std::vector<TextCode>> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Json& row = a[i];
    if (!row.is_array()) {
      fail(ErrorCode::invalid_input,
           Message{"args.not_string_array", {{"arg", cell_name(key, i)}, json_type_param(row)}}, cell_path(key, i));
    }
    if (i > 0 && row.size() != out[0].size()) {
      fail(ErrorCode::invalid_input,
           Message{"args.ragged", {{"arg", key}, {"first", out[0].size()}, {"row", i}, {"n", row.size()}}},
           cell_path(key, i));
    }
    std::vector<TextCode> r;
    r.reserve(row.size());
    for (std::size_t j = 0; j < row.size(); ++j) {
      r.push_back(text_cell(row[j], cell_name(key, i, j), cell_path(key, i, j)));
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Category indices: strings in the order of `levels` when given, else
// sorted (byte order); numbers likewise, sorted by value.
template <class T>
struct Categories {
  std::vector<T> points;
  int index(const T& v) const {
    auto it = std::lower_bound(points.begin(), points.end(), v);
    return it != points.end() && *it == v ? static_cast<int>(it - points.begin()) : kNoCodeIndex;
  }
  static constexpr int kNoCodeIndex = -1;
};

// A message parameter showing a code as the request wrote it.
std::string shown(double v) { return ecmascript_number(v); }
std::string shown(const std::string& s) { return quote(utf8_prefix(s, kShownValue)); }

// Every code the op reads as one stream (x then y, or a matrix row by row).
template <class T>
std::vector<T> observed_sorted(const std::vector<const std::vector<T>*>& parts) {
  std::vector<T> all;
  for (const auto* p : parts) all.insert(all.end(), p->begin(), p->end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

// ---------------------------------------------------------------- kendall_w

Error kendall_w_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"args.ragged", {{"arg", "ratings"}, {"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        "/ratings/" + std::to_string(f.index));
    case FaultKind::too_few:
      if (f.counted == Counted::rows) {
        return make_error(ErrorCode::insufficient_data, Message{"kendall_w.too_few_raters", {{"n", f.n}}}, "/ratings");
      }
      return make_error(ErrorCode::insufficient_data, Message{"kendall_w.too_few_objects", {{"n", f.n}}}, "/ratings");
    default:
      return unexpected_fault("kendall_w", f);
  }
}

Json kendall_w_json(const agreement::KendallW& r) {
  using Kind = agreement::KendallWNote::Kind;
  std::vector<Message> warnings;
  for (const auto& note : r.notes) {
    switch (note.kind) {
      case Kind::objects_excluded:
        warnings.push_back(Message{"kendall_w.objects_excluded", {{"n", note.n}}});
        break;
      case Kind::all_tied:
        warnings.push_back(Message{"kendall_w.all_tied"});
        break;
    }
  }
  return with_warnings(Json{{"m", r.m},
                            {"n", r.n},
                            {"W", num(r.W)},
                            {"chi2", num(r.chi2)},
                            {"df", num(r.df)},
                            {"p", num(r.p)},
                            {"n_excluded", r.n_excluded}},
                       warnings);
}

// ---------------------------------------------------------------- icc

Error icc_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"args.ragged", {{"arg", "ratings"}, {"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        "/ratings/" + std::to_string(f.index));
    case FaultKind::too_few:
      if (f.counted == Counted::rows) {
        return make_error(ErrorCode::insufficient_data, Message{"icc.too_few_raters", {{"n", f.n}}}, "/ratings");
      }
      return make_error(ErrorCode::insufficient_data, Message{"icc.too_few_objects", {{"n", f.n}}}, "/ratings");
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    default:
      return unexpected_fault("icc", f);
  }
}

Json icc_json(const agreement::Icc& r) {
  using Kind = agreement::IccNote::Kind;
  std::vector<Message> warnings = warnings_of(r.notes, [](const agreement::IccNote& note) {
    switch (note.kind) {
      case Kind::objects_excluded:
        return Message{"icc.objects_excluded", {{"n", note.n}}};
      case Kind::perfect_agreement:
        return Message{"icc.perfect_agreement"};
      case Kind::residual_zero:
        return Message{"icc.residual_zero"};
      case Kind::no_variance:
        return Message{"icc.no_variance"};
      case Kind::objects_equal:
        break;
    }
    return Message{"icc.objects_equal"};
  });
  Json forms = Json::array();
  for (const auto& f : r.forms) {
    forms.push_back(Json{{"type", f.type},
                         {"icc", num(f.icc)},
                         {"F", num(f.F)},
                         {"df1", num(f.df1)},
                         {"df2", num(f.df2)},
                         {"p", num(f.p)},
                         {"ci_low", num(f.ci_low)},
                         {"ci_high", num(f.ci_high)}});
  }
  return with_warnings(Json{{"n", r.n}, {"k", r.k}, {"n_excluded", r.n_excluded}, {"forms", forms}}, warnings);
}

// ---------------------------------------------------------------- cohen_kappa

Json cohen_kappa_json(const agreement::CohenKappa& r, const std::string& weights) {
  using Kind = agreement::CohenKappaNote::Kind;
  std::vector<Message> warnings = warnings_of(r.notes, [](const agreement::CohenKappaNote& note) {
    switch (note.kind) {
      case Kind::pairs_dropped:
        return Message{"cohen_kappa.pairs_dropped", {{"n", note.n}}};
      case Kind::undefined:
        return Message{"cohen_kappa.undefined"};
      case Kind::variance_negative:
        break;
    }
    return Message{"cohen_kappa.variance_negative"};
  });
  return with_warnings(Json{{"n", r.n},
                            {"n_dropped", r.n_dropped},
                            {"weights", weights},
                            {"kappa", num(r.kappa)},
                            {"se", num(r.se)},
                            {"ci_low", num(r.ci_low)},
                            {"ci_high", num(r.ci_high)}},
                       warnings);
}

Error cohen_kappa_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::lengths_differ:
      return make_error(ErrorCode::invalid_input, Message{"cohen_kappa.lengths_differ", {{"n", f.n}, {"m", f.m}}},
                        "/y");
    case FaultKind::too_few:
      return make_error(ErrorCode::insufficient_data, Message{"cohen_kappa.too_few_pairs", {{"n", f.n}}}, "/x");
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range,
                        Message{"cohen_kappa.too_many_categories", {{"n", f.n}, {"max", f.limit}}}, "/x");
    case FaultKind::bad_conf_level:
      return conf_level_error(f.value);
    default:
      return unexpected_fault("cohen_kappa", f);
  }
}

// Maps x and y (and levels, when given) to category indices.
template <class T>
std::vector<int> to_indices(const std::vector<T>& codes, const std::vector<bool>& missing, const Categories<T>& cats,
                            const std::vector<std::size_t>& level_pos, bool have_levels, const char* key) {
  std::vector<int> out(codes.size(), agreement::kNoCode);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (missing[i]) continue;
    const int c = cats.index(codes[i]);
    if (c < 0) {
      fail(ErrorCode::invalid_input,
           Message{"cohen_kappa.code_not_in_levels", {{"arg", cell_name(key, i)}, {"code", shown(codes[i])}}},
           cell_path(key, i));
    }
    out[i] = have_levels ? static_cast<int>(level_pos[static_cast<std::size_t>(c)]) : c;
  }
  return out;
}

// Levels of type T: their points sorted for look-up, with each sorted
// point's position in the order given.
template <class T>
void read_levels(const std::vector<T>& given, Categories<T>& cats, std::vector<std::size_t>& pos) {
  std::vector<std::size_t> order(given.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return given[a] < given[b]; });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (given[order[i]] == given[order[i - 1]]) {
      const std::size_t at = std::max(order[i], order[i - 1]);
      fail(ErrorCode::invalid_input,
           Message{"cohen_kappa.levels_repeat", {{"arg", cell_name("levels", at)}, {"code", shown(given[at])}}},
           cell_path("levels", at));
    }
  }
  for (std::size_t i : order) {
    cats.points.push_back(given[i]);
    pos.push_back(i);
  }
}

template <class T>
Json cohen_kappa_run(const std::vector<T>& x, const std::vector<bool>& x_missing, const std::vector<T>& y,
                     const std::vector<bool>& y_missing, const std::vector<T>* levels, agreement::KappaWeights weights,
                     const std::string& weights_name, double conf) {
  Categories<T> cats;
  std::vector<std::size_t> level_pos;
  if (levels != nullptr) {
    read_levels(*levels, cats, level_pos);
  } else {
    std::vector<T> xs, ys;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!x_missing[i]) xs.push_back(x[i]);
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (!y_missing[i]) ys.push_back(y[i]);
    }
    cats.points = observed_sorted<T>({&xs, &ys});
  }
  const std::size_t q = cats.points.size();
  auto xi = to_indices(x, x_missing, cats, level_pos, levels != nullptr, "x");
  auto yi = to_indices(y, y_missing, cats, level_pos, levels != nullptr, "y");
  return cohen_kappa_json(value_or_fail(agreement::cohen_kappa(xi, yi, q, weights, conf), cohen_kappa_error),
                          weights_name);
}

// A numeric code array as values and missing flags.
void split_missing(const std::vector<double>& v, std::vector<double>& values, std::vector<bool>& missing) {
  values = v;
  missing.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) missing[i] = is_missing(v[i]);
}
void split_missing(const std::vector<TextCode>& v, std::vector<std::string>& values, std::vector<bool>& missing) {
  values.resize(v.size());
  missing.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    values[i] = v[i].text;
    missing[i] = v[i].missing;
  }
}

// The first number of a numeric code array (for the mixed-codes error).
[[noreturn]] void fail_number_in(const Json& a, const char* key) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_number()) fail_mixed(cell_name(key, i), cell_path(key, i));
  }
  fail(ErrorCode::invalid_input, Message{"args.not_string_array", {{"arg", key}, json_type_param(a)}},
       std::string("/") + key);
}

// ---------------------------------------------------------------- fleiss_kappa

Error fleiss_kappa_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"args.ragged", {{"arg", "ratings"}, {"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        "/ratings/" + std::to_string(f.index));
    case FaultKind::too_few:
      if (f.counted == Counted::rows) {
        return make_error(ErrorCode::insufficient_data, Message{"fleiss_kappa.too_few_raters", {{"n", f.n}}},
                          "/ratings");
      }
      return make_error(ErrorCode::insufficient_data, Message{"fleiss_kappa.too_few_subjects", {{"n", f.n}}},
                        "/ratings");
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range,
                        Message{"fleiss_kappa.too_many_categories", {{"n", f.n}, {"max", f.limit}}}, "/ratings");
    default:
      return unexpected_fault("fleiss_kappa", f);
  }
}

Json fleiss_kappa_json(const agreement::FleissKappa& r) {
  using Kind = agreement::FleissKappaNote::Kind;
  std::vector<Message> warnings = warnings_of(r.notes, [](const agreement::FleissKappaNote& note) {
    if (note.kind == Kind::subjects_excluded) return Message{"fleiss_kappa.subjects_excluded", {{"n", note.n}}};
    return Message{"fleiss_kappa.undefined"};
  });
  return with_warnings(Json{{"n", r.n},
                            {"m", r.m},
                            {"n_excluded", r.n_excluded},
                            {"kappa", num(r.kappa)},
                            {"z", num(r.z)},
                            {"p", num(r.p)}},
                       warnings);
}

// A code matrix as category indices (-1 missing) over the sorted codes.
template <class T>
std::vector<std::vector<int>> matrix_indices(const std::vector<std::vector<T>>& codes,
                                             const std::vector<std::vector<bool>>& missing, std::size_t& q) {
  std::vector<T> all;
  for (std::size_t r = 0; r < codes.size(); ++r) {
    for (std::size_t c = 0; c < codes[r].size(); ++c) {
      if (!missing[r][c]) all.push_back(codes[r][c]);
    }
  }
  Categories<T> cats;
  cats.points = observed_sorted<T>({&all});
  q = cats.points.size();
  std::vector<std::vector<int>> out(codes.size());
  for (std::size_t r = 0; r < codes.size(); ++r) {
    out[r].assign(codes[r].size(), -1);
    for (std::size_t c = 0; c < codes[r].size(); ++c) {
      if (!missing[r][c]) out[r][c] = cats.index(codes[r][c]);
    }
  }
  return out;
}

// A code matrix read either way: numbers (NaN missing) or strings.
struct CodeMatrix {
  bool strings = false;
  std::vector<std::vector<double>> numbers;
  std::vector<std::vector<std::string>> texts;
  std::vector<std::vector<bool>> missing;
};

CodeMatrix read_code_matrix(Args& a, const char* key) {
  CodeMatrix m;
  const Json* j = a.peek(key);
  if (!holds_string(j)) {
    m.numbers = a.matrix(key);
    m.missing.resize(m.numbers.size());
    for (std::size_t r = 0; r < m.numbers.size(); ++r) {
      m.missing[r].resize(m.numbers[r].size());
      for (std::size_t c = 0; c < m.numbers[r].size(); ++c) m.missing[r][c] = is_missing(m.numbers[r][c]);
    }
    return m;
  }
  m.strings = true;
  auto cells = text_matrix(a.value(key), key);
  m.texts.resize(cells.size());
  m.missing.resize(cells.size());
  for (std::size_t r = 0; r < cells.size(); ++r) {
    split_missing(cells[r], m.texts[r], m.missing[r]);
  }
  return m;
}

// ---------------------------------------------------------------- krippendorff_alpha

Error krippendorff_alpha_error(const Fault& f) {
  switch (f.kind) {
    case FaultKind::ragged:
      return make_error(ErrorCode::invalid_input,
                        Message{"args.ragged", {{"arg", "data"}, {"first", f.m}, {"row", f.index}, {"n", f.n}}},
                        "/data/" + std::to_string(f.index));
    case FaultKind::too_few:
      if (f.counted == Counted::rows) {
        return make_error(ErrorCode::insufficient_data, Message{"krippendorff_alpha.too_few_coders", {{"n", f.n}}},
                          "/data");
      }
      return make_error(ErrorCode::insufficient_data, Message{"krippendorff_alpha.too_few_pairable", {{"n", f.n}}},
                        "/data");
    case FaultKind::bad_value:
      return make_error(ErrorCode::invalid_input,
                        Message{"krippendorff_alpha.negative_ratio",
                                {{"arg", cell_name("data", f.index, f.column)}, {"value", f.value}}},
                        cell_path("data", f.index, f.column));
    case FaultKind::too_many:
      return make_error(ErrorCode::out_of_range,
                        Message{"krippendorff_alpha.too_many_ratio_values", {{"n", f.n}, {"max", f.limit}}}, "/data");
    default:
      return unexpected_fault("krippendorff_alpha", f);
  }
}

}  // namespace

Json op_kendall_w(Args& a) {
  auto ratings = a.matrix("ratings");
  bool correct = a.boolean("correct_ties", true);
  return kendall_w_json(value_or_fail(agreement::kendall_w(ratings, correct), kendall_w_error));
}

Json op_icc(Args& a) {
  auto ratings = a.matrix("ratings");
  const double conf = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  return icc_json(value_or_fail(agreement::icc(ratings, conf), icc_error));
}

Json op_cohen_kappa(Args& a) {
  const std::string weights_name = a.choice("weights", {"none", "linear", "quadratic"}, "none");
  const auto weights = weights_name == "linear"      ? agreement::KappaWeights::linear
                       : weights_name == "quadratic" ? agreement::KappaWeights::quadratic
                                                     : agreement::KappaWeights::none;
  const double conf = a.number("conf_level", 0.95, 0.0, 1.0, true, true);
  const Json* jx = a.peek("x");
  const Json* jy = a.peek("y");
  const Json* jl = a.peek("levels");
  const bool strings = holds_string(jx) || holds_string(jy) || holds_string(jl);
  if (jl != nullptr && !jl->is_null() && !jl->is_array()) {
    fail(ErrorCode::invalid_input, Message{"cohen_kappa.levels_not_array", {json_type_param(*jl)}}, "/levels");
  }
  if (jl != nullptr && jl->is_null()) a.value_or_null("levels");  // null: no levels (read, not unused)
  const bool have_levels = a.has("levels") && !(jl != nullptr && jl->is_null());
  if (!strings) {
    std::vector<double> x, y;
    std::vector<bool> xm, ym;
    split_missing(a.numbers("x"), x, xm);
    split_missing(a.numbers("y"), y, ym);
    std::vector<double> levels;
    if (have_levels) levels = a.numbers("levels", false);
    return cohen_kappa_run<double>(x, xm, y, ym, have_levels ? &levels : nullptr, weights, weights_name, conf);
  }
  if (weights != agreement::KappaWeights::none) {
    fail(ErrorCode::invalid_input, Message{"cohen_kappa.weights_need_order", {{"weights", weights_name}}}, "/weights");
  }
  // Every array given must hold strings (or nulls) now: the first number
  // of an array in the JSON, or of one given as a numeric column, is named.
  for (const char* key : {"x", "y", "levels"}) {
    const Json* j = a.peek(key);
    if (j == nullptr && a.has(key)) {
      const std::vector<double> column = a.numbers(key);
      for (std::size_t i = 0; i < column.size(); ++i) {
        if (!is_missing(column[i])) fail_mixed(cell_name(key, i), cell_path(key, i));
      }
      fail(ErrorCode::invalid_input, Message{"args.column_not_allowed", {{"arg", key}}}, std::string("/") + key);
    }
    if (j != nullptr && j->is_array()) {
      bool any_number = false;
      for (const auto& e : *j) any_number = any_number || e.is_number();
      if (any_number) fail_number_in(*j, key);
    }
  }
  const Json& ax = a.value("x");
  const Json& ay = a.value("y");
  if (!ax.is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.not_string_array", {{"arg", "x"}, json_type_param(ax)}}, "/x");
  }
  if (!ay.is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.not_string_array", {{"arg", "y"}, json_type_param(ay)}}, "/y");
  }
  std::vector<std::string> x, y;
  std::vector<bool> xm, ym;
  split_missing(text_array(ax, "x"), x, xm);
  split_missing(text_array(ay, "y"), y, ym);
  std::vector<std::string> levels;
  if (have_levels) {
    std::vector<bool> lm;
    split_missing(text_array(a.value("levels"), "levels"), levels, lm);
    for (std::size_t i = 0; i < lm.size(); ++i) {
      if (lm[i]) {
        fail(ErrorCode::invalid_input, Message{"args.null_not_allowed", {{"arg", cell_name("levels", i)}}},
             cell_path("levels", i));
      }
    }
  }
  return cohen_kappa_run<std::string>(x, xm, y, ym, have_levels ? &levels : nullptr, weights, weights_name, conf);
}

Json op_fleiss_kappa(Args& a) {
  CodeMatrix m = read_code_matrix(a, "ratings");
  std::size_t q = 0;
  auto codes = m.strings ? matrix_indices(m.texts, m.missing, q) : matrix_indices(m.numbers, m.missing, q);
  return fleiss_kappa_json(value_or_fail(agreement::fleiss_kappa(codes, q), fleiss_kappa_error));
}

Json op_krippendorff_alpha(Args& a) {
  const std::string level = a.choice("level", {"nominal", "ordinal", "interval", "ratio"}, nullptr);
  const auto lv = level == "ordinal"    ? agreement::AlphaLevel::ordinal
                  : level == "interval" ? agreement::AlphaLevel::interval
                  : level == "ratio"    ? agreement::AlphaLevel::ratio
                                        : agreement::AlphaLevel::nominal;
  CodeMatrix m = read_code_matrix(a, "data");
  std::vector<std::vector<double>> data;
  if (m.strings) {
    if (lv != agreement::AlphaLevel::nominal) {
      fail(ErrorCode::invalid_input, Message{"krippendorff_alpha.strings_need_nominal", {{"level", level}}}, "/level");
    }
    // Nominal values only need to compare equal: their index stands for them.
    std::size_t q = 0;
    auto idx = matrix_indices(m.texts, m.missing, q);
    data.resize(idx.size());
    for (std::size_t r = 0; r < idx.size(); ++r) {
      data[r].resize(idx[r].size());
      for (std::size_t c = 0; c < idx[r].size(); ++c) {
        data[r][c] = idx[r][c] < 0 ? kMissing : static_cast<double>(idx[r][c]);
      }
    }
  } else {
    data = std::move(m.numbers);
  }
  const auto outcome = agreement::krippendorff_alpha(data, lv);
  const auto& r = value_or_fail(outcome, krippendorff_alpha_error);
  std::vector<Message> warnings;
  if (!r.notes.empty()) warnings.push_back(Message{"krippendorff_alpha.expected_zero"});
  return with_warnings(
      Json{{"alpha", num(r.alpha)}, {"level", level}, {"n_pairable", r.n_pairable}, {"n_units", r.n_units}}, warnings);
}

}  // namespace assess::api::detail
