// Stores made by the real nsc (NSCLINT_NSC): nsclint finds on them exactly
// what they deserve, the findings after users break them the usual ways, and
// the fixes it prints, run by nsc as fixContext says, leave only the findings
// that have no fix command, widening nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "lint/base/util.h"
#include "tests/nsc_util.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

#define REQUIRE_NSC()                                               \
  if (NscBinary().empty())                                          \
  GTEST_SKIP() << "NSCLINT_NSC is not set (the real nsc, built by " \
                  "scripts/install-go-tools.sh; scripts/test.sh exports it)"

json LintJson(const NscSandbox& s, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"-f", "json", "--fail-on", "none"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("stores");
  args.push_back("keys");
  RunResult r = RunNsclint(args, "", s.root().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out);
}

// "RULE level fqn file" per finding, sorted: what the assertions compare.
std::vector<std::string> Summary(const json& doc) {
  std::vector<std::string> out;
  for (const json& f : doc.at("findings")) {
    out.push_back(f.at("rule").get<std::string>() + " " + f.at("level").get<std::string>() + " " +
                  f.at("entity").at("fqn").get<std::string>() + " " + f.at("file").get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Field(const NscSandbox& s, const std::vector<std::string>& args) {
  std::string out = s.NscOk(args);
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return c == '"' || c == '\n'; }), out.end());
  return out;
}

struct Keys {
  std::string operator_sk, orders, billing, orders_plain_sk;
};

// An operator with a signing key and a system account; accounts with plain
// and scoped signing keys; users with and without expiry; public and
// private stream/service exports; imports, one with an activation token; a
// revoked user; a second operator with strict signing.
Keys BuildStore(const NscSandbox& s) {
  Keys k;
  s.NscOk({"add", "operator", "-n", "acme", "--generate-signing-key", "--sys"});
  k.operator_sk = Field(s, {"describe", "operator", "--field", "nats.signing_keys[0]"});
  s.NscOk({"add", "account", "-n", "orders", "-K", k.operator_sk});
  s.NscOk({"edit", "account", "-n", "orders", "--sk", "generate"});
  k.orders_plain_sk = Field(s, {"describe", "account", "-n", "orders", "--field", "nats.signing_keys[0]"});
  s.NscOk({"edit", "signing-key", "-a", "orders", "--sk", "generate", "--role", "svc", "--allow-pub", "svc.>",
           "--allow-sub", "_INBOX.>"});
  s.NscOk({"add", "account", "-n", "billing"});
  k.orders = Field(s, {"describe", "account", "-n", "orders", "--field", "sub"});
  k.billing = Field(s, {"describe", "account", "-n", "billing", "--field", "sub"});
  s.NscOk({"add", "user", "-a", "orders", "-n", "alice", "--expiry", "90d", "--allow-pubsub", "orders.>", "--deny-pub",
           "orders.admin.>"});
  s.NscOk({"add", "user", "-a", "orders", "-n", "bob"});
  s.NscOk({"add", "user", "-a", "orders", "-n", "dave", "--allow-pub", "orders.dave.>", "--allow-sub", "_INBOX.>"});
  s.NscOk({"add", "user", "-a", "orders", "-n", "carol", "-K", k.orders_plain_sk, "--expiry", "30d", "--allow-pub",
           "orders.carol.>"});
  s.NscOk({"add", "user", "-a", "orders", "-n", "svc1", "-K", "svc", "--expiry", "30d"});
  s.NscOk({"add", "export", "-a", "orders", "-n", "events", "--subject", "orders.events.>"});
  s.NscOk({"add", "export", "-a", "orders", "-n", "status", "--subject", "orders.status", "--service", "--private"});
  s.NscOk({"add", "export", "-a", "orders", "-n", "audit", "--subject", "orders.audit.>", "--private"});
  s.NscOk({"add", "export", "-a", "orders", "-n", "ping", "--subject", "orders.ping", "--service"});
  s.NscOk({"add", "import", "-a", "billing", "--src-account", k.orders, "--remote-subject", "orders.events.>", "-n",
           "events"});
  s.NscOk({"add", "import", "-a", "billing", "--src-account", k.orders, "--remote-subject", "orders.ping", "--service",
           "-n", "ping"});
  const std::string token = (s.root() / "status.jwt").string();
  s.NscOk({"generate", "activation", "-a", "orders", "-s", "orders.status", "-t", k.billing, "-o", token, "--expiry",
           "30d"});
  s.NscOk({"add", "import", "-a", "billing", "--token", token, "-n", "status"});
  s.NscOk({"add", "user", "-a", "billing", "-n", "payer", "--expiry", "60d"});
  s.NscOk({"revocations", "add-user", "-a", "orders", "-n", "bob"});

  s.NscOk({"add", "operator", "-n", "strict", "--generate-signing-key", "--sys"});
  s.NscOk({"edit", "operator", "--require-signing-keys"});
  s.NscOk({"add", "account", "-n", "app"});
  s.NscOk({"edit", "account", "-n", "app", "--sk", "generate"});
  s.NscOk({"add", "user", "-a", "app", "-n", "web", "--expiry", "30d"});
  s.NscOk({"env", "-o", "acme"});
  return k;
}

