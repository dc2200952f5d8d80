#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckSigningKeySprawl(const Model& m, RuleContext& ctx) {
  const auto max = static_cast<size_t>(ctx.IntOption("signing-keys.max"));
  auto check = [&](const TokenBase& t, const Entity& e, size_t n) {
    if (n <= max) return;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    f.message = Describe(e) + " has " + std::to_string(n) + " signing keys, more than " + std::to_string(max) + ".";
    ctx.Report(std::move(f));
  };
  for (const auto& o : m.operators) check(o, EntityOf(m, o), o.signing_keys.size());
  for (const auto& a : m.accounts) {
    if (a.origin == TokenOrigin::kFile) check(a, EntityOf(m, a), a.signing_keys.size());
  }
}

}  // namespace

Rule MakeNL402() {
  return Rule{
      .info =
          {
              .id = "NL402",
              .name = "signing-key-sprawl",
              .family = "signing",
              .default_level = Level::kWarning,
              .short_description = "More than signing-keys.max (default 4) signing keys on one account or operator.",
              .full_description = "An account or operator lists more than signing-keys.max signing keys. Each is a "
                                  "secret that can mint "
                                  "credentials; many keys usually mean rotations that were never finished.",
              .help_markdown = R"md(## What it finds
Accounts and operators with more than `signing-keys.max` signing keys (plain and scoped).

## Why it matters
Every signing key is a seed somewhere that can issue users (or accounts). Rotations that add a key
without removing the old one leave a growing set of live secrets; each key also adds ~60 bytes
(scoped keys with templates far more) to the JWT.

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL402 signing-key-sprawl: account 'APP' (AC4R…) has 6 signing
keys, more than 4.
```

## How to fix
Remove keys that no longer issue anything (NL401 names them):
`nsc edit account --name A --rm-sk KEY`, `nsc edit operator --rm-sk KEY`. Use scoped signing keys
with roles instead of one key per team where the permissions are the same.
)md",
              .tags = {"nats", "signing-keys", "size"},
              .options = {{.name = "signing-keys.max",
                           .kind = OptionKind::kCount,
                           .default_value = "4",
                           .doc = "the most signing keys one account or operator may have"}},
          },
      .check = CheckSigningKeySprawl,
  };
}

}  // namespace nsclint::rules
