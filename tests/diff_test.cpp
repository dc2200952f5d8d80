// Change review (`nsclint diff`, SPEC §3 "Change review"): pairs of stores,
// made in the test from the demo store by editing claims and re-signing them
// with the fixture keys (fixtures/README.md: seeds derived from public labels),
// one firing case and one near-miss per change kind; the real nsc making a
// change where NSCLINT_NSC is set; --against REV in a throwaway git repository;
// the three outputs and the exit codes.
#include "lint/diff/diff.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/base/base64.h"
#include "lint/base/nkeys.h"
#include "lint/base/util.h"
#include "tests/nsc_util.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;
using diff::Change;
using diff::DiffResult;
using diff::Risk;
using nlohmann::ordered_json;

constexpr int64_t kNow = 1780272000;  // 2026-06-01T00:00:00Z, the fixtures' clock
const char* kNowFlag = "--now=2026-06-01T00:00:00Z";

// Keys for the test: the demo keys dir's seeds, plus keys made here from a label.
class Keys {
 public:
  explicit Keys(const fs::path& keys_dir) : dir_(keys_dir) {}

  // A new key of `role`, its seed derived from `label`.
  std::string Make(nkeys::Role role, const std::string& label) {
    nkeys::EnsureSodium();
    std::array<uint8_t, 32> seed{};
    crypto_hash_sha256(seed.data(), reinterpret_cast<const unsigned char*>(label.data()), label.size());
    unsigned char pk[32], sk[64];
    crypto_sign_seed_keypair(pk, sk, seed.data());
    sodium_memzero(sk, sizeof sk);
    std::array<uint8_t, 32> raw{};
    std::copy(pk, pk + 32, raw.begin());
    const std::string pub = nkeys::EncodePublic(role, raw);
    made_[pub] = seed;
    return pub;
  }

  // The 32 seed bytes of `pub`.
  std::array<uint8_t, 32> Seed(const std::string& pub) const {
    if (auto it = made_.find(pub); it != made_.end()) return it->second;
    const fs::path file = dir_ / "keys" / pub.substr(0, 1) / pub.substr(1, 2) / (pub + ".nk");
    const std::string text = Trim(ReadFile(file.string()));
    auto raw = nkeys::Base32Decode(text);
    std::array<uint8_t, 32> seed{};
    if (raw && raw->size() == 36) std::copy(raw->begin() + 2, raw->begin() + 34, seed.begin());
    EXPECT_TRUE(raw && raw->size() == 36) << "no seed for " << pub << " in " << file;
    return seed;
  }

 private:
  fs::path dir_;
  std::map<std::string, std::array<uint8_t, 32>> made_;
};

ordered_json Claims(const std::string& token) {
  const size_t d1 = token.find('.'), d2 = token.rfind('.');
  return ordered_json::parse(*Base64UrlDecode(token.substr(d1 + 1, d2 - d1 - 1)));
}

std::string Sign(const ordered_json& claims, const Keys& keys) {
  const std::string header = Base64UrlEncode(R"({"typ":"JWT","alg":"ed25519-nkey"})");
  const std::string signing = header + "." + Base64UrlEncode(claims.dump());
  const auto seed = keys.Seed(claims.at("iss").get<std::string>());
  unsigned char pk[32], sk[64], sig[64];
  crypto_sign_seed_keypair(pk, sk, seed.data());
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(signing.data()), signing.size(), sk);
  sodium_memzero(sk, sizeof sk);
  return signing + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(sig), 64));
}

constexpr const char* kDev1 = "staging/accounts/dev/users/dev1.jwt";
constexpr const char* kDev = "staging/accounts/dev/dev.jwt";
constexpr const char* kStaging = "staging/staging.jwt";
constexpr const char* kUser = "staging/dev/dev1";

// Two copies of the demo store: `old` stays, `new` gets the change.
class DiffTest : public ::testing::Test {
 protected:
  DiffTest()
      : old_(fs::path(SourceDir()) / "fixtures" / "demo", "diff-old"),
        new_(fs::path(SourceDir()) / "fixtures" / "demo", "diff-new"),
        keys_(old_.dir() / "keys") {}

  fs::path Old(const std::string& rel) const { return old_.dir() / "store" / rel; }
  fs::path New(const std::string& rel) const { return new_.dir() / "store" / rel; }

  // Edits the claims of a JWT of one side and re-signs it with its `iss`
  // after the edit. The jti is derived from the claims, so the same edit on
  // both sides gives the same token (ed25519 signatures are deterministic).
  void Edit(const fs::path& file, const std::function<void(ordered_json&)>& change) {
    ordered_json c = Claims(Trim(ReadFile(file.string())));
    change(c);
    c["jti"] = "";
    unsigned char digest[32];
    const std::string text = c.dump();
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    c["jti"] = nkeys::Base32Encode(digest, 32).substr(0, 52);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << Sign(c, keys_);
  }
  void EditNew(const std::string& rel, const std::function<void(ordered_json&)>& change) { Edit(New(rel), change); }
  void EditOld(const std::string& rel, const std::function<void(ordered_json&)>& change) { Edit(Old(rel), change); }

  // A copy of a user JWT under a new key and name (in `account_dir` of side `root`).
  std::string AddUser(const fs::path& root, const std::string& account_dir, const std::string& name,
                      const std::function<void(ordered_json&)>& change) {
    const std::string key = keys_.Make(nkeys::Role::kUser, "diff-test/user/" + name);
    ordered_json c = Claims(Trim(ReadFile(Old(kDev1).string())));
    c["sub"] = key;
    c["name"] = name;
    c["nats"]["pub"] = {{"allow", {"app." + name + ".>"}}};
    c["nats"]["sub"] = {{"allow", {"app." + name + ".>", "_INBOX.>"}}};
    change(c);
    std::ofstream(root / "staging/accounts" / account_dir / "users" / (name + ".jwt"), std::ios::binary)
        << Sign(c, keys_);
    return key;
  }

  // Old -> new, or with `backwards` new -> old (the change undone).
  DiffResult Run(const std::string& store = "staging", bool backwards = false) {
    diff::Side o{{Old(store).string()}, Old("").string(), ""};
    diff::Side n{{New(store).string()}, New("").string(), ""};
    if (backwards) std::swap(o, n);
    while (o.root.back() == '/') o.root.pop_back();
    while (n.root.back() == '/') n.root.pop_back();
    diff::DiffOptions options;
    options.engine.now = kNow;
    options.engine.jobs = 1;
    options.engine.no_git = true;
    return diff::Diff(o, n, options);
  }

  static std::string Dump(const DiffResult& r) { return diff::RenderText(r); }

  // The one change of `kind` on `entity` (its logical path); fails the test when there is not exactly one.
  static Change One(const DiffResult& r, const std::string& kind, const std::string& entity,
                    const std::string& field = "") {
    std::vector<Change> found;
    for (const auto& c : r.changes) {
      if (c.kind == kind && c.entity_name == entity && (field.empty() || c.field == field)) found.push_back(c);
    }
    EXPECT_EQ(found.size(), 1u) << kind << " on " << entity << " " << field << "\n" << Dump(r);
    return found.empty() ? Change{} : found[0];
  }

