// base64url, JWT decode/verify and the armor reader, against vectors made by
// the Go library (fixtures/vectors/gen), real-world files and hand cases.
#include "lint/decode/token.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "lint/base/base64.h"
#include "lint/base/nkeys.h"

namespace nsclint {
namespace {

std::string ReadFile(const std::string& relative) {
  std::ifstream in(relative[0] == '/' ? relative : std::string(NSCLINT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Copies of /work/shared/realworld files (see fixtures/vectors/realworld/README.md).
const char kRealworld[] = "fixtures/vectors/realworld/";

std::string StatusName(SignatureStatus status) {
  switch (status) {
    case SignatureStatus::kValid:
      return "valid";
    case SignatureStatus::kInvalid:
      return "invalid";
    case SignatureStatus::kBadIssuerKey:
      return "bad_issuer_key";
    case SignatureStatus::kMalformed:
      return "malformed";
  }
  return "?";
}

std::string PayloadString(const DecodedJwt& jwt, const char* name) {
  auto it = jwt.payload->FindMember(name);
  if (it == jwt.payload->MemberEnd() || !it->value.IsString()) return "";
  return it->value.GetString();
}

nlohmann::json TokenVectors() {
  return nlohmann::json::parse(ReadFile("fixtures/vectors/tokens.json"));
}

std::string VectorToken(const std::string& name) {
  nlohmann::json vectors = TokenVectors();
  for (const auto& v : vectors["tokens"]) {
    if (v["name"] == name) return v["token"];
  }
  return "";
}

TEST(Base64Url, DecodeLikeGoRawUrl) {
  EXPECT_EQ(Base64UrlDecode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(Base64UrlDecode("Zm9vYg"), "foob");
  EXPECT_EQ(Base64UrlDecode("Zm9\r\nvY\ng"), "foob");  // \r and \n skipped anywhere
  EXPECT_EQ(Base64UrlDecode("_-8"), "\xff\xef");
  EXPECT_EQ(Base64UrlDecode("QR"), "A");  // non-zero trailing bits accepted (not Strict)
  EXPECT_EQ(Base64UrlDecode(""), "");
  EXPECT_FALSE(Base64UrlDecode("Zm9vYg=="));  // padding
  EXPECT_FALSE(Base64UrlDecode("/+8"));       // standard alphabet
  EXPECT_FALSE(Base64UrlDecode("Zm9v Yg"));   // space
  EXPECT_FALSE(Base64UrlDecode("Zm9vY"));     // length 1 mod 4
  EXPECT_FALSE(Base64UrlDecode("Zm9vY\n"));
}

TEST(Base64Url, EncodeRoundTrip) {
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("\xff\xef"), "_-8");
  EXPECT_EQ(Base64UrlEncode(R"({"typ":"JWT","alg":"ed25519-nkey"})"), "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ");
}

TEST(TokenVectors, DecodeAndVerifyAsExpected) {
  nlohmann::json vectors = TokenVectors();
  ASSERT_GE(vectors["tokens"].size(), 30u);
  for (const auto& v : vectors["tokens"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    const std::string token = v["token"];
    std::string error;
    std::optional<DecodedJwt> jwt = DecodeJwt(token, &error);
    const std::string expected_error = v["decode_error"];
    if (!expected_error.empty()) {
      EXPECT_FALSE(jwt.has_value());
      EXPECT_EQ(error, expected_error);
      continue;
    }
    ASSERT_TRUE(jwt.has_value()) << error;
    EXPECT_EQ(jwt->v1, v["v1"].get<bool>());
    EXPECT_EQ(jwt->alg, v["alg"].get<std::string>());
    EXPECT_TRUE(jwt->payload->IsObject());
    EXPECT_EQ(StatusName(VerifySignature(*jwt)), v["verify"].get<std::string>());
  }
}

TEST(TokenVectors, ErrorsNeverQuoteTheToken) {
  nlohmann::json vectors = TokenVectors();
  for (const auto& v : vectors["tokens"]) {
    std::string error;
    const std::string token = v["token"];
    if (DecodeJwt(token, &error)) continue;
    std::string start = token.substr(token.find_first_not_of(" \t"), 12);
    EXPECT_EQ(error.find(start), std::string::npos) << v["name"];
  }
}

TEST(DecodeJwt, FillsFields) {
  std::string user = VectorToken("user");
  std::string error;
  std::optional<DecodedJwt> jwt = DecodeJwt(user + "\n", &error);
  ASSERT_TRUE(jwt.has_value()) << error;
  EXPECT_EQ(jwt->token, user);  // trailing newline trimmed
  EXPECT_EQ(jwt->header_json, R"({"typ":"JWT","alg":"ed25519-nkey"})");
  EXPECT_EQ(jwt->payload_json->front(), '{');
  EXPECT_EQ(PayloadString(*jwt, "name"), "vector user");
  EXPECT_FALSE(jwt->v1);
  EXPECT_EQ(VerifySignature(*jwt), SignatureStatus::kValid);
}

TEST(DecodeJwt, HandErrors) {
  std::string user = VectorToken("user");
  std::string error;
  EXPECT_FALSE(DecodeJwt(user.substr(0, user.rfind('.')), &error));
  EXPECT_EQ(error, "expected 3 dot-separated segments, found 2");
  EXPECT_FALSE(DecodeJwt("", &error));
  EXPECT_EQ(error, "token is empty");
  EXPECT_FALSE(DecodeJwt("\n", &error));
  EXPECT_EQ(error, "token is empty");
  EXPECT_FALSE(DecodeJwt("e=yJ.eyJ.sig", &error));
  EXPECT_EQ(error, "header is not valid base64url");
  EXPECT_FALSE(DecodeJwt(user + "\r", &error));
  EXPECT_EQ(error, "token has leading or trailing whitespace");
  EXPECT_TRUE(DecodeJwt(user + "\r\n", &error)) << error;
  EXPECT_FALSE(DecodeJwt(user, nullptr) == std::nullopt);  // error pointer is optional
}

TEST(DecodeJwt, HeaderValuesAreQuotedSafely) {
  std::string header = Base64UrlEncode(R"({"typ":"a\"b\n)" + std::string(40, 'x') + R"(","alg":"ed25519"})");
  std::string error;
  EXPECT_FALSE(DecodeJwt(header + ".e30.", &error));
  EXPECT_EQ(error, R"(header typ is "a\"b\x0axxxxxxxxxxxxxxxxxxxxxxxxxxxx...", expected "JWT")");
}

TEST(DecodeJwt, GoKeyRulesInHeader) {
  std::string error;
  // Keys match case-insensitively, the last non-null wins.
  auto token = [](const std::string& header) { return Base64UrlEncode(header) + ".e30.x"; };
  EXPECT_TRUE(DecodeJwt(token(R"({"TYP":"jwt","Alg":"ed25519"})"), &error)) << error;
  EXPECT_TRUE(DecodeJwt(token(R"({"typ":"JWT","typ":null,"alg":"ed25519"})"), &error)) << error;
  EXPECT_FALSE(DecodeJwt(token(R"({"typ":"JWT","Typ":"x","alg":"ed25519"})"), &error));
  EXPECT_EQ(error, R"(header typ is "x", expected "JWT")");
  EXPECT_FALSE(DecodeJwt(token(R"({"typ":1,"alg":"ed25519"})"), &error));
  EXPECT_EQ(error, "header typ is not a string");
  EXPECT_FALSE(DecodeJwt(token(R"({"typ":"JWT","alg":"ed25519-nkeyx"})"), &error));
  EXPECT_EQ(error, R"(header alg is "ed25519-nkeyx", expected "ed25519-nkey")");
}

TEST(DecodeJwt, VersionFromPayload) {
  std::string h = Base64UrlEncode(R"({"typ":"JWT","alg":"ed25519-nkey"})");
  std::string error;
  auto v1 = [&](const std::string& payload) {
    std::optional<DecodedJwt> jwt = DecodeJwt(h + "." + Base64UrlEncode(payload) + ".", &error);
    EXPECT_TRUE(jwt.has_value()) << error;
    return jwt && jwt->v1;
  };
  EXPECT_TRUE(v1(R"({"type":"user"})"));
  EXPECT_TRUE(v1(R"({"Type":"user"})"));  // Go matches keys case-insensitively
  EXPECT_FALSE(v1(R"({"type":""})"));
  EXPECT_FALSE(v1(R"({"type":null})"));
  EXPECT_FALSE(v1(R"({"nats":{"type":"user","version":2}})"));
  EXPECT_FALSE(DecodeJwt(h + "." + Base64UrlEncode(R"({"type":5})") + ".", &error));
  EXPECT_EQ(error, "payload type is not a string");
}

TEST(DecodeJwt, DeepNestingIsAnErrorNotACrash) {
  std::string h = Base64UrlEncode(R"({"typ":"JWT","alg":"ed25519-nkey"})");
  std::string error;
  std::string open(100000, '[');
  EXPECT_FALSE(DecodeJwt(h + "." + Base64UrlEncode(open) + ".", &error));
  EXPECT_EQ(error.rfind("payload is not valid JSON: ", 0), 0u) << error;

  std::string deep = "{\"a\":" + std::string(20000, '[') + std::string(20000, ']') + "}";
  EXPECT_FALSE(DecodeJwt(h + "." + Base64UrlEncode(deep) + ".", &error));
  EXPECT_EQ(error, "payload JSON nests deeper than 10000 levels");

  std::string ok = "{\"a\":" + std::string(9999, '[') + std::string(9999, ']') + "}";
  EXPECT_TRUE(DecodeJwt(h + "." + Base64UrlEncode(ok) + ".", &error)) << error;
}

TEST(DecodeJwt, SizeLimit) {
  std::string error;
  std::string huge((2 << 20) + 1, 'e');
  EXPECT_FALSE(DecodeJwt(huge, &error));
  EXPECT_EQ(error,
            "token is larger than 2 MiB (2097153 bytes); no nats-server from 2.11.15/2.12.6/2.14.0 decodes a JWT "
            "over 1 MiB");
  std::string limit(kMaxTokenBytes, 'e');
  EXPECT_FALSE(DecodeJwt(limit, &error));
  EXPECT_EQ(error, "expected 3 dot-separated segments, found 1");  // not refused for size
}

TEST(VerifySignature, V1TokenFromNatsJava) {
  std::string text = ReadFile(std::string(kRealworld) +
                              "nats-io__nats.java__jwt_nkey-test-resources/src/test/resources/jwt_nkey/test.jwt");
  ASSERT_FALSE(text.empty());
  std::string error;
  std::optional<DecodedJwt> jwt = DecodeJwt(text, &error);
  ASSERT_TRUE(jwt.has_value()) << error;
  EXPECT_TRUE(jwt->v1);
  EXPECT_EQ(jwt->alg, "ed25519");
  EXPECT_EQ(VerifySignature(*jwt), SignatureStatus::kValid);
}

TEST(VerifySignature, ReversedHeaderKeyOrder) {
  for (const char* name : {"operator_test-operator.jwt", "account_SYS.jwt"}) {
    SCOPED_TRACE(name);
    std::string text =
        ReadFile(std::string(kRealworld) + "charbonnierg__caddy-nats__readme-scoped-signing-keys/" + name);
    ASSERT_FALSE(text.empty());
    std::string error;
    std::optional<DecodedJwt> jwt = DecodeJwt(text, &error);
    ASSERT_TRUE(jwt.has_value()) << error;
    EXPECT_EQ(jwt->header_json, R"({"alg":"ed25519-nkey","typ":"JWT"})");
    EXPECT_FALSE(jwt->v1);
    EXPECT_EQ(VerifySignature(*jwt), SignatureStatus::kValid);
  }
}

TEST(VerifySignature, HandBuiltDecodedJwt) {
  DecodedJwt empty;
  EXPECT_EQ(VerifySignature(empty), SignatureStatus::kBadIssuerKey);
}

// ---- armor -------------------------------------------------------------

std::string Creds(const std::string& jwt, const std::string& seed, const std::string& nl) {
  return "-----BEGIN NATS USER JWT-----" + nl + jwt + nl + "------END NATS USER JWT------" + nl + nl +
         "************************* IMPORTANT *************************" + nl +
         "NKEY Seed printed below can be used to sign and prove identity." + nl +
         "NKEYs are sensitive and should be treated as secrets." + nl + nl + "-----BEGIN USER NKEY SEED-----" + nl +
         seed + nl + "------END USER NKEY SEED------" + nl + nl +
         "*************************************************************" + nl;
}

std::string VectorSeed(int index) {
  nlohmann::json keys = nlohmann::json::parse(ReadFile("fixtures/vectors/nkeys.json"));
  return keys["keys"][index]["seed"];
}

TEST(FindArmoredBlocks, CredsWithFiveAndSixDashMarkers) {
  std::string jwt = VectorToken("user");
  std::string seed = VectorSeed(2);
  for (const std::string nl : {"\n", "\r\n"}) {
    SCOPED_TRACE(nl.size() == 1 ? "LF" : "CRLF");
    std::vector<ArmoredBlock> blocks = FindArmoredBlocks(Creds(jwt, seed, nl));
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(blocks[0].label, "BEGIN NATS USER JWT");
    EXPECT_EQ(blocks[0].body, jwt);
    EXPECT_EQ(blocks[0].line, 2);
    EXPECT_EQ(blocks[1].label, "BEGIN USER NKEY SEED");
    EXPECT_TRUE(blocks[1].body == seed) << "seed body differs";
    EXPECT_EQ(blocks[1].line, 10);
    EXPECT_TRUE(LooksLikeJwt(Creds(jwt, seed, nl)));
  }
}

TEST(FindArmoredBlocks, RegexCorners) {
  // The opening marker may start mid-line; the closing one may end the text.
  auto blocks = FindArmoredBlocks("x\njunk -----BEGIN X----- \t---\nbody.1=\n---END---");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].label, "BEGIN X-----");  // outer dashes, then spaces
  EXPECT_EQ(blocks[0].body, "body.1=");
  EXPECT_EQ(blocks[0].line, 3);

  blocks = FindArmoredBlocks("  ---BEGIN---\nabc\n------\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].label, "BEGIN");
  EXPECT_EQ(FindArmoredBlocks("------\nabc\n------")[0].label, "");

  EXPECT_TRUE(FindArmoredBlocks("-----\nabc\n------\n").empty());              // 5 dashes: too short
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---\n abc\n---END---\n").empty());    // leading blank
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---\nab\ncd\n---END---\n").empty());  // two lines
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---\n\n---END---\n").empty());        // empty body
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---\nabc\n---END---\r").empty());     // \r before \z
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---\nabc\r\r\n---END---\n").empty());
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---\nab c\n---END---\n").empty());
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---\nabc\n x---END---\n").empty());  // closing mid-line
  EXPECT_TRUE(FindArmoredBlocks("---BEGIN---").empty());
  EXPECT_TRUE(FindArmoredBlocks("").empty());

  // A failed candidate does not hide a later one; matches do not overlap.
  blocks = FindArmoredBlocks("---A---\n---B---\nxyz\n---C---\n---D---\nq\n---E---\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].label, "B");
  EXPECT_EQ(blocks[0].body, "xyz");
  EXPECT_EQ(blocks[0].line, 3);
  EXPECT_EQ(blocks[1].label, "D");
  EXPECT_EQ(blocks[1].line, 6);
  // Body characters include '-': a marker line can be a body.
  blocks = FindArmoredBlocks("---A---\n---B---\n---C---\n");
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].body, "---B---");
}

TEST(FindArmoredBlocks, MaxBlocksAndLinearInput) {
  std::string many;
  for (int i = 0; i < 20; ++i) many += "---B---\nbody\n---E---\n";
  EXPECT_EQ(FindArmoredBlocks(many).size(), 8u);
  EXPECT_EQ(FindArmoredBlocks(many, 3).size(), 3u);
  EXPECT_EQ(FindArmoredBlocks(many, 100).size(), 20u);
  // Inputs that would make a backtracking matcher crawl finish at once.
  EXPECT_TRUE(FindArmoredBlocks(std::string(1 << 20, '-')).empty());
  std::string lines;
  for (int i = 0; i < 100000; ++i) lines += "---x---\n";
  EXPECT_TRUE(FindArmoredBlocks(lines).size() == 8u);
}

TEST(FindArmoredBlocks, TruncatedNatsPyCreds) {
  std::string text = ReadFile(std::string(kRealworld) + "nats-io__nats.py__v1-creds-incl-truncated/bad-user.creds");
  ASSERT_FALSE(text.empty());
  std::vector<ArmoredBlock> blocks = FindArmoredBlocks(text);
  ASSERT_EQ(blocks.size(), 1u);  // the JWT; the seed block has no body
  EXPECT_EQ(blocks[0].label, "BEGIN NATS USER JWT");
  std::string error;
  std::optional<DecodedJwt> jwt = DecodeJwt(blocks[0].body, &error);
  ASSERT_TRUE(jwt.has_value()) << error;
  EXPECT_TRUE(jwt->v1);
}

TEST(FindArmoredBlocks, CompactNatsJavaCreds) {
  std::string text = ReadFile(std::string(kRealworld) +
                              "nats-io__nats.java__jwt_nkey-test-resources/jnats/src/test/"
                              "resources/jwt_nkey/user.creds");
  ASSERT_FALSE(text.empty());
  std::vector<ArmoredBlock> blocks = FindArmoredBlocks(text);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].line, 2);
  EXPECT_EQ(blocks[1].line, 8);
  std::string error;
  std::optional<DecodedJwt> jwt = DecodeJwt(blocks[0].body, &error);
  ASSERT_TRUE(jwt.has_value()) << error;
  EXPECT_EQ(VerifySignature(*jwt), SignatureStatus::kValid);
  EXPECT_TRUE(nkeys::LooksLikeSeed(blocks[1].body)) << "seed block not recognised";
  std::string why;
  std::optional<nkeys::Seed> seed = nkeys::DecodeSeed(blocks[1].body, &why);
  ASSERT_TRUE(seed.has_value()) << why;
  EXPECT_EQ(seed->PublicKeyText(), PayloadString(*jwt, "sub"));
}

TEST(LooksLikeJwt, Shapes) {
  std::string user = VectorToken("user");
  EXPECT_TRUE(LooksLikeJwt(user));
  EXPECT_TRUE(LooksLikeJwt(user + "\n"));
  EXPECT_TRUE(LooksLikeJwt("-----BEGIN NATS USER JWT-----\n" + user + "\n------END NATS USER JWT------\n"));
  EXPECT_TRUE(LooksLikeJwt("eyJh.eyJ."));
  EXPECT_FALSE(LooksLikeJwt("eyJh.eyJ"));
  EXPECT_FALSE(LooksLikeJwt("eyJh..sig"));
  EXPECT_FALSE(LooksLikeJwt("abc.def.ghi"));
  EXPECT_FALSE(LooksLikeJwt("eyJ+.abc.def"));
  EXPECT_FALSE(LooksLikeJwt(VectorSeed(2)));
  EXPECT_FALSE(LooksLikeJwt(""));
}

}  // namespace
}  // namespace nsclint
