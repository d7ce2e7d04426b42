// Pre/post linking of pseudonymous records. Records of the waves "pre" and
// "post" are linked when their normalised codes are equal (the check symbol
// is not part of the key, so "AI07AL-K" links with "AI07AL" from a tool that
// writes none). A code belongs to one student of one programme in the whole
// study: equal codes in two programmes are a conflict, reported and not
// linked. Nothing is linked on a guess: pairs of an unmatched pre and an
// unmatched post code at Damerau edit distance 1 (one substitution,
// insertion, deletion or adjacent transposition) are only *listed* as near
// matches, and so are pairs whose codes differ only where Kazakh and
// Russian spellings of a name differ (Ақтөбе/Актобе: equal skeletons,
// codes.hpp); a researcher confirms a pair with an explicit override
// {"pre": code, "post": code}. An override naming an unknown code, a code
// already linked, or codes of two programmes is an error naming it (and is
// not applied).
//
// Near matches are found through deletion neighbourhoods: two strings are at
// distance <= 1 only if deleting at most one symbol from each gives a common
// string, so every code is indexed under itself and its one-symbol deletions
// and candidates are verified exactly - O(n L^2 log n) for n codes of length
// L, never O(n^2).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/data/input.hpp"
#include "assess/data/responses.hpp"

namespace assess::data {

struct LinkOverride {
  std::string pre;  // a code as written (normalised and its check verified)
  std::string post;
  std::string note;  // the researcher's reason, kept for the report
};

struct LinkedPair {
  std::size_t pre = 0, post = 0;  // record indices in the table
  bool by_override = false;
  std::size_t override_index = 0;  // which override, when by_override
};

// spelling: the codes differ in more than one symbol, but only where Kazakh
// and Russian spellings differ (their skeletons are equal, codes.hpp).
enum class EditKind { substitution, insertion, deletion, transposition, spelling };
const char* to_string(EditKind k) noexcept;

// Going from the pre code to the post code takes one edit of this kind at
// this 1-based symbol position of the pre code (for an insertion: the post
// code has an extra symbol before this position; position = length + 1 at
// the end; for a spelling variant: the first position where they differ).
struct NearMatch {
  std::size_t pre = 0, post = 0;  // record indices
  EditKind kind = EditKind::substitution;
  std::size_t position = 0;
};

struct LinkOptions {
  // At most this many near matches are listed (a warning says how many more
  // there were); a study of random short codes can have very many.
  std::size_t max_near_matches = 10000;
  // Overrides whose two codes are not both records of the two waves linked
  // are left out without a problem (link_waves of a later wave: the links
  // file's pre-post overrides are not its links). Off: each such override is
  // the problem override_unknown_code.
  bool only_overrides_at_waves = false;
  // Indices of overrides left out without a problem (ascending): those a
  // later wave's linking applied, in the pre-post linking.
  std::vector<std::size_t> skip_overrides;
};

struct LinkReport {
  std::vector<LinkedPair> pairs;           // ordered by the pre record
  std::vector<std::size_t> unmatched_pre;  // record indices, table order
  std::vector<std::size_t> unmatched_post;
  std::vector<NearMatch> near_matches;  // ordered by pre, then post record
  std::size_t near_matches_total = 0;   // found, listed or not
  std::size_t matched_by_override = 0;
  std::vector<Problem> problems;  // conflicts, repeated codes, override errors (field "/links/i/pre")

  std::size_t matched() const noexcept { return pairs.size(); }
};

// The waves "pre" and "post": link_waves of their indices.
LinkReport link(const ResponseTable& table, const std::vector<LinkOverride>& overrides = {},
                const LinkOptions& options = {});

// The records of wave index `from` (the report's "pre" side) linked to those
// of wave index `to` (its "post" side) by the same rules; an index that is
// no wave of the table (-1) has no records.
LinkReport link_waves(const ResponseTable& table, int from, int to, const std::vector<LinkOverride>& overrides = {},
                      const LinkOptions& options = {});

// The problem of a code given to the link op that cannot be read (text, as
// normalise_code refuses it with mode): invalid_code, severity record, at
// file, row and field, its sentence "<where>: " and the code's message (id
// and values in msg).
Problem invalid_code_problem(std::string file, std::size_t row, std::string field, const std::string& where,
                             std::string_view text, CheckMode mode);

// {"matched": n, "matched_by_override": n, "pairs": [...] (when include_pairs),
//  "unmatched_pre": [{code, programme, file, row}], "unmatched_post": [...],
//  "near_matches": [{pre, post, edit, position, pre_programme, post_programme, pre_file, pre_row, ...}],
//  "near_matches_total": n, "problems": [...]}
// overrides (optional) add each override pair's note.
Json link_json(const LinkReport& report, const ResponseTable& table, bool include_pairs = true,
               const std::vector<LinkOverride>* overrides = nullptr);

}  // namespace assess::data
