// NL801-NL804 and the decoding of the nats-server 2.10+ claims: the exact
// findings (rule, level, entity, message, remediation) of the fixture cases
// for the default target and the versions where the verdict changes, and how
// the decoder treats the new fields (a type error fails the token like Go's
// decoder; a value Validate rejects is a finding, not a decode failure).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/base/base64.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {

namespace fs = std::filesystem;

nlohmann::json Lint(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--now=2026-06-01T00:00:00Z", "--no-config", "-f", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = RunNsclint(args);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << " " << r.err;
  return nlohmann::json::parse(r.out).at("findings");
}

std::vector<nlohmann::json> Of(const nlohmann::json& findings, const std::string& rule) {
  std::vector<nlohmann::json> out;
  for (const auto& f : findings) {
    if (f.at("rule") == rule) out.push_back(f);
  }
  return out;
}

std::string Case(const std::string& name) {
  return SourceDir() + "/fixtures/cases/" + name + "/store";
}

std::string Keys(const std::string& name) {
  return SourceDir() + "/fixtures/cases/" + name + "/keys";
}

std::string KeyOfA(const std::string& name) {
  auto keys = nlohmann::json::parse(ReadFile(SourceDir() + "/fixtures/keys.json"));
  return keys.at("cases/" + name + "/account/OP/A").get<std::string>();
}

bool Contains(const nlohmann::json& f, const std::string& text) {
  return f.at("message").get<std::string>().find(text) != std::string::npos;
}

TEST(NL801, ExpiredAuthUserRefusesEveryLoginFrom2_10) {
  const std::string name = "NL801-auth-user-expired";
  auto got = Of(Lint({"--select", "NL801", Case(name)}), "NL801");
  ASSERT_EQ(got.size(), 2u);
  const auto& err = got[0].at("level") == "error" ? got[0] : got[1];
  const auto& note = got[0].at("level") == "error" ? got[1] : got[0];
  EXPECT_EQ(err.at("entity").at("key"), KeyOfA(name));
  EXPECT_TRUE(Contains(err, "auth user 'auth' (")) << err;
  EXPECT_TRUE(Contains(err, "expired at 2026-05-31T00:00:00Z")) << err;
  EXPECT_TRUE(
      Contains(err, "nats-server 2.15.3 sends every login of 'A' to a callout that never answers: nobody can log in"))
      << err;
  EXPECT_TRUE(err.at("fix").empty());
  EXPECT_NE(err.at("remediation").get<std::string>().find("nsc edit user -a A -n auth --expiry 90d"),
            std::string::npos);
  EXPECT_EQ(note.at("level"), "note");
  EXPECT_TRUE(Contains(
      note, "sends every user that is not in auth_users to the callout, whatever its own JWT says (1 such user"))
      << note;
  // 2.9.10 runs no callout: one note.
  auto old = Of(Lint({"--select", "NL801", "--server-version", "2.9.10", Case(name)}), "NL801");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].at("level"), "note");
  EXPECT_TRUE(Contains(old[0], "nats-server 2.9.10 runs no callout (it needs 2.10.0)")) << old[0];
}

TEST(NL801, LibraryErrorsQuoteTheLibraryAndNameTheVersions) {
  const std::string name = "NL801-allowed-accounts-without-auth-users";
  auto got = Of(Lint({"--select", "NL801", "--server-version", "2.9.10,2.10.29", Case(name)}), "NL801");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("level"), "error");
  EXPECT_TRUE(Contains(got[0], "(\"External authorization cannot have accounts without users specified\")")) << got[0];
  EXPECT_TRUE(Contains(got[0], "nats-server 2.10.29 (2.9.16 and later, jwt 2.4.0) rejects the whole account"))
      << got[0];
  EXPECT_TRUE(Of(Lint({"--select", "NL801", "--server-version", "2.9.10", Case(name)}), "NL801").empty());
}

TEST(NL801, CannotSubscribeNamesTheMissingPermission) {
  auto got = Of(Lint({"--select", "NL801", Case("NL801-auth-user-cannot-subscribe")}), "NL801");
  ASSERT_EQ(got.size(), 2u);
  const auto& err = got[0].at("level") == "error" ? got[0] : got[1];
  EXPECT_TRUE(
      Contains(err, "cannot subscribe to $SYS.REQ.USER.AUTH (its sub allow list does not cover $SYS.REQ.USER.AUTH)"))
      << err;
  EXPECT_NE(err.at("remediation").get<std::string>().find("--allow-sub '$SYS.REQ.USER.AUTH'"), std::string::npos);
}

