// The API facade: the envelope, request arrays, every error code that does
// not belong to one op, and robustness against hostile requests.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"

using assess::Json;

namespace {

Json ask(const std::string& text) { return Json::parse(assess::api::call(text)); }

void expect_error(const Json& r, const char* code, const char* fragment = nullptr) {
  ASSERT_TRUE(r.is_object()) << r.dump();
  EXPECT_EQ(r.at("ok"), false) << r.dump();
  EXPECT_EQ(r.at("error").at("code"), code) << r.dump();
  std::string msg = r.at("error").at("message").get<std::string>();
  EXPECT_FALSE(msg.empty());
  if (fragment) {
    EXPECT_NE(msg.find(fragment), std::string::npos) << "message: " << msg;
  }
}

TEST(Envelope, SuccessHasOkOpResultAndWarnings) {
  Json r = ask(R"({"op":"describe","x":[1,2,3]})");
  EXPECT_EQ(r.at("ok"), true);
  EXPECT_EQ(r.at("op"), "describe");
  EXPECT_TRUE(r.at("result").at("warnings").is_array());
  // field order of the envelope is ok, op, result
  auto it = r.begin();
  EXPECT_EQ(it.key(), "ok");
  EXPECT_EQ((++it).key(), "op");
  EXPECT_EQ((++it).key(), "result");
}

TEST(Envelope, ArrayIsAnsweredInOrder) {
  Json r = ask(R"([{"op":"describe","x":[1]},{"op":"no_such_op"},{"op":"describe","x":[2,4]}])");
  ASSERT_TRUE(r.is_array());
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0]["result"]["mean"], 1.0);
  expect_error(r[1], "unknown_op", "no_such_op");
  EXPECT_EQ(r[2]["result"]["mean"], 3.0);
  EXPECT_FALSE(assess::api::all_ok(r));
  EXPECT_TRUE(assess::api::all_ok(ask(R"([{"op":"describe","x":[1]}])")));
}

TEST(Envelope, EmptyArrayGivesEmptyArray) { EXPECT_EQ(ask("[]"), Json::array()); }

TEST(Errors, ParseErrorForNonJson) {
  expect_error(ask("op=describe"), "parse_error", "not valid JSON");
  expect_error(ask(""), "parse_error");
  expect_error(ask(R"({"op":"describe","x":[1,2,)"), "parse_error");
  expect_error(ask("\xEF\xBB\xBF{\"op\":1"), "parse_error");
}

TEST(Errors, UnknownOpListsTheKnownOnes) { expect_error(ask(R"({"op":"t_tset"})"), "unknown_op", "describe"); }

TEST(Errors, MissingOrWrongOpField) {
  expect_error(ask(R"({"x":[1]})"), "invalid_input", "op");
  expect_error(ask(R"({"op":7})"), "invalid_input", "op must be a string");
  expect_error(ask("42"), "invalid_input", "JSON object");
  expect_error(ask("null"), "invalid_input");
}

TEST(Errors, WrongTypesNameTheField) {
  expect_error(ask(R"({"op":"describe","x":"1,2,3"})"), "invalid_input", "x must be an array");
  expect_error(ask(R"({"op":"describe","x":[1,"two",3]})"), "invalid_input", "x[1]");
  expect_error(ask(R"({"op":"describe","x":[1,[2],3]})"), "invalid_input", "x[1]");
  expect_error(ask(R"({"op":"describe","x":[1,true]})"), "invalid_input", "x[1]");
  expect_error(ask(R"({"op":"describe"})"), "invalid_input", "x");
}

TEST(Errors, NanAndInfinityAreRejected) {
  expect_error(ask(R"({"op":"describe","x":[1,"NaN"]})"), "invalid_input", "NaN");
  expect_error(ask(R"({"op":"describe","x":[1,"Infinity"]})"), "invalid_input", "x[1]");
  // JSON has no NaN literal: it is a parse error
  expect_error(ask(R"({"op":"describe","x":[1,NaN]})"), "parse_error");
  // 1e999 overflows to infinity while parsing: a parse error that says so,
  // not internal_error (nlohmann throws out_of_range for it; found by fuzz_api)
  expect_error(ask(R"({"op":"describe","x":[1,1e999]})"), "parse_error", "beyond the range of a double");
  expect_error(ask(R"({"op":"describe","x":[-1e3084]})"), "parse_error", "1e3084");
}

