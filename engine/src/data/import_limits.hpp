// Internal: the size limits of core/limits.hpp for one import (file count,
// bytes per CSV and JSON file and together, records), checked before
// anything is stored. Not a public header.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "assess/core/error.hpp"
#include "assess/data/input.hpp"

namespace assess::data::detail {

// Line breaks in the text (LF, else CR): an upper bound of the records of a CSV file.
std::size_t estimated_rows(std::string_view text) noexcept;

// out_of_range naming the file or the count, or nothing.
std::optional<Error> check_import_limits(const std::vector<InputFile>& files);
// The record limit once JSON files have been read (their records are only
// known then); what names the records: code "response_records", English
// "response records".
std::optional<Error> check_record_limit(std::size_t records, const char* what_code, const char* what);

}  // namespace assess::data::detail
