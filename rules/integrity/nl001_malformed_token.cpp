#include <filesystem>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckMalformedToken(const Model& m, RuleContext& ctx) {
  for (const auto& p : m.problems) {
    const auto& art = m.artifacts[p.artifact];
    Entity e{"file", std::filesystem::path(art.display.view()).filename().string(), "", ""};
    Finding f = FindingAt(m, p.artifact, p.line, e);
    f.message = "Cannot decode this file: " + p.what + ".";
    // nsc cannot load it either: no command can repair it.
    f.fix.remediation =
        "Restore the file from version control or a backup, or re-issue the entity with nsc; "
        "if it is not NATS material, rename it so it does not end in .jwt, .creds or .nk.";
    f.qualifier = p.what;
    ctx.Report(std::move(f));
  }
  for (const auto& s : m.seeds) {
    if (s.problem.empty()) continue;
    const auto& art = m.artifacts[s.artifact];
    Entity e{"seed", std::filesystem::path(art.display.view()).filename().string(), "", ""};
    Finding f = FindingAt(m, s.artifact, 1, e);
    f.message = "This seed file holds no valid nkey seed: " + s.problem + ".";
    f.fix.remediation = "Restore the seed from a backup (nsc import keys) or remove the file by hand.";
    f.qualifier = "seed";
    ctx.Report(std::move(f));
  }
  for (const auto& c : m.creds) {
    if (c.seed_problem.empty()) continue;
    const auto& art = m.artifacts[c.artifact];
    Entity e = c.user >= 0 ? EntityOf(m, m.users[c.user])
                           : Entity{"file", std::filesystem::path(art.display.view()).filename().string(), "", ""};
    Finding f = FindingAt(m, c.artifact, c.seed_line > 0 ? c.seed_line : 1, e);
    f.message = "This creds file cannot be used to connect: " + c.seed_problem + ".";
    if (c.user >= 0) {
      // No command: no fixture or nsc-made store proves one (tests/fix_test.cpp).
      f.fix.remediation =
          "Write the creds file again from the store: nsc generate creds -a ACCOUNT -n USER -o FILE "
          "(with the user's seed in the keys dir).";
    }
    f.qualifier = "creds-seed";
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL001() {
  return Rule{
      .info =
          {
              .id = "NL001",
              .name = "malformed-token",
              .family = "integrity",
              .default_level = Level::kError,
              .short_description = "A JWT, creds or seed file cannot be read or decoded.",
              .full_description =
                  "A candidate file cannot be read or decoded: wrong segment count, bad base64url, bad JSON, "
                  "missing sub/iss/nats.type, an unknown type, a known nats.type without nats.version, a creds "
                  "file without a valid seed block, a seed file that holds no valid seed, or an unreadable file.",
              .help_markdown = R"md(## What it finds
Files that should hold NATS material but cannot be decoded: a `.jwt` that is not three
base64url segments of JSON, claims without `sub`, `iss` or `nats.type`, an unknown token type,
a v2 token without `nats.version`, a field of the wrong JSON type (Go's decoder rejects the
whole token, e.g. `"exp": 1.7e9`), a `.creds` file without its armored JWT or seed block, a
`.nk` file that holds no valid seed, a file that cannot be read or is larger than 4 MiB.

## Why it matters
nats-server and nsc refuse such a file outright. A resolver that is handed a broken account
JWT refuses every user of that account; a broken creds file cannot connect. Some broken JWTs
(no `nats.version`) stop nats-server from starting when preloaded.

## Example
```
store/ACME/accounts/billing/billing.jwt: error NL001 malformed-token: cannot decode the
token: expected 3 dot-separated segments, found 2
```

## How to fix
Regenerate the file with nsc instead of editing it by hand: `nsc describe account --name A --raw`
prints the stored JWT, `nsc generate creds --account A --name U` writes fresh creds, and
`nsc export keys` re-exports seeds. If the file is not NATS material, rename it so it does not
end in `.jwt`, `.creds` or `.nk`.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "jwt"},
          },
      .check = CheckMalformedToken,
  };
}

}  // namespace nsclint::rules
