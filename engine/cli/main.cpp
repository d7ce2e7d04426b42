// assess: the native command line. Reads files, hands JSON to api::call,
// prints the answer. No statistics here.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/text.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;     // bad command line (sysexits EX_USAGE)
constexpr int kExitFailed = 2;     // the engine answered with an error envelope
constexpr int kExitInternal = 70;  // the CLI itself failed (sysexits EX_SOFTWARE)

const char* kUsage =
    "assess - assessment and statistics engine (version %s)\n"
    "\n"
    "usage:\n"
    "  assess stat [FILE|-]     answer one JSON request (or an array of them) from FILE\n"
    "                           or standard input; print the JSON response\n"
    "  assess analyze --instrument FILE --responses FILE... [--links FILE] [--study FILE]\n"
    "                 [--group ID] [--conf-level X] [--equal-var] [--strict] [--format json|csv|md]\n"
    "                 [--out DIR]\n"
    "                           pre-post analysis of response files (CSV or JSON); --equal-var:\n"
    "                           Student's t instead of Welch's in the comparisons of groups\n"
    "  assess agreement --rubric FILE --ratings FILE... [--links FILE] [--study FILE] [--strict]\n"
    "                   [--format json|csv|md] [--out DIR]\n"
    "                           expert-panel agreement (Kendall's W, ICC, Krippendorff's alpha) of rating files\n"
    "  assess dataset --study FILE [--instrument FILE...] --responses FILE... [--links FILE]\n"
    "                 [--strict] [--no-text] [--format csv|json|all|sav] [--lang kk|ru|en] [--out DIR]\n"
    "                           the per-student data set of a study and its codebook\n"
    "                           (dataset.csv / dataset.json / dataset.sav, dataset.codebook.json);\n"
    "                           sav: an SPSS file, labels in --lang (default the study's first\n"
    "                           language), categories as codes, missing values declared; the study's\n"
    "                           documents are read from its folder as <id>.v<version>.json unless\n"
    "                           --instrument gives them (without --study: one --instrument)\n"
    "  assess report --study FILE [--instrument FILE...] [--rubric FILE] --responses FILE...\n"
    "                [--ratings FILE...] [--links FILE] [--conf-level X] [--equal-var] [--strict]\n"
    "                [--lang kk|ru|en] [--format json|md|all] [--out DIR]\n"
    "                           the report of a whole study (analyze_study): flow, sample,\n"
    "                           background, pre-post by group, surveys, employers, outcomes,\n"
    "                           correlations and, with --ratings, the expert panel (the study's\n"
    "                           rubric from its folder unless --rubric gives it)\n"
    "                           (report.json / report.md)\n"
    "  assess bundle --study FILE [--instrument FILE...] [--rubric FILE] --responses FILE...\n"
    "                [--ratings FILE...] [--links FILE] [--conf-level X] [--equal-var] [--strict]\n"
    "                [--no-text] [--lang kk|ru|en] [--format folder|zip] --out DIR\n"
    "                           the reproducibility bundle of a study: dataset.csv/.sav, items.csv,\n"
    "                           ratings.csv, links.json, codebook.json, datapackage.json,\n"
    "                           report.json/.md, analysis.R, analysis.py, README.md, SHA256SUMS\n"
    "                           (folder: into DIR; zip: DIR/bundle.zip); --no-text leaves open\n"
    "                           answers, comments and identifying variables out\n"
    "  assess ops               list the operations\n"
    "  assess --version         print the version\n"
    "  assess --help            this text\n"
    "\n"
    "exit status: 0 when every response is ok, 2 when any is an error envelope,\n"
    "64 for a bad command line. See README.md for the operations and examples.\n";

