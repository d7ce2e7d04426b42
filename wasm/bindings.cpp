// The WebAssembly door: Embind around api::call. Nothing else belongs here;
// typed doors for bulk data sit beside call() when the pages need them.
#include <string>

#include <emscripten/bind.h>

#include "assess/api/api.hpp"

namespace {

std::string call(const std::string& request) { return assess::api::call(request); }
std::string version() { return assess::api::version(); }

}  // namespace

EMSCRIPTEN_BINDINGS(assess) {
  emscripten::function("call", &call);
  emscripten::function("version", &version);
}
