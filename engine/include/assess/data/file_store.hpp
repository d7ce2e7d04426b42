// Files handed to the engine as bytes rather than inside a JSON string.
// A JSON string cannot carry a Windows-1251 or UTF-16 file unchanged (it must
// be Unicode, and a browser's readAsText would already have replaced the bad
// bytes), and a 60 MB file should not travel through JSON. The wasm door's
// putFile(name, Uint8Array) stores the bytes here; a request then names the
// file without its text ({"name": "a.csv"}) and the import reads these bytes,
// so encoding problems are diagnosed on the real bytes.
//
// One store per engine instance; not synchronised (the wasm instance and the
// CLI are single-threaded).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace assess::data {

void store_file(const std::string& name, std::string bytes);
bool drop_file(const std::string& name);  // false when no such file
void clear_files();
const std::string* stored_file(const std::string& name);  // nullptr when absent
std::vector<std::string> stored_file_names();
std::size_t stored_bytes();

}  // namespace assess::data
