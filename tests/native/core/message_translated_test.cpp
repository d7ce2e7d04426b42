// The engine's own Kazakh and Russian renderings of its messages
// (core/message_translated.hpp): the pages' template syntax, CLDR plural
// categories, numbers as kk and ru write them, and every template copied
// from the pages' catalogue readable.
#include <cctype>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/core/message_translated.hpp"
#include "support/repo_files.hpp"

using assess::Json;

TEST(MessageTranslated, RussianPluralCategories) {
  const std::pair<double, const char*> cases[] = {
      {1, "one"},   {21, "one"},  {101, "one"}, {2, "few"},    {4, "few"},  {22, "few"},    {5, "many"},
      {11, "many"}, {12, "many"}, {14, "many"}, {111, "many"}, {0, "many"}, {1.5, "other"},
  };
  for (const auto& [x, category] : cases) EXPECT_STREQ(assess::plural_category(x, "ru"), category) << x;
  EXPECT_STREQ(assess::plural_category(1, "kk"), "one");
  EXPECT_STREQ(assess::plural_category(5, "kk"), "other");
}

TEST(MessageTranslated, NumbersWithTheDecimalCommaAndThousands) {
  EXPECT_EQ(assess::translated_number(0.5, "ru"), "0,5");
  EXPECT_EQ(assess::translated_number(0.95, "kk"), "0,95");
  EXPECT_EQ(assess::translated_number(0.95, "en"), "0.95");
  EXPECT_EQ(assess::translated_number(1000, "ru"), "1000");
  EXPECT_EQ(assess::translated_number(12345, "ru"), "12\u00a0345");
  EXPECT_EQ(assess::translated_number(1234567, "kk"), "1\u00a0234\u00a0567");
  EXPECT_EQ(assess::translated_number(-20, "ru"), "-20");
  EXPECT_EQ(assess::translated_number(1.0 / 3.0, "ru"), "0,333333");
}

TEST(MessageTranslated, FormsTablesAndCounts) {
  // "{n} {n|one:прирост|few:прироста|many:приростов|other:прироста}"
  const Json few = {{"id", "prepost.comparison_too_few"},
                    {"params", {{"score", "S1"}, {"group", "control"}, {"n", 3}}}};
  const auto ru = assess::translated(few, "ru");
  ASSERT_TRUE(ru.has_value());
  EXPECT_NE(ru->find("control 3 прироста"), std::string::npos) << *ru;
  const Json many = {{"id", "prepost.comparison_too_few"}, {"params", {{"score", "S1"}, {"group", "c"}, {"n", 5}}}};
  EXPECT_NE(assess::translated(many, "ru")->find("5 приростов"), std::string::npos);
  // {wave@wave}: the coded word of common.json; {n|1:...|other:...}: by value.
  const Json alpha = {{"id", "prepost.alpha_zero_variance_items"},
                      {"params", {{"wave", "pre"}, {"score", "S1"}, {"n", 1}, {"items", "Q3"}}}};
  const auto a = assess::translated(alpha, "ru");
  ASSERT_TRUE(a.has_value());
  EXPECT_NE(a->find("входное тестирование"), std::string::npos) << *a;
  EXPECT_NE(a->find("у пункта Q3"), std::string::npos) << *a;
  EXPECT_EQ(a->find("{"), std::string::npos) << *a;
}

TEST(MessageTranslated, UnknownIdsAndMissingParameters) {
  EXPECT_FALSE(assess::translated(Json{{"id", "no.such_message"}}, "ru").has_value());
  EXPECT_FALSE(assess::translated(Json{{"id", "report.background_small_expected"}}, "en").has_value());
  EXPECT_FALSE(assess::translated(Json::array(), "ru").has_value());
  // A parameter the message lacks is shown as {name?}, never a crash.
  const auto r = assess::translated(Json{{"id", "report.background_small_expected"}}, "kk");
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->find("{variable?}"), std::string::npos) << *r;
  const auto n =
      assess::translated(Json{{"id", "report.background_small_expected"}, {"params", {{"variable", nullptr}}}}, "ru");
  EXPECT_EQ(n->rfind("\u2014", 0), 0U) << *n;
}

// Every template of the pages' analysis catalogue is in the engine and
// readable (with every parameter a number, then every parameter a text).
TEST(MessageTranslated, EveryTemplateOfTheCatalogueIsRead) {
  for (const char* lang : {"kk", "ru"}) {
    const Json cat = assess::test::repo_json(std::string("web/i18n/msg/") + lang + "/analysis.json");
    ASSERT_FALSE(cat.empty());
    for (auto it = cat.begin(); it != cat.end(); ++it) {
      Json numbers = Json::object(), texts = Json::object();
      const std::string tpl = it.value().is_string() ? it.value().get<std::string>() : it.value().value("text", "");
      for (std::size_t at = tpl.find('{'); at != std::string::npos; at = tpl.find('{', at + 1)) {
        std::size_t end = at + 1;
        while (end < tpl.size() && (std::isalnum(static_cast<unsigned char>(tpl[end])) || tpl[end] == '_')) ++end;
        if (end > at + 1) {
          numbers[tpl.substr(at + 1, end - at - 1)] = 2;
          texts[tpl.substr(at + 1, end - at - 1)] = "x";
        }
      }
      for (const Json& params : {numbers, texts}) {
        const auto r = assess::translated(Json{{"id", it.key()}, {"params", params}}, lang);
        ASSERT_TRUE(r.has_value()) << lang << " " << it.key();
        EXPECT_EQ(r->find("?}"), std::string::npos) << lang << " " << it.key() << ": " << *r;
      }
    }
  }
}
