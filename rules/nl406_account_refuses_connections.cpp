#include "rules/common.h"
#include "rules/rules.h"

namespace nsclint::rules {

Rule MakeNL406() {
  RuleInfo info;
  info.id = "NL406";
  info.name = "account-refuses-connections";
  info.family = "signing";
  info.fix_commands = true;
  info.default_level = Level::kError;
  info.levels = "error / warning";
  info.security_severity = "8.0";
  info.tags = {"security", "nats", "jwt", "limits"};
  info.short_description = "An account without limits (conn read as 0) or with conn 0 refuses every user.";
  info.full_description =
      "A v2 account JWT without a limits object: nats-server reads the missing conn as 0 and refuses every "
      "user, and with any import or export rejects the whole account (error). An explicit conn of 0 (or "
      "limits without conn) disables the account on purpose (warning).";
  info.help_markdown = R"md(## What it finds
- **error**: a v2 account JWT with no `limits` object at all. nats-server reads every missing
  limit as 0: `conn` 0 refuses every user ("maximum account active connections exceeded"), and
  `imports`/`exports` 0 make the account JWT invalid as soon as it has one import or export.
  The JavaScript library (`jwt.js`) writes accounts without limits by default.
- **warning**: `limits.conn` is 0, or `limits` exists without `conn`: an account disabled on
  purpose, usually better revoked or deleted.
v1 accounts are not checked (v1 limits default to unlimited).

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
)md";
  return Rule{info, [](const Model& m, RuleContext& ctx) {
                for (const auto& a : m.accounts) {
                  if (a.origin != TokenOrigin::kFile || a.v1) continue;
                  Entity e = EntityOf(m, a);
                  Finding f = FindingAt(m, a.artifact, a.line, e);
                  if (!a.limits.present) {
                    f.message = Describe(e) + " has no limits: the server reads conn as 0 and refuses every user";
                    f.message += a.imports.empty() && a.exports.empty()
                                     ? "."
                                     : ", and with imports/exports read as 0 it rejects the whole account JWT.";
                    f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
                    NscEditFix(m, a, e,
                               {"--conns", "-1", "--exports", "-1", "--imports", "-1", "--subscriptions", "-1", "--data",
                                "-1", "--payload", "-1"},
                               &f.fix);
                    ctx.Report(Level::kError, std::move(f));
                    continue;
                  }
                  auto conn = a.limits.values.find("conn");
                  if (conn != a.limits.values.end() && conn->second != 0) continue;
                  f.message = Describe(e) +
                              (conn == a.limits.values.end() ? " sets limits without conn, which the server reads as 0"
                                                             : " sets limits.conn to 0") +
                              ": every user is refused. To disable an account, revoke or delete it instead.";
                  if (conn == a.limits.values.end()) {
                    f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
                    NscEditFix(m, a, e, {"--conns", "-1"}, &f.fix);
                  } else {
                    // conn 0 written out is a decision: lifting it is for a person to make.
                    f.fix.remediation = "If the account should accept users, set a connection limit "
                                        "(nsc edit account -n ACCOUNT --conns -1) and push it; to disable an account, "
                                        "delete or revoke it instead.";
                  }
                  ctx.Report(Level::kWarning, std::move(f));
                }
              }};
}

}  // namespace nsclint::rules
