// The op dataset with format "sav": the second demo's data set as an SPSS
// system file (base64 in "sav"), read back by the tests' own reader
// (support/sav_reader.hpp) and compared cell by cell and label by label with
// the data set's JSON and the codebook; the missing-value codes tell "not
// asked" from "skipped"; the bytes are the same on every run; labels longer
// than SPSS allows are cut with a warning.
#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/text.hpp"
#include "support/repo_files.hpp"
#include "support/sav_reader.hpp"

using assess::Json;

namespace {

Json call(const Json& req) {
  Json out = assess::api::call_json(req);
  EXPECT_TRUE(out.value("ok", false)) << out.dump().substr(0, 600);
  return out.value("result", Json::object());
}

Json request(const char* format, const char* lang = nullptr) {
  Json req = assess::test::demo2_request("dataset");
  req["format"] = format;
  if (lang != nullptr) req["lang"] = lang;
  return req;
}

bool has_wave(const std::string& waves, const std::string& w) {
  const std::string s = "|" + waves + "|";
  return s.find("|" + w + "|") != std::string::npos;
}

TEST(DatasetSav, EveryCellAndEveryLabelOfTheSecondDemo) {
  const Json all = call(request("all"));
  const Json& ds = all.at("dataset");
  for (const char* lang : {"kk", "ru", "en"}) {
    SCOPED_TRACE(lang);
    const Json r = call(request("sav", lang));
    EXPECT_FALSE(r.contains("dataset"));
    EXPECT_FALSE(r.contains("csv"));
    const Json& cb = r.at("codebook");
    EXPECT_EQ(cb.at("sav").at("lang"), lang);
    const assess::test::SavFile f =
        assess::test::SavReader(assess::test::from_base64(r.at("sav").get<std::string>())).read();
    ASSERT_EQ(f.variables.size(), ds.at("variables").size());
    ASSERT_EQ(static_cast<std::size_t>(f.n_cases), ds.at("rows").size());
    const std::size_t waves_col = 3;
    ASSERT_EQ(ds.at("variables")[waves_col], "linked_waves");
    std::size_t not_asked = 0, skipped = 0;
    for (std::size_t v = 0; v < f.variables.size(); ++v) {
      const auto& sv = f.variables[v];
      const Json& cv = cb.at("variables")[v];
      const std::string name = ds.at("variables")[v];
      SCOPED_TRACE(name);
      EXPECT_EQ(sv.name, name);
      EXPECT_EQ(sv.short_name, cv.at("sav").at("name"));
      const std::string label = cv.at("label").at(lang);
      EXPECT_EQ(sv.label, std::string(assess::utf8_prefix(label, 255)));
      const std::string type = cv.at("type");
      const std::string measure = cv.at("sav").at("measure");
      EXPECT_EQ(sv.measure, measure == "nominal" ? 1 : measure == "ordinal" ? 2 : 3);
      // Value labels: the codebook's values in this language, by code; the two missing codes.
      std::vector<std::pair<double, std::string>> expected;
      if (cv.contains("values")) {
        for (std::size_t k = 0; k < cv.at("values").size(); ++k) {
          const Json& e = cv.at("values")[k];
          const double code =
              type == "binary" ? e.at("value").get<double>() : cv.at("sav").at("codes")[k].at("code").get<double>();
          if (type != "binary") {
            EXPECT_EQ(cv.at("sav").at("codes")[k].at("value"), e.at("value"));
          }
          expected.emplace_back(code, e.at("label").at(lang).get<std::string>());
        }
      }
      double na = 0, sk = 0;
      if (cv.at("sav").contains("missing")) {
        na = cv.at("sav").at("missing").at("not_asked");
        sk = cv.at("sav").at("missing").at("skipped");
        EXPECT_EQ(sv.missing, (std::vector<double>{na, sk}));
        EXPECT_EQ(na, -99);
        EXPECT_EQ(sk, -98);
        expected.emplace_back(na, lang == std::string("kk") ? "сұралмаған (осы кезеңде жазбасы жоқ)"
                                  : lang == std::string("ru") ? "не спрашивали (нет записи на этом этапе)"
                                                              : "not asked (no record at this wave)");
        expected.emplace_back(sk, lang == std::string("kk") ? "жауап берілмеген (сұрақ қойылған)"
                                  : lang == std::string("ru") ? "нет ответа (вопрос задавался)"
                                                              : "not answered (asked)");
      } else {
        EXPECT_TRUE(sv.missing.empty());
      }
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(sv.value_labels, expected);
      for (std::size_t i = 0; i < f.variables[v].numbers.size() + f.variables[v].texts.size(); ++i) {
        const Json& cell = ds.at("rows")[i][v];
        if (type == "text") {
          EXPECT_EQ(sv.texts[i], cell.is_null() ? std::string() : cell.get<std::string>()) << "row " << i;
          continue;
        }
        const double x = sv.numbers[i];
        if (cell.is_null()) {
          if (sv.missing.empty()) {
            EXPECT_EQ(x, -DBL_MAX) << "row " << i;  // system-missing: no programme or group
            continue;
          }
          EXPECT_TRUE(x == na || x == sk) << "row " << i << ": " << x;
          not_asked += x == na;
          skipped += x == sk;
          // A score of a wave is "not asked" exactly when the student has no record at that wave.
          if (cv.contains("wave") && name.find("__") == std::string::npos) {
            EXPECT_EQ(x == na, !has_wave(ds.at("rows")[i][waves_col], cv.at("wave"))) << "row " << i;
          }
        } else if (type == "choice") {
          const auto& codes = cv.at("sav").at("codes");
          const auto it =
              std::find_if(codes.begin(), codes.end(), [&](const Json& c) { return c.at("value") == cell; });
          ASSERT_NE(it, codes.end()) << "row " << i;
          EXPECT_EQ(x, it->at("code").get<double>()) << "row " << i;
        } else {
          EXPECT_EQ(x, cell.get<double>()) << "row " << i;  // exactly: doubles as they are
        }
      }
    }
    // The demo has students without a post-test and skipped answers.
    EXPECT_GT(not_asked, 0U);
    EXPECT_GT(skipped, 0U);
  }
}

TEST(DatasetSav, TheSameBytesOnEveryRunAndTheDateOfTheData) {
  const Json a = call(request("sav"));
  const Json b = call(request("sav"));
  EXPECT_EQ(a.at("sav"), b.at("sav"));
  // The study's first language is the default.
  EXPECT_EQ(a.at("codebook").at("sav").at("lang"), "kk");
  EXPECT_EQ(a.at("sav"), call(request("sav", "kk")).at("sav"));
  EXPECT_NE(a.at("sav"), call(request("sav", "ru")).at("sav"));
  // The header's date and time: the latest submission of the files.
  std::string latest;
  const Json req = request("all");
  for (const auto& file : req.at("files")) {
    const std::string text = file.at("text");
    for (std::size_t at = text.find("2027-"); at != std::string::npos; at = text.find("2027-", at + 1)) {
      const std::string t = text.substr(at, 20);
      if (t.size() == 20 && t[10] == 'T' && t[19] == 'Z') latest = std::max(latest, t);
    }
  }
  ASSERT_FALSE(latest.empty());
  EXPECT_EQ(a.at("codebook").at("sav").at("created"), latest);
  const auto f = assess::test::SavReader(assess::test::from_base64(a.at("sav").get<std::string>())).read();
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  EXPECT_EQ(f.date,
            latest.substr(8, 2) + " " + kMonths[std::stoi(latest.substr(5, 2)) - 1] + " " + latest.substr(2, 2));
  EXPECT_EQ(f.time, latest.substr(11, 8));
  EXPECT_EQ(f.file_label.substr(0, 12), "stackable v1");
}

TEST(DatasetSav, LabelsCutWithAWarning) {
  // Two Kazakh variable labels of the second demo are longer than 255 bytes.
  const Json r = call(request("sav", "kk"));
  ASSERT_EQ(r.at("warning_msgs").size(), 2U) << r.at("warning_msgs").dump();
  const Json& w = r.at("warning_msgs")[0];
  EXPECT_EQ(w.at("id"), "dataset.sav_variable_label_shortened");
  EXPECT_EQ(w.at("params").at("name"), "background__mobility");
  EXPECT_EQ(w.at("params").at("lang"), "kk");
  EXPECT_EQ(w.at("params").at("limit"), 255);
  EXPECT_GT(w.at("params").at("bytes").get<int>(), 255);
  EXPECT_NE(r.at("warnings")[0].get<std::string>().find("background__mobility"), std::string::npos);
  // In English every label fits.
  EXPECT_TRUE(call(request("sav", "en")).at("warning_msgs").empty());
  // lang is read only with format sav.
  const Json csv = call(request("csv", "ru"));
  ASSERT_EQ(csv.at("warning_msgs").size(), 1U);
  EXPECT_EQ(csv.at("warning_msgs")[0].at("id"), "request.unused_argument");
}

TEST(DatasetSav, WithoutAStudyTheInstrumentsLanguage) {
  Json req = Json::object();
  req["op"] = "dataset";
  req["format"] = "sav";
  req["instrument"] = assess::test::repo_json("rubrics/competency-12.v1.json");
  Json files = Json::array();
  files.push_back(
      Json{{"name", "fixtures/demo/responses.csv"}, {"text", assess::test::repo_text("fixtures/demo/responses.csv")}});
  req["files"] = files;
  const Json r = call(req);
  const auto f = assess::test::SavReader(assess::test::from_base64(r.at("sav").get<std::string>())).read();
  EXPECT_EQ(f.variables[0].name, "code");
  EXPECT_TRUE(r.at("codebook").at("sav").at("lang").is_string());
}

}  // namespace
