#include "assess/core/json.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace assess {

Json json_number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

Json json_numbers(const std::vector<double>& x) {
  Json a = Json::array();
  for (double v : x) a.push_back(json_number(v));
  return a;
}

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

MsgParam json_type_param(const Json& v, const char* name) {
  switch (v.type()) {
    case Json::value_t::null:
      return MsgParam::coded(name, "null", "null");
    case Json::value_t::boolean:
      return MsgParam::coded(name, "boolean", "a boolean");
    case Json::value_t::string:
      return MsgParam::coded(name, "string", "a string");
    case Json::value_t::array:
      return MsgParam::coded(name, "array", "an array");
    case Json::value_t::object:
      return MsgParam::coded(name, "object", "an object");
    case Json::value_t::binary:
      return MsgParam::coded(name, "binary", "binary data");
    case Json::value_t::discarded:
      return MsgParam::coded(name, "invalid", "invalid");
    default:
      return MsgParam::coded(name, "number", "a number");
  }
}

namespace {

// A parameter's number: counts and indices as integers (2, not 2.0).
Json param_number(double x) {
  constexpr double kExact = 9007199254740992.0;  // 2^53
  if (std::isfinite(x) && x == std::trunc(x) && std::fabs(x) < kExact) return Json(static_cast<long long>(x));
  return json_number(x);
}

}  // namespace

Json msg_json(const Message& m) {
  Json params = Json::object();
  for (const auto& p : m.params) {
    params[p.name] = p.is_number ? param_number(p.number) : Json(p.code.empty() ? p.text : p.code);
  }
  return Json{{"id", m.id}, {"params", std::move(params)}};
}

void put_warnings(Json& j, const std::vector<Message>& warnings) {
  Json text = Json::array(), msgs = Json::array();
  for (const auto& w : warnings) {
    text.push_back(english(w));
    msgs.push_back(msg_json(w));
  }
  j["warnings"] = std::move(text);
  j["warning_msgs"] = std::move(msgs);
}

}  // namespace assess
