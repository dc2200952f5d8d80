// The verification cache (lint/decode/verify_cache.h): what it trusts, what it
// ignores, and that nothing nsclint reports ever depends on it.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "lint/base/util.h"
#include "lint/decode/verify_cache.h"
#include "lint/engine/engine.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

TokenDigest D(char c) {
  return DigestToken(std::string(40, c));
}

class CacheDir : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("nsclint-cache-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    dir_ = (root_ / "nsclint").string();
    file_ = dir_ + "/verified-v1";
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(root_, fs::perms::owner_all, ec);
    fs::remove_all(root_, ec);
  }
  VerifyCache Load(std::string* note) { return VerifyCache::Load(dir_, note); }
  void SaveAll(const std::vector<TokenDigest>& digests) {
    std::string note;
    ASSERT_TRUE(Load(&note).Save(digests, &note)) << note;
  }
  static mode_t Mode(const std::string& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }
  static ino_t Inode(const std::string& p) {
    struct stat st {};
    EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
    return st.st_ino;
  }

  fs::path root_;
  std::string dir_, file_;
};

TEST_F(CacheDir, RoundTripInPrivateFolder) {
  std::string note;
  VerifyCache empty = Load(&note);
  EXPECT_EQ(note, "");  // no cache yet is not worth a word
  EXPECT_EQ(empty.size(), 0u);
  ASSERT_TRUE(empty.Save({D('a'), D('b'), D('a')}, &note)) << note;
  EXPECT_EQ(Mode(dir_), 0700u);
  EXPECT_EQ(Mode(file_), 0600u);
  VerifyCache loaded = Load(&note);
  EXPECT_EQ(note, "");
  EXPECT_EQ(loaded.size(), 2u);
  EXPECT_TRUE(loaded.Contains(D('a')));
  EXPECT_TRUE(loaded.Contains(D('b')));
  EXPECT_FALSE(loaded.Contains(D('c')));
  // Later runs add to what is there.
  ASSERT_TRUE(loaded.Save({D('c')}, &note)) << note;
  VerifyCache more = Load(&note);
  EXPECT_EQ(more.size(), 3u);
  EXPECT_TRUE(more.Contains(D('a')) && more.Contains(D('c')));
}

TEST_F(CacheDir, NothingNewMeansNoWrite) {
  SaveAll({D('a'), D('b')});
  ino_t before = Inode(file_);
  std::string note;
  ASSERT_TRUE(Load(&note).Save({D('b')}, &note));
  EXPECT_EQ(Inode(file_), before);  // a warm run leaves the file alone
  ASSERT_TRUE(Load(&note).Save({D('z')}, &note));
  EXPECT_NE(Inode(file_), before);  // written anew (temporary file + rename)
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().filename(), "verified-v1");
}

