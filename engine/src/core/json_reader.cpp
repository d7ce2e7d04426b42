#include "assess/core/json_reader.hpp"

#include <cstdint>
#include <iterator>
#include <memory>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "assess/core/json.hpp"
#include "assess/core/text.hpp"

namespace assess {
namespace {

// A byte iterator that publishes how far the parser has read, so that the
// SAX handler can say where a duplicate key or a too-deep container is
// (nlohmann passes a position only to parse_error).
struct TrackingIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* p = nullptr;
  const char** seen = nullptr;

  reference operator*() const { return *p; }
  TrackingIterator& operator++() {
    ++p;
    *seen = p;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator& o) const { return p == o.p; }
  bool operator!=(const TrackingIterator& o) const { return p != o.p; }
};

// Builds the DOM like nlohmann's own SAX DOM parser, with the checks of the
// header. Objects are appended to directly (the duplicate check is ours).
class Builder {
 public:
  using string_t = Json::string_t;
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using binary_t = Json::binary_t;
  using Entries = std::vector<std::pair<const std::string, Json>>;

  Builder(Json& root, std::size_t max_depth, const char* base, const char** seen, JsonReadError& err)
      : root_(root), max_depth_(max_depth), base_(base), seen_(seen), err_(err) {}

  bool null() { return add(Json(nullptr)); }
  bool boolean(bool v) { return add(Json(v)); }
  bool number_integer(number_integer_t v) { return add(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return add(Json(v)); }
  bool number_float(number_float_t v, const string_t&) { return add(Json(v)); }
  bool string(string_t& v) { return add(Json(std::move(v))); }
  bool binary(binary_t& v) { return add(Json::binary(std::move(v))); }

  bool start_object(std::size_t) { return open(Json::object(), true); }
  bool start_array(std::size_t) { return open(Json::array(), false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    Frame& f = stack_.back();
    const Entries& entries = *static_cast<const Entries*>(&f.value->get_ref<const Json::object_t&>());
    bool duplicate = false;
    if (f.keys) {
      duplicate = !f.keys->insert(k).second;
    } else {
      for (const auto& e : entries) {
        if (e.first == k) {
          duplicate = true;
          break;
        }
      }
      // Small objects are searched; a large one gets a hash set once.
      if (!duplicate && entries.size() >= 16) {
        f.keys = std::make_unique<std::unordered_set<std::string>>();
        for (const auto& e : entries) f.keys->insert(e.first);
        f.keys->insert(k);
      }
    }
    if (duplicate) {
      err_.kind = JsonReadError::Kind::duplicate_key;
      err_.key = k;
      err_.path = path() + "/" + pointer_token(k);
      err_.byte = offset();
      err_.detail = "the key " + quote(utf8_prefix(k, kShownName)) + " appears twice in the object at " +
                    (path().empty() ? std::string("the top level") : path());
      return false;
    }
    f.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    err_.kind = ex.id == 406 ? JsonReadError::Kind::number_overflow : JsonReadError::Kind::syntax;
    err_.byte = position > 0 ? position - 1 : 0;
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." -> the part
    // after the position, which we give ourselves.
    auto colon = what.find(": ", what.find("column"));
    if (what.find("parse error at") != std::string::npos && colon != std::string::npos) {
      err_.detail = what.substr(colon + 2);
    } else {
      auto bracket = what.find("] ");
      err_.detail = bracket == std::string::npos ? what : what.substr(bracket + 2);
    }
    return false;
  }

 private:
  struct Frame {
    Json* value;
    bool is_object;
    std::string key;  // the key whose value comes next (objects)
    std::unique_ptr<std::unordered_set<std::string>> keys;
  };

  std::size_t offset() const { return static_cast<std::size_t>(*seen_ - base_); }

  std::string path() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Frame& parent = stack_[i];
      if (parent.is_object) {
        // the open child is the parent's last entry (its key was moved there)
        const auto& entries = static_cast<const Entries&>(parent.value->get_ref<const Json::object_t&>());
        p += "/" + pointer_token(entries.back().first);
      } else {
        p += "/" + std::to_string(parent.value->size() - 1);
      }
    }
    return p;
  }

  // Puts v where the next value goes; returns a pointer to it.
  Json* place(Json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& f = stack_.back();
    if (f.is_object) {
      auto& entries = static_cast<Entries&>(f.value->get_ref<Json::object_t&>());
      entries.emplace_back(std::move(f.key), std::move(v));
      return &entries.back().second;
    }
    auto& items = f.value->get_ref<Json::array_t&>();
    items.push_back(std::move(v));
    return &items.back();
  }

  bool add(Json&& v) {
    place(std::move(v));
    return true;
  }

  bool open(Json&& v, bool is_object) {
    if (stack_.size() >= max_depth_) {
      err_.kind = JsonReadError::Kind::too_deep;
      err_.path = path();
      err_.byte = offset() > 0 ? offset() - 1 : 0;
      err_.detail = "arrays and objects nest more than " + std::to_string(max_depth_) + " levels deep";
      return false;
    }
    Json* at = place(std::move(v));
    stack_.push_back(Frame{at, is_object, {}, nullptr});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  Json& root_;
  std::size_t max_depth_;
  const char* base_;
  const char** seen_;
  JsonReadError& err_;
  std::vector<Frame> stack_;
};

// Line and column of err.byte.
void locate(std::string_view text, JsonReadError& err) {
  if (err.byte > text.size()) err.byte = text.size();
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < err.byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++col;  // columns count characters, not UTF-8 continuation bytes
    }
  }
  err.line = line;
  err.column = col;
}

}  // namespace

std::string JsonReadError::message() const {
  return detail + " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
}

bool read_json(std::string_view text, Json& out, JsonReadError& err, std::size_t max_depth) {
  out = nullptr;
  // nlohmann stops at a NUL byte as if the text ended there, so anything
  // after it would be ignored silently. JSON text has no NUL byte (inside a
  // string it must be written \u0000); one is usually UTF-16 or binary.
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    err.kind = JsonReadError::Kind::syntax;
    err.byte = nul;
    err.detail = "the text contains a NUL byte (JSON text has none; is the file UTF-16 or binary?)";
    locate(text, err);
    return false;
  }
  const char* base = text.data();
  const char* seen = base;
  Json root;
  Builder builder(root, max_depth, base, &seen, err);
  TrackingIterator first{base, &seen}, last{base + text.size(), &seen};
  bool ok = false;
  try {
    ok = Json::sax_parse(first, last, &builder);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // Not expected (the handler reports errors by returning false); kept as a
    // syntax error rather than let anything escape the reader.
    err.kind = JsonReadError::Kind::syntax;
    err.detail = e.what();
    ok = false;
  }
  if (!ok) {
    locate(text, err);
    return false;
  }
  out = std::move(root);
  return true;
}

}  // namespace assess
