// Handlers of the export-safety ops (docs/robustness.md):
//   seal     {document}        -> {document, text, sha256}: the document with
//                                 "engine" and its "integrity" seal, and the
//                                 text to save (the pages download `text`)
//   verify   {document | text} -> {status, expected, actual}
//   csv_safe {rows}            -> {text}: CSV with spreadsheet formulas
//                                 neutralised (data/csv_writer.hpp)
#include <string>

#include "api/ops.hpp"
#include "assess/core/integrity.hpp"
#include "assess/core/json_reader.hpp"
#include "assess/data/csv_writer.hpp"

namespace assess::api::detail {
namespace {

// The document: an object, or its JSON text (read strictly: a key twice is
// an error, as for every file).
Json document_of(Args& a) {
  const Json& v = a.value("document");
  if (v.is_string()) {
    Json doc;
    JsonReadError err;
    if (!read_json(v.get_ref<const std::string&>(), doc, err)) {
      fail(err.kind == JsonReadError::Kind::duplicate_key ? ErrorCode::invalid_input : ErrorCode::parse_error,
           "document is text but not a JSON document: " + err.message(), "/document" + err.path);
    }
    return doc;
  }
  return v;
}

}  // namespace

Json op_seal(Args& a) {
  Json doc = document_of(a);
  if (!doc.is_object())
    fail(ErrorCode::invalid_input, "document must be a JSON object (a file to export)", "/document");
  Json sealed = seal(std::move(doc));
  Json out = Json::object();
  out["sha256"] = sealed["integrity"]["sha256"];
  out["text"] = sealed.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  out["document"] = std::move(sealed);
  return out;
}

Json op_verify(Args& a) {
  const Json doc = document_of(a);
  const SealCheck c = check_seal(doc);
  Json out = Json::object();
  out["status"] = to_string(c.status);
  out["expected"] = c.expected.empty() ? Json(nullptr) : Json(c.expected);
  out["actual"] = c.actual.empty() ? Json(payload_sha256(doc)) : Json(c.actual);
  return out;
}

Json op_csv_safe(Args& a) {
  const Json& rows = a.value("rows");
  if (!rows.is_array()) fail(ErrorCode::invalid_input, "rows must be an array of rows (arrays of cells)", "/rows");
  std::vector<std::vector<data::CsvCell>> table;
  table.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Json& r = rows[i];
    if (!r.is_array()) {
      fail(ErrorCode::invalid_input, "rows[" + std::to_string(i) + "] must be an array of cells",
           "/rows/" + std::to_string(i));
    }
    std::vector<data::CsvCell> row;
    for (std::size_t j = 0; j < r.size(); ++j) {
      const Json& c = r[j];
      if (c.is_null())
        row.push_back(data::CsvCell::none());
      else if (c.is_number())
        row.push_back(data::CsvCell::num(c.get<double>()));
      else if (c.is_string())
        row.push_back(data::CsvCell::str(c.get<std::string>()));
      else if (c.is_boolean())
        row.push_back(data::CsvCell::str(c.get<bool>() ? "true" : "false"));
      else {
        fail(ErrorCode::invalid_input,
             "rows[" + std::to_string(i) + "][" + std::to_string(j) + "] must be a string, a number or null",
             "/rows/" + std::to_string(i) + "/" + std::to_string(j));
      }
    }
    table.push_back(std::move(row));
  }
  const std::string delim = a.choice("delimiter", {",", ";", "\t"}, ",");
  const std::string decimal = a.choice("decimal", {".", ","}, ".");
  Json out = Json::object();
  out["text"] = data::write_csv(table, delim[0], a.boolean("bom", false), decimal[0]);
  return out;
}

}  // namespace assess::api::detail
