// Every fix proven with the real nsc (NSCLINT_NSC): for each fixture case of
// a rule whose findings carry fix commands, a copy of the case's store with a
// keys dir (the case's own seeds, derived from fixtures/keys.json labels),
// the fix of each finding of that rule run as its fixContext says, then a
// re-lint: that finding is gone, no new error appeared, nothing got wider.
// Every rule with fix commands (RuleInfo::fix_commands, from the registry)
// must be proven by at least one case; rules without never give a command.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "lint/base/base64.h"
#include "lint/base/util.h"
#include "lint/engine/engine.h"
#include "lint/registry/registry.h"
#include "tests/nsc_util.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A finding's identity across a fix: rule, entity key, qualifier.
using Id = std::tuple<std::string, std::string, std::string>;
Id IdOf(const Finding& f) {
  return {f.rule_id.str(), f.entity.key, f.qualifier};
}
// The same, without a trailing list index (NL202 "pub.allow:x:2"): after one
// copy of a triplicate goes, the next copy's finding takes the index.
Id LooseIdOf(const Finding& f) {
  std::string q = f.qualifier;
  const size_t colon = q.rfind(':');
  if (colon != std::string::npos && colon + 1 < q.size() &&
      q.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
    q.resize(colon);
  }
  return {f.rule_id.str(), f.entity.key + " " + f.file.str(), q};
}

std::string Text(const Finding& f) {
  return f.rule_id.str() + " " + std::string(LevelName(f.level)) + " " + f.file.str() + ": " + f.message;
}

struct CaseCopy {
  std::unique_ptr<TempCopy> copy;
  json spec;
  EngineOptions opts;
};

CaseCopy Prepare(const fs::path& dir) {
  CaseCopy c;
  c.spec = json::parse(ReadFile((dir / "case.json").string()));
  c.copy = std::make_unique<TempCopy>(dir, dir.filename().string());
  const fs::path root = c.copy->dir();
  if (c.spec.contains("modes")) {
    for (const auto& [rel, mode] : c.spec["modes"].items()) {
      ::chmod((root / rel).c_str(), static_cast<mode_t>(std::stoul(mode.get<std::string>(), nullptr, 8)));
    }
  }
  bool has_keys = false;
  for (const auto& in : c.spec.at("inputs")) {
    c.opts.paths.push_back((root / in.get<std::string>()).string());
    has_keys = has_keys || in == "keys";
  }
  // The case's seeds, so that nsc can sign (most cases give no keys dir).
  WriteFixtureSeeds("cases/" + dir.filename().string() + "/", root / "keys");
  if (!has_keys) c.opts.paths.push_back((root / "keys").string());
  if (c.spec.contains("options")) {
    for (const auto& [k, v] : c.spec["options"].items()) c.opts.options[k] = v.get<std::string>();
  }
  c.opts.jobs = 1;
  return c;
}

EngineResult Lint(const CaseCopy& c, int64_t now) {
  EngineOptions o = c.opts;
  o.now = now;
  return RunEngine(o);
}

json FixJson(const Fix& fix) {
  json cmds = json::array();
  for (const auto& c : fix.commands) cmds.push_back(c);
  json ctx = nullptr;
  if (fix.has_context())
    ctx = json{{"cwd", fix.cwd.str()}, {"env", {{"NSC_CWD_ONLY", "1"}, {"NKEYS_PATH", fix.keys.str()}}}};
  return json{{"fix", cmds}, {"fixContext", ctx}};
}

// Cases whose findings must get remediation text and no command: a command
// would lift a revocation, bring back a key cut off on purpose, or widen.
const std::set<std::string> kNoCommand = {
    "NL502-expired-token-revoked-importer",  // a new token's iat escapes the export's revocation
    "NL303-revoked-by-star",                 // only '*' revokes it: it may be re-issued on purpose
    "NL005-user-signed-by-rotated-out-key",  // re-signing resurrects a cut-off credential
    "NL005-account-signed-by-removed-operator-sk",
    "NL406-conn-zero",                     // conn 0 written out is a decision
    "NL406-leaf-zero-with-leafnode-user",  // so is leaf 0
};

