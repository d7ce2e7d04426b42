#include "importer.hpp"

#include <cmath>
#include <memory>

#include "assess/data/csv_writer.hpp"
#include "assess/data/text.hpp"

namespace assess::data::detail {

ImportCore::ImportCore(const TableColumns& columns, const KindInfo& info, ImportReport& report,
                       const ImportOptions& options)
    : cols_(columns),
      report_(report),
      info_(info),
      options_(options),
      sink_(report, options),
      langs_(columns.langs),
      look_alikes_(&columns.ids, false) {}

void ImportCore::set_document(const std::string& id, int version, const std::vector<std::string>& languages) {
  doc_ = MsgParam("doc", id);
  version_ = MsgParam("version", version);
  languages_ = &languages;
  langs_.add("");
  for (const auto& l : languages) langs_.add(l);
}

void ImportCore::set_values(Scale scale, bool numbered_ids) {
  for (std::size_t i = 0; i < cols_.ids.size(); ++i)
    id_by_lower_.emplace(lower_ascii(cols_.ids[i]), static_cast<int>(i));
  look_alikes_ = LookAlikes(&cols_.ids, numbered_ids);
  scale_ = scale;
  integer_ = MsgParam("integer", scale.integer ? 1 : 0);
  min_ = MsgParam("min", scale.min);
  max_ = MsgParam("max", scale.max);
}

// ---- problems -----------------------------------------------------------------------------------

void ImportCore::problem(const Where& w, const char* code, Severity severity, Build msg) {
  if (severity == Severity::record) bad_ = true;
  sink_.add(fc_.index, code, severity, [&] { return fc_.problem(w, code, severity, msg()); });
}

void ImportCore::problem(const Where& w, const char* code, Severity severity, const Message& msg) {
  problem(w, code, severity, Build([&msg] { return msg; }));
}

void ImportCore::file_problem(const char* code, Message msg, Severity severity) {
  Problem p = fc_.file_problem(code, std::move(msg));
  p.severity = severity;
  sink_.add(fc_.index, std::move(p));
}

// ---- files --------------------------------------------------------------------------------------

void ImportCore::begin_file(std::size_t index, const InputFile& file) {
  cols_.files.push_back(file.name);
  ++report_.files;
  fc_ = FileContext{};
  fc_.index = index;
  fc_.name = file.name;
  fc_.csv = !looks_like_json(file.text);
  fc_.record_word = info_.words.entry.english;
}

void ImportCore::end_file(bool ok, std::size_t rows_before) {
  contexts_.push_back(fc_);
  cols_.file_formats.push_back(fc_.csv ? FileFormat::csv : fc_.bundle ? FileFormat::json_bundle : FileFormat::json);
  if (!ok) {
    ++report_.files_rejected;
    report_.rows = rows_before;
  }
}

void ImportCore::finish_report(std::size_t records) {
  sink_.finish();
  report_.records = records;
  report_.records_rejected = report_.rows - report_.records - copies_ - chosen_;
}

bool ImportCore::csv_prologue(std::string_view text) {
  if (auto issue = check_utf8(text)) {
    sink_.add(fc_.index, encoding_problem(fc_, text, *issue));
    return false;
  }
  if (trim(text.substr(utf8_bom_length(text))).find_first_not_of("\r\n") == std::string_view::npos) {
    file_problem("empty_file",
                 Message{"import.empty_file", {word("kind", info_.words.kind), {"header", info_.header_example}}});
    return false;
  }
  return true;
}

bool ImportCore::map_header(const std::vector<std::string_view>& fields, Header& h,
                            FunctionRef<Message(std::string_view, const std::string&)> unknown_column,
                            FunctionRef<std::optional<Message>(const Header&)> other_kind) {
  h.names.reserve(fields.size());
  for (auto f : fields) h.names.emplace_back(trim(f));
  const std::size_t ncol = h.names.size();
  const auto nk = static_cast<std::size_t>(info_.n_columns);
  h.known.assign(nk, -1);
  h.value.assign(ncol, -1);
  h.extra.assign(ncol, -1);
  h.unnamed.assign(ncol, 0);
  bool ok = true;
  for (std::size_t c = 0; c < ncol; ++c) {
    const std::string& name = h.names[c];
    const Where w{1, c + 1, 1, name};
    if (name.empty()) {
      h.unnamed[c] = 1;
      continue;
    }
    std::string lower = lower_ascii(name);
    auto [it, fresh] = h.seen.emplace(lower, c);
    if (!fresh) {
      problem(
          w, "duplicate_column", Severity::file,
          Message{"import.duplicate_column", {{"name", shown(name)}, {"first", it->second + 1}, {"column", c + 1}}});
      ok = false;
      continue;
    }
    bool is_known = false;
    for (std::size_t k = 0; k < nk; ++k) {
      if (lower == info_.columns[k].name) h.known[k] = static_cast<int>(c), is_known = true;
    }
    if (is_known) continue;
    auto id = id_by_lower_.find(lower);
    if (id != id_by_lower_.end()) {
      h.value[c] = id->second;
      continue;
    }
    auto alias = alias_by_lower_.find(lower);
    if (alias != alias_by_lower_.end()) {
      h.value[c] = alias->second;
      continue;
    }
    const std::string* like = look_alikes_.find(name);
    for (std::size_t a = 0; like == nullptr && a < alias_names_.size(); ++a) {
      // a multi item's 0/1 column one edit away (roles_mentr for roles_mentor)
      if (within_one_edit(lower, lower_ascii(alias_names_[a]))) like = &alias_names_[a];
    }
    if (like) {
      problem(w, info_.unknown_column_code, Severity::file, unknown_column(name, *like));
      ok = false;
      continue;
    }
    h.extra[c] = static_cast<int>(extra_column(name));
  }
  if (auto other = other_kind(h)) {
    file_problem("wrong_format", std::move(*other));
    return false;
  }
  std::string required;
  for (std::size_t k = 0; k < nk; ++k) {
    if (info_.columns[k].required) required += (required.empty() ? "" : ", ") + std::string(info_.columns[k].name);
  }
  for (std::size_t k = 0; k < nk; ++k) {
    if (!info_.columns[k].required || h.known[k] >= 0) continue;
    problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
            Message{"import.missing_column",
                    {{"name", info_.columns[k].name},
                     word("kind", info_.words.kind),
                     {"required", required},
                     word("item", info_.words.item)}});
    ok = false;
  }
  if (!ok) return false;
  if (std::none_of(h.value.begin(), h.value.end(), [](int i) { return i >= 0 || i == kOtherValues; })) {
    problem(Where{1, 0, 1, {}}, "missing_column", Severity::file,
            Message{"import.no_value_columns",
                    {word("items", info_.words.items), doc_, version_, {"ids", list_names(cols_.ids, kListedIds)}}});
    return false;
  }
  return true;
}

