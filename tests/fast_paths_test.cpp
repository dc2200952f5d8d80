// The fast paths taken for speed give exactly what the plain way gives:
// each is checked against a straightforward reference on generated input.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "lint/base/base64.h"
#include "lint/base/json_util.h"
#include "lint/base/nkeys.h"
#include "lint/base/util.h"
#include "lint/decode/claims.h"
#include "lint/decode/token.h"
#include "lint/discover/discover.h"
#include "lint/engine/engine.h"
#include "lint/report/report.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

// The character-by-character RedactSeeds the jumping one replaced.
std::string RedactReference(const std::string& text) {
  auto b32 = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); };
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == 'S' && i + 58 <= text.size() &&
        std::string_view("OAUNCXP").find(text[i + 1]) != std::string_view::npos) {
      size_t n = 2;
      while (n < 58 && b32(text[i + n])) ++n;
      if (n == 58) {
        out += "<seed redacted>";
        i += 58;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

TEST(FastPaths, RedactSeedsMatchesReference) {
  std::mt19937 rng(7);
  const std::string alphabet = "SSSUAOABCXYZ234567 \n.";
  const std::string seed = "SUAM" + std::string(54, 'Q');
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int parts = static_cast<int>(rng() % 6);
    for (int p = 0; p < parts; ++p) {
      switch (rng() % 4) {
        case 0:
          text += seed;
          break;  // a whole seed
        case 1:
          text += seed.substr(0, 30 + rng() % 28);
          break;  // a truncated one
        case 2:
          text += "S" + seed;
          break;  // a seed right after an S
        default:
          for (int k = static_cast<int>(rng() % 80); k > 0; --k) text += alphabet[rng() % alphabet.size()];
      }
    }
    ASSERT_EQ(RedactSeeds(text), RedactReference(text)) << text;
  }
  EXPECT_EQ(RedactSeeds(seed + seed), "<seed redacted><seed redacted>");
  EXPECT_EQ(RedactSeeds("no secrets here"), "no secrets here");
}

// Go's RawURLEncoding decode, one character at a time.
std::optional<std::string> Base64Reference(std::string_view text) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  size_t count = 0;
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    size_t v = kAlphabet.find(c);
    if (v == std::string::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    ++count;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (count % 4 == 1) return std::nullopt;
  return out;
}

TEST(FastPaths, Base64UrlDecodeMatchesReference) {
  std::mt19937 rng(11);
  const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (int k = static_cast<int>(rng() % 40); k > 0; --k) {
      const auto r = rng() % 100;
      text += r < 3 ? '\n' : r < 5 ? '\r' : r < 6 ? '=' : r < 7 ? '+' : chars[rng() % chars.size()];
    }
    ASSERT_EQ(Base64UrlDecode(text), Base64Reference(text)) << text;
  }
  const std::string bytes("\x00\x01\xfe\xff any bytes at all", 21);
  EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
}

// The table CRC-16 is the bit-by-bit one of nkeys' crc16.go.
TEST(FastPaths, Crc16TableMatchesBitwise) {
  auto bitwise = [](const std::vector<uint8_t>& data) {
    uint16_t crc = 0;
    for (uint8_t byte : data) {
      crc = static_cast<uint16_t>(crc ^ (byte << 8));
      for (int bit = 0; bit < 8; ++bit) {
        crc = (crc & 0x8000) != 0 ? static_cast<uint16_t>((crc << 1) ^ 0x1021) : static_cast<uint16_t>(crc << 1);
      }
    }
    return crc;
  };
  std::mt19937 rng(5);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> data(rng() % 70);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    ASSERT_EQ(nkeys::Crc16(data.data(), data.size()), bitwise(data));
  }
}

TEST(FastPaths, MemberLookupKeepsGoRules) {
  rapidjson::Document doc;
  doc.Parse(R"({"Name":"first","NAME":"last-fold","id":1,"ID":2,"id":3,"Tags":null,"x":"y"})");
  ASSERT_FALSE(doc.HasParseError());
  // No exact match: the last case-insensitive one.
  ASSERT_NE(json::Member(doc, "name"), nullptr);
  EXPECT_STREQ(json::Member(doc, "name")->GetString(), "last-fold");
  // An exact match wins over folded ones, the last exact one.
  EXPECT_EQ(json::Member(doc, "id")->GetInt(), 3);
  EXPECT_EQ(json::Member(doc, "ID")->GetInt(), 2);
  EXPECT_EQ(json::Member(doc, "tags"), nullptr);  // null is absent
  EXPECT_EQ(json::Member(doc, "xx"), nullptr);
}

