// The study-level arguments and results, shared by the handlers of the
// instrument, data and analysis ops. One reader per kind of argument, so
// that every op reads a document, the input files and the link overrides the
// same way, with the same errors (message ids in core/messages/api.inc and instrument.inc) and
// the same JSON pointers:
//   documents  instrument, rubric, study: a JSON object or its JSON text
//              (the CLI passes files as text); a malformed text is
//              parse_error at /key, a key twice invalid_input at its pointer
//              inside the text, a document of another kind /key/format.
//   files      [{"name", "text"}] (or {"name"} alone for bytes stored with
//              putFile), names distinct; optionally "records" (parsed
//              response or rating objects) handed over as one bundle.
//   links      an array of {"pre", "post", "note"?} or a links file
//              {"format": "assess-links/1", "links": [...]}, either as JSON
//              or as its text; errors point into the request (/links/0/pre,
//              or /links/links/0/pre inside a links file).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/op_support.hpp"
#include "assess/data/codes.hpp"
#include "assess/data/dataset.hpp"
#include "assess/data/input.hpp"
#include "assess/data/linking.hpp"
#include "assess/data/responses.hpp"
#include "assess/instrument/model.hpp"

namespace assess::api::detail {

// The kind of a document as a coded message parameter: params carry
// "instrument", "rubric" or "study"; English shows it with its article
// ("an instrument"), which is not computed from the English word.
MsgParam kind_param(instrument::DocKind k, const char* name = "kind");

// The document argument `key`: a JSON object, or its JSON text. Returns
// null when absent (or null) and not required.
Json document_arg(Args& a, const char* key, bool required);
// A document inside another argument (an element of an array): the object,
// or its JSON text; `key` names it in errors ("coders/2" -> /coders/2).
Json document_value(const Json& v, const std::string& key);

// The instrument argument. Unless `any_item_types`, an instrument with an
// item other than Likert is refused (instrument.item_type_unsupported): the
// ops that link or analyse read Likert items only so far.
instrument::Instrument instrument_arg(Args& a, bool any_item_types = false);
instrument::Rubric rubric_arg(Args& a);
std::optional<instrument::Study> study_arg(Args& a);  // optional
// The documents of `instruments` (an array of instrument documents or their
// texts; errors at /instruments/<i>), none when absent.
std::vector<instrument::Instrument> instruments_arg(Args& a);
// The documents of the study's instruments, parallel to study.instruments:
// from `instruments` (by id, in any order) and `instrument`; each the
// version the study names or a later one compatible with it (errors
// args.study_instrument_missing / _version at /instruments).
std::vector<instrument::Instrument> study_instruments_arg(Args& a, const instrument::Study& study);

// Records given beside or instead of files: "records": [objects] become one
// bundle file {"format": format, key: records} named "records".
struct RecordsBundle {
  const char* format;  // "assess-responses/1"
  const char* key;     // "responses"
};

// The input files. Without `records` the op takes files only (required);
// with it, files and/or records. The views point into the request, the
// stored files or `storage`, which must outlive them.
std::vector<data::InputFile> files_arg(Args& a, std::vector<std::string>& storage,
                                       const RecordsBundle* records = nullptr);

// The expert ratings of analyze_study: `ratings`, a list of files shaped
// like `files` (errors args.ratings_* at /ratings/<i>); none when absent or
// null.
std::optional<std::vector<data::InputFile>> ratings_arg(Args& a);
// The rubric the study names (study.rubric), from `rubric`: required when
// `needed`, else none when absent. A study that names no rubric is
// args.study_no_rubric (/study), a missing document args.study_rubric_missing,
// another id or version args.study_rubric_mismatch (/rubric).
std::optional<instrument::Rubric> study_rubric_arg(Args& a, const instrument::Study& study, bool needed);

// The code_check argument ("auto", "none" or "required"; default "auto").
data::CheckMode code_check_arg(Args& a);

// The link overrides (none when absent).
std::vector<data::LinkOverride> links_arg(Args& a);
// The links as students (assess-links/2 {"codes": [...]} entries, and the
// /1 shape {"pre", "post"} as two codes), for the data set.
std::vector<data::StudentLink> student_links_arg(Args& a);
// The links file's choices for records with the same key ("duplicates":
// [{"keep": record_id} or {"exclude": record_id}]; none when absent or when
// links is a bare array).
std::vector<data::DuplicateChoice> duplicates_arg(Args& a);

// The counts every study-level op reports (import_*, link, analyze_*):
// `counts` keeps its own fields and gains those of data::counts_json it
// lacks (files, files_rejected, rows, records, records_rejected, errors,
// warnings), so the set is the same in every op. docs/api.md, "Counts and
// problems".
void add_import_counts(Json& counts, const data::ImportReport& report);
// The instruments of a study-level result: [{id, version, versions (those the
// records named, else the document's), records}], parallel to docs and
// tables; with a study, each entry adds its "respondents".
Json instruments_json(const std::vector<instrument::Instrument>& docs, const std::vector<data::ResponseTable>& tables,
                      const instrument::Study* study = nullptr);
// Problems (of an import or of the linking) as a JSON array.
Json problems_json(const std::vector<data::Problem>& problems);

// A study's data set from the arguments of the op dataset (study, else one
// instrument; instruments, files/records, links, code_check, strict), in two
// steps so that an op reads its own arguments between them:
// read_study_dataset_args reads them, build_study_dataset imports the files
// and builds the data set (without a study: of a study of the instrument
// made from its records). Fails as the op dataset fails. include_text: the
// open answers are columns.
struct StudyDataset {
  std::optional<instrument::Study> given;  // the study argument
  instrument::Study study;
  std::vector<instrument::Instrument> docs;
  std::vector<const instrument::Instrument*> ptrs;  // into docs
  std::vector<std::string> storage;                 // the files' bytes
  std::vector<data::InputFile> files;
  std::vector<data::StudentLink> links;
  data::ImportOptions options;
  bool strict = false;
  data::ImportReport report;
  std::vector<data::ResponseTable> tables;
  data::Dataset dataset;
};
void read_study_dataset_args(Args& a, StudyDataset& out);
void build_study_dataset(StudyDataset& sd, bool include_text);

}  // namespace assess::api::detail
