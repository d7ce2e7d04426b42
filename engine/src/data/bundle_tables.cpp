// items.csv and ratings.csv of the reproducibility bundle (data/bundle_tables.hpp).
#include "assess/data/bundle_tables.hpp"

#include <algorithm>

#include "assess/core/numeric.hpp"
#include "assess/data/csv_writer.hpp"

namespace assess::data {
namespace {

using instrument::Instrument;
using instrument::ItemType;
using instrument::Study;

bool keyed(const instrument::Item& item) {
  return item.type == ItemType::likert || (item.type == ItemType::number && item.score);
}

// The data set's column of a kind (code, programme, group), -1 when none.
int column_of(const Dataset& d, VariableKind kind) {
  for (std::size_t v = 0; v < d.variables.size(); ++v) {
    if (d.variables[v].kind == kind) return static_cast<int>(v);
  }
  return -1;
}

CsvCell text_cell(const Dataset& d, int v, std::size_t row) {
  if (v < 0) return CsvCell::none();
  const Column& c = d.columns[static_cast<std::size_t>(v)];
  return c.present[row] ? CsvCell::str(c.texts[row]) : CsvCell::none();
}

}  // namespace

std::vector<ItemColumn> item_columns(const Study& study, const std::vector<const Instrument*>& instruments) {
  std::vector<ItemColumn> out;
  const int main = instrument::main_instrument(study);
  for (std::size_t si = 0; si < instruments.size() && si < study.instruments.size(); ++si) {
    std::string prefix;
    if (static_cast<int>(si) != main) {
      prefix = study.instruments[si].ref.id + "__";
    }
    // Employers' yes/no questions are in the report (employers.yes): their
    // choice items too.
    const bool employers = study.instruments[si].respondents == instrument::Respondents::employers;
    for (std::size_t i = 0; i < instruments[si]->items.size(); ++i) {
      const auto& item = instruments[si]->items[i];
      if (!keyed(item) && !(employers && item.type == ItemType::choice)) continue;
      std::string name = prefix + item.id;
      std::replace(name.begin(), name.end(), '-', '_');
      out.push_back(ItemColumn{si, i, std::move(name)});
    }
  }
  return out;
}

std::string items_csv(const Dataset& d, const Study& study, const std::vector<const Instrument*>& instruments,
                      const std::vector<ResponseTable>& tables) {
  const std::vector<ItemColumn> cols = item_columns(study, instruments);
  std::vector<std::vector<CsvCell>> rows;
  std::vector<CsvCell> head;
  for (const char* h : {"code", "respondent", "wave", "instrument", "programme", "group", "linked"}) {
    head.push_back(CsvCell::str(h));
  }
  for (const auto& c : cols) head.push_back(CsvCell::str(c.name));
  rows.push_back(std::move(head));

  const int code_v = column_of(d, VariableKind::code);
  const int programme_v = column_of(d, VariableKind::programme);
  const int group_v = column_of(d, VariableKind::group);
  for (std::size_t si = 0; si < tables.size() && si < d.record_rows.size(); ++si) {
    const ResponseTable& t = tables[si];
    const bool employers = study.instruments[si].respondents == instrument::Respondents::employers;
    // The waves at which each row has the instrument (students: `linked`).
    std::vector<int> waves_of_row(d.n_rows, 0);
    if (!employers) {
      for (long row : d.record_rows[si]) {
        if (row >= 0) ++waves_of_row[static_cast<std::size_t>(row)];
      }
    }
    // Records in wave (study order), then row order.
    std::vector<std::size_t> order;
    for (std::size_t r = 0; r < t.size(); ++r) {
      if ((employers || d.record_rows[si][r] >= 0) && instrument::find_wave(study, t.waves[t.wave[r]]) >= 0) {
        order.push_back(r);
      }
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const int wa = instrument::find_wave(study, t.waves[t.wave[a]]);
      const int wb = instrument::find_wave(study, t.waves[t.wave[b]]);
      return wa != wb ? wa < wb : d.record_rows[si][a] < d.record_rows[si][b];
    });
    for (std::size_t r : order) {
      const long row_of = d.record_rows[si][r];
      const auto row = static_cast<std::size_t>(row_of < 0 ? 0 : row_of);
      std::vector<CsvCell> out;
      out.reserve(7 + cols.size());
      // An employer's record naming no student of the data set: no code,
      // its own programme and group.
      out.push_back(row_of >= 0 ? text_cell(d, code_v, row) : CsvCell::none());
      out.push_back(CsvCell::str(employers ? "employer" : "student"));
      out.push_back(CsvCell::str(t.waves[t.wave[r]]));
      out.push_back(CsvCell::str(study.instruments[si].ref.id));
      if (row_of >= 0) {
        out.push_back(text_cell(d, programme_v, row));
        out.push_back(text_cell(d, group_v, row));
      } else {
        const bool has_programme = t.programme[r] != ResponseTable::kNoProgramme;
        out.push_back(has_programme ? CsvCell::str(t.programmes[t.programme[r]]) : CsvCell::none());
        out.push_back(t.group[r] != 0 ? CsvCell::str(t.groups[t.group[r]]) : CsvCell::none());
      }
      out.push_back(employers ? CsvCell::none() : CsvCell::num(waves_of_row[row] >= 2 ? 1.0 : 0.0));
      for (const auto& c : cols) {
        if (c.instrument != si) {
          out.push_back(CsvCell::none());
          continue;
        }
        // The table's answer columns follow the instrument's items.
        const auto it = std::find(t.item_ids.begin(), t.item_ids.end(), instruments[si]->items[c.item].id);
        const double x =
            it == t.item_ids.end() ? kMissing : t.answer(r, static_cast<std::size_t>(it - t.item_ids.begin()));
        const auto& item = instruments[si]->items[c.item];
        if (is_missing(x)) {
          out.push_back(CsvCell::none());
        } else if (item.type == ItemType::choice) {
          // A choice is its option's index: written as the option's id.
          const auto k = static_cast<std::size_t>(x);
          out.push_back(k < item.options.size() ? CsvCell::str(item.options[k].id) : CsvCell::none());
        } else {
          out.push_back(CsvCell::num(x));
        }
      }
      rows.push_back(std::move(out));
    }
  }
  return write_csv(rows);
}

std::string ratings_csv(const RatingTable& t, bool comments) {
  std::vector<std::vector<CsvCell>> rows;
  std::vector<CsvCell> head{CsvCell::str("expert"), CsvCell::str("programme")};
  for (const auto& c : t.criterion_ids) head.push_back(CsvCell::str(c));
  if (comments) head.push_back(CsvCell::str("comment"));
  rows.push_back(std::move(head));
  for (std::size_t r = 0; r < t.size(); ++r) {
    std::vector<CsvCell> out{CsvCell::str(t.experts[t.expert[r]]), CsvCell::str(t.objects[t.object[r]])};
    for (std::size_t c = 0; c < t.n_criteria(); ++c) {
      const double x = t.score(r, c);
      out.push_back(is_missing(x) ? CsvCell::none() : CsvCell::num(x));
    }
    if (comments) out.push_back(t.comment[r].empty() ? CsvCell::none() : CsvCell::str(t.comment[r]));
    rows.push_back(std::move(out));
  }
  return write_csv(rows);
}

}  // namespace assess::data
