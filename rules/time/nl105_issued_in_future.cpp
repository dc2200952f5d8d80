#include "rules/rules.h"
#include "rules/support/nsc_fix.h"
#include "rules/time/time_wording.h"

namespace nsclint::rules {

namespace {

void CheckIssuedInFuture(const Model& m, RuleContext& ctx) {
  const int64_t skew = ctx.DurationOption("clock-skew");
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    if (t.iat == 0 || t.iat <= ctx.now() + skew) return;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    f.message = Subject(t, e) + " was issued at " + FormatTime(t.iat) + ", " + FormatDuration(t.iat - ctx.now()) +
                " after now: the issuing clock is ahead, and revocations made now will not cover it.";
    if (t.origin == TokenOrigin::kImport) f.qualifier = "import:" + static_cast<const Activation&>(t).subject;
    if (e.get().kind != "activation") NscEditFix(m, t, e, {"--rm-tag", "nsclint-absent-tag"}, &f.fix);
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL105() {
  return Rule{
      .info =
          {
              .id = "NL105",
              .name = "issued-in-future",
              .family = "time",
              .default_level = Level::kWarning,
              .short_description = "iat is after --now plus --clock-skew: the issuing clock is ahead.",
              .full_description =
                  "The JWT's iat (issued at) is later than --now plus the clock-skew allowance (default 5 minutes): "
                  "the clock of the machine that issued it is ahead, or --now is wrong.",
              .help_markdown = R"md(## What it finds
Tokens whose `iat` is later than `--now` plus `clock-skew` (default 5 minutes).

## Why it matters
nats-server does not compare `iat` with its clock, but revocations do: a revocation entry
only revokes JWTs with `iat` at or before its timestamp. A user JWT issued "in the future"
survives a revocation made now, and `nsc revocations` entries made on a correct clock do not
cover it. It also shows that the issuing machine's clock is wrong.

## Example
```
tokens/admin.jwt: warning NL105 issued-in-future: user 'admin' (UABC…) was issued at
2026-08-28T10:00:00Z, 88 days after now: the issuing clock is ahead.
```

## How to fix
Fix the clock of the machine that runs nsc (NTP), then re-issue the JWT
(`nsc edit user -a A -n U -K ISSUER --rm-tag x`, any edit re-signs) so its `iat` is correct.
)md",
              .tags = {"nats", "jwt", "clock"},
              .options = {{.name = "clock-skew",
                           .kind = OptionKind::kDuration,
                           .default_value = "5m",
                           .doc = "how far in the future iat may be",
                           .flag = "--clock-skew"}},
              .fix_commands = true,
          },
      .check = CheckIssuedInFuture,
  };
}

}  // namespace nsclint::rules
