// The rule catalogue: one source for --list-rules, --explain, SARIF and docs;
// generated files are fresh; ids, names and levels match the SPEC.
#include "lint/app/docs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "lint/registry/registry.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {

TEST(Catalogue, RegistryIsSound) {
  auto problems = CheckRegistry();
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST(Catalogue, DocsRulesMdIsFresh) {
  std::string on_disk = ReadFile(SourceDir() + "/docs/rules.md");
  EXPECT_TRUE(on_disk == RenderRulesMarkdown())
      << "docs/rules.md is stale: run `build/nsclint --list-rules --format markdown > docs/rules.md`";
}

TEST(Catalogue, RulePagesAreFresh) {
  for (const auto& r : AllRules()) {
    std::string path = SourceDir() + "/docs/rules/" + std::string(r.info.id) + ".md";
    EXPECT_TRUE(ReadFile(path) == RenderRulePage(r)) << path << " is stale: run scripts/update-docs.sh";
  }
  size_t pages = 0;
  for (const auto& e : std::filesystem::directory_iterator(SourceDir() + "/docs/rules")) pages += e.is_regular_file();
  EXPECT_EQ(pages, AllRules().size()) << "docs/rules/ holds a page for a rule that no longer exists";
}

TEST(Catalogue, ReadmeRuleTableIsFresh) {
  std::string readme = ReadFile(SourceDir() + "/README.md");
  const std::string begin = "<!-- rules:begin -->\n", end = "<!-- rules:end -->";
  size_t b = readme.find(begin), e = readme.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::string table = readme.substr(b + begin.size(), e - b - begin.size());
  EXPECT_TRUE(table == RenderRulesTable("docs/rules.md"))
      << "README.md rule table is stale: run scripts/update-docs.sh";
}

// Every rule's id, name and level as SPEC.md's tables give them.
TEST(Catalogue, MatchesSpec) {
  std::string spec_path = SourceDir() + "/../shared/SPEC.md";
  if (!std::filesystem::exists(spec_path)) GTEST_SKIP() << "no ../shared/SPEC.md beside the checkout";
  std::string spec = ReadFile(spec_path);
  // A version-dependent rule's name carries " (v)" in the SPEC's tables.
  std::regex row(R"(\| (NL\d{3}) \| ([a-z0-9-]+)(?: \(v\))? \| ([a-z /]+) \|)");
  std::map<std::string, std::pair<std::string, std::string>> rows;
  for (auto it = std::sregex_iterator(spec.begin(), spec.end(), row); it != std::sregex_iterator(); ++it) {
    rows[(*it)[1]] = {(*it)[2], (*it)[3]};
  }
  ASSERT_GE(rows.size(), 14u);
  for (const auto& r : AllRules()) {
    auto it = rows.find(std::string(r.info.id));
    ASSERT_NE(it, rows.end()) << r.info.id << " is not in SPEC.md";
    EXPECT_EQ(it->second.first, r.info.name) << r.info.id;
    std::string level(r.info.levels.empty() ? LevelName(r.info.default_level) : r.info.levels);
    // SPEC writes "warning / error" for rules whose level depends on the case.
    EXPECT_NE(it->second.second.find(std::string(LevelName(r.info.default_level))), std::string::npos)
        << r.info.id << ": SPEC level '" << it->second.second << "', rule '" << level << "'";
  }
}

}  // namespace
}  // namespace nsclint::testing

namespace nsclint::testing {
namespace {

// The README shows real output of the current binary on the demo store.
TEST(Catalogue, ReadmeDemoOutputIsFresh) {
  std::string readme = ReadFile(SourceDir() + "/README.md");
  const std::string begin = "<!-- demo:begin -->\n", end = "<!-- demo:end -->";
  size_t b = readme.find(begin), e = readme.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::string block = readme.substr(b + begin.size(), e - b - begin.size());
  // In the checkout's work tree NL602 is silent (git keeps no modes) and the demo's committed
  // seeds are NL605, ignored by the repository's .nsclint.toml (found from the source dir).
  RunResult r = RunNsclint({"--now", "2026-06-01T00:00:00Z", "--color", "never", "fixtures/demo"});
  std::string want = "```\n$ build/nsclint --now 2026-06-01T00:00:00Z fixtures/demo\n" + r.out + "```\n";
  EXPECT_TRUE(block == want) << "README.md demo output is stale: run scripts/update-docs.sh";
}

// The README's fix script for the demo is what the current binary writes.
TEST(Catalogue, ReadmeFixScriptIsFresh) {
  namespace fs = std::filesystem;
  std::string readme = ReadFile(SourceDir() + "/README.md");
  const std::string begin = "<!-- fixscript:begin -->\n", end = "<!-- fixscript:end -->";
  size_t b = readme.find(begin), e = readme.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const std::string block = readme.substr(b + begin.size(), e - b - begin.size());
  const fs::path work = fs::temp_directory_path() / ("nsclint-readme-fix-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  fs::create_directory_symlink(fs::path(SourceDir()) / "fixtures", work / "fixtures");
  RunNsclint({"--now", "2026-06-01T00:00:00Z", "--disable", "NL602", "-q", "--fix-script", "fix.sh", "fixtures/demo"},
             "", work.string());
  const std::string want =
      "```sh\n$ build/nsclint --now 2026-06-01T00:00:00Z --disable NL602 -q --fix-script fix.sh fixtures/demo "
      ">/dev/null\n$ cat fix.sh\n" +
      ReadFile((work / "fix.sh").string()) + "```\n";
  fs::remove_all(work);
  EXPECT_TRUE(block == want) << "README.md fix script is stale: run scripts/update-docs.sh";
}

}  // namespace
}  // namespace nsclint::testing
