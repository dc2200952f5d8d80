// Adopting nsclint gradually: config file, ignores with expiry, suppressed
// results, baselines, stable fingerprints, --print-config, pre-commit.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "lint/base/base64.h"
#include "lint/base/nkeys.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";
const char* kCase = "fixtures/cases/NL103-broad-user-no-pub-allow";

fs::path TempDir(const std::string& label) {
  fs::path d = fs::temp_directory_path() / ("nsclint-gate-" + std::to_string(::getpid()) + "-" + label);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void Write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

TEST(Gate, IgnoreSuppressesWithReasonAndDoesNotGate) {
  fs::path dir = TempDir("ignore");
  fs::path cfg = dir / "nsclint.toml";
  Write(cfg,
        "[[ignore]]\nrule = \"user-no-expiry\"\ntarget = \"OP/A/*\"\nreason = \"lab users\"\nuntil = 2026-12-31\n");
  RunResult text = RunNsclint({kNow, "--config", cfg.string(), "--fail-on", "note", kCase});
  EXPECT_EQ(text.exit_code, 0) << text.out << text.err;
  EXPECT_EQ(text.out.find("NL103"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 suppressed by the config"), std::string::npos) << text.out;

  RunResult json = RunNsclint({kNow, "--config", cfg.string(), "-f", "json", kCase});
  auto doc = nlohmann::json::parse(json.out);
  ASSERT_EQ(doc.at("findings").size(), 1u);
  EXPECT_EQ(doc.at("findings")[0].at("suppressed").at("reason"), "lab users");
  EXPECT_EQ(doc.at("summary").at("suppressed"), 1);

  RunResult omit = RunNsclint({kNow, "--config", cfg.string(), "-f", "sarif", kCase});
  EXPECT_TRUE(nlohmann::json::parse(omit.out).at("runs")[0].at("results").empty());
  RunResult include =
      RunNsclint({kNow, "--config", cfg.string(), "-f", "sarif", "--sarif-suppressed", "include", kCase});
  auto results = nlohmann::json::parse(include.out).at("runs")[0].at("results");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].at("suppressions")[0].at("kind"), "external");
  EXPECT_EQ(results[0].at("suppressions")[0].at("justification"), "lab users");
  if (const char* v = std::getenv("NSCLINT_SARIF_VALIDATOR"); v != nullptr && *v != '\0') {
    Write(dir / "s.sarif", include.out);
    EXPECT_EQ(std::system(("'" + std::string(v) + "' '" + (dir / "s.sarif").string() + "' >/dev/null 2>&1").c_str()),
              0);
  }
  fs::remove_all(dir);
}

TEST(Gate, ExpiredIgnoreStopsApplyingAndIsReported) {
  fs::path dir = TempDir("expired");
  fs::path cfg = dir / "nsclint.toml";
  Write(cfg, "[[ignore]]\nrule = \"NL103\"\ntarget = \"*\"\nreason = \"until the migration\"\nuntil = 2026-05-31\n");
  RunResult r = RunNsclint({kNow, "--config", cfg.string(), "--fail-on", "warning", kCase});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("warning NL103 user-no-expiry"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nsclint: note: " + cfg.string() + ": " + cfg.string() +
                       ":1: the ignore of NL103 for '*' expired on 2026-05-31"),
            std::string::npos)
      << r.out;
  // The last day of `until` still applies.
  RunResult last_day =
      RunNsclint({"--now=2026-05-31T23:00:00Z", "--config", cfg.string(), "--fail-on", "warning", kCase});
  EXPECT_EQ(last_day.exit_code, 0) << last_day.out;
  fs::remove_all(dir);
}

