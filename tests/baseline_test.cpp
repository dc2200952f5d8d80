// A baseline you can read: text and markdown mark what is new, and the "new"
// mark stays on the right file when a file is copied (its findings share the
// original's fingerprint).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";

// file name -> baseline state of its NL103 finding.
std::map<std::string, std::string> StatesOf(const std::string& json_text) {
  std::map<std::string, std::string> out;
  const nlohmann::json doc = nlohmann::json::parse(json_text);
  for (const auto& f : doc.at("findings")) {
    if (f.at("rule") == "NL103")
      out[fs::path(f.at("file").get<std::string>()).filename().string()] = f.at("baseline_state");
  }
  return out;
}

// A finding the baseline has at a lower level is "updated": it gates like a
// new one and the reports say so; at the same level it stays "unchanged".
TEST(Baseline, RaisedLevelIsUpdatedAndGates) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures/cases/NL103-broad-user-no-pub-allow", "baseline-raised");
  const std::string root = copy.dir().string();
  const std::string base = (copy.dir().parent_path() / "raised-base.sarif").string();
  const std::string config = (copy.dir().parent_path() / "raised.nsclint.toml").string();
  std::ofstream(config) << "[rules]\nNL103 = \"error\"\n";
  const RunResult first = RunNsclint({kNow, "--no-config", "-f", "sarif", "-o", base, "--sarif-root", root, root});
  ASSERT_EQ(first.exit_code, 0) << first.err;  // NL103 is a warning in the baseline

  const RunResult same =
      RunNsclint({kNow, "--no-config", "-f", "json", "--baseline", base, "--sarif-root", root, root});
  EXPECT_EQ(StatesOf(same.out).at("alice.jwt"), "unchanged") << same.out;
  EXPECT_EQ(same.exit_code, 0);

  const RunResult raised =
      RunNsclint({kNow, "--config", config, "-f", "json", "--baseline", base, "--sarif-root", root, root});
  EXPECT_EQ(StatesOf(raised.out).at("alice.jwt"), "updated") << raised.out;
  EXPECT_EQ(raised.exit_code, 1) << "an updated finding at error gates like a new one";

  const RunResult text = RunNsclint({kNow, "--config", config, "--baseline", base, "--sarif-root", root, root});
  EXPECT_NE(text.out.find("alice.jwt:1: error NL103 user-no-expiry (updated: higher level than in the baseline): "),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("0 new, 1 at a higher level, 0 unchanged since the baseline"), std::string::npos) << text.out;

  const RunResult sarif =
      RunNsclint({kNow, "--config", config, "-f", "sarif", "--baseline", base, "--sarif-root", root, root});
  const nlohmann::json doc = nlohmann::json::parse(sarif.out);
  bool seen = false;
  for (const auto& r : doc.at("runs").at(0).at("results")) {
    if (r.at("ruleId") != "NL103") continue;
    EXPECT_EQ(r.at("baselineState"), "updated");
    seen = true;
  }
  EXPECT_TRUE(seen) << sarif.out;
}

TEST(Baseline, CopiedFileIsTheNewOneAndTextMarksIt) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures/cases/NL103-broad-user-no-pub-allow", "baseline-copy");
  const std::string root = copy.dir().string();
  const std::string base = (copy.dir().parent_path() / "base.sarif").string();
  const RunResult first = RunNsclint({kNow, "-f", "sarif", "-o", base, "--sarif-root", root, root});
  ASSERT_EQ(first.exit_code, 0) << first.err;  // a warning: below the default --fail-on

  // The copy sorts before the original: with ":n" counted in path order it
  // would take the original's fingerprint and leave the original "new".
  const fs::path users = copy.dir() / "store/OP/accounts/A/users";
  fs::copy_file(users / "alice.jwt", users / "a-copy.jwt");

  const RunResult json = RunNsclint({kNow, "-f", "json", "--baseline", base, "--sarif-root", root, root});
  const auto states = StatesOf(json.out);
  EXPECT_EQ(states.at("alice.jwt"), "unchanged") << json.out;
  EXPECT_EQ(states.at("a-copy.jwt"), "new") << json.out;

  const RunResult text = RunNsclint({kNow, "--baseline", base, "--sarif-root", root, root});
  EXPECT_NE(text.out.find("a-copy.jwt:1: warning NL103 user-no-expiry (new): "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("alice.jwt:1: warning NL103 user-no-expiry: "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(" new, 1 unchanged since the baseline"), std::string::npos) << text.out;

  const RunResult md = RunNsclint({kNow, "-f", "markdown", "--baseline", base, "--sarif-root", root, root});
  const size_t fresh = md.out.find("### New since the baseline");
  const size_t copy_at = md.out.find("a-copy.jwt:1");
  const size_t old = md.out.find("Unchanged since the baseline (1)");
  ASSERT_NE(fresh, std::string::npos) << md.out;
  EXPECT_LT(fresh, copy_at);
  EXPECT_LT(copy_at, old);
  EXPECT_GT(md.out.find("alice.jwt:1"), old) << md.out;

  // A moved file keeps its findings unchanged: the fingerprint has no path.
  fs::rename(users / "alice.jwt", users / "zz-moved.jwt");
  fs::remove(users / "a-copy.jwt");
  const RunResult moved = RunNsclint({kNow, "-f", "json", "--baseline", base, "--sarif-root", root, root});
  EXPECT_EQ(StatesOf(moved.out).at("zz-moved.jwt"), "unchanged") << moved.out;
}

}  // namespace
}  // namespace nsclint::testing
