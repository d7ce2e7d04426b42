// Handlers of the qualitative strand's ops (issue 19): validate_coding (a
// codebook or a coding file), texts (the texts to code, from response
// files, plain-text essays and CSV files), coding_agreement (per theme and
// overall, on text x theme presence, by the agreement kernels) and
// coding_consensus (the coders' files and the team's resolutions -> one
// coding file). In the engine of every op only (api/registry.cpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "api/ops.hpp"
#include "api/stats_json.hpp"
#include "api/study_args.hpp"
#include "assess/agreement/cohen_kappa.hpp"
#include "assess/agreement/fleiss_kappa.hpp"
#include "assess/agreement/krippendorff_alpha.hpp"
#include "assess/core/integrity.hpp"
#include "assess/core/numeric.hpp"
#include "assess/data/coding.hpp"
#include "assess/data/file_store.hpp"

namespace assess::api::detail {
namespace {

// Krippendorff's threshold for tentative conclusions (Krippendorff 2004, 241).
constexpr double kAlphaTentative = 0.667;

[[noreturn]] void fail_in(Error e, const std::string& prefix) {
  e.path = prefix + e.path;
  fail(e);
}

data::Codebook codebook_arg(Args& a) {
  const Json doc = document_arg(a, "codebook", true);
  auto cb = data::parse_codebook(doc);
  if (!cb.ok()) fail_in(cb.error(), "/codebook");
  return std::move(cb).value();
}

// The coders' files: each parsed against the codebook; coder ids distinct.
// A file whose seal does not match its content is read with a warning.
std::vector<data::Coding> coders_arg(Args& a, const data::Codebook& cb, std::size_t at_least,
                                     std::vector<Message>& warnings) {
  const Json& v = a.value("coders");
  if (!v.is_array()) {
    fail(ErrorCode::invalid_input, Message{"coding.coders_not_array", {json_type_param(v)}}, "/coders");
  }
  if (v.size() < at_least) {
    fail(ErrorCode::insufficient_data, Message{"coding.too_few_coders", {{"n", v.size()}, {"min", at_least}}},
         "/coders");
  }
  std::vector<data::Coding> out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string key = "coders/" + std::to_string(i);
    const Json doc = document_value(v[i], key);
    auto c = data::parse_coding(doc, &cb);
    if (!c.ok()) fail_in(c.error(), "/" + key);
    for (const auto& other : out) {
      if (other.coder == c.value().coder) {
        fail(ErrorCode::invalid_input, Message{"coding.coder_repeat", {{"index", i}, {"coder", other.coder}}},
             "/" + key + "/coder");
      }
    }
    const SealCheck seal = check_seal(doc);
    if (seal.status == SealStatus::mismatch || seal.status == SealStatus::invalid) {
      warnings.push_back(Message{"coding.seal_not_valid", {{"index", i}, {"coder", c.value().coder}}});
    }
    out.push_back(std::move(c).value());
  }
  return out;
}

// The texts of the agreement: hashes, or objects with a hash (the op texts'
// result or its `texts`); with their lengths when given. Empty when absent.
struct GivenTexts {
  bool given = false;
  std::vector<std::string> hashes;
  std::map<std::string, long> length;
};

GivenTexts texts_arg(Args& a) {
  GivenTexts g;
  const Json* v = a.value_or_null("texts");
  if (v == nullptr || v->is_null()) return g;
  const Json* list = v;
  std::string base = "/texts";
  if (v->is_object() && v->contains("texts")) {
    list = &(*v)["texts"];
    base = "/texts/texts";
  }
  if (!list->is_array()) {
    fail(ErrorCode::invalid_input, Message{"coding.texts_not_array", {json_type_param(*list)}}, base);
  }
  g.given = true;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& e = (*list)[i];
    const std::string at = base + "/" + std::to_string(i);
    const Json* h = e.is_object() && e.contains("hash") ? &e["hash"] : &e;
    if (!h->is_string() || h->get<std::string>().size() != 64) {
      fail(ErrorCode::invalid_input, Message{"coding.texts_entry", {{"field", at}}}, at);
    }
    const std::string hash = h->get<std::string>();
    if (!seen.insert(hash).second) continue;  // a text listed twice is one unit
    g.hashes.push_back(hash);
    if (e.is_object() && e.contains("length") && e["length"].is_number_integer()) {
      g.length[hash] = e["length"].get<long>();
    }
  }
  return g;
}

// 1 when the coder marked the theme for the text, 0 when the coder coded the
// text but did not mark it, NaN when the coder did not code it.
struct Units {
  std::vector<std::string> hashes;
  // presence[theme][coder][text]
  std::vector<std::vector<std::vector<double>>> presence;
};

