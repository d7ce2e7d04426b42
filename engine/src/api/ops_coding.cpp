// Handlers of the qualitative strand's ops (issue 19): validate_coding (a
// codebook or a coding file), texts (the texts to code, from response
// files, plain-text essays and CSV files), coding_agreement (per theme and
// overall, on text x theme presence, by the agreement kernels) and
// coding_consensus (the coders' files and the team's resolutions -> one
// coding file) and theme_analysis (frequencies, by programme, group and
// wave, co-occurrence, the joint display with the gains). In the engine of every op only (api/registry.cpp).
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
#include "assess/htest/chi_square.hpp"
#include "assess/htest/fisher_exact.hpp"
#include "assess/htest/independent_t.hpp"
#include "assess/htest/p_adjust.hpp"

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
    codes.reserve(m.size());
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
  // find, not operator[]: a const object without "format" has no element to return.
  const auto fit = doc.is_object() ? doc.find("format") : doc.end();
  const Json* f = fit != doc.end() ? &*fit : nullptr;
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
  if (f == nullptr || !f->is_string() || f->get<std::string>() != data::kCodingFormat) {
    const Json shown = f == nullptr ? Json(nullptr) : *f;
    fail(ErrorCode::invalid_input,
         doc.is_object() ? Message{"coding.unknown_format", {{"text", shown.dump()}}}
                         : Message{"coding.document_not_object", {json_type_param(doc)}},
         doc.is_object() ? "/document/format" : "/document");
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
    ptrs.reserve(docs.size());
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
  data::check_repeated_texts(texts, report);
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
    bool coded = false;  // by a coder, or decided by the team
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
        coded = true;
      } else if (yes > 0 && no > 0) {
        // Not yet resolved: the majority of the coders who coded the text
        // (a tie is absent), listed so that the team sees it.
        present = yes > no;
        unresolved.push_back(Json{{"hash", ct.hash}, {"theme", cb.themes[th].id}, {"present", present}});
      }
      if (present) ct.themes.push_back(cb.themes[th].id);
    }
    if (!coded) continue;
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

// ---------------------------------------------------------------- theme_analysis

