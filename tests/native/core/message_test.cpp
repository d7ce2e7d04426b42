// The message catalogue (core/message.hpp): rendering of templates, and a
// scan of the engine's sources that lists every message id constructed
// (Message{"id", {params...}}) and fails when an id lacks a catalogue entry,
// names parameters its template does not use (or gives another number of
// them), or when a catalogue entry is never constructed.
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"
#include "assess/core/message.hpp"
#include "support/json_compare.hpp"

namespace fs = std::filesystem;
using assess::Message;
using assess::MsgParam;

namespace {

// One construction found in a source file.
struct Use {
  std::string where;  // file:line
  std::string id;
  std::vector<std::string> names;  // literal parameter names ("" for a parameter built by a function)
};

std::size_t line_at(const std::string& text, std::size_t at) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// The text from the '{' at `open` to its matching '}', skipping string and
// character literals.
std::string balanced(const std::string& s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"' || c == '\'') {
      for (++i; i < s.size() && s[i] != c; ++i) {
        if (s[i] == '\\') ++i;
      }
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth == 0) return s.substr(open, i - open + 1);
  }
  return {};
}

// Top-level elements of a braced list "{a, {b, c}, f(d, e)}".
std::vector<std::string> elements(const std::string& list) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  for (std::size_t i = 1; i + 1 < list.size(); ++i) {
    char c = list[i];
    if (c == '"' || c == '\'') {
      std::size_t j = i;
      for (++j; j < list.size() && list[j] != c; ++j) {
        if (list[j] == '\\') ++j;
      }
      cur += list.substr(i, j - i + 1);
      i = j;
      continue;
    }
    if (c == '{' || c == '(') ++depth;
    if (c == '}' || c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (cur.find_first_not_of(" \n\t") != std::string::npos) out.push_back(cur);
  return out;
}

std::vector<Use> scan_sources() {
  std::vector<Use> uses;
  // clang-format may break the line between "Message{" and the id.
  const std::regex start(R"re(Message\{\s*"([a-z0-9_.]+)")re");
  const std::regex literal_name(R"re(^\s*(?:\{\s*"([a-z0-9_]+)"\s*,|MsgParam::coded\(\s*"([a-z0-9_]+)"))re");
  for (const char* dir : {"engine", "wasm"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(ASSESS_SOURCE_DIR) / dir)) {
      const auto ext = e.path().extension();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const std::string text = assess::test::read_file(e.path().string());
      for (auto it = std::sregex_iterator(text.begin(), text.end(), start); it != std::sregex_iterator(); ++it) {
        const auto at = static_cast<std::size_t>(it->position(0));
        Use u;
        u.where = fs::relative(e.path(), ASSESS_SOURCE_DIR).string() + ":" + std::to_string(line_at(text, at));
        u.id = (*it)[1];
        const std::string all = balanced(text, at + std::string("Message").size());
        // {"id"} or {"id", {params}}
        const std::size_t id_end = all.find('"', all.find('"') + 1);
        const std::size_t params_open = all.find('{', id_end);
        if (params_open != std::string::npos) {
          for (const auto& el : elements(balanced(all, params_open))) {
            std::smatch m;
            u.names.push_back(std::regex_search(el, m, literal_name) ? (m[1].matched ? m[1] : m[2]).str()
                                                                     : std::string());
          }
        }
        uses.push_back(u);
      }
    }
  }
  return uses;
}

// Ids written into a raw JSON answer (the envelopes built without
// allocation when memory runs out).
std::set<std::string> raw_json_ids() {
  std::set<std::string> out;
  const std::regex id(R"re("msg":\{"id":"([a-z0-9_.]+)")re");
  for (const auto& e : fs::recursive_directory_iterator(fs::path(ASSESS_SOURCE_DIR) / "engine")) {
    if (e.path().extension() != ".cpp") continue;
    const std::string text = assess::test::read_file(e.path().string());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), id); it != std::sregex_iterator(); ++it) {
      out.insert((*it)[1]);
    }
  }
  return out;
}