bool read_all(const std::string& path, std::string& out, std::string& err) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  // One allocation of the file's size and one read: a 200 MB response file
  // is not copied character by character (nor grown by doubling).
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    err = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  out.clear();
  long size = std::fseek(f, 0, SEEK_END) == 0 ? std::ftell(f) : -1;
  std::rewind(f);
  std::size_t got = 0;
  if (size > 0) {  // straight into the string
    out.resize(static_cast<std::size_t>(size));
    got = std::fread(&out[0], 1, out.size(), f);
    out.resize(got);
  }
  char buf[1 << 16];  // what is left (a file that grew, or no size: a pipe)
  for (std::size_t k; (k = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, k);
  bool ok = !std::ferror(f);
  std::fclose(f);
  if (!ok) err = "cannot read " + path + ": " + std::strerror(errno);
  return ok;
}

int cmd_stat(int argc, char** argv) {
  std::string path = argc > 2 ? argv[2] : "-";
  if (argc > 3) {
    std::fprintf(stderr, "assess stat: expected at most one FILE, got %d arguments\n", argc - 2);
    return kExitUsage;
  }
  std::string text, err;
  if (!read_all(path, text, err)) {
    std::fprintf(stderr, "assess stat: %s\n", err.c_str());
    return kExitUsage;
  }
  std::string answer = assess::api::call(text);
  std::fwrite(answer.data(), 1, answer.size(), stdout);
  std::fputc('\n', stdout);
  bool ok = assess::api::all_ok(assess::Json::parse(answer, nullptr, false));
  return ok ? kExitOk : kExitFailed;
}

// ------------------------------------------------------------ analyze, agreement
// These only gather files into the request of analyze_prepost / analyze_panel
// and print the answer; the report (JSON, Markdown, CSV) is made by the engine.

struct ReportArgs {
  std::string format = "json";
  std::string out_dir;
  std::string study_path;
  assess::Json request = assess::Json::object();
};

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// Reads `path` into the request: as text under `key` ("instrument": "<JSON text>")
// so that the engine reports a malformed document with its JSON pointer.
bool put_file(assess::Json& req, const char* key, const std::string& path, const char* cmd) {
  std::string text, err;
  if (!read_all(path, text, err)) {
    std::fprintf(stderr, "assess %s: %s\n", cmd, err.c_str());
    return false;
  }
  req[key] = std::move(text);
  return true;
}

// The FILE... of option `opt` (argv[i]): every following argument up to the
// next option, read into `into` as {"name", "text"} (named) or as the text
// alone. i ends at the last one; false (said on stderr) when one cannot be
// read or there is none.
bool read_file_list(int argc, char** argv, int& i, const char* cmd, const char* opt, assess::Json& into, bool named) {
  bool any = false;
  while (i + 1 < argc && std::strncmp(argv[i + 1], "--", 2) != 0) {
    std::string path = argv[++i], text, err;
    if (!read_all(path, text, err)) {
      std::fprintf(stderr, "assess %s: %s\n", cmd, err.c_str());
      return false;
    }
    if (named) {
      // Built member by member: an initializer list would copy the text.
      assess::Json file = assess::Json::object();
      file["name"] = path;
      file["text"] = std::move(text);
      into.push_back(std::move(file));
    } else {
      into.push_back(std::move(text));
    }
    any = true;
  }
  if (!any) std::fprintf(stderr, "assess %s: %s needs at least one FILE\n", cmd, opt);
  return any;
}

