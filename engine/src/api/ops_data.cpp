// Handlers of the data ops: import_responses and import_ratings (files ->
// records + problems) and link (pre/post linking report); the code ops are in
// ops_codes.cpp. The file formats and the problem kinds
// are documented in docs/formats.md.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/core/text.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/file_store.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/ratings.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::api::detail {
namespace {

using namespace assess::data;
namespace ins = assess::instrument;

ImportOptions import_options(Args& a) {
  ImportOptions o;
  o.code_check = code_check_arg(a);
  o.max_problems_per_kind = static_cast<std::size_t>(a.number("max_problems_per_kind", 200, 1, 1e9));
  return o;
}

// A table from {"records": [{"code", "wave", "programme", "file"?, "row"?}]}
// for linking codes that were imported elsewhere.
ResponseTable table_from_records(const Json& records, CheckMode mode, std::vector<Problem>& problems) {
  if (!records.is_array()) {
    fail(ErrorCode::invalid_input, Message{"args.link_records_not_array", {json_type_param(records)}}, "/records");
  }
  ResponseTable t;
  t.waves = {"pre", "post"};
  t.files = {"records"};
  t.file_formats = {FileFormat::json_bundle};
  std::map<std::string, std::uint32_t> programmes;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Json& r = records[i];
    std::string at = "records[" + std::to_string(i) + "]";
    std::string path = "/records/" + std::to_string(i);
    if (!r.is_object()) fail(ErrorCode::invalid_input, Message{"args.link_record_not_object", {{"index", i}}}, path);
    for (const char* key : {"code", "wave", "programme"}) {
      auto it = r.find(key);
      if (it == r.end() || !it->is_string()) {
        fail(ErrorCode::invalid_input, Message{"args.link_record_not_string", {{"index", i}, {"field", key}}},
             path + "/" + key);
      }
    }
    std::string wave = r["wave"].get<std::string>();
    int w = t.wave_index(wave);
    if (w < 0) {
      fail(ErrorCode::invalid_input,
           Message{"args.link_record_bad_wave", {{"index", i}, {"wave", utf8_prefix(wave, kShownValue)}}},
           path + "/wave");
    }
    auto code = normalise_code(r["code"].get<std::string>(), mode);
    std::string file = "records";
    std::uint32_t row = static_cast<std::uint32_t>(i + 1);
    auto f = r.find("file");
    auto rw = r.find("row");
    if (!code) {
      problems.push_back(
          invalid_code_problem(file, row, path + "/code", at + ".code", r["code"].get<std::string>(), mode));
      continue;
    }
    std::uint32_t file_index = 0;
    if (f != r.end() && f->is_string()) {
      auto pos = std::find(t.files.begin(), t.files.end(), f->get<std::string>());
      if (pos == t.files.end()) {
        t.files.push_back(f->get<std::string>());
        t.file_formats.push_back(FileFormat::csv);
        pos = t.files.end() - 1;
      }
      file_index = static_cast<std::uint32_t>(pos - t.files.begin());
      if (rw != r.end() && rw->is_number_unsigned()) row = rw->get<std::uint32_t>();
    }
    std::string prog = r["programme"].get<std::string>();
    auto [pit, fresh] = programmes.emplace(prog, static_cast<std::uint32_t>(t.programmes.size()));
    if (fresh) t.programmes.push_back(prog);
    t.code.push_back(code->body);
    t.check.push_back(code->check);
    t.programme.push_back(pit->second);
    t.wave.push_back(static_cast<std::uint32_t>(w));
    t.group.push_back(0);
    t.lang.push_back(0);
    t.submitted.emplace_back();
    t.source.push_back(SourceRow{file_index, row});
  }
  t.groups = {""};
  t.langs = {""};
  return t;
}

// The counts of the records given to link, in the shape of an import's: the
// records are one bundle, as the analyses count them; a record whose code
// cannot be read is left out.
Json records_counts(std::size_t given, std::size_t kept, std::size_t invalid) {
  ImportReport r;
  r.files = 1;
  r.rows = given;
  r.records = kept;
  r.records_rejected = invalid;
  r.errors = invalid;
  return counts_json(r);
}

