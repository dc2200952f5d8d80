// Inputs that once crashed or fooled a parser (bloaty's habit): every file in
// fixtures/crashers/ goes through each parser the fuzz targets drive, under
// the sanitizers in scripts/sanitize.sh. A file there is named
// <target>-<what>, as the fuzz target that found it; the content_fuzz and
// snapshot_fuzz ones keep their selector byte. None holds a real seed.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "lint/app/config.h"
#include "lint/base/base64.h"
#include "lint/base/nkeys.h"
#include "lint/decode/claims.h"
#include "lint/decode/decode.h"
#include "lint/decode/snapshot.h"
#include "lint/decode/token.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

// {"typ":"JWT","alg":"ed25519-nkey"}
constexpr char kHeader[] = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ";

std::string TokenWithPayload(const std::string& payload_json) {
  return std::string(kHeader) + "." + Base64UrlEncode(payload_json) + "." + Base64UrlEncode(std::string(64, '\x01'));
}

// What each fuzz target does with one input, minus the fuzzer.
void EveryParser(const std::string& data) {
  std::string error;
  for (const std::string& text : {data, TokenWithPayload(data)}) {
    if (auto jwt = DecodeJwt(text, &error)) {
      (void)VerifySignature(*jwt);
      (void)ParseClaims(*jwt, &error);
    }
  }
  for (const ArmoredBlock& block : FindArmoredBlocks(data)) (void)DecodeJwt(block.body, &error);
  (void)nkeys::DecodePublic(data, &error);
  (void)nkeys::DecodeSeed(data, &error);
  (void)nkeys::Base32Decode(data);
  for (const char* ext : {".jwt", ".creds", ".nk", ""}) {
    (void)DecodeContent(data, ext, false, 0);
    (void)DecodeContent(data, ext, true, 0);
  }
  (void)ParseConfig(data, "crasher.toml");
  Activity activity;
  (void)ParseConnz(data, "crasher", &activity);
  (void)ParseAccstatz(data, "crasher", &activity);
  if (!data.empty()) {
    std::string body = data.substr(1);  // without the content/snapshot selector byte
    (void)DecodeContent(body, ".creds", false, 0);
    (void)ParseConnz(body, "crasher", &activity);
    (void)ParseAccstatz(body, "crasher", &activity);
  }
}

TEST(Regression, EveryCrasherParsesWithoutCrashing) {
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "crashers";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no fixtures/crashers yet";
  int count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    SCOPED_TRACE(entry.path().filename().string());
    EveryParser(ReadFile(entry.path().string()));
    ++count;
  }
  if (count == 0) GTEST_SKIP() << "fixtures/crashers holds no crasher yet";
}

// config_fuzz: a float where an option wants an integer made toml++ convert
// 5.5e78 to int64 (UBSan: outside the range of representable values).
TEST(Regression, FloatOptionIsAnErrorNotAConversion) {
  std::string text = ReadFile(SourceDir() + "/fixtures/crashers/config_fuzz-float-option");
  ConfigResult result = ParseConfig(text, "c.toml");
  EXPECT_FALSE(result.config);
  EXPECT_EQ(result.error, "c.toml:1: option 'expiry-warning' must be a number or a string");
  result = ParseConfig("expiry-warning = 1.5\n", "c.toml");
  EXPECT_EQ(result.error, "c.toml:1: option 'expiry-warning' must be a number or a string");
}

// nats.version was cast from int64 to int: 2^32 + 2 passed for version 2.
TEST(Regression, HugeNatsVersionIsNotTruncated) {
  std::string error;
  for (const char* version : {"4294967298", "-4294967294"}) {
    auto jwt =
        DecodeJwt(TokenWithPayload(std::string("{\"sub\":\"UD3B5KAG5Y5YDDJPWTETZFPYDPDPN42FA2574LLPVRUN5PQRG3F4DDMX\","
                                               "\"iss\":\"ADZMDOETYOXKJSOBQMKYCKLPDJQUO77DGMUQFJVWH2CIPBBBTNBD6MJL\","
                                               "\"nats\":{\"type\":\"user\",\"version\":") +
                                   version + "}}"),
                  &error);
    ASSERT_TRUE(jwt) << error;
    auto claims = ParseClaims(*jwt, &error);
    if (version[0] == '-') {
      ASSERT_TRUE(claims) << error;
      EXPECT_NE(claims->user->version, 2);
    } else {
      EXPECT_FALSE(claims);
      EXPECT_EQ(error, "nats.version 4294967298 is newer than version 2");
    }
  }
}