// Parses the options shared by analyze and agreement. `doc_key` is
// "instrument" or "rubric", `files_opt` "--responses" or "--ratings".
int parse_report_args(int argc, char** argv, const char* cmd, const char* doc_opt, const char* files_opt,
                      ReportArgs& a) {
  const std::string doc_key = doc_opt + 2;
  bool have_doc = false;
  assess::Json files = assess::Json::array();
  for (int i = 2; i < argc; ++i) {
    std::string opt = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "assess %s: %s needs a value\n", cmd, opt.c_str());
        return false;
      }
      into = argv[++i];
      return true;
    };
    std::string v;
    if (opt == doc_opt || opt == "--links" || opt == "--study") {
      if (!value(v)) return kExitUsage;
      if (!put_file(a.request, opt.c_str() + 2, v, cmd)) return kExitUsage;
      if (opt == doc_opt) have_doc = true;
      if (opt == "--study") a.study_path = v;
    } else if (opt == files_opt) {
      if (!read_file_list(argc, argv, i, cmd, files_opt, files, true)) return kExitUsage;
    } else if (opt == "--group" && std::strcmp(cmd, "analyze") == 0) {
      if (!value(v)) return kExitUsage;
      a.request["group"] = v;
    } else if (opt == "--conf-level" && std::strcmp(cmd, "analyze") == 0) {
      if (!value(v)) return kExitUsage;
      char* end = nullptr;
      double x = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != '\0') {
        std::fprintf(stderr, "assess %s: --conf-level must be a number such as 0.95, not '%s'\n", cmd, v.c_str());
        return kExitUsage;
      }
      a.request["conf_level"] = x;
    } else if (opt == "--equal-var" && std::strcmp(cmd, "analyze") == 0) {
      a.request["equal_var"] = true;
    } else if (opt == "--strict") {
      a.request["strict"] = true;
    } else if (opt == "--format") {
      if (!value(a.format)) return kExitUsage;
      if (a.format != "json" && a.format != "csv" && a.format != "md") {
        std::fprintf(stderr, "assess %s: --format must be json, csv or md, not '%s'\n", cmd, a.format.c_str());
        return kExitUsage;
      }
    } else if (opt == "--out") {
      if (!value(a.out_dir)) return kExitUsage;
    } else {
      std::fprintf(stderr, "assess %s: unknown option '%s'\n\n", cmd, opt.c_str());
      std::fprintf(stderr, kUsage, assess::api::version());
      return kExitUsage;
    }
  }
  if (!have_doc || files.empty()) {
    std::fprintf(stderr, "assess %s: %s FILE and %s FILE... are required\n", cmd, doc_opt, files_opt);
    return kExitUsage;
  }
  a.request["files"] = std::move(files);
  if (a.format != "json") a.request["format"] = a.format;
  return kExitOk;
}

int run_report(const char* op, const char* cmd, ReportArgs& a) {
  a.request["op"] = op;
  assess::Json response = assess::api::call_json(a.request);
  a.request = nullptr;  // the file texts are not needed any more
  bool ok = assess::api::all_ok(response);
  if (!ok && a.format != "json") {
    const auto& e = response["error"];
    std::fprintf(stderr, "assess %s: %s (%s)\n", cmd, e.value("message", "").c_str(), e.value("code", "").c_str());
    return kExitFailed;
  }
  std::string text;
  std::vector<std::pair<std::string, std::string>> files;  // for --out
  if (a.format == "json") {
    text = response.dump(2, ' ', false, assess::Json::error_handler_t::replace);
    text += '\n';
    if (!a.out_dir.empty()) files.emplace_back("report.json", text);
  } else if (a.format == "md") {
    text = response["result"].value("markdown", "");
    if (!a.out_dir.empty()) files.emplace_back("report.md", text);
  } else {
    for (const auto& [name, table] : response["result"]["csv"].items()) {
      std::string t = table.get<std::string>();
      text += "# " + name + ".csv\n" + t + "\n";
      files.emplace_back(name + ".csv", t);
    }
  }
  if (ok) {
    const auto& problems = response["result"]["problems"];
    if (problems.is_array() && !problems.empty()) {
      std::fprintf(stderr, "assess %s: %zu import problem(s); they are listed in the report\n", cmd, problems.size());
    }
  }
  if (a.out_dir.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    for (const auto& [name, content] : files) {
      std::string path = a.out_dir + "/" + name;
      if (!write_file(path, content)) {
        std::fprintf(stderr, "assess %s: cannot write %s: %s\n", cmd, path.c_str(), std::strerror(errno));
        return kExitUsage;
      }
    }
  }
  return ok ? kExitOk : kExitFailed;
}

