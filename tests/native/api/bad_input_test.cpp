// The bad-input corpus (tests/bad_inputs/manifest.json, made by
// make_bad_inputs.py): every malformed file is fed to the engine the way its
// case says and must get exactly the expected error code or import problems;
// the engine must stay usable after each; and the CLI must exit with status
// 2 (never crash) on the same bytes. The same manifest runs through the wasm
// module in tests/wasm/bad_inputs.test.mjs.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/data/file_store.hpp"

using assess::Json;

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string source(const std::string& rel) { return std::string(ASSESS_SOURCE_DIR) + "/" + rel; }

const Json& manifest() {
  static const Json m = Json::parse(read_bytes(source("tests/bad_inputs/manifest.json")));
  return m;
}

struct Case {
  std::string id;  // feed/name, for messages
  Json spec;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.id; }

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto& c : manifest()["cases"])
    out.push_back({c["feed"].get<std::string>() + "/" + c["name"].get<std::string>(), c});
  return out;
}

std::string bytes_of(const Json& c) {
  if (c.contains("file")) return read_bytes(source("tests/bad_inputs/" + c["file"].get<std::string>()));
  const Json& g = c["generate"];
  std::string s = g["prefix"].get<std::string>();
  const std::string unit = g["unit"].get<std::string>();
  const std::size_t count = g["count"].get<std::size_t>();
  s.reserve(s.size() + unit.size() * count + 64);
  for (std::size_t i = 0; i < count; ++i) s += unit;
  s += g["suffix"].get<std::string>();
  return s;
}

// The instrument of an import_responses case: its own (the item types), else the manifest's.
std::string instrument_of(const Json& c) {
  return c.contains("instrument") ? c["instrument"].get<std::string>() : manifest()["instrument"].get<std::string>();
}

bool is_import(const std::string& feed) { return feed == "import_responses" || feed == "import_ratings"; }

// The request a case makes (the file itself is stored beforehand for imports).
std::string request_for(const Json& c, const std::string& bytes) {
  const std::string feed = c["feed"];
  if (feed == "stat") return bytes;
  if (feed == "validate_instrument") return R"({"op":"validate_instrument","instrument":)" + bytes + "}";
  Json req = Json::object();
  req["op"] = feed;
  if (feed == "import_responses") {
    req["instrument"] = Json::parse(read_bytes(source(instrument_of(c))));
  } else {
    req["rubric"] = Json::parse(read_bytes(source(manifest()["rubric"])));
  }
  req["files"] = Json::array({Json{{"name", c["name"]}}});
  req["include_records"] = false;
  return req.dump();
}

bool contains(const Json& text, const std::string& fragment) {
  return text.is_string() && text.get<std::string>().find(fragment) != std::string::npos;
}

// Empty when the response meets the expectation, else what differs.
std::string mismatch(const Json& c, const Json& r) {
  const Json& e = c["expect"];
  if (e.contains("error")) {
    if (!r.is_object() || r.value("ok", true)) return "expected error " + e["error"].get<std::string>();
    if (r["error"]["code"] != e["error"]) return "expected code " + e["error"].get<std::string>();
    if (e.contains("message") && !contains(r["error"]["message"], e["message"]))
      return "message lacks \"" + e["message"].get<std::string>() + "\"";
    if (e.contains("path") && r["error"].value("path", "") != e["path"])
      return "expected path " + e["path"].get<std::string>();
    return {};
  }
  if (e.contains("array")) {
    if (!r.is_array() || r.size() != e["array"].size())
      return "expected an array of " + std::to_string(e["array"].size());
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string want = e["array"][i];
      const std::string got = r[i].value("ok", false) ? "ok" : r[i]["error"]["code"].get<std::string>();
      if (want != got) return "element " + std::to_string(i) + ": expected " + want + ", got " + got;
    }
    return {};
  }
  if (!r.is_object() || r.value("ok", false) != true) return "expected ok";
  const Json& res = r["result"];
  if (e.contains("warnings")) {
    const Json& w = res["warnings"];
    if (w.size() != e["warnings"].size()) return "expected " + std::to_string(e["warnings"].size()) + " warnings";
    for (const auto& f : e["warnings"]) {
      if (std::none_of(w.begin(), w.end(), [&](const Json& x) { return contains(x, f.get<std::string>()); }))
        return "no warning with \"" + f.get<std::string>() + "\"";
    }
  }
  if (e.contains("problems")) {
    std::set<std::string> want, got;
    for (const auto& p : e["problems"]) want.insert(p.get<std::string>());
    for (const auto& p : res["problems"]) {
      got.insert(p["code"].get<std::string>());
      if (!contains(p["file"], c["name"].get<std::string>())) return "a problem does not name the file";
    }
    if (want != got) return "problem kinds differ";
    if (e.contains("message") && (res["problems"].empty() || !contains(res["problems"][0]["message"], e["message"])))
      return "first problem lacks \"" + e["message"].get<std::string>() + "\"";
    if (e.contains("records") && res["counts"]["records"] != e["records"])
      return "expected records " + e["records"].dump();
  }
  return {};
}

