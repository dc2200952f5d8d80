// Hostile input at the scale an attacker picks: huge files, huge tokens,
// deep JSON, hundreds of thousands of files, files that vanish. Each case
// must end in findings or notes, never a crash, a hang or unbounded memory.
// (FIFOs and non-UTF-8 names are in discover_test.cpp.)
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lint/base/base64.h"
#include "lint/decode/decode.h"
#include "lint/decode/token.h"
#include "lint/discover/discover.h"
#include "lint/engine/engine.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

constexpr char kNow[] = "--now=2026-06-01T00:00:00Z";
// {"typ":"JWT","alg":"ed25519-nkey"}
constexpr char kHeader[] = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ";

struct Measured {
  int exit_code = -1;
  long max_rss_kb = -1;  // peak resident set of the nsclint process itself
  std::string out;
};

// Runs the binary without a shell, stdout to `out_file`, stderr dropped.
// Peak memory comes from GNU time (/usr/bin/time -f %M) when installed: it
// forks nsclint from its own small image. Without it, wait4's figure also
// counts this test process as it was at fork() (Linux keeps the high-water
// mark across exec), so it is an upper bound.
Measured RunMeasured(const std::vector<std::string>& args, const fs::path& out_file) {
  const fs::path rss_file = out_file.string() + ".rss";
  const bool gnu_time = ::access("/usr/bin/time", X_OK) == 0;
  std::vector<std::string> argv_text;
  if (gnu_time) argv_text = {"/usr/bin/time", "-f", "%M", "-o", rss_file.string()};
  argv_text.push_back(NSCLINT_BINARY);
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  Measured m;
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null = ::open("/dev/null", O_RDWR);
    if (out < 0 || null < 0 || ::chdir(NSCLINT_SOURCE_DIR) != 0) ::_exit(126);
    ::dup2(null, 0);
    ::dup2(out, 1);
    ::dup2(null, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (pid < 0) return m;
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) != pid) return m;
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.max_rss_kb = usage.ru_maxrss;
  if (gnu_time) {
    // The last line (GNU time writes "Command exited with non-zero status" first).
    std::string text = ReadFile(rss_file.string());
    while (!text.empty() && text.back() == '\n') text.pop_back();
    m.max_rss_kb = std::stol(text.substr(text.find_last_of('\n') + 1));
  }
  m.out = ReadFile(out_file.string());
  return m;
}

// A signed-looking token around `payload_json` (the signature does not verify).
std::string TokenWithPayload(const std::string& payload_json) {
  return std::string(kHeader) + "." + Base64UrlEncode(payload_json) + "." + Base64UrlEncode(std::string(64, '\x01'));
}

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("nsclint-hostile-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "in");
    token_ = ReadFile(SourceDir() + "/fixtures/clean/store/prod/prod.jwt");
    std::ofstream(root_ / "in" / "good.jwt") << token_;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
    fs::remove_all("/dev/shm/nsclint-many-" + std::to_string(::getpid()), ec);
  }
  fs::path root_;
  std::string token_;
};

// A 1 GiB sparse file named .jwt costs no disk; nsclint reads at most 4 MiB
// of it (bounded memory proves it did not read the rest) and says why.
TEST_F(Hostile, GigabyteSparseJwtIsRefusedUnread) {
  fs::path big = root_ / "in" / "huge.jwt";
  {
    std::ofstream f(big, std::ios::binary);
    f.seekp((int64_t{1} << 30) - 1);
    f.put('x');
  }
  ASSERT_EQ(fs::file_size(big), uintmax_t{1} << 30);
  Measured m = RunMeasured({kNow, "--disable=NL405", (root_ / "in").string()}, root_ / "out");
  EXPECT_EQ(m.exit_code, 1) << m.out;
  EXPECT_NE(m.out.find("huge.jwt:1: error NL001 malformed-token: Cannot decode this file: the file "
                       "is larger than 4 MiB; not read"),
            std::string::npos)
      << m.out;
  EXPECT_NE(m.out.find("in 2 files"), std::string::npos) << m.out;
  EXPECT_GT(m.max_rss_kb, 0);
  EXPECT_LT(m.max_rss_kb, 256 * 1024) << "peak RSS (KiB) suggests the whole file was read";
}