bool add_study_documents(assess::Json& req, const std::string& study_path, assess::Json given, const char* cmd);

int cmd_analyze(int argc, char** argv) {
  ReportArgs a;
  int rc = parse_report_args(argc, argv, "analyze", "--instrument", "--responses", a);
  if (rc != kExitOk) return rc;
  // An assess-study/2 routes the records of all its instruments: the others are read from its folder.
  if (!a.study_path.empty()) {
    assess::Json study = assess::Json::parse(a.request["study"].get<std::string>(), nullptr, false);
    if (study.is_object() && study.value("format", assess::Json()) == "assess-study/2" &&
        !add_study_documents(a.request, a.study_path, assess::Json::array({a.request["instrument"]}), "analyze")) {
      return kExitUsage;
    }
  }
  return run_report("analyze_prepost", "analyze", a);
}

int cmd_agreement(int argc, char** argv) {
  ReportArgs a;
  int rc = parse_report_args(argc, argv, "agreement", "--rubric", "--ratings", a);
  return rc != kExitOk ? rc : run_report("analyze_panel", "agreement", a);
}

// ------------------------------------------------------------------ dataset
// The commands of a whole study (docs/cli.md): the study file names its
// documents, read from its folder unless --instrument/--rubric give them.

std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

// The instruments a study names (assess-study/2 "instruments", /1
// "instrument") that `given` (document texts) lacks, read from the study's
// folder as <id>.v<version>.json; all of them go to req["instruments"].
bool add_study_documents(assess::Json& req, const std::string& study_path, assess::Json given, const char* cmd) {
  assess::Json study = assess::Json::parse(req["study"].get<std::string>(), nullptr, false);
  std::vector<std::string> ids;
  for (const auto& t : given) {
    assess::Json d = assess::Json::parse(t.get<std::string>(), nullptr, false);
    if (d.is_object() && d.contains("id") && d["id"].is_string()) ids.push_back(d["id"].get<std::string>());
  }
  std::vector<std::pair<std::string, int>> named;
  auto add = [&](const assess::Json& e) {
    if (e.is_object() && e.value("id", assess::Json()).is_string() &&
        e.value("version", assess::Json()).is_number_integer())
      named.emplace_back(e["id"].get<std::string>(), e["version"].get<int>());
  };
  if (study.is_object() && study.contains("instruments") && study["instruments"].is_array()) {
    for (const auto& e : study["instruments"]) add(e);
  } else if (study.is_object() && study.contains("instrument")) {
    add(study["instrument"]);
  }
  for (const auto& [id, version] : named) {
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
    std::string path = folder_of(study_path) + "/" + id + ".v" + std::to_string(version) + ".json", text, err;
    if (!read_all(path, text, err)) {
      std::fprintf(stderr, "assess %s: the study names %s v%d: %s (give it with --instrument FILE)\n", cmd, id.c_str(),
                   version, err.c_str());
      return false;
    }
    given.push_back(std::move(text));
  }
  req["instruments"] = std::move(given);
  return true;
}

// The rubric a study names (assess-study "rubric"), read from the study's
// folder as <id>.v<version>.json into req["rubric"]. A study that names none
// is left to the engine, which says so (args.study_no_rubric).
bool add_study_rubric(assess::Json& req, const std::string& study_path, const char* cmd) {
  assess::Json study = assess::Json::parse(req["study"].get<std::string>(), nullptr, false);
  const assess::Json* ref = study.is_object() && study.contains("rubric") ? &study["rubric"] : nullptr;
  if (ref == nullptr || !ref->is_object() || !ref->value("id", assess::Json()).is_string() ||
      !ref->value("version", assess::Json()).is_number_integer())
    return true;
  const std::string id = (*ref)["id"].get<std::string>();
  const int version = (*ref)["version"].get<int>();
  std::string path = folder_of(study_path) + "/" + id + ".v" + std::to_string(version) + ".json", text, err;
  if (!read_all(path, text, err)) {
    std::fprintf(stderr, "assess %s: the study names the rubric %s v%d: %s (give it with --rubric FILE)\n", cmd,
                 id.c_str(), version, err.c_str());
    return false;
  }
  req["rubric"] = std::move(text);
  return true;
}

