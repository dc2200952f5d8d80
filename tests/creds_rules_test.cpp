// NL6xx on real files: modes (which git does not keep) are set on a temporary
// copy; seeds are planted in copies of the clean store. Each test asserts the
// rule ID, the entity key and the level.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "lint/base/util.h"
#include "lint/decode/decode.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";

struct Hit {
  std::string rule, level, key, file;
};

std::vector<Hit> Lint(const std::vector<std::string>& args, int* exit_code = nullptr) {
  std::vector<std::string> all = {kNow, "-f", "json"};
  all.insert(all.end(), args.begin(), args.end());
  RunResult r = RunNsclint(all);
  if (exit_code != nullptr) *exit_code = r.exit_code;
  std::vector<Hit> out;
  auto doc = nlohmann::json::parse(r.out);
  for (const auto& f : doc.at("findings")) {
    out.push_back({f.at("rule"), f.at("level"), f.at("entity").at("key"), f.at("file")});
  }
  return out;
}

std::vector<Hit> Only(const std::vector<Hit>& hits, const std::string& rule) {
  std::vector<Hit> out;
  for (const auto& h : hits) {
    if (h.rule == rule) out.push_back(h);
  }
  return out;
}

std::string Key(const std::string& label) {
  static const auto keys = nlohmann::json::parse(ReadFile(SourceDir() + "/fixtures/keys.json"));
  return keys.at(label);
}

void Chmod(const fs::path& p, mode_t mode) {
  ASSERT_EQ(::chmod(p.c_str(), mode), 0) << p;
}

TEST(SecretFilePermissions, ModeDecides) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "nl602");
  copy.SecretsOwnerOnly();
  const fs::path creds = copy.dir() / "keys/creds/prod/shop/web.creds";
  const std::string sys_key = Key("clean/account/prod/SYS");
  const fs::path nk = copy.dir() / "keys/keys" / sys_key.substr(0, 1) / sys_key.substr(1, 2) / (sys_key + ".nk");
  ASSERT_TRUE(fs::exists(nk));

  // 0600 everywhere: silent, and the clean store has no finding at all.
  int code = -1;
  EXPECT_TRUE(Lint({copy.dir().string()}, &code).empty());
  EXPECT_EQ(code, 0);

  Chmod(creds, 0644);
  Chmod(nk, 0640);
  auto hits = Only(Lint({copy.dir().string()}), "NL602");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].level, "warning");
  EXPECT_EQ(hits[0].key, Key("clean/account/prod/shop/user/web"));  // creds: the user
  EXPECT_NE(hits[0].file.find("web.creds"), std::string::npos);
  EXPECT_EQ(hits[1].level, "warning");
  EXPECT_EQ(hits[1].key, sys_key);  // seed: its public key
  EXPECT_NE(hits[1].file.find(sys_key + ".nk"), std::string::npos);

  // Others-only and write-only bits count too; owner-only (0400) does not.
  Chmod(creds, 0602);
  Chmod(nk, 0400);
  hits = Only(Lint({copy.dir().string()}), "NL602");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].key, Key("clean/account/prod/shop/user/web"));
}

TEST(SecretFilePermissions, MessageNamesModeAndFix) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "nl602msg");
  copy.SecretsOwnerOnly();
  const fs::path creds = copy.dir() / "keys/creds/prod/shop/web.creds";
  Chmod(creds, 0644);
  RunResult r = RunNsclint({kNow, "--fail-on", "warning", creds.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("warning NL602 secret-file-permissions: user 'web' (UADE66OX…): this creds file has mode 0644, "
                       "readable by group and others, and holds a secret seed."),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("fix: chmod 600 "), std::string::npos) << r.out;
}

TEST(SecretFilePermissions, CleanCheckoutOnlyReportsModes) {
  // A git checkout leaves secrets 0644: the only findings on fixtures/clean are NL602, one per secret file.
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "nl602all");
  size_t secrets = 0;
  for (const auto& e : fs::recursive_directory_iterator(copy.dir())) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".nk" || ext == ".creds")) {
      Chmod(e.path(), 0644);
      ++secrets;
    }
  }
  auto hits = Lint({copy.dir().string()});
  EXPECT_EQ(hits.size(), secrets);
  EXPECT_EQ(Only(hits, "NL602").size(), secrets);
}

TEST(CredsKeyMismatch, SwappedSeedIsAnErrorWithoutTheSeed) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "nl601");
  copy.SecretsOwnerOnly();
  // web's creds with checkout's seed block.
  const fs::path web = copy.dir() / "keys/creds/prod/shop/web.creds";
  const std::string checkout = ReadFile((copy.dir() / "keys/creds/prod/shop/checkout.creds").string());
  std::string text = ReadFile(web.string());
  auto seed_of = [](const std::string& creds) {
    auto seeds = ScanSeeds(creds, 0);
    return seeds.empty() ? std::string() : seeds[0].public_key;
  };
  ASSERT_EQ(seed_of(text), Key("clean/account/prod/shop/user/web"));
  size_t web_at = text.find("-----BEGIN USER NKEY SEED-----");
  size_t other_at = checkout.find("-----BEGIN USER NKEY SEED-----");
  ASSERT_NE(web_at, std::string::npos);
  text = text.substr(0, web_at) + checkout.substr(other_at);
  std::ofstream(web, std::ios::binary | std::ios::trunc) << text;
  Chmod(web, 0600);

  RunResult r = RunNsclint({kNow, "-f", "json", copy.dir().string()});
  EXPECT_EQ(r.exit_code, 1);
  auto hits = Only(Lint({copy.dir().string()}), "NL601");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].level, "error");
  EXPECT_EQ(hits[0].key, Key("clean/account/prod/shop/user/web"));
  for (const auto& s : FindSeeds(copy.dir().string())) EXPECT_EQ(r.out.find(s), std::string::npos);
}

