#include "assess/data/linking.hpp"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "import_problems.hpp"
#include "import_values.hpp"

namespace assess::data {

const char* to_string(EditKind k) noexcept {
  switch (k) {
    case EditKind::substitution:
      return "substitution";
    case EditKind::insertion:
      return "insertion";
    case EditKind::deletion:
      return "deletion";
    case EditKind::transposition:
      return "transposition";
    case EditKind::spelling:
      return "spelling";
  }
  return "substitution";
}

namespace {

// The one-programme rule holds only when both records name a programme (a
// group without programmes names none: ResponseTable::kNoProgramme).
bool programmes_differ(const ResponseTable& t, std::size_t a, std::size_t b) {
  return t.programme[a] != t.programme[b] && t.programme[a] != ResponseTable::kNoProgramme &&
         t.programme[b] != ResponseTable::kNoProgramme;
}

Json programme_json(const ResponseTable& t, std::size_t r) {
  return t.programme[r] < t.programmes.size() ? Json(t.programmes[t.programme[r]]) : Json(nullptr);
}

using detail::hash_bytes;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// The single edit that turns a into b, when they are at restricted Damerau
// distance exactly 1.
bool one_edit(const std::string& a, const std::string& b, EditKind& kind, std::size_t& position) {
  if (a == b) return false;
  std::size_t i = 0;
  const std::size_t na = a.size(), nb = b.size();
  while (i < na && i < nb && a[i] == b[i]) ++i;
  if (na == nb) {
    if (a.compare(i + 1, std::string::npos, b, i + 1, std::string::npos) == 0) {
      kind = EditKind::substitution, position = i + 1;
      return true;
    }
    if (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
        a.compare(i + 2, std::string::npos, b, i + 2, std::string::npos) == 0) {
      kind = EditKind::transposition, position = i + 1;
      return true;
    }
    return false;
  }
  if (nb == na + 1 && a.compare(i, std::string::npos, b, i + 1, std::string::npos) == 0) {
    kind = EditKind::insertion, position = i + 1;
    return true;
  }
  if (na == nb + 1 && a.compare(i + 1, std::string::npos, b, i, std::string::npos) == 0) {
    kind = EditKind::deletion, position = i + 1;
    return true;
  }
  return false;
}

std::uint64_t fmix64(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// Hashes of s and of s with each one symbol deleted (the deletion
// neighbourhood), all in O(L): with the polynomial hash H = sum s_j B^(n-1-j)
// (mod 2^64), deleting symbol i gives prefix(i) * B^(L-1-i) + suffix(i+1),
// the same value as hashing the shorter string directly.
void neighbourhood(const std::string& s, std::vector<std::uint64_t>& out) {
  constexpr std::uint64_t B = 0x100000001b3ull;
  const std::size_t L = s.size();
  out.clear();
  std::uint64_t pow[kMaxCodeLength + 2], pre[kMaxCodeLength + 2], suf[kMaxCodeLength + 2];
  if (L > kMaxCodeLength) {  // not a normalised code (a table built by hand): hash directly
    std::string t;
    out.push_back(hash_bytes(s));
    for (std::size_t i = 0; i < L; ++i) {
      t.assign(s, 0, i);
      t.append(s, i + 1, std::string::npos);
      out.push_back(hash_bytes(t));
    }
  } else {
    pow[0] = 1;
    for (std::size_t k = 1; k <= L; ++k) pow[k] = pow[k - 1] * B;
    pre[0] = 0;
    for (std::size_t k = 0; k < L; ++k) pre[k + 1] = pre[k] * B + static_cast<unsigned char>(s[k]) + 1;
    suf[L] = 0;  // suf[k] = sum_{j >= k} s_j B^(L-1-j)
    for (std::size_t k = L; k-- > 0;) suf[k] = suf[k + 1] + (static_cast<unsigned char>(s[k]) + 1) * pow[L - 1 - k];
    auto finish = [](std::uint64_t h, std::size_t len) { return fmix64(h ^ (len * 0x9E3779B97F4A7C15ull)); };
    out.push_back(finish(pre[L], L));
    for (std::size_t i = 0; i < L; ++i) out.push_back(finish(pre[i] * pow[L - 1 - i] + suf[i + 1], L - 1));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Candidate (pre, post) positions whose neighbourhoods share a key: both
// sides' keys sorted and merged. Keys are split into hash partitions, one
// pass each, so that memory stays bounded (about 4M keys per side and pass).
std::vector<std::pair<std::uint32_t, std::uint32_t>> near_candidates(const std::vector<std::string>& pre,
                                                                     const std::vector<std::string>& post,
                                                                     std::size_t budget, bool& truncated) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cand;
  if (pre.empty() || post.empty()) return cand;
  std::size_t pre_keys = 0, post_keys = 0;
  for (const auto& s : pre) pre_keys += s.size() + 1;
  for (const auto& s : post) post_keys += s.size() + 1;
  const std::size_t kPassKeys = std::size_t{4} << 20;
  const std::uint64_t passes = std::max<std::uint64_t>(1, (std::max(pre_keys, post_keys) + kPassKeys - 1) / kPassKeys);
  using Entry = std::pair<std::uint64_t, std::uint32_t>;
  std::vector<Entry> a, b;
  std::vector<std::uint64_t> keys;
  auto collect = [&](const std::vector<std::string>& codes, std::uint64_t pass, std::vector<Entry>& out) {
    out.clear();
    for (std::size_t i = 0; i < codes.size(); ++i) {
      neighbourhood(codes[i], keys);
      for (auto k : keys) {
        if (k % passes == pass) out.emplace_back(k, static_cast<std::uint32_t>(i));
      }
    }
    std::sort(out.begin(), out.end());
  };
  for (std::uint64_t pass = 0; pass < passes && !truncated; ++pass) {
    collect(pre, pass, a);
    collect(post, pass, b);
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size() && !truncated) {
      if (a[i].first < b[j].first)
        ++i;
      else if (b[j].first < a[i].first)
        ++j;
      else {
        std::uint64_t k = a[i].first;
        std::size_t i2 = i, j2 = j;
        while (i2 < a.size() && a[i2].first == k) ++i2;
        while (j2 < b.size() && b[j2].first == k) ++j2;
        for (std::size_t x = i; x < i2 && !truncated; ++x) {
          for (std::size_t y = j; y < j2; ++y) {
            cand.emplace_back(a[x].second, b[y].second);
            if (cand.size() >= budget) {
              truncated = true;
              break;
            }
          }
        }
        i = i2, j = j2;
      }
    }
  }
  std::sort(cand.begin(), cand.end());
  cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
  return cand;
}

// A problem of record r; the sentence starts with the record's place when `placed`.
Problem record_problem(const ResponseTable& t, std::size_t r, std::string code, Message msg, bool placed) {
  Problem p;
  p.file = t.files[t.source[r].file];
  p.row = t.source[r].row;
  p.field = "code";
  p.code = std::move(code);
  p.severity = Severity::record;
  p.message = (placed ? t.where(r) + ": " : std::string()) + english(msg);
  p.msg = std::move(msg);
  detail::add_location_params(p);
  return p;
}

// A problem of override i (its pre or post code, or the pair when side is null).
Problem link_problem(std::size_t i, const char* side, std::string code, Message msg) {
  Problem p;
  p.file = "links";
  p.row = i + 1;
  p.field = "/links/" + std::to_string(i) + (side ? std::string("/") + side : "");
  p.code = std::move(code);
  p.severity = Severity::record;
  p.message = "links[" + std::to_string(i) + "]" + (side ? std::string(".") + side : "") + ": " + english(msg);
  p.msg = std::move(msg);
  detail::add_location_params(p);
  return p;
}

}  // namespace

Problem invalid_code_problem(std::string file, std::size_t row, std::string field, const std::string& where,
                             std::string_view text, CheckMode mode) {
  CodeIssue issue;
  auto code = normalise_code(text, mode, &issue);
  Problem p;
  p.file = std::move(file);
  p.row = row;
  p.field = std::move(field);
  p.code = "invalid_code";
  p.severity = Severity::record;
  if (code) return p;  // not a problem after all
  p.msg = detail::code_message(text, issue, code.error(), false);
  p.message = where + ": " + english(p.msg);
  detail::add_location_params(p);
  return p;
}

LinkReport link(const ResponseTable& t, const std::vector<LinkOverride>& overrides, const LinkOptions& options) {
  return link_waves(t, t.wave_index("pre"), t.wave_index("post"), overrides, options);
}

LinkReport link_waves(const ResponseTable& t, int pre_wave, int post_wave, const std::vector<LinkOverride>& overrides,
                      const LinkOptions& options) {
  LinkReport rep;
  std::vector<std::uint32_t> pre, post;  // record indices
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (static_cast<int>(t.wave[r]) == pre_wave)
      pre.push_back(static_cast<std::uint32_t>(r));
    else if (static_cast<int>(t.wave[r]) == post_wave)
      post.push_back(static_cast<std::uint32_t>(r));
  }

