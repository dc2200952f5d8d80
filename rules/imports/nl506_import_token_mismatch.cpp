#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportTokenMismatch(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL506");
}

}  // namespace

Rule MakeNL506() {
  return Rule{
      .info =
          {
              .id = "NL506",
              .name = "import-token-mismatch",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The activation token is for another account, subject, kind or issuer.",
              .full_description =
                  "The activation token's sub is not the importing account, its subject does not cover the import "
                  "subject, its kind is not the import's, or its issuer is neither the exporter nor a signing key "
                  "named by issuer_account: the server rejects the whole importing account JWT.",
              .help_markdown = R"md(## What it finds
Activation tokens that do not fit their import: issued to another account (`sub`), for a subject
that does not contain the import's subject, for the other kind (stream vs service), or signed by a
key that is neither the exporting account nor a signing key with `issuer_account` naming the
exporter (a token signed by a signing key without `issuer_account`).

## Why it matters
nats-server checks these while validating the importing account JWT: one bad token makes the
**whole account** invalid, so every user of the importing account is refused, not just the import.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL506 import-token-mismatch: account 'shop' (AB3K…): service
import of 'inventory.query' from account 'inventory' is dead: its activation token is for account
ACQK…, not for this account. The server rejects the whole account JWT: every user of 'shop' is refused.
```

## How to fix
A new token would be a grant the exporter never made, so the fix deletes the import
(`nsc delete import -a IMPORTER -s S --src-account EXPORTER_KEY`); the exporter may issue a token
that matches (`nsc generate activation -a EXPORTER -s S -t IMPORTER_KEY -o FILE`) for the importer
to add (`nsc add import -a IMPORTER --token FILE`).
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportTokenMismatch,
  };
}

}  // namespace nsclint::rules