TEST(Messages, RenderParametersPluralsAndBraces) {
  // The catalogue's own entries serve as examples.
  EXPECT_EQ(assess::english(Message{"args.ragged", {{"arg", "table"}, {"first", 2}, {"row", 3}, {"n", 1}}}),
            "table is ragged: row 0 has 2 values but row 3 has 1");
  EXPECT_EQ(assess::english(Message{
                "args.outside_interval",
                {{"arg", "conf_level"}, {"value", 1.5}, {"lo", 0.0}, {"hi", 1.0}, {"lo_open", 1}, {"hi_open", 0}}}),
            "conf_level is 1.5, but it must lie in (0, 1]");
  EXPECT_EQ(
      assess::english(Message{"args.not_number", {{"arg", "x[0]"}, MsgParam::coded("type", "string", "a string")}}),
      "x[0] is a string, but a number is required");
  // A number shown as given, a coded word sent as its code.
  assess::Json j =
      assess::msg_json(Message{"args.not_number", {{"arg", "x[0]"}, MsgParam::coded("type", "null", "null")}});
  EXPECT_EQ(j.dump(), R"({"id":"args.not_number","params":{"arg":"x[0]","type":"null"}})");
  assess::Json n = assess::msg_json(Message{"args.magnitude", {{"arg", "x[1]"}, {"value", 2e300}, {"max", 1e300}}});
  EXPECT_EQ(n["params"]["value"], 2e300);
  // Missing pieces are visible, never a crash.
  EXPECT_EQ(assess::english(Message{"args.not_finite"}), "{arg?} is not a finite number");
  EXPECT_NE(assess::english(Message{"no.such.id"}).find("missing from the engine's catalogue"), std::string::npos);
}

TEST(Messages, TemplateParams) {
  EXPECT_EQ(assess::template_params("{a} and {n|one|other} {a} {{literal}}"), (std::vector<std::string>{"a", "n"}));
}

TEST(Messages, CatalogueIdsAreUniqueAndWellFormed) {
  std::size_t n = 0;
  const auto* cat = assess::message_catalogue(&n);
  ASSERT_GT(n, 40u);
  const std::regex id(R"re(^[a-z0-9_]+(\.[a-z0-9_]+)+$)re");
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_TRUE(std::regex_match(cat[i].id, id)) << cat[i].id;
    if (i > 0) {
      EXPECT_LT(std::string(cat[i - 1].id), std::string(cat[i].id)) << "duplicate or unsorted id";
    }
    // english() marks a missing parameter "{name?}": a template never holds that mark ("did you mean X?" is fine).
    EXPECT_EQ(std::string(cat[i].english).find("?}"), std::string::npos) << cat[i].id << ": no \"?}\" in templates";
  }
}

TEST(Messages, EverySourceIdIsInTheCatalogueWithItsParameters) {
  const auto uses = scan_sources();
  ASSERT_GT(uses.size(), 40u);
  for (const auto& u : uses) {
    const char* tmpl = assess::message_template(u.id);
    if (tmpl == nullptr) {
      ADD_FAILURE() << u.where << ": message id " << u.id << " has no catalogue entry (core/messages/*.inc)";
      continue;
    }
    const auto wanted = assess::template_params(tmpl);
    EXPECT_EQ(u.names.size(), wanted.size()) << u.where << ": " << u.id << " is built with " << u.names.size()
                                             << " parameters, its template uses " << wanted.size() << ": " << tmpl;
    for (const auto& name : u.names) {
      if (name.empty()) continue;  // built by a function: counted above
      EXPECT_NE(std::find(wanted.begin(), wanted.end(), name), wanted.end())
          << u.where << ": " << u.id << " gives the parameter " << name
          << ", which its template does not use: " << tmpl;
    }
  }
}

TEST(Messages, EveryCatalogueEntryIsUsed) {
  std::set<std::string> used = raw_json_ids();
  for (const auto& u : scan_sources()) used.insert(u.id);
  std::size_t n = 0;
  const auto* cat = assess::message_catalogue(&n);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_TRUE(used.count(cat[i].id)) << cat[i].id << " is in the catalogue but no source constructs it";
  }
}

}  // namespace