  // Index both waves by code hash; a code twice in one wave (possible when a
  // table was built without import_responses) is reported and not linked.
  auto by_code = [&](const std::vector<std::uint32_t>& recs) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> v;
    v.reserve(recs.size());
    for (auto r : recs) v.emplace_back(hash_bytes(t.code[r]), r);
    std::sort(v.begin(), v.end());
    return v;
  };
  auto pre_index = by_code(pre), post_index = by_code(post);
  std::vector<char> blocked(t.size(), 0);  // not to be linked: repeated code or programme conflict
  for (auto* index : {&pre_index, &post_index}) {
    for (std::size_t i = 0; i + 1 < index->size(); ++i) {
      for (std::size_t j = i + 1; j < index->size() && (*index)[j].first == (*index)[i].first; ++j) {
        std::uint32_t a = (*index)[i].second, b = (*index)[j].second;
        if (t.code[a] != t.code[b]) continue;
        blocked[a] = blocked[b] = 1;
        rep.problems.push_back(record_problem(
            t, b, "duplicate_record",
            Message{"link.duplicate_record",
                    {{"code", display_code(t.code[b])}, {"wave", t.waves[t.wave[b]]}, {"first", t.where(a)}}},
            true));
      }
    }
  }
  auto find = [&](const std::vector<std::pair<std::uint64_t, std::uint32_t>>& index, const std::string& code) {
    std::uint64_t h = hash_bytes(code);
    auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(h, std::uint32_t{0}));
    for (; it != index.end() && it->first == h; ++it) {
      if (t.code[it->second] == code) return static_cast<std::size_t>(it->second);
    }
    return kNone;
  };

  // Exact links.
  rep.pairs.reserve(std::min(pre.size(), post.size()) + overrides.size());
  std::vector<std::size_t> partner(t.size(), kNone);
  // Each pre record's post record with the same code (the first of its
  // hash in post_index, as find() gives it): one merge of the two sorted
  // indexes instead of a binary search per record.
  std::vector<std::size_t> same_code(t.size(), kNone);
  for (std::size_t i = 0, j = 0; i < pre_index.size() && j < post_index.size();) {
    const std::uint64_t h = pre_index[i].first;
    if (post_index[j].first < h) {
      ++j;
    } else if (h < post_index[j].first) {
      ++i;
    } else {
      std::size_t j_end = j;
      while (j_end < post_index.size() && post_index[j_end].first == h) ++j_end;
      for (; i < pre_index.size() && pre_index[i].first == h; ++i) {
        const std::string& code = t.code[pre_index[i].second];
        for (std::size_t k = j; k < j_end; ++k) {
          if (t.code[post_index[k].second] == code) {
            same_code[pre_index[i].second] = post_index[k].second;
            break;
          }
        }
      }
      j = j_end;
    }
  }
  for (auto r : pre) {
    if (blocked[r]) continue;
    std::size_t q = same_code[r];
    if (q == kNone || blocked[q]) continue;
    if (programmes_differ(t, r, q)) {
      blocked[r] = blocked[q] = 1;
      rep.problems.push_back(record_problem(t, q, "programme_conflict",
                                            Message{"link.programme_conflict",
                                                    {{"code", display_code(t.code[r])},
                                                     {"pre_programme", t.programmes[t.programme[r]]},
                                                     {"pre", t.where(r)},
                                                     {"post_programme", t.programmes[t.programme[q]]},
                                                     {"post", t.where(q)}}},
                                            false));
      continue;
    }
    partner[r] = q;
    partner[q] = r;
    rep.pairs.push_back(LinkedPair{r, q, false});
  }

  // Overrides confirmed by the researcher.
  std::vector<std::size_t> override_of(t.size(), kNone);
  // An override both of whose codes have a record of the two waves (when
  // only those apply).
  auto at_waves = [&](const LinkOverride& o) {
    auto a = normalise_code(o.pre, CheckMode::automatic), b = normalise_code(o.post, CheckMode::automatic);
    return a && b && find(pre_index, a->body) != kNone && find(post_index, b->body) != kNone;
  };
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    if (std::binary_search(options.skip_overrides.begin(), options.skip_overrides.end(), i)) continue;
    if (options.only_overrides_at_waves && !at_waves(overrides[i])) continue;
    std::size_t rec[2] = {kNone, kNone};
    bool ok = true;
    for (int side = 0; side < 2; ++side) {
      const char* name = side == 0 ? "pre" : "post";
      const std::string& text = side == 0 ? overrides[i].pre : overrides[i].post;
      CodeIssue issue;
      auto code = normalise_code(text, CheckMode::automatic, &issue);
      if (!code) {
        rep.problems.push_back(
            link_problem(i, name, "override_invalid", detail::code_message(text, issue, code.error(), false)));
        ok = false;
        continue;
      }
      std::size_t r = find(side == 0 ? pre_index : post_index, code->body);
      if (r == kNone) {
        rep.problems.push_back(
            link_problem(i, name, "override_unknown_code",
                         Message{"link.override_unknown_code", {{"code", code->text()}, {"wave", name}}}));
        ok = false;
        continue;
      }
      if (blocked[r]) {
        rep.problems.push_back(
            link_problem(i, name, "override_blocked",
                         Message{"link.override_blocked", {{"code", code->text()}, {"place", t.where(r)}}}));
        ok = false;
        continue;
      }
      if (partner[r] != kNone) {
        rep.problems.push_back(link_problem(i, name, "override_already_linked",
                                            Message{"link.override_already_linked",
                                                    {{"code", code->text()},
                                                     {"place", t.where(r)},
                                                     {"partner", t.code_text(partner[r])},
                                                     {"partner_place", t.where(partner[r])}}}));
        ok = false;
        continue;
      }
      if (override_of[r] != kNone) {
        rep.problems.push_back(link_problem(
            i, name, "override_already_linked",
            Message{"link.override_linked_by_override", {{"code", code->text()}, {"link", override_of[r]}}}));
        ok = false;
        continue;
      }
      rec[side] = r;
    }
    if (!ok) continue;
    if (programmes_differ(t, rec[0], rec[1])) {
      rep.problems.push_back(link_problem(i, nullptr, "override_programme_mismatch",
                                          Message{"link.override_programme_mismatch",
                                                  {{"pre", t.code_text(rec[0])},
                                                   {"pre_programme", t.programmes[t.programme[rec[0]]]},
                                                   {"post", t.code_text(rec[1])},
                                                   {"post_programme", t.programmes[t.programme[rec[1]]]}}}));
      continue;
    }
    override_of[rec[0]] = override_of[rec[1]] = i;
    partner[rec[0]] = rec[1];
    partner[rec[1]] = rec[0];
    rep.pairs.push_back(LinkedPair{rec[0], rec[1], true, i});
    ++rep.matched_by_override;
  }
  std::sort(rep.pairs.begin(), rep.pairs.end(), [](const LinkedPair& a, const LinkedPair& b) { return a.pre < b.pre; });

  for (auto r : pre) {
    if (partner[r] == kNone) rep.unmatched_pre.push_back(r);
  }
  for (auto r : post) {
    if (partner[r] == kNone) rep.unmatched_post.push_back(r);
  }

  // Near matches among the unmatched that are free to link.
  std::vector<std::size_t> np, nq;
  std::vector<std::string> sp, sq;
  std::string sym;
  auto symbols = [&](std::size_t r) {
    // Symbols make a Cyrillic letter one unit of edit distance, not two bytes.
    return code_symbols(t.code[r], sym) ? sym : t.code[r];
  };
  for (auto r : rep.unmatched_pre) {
    if (!blocked[r]) np.push_back(r), sp.push_back(symbols(r));
  }
  for (auto r : rep.unmatched_post) {
    if (!blocked[r]) nq.push_back(r), sq.push_back(symbols(r));
  }
  bool truncated = false;
  const std::size_t budget = std::max<std::size_t>(options.max_near_matches * 50, 1000000);
  auto cand = near_candidates(sp, sq, budget, truncated);
  for (const auto& [a, b] : cand) {
    EditKind kind;
    std::size_t position;
    if (!one_edit(sp[a], sq[b], kind, position)) continue;
    ++rep.near_matches_total;
    if (rep.near_matches.size() < options.max_near_matches)
      rep.near_matches.push_back(NearMatch{np[a], nq[b], kind, position});
  }
  // Spelling variants: equal skeletons, more than one edit apart (one edit
  // is listed above already).
  std::unordered_map<std::string, std::vector<std::size_t>> post_by_skeleton;
  for (std::size_t b = 0; b < sq.size(); ++b) post_by_skeleton[code_skeleton(sq[b])].push_back(b);
  bool spelling = false;
  for (std::size_t a = 0; a < sp.size(); ++a) {
    auto it = post_by_skeleton.find(code_skeleton(sp[a]));
    if (it == post_by_skeleton.end()) continue;
    for (std::size_t b : it->second) {
      EditKind kind;
      std::size_t position;
      if (sp[a] == sq[b] || sp[a].size() != sq[b].size() || one_edit(sp[a], sq[b], kind, position)) continue;
      position = 1;
      while (sp[a][position - 1] == sq[b][position - 1]) ++position;
      ++rep.near_matches_total;
      if (rep.near_matches.size() < options.max_near_matches) {
        rep.near_matches.push_back(NearMatch{np[a], nq[b], EditKind::spelling, position});
        spelling = true;
      }
    }
  }
  if (spelling) {
    std::stable_sort(rep.near_matches.begin(), rep.near_matches.end(), [](const NearMatch& x, const NearMatch& y) {
      return x.pre != y.pre ? x.pre < y.pre : x.post < y.post;
    });
  }
  if (rep.near_matches_total > rep.near_matches.size() || truncated) {
    Problem p;
    p.file = "";
    p.code = "near_matches_truncated";
    p.severity = Severity::warning;
    p.msg = truncated ? Message{"link.near_matches_stopped", {{"n", rep.near_matches.size()}}}
                      : Message{"link.near_matches_truncated",
                                {{"total", rep.near_matches_total}, {"n", rep.near_matches.size()}}};
    p.message = english(p.msg);
    rep.problems.push_back(std::move(p));
  }
  return rep;
}