TEST(FixProof, EveryRuleWithFixCommandsIsProvenByTheRealNsc) {
  if (NscBinary().empty()) {
    GTEST_SKIP() << "NSCLINT_NSC is not set (the real nsc, built by scripts/install-go-tools.sh; "
                    "scripts/test.sh exports it)";
  }
  const int64_t now = std::time(nullptr);
  std::set<std::string> proven;
  std::map<std::string, std::vector<std::string>> unproven;  // rule -> why, per case
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/fixtures/cases")) {
    const std::string id = entry.path().filename().string();
    if (id.find("-near-miss-") != std::string::npos) continue;
    const std::string rule = json::parse(ReadFile((entry.path() / "case.json").string())).at("rule");
    const Rule* r = FindRule(rule);
    ASSERT_NE(r, nullptr) << id;
    SCOPED_TRACE(id);
    CaseCopy c = Prepare(entry.path());
    if (HasFatalFailure()) return;
    const int64_t case_now = ParseTime(c.spec.at("now").get<std::string>()).value();
    const EngineResult first = Lint(c, case_now);
    // Rules without fix commands never give one, in any case.
    for (const Finding& f : first.findings) {
      const Rule* fr = FindRule(f.rule_id.view());
      ASSERT_NE(fr, nullptr);
      EXPECT_TRUE(fr->info.fix_commands || f.fix.commands.empty()) << Text(f) << "\n" << FixJson(f.fix).dump();
    }
    if (kNoCommand.count(id) != 0) {
      for (const Finding& f : first.findings) {
        if (f.rule_id != rule) continue;
        EXPECT_TRUE(f.fix.commands.empty()) << Text(f) << "\n" << FixCommandsText(f.fix);
        EXPECT_FALSE(f.fix.remediation.empty()) << Text(f);
      }
    }
    if (!r->info.fix_commands) continue;
    std::vector<Finding> targets;
    for (const Finding& f : first.findings) {
      if (f.rule_id == rule && !f.fix.commands.empty()) targets.push_back(f);
      if (f.rule_id == rule && f.fix.commands.empty()) {
        // Then the text says why, and what to do.
        EXPECT_FALSE(f.fix.remediation.empty()) << Text(f);
        unproven[rule].push_back(id + ": no command (" + f.fix.remediation + ")");
      }
    }
    std::set<std::string> ran;  // a fix shared by several findings runs once (as in --fix-script)
    for (const Finding& target : targets) {
      const EngineResult before = Lint(c, now);
      const Grants grants = ReadGrants(c.copy->dir());
      NscSandbox sandbox(id);
      if (ran.insert(FixJson(target.fix).dump()).second) {
        const std::string failed = sandbox.RunFix(FixJson(target.fix), fs::current_path());
        EXPECT_EQ(failed, "") << Text(target);
        if (!failed.empty()) continue;
      }
      const EngineResult after = Lint(c, now);
      std::set<Id> errors_before;
      for (const Finding& f : before.findings) {
        if (f.level == Level::kError) errors_before.insert(IdOf(f));
      }
      size_t count_before = 0, count_after = 0;
      for (const Finding& f : before.findings) count_before += LooseIdOf(f) == LooseIdOf(target) ? 1 : 0;
      bool gone = true;
      for (const Finding& f : after.findings) {
        if (LooseIdOf(f) == LooseIdOf(target)) ++count_after;
        if (f.level == Level::kError && errors_before.count(IdOf(f)) == 0) {
          ADD_FAILURE() << "new error after the fix " << FixCommandsText(target.fix) << " of " << Text(target) << ":\n"
                        << Text(f);
          gone = false;
        }
      }
      // Gone, or (several copies of one entry) one fewer.
      if (count_after != 0 && count_after >= count_before) {
        gone = false;
        ADD_FAILURE() << "still there after its fix " << FixCommandsText(target.fix) << ":\n" << Text(target);
      }
      const std::string wider = Widened(grants, ReadGrants(c.copy->dir()));
      EXPECT_EQ(wider, "") << "the fix " << FixCommandsText(target.fix) << " widened:";
      if (gone && wider.empty()) proven.insert(rule);
    }
  }
  // What stays remediation-only in the cases of rules that have commands (shown, not failed).
  for (const auto& [rule, why] : unproven) {
    for (const auto& w : why) std::cout << "[ no command ] " << rule << " " << w << "\n";
  }
  for (const auto& p : proven) std::cout << "[ proven     ] " << p << "\n";
  for (const Rule& r : AllRules()) {
    if (!r.info.fix_commands) continue;
    std::string why;
    for (const auto& w : unproven[std::string(r.info.id)]) why += "\n  " + w;
    EXPECT_TRUE(proven.count(std::string(r.info.id)) != 0)
        << r.info.id << " gives fix commands but no fixture case proves one with the real nsc" << why;
  }
}

}  // namespace
}  // namespace nsclint::testing

