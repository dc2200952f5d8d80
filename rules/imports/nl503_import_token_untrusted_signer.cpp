#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportTokenUntrustedSigner(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL503");
}

}  // namespace

Rule MakeNL503() {
  return Rule{
      .info =
          {
              .id = "NL503",
              .name = "import-token-untrusted-signer",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The activation token is signed by a key the exporter no longer has.",
              .full_description =
                  "The activation token is signed by a key that is neither the exporting account nor one of its "
                  "current signing keys (the key was rotated out): the server drops the import.",
              .help_markdown = R"md(## What it finds
Activation tokens with `issuer_account` set to the exporter but signed by a key that is no longer
among the exporter's `signing_keys` (the exporter rotated the key out after issuing the token).

## Why it matters
nats-server checks the token's signer against the exporter's *current* signing keys: after a
rotation every activation issued with the old key stops working, silently.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL503 import-token-untrusted-signer: account 'shop' (AB3K…):
service import of 'inventory.query' from account 'inventory' is dead: its activation token is signed
by ADS7…, which is no longer a signing key of 'inventory' (rotated out). Only this import is dead.
```

## How to fix
Re-issue the activation with a current key of the exporter (`nsc generate activation ... -K <current
signing key>`) and replace the import with it.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports", "activation"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportTokenUntrustedSigner,
  };
}

}  // namespace nsclint::rules
