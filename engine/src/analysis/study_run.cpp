#include "assess/analysis/study_run.hpp"
#include "assess/core/text.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "assess/data/ratings.hpp"

namespace assess::analysis {
namespace {

// The error of a part of the study, at the pointer of that part.
Error at(const Error& e, const char* part) { return instrument::with_path_prefix(e, part); }

}  // namespace

std::optional<Error> strict_error(bool strict, const data::ImportReport& report) {
  if (!strict || !report.has_errors()) return std::nullopt;
  // The first error (not a warning): its place and kind as parameters, so that a page says it in its own
  // language (the problem list says the rest).
  const data::Problem* first = &report.problems.front();
  for (const auto& p : report.problems) {
    if (p.severity != data::Severity::warning) {
      first = &p;
      break;
    }
  }
  return make_error(
      ErrorCode::invalid_input,
      Message{"analysis.strict_import_problems",
              {{"n", report.errors}, {"file", first->file}, {"row", first->row}, {"problem", first->code}}});
}

namespace {

// The records of one group (dictionaries unchanged), so that linking and
// every count see only them.
data::ResponseTable only_group(const data::ResponseTable& t, std::uint32_t group) {
  data::ResponseTable s;
  s.instrument = t.instrument;
  s.item_ids = t.item_ids;
  s.files = t.files;
  s.file_formats = t.file_formats;
  s.programmes = t.programmes;
  s.waves = t.waves;
  s.groups = t.groups;
  s.langs = t.langs;
  s.extra_names = t.extra_names;
  s.extra.resize(t.extra.size());
  const std::size_t k = t.n_items();
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.group[r] != group) continue;
    s.code.push_back(t.code[r]);
    s.check.push_back(t.check[r]);
    s.programme.push_back(t.programme[r]);
    s.wave.push_back(t.wave[r]);
    s.group.push_back(t.group[r]);
    s.lang.push_back(t.lang[r]);
    if (r < t.submitted.size()) s.submitted.push_back(t.submitted[r]);
    s.source.push_back(t.source[r]);
    s.answers.insert(s.answers.end(), t.answers.data() + r * k, t.answers.data() + (r + 1) * k);
    for (std::size_t c = 0; c < t.extra.size(); ++c) s.extra[c].push_back(t.extra[c][r]);
  }
  return s;
}

// The group's records, or an error naming the groups there are.
Result<data::ResponseTable> group_table(const data::ResponseTable& t, const std::string& group) {
  const int g = t.group_index(group);
  if (g > 0) return only_group(t, static_cast<std::uint32_t>(g));
  std::string known;
  for (const auto& id : t.groups) {
    if (!id.empty()) known += (known.empty() ? "" : ", ") + id;
  }
  if (known.empty()) {
    return make_error(ErrorCode::invalid_input,
                      Message{"analysis.unknown_group_none", {{"group", utf8_prefix(group, kShownText)}}}, "/group");
  }
  return make_error(ErrorCode::invalid_input,
                    Message{"analysis.unknown_group", {{"group", utf8_prefix(group, kShownText)}, {"known", known}}},
                    "/group");
}

// The instrument's waves in study order: those it and its items are asked
// at (the study's entry); fewer than two, or no study: "pre" and "post".
std::vector<std::string> instrument_waves(const PrePostStudy& study) {
  std::vector<std::string> out;
  const int k = study.study ? instrument::find_study_instrument(*study.study, study.instrument.id) : -1;
  if (k >= 0) {
    const auto& si = study.study->instruments[static_cast<std::size_t>(k)];
    auto has = [](const std::vector<std::string>& ws, const std::string& id) {
      return std::find(ws.begin(), ws.end(), id) != ws.end();
    };
    for (const auto& w : study.study->waves) {
      bool asked = has(si.waves, w.id);
      for (const auto& iw : si.item_waves) asked = asked || has(iw.second, w.id);
      if (asked) out.push_back(w.id);
    }
  }
  if (out.size() < 2) return {"pre", "post"};
  return out;
}

