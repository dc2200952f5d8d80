// No seed ever reaches any output: every seed in the fixtures and the
// real-world corpus is searched for in every format nsclint can produce.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> Inputs() {
  std::vector<std::string> inputs = {"fixtures/demo", "fixtures/clean", "fixtures/cases"};
  if (fs::exists(SourceDir() + "/../shared/realworld")) inputs.push_back(SourceDir() + "/../shared/realworld");
  return inputs;
}

TEST(NoSecretLeak, NoSeedInAnyOutput) {
  std::vector<std::string> seeds = FindSeeds(SourceDir() + "/fixtures");
  if (fs::exists(SourceDir() + "/../shared/realworld")) {
    auto more = FindSeeds(SourceDir() + "/../shared/realworld");
    seeds.insert(seeds.end(), more.begin(), more.end());
  }
  ASSERT_GT(seeds.size(), 10u) << "the fixtures should hold seeds for this test to mean anything";

  std::vector<RunResult> outputs;
  for (const auto& in : Inputs()) {
    for (const char* fmt : {"text", "json", "sarif"}) {
      outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "-f", fmt, in}));
    }
  }
  // Every file on its own (errors for broken creds and seeds are per file).
  for (const auto& entry : fs::recursive_directory_iterator(SourceDir() + "/fixtures")) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".creds" || ext == ".nk")) {
      outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "-f", "json", entry.path().string()}));
      outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "-"}, ReadFile(entry.path().string())));
    }
  }
  for (const auto& s : seeds) {
    outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "-"}, s + "\n"));  // a bare seed on stdin
    outputs.push_back(RunNsclint({"--explain", s}));                                // a seed as a rule name
    outputs.push_back(RunNsclint({"--disable", s, "fixtures/clean"}));
  }
  for (const char* rule : {"NL001", "NL003", "NL007", "NL101"}) outputs.push_back(RunNsclint({"--explain", rule}));

  size_t leaks = 0;
  for (const auto& out : outputs) {
    for (const auto& s : seeds) {
      // Report only the public prefix: the seed itself must not reach the test log either.
      if (out.out.find(s) != std::string::npos || out.err.find(s) != std::string::npos) {
        ++leaks;
        ADD_FAILURE() << "a seed starting " << s.substr(0, 2) << " leaked into an output";
      }
    }
  }
  EXPECT_EQ(leaks, 0u);
}

}  // namespace
}  // namespace nsclint::testing
