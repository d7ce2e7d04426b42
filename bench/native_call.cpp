// The native side of "the same work": hands file bytes to the engine's file
// store (as the wasm door's putFile does) and times api::call on the same
// request text the Node and browser runs use. Built by scripts/bench against
// build/native/libassess_engine.a (not part of the CMake build; the command
// is in scripts/bench).
//   native_call --runs N [--budget-ms B] --request REQ.json [--file NAME=PATH]... [--out RESPONSE.json]
// (--budget-ms: no further run once the runs so far took B ms; at least one)
// Prints one JSON line: wall milliseconds of each run (store + call), the
// process CPU time, max RSS before the first run (files read) and at the end.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "assess/api/api.hpp"
#include "assess/data/file_store.hpp"

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "native_call: cannot read %s\n", path.c_str());
    std::exit(64);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

long max_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 1;
  double budget_ms = 1e300;
  std::string request_path, out_path;
  std::vector<std::pair<std::string, std::string>> files;  // name, bytes
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--budget-ms" && i + 1 < argc) {
      budget_ms = std::atof(argv[++i]);
    } else if (a == "--request" && i + 1 < argc) {
      request_path = argv[++i];
    } else if (a == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (a == "--file" && i + 1 < argc) {
      std::string spec = argv[++i];
      auto eq = spec.find('=');
      if (eq == std::string::npos) return 64;
      files.emplace_back(spec.substr(0, eq), read_all(spec.substr(eq + 1)));
    } else {
      std::fprintf(stderr,
                   "usage: native_call --runs N [--budget-ms B] --request REQ.json [--file NAME=PATH]... [--out "
                   "RESPONSE.json]\n");
      return 64;
    }
  }
  if (request_path.empty() || runs < 1) return 64;
  const std::string request = read_all(request_path);
  const long rss_before = max_rss_kb();

  std::vector<double> ms;
  std::string response;
  const std::clock_t cpu0 = std::clock();
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& f : files) assess::data::store_file(f.first, f.second);
    response = assess::api::call(request);
    auto t1 = std::chrono::steady_clock::now();
    assess::data::clear_files();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    double spent = 0;
    for (double x : ms) spent += x;
    if (spent >= budget_ms) break;
  }
  const double cpu_ms = 1000.0 * double(std::clock() - cpu0) / CLOCKS_PER_SEC;
  if (!out_path.empty()) {
    std::ofstream out(out_path, std::ios::binary);
    out << response;
  }
  const bool ok = response.compare(0, 10, "{\"ok\":true") == 0;
  std::printf("{\"ok\":%s,\"ms\":[", ok ? "true" : "false");
  for (std::size_t i = 0; i < ms.size(); ++i) std::printf("%s%.4f", i ? "," : "", ms[i]);
  std::printf("],\"cpu_ms\":%.3f,\"rss_before_kb\":%ld,\"max_rss_kb\":%ld,\"response_bytes\":%zu}\n", cpu_ms,
              rss_before, max_rss_kb(), response.size());
  return ok ? 0 : 2;
}
