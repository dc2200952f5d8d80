// One test per fixture case: the case's rule fires exactly as case.json says
// (rule ID, level, entity key, file), or stays silent on a near-miss; and
// its findings read exactly as fixtures/findings/<case>.txt records them
// (message, fix commands, remediation), so a change of wording shows in the
// diff. After an intended change: scripts/update-findings.sh.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "lint/base/util.h"
#include "lint/engine/engine.h"
#include "lint/registry/registry.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

struct Case {
  std::string name;
  fs::path dir;
};

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  fs::path root = fs::path(SourceDir()) / "fixtures" / "cases";
  if (!fs::exists(root)) return cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (fs::exists(entry.path() / "case.json")) cases.push_back({entry.path().filename().string(), entry.path()});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

// Names the case in test logs instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

// The case's findings as exact text, paths relative to the case folder: what
// fixtures/findings/<case>.txt records.
std::string FindingsText(const std::vector<Finding>& findings, const std::string& rule, const fs::path& dir) {
  const std::string prefix = dir.lexically_normal().generic_string();
  auto rel = [&](std::string text) {
    for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
      text.replace(at, prefix.size(), ".");
    }
    return text;
  };
  std::string out;
  for (const auto& f : findings) {
    if (f.rule_id != rule) continue;
    out += f.rule_id.str() + " " + std::string(LevelName(f.level)) + " " +
           rel(fs::path(f.file.view()).lexically_normal().generic_string()) + ":" + std::to_string(f.line) + " " +
           f.entity.key + "\n";
    out += "  message: " + rel(f.message) + "\n";
    if (!f.fix.commands.empty()) out += "  fix: " + rel(FixCommandsText(f.fix)) + "\n";
    if (!f.fix.remediation.empty()) out += "  remediation: " + rel(f.fix.remediation) + "\n";
  }
  return out;
}

using Expectation = std::tuple<std::string, std::string, std::string, std::string>;  // rule, level, key, file

class RuleCase : public ::testing::TestWithParam<Case> {};

TEST_P(RuleCase, FindingsMatchCaseJson) {
  Case c = GetParam();
  auto spec = nlohmann::json::parse(ReadFile((c.dir / "case.json").string()));
  const std::string rule = spec.at("rule");
  ASSERT_NE(FindRule(rule), nullptr) << "case names unknown rule " << rule;

  // git keeps no file modes: a case that needs them ("modes") runs on a copy with the modes applied.
  std::unique_ptr<TempCopy> copy;
  if (spec.contains("modes")) {
    copy = std::make_unique<TempCopy>(c.dir, c.name);
    for (const auto& [rel, mode] : spec["modes"].items()) {
      ASSERT_EQ(
          ::chmod((copy->dir() / rel).c_str(), static_cast<mode_t>(std::stoul(mode.get<std::string>(), nullptr, 8))), 0)
          << rel;
    }
    c.dir = copy->dir();
  }

  EngineOptions opts;
  opts.now = ParseTime(spec.at("now").get<std::string>()).value();
  opts.jobs = 2;
  for (const auto& in : spec.at("inputs")) opts.paths.push_back((c.dir / in.get<std::string>()).string());
  if (spec.contains("options")) {
    for (const auto& [k, v] : spec["options"].items()) opts.options[k] = v.get<std::string>();
  }
  for (const auto& f : spec.value("connz", nlohmann::json::array()))
    opts.connz_files.push_back((c.dir / f.get<std::string>()).string());
  for (const auto& f : spec.value("accstatz", nlohmann::json::array())) {
    opts.accstatz_files.push_back((c.dir / f.get<std::string>()).string());
  }
  // "expect" holds at the default server version; "versions" holds the
  // whole expectation at each version whose verdict differs.
  std::vector<std::pair<std::string, nlohmann::json>> runs = {{"", spec.at("expect")}};
  const nlohmann::json versions = spec.value("versions", nlohmann::json::object());
  for (const auto& [v, expect] : versions.items()) runs.emplace_back(v, expect);
  std::string text;  // every run's findings of the case's rule, exact
  for (const auto& [version, expect] : runs) {
    if (!version.empty()) opts.server = ParseServerTarget(version).target.value();
    EngineResult result = RunEngine(opts);
    ASSERT_EQ(result.input_error, "");
    EXPECT_FALSE(result.fatal) << "the case's inputs could not all be scanned";

    std::multiset<Expectation> want, got;
    bool check_file = false;
    for (const auto& e : expect) {
      std::string file = e.value("file", "");
      check_file = check_file || !file.empty();
      want.insert({e.at("rule"), e.at("level"), e.value("key", ""),
                   file.empty() ? "" : (c.dir / file).lexically_normal().generic_string()});
    }
    std::string all;
    for (const auto& f : result.findings) {
      all += "  " + f.file + ": " + std::string(LevelName(f.level)) + " " + f.rule_id + " " + f.message + "\n";
      if (f.rule_id != rule) continue;
      got.insert({f.rule_id.str(), std::string(LevelName(f.level)), f.entity.key,
                  check_file ? fs::path(f.file.view()).lexically_normal().generic_string() : ""});
    }
    EXPECT_EQ(got, want) << c.name << " at nats-server " << (version.empty() ? opts.server.Text() : version) << ": "
                         << spec.value("description", "") << "\nall findings:\n"
                         << all;
    text += "# nats-server " + (version.empty() ? std::string("default (") + opts.server.Text() + ")" : version) + "\n";
    text += FindingsText(result.findings, rule, c.dir);
  }
  const fs::path recorded = fs::path(SourceDir()) / "fixtures" / "findings" / (c.name + ".txt");
  if (std::getenv("NSCLINT_UPDATE_FINDINGS") != nullptr) {
    fs::create_directories(recorded.parent_path());
    std::ofstream(recorded, std::ios::binary | std::ios::trunc) << text;
  }
  ASSERT_TRUE(fs::exists(recorded)) << recorded
                                    << " is missing: scripts/update-findings.sh records it (review the diff)";
  EXPECT_EQ(text, ReadFile(recorded.string()))
      << c.name << ": the findings' text differs from " << recorded
      << "; after an intended change run scripts/update-findings.sh and review the diff";
}

