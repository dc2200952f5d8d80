// .nsclint.toml: valid files, every kind of error with file and line, ignore matching.
#include "lint/app/config.h"

#include <gtest/gtest.h>

#include "lint/base/util.h"

namespace nsclint {
namespace {

TEST(Config, ReadsLevelsRulesOptionsAndIgnores) {
  auto r = ParseConfig(R"(
expiry-warning = "30d"
size.warning = 12288
[revocations]
max = 100
[subjects]
consolidate = 8

[rules]
NL103 = "note"
orphan-jwt = "off"
NL201 = "on"

[[ignore]]
rule = "user-no-expiry"
target = "acme/orders/*"
reason = "batch users rotate through vault"
until = 2026-12-31

[[ignore]]
rule = "*"
target = "UABC*"
reason = "lab user"
)",
                       "x.toml");
  ASSERT_TRUE(r.config) << r.error;
  const Config& c = *r.config;
  EXPECT_EQ(c.options.at("expiry-warning"), "30d");
  EXPECT_EQ(c.options.at("size.warning"), "12288");
  EXPECT_EQ(c.options.at("revocations.max"), "100");
  EXPECT_EQ(c.options.at("subjects.consolidate"), "8");
  EXPECT_EQ(c.levels.at("NL103"), Level::kNote);
  EXPECT_EQ(c.disabled.count("NL006"), 1u);
  EXPECT_EQ(c.enabled.count("NL201"), 1u);
  ASSERT_EQ(c.ignores.size(), 2u);
  EXPECT_EQ(c.ignores[0].rule, "NL103");
  EXPECT_EQ(c.ignores[0].line, 14);
  EXPECT_EQ(c.ignores[0].until, ParseTime("2026-12-31T23:59:59Z"));
  EXPECT_EQ(c.ignores[1].rule, "*");
  EXPECT_FALSE(c.ignores[1].until);
}

struct BadCase {
  const char* text;
  const char* error;
};

class ConfigErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigErrors, NameFileLineAndProblem) {
  auto r = ParseConfig(GetParam().text, "cfg/.nsclint.toml");
  EXPECT_FALSE(r.config);
  EXPECT_EQ(r.error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    All, ConfigErrors,
    ::testing::Values(
        BadCase{"[rules]\nNL10 = \"off\"\n", "cfg/.nsclint.toml:2: unknown rule 'NL10', did you mean 'NL101'?"},
        BadCase{"[rules]\nNL101 = \"loud\"\n",
                "cfg/.nsclint.toml:2: rule NL101: unknown level 'loud' (error, warning, note, off, on)"},
        BadCase{"size.warnings = 1\n",
                "cfg/.nsclint.toml:1: unknown setting 'size.warnings', did you mean 'size.warning'?"},
        BadCase{"expiry-warning = \"two weeks\"\n",
                "cfg/.nsclint.toml:1: option 'expiry-warning' is a duration with a unit (like 14d, 36h, 5m, 90s), not "
                "'two weeks'"},
        BadCase{"\n\nrevocations.max = \"many\"\n",
                "cfg/.nsclint.toml:3: option 'revocations.max' must be a whole number: 'many'"},
        BadCase{"[[ignore]]\nrule = \"NL101\"\ntarget = \"x\"\n",
                "cfg/.nsclint.toml:1: ignore: 'reason' is mandatory: say why this finding is accepted"},
        BadCase{"[[ignore]]\nrule = \"NL101\"\nreason = \"r\"\nuntil = \"soon\"\n",
                "cfg/.nsclint.toml:4: ignore: 'until' must be a date like 2026-12-31, not 'soon'"},
        BadCase{"[[ignore]]\nrule = \"NL101\"\nreason = \"r\"\nwhen = 1\n",
                "cfg/.nsclint.toml:4: ignore: unknown key 'when' (rule, target, reason, until)"},
        BadCase{"[rules\n", "cfg/.nsclint.toml:1: Error while parsing table header: expected ']', saw '\\n'"}));

TEST(Config, IgnoreMatchesNamePathKeyOrFileByGlob) {
  Finding f;
  f.rule_id = "NL103";
  f.file = "store/acme/accounts/orders/users/batch.jwt";
  f.entity = Entity{"user", "batch", "UBLGCLOZ", "acme/orders/batch"};
  Ignore ig{"NL103", "acme/orders/*", "r", std::nullopt, "", 1, ""};
  EXPECT_TRUE(IgnoreMatches(ig, f));
  ig.target = "batch";
  EXPECT_TRUE(IgnoreMatches(ig, f));
  ig.target = "UBLG*";
  EXPECT_TRUE(IgnoreMatches(ig, f));
  ig.target = "store/acme/*";
  EXPECT_TRUE(IgnoreMatches(ig, f));
  ig.target = "acme/billing/*";
  EXPECT_FALSE(IgnoreMatches(ig, f));
  ig.target = "batch";
  ig.rule = "NL101";
  EXPECT_FALSE(IgnoreMatches(ig, f));
  ig.rule = "*";
  EXPECT_TRUE(IgnoreMatches(ig, f));
}

}  // namespace
}  // namespace nsclint
