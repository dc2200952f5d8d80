#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

Rule MakeNL503() {
  RuleInfo info;
  info.id = "NL503";
  info.name = "import-token-untrusted-signer";
  info.family = "imports";
  info.precision = "very-high";
  info.fix_commands = true;
  info.default_level = Level::kError;
  info.security_severity = "8.0";
  info.tags = {"security", "nats", "imports", "activation"};
  info.short_description = "The activation token is signed by a key the exporter no longer has.";
  info.full_description =
      "The activation token is signed by a key that is neither the exporting account nor one of its current signing keys (the key was rotated out): the server drops the import.";
  info.help_markdown = R"md(## What it finds
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
)md";
  return Rule{info, [](const Model& m, RuleContext& ctx) { ReportDeadImports(m, ctx, "NL503"); }};
}

}  // namespace nsclint::rules
