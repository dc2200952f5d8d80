// The real-world corpus (../shared/realworld): tokens, creds and a store
// from public projects, with their oddities. nsclint reads all of it without
// a crash and reports what a user would agree with.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

std::string Corpus() {
  return SourceDir() + "/../shared/realworld";
}

struct Seen {
  std::string rule, level, file;
};

std::vector<Seen> Lint(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"--now=2026-06-01T00:00:00Z", "-f", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  RunResult r = RunNsclint(args);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << " " << r.err;
  std::vector<Seen> out;
  auto doc = nlohmann::json::parse(r.out);
  for (const auto& f : doc.at("findings")) {
    out.push_back({f.at("rule"), f.at("level"), f.at("file")});
  }
  return out;
}

bool Has(const std::vector<Seen>& seen, const std::string& rule, const std::string& level,
         const std::string& file_part) {
  for (const auto& s : seen) {
    if (s.rule == rule && s.level == level && s.file.find(file_part) != std::string::npos) return true;
  }
  return false;
}

TEST(RealWorld, WholeCorpusEveryFormatNoCrash) {
  if (!fs::exists(Corpus())) GTEST_SKIP() << "no ../shared/realworld beside the checkout";
  for (const char* fmt : {"text", "json", "sarif"}) {
    RunResult r = RunNsclint({"--now=2026-06-01T00:00:00Z", "-f", fmt, Corpus()});
    EXPECT_EQ(r.exit_code, 1) << fmt << ": " << r.err;
    EXPECT_FALSE(r.out.empty());
  }
}