// The options of the commands of a whole study (dataset, report): those
// both take (--lang: the report's language, the labels of dataset.sav), and
// per command: dataset --no-text; report and bundle --conf-level, --equal-var,
// --ratings, --rubric. `formats` lists the values
// --format accepts.
struct StudyCmdArgs {
  assess::Json req = assess::Json::object();
  std::string study_path, format, out_dir;
};

int parse_study_args(int argc, char** argv, const char* cmd, const std::vector<std::string>& formats, StudyCmdArgs& a) {
  const bool bundle = std::strcmp(cmd, "bundle") == 0;
  const bool report = std::strcmp(cmd, "report") == 0 || bundle;
  assess::Json files = assess::Json::array();
  assess::Json instruments = assess::Json::array();
  assess::Json ratings = assess::Json::array();
  a.format = formats.front();
  for (int i = 2; i < argc; ++i) {
    std::string opt = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "assess %s: %s needs a value\n", cmd, opt.c_str());
        return false;
      }
      into = argv[++i];
      return true;
    };
    std::string v;
    if (opt == "--study") {
      if (!value(a.study_path) || !put_file(a.req, "study", a.study_path, cmd)) return kExitUsage;
    } else if (opt == "--links") {
      if (!value(v) || !put_file(a.req, "links", v, cmd)) return kExitUsage;
    } else if (opt == "--instrument") {
      if (!read_file_list(argc, argv, i, cmd, "--instrument", instruments, false)) return kExitUsage;
    } else if (opt == "--responses") {
      if (!read_file_list(argc, argv, i, cmd, "--responses", files, true)) return kExitUsage;
    } else if (opt == "--ratings" && report) {
      if (!read_file_list(argc, argv, i, cmd, "--ratings", ratings, true)) return kExitUsage;
    } else if (opt == "--rubric" && report) {
      if (!value(v) || !put_file(a.req, "rubric", v, cmd)) return kExitUsage;
    } else if (opt == "--strict") {
      a.req["strict"] = true;
    } else if (opt == "--no-text" && (!report || bundle)) {
      a.req["text"] = false;
    } else if (opt == "--equal-var" && report) {
      a.req["equal_var"] = true;
    } else if (opt == "--conf-level" && report) {
      if (!value(v)) return kExitUsage;
      char* end = nullptr;
      double x = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != '\0') {
        std::fprintf(stderr, "assess %s: --conf-level must be a number such as 0.95, not '%s'\n", cmd, v.c_str());
        return kExitUsage;
      }
      a.req["conf_level"] = x;
    } else if (opt == "--lang") {
      if (!value(v)) return kExitUsage;
      if (v != "kk" && v != "ru" && v != "en") {
        std::fprintf(stderr, "assess %s: --lang must be kk, ru or en, not '%s'\n", cmd, v.c_str());
        return kExitUsage;
      }
      a.req["lang"] = v;
    } else if (opt == "--format") {
      if (!value(a.format)) return kExitUsage;
      if (std::find(formats.begin(), formats.end(), a.format) == formats.end()) {
        std::string list;
        for (std::size_t k = 0; k < formats.size(); ++k) {
          list += (k == 0 ? "" : k + 1 == formats.size() ? " or " : ", ") + formats[k];
        }
        std::fprintf(stderr, "assess %s: --format must be %s, not '%s'\n", cmd, list.c_str(), a.format.c_str());
        return kExitUsage;
      }
    } else if (opt == "--out") {
      if (!value(a.out_dir)) return kExitUsage;
    } else {
      std::fprintf(stderr, "assess %s: unknown option '%s'\n\n", cmd, opt.c_str());
      std::fprintf(stderr, kUsage, assess::api::version());
      return kExitUsage;
    }
  }
  if (files.empty() || (a.study_path.empty() && (report || instruments.empty()))) {
    std::fprintf(stderr,
                 report ? "assess %s: --study FILE and --responses FILE... are required\n"
                        : "assess %s: --study FILE (or --instrument FILE) and --responses FILE... are required\n",
                 cmd);
    return kExitUsage;
  }
  if (!a.study_path.empty()) {
    if (!add_study_documents(a.req, a.study_path, instruments, cmd)) return kExitUsage;
  } else {
    if (instruments.size() != 1) {
      std::fprintf(stderr, "assess %s: without --study, give exactly one --instrument FILE\n", cmd);
      return kExitUsage;
    }
    a.req["instrument"] = std::move(instruments[0]);
  }
  a.req["files"] = std::move(files);
  if (!ratings.empty()) {
    if (!a.req.contains("rubric") && !add_study_rubric(a.req, a.study_path, cmd)) return kExitUsage;
    a.req["ratings"] = std::move(ratings);
  }
  return kExitOk;
}

