#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckScopedUserHasPermissions(const Model& m, RuleContext& ctx) {
  for (const auto& u : m.users) {
    if (u.account < 0 || u.non_zero_scoped_fields == 0) continue;
    if (IsCredsCopy(m, u)) continue;
    const Account& a = m.accounts[u.account];
    const SigningKey* sk = a.FindSigningKey(u.iss);
    if (sk == nullptr || !sk->scoped) continue;
    std::string fields;
    for (size_t i = 0; i < std::size(kScopedFieldNames); ++i) {
      if ((u.non_zero_scoped_fields >> i & 1u) == 0) continue;
      if (!fields.empty()) fields += ", ";
      fields += kScopedFieldNames[i];
    }
    Entity e = EntityOf(m, u);
    Finding f = FindingAt(m, u.artifact, u.line, e);
    f.message = Describe(e) + " is issued by scoped signing key " + ShortKey(sk->key) +
                (sk->role.empty() ? "" : " (role '" + sk->role + "')") + " but sets " + fields +
                ": the server refuses it (\"scoped users require no permissions or limits set\").";
    // Only limits, bearer_token and resp can be set back to zero by nsc, and only
    // then does the template's narrower grant apply with nothing of the user's lost.
    uint16_t clearable = 0;
    for (size_t i = 0; i < std::size(kScopedFieldNames); ++i) {
      const std::string_view n = kScopedFieldNames[i];
      if (n == "subs" || n == "data" || n == "payload" || n == "bearer_token" || n == "resp") {
        clearable = static_cast<uint16_t>(clearable | 1u << i);
      }
    }
    if ((u.non_zero_scoped_fields & ~clearable) != 0) {
      f.fix.remediation =
          "Decide which grant applies: re-issue the user as a scoped user "
          "(nsc delete user, then nsc add user -a ACCOUNT -n USER -k USER_KEY -K " +
          sk->key +
          ": the template applies) or re-sign it with a plain signing key (its own "
          "permissions apply).";
    } else {
      std::vector<std::string> flags{"--subs", "0", "--data", "0", "--payload", "0"};
      if (u.bearer_token) flags.emplace_back("--bearer=false");
      if (fields.find("resp") != std::string::npos) flags.emplace_back("--rm-response-perms");
      NscEditFix(m, u, e, flags, &f.fix);
    }
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL403() {
  return Rule{
      .info =
          {
              .id = "NL403",
              .name = "scoped-user-has-permissions",
              .family = "signing",
              .default_level = Level::kError,
              .short_description =
                  "A user of a scoped signing key carries its own permissions or limits: the server refuses it.",
              .full_description =
                  "A user issued by a scoped signing key sets permissions or limits of its own (including the "
                  "subs/data/payload -1 defaults that libraries write). nats-server refuses such a user: \"scoped "
                  "users "
                  "require no permissions or limits set\".",
              .help_markdown = R"md(## What it finds
Users issued by a **scoped** signing key of their account (`kind: user_scope`) whose JWT sets any
permission or limit field: `pub`/`sub` with an allow or deny list (even empty `[]`), `resp` (even
`{}`), `src`, `times`, `times_location`, `subs`/`data`/`payload` other than 0 (the `-1`
"unlimited" that Go's `NewUserClaims` and nsc write counts as set), `bearer_token: true`,
`allowed_connection_types`. Empty `"pub":{}`/`"sub":{}`, names and tags are fine.

## Why it matters
nats-server compares these fields with Go zero values and refuses the user at CONNECT with
"scoped users require no permissions or limits set": the scope's template is meant to be the only
source of permissions. Users minted by custom tooling with library defaults hit this every time.

## Example
```
store/ACME/accounts/APP/users/svc.jwt: error NL403 scoped-user-has-permissions: user 'svc' (UC3Q…) is
issued by scoped signing key AB7V… (role 'service') but sets subs, data, payload: the server refuses it.
```

## How to fix
Issue the user without permissions or limits: `nsc add user --account A --name U -K <scoped key>`
(nsc leaves them out for scoped keys), or clear them in your tool (zero values, no lists). Put the
permissions in the scope's template: `nsc edit signing-key --account A --sk KEY --allow-pub ...`.
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "signing-keys"},
              .fix_commands = true,
          },
      .check = CheckScopedUserHasPermissions,
  };
}

}  // namespace nsclint::rules
