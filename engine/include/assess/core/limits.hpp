// The engine's size limits, in one place (the table is in docs/robustness.md).
// Past a limit the engine answers out_of_range with a sentence that names the
// argument or file, its size and the limit - instead of running a browser tab
// out of memory (a wasm instance has at most 2 GB) or working for hours.
// The limits are far above what a study produces: a cohort of a few thousand
// students is ~1 MB of CSV.
#pragma once

#include <cstddef>

namespace assess::limits {

// JSON text of one request (api::call). Files larger than a few MB should go
// as bytes (the wasm door's putFile) rather than as text inside a request.
inline constexpr std::size_t kMaxRequestBytes = 64u << 20;  // 64 MiB

// Numbers in one array argument of a statistical op, and cells of one matrix
// or array-of-arrays argument (10 million doubles = 80 MB).
inline constexpr std::size_t kMaxValues = 10'000'000;

// Magnitude of a data value of a statistical op: a sum of squares of 10^7
// values up to 1e100 stays far inside the range of doubles (1.8e308).
inline constexpr double kMaxMagnitude = 1e100;

// One CSV file of an import: a study of a million respondents in two waves
// (2 million rows of a 12-item instrument with group and timestamp columns,
// ~180 MB) fits in one file; the analysis needs about 4x the file in memory.
inline constexpr std::size_t kMaxCsvFileBytes = 256u << 20;  // 256 MiB
// One JSON response/rating file: its parsed tree takes ~10x the text.
inline constexpr std::size_t kMaxJsonFileBytes = 32u << 20;  // 32 MiB
// All files of one import together, and how many.
inline constexpr std::size_t kMaxImportBytes = 256u << 20;  // 256 MiB
inline constexpr std::size_t kMaxImportFiles = 10'000;
// Records (CSV rows, JSON responses or ratings) of one import, all files
// together: 2 million records take ~1 GB while being analysed.
inline constexpr std::size_t kMaxRecords = 2'000'000;

// Experts and rated objects (programmes) of one panel analysis.
inline constexpr std::size_t kMaxExperts = 10'000;
inline constexpr std::size_t kMaxObjects = 1'000;

}  // namespace assess::limits