namespace assess::api::detail {
namespace {

// A coded text of the analysis: its student and groupings, the themes marked.
struct CodedUnit {
  std::string code;
  std::string by[3];          // programme, group, wave ("" = not given)
  std::vector<char> mention;  // per theme
};

const char* const kByNames[3] = {"programme", "group", "wave"};

double pct(long k, long n) { return n == 0 ? kMissing : 100.0 * static_cast<double>(k) / static_cast<double>(n); }

// The test of a theme across the levels of one grouping (students x
// mention): chi-square when every expected count is at least 5 (2 x 2: R's
// chisq.test with Yates' correction), else for a 2 x 2 table Fisher's exact
// test, else none; none either when fewer than 5 students mention the theme
// or a student is in more than one level.
Json level_test(const std::vector<std::vector<double>>& table, long mentioned, bool overlap) {
  Json t{{"method", nullptr}, {"statistic", nullptr}, {"df", nullptr}, {"p", nullptr}, {"reason", nullptr}};
  if (table.size() < 2) {
    t["reason"] = "one_level";
    return t;
  }
  if (mentioned < 5) {
    t["reason"] = "fewer_than_5_students";
    return t;
  }
  if (overlap) {
    t["reason"] = "students_in_several_levels";
    return t;
  }
  auto chi = htest::chi_square(table, true);
  if (!chi.ok()) {
    t["reason"] = "no_variation";
    return t;
  }
  double min_expected = 1e300;
  for (const auto& row : chi.value().expected) {
    for (double e : row) min_expected = std::min(min_expected, e);
  }
  if (min_expected >= 5 && std::isfinite(chi.value().p)) {
    t["method"] = chi.value().yates ? "chi_square_yates" : "chi_square";
    t["statistic"] = num(chi.value().chi2);
    t["df"] = num(chi.value().df);
    t["p"] = num(chi.value().p);
    return t;
  }
  if (table.size() == 2) {
    auto f = htest::fisher_exact(table[0][0], table[0][1], table[1][0], table[1][1]);
    if (f.ok()) {
      t["method"] = "fisher_exact";
      t["p"] = num(f.value().p);
      return t;
    }
  }
  t["reason"] = "expected_below_5";
  return t;
}

}  // namespace

Json op_theme_analysis(Args& a) {
  std::vector<Message> warnings;
  const data::Codebook cb = codebook_arg(a);
  const Json coding_doc = document_arg(a, "coding", true);
  auto parsed = data::parse_coding(coding_doc, &cb);
  if (!parsed.ok()) fail_in(parsed.error(), "/coding");
  const data::Coding& coding = parsed.value();
  const std::size_t nt = cb.themes.size();
  // The texts with their students: the op texts' result or its texts.
  const Json& tv = a.value("texts");
  const Json* list = tv.is_object() && tv.contains("texts") ? &tv["texts"] : &tv;
  if (!list->is_array()) {
    fail(ErrorCode::invalid_input, Message{"coding.texts_not_array", {json_type_param(*list)}}, "/texts");
  }
  std::map<std::string, const data::CodedText*> coded;
  for (const auto& t : coding.texts) coded.emplace(t.hash, &t);
  std::vector<CodedUnit> units;
  std::set<std::string> used_hashes;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& e = (*list)[i];
    const std::string at = "/texts/" + std::to_string(i);
    if (!e.is_object() || !e.contains("hash") || !e["hash"].is_string() || !e.contains("code") ||
        !e["code"].is_string()) {
      fail(ErrorCode::invalid_input, Message{"coding.analysis_text_entry", {{"field", at}}}, at);
    }
    auto it = coded.find(e["hash"].get<std::string>());
    if (it == coded.end()) continue;  // not coded: not in the analysis
    used_hashes.insert(it->first);
    CodedUnit u;
    u.code = e["code"].get<std::string>();
    for (int b = 0; b < 3; ++b) {
      if (e.contains(kByNames[b]) && e[kByNames[b]].is_string()) u.by[b] = e[kByNames[b]].get<std::string>();
    }
    u.mention.assign(nt, 0);
    for (const auto& id : it->second->themes) u.mention[static_cast<std::size_t>(cb.theme_index(id))] = 1;
    units.push_back(std::move(u));
  }
  if (used_hashes.size() < coding.texts.size()) {
    warnings.push_back(Message{"coding.analysis_texts_unknown", {{"n", coding.texts.size() - used_hashes.size()}}});
  }
  // Students: a student mentions a theme when any of their texts does.
  std::map<std::string, std::vector<char>> student;
  for (const auto& u : units) {
    auto& m = student.emplace(u.code, std::vector<char>(nt, 0)).first->second;
    for (std::size_t th = 0; th < nt; ++th) m[th] = static_cast<char>(m[th] | u.mention[th]);
  }
  const long n_students = static_cast<long>(student.size());
  const long n_texts = static_cast<long>(units.size());
  std::vector<long> students_with(nt, 0), texts_with(nt, 0);
  for (const auto& [code, m] : student) {
    for (std::size_t th = 0; th < nt; ++th) students_with[th] += m[th];
  }
  for (const auto& u : units) {
    for (std::size_t th = 0; th < nt; ++th) texts_with[th] += u.mention[th];
  }
  // By programme, group and wave: per level, the students with a coded
  // text of that level, mentioning when one of those texts does.
  Json by = Json::object();
  for (int b = 0; b < 3; ++b) {
    std::map<std::string, std::map<std::string, std::vector<char>>> levels;  // level -> student -> mention
    std::map<std::string, std::set<std::string>> student_levels;
    for (const auto& u : units) {
      if (u.by[b].empty()) continue;
      auto& m = levels[u.by[b]].emplace(u.code, std::vector<char>(nt, 0)).first->second;
      for (std::size_t th = 0; th < nt; ++th) m[th] = static_cast<char>(m[th] | u.mention[th]);
      student_levels[u.code].insert(u.by[b]);
    }
    if (levels.empty()) continue;
    bool overlap = false;
    for (const auto& [code, ls] : student_levels) overlap = overlap || ls.size() > 1;
    Json rows = Json::array();
    for (std::size_t th = 0; th < nt; ++th) {
      Json per = Json::array();
      std::vector<std::vector<double>> table;
      for (const auto& [level, st] : levels) {
        long k = 0;
        for (const auto& [code, m] : st) k += m[th];
        const long n = static_cast<long>(st.size());
        per.push_back(Json{{"level", level}, {"students", n}, {"mentioning", k}, {"percent", num(pct(k, n))}});
        table.push_back({static_cast<double>(k), static_cast<double>(n - k)});
      }
      rows.push_back(Json{{"theme", cb.themes[th].id},
                          {"levels", std::move(per)},
                          {"test", level_test(table, students_with[th], overlap)}});
    }
    by[kByNames[b]] = std::move(rows);
  }
  Json themes = Json::array();
  for (std::size_t th = 0; th < nt; ++th) {
    themes.push_back(Json{{"theme", cb.themes[th].id},
                          {"parent", cb.themes[th].parent.empty() ? Json(nullptr) : Json(cb.themes[th].parent)},
                          {"students", students_with[th]},
                          {"students_percent", num(pct(students_with[th], n_students))},
                          {"texts", texts_with[th]},
                          {"texts_percent", num(pct(texts_with[th], n_texts))}});
  }
  // Co-occurrence over coded texts: counts (the diagonal: texts with the
  // theme) and Jaccard = both / either.
  Json counts = Json::array(), jaccard = Json::array();
  for (std::size_t i = 0; i < nt; ++i) {
    Json cr = Json::array(), jr = Json::array();
    for (std::size_t j = 0; j < nt; ++j) {
      long both = 0, either = 0;
      for (const auto& u : units) {
        both += u.mention[i] && u.mention[j] ? 1 : 0;
        either += u.mention[i] || u.mention[j] ? 1 : 0;
      }
      cr.push_back(both);
      jr.push_back(either == 0 ? Json(nullptr) : num(static_cast<double>(both) / static_cast<double>(either)));
    }
    counts.push_back(std::move(cr));
    jaccard.push_back(std::move(jr));
  }
  Json ids = Json::array();
  for (const auto& t : cb.themes) ids.push_back(t.id);
  // The joint display: per subscale and theme, the gains of the students who
  // mention the theme against those who do not.
  Json joint = Json::array();
  const Json* gains = a.value_or_null("gains");
  if (gains != nullptr && !gains->is_null()) {
    if (!gains->is_object()) {
      fail(ErrorCode::invalid_input, Message{"coding.gains_not_object", {json_type_param(*gains)}}, "/gains");
    }
    for (auto sc = gains->begin(); sc != gains->end(); ++sc) {
      const std::string at = "/gains/" + pointer_token(sc.key());
      if (!sc.value().is_object()) {
        fail(ErrorCode::invalid_input, Message{"coding.gains_not_object", {json_type_param(sc.value())}}, at);
      }
      Json rows = Json::array();
      std::vector<double> ps;
      std::vector<std::size_t> tested;
      for (std::size_t th = 0; th < nt; ++th) {
        std::vector<double> with, without;
        for (const auto& [code, m] : student) {
          auto g = sc.value().find(code);
          if (g == sc.value().end() || g->is_null()) continue;
          if (!g->is_number()) {
            const std::string p = at + "/" + pointer_token(code);
            fail(ErrorCode::invalid_input, Message{"coding.gain_not_number", {{"field", p}, json_type_param(*g)}}, p);
          }
          (m[th] ? with : without).push_back(g->get<double>());
        }
        Json row{{"theme", cb.themes[th].id},
                 {"n_mention", with.size()},
                 {"n_other", without.size()},
                 {"mean_mention", nullptr},
                 {"mean_other", nullptr},
                 {"sd_mention", nullptr},
                 {"sd_other", nullptr},
                 {"mean_diff", nullptr},
                 {"t", nullptr},
                 {"df", nullptr},
                 {"p", nullptr},
                 {"d", nullptr},
                 {"p_holm", nullptr}};
        auto t = htest::independent_t(with, without, false);
        if (t.ok()) {
          const auto& r = t.value();
          row["mean_mention"] = num(r.mean_x);
          row["mean_other"] = num(r.mean_y);
          row["sd_mention"] = num(r.sd_x);
          row["sd_other"] = num(r.sd_y);
          row["mean_diff"] = num(r.mean_diff);
          row["t"] = num(r.t);
          row["df"] = num(r.df);
          row["p"] = num(r.p);
          row["d"] = num(r.d);
          if (std::isfinite(r.p)) {
            ps.push_back(r.p);
            tested.push_back(th);
          }
        }
        rows.push_back(std::move(row));
      }
      if (!ps.empty()) {
        auto adj = htest::p_adjust(ps, htest::PAdjustMethod::holm);
        if (adj.ok()) {
          for (std::size_t k = 0; k < tested.size(); ++k) rows[tested[k]]["p_holm"] = num(adj.value().adjusted[k]);
        }
      }
      joint.push_back(Json{{"subscale", sc.key()}, {"themes", std::move(rows)}});
    }
  }
  Json out{{"codebook", Json{{"id", cb.id}, {"version", cb.version}}},
           {"coder", coding.coder},
           {"n_students", n_students},
           {"n_texts", n_texts},
           {"themes", std::move(themes)},
           {"by", std::move(by)},
           {"cooccurrence",
            Json{{"themes", std::move(ids)}, {"counts", std::move(counts)}, {"jaccard", std::move(jaccard)}}},
           {"joint", std::move(joint)}};
  put_warnings(out, warnings);
  return out;
}

}  // namespace assess::api::detail
