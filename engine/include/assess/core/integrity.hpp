// The integrity seal of exported JSON files (responses, ratings, reports):
// a member
//   "integrity": {"method": "sha256-jcs", "sha256": "<64 hex digits>"}
// whose digest is the SHA-256 of the RFC 8785 canonical form of the whole
// document without its "integrity" member (core/canonical_json.hpp). The
// format version ("format"), the instrument or rubric id and version and the
// engine that sealed it ("engine": {"name", "version"}) are members of the
// document, so they are covered by the digest too.
//
// A seal detects damage and edits; it is not a signature (anyone can reseal
// an edited file). The importers accept an edited file with a warning that
// names it (researchers legitimately fix a typo), see docs/robustness.md.
#pragma once

#include <string>

#include "assess/core/json.hpp"

namespace assess {

inline constexpr const char* kIntegrityMethod = "sha256-jcs";

// SHA-256 hex of the canonical form of doc without "integrity".
std::string payload_sha256(const Json& doc);

// doc (an object) with "engine" set to this engine and "integrity" (last)
// computed over the rest.
Json seal(Json doc);

enum class SealStatus {
  absent,    // no "integrity" member (older files, other tools)
  valid,     // the digest matches
  mismatch,  // the digest does not match: edited or damaged after export
  invalid,   // an "integrity" member that is not a seal of this format
};
const char* to_string(SealStatus s) noexcept;

struct SealCheck {
  SealStatus status = SealStatus::absent;
  std::string expected;  // the digest the file carries
  std::string actual;    // the digest of its content now
};

SealCheck check_seal(const Json& doc);

}  // namespace assess
