#include "assess/instrument/scoring.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"
#include "assess/core/text.hpp"

namespace assess::instrument {

Scorer::Scorer(const Instrument& ins)
    : n_items_(ins.items.size()),
      n_sub_(ins.subscales.size()),
      lo_(ins.scale.min),
      hi_(ins.scale.max),
      integer_(ins.scale.integer),
      has_total_(ins.total.has_value()),
      total_min_(ins.total ? ins.total->min_answered : 1) {
  reverse_.resize(n_items_);
  sub_of_.resize(n_items_);
  kind_.assign(n_items_, 0);
  num_min_.assign(n_items_, 0.0);
  num_max_.assign(n_items_, 0.0);
  num_integer_.assign(n_items_, 0);
  for (std::size_t i = 0; i < n_items_; ++i) {
    const Item& item = ins.items[i];
    reverse_[i] = item.reverse ? 1 : 0;
    sub_of_[i] = item.subscale_index;
    if (item.type == ItemType::likert) continue;
    all_likert_ = false;
    kind_[i] = item.type == ItemType::number ? 1 : 2;
    num_min_[i] = item.min;
    num_max_[i] = item.max;
    num_integer_[i] = item.integer ? 1 : 0;
    if (item.type == ItemType::number && item.score) numbers_.push_back(i);
  }
  sub_min_.resize(n_sub_);
  sub_start_.assign(n_sub_ + 1, 0);
  for (std::size_t k = 0; k < n_sub_; ++k) {
    sub_min_[k] = ins.subscales[k].min_answered;
    sub_start_[k + 1] = sub_start_[k] + ins.subscales[k].items.size();
    order_.insert(order_.end(), ins.subscales[k].items.begin(), ins.subscales[k].items.end());
  }
}

namespace {

// Mean of the keyed answered values with one correction pass, so that
// continuous scales with large offsets keep their digits (as R's mean). For
// integer answers the first pass is already exact.
template <class Get>
double keyed_mean(std::size_t n, double sum, int count, Get get) noexcept {
  double m = sum / count;
  double r = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    double x = get(j);
    if (!std::isnan(x)) r += x - m;
  }
  return m + r / count;
}

}  // namespace

AnswerProblem Scorer::score(const double* answers, double* subscale_scores, int* subscale_answered, double* total,
                            int* total_answered) const noexcept {
  // Validate everything first: a bad answer leaves the outputs untouched.
  int n_total = 0;
  double sum_total = 0.0;
  for (std::size_t i = 0; i < n_items_; ++i) {
    const double x = answers[i];
    if (std::isnan(x)) continue;
    if (!std::isfinite(x)) return AnswerProblem{AnswerProblem::Kind::not_finite, i, x};
    if (!all_likert_ && kind_[i] != 0) {
      if (kind_[i] == 2) continue;
      if (x < num_min_[i] || x > num_max_[i]) return AnswerProblem{AnswerProblem::Kind::outside_range, i, x};
      if (num_integer_[i] && std::floor(x) != x) return AnswerProblem{AnswerProblem::Kind::not_whole, i, x};
      continue;
    }
    if (x < lo_ || x > hi_) return AnswerProblem{AnswerProblem::Kind::outside_scale, i, x};
    if (integer_ && std::floor(x) != x) return AnswerProblem{AnswerProblem::Kind::not_integer, i, x};
    ++n_total;
    sum_total += keyed(i, x);
  }
  for (std::size_t k = 0; k < n_sub_; ++k) {
    const std::size_t* idx = order_.data() + sub_start_[k];
    const std::size_t n = sub_start_[k + 1] - sub_start_[k];
    int count = 0;
    double sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      const double x = answers[idx[j]];
      if (std::isnan(x)) continue;
      ++count;
      sum += keyed(idx[j], x);
    }
    subscale_answered[k] = count;
    if (count < sub_min_[k] || count == 0) {
      subscale_scores[k] = kMissing;
    } else if (integer_) {
      // Integer answers (|x| <= 1e6, <= 1000 items) sum exactly in a double, so one
      // division is already correctly rounded and the correction pass would add 0.
      subscale_scores[k] = sum / count;
    } else {
      subscale_scores[k] = keyed_mean(n, sum, count, [&](std::size_t j) {
        const double x = answers[idx[j]];
        return std::isnan(x) ? x : keyed(idx[j], x);
      });
    }
  }
  *total_answered = n_total;
  if (!has_total_ || n_total < total_min_ || n_total == 0) {
    *total = kMissing;
  } else if (integer_) {
    *total = sum_total / n_total;
  } else {
    *total = keyed_mean(n_items_, sum_total, n_total, [&](std::size_t i) {
      const double x = answers[i];
      return std::isnan(x) || kind_[i] != 0 ? kMissing : keyed(i, x);
    });
  }
  return AnswerProblem{};
}