Units units_of(const std::vector<data::Coding>& coders, const data::Codebook& cb, const GivenTexts& given,
               std::vector<Message>& warnings) {
  Units u;
  std::map<std::string, std::size_t> index;
  if (given.given) {
    for (const auto& h : given.hashes) index.emplace(h, u.hashes.size()), u.hashes.push_back(h);
  } else {
    for (const auto& c : coders) {
      for (const auto& t : c.texts) {
        if (index.emplace(t.hash, u.hashes.size()).second) u.hashes.push_back(t.hash);
      }
    }
  }
  const std::size_t n = u.hashes.size();
  u.presence.assign(cb.themes.size(),
                    std::vector<std::vector<double>>(coders.size(), std::vector<double>(n, kMissing)));
  for (std::size_t c = 0; c < coders.size(); ++c) {
    std::size_t outside = 0;
    for (std::size_t i = 0; i < coders[c].texts.size(); ++i) {
      const auto& t = coders[c].texts[i];
      auto it = index.find(t.hash);
      if (it == index.end()) {
        ++outside;
        continue;
      }
      auto len = given.length.find(t.hash);
      for (std::size_t q = 0; q < t.quotes.size(); ++q) {
        if (len != given.length.end() && t.quotes[q].end > len->second) {
          const std::string at =
              "/coders/" + std::to_string(c) + "/texts/" + std::to_string(i) + "/quotes/" + std::to_string(q) + "/end";
          fail(ErrorCode::invalid_input,
               Message{"coding.quote_beyond_text", {{"field", at}, {"end", t.quotes[q].end}, {"length", len->second}}},
               at);
        }
      }
      for (std::size_t th = 0; th < cb.themes.size(); ++th) u.presence[th][c][it->second] = 0;
      for (const auto& id : t.themes) u.presence[static_cast<std::size_t>(cb.theme_index(id))][c][it->second] = 1;
    }
    if (outside > 0) {
      warnings.push_back(Message{"coding.texts_left_out", {{"coder", coders[c].coder}, {"n", outside}}});
    }
  }
  return u;
}

// Mean over coder pairs (with a unit both coded) of the share of their
// shared units on which they agree; NaN when no pair shares a unit.
double percent_agreement(const std::vector<std::vector<double>>& m) {
  double sum = 0;
  int pairs = 0;
  for (std::size_t a = 0; a < m.size(); ++a) {
    for (std::size_t b = a + 1; b < m.size(); ++b) {
      long both = 0, same = 0;
      for (std::size_t u = 0; u < m[a].size(); ++u) {
        if (is_missing(m[a][u]) || is_missing(m[b][u])) continue;
        ++both;
        same += m[a][u] == m[b][u] ? 1 : 0;
      }
      if (both == 0) continue;
      sum += static_cast<double>(same) / static_cast<double>(both);
      ++pairs;
    }
  }
  return pairs == 0 ? kMissing : 100.0 * sum / pairs;
}

long pairable_units(const std::vector<std::vector<double>>& m) {
  long n = 0;
  for (std::size_t u = 0; m.size() > 0 && u < m[0].size(); ++u) {
    int coded = 0;
    for (const auto& row : m) coded += is_missing(row[u]) ? 0 : 1;
    n += coded >= 2 ? 1 : 0;
  }
  return n;
}

double alpha_nominal(const std::vector<std::vector<double>>& m) {
  auto r = agreement::krippendorff_alpha(m, agreement::AlphaLevel::nominal);
  return r.ok() ? r.value().alpha : kMissing;
}

Json theme_agreement(const std::string& id, const std::vector<std::vector<double>>& m) {
  Json out{{"theme", id}, {"n_units", pairable_units(m)}};
  double kappa = kMissing;
  double fleiss = kMissing;
  auto as_codes = [](const std::vector<double>& row) {
    std::vector<int> c(row.size());
    for (std::size_t u = 0; u < row.size(); ++u)
      c[u] = is_missing(row[u]) ? agreement::kNoCode : static_cast<int>(row[u]);
    return c;
  };
  if (m.size() == 2) {
    auto r = agreement::cohen_kappa(as_codes(m[0]), as_codes(m[1]), 2, agreement::KappaWeights::none);
    if (r.ok()) kappa = r.value().kappa;
  } else {
    std::vector<std::vector<int>> codes;
    for (const auto& row : m) codes.push_back(as_codes(row));
    auto r = agreement::fleiss_kappa(codes, 2);
    if (r.ok()) fleiss = r.value().kappa;
  }
  const double alpha = alpha_nominal(m);
  out["cohen_kappa"] = m.size() == 2 ? num(kappa) : Json(nullptr);
  out["fleiss_kappa"] = m.size() >= 3 ? num(fleiss) : Json(nullptr);
  out["alpha"] = num(alpha);
  out["percent_agreement"] = num(percent_agreement(m));
  out["flag"] = std::isfinite(alpha) ? Json(alpha < kAlphaTentative) : Json(nullptr);
  return out;
}

}  // namespace

