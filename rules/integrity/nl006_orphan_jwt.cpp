#include <set>
#include <string_view>
#include <utility>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckOrphanJwt(const Model& m, RuleContext& ctx) {
  for (const auto& a : m.accounts) {
    const auto& place = m.artifacts[a.artifact].place;
    if (place.kind != Placement::Kind::kStoreAccount || !m.stores[place.store].complete) continue;
    if (m.StoreOperator(place.store) >= 0) continue;
    Entity e = EntityOf(m, a);
    Finding f = FindingAt(m, a.artifact, a.line, e);
    f.message = Describe(e) + " is in the store '" + m.stores[place.store].dir_name +
                "' but the store has no operator JWT (" + m.stores[place.store].dir_name + ".jwt).";
    ctx.Report(std::move(f));
  }
  // (store, key) for the accounts in a store, and for their signing keys.
  std::set<std::pair<int, std::string_view>> accounts_in_store, signing_keys_in_store;
  for (const auto& a : m.accounts) {
    const int store = m.artifacts[a.artifact].place.store;
    if (store < 0) continue;
    accounts_in_store.emplace(store, a.sub);
    for (const auto& sk : a.signing_keys) signing_keys_in_store.emplace(store, sk.key);
  }
  ForEachUser(m, [&](const User& u) {
    const auto& place = m.artifacts[u.artifact].place;
    if (place.kind != Placement::Kind::kStoreUser || !m.stores[place.store].complete) return;
    const std::string_view key = u.issuer_account.empty() ? u.iss : u.issuer_account;
    const bool found = accounts_in_store.count({place.store, key}) != 0 ||
                       signing_keys_in_store.count({place.store, std::string_view(u.iss)}) != 0;
    if (found) return;
    // Under the folder of an account of this store, the user is that account's
    // untrusted user: NL005 reports it (one root cause, one finding).
    if (u.account >= 0 && m.artifacts[m.accounts[u.account].artifact].place.store == place.store) return;
    Entity e = EntityOf(m, u);
    Finding f = FindingAt(m, u.artifact, u.line, e);
    f.message = Describe(e) + " is in the store '" + m.stores[place.store].dir_name + "' but its account " +
                ShortKey(key) + " is not.";
    // nsc cannot see an account folder without its JWT: no nsc command reaches the user.
    f.fix.remediation = "Import the missing account (nsc import account --file ACCOUNT.jwt) or delete " +
                        m.artifacts[u.artifact].display.str() + " by hand.";
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL006() {
  return Rule{
      .info =
          {
              .id = "NL006",
              .name = "orphan-jwt",
              .family = "integrity",
              .default_level = Level::kWarning,
              .short_description = "In a store, a user whose account or an account whose operator is missing.",
              .full_description =
                  "In a complete nsc store: a user JWT whose issuing account is not in the store, or an account "
                  "JWT whose operator JWT is not in the store. Loose files are never orphans.",
              .help_markdown = R"md(## What it finds
JWTs inside an operator folder of an nsc store whose parent is not in that store:
- a user under `accounts/<A>/users/` issued by an account (its `issuer_account`, else `iss`)
  that no account JWT of the store has as key or signing key;
- an account under `accounts/` of an operator folder without `<op>/<op>.jwt`.

Only whole operator folders count: when single files are linted, nothing is an orphan. A user
under the folder of an account the store does hold is that account's untrusted user: NL005
reports it, saying that its issuer is not in the store either (one root cause, one finding).

## Why it matters
Orphans are left behind by deleted accounts, by copying files between stores, or by an
account re-created with a new key. They cannot be pushed or used, yet they keep credentials
and names around and confuse `nsc` and reviewers.

## Example
```
store/ACME/accounts/OLD/users/svc.jwt: warning NL006 orphan-jwt: user 'svc' (UC3Q…) is in
the store but its account AA2E… is not.
```

## How to fix
nsc cannot see a user whose account folder has no account JWT, so there is no command: import the
account (`nsc import account --file A.jwt`), restore it from version control, or remove the
user's file by hand. While that folder lacks its JWT, nsc also fails to write users of accounts
whose folders sort after it, so nsclint gives those no edit command.
)md",
              .tags = {"nats", "store", "maintainability"},
          },
      .check = CheckOrphanJwt,
  };
}

}  // namespace nsclint::rules