namespace nsclint::testing {
namespace {

// No keys dir, a keys dir without the signer's seed, a loose file: no
// command, and the remediation says why (naming the missing key).
TEST(FixData, NoCommandWithoutTheKeyToSignWith) {
  const std::string id = "NL101-expired-user";
  TempCopy c(fs::path(SourceDir()) / "fixtures" / "cases" / id, "fixdata");
  auto lint = [&](std::vector<std::string> paths) {
    std::vector<std::string> args{"--now", "2026-06-01T00:00:00Z", "-f", "json", "--fail-on", "none"};
    args.insert(args.end(), paths.begin(), paths.end());
    RunResult r = RunNsclint(args, "", c.dir().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    for (const json& f : doc.at("findings")) {
      if (f.at("rule") == "NL101") return f;
    }
    ADD_FAILURE() << "no NL101 in " << r.out;
    return json::object();
  };
  const std::string user = "store/OP/accounts/A/users/alice.jwt";
  const std::string issuer = [&] {
    const std::string t = ReadFile((c.dir() / user).string());
    const size_t a = t.find('.'), b = t.find('.', a + 1);
    return json::parse(Base64UrlDecode(std::string_view(t).substr(a + 1, b - a - 1)).value())
        .at("iss")
        .get<std::string>();
  }();

  json f = lint({"store"});
  EXPECT_EQ(f.value("fix", json()), json::array());
  EXPECT_TRUE(f.value("fixContext", json()).is_null());
  EXPECT_NE(f.value("remediation", "").find("no keys dir"), std::string::npos) << f.dump();
  EXPECT_NE(f.value("remediation", "").find(issuer), std::string::npos) << f.dump();

  WriteFixtureSeeds("cases/NL101-expired-account/", c.dir() / "keys");  // seeds, but not A's
  f = lint({"store", "keys"});
  EXPECT_EQ(f.value("fix", json()), json::array());
  EXPECT_NE(f.value("remediation", "").find("lacks the private key of " + issuer), std::string::npos) << f.dump();

  WriteFixtureSeeds("cases/" + id + "/", c.dir() / "keys");
  f = lint({"store", "keys"});
  ASSERT_EQ(f.value("fix", json()).size(), 1u) << f.dump();
  EXPECT_EQ(f["fix"][0], json({"nsc", "edit", "user", "-a", "A", "-n", "alice", "-K", issuer, "--expiry", "90d"}));
  EXPECT_EQ(f["fixContext"], json::parse(R"({"cwd":"store/OP","env":{"NKEYS_PATH":"../../keys","NSC_CWD_ONLY":"1"}})"));

  f = lint({user, "keys"});  // loose: nsc has no name for it
  EXPECT_EQ(f.value("fix", json()), json::array());
  EXPECT_FALSE(f.value("remediation", "").empty());
}

}  // namespace
}  // namespace nsclint::testing