// A token with the header nats-io/jwt writes and the same claims under a
// header spelt another way decode to the same thing.
TEST(FastPaths, GoHeaderShortcutDecodesLikeAnyHeader) {
  const std::string payload = R"({"jti":"J","iat":1,"iss":"I","sub":"S","nats":{"type":"user","version":2}})";
  const std::string body = "." + Base64UrlEncode(payload) + "." + std::string(86, 'A');
  std::string e1, e2;
  auto go = DecodeJwt(Base64UrlEncode(R"({"typ":"JWT","alg":"ed25519-nkey"})") + body, &e1);
  auto other = DecodeJwt(Base64UrlEncode(R"({"alg":"ed25519-nkey","typ":"JWT"})") + body, &e2);
  ASSERT_TRUE(go) << e1;
  ASSERT_TRUE(other) << e2;
  EXPECT_EQ(go->alg, other->alg);
  EXPECT_EQ(go->header_json, R"({"typ":"JWT","alg":"ed25519-nkey"})");
  EXPECT_EQ(*go->payload_json, *other->payload_json);
  EXPECT_EQ(go->v1, other->v1);
}

// The payload is parsed in place. A raw NUL byte is an error wherever it is
// (Go rejects it; rapidjson alone took one after the document for the end of
// the text), and escapes decode as before.
TEST(FastPaths, InPlacePayloadParse) {
  auto token = [](const std::string& payload) {
    return Base64UrlEncode(R"({"typ":"JWT","alg":"ed25519-nkey"})") + "." + Base64UrlEncode(payload) + "." +
           std::string(86, 'A');
  };
  std::string error;
  auto with_nul = DecodeJwt(token(std::string(R"({"sub":"S"})") + '\0' + "junk"), &error);
  EXPECT_FALSE(with_nul);
  EXPECT_EQ(error, "payload is not valid JSON: a NUL byte at offset 11");
  EXPECT_FALSE(DecodeJwt(Base64UrlEncode(std::string(R"({"typ":"JWT","alg":"ed25519-nkey"} )") + '\0') + "." +
                             Base64UrlEncode(R"({"sub":"S","iss":"I"})") + "." + std::string(86, 'A'),
                         &error));
  EXPECT_EQ(error, "header is not valid JSON: a NUL byte at offset 35");

  auto escaped = DecodeJwt(token(R"({"sub":"a\u0000b\n\"c\"","iss":"I"})"), &error);
  ASSERT_TRUE(escaped) << error;
  const auto& sub = (*escaped->payload)["sub"];
  EXPECT_EQ(std::string(sub.GetString(), sub.GetStringLength()), std::string("a\0b\n\"c\"", 7));
  // A moved decoded token keeps its document valid (the text does not move).
  DecodedJwt moved = std::move(*escaped);
  const auto& iss = (*moved.payload)["iss"];
  EXPECT_EQ(std::string(iss.GetString(), iss.GetStringLength()), "I");
}