// Calls the op; on an error envelope prints it and returns false. Prints the
// import problems the result lists.
bool call_study_op(const char* cmd, assess::Json& req, assess::Json& response) {
  response = assess::api::call_json(req);
  req = nullptr;
  if (!assess::api::all_ok(response)) {
    const auto& e = response["error"];
    std::fprintf(stderr, "assess %s: %s (%s)\n", cmd, e.value("message", "").c_str(), e.value("code", "").c_str());
    return false;
  }
  const auto& problems = response["result"]["problems"];
  if (problems.is_array() && !problems.empty()) {
    std::fprintf(stderr, "assess %s: %zu problem(s):\n", cmd, problems.size());
    for (const auto& p : problems) std::fprintf(stderr, "  %s\n", p.value("message", "").c_str());
  }
  return true;
}

// The result's warnings (the .sav's shortened labels), one line each on stderr.
void print_warnings(const char* cmd, const assess::Json& result) {
  for (const auto& w : result.value("warnings", assess::Json::array())) {
    if (w.is_string()) std::fprintf(stderr, "assess %s: warning: %s\n", cmd, w.get<std::string>().c_str());
  }
}

std::string pretty(const assess::Json& j) {
  return j.dump(2, ' ', false, assess::Json::error_handler_t::replace) + "\n";
}

