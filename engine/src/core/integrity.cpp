#include "assess/core/integrity.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "assess/core/canonical_json.hpp"
#include "assess/core/sha256.hpp"

namespace assess {

std::string payload_sha256(const Json& doc) {
  if (!doc.is_object() || !doc.contains("integrity")) return sha256_hex(canonical_json(doc));
  Json rest = doc;
  rest.erase("integrity");
  return sha256_hex(canonical_json(rest));
}

Json seal(Json doc) {
  if (!doc.is_object()) return doc;
  doc.erase("integrity");
  doc["engine"] = Json{{"name", "assess"}, {"version", ASSESS_VERSION}};
  const std::string digest = sha256_hex(canonical_json(doc));
  doc["integrity"] = Json{{"method", kIntegrityMethod}, {"sha256", digest}};
  return doc;
}

const char* to_string(SealStatus s) noexcept {
  switch (s) {
    case SealStatus::absent:
      return "absent";
    case SealStatus::valid:
      return "valid";
    case SealStatus::mismatch:
      return "mismatch";
    case SealStatus::invalid:
      return "invalid";
  }
  return "invalid";
}

SealCheck check_seal(const Json& doc) {
  SealCheck c;
  if (!doc.is_object()) return c;
  auto it = doc.find("integrity");
  if (it == doc.end()) return c;
  const Json& in = *it;
  auto m = in.is_object() ? in.find("method") : in.end();
  auto d = in.is_object() ? in.find("sha256") : in.end();
  bool hex = d != in.end() && d->is_string() && d->get_ref<const std::string&>().size() == 64;
  if (hex) {
    for (char ch : d->get_ref<const std::string&>()) {
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) hex = false;
    }
  }
  if (!in.is_object() || m == in.end() || *m != kIntegrityMethod || !hex) {
    c.status = SealStatus::invalid;
    return c;
  }
  c.expected = d->get<std::string>();
  for (char& ch : c.expected) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  c.actual = payload_sha256(doc);
  c.status = c.actual == c.expected ? SealStatus::valid : SealStatus::mismatch;
  return c;
}

}  // namespace assess
