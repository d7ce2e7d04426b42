// The engine's JSON reader: the same values as nlohmann's parse, plus
// duplicate keys, depth and number overflow reported with where they are,
// and objects with many keys in linear time.
#include <chrono>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/json_reader.hpp"

using assess::Json;
using assess::JsonReadError;
using assess::read_json;

namespace {

Json ask(const std::string& text) { return Json::parse(assess::api::call(text)); }

TEST(JsonReader, SameValuesAsNlohmann) {
  const char* texts[] = {
      R"({"op":"describe","x":[1,2.5,-3e-7,null,true,false,"s\u00e9\n"],"o":{"a":{"b":[[],{}]}},"u":18446744073709551615})",
      "[]",
      "{}",
      "0",
      "-0",
      "\"\"",
      " \t\r\n[1] ",
      "\xEF\xBB\xBF{\"bom\":1}",
      "1e308",
      "5e-324",
  };
  for (const char* t : texts) {
    Json ours;
    JsonReadError err;
    ASSERT_TRUE(read_json(t, ours, err)) << t << ": " << err.message();
    EXPECT_EQ(ours, Json::parse(t)) << t;
    EXPECT_EQ(ours.dump(), Json::parse(t).dump()) << t;  // key order too
  }
}

TEST(JsonReader, DuplicateKeyNamesKeyPointerAndPlace) {
  Json out;
  JsonReadError err;
  ASSERT_FALSE(read_json("{\"a\":1,\n \"items\":[{\"id\":\"x\"},{\"id\":\"y\",\"id\":\"z\"}]}", out, err));
  EXPECT_EQ(err.kind, JsonReadError::Kind::duplicate_key);
  EXPECT_EQ(err.key, "id");
  EXPECT_EQ(err.path, "/items/1/id");
  EXPECT_EQ(err.line, 2u);
  EXPECT_NE(err.message().find("\"id\" appears twice in the object at /items/1"), std::string::npos) << err.message();
  EXPECT_TRUE(out.is_null());
  // At the top level, and in a large object (hash-set path)
  ASSERT_FALSE(read_json(R"({"x":1,"x":2})", out, err));
  EXPECT_EQ(err.path, "/x");
  EXPECT_NE(err.message().find("the top level"), std::string::npos);
  std::string big = "{";
  for (int i = 0; i < 1000; ++i) big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  big += "\"k500\":0}";
  ASSERT_FALSE(read_json(big, out, err));
  EXPECT_EQ(err.key, "k500");
  // Keys that need escaping in a pointer; the same key in different objects is fine
  ASSERT_FALSE(read_json(R"({"a/b":{"~":1,"~":2}})", out, err));
  EXPECT_EQ(err.path, "/a~1b/~0");
  EXPECT_TRUE(read_json(R"({"a":{"id":1},"b":{"id":1},"id":[{"id":1},{"id":2}]})", out, err));
}

TEST(JsonReader, DepthLimit) {
  Json out;
  JsonReadError err;
  EXPECT_TRUE(read_json(std::string(256, '[') + std::string(256, ']'), out, err));
  ASSERT_FALSE(read_json(std::string(257, '[') + std::string(257, ']'), out, err));
  EXPECT_EQ(err.kind, JsonReadError::Kind::too_deep);
  ASSERT_FALSE(read_json(std::string(3000000, '['), out, err));
  EXPECT_EQ(err.kind, JsonReadError::Kind::too_deep);
  EXPECT_TRUE(read_json("[[[1]]]", out, err, 3));
  EXPECT_FALSE(read_json("[[[[1]]]]", out, err, 3));
}

TEST(JsonReader, NumberOverflowAndSyntax) {
  Json out;
  JsonReadError err;
  ASSERT_FALSE(read_json("[1, 1e999]", out, err));
  EXPECT_EQ(err.kind, JsonReadError::Kind::number_overflow);
  EXPECT_NE(err.detail.find("1e999"), std::string::npos) << err.detail;
  ASSERT_FALSE(read_json("{\"a\":\n  [1,2,", out, err));
  EXPECT_EQ(err.kind, JsonReadError::Kind::syntax);
  EXPECT_EQ(err.line, 2u);
  EXPECT_EQ(err.detail.find("[json.exception"), std::string::npos) << err.detail;
  // nlohmann alone would stop at the NUL and accept the first request
  ASSERT_FALSE(read_json(std::string("[1]\0[2]", 7), out, err));
  EXPECT_NE(err.detail.find("NUL byte"), std::string::npos);
  EXPECT_EQ(err.byte, 3u);
  for (const char* bad : {"", "   ", "{}{}", "[1] x", "{\"a\":NaN}", "\"\xC3\x28\"", "\"\\ud800\"", "[1,]"}) {
    EXPECT_FALSE(read_json(bad, out, err)) << bad;
    EXPECT_EQ(err.kind, JsonReadError::Kind::syntax) << bad;
  }
}

TEST(JsonReader, ManyKeysInLinearTime) {
  // nlohmann's ordered_json needs ~12 s for this (every key compared with all earlier ones).
  std::string big = "{\"op\":\"describe\",\"x\":[1,2]";
  for (int i = 0; i < 200000; ++i) big += ",\"k" + std::to_string(i) + "\":0";
  big += "}";
  auto t0 = std::chrono::steady_clock::now();
  Json r = ask(big);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r["ok"], true);
  EXPECT_LT(s, 5.0);  // ~0.3 s natively; generous for sanitizer builds
  // stray keys: 20 listed, the rest counted
  ASSERT_EQ(r["result"]["warnings"].size(), 21u);
  EXPECT_NE(r["result"]["warnings"][20].get<std::string>().find("199980 more"), std::string::npos);
}

