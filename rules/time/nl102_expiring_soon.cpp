#include "rules/rules.h"
#include "rules/time/time_wording.h"

namespace nsclint::rules {

namespace {

void CheckExpiringSoon(const Model& m, RuleContext& ctx) {
  const int64_t window = ctx.DurationOption("expiry-warning");
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    if (t.exp == 0 || t.exp <= ctx.now() || t.exp - ctx.now() > window) return;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    f.message = Subject(t, e) + " expires at " + FormatTime(t.exp) + ", in " + FormatDuration(t.exp - ctx.now()) + ".";
    if (t.origin == TokenOrigin::kImport) f.qualifier = "import:" + static_cast<const Activation&>(t).subject;
    RenewFix(m, t, e, "90d", &f.fix);
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL102() {
  return Rule{
      .info =
          {
              .id = "NL102",
              .name = "expiring-soon",
              .family = "time",
              .default_level = Level::kWarning,
              .short_description = "The JWT expires within --expiry-warning (default 14 days) of --now.",
              .full_description =
                  "exp falls after --now but within the expiry-warning window (default 14 days): renew it before "
                  "the server starts refusing it.",
              .help_markdown = R"md(## What it finds
Tokens (operator, account, user, activation, creds) whose `exp` is after `--now` but no more
than `expiry-warning` later (default 14 days).

## Why it matters
When the time comes, the server refuses the user, unloads the account or drops the import,
with no warning to anyone. Two weeks is enough to re-issue and roll out new credentials.

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL102 expiring-soon: account 'APP' (AC4R…) expires at
2026-06-10T00:00:00Z, in 9 days.
```

## How to fix
Re-issue before the deadline: `nsc edit account --name A --expiry 1y && nsc push --account A`,
`nsc edit user --account A --name U --expiry 90d && nsc generate creds --account A --name U`.
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "jwt", "expiry"},
              .options = {{.name = "expiry-warning",
                           .kind = OptionKind::kDuration,
                           .default_value = "14d",
                           .doc = "how far ahead of exp to warn",
                           .flag = "--expiry-warning"}},
              .fix_commands = true,
          },
      .check = CheckExpiringSoon,
  };
}

}  // namespace nsclint::rules
