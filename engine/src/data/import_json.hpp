// Internal: JSON files of an import - telling JSON from CSV, parsing with
// the problems of a whole file (syntax, nesting, a key given twice), the
// integrity seal of an exported file, and JSON values as messages and
// extra columns show them. Not a public header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "assess/data/input.hpp"
#include "assess/data/responses.hpp"
#include "import_problems.hpp"

namespace assess::data::detail {

// The text after an optional BOM and white space starts with '{' or '['.
bool looks_like_json(std::string_view text) noexcept;

// Parses a JSON file; on failure fills p (code json_syntax or duplicate_key,
// severity file). Nesting deeper than 64 levels is refused before parsing
// (the parser recurses).
bool parse_json_file(const FileContext& fc, std::string_view text, Json& out, Problem& p);

// The integrity seal of an exported file (core/integrity.hpp): a warning
// naming the file when it was edited or damaged after export
// (integrity_mismatch) or carries a malformed seal (integrity_invalid);
// nothing when it has no seal or a valid one.
std::optional<Problem> seal_problem(const FileContext& fc, const Json& doc);

// Text of a scalar JSON value for an extra column; objects and arrays as JSON.
std::string json_text(const Json& v);

// ---- the records as JSON (records_json, ratings_json, summary_json) ----
// A record's language, or null for none (index 0).
Json lang_json(const std::vector<std::string>& langs, std::uint32_t lang);
// A record's timestamp, or null (none given, or the import did not keep text).
Json submitted_json(const std::vector<std::string>& submitted, std::size_t r);
// The end of every record: "extra" (when the table has extra columns), "file", "row".
void put_record_source(Json& rec, const std::vector<std::string>& extra_names,
                       const std::vector<std::vector<std::string>>& extra, const std::vector<std::string>& files,
                       const SourceRow& source, std::size_t r);
// {name: records} of a categorical column, in dictionary order; skip_empty
// leaves out the "" of "none".
Json counts_by_name(const std::vector<std::string>& names, const std::vector<std::uint32_t>& column,
                    bool skip_empty = false);

}  // namespace assess::data::detail
