// assess: the native command line. Reads files, hands JSON to api::call,
// prints the answer. No statistics here.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;  // bad command line (sysexits EX_USAGE)
constexpr int kExitFailed = 2;  // the engine answered with an error envelope

const char* kUsage =
    "assess - assessment and statistics engine (version %s)\n"
    "\n"
    "usage:\n"
    "  assess stat [FILE|-]     answer one JSON request (or an array of them) from FILE\n"
    "                           or standard input; print the JSON response\n"
    "  assess ops               list the operations\n"
    "  assess --version         print the version\n"
    "  assess --help            this text\n"
    "\n"
    "exit status: 0 when every response is ok, 2 when any is an error envelope,\n"
    "64 for a bad command line. See README.md for the operations and examples.\n";

bool read_all(const std::string& path, std::string& out, std::string& err) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

int cmd_stat(int argc, char** argv) {
  std::string path = argc > 2 ? argv[2] : "-";
  if (argc > 3) {
    std::fprintf(stderr, "assess stat: expected at most one FILE, got %d arguments\n", argc - 2);
    return kExitUsage;
  }
  std::string text, err;
  if (!read_all(path, text, err)) {
    std::fprintf(stderr, "assess stat: %s\n", err.c_str());
    return kExitUsage;
  }
  std::string answer = assess::api::call(text);
  std::fwrite(answer.data(), 1, answer.size(), stdout);
  std::fputc('\n', stdout);
  bool ok = assess::api::all_ok(assess::Json::parse(answer, nullptr, false));
  return ok ? kExitOk : kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::printf(kUsage, assess::api::version());
    return argc < 2 ? kExitUsage : kExitOk;
  }
  std::string cmd = argv[1];
  if (cmd == "--version" || cmd == "version") {
    std::printf("assess %s\n", assess::api::version());
    return kExitOk;
  }
  if (cmd == "stat") return cmd_stat(argc, argv);
  if (cmd == "ops") {
    std::size_t n = 0;
    const char* const* names = assess::api::op_names(&n);
    for (std::size_t i = 0; i < n; ++i) std::printf("%s\n", names[i]);
    return kExitOk;
  }
  std::fprintf(stderr, "assess: unknown command '%s'\n\n", cmd.c_str());
  std::fprintf(stderr, kUsage, assess::api::version());
  return kExitUsage;
}
