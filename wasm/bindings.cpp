// The WebAssembly door: Embind around api::call. Nothing else belongs here;
// typed doors for bulk data sit beside call() when the pages need them.
#include <string>

#include <emscripten/bind.h>

#include "assess/api/api.hpp"
#include "assess/data/file_store.hpp"

namespace {

std::string call(const std::string& request) { return assess::api::call(request); }
std::string version() { return assess::api::version(); }

// Bytes of an input file (a Uint8Array or ArrayBuffer arrives unchanged as
// std::string): requests then name it as {"name": ...} without "text".
// Returns -1 when the bytes cannot be stored (out of memory): a C++ exception
// must not cross into JavaScript. The import that names the file then says
// that no such file was stored; the size limits are checked by the import.
double put_file(const std::string& name, const std::string& bytes) {
  try {
    assess::data::store_file(name, bytes);
    return static_cast<double>(bytes.size());
  } catch (...) {
    return -1.0;
  }
}
bool drop_file(const std::string& name) { return assess::data::drop_file(name); }
void clear_files() { assess::data::clear_files(); }

}  // namespace

EMSCRIPTEN_BINDINGS(assess) {
  emscripten::function("call", &call);
  emscripten::function("version", &version);
  emscripten::function("putFile", &put_file);
  emscripten::function("dropFile", &drop_file);
  emscripten::function("clearFiles", &clear_files);
}