TEST(RealWorld, FindingsAUserWouldAgreeWith) {
  if (!fs::exists(Corpus())) GTEST_SKIP() << "no ../shared/realworld beside the checkout";
  auto seen = Lint({Corpus()});
  // Every signature in the corpus verifies and every key is well-formed (SOURCES.md).
  for (const auto& s : seen) {
    EXPECT_NE(s.rule, "NL002") << s.file;
    EXPECT_NE(s.rule, "NL003") << s.file;
  }
  // natscli's fixture expired a day after it was written; intel-secl's sample too.
  EXPECT_TRUE(Has(seen, "NL101", "error", "alice-1day.creds"));
  EXPECT_TRUE(Has(seen, "NL101", "error", "aas-sample.creds"));
  // nats.py's truncated creds have no seed: they cannot connect.
  EXPECT_TRUE(Has(seen, "NL001", "error", "bad-user.creds"));
  EXPECT_TRUE(Has(seen, "NL001", "error", "bad-user2.creds"));
  EXPECT_FALSE(Has(seen, "NL001", "error", "bar-user.creds"));
  // v1 tokens from nats-server and nats.java test resources.
  EXPECT_TRUE(Has(seen, "NL004", "warning", "configs/nkeys/op.jwt"));
  // Activation tokens and a user issued months after 2026-06-01.
  EXPECT_TRUE(Has(seen, "NL105", "warning", "GARM_import_tools.activation.jwt"));
  EXPECT_TRUE(Has(seen, "NL105", "warning", "admin-unauthenticated.jwt"));
  // jsm.go's "never expires" credential, and bearer tokens without exp.
  EXPECT_TRUE(Has(seen, "NL103", "warning", "noExpiry.creds"));
  EXPECT_TRUE(Has(seen, "NL103", "warning", "MqttUser.jwt"));
  EXPECT_FALSE(Has(seen, "NL103", "warning", "expires2100.creds"));
  // intel-secl's operator expires 15.7 days after 2026-06-01: just outside the 14-day window.
  EXPECT_FALSE(Has(seen, "NL102", "warning", "intel-secl__docs"));
  // The scoped-key templates of caddy-nats and natsmagic allow '$SYS.REQ.CLAIMS.*.' (trailing dot).
  EXPECT_TRUE(Has(seen, "NL204", "warning", "caddy-nats__readme-scoped-signing-keys/account_SYS.jwt"));
  EXPECT_TRUE(Has(seen, "NL204", "warning", "natsmagic__readme-config-scoped-signing-keys/account_SYS.jwt"));
  // Operators without system_account (the configs set it instead).
  EXPECT_TRUE(Has(seen, "NL405", "warning", "js-op-conf-store/operator.jwt"));
  EXPECT_FALSE(Has(seen, "NL405", "warning", "auth-callout-strict-signing-sentinel"));
  // The two v1 accounts of nats-server's v1 operator chain hold "limits":{}: the library copies
  // v1 limits without defaulting them, so conn is 0 and every user is refused (SPEC NL406; the
  // case NL406-v1-account-without-limits is refused by every server of the matrix). No other
  // account of the corpus lacks limits.
  for (const auto& s : seen) {
    if (s.rule != "NL406") continue;
    EXPECT_EQ(s.level, "error") << s.file;
    EXPECT_NE(s.file.find("nats-io__nats-server__v1-operator-chain/resolver_preload/"), std::string::npos) << s.file;
  }
  EXPECT_TRUE(Has(seen, "NL406", "error", "AD2VB6C25DQPEUUQ7KJBUFX2J4ZNVBPOHSCBISC7VFZXVWXZA7VASQZG.jwt"));
  EXPECT_TRUE(Has(seen, "NL406", "error", "ADM2CIIL3RWXBA6T2HW3FODNCQQOUJEHHQD6FKCPVAMHDNTTSMO73ROX.jwt"));
  // The auth-callout operator is strict and all its accounts use the signing key.
  for (const auto& s : seen) EXPECT_NE(s.rule, "NL404") << s.file;
  // Secrets: every seed derives its key and the store's creds match its JWTs (no NL601/NL603);
  // the nsc keys dir is keys-side, and so are .nk/.creds files outside a store (secret files:
  // only their mode counts, NL602); seeds in other files (text, .seed) are NL604.
  for (const auto& s : seen) {
    EXPECT_NE(s.rule, "NL601") << s.file;
    EXPECT_NE(s.rule, "NL603") << s.file;
    if (s.rule == "NL604") {
      EXPECT_EQ(s.file.find("nsc-store-and-keys"), std::string::npos) << s.file;
    }
  }
  EXPECT_TRUE(Has(seen, "NL604", "error", "configs/nkeys/sigkeys.txt"));
  EXPECT_TRUE(Has(seen, "NL604", "error", "configs/nkeys/test.seed"));
  EXPECT_FALSE(Has(seen, "NL604", "error", "MQUSeed.nk"));
  EXPECT_FALSE(Has(seen, "NL604", "error", "noExpiry.creds"));
  EXPECT_TRUE(Has(seen, "NL602", "warning", "MQUSeed.nk"));
  EXPECT_TRUE(Has(seen, "NL602", "warning", "noExpiry.creds"));
  EXPECT_FALSE(Has(seen, "NL604", "error", "bad-user.creds"));  // truncated before its seed
  // The copy is 0444/0644: NL602 on the keys dir's secrets.
  EXPECT_TRUE(Has(seen, "NL602", "warning", "nsc-store-and-keys/nsc/keys/creds/local/APP/leaf.creds"));
  // Auth callout (default target, nats-server 2.10+): the sentinels of both callout accounts are
  // sent to the callout, which decides: NL103 says so in a note, never a warning; the AUTH
  // account's auth user 'auth' is the callout service (SPEC NL103: silent).
  EXPECT_FALSE(Has(seen, "NL103", "warning", "user_sentinel_default.jwt"));
  EXPECT_TRUE(Has(seen, "NL103", "note", "user_sentinel_default.jwt"));
  EXPECT_FALSE(Has(seen, "NL103", "warning", "user_default_sentinel.jwt"));
  EXPECT_TRUE(Has(seen, "NL103", "note", "user_default_sentinel.jwt"));
  EXPECT_FALSE(Has(seen, "NL103", "warning", "auth-callout-strict-signing-sentinel/user_auth.jwt"));
  EXPECT_FALSE(Has(seen, "NL103", "note", "auth-callout-strict-signing-sentinel/user_auth.jwt"));
  // NL801: nats-server's callout test lets the callout place users in any account ('*': warning);
  // both callout accounts get the note that their other users are sentinels. Both configurations
  // are valid (the test expects the server to start and the callout to work): no NL801 error,
  // and no other NL8xx finding in the corpus (it holds no mappings, trace or JetStream tiers).
  EXPECT_TRUE(Has(seen, "NL801", "warning", "auth-callout-strict-signing-sentinel/account_AUTH.jwt"));
  EXPECT_TRUE(Has(seen, "NL801", "note", "auth-callout-strict-signing-sentinel/account_AUTH.jwt"));
  EXPECT_TRUE(Has(seen, "NL801", "note", "auth-callout-sentinel-scoped-key/account_C.jwt"));
  int nl8 = 0;
  for (const auto& s : seen) {
    EXPECT_FALSE(s.rule.substr(0, 3) == "NL8" && s.level == "error") << s.rule << " " << s.file;
    nl8 += s.rule.substr(0, 3) == "NL8";
  }
  EXPECT_EQ(nl8, 3);
}