  Keys& keys() { return keys_; }

  TempCopy old_, new_;
  Keys keys_;
};

// ---- no change -------------------------------------------------------------

TEST_F(DiffTest, SameStoreIsNoChange) {
  DiffResult r = Run();
  EXPECT_TRUE(r.changes.empty()) << Dump(r);
  EXPECT_TRUE(r.introduced.empty());
  EXPECT_TRUE(r.fixed.empty());
  EXPECT_EQ(diff::RenderText(r), "nsclint diff: 0 changes; 0 findings introduced, 0 fixed\n");
}

TEST_F(DiffTest, ReSigningWithoutClaimChangesIsNoChange) {
  // A new iat and jti, as nsc writes when it signs again.
  const auto later = [](ordered_json& c) { c["iat"] = c.value("iat", int64_t{0}) + 60; };
  EditNew(kDev1, later);
  EditNew(kDev, later);
  EditNew(kStaging, later);
  DiffResult r = Run();
  EXPECT_TRUE(r.changes.empty()) << Dump(r);
  EXPECT_TRUE(r.introduced.empty()) << Dump(r);
}

// ---- user permissions ----------------------------------------------------------

TEST_F(DiffTest, PubAllowWidenedIsMedium) {
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["pub"]["allow"] = {"app.>"}; });
  DiffResult r = Run();
  Change c = One(r, "permissions-widened", kUser, "pub");
  EXPECT_EQ(c.risk, Risk::kMedium);
  EXPECT_EQ(c.entity_kind, "user");
  EXPECT_EQ(c.old_value, "allow app.dev1.>");
  EXPECT_EQ(c.new_value, "allow app.>");
  EXPECT_EQ(c.message, "pub permissions widened: allow app.dev1.> → allow app.>");
  EXPECT_EQ(c.file, "staging/accounts/dev/users/dev1.jwt");
  EXPECT_EQ(r.changes.size(), 1u) << Dump(r);
}

TEST_F(DiffTest, PubAllowEverythingIsHigh) {
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["pub"]["allow"] = {">"}; });
  DiffResult r = Run();
  EXPECT_EQ(One(r, "permissions-widened", kUser, "pub").risk, Risk::kHigh);
}

TEST_F(DiffTest, FirstLevelWildcardIsHighAndEmptyAllowListMeansEverything) {
  EditNew(kDev1, [](ordered_json& c) {
    c["nats"]["sub"]["allow"] = {"*.events"};
    c["nats"]["pub"] = ordered_json::object();
  });
  DiffResult r = Run();
  Change sub = One(r, "permissions-changed", kUser, "sub");
  EXPECT_EQ(sub.risk, Risk::kHigh);
  Change pub = One(r, "permissions-widened", kUser, "pub");
  EXPECT_EQ(pub.new_value, "allow everything");
  EXPECT_EQ(pub.risk, Risk::kHigh);
}

TEST_F(DiffTest, ReorderIsNoChange) {
  EditOld(kDev1, [](ordered_json& c) { c["nats"]["sub"]["allow"] = {"_INBOX.>", "app.dev1.>"}; });
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["sub"]["allow"] = {"app.dev1.>", "_INBOX.>"}; });
  DiffResult r = Run();
  EXPECT_TRUE(r.changes.empty()) << Dump(r);
}

TEST_F(DiffTest, ConsolidationToAWildcardIsWidened) {
  EditOld(kDev1, [](ordered_json& c) { c["nats"]["pub"]["allow"] = {"a.b", "a.c"}; });
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["pub"]["allow"] = {"a.*"}; });
  DiffResult r = Run();
  Change c = One(r, "permissions-widened", kUser, "pub");
  EXPECT_EQ(c.risk, Risk::kMedium);
  EXPECT_EQ(c.old_value, "allow a.b, a.c");
  EXPECT_EQ(c.new_value, "allow a.*");
}

TEST_F(DiffTest, ConsolidationCoveringTheSameSubjectsIsNoChange) {
  EditOld(kDev1, [](ordered_json& c) { c["nats"]["pub"]["allow"] = {"a.b", "a.>", "a.c.d"}; });
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["pub"]["allow"] = {"a.>"}; });
  DiffResult r = Run();
  EXPECT_TRUE(r.changes.empty()) << Dump(r);
}

TEST_F(DiffTest, NarrowedIsLowAndChangedListsBoth) {
  EditNew(kDev1, [](ordered_json& c) {
    c["nats"]["pub"]["allow"] = {"app.dev1.x"};
    c["nats"]["sub"]["allow"] = {"app.dev2.>", "_INBOX.>"};
  });
  DiffResult r = Run();
  Change n = One(r, "permissions-narrowed", kUser, "pub");
  EXPECT_EQ(n.risk, Risk::kLow);
  Change c = One(r, "permissions-changed", kUser, "sub");
  EXPECT_EQ(c.risk, Risk::kMedium);
  EXPECT_EQ(c.old_value, "allow _INBOX.>, app.dev1.>");
  EXPECT_EQ(c.new_value, "allow _INBOX.>, app.dev2.>");
}

TEST_F(DiffTest, DenyAddedNarrowsDenyRemovedWidens) {
  EditOld(kDev1, [](ordered_json& c) { c["nats"]["pub"]["deny"] = {"app.dev1.secret"}; });
  DiffResult removed = Run();
  Change w = One(removed, "permissions-widened", kUser, "pub");
  EXPECT_EQ(w.old_value, "allow app.dev1.>; deny app.dev1.secret");
  EXPECT_EQ(w.new_value, "allow app.dev1.>");
  // Near-miss: a deny of a subject the user could not publish to anyway.
  EditOld(kDev1, [](ordered_json& c) { c["nats"]["pub"]["deny"] = {"other.>"}; });
  EXPECT_TRUE(Run().changes.empty()) << Dump(Run());
}

TEST_F(DiffTest, RespSetIsWidened) {
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["resp"] = {{"max", 1}, {"ttl", 5'000'000'000}}; });
  DiffResult r = Run();
  Change c = One(r, "permissions-widened", kUser, "resp");
  EXPECT_EQ(c.new_value, "max 1, ttl 5s");
  EXPECT_EQ(c.risk, Risk::kMedium);
}

// ---- user settings -------------------------------------------------------------

TEST_F(DiffTest, BearerEnabledIsHighDisabledIsLow) {
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["bearer_token"] = true; });
  DiffResult r = Run();
  Change on = One(r, "bearer-enabled", kUser);
  EXPECT_EQ(on.risk, Risk::kHigh);
  EXPECT_EQ(on.message, "made a bearer user: its JWT alone connects, no key needed");
  EditOld(kDev1, [](ordered_json& c) { c["nats"]["bearer_token"] = true; });
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["bearer_token"] = false; });
  EXPECT_EQ(One(Run(), "bearer-disabled", kUser).risk, Risk::kLow);
}

