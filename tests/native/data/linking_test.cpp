// Pre/post linking: exact codes, near matches, confirmed and rejected links,
// duplicates and conflicts.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/file_store.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/data/text.hpp"
#include "assess/instrument/model.hpp"
#include "data/data_support.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::data;
namespace ins = assess::instrument;
using namespace assess::test;

namespace {

// A table with only codes, waves and programmes.
struct TableBuilder {
  ResponseTable t;
  TableBuilder() {
    t.waves = {"pre", "post"};
    t.groups = {""};
    t.langs = {""};
    t.files = {"t.csv"};
    t.file_formats = {FileFormat::csv};
  }
  TableBuilder& add(const std::string& code, const std::string& wave, const std::string& programme = "p1") {
    auto c = normalise_code(code);
    EXPECT_TRUE(c.ok()) << code;
    int p = t.programme_index(programme);
    if (p < 0) {
      t.programmes.push_back(programme);
      p = static_cast<int>(t.programmes.size() - 1);
    }
    t.code.push_back(c->body);
    t.check.push_back(c->check);
    t.programme.push_back(static_cast<std::uint32_t>(p));
    t.wave.push_back(static_cast<std::uint32_t>(t.wave_index(wave)));
    t.group.push_back(0);
    t.lang.push_back(0);
    t.submitted.emplace_back();
    t.source.push_back(SourceRow{0, static_cast<std::uint32_t>(t.code.size() + 1)});
    return *this;
  }
};

std::vector<std::pair<std::string, std::string>> pair_codes(const LinkReport& r, const ResponseTable& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : r.pairs) out.emplace_back(t.code_text(p.pre), t.code_text(p.post));
  return out;
}

TEST(Linking, ExactCodesLinkAndTheCheckIsNotPartOfTheKey) {
  TableBuilder b;
  std::string ck = check_character("AI07AL");
  b.add("AI07AL-" + ck, "pre").add("BB11CC", "pre").add("ai07al", "post").add("ZZ99", "post");
  LinkReport r = link(b.t);
  ASSERT_EQ(r.matched(), 1u);
  EXPECT_EQ(r.pairs[0].pre, 0u);
  EXPECT_EQ(r.pairs[0].post, 2u);
  EXPECT_FALSE(r.pairs[0].by_override);
  EXPECT_EQ(r.unmatched_pre, (std::vector<std::size_t>{1}));
  EXPECT_EQ(r.unmatched_post, (std::vector<std::size_t>{3}));
  EXPECT_TRUE(r.near_matches.empty());
  EXPECT_TRUE(r.problems.empty());
}

TEST(Linking, NearMatchesOfEveryKindAreListedNotLinked) {
  TableBuilder b;
  b.add("AB12CD", "pre").add("AB12CE", "post");   // substitution at 6
  b.add("QQ34RR", "pre").add("QQ43RR", "post");   // transposition at 3
  b.add("XY56ZW", "pre").add("XY567ZW", "post");  // insertion before 5
  b.add("MN78OP", "pre").add("MN7OP", "post");    // deletion of 5
  b.add("ӘБ90ГД", "pre").add("ӘБ90ГЖ", "post");   // Cyrillic: one symbol, not two bytes
  b.add("FAR111", "pre").add("NEAR22", "post");   // far apart
  LinkReport r = link(b.t);
  EXPECT_EQ(r.matched(), 0u);
  EXPECT_EQ(r.unmatched_pre.size(), 6u);
  EXPECT_EQ(r.unmatched_post.size(), 6u);
  ASSERT_EQ(r.near_matches.size(), 5u);
  std::map<std::string, std::pair<EditKind, std::size_t>> got;
  for (const auto& m : r.near_matches) got[b.t.code[m.pre]] = {m.kind, m.position};
  EXPECT_EQ(got["AB12CD"], std::make_pair(EditKind::substitution, std::size_t{6}));
  EXPECT_EQ(got["QQ34RR"], std::make_pair(EditKind::transposition, std::size_t{3}));
  EXPECT_EQ(got["XY56ZW"], std::make_pair(EditKind::insertion, std::size_t{5}));
  EXPECT_EQ(got["MN78OP"], std::make_pair(EditKind::deletion, std::size_t{4}));
  EXPECT_EQ(got["ӘБ90ГД"], std::make_pair(EditKind::substitution, std::size_t{6}));
}

TEST(Linking, OverridesConfirmNearMatches) {
  TableBuilder b;
  b.add("AB12CD", "pre").add("AB12CE", "post").add("SAME1", "pre").add("SAME1", "post");
  LinkReport r = link(b.t, {{"ab12cd", "AB12CE-" + check_character("AB12CE"), ""}});
  EXPECT_TRUE(r.problems.empty()) << (r.problems.empty() ? "" : r.problems[0].message);
  ASSERT_EQ(r.matched(), 2u);
  EXPECT_EQ(r.matched_by_override, 1u);
  EXPECT_TRUE(r.pairs[0].by_override);
  EXPECT_EQ(pair_codes(r, b.t)[0], std::make_pair(std::string("AB12CD"), std::string("AB12CE")));
  EXPECT_TRUE(r.unmatched_pre.empty());
  EXPECT_TRUE(r.unmatched_post.empty());
  EXPECT_TRUE(r.near_matches.empty());
}