TEST(Errors, ErrorCarriesThePointerOfTheField) {
  Json r = ask(R"({"op":"describe","x":[1,2,"x"]})");
  EXPECT_EQ(r["error"]["path"], "/x/2");
}

TEST(Robustness, DeepNestingIsRefusedNotOverflowed) {
  std::string deep(1000000, '[');
  expect_error(ask(deep), "parse_error", "levels deep");
  std::string deep_obj;
  for (int i = 0; i < 100000; ++i) deep_obj += "{\"a\":";
  expect_error(ask(deep_obj), "parse_error");
}

TEST(Robustness, InvalidUtf8InStringsIsAParseError) {
  expect_error(ask("{\"op\":\"describe\",\"x\":[1],\"note\":\"\xC3\x28\"}"), "parse_error");
}

TEST(Robustness, UnknownArgumentsAreReportedAsWarnings) {
  Json r = ask(R"({"op":"describe","x":[1,2],"conf_lvl":0.9})");
  ASSERT_EQ(r["ok"], true);
  ASSERT_EQ(r["result"]["warnings"].size(), 1u);
  EXPECT_NE(r["result"]["warnings"][0].get<std::string>().find("conf_lvl"), std::string::npos);
}

TEST(Messages, StatisticsOpsGiveWarningMsgsBesideTheirWarningsAndIdsInErrors) {
  // The kernel's note first, then the facade's warning about the argument.
  Json r = ask(R"({"op":"describe","x":[5],"conf_lvl":0.9})");
  ASSERT_EQ(r["ok"], true);
  EXPECT_EQ(r["result"]["warnings"],
            Json::parse(R"(["sd and se need at least 2 values; reported as null",)"
                        R"( "the argument conf_lvl is not used by describe and was ignored"])"));
  EXPECT_EQ(r["result"]["warning_msgs"],
            Json::parse(R"([{"id":"describe.sd_undefined","params":{}},)"
                        R"( {"id":"request.unused_argument","params":{"arg":"conf_lvl","op":"describe"}}])"));
  r = ask(R"({"op":"distribution","dist":"normal","fn":"quantile","x":[0,0.5,1]})");
  ASSERT_EQ(r["ok"], true);
  ASSERT_EQ(r["result"]["warning_msgs"].size(), r["result"]["warnings"].size());
  EXPECT_EQ(r["result"]["warning_msgs"][0]["id"], "distribution.value_minus_infinity");
  EXPECT_EQ(r["result"]["warning_msgs"][1]["params"], Json::parse(R"({"index":2,"fn":"quantile","x":1.0})"));
  EXPECT_EQ(r["result"]["warnings"][1], "values[2] (quantile at x = 1) is +infinity and is reported as null");
  r = ask(R"({"op":"p_adjust","p":[0.1],"method":"holm"})");
  EXPECT_EQ(r["result"]["warning_msgs"], Json::array());
  // An error of a kernel: the op's sentence, its id and its parameters.
  r = ask(R"({"op":"paired_t","pre":[1,null],"post":[2,3]})");
  expect_error(r, "insufficient_data", "pre and post have 1 complete pair, but paired_t needs at least 2");
  EXPECT_EQ(r["error"]["msg"], Json::parse(R"({"id":"paired_t.too_few_pairs","params":{"n":1}})"));
  EXPECT_EQ(r["error"]["path"], "/pre");
}

TEST(Robustness, LargeRequestIsAnswered) {
  std::string big = R"({"op":"describe","x":[)";
  for (int i = 0; i < 200000; ++i) big += (i ? "," : "") + std::to_string(i % 97);
  big += "]}";
  Json r = ask(big);
  EXPECT_EQ(r["ok"], true);
  EXPECT_EQ(r["result"]["n"], 200000);
}

TEST(Robustness, HostileStringsDoNotBreakTheEnvelope) {
  Json r = ask(R"({"op":"<script>alert(1)</script>"})");
  expect_error(r, "unknown_op");
  std::string longop(100000, 'a');
  r = ask("{\"op\":\"" + longop + "\"}");
  expect_error(r, "unknown_op");
  EXPECT_LT(r.dump().size(), 5000u);  // the echo is truncated
}

TEST(Version, IsSemver) {
  std::string v = assess::api::version();
  EXPECT_EQ(std::count(v.begin(), v.end(), '.'), 2) << v;
}

}  // namespace