TEST_F(DiffTest, ExpiryRemovedIsHighExtendedAndSetAreLow) {
  EditNew(kDev1, [](ordered_json& c) { c.erase("exp"); });
  Change removed = One(Run(), "expiry-removed", kUser);
  EXPECT_EQ(removed.risk, Risk::kHigh);
  EXPECT_EQ(removed.old_value, "2027-01-01T00:00:00Z");
  EXPECT_EQ(removed.new_value, "never");
  EditNew(kDev1, [](ordered_json& c) { c["exp"] = 1830297600; });
  EXPECT_EQ(One(Run(), "expiry-extended", kUser).risk, Risk::kLow);
  EditOld(kDev1, [](ordered_json& c) { c.erase("exp"); });
  EXPECT_EQ(One(Run(), "expiry-set", kUser).new_value, "2028-01-01T00:00:00Z");
}

TEST_F(DiffTest, UserLimitsAndConnectionTypes) {
  EditNew(kDev1, [](ordered_json& c) {
    c["nats"]["subs"] = 100;
    c["nats"]["allowed_connection_types"] = {"STANDARD"};
  });
  DiffResult r = Run();
  Change subs = One(r, "limit-lowered", kUser, "limits.subs");
  EXPECT_EQ(subs.old_value, "unlimited");
  EXPECT_EQ(subs.new_value, "100");
  Change ct = One(r, "connection-types-narrowed", kUser);
  EXPECT_EQ(ct.old_value, "any");
  EXPECT_EQ(ct.new_value, "STANDARD");
  // The other way round: raised and widened.
  EditOld(kDev1, [](ordered_json& c) {
    c["nats"]["subs"] = 10;
    c["nats"]["allowed_connection_types"] = {"STANDARD"};
  });
  EditNew(kDev1, [](ordered_json& c) {
    c["nats"]["subs"] = -1;
    c["nats"]["allowed_connection_types"] = {"STANDARD", "WEBSOCKET"};
  });
  DiffResult back = Run();
  EXPECT_EQ(One(back, "limit-raised", kUser, "limits.subs").risk, Risk::kMedium);
  EXPECT_EQ(One(back, "connection-types-widened", kUser).new_value, "STANDARD, WEBSOCKET");
}

TEST_F(DiffTest, UserAddedRemovedAndReKeyed) {
  AddUser(New(""), "dev", "newbie", [](ordered_json&) {});
  DiffResult r = Run();
  Change added = One(r, "user-added", "staging/dev/newbie");
  EXPECT_EQ(added.risk, Risk::kLow);
  EXPECT_EQ(added.new_value, "pub allow app.newbie.>; sub allow _INBOX.>, app.newbie.>");
  // A broad new user is high.
  AddUser(New(""), "dev", "root", [](ordered_json& c) { c["nats"]["pub"]["allow"] = {">"}; });
  EXPECT_EQ(One(Run(), "user-added", "staging/dev/root").risk, Risk::kHigh);
  // The same name under a new key: removed + added, both noted re-keyed.
  fs::remove(New(kDev1));
  AddUser(New(""), "dev", "dev1", [](ordered_json&) {});
  DiffResult rk = Run();
  EXPECT_EQ(One(rk, "user-removed", kUser).note, "re-keyed");
  EXPECT_EQ(One(rk, "user-added", kUser).note, "re-keyed");
}

TEST_F(DiffTest, RenameIsAChange) {
  EditNew(kDev1, [](ordered_json& c) { c["name"] = "developer1"; });
  DiffResult r = Run();
  Change c = One(r, "renamed", "staging/dev/developer1");
  EXPECT_EQ(c.old_value, "dev1");
  EXPECT_EQ(c.new_value, "developer1");
  EXPECT_EQ(c.risk, Risk::kLow);
}

// ---- scoped signing keys, templates, default permissions ---------------------------------

class ScopedDiffTest : public DiffTest {
 protected:
  // Both sides: account dev gets a scoped key (template pub tpl.a) and dev1 is issued by it.
  void SetUp() override {
    sk_ = keys().Make(nkeys::Role::kAccount, "diff-test/dev-scoped");
    for (const fs::path& root : {Old(""), New("")}) {
      Edit(root / kDev, [&](ordered_json& c) {
        c["nats"]["signing_keys"] = ordered_json::array(
            {{{"kind", "user_scope"},
              {"key", sk_},
              {"role", "apps"},
              {"template", {{"pub", {{"allow", {"tpl.a"}}}}, {"sub", {{"allow", {"_INBOX.>"}}}}}}}});
      });
      Edit(root / kDev1, [&](ordered_json& c) {
        c["iss"] = sk_;
        c["nats"]["issuer_account"] = Claims(Trim(ReadFile((root / kDev).string()))).at("sub");
        c["nats"].erase("pub");
        c["nats"].erase("sub");
        c["nats"].erase("subs");
        c["nats"].erase("data");
        c["nats"].erase("payload");
      });
    }
  }
  void Template(const fs::path& root, const std::vector<std::string>& pub) {
    Edit(root / kDev, [&](ordered_json& c) { c["nats"]["signing_keys"][0]["template"]["pub"]["allow"] = pub; });
  }
  std::string sk_;
};

TEST_F(ScopedDiffTest, TemplateWideningIsReportedOnTheKeyWithTheUsersItWidens) {
  EXPECT_TRUE(Run().changes.empty()) << Dump(Run());
  Template(New(""), {"tpl.>"});
  DiffResult r = Run();
  ASSERT_EQ(r.changes.size(), 1u) << Dump(r);
  const Change& c = r.changes[0];
  EXPECT_EQ(c.kind, "permissions-widened");
  EXPECT_EQ(c.entity_name, "staging/dev");
  EXPECT_EQ(c.field, "signing_keys[" + ShortKey(sk_) + "].template.pub");
  EXPECT_EQ(c.note, "widens 1 user");
  EXPECT_EQ(c.risk, Risk::kMedium);
  EXPECT_EQ(c.old_value, "allow tpl.a");
  EXPECT_EQ(c.new_value, "allow tpl.>");
}

TEST_F(ScopedDiffTest, TemplateReorderIsNoChangeAndAWideningOfNoUserIsLow) {
  Template(Old(""), {"tpl.a", "tpl.b"});
  Template(New(""), {"tpl.b", "tpl.a"});
  EXPECT_TRUE(Run().changes.empty()) << Dump(Run());
  fs::remove(Old(kDev1));
  fs::remove(New(kDev1));
  Template(New(""), {"tpl.>"});
  Change c = One(Run(), "permissions-widened", "staging/dev");
  EXPECT_EQ(c.note, "widens 0 users");
  EXPECT_EQ(c.risk, Risk::kLow);
}

