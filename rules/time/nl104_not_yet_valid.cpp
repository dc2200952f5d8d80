#include "rules/rules.h"
#include "rules/time/time_wording.h"

namespace nsclint::rules {

namespace {

void CheckNotYetValid(const Model& m, RuleContext& ctx) {
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    if (t.nbf == 0 || t.nbf <= ctx.now()) return;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    f.message = Subject(t, e) + " is not valid before " + FormatTime(t.nbf) + " (in " +
                FormatDuration(t.nbf - ctx.now()) + "); the server refuses it until then.";
    if (t.origin == TokenOrigin::kImport) f.qualifier = "import:" + static_cast<const Activation&>(t).subject;
    f.fix.remediation =
        "A future start is usually deliberate; if it is not, re-issue it from now (for a user: nsc edit user -a "
        "ACCOUNT -n USER -K ISSUER --start 0).";
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL104() {
  return Rule{
      .info =
          {
              .id = "NL104",
              .name = "not-yet-valid",
              .family = "time",
              .default_level = Level::kWarning,
              .short_description = "nbf is after --now: the server refuses the JWT until then.",
              .full_description =
                  "The JWT's nbf (not before) is after --now: nats-server treats it as not yet valid and refuses "
                  "it (an account does not load, a user cannot connect, an import stays inactive) until then.",
              .help_markdown = R"md(## What it finds
Tokens whose `nbf` (not-before) claim is after `--now`.

## Why it matters
nats-server refuses a token before its `nbf`, with no clock-skew allowance: a user cannot
connect, an account does not load, an activation does not activate. Usually the start date was
set on purpose for a later rollout; sometimes it is a typo or a clock error.

## Example
```
store/ACME/accounts/APP/users/batch.jwt: warning NL104 not-yet-valid: user 'batch' (UDO5…) is
not valid before 2026-07-01T00:00:00Z (in 30 days).
```

## How to fix
If the delay is not intended, re-issue without it: `nsc edit user --account A --name U --start 0`
(or `--start <date>`) and regenerate creds.
)md",
              .tags = {"nats", "jwt", "expiry"},
          },
      .check = CheckNotYetValid,
  };
}

}  // namespace nsclint::rules