TEST(Linking, OverrideErrorsNameTheLink) {
  TableBuilder b;
  b.add("AB12CD", "pre").add("AB12CE", "post").add("SAME1", "pre").add("SAME1", "post");
  b.add("PP11", "pre", "p1").add("PP12", "post", "p2");
  LinkReport r = link(b.t, {
                               {"NOPE99", "AB12CE", ""},  // unknown pre code
                               {"SAME1", "AB12CE", ""},   // pre already matched exactly
                               {"AB12CD", "AB12CE", ""},  // fine
                               {"AB12CD", "AB12CE", ""},  // again: already linked by links[2]
                               {"PP11", "PP12", ""},      // two programmes
                               {"AB☺", "AB12CE", ""},     // not a code
                               {"AB12CE", "AB12CD", ""},  // sides swapped: no such pre / post
                           });
  std::map<std::string, int> codes;
  for (const auto& p : r.problems) ++codes[p.code];
  EXPECT_EQ(codes["override_unknown_code"], 3);
  // links[1].pre, links[3].pre, links[3].post, links[5].post (linked by links[2])
  EXPECT_EQ(codes["override_already_linked"], 4);
  EXPECT_EQ(codes["override_programme_mismatch"], 1);
  EXPECT_EQ(codes["override_invalid"], 1);
  EXPECT_EQ(r.matched_by_override, 1u);
  bool named = false;
  for (const auto& p : r.problems) {
    if (p.code == "override_unknown_code" && p.field == "/links/0/pre") {
      named = contains(p.message, "links[0].pre") && contains(p.message, "NOPE99");
    }
  }
  EXPECT_TRUE(named);
  // Every problem carries its message id, the values and the place (links[i]).
  for (const auto& p : r.problems) {
    ASSERT_FALSE(p.msg.empty()) << p.message;
    EXPECT_EQ(param_text(p, "file"), "links");
    EXPECT_EQ(param_number(p, "row"), static_cast<double>(p.row));
    EXPECT_EQ(p.message.substr(p.message.find(": ") + 2), assess::english(p.msg)) << p.msg.id;
    if (p.code == "override_unknown_code" && p.field == "/links/0/pre") {
      EXPECT_EQ(p.msg.id, "link.override_unknown_code");
      EXPECT_EQ(param_text(p, "code"), "NOPE99");
      EXPECT_EQ(param_text(p, "wave"), "pre");
    }
    if (p.code == "override_programme_mismatch") {
      EXPECT_EQ(p.msg.id, "link.override_programme_mismatch");
      EXPECT_EQ(param_text(p, "pre_programme"), "p1");
      EXPECT_EQ(param_text(p, "post_programme"), "p2");
    }
    if (p.code == "override_invalid") {
      EXPECT_EQ(p.msg.id.rfind("code.", 0), 0u) << p.msg.id;  // codes.cpp's own id
    }
  }
}

TEST(Linking, SameCodeInTwoProgrammesIsAConflict) {
  TableBuilder b;
  b.add("CODE1", "pre", "p1").add("CODE1", "post", "p2");
  LinkReport r = link(b.t);
  EXPECT_EQ(r.matched(), 0u);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].code, "programme_conflict");
  EXPECT_TRUE(contains(r.problems[0].message, "p1") && contains(r.problems[0].message, "p2"));
  EXPECT_EQ(r.problems[0].msg.id, "link.programme_conflict");
  EXPECT_EQ(param_text(r.problems[0], "pre_programme"), "p1");
  EXPECT_EQ(r.problems[0].message, assess::english(r.problems[0].msg));
  EXPECT_EQ(r.unmatched_pre.size(), 1u);
  EXPECT_EQ(r.unmatched_post.size(), 1u);
}