TEST(JsonReader, DuplicateKeysInRequestsAreInvalidInput) {
  Json r = ask(R"({"op":"describe","x":[1,2],"x":[3]})");
  EXPECT_EQ(r["ok"], false);
  EXPECT_EQ(r["error"]["code"], "invalid_input");
  EXPECT_EQ(r["error"]["path"], "/x");
  EXPECT_NE(r["error"]["message"].get<std::string>().find("\"x\" appears twice"), std::string::npos);
  r = ask(R"({"op":"describe","op":"nope"})");
  EXPECT_EQ(r["error"]["code"], "invalid_input");
  // in an array of requests the whole text is refused: it is one JSON text
  r = ask(R"([{"op":"describe","x":[1]},{"op":"describe","x":[1],"x":[2]}])");
  EXPECT_EQ(r["error"]["path"], "/1/x");
}

// Regressions in the response importer (found while building tests/bad_inputs):
// a number beyond double range in a response file was internal_error for the
// whole request, and an item answered twice kept the last answer silently.
Json import_one(const std::string& file_text) {
  std::ifstream in(std::string(ASSESS_SOURCE_DIR) + "/rubrics/competency-12.v1.json");
  Json req = {{"op", "import_responses"},
              {"instrument", Json::parse(in)},
              {"files", Json::array({Json{{"name", "r.json"}, {"text", file_text}}})}};
  return ask(req.dump());
}

TEST(JsonReader, ResponseFilesAreReadStrictly) {
  const std::string head =
      R"({"format":"assess-response/1","instrument":{"id":"competency-12","version":1},"code":"AB12",)"
      R"("programme":"p","wave":"pre","answers":)";
  Json r = import_one(head + R"({"ET1":1e999}})");
  ASSERT_EQ(r["ok"], true) << r.dump();
  ASSERT_EQ(r["result"]["problems"].size(), 1u);
  EXPECT_EQ(r["result"]["problems"][0]["code"], "json_syntax");
  EXPECT_NE(r["result"]["problems"][0]["message"].get<std::string>().find("beyond the range of a double"),
            std::string::npos);

  r = import_one(head + "{\"ET1\":1,\n\"ET1\":5}}");
  ASSERT_EQ(r["ok"], true) << r.dump();
  ASSERT_EQ(r["result"]["problems"].size(), 1u);
  const Json& p = r["result"]["problems"][0];
  EXPECT_EQ(p["code"], "duplicate_key");
  EXPECT_EQ(p["severity"], "file");
  EXPECT_EQ(p["field"], "/answers/ET1");
  EXPECT_EQ(p["line"], 2);
  EXPECT_NE(p["message"].get<std::string>().find("r.json"), std::string::npos);
  EXPECT_EQ(r["result"]["records"].size(), 0u);
}

TEST(JsonReader, DocumentsGivenAsTextAreReadStrictly) {
  // the CLI hands instruments to analyze_prepost as text
  Json r = ask(R"({"op":"analyze_prepost","instrument":"{\"format\":1,\"format\":2}","files":[]})");
  EXPECT_EQ(r["error"]["code"], "invalid_input") << r.dump();
  EXPECT_EQ(r["error"]["path"], "/instrument/format");
}

}  // namespace
