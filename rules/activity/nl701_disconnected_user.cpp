#include <algorithm>
#include <set>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {
namespace {

struct Seen {
  bool open = false;
  int64_t last_stop = 0;
  std::string reason;

  void Add(const ConnRecord& c) {
    if (c.open) open = true;
    if (!c.open && c.stop >= last_stop) {
      last_stop = c.stop;
      reason = c.reason;
    }
  }
};

std::string AccountKeyOf(const Model& m, const User& u) {
  if (u.account >= 0) return m.accounts[u.account].sub;
  return u.issuer_account.empty() ? u.iss : u.issuer_account;
}

}  // namespace

namespace {

void CheckDisconnectedUser(const Model& m, RuleContext& ctx) {
  const Activity& act = m.activity;
  if (!act.has_connz()) return;
  std::set<std::string> system;
  for (const auto& o : m.operators) {
    if (!o.system_account.empty()) system.insert(o.system_account);
  }
  std::map<std::string, Seen> by_key;
  std::map<std::string, Seen> by_name;  // closed connections that name no key
  for (const auto& c : act.connections) {
    if (!c.user_key.empty())
      by_key[c.user_key].Add(c);
    else if (!c.name_tag.empty())
      by_name[c.name_tag].Add(c);
  }
  const bool callout =
      ctx.server().AllHave(ServerBehavior::kAuthCallout);  // worst verdict of a list: judged as without
  const std::string snapshot = act.connz_files.size() == 1 ? "the connz snapshot" : "the connz snapshots";
  for (const auto& u : m.users) {
    if (u.origin != TokenOrigin::kFile) continue;
    if (system.count(AccountKeyOf(m, u)) != 0) continue;
    // A user of an auth callout account (not its auth user) is a sentinel: the callout
    // connects the client as another user, so its own key never shows up in connz.
    if (callout && u.account >= 0) {
      const CalloutConfig& c = m.accounts[u.account].features.authorization;
      if (c.Enabled() && std::find(c.auth_users.begin(), c.auth_users.end(), u.sub) == c.auth_users.end()) {
        continue;
      }
    }
    Seen seen;
    if (auto it = by_key.find(u.sub); it != by_key.end()) {
      seen = it->second;
    } else if (auto nt = by_name.find(u.name); !u.name.empty() && nt != by_name.end()) {
      seen = nt->second;
    }
    if (seen.open) continue;
    Entity e = EntityOf(m, u);
    Finding f = FindingAt(m, u.artifact, u.line, e);
    f.message = Describe(e) + " has no open connection in " + snapshot;
    if (seen.last_stop > 0) {
      f.message +=
          "; last seen " + FormatTime(seen.last_stop) + (seen.reason.empty() ? "" : " (" + seen.reason + ")") + ".";
    } else {
      f.message += ", and no closed one either.";
    }
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL701() {
  return Rule{
      .info =
          {
              .id = "NL701",
              .name = "disconnected-user",
              .family = "activity",
              .default_level = Level::kNote,
              .short_description = "A user in the store has no open connection in the --connz snapshot.",
              .full_description =
                  "With --connz (a saved /connz?auth=true), a non-system user of the store that has no open connection "
                  "in the snapshot. The message gives the last time it was seen when the snapshot holds closed "
                  "connections of that user. Users that never connect are candidates for deletion or revocation.",
              .help_markdown = R"md(## What it finds
Only with `--connz FILE` (repeatable: one per server of a cluster): every user JWT of the scan,
except the users of the operator's `system_account`, that has no open connection in any snapshot.
Connections are matched by the user's public key: `authorized_user`, or, for closed connections of
nats-server 2.9.10 (which keeps no `authorized_user` for JWT users), the `sub` of the connection's
`jwt`; when neither is there, by `name_tag` (the user JWT's name). When the snapshot holds closed
connections of the user (`/connz?auth=true&state=all`, or `state=closed`), the message gives the
latest `stop` time and its `reason`.

Users of an auth callout account (nats-server 2.10.0+) that are not its auth users are sentinels:
the callout connects the client as the user its response names, so the sentinel's key never shows
up in `/connz`, and such users are not reported.

## Why it matters
Credentials nobody uses are attack surface without benefit: stale service accounts, former
employees, test users. A snapshot is one moment on one server, so treat the finding as a
question ("is this user still needed?"), not a verdict; that is why it is a note.

## Example
```
store/ACME/accounts/APP/users/web.jwt:1: note NL701 disconnected-user: user 'web' (UCK6…) has no open
connection in the connz snapshot; last seen 2026-06-01T09:12:44Z (Client Closed).
```

## How to fix
Save snapshots from every server (`curl -s 'http://HOST:8222/connz?auth=true&state=all' >
connz.json`), over a period that covers batch jobs. For users that are really unused, revoke and
delete them: `nsc revocations add-user --account A --name U`, `nsc delete user --account A --name U`,
then `nsc push --account A`.
)md",
              .tags = {"nats", "activity"},
              .precision = "medium",
          },
      .check = CheckDisconnectedUser,
  };
}

}  // namespace nsclint::rules