// The deletion-neighbourhood index finds exactly the pairs a brute-force
// comparison finds, on short codes over few symbols (many near matches).
TEST(Linking, KazakhAndRussianSpellingsAreOfferedNeverLinked) {
  // Mother Әсел/Асель, day 12, birthplace Ақтөбе/Актобе: two symbols apart.
  const std::string kk = make_code({"Әс", "12", "Ақ"}).value().text();
  const std::string ru = make_code({"Ас", "12", "Ак"}).value().text();
  // Өскемен / Оскемен and Ұлан / Улан: one symbol apart (a substitution,
  // listed once, not again as a spelling variant).
  const std::string one_kk = make_code({"Өс", "03", "Ұл"}).value().text();
  const std::string one_ru = make_code({"Ос", "03", "Ұл"}).value().text();
  TableBuilder b;
  b.add(kk, "pre").add(ru, "post");
  b.add(one_kk, "pre").add(one_ru, "post");
  b.add("ЙИ0001", "pre").add("II0001", "post");  // Й, И and Latin-looking І all fold to I
  b.add("ЖШ0002", "pre").add("ЗЩ0002", "post");  // other letters stay apart
  LinkReport r = link(b.t);
  EXPECT_EQ(r.matched(), 0u);  // never linked on a skeleton
  std::map<std::string, std::pair<EditKind, std::size_t>> got;
  for (const auto& m : r.near_matches) got[b.t.code[m.pre]] = {m.kind, m.position};
  ASSERT_EQ(r.near_matches.size(), 3u);
  EXPECT_EQ(r.near_matches_total, 3u);
  EXPECT_EQ(got[b.t.code[0]], std::make_pair(EditKind::spelling, std::size_t{1}));
  EXPECT_EQ(got[b.t.code[2]], std::make_pair(EditKind::substitution, std::size_t{1}));
  EXPECT_EQ(got["ЙИ0001"], std::make_pair(EditKind::spelling, std::size_t{1}));
  EXPECT_EQ(std::string(to_string(EditKind::spelling)), "spelling");
  // Ordered by pre record, then post.
  for (std::size_t i = 1; i < r.near_matches.size(); ++i) EXPECT_LT(r.near_matches[i - 1].pre, r.near_matches[i].pre);
}

TEST(Linking, NearMatchIndexAgreesWithBruteForce) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> sym(0, 3), len(3, 5);
  std::set<std::string> pre_codes, post_codes;
  while (pre_codes.size() < 150) {
    std::string s;
    for (int i = len(rng); i > 0; --i) s += "ABCD"[sym(rng)];
    pre_codes.insert(s);
  }
  while (post_codes.size() < 150) {
    std::string s;
    for (int i = len(rng); i > 0; --i) s += "ABCD"[sym(rng)];
    if (!pre_codes.count(s)) post_codes.insert(s);
  }
  TableBuilder b;
  for (const auto& s : pre_codes) b.add(s, "pre");
  for (const auto& s : post_codes) b.add(s, "post");
  LinkReport r = link(b.t);
  std::set<std::pair<std::string, std::string>> fast, slow;
  for (const auto& m : r.near_matches) fast.emplace(b.t.code[m.pre], b.t.code[m.post]);
  auto osa = [](const std::string& a, const std::string& c) {
    std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(c.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= c.size(); ++j) d[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= c.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != c[j - 1])});
        if (i > 1 && j > 1 && a[i - 1] == c[j - 2] && a[i - 2] == c[j - 1])
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.size()][c.size()];
  };
  for (const auto& a : pre_codes) {
    for (const auto& c : post_codes) {
      if (osa(a, c) == 1) slow.emplace(a, c);
    }
  }
  EXPECT_GT(slow.size(), 100u);
  EXPECT_EQ(fast, slow);
  EXPECT_EQ(r.near_matches_total, slow.size());
}

TEST(Linking, AHundredThousandCodesQuickly) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> sym(0, 60);
  TableBuilder b;
  const int n = 100000;
  std::vector<std::string> bodies;
  std::set<std::string> seen;
  while (static_cast<int>(bodies.size()) < n) {
    std::vector<int> v(8);
    for (int& s : v) s = sym(rng);
    std::string s = join(v);
    if (seen.insert(s).second) bodies.push_back(s);
  }
  for (int i = 0; i < n; ++i) b.add(bodies[i], "pre");
  // 90% come back unchanged, 5% mistyped (one substitution), 5% new.
  for (int i = 0; i < n; ++i) {
    std::vector<int> v;
    std::string s = bodies[i];
    if (i % 20 == 1) {
      std::string sym_s;
      code_symbols(s, sym_s);
      sym_s[3] = static_cast<char>((sym_s[3] + 1) % 61);
      std::vector<int> w(sym_s.begin(), sym_s.end());
      s = join(w);
    } else if (i % 20 == 2) {
      s = "NEW" + std::to_string(i);
    }
    b.add(s, "post");
  }
  auto t0 = std::chrono::steady_clock::now();
  LinkReport r = link(b.t);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.matched(), static_cast<std::size_t>(n - n / 10));
  EXPECT_EQ(r.unmatched_pre.size(), static_cast<std::size_t>(n / 10));
  EXPECT_GE(r.near_matches.size(), static_cast<std::size_t>(n / 20));
  EXPECT_LT(seconds, 10.0);
  std::printf("[ linking ] %d pre + %d post codes in %.3f s\n", n, n, seconds);
}

}  // namespace
