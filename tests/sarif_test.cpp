// nsclint's real SARIF output against the official SARIF 2.1.0 schema and
// GitHub's upload rules (scripts/validate-sarif.sh, installed by scripts/test.sh).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "lint/registry/registry.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

TEST(Sarif, RealOutputPassesSchemaAndGitHubRules) {
  const char* validator = std::getenv("NSCLINT_SARIF_VALIDATOR");
  if (validator == nullptr || *validator == '\0') {
    GTEST_SKIP() << "set NSCLINT_SARIF_VALIDATOR=scripts/validate-sarif.sh (scripts/test.sh does)";
  }
  fs::path dir = fs::temp_directory_path() / ("nsclint-sarif-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<std::string> inputs = {"fixtures/demo", "fixtures/clean", "fixtures/cases"};
  if (fs::exists(SourceDir() + "/../shared/realworld")) inputs.push_back("../shared/realworld");
  std::string cmd = std::string("'") + validator + "'";
  for (size_t i = 0; i < inputs.size(); ++i) {
    RunResult r = RunNsclint({"--now=2026-06-01T00:00:00Z", "-f", "sarif", inputs[i]});
    ASSERT_LE(r.exit_code, 1) << inputs[i] << ": " << r.err;
    fs::path file = dir / ("run" + std::to_string(i) + ".sarif");
    std::ofstream(file) << r.out;
    cmd += " '" + file.string() + "'";
  }
  int status = std::system((cmd + " >" + (dir / "log").string() + " 2>&1").c_str());
  EXPECT_EQ(status, 0) << ReadFile((dir / "log").string());
  fs::remove_all(dir);
}

TEST(Sarif, ShapeOfDemoRun) {
  RunResult r = RunNsclint({"--now=2026-06-01T00:00:00Z", "-f", "sarif", "fixtures/demo"});
  auto doc = nlohmann::json::parse(r.out);
  const auto& run = doc.at("runs").at(0);
  EXPECT_EQ(run.at("tool").at("driver").at("name"), "nsclint");
  EXPECT_EQ(run.at("tool").at("driver").at("rules").size(), AllRules().size());
  ASSERT_FALSE(run.at("results").empty());
  for (const auto& res : run.at("results")) {
    const auto& loc = res.at("locations").at(0);
    std::string uri = loc.at("physicalLocation").at("artifactLocation").at("uri");
    EXPECT_EQ(uri.rfind("fixtures/demo/", 0), 0u) << uri;  // relative to the git top level
    EXPECT_EQ(loc.at("physicalLocation").at("artifactLocation").at("uriBaseId"), "%SRCROOT%");
    EXPECT_GE(loc.at("physicalLocation").at("region").at("startLine").get<int>(), 1);
    EXPECT_TRUE(res.at("partialFingerprints").contains("primaryLocationLineHash"));
    EXPECT_EQ(run.at("tool").at("driver").at("rules").at(res.at("ruleIndex").get<size_t>()).at("id"), res.at("ruleId"));
  }
  // A logical location operator/account/user for a user finding.
  bool found = false;
  for (const auto& res : run.at("results")) {
    const auto& loc = res.at("locations").at(0);
    if (res.at("ruleId") == "NL101" && loc.contains("logicalLocations") &&
        loc.at("logicalLocations").at(0).at("fullyQualifiedName") == "acme/billing/contractor") {
      found = true;
    }
  }
  EXPECT_TRUE(found) << r.out;
}

TEST(Sarif, FingerprintsStableWhenTheStoreMoves) {
  fs::path dir = fs::temp_directory_path() / ("nsclint-move-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::copy(SourceDir() + "/fixtures/demo", dir / "elsewhere", fs::copy_options::recursive);
  // Outside git the modes count (NL602): 0600, as nsc and generate.sh write them.
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".nk" || e.path().extension() == ".creds") {
      fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write);
    }
  }
  auto prints = [](const std::string& out) {
    std::multiset<std::string> s;
    const auto doc = nlohmann::json::parse(out);
    for (const auto& res : doc.at("runs").at(0).at("results")) {
      s.insert(res.at("ruleId").get<std::string>() + " " +
               res.at("partialFingerprints").at("primaryLocationLineHash").get<std::string>());
    }
    return s;
  };
  RunResult a = RunNsclint({"--now=2026-06-01T00:00:00Z", "-f", "sarif", "fixtures/demo"});
  RunResult b = RunNsclint(
      {"--now=2026-06-01T00:00:00Z", "-f", "sarif", "--sarif-root", dir.string(), (dir / "elsewhere").string()});
  // NL001 findings have no key and fall back to the path; every other finding is keyed by entity.
  auto pa = prints(a.out), pb = prints(b.out);
  std::erase_if(pa, [](const std::string& s) { return s.rfind("NL001", 0) == 0; });
  std::erase_if(pb, [](const std::string& s) { return s.rfind("NL001", 0) == 0; });
  EXPECT_EQ(pa, pb);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nsclint::testing
