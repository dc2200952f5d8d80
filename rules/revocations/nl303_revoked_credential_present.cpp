#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckRevokedCredentialPresent(const Model& m, RuleContext& ctx) {
  ForEachUser(m, [&](const User& u) {
    if (u.account < 0) return;
    const Account& a = m.accounts[u.account];
    std::string by = RevokedBy(a.revocations, u.sub, u.iat);
    if (by.empty()) return;
    Entity e = EntityOf(m, u);
    Finding f = FindingAt(m, u.artifact, u.line, e);
    f.message = Describe(e) + (u.origin == TokenOrigin::kCreds ? " in this creds file" : "") +
                " is revoked by account '" + NscName(a) + "' (" +
                (by == "*" ? "the '*' revocation" : "revocation of its key") + " at " +
                FormatTime(a.revocations.at(by)) + ", iat " + FormatTime(u.iat) + "): the file can be deleted.";
    if (u.origin == TokenOrigin::kFile && !UserFile(m, u).empty() && by != "*") {
      // Without -R (it is revoked already) and without -D (keep the seed).
      if (NscContext(m, StoreOf(m, u), {}, &f.fix)) {
        f.fix.commands.push_back({"nsc", "delete", "user", "-a", UserAccountDir(m, u), "-n", UserFile(m, u), "-C"});
      }
    } else if (by == "*") {
      f.fix.remediation =
          "Revoked only by the '*' entry: delete it (nsc delete user -a ACCOUNT -n USER -C) "
          "unless it is meant to be re-issued.";
    } else {
      // The keys dir's own creds of a store user: `nsc delete user -C`
      // removes it with the user's JWT (the same command as there).
      const auto& place = m.artifacts[u.artifact].place;
      int store_user = -1;
      if (place.kind == Placement::Kind::kKeysCreds) {
        m.ForEachUserWithSub(u.sub, [&](int i) {
          const User& su = m.users[i];
          if (store_user < 0 && su.origin == TokenOrigin::kFile && UserFile(m, su) == place.file_stem &&
              UserAccountDir(m, su) == place.account_dir && StoreOf(m, su) >= 0 &&
              m.stores[StoreOf(m, su)].dir_name == place.operator_dir) {
            store_user = i;
          }
        });
      }
      f.fix.remediation = "Delete this copy of the revoked credential.";
      if (store_user >= 0 && NscContext(m, StoreOf(m, m.users[store_user]), {}, &f.fix)) {
        const User& su = m.users[store_user];
        f.fix.remediation.clear();
        f.fix.commands.push_back({"nsc", "delete", "user", "-a", UserAccountDir(m, su), "-n", UserFile(m, su), "-C"});
      }
    }
    f.qualifier = u.origin == TokenOrigin::kCreds ? "creds" : "";
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL303() {
  return Rule{
      .info =
          {
              .id = "NL303",
              .name = "revoked-credential-present",
              .family = "revocations",
              .default_level = Level::kNote,
              .short_description = "The scan still holds a user JWT or creds file that its account revokes.",
              .full_description =
                  "A user JWT or creds file whose account revokes it (a revocation of its key, or '*', at or after its "
                  "iat). The credential is dead; delete the file once you no longer need it for reference.",
              .help_markdown = R"md(## What it finds
User JWT files and creds files whose account revokes them: `revocations[user key]` or
`revocations["*"]` is at or after the JWT's `iat` (nats-server's rule: a revocation in the same
second as `iat` revokes; one second earlier does not).

## Why it matters
The credential cannot connect any more, but the file keeps looking valid to people and tools, and
creds files contain a secret seed. Keeping dead credentials around invites confusion ("why can't
this service connect?") and leaks.

## Example
```
keys/creds/ACME/APP/old-svc.creds: note NL303 revoked-credential-present: user 'old-svc' (UC3Q…)
is revoked by account 'APP' (revocation of its key at 2026-03-01T00:00:00Z, iat 2026-01-01T00:00:00Z).
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc delete user -a APP -n old-svc -C)
```

## How to fix
Delete the user (`nsc delete user --account A --name U`, which also removes its creds with
`--rm-creds`) or the stray file, after the waiting period your process needs.
)md",
              .tags = {"nats", "jwt", "revocations"},
              .precision = "very-high",
              .fix_commands = true,
              .reads_every_user = true,
          },
      .check = CheckRevokedCredentialPresent,
  };
}

}  // namespace nsclint::rules
