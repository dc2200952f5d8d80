#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportTokenRevoked(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL507");
}

}  // namespace

Rule MakeNL507() {
  return Rule{
      .info =
          {
              .id = "NL507",
              .name = "import-token-revoked",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The export revokes the importing account at or after the token's iat.",
              .full_description =
                  "The export (with token_req and no account_token_position) revokes the importing account (or '*') at "
                  "or after the activation token's iat: the server drops the import.",
              .help_markdown = R"md(## What it finds
Imports of a private export whose `revocations` hold the importer's key (or `*`) with a time at
or after the activation token's `iat` (a revocation in the same second revokes). Revocations on
public exports or exports with `account_token_position` are never checked (see NL301).

## Why it matters
The exporter revoked this importer: the import is dead. If access should continue, a new
activation (issued after the revocation) is needed; if not, the import should be removed.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL507 import-token-revoked: account 'shop' (AB3K…): service
import of 'inventory.query' from account 'inventory' is dead: export 'inventory.query' revokes this
account at 2026-03-01T00:00:00Z, at or after the token's iat 2026-01-01T00:00:00Z.
```

## How to fix
Remove the import (`nsc delete import --account IMPORTER --subject S`), or if access is meant to
continue, issue a new activation after the revocation time and replace the import with it.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportTokenRevoked,
  };
}

}  // namespace nsclint::rules