AnswerProblem Scorer::score(const double* answers, Scores& out) const {
  out.subscales.resize(n_sub_);
  out.answered.resize(n_sub_);
  AnswerProblem p = score(answers, out.subscales.data(), out.answered.data(), &out.total, &out.total_answered);
  if (p) return p;
  out.numbers.resize(numbers_.size());
  for (std::size_t k = 0; k < numbers_.size(); ++k) out.numbers[k] = answers[numbers_[k]];
  return p;
}

namespace {
// The message of an answer problem, with the row first when there is one
// ("score.row_answer_*"). The item is named by its id, or by its index when
// out of range (never, for a Scorer of `ins`).
Message answer_message(const AnswerProblem& p, const Instrument& ins, const std::size_t* row) {
  const MsgParam item = p.item < ins.items.size() ? MsgParam("item", ins.items[p.item].id) : MsgParam("item", p.item);
  const MsgParam value("value", p.value), instrument("instrument", ins.id), min("min", ins.scale.min),
      max("max", ins.scale.max);
  switch (p.kind) {
    case AnswerProblem::Kind::none:
      break;
    case AnswerProblem::Kind::outside_range:
    case AnswerProblem::Kind::not_whole: {
      const Item* it = p.item < ins.items.size() ? &ins.items[p.item] : nullptr;
      const MsgParam lo("min", it ? it->min : 0.0), hi("max", it ? it->max : 0.0);
      if (p.kind == AnswerProblem::Kind::outside_range) {
        return row ? Message{"score.row_answer_outside_range", {{"row", *row}, item, value, lo, hi}}
                   : Message{"score.answer_outside_range", {item, value, lo, hi}};
      }
      return row ? Message{"score.row_answer_not_whole", {{"row", *row}, item, value, lo, hi}}
                 : Message{"score.answer_not_whole", {item, value, lo, hi}};
    }
    case AnswerProblem::Kind::not_finite:
      return row ? Message{"score.row_answer_not_finite", {{"row", *row}, item}}
                 : Message{"score.answer_not_finite", {item}};
    case AnswerProblem::Kind::outside_scale:
      return row ? Message{"score.row_answer_outside_scale", {{"row", *row}, item, value, instrument, min, max}}
                 : Message{"score.answer_outside_scale", {item, value, instrument, min, max}};
    case AnswerProblem::Kind::not_integer:
      return row ? Message{"score.row_answer_not_integer", {{"row", *row}, item, value, instrument, min, max}}
                 : Message{"score.answer_not_integer", {item, value, instrument, min, max}};
  }
  return Message{};
}
}  // namespace

Message describe_message(const AnswerProblem& p, const Instrument& ins) { return answer_message(p, ins, nullptr); }

Message describe_message(const AnswerProblem& p, const Instrument& ins, std::size_t row) {
  return answer_message(p, ins, &row);
}

std::string describe(const AnswerProblem& p, const Instrument& ins) {
  return p ? english(describe_message(p, ins)) : std::string();
}

Result<Scores> score_answers(const Instrument& ins, const std::map<std::string, double>& answers) {
  std::vector<double> row(ins.items.size(), kMissing);
  for (const auto& [id, x] : answers) {
    int i = find_item(ins, id);
    if (i < 0) {
      return make_error(
          ErrorCode::invalid_input,
          Message{"score.unknown_item",
                  {{"item", utf8_prefix(id, kShownText)}, {"instrument", ins.id}, {"version", ins.version}}},
          "/" + pointer_token(id));
    }
    row[static_cast<std::size_t>(i)] = x;
  }
  Scorer scorer(ins);
  Scores s;
  if (AnswerProblem p = scorer.score(row.data(), s)) {
    return make_error(ErrorCode::invalid_input, describe_message(p, ins), "/" + pointer_token(ins.items[p.item].id));
  }
  return s;
}