// Every recorded findings file belongs to a case (a renamed or removed case leaves none behind).
TEST(RuleCoverage, EveryRecordedFindingsFileHasItsCase) {
  std::set<std::string> cases;
  for (const auto& c : AllCases()) cases.insert(c.name + ".txt");
  for (const auto& entry : fs::directory_iterator(fs::path(SourceDir()) / "fixtures" / "findings")) {
    EXPECT_EQ(cases.count(entry.path().filename().string()), 1u) << entry.path() << " has no case";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RuleCase, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string n;
                           for (char ch : param_info.param.name)
                             n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return n;
                         });

// Every rule has at least one case that fires it and one near-miss that must not.
TEST(RuleCoverage, EveryRuleHasFiringAndNearMissCases) {
  std::map<std::string, std::pair<int, int>> counts;
  for (const auto& c : AllCases()) {
    auto spec = nlohmann::json::parse(ReadFile((c.dir / "case.json").string()));
    auto& [fire, miss] = counts[spec.at("rule")];
    (spec.at("expect").empty() ? miss : fire)++;
  }
  for (const auto& r : AllRules()) {
    auto it = counts.find(std::string(r.info.id));
    ASSERT_NE(it, counts.end()) << r.info.id << " has no fixture case";
    EXPECT_GE(it->second.first, 1) << r.info.id << " has no firing case";
    EXPECT_GE(it->second.second, 1) << r.info.id << " has no near-miss case";
  }
}

}  // namespace
}  // namespace nsclint::testing

namespace nsclint::testing {
namespace {

// The demo store plants one problem per rule (fixtures/demo/EXPECTED.md): exactly those are
// reported, for every rule nsclint has. It runs on a copy whose secrets are 0600, as
// generate.sh writes them (a git checkout makes them 0644, which NL602 would report).
TEST(Demo, ReportsExactlyWhatIsPlanted) {
  auto expected = nlohmann::json::parse(ReadFile(SourceDir() + "/fixtures/demo/expected.json"));
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "demo", "demo");
  copy.SecretsOwnerOnly();
  const fs::path dir = copy.dir();
  std::multiset<Expectation> want, got;
  for (const auto& e : expected) {
    if (FindRule(e.at("rule").get<std::string>()) == nullptr) continue;  // a rule still to come
    want.insert({e.at("rule"), e.at("level"), e.at("key"), (dir / e.at("file").get<std::string>()).generic_string()});
  }
  EngineOptions opts;
  opts.now = ParseTime("2026-06-01T00:00:00Z").value();
  opts.jobs = 2;
  opts.paths = {dir.string()};
  for (const auto& f : RunEngine(opts).findings) {
    got.insert(
        {f.rule_id.str(), std::string(LevelName(f.level)), f.entity.key, fs::path(f.file.view()).generic_string()});
  }
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace nsclint::testing