Json op_validate_coding(Args& a) {
  const Json doc = document_arg(a, "document", true);
  const Json* f = doc.is_object() ? &doc["format"] : nullptr;
  if (f != nullptr && f->is_string() && f->get<std::string>() == data::kCodebookFormat) {
    auto cb = data::parse_codebook(doc);
    if (!cb.ok()) fail_in(cb.error(), "/document");
    Json themes = Json::array();
    for (const auto& t : cb.value().themes) {
      themes.push_back(Json{{"id", t.id}, {"parent", t.parent.empty() ? Json(nullptr) : Json(t.parent)}});
    }
    Json out{{"valid", true},
             {"kind", "codebook"},
             {"format", data::kCodebookFormat},
             {"id", cb.value().id},
             {"version", cb.value().version},
             {"languages", cb.value().languages},
             {"themes", std::move(themes)}};
    put_warnings(out, {});
    return out;
  }
  const Json cbdoc = document_arg(a, "codebook", false);
  data::Codebook cb;
  const bool with_codebook = !cbdoc.is_null();
  if (with_codebook) cb = codebook_arg(a);
  auto c = data::parse_coding(doc, with_codebook ? &cb : nullptr);
  if (!c.ok()) fail_in(c.error(), "/document");
  std::size_t quotes = 0;
  for (const auto& t : c.value().texts) quotes += t.quotes.size();
  Json out{{"valid", true},
           {"kind", "coding"},
           {"format", data::kCodingFormat},
           {"coder", c.value().coder},
           {"codebook", Json{{"id", c.value().codebook_id}, {"version", c.value().codebook_version}}},
           {"n_texts", c.value().texts.size()},
           {"n_quotes", quotes},
           {"seal", to_string(check_seal(doc).status)}};
  put_warnings(out, {});
  return out;
}

