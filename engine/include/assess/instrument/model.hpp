// The instrument, rubric and study model: plain structs read from the JSON
// files in rubrics/ (formats in docs/formats.md, JSON Schemas in
// rubrics/schema/). Everything about a particular scale (its items, subscales,
// range, languages) comes from the file; nothing is hard-coded in the engine.
//
//   Result<Instrument> parse_instrument(const Json&)  format "assess-instrument/1"
//   Result<Rubric>     parse_rubric(const Json&)      format "assess-rubric/1"
//   Result<Study>      parse_study(const Json&)       format "assess-study/1" or "assess-study/2"
//
// A failed parse returns the first problem found (format, header, languages,
// texts, scale, subscales, items, then the cross checks and the total) as an
// Error whose `path` is the JSON pointer of the bad field relative to the
// document ("/items/3/subscale"; a missing field or translation points at the
// object that lacks it); check_*() returns all of them. Every Error carries its
// message id and parameters (document.*, instrument.*, rubric.*, study.*; the
// catalogue is core/messages/instrument.inc).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/core/json.hpp"
#include "assess/core/result.hpp"

namespace assess::instrument {

// The document formats this engine reads.
inline constexpr const char* kInstrumentFormat = "assess-instrument/1";
inline constexpr const char* kRubricFormat = "assess-rubric/1";
inline constexpr const char* kStudyFormat = "assess-study/1";
inline constexpr const char* kStudyFormat2 = "assess-study/2";

// Text in the document's languages: language tag -> text. A parsed document
// has an entry for every declared language (the validator insists).
using Text = std::map<std::string, std::string>;

// The text in `lang`; else in `fallback`; else any; else "".
const std::string& text_in(const Text& t, std::string_view lang, std::string_view fallback = {});

// A reference to a versioned document, as in {"id": "competency-12", "version": 1}.
struct DocRef {
  std::string id;
  int version = 0;
};

// A point of a scale with its label, e.g. 1 = "Strongly disagree".
struct ScaleLabel {
  int value = 0;
  Text text;
};

// The range of answers (instrument) or of ratings (rubric).
struct Scale {
  int min = 1;
  int max = 5;
  bool integer = true;             // answers must be whole numbers (always true for rubrics)
  std::vector<ScaleLabel> labels;  // ascending by value; may leave points unlabelled
};

// What an item asks for (docs/formats.md "Item types"). Likert items are
// answered on the instrument's response scale and scored; the others are
// variables, except numbers with `score` (an outcome such as GPA).
enum class ItemType { likert, choice, multi, number, text };
const char* to_string(ItemType t) noexcept;

// An answer option of a choice or multi item.
struct Option {
  std::string id;  // e.g. "yes"; a multi item's CSV column is <item>_<option>
  Text label;
  bool has_value = false;  // choice: an optional numeric value
  double value = 0.0;
  bool positive = false;  // choice: the "yes" of a yes/no item
};

struct Item {
  std::string id;  // e.g. "ET1"; also the CSV column name
  ItemType type = ItemType::likert;
  std::string subscale;     // likert: id of its subscale, "" when it counts to the total only
  int subscale_index = -1;  // index into Instrument::subscales, -1 when none
  bool reverse = false;     // likert: scored as scale.min + scale.max - x
  Text text;
  std::vector<Option> options;  // choice, multi
  double min = 0.0, max = 0.0;  // number: the allowed range
  bool integer = false;         // number: whole numbers only
  Text unit;                    // number: optional ("points")
  bool score = false;           // number: an outcome, analysed like a scale score
  int max_length = 2000;        // text: at most this many characters
};

struct Subscale {
  std::string id;  // e.g. "edtech"
  Text title;
  Text description;                // optional (may be empty)
  int min_answered = 1;            // fewer answered items -> score missing
  std::vector<std::size_t> items;  // indices into Instrument::items, in item order
};

struct Total {
  std::string id = "total";
  Text title;            // optional
  int min_answered = 1;  // of all items
};

// What every document (instrument, rubric, study) begins with.
struct Document {
  std::string id;  // e.g. "competency-12", "expert-panel", "microcredentials"
  int version = 0;
  Text title;
  std::vector<std::string> languages;  // first = default language of the form
};

struct Instrument : Document {
  Text instructions;  // optional
  Scale scale;
  bool has_scale = true;  // false when the document has no response_scale (no Likert items)
  std::vector<Subscale> subscales;
  std::vector<Item> items;           // in the order the form shows them
  std::optional<Total> total;        // no total score when absent
  std::vector<std::string> sources;  // optional references the items are grounded in
  // Earlier versions of the same id that this one scores identically (only
  // texts differ; docs/formats.md "Versions: compatible_with").
  std::vector<int> compatible_with;
};

// Whether `newer` may declare `compatible_with` `older`: the same id, and
// everything but texts equal. The error (invalid_input,
// instrument.not_compatible, naming the first difference) or nothing.
std::optional<Error> check_compatible(const Instrument& newer, const Instrument& older);

// Index of the item / subscale with this id, or -1.
int find_item(const Instrument& ins, std::string_view id) noexcept;

// Until scoring, import, linking and the analyses read the other item types,
// they refuse an instrument that has one: the error (invalid_input,
// instrument.item_type_unsupported, path "/items/<i>/type") of its first
// non-Likert item, or nothing when every item is Likert.
std::optional<Error> unsupported_item_type(const Instrument& ins);
int find_subscale(const Instrument& ins, std::string_view id) noexcept;

struct Level {
  int score = 0;
  Text label;       // optional short name ("Developing")
  Text descriptor;  // what a programme at this level looks like
};

struct Criterion {
  std::string id;  // e.g. "practical_applicability"
  Text title;
  Text description;           // optional
  std::vector<Level> levels;  // one per integer score of the scale, ascending
};

struct Rubric : Document {
  Text instructions;  // optional
  Scale scale;        // integer, e.g. 1..5
  std::vector<Criterion> criteria;
  std::vector<std::string> sources;  // optional references
};

int find_criterion(const Rubric& r, std::string_view id) noexcept;

// A named thing of a study: a programme, a wave or a group.
struct Entity {
  std::string id;
  Text title;
  Text description;  // optional
};

// One question of the self-generated pseudonymous code. Only the part taken
// from the answer enters the code; the answers themselves are never stored.
struct CodeQuestion {
  enum class Kind { letters, digits };
  std::string id;             // e.g. "mother"
  Kind kind = Kind::letters;  // letters: first `length` letters of the answer;
                              // digits: the number written with `length` digits (07)
  int length = 2;
  int min = 0, max = 0;  // digits only: allowed range of the number (1..31)
  Text prompt;
  Text hint;
};

// Who answers an instrument of an assess-study/2 (docs/formats.md "Study assess-study/2").
enum class Respondents { students, employers };
const char* to_string(Respondents r) noexcept;

// A group's part in the comparison of groups (analysis::group_roles).
enum class GroupRole { none, focal, reference };
const char* to_string(GroupRole r) noexcept;

struct Group : Entity {
  GroupRole role = GroupRole::none;
  bool without_programme = false;  // its respondents name no programme (an ordinary-track control group)
};

// One instrument of a study: which version, when and by whom it is answered.
struct StudyInstrument {
  DocRef ref;
  std::vector<std::string> waves;  // wave ids of the study, in study order
  Respondents respondents = Respondents::students;
  // Items asked at other waves than the instrument's: item id -> wave ids
  // (study order), in document order.
  std::vector<std::pair<std::string, std::vector<std::string>>> item_waves;
};

// The waves at which item `item` of `si` is asked: its item_waves entry, else si.waves.
const std::vector<std::string>& waves_of_item(const StudyInstrument& si, std::string_view item);

struct Study : Document {
  int format = 1;                    // 1: assess-study/1, 2: assess-study/2
  Text description;                  // optional
  std::optional<DocRef> instrument;  // /1: what students answer; /2: the main instrument
                                     // (main_instrument), absent when there is none
  std::optional<DocRef> rubric;      // what experts rate the programmes with
  // /2: as listed, the order the questionnaire asks them in; /1: one entry,
  // the instrument, at every wave, answered by students.
  std::vector<StudyInstrument> instruments;
  std::vector<Entity> programmes;  // the objects of the study (and of the rubric)
  std::vector<Entity> waves;       // e.g. pre, post (in time order)
  std::vector<Group> groups;       // e.g. experimental, control; may be empty
  std::vector<CodeQuestion> code_questions;
};

// Index of the instrument with this id in s.instruments, or -1.
int find_study_instrument(const Study& s, std::string_view id) noexcept;
// The main instrument of a /2 study (what pre/post analyses of one scale
// use): the first students instrument given at both pre and post, else the
// first students instrument; -1 when there is none.
int main_instrument(const Study& s) noexcept;

int find_programme(const Study& s, std::string_view id) noexcept;
int find_wave(const Study& s, std::string_view id) noexcept;
int find_group(const Study& s, std::string_view id) noexcept;

enum class DocKind { instrument, rubric, study };
const char* to_string(DocKind k) noexcept;

// The kind a document declares in "format" (error at "/format" otherwise).
Result<DocKind> document_kind(const Json& doc);

Result<Instrument> parse_instrument(const Json& doc);
Result<Rubric> parse_rubric(const Json& doc);
Result<Study> parse_study(const Json& doc);

// Every problem of the document, in document order (empty = valid). The
// first one is what parse_*() returns.
std::vector<Error> check_instrument(const Json& doc);
std::vector<Error> check_rubric(const Json& doc);
std::vector<Error> check_study(const Json& doc);
// Dispatches on "format".
std::vector<Error> check_document(const Json& doc);

// A study names its instrument and rubric by id and version; this checks
// that the given documents are those and speak every language of the study.
// Either pointer may be null (not checked). Paths point into the study.
std::vector<Error> check_study_refs(const Study& s, const Instrument* ins, const Rubric* rub);
// The same for an assess-study/2 (a /1 study: its instrument is the first
// given): each given instrument is named by the study, in the version it
// names or in a later one whose compatible_with lists it, speaks every
// language of the study and has the items its item_waves name; when any
// instrument is given, every instrument of the study is (an empty list:
// instruments not checked). Null pointers are skipped.
std::vector<Error> check_study_refs(const Study& s, const std::vector<const Instrument*>& instruments,
                                    const Rubric* rub);

// The fixed columns of the response, rating and score tables (CSV headers
// and JSON record fields): the one list. The importers (data/responses.cpp,
// data/ratings.cpp) check at compile time that each column they read is
// here. Ids that become columns (items, subscales, totals, criteria) must
// not take one of these names, in any case (rubrics/schema: columnId).
inline constexpr std::string_view kReservedColumns[] = {
    "code",   "programme", "wave",    "lang",   "group",      "submitted", "instrument", "version",
    "expert", "object",    "comment", "rubric", "respondent", "employer",  "graduate"};
// id is a reserved column name, without regard to case.
bool is_reserved_column(std::string_view id);

// "competency-12.v1.json": the file name a document must have in rubrics/.
std::string file_name(std::string_view id, int version);

// Compact descriptions (the result of the validate_instrument op).
Json summary(const Instrument& ins);
Json summary(const Rubric& r);
Json summary(const Study& s);

// The error with `prefix` put before its path ("/instrument" + "/items/3").
Error with_path_prefix(Error e, std::string_view prefix);

}  // namespace assess::instrument