// NL201's section sizes count the bytes rapidjson's writer would give for
// each member without writing them: the same as writing them.
TEST(FastPaths, SectionSizesCountWhatTheWriterWrites) {
  const std::string nats =
      R"({"type":"account","version":2,"imports":[{"subject":"a.\u0001\"q\"\\","n":-0.0,"d":1.5e300}],)"
      R"("exports":[{"subject":"é.€.>","x":[1,-2,3.25,true,false,null,{}]}],"signing_keys":["AB",{"kind":"user_scope"}],)"
      R"("revocations":{"UX":1700000000,"*":-5},"mappings":{"m":[{"subject":"n","weight":100}]},)"
      R"("default_permissions":{"pub":{"allow":["a","b c"]},"sub":{},"resp":{"max":1,"ttl":5}}})";
  const std::string payload = R"({"jti":"J","iat":1,"iss":"I","sub":"S","nats":)" + nats + "}";
  std::string error;
  auto jwt = DecodeJwt(Base64UrlEncode(R"({"typ":"JWT","alg":"ed25519-nkey"})") + "." + Base64UrlEncode(payload) + "." +
                           std::string(86, 'A'),
                       &error);
  ASSERT_TRUE(jwt) << error;
  auto claims = ParseClaims(*jwt, &error);
  ASSERT_TRUE(claims) << error;
  ASSERT_TRUE(claims->account);
  rapidjson::Document doc;
  doc.Parse(nats.c_str());
  ASSERT_FALSE(doc.HasParseError());
  auto written = [&](const char* member) {  // as GrowingSections counted before
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
    doc[member].Accept(writer);
    return static_cast<uint32_t>((buf.GetSize() + std::string_view(member).size() + 4) * 4 / 3);
  };
  const auto& got = claims->account->section_bytes;
  EXPECT_EQ(got.imports, written("imports"));
  EXPECT_EQ(got.exports, written("exports"));
  EXPECT_EQ(got.signing_keys, written("signing_keys"));
  EXPECT_EQ(got.revocations, written("revocations"));
  EXPECT_EQ(got.mappings, written("mappings"));
  EXPECT_EQ(got.permissions, written("default_permissions"));
}

// A file's extension, found without building a std::filesystem::path per
// file, is the one std::filesystem gives.
TEST(FastPaths, PathExtensionIsFilesystemExtension) {
  std::mt19937 rng(11);
  static const char* kPieces[] = {"a", ".", "..", "/", "jwt", ".creds", "x.y", " ", "\xc3\xa9"};
  for (int round = 0; round < 20000; ++round) {
    std::string path;
    const size_t n = rng() % 6;
    for (size_t i = 0; i < n; ++i) path += kPieces[rng() % 9];
    EXPECT_EQ(std::string(PathExtension(path)), fs::path(path).extension().string()) << "'" << path << "'";
  }
}

// Discovery lists folders sorted by name, which is not always display order
// ("a" < "a-b" as names, but "a-b/..." < "a/..." as paths): the result is
// sorted by display path either way, and a file reached twice is kept once.
TEST(FastPaths, DiscoveryOrderAndDuplicates) {
  const fs::path root = fs::temp_directory_path() / ("nsclint-order-" + std::to_string(::getpid()));
  fs::remove_all(root);
  for (const char* d : {"a", "a-b", "a.c", "b"}) {
    fs::create_directories(root / d);
    std::ofstream(root / d / "x.jwt") << "x";
  }
  Discovery d = Discover({root.string(), (root / "a" / "x.jwt").string(), (root / "a").string()});
  std::vector<std::string> names;
  for (const auto& c : d.candidates) names.push_back(fs::path(c.artifact.abs.view()).lexically_relative(root).string());
  EXPECT_EQ(names, (std::vector<std::string>{"a-b/x.jwt", "a.c/x.jwt", "a/x.jwt", "b/x.jwt"}));
  EXPECT_TRUE(std::is_sorted(d.candidates.begin(), d.candidates.end(), [](const Candidate& x, const Candidate& y) {
    return x.artifact.display < y.artifact.display;
  }));
  fs::remove_all(root);
}

