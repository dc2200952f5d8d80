#include <algorithm>

#include "rules/rules.h"
#include "rules/time/time_wording.h"

namespace nsclint::rules {

namespace {

void CheckUserNoExpiry(const Model& m, RuleContext& ctx) {
  ctx.Reserve(m.users.size());  // at most one finding per user
  ForEachUser(m, [&](const User& u) {
    if (u.exp != 0) return;
    if (IsCredsCopy(m, u)) return;
    Entity e = EntityOf(m, u);
    // A user of a scoped signing key gets the key's template instead of its own permissions.
    const Permissions* perms = &u.permissions;
    // A user its account revokes cannot connect at all: NL303 says so, and
    // "never expires" would be noise (and its fix would lift the revocation).
    if (u.account >= 0 && !RevokedBy(m.accounts[u.account].revocations, u.sub, u.iat).empty()) return;
    if (u.account >= 0) {
      const SigningKey* sk = m.accounts[u.account].FindSigningKey(u.iss);
      if (sk != nullptr && sk->scoped) perms = &sk->template_permissions;
    }
    auto has = [](const PackedStrings& list, std::string_view s) {
      return std::find(list.begin(), list.end(), s) != list.end();
    };
    // Auth callout (nats-server 2.10+): the account's auth users are the callout service
    // (silent); every other user is only a sentinel, the callout decides (note).
    if (u.account >= 0 && ctx.server().AllHave(ServerBehavior::kAuthCallout)) {
      const Account& acct = m.accounts[u.account];
      const CalloutConfig& c = acct.features.authorization;
      if (c.Enabled()) {
        if (std::find(c.auth_users.begin(), c.auth_users.end(), u.sub) != c.auth_users.end()) return;
        Finding f = FindingAt(m, u.artifact, u.line, e);
        f.message = Subject(u, e) + " never expires, but account '" + NscName(acct) +
                    "' uses an auth callout: nats-server " + ctx.server().Having(ServerBehavior::kAuthCallout) +
                    " sends this user to the callout, which decides whether and as whom it connects; "
                    "its own JWT is only a sentinel" +
                    (u.bearer_token ? " (a bearer sentinel: anyone holding it reaches the callout)." : ".");
        RenewFix(m, u, e, u.bearer_token ? "24h" : "90d", &f.fix);
        ctx.Report(Level::kNote, std::move(f));
        return;
      }
    }
    const auto& pub = perms->pub;
    const bool broad = has(pub.allow, ">") || (pub.allow.empty() && !has(pub.deny, ">"));
    Finding f = FindingAt(m, u.artifact, u.line, e);
    f.message = Subject(u, e);
    f.message += " never expires";
    if (u.bearer_token) {
      f.message += " and is a bearer token: anyone holding the JWT can connect.";
    } else if (broad) {
      f.message += " and may publish to any subject.";
    } else {
      f.message += ".";
    }
    RenewFix(m, u, e, u.bearer_token ? "24h" : "90d", &f.fix);
    ctx.Report(u.bearer_token || broad ? Level::kWarning : Level::kNote, std::move(f));
  });
}

}  // namespace

Rule MakeNL103() {
  return Rule{
      .info =
          {
              .id = "NL103",
              .name = "user-no-expiry",
              .family = "time",
              .default_level = Level::kWarning,
              .levels = "warning / note",
              .short_description = "A user JWT without exp: its credentials are valid forever.",
              .full_description =
                  "A user JWT without exp. Warning when its permissions are broad (no pub allow list, or an allow "
                  "entry of '>') or it is a bearer token; note otherwise.",
              .help_markdown = R"md(## What it finds
User JWTs (in the store, loose, or inside creds files) without an `exp` claim. The level depends
on what the credential can do:
- **warning** when publish permissions are broad (no `pub.allow` list, or `>` in it), or the
  user is a bearer token (`bearer_token: true`: whoever holds the JWT alone can connect);
- **note** for users with a narrow publish allow list.

**Auth callout** (nats-server 2.10.0+): a user listed in its account's `authorization.auth_users`
(the callout service itself) is not reported; every other user of a callout account is sent to
the callout, which decides whether and as whom it connects, so its JWT is only a sentinel: a
**note** saying so, whatever its permissions (NL801 judges the callout itself). For targets before
2.10.0, which run no callout, such users are judged like any other, and so they are when a
`--server-version` list or line holds such a version (the worse verdict).

## Why it matters
A leaked credential without expiry stays valid until someone revokes it by key, and revocations
pile up in the account JWT forever. Short-lived user JWTs limit the damage of a leak and make
revocations prunable.

## Example
```
store/ACME/accounts/APP/users/svc.jwt: warning NL103 user-no-expiry: user 'svc' (UC3Q…) never
expires and may publish to any subject.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc edit user -a APP -n svc -K AC4R… --expiry 90d)
```

## How to fix
Give users an expiry and rotate their creds: `nsc edit user --account A --name U --expiry 90d`,
then `nsc generate creds --account A --name U`. For bearer tokens prefer short expiries (hours).
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "jwt", "expiry"},
              .fix_commands = true,
              .reads_every_user = true,
          },
      .check = CheckUserNoExpiry,
  };
}

}  // namespace nsclint::rules