// The flat view of the table the analysis reads: the first of `waves` is
// pre, the second post, each later one with records a LaterWave (pairs not
// yet linked); `used` counts the records of those waves.
PrePostData prepost_data(const data::ResponseTable& table, const std::vector<std::string>& waves,
                         std::vector<LaterWave>& later, std::size_t& used) {
  const std::size_t n = table.size();
  std::vector<Wave> of_index(table.waves.size(), Wave::other);  // by the table's wave index
  for (std::size_t j = 0; j < waves.size(); ++j) {
    const int w = table.wave_index(waves[j]);
    if (w < 0) continue;
    if (j < 2) {
      of_index[static_cast<std::size_t>(w)] = j == 0 ? Wave::pre : Wave::post;
    } else if (std::find(table.wave.begin(), table.wave.end(), w) != table.wave.end()) {
      of_index[static_cast<std::size_t>(w)] = later_wave(later.size());
      later.push_back(LaterWave{waves[j], {}});
    }
  }
  PrePostData d;
  d.n_records = n;
  d.n_items = table.n_items();
  d.answers = table.answers.data();
  d.programme = table.programme.data();
  d.programme_ids = table.programmes;
  d.first_wave = waves[0];
  d.second_wave = waves[1];
  bool any_group = false;
  for (std::size_t i = 0; i < n && !any_group; ++i) any_group = table.group[i] != 0;
  if (any_group) {
    d.group = table.group.data();
    d.group_ids = table.groups;
  }
  d.wave.assign(n, Wave::other);
  used = 0;
  for (std::size_t i = 0; i < n; ++i) {
    d.wave[i] = of_index[table.wave[i]];
    if (d.wave[i] != Wave::other) ++used;
  }
  return d;
}

// Each later wave's records linked to the first wave's (the links file's
// overrides of those two waves only); the reports into the run.
void link_later(const data::ResponseTable& table, const PrePostStudy& study, const std::string& first,
                std::vector<LaterWave>& later, PrePostRun& run) {
  data::LinkOptions options;
  options.only_overrides_at_waves = true;
  for (auto& lw : later) {
    data::LinkReport rep =
        data::link_waves(table, table.wave_index(first), table.wave_index(lw.id), study.links, options);
    lw.pairs.reserve(rep.pairs.size());
    for (const auto& p : rep.pairs) lw.pairs.push_back(Pair{p.pre, p.post});
    run.later_links.emplace_back(lw.id, std::move(rep));
  }
}

}  // namespace

Error no_records_error(const data::ImportReport& report) {
  Message m = report.problems.empty()
                  ? Message{"analysis.no_records"}
                  : Message{"analysis.no_records_first", {{"first", report.problems.front().message}}};
  return make_error(ErrorCode::insufficient_data, std::move(m), "/files");
}

