// No seed ever reaches any output: every seed in the fixtures, the real-world
// corpus and the files this test plants (NL601 and NL604 material, snapshots)
// is searched for in every format nsclint can produce, in --explain and in errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <ranges>

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
    outputs.push_back(RunNsclint({"--explain", s}));                               // a seed as a rule name
    outputs.push_back(RunNsclint({"--disable", s, "fixtures/clean"}));
  }
  for (const auto& r : RunNsclint({"--list-rules", "-f", "json"}).out | std::views::split('\n')) {
    std::string line(r.begin(), r.end());
    size_t at = line.find("\"id\": \"");
    if (at != std::string::npos) outputs.push_back(RunNsclint({"--explain", line.substr(at + 7, 5)}));
  }

  // Seeds planted where NL601 and NL604 report them, in every format.
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "leak");
  copy.SecretsOwnerOnly();
  const fs::path web = copy.dir() / "keys/creds/prod/shop/web.creds";
  const fs::path checkout = copy.dir() / "keys/creds/prod/shop/checkout.creds";
  std::string stitched = ReadFile(web.string());
  std::string other = ReadFile(checkout.string());
  stitched = stitched.substr(0, stitched.find("-----BEGIN USER NKEY SEED-----")) +
             other.substr(other.find("-----BEGIN USER NKEY SEED-----"));
  std::ofstream(web, std::ios::binary | std::ios::trunc) << stitched;
  std::string all_seeds;
  for (const auto& s : seeds) all_seeds += s + "\n";
  std::ofstream(copy.dir() / "store/prod/seeds.txt") << all_seeds;                      // NL604, every seed
  std::ofstream(copy.dir() / "store/prod" / (seeds.front() + ".jwt")) << seeds.back();  // a seed as a file name
  for (const char* fmt : {"text", "json", "sarif"}) {
    outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "-f", fmt, copy.dir().string()}));
    outputs.push_back(RunNsclint(
        {"--now=2026-06-01T00:00:00Z", "-f", fmt, "-o", (copy.dir() / "out").string(), copy.dir().string()}));
    outputs.back().out += ReadFile((copy.dir() / "out").string());
  }
  // Snapshots holding seeds, of a wrong shape, or named after one: errors name the file, never a seed.
  const fs::path snap = copy.dir() / "snap.json";
  for (const std::string& body : {"{\"connections\":[{\"authorized_user\":\"" + seeds[0] + "\"}]}",
                                  "{\"connections\":[{\"name_tag\":7,\"jwt\":\"" + seeds[0] + "\"}]}",
                                  "{\"account_statz\":[{\"acc\":\"" + seeds[0] + "\",\"conns\":\"" + seeds[1] + "\"}]}",
                                  seeds[0], "{\"" + seeds[0] + "\": [" + seeds[1]}) {
    std::ofstream(snap, std::ios::binary | std::ios::trunc) << body;
    outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "--connz", snap.string(), copy.dir().string()}));
    outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "--accstatz", snap.string(), copy.dir().string()}));
  }
  outputs.push_back(RunNsclint({"--now=2026-06-01T00:00:00Z", "--connz", seeds[0] + ".json", "fixtures/clean"}));
  std::ofstream(copy.dir() / (seeds[1] + ".json")) << "{";
  outputs.push_back(RunNsclint(
      {"--now=2026-06-01T00:00:00Z", "--accstatz", (copy.dir() / (seeds[1] + ".json")).string(), "fixtures/clean"}));

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
