#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportSourceMissing(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL504");
}

}  // namespace

Rule MakeNL504() {
  return Rule{
      .info =
          {
              .id = "NL504",
              .name = "import-source-missing",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The exporting account of an import is not in the store.",
              .full_description =
                  "In a complete store, the source account of an import is not in the store: the import "
                  "is skipped and the importing account is incomplete. An expired source account is "
                  "NL101's finding, which counts the imports it kills.",
              .help_markdown = R"md(## What it finds
Imports whose source account (`account`) is not in the store. An expired source account is not
reported here: one root cause, one finding — NL101 on the exporter reports it and counts the
imports it kills ("Blast radius: 1 user refused; 1 import in 'A' dead"), with each importer as a
related location. Only judged on complete stores: when loose files are linted, the source may live elsewhere and the
rule stays silent.

## Why it matters
nats-server skips the import (the importing account is marked incomplete): subscribers receive
nothing. Usually the exporting account was deleted or re-created with a new key.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL504 import-source-missing: account 'shop' (AB3K…): stream
import of 'legacy.events' from account 'ACQK…' is dead: the exporting account ACQK… is not in the
store. Only this import is dead; the rest of the account works.
```

## How to fix
Remove the import (`nsc delete import --account IMPORTER --subject S`) or restore/renew the source
account (`nsc edit account --name EXPORTER --expiry 1y`, `nsc push`).
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
          },
      .check = CheckImportSourceMissing,
  };
}

}  // namespace nsclint::rules
