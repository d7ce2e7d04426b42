// Runs the built CLI (ASSESS_CLI) from the repository root, as a researcher
// would in a shell: its exit status and its standard output (and error).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace assess::test {

struct CliRun {
  int status;
  std::string out;
};

inline CliRun run_cli(const std::string& args, bool with_stderr = false) {
  std::string cmd = "cd " + std::string(ASSESS_SOURCE_DIR) + " && " + ASSESS_CLI + " " + args +
                    (with_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace assess::test
