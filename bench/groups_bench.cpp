// analyze_prepost with two groups (experimental vs control: by group, gains,
// baseline, post, ANCOVA, mixed ANOVA, attrition) against the same analysis
// without groups, on N participants x 2 waves of competency-12 (issue 15:
// "within 2x of the same analysis without groups"). The data are generated
// here in the flat arrays the analysis reads (deterministic, seeded), so the
// import is not timed: the ratio is the analysis' own. Each variant runs
// RUNS times, alternating, and the median CPU time is reported, with the
// report's JSON (the analysis' parts, as the op writes them) included. Not
// part of the build; compile against the native library after scripts/build:
//   g++ -O2 -std=c++17 -Iengine/include -Ibuild/native/third_party \
//       bench/groups_bench.cpp build/native/libassess_engine.a -o build/groups_bench
//   build/groups_bench [N...]   (default 100 10000; run from the repository root)
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/analysis/prepost.hpp"
#include "assess/instrument/model.hpp"

using namespace assess;

namespace {

// CPU time of this process: the machine is shared, wall time is noisy.
double cpu_now() { return double(std::clock()) / CLOCKS_PER_SEC; }

struct Study {
  std::vector<double> answers;
  std::vector<analysis::Wave> wave;
  std::vector<std::uint32_t> programme, group;
  std::vector<analysis::Pair> pairs;
};

// N students, 52% experimental; 3% leave after the pre-test; a gain of
// about half a point in the experimental group, a tenth in control.
Study generate(long n, std::size_t items) {
  std::mt19937 rng(20261205u + static_cast<unsigned>(n));
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Study s;
  auto answer = [&](double centre) { return std::min(5.0, std::max(1.0, std::round(centre + 0.9 * z(rng)))); };
  for (long i = 0; i < n; ++i) {
    const std::uint32_t g = u(rng) < 0.52 ? 0 : 1;
    const double level = 2.9 + 0.5 * z(rng);
    const std::size_t pre = s.wave.size();
    for (std::size_t j = 0; j < items; ++j) s.answers.push_back(answer(level));
    s.wave.push_back(analysis::Wave::pre);
    s.programme.push_back(static_cast<std::uint32_t>(i % 5));
    s.group.push_back(g);
    if (u(rng) < 0.03) continue;  // pre-test only
    const double gain = g == 0 ? 0.5 : 0.1;
    for (std::size_t j = 0; j < items; ++j) s.answers.push_back(answer(level + gain));
    s.wave.push_back(analysis::Wave::post);
    s.programme.push_back(static_cast<std::uint32_t>(i % 5));
    s.group.push_back(g);
    s.pairs.push_back(analysis::Pair{pre, pre + 1});
  }
  return s;
}

// One analysis and its JSON; returns the CPU seconds.
double run_once(const instrument::Instrument& ins, const analysis::PrePostData& d, const Study& s, std::size_t* bytes) {
  const double t0 = cpu_now();
  auto r = analysis::analyze_prepost(ins, d, s.pairs);
  if (!r.ok()) {
    std::fprintf(stderr, "analysis failed: %s\n", r.error().message.c_str());
    std::exit(1);
  }
  const auto& a = r.value();
  Json out = Json::object();
  out["subscales"] = analysis::subscales_json(a.tests);
  if (a.tests.total) out["total"] = analysis::test_json(*a.tests.total);
  out["reliability"] = analysis::reliability_json(a);
  out["programmes"] = analysis::programmes_json(a);
  if (a.groups) out["groups"] = analysis::groups_json(*a.groups);
  const std::string text = out.dump();
  *bytes = text.size();
  return cpu_now() - t0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::FILE* f = std::fopen("rubrics/competency-12.v1.json", "rb");
  if (!f) {
    std::fprintf(stderr, "run from the repository root\n");
    return 1;
  }
  std::string doc;
  char buf[65536];
  for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, f)) > 0;) doc.append(buf, k);
  std::fclose(f);
  const auto ins = instrument::parse_instrument(Json::parse(doc)).value();
  std::vector<long> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::atol(argv[i]));
  if (sizes.empty()) sizes = {100, 10000};
  std::printf("| participants | pairs | without groups | with two groups | ratio | JSON bytes without / with |\n");
  std::printf("|--:|--:|--:|--:|--:|--:|\n");
  for (long n : sizes) {
    const Study s = generate(n, ins.items.size());
    analysis::PrePostData d;
    d.n_records = s.wave.size();
    d.n_items = ins.items.size();
    d.answers = s.answers.data();
    d.wave = s.wave;
    d.programme = s.programme.data();
    d.programme_ids = {"a", "b", "c", "d", "e"};
    analysis::PrePostData dg = d;
    dg.group = s.group.data();
    dg.group_ids = {"experimental", "control"};
    // Enough runs for about a second of CPU per variant, at least 5.
    std::size_t bytes0 = 0, bytes1 = 0;
    const double probe = run_once(ins, dg, s, &bytes1);
    const int runs = std::max(5, std::min(200, static_cast<int>(1.0 / std::max(probe, 1e-6))));
    std::vector<double> t0, t1;
    for (int k = 0; k < runs; ++k) {
      t0.push_back(run_once(ins, d, s, &bytes0));
      t1.push_back(run_once(ins, dg, s, &bytes1));
    }
    const double m0 = median(t0), m1 = median(t1);
    std::printf("| %ld | %zu | %.3f ms | %.3f ms | %.2fx | %zu / %zu |\n", n, s.pairs.size(), m0 * 1e3, m1 * 1e3,
                m1 / m0, bytes0, bytes1);
  }
  return 0;
}
