// The record-level tables of the reproducibility bundle (docs/formats.md
// "The reproducibility bundle"): items.csv, every answer to a keyed item
// (a Likert item, a scored number) of every record the data set uses, with
// the code of the student's row so that a script can join it to dataset.csv;
// ratings.csv, every expert rating. What alpha, omega, the factor model,
// Shapiro-Wilk and the panel's agreement need, which the per-student data
// set (one row per student, scores only) does not hold.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "assess/data/dataset.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::data {

// A column of items.csv: an item of a study instrument.
struct ItemColumn {
  std::size_t instrument = 0;  // index into study.instruments
  std::size_t item = 0;        // index into the instrument's items
  std::string name;            // the item id (`-` written `_`), prefixed as the data set prefixes (`background__GPA`)
};

// The keyed items of every instrument, in study then item order: Likert
// items and scored numbers, and the choice items of employers' instruments
// (the report's yes/no questions).
std::vector<ItemColumn> item_columns(const instrument::Study& study,
                                     const std::vector<const instrument::Instrument*>& instruments);

// items.csv: code, respondent (student, employer), wave, instrument,
// programme, group, linked (students: 1 when the row has the instrument at
// two waves or more, else 0; employers: empty), then item_columns' answers
// as given (before reverse keying; a choice as its option's id; empty =
// missing or another instrument's). Rows: every students' record the data
// set uses and every employer's record (one naming no student of the data
// set with an empty code and its own programme and group), by instrument,
// then wave (study order), then data set row. `d` is build_dataset's answer
// for these tables.
std::string items_csv(const Dataset& d, const instrument::Study& study,
                      const std::vector<const instrument::Instrument*>& instruments,
                      const std::vector<ResponseTable>& tables);

// ratings.csv: expert, programme, the criteria's scores (empty = not rated)
// and, with comments, the comment; rows in the import's order.
std::string ratings_csv(const RatingTable& t, bool comments);

}  // namespace assess::data
