// What the fuzz targets check for every input, shared with the native test
// that replays the seed corpora and every saved crash
// (tests/native/api/fuzz_regression_test.cpp). Each check feeds bytes to one
// entry point of the engine and returns "" when every invariant holds, else a
// sentence saying which one broke. A crash, a sanitizer report, a hang or an
// invariant broken is a defect; under libFuzzer a broken invariant aborts so
// that the input is saved.
//
// Invariants:
//   - api::call answers any bytes with well-formed JSON: an envelope (or an
//     array of them, one per request) with a boolean "ok", a string "op" and,
//     on failure, one of the documented codes and a non-empty message;
//     internal_error (an exception that escaped an op) is a defect too;
//   - the engine stays usable: the next ordinary request is answered;
//   - the instrument loader and the importers never throw; a document the
//     checker finds valid also parses, and one it rejects does not.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/json.hpp"
#include "assess/instrument/model.hpp"
#include "assess/instrument/scoring.hpp"

#if __has_include("assess/data/responses.hpp") && __has_include("assess/data/ratings.hpp")
#define ASSESS_FUZZ_HAS_DATA 1
#include "assess/data/input.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#else
#define ASSESS_FUZZ_HAS_DATA 0
#endif

#ifndef ASSESS_SOURCE_DIR
#error "ASSESS_SOURCE_DIR must name the repository root (the harness reads rubrics/ from there)"
#endif