const std::vector<std::string> kDeserved = {
    // nsc's own system user: no expiry, no permissions (warning: it may publish anywhere).
    "NL103 warning acme/SYS/sys stores/acme/accounts/SYS/users/sys.jwt",
    // A user made without --expiry, narrow permissions: a note.
    "NL103 note acme/orders/dave stores/acme/accounts/orders/users/dave.jwt",
    // Revoked with nsc revocations add-user: its JWT and creds are still there.
    "NL303 note acme/orders/bob keys/creds/acme/orders/bob.creds",
    "NL303 note acme/orders/bob stores/acme/accounts/orders/users/bob.jwt",
    "NL103 warning strict/SYS/sys stores/strict/accounts/SYS/users/sys.jwt",
};

std::string UtcIn(int seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

TEST(NscStore, MadeByNscHasOnlyTheFindingsItDeserves) {
  REQUIRE_NSC();
  NscSandbox s("made");
  BuildStore(s);
  if (HasFailure()) return;
  std::vector<std::string> want = kDeserved;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(Summary(LintJson(s)), want);
}

// Broken the way users break stores, then repaired by nsclint's own fixes.
TEST(NscStore, BrokenByUsersThenFixedByItsFixes) {
  REQUIRE_NSC();
  NscSandbox s("broken");
  const Keys k = BuildStore(s);
  if (HasFailure()) return;

  // An activation that expires: re-issued for two seconds, then waited out.
  const std::string token = (s.root() / "short.jwt").string();
  s.NscOk({"generate", "activation", "-a", "orders", "-s", "orders.status", "-t", k.billing, "-o", token, "--expiry",
           UtcIn(2)});
  s.NscOk({"delete", "import", "-a", "billing", "-s", "orders.status", "--src-account", k.orders});
  s.NscOk({"add", "import", "-a", "billing", "--token", token, "-n", "status"});
  // A signing key rotated out while a user it signed remains.
  s.NscOk({"edit", "account", "-n", "orders", "--rm-sk", k.orders_plain_sk});
  // A user revoked, its JWT and creds left.
  s.NscOk({"revocations", "add-user", "-a", "billing", "-n", "payer"});
  // An export deleted while an import of it remains.
  s.NscOk({"delete", "export", "-a", "orders", "-s", "orders.events.>"});
  // An operator made without --sys, its system account added by hand but never named.
  s.NscOk({"add", "operator", "-n", "nosys"});
  s.NscOk({"add", "account", "-n", "SYS"});
  s.NscOk({"env", "-o", "acme"});
  if (HasFailure()) return;
  std::this_thread::sleep_for(std::chrono::seconds(3));

  std::vector<std::string> want = kDeserved;
  want.insert(want.end(), {
                              "NL005 error acme/orders/carol stores/acme/accounts/orders/users/carol.jwt",
                              "NL502 error acme/billing stores/acme/accounts/billing/billing.jwt",
                              "NL505 error acme/billing stores/acme/accounts/billing/billing.jwt",
                              "NL405 warning nosys stores/nosys/nosys.jwt",
                              "NL303 note acme/billing/payer keys/creds/acme/billing/payer.creds",
                              "NL303 note acme/billing/payer stores/acme/accounts/billing/users/payer.jwt",
                          });
  std::sort(want.begin(), want.end());
  const json broken = LintJson(s);
  ASSERT_EQ(Summary(broken), want);

  // Every fix once, in report order, as fixContext says.
  const Grants before = ReadGrants(s.stores());
  std::set<std::string> done;
  for (const json& f : broken.at("findings")) {
    if (f.at("fix").empty()) {
      EXPECT_FALSE(f.at("remediation").get<std::string>().empty()) << f.dump();
      continue;
    }
    if (!done.insert(f.at("fix").dump() + f.at("fixContext").dump()).second) continue;
    EXPECT_EQ(s.RunFix(f, s.root()), "") << f.dump();
  }
  // Left: what has no fix command (the rotated-out key: re-signing could bring
  // back a user cut off on purpose).
  const json fixed = LintJson(s);
  EXPECT_EQ(Summary(fixed),
            std::vector<std::string>{"NL005 error acme/orders/carol stores/acme/accounts/orders/users/carol.jwt"});
  for (const json& f : fixed.at("findings")) EXPECT_TRUE(f.at("fix").empty()) << f.dump();
  EXPECT_EQ(Widened(before, ReadGrants(s.stores())), "");
}

}  // namespace
}  // namespace nsclint::testing

