#include <string>
#include <vector>

#include "rules/rules.h"
#include "rules/support/model_queries.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

// Users of account `a` allowed to connect as a leafnode (own
// allowed_connection_types, or the template of the scoped key that issued them).
std::vector<const User*> LeafnodeUsers(const Model& m, const Account& a) {
  std::vector<const User*> out;
  const uint8_t leaf = kConnLeafnode | kConnLeafnodeWs;
  for (int i : a.users) {
    const User& u = m.users[i];
    if (IsCredsCopy(m, u)) continue;
    const SigningKey* sk = a.FindSigningKey(u.iss);
    const WorkLimits& l = sk != nullptr && sk->scoped ? sk->template_limits : u.limits;
    if (l.connection_types_set && (l.connection_types & leaf) != 0) out.push_back(&u);
  }
  return out;
}

// limits.leaf missing or 0 on an account with leafnode users: the server
// refuses their leafnode connections ("maximum leafnode connections").
void CheckLeafLimit(const Model& m, const Account& a, const Entity& e, const std::string& version, RuleContext& ctx) {
  auto it = a.limits.values.find("leaf");
  const bool missing = it == a.limits.values.end();
  if (!missing && it->second != 0) return;
  const auto users = LeafnodeUsers(m, a);
  if (users.empty()) return;
  std::string names;
  for (size_t i = 0; i < users.size() && i < 3; ++i) names += (i == 0 ? "'" : ", '") + NscName(*users[i]) + "'";
  if (users.size() > 3) names += " and " + std::to_string(users.size() - 3) + " more";
  Finding f = FindingAt(m, a.artifact, a.line, e);
  f.message =
      Describe(e) +
      (missing ? " sets limits without leaf, which the server reads as 0" + version : " sets limits.leaf to 0") +
      ": the server refuses every leafnode connection to it ('maximum account active connections "
      "exceeded'; 'authentication error' on 2.9), "
      "yet " +
      std::to_string(users.size()) + (users.size() == 1 ? " user" : " users") + " (" + names +
      ") may connect as a leafnode.";
  f.qualifier = "leaf";
  if (missing) {
    const std::string then = "Then push the account to the servers: nsc push -a " + ShellQuote(NscName(a)) + ".";
    if (NscEditFix(m, a, e, {"--leaf-conns", "-1"}, &f.fix)) {
      f.fix.remediation = then;
    } else {  // why no command, then the command to run by hand
      f.fix.remediation += " Set a leafnode limit: nsc edit account -n " + ShellQuote(NscName(a)) +
                           " --leaf-conns -1 (or a number). " + then;
    }
  } else {
    // leaf 0 written out may be a decision: lifting it is for a person to make.
    f.fix.remediation = "If these users should connect as leafnodes, set a leafnode limit (nsc edit account -n " +
                        ShellQuote(NscName(a)) + " --leaf-conns -1, or a number) and push the account.";
  }
  ctx.Report(Level::kWarning, std::move(f));
}

void CheckAccountRefusesConnections(const Model& m, RuleContext& ctx) {
  for (const auto& a : m.accounts) {
    // v1 accounts too: the library copies their limits without defaults.
    if (a.origin != TokenOrigin::kFile) continue;
    Entity e = EntityOf(m, a);
    Finding f = FindingAt(m, a.artifact, a.line, e);
    const std::string version = a.v1 ? " (a v1 account: the library copies its limits without defaults)" : "";
    if (!a.limits.present) {
      f.message = Describe(e) + " has no limits" + version + ": the server reads conn as 0 and refuses every user";
      f.message += a.imports.empty() && a.exports.empty()
                       ? "."
                       : ", and with imports/exports read as 0 it rejects the whole account JWT.";
      const BlastRadius radius = AccountBlastRadius(m, a);
      f.message += radius.Text(m);
      radius.AddRelated(m, &f);
      f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
      NscEditFix(m, a, e,
                 {"--conns", "-1", "--exports", "-1", "--imports", "-1", "--subscriptions", "-1", "--data", "-1",
                  "--payload", "-1"},
                 &f.fix);
      ctx.Report(Level::kError, std::move(f));
      continue;
    }
    auto value = [&](const char* k) -> std::optional<int64_t> {
      auto it = a.limits.values.find(k);
      if (it == a.limits.values.end()) return std::nullopt;
      return it->second;
    };
    const auto conn = value("conn");
    if (!conn || *conn == 0) {
      f.message =
          Describe(e) +
          (!conn ? " sets limits without conn, which the server reads as 0" + version : " sets limits.conn to 0") +
          ": every user is refused." + (conn ? " To disable an account, revoke or delete it instead." : "");
      if (!conn) {
        f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
        NscEditFix(m, a, e, {"--conns", "-1"}, &f.fix);
      } else {
        // conn 0 written out is a decision: lifting it is for a person to make.
        f.fix.remediation =
            "If the account should accept users, set a connection limit "
            "(nsc edit account -n ACCOUNT --conns -1) and push it; to disable an account, "
            "delete or revoke it instead.";
      }
      // Missing conn is a mistake (error); conn 0 written out is a decision (warning).
      ctx.Report(conn ? Level::kWarning : Level::kError, std::move(f));
      continue;
    }
    // Users are admitted but cannot work: one finding per limit.
    const struct {
      const char* field;
      const char* flag;
      const char* consequence;
    } limits[] = {
        {"subs", "--subscriptions",
         "the server disconnects every user of it right after CONNECT ('maximum subscriptions "
         "exceeded')"},
        {"payload", "--payload", "every user's max_payload is 0, nobody can publish"},
    };
    for (const auto& l : limits) {
      const auto v = value(l.field);
      if (v && *v != 0) continue;
      Finding g = FindingAt(m, a.artifact, a.line, e);
      g.message = Describe(e) +
                  (!v ? " sets limits without " + std::string(l.field) + ", which the server reads as 0" + version
                      : " sets limits." + std::string(l.field) + " to 0") +
                  ": " + l.consequence + ".";
      g.qualifier = l.field;
      g.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
      NscEditFix(m, a, e, {l.flag, "-1"}, &g.fix);
      ctx.Report(Level::kError, std::move(g));
    }
    CheckLeafLimit(m, a, e, version, ctx);
  }
}

}  // namespace