bool ImportCore::csv_failed(const CsvReader& reader) {
  sink_.add(fc_.index, csv_syntax_problem(fc_, reader.error()));
  return false;
}

void ImportCore::ragged_row(std::size_t row, std::size_t line, std::size_t n, std::size_t columns) {
  problem(Where{row, 0, line, {}}, "ragged_row", Severity::record, [&] {
    return Message{"import.ragged_row", {{"n", n}, {"columns", columns}}};
  });
}

void ImportCore::unnamed_column(const Where& w) {
  problem(w, "unnamed_column", Severity::warning, Message{"import.unnamed_column"});
}

void ImportCore::no_records() {
  file_problem("header_only", Message{"import.header_only", {word("records", info_.words.records)}}, Severity::warning);
}

bool ImportCore::json_prologue(std::string_view text, Json& doc) {
  if (auto issue = check_utf8(text)) {
    sink_.add(fc_.index, encoding_problem(fc_, text, *issue));
    return false;
  }
  Problem p;
  if (!parse_json_file(fc_, text, doc, p)) {
    sink_.add(fc_.index, std::move(p));
    return false;
  }
  if (auto sp = seal_problem(fc_, doc)) sink_.add(fc_.index, std::move(*sp));
  return true;
}

// ---- records ------------------------------------------------------------------------------------

