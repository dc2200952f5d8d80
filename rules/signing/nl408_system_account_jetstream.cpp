#include "rules/rules.h"
#include "rules/support/model_queries.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckSystemAccountJetstream(const Model& m, RuleContext& ctx) {
  for (const auto& o : m.operators) {
    if (o.origin != TokenOrigin::kFile || o.system_account.empty()) continue;
    const int index = m.FindAccount(o.system_account);
    if (index < 0) continue;
    const Account& a = m.accounts[index];
    if (a.origin != TokenOrigin::kFile || !a.limits.jetstream) continue;
    const Entity e = EntityOf(m, a);
    Finding f = FindingAt(m, a.artifact, a.line, e);
    f.message = Describe(e) + " is the system account of operator '" + NscName(o) +
                "' and enables JetStream: every nats-server with JetStream enabled refuses to start "
                "('Not allowed to enable JetStream on the system account').";
    // --js-disable zeroes the flat limits and drops the tiers; it excludes every other
    // --js-* flag (nsc 2.10.2 or later on the system account).
    const std::string then = "Then push the account to the servers: nsc push -a " + ShellQuote(NscName(a)) + ".";
    if (NscEditFix(m, a, e, {"--js-disable"}, &f.fix)) {
      f.fix.remediation = then;
    } else {  // why no command, then the command to run by hand
      f.fix.remediation += " Disable JetStream on it: nsc edit account -n " + ShellQuote(NscName(a)) +
                           " --js-disable (nsc 2.10.2 or later). " + then;
    }
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL408() {
  return Rule{
      .info =
          {
              .id = "NL408",
              .name = "system-account-jetstream",
              .family = "signing",
              .default_level = Level::kError,
              .short_description =
                  "The operator's system account has JetStream limits: a server with JetStream enabled "
                  "refuses to start.",
              .full_description =
                  "The account the operator names as system_account has JetStream enabled (memory or disk storage "
                  "other "
                  "than 0 in a tier, or in the flat limits when there are no tiers). Every nats-server with JetStream "
                  "enabled stops at start-up: 'Not allowed to enable JetStream on the system account'.",
              .help_markdown = R"md(## What it finds
The operator's `system_account` whose account JWT enables JetStream: a tier of
`limits.tiered_limits` with `mem_storage` or `disk_storage` other than 0, or, without tiers, the
flat `mem_storage`/`disk_storage` (`-1` is unlimited, so it enables JetStream too). Every decoder
drops the flat limits when tiers are present, so then only the tiers count.

## Why it matters
A nats-server with JetStream enabled aborts at start-up ("Not allowed to enable JetStream on the
system account"): the whole server, not just the account. Older nsc could not disable it
(nsc#684).

## Server versions
Every version (2.9.10 and the newest alike). Proven on every server of the test matrix
(`tests/server_test.cpp`, `ServerStartup`).

## Example
```
store/ACME/accounts/SYS/SYS.jwt: error NL408 system-account-jetstream: account 'SYS' (ADKX…) is the
operator's system account and enables JetStream: every nats-server with JetStream enabled refuses to start.
```

## How to fix
`nsc edit account -n SYS --js-disable` (nsc 2.10.2 or later), then push the account JWT.
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "operator", "jetstream"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckSystemAccountJetstream,
  };
}

}  // namespace nsclint::rules
