#include "import_limits.hpp"

#include <cstring>
#include <string>

#include "assess/core/limits.hpp"
#include "assess/core/text.hpp"
#include "assess/data/csv.hpp"
#include "import_json.hpp"

namespace assess::data::detail {
namespace {

std::size_t count_byte(std::string_view text, char c) noexcept {
  std::size_t n = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end && (p = static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)))) != nullptr) {
    ++n;
    ++p;
  }
  return n;
}

// Records of a CSV text as the importer counts them: the header is not one,
// and rows whose cells are all empty are skipped.
std::size_t csv_records(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::string_view> fields;
  std::size_t n = 0;
  bool header = true;
  while (reader.next(fields)) {
    if (header) {
      header = false;
      continue;
    }
    for (auto f : fields) {
      if (!f.empty()) {
        ++n;
        break;
      }
    }
  }
  return n;
}

}  // namespace

std::size_t estimated_rows(std::string_view text) noexcept {
  const std::size_t lf = count_byte(text, '\n');
  return (lf ? lf : count_byte(text, '\r')) + 1;
}

std::optional<Error> check_import_limits(const std::vector<InputFile>& files) {
  using namespace assess::limits;
  if (files.size() > kMaxImportFiles) {
    return make_error(ErrorCode::out_of_range,
                      Message{"import.too_many_files", {{"n", files.size()}, {"max", kMaxImportFiles}}}, "/files");
  }
  std::size_t total = 0, rows = 0;
  std::vector<std::size_t> csv;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    const bool json = looks_like_json(f.text);
    const std::size_t limit = json ? kMaxJsonFileBytes : kMaxCsvFileBytes;
    if (f.text.size() > limit) {
      return make_error(
          ErrorCode::out_of_range,
          Message{"import.file_too_large",
                  {{"file", utf8_prefix(f.name, kShownFileName)},
                   {"bytes", f.text.size()},
                   json ? MsgParam::coded("format", "json", "JSON") : MsgParam::coded("format", "csv", "CSV"),
                   {"max_bytes", limit},
                   {"max_mib", limit >> 20}}},
          "/files");
    }
    total += f.text.size();
    if (!json) {
      csv.push_back(i);
      rows += estimated_rows(f.text);
    }
  }
  if (total > kMaxImportBytes) {
    return make_error(ErrorCode::out_of_range,
                      Message{"import.too_many_bytes",
                              {{"bytes", total}, {"max_bytes", kMaxImportBytes}, {"max_mib", kMaxImportBytes >> 20}}},
                      "/files");
  }
  // Line breaks bound the records from above; only a file set near the
  // limit is counted exactly (a quoted field may span lines).
  if (rows > kMaxRecords + csv.size()) {
    std::size_t exact = 0;
    for (std::size_t i : csv) exact += csv_records(files[i].text);
    if (auto e = check_record_limit(exact, "csv_rows", "CSV rows")) return e;
  }
  return std::nullopt;
}

std::optional<Error> check_record_limit(std::size_t records, const char* what_code, const char* what) {
  if (records <= limits::kMaxRecords) return std::nullopt;
  return make_error(ErrorCode::out_of_range,
                    Message{"import.too_many_records",
                            {{"n", records}, MsgParam::coded("what", what_code, what), {"max", limits::kMaxRecords}}},
                    "/files");
}

}  // namespace assess::data::detail