TEST(Gate, ConfigLevelsOptionsAndPrintConfig) {
  fs::path dir = TempDir("levels");
  fs::path cfg = dir / "nsclint.toml";
  Write(cfg, "expiry-warning = \"30d\"\n[rules]\nNL103 = \"error\"\nNL405 = \"off\"\n");
  RunResult r = RunNsclint({kNow, "--config", cfg.string(), kCase});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("error NL103 user-no-expiry"), std::string::npos) << r.out;
  RunResult p = RunNsclint({"--config", cfg.string(), "--print-config", "--clock-skew", "10m"});
  EXPECT_EQ(p.exit_code, 0);
  EXPECT_NE(p.out.find("expiry-warning = \"30d\""), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("clock-skew = \"10m\""), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("size.warning = 10240"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("NL103 = \"error\""), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("NL405 = \"off\""), std::string::npos) << p.out;
  fs::remove_all(dir);
}

TEST(Gate, BadConfigIsExit2WithFileAndLine) {
  fs::path dir = TempDir("bad");
  Write(dir / ".nsclint.toml", "[rules]\nNL999 = \"off\"\n");
  // Found walking up from the current directory (a subfolder), whatever the paths.
  fs::create_directories(dir / "sub");
  RunResult r = RunNsclint({kNow, (fs::path(SourceDir()) / kCase).string()}, "", (dir / "sub").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "nsclint: error: bad config: " + (dir / ".nsclint.toml").string() +
                       ":2: unknown rule 'NL999', did you mean 'NL009'?\n");
  fs::remove_all(dir);
}

TEST(Gate, BaselineMarksUnchangedAndOnlyNewGate) {
  fs::path dir = TempDir("baseline");
  RunResult base = RunNsclint({kNow, "-f", "sarif", "-o", (dir / "base.sarif").string(), kCase});
  ASSERT_EQ(base.exit_code, 0);
  // Same input: everything unchanged, nothing gates even at --fail-on note.
  RunResult same =
      RunNsclint({kNow, "-f", "sarif", "--baseline", (dir / "base.sarif").string(), "--fail-on", "note", kCase});
  EXPECT_EQ(same.exit_code, 0);
  // Named: a range-for over parse(...).at(...) would iterate a destroyed temporary.
  const nlohmann::json same_log = nlohmann::json::parse(same.out);
  for (const auto& res : same_log.at("runs")[0].at("results")) {
    EXPECT_EQ(res.at("baselineState"), "unchanged");
  }
  // More input: the new findings are "new" and gate.
  RunResult more = RunNsclint({kNow, "-f", "sarif", "--baseline", (dir / "base.sarif").string(), "--fail-on", "warning",
                               kCase, "fixtures/cases/NL103-bearer-narrow-user"});
  EXPECT_EQ(more.exit_code, 1);
  std::multiset<std::string> states;
  const auto doc = nlohmann::json::parse(more.out);
  for (const auto& res : doc.at("runs")[0].at("results")) states.insert(res.at("baselineState").get<std::string>());
  EXPECT_EQ(states.count("unchanged"), 1u);
  EXPECT_GE(states.count("new"), 1u);
  EXPECT_EQ(states.count("absent"), 0u);
  RunResult bad = RunNsclint({kNow, "--baseline", (dir / "nope.sarif").string(), kCase});
  EXPECT_EQ(bad.exit_code, 2);
  fs::remove_all(dir);
}

