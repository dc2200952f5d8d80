// NL7xx and the snapshot reader: real nats-server 2.9.10 snapshots
// (fixtures/snapshots), later shapes, and hostile or wrong files (exit 2, one
// line naming the file).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "lint/decode/snapshot.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;

const char* kNow = "--now=2026-06-01T00:00:00Z";

std::string Key(const std::string& label) {
  static const auto keys = nlohmann::json::parse(ReadFile(SourceDir() + "/fixtures/keys.json"));
  return keys.at(label);
}

std::string Snap(const std::string& name) {
  return SourceDir() + "/fixtures/snapshots/" + name;
}

TEST(Snapshot, RealConnzNamesClosedJwtUsersFromTheirJwt) {
  Activity a;
  ASSERT_EQ(LoadConnz(Snap("clean-connz-all.json"), &a), "");
  ASSERT_EQ(a.connections.size(), 2u);
  const ConnRecord* web = nullptr;
  const ConnRecord* stocker = nullptr;
  for (const auto& c : a.connections) {
    if (c.user_key == Key("clean/account/prod/shop/user/web")) web = &c;
    if (c.user_key == Key("clean/account/prod/inventory/user/stocker")) stocker = &c;
  }
  ASSERT_NE(web, nullptr);  // 2.9.10: no authorized_user on the closed connection
  EXPECT_FALSE(web->open);
  EXPECT_GT(web->stop, 0);
  EXPECT_EQ(web->reason, "Client Closed");
  EXPECT_EQ(web->name_tag, "web");
  ASSERT_NE(stocker, nullptr);
  EXPECT_TRUE(stocker->open);
}

TEST(Snapshot, RealAccstatzSumsAndListsIdleAccounts) {
  Activity a;
  ASSERT_EQ(LoadAccstatz(Snap("clean-accstatz-unused.json"), &a), "");
  ASSERT_EQ(a.accounts.count(Key("clean/account/prod/inventory")), 1u);
  EXPECT_EQ(a.accounts[Key("clean/account/prod/inventory")].conns, 1);
  EXPECT_EQ(a.accounts[Key("clean/account/prod/shop")].conns, 0);
  ASSERT_EQ(LoadAccstatz(Snap("clean-accstatz-unused.json"), &a), "");  // a second server: summed
  EXPECT_EQ(a.accounts[Key("clean/account/prod/inventory")].conns, 2);
  EXPECT_EQ(a.accstatz_files.size(), 2u);
}

TEST(Snapshot, LaterShapesAndNameTagFallback) {
  Activity a;
  // >= 2.9.17 keeps authorized_user on closed connections; >= 2.14 blanks bearer JWTs; extra fields are ignored.
  const char* connz = R"({"server_id":"N","now":"2026-06-01T00:00:00Z","connections":[
    {"cid":1,"authorized_user":"UKEY","stop":"2026-05-31T10:00:00.5+02:00","reason":"Client Closed","tls_first":false,
     "stalls":3,"proxy":{"key":"x"}},
    {"cid":2,"jwt":"","name_tag":"bearer-user","stop":"2026-05-30T00:00:00Z"},
    {"cid":3,"jwt":"not.a.jwt","account":"AKEY"}]})";
  ASSERT_EQ(ParseConnz(connz, "c.json", &a), "");
  ASSERT_EQ(a.connections.size(), 3u);
  EXPECT_EQ(a.connections[0].user_key, "UKEY");
  EXPECT_EQ(a.connections[0].stop, 1780214400);  // 08:00:00Z, fraction dropped
  EXPECT_EQ(a.connections[1].user_key, "");
  EXPECT_EQ(a.connections[1].name_tag, "bearer-user");
  EXPECT_TRUE(a.connections[2].open);
  EXPECT_EQ(ParseConnz(R"({"connections":null})", "empty.json", &a), "");
  const char* accstatz = R"({"account_statz":[{"acc":"AKEY","name":"A","conns":0,"num_subscriptions":2,
    "sent":{"msgs":1,"bytes":2,"gateways":{"msgs":0,"bytes":0}},"received":{"msgs":0,"bytes":0,"routes":{}}}]})";
  ASSERT_EQ(ParseAccstatz(accstatz, "a.json", &a), "");
  EXPECT_EQ(a.accounts["AKEY"].sent_msgs, 1);
}