Json link_json(const LinkReport& rep, const ResponseTable& t, bool include_pairs,
               const std::vector<LinkOverride>* overrides) {
  auto record = [&](std::size_t r) {
    return Json{{"code", t.code_text(r)},
                {"programme", programme_json(t, r)},
                {"file", t.files[t.source[r].file]},
                {"row", t.source[r].row}};
  };
  Json j = Json::object();
  j["matched"] = rep.matched();
  j["matched_by_override"] = rep.matched_by_override;
  if (include_pairs) {
    Json pairs = Json::array();
    for (const auto& p : rep.pairs) {
      Json pair{{"code", display_code(t.code[p.pre])},
                {"programme", programme_json(t, p.pre)},
                {"pre", record(p.pre)},
                {"post", record(p.post)},
                {"override", p.by_override}};
      if (p.by_override && overrides && p.override_index < overrides->size() &&
          !(*overrides)[p.override_index].note.empty()) {
        pair["note"] = (*overrides)[p.override_index].note;
      }
      pairs.push_back(std::move(pair));
    }
    j["pairs"] = std::move(pairs);
  }
  Json up = Json::array(), uq = Json::array();
  for (auto r : rep.unmatched_pre) up.push_back(record(r));
  for (auto r : rep.unmatched_post) uq.push_back(record(r));
  j["unmatched_pre"] = std::move(up);
  j["unmatched_post"] = std::move(uq);
  // A near match's records carry the evidence a researcher weighs before
  // confirming it: group, language, when it was submitted and every answer.
  auto evidence = [&](std::size_t r) {
    Json j = record(r);
    j["group"] = t.group.empty() || t.group[r] == 0 ? Json(nullptr) : Json(t.groups[t.group[r]]);
    j["lang"] = t.lang.empty() || t.lang[r] == 0 ? Json(nullptr) : Json(t.langs[t.lang[r]]);
    j["submitted"] = t.submitted.empty() || t.submitted[r].empty() ? Json(nullptr) : Json(t.submitted[r]);
    // An analysis gives its answers' memory back before its report: null then.
    if (t.n_items() > 0 && t.answers.size() == t.size() * t.n_items()) {
      Json answers = Json::object();
      for (std::size_t i = 0; i < t.n_items(); ++i) answers[t.item_ids[i]] = json_number(t.answer(r, i));
      j["answers"] = std::move(answers);
    } else {
      j["answers"] = nullptr;
    }
    return j;
  };
  Json near = Json::array();
  for (const auto& m : rep.near_matches) {
    near.push_back(Json{{"pre", t.code_text(m.pre)},
                        {"post", t.code_text(m.post)},
                        {"edit", to_string(m.kind)},
                        {"position", m.position},
                        {"same_programme", t.programme[m.pre] == t.programme[m.post]},
                        {"pre_record", evidence(m.pre)},
                        {"post_record", evidence(m.post)}});
  }
  j["near_matches"] = std::move(near);
  j["near_matches_total"] = rep.near_matches_total;
  Json probs = Json::array();
  for (const auto& p : rep.problems) probs.push_back(Json(p));
  j["problems"] = std::move(probs);
  return j;
}

}  // namespace assess::data
