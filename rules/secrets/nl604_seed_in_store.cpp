#include <map>
#include <set>
#include <string>

#include "rules/rules.h"
#include "rules/secrets/seed_owner.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckSeedInStore(const Model& m, RuleContext& ctx) {
  auto reported = [&m](const SeedSighting& s) { return !IsSecretFile(m.artifacts[s.artifact]); };
  // Only the keys of seeds that will be reported are looked up.
  std::set<std::string, std::less<>> wanted;
  for (const auto& s : m.seed_sightings) {
    if (reported(s)) wanted.insert(s.public_key);
  }
  if (wanted.empty()) return;
  const auto owner = SeedOwners(m, wanted);
  for (const auto& s : m.seed_sightings) {
    if (!reported(s)) continue;
    const Artifact& art = m.artifacts[s.artifact];
    auto it = owner.find(s.public_key);
    Entity e{"seed", s.role + " seed", s.public_key, it != owner.end() ? it->second.fqn : ""};
    Finding f = FindingAt(m, s.artifact, s.line, e);
    std::string where = art.place.store >= 0 ? "inside operator store '" + m.stores[art.place.store].dir_name +
                                                   "' rather than in an nsc keys dir"
                                             : "which is not a seed or creds file (seeds belong in an nsc keys dir)";
    f.message = SeedArticle(s.role) + " (public key " + s.public_key +
                (it != owner.end() ? ", " + it->second.phrase : "") + ") is in this file, " + where +
                ": whoever gets the file can sign as that key.";
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL604() {
  return Rule{
      .info =
          {
              .id = "NL604",
              .name = "seed-in-store",
              .family = "secrets",
              .default_level = Level::kError,
              .short_description = "A seed appears in a file that is not a secret file (a .jwt, config, .env, README, "
                                   "or a .creds in a store).",
              .full_description =
                  "An nkey seed (S followed by the role letter and 56 base32 characters, with a valid checksum) "
                  "appears in "
                  "a file that is not a secret file, whether it was named on the command line or found in a folder: a "
                  "config, an .env, a README, a .jwt, or a .creds/.nk copied into an operator store. Secret files are "
                  "the "
                  "files of an nsc keys dir and .nk/.creds files outside an operator store.",
              .help_markdown = R"md(## What it finds
Any file that is not a secret file, named on the command line (a pre-commit hook names every
staged file) or found in a scanned folder, whatever its name or extension (a `.jwt`, an `.env`, a
YAML config, a README, a `.creds` or `.nk` copied into an operator store), whose text holds an nkey
seed: `S` + role letter (`O`, `A`, `U`, `N`, `C`, `X`) + 56 base32 characters that decode as a seed,
checksum included. Only such well-formed seeds count: an empty or broken seed block is no secret.
Secret files are where seeds belong and never count: the files of an nsc keys dir
(`keys/<X>/<YZ>/<pub>.nk`, `creds/<op>/<acct>/<user>.creds`, and anything else under a folder with
that layout) and `.nk`/`.creds` files anywhere outside an operator store (whether git would commit
one is NL605's question). Standard input has no name and is not judged. Files larger than 4 MiB are
scanned up to 4 MiB. The finding names the seed's public key, never the seed.

## Why it matters
JWTs are public by design and are routinely committed, pushed and pasted; seeds are the private
half. A seed next to the store travels wherever the store goes (git history, CI artifacts, backups),
and whoever holds it can sign as that operator or account, or connect as that user.

## Example
```
.env:2: error NL604 seed-in-store: a user seed (public key UDXU…) is in this file, which is not a
seed or creds file (seeds belong in an nsc keys dir): whoever gets the file can sign as that key.
store/ACME/accounts/APP/notes.txt:3: error NL604 seed-in-store: an account seed (public key
ACZ4…, account 'APP' (ACZ4…)) is in this file, inside operator store 'ACME' rather than in an nsc
keys dir: whoever gets the file can sign as that key.
```

## How to fix
Move the seed into the keys dir (`nsc import keys`, or copy the `.nk`/`.creds` under
`$NKEYS_PATH`), delete this copy, and keep `*.nk`/`*.creds` out of version control (nsc writes a
`.gitignore` into its keystore). If the file was ever committed or shared, treat the key as leaked:
rotate it (re-key the user; for an account or operator, add a new signing key, re-sign, and
revoke or remove the old key).
)md",
              .security_severity = "9.0",
              .tags = {"security", "nats", "seeds", "secrets"},
          },
      .check = CheckSeedInStore,
  };
}

}  // namespace nsclint::rules
