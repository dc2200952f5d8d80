#include "rules/rules.h"
#include "rules/time/time_wording.h"

namespace nsclint::rules {

// 3000-01-01T00:00:00Z: a time claim beyond it was written in milliseconds.
constexpr int64_t kYear3000 = 32503680000;

namespace {

void CheckBadTimeClaims(const Model& m, RuleContext& ctx) {
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    auto report = [&](const std::string& what, const std::string& qualifier) {
      Finding f = FindingAt(m, t.artifact, t.line, e);
      f.message = Subject(t, e) + " " + what;
      f.qualifier = qualifier;
      if (t.origin == TokenOrigin::kImport) {
        f.qualifier += ":import:" + static_cast<const Activation&>(t).subject;
      }
      if (e.get().kind != "activation") RenewFix(m, t, e, "90d", &f.fix);
      ctx.Report(std::move(f));
    };
    bool millis = false;
    for (auto [name, value] : {std::pair{"iat", t.iat}, {"exp", t.exp}, {"nbf", t.nbf}}) {
      if (value > kYear3000) {
        millis = true;
        report(std::string("has ") + name + " " + std::to_string(value) + ", which is in milliseconds (" +
                   FormatTime(value / 1000) +
                   " if read as such), not seconds: the server takes it as a date after the year 3000.",
               std::string("ms-") + name);
      }
    }
    if (millis) return;
    if (t.exp != 0 && t.iat != 0 && t.exp <= t.iat) {
      report("expires at " + FormatTime(t.exp) + ", not after it was issued (" + FormatTime(t.iat) +
                 "): it was never valid.",
             "exp-before-iat");
    }
    if (t.nbf != 0 && t.exp != 0 && t.nbf > t.exp) {
      report(
          "is not valid before " + FormatTime(t.nbf) + " but expires at " + FormatTime(t.exp) + ": it is never valid.",
          "nbf-after-exp");
    }
  });
}

}  // namespace

Rule MakeNL106() {
  return Rule{
      .info =
          {
              .id = "NL106",
              .name = "bad-time-claims",
              .family = "time",
              .default_level = Level::kError,
              .short_description = "exp <= iat, nbf > exp, or a time claim in milliseconds.",
              .full_description =
                  "The time claims contradict each other (exp at or before iat, nbf after exp) or one is clearly "
                  "milliseconds rather than seconds (after the year 3000).",
              .help_markdown = R"md(## What it finds
Tokens whose time claims cannot be right:
- `exp` at or before `iat`: the token was dead when it was issued;
- `nbf` after `exp`: the token is never valid;
- `iat`, `exp` or `nbf` after the year 3000: the value was written in milliseconds, not seconds.

## Why it matters
nats-server accepts a millisecond `exp` at CONNECT (it looks like year 55,000) and its
disconnect timer then overflows unpredictably; the other two never work. All are generator
bugs (usually a non-nsc tool) that hide until someone wonders why a credential fails.

## Example
```
tokens/svc.jwt: error NL106 bad-time-claims: user 'svc' (UBIJ…) has exp 1780272000000, which
is in milliseconds (year 58384), not seconds.
```

## How to fix
Fix the tool that issued the token to write unix **seconds**, or re-issue it with nsc:
`nsc edit user --account A --name U --expiry 90d`.
)md",
              .tags = {"nats", "jwt", "expiry"},
              .fix_commands = true,
          },
      .check = CheckBadTimeClaims,
  };
}

}  // namespace nsclint::rules
