#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckCredsKeyMismatch(const Model& m, RuleContext& ctx) {
  for (const auto& c : m.creds) {
    if (c.user < 0 || c.seed_public_key.empty()) continue;
    const User& u = m.users[c.user];
    if (c.seed_public_key == u.sub) continue;
    Entity e = EntityOf(m, u);
    Finding f = FindingAt(m, c.artifact, c.seed_line > 0 ? c.seed_line : u.line, e);
    std::string role;
    switch (c.seed_public_key.empty() ? ' ' : c.seed_public_key[0]) {
      case 'U':
        role = "a user key";
        break;
      case 'A':
        role = "an account key";
        break;
      case 'O':
        role = "an operator key";
        break;
      default:
        role = "not a user key";
        break;
    }
    f.message = Describe(e) + ": the seed in this creds file derives " + c.seed_public_key + " (" + role +
                "), not the JWT's subject " + u.sub +
                ": the nonce signature cannot verify, so the server refuses the connection.";
    GenerateCredsFix(m, u.sub, c.artifact, &f.fix);
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL601() {
  return Rule{
      .info =
          {
              .id = "NL601",
              .name = "creds-key-mismatch",
              .family = "secrets",
              .default_level = Level::kError,
              .short_description = "A creds file's seed does not derive the public key in its JWT's sub.",
              .full_description =
                  "The seed block of a .creds file belongs to another key than the user JWT above it. The client signs "
                  "the server's nonce with that seed, the signature does not verify with the JWT's sub, and the server "
                  "refuses every connection with 'Authorization Violation'.",
              .help_markdown = R"md(## What it finds
`.creds` files whose `USER NKEY SEED` block derives a public key other than the `sub` of the
user JWT in the same file: a creds file stitched together by hand, a JWT re-issued for a new
key while the old seed stayed, or the seed of another user (or of an account) pasted in.

## Why it matters
At CONNECT the client signs the server's nonce with the seed and sends the JWT; the server
verifies the signature with the JWT's `sub`. With a mismatched seed that check fails and the
server refuses the connection ("Authorization Violation"), on every attempt. The official
library (nats-io/jwt 2.8.1 and later) refuses to write such a file.

## Example
```
keys/creds/ACME/APP/alice.creds:9: error NL601 creds-key-mismatch: user 'alice' (UDO5…): the seed
in this creds file derives UBQ4… (a user key), not the JWT's subject UDO5…: the server refuses the connection.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc generate creds -a APP -n alice -o ../../keys/creds/ACME/APP/alice.creds)
```

## How to fix
Regenerate the file from the keystore: `nsc generate creds --account A --name U --output-file
FILE` takes the JWT from the store and the seed from the keys dir. If the keys dir has no seed
for that user any more, re-key the user (`nsc delete user` and `nsc add user`) and hand out the
new creds.
)md",
              .security_severity = "7.0",
              .tags = {"security", "nats", "creds"},
              .fix_commands = true,
          },
      .check = CheckCredsKeyMismatch,
  };
}

}  // namespace nsclint::rules