TEST_F(ScopedDiffTest, SignerChangedToTheIdentityKeyUsesTheUsersOwnPermissions) {
  Edit(New(kDev1), [&](ordered_json& c) {
    c["iss"] = Claims(Trim(ReadFile(New(kDev).string()))).at("sub");
    c["nats"].erase("issuer_account");
    c["nats"]["pub"] = {{"allow", {"tpl.a", "tpl.b"}}};
    c["nats"]["sub"] = {{"allow", {"_INBOX.>"}}};
  });
  DiffResult r = Run();
  Change s = One(r, "signer-changed", kUser);
  EXPECT_EQ(s.old_value, "scoped signing key " + ShortKey(sk_));
  Change p = One(r, "permissions-widened", kUser, "pub");
  EXPECT_EQ(p.note, "permissions from scoped key " + ShortKey(sk_) + " (apps) template → own");
  EXPECT_EQ(p.new_value, "allow tpl.a, tpl.b");
}

TEST_F(DiffTest, SigningKeysOfAnAccountUnscopedIsHighScopedIsLow) {
  const std::string k1 = keys().Make(nkeys::Role::kAccount, "diff-test/unscoped");
  const std::string k2 = keys().Make(nkeys::Role::kAccount, "diff-test/scoped");
  EditNew(kDev, [&](ordered_json& c) {
    c["nats"]["signing_keys"] = ordered_json::array(
        {k1, {{"kind", "user_scope"}, {"key", k2}, {"role", "r"}, {"template", {{"pub", {{"allow", {"x"}}}}}}}});
  });
  DiffResult r = Run();
  std::map<std::string, Risk> by_value;
  for (const auto& c : r.changes) {
    if (c.kind == "signing-key-added") by_value[c.new_value] = c.risk;
  }
  EXPECT_EQ(by_value[k1 + " (unscoped)"], Risk::kHigh) << Dump(r);
  EXPECT_EQ(by_value[k2 + " (scoped, role r)"], Risk::kLow) << Dump(r);
}

TEST_F(DiffTest, DefaultPermissionsWideningCountsTheUsersThatUseThem) {
  // dev1 without own permissions takes the account's default permissions.
  for (const fs::path& root : {Old(""), New("")}) {
    Edit(root / kDev1, [](ordered_json& c) {
      c["nats"].erase("pub");
      c["nats"].erase("sub");
    });
    Edit(root / kDev, [](ordered_json& c) { c["nats"]["default_permissions"]["pub"] = {{"allow", {"d.a"}}}; });
  }
  EXPECT_TRUE(Run().changes.empty()) << Dump(Run());
  EditNew(kDev, [](ordered_json& c) { c["nats"]["default_permissions"]["pub"] = {{"allow", {"d.>"}}}; });
  DiffResult r = Run();
  ASSERT_EQ(r.changes.size(), 1u) << Dump(r);
  Change c = One(r, "permissions-widened", "staging/dev", "default_permissions.pub");
  EXPECT_EQ(c.note, "widens 1 user");
  EXPECT_EQ(c.risk, Risk::kMedium);
}

// ---- operators -----------------------------------------------------------------

TEST_F(DiffTest, OperatorSigningKeySystemAccountStrictSigning) {
  const std::string sk = keys().Make(nkeys::Role::kOperator, "diff-test/op-sk");
  EditNew(kStaging, [&](ordered_json& c) {
    c["nats"]["signing_keys"] = {sk};
    c["nats"]["strict_signing_key_usage"] = true;
    c["nats"]["system_account"] = Claims(Trim(ReadFile(New(kDev).string()))).at("sub");
  });
  DiffResult r = Run();
  Change added = One(r, "signing-key-added", "staging");
  EXPECT_EQ(added.risk, Risk::kHigh);
  EXPECT_EQ(added.new_value, sk);
  EXPECT_EQ(added.entity_kind, "operator");
  EXPECT_EQ(One(r, "strict-signing-enabled", "staging").risk, Risk::kLow);
  Change sys = One(r, "system-account-changed", "staging");
  EXPECT_EQ(sys.risk, Risk::kHigh);
  EXPECT_EQ(sys.new_value.substr(0, 5), "dev (");
  // The way back: key removed (low), strict signing disabled (high).
  DiffResult back = Run("staging", true);
  EXPECT_EQ(One(back, "signing-key-removed", "staging").risk, Risk::kLow);
  EXPECT_EQ(One(back, "strict-signing-disabled", "staging").risk, Risk::kHigh);
}

// ---- accounts -------------------------------------------------------------------

TEST_F(DiffTest, RevocationRemovedIsHighAddedIsLow) {
  const std::string user = Claims(Trim(ReadFile(New(kDev1).string()))).at("sub");
  EditOld(kDev, [&](ordered_json& c) { c["nats"]["revocations"] = {{user, 1770000000}}; });
  Change removed = One(Run(), "revocation-removed", "staging/dev");
  EXPECT_EQ(removed.risk, Risk::kHigh);
  EXPECT_EQ(removed.message, "revocation of user dev1 (" + user + ") removed: its credentials work again");
  EditNew(kDev, [&](ordered_json& c) { c["nats"]["revocations"] = {{user, 1770000000}, {"*", 1760000000}}; });
  DiffResult r = Run();
  EXPECT_EQ(One(r, "revocation-added", "staging/dev").new_value, "* before " + FormatTime(1760000000));
}

TEST_F(DiffTest, ExportsPublicTokenPositionSubjectAndRevocations) {
  const std::string importer = keys().Make(nkeys::Role::kAccount, "diff-test/importer");
  EditOld(kDev, [&](ordered_json& c) {
    c["nats"]["exports"] = ordered_json::array({{{"name", "svc"},
                                                 {"subject", "svc.*.req"},
                                                 {"type", "service"},
                                                 {"token_req", true},
                                                 {"account_token_position", 2},
                                                 {"revocations", {{importer, 1770000000}}}},
                                                {{"name", "feed"}, {"subject", "feed.a"}, {"type", "stream"}}});
  });
  EditNew(kDev, [&](ordered_json& c) {
    c["nats"]["exports"] =
        ordered_json::array({{{"name", "svc"}, {"subject", "svc.*.req"}, {"type", "service"}},
                             {{"name", "feed"}, {"subject", "feed.>"}, {"type", "stream"}},
                             {{"name", "new"}, {"subject", "new.>"}, {"type", "stream"}, {"token_req", true}}});
  });
  DiffResult r = Run();
  EXPECT_EQ(One(r, "export-made-public", "staging/dev").risk, Risk::kHigh);
  EXPECT_EQ(One(r, "export-token-position-removed", "staging/dev").risk, Risk::kHigh);
  EXPECT_EQ(One(r, "export-revocation-removed", "staging/dev").risk, Risk::kHigh);
  Change widened = One(r, "export-widened", "staging/dev");
  EXPECT_EQ(widened.old_value, "feed.a");
  EXPECT_EQ(widened.new_value, "feed.>");
  EXPECT_EQ(widened.risk, Risk::kMedium);
  Change added = One(r, "export-added", "staging/dev");
  EXPECT_EQ(added.risk, Risk::kLow);
  EXPECT_EQ(added.new_value, "token-required stream new.>");
  // The way back: token required and a revocation added (an activation revoked), export removed.
  DiffResult back = Run("staging", true);
  EXPECT_EQ(One(back, "export-token-required", "staging/dev").risk, Risk::kLow);
  EXPECT_EQ(One(back, "activation-revoked", "staging/dev").new_value, importer);
  EXPECT_EQ(One(back, "export-narrowed", "staging/dev").risk, Risk::kLow);
  EXPECT_EQ(One(back, "export-removed", "staging/dev").old_value, "token-required stream new.>");
}

