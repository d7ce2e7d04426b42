// Replays the fuzz seed corpora and every input a fuzz run ever crashed on
// (tests/fuzz/regressions/<target>/) through the same checks the libFuzzer
// targets make (tests/fuzz/harness.hpp), so that a fixed crash stays fixed in
// the ordinary test run, with and without sanitizers.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../fuzz/harness.hpp"

namespace fs = std::filesystem;

namespace {

using Check = std::string (*)(std::string_view);

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> out;
  for (const char* kind : {"corpus", "regressions"}) {
    fs::path dir = fs::path(ASSESS_SOURCE_DIR) / "tests" / "fuzz" / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().filename().string()[0] != '.' && e.path().extension() != ".md")
        out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t replay(const std::string& target, Check check) {
  std::size_t n = 0;
  for (const auto& path : inputs(target)) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(check(bytes), "") << path;
    ++n;
  }
  return n;
}

TEST(FuzzRegressions, ApiCall) { EXPECT_GT(replay("api", assess::fuzz::check_api_call), 10u); }

TEST(FuzzRegressions, InstrumentLoader) { EXPECT_GT(replay("instrument", assess::fuzz::check_instrument), 10u); }

#if ASSESS_FUZZ_HAS_DATA
TEST(FuzzRegressions, CsvImport) { EXPECT_GT(replay("csv_import", assess::fuzz::check_import), 5u); }
TEST(FuzzRegressions, JsonImport) { EXPECT_GT(replay("json_import", assess::fuzz::check_import), 5u); }
#endif

// The checks themselves must be able to fail, or the replay proves nothing.
TEST(FuzzHarness, DetectsBrokenEnvelopes) {
  using assess::Json;
  EXPECT_NE(assess::fuzz::check_envelope(Json::array(), "r"), "");
  EXPECT_NE(assess::fuzz::check_envelope(Json{{"ok", true}, {"op", "x"}}, "r"), "");
  EXPECT_NE(assess::fuzz::check_envelope(
                Json{{"ok", false}, {"op", ""}, {"error", {{"code", "internal_error"}, {"message", "m"}}}}, "r"),
            "");
  EXPECT_NE(assess::fuzz::check_envelope(
                Json{{"ok", false}, {"op", ""}, {"error", {{"code", "oops"}, {"message", "m"}}}}, "r"),
            "");
  EXPECT_EQ(assess::fuzz::check_envelope(
                Json{{"ok", false}, {"op", ""}, {"error", {{"code", "parse_error"}, {"message", "m"}}}}, "r"),
            "");
}

}  // namespace