Json op_texts(Args& a) {
  data::ImportReport report;
  std::vector<data::TextRecord> texts;
  // Open answers of response files: the study's instruments (or one
  // instrument) and the files, read by the study importer.
  if (a.has("files") || a.has("records")) {
    const std::optional<instrument::Study> study = study_arg(a);
    std::vector<instrument::Instrument> docs;
    if (study) {
      docs = study_instruments_arg(a, *study);
    } else {
      docs.push_back(instrument_arg(a, true));
    }
    data::ImportOptions options;
    options.code_check = code_check_arg(a);
    std::vector<std::string> storage;
    const RecordsBundle bundle{study && study->format == 2 ? "assess-responses/2" : "assess-responses/1", "responses"};
    const auto files = files_arg(a, storage, &bundle);
    std::vector<const instrument::Instrument*> ptrs;
    for (const auto& d : docs) ptrs.push_back(&d);
    std::vector<data::ResponseTable> tables;
    if (study) {
      auto r = data::import_study_responses(*study, ptrs, files, report, options);
      if (!r.ok()) fail(r.error());
      tables = std::move(r).value();
    } else {
      auto r = data::import_responses(docs.front(), nullptr, files, report, options);
      if (!r.ok()) fail(r.error());
      tables.push_back(std::move(r).value());
    }
    for (const auto& t : tables) data::response_texts(t, texts);
  }
  // Plain-text essays and CSV files: [{name, text}] or {name} for stored bytes.
  auto text_files = [&](const char* key, std::vector<std::string>& storage) {
    std::vector<data::InputFile> files;
    const Json* v = a.value_or_null(key);
    if (v == nullptr || v->is_null()) return files;
    if (!v->is_array()) {
      fail(ErrorCode::invalid_input, Message{"texts.files_not_array", {{"arg", key}, json_type_param(*v)}},
           std::string("/") + key);
    }
    storage.reserve(v->size());
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& e = (*v)[i];
      const std::string at = std::string("/") + key + "/" + std::to_string(i);
      if (!e.is_object() || !e.contains("name") || !e["name"].is_string()) {
        fail(ErrorCode::invalid_input, Message{"texts.file_entry", {{"field", at}}}, at);
      }
      const std::string name = e["name"].get<std::string>();
      if (e.contains("text") && e["text"].is_string()) {
        storage.push_back(e["text"].get<std::string>());
      } else if (const std::string* stored = data::stored_file(name)) {
        storage.push_back(*stored);
      } else {
        fail(ErrorCode::invalid_input, Message{"texts.file_entry", {{"field", at}}}, at);
      }
      files.push_back(data::InputFile{name, {}});
    }
    for (std::size_t i = 0; i < files.size(); ++i) files[i].text = storage[i];
    return files;
  };
  std::vector<std::string> doc_storage, csv_storage;
  const auto docs = text_files("documents", doc_storage);
  const auto csvs = text_files("csv", csv_storage);
  data::TextCsvColumns columns;
  if (!csvs.empty()) {
    columns.code = a.string("code_column");
    columns.text = a.string("text_column");
    columns.programme = a.string_or("programme_column", "");
    columns.group = a.string_or("group_column", "");
    columns.wave = a.string_or("wave_column", "");
    columns.item = a.string_or("item_column", "");
  }
  data::ImportReport doc_report, csv_report;
  data::document_texts(docs, texts, doc_report);
  data::csv_texts(csvs, columns, texts, csv_report);
  for (const data::ImportReport* r : {&doc_report, &csv_report}) {
    report.problems.insert(report.problems.end(), r->problems.begin(), r->problems.end());
    report.files += r->files;
    report.files_rejected += r->files_rejected;
    report.rows += r->rows;
    report.records += r->records;
    report.records_rejected += r->records_rejected;
    report.errors += r->errors;
    report.warnings += r->warnings;
  }
  data::drop_repeated_texts(texts, report);
  if (!a.has("files") && !a.has("records") && docs.empty() && csvs.empty()) {
    fail(ErrorCode::invalid_input, Message{"texts.no_input"}, "");
  }
  Json list = Json::array();
  auto opt = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  for (const auto& t : texts) {
    list.push_back(Json{{"hash", t.hash},
                        {"code", t.code},
                        {"programme", opt(t.programme)},
                        {"group", opt(t.group)},
                        {"wave", opt(t.wave)},
                        {"item", opt(t.item)},
                        {"length", data::code_point_count(t.text)},
                        {"source", t.source},
                        {"file", t.file},
                        {"row", t.row},
                        {"text", t.text}});
  }
  Json counts = Json::object();
  counts["texts"] = texts.size();
  add_import_counts(counts, report);
  Json out{{"texts", std::move(list)}, {"counts", std::move(counts)}, {"problems", problems_json(report.problems)}};
  put_warnings(out, {});
  return out;
}

Json op_coding_agreement(Args& a) {
  std::vector<Message> warnings;
  const data::Codebook cb = codebook_arg(a);
  const auto coders = coders_arg(a, cb, 2, warnings);
  const GivenTexts given = texts_arg(a);
  const Units u = units_of(coders, cb, given, warnings);
  Json themes = Json::array();
  // Overall: every text x theme unit, theme by theme.
  std::vector<std::vector<double>> all(coders.size());
  for (std::size_t th = 0; th < cb.themes.size(); ++th) {
    themes.push_back(theme_agreement(cb.themes[th].id, u.presence[th]));
    for (std::size_t c = 0; c < coders.size(); ++c) {
      all[c].insert(all[c].end(), u.presence[th][c].begin(), u.presence[th][c].end());
    }
  }
  const double overall = alpha_nominal(all);
  Json disagreements = Json::array();
  for (std::size_t t = 0; t < u.hashes.size(); ++t) {
    for (std::size_t th = 0; th < cb.themes.size(); ++th) {
      Json present = Json::array(), absent = Json::array();
      for (std::size_t c = 0; c < coders.size(); ++c) {
        const double v = u.presence[th][c][t];
        if (is_missing(v)) continue;
        (v == 1 ? present : absent).push_back(coders[c].coder);
      }
      if (present.empty() || absent.empty()) continue;
      disagreements.push_back(Json{{"hash", u.hashes[t]},
                                   {"theme", cb.themes[th].id},
                                   {"coders_present", std::move(present)},
                                   {"coders_absent", std::move(absent)}});
    }
  }
  Json coder_ids = Json::array();
  for (const auto& c : coders) coder_ids.push_back(c.coder);
  Json out{{"codebook", Json{{"id", cb.id}, {"version", cb.version}}},
           {"coders", std::move(coder_ids)},
           {"n_texts", u.hashes.size()},
           {"themes", std::move(themes)},
           {"overall", Json{{"alpha", num(overall)},
                            {"percent_agreement", num(percent_agreement(all))},
                            {"n_units", pairable_units(all)},
                            {"flag", std::isfinite(overall) ? Json(overall < kAlphaTentative) : Json(nullptr)}}},
           {"threshold", kAlphaTentative},
           {"disagreements", std::move(disagreements)}};
  put_warnings(out, warnings);
  return out;
}

