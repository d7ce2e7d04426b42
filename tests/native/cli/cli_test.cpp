// The native CLI as a user runs it: exit codes, stdin and files.
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

struct CliRun {
  int status;
  std::string out;
};

CliRun run(const std::string& args, const std::string& stdin_text = "") {
  // unique per process and call: ctest runs tests in parallel, worktrees share /tmp
  static int calls = 0;
  std::string input =
      testing::TempDir() + "assess_cli_stdin_" + std::to_string(getpid()) + "_" + std::to_string(++calls) + ".txt";
  std::ofstream(input, std::ios::binary) << stdin_text;
  std::string cmd = std::string(ASSESS_CLI) + " " + args + " < " + input + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  std::remove(input.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Cli, StatFromStdinExitsZeroOnSuccess) {
  CliRun r = run("stat", R"({"op":"describe","x":[1,2,3]})");
  EXPECT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["result"]["mean"], 2.0);
}

TEST(Cli, StatFromFileAndDash) {
  std::string f = testing::TempDir() + "assess_cli_req_" + std::to_string(getpid()) + ".json";
  std::ofstream(f) << R"({"op":"describe","x":[4]})";
  EXPECT_EQ(run("stat " + f).status, 0);
  EXPECT_EQ(run("stat -", R"({"op":"describe","x":[4]})").status, 0);
}

TEST(Cli, ErrorEnvelopeExitsTwo) {
  CliRun r = run("stat", R"({"op":"nope"})");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["error"]["code"], "unknown_op");
  EXPECT_EQ(run("stat", "not json").status, 2);
  EXPECT_EQ(run("stat", R"([{"op":"describe","x":[1]},{"op":"nope"}])").status, 2);
}

TEST(Cli, UsageErrors) {
  EXPECT_EQ(run("stat /no/such/file.json").status, 64);
  EXPECT_EQ(run("frobnicate").status, 64);
  EXPECT_EQ(run("--help").status, 0);
  EXPECT_NE(run("--version").out.find("assess "), std::string::npos);
}

}  // namespace
