// Rule selection as ruff does it (SPEC §3): --select / --extend-select /
// --ignore with ids, names, prefixes and families; --enable/--disable as
// aliases; config keys first, then the flags; one "did you mean" for rules,
// families and flags; list options never swallow paths.
#include "lint/registry/selection.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/base/util.h"
#include "lint/registry/registry.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";
const char* kDemo = "fixtures/demo";

std::set<std::string> Ids(const std::vector<const Rule*>& rules) {
  std::set<std::string> out;
  for (const Rule* r : rules) out.emplace(r->info.id);
  return out;
}

// The rule ids a run reported (JSON).
std::set<std::string> Reported(const RunResult& r) {
  std::set<std::string> out;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  for (const auto& f : doc.at("findings")) out.insert(f.at("rule").get<std::string>());
  return out;
}

std::vector<std::string> Args(std::vector<std::string> extra) {
  std::vector<std::string> args{kNow, "-f", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(Selector, IdsNamesPrefixesFamiliesAll) {
  std::string error;
  EXPECT_EQ(Ids(ResolveSelector("NL101", &error)), std::set<std::string>{"NL101"});
  EXPECT_EQ(Ids(ResolveSelector("nl101", &error)), std::set<std::string>{"NL101"});
  EXPECT_EQ(Ids(ResolveSelector("expired", &error)), std::set<std::string>{"NL101"});
  const auto nl10 = Ids(ResolveSelector("NL10", &error));
  EXPECT_EQ(nl10.count("NL101") + nl10.count("NL106"), 2u);
  EXPECT_EQ(nl10.count("NL201"), 0u);
  EXPECT_EQ(Ids(ResolveSelector("NL5", &error)), Ids(ResolveSelector("imports", &error)));
  EXPECT_EQ(Ids(ResolveSelector("NL50", &error)).count("NL510"), 0u);
  EXPECT_EQ(Ids(ResolveSelector("secrets", &error)).count("NL604"), 1u);
  EXPECT_EQ(ResolveSelector("ALL", &error).size(), AllRules().size());
  EXPECT_EQ(error, "");

  EXPECT_TRUE(ResolveSelector("NL9", &error).empty());
  EXPECT_NE(error.find("'NL9' matches no rule"), std::string::npos) << error;
  EXPECT_TRUE(ResolveSelector("import", &error).empty());
  EXPECT_NE(error.find("did you mean 'imports'?"), std::string::npos) << error;
  EXPECT_TRUE(ResolveSelector("expird", &error).empty());
  EXPECT_NE(error.find("did you mean 'expired'?"), std::string::npos) << error;
}

TEST(Selector, EveryFamilyOfSpecSectionsSelectsItsRules) {
  for (const auto& f : RuleFamilies()) {
    std::string error;
    for (const Rule* r : ResolveSelector(f.name, &error)) EXPECT_EQ(r->info.family, f.name) << r->info.id;
  }
}

TEST(Selection, StepsApplyInOrder) {
  using Kind = SelectionStep::Kind;
  std::set<std::string> disabled;
  ASSERT_EQ(ApplySelection({{Kind::kSelect, {"NL5,time"}, "--select"},
                            {Kind::kIgnore, {"NL50"}, "--ignore"},
                            {Kind::kExtend, {"NL503", "seed-in-store"}, "--extend-select"}},
                           &disabled),
            "");
  std::set<std::string> enabled;
  for (const auto& r : AllRules()) {
    if (disabled.count(std::string(r.info.id)) == 0) enabled.emplace(r.info.id);
  }
  EXPECT_EQ(enabled.count("NL101"), 1u);
  EXPECT_EQ(enabled.count("NL503"), 1u);
  EXPECT_EQ(enabled.count("NL502"), 0u);
  EXPECT_EQ(enabled.count("NL510"), 1u);
  EXPECT_EQ(enabled.count("NL604"), 1u);
  EXPECT_EQ(enabled.count("NL001"), 0u);
  EXPECT_EQ(
      ApplySelection({{Kind::kIgnore, {"NL1,NLX"}, "--ignore"}}, &disabled).rfind("--ignore: 'NLX' matches no rule", 0),
      0u);
}

TEST(Selection, FlagsSelectExtendIgnoreOnTheDemo) {
  const std::set<std::string> imports = Reported(RunNsclint(Args({"--select", "NL5", kDemo})));
  ASSERT_FALSE(imports.empty());
  for (const auto& id : imports) EXPECT_EQ(id.rfind("NL5", 0), 0u) << id;
  EXPECT_EQ(Reported(RunNsclint(Args({"--select", "imports", kDemo}))), imports);

  const std::set<std::string> two =
      Reported(RunNsclint(Args({"--select", "NL5,expired", "--extend-select", "NL001", kDemo})));
  EXPECT_EQ(two.count("NL101"), 1u);
  EXPECT_EQ(two.count("NL001"), 1u);
  EXPECT_EQ(two.count("NL102"), 0u);

  const std::set<std::string> no_time = Reported(RunNsclint(Args({"--ignore", "time", "--disable", "NL6", kDemo})));
  for (const auto& id : no_time) {
    EXPECT_NE(id.rfind("NL1", 0), 0u) << id;
    EXPECT_NE(id.rfind("NL6", 0), 0u) << id;
  }
  EXPECT_EQ(no_time.count("NL502"), 1u);
}

TEST(Selection, ListOptionsNeverSwallowPaths) {
  // One value per flag: NL103 lands among the paths, and is named as a stray selector.
  const RunResult r = RunNsclint({kNow, "--disable", "NL602", "NL103", kDemo});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'NL103' is not a file or folder but reads like a rule selector"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--ignore NL602,NL103"), std::string::npos) << r.err;
  // The comma list works, and the path after it is a path.
  const RunResult ok = RunNsclint(Args({"--disable", "NL602,NL103", kDemo}));
  EXPECT_EQ(ok.exit_code, 1) << ok.err;
  EXPECT_EQ(Reported(ok).count("NL103"), 0u);
  EXPECT_EQ(Reported(ok).count("NL101"), 1u);
}