namespace assess::fuzz {

inline std::string check_envelope(const Json& r, const std::string& where) {
  if (!r.is_object()) return where + " is not an object";
  auto ok = r.find("ok");
  if (ok == r.end() || !ok->is_boolean()) return where + " has no boolean \"ok\"";
  auto op = r.find("op");
  if (op == r.end() || !op->is_string()) return where + " has no string \"op\"";
  if (ok->get<bool>()) {
    auto res = r.find("result");
    if (res == r.end() || !res->is_object()) return where + " is ok but has no result object";
    return {};
  }
  auto err = r.find("error");
  if (err == r.end() || !err->is_object()) return where + " failed without an error object";
  auto code = err->find("code");
  auto msg = err->find("message");
  if (code == err->end() || !code->is_string()) return where + " has no error code";
  if (msg == err->end() || !msg->is_string() || msg->get<std::string>().empty()) return where + " has no error message";
  const std::string c = code->get<std::string>();
  if (c == "internal_error") return where + " is internal_error: " + msg->get<std::string>();
  if (c != "parse_error" && c != "unknown_op" && c != "invalid_input" && c != "insufficient_data" &&
      c != "out_of_range")
    return where + " has the undocumented code " + c;
  return {};
}

inline std::string still_usable() {
  const std::string r = api::call(R"({"op":"describe","x":[1,2,3]})");
  Json j = Json::parse(r, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("ok", false) != true)
    return "the engine no longer answers an ordinary request: " + r.substr(0, 200);
  return {};
}

// api::call with arbitrary bytes.
inline std::string check_api_call(std::string_view bytes) {
  const std::string answer = api::call(bytes);
  Json response = Json::parse(answer, nullptr, false);
  if (response.is_discarded()) return "the response is not JSON: " + answer.substr(0, 200);
  std::string broken;
  if (response.is_array()) {
    // An array response answers an array request, one envelope per element.
    Json request = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (!request.is_array() || request.size() != response.size())
      return "an array response does not answer an array request of the same length";
    for (std::size_t i = 0; i < response.size() && broken.empty(); ++i)
      broken = check_envelope(response[i], "response[" + std::to_string(i) + "]");
  } else {
    broken = check_envelope(response, "the response");
  }
  if (!broken.empty()) return broken;
  return still_usable();
}

inline std::string read_source_file(const char* relative) {
  std::ifstream in(std::string(ASSESS_SOURCE_DIR) + "/" + relative, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The instrument loader: a document's bytes -> kind, every problem, the model.
inline std::string check_instrument(std::string_view bytes) {
  try {
    Json doc = Json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (doc.is_discarded()) return {};
    auto kind = instrument::document_kind(doc);
    std::vector<Error> problems = instrument::check_document(doc);
    if (!kind) return {};
    bool parsed = false;
    switch (*kind) {
      case instrument::DocKind::instrument: {
        auto ins = instrument::parse_instrument(doc);
        parsed = ins.ok();
        if (parsed) {
          (void)instrument::summary(ins.value());
          // Score one respondent who answers every item with the scale's
          // midpoint: the scorer must cope with whatever the file declares.
          instrument::Scorer scorer(ins.value());
          const auto& sc = ins.value().scale;
          std::vector<double> answers(scorer.n_items(),
                                      std::floor(sc.min + (static_cast<double>(sc.max) - sc.min) / 2));
          instrument::Scores s;
          (void)scorer.score(answers.data(), s);
        }
        break;
      }
      case instrument::DocKind::rubric: {
        auto r = instrument::parse_rubric(doc);
        parsed = r.ok();
        if (parsed) (void)instrument::summary(r.value());
        break;
      }
      case instrument::DocKind::study: {
        auto s = instrument::parse_study(doc);
        parsed = s.ok();
        if (parsed) (void)instrument::summary(s.value());
        break;
      }
    }
    if (parsed != problems.empty())
      return parsed ? "the checker reports problems but the document parses"
                    : "the checker finds no problem but the document does not parse";
  } catch (const std::exception& e) {
    return std::string("the instrument loader threw: ") + e.what();
  } catch (...) {
    return "the instrument loader threw something that is not a std::exception";
  }
  return {};
}

#if ASSESS_FUZZ_HAS_DATA
// The shipped instrument, rubric and study, loaded once.
struct StudyDocs {
  instrument::Instrument ins;
  instrument::Rubric rub;
  instrument::Study study;
  // The item types of issue 14: choice and numbers, text, employers.
  instrument::Instrument background, satisfaction, feedback;
  instrument::Study study2;  // a /2 study of the four instruments (built here: its reader is another step's)
  StudyDocs() {
    auto load = [](const char* path) {
      return instrument::parse_instrument(Json::parse(read_source_file(path))).value();
    };
    ins = load("rubrics/competency-12.v1.json");
    rub = instrument::parse_rubric(Json::parse(read_source_file("rubrics/expert-panel.v1.json"))).value();
    study = instrument::parse_study(Json::parse(read_source_file("rubrics/study.microcredentials.v1.json"))).value();
    background = load("rubrics/background.v1.json");
    satisfaction = load("rubrics/satisfaction.v1.json");
    feedback = load("rubrics/employer-feedback.v1.json");
    study2 = study;
    study2.format = 2;
    study2.instruments.clear();
    for (const instrument::Instrument* i : {&ins, &background, &satisfaction, &feedback}) {
      instrument::StudyInstrument si;
      si.ref = {i->id, i->version};
      for (const auto& w : study.waves) si.waves.push_back(w.id);
      if (i == &feedback) si.respondents = instrument::Respondents::employers;
      study2.instruments.push_back(si);
    }
    for (auto& g : study2.groups) g.without_programme = g.id == "control";
  }
};

inline const StudyDocs& study_docs() {
  static const StudyDocs docs;
  return docs;
}

inline std::string check_report(const data::ImportReport& report, const char* what) {
  if (report.records + report.records_rejected > report.rows)
    return std::string(what) + ": more records imported or rejected than rows found";
  if (report.files_rejected > report.files) return std::string(what) + ": more files rejected than given";
  for (const auto& p : report.problems) {
    if (p.message.empty()) return std::string(what) + ": a problem without a message";
    if (p.file.empty()) return std::string(what) + ": a problem that does not name its file";
  }
  return {};
}

// One file (CSV or JSON, as its content says) through both importers, with
// and without the study; then the records as JSON (the op's output path).
inline std::string check_import(std::string_view bytes) {
  try {
    const StudyDocs& d = study_docs();
    const std::vector<data::InputFile> files{{"fuzz.in", bytes}};
    for (const instrument::Study* study : {static_cast<const instrument::Study*>(nullptr), &d.study}) {
      data::ImportReport rr;
      auto responses = data::import_responses(d.ins, study, files, rr);
      if (auto b = check_report(rr, "import_responses"); !b.empty()) return b;
      if (responses) {
        if (responses.value().size() != rr.records) return "import_responses: table size differs from the count";
        (void)data::records_json(responses.value()).dump(-1, ' ', false, Json::error_handler_t::strict);
        (void)data::summary_json(responses.value());
      }
      // Every item type, alone and routed by instrument in a /2 study.
      for (const instrument::Instrument* typed : {&d.background, &d.satisfaction}) {
        data::ImportReport tr;
        auto t = data::import_responses(*typed, nullptr, files, tr);
        if (auto b = check_report(tr, "import_responses (item types)"); !b.empty()) return b;
        if (t) {
          if (t.value().size() != tr.records) return "import_responses (item types): table size differs from the count";
          (void)data::records_json(t.value()).dump(-1, ' ', false, Json::error_handler_t::strict);
        }
      }
      data::ImportReport sr;
      auto tables =
          data::import_study_responses(d.study2, {&d.ins, &d.background, &d.satisfaction, &d.feedback}, files, sr);
      if (auto b = check_report(sr, "import_study_responses"); !b.empty()) return b;
      if (tables) {
        std::size_t n = 0;
        for (const auto& t : tables.value()) {
          n += t.size();
          (void)data::records_json(t).dump(-1, ' ', false, Json::error_handler_t::strict);
          (void)data::summary_json(t);
        }
        if (n != sr.records) return "import_study_responses: the tables' sizes differ from the count";
      }
      data::ImportReport gr;
      auto ratings = data::import_ratings(d.rub, study, files, gr);
      if (auto b = check_report(gr, "import_ratings"); !b.empty()) return b;
      if (ratings) {
        if (ratings.value().size() != gr.records) return "import_ratings: table size differs from the count";
        (void)data::ratings_json(ratings.value()).dump(-1, ' ', false, Json::error_handler_t::strict);
        (void)data::summary_json(ratings.value());
      }
    }
  } catch (const std::exception& e) {
    return std::string("an importer threw: ") + e.what();
  } catch (...) {
    return "an importer threw something that is not a std::exception";
  }
  return {};
}
#endif

}  // namespace assess::fuzz