TEST_F(DiffTest, LimitsJetStreamBearerAndWildcards) {
  EditOld(kDev, [](ordered_json& c) { c["nats"]["limits"]["disallow_bearer"] = true; });
  EditNew(kDev, [](ordered_json& c) {
    c["nats"]["limits"]["conn"] = 10;
    c["nats"]["limits"]["mem_storage"] = 1048576;
    c["nats"]["limits"]["wildcards"] = false;
  });
  DiffResult r = Run();
  Change conn = One(r, "limit-lowered", "staging/dev", "limits.conn");
  EXPECT_EQ(conn.old_value, "unlimited");
  EXPECT_EQ(conn.new_value, "10");
  EXPECT_EQ(One(r, "jetstream-enabled", "staging/dev").risk, Risk::kMedium);
  EXPECT_EQ(One(r, "disallow-bearer-removed", "staging/dev").risk, Risk::kHigh);
  EXPECT_EQ(One(r, "wildcard-exports-disallowed", "staging/dev").risk, Risk::kLow);
  // Near-miss: -1 and an absent limit both mean unlimited.
  EditOld(kDev, [](ordered_json& c) { c["nats"]["limits"] = {{"conn", -1}}; });
  EditNew(kDev, [](ordered_json& c) { c["nats"]["limits"] = ordered_json::object(); });
  EXPECT_TRUE(Run().changes.empty()) << Dump(Run());
}

TEST_F(DiffTest, ImportsMappingsAndAuthCallout) {
  const std::string exporter = keys().Make(nkeys::Role::kAccount, "diff-test/exporter");
  EditOld(kDev, [&](ordered_json& c) {
    c["nats"]["mappings"] = {{"a.>", {{{"subject", "b.>"}, {"weight", 100}}}}};
    c["nats"]["authorization"] = {{"auth_users", {Claims(Trim(ReadFile(Old(kDev1).string()))).at("sub")}},
                                  {"allowed_accounts", {exporter}}};
  });
  EditNew(kDev, [&](ordered_json& c) {
    c["nats"]["imports"] =
        ordered_json::array({{{"name", "feed"}, {"subject", "feed.>"}, {"account", exporter}, {"type", "stream"}}});
    c["nats"]["mappings"] = {{"a.>", {{{"subject", "c.>"}, {"weight", 100}}}}};
    c["nats"]["authorization"] = {{"auth_users", {Claims(Trim(ReadFile(New(kDev1).string()))).at("sub")}},
                                  {"allowed_accounts", {"*"}}};
  });
  DiffResult r = Run();
  Change im = One(r, "import-added", "staging/dev");
  EXPECT_EQ(im.risk, Risk::kMedium);
  EXPECT_EQ(im.new_value, "stream feed.> from " + exporter);
  Change m = One(r, "mapping-changed", "staging/dev");
  EXPECT_EQ(m.old_value, "b.>");
  EXPECT_EQ(m.new_value, "c.>");
  Change callout = One(r, "callout-accounts-widened", "staging/dev");
  EXPECT_EQ(callout.risk, Risk::kHigh);
  EXPECT_EQ(callout.new_value, "*");
}

TEST_F(DiffTest, AccountReKeyedIsRemovedPlusAdded) {
  const std::string key = keys().Make(nkeys::Role::kAccount, "diff-test/dev-rekeyed");
  EditNew(kDev, [&](ordered_json& c) { c["sub"] = key; });
  DiffResult r = Run();
  EXPECT_EQ(One(r, "account-removed", "staging/dev").note, "re-keyed");
  Change added = One(r, "account-added", "staging/dev");
  EXPECT_EQ(added.note, "re-keyed");
  EXPECT_EQ(added.new_value, key);
}

// ---- verdicts -------------------------------------------------------------------

TEST_F(DiffTest, FindingsIntroducedAndFixedByFingerprint) {
  EditNew(kDev1, [](ordered_json& c) { c["exp"] = 1770000000; });  // expired at --now
  DiffResult r = Run();
  ASSERT_EQ(r.introduced.size(), 1u) << Dump(r);
  EXPECT_EQ(std::string(r.introduced[0].finding.rule_id.view()), "NL101");
  EXPECT_EQ(r.introduced[0].file, "staging/accounts/dev/users/dev1.jwt");
  EXPECT_EQ(r.introduced[0].fingerprint.size(), 18u);  // hex16 + ":1"
  EXPECT_TRUE(r.fixed.empty());
  // The same change the other way fixes it.
  DiffResult back = Run("staging", true);
  ASSERT_EQ(back.fixed.size(), 1u);
  EXPECT_EQ(back.fixed[0].fingerprint, r.introduced[0].fingerprint);
}

TEST_F(DiffTest, ImportGoesDeadAndComesAlive) {
  // acme: billing imports the public stream orders.events.> of orders.
  EditNew("acme/accounts/orders/orders.jwt", [](ordered_json& c) { c["nats"]["exports"][0]["token_req"] = true; });
  DiffResult r = Run("acme");
  Change made_private = One(r, "export-token-required", "acme/orders");
  EXPECT_EQ(made_private.risk, Risk::kLow);
  Change dead = One(r, "import-dead", "acme/billing");
  EXPECT_EQ(dead.risk, Risk::kMedium);
  EXPECT_NE(dead.message.find("NL501 import-token-missing"), std::string::npos) << dead.message;
  DiffResult back = Run("acme", true);
  EXPECT_EQ(One(back, "import-alive", "acme/billing").risk, Risk::kLow);
  EXPECT_EQ(One(back, "export-made-public", "acme/orders").risk, Risk::kHigh);
}

TEST_F(DiffTest, ActivationIssuedAndRemoved) {
  // billing's import of orders.status carries an activation token: without it before.
  EditOld("acme/accounts/billing/billing.jwt", [](ordered_json& c) {
    for (auto& im : c["nats"]["imports"]) im.erase("token");
  });
  DiffResult r = Run("acme");
  Change issued = One(r, "activation-issued", "acme/billing");
  EXPECT_EQ(issued.field, "imports[orders.status].token");
  EXPECT_EQ(issued.new_value, "expires 2026-05-20T00:00:00Z");
  DiffResult back = Run("acme", true);
  EXPECT_EQ(One(back, "activation-removed", "acme/billing").risk, Risk::kLow);
}

// ---- the remaining kinds, each one way and back --------------------------------------