TEST(NL802, DroppedMappingAndVersionedWeights) {
  auto got = Of(Lint({"--select", "NL802", Case("NL802-index-beyond-wildcards"), Keys("NL802-index-beyond-wildcards")}),
                "NL802");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("level"), "error");
  EXPECT_TRUE(Contains(got[0],
                       "mapping 'app.alice.orders.*' -> 'app.alice.shipped.$2': '$2' refers to wildcard 2, but the "
                       "source 'app.alice.orders.*' has 1: nats-server 2.15.3 drops the whole mapping silently"))
      << got[0];
  // The mapping has no destination the server can build: deleting it is the fix (run by FixProof).
  ASSERT_EQ(got[0].at("fix").size(), 1u) << got[0];
  EXPECT_EQ(got[0].at("fix")[0],
            nlohmann::json({"nsc", "delete", "mapping", "-a", "A", "--from", "app.alice.orders.*"}));
  // 200 + 100: rejected by jwt 2.8.1, dropped by the server before.
  const std::string wrap = Case("NL802-weights-wrap-in-8-bits");
  auto now = Of(Lint({"--select", "NL802", wrap}), "NL802");
  ASSERT_EQ(now.size(), 1u);
  EXPECT_TRUE(
      Contains(now[0], "nats-server 2.15.3 (weight 200 of 'app.alice.a' exceeds 100) rejects the whole account"))
      << now[0];
  auto before = Of(Lint({"--select", "NL802", "--server-version", "2.11.14", wrap}), "NL802");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_TRUE(Contains(before[0], "its weight 200 exceeds 100: nats-server 2.11.14 drops the whole mapping silently"))
      << before[0];
  // 60 + 60 in two clusters: all entries summed before 2.10.18.
  auto clusters = Of(
      Lint({"--select", "NL802", "--server-version", "2.10.11", Case("NL802-near-miss-two-clusters-of-60")}), "NL802");
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_TRUE(
      Contains(clusters[0], "nats-server 2.10.11 (all weights summed in 8 bits: 120) rejects the whole account"))
      << clusters[0];
}

TEST(NL803, TraceAndClusterTrafficFromTheirVersions) {
  auto got = Of(Lint({"--select", "NL803", Case("NL803-sampling-over-100")}), "NL803");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(Contains(got[0],
                       "trace sampling 150 is outside 0-100: nats-server 2.15.3 (2.10.12 and later) rejects the whole "
                       "account, every user of 'A' is refused."))
      << got[0];
  auto ct =
      Of(Lint({"--select", "NL803", "--server-version", "2.10.11,2.10.29", Case("NL803-unknown-cluster-traffic")}),
         "NL803");
  ASSERT_EQ(ct.size(), 1u);
  EXPECT_TRUE(Contains(ct[0], "cluster_traffic 'everyone' is unknown")) << ct[0];
  EXPECT_TRUE(Contains(ct[0], "nats-server 2.10.29 (2.10.24 and later) rejects the whole account")) << ct[0];
  EXPECT_TRUE(
      Of(Lint({"--select", "NL803", "--server-version", "2.10.11", Case("NL803-empty-trace")}), "NL803").empty());
}

TEST(NL804, FlatLimitsNextToTiersNameBothValues) {
  auto got =
      Of(Lint({"--select", "NL804", Case("NL804-flat-limits-next-to-tiers"), Keys("NL804-flat-limits-next-to-tiers")}),
         "NL804");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("level"), "warning");
  EXPECT_TRUE(Contains(got[0], "(mem_storage 1 GiB is ignored: tier R1 allows 1000 bytes of memory storage)"))
      << got[0];
  ASSERT_EQ(got[0].at("fix").size(), 1u) << got[0];
  const auto& cmd = got[0].at("fix")[0];
  ASSERT_GE(cmd.size(), 7u);
  EXPECT_EQ(std::vector<std::string>(cmd.begin(), cmd.begin() + 4),
            (std::vector<std::string>{"nsc", "edit", "account", "-n"}));
  EXPECT_NE(std::find(cmd.begin(), cmd.end(), "--rm-js-tier"), cmd.end()) << cmd;
  auto blank = Of(Lint({"--select", "NL804", "--server-version", "2.9.10", Case("NL804-blank-tier-name")}), "NL804");
  ASSERT_EQ(blank.size(), 1u);
  EXPECT_EQ(blank[0].at("level"), "error");
  EXPECT_TRUE(Contains(blank[0], "a JetStream tier with a blank name \"\"")) << blank[0];
}