void ImportCore::commit_common() {
  cols_.lang.push_back(lang_);
  if (keep_text()) cols_.submitted.push_back(std::move(submitted_));
  cols_.source.push_back(SourceRow{static_cast<std::uint32_t>(fc_.index), static_cast<std::uint32_t>(row_)});
  for (auto& col : cols_.extra) col.emplace_back();
  for (auto& [c, v] : extra_values_) cols_.extra[c].back() = std::move(v);
}

void ImportCore::extra_cell(int column, std::string_view text) {
  // a leading ' that an export put before a formula-like text is taken off
  extra_values_.emplace_back(static_cast<std::size_t>(column), std::string(unneutralise_text(text)));
}

std::size_t ImportCore::extra_column(const std::string& name) {
  for (std::size_t i = 0; i < cols_.extra_names.size(); ++i) {
    if (cols_.extra_names[i] == name) return i;
  }
  cols_.extra_names.push_back(name);
  cols_.extra.emplace_back(cols_.source.size());
  return cols_.extra_names.size() - 1;
}

void ImportCore::new_lang(std::string_view text, const Where& w) {
  lang_ = langs_.add(text);
  problem(w, "unknown_language", Severity::warning, [&] {
    return Message{"import.unknown_language",
                   {word("subject", info_.words.subject),
                    {"value", shown(text)},
                    doc_,
                    {"languages", list_names(*languages_)},
                    word("record", info_.words.record)}};
  });
}

void ImportCore::take_submitted(std::string_view text, const Where& w) {
  text = trim(text);
  if (keep_text()) submitted_ = std::string(text);
  if (text.empty() || looks_like_timestamp(text)) return;
  problem(w, "invalid_timestamp", Severity::warning, [&] {
    return info_.timestamp_example
               ? Message{"import.invalid_timestamp_example",
                         {{"value", shown(text)},
                          {"example", info_.timestamp_example},
                          word("record", info_.words.record)}}
               : Message{"import.invalid_timestamp", {{"value", shown(text)}, word("record", info_.words.record)}};
  });
}

void ImportCore::value_problem(double x, const Where& w) {
  const bool finite = std::isfinite(x), outside = finite && (x < scale_.min || x > scale_.max);
  problem(w,
          !finite   ? "not_a_number"
          : outside ? "out_of_scale"
                    : "not_integer",
          Severity::record, [&] {
            const MsgParam what = word("what", info_.words.value), scale = word("scale", info_.words.scale),
                           value("value", x);
            if (!finite) return Message{"import.not_finite", {what, scale, doc_, version_, integer_, min_, max_}};
            return outside ? Message{"import.out_of_scale", {what, value, scale, doc_, version_, integer_, min_, max_}}
                           : Message{"import.not_integer", {what, value, scale, doc_, version_, integer_, min_, max_}};
          });
}

void ImportCore::not_a_number(std::string_view text, const Where& w) {
  problem(w, "not_a_number", Severity::record, [&] {
    const std::string t = shown(trim(text));
    const MsgParam what = word("what", info_.words.value), scale = word("scale", info_.words.scale);
    return decimal_comma(text)
               ? Message{"import.not_a_number_decimal_comma",
                         {{"text", t}, scale, doc_, version_, integer_, min_, max_, what}}
               : Message{"import.not_a_number", {{"text", t}, scale, doc_, version_, integer_, min_, max_, what}};
  });
}

void ImportCore::take_json_value(int col, const Json& v, const Where& w) {
  if (v.is_null()) return;
  if (v.is_number()) {
    take_value(col, v.get<double>(), w);
    return;
  }
  problem(w, "not_a_number", Severity::record, [&] {
    const MsgParam what = word("what", info_.words.value), scale = word("scale", info_.words.scale);
    return info_.json_strings_shown && v.is_string()
               ? Message{"import.not_a_number_json_string",
                         {what,
                          {"text", shown(v.get_ref<const std::string&>())},
                          scale,
                          doc_,
                          version_,
                          integer_,
                          min_,
                          max_}}
               : Message{"import.not_a_number_json",
                         {what, json_type_param(v), scale, doc_, version_, integer_, min_, max_}};
  });
}

