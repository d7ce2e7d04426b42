// The op `dataset`: the response files of a study -> the per-student data set
// (data/dataset.hpp) and its codebook. Reads the study, its instruments, the
// files and the links as every study-level op does (api/study_args.hpp).
#include <string>
#include <utility>
#include <vector>

#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/analysis/study_run.hpp"
#include "assess/core/text.hpp"
#include "assess/data/dataset.hpp"
#include "assess/data/responses.hpp"

namespace assess::api::detail {
namespace {

// A study of one instrument for responses given without one: the waves pre
// and post, the programmes and groups the records name.
instrument::Study study_of_table(const instrument::Instrument& ins, const data::ResponseTable& t) {
  instrument::Study st;
  st.id = "";
  st.version = 0;
  st.instrument = instrument::DocRef{ins.id, ins.version};
  for (const auto& w : t.waves) st.waves.push_back(instrument::Entity{w, {}, {}});
  for (const auto& p : t.programmes) st.programmes.push_back(instrument::Entity{p, {}, {}});
  for (std::size_t g = 1; g < t.groups.size(); ++g) {
    instrument::Group gr;
    gr.id = t.groups[g];
    st.groups.push_back(std::move(gr));
  }
  instrument::StudyInstrument si;
  si.ref = *st.instrument;
  for (const auto& w : st.waves) si.waves.push_back(w.id);
  st.instruments.push_back(std::move(si));
  return st;
}

}  // namespace

void read_study_dataset_args(Args& a, StudyDataset& out) {
  out.given = study_arg(a);
  if (out.given) {
    out.docs = study_instruments_arg(a, *out.given);
  } else {
    out.docs.push_back(instrument_arg(a, true));
  }
  out.options.code_check = code_check_arg(a);
  out.options.duplicates = duplicates_arg(a);
  const RecordsBundle bundle{out.given && out.given->format == 2 ? "assess-responses/2" : "assess-responses/1",
                             "responses"};
  out.files = files_arg(a, out.storage, &bundle);
  out.links = student_links_arg(a);
  out.strict = a.boolean("strict", false);
}

void build_study_dataset(StudyDataset& out, bool include_text) {
  out.ptrs.clear();
  for (const auto& d : out.docs) out.ptrs.push_back(&d);
  if (out.given) {
    out.study = *out.given;
    auto imported = data::import_study_responses(out.study, out.ptrs, out.files, out.report, out.options);
    if (!imported.ok()) fail(imported.error());
    out.tables = std::move(imported).value();
  } else {
    auto imported = data::import_responses(out.docs.front(), nullptr, out.files, out.report, out.options);
    if (!imported.ok()) fail(imported.error());
    out.tables.push_back(std::move(imported).value());
    out.study = study_of_table(out.docs.front(), out.tables.front());
  }
  if (auto e = analysis::strict_error(out.strict, out.report)) fail(*e);
  data::DatasetOptions dopt;
  dopt.include_text = include_text;
  auto built = data::build_dataset(out.study, out.ptrs, out.tables, out.links, dopt);
  if (!built.ok()) fail(built.error());
  out.dataset = std::move(built).value();
}

Json op_dataset(Args& a) {
  StudyDataset sd;
  read_study_dataset_args(a, sd);
  const bool include_text = a.boolean("text", true);
  const std::string format = a.choice("format", {"json", "csv", "all", "sav"}, "json");
  const std::optional<instrument::Study>& study = sd.given;
  const std::vector<instrument::Instrument>& docs = sd.docs;
  // The .sav's labels: the study's first language (without a study, the
  // instrument's) unless `lang` says another.
  std::string lang;
  if (format == "sav") {
    const std::vector<std::string>& langs = study ? study->languages : docs.front().languages;
    const std::string first = langs.empty() ? std::string("en") : langs.front();
    lang = a.choice("lang", {"kk", "ru", "en"}, first == "kk" || first == "ru" ? first.c_str() : "en");
  }
  build_study_dataset(sd, include_text);
  const instrument::Study& st = sd.study;
  const data::Dataset& ds = sd.dataset;
  const data::ImportReport& report = sd.report;
  const std::vector<data::ResponseTable>& tables = sd.tables;
  const std::vector<const instrument::Instrument*>& ptrs = sd.ptrs;

  Json out = Json::object();
  out["study"] = study ? Json{{"id", st.id}, {"version", st.version}} : Json(nullptr);
  out["instruments"] = instruments_json(docs, tables);
  Json counts = Json::object();
  counts["students"] = ds.n_rows;
  counts["variables"] = ds.variables.size();
  add_import_counts(counts, report);
  out["counts"] = std::move(counts);
  Json problems = problems_json(report.problems);
  for (const auto& p : ds.problems) problems.push_back(Json(p));
  out["problems"] = std::move(problems);
  if (format == "json" || format == "all") out["dataset"] = data::dataset_json(ds);
  if (format == "csv" || format == "all") out["csv"] = data::dataset_csv(ds);
  Json codebook = data::codebook_json(ds, st, ptrs);
  std::vector<Message> warnings;
  if (format == "sav") {
#ifdef ASSESS_NO_RENDERINGS
    // The analysis page's engine has no .sav writer (its size budget): the
    // command line and engine/assess.js write it.
    warnings.push_back(Message{"dataset.no_sav"});
#else
    data::DatasetSav sav = data::dataset_sav(ds, codebook, lang);
    out["sav"] = base64(sav.bytes);
    warnings = std::move(sav.warnings);
#endif
  }
  out["codebook"] = std::move(codebook);
  put_warnings(out, warnings);
  return out;
}

}  // namespace assess::api::detail
