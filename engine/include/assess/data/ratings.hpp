// Rating tables: the experts' scores of the study's objects (programmes) on
// the criteria of a rubric, read from the rubric page's JSON files
// (assess-ratings/1: one expert, several objects) and from CSV files
// (expert,object,<criterion ids...>,comment), many files at once, merged.
// Formats and problems in docs/formats.md; problems as for responses
// (input.hpp). Scores are one flat row-major array (ratings x criteria,
// Rubric::criteria order, NaN = not rated).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"
#include "assess/data/input.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::data {

struct RatingTable {
  instrument::DocRef rubric;
  std::vector<std::string> criterion_ids;  // score columns, Rubric::criteria order
  std::vector<std::string> files;
  std::vector<FileFormat> file_formats;

  std::vector<std::string> experts;  // dictionary, order of first appearance
  std::vector<std::string> objects;  // the study's programmes in its order (without a study: first appearance)
  std::vector<std::string> langs;    // langs[0] == ""

  // One entry per rating (one expert, one object).
  std::vector<std::uint32_t> expert;
  std::vector<std::uint32_t> object;
  std::vector<std::uint32_t> lang;
  std::vector<std::string> submitted;
  std::vector<std::string> comment;
  std::vector<SourceRow> source;
  std::vector<double> scores;  // size() * n_criteria(), NaN = not rated

  std::vector<std::string> extra_names;
  std::vector<std::vector<std::string>> extra;

  std::size_t size() const noexcept { return expert.size(); }
  std::size_t n_criteria() const noexcept { return criterion_ids.size(); }
  double score(std::size_t r, std::size_t c) const noexcept { return scores[r * n_criteria() + c]; }
  // "a.csv row 3", "e01.json rating 2"
  std::string where(std::size_t r) const;
};

// Reads and merges rating files; see import_responses for the treatment of
// problems. Duplicates of expert + object are all left out. Fails only when
// the study names another rubric.
Result<RatingTable> import_ratings(const instrument::Rubric& rubric, const instrument::Study* study,
                                   const std::vector<InputFile>& files, ImportReport& report,
                                   const ImportOptions& options = {});

// The identity of rating r (docs/formats.md "Record identity"):
// {"comment": text|null, "expert", "kind": "rating", "object",
//  "rubric": {"id", "version"}, "scores": {criterion: number|null, every criterion}}.
Json identity_json(const RatingTable& t, std::size_t r);
// "sha256:" and the lower-case hex SHA-256 of the canonical JSON (RFC 8785) of identity_json.
std::string record_id(const RatingTable& t, std::size_t r);

// [{"expert", "object", "scores": {criterion: value|null}, "comment", "lang", "submitted", "file", "row",
//   "record_id"}]
Json ratings_json(const RatingTable& t);
// Rating r as one element of ratings_json.
Json rating_json(const RatingTable& t, std::size_t r);
// {"rubric", "criteria", "ratings", "experts": {id: n}, "objects": {id: n}, "extra_columns"}
Json summary_json(const RatingTable& t);

}  // namespace assess::data
