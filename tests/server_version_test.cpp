// --server-version: parsing (SPEC "Target servers") and the behaviour table.
#include "lint/base/server_version.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace nsclint::testing {
namespace {

ServerTarget Parse(std::string_view text) {
  ServerTargetParse p = ParseServerTarget(text);
  EXPECT_TRUE(p.target.has_value()) << text << ": " << p.error;
  return p.target.value_or(ServerTarget{});
}

TEST(ServerVersion, ParsesReleasesLinesPrefixesAndSuffixes) {
  EXPECT_EQ(Parse("2.10.29").Text(), "2.10.29");
  EXPECT_EQ(Parse("v2.10.29").Text(), "2.10.29");
  EXPECT_EQ(Parse("2.10").Text(), "2.10");
  EXPECT_EQ(Parse("v2.11").Text(), "2.11");
  EXPECT_EQ(Parse("2.11.0-RC.1").Text(), "2.11.0");
  EXPECT_EQ(Parse(" 2.10.29 , 2.14.5 ").Text(), "2.10.29,2.14.5");
  EXPECT_EQ(Parse("2.10.29,2.10.29").Text(), "2.10.29");
  EXPECT_EQ(DefaultServerTarget().Text(), "2.15.3");
}

TEST(ServerVersion, RejectsWhatIsNotAVersionAndTooOldServers) {
  for (const char* bad : {"", "2", "two.ten", "2.10.x", "2.10.1.1", "2.10,", ",2.10", "2..10", "latest"}) {
    ServerTargetParse p = ParseServerTarget(bad);
    EXPECT_FALSE(p.target.has_value()) << "'" << bad << "'";
    EXPECT_FALSE(p.error.empty()) << bad;
  }
  ServerTargetParse old = ParseServerTarget("2.8.4");
  ASSERT_FALSE(old.target.has_value());
  EXPECT_EQ(old.error, "server version '2.8.4' is older than nsclint judges (2.9.0 and later)");
  // A line that reaches 2.9.0 is judged from 2.9.0 on.
  EXPECT_TRUE(ParseServerTarget("2.9").target.has_value());
}

TEST(ServerVersion, NewerThanKnownIsJudgedAsTheNewestWithAWarning) {
  ServerTargetParse p = ParseServerTarget("2.16.1");
  ASSERT_TRUE(p.target.has_value());
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0], "server version 2.16.1 is newer than nsclint knows (2.15.3): judged as 2.15.3 behaves");
  EXPECT_TRUE(p.target->AllHave(ServerBehavior::kServiceImportsPerExporter));
  EXPECT_TRUE(ParseServerTarget("2.15.3").warnings.empty());
}

TEST(ServerVersion, BackportedBoundariesHoldPerLine) {
  constexpr auto b = ServerBehavior::kServiceImportsPerExporter;  // 2.11.15 / 2.12.6 / 2.14.0
  EXPECT_FALSE(VersionHas({2, 9, 10}, b));
  EXPECT_FALSE(VersionHas({2, 10, 29}, b));
  EXPECT_FALSE(VersionHas({2, 11, 14}, b));
  EXPECT_TRUE(VersionHas({2, 11, 15}, b));
  EXPECT_FALSE(VersionHas({2, 12, 5}, b));
  EXPECT_TRUE(VersionHas({2, 12, 6}, b));
  EXPECT_TRUE(VersionHas({2, 14, 0}, b));
  EXPECT_TRUE(VersionHas({2, 15, 3}, b));
  EXPECT_EQ(SinceText(b), "2.11.15/2.12.6/2.14.0");
  constexpr auto strict = ServerBehavior::kStrictSubjects;  // 2.10.12
  EXPECT_FALSE(VersionHas({2, 10, 11}, strict));
  EXPECT_TRUE(VersionHas({2, 10, 12}, strict));
  EXPECT_TRUE(VersionHas({2, 11, 0}, strict));
}

