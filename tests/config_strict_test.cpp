// A config you cannot misread (SPEC §4): what used to be silently taken one
// way is now an error naming file and line, or works the way it reads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "lint/app/config.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";
const char* kCase = "fixtures/cases/NL103-broad-user-no-pub-allow";

std::string ErrorOf(const std::string& text) {
  const ConfigResult r = ParseConfig(text, "c.toml");
  EXPECT_FALSE(r.config) << text;
  return r.error;
}

TEST(ConfigStrict, BareNumberIsNoDuration) {
  // expiry-warning = 30 used to mean 30 seconds.
  EXPECT_EQ(ErrorOf("expiry-warning = 30\n"),
            "c.toml:1: option 'expiry-warning' is a duration with a unit (like 14d, 36h, 5m, 90s), not the bare "
            "number 30 (seconds? days?)");
  EXPECT_EQ(ErrorOf("clock-skew = \"300\"\n"),
            "c.toml:1: option 'clock-skew' is a duration with a unit (like 14d, 36h, 5m, 90s), not '300'");
  EXPECT_TRUE(ParseConfig("expiry-warning = \"30d\"\n", "c.toml").config);
  // The flags read durations the same way.
  const RunResult flag = RunNsclint({kNow, "--expiry-warning", "30", kCase});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.err.find("--expiry-warning '30' is not a duration with a unit"), std::string::npos) << flag.err;
}

TEST(ConfigStrict, IgnoreWithoutTargetIsAnError) {
  // It used to ignore the rule everywhere.
  EXPECT_EQ(ErrorOf("[[ignore]]\nrule = \"NL103\"\nreason = \"r\"\n"),
            "c.toml:1: ignore: 'target' is missing: name what is accepted (an entity like \"OP/ACCOUNT/*\", a public "
            "key or a file glob; \"*\" for everything)");
  const ConfigResult all = ParseConfig("[[ignore]]\nrule = \"NL103\"\ntarget = \"*\"\nreason = \"r\"\n", "c.toml");
  ASSERT_TRUE(all.config) << all.error;
  EXPECT_EQ(all.config->ignores.at(0).target, "*");
}

TEST(ConfigStrict, OneRuleSetTwiceByIdAndNameIsAnError) {
  EXPECT_EQ(ErrorOf("[rules]\nNL103 = \"off\"\nuser-no-expiry = \"warning\"\n"),
            "c.toml:3: rule NL103 is set twice: as 'NL103' on line 2 and as 'user-no-expiry' here; keep one");
}

TEST(ConfigStrict, FailOnKey) {
  const ConfigResult r = ParseConfig("fail-on = \"warning\"\n", "c.toml");
  ASSERT_TRUE(r.config) << r.error;
  EXPECT_EQ(r.config->fail_on, "warning");
  EXPECT_EQ(ErrorOf("fail-on = \"warnings\"\n"),
            "c.toml:1: 'fail-on' is one of \"error\", \"warning\", \"note\", \"none\"");
  EXPECT_EQ(ErrorOf("fial-on = \"warning\"\n"), "c.toml:1: unknown setting 'fial-on', did you mean 'fail-on'?");
}

class ConfigDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("nsclint-strict-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "repo" / "sub" / "deeper");
    fs::create_directories(dir_ / "repo" / ".git");
    fs::copy(fs::path(SourceDir()) / kCase, dir_ / "repo" / "case", fs::copy_options::recursive);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void WriteConfig(const fs::path& where, const std::string& text) { std::ofstream(where / ".nsclint.toml") << text; }
  fs::path dir_;
};

// The user file of the case, relative to the repo and absolute.
const char* kUserFile = "case/store/OP/accounts/A/users/alice.jwt";

TEST_F(ConfigDir, PathTargetMatchesRelativeAndAbsoluteForms) {
  const fs::path repo = dir_ / "repo";
  WriteConfig(repo, std::string("[[ignore]]\nrule = \"NL103\"\ntarget = \"") + kUserFile + "\"\nreason = \"lab\"\n");
  // Named relatively from the repo, absolutely, and relatively from a subfolder: one file.
  for (const auto& [cwd, path] : {std::pair{repo, std::string("case")}, std::pair{repo, (repo / "case").string()},
                                  std::pair{repo / "sub", std::string("../case")}}) {
    const RunResult r = RunNsclint({kNow, "--fail-on", "note", path}, "", cwd.string());
    EXPECT_EQ(r.exit_code, 0) << cwd << " " << path << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("1 suppressed by the config"), std::string::npos) << path << "\n" << r.out;
  }
}

TEST_F(ConfigDir, FoundWalkingUpToTheGitTopLevel) {
  const fs::path repo = dir_ / "repo";
  WriteConfig(repo, "fail-on = \"none\"\n");
  const RunResult deep = RunNsclint({kNow, "--print-config"}, "", (repo / "sub" / "deeper").string());
  EXPECT_NE(deep.out.find("(defaults + " + (repo / ".nsclint.toml").string() + " + flags)"), std::string::npos)
      << deep.out;
  EXPECT_NE(deep.out.find("fail-on = \"none\""), std::string::npos) << deep.out;
  // PATH arguments never change it: a config beside the linted folder is not read.
  WriteConfig(repo / "case", "fail-on = \"note\"\n");
  const RunResult r = RunNsclint({kNow, "-f", "json", "case"}, "", (repo / "sub").string());
  EXPECT_NE(r.out.find("\"config_file\": \"" + (repo / ".nsclint.toml").string() + "\""), std::string::npos) << r.out;
  // --no-config reads none.
  const RunResult off = RunNsclint({kNow, "--no-config", "--print-config"}, "", (repo / "sub").string());
  EXPECT_NE(off.out.find("(defaults + no config file + flags)"), std::string::npos) << off.out;
  // Not above the git top level.
  fs::remove(repo / ".nsclint.toml");
  WriteConfig(dir_, "fail-on = \"note\"\n");
  const RunResult none = RunNsclint({kNow, "--print-config"}, "", (repo / "sub").string());
  EXPECT_NE(none.out.find("(defaults + no config file + flags)"), std::string::npos) << none.out;
}

}  // namespace
}  // namespace nsclint::testing
