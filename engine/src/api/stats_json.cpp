#include "api/stats_json.hpp"

#include <utility>

namespace assess::api::detail {

Error conf_level_error(double value) {
  return make_error(ErrorCode::invalid_input, Message{"stats.bad_conf_level", {{"value", value}}}, "/conf_level");
}

Error unexpected_fault(const char* op, const Fault& f) {
  return make_error(ErrorCode::internal_error,
                    Message{"stats.unexpected_fault", {{"op", op}, {"fault", to_string(f.kind)}}});
}

Json with_warnings(Json j, const std::vector<Message>& warnings) {
  put_warnings(j, warnings);
  return j;
}

std::string index_list(const std::vector<std::size_t>& indices) {
  std::string out;
  for (std::size_t i : indices) out += (out.empty() ? "" : ", ") + std::to_string(i);
  return out;
}

}  // namespace assess::api::detail
