// The native side of "the same work": hands file bytes to the engine's file
// store (as the wasm door's putFile does) and times api::call on the same
// request text the Node and browser runs use. Built by scripts/bench against
// build/native/libassess_engine.a (not part of the CMake build; the command
// is in scripts/bench).
//   native_call --runs N [--budget-ms B] [--kernel | --channel] --request REQ.json [--file NAME=PATH]... [--out
//   RESPONSE.json]
// (--budget-ms: no further run once the runs so far took B ms; at least one;
// --kernel: the request goes to the kernels' channel server, wire::serve,
// the measurement engine's callKernel natively, instead of api::call;
// --channel: REQ.json is the kernels' channel request of a cfa, and each run
// fits it twice, by reliability::cfa directly and through the channel's
// client with wire::serve as its transport (encode, serve, decode: what the
// analysis engine's bridge adds, less the crossing to JavaScript); prints
// the thread CPU milliseconds of both, "ms" the channel's, "direct_ms" the
// kernel's (CPU time: on a shared machine wall time mostly measures the
// other work))
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

#include <nlohmann/json.hpp>

#include "api/kernel_wire.hpp"
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

// --channel: the direct fit and the fit through the channel, thread CPU ms.
int run_channel(const std::string& request, int runs, double budget_ms) {
  const auto q = nlohmann::json::parse(request);
  std::vector<std::vector<double>> items;
  for (const auto& row : q.at("items")) items.push_back(row.get<std::vector<double>>());
  const auto factors = q.at("factors").get<std::vector<std::vector<std::size_t>>>();
  assess::reliability::CfaOptions options;
  // The channel's options: [max_iterations, gradient_tolerance, step_tolerance].
  options.max_iterations = q.at("options").at(0).get<int>();
  options.gradient_tolerance = q.at("options").at(1).get<double>();
  options.step_tolerance = q.at("options").at(2).get<double>();
  std::vector<double> direct_ms, channel_ms;
  bool same = true;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return 1e3 * double(ts.tv_sec) + 1e-6 * double(ts.tv_nsec);
  };
  for (int r = 0; r < runs; ++r) {
    const double t0 = cpu_now();
    const auto a = assess::reliability::cfa(items, factors, options);
    const double t1 = cpu_now();
    const auto b = assess::api::wire::cfa(&assess::api::wire::serve, items, factors, options);
    const double t2 = cpu_now();
    direct_ms.push_back(t1 - t0);
    channel_ms.push_back(t2 - t1);
    same = same && a.ok() && b.ok() && a.value().iterations == b.value().iterations &&
           a.value().std_loadings == b.value().std_loadings && a.value().chisq == b.value().chisq;
    double spent = 0;
    for (double x : channel_ms) spent += x;
    if (spent >= budget_ms) break;
  }
  auto list = [](const std::vector<double>& v) {
    std::string o;
    char buf[32];
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::snprintf(buf, sizeof buf, "%s%.4f", i ? "," : "", v[i]);
      o += buf;
    }
    return o;
  };
  std::printf("{\"ok\":%s,\"ms\":[%s],\"direct_ms\":[%s]}\n", same ? "true" : "false", list(channel_ms).c_str(),
              list(direct_ms).c_str());
  return same ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 1;
  bool kernel = false;
  bool channel = false;
  double budget_ms = 1e300;
  std::string request_path, out_path;
  std::vector<std::pair<std::string, std::string>> files;  // name, bytes
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--budget-ms" && i + 1 < argc) {
      budget_ms = std::atof(argv[++i]);
    } else if (a == "--kernel") {
      kernel = true;
    } else if (a == "--channel") {
      channel = true;
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
                   "usage: native_call --runs N [--budget-ms B] [--kernel | --channel] --request REQ.json [--file "
                   "NAME=PATH]... [--out "
                   "RESPONSE.json]\n");
      return 64;
    }
  }
  if (request_path.empty() || runs < 1) return 64;
  const std::string request = read_all(request_path);
  const long rss_before = max_rss_kb();
  if (channel) {
    try {
      return run_channel(request, runs, budget_ms);
    } catch (...) {
      std::fprintf(stderr, "native_call: --channel needs a kernels' channel request of a cfa\n");
      return 2;
    }
  }

  std::vector<double> ms;
  std::string response;
  const std::clock_t cpu0 = std::clock();
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& f : files) assess::data::store_file(f.first, f.second);
    response = kernel ? assess::api::wire::serve(request) : assess::api::call(request);
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
  const bool ok = kernel ? response.compare(0, 9, "{\"value\":") == 0 : response.compare(0, 10, "{\"ok\":true") == 0;
  std::printf("{\"ok\":%s,\"ms\":[", ok ? "true" : "false");
  for (std::size_t i = 0; i < ms.size(); ++i) std::printf("%s%.4f", i ? "," : "", ms[i]);
  std::printf("],\"cpu_ms\":%.3f,\"rss_before_kb\":%ld,\"max_rss_kb\":%ld,\"response_bytes\":%zu}\n", cpu_ms,
              rss_before, max_rss_kb(), response.size());
  return ok ? 0 : 2;
}
