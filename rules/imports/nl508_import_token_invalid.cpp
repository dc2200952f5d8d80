#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportTokenInvalid(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL508");
}

}  // namespace

Rule MakeNL508() {
  return Rule{
      .info =
          {
              .id = "NL508",
              .name = "import-token-invalid",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The import's activation token is malformed or its signature does not verify.",
              .full_description =
                  "The activation token cannot be decoded (bad segments, base64 or JSON, a URL stored by nsc instead "
                  "of a token) or its signature does not verify: the server rejects the whole importing account JWT.",
              .help_markdown = R"md(## What it finds
Imports whose `token` is not a decodable, correctly signed activation JWT: corrupted or truncated
tokens, a URL (nsc stores `--token` URLs verbatim, which nats-server cannot decode), a JWT of
another type, or a bad signature.

## Why it matters
nats-server reports "import contains an invalid activation token" and rejects the **whole
importing account JWT**: every user of the account is refused.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL508 import-token-invalid: account 'shop' (AB3K…): service
import of 'inventory.query' from account 'inventory' is dead: its activation token cannot be decoded:
the token is a URL, not an activation token.
```

## How to fix
The token cannot be trusted or re-signed: the fix deletes the import (`nsc delete import -a
IMPORTER -s S --src-account EXPORTER_KEY`), which makes the account load again. Then fetch a
fresh token from the exporter (`nsc generate activation -a EXPORTER -s S -t IMPORTER_KEY -o FILE`)
and import with the file: `nsc add import -a IMPORTER --token FILE`.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportTokenInvalid,
  };
}

}  // namespace nsclint::rules
