// Throughput of the response import and of pre/post linking on a generated
// study of N respondents x 2 waves (default N = 500000: a CSV of one million
// rows, about 60 MB). Not part of the build; compile against the native
// library after scripts/build:
//   g++ -O2 -std=c++17 -Iengine/include -Ibuild/native/third_party \
//       bench/import_bench.cpp build/native/libassess_engine.a -o build/import_bench
//   build/import_bench [N [CSV_OUT]]   (CSV_OUT: also write the generated file)
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/data/codes.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/responses.hpp"
#include "assess/data/text.hpp"
#include "assess/instrument/model.hpp"

using namespace assess;

// CPU time of this process: the machine is shared, wall time is noisy.
struct Stopwatch {
  std::clock_t c = std::clock();
};
static double since(const Stopwatch& s) { return double(std::clock() - s.c) / CLOCKS_PER_SEC; }

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 500000;
  std::FILE* f = std::fopen("rubrics/competency-12.v1.json", "rb");
  if (!f) {
    std::fprintf(stderr, "run from the repository root\n");
    return 1;
  }
  std::string doc;
  char buf[65536];
  for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, f)) > 0;) doc.append(buf, k);
  std::fclose(f);
  auto ins = instrument::parse_instrument(Json::parse(doc)).value();

  // Generate: pre rows then post rows; 90% of students return, 2% with a typo.
  const char* programmes[] = {"andragogue-educator", "teacher-mediator", "teacher-game-based-learning",
                              "teacher-career-guidance", "teacher-facilitator"};
  const char* langs[] = {"kk", "ru", "en"};
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> sym(0, 35), ans(1, 5), p5(0, 4), l3(0, 2), pct(0, 99);
  std::vector<std::string> bodies(static_cast<std::size_t>(n));
  std::vector<int> prog(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) {
    std::string b = "S" + std::to_string(i);  // unique
    for (int k = 0; k < 3; ++k) b += std::string(data::symbol_text(sym(rng)));
    bodies[i] = b;
    prog[i] = p5(rng);
  }
  std::string csv = "code,programme,wave,lang,ET1,ET2,ET3,AD1,AD2,DL1,DL2,DL3,IM1,IM2,MF1,MF2\n";
  csv.reserve(static_cast<std::size_t>(n) * 2 * 64);
  for (int wave = 0; wave < 2; ++wave) {
    for (long i = 0; i < n; ++i) {
      std::string code = bodies[i];
      if (wave == 1) {
        int r = pct(rng);
        if (r < 10) continue;                                                          // did not come back
        if (r < 12) code[code.size() - 1] = code[code.size() - 1] == 'Z' ? 'Y' : 'Z';  // typo
      }
      csv += code + "-" + data::check_character(code);
      if (wave == 1 && code != bodies[i]) csv.erase(csv.size() - 2);  // typed without the check
      csv += ',';
      csv += programmes[prog[i]];
      csv += wave ? ",post," : ",pre,";
      csv += langs[l3(rng)];
      for (int k = 0; k < 12; ++k) {
        csv += ',';
        csv += static_cast<char>('0' + ans(rng));
      }
      csv += '\n';
    }
  }
  std::printf("generated %.1f MB\n", csv.size() / 1e6);
  if (argc > 2) {
    std::FILE* out = std::fopen(argv[2], "wb");
    if (out) std::fwrite(csv.data(), 1, csv.size(), out), std::fclose(out);
  }

  Stopwatch t0;
  bool valid = !data::check_utf8(csv);
  double t_utf8 = since(t0);

  t0 = Stopwatch{};
  data::CsvReader reader(csv);
  std::vector<std::string_view> fields;
  std::size_t rows = 0, cells = 0;
  while (reader.next(fields)) ++rows, cells += fields.size();
  double t_csv = since(t0);

  t0 = Stopwatch{};
  data::ImportReport report;
  std::vector<data::InputFile> files{{"study.csv", csv}};
  auto table = data::import_responses(ins, nullptr, files, report);
  double t_import = since(t0);

  t0 = Stopwatch{};
  auto rep = data::link(table.value());
  double t_link = since(t0);

  std::printf("utf8 check: %s, %.3f s (%.0f MB/s)\n", valid ? "valid" : "INVALID", t_utf8, csv.size() / 1e6 / t_utf8);
  std::printf("csv parse:  %zu rows, %zu cells, %.3f s (%.0f MB/s, %.2f M rows/s)\n", rows, cells, t_csv,
              csv.size() / 1e6 / t_csv, rows / 1e6 / t_csv);
  std::printf("import:     %zu records, %zu problems, %.3f s (%.2f M rows/s)\n", table->size(), report.problems.size(),
              t_import, report.rows / 1e6 / t_import);
  std::printf("link:       %zu pairs, %zu unmatched pre, %zu unmatched post, %zu near matches, %.3f s\n", rep.matched(),
              rep.unmatched_pre.size(), rep.unmatched_post.size(), rep.near_matches_total, t_link);
  return 0;
}