namespace nsclint::testing {
namespace {

// --fix-script on the README demo: the script nsclint writes, run by sh with
// the real nsc on PATH, leaves only the findings that have no fix command.
TEST(FixScript, DemoScriptRunByNscLeavesOnlyFindingsWithoutFix) {
  REQUIRE_NSC();
  TempCopy demo(fs::path(SourceDir()) / "fixtures" / "demo", "fixscript");
  // As a git checkout leaves them (fixtures/generate.sh writes 0600): NL602's chmod runs too.
  for (const auto& e : fs::recursive_directory_iterator(demo.dir())) {
    if (e.is_regular_file() && (e.path().extension() == ".nk" || e.path().extension() == ".creds")) {
      fs::permissions(e.path(),
                      fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read,
                      fs::perm_options::replace);
    }
  }
  NscSandbox s("fixscript");
  fs::create_directories(s.root() / "bin");
  fs::create_symlink(NscBinary(), s.root() / "bin" / "nsc");

  RunResult r = RunNsclint({"-q", "--fix-script", "fix.sh", "store", "keys"}, "", demo.dir().string());
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const fs::path script = demo.dir() / "fix.sh";
  ASSERT_TRUE(fs::exists(script)) << r.err;
  EXPECT_EQ(fs::status(script).permissions() & fs::perms::all, fs::perms::owner_all);
  const std::string text = ReadFile(script.string());
  EXPECT_EQ(text.rfind("#!/bin/sh\n", 0), 0u);
  EXPECT_NE(text.find("\nset -eu\n"), std::string::npos);
  EXPECT_NE(text.find("#     same fix as ["), std::string::npos) << text;  // NL303 on the JWT and its creds
  EXPECT_NE(text.find("# Findings without a fix command"), std::string::npos);
  EXPECT_NE(text.find("chmod 600 keys/"), std::string::npos);
  EXPECT_TRUE(FindSeeds(demo.dir().string()).size() > 0);  // the keys dir holds seeds ...
  for (const std::string& seed : FindSeeds(demo.dir().string())) {
    EXPECT_EQ(text.find(seed), std::string::npos);  // ... and the script none
  }

  ProcResult run = RunArgv({"/bin/sh", script.string()}, s.root().string(),
                           s.Env({{"PATH", (s.root() / "bin").string() + ":/usr/bin:/bin"}}));
  EXPECT_EQ(run.exit_code, 0) << RedactSeeds(run.out + run.err);
  EXPECT_EQ((run.out + run.err).find("[ERR"), std::string::npos) << RedactSeeds(run.out + run.err);

  RunResult after = RunNsclint({"-f", "json", "--fail-on", "none", "store", "keys"}, "", demo.dir().string());
  const json doc = json::parse(after.out);
  EXPECT_FALSE(doc.at("findings").empty());
  for (const json& f : doc.at("findings")) {
    EXPECT_TRUE(f.at("fix").empty()) << f.dump();
    EXPECT_FALSE(f.at("remediation").get<std::string>().empty()) << f.dump();
  }
}

TEST(FixScript, NotWrittenWithoutFixes) {
  TempCopy clean(fs::path(SourceDir()) / "fixtures" / "clean", "nofix");
  clean.SecretsOwnerOnly();
  RunResult r = RunNsclint({"--now", "2026-06-01T00:00:00Z", "--fix-script", "fix.sh", "store", "keys"}, "",
                           clean.dir().string());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(clean.dir() / "fix.sh"));
  EXPECT_NE(r.err.find("not written"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace nsclint::testing
