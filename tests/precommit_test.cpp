// The pre-commit hook keeps seeds out of git: the project's own
// .pre-commit-hooks.yaml, run by the real pre-commit in throwaway git
// repositories, blocks each kind of leak (NL604/NL605 naming the file and the
// seed's public key, never the seed), lets the same files through when git
// ignores them, and passes a commit of JWTs and ordinary files. Also git
// awareness on its own: tracked / untracked / ignored, NL602 in and out of a
// work tree, and exit 2 when git cannot read a repository.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "lint/base/nkeys.h"
#include "lint/base/util.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";

std::string Q(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Sh {
  int code = -1;
  std::string out;  // stdout and stderr
};

// Runs a shell command in `dir`, output captured (stdout and stderr together).
Sh Shell(const fs::path& dir, const std::string& command) {
  std::string cmd = "cd " + Q(dir.string()) + " && { " + command + " ; } 2>&1";
  Sh r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool HaveTool(const char* name) {
  return Shell("/", std::string("command -v ") + name + " >/dev/null").code == 0;
}

void CopyTree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy(from, to, fs::copy_options::recursive);
}

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// The fixture seeds (fixtures/README.md: derived from public labels).
std::string CredsPath() {
  return SourceDir() + "/fixtures/clean/keys/creds/prod/shop/web.creds";
}
std::string SeedOf(const std::string& creds_text) {
  size_t at = creds_text.find("\nSU");
  return at == std::string::npos ? "" : creds_text.substr(at + 1, 58);
}
std::string PublicOf(const std::string& seed) {
  auto s = nkeys::DecodeSeed(seed);
  return s ? s->PublicKeyText() : "";
}
// The first account seed file of the clean keys dir.
fs::path AccountNk() {
  for (const auto& e : fs::recursive_directory_iterator(SourceDir() + "/fixtures/clean/keys/keys")) {
    if (e.path().extension() == ".nk" && e.path().filename().string()[0] == 'A') return e.path();
  }
  return {};
}

/// A throwaway git repository in a temporary folder, with git's identity set
/// locally and (for hook tests) the project's `nsclint` hook installed through
/// a `repo: local` config pointing at the built binary.
class Repo {
 public:
  explicit Repo(const std::string& label) {
    root_ = fs::temp_directory_path() / ("nsclint-precommit-" + std::to_string(::getpid()) + "-" + label);
    fs::remove_all(root_);
    dir_ = root_ / "repo";
    fs::create_directories(dir_);
    Must(
        "git init -q . && git config user.name nsclint-test && git config user.email test@nsclint.invalid && "
        "git config commit.gpgsign false");
  }
  ~Repo() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Repo(const Repo&) = delete;
  Repo& operator=(const Repo&) = delete;

  const fs::path& dir() const { return dir_; }

  void Must(const std::string& command) {
    Sh r = Shell(dir_, command);
    ASSERT_EQ(r.code, 0) << command << "\n" << r.out;
  }

  /// The hook as the project ships it, with the binary's path for `nsclint` and
  /// the fixtures' clock; verbose, so a passing run shows its output too.
  void InstallHook() {
    std::string hooks = ReadFile(SourceDir() + "/.pre-commit-hooks.yaml");
    size_t b = hooks.find("- id: nsclint\n");
    ASSERT_NE(b, std::string::npos);
    size_t e = hooks.find("\n- id:", b + 1);
    std::string hook = hooks.substr(b, e == std::string::npos ? std::string::npos : e + 1 - b);
    size_t entry = hook.find("entry: nsclint ");
    ASSERT_NE(entry, std::string::npos) << hook;
    hook.replace(entry, std::string("entry: nsclint ").size(),
                 std::string("entry: ") + NSCLINT_BINARY + " " + kNow + " ");
    hook += "  verbose: true\n";
    std::string config = "repos:\n  - repo: local\n    hooks:\n";
    size_t start = 0;
    while (start < hook.size()) {
      size_t nl = hook.find('\n', start);
      std::string line = hook.substr(start, nl - start);
      if (!line.empty()) config += "      " + line + "\n";
      start = nl == std::string::npos ? hook.size() : nl + 1;
    }
    Write(dir_ / ".pre-commit-config.yaml", config);
    Must("git add .pre-commit-config.yaml && git commit -q -m 'pre-commit config' && " + Env() +
         " pre-commit install >/dev/null");
  }

  /// `git add -A` then `git commit`, through the installed hook.
  Sh Commit() { return Shell(dir_, "git add -A && " + Env() + " git commit -m change"); }

  int Commits() { return std::atoi(Shell(dir_, "git rev-list --count HEAD").out.c_str()); }

 private:
  std::string Env() const { return "PRE_COMMIT_HOME=" + Q((root_ / "pre-commit-home").string()); }
  fs::path root_, dir_;
};

bool CanRunHooks() {
  if (HaveTool("pre-commit") && HaveTool("git")) return true;
  // CI installs pre-commit (scripts/install-deps.sh --test): there the tests must run.
  return false;
}

#define REQUIRE_PRE_COMMIT()                                                               \
  do {                                                                                     \
    if (!CanRunHooks()) {                                                                  \
      if (std::getenv("CI") != nullptr) FAIL() << "pre-commit and git are required in CI"; \
      GTEST_SKIP() << "pre-commit or git not installed (scripts/install-deps.sh --test)";  \
    }                                                                                      \
  } while (0)

// One leak: the commit is refused, the output names the file, the rules and the
// seed's public key, never the seed, and nothing was committed.
void ExpectBlocked(Repo& repo, const Sh& r, const std::string& file, const std::string& pub, const std::string& seed,
                   bool nl604) {
  EXPECT_NE(r.code, 0) << r.out;
  EXPECT_EQ(repo.Commits(), 1) << "the leak was committed\n" << r.out;
  EXPECT_NE(r.out.find(file + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error NL605 secret-in-git"), std::string::npos) << r.out;
  if (nl604) {
    EXPECT_NE(r.out.find("error NL604 seed-in-store"), std::string::npos) << r.out;
  }
  EXPECT_NE(r.out.find(pub), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(seed), std::string::npos) << "the seed was printed";
  EXPECT_EQ(r.out.find(seed.substr(0, 20)), std::string::npos) << "part of the seed was printed";
}

TEST(PreCommit, StagedCredsFileIsBlocked) {
  REQUIRE_PRE_COMMIT();
  Repo repo("creds");
  repo.InstallHook();
  const std::string text = ReadFile(CredsPath());
  const std::string seed = SeedOf(text);
  ASSERT_FALSE(seed.empty());
  Write(repo.dir() / "deploy/web.creds", text);
  Sh r = repo.Commit();
  ExpectBlocked(repo, r, "deploy/web.creds", PublicOf(seed), seed, /*nl604=*/false);
}

TEST(PreCommit, StagedSeedFileIsBlocked) {
  REQUIRE_PRE_COMMIT();
  Repo repo("nk");
  repo.InstallHook();
  const std::string seed = Trim(ReadFile(AccountNk().string()));
  ASSERT_EQ(seed.size(), 58u);
  Write(repo.dir() / "deploy/app.nk", seed);
  Sh r = repo.Commit();
  ExpectBlocked(repo, r, "deploy/app.nk", PublicOf(seed), seed, /*nl604=*/false);
}

TEST(PreCommit, EnvFileWithSeedIsBlocked) {
  REQUIRE_PRE_COMMIT();
  Repo repo("env");
  repo.InstallHook();
  const std::string seed = SeedOf(ReadFile(CredsPath()));
  Write(repo.dir() / ".env", "NATS_URL=nats://127.0.0.1:4222\nNATS_USER_SEED=" + seed + "\n");
  Sh r = repo.Commit();
  ExpectBlocked(repo, r, ".env", PublicOf(seed), seed, /*nl604=*/true);
  EXPECT_NE(r.out.find(".env:2: error NL604"), std::string::npos) << r.out;
}

TEST(PreCommit, ConfigWithSeedIsBlocked) {
  REQUIRE_PRE_COMMIT();
  Repo repo("yaml");
  repo.InstallHook();
  const std::string seed = SeedOf(ReadFile(CredsPath()));
  Write(repo.dir() / "config/app.yaml", "nats:\n  url: nats://127.0.0.1:4222\n  seed: " + seed + "\n");
  Sh r = repo.Commit();
  ExpectBlocked(repo, r, "config/app.yaml", PublicOf(seed), seed, /*nl604=*/true);
}

TEST(PreCommit, CommittedKeysDirIsBlocked) {
  REQUIRE_PRE_COMMIT();
  Repo repo("keysdir");
  repo.InstallHook();
  CopyTree(SourceDir() + "/fixtures/clean/keys", repo.dir() / "nsc/keys");
  const fs::path nk = AccountNk();
  const std::string seed = Trim(ReadFile(nk.string()));
  Sh r = repo.Commit();
  const std::string rel = fs::relative(nk, SourceDir() + "/fixtures/clean/keys").generic_string();
  ExpectBlocked(repo, r, "nsc/keys/" + rel, PublicOf(seed), seed, /*nl604=*/false);
  // Every seed of the keys dir is reported, none printed.
  for (const auto& s : FindSeeds(SourceDir() + "/fixtures/clean/keys")) {
    EXPECT_EQ(r.out.find(s), std::string::npos);
    EXPECT_NE(r.out.find(PublicOf(s)), std::string::npos) << PublicOf(s);
  }
}

TEST(PreCommit, IgnoredSecretsDoNotBlock) {
  REQUIRE_PRE_COMMIT();
  Repo repo("ignored");
  repo.InstallHook();
  const std::string text = ReadFile(CredsPath());
  const std::string seed = SeedOf(text);
  Write(repo.dir() / ".gitignore", "*.creds\n*.nk\n.env\nconfig/app.yaml\nnsc/keys/\n");
  Write(repo.dir() / "deploy/web.creds", text);
  Write(repo.dir() / "deploy/app.nk", Trim(ReadFile(AccountNk().string())));
  Write(repo.dir() / ".env", "NATS_USER_SEED=" + seed + "\n");
  Write(repo.dir() / "config/app.yaml", "seed: " + seed + "\n");
  CopyTree(SourceDir() + "/fixtures/clean/keys", repo.dir() / "nsc/keys");
  Sh r = repo.Commit();
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(repo.Commits(), 2);
  EXPECT_EQ(r.out.find("NL60"), std::string::npos) << r.out;
  EXPECT_EQ(Shell(repo.dir(), "git ls-files").out, ".gitignore\n.pre-commit-config.yaml\n");
  // Linted directly, the ignored creds file is no NL605 (git will not commit it) and,
  // inside a work tree, no NL602 either (git keeps no modes).
  Sh direct = Shell(repo.dir(), std::string(NSCLINT_BINARY) + " " + kNow + " deploy/web.creds deploy/app.nk");
  EXPECT_EQ(direct.code, 0) << direct.out;
  EXPECT_EQ(direct.out.find("NL60"), std::string::npos) << direct.out;
}

TEST(PreCommit, JwtsReadmeAndEnvWithoutSeedsPass) {
  REQUIRE_PRE_COMMIT();
  Repo repo("clean");
  repo.InstallHook();
  CopyTree(SourceDir() + "/fixtures/clean/store", repo.dir() / "nsc/store");
  Write(repo.dir() / "README.md", "# Deploy\n\nThe NATS store is in nsc/store; creds come from the vault.\n");
  Write(repo.dir() / ".env", "NATS_URL=nats://127.0.0.1:4222\nNATS_CREDS=/run/secrets/app.creds\n");
  Sh r = repo.Commit();
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(repo.Commits(), 2);
  EXPECT_EQ(r.out.find(" NL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no findings"), std::string::npos) << r.out;
}

// Git awareness through the binary, without pre-commit.
TEST(GitAwareness, TrackedUntrackedIgnoredAndOutside) {
  if (!HaveTool("git")) GTEST_SKIP() << "git not installed";
  Repo repo("states");
  const std::string text = ReadFile(CredsPath());
  const std::string pub = PublicOf(SeedOf(text));
  for (const char* f : {"tracked.creds", "untracked.creds", "ignored.creds"}) Write(repo.dir() / f, text);
  for (const char* f : {"tracked.creds", "untracked.creds", "ignored.creds"})
    fs::permissions(repo.dir() / f,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  Write(repo.dir() / ".gitignore", "ignored.creds\n");
  repo.Must("git add tracked.creds .gitignore");
  const std::string bin = std::string(NSCLINT_BINARY) + " " + kNow + " ";
  Sh r = Shell(repo.dir(), bin + "tracked.creds untracked.creds ignored.creds");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("tracked.creds:10: error NL605 secret-in-git: a user seed (public key " + pub),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("which git tracks"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("remediation: Untrack it: git rm --cached -- tracked.creds"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("untracked.creds:10: error NL605"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("which git does not ignore"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ignored.creds:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("NL602"), std::string::npos) << "modes mean nothing in a work tree\n" << r.out;
  // No format prints the seed (tests/leak_test.cpp covers the rest of the outputs).
  const std::string seed = SeedOf(text);
  for (const char* format : {"json", "sarif"}) {
    Sh f = Shell(repo.dir(), bin + "-f " + format + " tracked.creds untracked.creds");
    EXPECT_NE(f.out.find("NL605"), std::string::npos) << f.out;
    EXPECT_EQ(f.out.find(seed), std::string::npos) << format;
  }
  // A tracked symbolic link to a secret outside the repository: the seed is not in git.
  fs::path target = fs::temp_directory_path() / ("nsclint-target-" + std::to_string(::getpid()) + ".creds");
  fs::copy_file(repo.dir() / "untracked.creds", target, fs::copy_options::overwrite_existing);
  fs::create_symlink(target, repo.dir() / "link.creds");
  repo.Must("git add link.creds");
  Sh link = Shell(repo.dir(), bin + "link.creds");
  EXPECT_EQ(link.out.find("NL605"), std::string::npos) << link.out;
  fs::remove(target);
  // --no-git: every file is outside a work tree; said on stderr and in the report.
  Sh off = Shell(repo.dir(), bin + "--no-git tracked.creds 2>/dev/null");
  EXPECT_EQ(off.out.find("error NL605"), std::string::npos) << off.out;
  EXPECT_NE(off.out.find("warning NL602"), std::string::npos) << off.out;
  EXPECT_NE(off.out.find("--no-git"), std::string::npos) << off.out;
  Sh note = Shell(repo.dir(), bin + "--no-git -f sarif tracked.creds 2>&1 >/dev/null");
  EXPECT_NE(note.out.find("--no-git"), std::string::npos) << note.out;
  // Outside any work tree the mode counts again.
  fs::path outside = fs::temp_directory_path() / ("nsclint-outside-" + std::to_string(::getpid()) + ".creds");
  fs::copy_file(repo.dir() / "untracked.creds", outside, fs::copy_options::overwrite_existing);
  fs::permissions(outside, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  Sh o = Shell("/", bin + Q(outside.string()));
  EXPECT_NE(o.out.find("warning NL602"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find("NL605"), std::string::npos) << o.out;
  fs::remove(outside);
}

TEST(GitAwareness, UnreadableRepositoryIsExit2UnlessNoGit) {
  if (!HaveTool("git")) GTEST_SKIP() << "git not installed";
  Repo repo("corrupt");
  const std::string text = ReadFile(CredsPath());
  Write(repo.dir() / "web.creds", text);
  repo.Must("git add web.creds");
  Write(repo.dir() / ".git/index", "this is no index\n");
  const std::string bin = std::string(NSCLINT_BINARY) + " " + kNow + " ";
  Sh r = Shell(repo.dir(), bin + "web.creds");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("git cannot tell which files it would commit in " + fs::canonical(repo.dir()).string()),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("index"), std::string::npos) << "git's reason\n" << r.out;
  EXPECT_NE(r.out.find("--no-git"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(SeedOf(text)), std::string::npos);
  Sh off = Shell(repo.dir(), bin + "--no-git web.creds");
  EXPECT_NE(off.code, 2) << off.out;
  // No git on PATH: below a .git that is exit 2 too; a file outside any work tree needs no git.
  Sh nogit = Shell(repo.dir(), "PATH=/nonexistent " + bin + "web.creds");
  EXPECT_EQ(nogit.code, 2) << nogit.out;
  EXPECT_NE(nogit.out.find("git is not installed"), std::string::npos) << nogit.out;
}

TEST(GitAwareness, DubiousOwnershipIsExit2) {
  if (!HaveTool("git")) GTEST_SKIP() << "git not installed";
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give the repository to another user";
  Repo repo("dubious");
  Write(repo.dir() / "web.creds", ReadFile(CredsPath()));
  repo.Must("git add web.creds && chown -R 65534:65534 .");
  Sh r = Shell(repo.dir(), std::string(NSCLINT_BINARY) + " " + kNow + " web.creds");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("dubious ownership"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("git config --global --add safe.directory " + fs::canonical(repo.dir()).string()),
            std::string::npos)
      << r.out;
}

// Reading ordinary files: no NL001, empty folders are errors, armored JWTs after prose decode.
TEST(TextFiles, OrdinaryFilesAndEmptyFolders) {
  fs::path dir = fs::temp_directory_path() / ("nsclint-text-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Write(dir / "docs/README.md", "# Notes\n\nNothing to see.\n");
  Write(dir / "docs/.env", "NATS_URL=nats://127.0.0.1:4222\n");
  Write(dir / "docs/.nsc", "{\"managed\":false,\"name\":\"OP\",\"kind\":\"operator\",\"version\":\"1\"}");
  const std::string bin = std::string(NSCLINT_BINARY) + " " + kNow + " ";
  Sh named = Shell(dir, bin + "docs/README.md docs/.env docs/.nsc");
  EXPECT_EQ(named.code, 0) << named.out;
  EXPECT_EQ(named.out.find("NL001"), std::string::npos) << named.out;
  Sh folder = Shell(dir, bin + "docs");
  EXPECT_EQ(folder.code, 2) << folder.out;
  EXPECT_NE(folder.out.find("no NATS files under docs"), std::string::npos) << folder.out;
  EXPECT_EQ(Shell(dir, bin + "--allow-empty docs").code, 0);
  // An armored user JWT after a line of prose is decoded, not NL001.
  const std::string creds = ReadFile(CredsPath());
  Write(dir / "mail.txt",
        "Here are your credentials:\n\n" + creds.substr(0, creds.find("************************* IMPORTANT")));
  Sh mail = Shell(dir, bin + "mail.txt");
  EXPECT_EQ(mail.code, 0) << mail.out;
  EXPECT_EQ(mail.out.find("NL001"), std::string::npos) << mail.out;
  EXPECT_NE(mail.out.find("in 1 file"), std::string::npos) << mail.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nsclint::testing
