#include <set>
#include <string>

#include "rules/rules.h"
#include "rules/secrets/seed_owner.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckSecretInGit(const Model& m, RuleContext& ctx) {
  auto committable = [&m](int artifact) {
    const GitState st = m.GitStateOf(artifact);
    return st == GitState::kTracked || st == GitState::kUntracked;
  };
  std::set<std::string, std::less<>> wanted;
  for (const auto& s : m.seed_sightings) {
    if (committable(s.artifact)) wanted.insert(s.public_key);
  }
  if (wanted.empty()) return;
  const auto owner = SeedOwners(m, wanted);
  for (const auto& s : m.seed_sightings) {
    if (!committable(s.artifact)) continue;
    const Artifact& art = m.artifacts[s.artifact];
    const bool tracked = m.GitStateOf(s.artifact) == GitState::kTracked;
    auto it = owner.find(s.public_key);
    Entity e{"seed", s.role + " seed", s.public_key, it != owner.end() ? it->second.fqn : ""};
    Finding f = FindingAt(m, s.artifact, s.line, e);
    f.message = SeedArticle(s.role) + " (public key " + s.public_key +
                (it != owner.end() ? ", " + it->second.phrase : "") + ") is in this file, " +
                (tracked ? "which git tracks: the next commit holds it, and earlier ones may. Untrack "
                           "it, list it in .gitignore, and rotate the key if it was ever pushed."
                         : "which git does not ignore: the next `git add` puts it in the repository. "
                           "List it in .gitignore.");
    f.fix.remediation = tracked ? "Untrack it: git rm --cached -- " + ShellQuote(art.display) +
                                      ", then add it to .gitignore and rotate the key if it was pushed."
                                : "Add " + ShellQuote(art.display) + " to .gitignore.";
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL605() {
  return Rule{
      .info =
          {
              .id = "NL605",
              .name = "secret-in-git",
              .family = "secrets",
              .default_level = Level::kError,
              .short_description = "A file holding a seed is tracked by git, or untracked and not ignored: it is, or "
                                   "is about to be, in the repository.",
              .full_description =
                  "A file holding a well-formed nkey seed (a .creds, a .nk, a keys dir, an .env, a config) is tracked "
                  "by "
                  "git (in the index: staged or committed) or untracked and not ignored, so that the next `git add` "
                  "commits it: the seed is, or is about to be, in the repository's history, where everyone who can "
                  "read "
                  "the repository can use it.",
              .help_markdown = R"md(## What it finds
Every file of the scan that holds a well-formed nkey seed (`S` + role letter + 56 base32
characters, checksum included: an empty or broken seed block is no secret), whatever its name,
when git would commit it: it is **tracked** (in the index: staged, or committed before) or it is
**untracked and not ignored** (`.gitignore`, `.git/info/exclude` and the global excludes file are
honoured, as git reads them). nsclint asks git itself (the `git` command) about the repository
nearest above each such file; a file below a `.git` that git cannot read (dubious ownership, a
corrupt index, no git installed) stops the run with exit 2 rather than let a staged seed pass;
`--no-git` turns git awareness off (and this rule with it). One finding per seed and file, naming
the seed's public key, never the seed.

## Why it matters
A repository is copied to every clone, fork, CI runner and backup, and git keeps every version
forever: a seed committed once stays readable in the history after the file is deleted. Whoever
holds a user seed can connect as that user; an account or operator seed signs new users and
accounts. git keeps no file modes, so a checked-out `.creds` is readable by everyone on the
machine (this is why NL602 is silent inside a work tree).

## Example
```
deploy/web.creds:10: error NL605 secret-in-git: a user seed (public key UBYZ…, user 'web' (UBYZ…))
is in this file, which git tracks: the next commit holds it, and earlier ones may. Untrack it, list
it in .gitignore, and rotate the key if it was ever pushed. [web]
  fix: git rm --cached -- deploy/web.creds
.env:2: error NL605 secret-in-git: a user seed (public key UDXU…) is in this file, which git does
not ignore: the next `git add` puts it in the repository. List it in .gitignore.
```

## How to fix
Untrack the file and keep it out: `git rm --cached -- FILE`, then add it (or `*.creds`, `*.nk`,
`.env`) to `.gitignore`. Keep seeds in the nsc keys dir (`$NKEYS_PATH`, outside the repository) and
load them at deploy time. If the file was ever pushed or shared, rewriting history is not enough:
treat the key as leaked and rotate it (re-issue the user's creds with a new key and revoke the old
one; for an account or operator, add a new signing key, re-sign, and remove the old key).
)md",
              .security_severity = "9.5",
              .tags = {"security", "nats", "seeds", "secrets", "git"},
          },
      .check = CheckSecretInGit,
  };
}

}  // namespace nsclint::rules
