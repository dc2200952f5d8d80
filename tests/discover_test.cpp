// Hostile file trees: every oddity is reported and the rest still scanned.
#include "lint/discover/discover.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

class TempTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("nsclint-tree-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    // One good token so that every test checks the rest of the scan goes on.
    token_ = ReadFile(SourceDir() + "/fixtures/clean/store/prod/prod.jwt");
    std::ofstream(root_ / "good.jwt") << token_;
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(root_ / "locked", fs::perms::owner_all, ec);
    fs::remove_all(root_, ec);
  }
  RunResult Lint(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--now=2026-06-01T00:00:00Z", "--disable=NL405"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(root_.string());
    return RunNsclint(args);
  }
  fs::path root_;
  std::string token_;
};

TEST_F(TempTree, SymlinkLoopIsReportedNotFollowed) {
  fs::create_directories(root_ / "a");
  fs::create_directory_symlink(root_, root_ / "a" / "loop");
  RunResult r = Lint();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("symbolic link loop, not followed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in 1 file"), std::string::npos) << r.out;
}

TEST_F(TempTree, FifoIsSkippedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((root_ / "pipe.jwt").c_str(), 0600), 0);
  RunResult r = Lint();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("not a regular file, skipped"), std::string::npos) << r.out;
  // Named explicitly: an NL001, never a read that blocks.
  RunResult named = RunNsclint({"--now=2026-06-01T00:00:00Z", (root_ / "pipe.jwt").string()});
  EXPECT_EQ(named.exit_code, 1);
  EXPECT_NE(named.out.find("not a regular file"), std::string::npos) << named.out;
}

TEST_F(TempTree, NonUtf8NameIsPrintable) {
  std::string name = "bad\xff\xfename.jwt";
  std::ofstream(root_ / name) << "garbage";
  RunResult r = Lint({"-f", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("bad\\\\xFF\\\\xFEname.jwt"), std::string::npos) << r.out;
  RunResult sarif = Lint({"-f", "sarif"});
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
}

TEST_F(TempTree, HugeFileIsRefusedWithoutReadingIt) {
  {
    std::ofstream big(root_ / "huge.jwt", std::ios::binary);
    big.seekp((64 << 20) - 1);
    big.put('x');
  }
  RunResult r = Lint();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.out.find("huge.jwt:1: error NL001 malformed-token: Cannot decode this file: the file is larger than 4 MiB"),
      std::string::npos)
      << r.out;
}

TEST_F(TempTree, UnreadableFolderIsExit2) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every folder";
  fs::create_directories(root_ / "locked");
  fs::permissions(root_ / "locked", fs::perms::none);
  RunResult r = Lint();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("cannot read folder"), std::string::npos) << r.out;
}

TEST_F(TempTree, DanglingSymlinkIsAWarning) {
  fs::create_symlink(root_ / "nowhere.jwt", root_ / "dangling.jwt");
  RunResult r = Lint();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("dangling symbolic link, skipped"), std::string::npos) << r.out;
}

TEST_F(TempTree, NonNatsFilesAreIgnored) {
  std::ofstream(root_ / "README.md") << "# notes\nnothing to see\n";
  std::ofstream(root_ / "data.bin", std::ios::binary) << std::string("\x00\x01\x02", 3);
  RunResult r = Lint();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("no findings in 1 file"), std::string::npos) << r.out;
}

TEST(DefaultLocation, HonoursNscEnvironment) {
  fs::path home = fs::temp_directory_path() / ("nsclint-home-" + std::to_string(::getpid()));
  fs::remove_all(home);
  fs::create_directories(home / "data" / "nats" / "nsc");
  fs::copy(SourceDir() + "/fixtures/clean/store", home / "data" / "nats" / "nsc" / "stores",
           fs::copy_options::recursive);
  fs::create_directories(home / "nokeys");  // an empty default keys dir is no "folder without NATS files"
  std::string env = "HOME=" + home.string() + " XDG_DATA_HOME=" + (home / "data").string() +
                    " XDG_CONFIG_HOME=" + (home / "config").string() + " NKEYS_PATH=" + (home / "nokeys").string();
  std::string cmd = "cd / && env " + env + " " + NSCLINT_BINARY + " --now=2026-06-01T00:00:00Z > " +
                    (home / "out").string() + " 2>&1";
  int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 0) << ReadFile((home / "out").string());
  EXPECT_NE(ReadFile((home / "out").string()).find("no findings in"), std::string::npos);
  // Nothing there: exit 2 naming what was looked for.
  std::string none = "cd / && env HOME=" + (home / "empty").string() +
                     " XDG_DATA_HOME= XDG_CONFIG_HOME= NKEYS_PATH= NSC_HOME= " + NSCLINT_BINARY + " > " +
                     (home / "out2").string() + " 2>&1";
  status = std::system(none.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(ReadFile((home / "out2").string()).find("no path given and no nsc store found (looked for nsc stores at"),
            std::string::npos)
      << ReadFile((home / "out2").string());
  fs::remove_all(home);
}

}  // namespace
}  // namespace nsclint::testing
