#include "support/json_compare.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace assess::test {

Tolerance tolerance_from(const Json* spec) {
  Tolerance t;
  if (spec == nullptr || !spec->is_object()) return t;
  if (spec->contains("stat_rel")) t.stat_rel = (*spec)["stat_rel"].get<double>();
  if (spec->contains("p_rel")) t.p_rel = (*spec)["p_rel"].get<double>();
  if (spec->contains("abs")) t.abs = (*spec)["abs"].get<double>();
  if (spec->contains("fields")) t.per_field = (*spec)["fields"];
  return t;
}

bool is_p_or_limit(const std::string& key) {
  if (key == "p" || key == "adjusted" || key.rfind("p_", 0) == 0) return true;
  auto ends = [&](const char* s) {
    std::string suf(s);
    return key.size() >= suf.size() && key.compare(key.size() - suf.size(), suf.size(), suf) == 0;
  };
  return ends("_p") || ends("ci_low") || ends("ci_high") || ends("_low") || ends("_high");
}

namespace {

std::string show(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace).substr(0, 200); }

std::string last_key(const std::string& pointer) {
  // the nearest object key in the pointer (array indices skipped)
  std::string p = pointer;
  while (!p.empty()) {
    auto slash = p.rfind('/');
    std::string seg = p.substr(slash + 1);
    bool index = !seg.empty() && seg.find_first_not_of("0123456789") == std::string::npos;
    if (!index) return seg;
    p = p.substr(0, slash);
  }
  return "";
}

}  // namespace

std::vector<std::string> compare_json(const Json& e, const Json& a, const Tolerance& tol, const std::string& ptr) {
  std::vector<std::string> out;
  const std::string where = ptr.empty() ? "/" : ptr;
  if (e.is_number()) {
    if (!a.is_number()) {
      out.push_back(where + ": expected " + show(e) + ", got " + show(a));
      return out;
    }
    double ev = e.get<double>(), av = a.get<double>();
    std::string key = last_key(ptr);
    double rel = is_p_or_limit(key) ? tol.p_rel : tol.stat_rel;
    if (tol.per_field.is_object() && tol.per_field.contains(key)) rel = tol.per_field.at(key).template get<double>();
    double diff = std::fabs(av - ev);
    bool pass = diff <= rel * std::fabs(ev) || diff <= tol.abs;
    if (!pass) {
      char buf[256];
      std::snprintf(buf, sizeof buf, ": expected %.17g, got %.17g (relative error %.3g, allowed %.3g)", ev, av,
                    ev != 0 ? diff / std::fabs(ev) : diff, rel);
      out.push_back(where + buf);
    }
    return out;
  }
  if (e.is_object()) {
    if (!a.is_object()) {
      out.push_back(where + ": expected an object, got " + show(a));
      return out;
    }
    for (auto it = e.begin(); it != e.end(); ++it) {
      std::string child = ptr + "/" + it.key();
      if (!a.contains(it.key())) {
        out.push_back(child + ": missing (expected " + show(it.value()) + ")");
        continue;
      }
      auto sub = compare_json(it.value(), a[it.key()], tol, child);
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
  if (e.is_array()) {
    if (!a.is_array() || a.size() != e.size()) {
      out.push_back(where + ": expected an array of " + std::to_string(e.size()) + ", got " + show(a));
      return out;
    }
    for (std::size_t i = 0; i < e.size(); ++i) {
      auto sub = compare_json(e[i], a[i], tol, ptr + "/" + std::to_string(i));
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
  if (e != a) out.push_back(where + ": expected " + show(e) + ", got " + show(a));
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace assess::test