TEST_F(CacheDir, CorruptCacheIsIgnoredAndRebuilt) {
  SaveAll({D('a'), D('b'), D('c')});
  std::string bytes = ReadFile(file_);
  for (size_t at : {size_t{3}, size_t{25}, size_t{40}, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    std::ofstream(file_, std::ios::binary | std::ios::trunc) << bad;
    std::string note;
    VerifyCache c = Load(&note);
    EXPECT_EQ(c.size(), 0u) << "byte " << at;
    EXPECT_NE(note.find(file_), std::string::npos) << note;
    EXPECT_NE(note.find("corrupt"), std::string::npos) << note;
    EXPECT_NE(note.find("rebuilt"), std::string::npos) << note;
  }
  for (const std::string& junk :
       {std::string(), std::string("garbage"), bytes.substr(0, bytes.size() - 5), bytes + std::string(32, '\0')}) {
    std::ofstream(file_, std::ios::binary | std::ios::trunc) << junk;
    std::string note;
    EXPECT_EQ(Load(&note).size(), 0u);
    EXPECT_NE(note.find("corrupt"), std::string::npos) << note;
  }
  // The next run writes a good cache over the bad one.
  std::string note;
  ASSERT_TRUE(Load(&note).Save({D('d')}, &note)) << note;
  VerifyCache rebuilt = Load(&note);
  EXPECT_EQ(note, "");
  EXPECT_TRUE(rebuilt.Contains(D('d')));
  EXPECT_FALSE(rebuilt.Contains(D('a')));
}

TEST_F(CacheDir, UnsortedEntriesAreCorrupt) {
  // A well-formed file (right size, valid checksum) whose entries are out of
  // order is not one nsclint wrote: treat it as corrupt.
  SaveAll({D('a'), D('b')});
  std::string bytes = ReadFile(file_);
  const size_t header = bytes.size() - 3 * 32;
  std::string swapped = bytes.substr(0, header) + bytes.substr(header + 32, 32) + bytes.substr(header, 32);
  std::string body = swapped;
  TokenDigest sum{};
  crypto_generichash(sum.data(), sum.size(), reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr,
                     0);
  swapped.append(reinterpret_cast<const char*>(sum.data()), sum.size());
  std::ofstream(file_, std::ios::binary | std::ios::trunc) << swapped;
  std::string note;
  EXPECT_EQ(Load(&note).size(), 0u);
  EXPECT_NE(note.find("not sorted"), std::string::npos) << note;
}

TEST_F(CacheDir, FileWritableByOthersIsNotTrusted) {
  SaveAll({D('a')});
  ASSERT_EQ(::chmod(file_.c_str(), 0666), 0);
  std::string note;
  VerifyCache c = Load(&note);
  EXPECT_FALSE(c.Contains(D('a')));
  EXPECT_NE(note.find("writable by group or others"), std::string::npos) << note;
  // The folder is still ours: the next write replaces the file with a private one.
  ASSERT_TRUE(c.Save({D('b')}, &note)) << note;
  EXPECT_EQ(Mode(file_), 0600u);
  EXPECT_TRUE(Load(&note).Contains(D('b')));
}

TEST_F(CacheDir, FolderWritableByOthersIsNeitherReadNorWritten) {
  SaveAll({D('a')});
  ASSERT_EQ(::chmod(dir_.c_str(), 0777), 0);
  std::string note;
  VerifyCache c = Load(&note);
  EXPECT_FALSE(c.Contains(D('a')));
  EXPECT_NE(note.find("writable by group or others"), std::string::npos) << note;
  EXPECT_NE(note.find("--no-cache"), std::string::npos) << note;
  ino_t before = Inode(file_);
  ASSERT_TRUE(c.Save({D('b')}, &note));
  EXPECT_EQ(Inode(file_), before);
}

TEST_F(CacheDir, SymbolicLinksAreNotFollowed) {
  SaveAll({D('a')});
  fs::rename(file_, root_ / "elsewhere");
  fs::create_symlink(root_ / "elsewhere", file_);
  std::string note;
  VerifyCache c = Load(&note);
  EXPECT_FALSE(c.Contains(D('a')));
  EXPECT_NE(note.find("ignored"), std::string::npos) << note;
  ASSERT_TRUE(c.Save({D('b')}, &note)) << note;
  EXPECT_FALSE(fs::is_symlink(file_));  // the link was replaced, its target left alone
  EXPECT_TRUE(fs::is_regular_file(root_ / "elsewhere"));

  // A cache folder that is a link is not used at all.
  fs::remove_all(dir_);
  fs::create_directories(root_ / "real");
  fs::create_directory_symlink(root_ / "real", dir_);
  VerifyCache linked = Load(&note);
  EXPECT_NE(note.find("symbolic link"), std::string::npos) << note;
  ASSERT_TRUE(linked.Save({D('c')}, &note));
  EXPECT_FALSE(fs::exists(root_ / "real" / "verified-v1"));
}

TEST_F(CacheDir, ForeignOwnerIsNotTrusted) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the file to another user";
  SaveAll({D('a')});
  ASSERT_EQ(::chown(file_.c_str(), 65534, 65534), 0);
  std::string note;
  EXPECT_FALSE(Load(&note).Contains(D('a')));
  EXPECT_NE(note.find("belongs to another user"), std::string::npos) << note;
  ASSERT_EQ(::chown(dir_.c_str(), 65534, 65534), 0);
  EXPECT_FALSE(Load(&note).Contains(D('a')));
  EXPECT_NE(note.find("belongs to another user"), std::string::npos) << note;
}

