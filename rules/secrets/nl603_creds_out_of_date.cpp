#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {
namespace {

// The claims a reader can name when two JWTs of one user differ; "" when only
// the nats claims (permissions, limits, tags) can differ.
std::string Differences(const User& a, const User& b) {
  std::vector<std::string> d;
  if (a.iss != b.iss) d.emplace_back("iss");
  if (a.issuer_account != b.issuer_account) d.emplace_back("issuer_account");
  if (a.name != b.name) d.emplace_back("name");
  if (a.exp != b.exp) d.emplace_back("exp");
  if (a.nbf != b.nbf) d.emplace_back("nbf");
  if (a.bearer_token != b.bearer_token) d.emplace_back("bearer_token");
  if (a.tags != b.tags) d.emplace_back("tags");
  auto perms = [](const User& u) {
    return std::tie(u.permissions.pub.allow, u.permissions.pub.deny, u.permissions.sub.allow, u.permissions.sub.deny);
  };
  if (perms(a) != perms(b)) d.emplace_back("permissions");
  std::string out;
  for (const auto& s : d) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

namespace {

void CheckCredsOutOfDate(const Model& m, RuleContext& ctx) {
  for (const auto& c : m.creds) {
    if (c.user < 0) continue;
    const User& cu = m.users[c.user];
    int current = -1;
    bool same = false;
    m.ForEachUserWithSub(cu.sub, [&](int idx) {
      const User& su = m.users[idx];
      // Only user JWT files in a store are "the store's current JWT".
      if (su.origin != TokenOrigin::kFile || m.artifacts[su.artifact].place.kind != Placement::Kind::kStoreUser) {
        return;
      }
      if (su.digest == cu.digest) same = true;
      if (current < 0 || su.iat > m.users[current].iat) current = idx;
    });
    if (current < 0 || same) continue;
    const User& su = m.users[current];
    Entity e = EntityOf(m, cu);
    Finding f = FindingAt(m, c.artifact, cu.line, e);
    std::string diff = Differences(cu, su);
    std::string differs = diff.empty() ? "" : " (" + diff + " differ)";
    if (cu.iat < su.iat) {
      f.message = Describe(e) + ": the JWT in this creds file was issued at " + FormatTime(cu.iat) +
                  ", the store's current JWT at " + FormatTime(su.iat) + differs + ": the creds are out of date.";
    } else if (cu.iat > su.iat) {
      f.message = Describe(e) + ": the JWT in this creds file was issued at " + FormatTime(cu.iat) +
                  ", after the store's current JWT (" + FormatTime(su.iat) + ")" + differs +
                  ": the store was not saved, or the creds come from another store.";
    } else {
      f.message = Describe(e) + ": the JWT in this creds file has the same iat as the store's (" + FormatTime(cu.iat) +
                  ") but different claims" + (diff.empty() ? "" : " (" + diff + ")") + ".";
    }
    f.related.push_back(
        RelatedLocation{m.artifacts[su.artifact].display.str(), su.line, "the store's current JWT for this user"});
    if (cu.iat <= su.iat) {
      GenerateCredsFix(m, su.sub, c.artifact, &f.fix);
    } else {
      f.fix.remediation = "Find out which JWT is current before writing the creds again: the store's is older.";
    }
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL603() {
  return Rule{
      .info =
          {
              .id = "NL603",
              .name = "creds-out-of-date",
              .family = "secrets",
              .default_level = Level::kWarning,
              .short_description = "A creds file's JWT differs from the store's current JWT for that user.",
              .full_description =
                  "The user JWT inside a .creds file is not the one the store holds for that user: it was issued "
                  "earlier "
                  "(nsc edit user re-issued the user and the creds were not regenerated) or carries other claims. "
                  "Clients using the file get the old permissions and expiry, or are refused once the old JWT expires "
                  "or is revoked.",
              .help_markdown = R"md(## What it finds
`.creds` files whose user JWT is not byte-identical to any user JWT with the same `sub` in the
store (`<op>/accounts/<a>/users/<u>.jwt`), compared with the store's current JWT (the latest
`iat`): an older `iat` (every `nsc edit user` re-issues the JWT with a new `iat`, so creds go stale),
a newer one (the store was not saved, or the file comes from another store), or the same `iat` with
different claims. Silent when the scan holds no store JWT for that user.

## Why it matters
A client connects with the JWT in its creds file, not with the store's: permission changes,
a new expiry or a tag never reach it, and a revocation that targets the old `iat` cuts it off
while the store looks fine. Confusing "works on my machine" failures follow.

## Example
```
keys/creds/ACME/APP/alice.creds:2: warning NL603 creds-out-of-date: user 'alice' (UDO5…): the JWT in this
creds file was issued at 2026-01-01T00:00:00Z, the store's at 2026-03-01T00:00:00Z (exp, permissions differ).
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc generate creds -a APP -n alice -o ../../keys/creds/ACME/APP/alice.creds)
```

## How to fix
Regenerate the creds from the store: `nsc generate creds --account A --name U --output-file FILE`,
and hand the new file to the client.
)md",
              .tags = {"nats", "creds"},
              .fix_commands = true,
          },
      .check = CheckCredsOutOfDate,
  };
}

}  // namespace nsclint::rules