TEST(Snapshot, WrongShapesNameFileAndField) {
  Activity a;
  EXPECT_EQ(ParseConnz("{", "c.json", &a), "c.json: not valid JSON (Missing a name for object member. at offset 1)");
  EXPECT_EQ(ParseConnz("[]", "c.json", &a), "c.json: not a monitoring snapshot (the JSON is not an object)");
  EXPECT_EQ(ParseConnz(R"({"a":1} x)", "c.json", &a),
            "c.json: not valid JSON (The document root must not be followed by other values. at offset 8)");
  EXPECT_EQ(ParseConnz(R"({"server_id":"N"})", "c.json", &a),
            "c.json: not a /connz snapshot (no \"connections\" array; save /connz?auth=true)");
  EXPECT_EQ(ParseConnz(R"({"account_statz":[]})", "c.json", &a),
            "c.json: an /accstatz snapshot, not /connz (pass it with --accstatz)");
  EXPECT_EQ(ParseConnz(R"({"connections":[1]})", "c.json", &a), "c.json: connections[0] is not an object");
  EXPECT_EQ(ParseConnz(R"({"connections":[{"authorized_user":5}]})", "c.json", &a),
            "c.json: connections[0].authorized_user is not a string");
  EXPECT_EQ(ParseConnz(R"({"connections":[{"stop":"yesterday"}]})", "c.json", &a),
            "c.json: connections[0].stop is not an RFC 3339 time");
  EXPECT_EQ(ParseAccstatz(R"({"connections":[]})", "a.json", &a),
            "a.json: a /connz snapshot, not /accstatz (pass it with --connz)");
  EXPECT_EQ(ParseAccstatz(R"({"account_statz":[{"conns":1}]})", "a.json", &a),
            "a.json: account_statz[0] has no \"acc\"");
  EXPECT_EQ(ParseAccstatz(R"({"account_statz":[{"acc":"A","conns":1.5}]})", "a.json", &a),
            "a.json: account_statz[0].conns is not a non-negative integer");
  EXPECT_EQ(ParseAccstatz(R"({"account_statz":[{"acc":"A","sent":[]}]})", "a.json", &a),
            "a.json: account_statz[0].sent is not an object");
  EXPECT_TRUE(a.connections.empty());  // nothing of a failed file is kept
  EXPECT_TRUE(a.accounts.empty());
  // Deep nesting is parsed iteratively: an error, never a stack overflow.
  std::string deep = "{\"connections\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
  EXPECT_EQ(ParseConnz(deep, "deep.json", &a), "deep.json: connections[0] is not an object");
}

TEST(Activity, RealSnapshotsOnTheCleanStore) {
  TempCopy copy(fs::path(SourceDir()) / "fixtures" / "clean", "activity");
  copy.SecretsOwnerOnly();
  RunResult r = RunNsclint({kNow, "-f", "json", "--connz", Snap("clean-connz-all.json"), "--accstatz",
                            Snap("clean-accstatz-unused.json"), copy.dir().string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;  // notes only
  std::multiset<std::tuple<std::string, std::string, std::string>> got;
  const auto doc = nlohmann::json::parse(r.out);
  for (const auto& f : doc.at("findings")) {
    got.insert({f.at("rule").get<std::string>(), f.at("level").get<std::string>(),
                f.at("entity").at("key").get<std::string>()});
  }
  std::multiset<std::tuple<std::string, std::string, std::string>> want = {
      {"NL701", "note", Key("clean/account/prod/shop/user/web")},
      {"NL701", "note", Key("clean/account/prod/shop/user/checkout")},
      {"NL702", "note", Key("clean/account/prod/shop")},
  };
  EXPECT_EQ(got, want) << r.out;

  RunResult text = RunNsclint({kNow, "--connz", Snap("clean-connz-all.json"), copy.dir().string()});
  EXPECT_NE(text.out.find("note NL701 disconnected-user: user 'web' (UADE66OX…) has no open connection in the connz "
                          "snapshot; last seen 2026-"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("(Client Closed)."), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("user 'checkout' (" + Key("clean/account/prod/shop/user/checkout").substr(0, 8) +
                          "…) has no open connection in the connz snapshot, and no closed one either."),
            std::string::npos)
      << text.out;

  // Open connections only, and accstatz without ?unused: shop is absent, still inactive.
  RunResult open = RunNsclint({kNow, "-f", "json", "--connz", Snap("clean-connz-open.json"), "--accstatz",
                               Snap("clean-accstatz.json"), copy.dir().string()});
  size_t nl701 = 0, nl702 = 0;
  const auto open_doc = nlohmann::json::parse(open.out);
  for (const auto& f : open_doc.at("findings")) {
    nl701 += f.at("rule") == "NL701";
    nl702 += f.at("rule") == "NL702";
  }
  EXPECT_EQ(nl701, 2u);
  EXPECT_EQ(nl702, 1u);

  // Without the flags, nothing.
  RunResult none = RunNsclint({kNow, copy.dir().string()});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.out.find("NL70"), std::string::npos);
}

TEST(Activity, BadSnapshotIsExit2WithOneLine) {
  fs::path bad = fs::temp_directory_path() / "nsclint-bad-connz.json";
  std::ofstream(bad) << "{\"connections\": [1, 2";
  RunResult r = RunNsclint({kNow, "--connz", bad.string(), "fixtures/clean"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "nsclint: error: " + bad.string() +
                       ": not valid JSON (Missing a comma or ']' after an array element. at offset 21)\n");
  RunResult swapped = RunNsclint({kNow, "--accstatz", Snap("clean-connz-all.json"), "fixtures/clean"});
  EXPECT_EQ(swapped.exit_code, 2);
  EXPECT_EQ(swapped.err, "nsclint: error: " + Snap("clean-connz-all.json") +
                             ": a /connz snapshot, not /accstatz (pass it with --connz)\n");
  RunResult missing = RunNsclint({kNow, "--connz", "no/such.json", "fixtures/clean"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "nsclint: error: no/such.json: cannot read the snapshot: No such file or directory\n");
  fs::remove(bad);
}

}  // namespace
}  // namespace nsclint::testing
