#include <algorithm>

#include "lint/base/nkeys.h"
#include "lint/base/subjects.h"
#include "rules/modern/feature_support.h"
#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {
namespace {

constexpr std::string_view kAuthSubject = "$SYS.REQ.USER.AUTH";

// What jwt ExternalAuthorization.Validate (jwt 2.4.0+) rejects, in its words.
std::vector<std::string> LibraryErrors(const CalloutConfig& c) {
  std::vector<std::string> out;
  if (!c.allowed_accounts.empty() && c.auth_users.empty()) {
    out.emplace_back("External authorization cannot have accounts without users specified");
  }
  for (const auto& u : c.auth_users) {
    if (!nkeys::IsPublicKeyOf(u, nkeys::Role::kUser))
      out.push_back("AuthUser \"" + u + "\" is not a valid user public key");
  }
  for (const auto& acc : c.allowed_accounts) {
    if (acc == "*") {
      if (c.allowed_accounts.size() > 1) out.emplace_back("AllowedAccounts can only be a list of accounts or \"*\"");
    } else if (!nkeys::IsPublicKeyOf(acc, nkeys::Role::kAccount)) {
      out.push_back("Account \"" + acc + "\" is not a valid account public key");
    }
  }
  if (!c.xkey.empty() && !nkeys::IsPublicKeyOf(c.xkey, nkeys::Role::kCurve)) {
    out.push_back("XKey \"" + c.xkey + "\" is not a valid public xkey");
  }
  return out;
}

// The permissions the server gives user u: its own; a scoped key's template;
// the account's default_permissions when its own pub and sub are empty.
const Permissions& EffectivePermissions(const Model& m, const User& u) {
  if (u.account >= 0) {
    const Account& a = m.accounts[u.account];
    const SigningKey* sk = a.FindSigningKey(u.iss);
    if (sk != nullptr && sk->scoped) return sk->template_permissions;
    const Permissions& p = u.permissions;
    if (p.pub.allow.empty() && p.pub.deny.empty() && p.sub.allow.empty() && p.sub.deny.empty() &&
        a.default_permissions) {
      return *a.default_permissions;
    }
  }
  return u.permissions;
}

// Whether the sub permission lets the user subscribe to kAuthSubject; `why`
// names the entry that stops it.
bool CanSubscribeAuth(const Permission& sub, std::string* why) {
  bool allowed = sub.allow.empty();
  for (std::string_view entry : sub.allow) {
    const auto parsed = subjects::ParseSubEntry(entry);
    if (parsed.ok && parsed.queue.empty() && subjects::IsSubsetMatch(kAuthSubject, parsed.subject)) allowed = true;
  }
  if (!allowed) {
    *why = "its sub allow list does not cover " + std::string(kAuthSubject);
    return false;
  }
  for (std::string_view entry : sub.deny) {
    const auto parsed = subjects::ParseSubEntry(entry);
    if (parsed.ok && subjects::IsSubsetMatch(kAuthSubject, parsed.subject)) {
      *why = "its sub deny entry '" + std::string(entry) + "' blocks " + std::string(kAuthSubject);
      return false;
    }
  }
  return true;
}

}  // namespace