// One folder is walked on its own thread while its files are decoded; the
// model is the one discovering first and decoding after gives: same
// artifacts in the same order, same tokens, same findings.
TEST(FastPaths, StreamedFolderGivesTheSameModel) {
  const fs::path root = fs::temp_directory_path() / ("nsclint-stream-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  fs::copy(SourceDir() + "/fixtures/demo", root / "demo", fs::copy_options::recursive);
  // Names whose folder order and display order differ, and a link to a folder.
  for (const char* d : {"z", "z-b", "z.c"}) {
    fs::create_directories(root / d);
    fs::copy_file(SourceDir() + "/fixtures/clean/store/prod/prod.jwt", root / d / "op.jwt");
  }
  fs::create_directory_symlink(root / "z", root / "y-link");
  ASSERT_TRUE(StreamsInOrder({root.string()}));
  EngineOptions options;
  options.paths = {root.string()};
  options.now = 1780272000;  // 2026-06-01
  options.jobs = 2;
  EngineResult streamed = RunEngine(options);
  EXPECT_TRUE(streamed.streamed);  // not the fallback for a walk out of display order

  Discovery d = Discover({root.string()});
  size_t scanned = 0;
  Model classic = BuildModel(d.candidates, d.stores, 2, &scanned);
  ASSERT_EQ(streamed.model.artifacts.size(), classic.artifacts.size());
  for (size_t i = 0; i < classic.artifacts.size(); ++i) {
    EXPECT_EQ(streamed.model.artifacts[i].display, classic.artifacts[i].display) << i;
  }
  EXPECT_EQ(streamed.files_scanned, scanned);
  EXPECT_EQ(streamed.model.users.size(), classic.users.size());
  EXPECT_EQ(streamed.model.accounts.size(), classic.accounts.size());
  EXPECT_EQ(streamed.model.stores.size(), classic.stores.size());
  std::vector<Finding> findings = RunRules(classic, options);
  ASSERT_EQ(streamed.findings.size(), findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(streamed.findings[i].file + streamed.findings[i].message, findings[i].file + findings[i].message);
  }
  fs::remove_all(root);
}

// Folders stay open between files of one scan, never between scans: a tree
// deleted and made again under the same path is read anew.
TEST(FastPaths, SecondScanOfARemadeFolderReadsTheNewFiles) {
  const fs::path root = fs::temp_directory_path() / ("nsclint-remade-" + std::to_string(::getpid()));
  const std::string first = SourceDir() + "/fixtures/clean/store/prod/prod.jwt";
  const std::string second = SourceDir() + "/fixtures/demo/store/acme/acme.jwt";
  auto scan = [&](const std::string& token_file) {
    fs::remove_all(root);
    fs::create_directories(root / "a");
    fs::copy_file(token_file, root / "a" / "x.jwt");
    EngineOptions options;
    options.paths = {root.string()};
    options.now = 1780272000;
    options.jobs = 1;  // this thread reads every file, both times
    return RunEngine(options);
  };
  EngineResult one = scan(first);
  EngineResult two = scan(second);
  ASSERT_EQ(one.model.operators.size(), 1u);
  ASSERT_EQ(two.model.operators.size(), 1u) << "the second scan did not read the new file";
  EXPECT_NE(one.model.operators[0].sub, two.model.operators[0].sub);
  fs::remove_all(root);
}

// The text report written in pieces (as the CLI does) is the whole report,
// cut at line ends, and redacting each piece redacts the whole.
TEST(FastPaths, StreamedTextIsTheWholeReport) {
  std::mt19937 rng(7);
  const std::string seed = "SUA" + std::string(55, 'Q');  // seed-shaped: 58 base32 characters
  ReportInput in;
  for (int i = 0; i < 300; ++i) {
    Finding f;
    f.rule_id = "NL10" + std::to_string(i % 7);
    f.rule_name = "rule";
    f.level = static_cast<Level>(i % 3);
    f.file = "store/f" + std::to_string(i) + (i % 11 == 0 ? "\x1b[31m" : "") + ".jwt";
    f.line = i;
    f.message = std::string(rng() % 90, 'm') + (i % 5 == 0 ? " " + seed + " " : "") + (i % 13 == 0 ? "\t" : "");
    if (i % 3 == 0) f.fix.commands = {{"nsc", "edit", "user"}, {"nsc", "push", std::to_string(i)}};
    if (i % 6 == 0) f.fix.remediation = "remedy\nline " + std::to_string(i);
    if (i % 4 == 0) f.entity.fqn = "op/acct/u" + std::to_string(i);
    if (i % 17 == 0) f.suppressed = "ignored";
    in.findings.push_back(std::move(f));
  }
  in.files_scanned = 300;
  for (const bool color : {false, true}) {
    in.color = color;
    const std::string whole = RenderText(in);
    EXPECT_NE(whole.find(seed), std::string::npos);
    EXPECT_NE(whole.find("\\x1b[31m"), std::string::npos);  // control characters shown, not sent
    for (const size_t piece : {size_t{1}, size_t{100}, size_t{4096}}) {
      std::string joined, redacted;
      StreamText(in, piece, [&](std::string& p) {
        EXPECT_TRUE(p.empty() || p.back() == '\n');
        joined += p;
        redacted += RedactSeeds(p);
      });
      EXPECT_EQ(joined, whole) << piece;
      EXPECT_EQ(redacted, RedactSeeds(whole)) << piece;
      EXPECT_EQ(redacted.find(seed), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace nsclint::testing
