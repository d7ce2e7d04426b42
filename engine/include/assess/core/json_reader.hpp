// The one JSON reader of the engine: every JSON text that reaches it (a
// request, a response or rating file, a document passed as text) is read
// here, so that every door treats the same text the same way.
//
// Stricter than nlohmann's parse, on purpose:
//   - a key that appears twice in one object is an error naming the key and
//     the object's JSON pointer. nlohmann keeps the last value silently; a
//     request {"x": [1, 2], "x": [3]} or a response file with "ET1" twice
//     would then be computed on data the author did not see as the data, so
//     the engine refuses to guess;
//   - nesting deeper than max_depth is an error (responses are dumped
//     recursively; 256 levels is far beyond any document of the engine);
//   - a number beyond the range of a double (1e999) is an error of its own
//     rather than nlohmann's out_of_range exception.
// Objects are built in linear time: nlohmann's ordered_json checks every new
// key against all earlier ones (quadratic - 100 000 keys took 12 s); here
// duplicates are found with a hash set and keys are appended directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "assess/core/json.hpp"

namespace assess {

struct JsonReadError {
  enum class Kind { syntax, too_deep, number_overflow, duplicate_key };
  Kind kind = Kind::syntax;
  std::string detail;    // "syntax error while parsing object - unexpected end of input; expected '}'"
  std::string key;       // duplicate_key: the key
  std::string path;      // JSON pointer: the duplicate key ("/items/0/id"), the too-deep container; else ""
  std::size_t byte = 0;  // 0-based offset in the text near the problem
  std::size_t line = 1;  // 1-based line and column of that byte
  std::size_t column = 1;

  // One sentence (without the source's name): "the key "x" appears twice in
  // the object at / (line 1, column 22)".
  std::string message() const;
};

inline constexpr std::size_t kJsonMaxDepth = 256;

// Parses text into out. On failure returns false, fills err and leaves out
// null. Throws only std::bad_alloc.
bool read_json(std::string_view text, Json& out, JsonReadError& err, std::size_t max_depth = kJsonMaxDepth);

}  // namespace assess
