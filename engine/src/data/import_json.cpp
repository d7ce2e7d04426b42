#include "import_json.hpp"

#include "assess/core/integrity.hpp"
#include "assess/core/json_reader.hpp"
#include "assess/core/text.hpp"
#include "assess/data/text.hpp"

namespace assess::data::detail {

bool looks_like_json(std::string_view t) noexcept {
  std::size_t i = utf8_bom_length(t);
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
  return i < t.size() && (t[i] == '{' || t[i] == '[');
}

bool parse_json_file(const FileContext& fc, std::string_view text, Json& out, Problem& p) {
  constexpr std::size_t kMaxDepth = 64;
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        const std::size_t line = line_of(text, i);
        p = fc.file_problem("json_syntax", Message{"import.json_too_deep", {{"max_depth", kMaxDepth}, {"line", line}}},
                            line);
        return false;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  // The engine's reader (core/json_reader.hpp): a key given twice is refused
  // rather than the last value kept silently, and 1e999 is a syntax problem
  // rather than an exception.
  JsonReadError err;
  if (read_json(text, out, err)) return true;
  if (err.kind == JsonReadError::Kind::duplicate_key) {
    p = fc.file_problem("duplicate_key",
                        Message{"import.json_duplicate_key",
                                {{"key", utf8_prefix(err.key, kShownName)}, {"field", err.path}, {"line", err.line}}},
                        err.line);
    p.field = err.path;
    return false;
  }
  const std::size_t byte = err.byte + 1;
  p = fc.file_problem(
      "json_syntax",
      err.kind == JsonReadError::Kind::number_overflow
          ? Message{"import.json_number_overflow", {{"line", err.line}, {"offset", byte}, {"detail", err.detail}}}
          : Message{"import.json_syntax", {{"line", err.line}, {"offset", byte}, {"detail", err.detail}}},
      err.line);
  return false;
}

std::optional<Problem> seal_problem(const FileContext& fc, const Json& doc) {
  const SealCheck c = check_seal(doc);
  if (c.status == SealStatus::absent || c.status == SealStatus::valid) return std::nullopt;
  Problem p;
  if (c.status == SealStatus::mismatch) {
    const std::string expected(utf8_prefix(c.expected, kShownDigest)), actual(utf8_prefix(c.actual, kShownDigest));
    auto e = doc.find("engine");
    if (e != doc.end() && e->is_object() && e->contains("version") && (*e)["version"].is_string()) {
      p = fc.file_problem(
          "integrity_mismatch",
          Message{"import.integrity_mismatch_by",
                  {{"version", utf8_prefix((*e)["version"].get_ref<const std::string&>(), kShownVersion)},
                   {"expected", expected},
                   {"actual", actual}}});
    } else {
      p = fc.file_problem("integrity_mismatch",
                          Message{"import.integrity_mismatch", {{"expected", expected}, {"actual", actual}}});
    }
  } else {
    p = fc.file_problem("integrity_invalid", Message{"import.integrity_invalid", {{"method", kIntegrityMethod}}});
  }
  p.severity = Severity::warning;
  p.field = "/integrity";
  return p;
}

std::string json_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json lang_json(const std::vector<std::string>& langs, std::uint32_t lang) {
  return lang ? Json(langs[lang]) : Json(nullptr);
}

Json submitted_json(const std::vector<std::string>& submitted, std::size_t r) {
  return r >= submitted.size() || submitted[r].empty() ? Json(nullptr) : Json(submitted[r]);
}

void put_record_source(Json& rec, const std::vector<std::string>& extra_names,
                       const std::vector<std::vector<std::string>>& extra, const std::vector<std::string>& files,
                       const SourceRow& source, std::size_t r) {
  if (!extra_names.empty()) {
    Json ex = Json::object();
    for (std::size_t c = 0; c < extra_names.size(); ++c) {
      if (!extra[c][r].empty()) ex[extra_names[c]] = extra[c][r];
    }
    rec["extra"] = std::move(ex);
  }
  rec["file"] = files[source.file];
  rec["row"] = source.row;
}

Json counts_by_name(const std::vector<std::string>& names, const std::vector<std::uint32_t>& column, bool skip_empty) {
  std::vector<std::size_t> n(names.size(), 0);
  for (auto v : column) {
    if (v < n.size()) ++n[v];  // not a name (ResponseTable::kNoProgramme)
  }
  Json o = Json::object();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (skip_empty && names[i].empty()) continue;
    o[names[i]] = n[i];
  }
  return o;
}

}  // namespace assess::data::detail
