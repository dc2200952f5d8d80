// The command line as users run it: flags, exit codes, messages, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "lint/registry/registry.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {

const char* kNow = "--now=2026-06-01T00:00:00Z";

TEST(Cli, ListRulesNamesEveryRuleWithLevel) {
  RunResult r = RunNsclint({"--list-rules"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("NL001  malformed-token"), std::string::npos);
  EXPECT_NE(r.out.find("NL106  bad-time-claims"), std::string::npos);
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\nNL103 +user-no-expiry +warning / note +A user JWT without exp")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\nNL406 +account-refuses-connections +error / warning "))) << r.out;
  // One line per rule, and a heading per family present (the names --select takes).
  EXPECT_NE(r.out.find("\nimports (NL5xx): imports, exports and activation tokens\nNL501 "), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.rfind("integrity (NL0xx): integrity and trust\nNL001 ", 0), 0u) << r.out;
  size_t families = 0;
  for (const auto& f : RuleFamilies())
    families += r.out.find("\n" + std::string(f.name) + " (") != std::string::npos ||
                r.out.rfind(std::string(f.name) + " (", 0) == 0;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), static_cast<long>(AllRules().size() + families));
}

TEST(Cli, ListRulesJson) {
  RunResult r = RunNsclint({"--list-rules", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("\"id\": \"NL005\""), std::string::npos);
}

TEST(Cli, ExplainPrintsHelpByIdOrName) {
  RunResult by_id = RunNsclint({"--explain", "NL005"});
  EXPECT_EQ(by_id.exit_code, 0);
  EXPECT_NE(by_id.out.find("NL005 untrusted-issuer (error, integrity)"), std::string::npos);
  EXPECT_NE(by_id.out.find("## How to fix"), std::string::npos);
  RunResult by_name = RunNsclint({"--explain", "untrusted-issuer"});
  EXPECT_EQ(by_name.out, by_id.out);
}

TEST(Cli, UnknownRuleSuggestsTheClosest) {
  RunResult r = RunNsclint({"--explain", "NL10"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "nsclint: error: unknown rule 'NL10', did you mean 'NL101'?\n");
  RunResult d = RunNsclint({"--disable", "expird", "fixtures/clean"});
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_NE(d.err.find("did you mean 'expired'?"), std::string::npos) << d.err;
}

TEST(Cli, MissingPathIsExit2WithOneLine) {
  RunResult r = RunNsclint({kNow, "does/not/exist"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("does/not/exist: no such file or directory"), std::string::npos) << r.out;
}

TEST(Cli, BadNowIsUsageError) {
  RunResult r = RunNsclint({"--now", "yesterday", "fixtures/clean"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--now 'yesterday'"), std::string::npos);
}

TEST(Cli, UnknownFlagIsUsageError) {
  RunResult r = RunNsclint({"--frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nsclint: error:"), std::string::npos);
}

TEST(Cli, VersionAndHelp) {
  const std::string version = RunNsclint({"--version"}).out;
  EXPECT_EQ(version.rfind(std::string("nsclint ") + NSCLINT_VERSION +
                              "\ndefault server version: nats-server 2.15.3 (--server-version)\n"
                              "git backend: the git command (git version ",
                          0),
            0u)
      << version;
  RunResult help = RunNsclint({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--format", "--output", "--fail-on", "--now", "--enable", "--disable", "--jobs",
                           "--list-rules", "--explain", "--color", "--sarif-root", "--quiet", "--version", "--connz",
                           "--accstatz", "--server-version", "--no-git", "--allow-empty"}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
}

TEST(Cli, CleanStoreExits0AndDemoExits1) {
  // The clean store has no finding at all once its secrets are 0600 as nsc writes them
  // (a git checkout makes them 0644: NL602, see SecretFilePermissions tests).
  TempCopy copy(std::filesystem::path(SourceDir()) / "fixtures" / "clean", "cli-clean");
  copy.SecretsOwnerOnly();
  RunResult clean = RunNsclint({kNow, "--fail-on", "note", copy.dir().string()});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(clean.out.find("no findings in"), std::string::npos) << clean.out;
  RunResult demo = RunNsclint({kNow, "fixtures/demo"});
  EXPECT_EQ(demo.exit_code, 1) << demo.out;
}

TEST(Cli, FailOnThreshold) {
  // The demo has errors: --fail-on none never fails.
  EXPECT_EQ(RunNsclint({kNow, "--fail-on", "none", "fixtures/demo"}).exit_code, 0);
  // One warning (a broad user without exp): fails from --fail-on warning down.
  const std::string warning = "fixtures/cases/NL103-broad-user-no-pub-allow";
  EXPECT_EQ(RunNsclint({kNow, warning}).exit_code, 0);
  EXPECT_EQ(RunNsclint({kNow, "--fail-on", "warning", warning}).exit_code, 1);
  EXPECT_EQ(RunNsclint({kNow, "--fail-on", "note", warning}).exit_code, 1);
  // One note: fails only with --fail-on note.
  const std::string note = "fixtures/cases/NL103-narrow-user-note";
  EXPECT_EQ(RunNsclint({kNow, "--fail-on", "warning", note}).exit_code, 0);
  EXPECT_EQ(RunNsclint({kNow, "--fail-on", "note", note}).exit_code, 1);
  // Disabling the rule silences it.
  EXPECT_EQ(RunNsclint({kNow, "--fail-on", "note", "--disable", "user-no-expiry", note}).exit_code, 0);
}

TEST(Cli, OutputIsByteIdenticalAcrossRunsAndJobs) {
  for (const char* fmt : {"text", "json", "sarif"}) {
    RunResult a = RunNsclint({kNow, "-f", fmt, "-j", "1", "fixtures/demo"});
    RunResult b = RunNsclint({kNow, "-f", fmt, "-j", "4", "fixtures/demo"});
    EXPECT_EQ(a.out, b.out) << fmt;
    EXPECT_FALSE(a.out.empty());
  }
}

TEST(Cli, OutputFileAndStderrSummary) {
  std::string path = (std::filesystem::temp_directory_path() / "nsclint-cli-test.sarif").string();
  RunResult r = RunNsclint({kNow, "-f", "sarif", "-o", path, "fixtures/demo"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("report written to " + path), std::string::npos) << r.err;
  EXPECT_NE(ReadFile(path).find("\"version\": \"2.1.0\""), std::string::npos);
  std::filesystem::remove(path);
}

TEST(Cli, StdinToken) {
  std::string token = ReadFile(SourceDir() + "/fixtures/clean/store/prod/prod.jwt");
  ASSERT_FALSE(token.empty());
  RunResult r = RunNsclint({kNow, "-"}, token);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  RunResult bad = RunNsclint({kNow, "-"}, "not a token\n");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("<stdin>:1: error NL001 malformed-token"), std::string::npos) << bad.out;
}

TEST(Cli, ColorOnlyWhenAsked) {
  RunResult plain = RunNsclint({kNow, "fixtures/demo"});
  EXPECT_EQ(plain.out.find('\x1b'), std::string::npos);
  RunResult color = RunNsclint({kNow, "--color", "always", "fixtures/demo"});
  EXPECT_NE(color.out.find('\x1b'), std::string::npos);
  RunResult json = RunNsclint({kNow, "--color", "always", "-f", "json", "fixtures/demo"});
  EXPECT_EQ(json.out.find('\x1b'), std::string::npos);
}

// NSCLINT_TIMINGS=1 names the allocator first: mimalloc when the binary is
// built with it (NSCLINT_MIMALLOC, the default), so a build that silently
// fell back to glibc's malloc fails here rather than only in a benchmark.
TEST(Cli, TimingsNameTheAllocator) {
  ::setenv("NSCLINT_TIMINGS", "1", 1);
  RunResult r = RunNsclint({kNow, "--no-cache", "fixtures/demo"});
  ::unsetenv("NSCLINT_TIMINGS");
  EXPECT_NE(r.err.find("\nnsclint-timing: rules (wall) "), std::string::npos) << r.err;
#ifdef NSCLINT_EXPECT_MIMALLOC
  EXPECT_TRUE(r.err.starts_with("nsclint-timing: allocator mimalloc ")) << r.err;
#else
  EXPECT_EQ(r.err.find("allocator"), std::string::npos) << r.err;
#endif
  RunResult quiet = RunNsclint({kNow, "--no-cache", "fixtures/demo"});
  EXPECT_EQ(quiet.err.find("nsclint-timing"), std::string::npos) << quiet.err;
}

}  // namespace
}  // namespace nsclint::testing
