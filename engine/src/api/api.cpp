#include "assess/api/api.hpp"

#include <exception>
#include <new>
#include <string>

#include <nlohmann/json.hpp>

#include "api/op_support.hpp"
#include "assess/core/json_reader.hpp"
#include "assess/core/limits.hpp"

namespace assess::api {
namespace {

using detail::ApiFailure;

// Deeper nesting than this is refused while parsing: responses are dumped
// recursively, and a request of a million '[' must not overflow the stack.
constexpr std::size_t kMaxDepth = kJsonMaxDepth;

Json error_envelope(const std::string& op, const Error& err) {
  Json e = Json::object();
  e["ok"] = false;
  e["op"] = op;
  e["error"] = Json::object({{"code", to_string(err.code)}, {"message", err.message}});
  if (!err.path.empty()) e["error"]["path"] = err.path;
  if (!err.msg.empty()) e["error"]["msg"] = msg_json(err.msg);
  return e;
}

Json error_envelope(const std::string& op, ErrorCode code, Message msg) {
  return error_envelope(op, make_error(code, std::move(msg)));
}

// answer_one and answer catch every exception of an op and turn it into an
// error envelope; only building that envelope can still throw (bad_alloc),
// which the public doors below catch.
Json answer_one(const Json& req, const Columns* columns) {
  std::string op;
  try {
    if (!req.is_object()) {
      return error_envelope("", ErrorCode::invalid_input, Message{"request.not_object", {json_type_param(req)}});
    }
    auto it = req.find("op");
    if (it == req.end()) {
      return error_envelope("", ErrorCode::invalid_input, Message{"request.no_op"});
    }
    if (!it->is_string()) {
      return error_envelope("", ErrorCode::invalid_input, Message{"request.op_not_string", {json_type_param(*it)}});
    }
    op = it->get<std::string>();
    const detail::OpEntry* entry = detail::find_op(op);
    if (entry == nullptr) {
      std::size_t n = 0;
      const char* const* names = op_names(&n);
      std::string list;
      for (std::size_t i = 0; i < n; ++i) list += std::string(i ? ", " : "") + names[i];
      const std::string shown(utf8_prefix(op, kShownName));
      return error_envelope(shown, ErrorCode::unknown_op,
                            Message{"request.unknown_op", {{"op", shown}, {"known", list}}});
    }
    detail::Args args(req, columns);
    Json result = entry->handler(args);
    Json& warnings = result["warnings"];
    if (!warnings.is_array()) warnings = Json::array();
    // Handlers give their warnings with ids (put_warnings); those that do
    // not yet get none here, so that the two arrays stay parallel.
    Json* warning_msgs = result.contains("warning_msgs") ? &result["warning_msgs"] : nullptr;
    auto warn = [&](const Message& m) {
      warnings.push_back(english(m));
      if (warning_msgs) warning_msgs->push_back(msg_json(m));
    };
    // Listed one by one up to a point: a request with 100 000 stray keys must
    // not get a response of 100 000 warnings.
    constexpr std::size_t kMaxListed = 20;
    const std::vector<std::string> unread = args.unread();
    for (std::size_t i = 0; i < unread.size() && i < kMaxListed; ++i) {
      warn(Message{"request.unused_argument", {{"arg", utf8_prefix(unread[i], kShownName)}, {"op", op}}});
    }
    if (unread.size() > kMaxListed) {
      warn(Message{"request.unused_arguments_more", {{"n", unread.size() - kMaxListed}, {"op", op}}});
    }
    Json out = Json::object();
    out["ok"] = true;
    out["op"] = op;
    out["result"] = std::move(result);
    return out;
  } catch (const ApiFailure& f) {
    return error_envelope(op, f.error);
  } catch (const std::bad_alloc&) {
    return error_envelope(op, ErrorCode::out_of_range, Message{"request.out_of_memory"});
  } catch (const std::exception& e) {
    return error_envelope(op, ErrorCode::internal_error, Message{"request.internal_error", {{"what", e.what()}}});
  } catch (...) {
    return error_envelope(op, ErrorCode::internal_error, Message{"request.internal_error_unknown"});
  }
}

Json answer(const Json& request, const Columns* columns) {
  try {
    if (request.is_array()) {
      Json out = Json::array();
      for (const auto& r : request) out.push_back(answer_one(r, columns));
      return out;
    }
    return answer_one(request, columns);
  } catch (...) {
    // Only allocation of the outer array can get here.
    return error_envelope("", ErrorCode::out_of_range, Message{"request.response_too_large"});
  }
}

std::string respond(std::string_view text, const Columns* columns) noexcept {
  try {
    Json response;
    Json request;
    JsonReadError err;
    if (text.size() > limits::kMaxRequestBytes) {
      response = error_envelope(
          "", ErrorCode::out_of_range,
          Message{"request.too_large", {{"bytes", text.size()}, {"max_bytes", limits::kMaxRequestBytes}}});
    } else if (read_json(text, request, err, kMaxDepth)) {
      response = answer(request, columns);
    } else {
      switch (err.kind) {
        case JsonReadError::Kind::duplicate_key:
          // Which of the two values was meant cannot be known; nlohmann
          // would keep the last one silently (docs/robustness.md).
          response = error_envelope(
              "", make_error(ErrorCode::invalid_input,
                             Message{"request.duplicate_key",
                                     {{"detail", err.detail}, {"line", err.line}, {"column", err.column}}},
                             err.path));
          break;
        case JsonReadError::Kind::too_deep:
          response = error_envelope("", ErrorCode::parse_error,
                                    Message{"request.too_deep", {{"max_depth", kMaxDepth}, {"line", err.line}}});
          break;
        case JsonReadError::Kind::number_overflow:
          response = error_envelope(
              "", ErrorCode::parse_error,
              Message{"request.number_overflow", {{"detail", err.detail}, {"line", err.line}, {"column", err.column}}});
          break;
        case JsonReadError::Kind::syntax:
          response = error_envelope(
              "", ErrorCode::parse_error,
              Message{"request.not_json", {{"detail", err.detail}, {"line", err.line}, {"column", err.column}}});
          break;
      }
    }
    return response.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const std::bad_alloc&) {
    return R"({"ok":false,"op":"","error":{"code":"out_of_range","message":"the request does not fit in memory; split the data","msg":{"id":"request.does_not_fit","params":{}}}})";
  } catch (...) {
    return R"({"ok":false,"op":"","error":{"code":"internal_error","message":"internal error while answering the request","msg":{"id":"request.internal_error_answering","params":{}}}})";
  }
}

}  // namespace

// clang-tidy cannot see that nothing escapes: the catch builds a null, which
// needs no allocation, but nlohmann's destructors are not provably non-throwing.
// NOLINTNEXTLINE(bugprone-exception-escape)
Json call_json(const Json& request) noexcept {
  try {
    return answer(request, nullptr);
  } catch (...) {
    return Json();  // out of memory even for the error envelope
  }
}

std::string call(std::string_view text) noexcept { return respond(text, nullptr); }

std::string call_with_columns(std::string_view text, const Columns& columns) noexcept {
  return respond(text, &columns);
}

bool all_ok(const Json& response) noexcept {
  // nlohmann's accessors may throw in general; here every access is checked
  // first, so the catch is never reached.
  try {
    if (response.is_array()) {
      for (const auto& r : response) {
        if (!all_ok(r)) return false;
      }
      return true;
    }
    if (!response.is_object()) return false;
    auto it = response.find("ok");
    return it != response.end() && it->is_boolean() && it->get<bool>();
  } catch (...) {
    return false;
  }
}

const char* version() noexcept { return ASSESS_VERSION; }

}  // namespace assess::api