// The model keeps no user limits, allowed_connection_types or aud (no rule
// reads them), but a token whose limits Go would not decode still fails.
TEST(Regression, UnkeptUserClaimsAreStillChecked) {
  const std::string user_head =
      "{\"sub\":\"UD3B5KAG5Y5YDDJPWTETZFPYDPDPN42FA2574LLPVRUN5PQRG3F4DDMX\","
      "\"iss\":\"ADZMDOETYOXKJSOBQMKYCKLPDJQUO77DGMUQFJVWH2CIPBBBTNBD6MJL\",";
  auto parse = [&](const std::string& payload, std::string* error) {
    auto jwt = DecodeJwt(TokenWithPayload(payload), error);
    EXPECT_TRUE(jwt) << *error;
    return jwt ? ParseClaims(*jwt, error).has_value() : false;
  };
  auto good = [](const std::string& src) {
    return "\"nats\":{\"type\":\"user\",\"version\":2,\"subs\":-1,\"data\":10,\"payload\":-1,\"src\":" + src +
           ",\"times\":[{\"start\":\"08:00:00\",\"end\":\"17:00:00\"}],"
           "\"times_location\":\"UTC\",\"allowed_connection_types\":[\"STANDARD\"],"
           "\"resp\":{\"max\":1,\"ttl\":5000000000}}}";
  };
  std::string error;
  // src as the legacy comma-separated string and as a list; aud was never checked.
  EXPECT_TRUE(parse(user_head + "\"aud\":[\"any\"]," + good("\"10.0.0.0/8, 192.168.0.0/16\""), &error)) << error;
  EXPECT_TRUE(parse(user_head + good("[\"10.0.0.0/8\"]"), &error)) << error;
  for (const std::string bad :
       {"\"subs\":\"many\"", "\"payload\":1.5", "\"src\":[1]", "\"times\":{}", "\"times\":[{\"start\":8}]",
        "\"times_location\":0", "\"allowed_connection_types\":\"STANDARD\"", "\"resp\":[]", "\"resp\":{\"max\":\"1\"}",
        "\"resp\":{\"ttl\":1.5}"}) {
    error.clear();
    EXPECT_FALSE(parse(user_head + "\"nats\":{\"type\":\"user\",\"version\":2," + bad + "}}", &error)) << bad;
    EXPECT_NE(error, "") << bad;
  }
  // The same limits in a scoped signing key's template.
  const std::string account =
      "{\"sub\":\"ADZMDOETYOXKJSOBQMKYCKLPDJQUO77DGMUQFJVWH2CIPBBBTNBD6MJL\","
      "\"iss\":\"ODSKBNDIT3LTZWFSRAWOBXSBZ7VZCNQWPFAWJRYUJSXSJ2NNQYZ5JNSC\",\"nats\":{\"type\":\"account\","
      "\"version\":2,\"signing_keys\":[{\"kind\":\"user_scope\",\"key\":"
      "\"AC3AB6G3Q2F5WXWUVCUXWUNA3UGZXBUJVZSXWNOOSOSVMSX7UAFHBSXX\",\"template\":{";
  EXPECT_TRUE(parse(account + "\"subs\":5}}]}}", &error)) << error;
  EXPECT_FALSE(parse(account + "\"subs\":\"5\"}}]}}", &error));
  EXPECT_TRUE(parse(account + "\"resp\":{\"max\":1}}}]}}", &error)) << error;
  EXPECT_FALSE(parse(account + "\"resp\":{\"ttl\":\"1s\"}}}]}}", &error));
}

}  // namespace
}  // namespace nsclint::testing
