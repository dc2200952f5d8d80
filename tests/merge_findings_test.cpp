// The engine's merge of the rules' findings equals std::stable_sort of the
// lists joined in rule order followed by std::unique, on random input: runs
// sorted and not, of very different sizes (both merge paths), with
// duplicates inside a rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "lint/engine/engine.h"

namespace nsclint::testing {
namespace {

std::vector<std::vector<Finding>> RandomRuns(std::mt19937& rng) {
  std::vector<std::vector<Finding>> runs(std::uniform_int_distribution<int>(0, 6)(rng));
  const SharedText files[] = {SharedText("a.jwt"), SharedText("b.jwt"), SharedText("c/d.jwt")};
  for (size_t r = 0; r < runs.size(); ++r) {
    const SharedText id("NL" + std::to_string(100 + r));
    const int n = std::uniform_int_distribution<int>(0, r % 2 == 0 ? 400 : 12)(rng);
    for (int i = 0; i < n; ++i) {
      Finding f;
      f.rule_id = id;
      f.file = files[std::uniform_int_distribution<int>(0, 2)(rng)];
      f.line = std::uniform_int_distribution<int>(1, 4)(rng);
      f.entity.key = "K" + std::to_string(std::uniform_int_distribution<int>(0, 9)(rng));
      f.message = "m" + std::to_string(std::uniform_int_distribution<int>(0, 2)(rng));
      f.qualifier = std::to_string(i);  // tells apart findings that are not the same
      if (std::uniform_int_distribution<int>(0, 9)(rng) == 0 && !runs[r].empty()) f = runs[r].back();  // a duplicate
      runs[r].push_back(std::move(f));
    }
    // Rules mostly report in order: sort some runs, leave others shuffled.
    if (std::uniform_int_distribution<int>(0, 2)(rng) != 0)
      std::stable_sort(runs[r].begin(), runs[r].end(), FindingLess);
    // A rule that reserved room for every finding becomes the base list.
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) runs[r].reserve(2000);
  }
  return runs;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += f.rule_id.str() + " " + f.file.str() + ":" + std::to_string(f.line) + " " + f.entity.key + " " +
           f.qualifier + " " + f.message + "\n";
  }
  return out;
}

TEST(MergeRuleFindings, EqualsStableSortAndUniqueOnRandomInput) {
  std::mt19937 rng(20261205);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::vector<Finding>> runs = RandomRuns(rng);
    std::vector<Finding> want;
    for (const auto& run : runs) want.insert(want.end(), run.begin(), run.end());
    std::stable_sort(want.begin(), want.end(), FindingLess);
    want.erase(std::unique(want.begin(), want.end(), FindingSame), want.end());
    const std::vector<Finding> got = MergeRuleFindings(std::move(runs));
    ASSERT_EQ(Describe(got), Describe(want)) << "round " << round;
  }
}

TEST(MergeRuleFindings, NoRulesAndEmptyRules) {
  EXPECT_TRUE(MergeRuleFindings({}).empty());
  EXPECT_TRUE(MergeRuleFindings({{}, {}, {}}).empty());
}

}  // namespace
}  // namespace nsclint::testing
