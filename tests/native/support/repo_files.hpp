// The repository's files for the native tests: a file's text or parsed JSON
// by its path from the repository root, the files of a folder, and the
// second demo's request parts (every raw file, every document).
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"
#include "support/json_compare.hpp"

namespace assess::test {

inline std::string repo_text(const std::string& rel) {
  return read_file((std::filesystem::path(ASSESS_SOURCE_DIR) / rel).string());
}
inline Json repo_json(const std::string& rel) { return Json::parse(repo_text(rel)); }

// The files of `dir` (from the repository root) whose names end with `ext`, sorted.
inline std::vector<std::string> files_under(const std::string& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(ASSESS_SOURCE_DIR) / dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) {
      out.push_back(dir + "/" + name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The second demo (fixtures/demo2): its study with every instrument, every
// raw file and its links, as the study-level ops take them.
inline Json demo2_request(const char* op) {
  Json req = Json::object();
  req["op"] = op;
  req["study"] = repo_json("rubrics/study.stackable.v1.json");
  Json ins = Json::array();
  for (const char* id : {"background", "competency-12", "satisfaction", "employer-feedback"}) {
    ins.push_back(repo_json(std::string("rubrics/") + id + ".v1.json"));
  }
  req["instruments"] = ins;
  Json files = Json::array();
  std::vector<std::string> names = files_under("fixtures/demo2", ".csv");
  for (const auto& n : files_under("fixtures/demo2/responses", ".json")) names.push_back(n);
  for (const auto& n : files_under("fixtures/demo2/employers", ".json")) names.push_back(n);
  for (const auto& n : names) files.push_back(Json{{"name", n}, {"text", repo_text(n)}});
  req["files"] = files;
  req["links"] = repo_json("fixtures/demo2/links.json");
  return req;
}

// The second demo's expert ratings (fixtures/demo2/ratings: the CSV first,
// then the experts' JSON files), as analyze_study's `ratings` and
// analyze_panel's `files`.
inline Json demo2_ratings() {
  Json files = Json::array();
  std::vector<std::string> names = files_under("fixtures/demo2/ratings", ".csv");
  for (const auto& n : files_under("fixtures/demo2/ratings", ".json")) names.push_back(n);
  for (const auto& n : names) files.push_back(Json{{"name", n}, {"text", repo_text(n)}});
  return files;
}

}  // namespace assess::test