namespace {

void CheckAuthCalloutInvalid(const Model& m, RuleContext& ctx) {
  const ServerTarget& server = ctx.server();
  constexpr auto kValidated = ServerBehavior::kAuthorizationValidated;
  constexpr auto kCallout = ServerBehavior::kAuthCallout;
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile || a.v1) continue;
    const CalloutConfig& c = a.features.authorization;
    if (!c.Set()) continue;
    const std::string acct = NscName(a);
    const std::string edit = "nsc edit authcallout -a " + ShellQuote(acct);
    auto finding = [&](const std::string& message, const std::string& qualifier, const std::string& remediation,
                       const FixCommand& argv = {}) {
      const Entity e = EntityOf(m, a);
      Finding f = FindingAt(m, a.artifact, a.line, e);
      f.message = Describe(e) + ": " + message;
      f.qualifier = qualifier;
      f.fix.remediation = remediation;
      if (!argv.empty()) NscAccountCommand(m, a, argv, &f.fix);
      return f;
    };
    // 1. What the library rejects: the whole account, one finding per problem.
    const std::vector<std::string> errors = LibraryErrors(c);
    if (!errors.empty() && server.AnyHas(kValidated)) {
      for (size_t i = 0; i < errors.size(); ++i) {
        ctx.Report(
            Level::kError,
            finding("authorization is invalid (\"" + errors[i] + "\"): nats-server " + server.Having(kValidated) +
                        " (" + SinceText(kValidated) +
                        " and later, jwt 2.4.0) rejects the whole account, every user of '" + acct + "' is refused.",
                    "library:" + std::to_string(i),
                    "Correct the callout configuration (" + edit +
                        " --auth-user UPUB / --rm-allowed-account / --rm-curve, nsc 2.7.5+), then "
                        "push the account."));
      }
      continue;
    }
    if (!c.Enabled()) continue;  // xkey or nothing without auth users: the server ignores it
    if (!server.AnyHas(kCallout)) {
      ctx.Report(Level::kNote,
                 finding("configures an auth callout (" + std::to_string(c.auth_users.size()) + " auth user" +
                             (c.auth_users.size() == 1 ? "" : "s") + "), but nats-server " + server.Text() +
                             " runs no callout (it needs 2.10.0): every user logs in with its own JWT.",
                         "needs-2.10", "Upgrade the servers to 2.10.0 or later before relying on the callout."));
      continue;
    }
    const std::string having = "nats-server " + server.Having(kCallout);
    const bool complete = InCompleteStore(m, a);
    // 2. Auth users the callout service cannot connect with.
    for (const auto& key : c.auth_users) {
      const int ui = StoreUserOfAccount(m, a, key);
      const std::string nobody = ": the callout service cannot connect, so " + having + " sends every login of '" +
                                 acct + "' to a callout that never answers: nobody can log in.";
      if (ui < 0) {
        if (!complete) continue;
        ctx.Report(
            Level::kError,
            finding("auth user " + key + " is not a user of '" + acct + "' in the store" + nobody, "auth-user:" + key,
                    "Add the callout service's user to '" + acct + "' (nsc add user -a " + ShellQuote(acct) +
                        " ...) and list it (" + edit + " --auth-user UPUB), or remove the entry (" + edit +
                        " --rm-auth-user " + key + "). Then push the account."));
        continue;
      }
      const User& u = m.users[ui];
      const std::string who = "auth user '" + NscName(u) + "' (" + key + ")";
      if (u.exp != 0 && u.exp <= ctx.now()) {
        ctx.Report(Level::kError,
                   finding(who + " expired at " + FormatTime(u.exp) + nobody, "auth-user:" + key,
                           "Re-issue the auth user with a new expiry (nsc edit user -a " + ShellQuote(acct) + " -n " +
                               ShellQuote(NscName(u)) + " --expiry 90d) and give the callout service its new creds."));
        continue;
      }
      if (!RevokedBy(a.revocations, u.sub, u.iat).empty()) {
        ctx.Report(Level::kError, finding(who + " is revoked by the account" + nobody, "auth-user:" + key,
                                          "Give the callout service a new user (nsc add user -a " + ShellQuote(acct) +
                                              " ...), list it (" + edit + " --auth-user UPUB) and remove this one (" +
                                              edit + " --rm-auth-user " + key + ")."));
        continue;
      }
      std::string why;
      if (!CanSubscribeAuth(EffectivePermissions(m, u).sub, &why)) {
        ctx.Report(Level::kError, finding(who + " cannot subscribe to " + std::string(kAuthSubject) + " (" + why +
                                              "): the callout service never receives a request, so " + having +
                                              " refuses every login of '" + acct + "' after the callout times out.",
                                          "auth-user:" + key,
                                          "Allow the subscription: nsc edit user -a " + ShellQuote(acct) + " -n " +
                                              ShellQuote(NscName(u)) + " --allow-sub '" + std::string(kAuthSubject) +
                                              "', then give the callout service its new creds."));
      }
    }
    // 3. Where the callout may place users.
    for (const auto& target : c.allowed_accounts) {
      if (target == "*") {
        ctx.Report(Level::kWarning,
                   finding("allowed_accounts is '*': the callout may place users in any account of the "
                           "operator (" +
                               having + ").",
                           "allowed:*",
                           "Then list the accounts the callout may use (" + edit +
                               " --allowed-account APUB) and push the account.",
                           {"nsc", "edit", "authcallout", "-a", AccountDir(m, a), "--rm-allowed-account", "*"}));
      } else if (complete && m.FindAccount(target) < 0) {
        ctx.Report(Level::kWarning,
                   finding("allowed account " + target +
                               " is not in the store: users the callout places there are refused until "
                               "the servers know that account.",
                           "allowed:" + target, "Or add the account to the store. Then push the account.",
                           {"nsc", "edit", "authcallout", "-a", AccountDir(m, a), "--rm-allowed-account", target}));
      }
    }
    // 4. Once per callout account: its other users are sentinels.
    size_t others = 0;
    for (int ui : a.users) {
      const User& u = m.users[ui];
      if (u.origin == TokenOrigin::kFile &&
          std::find(c.auth_users.begin(), c.auth_users.end(), u.sub) == c.auth_users.end()) {
        ++others;
      }
    }
    ctx.Report(Level::kNote,
               finding("is an auth callout account: " + having +
                           " sends every user that is not in auth_users to the callout, whatever its "
                           "own JWT says (" +
                           std::to_string(others) + " such user" + (others == 1 ? "" : "s") +
                           " in the scan: their JWTs are only sentinels).",
                       "callout", "Nothing to fix if this is intended: the callout decides who connects."));
  }
}

}  // namespace