TEST(CacheDefaultDir, FollowsXdg) {
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  std::string saved = old_xdg != nullptr ? old_xdg : "";
  ::setenv("XDG_CACHE_HOME", "/some/where", 1);
  EXPECT_EQ(VerifyCache::DefaultDir(), "/some/where/nsclint");
  ::setenv("XDG_CACHE_HOME", "relative/path", 1);  // invalid per the spec: ignored
  EXPECT_EQ(VerifyCache::DefaultDir(), std::string(std::getenv("HOME")) + "/.cache/nsclint");
  if (old_xdg != nullptr) {
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
}

std::string Summarize(const std::vector<Finding>& findings) {
  std::ostringstream out;
  for (const auto& f : findings) {
    out << f.rule_id << ' ' << static_cast<int>(f.level) << ' ' << f.file << ':' << f.line << ' ' << f.entity.key << ' '
        << f.qualifier << ' ' << f.message << '\n';
  }
  return out.str();
}

// Every fixture case, linted without a cache, with an empty one and with the
// one that run left behind, gives the same findings; tokens whose signature
// does not verify never enter the cache.
TEST_F(CacheDir, FindingsNeverDependOnTheCache) {
  size_t cases = 0, hits = 0, refused = 0;
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/fixtures/cases")) {
    auto spec = nlohmann::json::parse(ReadFile((entry.path() / "case.json").string()));
    EngineOptions opts;
    opts.now = ParseTime(spec.at("now").get<std::string>()).value();
    opts.jobs = 2;
    for (const auto& in : spec.at("inputs")) opts.paths.push_back((entry.path() / in.get<std::string>()).string());
    if (spec.contains("options")) {
      for (const auto& [k, v] : spec["options"].items()) opts.options[k] = v.get<std::string>();
    }
    const std::string name = entry.path().filename().string();
    EngineResult plain = RunEngine(opts);

    fs::remove_all(dir_);
    std::string note;
    VerifyCache cold = Load(&note);
    opts.cache = &cold;
    EngineResult first = RunEngine(opts);
    EXPECT_EQ(first.cache_hits, 0u) << name;
    ASSERT_TRUE(cold.Save(first.verified, &note)) << note;
    VerifyCache warm = Load(&note);
    opts.cache = &warm;
    EngineResult second = RunEngine(opts);

    EXPECT_EQ(Summarize(first.findings), Summarize(plain.findings)) << name;
    EXPECT_EQ(Summarize(second.findings), Summarize(plain.findings)) << name;
    EXPECT_EQ(second.cache_hits, second.verified.size()) << name;
    hits += second.cache_hits;
    ++cases;
    // A token whose signature did not verify is verified (and refused) again
    // on every run: it never enters the cache.
    auto never_cached = [&](const auto& tokens) {
      for (const TokenBase& t : tokens) {
        if (t.signature != SignatureStatus::kValid) {
          ++refused;
          EXPECT_FALSE(warm.Contains(t.digest)) << name;
        }
      }
    };
    never_cached(second.model.operators);
    never_cached(second.model.accounts);
    never_cached(second.model.users);
    never_cached(second.model.activations);
  }
  EXPECT_GT(cases, 100u);
  EXPECT_GT(hits, 500u);
  EXPECT_GT(refused, 5u);
}

TEST_F(CacheDir, CliNoCacheWritesNothingAndOutputIsIdentical) {
  const char* old_xdg = std::getenv("XDG_CACHE_HOME");
  std::string saved = old_xdg != nullptr ? old_xdg : "";
  ::setenv("XDG_CACHE_HOME", root_.c_str(), 1);
  const std::string store = SourceDir() + "/fixtures/demo";
  const std::vector<std::string> base = {"--now=2026-06-01T00:00:00Z", "-f", "sarif", store};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = extra;
    args.insert(args.end(), base.begin(), base.end());
    return RunNsclint(args);
  };
  RunResult none = with({"--no-cache"});
  EXPECT_FALSE(fs::exists(dir_)) << "--no-cache must not create the cache";
  RunResult cold = with({});
  ASSERT_TRUE(fs::is_regular_file(file_));
  RunResult warm = with({});
  EXPECT_EQ(none.out, cold.out);
  EXPECT_EQ(none.out, warm.out);
  EXPECT_EQ(none.exit_code, warm.exit_code);
  EXPECT_EQ(warm.err, "");

  // A corrupt cache: one note on stderr naming the file, the same report.
  std::ofstream(file_, std::ios::binary | std::ios::trunc) << "not a cache";
  RunResult corrupt = with({});
  EXPECT_EQ(corrupt.out, none.out);
  EXPECT_NE(corrupt.err.find("nsclint: note: verification cache " + file_), std::string::npos) << corrupt.err;
  RunResult healed = with({});
  EXPECT_EQ(healed.err, "");
  EXPECT_EQ(healed.out, none.out);

  if (old_xdg != nullptr) {
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
}

}  // namespace
}  // namespace nsclint::testing