TEST_F(DiffTest, AccountSettingsOneWayAndBack) {
  const std::string exporter = keys().Make(nkeys::Role::kAccount, "diff-test/exporter2");
  const std::string user = Claims(Trim(ReadFile(New(kDev1).string()))).at("sub");
  EditOld(kDev, [&](ordered_json& c) {
    c["nats"]["limits"]["mem_storage"] = 1048576;
    c["nats"]["limits"]["wildcards"] = false;
    c["nats"]["exports"] = ordered_json::array(
        {{{"name", "svc"}, {"subject", "svc.*.a"}, {"type", "service"}, {"account_token_position", 2}}});
    c["nats"]["imports"] = ordered_json::array(
        {{{"name", "feed"}, {"subject", "feed.>"}, {"account", exporter}, {"type", "stream"}, {"local_subject", "x.>"}},
         {{"name", "gone"}, {"subject", "gone.>"}, {"account", exporter}, {"type", "stream"}}});
    c["nats"]["revocations"] = {{user, 1770000000}};
    c["nats"]["authorization"] = {{"auth_users", {user}}, {"allowed_accounts", {exporter, "ABC"}}};
  });
  EditNew(kDev, [&](ordered_json& c) {
    c["nats"]["limits"]["disallow_bearer"] = true;
    c["nats"]["exports"] = ordered_json::array(
        {{{"name", "svc"}, {"subject", "other.*"}, {"type", "service"}, {"account_token_position", 3}}});
    c["nats"]["imports"] = ordered_json::array({{{"name", "feed"},
                                                 {"subject", "feed.>"},
                                                 {"account", exporter},
                                                 {"type", "stream"},
                                                 {"local_subject", "y.>"}}});
    c["nats"]["mappings"] = {{"m.>", {{{"subject", "n.>"}, {"weight", 100}}}}};
    c["nats"]["revocations"] = {{user, 1760000000}};
    c["nats"]["authorization"] = {{"auth_users", {exporter}}, {"allowed_accounts", {exporter}}};
  });
  DiffResult r = Run();
  const std::string a = "staging/dev";
  EXPECT_EQ(One(r, "disallow-bearer-set", a).risk, Risk::kLow);
  EXPECT_EQ(One(r, "jetstream-disabled", a).risk, Risk::kLow);
  EXPECT_EQ(One(r, "wildcard-exports-allowed", a).risk, Risk::kMedium);
  Change ex = One(r, "export-changed", a);
  EXPECT_EQ(ex.old_value, "svc.*.a");
  EXPECT_EQ(ex.new_value, "other.*");
  EXPECT_EQ(One(r, "export-token-position-changed", a).new_value, "3");
  Change im = One(r, "import-changed", a);
  EXPECT_EQ(im.field, "imports[feed.>].local_subject");
  EXPECT_EQ(im.old_value, "x.>");
  EXPECT_EQ(im.new_value, "y.>");
  EXPECT_EQ(One(r, "import-removed", a).risk, Risk::kLow);
  EXPECT_EQ(One(r, "mapping-added", a).new_value, "n.>");
  Change rev = One(r, "revocation-narrowed", a);
  EXPECT_EQ(rev.risk, Risk::kMedium);
  EXPECT_EQ(One(r, "auth-callout-changed", a).new_value, exporter);
  EXPECT_EQ(One(r, "callout-accounts-narrowed", a).risk, Risk::kLow);
  // Back: the callout on an account without one is enabled, the mapping removed.
  EditOld(kDev, [](ordered_json& c) { c["nats"].erase("authorization"); });
  DiffResult back = Run("staging", true);
  EXPECT_EQ(One(back, "mapping-removed", a).old_value, "n.>");
  EXPECT_EQ(One(back, "auth-callout-disabled", a).risk, Risk::kLow);
  EXPECT_EQ(One(Run(), "auth-callout-enabled", a).new_value, "auth_users " + exporter);
}

TEST_F(DiffTest, UserConnectionTypesSourceAndExpiryShortened) {
  EditOld(kDev1, [](ordered_json& c) { c["nats"]["allowed_connection_types"] = {"STANDARD"}; });
  EditNew(kDev1, [](ordered_json& c) {
    c["nats"]["allowed_connection_types"] = {"WEBSOCKET"};
    c["nats"]["src"] = {"10.0.0.0/8"};
    c["exp"] = 1790000000;
  });
  DiffResult r = Run();
  Change ct = One(r, "connection-types-changed", kUser);
  EXPECT_EQ(ct.old_value, "STANDARD");
  EXPECT_EQ(ct.new_value, "WEBSOCKET");
  Change src = One(r, "limit-changed", kUser, "src");
  EXPECT_EQ(src.old_value, "any");
  EXPECT_EQ(src.new_value, "10.0.0.0/8");
  EXPECT_EQ(src.risk, Risk::kLow);
  Change exp = One(r, "expiry-shortened", kUser);
  EXPECT_EQ(exp.new_value, FormatTime(1790000000));
  EXPECT_EQ(exp.risk, Risk::kLow);
  // Back: the source restriction lifted is a widening.
  EXPECT_EQ(One(Run("staging", true), "limit-changed", kUser, "src").risk, Risk::kMedium);
}

TEST_F(ScopedDiffTest, RoleChangeUnscopingAndScoping) {
  Edit(New(kDev), [&](ordered_json& c) { c["nats"]["signing_keys"][0]["role"] = "ops"; });
  Change role = One(Run(), "template-changed", "staging/dev");
  EXPECT_EQ(role.old_value, "apps");
  EXPECT_EQ(role.new_value, "ops");
  Edit(New(kDev), [&](ordered_json& c) { c["nats"]["signing_keys"] = {sk_}; });
  DiffResult r = Run();
  EXPECT_EQ(One(r, "signing-key-unscoped", "staging/dev").risk, Risk::kHigh);
  EXPECT_EQ(One(Run("staging", true), "signing-key-scoped", "staging/dev").risk, Risk::kLow);
}

TEST_F(DiffTest, OperatorAddedRemovedAndSettings) {
  EditNew(kStaging, [](ordered_json& c) { c["nats"]["account_server_url"] = "https://accounts.example.com"; });
  Change url = One(Run(), "setting-changed", "staging");
  EXPECT_EQ(url.field, "account_server_url");
  EXPECT_EQ(url.new_value, "https://accounts.example.com");
  diff::DiffOptions options;
  options.engine.now = kNow;
  options.engine.no_git = true;
  const std::string root_o = Old("").parent_path().string(), root_n = New("").parent_path().string();
  DiffResult r = diff::Diff({{Old("staging").string()}, root_o, ""}, {{New("").string()}, root_n, ""}, options);
  Change added = One(r, "operator-added", "acme");
  EXPECT_EQ(added.risk, Risk::kMedium);
  EXPECT_EQ(added.file, "acme/acme.jwt");
  DiffResult back = diff::Diff({{New("").string()}, root_n, ""}, {{Old("staging").string()}, root_o, ""}, options);
  EXPECT_EQ(One(back, "operator-removed", "acme").risk, Risk::kLow);
}

