// Safe exports: SHA-256 (FIPS 180-4, NIST example vectors), RFC 8785 JSON
// canonicalization (the RFC's number table, key order by UTF-16 units), the
// integrity seal and its check on import, and CSV that a spreadsheet cannot
// run (OWASP formula injection).
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "assess/api/api.hpp"
#include "assess/core/canonical_json.hpp"
#include "assess/core/integrity.hpp"
#include "assess/core/sha256.hpp"
#include "assess/data/csv_writer.hpp"

using assess::Json;

namespace {

Json ask(const Json& req) { return Json::parse(assess::api::call(req.dump())); }

std::string source_file(const char* rel) {
  std::ifstream in(std::string(ASSESS_SOURCE_DIR) + "/" + rel, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ------------------------------------------------------------------ SHA-256

TEST(Sha256, NistExampleVectors) {
  // FIPS 180-4 examples (NIST CSRC "Examples with intermediate values") and
  // the long-message test of FIPS 180-2 appendix B.3.
  EXPECT_EQ(assess::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(assess::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(assess::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(assess::sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopq"
                               "rlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(assess::sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundariesAndStreaming) {
  // Lengths around the 56- and 64-byte padding boundaries; expected digests
  // from Python's hashlib (bytes (7 i + 1) mod 256).
  const std::pair<int, const char*> cases[] = {
      {55, "16fa57a0a3423a715d594516339f36189d6b5f93754a9714fef202616a9fabfe"},
      {56, "c37b44e5f1b18554b36966f4f8e08bfbf3164c4b6c10374d12d89850892073c5"},
      {63, "bbba992d2c85af960fb2987a1fd05e0aa82a3db3c740dd8982a9e273b75e36a3"},
      {64, "66bd4633ed6f71c4ecfa4763bf7ba1c8ec7612de9aa6c0578a7b675207c71e0b"},
      {65, "9f7dc47107b750a1f3d35db5d9547f24ef40da5b731b9540d4f43710a154f6c9"},
      {119, "a3ed307b730fa77c07531300c6e4a282330011d4d4caf6bb7b63ae05950f4b66"},
      {120, "8e3b15d9fea7472655aa069620b7f8c2e55ee1499f763200a7515fe826e99d20"},
  };
  for (const auto& [n, hex] : cases) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>((i * 7 + 1) & 255);
    EXPECT_EQ(assess::sha256_hex(s), hex) << n;
    // the same in pieces of every size
    for (std::size_t piece = 1; piece <= 70; piece += 23) {
      assess::Sha256 h;
      for (std::size_t at = 0; at < s.size(); at += piece) h.update(std::string_view(s).substr(at, piece));
      const auto d = h.finish();
      char buf[65];
      for (int i = 0; i < 32; ++i) std::snprintf(buf + 2 * i, 3, "%02x", d[i]);
      EXPECT_EQ(std::string(buf), hex) << n << " in pieces of " << piece;
    }
  }
}

// ------------------------------------------------------------------ RFC 8785

double from_bits(std::uint64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

TEST(CanonicalJson, NumbersAsEcmaScript) {
  // RFC 8785 appendix B (IEEE-754 bits -> text); checked against Node's JSON.stringify.
  const std::pair<std::uint64_t, const char*> cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, text] : cases)
    EXPECT_EQ(assess::ecmascript_number(from_bits(bits)), text) << std::hex << bits;
  EXPECT_EQ(assess::ecmascript_number(3.0), "3");
  EXPECT_EQ(assess::ecmascript_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(assess::ecmascript_number(1e-7), "1e-7");
  EXPECT_EQ(assess::ecmascript_number(123e-20), "1.23e-18");
}

TEST(CanonicalJson, KeyOrderStringsAndStructure) {
  // RFC 8785 3.2.3: members sorted by UTF-16 code units (U+1F600 is D83D DE00,
  // before U+FB33).
  Json doc = Json::parse(
      "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
      "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small "
      "Letter O With Diaeresis\"}");
  const std::string c = assess::canonical_json(doc);
  const char* order[] = {"\\r", "\"1\"", "\xC2\x80", "\xC3\xB6", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xEF\xAC\xB3"};
  std::size_t at = 0;
  for (const char* k : order) {
    std::size_t p = c.find(k, at);
    ASSERT_NE(p, std::string::npos) << k << " in " << c;
    at = p;
  }
  EXPECT_EQ(
      assess::canonical_json(Json::parse(R"({"b":[1,2.0,{"z":null,"a":true}],"a":"x\"\\\/\b\f\n\r\t\u0001\u2028"})")),
      "{\"a\":\"x\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\xE2\x80\xA8\",\"b\":[1,2,{\"a\":true,\"z\":null}]}");
}

// ------------------------------------------------------------------ seal

Json response() {
  return Json::parse(R"({"format":"assess-response/1","instrument":{"id":"competency-12","version":1},
    "code":"AB12","programme":"teacher-mediator","wave":"pre","lang":"ru","submitted":"2026-11-23T10:00:00Z",
    "answers":{"ET1":4,"ET2":null,"ET3":3,"AD1":5,"AD2":1,"DL1":2,"DL2":3,"DL3":4,"IM1":5,"IM2":1,"MF1":2,"MF2":3}})");
}

TEST(Seal, SealCheckAndEdits) {
  Json sealed = assess::seal(response());
  EXPECT_EQ(sealed["engine"]["name"], "assess");
  EXPECT_EQ(sealed.back()["method"], "sha256-jcs");  // the seal comes last
  EXPECT_EQ(assess::check_seal(sealed).status, assess::SealStatus::valid);
  // key order, white space and number spelling do not matter (canonical form)
  Json reread = Json::parse(sealed.dump(4));
  Json reordered = Json::object();
  for (auto it = reread.rbegin(); it != reread.rend(); ++it) reordered[it.key()] = it.value();
  reordered["answers"]["ET1"] = 4.0;
  EXPECT_EQ(assess::check_seal(reordered).status, assess::SealStatus::valid);
  // an edited answer, code or engine version is detected
  for (const char* ptr : {"/answers/ET1", "/code", "/engine/version", "/instrument/version"}) {
    Json edited = sealed;
    edited[Json::json_pointer(ptr)] = edited[Json::json_pointer(ptr)].is_number() ? Json(2) : Json("9");
    auto c = assess::check_seal(edited);
    EXPECT_EQ(c.status, assess::SealStatus::mismatch) << ptr;
    EXPECT_NE(c.expected, c.actual);
  }
  Json none = sealed;
  none.erase("integrity");
  EXPECT_EQ(assess::check_seal(none).status, assess::SealStatus::absent);
  Json bad = sealed;
  bad["integrity"]["sha256"] = "not hex";
  EXPECT_EQ(assess::check_seal(bad).status, assess::SealStatus::invalid);
  bad["integrity"] = "abc";
  EXPECT_EQ(assess::check_seal(bad).status, assess::SealStatus::invalid);
  // the digest is the SHA-256 of the canonical text without the seal, as documented
  EXPECT_EQ(sealed["integrity"]["sha256"], assess::sha256_hex(assess::canonical_json(none)));
}

TEST(Seal, OpsSealAndVerify) {
  Json r = ask({{"op", "seal"}, {"document", response()}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  const std::string text = r["result"]["text"];
  Json v = ask({{"op", "verify"}, {"document", text}});
  EXPECT_EQ(v["result"]["status"], "valid");
  std::string edited = text;
  edited.replace(edited.find("\"ET1\": 4"), 8, "\"ET1\": 5");
  v = ask({{"op", "verify"}, {"document", edited}});
  EXPECT_EQ(v["result"]["status"], "mismatch");
  EXPECT_EQ(v["result"]["expected"], r["result"]["sha256"]);
  EXPECT_EQ(ask({{"op", "seal"}, {"document", Json::array()}})["error"]["code"], "invalid_input");
  EXPECT_EQ(ask({{"op", "verify"}, {"document", "{\"a\":1,\"a\":2}"}})["error"]["code"], "invalid_input");
}

Json import_json_file(const std::string& name, const std::string& text) {
  return ask({{"op", "import_responses"},
              {"instrument", Json::parse(source_file("rubrics/competency-12.v1.json"))},
              {"files", Json::array({Json{{"name", name}, {"text", text}}})}});
}

TEST(Seal, ImportWarnsAboutEditedFilesAndKeepsTheirRecords) {
  const std::string text = ask({{"op", "seal"}, {"document", response()}})["result"]["text"];
  Json r = import_json_file("pre-1.json", text);
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_TRUE(r["result"]["problems"].empty()) << r["result"]["problems"].dump();
  EXPECT_EQ(r["result"]["counts"]["records"], 1);
  // the seal and engine members are not extra columns
  EXPECT_TRUE(r["result"]["summary"]["extra_columns"].empty()) << r["result"]["summary"].dump();

  std::string edited = text;
  edited.replace(edited.find("\"ET1\": 4"), 8, "\"ET1\": 5");
  r = import_json_file("pre-1.json", edited);
  ASSERT_EQ(r["result"]["problems"].size(), 1u) << r.dump();
  const Json& p = r["result"]["problems"][0];
  EXPECT_EQ(p["code"], "integrity_mismatch");
  EXPECT_EQ(p["severity"], "warning");
  EXPECT_EQ(p["file"], "pre-1.json");
  EXPECT_NE(p["message"].get<std::string>().find("pre-1.json: the file was changed after it was exported"),
            std::string::npos)
      << p["message"];
  EXPECT_EQ(r["result"]["counts"]["records"], 1);  // accepted, as edited
  EXPECT_EQ(r["result"]["records"][0]["answers"]["ET1"], 5.0);
  EXPECT_EQ(r["result"]["counts"]["warnings"], 1);

  Json broken = Json::parse(text);
  broken["integrity"]["method"] = "md5";
  r = import_json_file("pre-2.json", broken.dump());
  EXPECT_EQ(r["result"]["problems"][0]["code"], "integrity_invalid");
}

TEST(Seal, RatingsFilesToo) {
  Json ratings = Json::parse(source_file("fixtures/import/ratings/e01.json"));
  const std::string text = ask({{"op", "seal"}, {"document", ratings}})["result"]["text"];
  auto import = [&](const std::string& t) {
    return ask({{"op", "import_ratings"},
                {"rubric", Json::parse(source_file("rubrics/expert-panel.v1.json"))},
                {"files", Json::array({Json{{"name", "e01.json"}, {"text", t}}})}});
  };
  Json r = import(text);
  EXPECT_TRUE(r["result"]["problems"].empty()) << r["result"]["problems"].dump();
  Json edited = Json::parse(text);
  edited["expert"] = "E99";
  r = import(edited.dump());
  ASSERT_FALSE(r["result"]["problems"].empty());
  EXPECT_EQ(r["result"]["problems"][0]["code"], "integrity_mismatch");
}

// ------------------------------------------------------------------ CSV

TEST(CsvWriter, NeutralisesFormulasButKeepsNumbers) {
  using assess::data::CsvCell;
  const std::string csv = assess::data::write_csv({
      {CsvCell::str("code"), CsvCell::str("note"), CsvCell::str("score")},
      {CsvCell::str("AB12"), CsvCell::str("=cmd|' /C calc'!A0"), CsvCell::num(-0.5)},
      {CsvCell::str("-12"), CsvCell::str("+SUM(A1:A2)"), CsvCell::num(1e21)},
      {CsvCell::str("@x"), CsvCell::str("\tTAB"), CsvCell::none()},
      {CsvCell::str("a,b"), CsvCell::str("say \"hi\"\r\nbye"), CsvCell::num(3)},
  });
  EXPECT_EQ(csv,
            "code,note,score\r\n"
            "AB12,'=cmd|' /C calc'!A0,-0.5\r\n"
            "'-12,'+SUM(A1:A2),1e+21\r\n"
            "'@x,'\tTAB,\r\n"
            "\"a,b\",\"say \"\"hi\"\"\r\nbye\",3\r\n");
  EXPECT_EQ(assess::data::unneutralise_text("'=x"), "=x");
  EXPECT_EQ(assess::data::unneutralise_text("'quoted'"), "'quoted'");
  EXPECT_EQ(assess::data::unneutralise_text("'"), "'");
}

// Excel in Russian or Kazakh: ';' between fields and a decimal comma; a
// negative number is still a number (no quote), a text that starts with '-'
// is still neutralised; with ',' as the delimiter too, a comma number is quoted.
TEST(CsvWriter, DecimalCommaNumbersStayNumbers) {
  using assess::data::CsvCell;
  const std::vector<std::vector<CsvCell>> rows = {
      {CsvCell::str("score"), CsvCell::num(-0.58), CsvCell::num(2.84), CsvCell::num(118), CsvCell::str("-0,5 (text)")},
  };
  EXPECT_EQ(assess::data::write_csv(rows, ';', false, ','), "score;-0,58;2,84;118;'-0,5 (text)\r\n");
  EXPECT_EQ(assess::data::write_csv(rows, ',', false, ','), "score,\"-0,58\",\"2,84\",118,\"'-0,5 (text)\"\r\n");
  EXPECT_EQ(assess::data::write_csv(rows, ';'), "score;-0.58;2.84;118;'-0,5 (text)\r\n");
  Json r =
      ask({{"op", "csv_safe"}, {"rows", Json::parse(R"J([["a", -1.25, 3]])J")}, {"delimiter", ";"}, {"decimal", ","}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  EXPECT_EQ(r["result"]["text"], "a;-1,25;3\r\n");
  Json bad = ask({{"op", "csv_safe"}, {"rows", Json::array()}, {"decimal", ";"}});
  EXPECT_EQ(bad["ok"], false);
  EXPECT_EQ(bad["error"]["path"], "/decimal");
}

TEST(CsvWriter, OpAndRoundTripThroughTheImporter) {
  Json r = ask({{"op", "csv_safe"},
                {"rows", Json::parse(R"J([["code","programme","wave","ET1","note"],
                                         ["AB12","p","pre",3,"=HYPERLINK(\"http://x\")"],
                                         ["CD34","p","pre",-1,"-2+3"]])J")},
                {"bom", true}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  const std::string text = r["result"]["text"];
  EXPECT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(text.find("'=HYPERLINK"), std::string::npos);
  EXPECT_NE(text.find(",-1,"), std::string::npos);  // a number keeps its minus
  Json imp = ask({{"op", "import_responses"},
                  {"instrument", Json::parse(source_file("rubrics/competency-12.v1.json"))},
                  {"files", Json::array({Json{{"name", "x.csv"}, {"text", text}}})}});
  ASSERT_EQ(imp["ok"], true) << imp.dump();
  // the notes come back as they were written; -1 is a number (out of scale)
  EXPECT_EQ(imp["result"]["records"][0]["extra"]["note"], "=HYPERLINK(\"http://x\")");
  EXPECT_EQ(imp["result"]["problems"][0]["code"], "out_of_scale");
}

TEST(CsvWriter, AnalysisTablesAreNeutralised) {
  // a programme id that starts like a formula, in the engine's CSV tables
  std::string csv = "code,programme,wave,ET1,ET2,ET3\n";
  const char* gains[] = {"1", "2", "1", "3", "2"};
  for (int i = 0; i < 5; ++i) {
    csv += "S" + std::to_string(i) + "X,=1+1,pre,2,3,2\n";
    csv += "S" + std::to_string(i) + "X,=1+1,post," + gains[i] + ",4,3\n";
  }
  Json r = ask({{"op", "analyze_prepost"},
                {"instrument", Json::parse(source_file("rubrics/competency-12.v1.json"))},
                {"files", Json::array({Json{{"name", "x.csv"}, {"text", csv}}})},
                {"format", "csv"}});
  ASSERT_EQ(r["ok"], true) << r.dump().substr(0, 500);
  bool seen = false;
  for (const auto& [name, table] : r["result"]["csv"].items()) {
    const std::string t = table.get<std::string>();
    EXPECT_EQ(t.find(",=1+1"), std::string::npos) << name;
    seen = seen || t.find("'=1+1") != std::string::npos;
  }
  EXPECT_TRUE(seen);
}

}  // namespace