// One 100 MB segment: as a file (refused by the 4 MiB read cap, memory stays
// far below the token's size) and as a string handed to the decoder (refused
// by the 1 MiB token cap before any base64 decoding).
TEST_F(Hostile, HundredMegabyteSegmentIsRefusedWithBoundedMemory) {
  constexpr size_t kSegment = 100'000'000;
  fs::path file = root_ / "in" / "segment.jwt";
  {
    // Written in pieces: this process stays small while nsclint is measured.
    std::ofstream f(file, std::ios::binary);
    f << kHeader << '.';
    const std::string chunk(1 << 20, 'A');
    for (size_t n = 0; n < kSegment; n += chunk.size()) f << chunk;
    f << ".AAAA";
  }
  Measured m = RunMeasured({kNow, file.string()}, root_ / "out");
  EXPECT_EQ(m.exit_code, 1) << m.out;
  EXPECT_NE(m.out.find("segment.jwt:1: error NL001"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("larger than 4 MiB"), std::string::npos) << m.out;
  EXPECT_GT(m.max_rss_kb, 0);
  EXPECT_LT(m.max_rss_kb, 96 * 1024) << "peak RSS (KiB) is near the segment's size";
  std::printf("[   INFO   ] nsclint on a 100 MB token: peak RSS %ld KiB\n", m.max_rss_kb);

  std::string token = std::string(kHeader) + "." + std::string(kSegment, 'A') + ".AAAA";
  std::string error;
  EXPECT_FALSE(DecodeJwt(token, &error));
  EXPECT_EQ(error, "token is larger than 2 MiB (" + std::to_string(token.size()) +
                       " bytes); no nats-server from 2.11.15/2.12.6/2.14.0 decodes a JWT over 1 MiB");

  // Just under the file cap, over the token cap: a 3 MiB token is NL001 too.
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      << std::string(kHeader) + "." + std::string(3 << 20, 'A') + ".AAAA";
  RunResult r = RunNsclint({kNow, file.string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("token is larger than 2 MiB"), std::string::npos) << r.out;
}

// Deep JSON: 200,000 levels (past Go's 10,000 limit) is refused by the
// iterative parser; 9,990 levels inside `nats` is accepted and walked by the
// claims reader on a worker thread without exhausting its stack.
TEST_F(Hostile, DeeplyNestedPayloadDoesNotOverflowTheStack) {
  auto payload = [](int depth) {
    return "{\"sub\":\"UD3B5KAG5Y5YDDJPWTETZFPYDPDPN42FA2574LLPVRUN5PQRG3F4DDMX\","
           "\"iss\":\"ADZMDOETYOXKJSOBQMKYCKLPDJQUO77DGMUQFJVWH2CIPBBBTNBD6MJL\","
           "\"nats\":{\"type\":\"user\",\"version\":2,\"deep\":" +
           std::string(depth, '[') + std::string(depth, ']') + "}}";
  };
  std::ofstream(root_ / "in" / "deep.jwt") << TokenWithPayload(payload(200'000));
  std::ofstream(root_ / "in" / "deepish.jwt") << TokenWithPayload(payload(9'990));
  RunResult r = RunNsclint({kNow, "-j", "2", "--disable=NL405", (root_ / "in").string()});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("deep.jwt:1: error NL001 malformed-token: Cannot decode this file: payload "
                       "JSON nests deeper than 10000 levels."),
            std::string::npos)
      << r.out;
  // Decoded and linted like any other user.
  EXPECT_NE(r.out.find("deepish.jwt:1: error NL002 bad-signature"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in 3 files"), std::string::npos) << r.out;
}

// 200,000 empty files (2 million is the discovery cap; 200,000 keeps the test
// to seconds): all read, none reported, the one token still linted.
TEST_F(Hostile, FolderOfManyEmptyFiles) {
  constexpr int kFiles = 200'000;
  // On tmpfs when there is one: creating 200,000 files on a disk file
  // system costs more than linting them.
  fs::path base = ::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm") : root_;
  fs::path dir = base / ("nsclint-many-" + std::to_string(::getpid())) / "many";
  fs::remove_all(dir.parent_path());
  fs::create_directories(dir);
  fs::copy_file(root_ / "in" / "good.jwt", dir.parent_path() / "good.jwt");
  std::string path = dir.string() + "/f";
  for (int i = 0; i < kFiles; ++i) {
    int fd = ::open((path + std::to_string(i)).c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    ASSERT_GE(fd, 0) << "file " << i;
    ::close(fd);
  }
  RunResult r = RunNsclint({kNow, "--disable=NL405", dir.parent_path().string()});
  fs::remove_all(dir.parent_path());
  EXPECT_EQ(r.exit_code, 0) << r.out.substr(0, 2000) << r.err.substr(0, 2000);
  EXPECT_NE(r.out.find("no findings in 1 file"), std::string::npos) << r.out.substr(0, 2000);
}

// A file deleted between discovery and reading (what a concurrent `nsc`
// or a cleanup job does) is skipped; the rest of the scan goes on.
TEST_F(Hostile, FileVanishingMidScanIsSkipped) {
  std::ofstream(root_ / "in" / "gone.jwt") << token_;
  std::ofstream(root_ / "in" / "also-gone.creds") << "whatever";
  Discovery d = Discover({(root_ / "in").string()});
  ASSERT_EQ(d.candidates.size(), 3u);
  fs::remove(root_ / "in" / "gone.jwt");
  fs::remove(root_ / "in" / "also-gone.creds");
  size_t scanned = 0;
  Model model = BuildModel(d.candidates, d.stores, 2, &scanned);
  EXPECT_EQ(scanned, 1u);
  EXPECT_EQ(model.operators.size(), 1u);
  EXPECT_TRUE(model.problems.empty());

  // Named on the command line, the vanished file is an NL001, not a crash.
  Discovery named = Discover({(root_ / "in" / "good.jwt").string()});
  ASSERT_EQ(named.candidates.size(), 1u);
  fs::remove(root_ / "in" / "good.jwt");
  Model lone = BuildModel(named.candidates, named.stores, 1, &scanned);
  ASSERT_EQ(lone.problems.size(), 1u);
  EXPECT_EQ(lone.problems[0].artifact, 0);
}

}  // namespace
}  // namespace nsclint::testing
