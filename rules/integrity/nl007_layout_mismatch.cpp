#include <array>
#include <filesystem>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {
namespace {

bool LooksLikePublicKey(const std::string& s) {
  if (s.size() != 56) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

void Report(const Model& m, RuleContext& ctx, int artifact, int line, const Entity& e, const std::string& what,
            std::string qualifier) {
  Finding f = FindingAt(m, artifact, line, e);
  f.message = Describe(e) + ": " + what;
  f.qualifier = std::move(qualifier);
  ctx.Report(std::move(f));
}

}  // namespace

namespace {

void CheckLayoutMismatch(const Model& m, RuleContext& ctx) {
  using K = Placement::Kind;
  // `kind` is what the token is ("operator", "account", "user"); the
  // entity is built only when something is reported.
  // `slot_path` are the pieces of the slot's folder ("accounts/",
  // "APP", "/users/"), joined only for a finding.
  using SlotPath = std::array<std::string_view, 3>;
  auto check_slot = [&](const TokenBase& t, std::string_view kind, const LazyEntity& e, K expected_kind,
                        std::string_view type, const std::string& slot_name, const SlotPath& slot_path) {
    auto slot_desc = [&] {
      std::string out;
      for (std::string_view piece : slot_path) out += piece;
      return out;
    };
    const auto& place = m.artifacts[t.artifact].place;
    if (place.kind != expected_kind) return;
    if (kind != type) {
      Report(m, ctx, t.artifact, t.line, e,
             "the file is in the place of " +
                 std::string(expected_kind == K::kStoreOperator  ? "an operator"
                             : expected_kind == K::kStoreAccount ? "an account"
                                                                 : "a user") +
                 " JWT but holds " + (kind == "account" || kind == "operator" || kind == "activation" ? "an " : "a ") +
                 std::string(kind) + " JWT.",
             "type");
      return;
    }
    if (place.file_stem != slot_name) {
      Report(m, ctx, t.artifact, t.line, e,
             "the file is named '" + place.file_stem + ".jwt' inside " + slot_desc() + slot_name + "/.", "file-name");
    } else if (!t.name.empty() && t.name != slot_name) {
      Report(m, ctx, t.artifact, t.line, e,
             "the file is at " + slot_desc() + slot_name + " but the JWT names " + std::string(type) + " '" + t.name +
                 "'.",
             "name");
    }
  };
  for (const auto& o : m.operators) {
    const auto& place = m.artifacts[o.artifact].place;
    if (place.kind == K::kStoreOperator) {
      check_slot(o, "operator", LazyEntity(m, o), K::kStoreOperator, "operator", m.stores[place.store].dir_name,
                 SlotPath{"the operator folder "});
    } else if (place.kind == K::kStoreAccount || place.kind == K::kStoreUser) {
      Entity e = EntityOf(m, o);
      Report(m, ctx, o.artifact, o.line, e, "an operator JWT in the place of an account or user JWT.", "type");
    }
  }
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    const auto& place = m.artifacts[a.artifact].place;
    LazyEntity e(m, a);
    if (place.kind == K::kStoreAccount) {
      check_slot(a, "account", e, K::kStoreAccount, "account", place.account_dir, SlotPath{"accounts/"});
    } else if (place.kind == K::kStoreOperator || place.kind == K::kStoreUser) {
      Report(m, ctx, a.artifact, a.line, e,
             std::string("an account JWT in the place of ") +
                 (place.kind == K::kStoreOperator ? "the operator JWT." : "a user JWT."),
             "type");
    }
  }
  ForEachUser(m, [&](const User& u) {
    if (u.origin != TokenOrigin::kFile) return;
    const auto& place = m.artifacts[u.artifact].place;
    LazyEntity e(m, u);
    if (place.kind == K::kStoreUser) {
      check_slot(u, "user", e, K::kStoreUser, "user", place.file_stem,
                 SlotPath{"accounts/", place.account_dir, "/users/"});
      int dir_account = m.StoreAccount(place.store, place.account_dir);
      if (dir_account >= 0 && u.account >= 0 && u.account != dir_account &&
          !m.accounts[dir_account].HasSigningKey(u.iss)) {
        Report(m, ctx, u.artifact, u.line, e,
               "the file is under accounts/" + place.account_dir + "/ but the user is issued by account '" +
                   NscName(m.accounts[u.account]) + "'.",
               "account");
      }
    } else if (place.kind == K::kStoreOperator || place.kind == K::kStoreAccount) {
      Report(m, ctx, u.artifact, u.line, e,
             std::string("a user JWT in the place of ") +
                 (place.kind == K::kStoreOperator ? "the operator JWT." : "an account JWT."),
             "type");
    }
  });
  for (const auto& s : m.seeds) {
    if (s.public_key.empty()) continue;
    const auto& art = m.artifacts[s.artifact];
    const auto& stem = art.place.file_stem;
    Entity e{"seed", s.role + " seed", s.public_key, ""};
    if (art.place.kind == K::kKeysSeed) {
      std::filesystem::path p(art.display.view());
      std::string yz = p.parent_path().filename().string();
      std::string x = p.parent_path().parent_path().filename().string();
      if (stem != s.public_key) {
        Report(m, ctx, s.artifact, 1, e,
               "the seed file is named for another key; nsc looks this seed up as " + s.public_key +
                   ".nk and will not find it.",
               "file-name");
      } else if (x != s.public_key.substr(0, 1) || yz != s.public_key.substr(1, 2)) {
        Report(m, ctx, s.artifact, 1, e,
               "the seed file is in keys/" + x + "/" + yz + "/ instead of keys/" + s.public_key.substr(0, 1) + "/" +
                   s.public_key.substr(1, 2) + "/.",
               "folder");
      }
    } else if (LooksLikePublicKey(stem) && stem != s.public_key) {
      Report(m, ctx, s.artifact, 1, e, "the seed file is named for another key; its seed derives " + s.public_key + ".",
             "file-name");
    }
  }
}

}  // namespace

