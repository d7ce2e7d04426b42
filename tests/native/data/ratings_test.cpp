// The ratings import on the files of fixtures/import/ratings/.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/csv.hpp"
#include "assess/data/file_store.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/data/text.hpp"
#include "assess/instrument/model.hpp"
#include "data/data_support.hpp"

namespace fs = std::filesystem;
using assess::Json;
using namespace assess::data;
namespace ins = assess::instrument;
using namespace assess::test;

namespace {

TEST(ImportRatings, JsonAndCsvMerge) {
  Files f{"ratings/e01.json", "ratings/panel.csv"};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(rep.errors, 0u) << all_messages(rep);
  EXPECT_EQ(t->size(), 15u);
  EXPECT_EQ(t->experts, (std::vector<std::string>{"E01", "E02", "E03"}));
  EXPECT_EQ(t->objects.size(), 5u);
  // e01.json rating 1: scores (0 + j) % 5 + 1 = 1..5, 1.
  EXPECT_EQ(t->score(0, 0), 1);
  EXPECT_EQ(t->score(0, 5), 1);
  EXPECT_EQ(t->comment[0], "Комментарий эксперта");
  EXPECT_EQ(t->where(0), "e01.json rating 1");
  EXPECT_EQ(t->comment[5], "Жақсы; бірақ \"цифрлық\" бөлігі әлсіз");
  EXPECT_EQ(t->where(5), "panel.csv row 2");
}

TEST(ImportRatings, BadRatings) {
  Files f{"ratings/bad.csv", "ratings/unknown_criterion.csv"};
  ImportReport rep;
  auto t = import_ratings(panel(), &study(), f.inputs, rep);
  ASSERT_TRUE(t.ok());
  std::map<std::string, std::vector<std::size_t>> rows;
  for (const auto& p : rep.problems) rows[p.code].push_back(p.row);
  EXPECT_EQ(rows["out_of_scale"], (std::vector<std::size_t>{2})) << all_messages(rep);
  EXPECT_EQ(rows["unknown_object"], (std::vector<std::size_t>{3}));
  EXPECT_EQ(rows["duplicate_rating"], (std::vector<std::size_t>{5}));
  EXPECT_EQ(rows["missing_value"], (std::vector<std::size_t>{6}));
  EXPECT_EQ(rows["not_a_number"], (std::vector<std::size_t>{6}));
  auto crit = of_code(rep, "unknown_criterion");
  ASSERT_EQ(crit.size(), 1u);
  EXPECT_TRUE(contains(crit[0]->message, "did you mean practical_applicability")) << crit[0]->message;
  EXPECT_EQ(t->size(), 0u);
}

}  // namespace