TEST_F(DiffTest, ActivationReplacedByAnExpiredOne) {
  // billing's activation for orders.status expired on 2026-05-20 (before --now);
  // before the change it carried one valid until 2026-09-21.
  EditOld("acme/accounts/billing/billing.jwt", [&](ordered_json& c) {
    for (auto& im : c["nats"]["imports"]) {
      if (!im.contains("token")) continue;
      ordered_json act = Claims(im["token"].get<std::string>());
      act["exp"] = 1790000000;
      im["token"] = Sign(act, keys());
    }
  });
  DiffResult r = Run("acme");
  Change c = One(r, "activation-expired", "acme/billing");
  EXPECT_EQ(c.old_value, FormatTime(1790000000));
  EXPECT_EQ(c.new_value, "2026-05-20T00:00:00Z");
  EXPECT_EQ(One(r, "import-dead", "acme/billing").risk, Risk::kMedium);
  // Near-miss: the other way round is a re-issue, and the import comes alive.
  DiffResult back = Run("acme", true);
  EXPECT_EQ(One(back, "activation-issued", "acme/billing").new_value, "expires " + FormatTime(1790000000));
  EXPECT_EQ(One(back, "import-alive", "acme/billing").risk, Risk::kLow);
}

// ---- subject sets -----------------------------------------------------------------

TEST(DiffSubjectSets, CoverageWithTheSubjectAlgebra) {
  using diff::SetInside;
  using diff::SubjectSet;
  EXPECT_TRUE(SetInside({{"a.b", "a.c"}, {}, false}, {{"a.*"}, {}, false}));
  EXPECT_FALSE(SetInside({{"a.*"}, {}, false}, {{"a.b", "a.c"}, {}, false}));
  EXPECT_TRUE(SetInside({{"a.>"}, {"a.x"}, false}, {{"a.>"}, {"a.x"}, false}));
  EXPECT_FALSE(SetInside({{"a.>"}, {}, false}, {{"a.>"}, {"a.x"}, false}));
  EXPECT_TRUE(SetInside({{}, {}, true}, {{">"}, {}, false}));
  EXPECT_FALSE(SetInside({{}, {}, true}, {{"a.>"}, {}, false}));
  EXPECT_TRUE(SetInside({{"q.a workers"}, {}, false}, {{"q.a"}, {}, false}));  // a queue subscription is narrower
  EXPECT_FALSE(SetInside({{"q.a"}, {}, false}, {{"q.a workers"}, {}, false}));
  EXPECT_TRUE(diff::PatternsIntersect("a.*.c", "a.b.>"));
  EXPECT_FALSE(diff::PatternsIntersect("a.b", "a.c"));
  EXPECT_FALSE(diff::PatternsIntersect("a", "a.>"));
}

// ---- outputs ----------------------------------------------------------------------

