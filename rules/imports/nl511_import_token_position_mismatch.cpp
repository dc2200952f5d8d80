#include "rules/imports/import_check.h"
#include "rules/rules.h"

namespace nsclint::rules {

namespace {

void CheckImportTokenPositionMismatch(const Model& m, RuleContext& ctx) {
  ReportDeadImports(m, ctx, "NL511");
}

}  // namespace

Rule MakeNL511() {
  return Rule{
      .info =
          {
              .id = "NL511",
              .name = "import-token-position-mismatch",
              .family = "imports",
              .default_level = Level::kError,
              .short_description = "The export sets account_token_position and the import's subject does not carry the "
                                   "importer's key there.",
              .full_description = "The matched export sets account_token_position N and token N of the import's "
                                  "subject is not the importing "
                                  "account's public key (a wildcard, another account's key, too few tokens): the "
                                  "import is dead and the server "
                                  "logs it only at debug level.",
              .help_markdown = R"md(## What it finds
Imports of an export that sets `account_token_position` N (subject `feed.*` with position 2: each
importer imports `feed.<its own account key>`), where token N of the import's subject is not the
importing account's public key: a `*` or `>`, another account's key, or a subject with fewer than N
tokens. nsc's own system-account exports use positions 3 and 4 (`$SYS.REQ.ACCOUNT.*.CONNZ`).

## Why it matters
The server checks the position instead of any activation token, finds no match, and drops the
import: nothing flows. It logs the reason only at debug level (nats-server#7983), so the import
looks fine everywhere.

## Server versions
The same on every version. Proven on every server of the test matrix (`tests/server_test.cpp`,
`ServerImports`, cases `NL511-*`: the import delivers nothing while a control import delivers).

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL511 import-token-position-mismatch: account 'shop' (AB3K…):
stream import of 'feed.*' from account 'feeds' is dead: export 'feed.*' of account 'feeds' sets
account_token_position 2, so token 2 must be this account's public key, but token 2 of 'feed.*' is a
wildcard (the server logs this only at debug level).
```

## How to fix
Import the subject with this account's public key at that position:
`nsc delete import -a ACCOUNT -s SUBJECT`, then
`nsc add import -a ACCOUNT --src-account EXPORTER --remote-subject feed.<ACCOUNT_PUBLIC_KEY>`.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckImportTokenPositionMismatch,
  };
}

}  // namespace nsclint::rules
