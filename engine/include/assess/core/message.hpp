// Messages that can be translated: every error, import problem and warning
// the engine emits carries a stable id and named parameters beside its
// English sentence, so that the pages can say it in kk, ru and en from their
// own catalogues. The English sentence is rendered from the engine's
// catalogue (message.cpp): one template per id, "{name}" for a parameter and
// "{n|one|other}" for a word that agrees with the number n.
//
//   Message m{"paired_t.too_few_pairs", {{"n", n}}};
//   english(m)  ->  "pre and post have 1 complete pair, but paired_t needs at least 2"
//
// A parameter is a number (JSON number in `params`) or a text; a number also
// keeps the text the English sentence shows for it, since counts, values and
// limits are written differently (2, 0.95, 1e+07).
// tests/native/core/message_test.cpp lists every id the sources construct
// and fails when one lacks a catalogue entry or names other parameters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assess {

struct MsgParam {
  std::string name;
  bool is_number = false;
  double number = 0.0;
  std::string text;  // the text, or how the English sentence shows the number
  std::string code;  // for a coded text: the value in `params` ("string"), text is its English ("a string")

  MsgParam(std::string n, std::string t) : name(std::move(n)), text(std::move(t)) {}
  MsgParam(std::string n, const char* t) : name(std::move(n)), text(t) {}
  MsgParam(std::string n, std::string_view t) : name(std::move(n)), text(t) {}
  // Counts and indices: shown as integers.
  MsgParam(std::string n, int v);
  MsgParam(std::string n, long v);
  MsgParam(std::string n, long long v);
  MsgParam(std::string n, unsigned v);
  MsgParam(std::string n, unsigned long v);
  MsgParam(std::string n, unsigned long long v);
  // Values: shown as format_number shows them (%.6g).
  MsgParam(std::string n, double v);
  // A number shown in a given way (a value as the file wrote it, say).
  MsgParam(std::string n, double v, std::string shown);
  // A word from a closed list (a JSON type, a wave, a severity): `params`
  // carry the code, which the pages translate; English shows `english`.
  static MsgParam coded(std::string n, std::string code, std::string english);
};

struct Message {
  std::string id;  // "" for none
  std::vector<MsgParam> params;

  Message() = default;
  explicit Message(std::string i, std::vector<MsgParam> p = {}) : id(std::move(i)), params(std::move(p)) {}
  bool empty() const noexcept { return id.empty(); }
  const MsgParam* param(std::string_view name) const noexcept;
};

// The English sentence of a message from the catalogue. An id without an
// entry, or a template naming a parameter the message lacks, is a defect of
// the engine: the sentence then says so instead of throwing.
std::string english(const Message& m);

// The catalogue: every id with its English template, in id order.
struct CatalogueEntry {
  const char* id;
  const char* english;
};
const CatalogueEntry* message_catalogue(std::size_t* count) noexcept;
namespace detail {
// The table of core/message_catalogue.cpp, unsorted. The small engine
// (wasm/wasm.cmake) compiles its own copy with ASSESS_OPS_COLLECT: only the
// areas its ops can say (api, instrument: documents, codes, scores).
const CatalogueEntry* catalogue_entries(std::size_t* count) noexcept;
}  // namespace detail
const char* message_template(std::string_view id) noexcept;  // nullptr when unknown

// The parameter names a template uses, in order of first appearance.
std::vector<std::string> template_params(std::string_view tmpl);

}  // namespace assess
