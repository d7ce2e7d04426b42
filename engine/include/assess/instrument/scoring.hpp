// Scoring of one instrument's answers: subscale scores and the total, with
// reverse keying and the minimum-answered rule, as the study's analysis plan
// (and the R reference scripts: rowMeans(..., na.rm = TRUE) after recoding
// reversed items as min + max - x, set to NA when too few items are answered).
//
// Scorer precomputes the item -> subscale maps once; Scorer::score is a
// noexcept kernel that allocates nothing, for tables of a million respondents.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/core/numeric.hpp"
#include "assess/core/result.hpp"
#include "assess/instrument/model.hpp"

namespace assess::instrument {

// Scores of one respondent. Vectors follow Instrument::subscales.
struct Scores {
  std::vector<double> subscales;  // mean after reverse keying; NaN (missing) when too few answered
  std::vector<int> answered;      // answered items per subscale
  double total = kMissing;        // NaN when the instrument has no total or too few answered
  int total_answered = 0;         // answered Likert items of the whole instrument
  std::vector<double> numbers;    // the scored number items (score: true), in item order: the answer, NaN = missing
};

// What is wrong with an answer, when anything is.
struct AnswerProblem {
  // outside_scale, not_integer: a Likert answer; outside_range, not_whole: a number item's
  enum class Kind { none, outside_scale, not_integer, not_finite, outside_range, not_whole };
  Kind kind = Kind::none;
  std::size_t item = 0;  // index into Instrument::items
  double value = 0.0;
  explicit operator bool() const noexcept { return kind != Kind::none; }
};

class Scorer {
 public:
  explicit Scorer(const Instrument& ins);

  std::size_t n_items() const noexcept { return n_items_; }
  std::size_t n_subscales() const noexcept { return n_sub_; }
  // The scored number items (score: true), indices into Instrument::items.
  const std::vector<std::size_t>& scored_numbers() const noexcept { return numbers_; }

  // answers[i] is the answer to item i (Instrument::items order), NaN when
  // missing. Writes n_subscales() scores and counts, the total and its count.
  // On a bad answer nothing is written and the problem is returned.
  // Only Likert items are answers on the scale and count to the subscales
  // and the total; a number item's answer must be within its range; the
  // other types (choice, multi, text: ResponseTable's encoding) are not read.
  AnswerProblem score(const double* answers, double* subscale_scores, int* subscale_answered, double* total,
                      int* total_answered) const noexcept;

  // The same into a Scores record (sized on first use, then reused without allocating).
  AnswerProblem score(const double* answers, Scores& out) const;

  // The value to average for item i: reverse-keyed when the item is reversed.
  double keyed(std::size_t item, double x) const noexcept { return reverse_[item] ? lo_ + hi_ - x : x; }

 private:
  std::size_t n_items_ = 0, n_sub_ = 0;
  double lo_ = 1.0, hi_ = 5.0;
  bool integer_ = true;
  bool has_total_ = false;
  int total_min_ = 1;
  std::vector<unsigned char> reverse_;  // per item
  // per item: 0 Likert, 1 number, 2 another type (not read); all 0 for a Likert-only instrument
  std::vector<unsigned char> kind_;
  std::vector<double> num_min_, num_max_;  // per item: a number item's range
  std::vector<unsigned char> num_integer_;
  std::vector<std::size_t> numbers_;
  bool all_likert_ = true;
  std::vector<int> sub_of_;             // per item: subscale index or -1
  std::vector<int> sub_min_;            // per subscale: min_answered
  std::vector<std::size_t> sub_start_;  // CSR: items of subscale k are order_[sub_start_[k] .. sub_start_[k+1])
  std::vector<std::size_t> order_;
};

// One sentence naming the item, its value and the scale ("the answer to item
// AD2 is 7, but the scale of competency-12 runs from 1 to 5"): english() of
// describe_message (score.answer_*). With a row: "row 3: the answer to ..."
// (score.row_answer_*).
std::string describe(const AnswerProblem& p, const Instrument& ins);
Message describe_message(const AnswerProblem& p, const Instrument& ins);
Message describe_message(const AnswerProblem& p, const Instrument& ins, std::size_t row);

// Scores of one respondent from answers by item id (missing ids = not
// answered, NaN = not answered). Unknown item ids and bad values are errors
// with path "/<item id>".
Result<Scores> score_answers(const Instrument& ins, const std::map<std::string, double>& answers);

// Scores of a table: answers row-major, n_rows x n_items (Instrument::items
// order). Columns of the result follow Instrument::subscales.
struct ScoreTable {
  std::size_t n_rows = 0;
  std::vector<std::vector<double>> subscales;  // [subscale][row]
  std::vector<std::vector<int>> answered;      // [subscale][row]
  std::vector<double> total;                   // [row]
  std::vector<int> total_answered;             // [row]
  std::vector<std::vector<double>> numbers;    // [scored number item][row] (Scorer::scored_numbers order)
};
// A bad value is an error with path "/<row>/<item id>" and a message naming row and item.
Result<ScoreTable> score_table(const Instrument& ins, const std::vector<double>& answers, std::size_t n_rows);

// {"instrument": {id, version}, "subscales": [{id, score, answered, n_items,
// min_answered}], "total": {...} | null, "answered": n, "n_items": k, "warnings": [...],
// "warning_msgs": [...]}; n_items and answered count Likert items. An
// instrument with scored number items also has "numbers": [{id, score}].
Json scores_json(const Instrument& ins, const Scores& s);

}  // namespace assess::instrument