// An import op once its document is read: the study, the options and the
// files, then the result's summary, counts, problems and (on request) the
// records under `key`.
template <class Doc, class Table>
Json import_op(Args& a, const Doc& doc,
               Result<Table> (*import)(const Doc&, const ins::Study*, const std::vector<InputFile>&, ImportReport&,
                                       const ImportOptions&),
               Json (*records)(const Table&), const char* key) {
  auto study = study_arg(a);
  ImportOptions options = import_options(a);
  options.duplicates = duplicates_arg(a);  // a links file's choices for conflicting records
  bool include_records = a.boolean("include_records", true);
  std::vector<std::string> storage;
  auto files = files_arg(a, storage);
  ImportReport report;
  const Result<Table> table = import(doc, study ? &*study : nullptr, files, report, options);
  const Table& t = unwrap(table);
  Json out = Json::object();
  out["summary"] = summary_json(t);
  out["counts"] = counts_json(report);
  out["problems"] = problems_json(report.problems);
  if (include_records) out[key] = records(t);
  put_warnings(out, {});
  return out;
}

// import_responses with a study's instruments ({"study": <assess-study/2>,
// "instruments": [<documents>]}): one table per study instrument.
Json import_study_op(Args& a) {
  auto study = study_arg(a);
  if (!study) fail(ErrorCode::invalid_input, Message{"args.missing", {{"arg", "study"}}}, "/study");
  const std::vector<ins::Instrument> docs = study_instruments_arg(a, *study);
  std::vector<const ins::Instrument*> instruments;
  instruments.reserve(docs.size());
  for (const auto& d : docs) instruments.push_back(&d);
  ImportOptions options = import_options(a);
  options.duplicates = duplicates_arg(a);
  const bool include_records = a.boolean("include_records", true);
  std::vector<std::string> storage;
  auto files = files_arg(a, storage);
  ImportReport report;
  auto tables = import_study_responses(*study, instruments, files, report, options);
  const std::vector<ResponseTable>& ts = unwrap(tables);
  Json out = Json::object();
  Json list = Json::array();
  for (const auto& t : ts) {
    Json one = Json::object();
    one["summary"] = summary_json(t);
    if (include_records) one["records"] = records_json(t);
    list.push_back(std::move(one));
  }
  out["tables"] = std::move(list);
  out["counts"] = counts_json(report);
  out["problems"] = problems_json(report.problems);
  put_warnings(out, {});
  return out;
}

}  // namespace

Json op_import_responses(Args& a) {
  if (a.has("instruments")) return import_study_op(a);
  return import_op(a, instrument_arg(a, true), &import_responses, &records_json, "records");
}

Json op_import_ratings(Args& a) { return import_op(a, rubric_arg(a), &import_ratings, &ratings_json, "ratings"); }

Json op_link(Args& a) {
  bool include_pairs = a.boolean("include_pairs", true);
  LinkOptions lo;
  lo.max_near_matches = static_cast<std::size_t>(a.number("max_near_matches", 10000, 0, 1e9));
  if (a.has("records")) {
    std::vector<Problem> problems;
    ResponseTable t = table_from_records(a.value("records"), code_check_arg(a), problems);
    auto links = links_arg(a);
    LinkReport rep = link(t, links, lo);
    Json out = link_json(rep, t, include_pairs, &links);
    out["counts"] = records_counts(a.value("records").size(), t.size(), problems.size());
    out["import_problems"] = problems_json(problems);
    put_warnings(out, {});
    return out;
  }
  auto instrument = instrument_arg(a);
  auto study = study_arg(a);
  ImportOptions options = import_options(a);
  std::vector<std::string> storage;
  auto files = files_arg(a, storage);
  auto links = links_arg(a);
  options.duplicates = duplicates_arg(a);
  ImportReport report;
  auto table = import_responses(instrument, study ? &*study : nullptr, files, report, options);
  const ResponseTable& t = unwrap(table);
  LinkReport rep = link(t, links, lo);
  Json out = link_json(rep, t, include_pairs, &links);
  out["counts"] = counts_json(report);
  out["import_problems"] = problems_json(report.problems);
  put_warnings(out, {});
  return out;
}

}  // namespace assess::api::detail