Result<ScoreTable> score_table(const Instrument& ins, const std::vector<double>& answers, std::size_t n_rows) {
  const std::size_t k = ins.items.size();
  if (k == 0 ? !answers.empty() : answers.size() != n_rows * k) {
    return make_error(
        ErrorCode::invalid_input,
        Message{"score.table_size", {{"n", answers.size()}, {"rows", n_rows}, {"items", k}, {"needed", n_rows * k}}});
  }
  Scorer scorer(ins);
  const std::size_t m = scorer.n_subscales();
  ScoreTable t;
  t.n_rows = n_rows;
  t.subscales.assign(m, std::vector<double>(n_rows));
  t.answered.assign(m, std::vector<int>(n_rows));
  t.total.resize(n_rows);
  t.total_answered.resize(n_rows);
  t.numbers.assign(scorer.scored_numbers().size(), std::vector<double>(n_rows));
  // One row's scores go through small buffers, then into the columns.
  std::vector<double> sc(m);
  std::vector<int> cnt(m);
  for (std::size_t r = 0; r < n_rows; ++r) {
    if (AnswerProblem p =
            scorer.score(answers.data() + r * k, sc.data(), cnt.data(), &t.total[r], &t.total_answered[r])) {
      return make_error(ErrorCode::invalid_input, describe_message(p, ins, r),
                        "/" + std::to_string(r) + "/" + pointer_token(ins.items[p.item].id));
    }
    for (std::size_t j = 0; j < m; ++j) {
      t.subscales[j][r] = sc[j];
      t.answered[j][r] = cnt[j];
    }
    for (std::size_t j = 0; j < t.numbers.size(); ++j) t.numbers[j][r] = answers[r * k + scorer.scored_numbers()[j]];
  }
  return t;
}

Json scores_json(const Instrument& ins, const Scores& s) {
  std::size_t n_likert = 0;
  for (const auto& item : ins.items) n_likert += item.type == ItemType::likert;
  Json j = Json::object();
  j["instrument"] = Json{{"id", ins.id}, {"version", ins.version}};
  Json subs = Json::array();
  std::vector<Message> warnings;
  for (std::size_t k = 0; k < ins.subscales.size() && k < s.subscales.size(); ++k) {
    const Subscale& sub = ins.subscales[k];
    subs.push_back(Json{{"id", sub.id},
                        {"score", json_number(s.subscales[k])},
                        {"answered", s.answered[k]},
                        {"n_items", sub.items.size()},
                        {"min_answered", sub.min_answered}});
    if (is_missing(s.subscales[k])) {
      warnings.push_back(Message{"score.subscale_too_few_answered",
                                 {{"subscale", sub.id},
                                  {"answered", s.answered[k]},
                                  {"n", sub.items.size()},
                                  {"min_answered", sub.min_answered}}});
    }
  }
  j["subscales"] = std::move(subs);
  if (ins.total) {
    j["total"] = Json{{"id", ins.total->id},
                      {"score", json_number(s.total)},
                      {"answered", s.total_answered},
                      {"n_items", n_likert},
                      {"min_answered", ins.total->min_answered}};
    if (is_missing(s.total)) {
      warnings.push_back(Message{"score.total_too_few_answered",
                                 {
                                     {"answered", s.total_answered},
                                     {"n", n_likert},
                                     {"min_answered", ins.total->min_answered},
                                 }});
    }
  } else {
    j["total"] = nullptr;
  }
  j["answered"] = s.total_answered;
  j["n_items"] = n_likert;
  Json numbers = Json::array();
  std::size_t k = 0;
  for (const auto& item : ins.items) {
    if (item.type != ItemType::number || !item.score) continue;
    numbers.push_back(Json{{"id", item.id}, {"score", json_number(k < s.numbers.size() ? s.numbers[k] : kMissing)}});
    ++k;
  }
  if (!numbers.empty()) j["numbers"] = std::move(numbers);
  put_warnings(j, warnings);
  return j;
}

}  // namespace assess::instrument
