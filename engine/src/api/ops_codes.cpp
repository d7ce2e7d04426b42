// Handlers of the code ops: make_code and normalise_code (pseudonymous
// codes). Apart from the import ops (ops_data.cpp) so that the small engine
// build of the pages that collect answers (wasm/wasm.cmake) links them
// without the importer and the linking.
#include <algorithm>
#include <string>
#include <vector>

#include "api/ops.hpp"
#include "api/study_args.hpp"
#include "assess/core/text.hpp"
#include "assess/data/codes.hpp"
#include "assess/instrument/model.hpp"

namespace assess::api::detail {
namespace {

using namespace assess::data;
namespace ins = assess::instrument;

Json code_json(const Code& c) {
  return Json{{"code", c.text()}, {"body", c.body}, {"check", c.check.empty() ? Json(nullptr) : Json(c.check)}};
}

// The error of a code function (with its message id) pointed at `path`.
[[noreturn]] void fail_at(Error e, const char* path) {
  e.path = path;
  fail(e);
}

// A result of the code ops: they have no warnings of their own; the facade
// appends those about unused arguments, which then get their ids too.
Json code_result(const Code& code) {
  Json out = code_json(code);
  put_warnings(out, {});
  return out;
}

}  // namespace

Json op_make_code(Args& a) {
  if (a.has("answers")) {
    auto study = study_arg(a);
    if (!study) fail(ErrorCode::invalid_input, Message{"code.answers_need_study"}, "/study");
    const Json& ans = a.value("answers");
    std::vector<std::string> parts;
    if (ans.is_object()) {
      for (const auto& q : study->code_questions) {
        auto it = ans.find(q.id);
        if (it == ans.end() || !it->is_string()) {
          fail(ErrorCode::invalid_input, Message{"code.answer_not_given", {{"question", q.id}}}, "/answers/" + q.id);
        }
        parts.push_back(it->get<std::string>());
      }
      for (auto it = ans.begin(); it != ans.end(); ++it) {
        if (std::none_of(study->code_questions.begin(), study->code_questions.end(),
                         [&](const ins::CodeQuestion& q) { return q.id == it.key(); })) {
          fail(ErrorCode::invalid_input,
               Message{"code.answer_unknown_question", {{"key", utf8_prefix(it.key(), kShownValue)}}},
               "/answers/" + pointer_token(it.key()));
        }
      }
    } else if (ans.is_array()) {
      for (std::size_t i = 0; i < ans.size(); ++i) {
        if (!ans[i].is_string()) {
          fail(ErrorCode::invalid_input, Message{"code.answer_not_string", {{"index", i}}},
               "/answers/" + std::to_string(i));
        }
        parts.push_back(ans[i].get<std::string>());
      }
    } else {
      fail(ErrorCode::invalid_input, Message{"code.answers_wrong_type", {json_type_param(ans)}}, "/answers");
    }
    auto code = make_code(study->code_questions, parts);
    if (!code) fail_at(code.error(), "/answers");
    return code_result(*code);
  }
  const Json& parts = a.value("parts");
  if (!parts.is_array())
    fail(ErrorCode::invalid_input, Message{"code.parts_not_array", {json_type_param(parts)}}, "/parts");
  std::vector<std::string> p;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!parts[i].is_string()) {
      fail(ErrorCode::invalid_input, Message{"code.part_not_string", {{"index", i}, json_type_param(parts[i])}},
           "/parts/" + std::to_string(i));
    }
    p.push_back(parts[i].get<std::string>());
  }
  auto code = make_code(p);
  if (!code) fail_at(code.error(), "/parts");
  return code_result(*code);
}

Json op_normalise_code(Args& a) {
  std::string text = a.string("code");
  CheckMode mode = code_check_arg(a);
  auto code = normalise_code(text, mode);
  if (!code) fail_at(code.error(), "/code");
  Json out = code_json(*code);
  out["expected_check"] = check_character(code->body, code->check.empty() ? CheckKind::digits : code->check_kind);
  put_warnings(out, {});
  return out;
}

}  // namespace assess::api::detail
