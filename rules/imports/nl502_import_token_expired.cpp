#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportTokenExpired(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL502");
}

}  // namespace

Rule MakeNL502() {
  return Rule{
      .info =
          {
              .id = "NL502",
              .name = "import-token-expired",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The import's activation token has expired.",
              .full_description = "The activation token's exp is not after --now: the server drops the import. Only "
                                  "this import is dead; the rest of the account works.",
              .help_markdown = R"md(## What it finds
Imports of a private export whose activation token has `exp` at or before `--now` (nats-server
treats `exp == now` as expired and allows no clock skew).

## Why it matters
The import stops working the moment the token expires, silently: subscribers receive nothing,
requests time out. NL101 reports the expired token too; this rule says what it breaks.

## Example
```
store/ACME/accounts/billing/billing.jwt: error NL502 import-token-expired: account 'billing' (ADMY…):
service import of 'orders.status' from account 'orders' is dead: its activation token expired at
2026-05-20T00:00:00Z. Only this import is dead; the rest of the account works.
```

## How to fix
Re-issue the same grant: `nsc generate activation -a EXPORTER -s S -t IMPORTER_KEY -K SIGNER
-o FILE --expiry DURATION` (the old token's lifetime, at least 30 days; no `--service`: the kind
comes from the export), then `nsc delete import -a IMPORTER -s S --src-account EXPORTER_KEY` and
`nsc add import -a IMPORTER --token FILE -n NAME [-s LOCAL_SUBJECT]`. The fix writes FILE into the
keys dir; nsclint treats a token file that an import holds as a copy.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportTokenExpired,
  };
}

}  // namespace nsclint::rules