Rule MakeNL007() {
  return Rule{
      .info =
          {
              .id = "NL007",
              .name = "layout-mismatch",
              .family = "integrity",
              .default_level = Level::kWarning,
              .short_description = "A file's place in the store or keys dir disagrees with its claims.",
              .full_description =
                  "A file's place disagrees with its claims: accounts/A/A.jwt whose name is not A, a JWT of the "
                  "wrong type in a store slot, a user under the wrong account, a .nk seed whose public key is not "
                  "its file name.",
              .help_markdown = R"md(## What it finds
Files whose path in an nsc store or keys dir says one thing and whose content another:
- `<op>/<op>.jwt`, `accounts/<A>/<A>.jwt`, `accounts/<A>/users/<U>.jwt` whose claim `name`
  is not the folder/file name, or that hold another type of JWT;
- a user filed under account `<A>` but issued by another account;
- a `.nk` seed in a keys dir (`keys/<X>/<YZ>/<public key>.nk`) whose seed derives another public
  key (also outside a keys dir when the file is named like a public key).

## Why it matters
nsc looks entities up by their path: a mismatched file is invisible to `nsc describe`, gets
shadowed by another, or is pushed under the wrong name. A seed filed under the wrong public key
is never found when nsc needs to sign.

## Example
```
store/ACME/accounts/billing/billing.jwt: warning NL007 layout-mismatch: account 'payments'
(ACQK…): the file is at accounts/billing/ but the JWT names account 'payments'.
```

## How to fix
Let nsc place files: `nsc import account --file X.jwt` / `nsc import user --file U.jwt` put a JWT
where it belongs, `nsc import keys --dir DIR` files seeds by their public key. Otherwise move the
file to the place its claims name, or delete the stray copy.
)md",
              .tags = {"nats", "store", "maintainability"},
          },
      .check = CheckLayoutMismatch,
  };
}

}  // namespace nsclint::rules
