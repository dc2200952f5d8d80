#include <map>
#include <set>
#include <string>

#include "rules/common.h"
#include "rules/rules.h"

namespace nsclint::rules {

Rule MakeNL604() {
  RuleInfo info;
  info.id = "NL604";
  info.name = "seed-in-store";
  info.family = "secrets";
  info.default_level = Level::kError;
  info.security_severity = "9.0";
  info.tags = {"security", "nats", "seeds", "secrets"};
  info.short_description = "Seed material appears in a file of the store or folder being linted, outside a keys dir.";
  info.full_description =
      "An nkey seed (S followed by the role letter and 56 base32 characters, with a valid checksum) appears in "
      "a file under the store or folder being linted rather than in an nsc keys dir: secrets about to be "
      "committed, or already committed, next to the JWTs.";
  info.help_markdown = R"md(## What it finds
Any file under the linted store or folder, whatever its name or extension (a `.jwt`, a config, a
README, a loose `.creds` or `.nk`), whose text holds an nkey seed: `S` + role letter (`O`, `A`, `U`,
`N`, `C`, `X`) + 56 base32 characters that decode as a seed, checksum included. Seeds in an nsc
keys dir (`keys/<X>/<YZ>/<pub>.nk`, `creds/<op>/<acct>/<user>.creds`, and anything else under a
folder with that layout) are keys-side material and never count. A loose file named on the command
line (`nsclint user.creds`) is the thing being checked, not part of a folder, and does not count
either. Files larger than 4 MiB are scanned up to 4 MiB. The finding names the seed's public key,
never the seed.

## Why it matters
JWTs are public by design and are routinely committed, pushed and pasted; seeds are the private
half. A seed next to the store travels wherever the store goes (git history, CI artifacts, backups),
and whoever holds it can sign as that operator or account, or connect as that user.

## Example
```
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
)md";
  return Rule{info, [](const Model& m, RuleContext& ctx) {
                // public key -> ("user 'alice' (U…)", "op/acct/alice"): whose key the seed is
                using K = Placement::Kind;
                auto reported = [&m](const SeedSighting& s) {
                  const Artifact& art = m.artifacts[s.artifact];
                  const K kind = art.place.kind;
                  if (kind == K::kKeysSeed || kind == K::kKeysCreds || kind == K::kKeysOther) return false;
                  return !(kind == K::kLoose && art.explicit_arg);
                };
                // Only the keys of seeds that will be reported are looked up.
                std::set<std::string, std::less<>> wanted;
                for (const auto& s : m.seed_sightings) {
                  if (reported(s)) wanted.insert(s.public_key);
                }
                if (wanted.empty()) return;
                std::map<std::string, std::pair<std::string, std::string>, std::less<>> owner;
                auto own = [&](const std::string& key, const auto& token, const std::string& prefix) {
                  if (wanted.count(key) == 0 || owner.count(key) != 0) return;
                  Entity e = EntityOf(m, token);
                  owner.emplace(key, std::make_pair(prefix + Describe(e), e.fqn));
                };
                for (const auto& u : m.users) own(u.sub, u, "");
                for (const auto& a : m.accounts) {
                  own(a.sub, a, "");
                  for (const auto& sk : a.signing_keys) own(sk.key, a, "a signing key of ");
                }
                for (const auto& o : m.operators) {
                  own(o.sub, o, "");
                  for (const auto& sk : o.signing_keys) own(sk, o, "a signing key of ");
                }
                for (const auto& s : m.seed_sightings) {
                  if (!reported(s)) continue;
                  const Artifact& art = m.artifacts[s.artifact];
                  auto it = owner.find(s.public_key);
                  Entity e{"seed", s.role + " seed", s.public_key, it != owner.end() ? it->second.second : ""};
                  Finding f = FindingAt(m, s.artifact, s.line, e);
                  std::string where = art.place.store >= 0
                                          ? "inside operator store '" + m.stores[art.place.store].dir_name + "'"
                                          : "in a scanned folder";
                  const bool vowel = !s.role.empty() && std::string_view("aeio").find(s.role[0]) != std::string_view::npos;
                  f.message = (vowel ? "an " : "a ") + s.role + " seed (public key " + s.public_key + (it != owner.end() ? ", " + it->second.first : "") +
                              ") is in this file, " + where +
                              " rather than in an nsc keys dir: whoever gets the file can sign as that key.";
                  ctx.Report(std::move(f));
                }
              }};
}

}  // namespace nsclint::rules