Rule MakeNL406() {
  return Rule{
      .info =
          {
              .id = "NL406",
              .name = "account-refuses-connections",
              .family = "signing",
              .default_level = Level::kError,
              .levels = "error / warning",
              .short_description =
                  "An account whose limits refuse or cripple every user: no limits, conn missing or 0, subs or payload "
                  "missing or 0.",
              .full_description =
                  "An account JWT, v1 or v2, without limits or without conn: nats-server reads conn as "
                  "0 and refuses every "
                  "user, and with any import or export rejects the whole account (error). subs missing "
                  "or 0 disconnects "
                  "every user right after CONNECT; payload missing or 0 leaves every user unable to "
                  "publish (error). An "
                  "explicit conn of 0 disables the account on purpose (warning). leaf missing or 0 on an account "
                  "with leafnode users refuses their leafnode connections (warning).",
              .help_markdown = R"md(## What it finds
- **error**: an account JWT, **v1 or v2**, with no `limits` object, or whose `limits` lack
  `conn`. nats-server reads every missing limit as 0 (the library omits zero values, and copies a
  v1 account's limits without defaulting them): `conn` 0 refuses every user ("maximum account
  active connections exceeded"), and `imports`/`exports` 0 make the account JWT invalid as soon as
  it has one import or export. The JavaScript library (`jwt.js`) writes accounts without limits by
  default.
- **error**: `limits.subs` missing or 0: the server accepts CONNECT, then sends
  `-ERR 'maximum subscriptions exceeded'` and closes every connection of the account.
- **error**: `limits.payload` missing or 0: every user's `max_payload` becomes 0, nobody can
  publish.
- **warning**: `limits.conn` is 0 written out: an account disabled on purpose, usually better
  revoked or deleted.
- **warning**: `limits.leaf` missing or 0 while users of the account (own `allowed_connection_types`
  or their scoped key's template) may connect as `LEAFNODE`/`LEAFNODE_WS`: the server refuses every
  leafnode connection of the account ("maximum account active connections exceeded"). Missing gets the
  fix `--leaf-conns -1`; 0 written out may be a decision (no command).

## Server versions
The same on every version. Proven on every server of the test matrix (`tests/server_test.cpp`,
`ServerUsers` on the `NL406-*` cases: refused, disconnected or unable to publish, as the message
says). The leafnode clause (`maxTotalLeafNodesReached`: any value but -1 is a cap, so 0 admits no
leafnode) is proven by `ServerLeaf`: a second server of the same version connects to the case's
server as a leafnode with alice's creds, and is closed exactly when nsclint says ("maximum account
active connections exceeded"; 2.9.10 logs "authentication error").

## Why it matters
Every user of the account is refused with a message that points at connection limits, not at
the JWT, so the cause is hard to find in production.

## Example
```
store/ACME/accounts/APP/APP.jwt: error NL406 account-refuses-connections: account 'APP' (AC4R…) has
no limits: the server reads conn as 0 and refuses every user.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc edit account -n APP -K OD4S… --conns -1 --exports -1 --imports -1 --subscriptions -1 --data -1 --payload -1 --wildcard-exports=false)
```

## How to fix
Set limits explicitly: `nsc edit account -n A --conns -1 --imports -1 --exports -1` (or the
limits you want), then `nsc push --account A`. Fix the tool that minted the account to write
limits. To disable an account on purpose, revoke or delete it instead of `--conns 0`.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "jwt", "limits"},
              .fix_commands = true,
          },
      .check = CheckAccountRefusesConnections,
  };
}

}  // namespace nsclint::rules
