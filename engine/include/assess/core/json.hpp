// The JSON type of the engine: nlohmann's ordered_json, so that responses
// keep the documented field order ("ok", "op", "result", ...).
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace assess {
using Json = nlohmann::ordered_json;
}  // namespace assess

#include <string>
#include <string_view>
#include <vector>

#include "assess/core/message.hpp"

namespace assess {
// A double as JSON: null when NaN or infinite (an undefined statistic).
Json json_number(double x);
// A vector of doubles as a JSON array, nulls for non-finite entries.
Json json_numbers(const std::vector<double>& x);
// A key as one token of a JSON pointer: "~" as "~0", "/" as "~1" (RFC 6901).
std::string pointer_token(std::string_view key);
// The JSON type of v as a coded message parameter: code "string", English
// "a string" (null, boolean, string, array, object, number, binary, invalid).
MsgParam json_type_param(const Json& v, const char* name = "type");
// {"id": ..., "params": {name: number or text}} (the contract's msg object).
Json msg_json(const Message& m);
// Writes `warnings` (the English sentences) and `warning_msgs` (their ids and
// parameters, same order) into the object j.
void put_warnings(Json& j, const std::vector<Message>& warnings);
}  // namespace assess