// Re-signing a JWT (new iat and signature) or moving the store keeps fingerprints.
TEST(Gate, FingerprintStableWhenReSignedAndMoved) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "demo", "resign");
  fs::path user = copy.dir() / "store/acme/accounts/orders/users/batch.jwt";
  std::string token = ReadFile(user.string());
  auto dot1 = token.find('.'), dot2 = token.rfind('.');
  std::string payload = *Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto claims = nlohmann::ordered_json::parse(payload);
  claims["iat"] = claims["iat"].get<int64_t>() + 3600;
  std::string iss = claims["iss"];
  // The issuer's seed is in the demo keys dir.
  fs::path seed_file = copy.dir() / "keys/keys" / iss.substr(0, 1) / iss.substr(1, 2) / (iss + ".nk");
  std::string seed_text = ReadFile(seed_file.string());
  auto raw = nkeys::Base32Decode(seed_text);
  ASSERT_TRUE(raw && raw->size() == 36);
  unsigned char pk[32], sk[64];
  crypto_sign_seed_keypair(pk, sk, raw->data() + 2);
  std::string signing = token.substr(0, dot1) + "." + Base64UrlEncode(claims.dump());
  unsigned char sig[64];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(signing.data()), signing.size(), sk);
  sodium_memzero(sk, sizeof sk);
  std::string resigned = signing + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(sig), 64));
  ASSERT_NE(resigned, token);
  Write(user, resigned);
  fs::path moved = copy.dir().parent_path() / "moved-store";
  fs::rename(copy.dir(), moved);

  auto prints = [](const std::string& out, const std::string& rule) {
    std::multiset<std::string> s;
    const auto doc = nlohmann::json::parse(out);
    for (const auto& f : doc.at("findings")) {
      if (f.at("rule") == rule) s.insert(f.at("fingerprint").get<std::string>());
    }
    return s;
  };
  RunResult before = RunNsclint({kNow, "-f", "json", "fixtures/demo"});
  RunResult after = RunNsclint({kNow, "-f", "json", moved.string()});
  EXPECT_FALSE(prints(before.out, "NL103").empty());
  EXPECT_EQ(prints(before.out, "NL103"), prints(after.out, "NL103"));
  EXPECT_EQ(prints(before.out, "NL101"), prints(after.out, "NL101"));
  fs::rename(moved, copy.dir());
}

// pre-commit passes only the changed files: they are linted with their whole store,
// and only their own findings are reported.
TEST(Gate, StoreContextReportsOnlyNamedFiles) {
  RunResult r =
      RunNsclint({kNow, "-f", "json", "--store-context", "fixtures/demo/store/acme/accounts/billing/users/temp.jwt"});
  auto doc = nlohmann::json::parse(r.out);
  std::set<std::string> rules;
  for (const auto& f : doc.at("findings")) {
    EXPECT_EQ(f.at("file"), "fixtures/demo/store/acme/accounts/billing/users/temp.jwt");
    rules.insert(f.at("rule"));
  }
  // NL005 needs the account and operator JWTs: found only with the store as context.
  EXPECT_EQ(rules.count("NL005"), 1u) << r.out;
  RunResult loose = RunNsclint({kNow, "-f", "json", "fixtures/demo/store/acme/accounts/billing/users/temp.jwt"});
  EXPECT_EQ(loose.out.find("NL005"), std::string::npos);
}

TEST(Gate, PreCommitHookRunsFromTheRepository) {
  if (std::system("command -v pre-commit >/dev/null 2>&1") != 0) GTEST_SKIP() << "pre-commit is not installed";
  fs::path dir = TempDir("precommit");
  fs::copy(SourceDir() + "/fixtures/demo/store", dir / "store", fs::copy_options::recursive);
  std::string env = "cd '" + dir.string() + "' && PRE_COMMIT_HOME='" + (dir / ".cache").string() + "' PATH='" +
                    fs::path(NSCLINT_BINARY).parent_path().string() + ":'\"$PATH\" ";
  ASSERT_EQ(std::system(("cd '" + dir.string() + "' && git init -q && git add . && git -c user.name=t -c " +
                         "user.email=t@t commit -qm init")
                            .c_str()),
            0);
  auto run = [&](const std::string& file) {
    std::string cmd = env + "pre-commit try-repo '" + SourceDir() + "' nsclint --files " + file + " > '" +
                      (dir / "log").string() + "' 2>&1";
    int status = std::system(cmd.c_str());
    return std::make_pair(WEXITSTATUS(status), ReadFile((dir / "log").string()));
  };
  auto [bad, bad_log] = run("store/acme/accounts/billing/users/temp.jwt");
  EXPECT_EQ(bad, 1) << bad_log;
  EXPECT_NE(bad_log.find("NL005 untrusted-issuer"), std::string::npos) << bad_log;
  auto [good, good_log] = run("store/acme/accounts/SYS/users/sys.jwt");
  EXPECT_EQ(good, 0) << good_log;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nsclint::testing