class BadInput : public testing::TestWithParam<Case> {};

TEST_P(BadInput, EngineAnswersAsExpectedAndStaysUsable) {
  const Json& c = GetParam().spec;
  const std::string feed = c["feed"];
  const std::string bytes = bytes_of(c);
  if (is_import(feed)) assess::data::store_file(c["name"], bytes);
  const std::string answer = assess::api::call(request_for(c, bytes));
  if (is_import(feed)) assess::data::drop_file(c["name"]);
  Json r = Json::parse(answer, nullptr, false);
  ASSERT_FALSE(r.is_discarded()) << "the response is not JSON";
  EXPECT_EQ(mismatch(c, r), "") << GetParam().id << " (" << c["why"] << "): " << answer.substr(0, 800);
  EXPECT_LT(answer.size(), bytes.size() + 20000) << "the answer echoes the input";
  // still usable: an ordinary request and an ordinary import
  Json ok = Json::parse(assess::api::call(R"({"op":"describe","x":[1,2,3]})"));
  EXPECT_EQ(ok["result"]["mean"], 2.0);
  EXPECT_TRUE(assess::data::stored_file_names().empty());
}

struct CliRun {
  int status = -1;
  bool signalled = false;
  std::string out;
};

CliRun run_cli(const std::string& args) {
  std::string cmd = std::string(ASSESS_CLI) + " " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  CliRun r;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.signalled = WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) >= 128);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool expects_failure(const Json& e) {
  if (e.contains("error")) return true;
  if (e.contains("array")) {
    return std::any_of(e["array"].begin(), e["array"].end(), [](const Json& x) { return x != "ok"; });
  }
  if (e.contains("problems")) {
    // header_only is only a warning
    return std::any_of(e["problems"].begin(), e["problems"].end(), [](const Json& x) { return x != "header_only"; });
  }
  return false;
}

TEST_P(BadInput, CliExitsTwoOnErrorsAndNeverCrashes) {
  const Json& c = GetParam().spec;
  const std::string feed = c["feed"];
  const std::string bytes = bytes_of(c);
  // unique per process: ctest runs tests in parallel and worktrees share /tmp
  const std::string dir = testing::TempDir() + "assess_bad_" + std::to_string(getpid()) + "/";
  std::string ext = c["name"].get<std::string>();
  std::system(("mkdir -p " + dir).c_str());
  const std::string file = dir + ext;
  CliRun run;
  if (feed == "stat" || feed == "validate_instrument") {
    std::ofstream(file, std::ios::binary) << request_for(c, bytes);
    run = run_cli("stat " + file);
  } else {
    std::ofstream(file, std::ios::binary) << bytes;
    run = feed == "import_responses"
              ? run_cli("analyze --strict --instrument " + source(instrument_of(c)) + " --responses " + file)
              : run_cli("agreement --strict --rubric " + source(manifest()["rubric"]) + " --ratings " + file);
  }
  std::remove(file.c_str());
  ASSERT_FALSE(run.signalled) << GetParam().id << ": the CLI crashed (status " << run.status << ")";
  Json out = Json::parse(run.out, nullptr, false);
  EXPECT_FALSE(out.is_discarded()) << GetParam().id << ": stdout is not JSON: " << run.out.substr(0, 300);
  if (expects_failure(c["expect"])) {
    EXPECT_EQ(run.status, 2) << GetParam().id << ": " << run.out.substr(0, 300);
  } else if (!is_import(feed)) {
    EXPECT_EQ(run.status, 0) << GetParam().id << ": " << run.out.substr(0, 300);
  } else {
    // an acceptable file may still be too little for an analysis (no pairs)
    EXPECT_TRUE(run.status == 0 || run.status == 2) << GetParam().id;
  }
}

std::string case_name(const testing::TestParamInfo<Case>& info) {
  std::string s;
  for (char ch : info.param.id) s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, testing::ValuesIn(all_cases()), case_name);

TEST(BadInputCorpus, IsLargeAndCoversEveryFeed) {
  std::set<std::string> feeds;
  std::size_t files = 0;
  for (const auto& c : manifest()["cases"]) {
    feeds.insert(c["feed"].get<std::string>());
    files += c.contains("file");
  }
  EXPECT_GE(manifest()["cases"].size(), 60u);
  EXPECT_EQ(feeds, (std::set<std::string>{"stat", "validate_instrument", "import_responses", "import_ratings"}));
  EXPECT_GE(files, 60u);
}

}  // namespace