TEST(RealWorld, AuthCalloutOnServersWithoutCallout) {
  if (!fs::exists(Corpus())) GTEST_SKIP() << "no ../shared/realworld beside the checkout";
  // nats-server 2.9.10 runs no callout: one NL801 note that it needs 2.10.0, and the users are
  // judged on their own JWTs again (the bearer sentinel that may not publish is a warning).
  auto seen =
      Lint({"--server-version", "2.9.10", Corpus() + "/nats-io__nats-server__auth-callout-strict-signing-sentinel"});
  int nl801 = 0;
  for (const auto& s : seen) nl801 += s.rule == "NL801";
  EXPECT_EQ(nl801, 1);
  EXPECT_TRUE(Has(seen, "NL801", "note", "account_AUTH.jwt"));
  EXPECT_TRUE(Has(seen, "NL103", "warning", "user_default_sentinel.jwt"));
  EXPECT_TRUE(Has(seen, "NL103", "warning", "user_auth.jwt"));
  // A fleet mid-upgrade (2.9.10 and 2.15.3): the worse verdict, the bearer sentinel's warning.
  auto fleet = Lint(
      {"--server-version", "2.9.10,2.15.3", Corpus() + "/nats-io__nats-server__auth-callout-strict-signing-sentinel"});
  EXPECT_TRUE(Has(fleet, "NL103", "warning", "user_default_sentinel.jwt"));
}

TEST(RealWorld, ExpiringOperatorEntersTheWindow) {
  if (!fs::exists(Corpus())) GTEST_SKIP() << "no ../shared/realworld beside the checkout";
  RunResult r = RunNsclint({"--now=2026-06-02T18:00:00Z", "-f", "json",
                            Corpus() + "/intel-secl__docs__isecl-operator-account-expiring-2026-06"});
  auto doc = nlohmann::json::parse(r.out);
  int expiring = 0;
  for (const auto& f : doc.at("findings")) expiring += f.at("rule") == "NL102";
  EXPECT_EQ(expiring, 2) << r.out;  // the operator and its account
}

TEST(RealWorld, StoreWithKeysDir) {
  if (!fs::exists(Corpus())) GTEST_SKIP() << "no ../shared/realworld beside the checkout";
  auto seen = Lint({Corpus() + "/BlizzTom__playground-nats__nsc-store-and-keys/nsc"});
  // A consistent nsc store: no integrity finding. SOURCES.md notes APP's signing key ADLP… issued
  // no user while the identity key issued both: a stale signing key. NL602 fires on every secret
  // because the copy lost nsc's 0600 modes (SOURCES.md): an artefact, not the project's.
  for (const auto& s : seen) {
    if (s.rule == "NL401" || s.rule == "NL602") continue;
    EXPECT_EQ(s.rule.substr(0, 3), "NL1") << s.rule << " " << s.file;
  }
  EXPECT_TRUE(Has(seen, "NL401", "warning", "accounts/APP/APP.jwt"));
  EXPECT_FALSE(Has(seen, "NL401", "warning", "accounts/SYS/SYS.jwt"));
}

}  // namespace
}  // namespace nsclint::testing