int ImportCore::value_column(const std::string& key) const {
  auto it = id_by_lower_.find(lower_ascii(key));
  return it == id_by_lower_.end() ? -1 : it->second;
}

void ImportCore::unknown_key(const Where& w, std::string_view key, const std::string* like) {
  problem(w, info_.unknown_column_code, Severity::record, [&] {
    const MsgParam an_item = word("an_item", info_.words.an_item);
    return like ? Message{"import.unknown_key_hint", {{"key", shown(key)}, an_item, doc_, version_, {"like", *like}}}
                : Message{"import.unknown_key", {{"key", shown(key)}, an_item, doc_, version_}};
  });
}

bool ImportCore::json_string(const Json& record, const char* key, bool required, const Where& w,
                             std::string_view& out) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) {
    if (required) {
      problem(w, "missing_value", Severity::record, [&] {
        return Message{"import.field_missing", {word("record", info_.words.entry), {"key", key}}};
      });
    }
    return false;
  }
  if (!it->is_string()) {
    problem(w, "invalid_field", Severity::record, [&] {
      return Message{"import.field_not_string", {{"key", key}, json_type_param(*it)}};
    });
    return false;
  }
  out = it->get_ref<const std::string&>();
  return true;
}

void ImportCore::json_extras(const Json& record, const char* const* known, std::size_t n_known) {
  for (auto it = record.begin(); it != record.end(); ++it) {
    if (std::find_if(known, known + n_known, [&](const char* k) { return it.key() == k; }) != known + n_known) continue;
    const std::size_t c = extra_column(it.key());
    if (!keep_text()) continue;
    std::string text = json_text(it.value());
    if (!text.empty()) extra_values_.emplace_back(c, std::move(text));
  }
}

// ---- the table ----------------------------------------------------------------------------------