Result<PrePostRun> run_prepost(const PrePostStudy& study) {
  PrePostRun run;
  data::ImportOptions import_options;
  import_options.keep_text_columns = false;  // the report shows neither timestamps nor extra columns
  import_options.duplicates = study.duplicates;
  Result<data::ResponseTable> imported = data::ResponseTable{};
  if (study.study && study.study->format == 2) {
    // Every instrument's records routed to its table; the analysed one's kept.
    std::vector<const instrument::Instrument*> docs;
    docs.reserve(study.instruments.size());
    for (const auto& d : study.instruments) docs.push_back(&d);
    auto tables = data::import_study_responses(*study.study, docs, study.files, run.import_report, import_options);
    if (!tables.ok()) return at(tables.error(), "/files");
    const int k = instrument::find_study_instrument(*study.study, study.instrument.id);
    if (k < 0 || static_cast<std::size_t>(k) >= tables.value().size()) {
      return make_error(ErrorCode::invalid_input,
                        Message{"analysis.instrument_not_in_study",
                                {{"instrument", study.instrument.id}, {"study", study.study->id}}},
                        "/instrument");
    }
    imported = std::move(tables.value()[static_cast<std::size_t>(k)]);
  } else {
    imported = data::import_responses(study.instrument, study.study ? &*study.study : nullptr, study.files,
                                      run.import_report, import_options);
  }
  if (!imported.ok()) return at(imported.error(), "/files");
  if (auto e = strict_error(study.strict, run.import_report)) return *e;
  data::ResponseTable& all = imported.value();
  if (all.size() == 0) return no_records_error(run.import_report);
  // The group asked for: its records alone are linked and analysed.
  if (study.group.empty()) {
    run.table = std::move(all);
  } else {
    auto g = group_table(all, study.group);
    if (!g.ok()) return g.error();
    run.table = std::move(g).value();
    std::vector<double>().swap(all.answers);  // the other groups' answers are not needed
  }
  data::ResponseTable& table = run.table;
  const std::vector<std::string> waves = instrument_waves(study);
  std::vector<LaterWave> later;
  PrePostData d = prepost_data(table, waves, later, run.records_used);
  if (study.study) d.study = &*study.study;

  // Problems of the linking (repeated codes, programme conflicts, links that
  // cannot be made) are reported in the link report, as the data layer does.
  link_later(table, study, waves[0], later, run);
  data::LinkOptions options;  // the links a later wave applied are not the pre-post linking's
  for (const auto& l : run.later_links) {
    for (const auto& p : l.second.pairs) {
      if (p.by_override) options.skip_overrides.push_back(p.override_index);
    }
  }
  std::sort(options.skip_overrides.begin(), options.skip_overrides.end());
  run.link = data::link_waves(table, table.wave_index(waves[0]), table.wave_index(waves[1]), study.links, options);
  std::vector<Pair> pairs;
  pairs.reserve(run.link.pairs.size());
  for (const auto& p : run.link.pairs) pairs.push_back(Pair{p.pre, p.post});

  auto an = analyze_prepost(study.instrument, d, pairs, study.options, later);
  if (!an.ok()) return at(an.error(), "/files");
  run.analysis = std::move(an).value();
  // The answers are scored and tested: their memory (8 bytes per answer,
  // about the size of the CSV text) is given back before the report is built.
  std::vector<double>().swap(table.answers);

  if (run.import_report.has_errors())
    run.warnings.push_back(Message{"analysis.import_problems", {{"n", run.import_report.errors}}});
  std::size_t link_problems = run.link.problems.size();
  for (const auto& l : run.later_links) link_problems += l.second.problems.size();
  if (link_problems > 0) run.warnings.push_back(Message{"analysis.linking_problems", {{"n", link_problems}}});
  run.warnings.insert(run.warnings.end(), run.analysis.warnings.begin(), run.analysis.warnings.end());
  return run;
}

Result<PanelRun> run_panel(const PanelStudy& study) {
  PanelRun run;
  data::ImportOptions import_options;
  import_options.duplicates = study.duplicates;
  auto imported = data::import_ratings(study.rubric, study.study ? &*study.study : nullptr, study.files,
                                       run.import_report, import_options);
  if (!imported.ok()) return at(imported.error(), "/files");
  if (auto e = strict_error(study.strict, run.import_report)) return *e;
  const data::RatingTable& table = imported.value();

  PanelData d;
  d.n_records = table.size();
  d.n_criteria = table.n_criteria();
  d.scores = table.scores;
  d.expert.assign(table.expert.begin(), table.expert.end());
  d.expert_ids = table.experts;
  d.object.assign(table.object.begin(), table.object.end());
  d.object_ids = table.objects;
  d.comment = table.comment;
  auto an = analyze_panel(study.rubric, d);
  if (!an.ok()) return at(an.error(), "/files");
  run.analysis = std::move(an).value();
  run.records_used = table.size();

  if (run.import_report.has_errors())
    run.warnings.push_back(Message{"analysis.import_problems", {{"n", run.import_report.errors}}});
  run.warnings.insert(run.warnings.end(), run.analysis.warnings.begin(), run.analysis.warnings.end());
  return run;
}

}  // namespace assess::analysis