// Writes the files into out_dir (made when missing), or the first one to
// standard output when there is no out_dir.
int write_outputs(const char* cmd, const std::string& out_dir,
                  const std::vector<std::pair<std::string, std::string>>& out) {
  if (out_dir.empty()) {
    const std::string& text = out.front().second;
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitOk;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  for (const auto& [name, content] : out) {
    std::string path = out_dir + "/" + name;
    if (!write_file(path, content)) {
      std::fprintf(stderr, "assess %s: cannot write %s: %s\n", cmd, path.c_str(), std::strerror(errno));
      return kExitUsage;
    }
  }
  return kExitOk;
}

int cmd_dataset(int argc, char** argv) {
  const char* cmd = "dataset";
  StudyCmdArgs a;
  if (int rc = parse_study_args(argc, argv, cmd, {"csv", "json", "all", "sav"}, a); rc != kExitOk) return rc;
  if (a.req.contains("lang") && a.format != "sav") {
    std::fprintf(stderr, "assess %s: --lang goes with --format sav (the labels of dataset.sav)\n", cmd);
    return kExitUsage;
  }
  a.req["format"] = a.format == "csv" || a.format == "sav" ? a.format : "all";
  a.req["op"] = "dataset";
  assess::Json response;
  if (!call_study_op(cmd, a.req, response)) return kExitFailed;
  const auto& r = response["result"];
  print_warnings(cmd, r);
  std::vector<std::pair<std::string, std::string>> out;
  if (a.format == "sav") out.emplace_back("dataset.sav", assess::from_base64(r.value("sav", "")));
  if (a.format == "csv" || a.format == "all") out.emplace_back("dataset.csv", r.value("csv", ""));
  if (a.format == "json" || a.format == "all") out.emplace_back("dataset.json", pretty(r["dataset"]));
  out.emplace_back("dataset.codebook.json", pretty(r["codebook"]));
  // Standard output carries the data set alone (the codebook needs --out).
  return write_outputs(cmd, a.out_dir, out);
}

int cmd_report(int argc, char** argv) {
  const char* cmd = "report";
  StudyCmdArgs a;
  if (int rc = parse_study_args(argc, argv, cmd, {"json", "md", "all"}, a); rc != kExitOk) return rc;
  if (a.format != "json") a.req["format"] = a.format;
  a.req["op"] = "analyze_study";
  assess::Json response;
  if (!call_study_op(cmd, a.req, response)) return kExitFailed;
  assess::Json& r = response["result"];
  std::vector<std::pair<std::string, std::string>> out;
  std::string md = r.value("markdown", "");
  r.erase("markdown");
  if (a.format == "md") out.emplace_back("report.md", md);
  if (a.format == "json" || a.format == "all") out.emplace_back("report.json", pretty(response));
  if (a.format == "all") out.emplace_back("report.md", md);
  return write_outputs(cmd, a.out_dir, out);
}

int cmd_bundle(int argc, char** argv) {
  const char* cmd = "bundle";
  StudyCmdArgs a;
  if (int rc = parse_study_args(argc, argv, cmd, {"folder", "zip"}, a); rc != kExitOk) return rc;
  if (a.out_dir.empty()) {
    std::fprintf(stderr, "assess %s: --out DIR is required (the bundle is a folder of files)\n", cmd);
    return kExitUsage;
  }
  a.req["format"] = a.format == "zip" ? "zip" : "files";
  a.req["op"] = "bundle";
  assess::Json response;
  if (!call_study_op(cmd, a.req, response)) return kExitFailed;
  const auto& r = response["result"];
  print_warnings(cmd, r);
  std::vector<std::pair<std::string, std::string>> out;
  if (a.format == "zip") {
    out.emplace_back("bundle.zip", assess::from_base64(r.value("zip", "")));
  } else {
    for (const auto& f : r["files"]) {
      out.emplace_back(f.value("name", ""),
                       f.contains("base64") ? assess::from_base64(f.value("base64", "")) : f.value("text", ""));
    }
  }
  return write_outputs(cmd, a.out_dir, out);
}

int run(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::printf(kUsage, assess::api::version());
    return argc < 2 ? kExitUsage : kExitOk;
  }
  std::string cmd = argv[1];
  if (cmd == "--version" || cmd == "version") {
    std::printf("assess %s\n", assess::api::version());
    return kExitOk;
  }
  if (cmd == "stat") return cmd_stat(argc, argv);
  if (cmd == "analyze") return cmd_analyze(argc, argv);
  if (cmd == "agreement") return cmd_agreement(argc, argv);
  if (cmd == "dataset") return cmd_dataset(argc, argv);
  if (cmd == "report") return cmd_report(argc, argv);
  if (cmd == "bundle") return cmd_bundle(argc, argv);
  if (cmd == "ops") {
    std::size_t n = 0;
    const char* const* names = assess::api::op_names(&n);
    for (std::size_t i = 0; i < n; ++i) std::printf("%s\n", names[i]);
    return kExitOk;
  }
  std::fprintf(stderr, "assess: unknown command '%s'\n\n", cmd.c_str());
  std::fprintf(stderr, kUsage, assess::api::version());
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  // The engine answers every request with an envelope; what can still throw
  // here is the CLI's own file and output handling (out of memory).
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "assess: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "assess: internal error\n");
  }
  return kExitInternal;
}
