#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckLegacyJwt(const Model& m, RuleContext& ctx) {
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    if (!t.v1) return;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    f.message = Describe(e) +
                " is a v1 JWT (top-level \"type\"); nsc v2 refuses v1 stores and v1 tokens "
                "lack the v2 claims.";
    if (e.get().kind == "operator") {
      // nsc upgrade-jwt is interactive only: not a command a script can run.
      f.fix.remediation = "Run nsc upgrade-jwt by hand (it asks before it converts; keep a backup), then lint again.";
    } else if (e.get().kind == "activation") {
      f.fix.remediation = "Ask the exporting account for a new (v2) activation token.";
    } else {
      NscEditFix(m, t, e, {"--rm-tag", "nsclint-absent-tag"}, &f.fix);
    }
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL004() {
  return Rule{
      .info =
          {
              .id = "NL004",
              .name = "legacy-jwt",
              .family = "integrity",
              .default_level = Level::kWarning,
              .short_description = "A v1 JWT: the payload has a top-level type.",
              .full_description =
                  "A v1 JWT (top-level \"type\" in the payload; v1 signatures cover the payload segment only, "
                  "header alg ed25519). nats-server 2.x still reads many v1 tokens, but nsc v2 refuses v1 stores "
                  "and v1 tokens lack the v2 claims (scoped signing keys, limits, strict signing).",
              .help_markdown = R"md(## What it finds
Tokens in the v1 format of the NATS JWT library: the payload has a top-level `type` (v2 puts
it in `nats.type` and adds `nats.version: 2`), the header's `alg` is `ed25519`, and the
signature covers only the payload segment.

## Why it matters
nsc v2 refuses to work on a store holding v1 JWTs (except `nsc upgrade-jwt`), v1 accounts
have no `limits.conn` (v1 limits default differently), and newer features (scoped signing
keys, strict signing, `issuer_account` checks) do not exist in v1. A store still carrying
v1 tokens has not been maintained since 2020.

## Example
```
configs/op.jwt: warning NL004 legacy-jwt: operator 'Synadia Communications Inc.' (OCAT…) is a
v1 JWT (top-level "type"); nsc v2 refuses v1 stores.
```

## How to fix
Upgrade the operator with `nsc upgrade-jwt` (keep a backup of the store), then re-issue
accounts and users with nsc v2 (`nsc edit account --name A ...`, `nsc edit user ...`) and
regenerate creds with `nsc generate creds`.
)md",
              .tags = {"nats", "jwt", "maintainability"},
              .fix_commands = true,
          },
      .check = CheckLegacyJwt,
  };
}

}  // namespace nsclint::rules