TEST(SeedInStore, AnyFileAnyExtensionButNotTheKeysDir) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "nl604");
  copy.SecretsOwnerOnly();
  const std::string seed =
      Trim(ReadFile((copy.dir() / "keys/keys" / Key("clean/account/prod/shop").substr(0, 1) /
                     Key("clean/account/prod/shop").substr(1, 2) / (Key("clean/account/prod/shop") + ".nk"))
                        .string()));
  ASSERT_EQ(seed.size(), 58u);
  // In the store, inside a binary-looking file without extension, past the first line.
  std::ofstream(copy.dir() / "store/prod/accounts/shop/backup", std::ios::binary)
      << std::string("\x00\x01junk\n", 7) << "key=" << seed << ";\n";
  // In the keys dir beside the seeds: keys-side, silent.
  std::ofstream(copy.dir() / "keys/keys/README") << seed << "\n";
  auto hits = Only(Lint({copy.dir().string()}), "NL604");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].level, "error");
  EXPECT_EQ(hits[0].key, Key("clean/account/prod/shop"));
  EXPECT_NE(hits[0].file.find("store/prod/accounts/shop/backup"), std::string::npos);

  RunResult text = RunNsclint({kNow, copy.dir().string()});
  EXPECT_NE(text.out.find("backup:2: error NL604 seed-in-store: an account seed (public key " +
                          Key("clean/account/prod/shop") + ", account 'shop' (" +
                          Key("clean/account/prod/shop").substr(0, 8)),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find(seed), std::string::npos);
}

TEST(SeedInStore, LargeFileIsScannedUpToTheCap) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "nl604big");
  copy.SecretsOwnerOnly();
  const std::string key = Key("clean/account/prod/inventory");
  const std::string seed =
      Trim(ReadFile((copy.dir() / "keys/keys" / key.substr(0, 1) / key.substr(1, 2) / (key + ".nk")).string()));
  {
    std::ofstream big(copy.dir() / "store/prod/dump.log", std::ios::binary);
    big << seed << "\n" << std::string(kMaxFileBytes, 'x') << "\n";
    big << Trim(ReadFile((copy.dir() / "keys/creds/prod/shop/web.creds").string())) << "\n";  // past the cap
  }
  auto hits = Only(Lint({copy.dir().string()}), "NL604");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].key, key);
}

TEST(SeedScan, FindsEachValidSeedOnceAndNothingElse) {
  const std::string key = Key("clean/account/prod/SYS");
  const std::string seed = Trim(ReadFile(SourceDir() + "/fixtures/clean/keys/keys/" + key.substr(0, 1) + "/" +
                                         key.substr(1, 2) + "/" + key + ".nk"));
  std::string bad = seed;
  bad[20] = bad[20] == 'A' ? 'B' : 'A';
  auto hits = ScanSeeds("a\nb " + seed + "\n" + bad + " " + seed + " " + key + "\nS" + std::string(57, 'A'), 3);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].public_key, key);
  EXPECT_EQ(hits[0].line, 2);
  EXPECT_EQ(hits[0].artifact, 3);
  EXPECT_EQ(hits[0].role, "account");
  EXPECT_TRUE(ScanSeeds(std::string(100000, 'S'), 0).empty());
  EXPECT_TRUE(ScanSeeds("", 0).empty());
}

TEST(SeedInStore, NamedFilesCountAndSecretFilesDoNot) {
  // A .creds outside an operator store is a secret file, named or found in a folder.
  const std::string creds = SourceDir() + "/fixtures/clean/keys/creds/prod/shop/web.creds";
  TempCopy copy(fs::path(creds), "nl604loose");  // <tmp>/web.creds
  EXPECT_TRUE(Only(Lint({copy.dir().string()}), "NL604").empty());
  EXPECT_TRUE(Only(Lint({copy.dir().parent_path().string()}), "NL604").empty());
  // Its seed in an .env named on the command line (a pre-commit hook names staged files) counts.
  const std::string key = Key("clean/account/prod/shop/user/web");
  const std::string text = ReadFile(copy.dir().string());
  size_t at = text.find("\nSU");  // the seed block's body, on its own line
  ASSERT_NE(at, std::string::npos);
  ++at;
  const fs::path env = copy.dir().parent_path() / ".env";
  std::ofstream(env) << "NATS_URL=nats://127.0.0.1:4222\nNATS_USER_SEED=" << text.substr(at, 58) << "\n";
  auto named = Only(Lint({env.string()}), "NL604");
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[0].key, key);
}

}  // namespace
}  // namespace nsclint::testing
