// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence of a
// JSON value that the integrity seal hashes (core/integrity.hpp). Anyone can
// re-check a seal with any JCS implementation; in JavaScript, JCS is
// JSON.stringify with object keys sorted by UTF-16 code units.
//   - no white space; array order kept; object members sorted by the UTF-16
//     code units of their keys;
//   - strings as ECMAScript's JSON.stringify writes them (\" \\ \b \f \n \r
//     \t, other controls as \u00xx, everything else as UTF-8);
//   - numbers as ECMAScript's Number.prototype.toString (shortest digits
//     that round-trip: 3 not 3.0, 1e+21, 1e-7, 0.000001), -0 as 0; integers
//     are taken as doubles, as JavaScript would read them.
#pragma once

#include <string>

#include "assess/core/json.hpp"

namespace assess {

// The canonical text of v. NaN and infinities, which JSON cannot hold, are
// written as null (as JSON.stringify does).
std::string canonical_json(const Json& v);

// A double as ECMAScript's Number.prototype.toString writes it.
std::string ecmascript_number(double x);

}  // namespace assess
