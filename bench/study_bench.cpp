// analyze_study on the second demo (fixtures/demo2: 100 students in two
// groups, four instruments, employers, the experts' ratings) against the
// same analysis without the comparison of groups (issue 15: "analyze_study
// on the demo, within 2x of the same analysis without groups"). Without
// groups: the same files and study, with the control group renamed
// (`comparison`, no roles in the study), so that no group is the reference:
// every student is imported, linked, scored and described by group as
// before, and no part compares the groups (no Welch tests of background,
// gains, surveys and employers, no ANCOVA, mixed ANOVA or attrition, no
// chi-square/Fisher of the outcomes). The whole op is timed, import
// included, through the API's door (api::call_json) with format "json".
// Each variant runs RUNS times, alternating, and the median CPU time is
// reported. Then the op bundle of the same study (as files and as a ZIP)
// against analyze_study alone. Not part of the build; compile against the native library
// after scripts/build:
//   g++ -O2 -std=c++17 -Iengine/include -Ibuild/native/third_party \
//       bench/study_bench.cpp build/native/libassess_engine.a -o build/study_bench
//   build/study_bench [RUNS]   (default 15; run from the repository root)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"

using assess::Json;
namespace fs = std::filesystem;

namespace {

// CPU time of this process: the machine is shared, wall time is noisy.
double cpu_now() { return double(std::clock()) / CLOCKS_PER_SEC; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> files_in(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0) out.push_back(dir + "/" + n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every occurrence of `from` in s replaced by `to`.
std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

Json request(bool groups) {
  Json req = Json::object();
  req["op"] = "analyze_study";
  Json study = Json::parse(slurp("rubrics/study.stackable.v1.json"));
  if (!groups) {
    for (auto& g : study["groups"]) {
      g.erase("role");
      if (g["id"] == "control") g["id"] = "comparison";
    }
  }
  req["study"] = study;
  Json ins = Json::array();
  for (const char* id : {"background", "competency-12", "satisfaction", "employer-feedback"}) {
    ins.push_back(Json::parse(slurp(std::string("rubrics/") + id + ".v1.json")));
  }
  req["instruments"] = ins;
  std::vector<std::string> names = files_in("fixtures/demo2", ".csv");
  for (const char* dir : {"fixtures/demo2/responses", "fixtures/demo2/employers"}) {
    for (const auto& n : files_in(dir, ".json")) names.push_back(n);
  }
  Json files = Json::array();
  for (const auto& n : names) {
    std::string text = slurp(n);
    if (!groups) text = replace_all(replace_all(text, ",control,", ",comparison,"), "\"control\"", "\"comparison\"");
    files.push_back(Json{{"name", n}, {"text", text}});
  }
  req["files"] = files;
  req["links"] = Json::parse(slurp("fixtures/demo2/links.json"));
  Json ratings = Json::array();
  for (const char* ext : {".csv", ".json"}) {
    for (const auto& n : files_in("fixtures/demo2/ratings", ext))
      ratings.push_back(Json{{"name", n}, {"text", slurp(n)}});
  }
  req["ratings"] = ratings;
  req["rubric"] = Json::parse(slurp("rubrics/expert-panel.v1.json"));
  return req;
}

// One call; returns the CPU seconds, and the result's size and shape.
double run_once(const Json& req, std::size_t* bytes, bool* compared, long* students) {
  const double t0 = cpu_now();
  const std::string out = assess::api::call(req.dump());
  const double t = cpu_now() - t0;
  const Json r = Json::parse(out);
  if (!r.value("ok", false)) {
    std::fprintf(stderr, "analyze_study failed: %s\n", out.substr(0, 400).c_str());
    std::exit(1);
  }
  *bytes = out.size();
  *compared = !r["result"]["roles"]["reference"].is_null();
  *students = r["result"]["counts"]["students"].get<long>();
  return t;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}

}  // namespace

int main(int argc, char** argv) {
  if (!fs::exists("fixtures/demo2/links.json")) {
    std::fprintf(stderr, "run from the repository root\n");
    return 1;
  }
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 15;
  const Json with = request(true), without = request(false);
  std::vector<double> t0, t1;
  std::size_t b0 = 0, b1 = 0;
  bool c0 = false, c1 = false;
  long s0 = 0, s1 = 0;
  for (int k = 0; k < runs; ++k) {
    t0.push_back(run_once(without, &b0, &c0, &s0));
    t1.push_back(run_once(with, &b1, &c1, &s1));
  }
  if (c0 || !c1 || s0 != s1) {
    std::fprintf(stderr, "the variants are not the same study with and without groups\n");
    return 1;
  }
  const double m0 = median(t0), m1 = median(t1);
  std::printf("| students | without groups | with two groups | ratio | JSON bytes without / with |\n");
  std::printf("|--:|--:|--:|--:|--:|\n");
  std::printf("| %ld | %.1f ms | %.1f ms | %.2fx | %zu / %zu |\n", s1, m0 * 1e3, m1 * 1e3, m1 / m0, b0, b1);

  // The reproducibility bundle (issue 17) of the same study: the report, the
  // data set again, the .sav, items.csv, ratings.csv, the scripts and the
  // digests, as files and as one ZIP, against the report alone.
  Json files = with, zip = with;
  files["op"] = "bundle";
  zip["op"] = "bundle";
  zip["format"] = "zip";
  std::vector<double> tr, tf, tz;
  std::size_t bf = 0, bz = 0, br = 0;
  auto timed = [](const Json& req, std::size_t* bytes) {
    const double t0 = cpu_now();
    const std::string out = assess::api::call(req.dump());
    const double t = cpu_now() - t0;
    if (out.find("\"ok\":true") == std::string::npos) {
      std::fprintf(stderr, "bundle failed: %s\n", out.substr(0, 400).c_str());
      std::exit(1);
    }
    *bytes = out.size();
    return t;
  };
  for (int k = 0; k < runs; ++k) {
    tr.push_back(timed(with, &br));
    tf.push_back(timed(files, &bf));
    tz.push_back(timed(zip, &bz));
  }
  const double mr = median(tr), mf = median(tf), mz = median(tz);
  std::printf("\n| analyze_study | bundle (files) | bundle (ZIP) | ratios | JSON bytes |\n");
  std::printf("|--:|--:|--:|--:|--:|\n");
  std::printf("| %.1f ms | %.1f ms | %.1f ms | %.2fx / %.2fx | %zu / %zu / %zu |\n", mr * 1e3, mf * 1e3, mz * 1e3,
              mf / mr, mz / mr, br, bf, bz);
  return 0;
}
