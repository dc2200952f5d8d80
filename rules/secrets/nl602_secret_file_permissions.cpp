#include <filesystem>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {
namespace {

// "readable by group and others", "readable and writable by others", ...
std::string Exposure(unsigned mode) {
  auto who = [](unsigned bits) {
    bool r = (bits & 4u) != 0, w = (bits & 2u) != 0;
    return std::string(r && w ? "readable and writable" : r ? "readable" : w ? "writable" : "");
  };
  std::string group = who((mode >> 3) & 7u), other = who(mode & 7u);
  if (!group.empty() && group == other) return group + " by group and others";
  if (!group.empty() && !other.empty()) return group + " by group and " + other + " by others";
  return group.empty() ? other + " by others" : group + " by group";
}

std::string Octal(unsigned mode) {
  std::string out = "0";
  for (int shift = 6; shift >= 0; shift -= 3) out += static_cast<char>('0' + ((mode >> shift) & 7u));
  return out;
}

}  // namespace

namespace {

void CheckSecretFilePermissions(const Model& m, RuleContext& ctx) {
  // Only files holding a well-formed seed: an empty or broken seed block is no secret.
  std::map<int, Entity> entity_of;  // artifact -> what the secret is
  for (const auto& c : m.creds) {
    if (c.seed_public_key.empty()) continue;
    entity_of[c.artifact] =
        c.user >= 0 ? EntityOf(m, m.users[c.user]) : Entity{"seed", "user seed", c.seed_public_key, ""};
  }
  for (const auto& s : m.seeds) {
    if (!s.public_key.empty()) entity_of[s.artifact] = Entity{"seed", s.role + " seed", s.public_key, ""};
  }
  for (const auto& [i, e] : entity_of) {
    const Artifact& art = m.artifacts[i];
    if (!art.mode || (*art.mode & 066u) == 0) continue;
    // In a git work tree the mode means nothing (git keeps no permission bits): NL605's matter.
    if (m.GitStateOf(i) != GitState::kOutside) continue;
    const std::string_view ext = PathExtension(art.abs);
    const bool creds = ext == ".creds";
    if (!creds && ext != ".nk") continue;
    Finding f = FindingAt(m, i, 1, e);
    f.message = (e.kind == "file" ? std::string() : Describe(e) + ": ") + "this " + (creds ? "creds" : "seed") +
                " file has mode " + Octal(*art.mode) + ", " + Exposure(*art.mode) + ", and holds a secret seed.";
    std::string path = art.display.str();
    if (path.starts_with('-')) path = "./" + path;
    f.fix.commands.push_back({"chmod", "600", std::move(path)});
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL602() {
  return Rule{
      .info =
          {
              .id = "NL602",
              .name = "secret-file-permissions",
              .family = "secrets",
              .default_level = Level::kWarning,
              .short_description =
                  "A .nk or .creds file outside a git work tree is readable or writable by group or others.",
              .full_description =
                  "Seed (.nk) and creds (.creds) files hold secret nkey seeds; nsc writes them 0600. A file whose "
                  "mode lets the group or other users read it (or write it) leaks the identity to every local account.",
              .help_markdown = R"md(## What it finds
`.nk` and `.creds` files holding a well-formed seed (in a keys dir or anywhere else in the scan),
outside any git work tree, whose permission bits give the group or others any access: mode
`& 0066` is not zero, e.g. `0644` or `0660`. nsc creates its keystore folders 0700 and these files
0600. A creds file whose seed block is empty or broken holds no secret and never fires. Inside a
git work tree the mode means nothing (git keeps no permission bits, every checkout is 0644): there
the problem is the seed being in the repository, which NL605 reports; `--no-git` judges every file.

## Why it matters
Whoever can read the file can connect as that user, or sign as that account or operator. A
group-writable creds file can be swapped for another identity. Copies, archives and git
and copies lose the 0600 mode silently.

## Example
```
keys/creds/ACME/APP/alice.creds:1: warning NL602 secret-file-permissions: user 'alice' (UDO5…):
this creds file has mode 0644, readable by group and others, and holds a secret seed.
  fix: chmod 600 keys/creds/ACME/APP/alice.creds
```

## How to fix
`chmod 600 FILE` (and `chmod 700` its folders); for a whole keystore:
`find "$NKEYS_PATH" -type f \( -name '*.nk' -o -name '*.creds' \) -exec chmod 600 {} +`.
Keep seeds out of repositories (see NL604); a deployment tool should install creds with mode 0600
for the service user only.
)md",
              .security_severity = "6.0",
              .tags = {"security", "nats", "creds", "seeds"},
              .fix_commands = true,
          },
      .check = CheckSecretFilePermissions,
  };
}

}  // namespace nsclint::rules