TEST(Selection, UnknownSelectorOrFlagIsExit2WithDidYouMean) {
  const RunResult r = RunNsclint({kNow, "--select", "NL5,improts", kDemo});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "nsclint: error: --select: 'improts' matches no rule (an id like NL101, a name, a prefix like NL5, a "
            "family like imports, or ALL), did you mean 'imports'?; nsclint --list-rules lists them\n");
  const RunResult flag = RunNsclint({kNow, "--selct", "NL5", kDemo});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.err.find("(--selct: did you mean '--select'?)"), std::string::npos) << flag.err;
  const RunResult eq = RunNsclint({kNow, "--extend-selct=NL5", kDemo});
  EXPECT_NE(eq.err.find("did you mean '--extend-select'?"), std::string::npos) << eq.err;
}

TEST(Selection, ConfigKeysThenFlags) {
  const fs::path dir = fs::temp_directory_path() / ("nsclint-select-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / ".nsclint.toml") << "select = [\"NL1\", \"imports\"]\nextend-select = \"NL001\"\n"
                                          "ignore = [\"NL102\"]\nfail-on = \"none\"\n[rules]\nNL103 = \"off\"\n";
  const fs::path demo = fs::path(SourceDir()) / kDemo;
  const RunResult r = RunNsclint(Args({demo.string()}), "", dir.string());
  EXPECT_EQ(r.exit_code, 0) << "fail-on = none from the config: " << r.err;
  const std::set<std::string> got = Reported(r);
  EXPECT_EQ(got.count("NL101"), 1u);
  EXPECT_EQ(got.count("NL502"), 1u);
  EXPECT_EQ(got.count("NL001"), 1u);
  EXPECT_EQ(got.count("NL102"), 0u);
  EXPECT_EQ(got.count("NL103"), 0u);
  EXPECT_EQ(got.count("NL604"), 0u);
  // --enable (an alias of --extend-select) turns back on what the config turned off; --fail-on wins.
  const RunResult flags =
      RunNsclint(Args({"--enable", "NL103", "--fail-on", "error", demo.string()}), "", dir.string());
  EXPECT_EQ(flags.exit_code, 1);
  EXPECT_EQ(Reported(flags).count("NL103"), 1u);
  // --select replaces the config's selection.
  EXPECT_EQ(Reported(RunNsclint(Args({"--select", "NL604", demo.string()}), "", dir.string())),
            std::set<std::string>{"NL604"});

  std::ofstream(dir / ".nsclint.toml") << "extend-select = [\"NL1\", \"imprts\"]\n";
  const RunResult bad = RunNsclint(Args({demo.string()}), "", dir.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(".nsclint.toml:1: extend-select: 'imprts' matches no rule"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("did you mean 'imports'?"), std::string::npos) << bad.err;
  fs::remove_all(dir);
}

TEST(DidYouMean, OneHelperForFlagsRulesAndSettings) {
  EXPECT_EQ(ClosestMatch("--selct", {"--select", "--ignore"}), "--select");
  EXPECT_EQ(ClosestMatch("NL10", {"NL101", "NL201"}), "NL101");
  EXPECT_EQ(ClosestMatch("size.warnings", {"size.warning", "size.error"}), "size.warning");
  EXPECT_EQ(ClosestMatch("zzzzzzzz", {"NL101", "expired"}), "");
  EXPECT_EQ(DidYouMean("expird", {"expired"}), ", did you mean 'expired'?");
  EXPECT_EQ(DidYouMean("", {"expired"}), "");
}

}  // namespace
}  // namespace nsclint::testing
