// Typed rule options: each kind accepts its values and names what it wants,
// the generated Options section and the flags come from the declarations.
#include <gtest/gtest.h>

#include "lint/registry/registry.h"
#include "lint/rule/rule.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {

TEST(RuleOptions, EachKindChecksItsValues) {
  const RuleOption duration{.name = "d", .kind = OptionKind::kDuration, .default_value = "14d", .doc = "x"};
  EXPECT_EQ(OptionValueProblem(duration, "36h"), "");
  EXPECT_EQ(OptionValueProblem(duration, "2w"), "");
  EXPECT_EQ(OptionValueProblem(duration, "14"), "a duration with a unit (like 14d, 36h, 5m, 90s)");
  EXPECT_EQ(OptionValueProblem(duration, "14days"), "a duration with a unit (like 14d, 36h, 5m, 90s)");

  const RuleOption size{.name = "s", .kind = OptionKind::kSize, .default_value = "10", .doc = "x"};
  EXPECT_EQ(OptionValueProblem(size, "10240"), "");
  EXPECT_EQ(OptionValueProblem(size, "10k"), "a whole number of bytes");
  EXPECT_EQ(OptionValueProblem(size, "-1"), "a whole number of bytes");
  EXPECT_EQ(OptionValueProblem(size, "99999999999999999999"), "a whole number of bytes");  // no overflow

  const RuleOption count{.name = "c", .kind = OptionKind::kCount, .default_value = "5", .doc = "x"};
  EXPECT_EQ(OptionValueProblem(count, "5"), "");
  EXPECT_EQ(OptionValueProblem(count, ""), "a whole number");
  EXPECT_EQ(OptionValueProblem(count, "5.5"), "a whole number");

  const RuleOption list{.name = "l", .kind = OptionKind::kList, .doc = "x"};
  EXPECT_EQ(OptionValueProblem(list, "a,b"), "");
  EXPECT_EQ(OptionValueProblem(list, "a,,b"), "a comma-separated list without empty entries");

  const RuleOption choice{.name = "e", .kind = OptionKind::kEnum, .doc = "x", .choices = {"on", "off"}};
  EXPECT_EQ(OptionValueProblem(choice, "off"), "");
  EXPECT_EQ(OptionValueProblem(choice, "maybe"), "one of on, off");
}

TEST(RuleOptions, OptionsSectionIsMadeFromTheDeclarations) {
  const std::vector<RuleOption> options{
      {.name = "expiry-warning",
       .kind = OptionKind::kDuration,
       .default_value = "14d",
       .doc = "how far ahead",
       .flag = "--expiry-warning"},
      {.name = "revocations.max-credential-lifetime", .kind = OptionKind::kDuration, .doc = "the longest lifetime"},
      {.name = "mode", .kind = OptionKind::kEnum, .default_value = "on", .doc = "a switch", .choices = {"on", "off"}}};
  EXPECT_EQ(OptionsMarkdown(options),
            "## Options\n"
            "- `expiry-warning` (duration; default `14d`; flag `--expiry-warning`): how far ahead.\n"
            "- `revocations.max-credential-lifetime` (duration; default unset): the longest lifetime.\n"
            "- `mode` (one of `on`, `off`; default `on`): a switch.\n"
            "\nDurations are a whole number with a unit: `s`, `m`, `h`, `d` or `w` (`90s`, `36h`, `14d`).\n"
            "\nSet them in `.nsclint.toml` by name (README, \"Config file\").\n");
  EXPECT_EQ(OptionsMarkdown({}), "");
}

TEST(RuleOptions, EveryDeclaredOptionIsInTheHelpAndEveryFlagWorks) {
  for (const auto& r : AllRules()) {
    const std::string help = RuleHelpMarkdown(r.info);
    for (const auto& o : r.info.options) {
      EXPECT_NE(help.find("`" + std::string(o.name) + "`"), std::string::npos) << r.info.id << " " << o.name;
      if (o.flag.empty()) continue;
      // A bad value through the flag is refused with the kind's words.
      RunResult bad = RunNsclint({"--no-config", std::string(o.flag), "nonsense", SourceDir() + "/fixtures/clean"});
      EXPECT_EQ(bad.exit_code, 2) << o.flag;
      EXPECT_NE(bad.err.find(std::string(o.flag) + " 'nonsense' is not " + OptionValueProblem(o, "nonsense")),
                std::string::npos)
          << bad.err;
    }
  }
}

}  // namespace
}  // namespace nsclint::testing
