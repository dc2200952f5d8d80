// One root cause, one finding (SPEC §2): where two rules could report one
// defect, exactly one does, and the other's fact is context in its message.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";

// rule -> messages, for the findings about `key`.
std::map<std::string, std::vector<std::string>> FindingsOn(const std::string& json_text, const std::string& key) {
  std::map<std::string, std::vector<std::string>> out;
  const nlohmann::json doc = nlohmann::json::parse(json_text);
  for (const auto& f : doc.at("findings")) {
    if (f.at("entity").at("key") == key) out[f.at("rule")].push_back(f.at("message"));
  }
  return out;
}

// NL101 / NL502: an expired activation token kills its import; NL502 alone
// reports it, with the fix that renews the import.
TEST(RootCause, ExpiredActivationIsNL502Only) {
  const RunResult r = RunNsclint({kNow, "-f", "json", "fixtures/cases/NL101-near-miss-expired-activation/store"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto on_a = FindingsOn(r.out, "ABXKJPK644MNG52ZJZ3H5KJNSOGN2NPSXGIJSXZBZOQKJ4K2U4XNH5OL");
  EXPECT_EQ(on_a.count("NL101"), 0u) << r.out;
  ASSERT_EQ(on_a.count("NL502"), 1u) << r.out;
  EXPECT_NE(on_a.at("NL502").at(0).find("expired at 2026-05-01T00:00:00Z"), std::string::npos);

  // The demo's billing account: its expired activation for orders.status.
  const RunResult demo = RunNsclint({kNow, "-f", "json", "--ignore", "NL602", "fixtures/demo"});
  const auto on_billing = FindingsOn(demo.out, "ADMYAODBIDB2WRS5P5DNMHAECAJADIVA4O6ZETXRXSQTR4TFU4K35GNL");
  EXPECT_EQ(on_billing.count("NL101"), 0u) << demo.out;
  EXPECT_EQ(on_billing.count("NL502"), 1u) << demo.out;
}

// NL101 on an exporter / NL504: an expired exporting account is NL101's
// finding, which counts what it kills (its users, the imports from it) and
// points at the importers; NL504 stays silent on them.
TEST(RootCause, ExpiredExporterIsNL101WithBlastRadius) {
  const RunResult r = RunNsclint({kNow, "-f", "sarif", "fixtures/cases/NL504-near-miss-source-expired/store"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json sarif = nlohmann::json::parse(r.out);
  std::vector<nlohmann::json> results;
  for (const auto& res : sarif.at("runs").at(0).at("results")) results.push_back(res);
  ASSERT_EQ(results.size(), 1u) << r.out;  // no NL504 on A
  const auto& nl101 = results.at(0);
  EXPECT_EQ(nl101.at("ruleId"), "NL101");
  EXPECT_EQ(nl101.value("level", "error"), "error");  // SARIF omits the default level
  EXPECT_EQ(nl101.at("properties").at("entity").at("publicKey"),
            "ACQMG7HLA7GWMUWDC3WZ4EXCCXN3TAVUJF4ZES233QKRRUM2UFIOBL3J");
  const std::string text = nl101.at("message").at("text");
  EXPECT_NE(text.find("The server does not load it. Blast radius: 1 user refused; 1 import in 'A' dead."),
            std::string::npos)
      << text;
  ASSERT_EQ(nl101.at("relatedLocations").size(), 1u) << nl101.dump(2);
  EXPECT_NE(nl101.at("relatedLocations")
                .at(0)
                .at("physicalLocation")
                .at("artifactLocation")
                .at("uri")
                .get<std::string>()
                .find("accounts/A/A.jwt"),
            std::string::npos)
      << nl101.dump(2);
}

// NL005 / NL006: a user JWT copied under the folder of an account of the store,
// issued by an account the store does not hold. The server rejects it as that
// account's user (NL005, the finding); that it is an orphan is its context.
TEST(RootCause, ForeignUserIsNL005WithOrphanContext) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures/cases/NL006-user-account-missing/store", "foreign-user");
  const fs::path accounts = copy.dir() / "OP" / "accounts";
  fs::create_directories(accounts / "SYS" / "users");
  fs::rename(accounts / "A" / "users" / "alice.jwt", accounts / "SYS" / "users" / "alice.jwt");
  fs::remove_all(accounts / "A");

  const RunResult r = RunNsclint({kNow, "-f", "json", copy.dir().string()});
  const auto on_alice = FindingsOn(r.out, "UAJ2YNPERL7ZCPTAK2C4UIJ4PLO3M5J3VHISZZ23IW33GWRCWIDWHBT7");
  EXPECT_EQ(on_alice.count("NL006"), 0u) << r.out;
  ASSERT_EQ(on_alice.count("NL005"), 1u) << r.out;
  const std::string& message = on_alice.at("NL005").at(0);
  EXPECT_NE(message.find("which is neither account 'SYS' nor one of its signing keys: the server rejects it."),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("is no account of the store either"), std::string::npos) << message;
  EXPECT_NE(message.find("reported here rather than as NL006"), std::string::npos) << message;

  // Under a folder whose account is missing too, it stays NL006's: NL005 has no account to judge it by.
  const RunResult orphan = RunNsclint({kNow, "-f", "json", "fixtures/cases/NL006-user-account-missing/store"});
  const auto on_orphan = FindingsOn(orphan.out, "UAJ2YNPERL7ZCPTAK2C4UIJ4PLO3M5J3VHISZZ23IW33GWRCWIDWHBT7");
  EXPECT_EQ(on_orphan.count("NL006"), 1u) << orphan.out;
  EXPECT_EQ(on_orphan.count("NL005"), 0u) << orphan.out;
}

// NL009 / a specific rule: a blocking issue of the library's Validate that a
// specific rule reports is that rule's alone. A queue group on a publish
// permission ("Permission Subject ... is not allowed to contain queue") is
// NL204's; an account without limits whose export the library rejects
// (exports read as 0, wildcards as false) is NL406's.
TEST(RootCause, SpecificRuleReportsWhatNL009WouldQuote) {
  const RunResult queue = RunNsclint({kNow, "-f", "json", "fixtures/cases/NL204-user-pub-allow-with-queue/store"});
  const auto on_alice = FindingsOn(queue.out, "UCFPQCYDIHJGSHWPWMFTYEEFEG2HFTETB5VZHXPD7SNRXOBX37ZHT3TR");
  ASSERT_EQ(on_alice.count("NL204"), 1u) << queue.out;
  EXPECT_NE(on_alice.at("NL204").at(0).find("the server refuses the user"), std::string::npos);
  EXPECT_EQ(on_alice.count("NL009"), 0u) << queue.out;

  const RunResult limits = RunNsclint({kNow, "-f", "json", "fixtures/cases/NL406-no-limits-with-export/store"});
  const auto on_a = FindingsOn(limits.out, "ADS6CMY4B3BBHRMX7BZOMOWUJFUOHYJJBMVJQORFLQAOOEJMWIEIDVH2");
  ASSERT_EQ(on_a.count("NL406"), 1u) << limits.out;
  EXPECT_NE(on_a.at("NL406").at(0).find("rejects the whole account JWT"), std::string::npos);
  EXPECT_EQ(on_a.count("NL009"), 0u) << limits.out;

  // The same defects where no specific rule owns them are NL009's: an export
  // limit in a limits object (NL009-exports-above-limit), not NL406.
  const RunResult own = RunNsclint({kNow, "-f", "json", "fixtures/cases/NL009-exports-above-limit/store"});
  const auto on_own = FindingsOn(own.out, "AB4NCI5GB65MFW2FCX6KLWXWHFQ5DDO6LUSFHWW6FCOLEJC752G5F4YE");
  EXPECT_EQ(on_own.count("NL009"), 1u) << own.out;
  EXPECT_EQ(on_own.count("NL406"), 0u) << own.out;
}

}  // namespace
}  // namespace nsclint::testing
