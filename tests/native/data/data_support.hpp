// Helpers of the data-layer tests: the shipped instrument, study and rubric,
// files of fixtures/import/ kept alive for InputFile views, CSV parsing,
// import problems by code, an independent check character, and the document
// kinds (responses, ratings) as the typed import tests see them.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/data/csv.hpp"
#include "assess/data/input.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"
#include "support/json_compare.hpp"

namespace assess::test {

inline std::string source_path(const std::string& rel) {
  return (std::filesystem::path(ASSESS_SOURCE_DIR) / rel).string();
}
inline std::string read(const std::string& rel) { return read_file(source_path(rel)); }
inline Json load(const std::string& rel) { return Json::parse(read(rel)); }

inline const instrument::Instrument& competency() {
  static instrument::Instrument i = instrument::parse_instrument(load("rubrics/competency-12.v1.json")).value();
  return i;
}
inline const instrument::Study& study() {
  static instrument::Study s = instrument::parse_study(load("rubrics/study.microcredentials.v1.json")).value();
  return s;
}
inline const instrument::Rubric& panel() {
  static instrument::Rubric r = instrument::parse_rubric(load("rubrics/expert-panel.v1.json")).value();
  return r;
}

// Files kept alive for the InputFile views.
struct Files {
  std::vector<std::string> texts;
  std::vector<data::InputFile> inputs;
  Files(std::initializer_list<std::string> paths) {
    texts.reserve(paths.size());
    for (const auto& p : paths) {
      texts.push_back(read("fixtures/import/" + p));
      inputs.push_back(data::InputFile{std::filesystem::path(p).filename().string(), texts.back()});
    }
  }
};

inline std::vector<std::vector<std::string>> parse_all(std::string_view text, char delim = 0) {
  data::CsvReader r(text, delim);
  std::vector<std::string_view> f;
  std::vector<std::vector<std::string>> out;
  while (r.next(f)) out.emplace_back(f.begin(), f.end());
  EXPECT_FALSE(r.failed()) << r.error().message;
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

inline std::vector<const data::Problem*> of_code(const data::ImportReport& rep, const std::string& code) {
  std::vector<const data::Problem*> out;
  for (const auto& p : rep.problems) {
    if (p.code == code) out.push_back(&p);
  }
  return out;
}

inline std::string all_messages(const data::ImportReport& rep) {
  std::string s;
  for (const auto& p : rep.problems) s += "  [" + p.code + "] " + p.message + "\n";
  return s;
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Independent check character (the same definition as docs/formats.md).
inline const std::vector<std::string> kAlphabet = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K",
    "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "Ә", "Б", "Г", "Ғ", "Д", "Ж",
    "З", "И", "Й", "Қ", "Л", "Ң", "Ө", "П", "Ұ", "Ф", "Ц", "Ч", "Ш", "Щ", "Ы", "Ь", "Э", "Ю", "Я"};

inline std::string join(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += kAlphabet[x];
  return s;
}

// A problem's message parameter as text ("" when absent).
inline std::string param_text(const data::Problem& p, const std::string& name) {
  const MsgParam* m = p.msg.param(name);
  return m ? (m->code.empty() ? m->text : m->code) : std::string();
}
inline double param_number(const data::Problem& p, const std::string& name) {
  const MsgParam* m = p.msg.param(name);
  return m && m->is_number ? m->number : -1;
}

// The document kinds of the typed import tests (data/import_test.cpp): the
// shared fixtures of fixtures/import/shared/<kind>/ put the key columns at
// 1-3 and three value columns at 4-6, so problems fall on the same rows and
// columns for every kind.
struct ResponsesKind {
  using Table = data::ResponseTable;
  static constexpr const char* kDir = "shared/responses/";
  static constexpr const char* kIds[3] = {"ET1", "ET2", "ET3"};
  static constexpr const char* kLike = "ET1";           // what look_alike.csv's column probably means
  static constexpr const char* kMissing = "programme";  // the column missing_column.csv lacks
  static constexpr const char* kUnknownCode = "unknown_item";
  static constexpr const char* kDuplicateCode = "duplicate_record";
  static constexpr const char* kValueWord = "answer";
  static constexpr const char* kJsonRecords = "/responses/";
  static constexpr const char* kJsonValues = "/answers/";
  static constexpr const char* kFirstOfDuplicate = "dup_a.csv row 2";
  static Result<Table> import(const std::vector<data::InputFile>& files, data::ImportReport& rep,
                              const data::ImportOptions& options = {}) {
    return data::import_responses(competency(), &study(), files, rep, options);
  }
  static double value(const Table& t, std::size_t r, std::size_t c) { return t.answer(r, c); }
  // "header,row" text with n rows whose first value is v.
  static std::string csv(int n, const std::string& v) {
    std::string text = "code,programme,wave,ET1\n";
    for (int i = 0; i < n; ++i) text += "C" + std::to_string(i) + ",teacher-mediator,pre," + v + "\n";
    return text;
  }
};

struct RatingsKind {
  using Table = data::RatingTable;
  static constexpr const char* kDir = "shared/ratings/";
  static constexpr const char* kIds[3] = {"standards_alignment", "practical_applicability", "digital_integration"};
  static constexpr const char* kLike = "standards_alignment";
  static constexpr const char* kMissing = "object";
  static constexpr const char* kUnknownCode = "unknown_criterion";
  static constexpr const char* kDuplicateCode = "duplicate_rating";
  static constexpr const char* kValueWord = "score";
  static constexpr const char* kJsonRecords = "/ratings/";
  static constexpr const char* kJsonValues = "/scores/";
  static constexpr const char* kFirstOfDuplicate = "dup_a.csv row 2";
  static Result<Table> import(const std::vector<data::InputFile>& files, data::ImportReport& rep,
                              const data::ImportOptions& options = {}) {
    return data::import_ratings(panel(), &study(), files, rep, options);
  }
  static double value(const Table& t, std::size_t r, std::size_t c) { return t.score(r, c); }
  static std::string csv(int n, const std::string& v) {
    std::string text = "expert,object,standards_alignment\n";
    for (int i = 0; i < n; ++i) text += "E" + std::to_string(i) + ",teacher-mediator," + v + "\n";
    return text;
  }
};

}  // namespace assess::test
