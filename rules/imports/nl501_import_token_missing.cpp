#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportTokenMissing(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL501");
}

}  // namespace

Rule MakeNL501() {
  return Rule{
      .info =
          {
              .id = "NL501",
              .name = "import-token-missing",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The export requires an activation token and the import carries none.",
              .full_description =
                  "The export has token_req (it is private) and the import carries no activation token: the server "
                  "never activates the import. Only this import is dead; the rest of the account works.",
              .help_markdown = R"md(## What it finds
Imports of a private export (`token_req: true`, written by `nsc add export --private`) that carry
no `token`. Public exports need no token; exports with `account_token_position` need none either.

## Why it matters
The server silently skips the import: the importing account's subscribers receive nothing and
requests time out, with no error anywhere. The rest of the account keeps working.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL501 import-token-missing: account 'shop' (AB3K…): service
import of 'inventory.query' from account 'inventory' is dead: export 'inventory.query' of account
'inventory' is private (token_req) and the import carries no activation token. Only this import is
dead; the rest of the account works.
```

## How to fix
The export is private and no token was ever granted, so nsclint does not make one: the fix
deletes the dead import (`nsc delete import -a IMPORTER -s S --src-account EXPORTER_KEY`). If the
exporter means to grant it, it issues a token (`nsc generate activation -a EXPORTER -s S -t
IMPORTER_KEY -o FILE`; there is no `--service`: the kind comes from the export) and the importer
adds it (`nsc add import -a IMPORTER --token FILE`); `nsc push` the importer.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportTokenMissing,
  };
}

}  // namespace nsclint::rules