TEST(ServerVersion, ALineOrAListHoldsBothSidesOfABoundaryInside) {
  constexpr auto strict = ServerBehavior::kStrictSubjects;
  BehaviorSplit line = Parse("2.10").Split(strict);
  EXPECT_TRUE(line.with && line.without);
  EXPECT_TRUE(Parse("2.11").AllHave(strict));
  EXPECT_TRUE(Parse("2.9").Split(strict).without);
  EXPECT_FALSE(Parse("2.9").Split(strict).with);
  ServerTarget fleet = Parse("2.9.10,2.10.29,2.15.3");
  EXPECT_EQ(fleet.Lacking(strict), "2.9.10");
  EXPECT_EQ(fleet.Having(strict), "2.10.29,2.15.3");
}

TEST(ServerVersion, FlagConfigVersionAndReports) {
  RunResult bad = RunNsclint({"--server-version", "2.8", "fixtures/clean"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--server-version: server version '2.8' is older than nsclint judges"), std::string::npos)
      << bad.err;

  RunResult newer = RunNsclint({"--server-version", "2.99.0", "--now", "2026-06-01T00:00:00Z", "fixtures/clean"});
  EXPECT_EQ(newer.exit_code, 0) << newer.err;
  EXPECT_NE(newer.err.find("nsclint: warning: server version 2.99.0 is newer than nsclint knows (2.15.3)"),
            std::string::npos)
      << newer.err;

  RunResult printed = RunNsclint({"--print-config", "--server-version", "v2.10"});
  EXPECT_NE(printed.out.find("server-version = \"2.10\"\n"), std::string::npos) << printed.out;
  EXPECT_NE(RunNsclint({"--print-config"}).out.find("server-version = \"2.15.3\"\n"), std::string::npos);

  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("nsclint-sv-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "good.toml") << "server-version = \"2.10.29,2.14.5\"\n";
  std::ofstream(dir / "bad.toml") << "\nserver-version = \"2.x\"\n";
  std::ofstream(dir / "number.toml") << "server-version = 2.10\n";
  RunResult cfg = RunNsclint({"--config", (dir / "good.toml").string(), "--print-config"});
  EXPECT_NE(cfg.out.find("server-version = \"2.10.29,2.14.5\"\n"), std::string::npos) << cfg.out;
  RunResult flag_wins =
      RunNsclint({"--config", (dir / "good.toml").string(), "--server-version", "2.9.10", "--print-config"});
  EXPECT_NE(flag_wins.out.find("server-version = \"2.9.10\"\n"), std::string::npos) << flag_wins.out;
  RunResult bad_cfg = RunNsclint({"--config", (dir / "bad.toml").string(), "fixtures/clean"});
  EXPECT_EQ(bad_cfg.exit_code, 2);
  EXPECT_NE(bad_cfg.err.find("bad.toml:2: server version '2.x' is not a version"), std::string::npos) << bad_cfg.err;
  RunResult number_cfg = RunNsclint({"--config", (dir / "number.toml").string(), "fixtures/clean"});
  EXPECT_EQ(number_cfg.exit_code, 2);
  EXPECT_NE(number_cfg.err.find("number.toml:1: 'server-version' must be a string"), std::string::npos)
      << number_cfg.err;
  fs::remove_all(dir);

  RunResult json = RunNsclint(
      {"--server-version", "2.10.29", "--now", "2026-06-01T00:00:00Z", "--format", "json", "fixtures/clean"});
  EXPECT_EQ(nlohmann::json::parse(json.out).value("server_version", ""), "2.10.29");
  RunResult sarif = RunNsclint({"--now", "2026-06-01T00:00:00Z", "--format", "sarif", "fixtures/clean"});
  const auto run = nlohmann::json::parse(sarif.out)["runs"][0];
  EXPECT_EQ(run["invocations"][0]["properties"].value("serverVersion", ""), "2.15.3");
  RunResult demo =
      RunNsclint({"--now", "2026-06-01T00:00:00Z", "--server-version", "2.10", "--format", "sarif", "fixtures/demo"});
  const auto results = nlohmann::json::parse(demo.out)["runs"][0]["results"];
  ASSERT_FALSE(results.empty());
  for (const auto& result : results) EXPECT_EQ(result["properties"].value("serverVersion", ""), "2.10") << result;
}

}  // namespace
}  // namespace nsclint::testing