Json op_coding_consensus(Args& a) {
  std::vector<Message> warnings;
  const data::Codebook cb = codebook_arg(a);
  const auto coders = coders_arg(a, cb, 1, warnings);
  const GivenTexts given = texts_arg(a);
  const Units u = units_of(coders, cb, given, warnings);
  std::map<std::string, std::size_t> text_index;
  for (std::size_t t = 0; t < u.hashes.size(); ++t) text_index.emplace(u.hashes[t], t);
  // The team's decisions: [{hash, theme, present}].
  std::map<std::pair<std::size_t, std::size_t>, bool> decided;
  const Json* res = a.value_or_null("resolutions");
  if (res != nullptr && !res->is_null()) {
    if (!res->is_array()) {
      fail(ErrorCode::invalid_input, Message{"coding.resolutions_not_array", {json_type_param(*res)}}, "/resolutions");
    }
    for (std::size_t i = 0; i < res->size(); ++i) {
      const Json& r = (*res)[i];
      const std::string at = "/resolutions/" + std::to_string(i);
      if (!r.is_object() || !r.contains("hash") || !r["hash"].is_string() || !r.contains("theme") ||
          !r["theme"].is_string() || !r.contains("present") || !r["present"].is_boolean()) {
        fail(ErrorCode::invalid_input, Message{"coding.resolution_entry", {{"field", at}}}, at);
      }
      auto t = text_index.find(r["hash"].get<std::string>());
      if (t == text_index.end()) {
        fail(ErrorCode::invalid_input, Message{"coding.resolution_unknown_text", {{"field", at + "/hash"}}},
             at + "/hash");
      }
      const int th = cb.theme_index(r["theme"].get<std::string>());
      if (th < 0) {
        fail(ErrorCode::invalid_input,
             Message{"coding.theme_unknown",
                     {{"field", at + "/theme"}, {"id", r["theme"].get<std::string>()}, {"codebook", cb.id}}},
             at + "/theme");
      }
      decided[{t->second, static_cast<std::size_t>(th)}] = r["present"].get<bool>();
    }
  }
  data::Coding out;
  out.coder = "consensus";
  out.codebook_id = cb.id;
  out.codebook_version = cb.version;
  Json unresolved = Json::array();
  for (std::size_t t = 0; t < u.hashes.size(); ++t) {
    data::CodedText ct;
    ct.hash = u.hashes[t];
    bool coded = false;
    for (std::size_t th = 0; th < cb.themes.size(); ++th) {
      int yes = 0, no = 0;
      for (std::size_t c = 0; c < coders.size(); ++c) {
        const double v = u.presence[th][c][t];
        if (is_missing(v)) continue;
        (v == 1 ? yes : no) += 1;
      }
      coded = coded || yes + no > 0;
      bool present = yes > 0 && no == 0;
      auto d = decided.find({t, th});
      if (d != decided.end()) {
        present = d->second;
      } else if (yes > 0 && no > 0) {
        // Not yet resolved: the majority of the coders who coded the text
        // (a tie is absent), listed so that the team sees it.
        present = yes > no;
        unresolved.push_back(Json{{"hash", ct.hash}, {"theme", cb.themes[th].id}, {"present", present}});
      }
      if (present) ct.themes.push_back(cb.themes[th].id);
    }
    if (!coded && decided.empty()) continue;
    // The coders' quotes of the themes kept, each passage once.
    std::set<std::tuple<std::string, long, long>> seen;
    for (const auto& c : coders) {
      for (const auto& ctext : c.texts) {
        if (ctext.hash != ct.hash) continue;
        for (const auto& q : ctext.quotes) {
          if (std::find(ct.themes.begin(), ct.themes.end(), q.theme) == ct.themes.end()) continue;
          if (seen.emplace(q.theme, q.start, q.end).second) ct.quotes.push_back(q);
        }
      }
    }
    out.texts.push_back(std::move(ct));
  }
  Json doc = data::coding_json(out);
  const bool sealed = a.boolean("seal", true);
  if (sealed) doc = seal(std::move(doc));
  Json result{{"coding", std::move(doc)}, {"unresolved", std::move(unresolved)}, {"n_texts", out.texts.size()}};
  result["complete"] = result["unresolved"].empty();
  put_warnings(result, warnings);
  return result;
}

}  // namespace assess::api::detail