TEST(NL8xx, CasesDecodeWithoutNL001) {
  // Values the library's Validate rejects are findings of their rule, never a decode failure.
  for (const auto& e : fs::directory_iterator(SourceDir() + "/fixtures/cases")) {
    const std::string n = e.path().filename().string();
    if (n.rfind("NL80", 0) != 0) continue;
    for (const auto& f : Lint({e.path().string() + "/store"})) EXPECT_NE(f.at("rule"), "NL001") << n << ": " << f;
  }
}

// A token with `payload` and a signature that does not verify (decoding comes first).
std::string Token(const std::string& payload) {
  const std::string header = R"({"typ":"JWT","alg":"ed25519-nkey"})";
  auto enc = [](const std::string& s) { return Base64UrlEncode(s); };
  return enc(header) + "." + enc(payload) + "." + enc(std::string(64, '\0'));
}

struct TempFiles {
  fs::path dir;
  TempFiles() {
    char tmpl[] = "/tmp/nsclint-features-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  ~TempFiles() { fs::remove_all(dir); }
  std::string Put(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

TEST(FeatureDecoding, GoTypeErrorsFailTheTokenCalloutTypesAreClassified) {
  TempFiles t;
  const std::string acct = "ADTLWEVYX3UXBDTBPAZ2J2TZITVDJJH56BRTMNA4O3IRXKLODBFLI3DF";
  const std::string op = "OAPS3ANLGXWZZVKONTSAAEQP43F5CJNQNIOED4KU7GKE6R435EFJMTPF";
  // weight is a uint8 in Go: 300 fails the decode of the whole account.
  t.Put(
      "weight.jwt",
      Token(
          R"({"jti":"x","iat":1767225600,"iss":")" + op + R"(","name":"W","sub":")" + acct +
          R"(","nats":{"limits":{"conn":-1,"subs":-1,"payload":-1},"mappings":{"a":[{"subject":"b","weight":300}]},"type":"account","version":2}})"));
  // An authorization request (the callout's own claim type) is never on disk but is no unknown type.
  t.Put("request.jwt", Token(R"({"jti":"x","iat":1767225600,"iss":"NABC","name":"R","sub":")" + acct +
                             R"(","nats":{"type":"authorization_request","version":2}})"));
  // "trace":{} decodes: NL803 judges it.
  t.Put("trace.jwt",
        Token(R"({"jti":"x","iat":1767225600,"iss":")" + op + R"(","name":"T","sub":")" + acct +
              R"(","nats":{"limits":{"conn":-1,"subs":-1,"payload":-1},"trace":{},"type":"account","version":2}})"));
  auto findings = Lint({t.dir.string()});
  bool weight_nl001 = false, request_nl001 = false, trace_nl001 = false, trace_nl803 = false;
  for (const auto& f : findings) {
    const std::string file = f.at("file");
    if (f.at("rule") == "NL001") {
      weight_nl001 = weight_nl001 || file.find("weight.jwt") != std::string::npos;
      request_nl001 = request_nl001 || file.find("request.jwt") != std::string::npos;
      trace_nl001 = trace_nl001 || file.find("trace.jwt") != std::string::npos;
      if (file.find("weight.jwt") != std::string::npos) {
        EXPECT_TRUE(f.at("message").get<std::string>().find("uint8") != std::string::npos) << f;
      }
    }
    trace_nl803 = trace_nl803 || (f.at("rule") == "NL803" && file.find("trace.jwt") != std::string::npos);
  }
  EXPECT_TRUE(weight_nl001);
  EXPECT_FALSE(request_nl001);
  EXPECT_FALSE(trace_nl001);
  EXPECT_TRUE(trace_nl803);
}

}  // namespace
}  // namespace nsclint::testing
