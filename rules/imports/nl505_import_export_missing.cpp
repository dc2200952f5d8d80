#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportExportMissing(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL505");
}

}  // namespace

Rule MakeNL505() {
  return Rule{
      .info =
          {
              .id = "NL505",
              .name = "import-export-missing",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "No export of the source account matches the import.",
              .full_description = "No export of the source account matches the import's subject and type (renamed or "
                                  "removed export, subject mismatch, stream/service mismatch).",
              .help_markdown = R"md(## What it finds
Imports for which the source account has no export of the same type (stream/service) whose
subject equals the import's subject or contains it (nats-server's subset match: `orders.us` is
served by an export of `orders.>`). An import of an export with `account_token_position` whose
subject does not carry the importer's key at that position is NL511's finding.

## Why it matters
The import is never activated: nothing flows, no error is logged. Typical after an export was
renamed, narrowed or changed from stream to service.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL505 import-export-missing: account 'shop' (AB3K…): stream
import of 'orders.events' from account 'orders' is dead: account 'orders' has no stream export
matching 'orders.events'. Only this import is dead; the rest of the account works.
```

## How to fix
Add the export (`nsc add export --account EXPORTER --subject S [--service] [--private]`) or correct
the import to the exported subject and type (`nsc delete import`, `nsc add import`).
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportExportMissing,
  };
}

}  // namespace nsclint::rules