TEST_F(DiffTest, OutputsTextMarkdownJson) {
  EditNew(kDev1, [](ordered_json& c) {
    c["nats"]["pub"]["allow"] = {">"};
    c["exp"] = 1770000000;
  });
  DiffResult r = Run();
  const std::string text = diff::RenderText(r);
  EXPECT_NE(text.find("high   user staging/dev/dev1: permissions-widened: pub permissions widened: allow app.dev1.> → "
                      "allow >\n       in staging/accounts/dev/users/dev1.jwt\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("introduced staging/accounts/dev/users/dev1.jwt:1: error NL101 expired:"), std::string::npos);
  EXPECT_NE(text.find("nsclint diff: 2 changes (1 high, 0 medium, 1 low risk); 1 finding introduced, 0 fixed\n"),
            std::string::npos)
      << text;
  const std::string md = diff::RenderMarkdown(r);
  EXPECT_EQ(md.rfind("### nsclint diff: 2 changes (1 high, 0 medium, 1 low risk); 1 finding introduced, 0 fixed\n", 0),
            0u)
      << md;
  EXPECT_LT(md.find("#### 🔴 High risk"), md.find("<summary>Users: 2 changes</summary>")) << md;
  EXPECT_NE(md.find("| 🔴 high | staging/dev/dev1 | `permissions-widened` |"), std::string::npos) << md;
  EXPECT_NE(md.find("<summary>Findings introduced: 1</summary>"), std::string::npos) << md;
  const auto doc = nlohmann::json::parse(diff::RenderJson(r, 1));
  EXPECT_EQ(doc.at("version"), 1);
  EXPECT_EQ(doc.at("exitCode"), 1);
  EXPECT_EQ(doc.at("summary").at("maxRisk"), "high");
  EXPECT_EQ(doc.at("changes")[0].at("kind"), "permissions-widened");
  EXPECT_EQ(doc.at("changes")[0].at("entity").at("kind"), "user");
  EXPECT_EQ(doc.at("changes")[0].at("old"), "allow app.dev1.>");
  EXPECT_EQ(doc.at("findings").at("introduced")[0].at("ruleId"), "NL101");
}

TEST(DiffMarkdown, SummarisesToStayUnderTheCommentLimit) {
  DiffResult r;
  for (int i = 0; i < 5000; ++i) {
    Change c;
    c.kind = "user-added";
    c.risk = i % 10 == 0 ? Risk::kHigh : Risk::kLow;
    c.entity_kind = "user";
    c.entity_name = "op/acct/user-" + std::to_string(i);
    c.message = "user user-" + std::to_string(i) + " added, permissions (own): pub allow everything";
    c.new_value = "pub allow everything";
    r.changes.push_back(c);
  }
  const std::string md = diff::RenderMarkdown(r);
  EXPECT_LT(md.size(), diff::kMaxMarkdown);
  EXPECT_NE(md.find("more rows left out to stay under GitHub's comment limit"), std::string::npos);
  EXPECT_EQ(md.rfind("### nsclint diff: 5000 changes (500 high, 0 medium, 4500 low risk)", 0), 0u);
  // Hostile names do not become markup.
  DiffResult h;
  Change c;
  c.kind = "renamed";
  c.entity_kind = "user";
  c.entity_name = "a|<b>`x`";
  c.message = "renamed";
  h.changes.push_back(c);
  EXPECT_NE(diff::RenderMarkdown(h).find("a\\|&lt;b&gt;\\`x\\`"), std::string::npos) << diff::RenderMarkdown(h);
}

// ---- the command line ---------------------------------------------------------------

TEST_F(DiffTest, CommandLineGatesAndExitCodes) {
  EditNew(kDev1, [](ordered_json& c) { c["nats"]["bearer_token"] = true; });
  const std::string o = Old("staging").string(), n = New("staging").string();
  RunResult none = RunNsclint({"diff", kNowFlag, "--no-cache", o, n});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("high   user staging/dev/dev1: bearer-enabled:"), std::string::npos) << none.out;
  EXPECT_EQ(RunNsclint({"diff", kNowFlag, "--no-cache", "--fail-on-risk", "high", o, n}).exit_code, 1);
  EXPECT_EQ(RunNsclint({"diff", kNowFlag, "--no-cache", "--fail-on-risk", "low", o, o}).exit_code, 0);
  RunResult json = RunNsclint({"diff", kNowFlag, "--no-cache", "-f", "json", "--fail-on-risk", "medium", o, n});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(json.out).at("exitCode"), 1);
  // --fail-on gates on findings the change introduces.
  EditNew(kDev1, [](ordered_json& c) { c["exp"] = 1770000000; });
  EXPECT_EQ(RunNsclint({"diff", kNowFlag, "--no-cache", "--fail-on", "error", o, n}).exit_code, 1);
  EXPECT_EQ(RunNsclint({"diff", kNowFlag, "--no-cache", "--fail-on", "error", o, o}).exit_code, 0);
  RunResult sarif = RunNsclint({"diff", "-f", "sarif", o, n});
  EXPECT_EQ(sarif.exit_code, 2);
  EXPECT_NE(sarif.err.find("--format"), std::string::npos) << sarif.err;
  RunResult missing = RunNsclint({"diff", o, (New("") / "nope").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "nsclint diff: error: " + (New("") / "nope").string() + ": no such file or folder\n");
  EXPECT_EQ(RunNsclint({"diff", o}).exit_code, 2);
}

// --against REV reads the old side through git (no checkout): a throwaway repository.
TEST(DiffGit, AgainstARevision) {
  if (std::system("command -v git >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  TempCopy repo(fs::path(SourceDir()) / "fixtures" / "demo", "diff-git");
  const fs::path dir = repo.dir();
  const std::string git = "cd '" + dir.string() + "' && git -c user.name=t -c user.email=t@t ";
  ASSERT_EQ(std::system((git + "init -q && " + git + "add store && " + git + "commit -qm base").c_str()), 0);
  Keys keys(dir / "keys");
  const fs::path user = dir / "store/staging/accounts/dev/users/dev1.jwt";
  ordered_json c = Claims(Trim(ReadFile(user.string())));
  c["nats"]["pub"]["allow"] = {"app.>"};
  c["iat"] = c["iat"].get<int64_t>() + 60;
  std::ofstream(user, std::ios::binary | std::ios::trunc) << Sign(c, keys);
  // The work tree's file is changed, HEAD's is not; the old side comes from HEAD.
  RunResult r = RunNsclint({"diff", kNowFlag, "--no-cache", "--against", "HEAD", "store/staging"}, "", dir.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(
      r.out,
      "medium user staging/dev/dev1: permissions-widened: pub permissions widened: allow app.dev1.> → allow app.>\n"
      "       in store/staging/accounts/dev/users/dev1.jwt\n"
      "nsclint diff: 1 change (0 high, 1 medium, 0 low risk); 0 findings introduced, 0 fixed\n");
  // Unchanged against HEAD after committing; the old side of HEAD~1 shows the change.
  ASSERT_EQ(std::system((git + "commit -qam widen").c_str()), 0);
  RunResult head = RunNsclint({"diff", kNowFlag, "--no-cache", "--against", "HEAD", "store"}, "", dir.string());
  EXPECT_EQ(head.exit_code, 0) << head.err;
  EXPECT_EQ(head.out, "nsclint diff: 0 changes; 0 findings introduced, 0 fixed\n") << head.out;
  RunResult prev =
      RunNsclint({"diff", kNowFlag, "--no-cache", "--against", "HEAD~1", "-f", "json", "store"}, "", dir.string());
  EXPECT_EQ(prev.exit_code, 0) << prev.err;
  EXPECT_EQ(nlohmann::json::parse(prev.out).at("changes").size(), 1u) << prev.out;
  // An unknown revision, and a path missing at the revision: exit 2.
  RunResult bad = RunNsclint({"diff", "--against", "no-such-rev", "store"}, "", dir.string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "nsclint diff: error: --against no-such-rev: unknown revision (git cannot read it)\n");
  fs::create_directories(dir / "later");
  std::ofstream(dir / "later/x.jwt") << "x";
  RunResult later = RunNsclint({"diff", "--against", "HEAD", "later"}, "", dir.string());
  EXPECT_EQ(later.exit_code, 2);
  EXPECT_NE(later.err.find("pathspec 'later' did not match any files"), std::string::npos) << later.err;
}

// The real nsc makes the change; the diff explains it.
TEST(DiffNsc, RealNscEditsAreExplained) {
  if (NscBinary().empty()) GTEST_SKIP() << "NSCLINT_NSC is not set";
  NscSandbox box("diff-nsc");
  box.NscOk({"add", "operator", "--name", "op", "--sys"});
  box.NscOk({"add", "account", "--name", "app"});
  box.NscOk({"add", "user", "--account", "app", "--name", "alice", "--allow-pub", "orders.new,orders.cancel"});
  box.NscOk({"add", "export", "--account", "app", "--subject", "feed.>", "--private"});
  const fs::path before = box.root() / "before";
  fs::copy(box.stores(), before, fs::copy_options::recursive);
  box.NscOk({"edit", "user", "--account", "app", "--name", "alice", "--allow-pub", "orders.*"});
  box.NscOk({"edit", "export", "--account", "app", "--subject", "feed.>", "--private=false"});
  box.NscOk({"edit", "account", "--name", "app", "--sk", "generate"});
  RunResult r =
      RunNsclint({"diff", "--no-cache", "-f", "json", (before / "op").string(), (box.stores() / "op").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> kinds;  // kind -> risk
  for (const auto& c : doc.at("changes")) kinds[c.at("kind")] = c.at("risk");
  EXPECT_EQ(kinds["permissions-widened"], "medium") << r.out;
  EXPECT_EQ(kinds["export-made-public"], "high") << r.out;
  EXPECT_EQ(kinds["signing-key-added"], "high") << r.out;
  EXPECT_EQ(doc.at("summary").at("changes"), 3) << r.out;
  // nsc re-signing alone (no claim change) is no change.
  const fs::path again = box.root() / "again";
  fs::copy(box.stores(), again, fs::copy_options::recursive);
  box.NscOk({"edit", "user", "--account", "app", "--name", "alice", "--allow-pub", "orders.*"});
  RunResult same = RunNsclint({"diff", "--no-cache", (again / "op").string(), (box.stores() / "op").string()});
  EXPECT_EQ(same.out, "nsclint diff: 0 changes; 0 findings introduced, 0 fixed\n") << same.out;
}

// The README's change review example is what scripts/demo-diff.sh prints with
// the current binary and the real nsc.
TEST(DiffNsc, ReadmeDemoDiffIsFresh) {
  if (NscBinary().empty()) GTEST_SKIP() << "NSCLINT_NSC is not set";
  const std::string readme = ReadFile(SourceDir() + "/README.md");
  const std::string begin = "<!-- diffdemo:begin -->\n", end = "<!-- diffdemo:end -->";
  const size_t b = readme.find(begin), e = readme.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const std::string block = readme.substr(b + begin.size(), e - b - begin.size());
  ProcResult r = RunArgv({"/bin/bash", SourceDir() + "/scripts/demo-diff.sh"}, SourceDir(),
                         {{"PATH", "/usr/bin:/bin"},
                          {"NSCLINT_NSC", NscBinary()},
                          {"NSCLINT_BIN", NSCLINT_BINARY},
                          {"TMPDIR", fs::temp_directory_path().string()}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out == block) << "README.md change review example is stale: run scripts/demo-diff.sh --update-readme\n"
                              << r.out;
}

}  // namespace
}  // namespace nsclint::testing
