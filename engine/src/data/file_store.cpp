#include "assess/data/file_store.hpp"

#include <map>

namespace assess::data {
namespace {

std::map<std::string, std::string>& store() {
  static std::map<std::string, std::string> files;
  return files;
}

}  // namespace

void store_file(const std::string& name, std::string bytes) { store()[name] = std::move(bytes); }

bool drop_file(const std::string& name) { return store().erase(name) > 0; }

void clear_files() { store().clear(); }

const std::string* stored_file(const std::string& name) {
  auto it = store().find(name);
  return it == store().end() ? nullptr : &it->second;
}

std::vector<std::string> stored_file_names() {
  std::vector<std::string> names;
  for (const auto& kv : store()) names.push_back(kv.first);
  return names;
}

std::size_t stored_bytes() {
  std::size_t n = 0;
  for (const auto& kv : store()) n += kv.second.size();
  return n;
}

}  // namespace assess::data
