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
using detail::json;

// Deeper nesting than this is refused while parsing: responses are dumped
// recursively, and a request of a million '[' must not overflow the stack.
constexpr std::size_t kMaxDepth = kJsonMaxDepth;

json error_envelope(const std::string& op, ErrorCode code, const std::string& message) {
  json e = json::object();
  e["ok"] = false;
  e["op"] = op;
  e["error"] = json::object({{"code", to_string(code)}, {"message", message}});
  return e;
}

json error_envelope(const std::string& op, const Error& err) {
  json e = error_envelope(op, err.code, err.message);
  if (!err.path.empty()) e["error"]["path"] = err.path;
  return e;
}

const char* kind(const json& v) {
  if (v.is_array()) return "an array";
  if (v.is_string()) return "a string";
  if (v.is_number()) return "a number";
  if (v.is_boolean()) return "a boolean";
  if (v.is_null()) return "null";
  return "not an object";
}

// answer_one and answer catch every exception of an op and turn it into an
// error envelope; only building that envelope can still throw (bad_alloc),
// which the public doors below catch.
json answer_one(const json& req, const Columns* columns) {
  std::string op;
  try {
    if (!req.is_object()) {
      return error_envelope(
          "", ErrorCode::invalid_input,
          std::string("a request must be a JSON object with an \"op\" field, but this one is ") + kind(req));
    }
    auto it = req.find("op");
    if (it == req.end()) {
      return error_envelope("", ErrorCode::invalid_input,
                            "the request has no \"op\" field naming the operation to run");
    }
    if (!it->is_string()) {
      return error_envelope("", ErrorCode::invalid_input,
                            std::string("op must be a string naming the operation, but it is ") + kind(*it));
    }
    op = it->get<std::string>();
    const detail::OpEntry* entry = detail::find_op(op);
    if (entry == nullptr) {
      std::size_t n = 0;
      const char* const* names = op_names(&n);
      std::string list;
      for (std::size_t i = 0; i < n; ++i) list += std::string(i ? ", " : "") + names[i];
      return error_envelope(op.substr(0, 100), ErrorCode::unknown_op,
                            "op \"" + op.substr(0, 100) + "\" is not an operation of this engine; known: " + list);
    }
    detail::Args args(req, columns);
    json result = entry->handler(args);
    json& warnings = result["warnings"];
    if (!warnings.is_array()) warnings = json::array();
    // Listed one by one up to a point: a request with 100 000 stray keys must
    // not get a response of 100 000 warnings.
    constexpr std::size_t kMaxListed = 20;
    const std::vector<std::string> unread = args.unread();
    for (std::size_t i = 0; i < unread.size() && i < kMaxListed; ++i) {
      warnings.push_back("the argument " + unread[i].substr(0, 100) + " is not used by " + op + " and was ignored");
    }
    if (unread.size() > kMaxListed) {
      warnings.push_back(std::to_string(unread.size() - kMaxListed) + " more arguments are not used by " + op +
                         " and were ignored");
    }
    json out = json::object();
    out["ok"] = true;
    out["op"] = op;
    out["result"] = std::move(result);
    return out;
  } catch (const ApiFailure& f) {
    return error_envelope(op, f.error);
  } catch (const std::bad_alloc&) {
    return error_envelope(op, ErrorCode::out_of_range,
                          "the request needs more memory than the engine can have; split the data");
  } catch (const std::exception& e) {
    return error_envelope(op, ErrorCode::internal_error, std::string("internal error: ") + e.what());
  } catch (...) {
    return error_envelope(op, ErrorCode::internal_error, "internal error of unknown kind");
  }
}

json answer(const Json& request, const Columns* columns) {
  try {
    if (request.is_array()) {
      json out = json::array();
      for (const auto& r : request) out.push_back(answer_one(r, columns));
      return out;
    }
    return answer_one(request, columns);
  } catch (...) {
    // Only allocation of the outer array can get here.
    return error_envelope("", ErrorCode::out_of_range, "the response does not fit in memory");
  }
}

std::string respond(std::string_view text, const Columns* columns) noexcept {
  try {
    json response;
    json request;
    JsonReadError err;
    if (text.size() > limits::kMaxRequestBytes) {
      response = error_envelope("", ErrorCode::out_of_range,
                                "the request has " + std::to_string(text.size()) +
                                    " bytes, but the engine reads at most " + std::to_string(limits::kMaxRequestBytes) +
                                    " (64 MiB) in one request; give large files as bytes (putFile) or split the data");
    } else if (read_json(text, request, err, kMaxDepth)) {
      response = answer(request, columns);
    } else {
      switch (err.kind) {
        case JsonReadError::Kind::duplicate_key:
          // Which of the two values was meant cannot be known; nlohmann
          // would keep the last one silently (docs/robustness.md).
          response = error_envelope("", Error{ErrorCode::invalid_input,
                                              err.message() + "; a key may appear only once in an object, "
                                                              "since which value was meant cannot be known",
                                              err.path});
          break;
        case JsonReadError::Kind::too_deep:
          response = error_envelope("", ErrorCode::parse_error,
                                    "the request nests arrays or objects more than " + std::to_string(kMaxDepth) +
                                        " levels deep (line " + std::to_string(err.line) + ")");
          break;
        case JsonReadError::Kind::number_overflow:
          response = error_envelope(
              "", ErrorCode::parse_error,
              "the request holds a number beyond the range of a double (about 1.8e308): " + err.message());
          break;
        case JsonReadError::Kind::syntax:
          response = error_envelope("", ErrorCode::parse_error, "the request is not valid JSON: " + err.message());
          break;
      }
    }
    return response.dump(-1, ' ', false, json::error_handler_t::replace);
  } catch (const std::bad_alloc&) {
    return R"({"ok":false,"op":"","error":{"code":"out_of_range","message":"the request does not fit in memory; split the data"}})";
  } catch (...) {
    return R"({"ok":false,"op":"","error":{"code":"internal_error","message":"internal error while answering the request"}})";
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
