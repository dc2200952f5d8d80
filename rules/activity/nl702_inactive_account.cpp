#include <set>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckInactiveAccount(const Model& m, RuleContext& ctx) {
  const Activity& act = m.activity;
  if (!act.has_accstatz()) return;
  std::set<std::string> system;
  for (const auto& o : m.operators) {
    if (!o.system_account.empty()) system.insert(o.system_account);
  }
  const std::string snapshot = act.accstatz_files.size() == 1 ? "the accstatz snapshot" : "the accstatz snapshots";
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile || system.count(a.sub) != 0) continue;
    auto it = act.accounts.find(a.sub);
    Entity e = EntityOf(m, a);
    Finding f = FindingAt(m, a.artifact, a.line, e);
    if (it == act.accounts.end()) {
      f.message = Describe(e) + " is absent from " + snapshot +
                  ": no client of it was connected (accstatz lists only accounts with local "
                  "connections unless ?unused=true).";
    } else {
      const AccountStat& s = it->second;
      if (s.conns != 0 || s.leafnodes != 0 || s.sent_msgs != 0 || s.received_msgs != 0) continue;
      f.message = Describe(e) + " has no connections and sent and received no messages in " + snapshot + ".";
    }
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL702() {
  return Rule{
      .info =
          {
              .id = "NL702",
              .name = "inactive-account",
              .family = "activity",
              .default_level = Level::kNote,
              .short_description = "An account with no connections and no messages in the --accstatz snapshot.",
              .full_description = "With --accstatz (a saved /accstatz), a non-system account of the store that has "
                                  "zero connections and "
                                  "has sent and received zero messages, or that the snapshot does not list at all.",
              .help_markdown = R"md(## What it finds
Only with `--accstatz FILE` (repeatable; counts are summed over the files): every account JWT of
the scan, except the operator's `system_account`, whose `conns` and `leafnodes` are 0 and whose
`sent.msgs` and `received.msgs` are 0, or that no snapshot lists. nats-server leaves accounts
without a local connection out of `/accstatz` unless `?unused=true` is given, so "absent" means
"no client connected to that server".

## Why it matters
An account nobody uses still carries exports, imports and signing keys that someone must
maintain and that can be abused. Counters are per server and reset on restart: a snapshot is one
moment, so the finding is a note, a question to ask.

## Example
```
store/ACME/accounts/LEGACY/LEGACY.jwt:1: note NL702 inactive-account: account 'LEGACY' (ACZ4…) has no
connections and sent and received no messages in the accstatz snapshot.
```

## How to fix
Save `/accstatz?unused=true` from every server of the cluster after a representative period. For
an account that is really unused, remove it from the resolver and the store
(`nsc delete account --name A`, then `nsc push --prune`), or disable it.
)md",
              .tags = {"nats", "activity"},
              .precision = "medium",
          },
      .check = CheckInactiveAccount,
  };
}

}  // namespace nsclint::rules