Rule MakeNL801() {
  return Rule{
      .info =
          {
              .id = "NL801",
              .name = "auth-callout-invalid",
              .family = "modern",
              .default_level = Level::kError,
              .levels = "error / warning / note",
              .short_description = "An account's auth callout (authorization) that the library rejects, whose service "
                                   "cannot work, or that "
                                   "places users in accounts the store does not hold.",
              .full_description =
                  "Account authorization (auth callout): a malformed configuration the library rejects (every user "
                  "refused); "
                  "an auth user that is not a current user of the account or cannot subscribe to $SYS.REQ.USER.AUTH "
                  "(the "
                  "callout service cannot run, so nobody can log in); allowed accounts the store does not hold or '*' "
                  "(warning); and a note that every other user of the account is sent to the callout.",
              .help_markdown = R"md(## What it finds
On an account's `authorization` (auth callout, `nsc edit authcallout`):
- **error** (the library rejects the account, every user refused): `allowed_accounts` without
  `auth_users`; an auth user that is not a `U…` key; an allowed account that is not an `A…` key;
  `*` together with other allowed accounts; an `xkey` that is not an `X…` key.
- **error** (the callout service cannot work, so nobody can log in): an auth user that is not a
  user of this account in the store, is expired, is revoked by the account, or whose effective
  permissions (own, else its scoped key's template, else `default_permissions`) cannot subscribe
  to `$SYS.REQ.USER.AUTH`. An auth user whose own JWT fails is itself sent to the callout.
- **warning**: an allowed account the store does not hold; `allowed_accounts` `*` (the callout
  may place users in any account of the operator).
- **note**, once per callout account: every user of the account that is not in `auth_users` is
  sent to the callout, whatever its own JWT says: its JWT is only a sentinel.

## Server versions
nats-server 2.9.0–2.9.15 (jwt 2.3.0) ignore `authorization`; 2.9.16–2.9.25 (jwt 2.4/2.5) run no
callout but already reject a malformed `authorization` (error); the callout runs from **2.10.0**.
For targets without the callout a configured callout gets one note that it needs 2.10.0.
Proven on every server of the test matrix (`tests/server_test.cpp`): `ServerFeatures` (a malformed
`authorization` is ignored by 2.9.10 and rejects the account from 2.10.11; from 2.10.0 a user that
is not an auth user is never admitted on its own JWT) and `ServerCallout` (the service user is
admitted on its own JWT, and refused `$SYS.REQ.USER.AUTH` when NL801 says it cannot subscribe).

## Why it matters
A callout whose service cannot connect refuses every user of the account, and the server's log
only says that the authorization request timed out.

## Example
```
store/ACME/accounts/AUTH/AUTH.jwt: error NL801 auth-callout-invalid: account 'AUTH' (AC4R…): auth
user 'auth' (UD2K…) expired at 2026-05-01T00:00:00Z: the callout service cannot connect, so
nats-server 2.15.3 sends every login of 'AUTH' to a callout that never answers: nobody can log in.
```

## How to fix
The fix commands narrow only: `nsc edit authcallout -a AUTH --rm-allowed-account '*'` (or the
allowed account the store does not hold). Everything else needs a decision (which key the service
uses): remediation text.

`nsc edit authcallout -a AUTH --auth-user UPUB` (add a working auth user) and
`--rm-auth-user UPUB` (remove a broken one); `--allowed-account APUB|'*'`,
`--rm-allowed-account`, `--curve generate|XKEY`, `--rm-curve`, `--disable` (nsc 2.7.5+). Give the
auth user a sub permission on `$SYS.REQ.USER.AUTH` (`nsc edit user -a AUTH -n auth --allow-sub
'$SYS.REQ.USER.AUTH'`) and a fresh expiry. Then push the account.
)md",
              .security_severity = "7.5",
              .tags = {"security", "nats", "jwt", "auth-callout"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckAuthCalloutInvalid,
  };
}

}  // namespace nsclint::rules