bool ImportCore::report_repeats(const std::vector<std::pair<std::uint64_t, std::uint32_t>>& keys,
                                FunctionRef<bool(std::size_t, std::size_t)> same_key,
                                FunctionRef<std::string(std::size_t)> record_id,
                                FunctionRef<Message(std::size_t, std::size_t)> duplicate,
                                FunctionRef<Message(std::size_t, std::size_t)> identical,
                                FunctionRef<Json(std::size_t)> evidence, std::vector<char>& drop) {
  const std::size_t n = keys.size();
  bool any = false;
  std::vector<std::uint32_t> group;
  std::vector<std::string> ids;
  std::vector<std::uint32_t> distinct;  // the first record of each identity in the group
  std::vector<char> grouped;
  std::vector<std::size_t> remaining;
  const std::vector<DuplicateChoice>& choices = options_.duplicates;
  auto choice = [&choices](const std::string& id) -> const DuplicateChoice* {
    for (const auto& c : choices) {
      if (c.record_id == id) return &c;
    }
    return nullptr;
  };
  // A record left out by the researcher's choice: a warning.
  auto chosen = [&](std::uint32_t r, const Message& msg, const char* code) {
    const SourceRow& s = cols_.source[r];
    const FileContext& fc = contexts_[s.file];
    sink_.add(s.file, code, Severity::warning, [&] {
      Problem p = fc.problem(Where{s.row, 0, 0, {}}, code, Severity::warning, msg);
      p.record_id = record_id(r);
      return p;
    });
    ++chosen_;
  };
  auto report = [&](std::uint32_t first, std::uint32_t again, const std::string& first_id, const std::string& id,
                    bool copy) {
    const SourceRow& s = cols_.source[again];
    const FileContext& fc = contexts_[s.file];
    const char* code = copy ? "duplicate_identical" : info_.duplicate_code;
    const Severity severity = copy ? Severity::warning : Severity::record;
    sink_.add(s.file, code, severity, [&] {
      Problem p =
          fc.problem(Where{s.row, 0, 0, {}}, code, severity, copy ? identical(first, again) : duplicate(first, again));
      p.record_id = id;
      p.first_record_id = first_id;
      if (!copy) p.records = std::make_shared<const Json>(Json::array({evidence(first), evidence(again)}));
      return p;
    });
  };
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && keys[j].first == keys[i].first) ++j;
    if (j - i > 1) {
      // Within one hash (which may collide), the groups of truly equal keys; sorted by record index.
      grouped.assign(j - i, 0);
      for (std::size_t a = i; a < j; ++a) {
        if (grouped[a - i]) continue;
        group.assign(1, keys[a].second);
        for (std::size_t b = a + 1; b < j; ++b) {
          if (!grouped[b - i] && same_key(keys[a].second, keys[b].second)) {
            grouped[b - i] = 1;
            group.push_back(keys[b].second);
          }
        }
        if (group.size() < 2) continue;
        any = true;
        ids.clear();
        distinct.clear();
        for (std::size_t g = 0; g < group.size(); ++g) {
          ids.push_back(record_id(group[g]));
          std::size_t same = g;
          for (std::size_t d : distinct) {
            if (ids[d] == ids[g]) same = d;
          }
          if (same == g) {
            distinct.push_back(static_cast<std::uint32_t>(g));
            continue;
          }
          drop[group[g]] = 1;  // a copy: the first of its identity stands for it
          ++copies_;
          report(group[same], group[g], ids[same], ids[g], true);
        }
        if (distinct.size() < 2) continue;
        // Records that differ: the researcher's choice (the links file), else all are left out (which
        // one is right cannot be known).
        const DuplicateChoice* kept = nullptr;
        std::size_t kept_g = 0;
        bool several = false;
        remaining.clear();
        for (const std::size_t g : distinct) {
          const DuplicateChoice* c = choice(ids[g]);
          if (c && c->keep) {
            several = several || kept != nullptr;
            kept = c;
            kept_g = g;
          }
          if (c && !c->keep) {
            drop[group[g]] = 1;
            chosen(group[g], Message{"import.duplicate_excluded", {{"choice", c->where}}}, "duplicate_excluded");
          } else {
            remaining.push_back(g);
          }
        }
        if (kept && !several) {
          for (const std::size_t g : remaining) {
            if (g == kept_g) continue;
            drop[group[g]] = 1;
            const SourceRow& k = cols_.source[group[kept_g]];
            chosen(group[g],
                   Message{"import.duplicate_not_chosen",
                           {{"choice", kept->where},
                            {"kept", where_in_file(cols_.files[k.file], cols_.file_formats[k.file], k.row,
                                                   info_.words.entry.english)}}},
                   "duplicate_not_chosen");
          }
          continue;
        }
        if (remaining.size() < 2) continue;  // the others are left out by choice: this one stands
        for (std::size_t d = 0; d < remaining.size(); ++d) {
          const std::size_t g = remaining[d];
          drop[group[g]] = 1;
          if (d > 0) report(group[remaining[0]], group[g], ids[remaining[0]], ids[g], false);
        }
      }
    }
    i = j;
  }
  return any;
}

void ImportCore::unknown_choices(const std::vector<std::string>& ids) {
  for (const auto& c : options_.duplicates) {
    if (std::find(ids.begin(), ids.end(), c.record_id) != ids.end()) continue;
    sink_.add(contexts_.size(), "duplicate_choice_unknown", Severity::warning, [&] {
      Problem p;
      p.field = c.where;
      p.code = "duplicate_choice_unknown";
      p.severity = Severity::warning;
      p.msg = Message{"import.duplicate_choice_unknown", {{"record_id", c.record_id}, {"choice", c.where}}};
      p.message = english(p.msg);
      p.record_id = c.record_id;
      return p;
    });
  }
}

void ImportCore::truncate_values(std::size_t records) {
  cols_.values.resize(records * cols_.ids.size());
  for (auto& col : cols_.extra) col.resize(records);
}

void ImportCore::move_values(std::size_t to, std::size_t from) {
  const std::size_t nv = cols_.ids.size();
  std::copy(cols_.values.data() + from * nv, cols_.values.data() + (from + 1) * nv, cols_.values.data() + to * nv);
  for (auto& col : cols_.extra) col[to] = std::move(col[from]);
}

}  // namespace assess::data::detail
