#include "lint/base/nkeys.h"
#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {
namespace {

bool ValidKey(const std::string& key) {
  return nkeys::DecodePublic(key).has_value();
}

// The ways a user's iss / issuer_account can fail its account.
enum class UserProblem { kNone, kSigningKeyWithoutIssuerAccount, kForeignIssuer, kWrongIssuerAccount, kStaleKey };

UserProblem ProblemOf(const User& u, const Account& acct) {
  if (u.issuer_account.empty()) {
    if (u.iss == acct.sub) return UserProblem::kNone;
    return acct.HasSigningKey(u.iss) ? UserProblem::kSigningKeyWithoutIssuerAccount : UserProblem::kForeignIssuer;
  }
  if (u.issuer_account != acct.sub) return UserProblem::kWrongIssuerAccount;
  if (u.iss == acct.sub || acct.HasSigningKey(u.iss)) return UserProblem::kNone;
  return UserProblem::kStaleKey;
}

void CheckUser(const Model& m, RuleContext& ctx, const User& u, const LazyEntity& e) {
  if (u.account < 0) return;  // loose mode
  const Account& acct = m.accounts[u.account];
  // String comparisons first: decoding the key is only worth it for a finding.
  const UserProblem problem = ProblemOf(u, acct);
  if (problem == UserProblem::kNone || !ValidKey(u.iss)) return;  // an invalid key is NL003's finding
  const std::string acct_desc = "account '" + NscName(acct) + "'";
  std::string why;
  switch (problem) {
    case UserProblem::kSigningKeyWithoutIssuerAccount:
      why = "is signed by signing key " + ShortKey(u.iss) + " of " + acct_desc +
            " but has no issuer_account; nats-server refuses it";
      break;
    case UserProblem::kForeignIssuer:
      why = "is issued by " + ShortKey(u.iss) + ", which is neither " + acct_desc + " nor one of its signing keys";
      break;
    case UserProblem::kWrongIssuerAccount:
      why = "names issuer_account " + ShortKey(u.issuer_account) + ", but it belongs to " + acct_desc + " (" +
            ShortKey(acct.sub) + ")";
      break;
    case UserProblem::kStaleKey:
      why = "is issued by " + ShortKey(u.iss) + ", which is not a current signing key of " + acct_desc +
            " (rotated out or never added)";
      break;
    case UserProblem::kNone:
      return;
  }
  Finding f = FindingAt(m, u.artifact, u.line, e);
  f.message = Describe(e) + " " + why + ": the server rejects it.";
  // One root cause, one finding: a user whose issuer is no account of the scan
  // at all is also an orphan (NL006), which stays silent; its fact goes here.
  const std::string& issuer = u.issuer_account.empty() ? u.iss : u.issuer_account;
  if (m.FindAccount(issuer) < 0 && m.FindAccountBySigningKey(u.iss) < 0) {
    f.message += " Its issuer " + ShortKey(issuer) +
                 " is no account of the store either: the JWT was copied from another store or its account "
                 "was deleted (an orphan, reported here rather than as NL006).";
  }
  if (problem == UserProblem::kSigningKeyWithoutIssuerAccount) {
    // Re-signed by the same key, nsc adds issuer_account: the same grant.
    NscEditFix(m, u, e, {"--rm-tag", "nsclint-absent-tag"}, &f.fix);
  } else {
    // Re-signing would bring back a credential whose key was cut off, maybe on purpose.
    f.fix.remediation =
        "If the user should work, re-issue it with a current signing key of its account "
        "(nsc edit user -a ACCOUNT -n USER -K SIGNING_KEY --rm-tag x); otherwise delete it "
        "(nsc delete user -a ACCOUNT -n USER).";
  }
  f.related.push_back(RelatedLocation{m.artifacts[acct.artifact].display.str(), acct.line, "the account JWT"});
  ctx.Report(std::move(f));
}

}  // namespace

namespace {

void CheckUntrustedIssuer(const Model& m, RuleContext& ctx) {
  for (const auto& o : m.operators) {
    if (o.iss == o.sub || o.DidSign(o.iss) || !ValidKey(o.iss)) continue;
    Entity e = EntityOf(m, o);
    Finding f = FindingAt(m, o.artifact, o.line, e);
    f.message = Describe(e) + " is issued by " + ShortKey(o.iss) +
                ", which is neither the operator's key nor one of its signing keys.";
    f.fix.remediation =
        "Re-sign the operator JWT with its own key (nsc edit operator with any edit flag, "
        "with the operator's seed in the keys dir) and deploy it.";
    ctx.Report(std::move(f));
  }
  for (const auto& a : m.accounts) {
    if (a.operator_index < 0) continue;
    if (IsCredsCopy(m, a)) continue;
    const Operator& op = m.operators[a.operator_index];
    // Under strict signing the identity key is refused too: NL404 reports that case.
    if (a.iss == op.sub || op.DidSign(a.iss) || !ValidKey(a.iss)) continue;
    Entity e = EntityOf(m, a);
    Finding f = FindingAt(m, a.artifact, a.line, e);
    f.message = Describe(e) + " is issued by " + ShortKey(a.iss) + ", which is neither operator '" + NscName(op) +
                "' nor one of its signing keys: the server rejects the account "
                "and every one of its users.";
    const BlastRadius radius = AccountBlastRadius(m, a);
    f.message += radius.Text(m);
    radius.AddRelated(m, &f);
    f.fix.remediation =
        "If the account should work, re-sign it with a current operator key "
        "(nsc edit account -n ACCOUNT -K OPERATOR_KEY --rm-tag x) and push it; a key that was "
        "rotated out may have been cut off on purpose.";
    f.related.push_back(RelatedLocation{m.artifacts[op.artifact].display.str(), op.line, "the operator JWT"});
    ctx.Report(std::move(f));
  }
  ForEachUser(m, [&](const User& u) {
    if (IsCredsCopy(m, u)) return;
    CheckUser(m, ctx, u, LazyEntity(m, u));
  });
}

}  // namespace

Rule MakeNL005() {
  return Rule{
      .info =
          {
              .id = "NL005",
              .name = "untrusted-issuer",
              .family = "integrity",
              .default_level = Level::kError,
              .short_description = "A JWT is not issued by its parent's identity or current signing keys.",
              .full_description =
                  "An account JWT not issued by its operator or one of the operator's signing keys; a user JWT "
                  "not issued by its account or one of the account's current signing keys; issuer_account set "
                  "wrongly, or missing when a signing key issued the user. The server rejects such a JWT.",
              .help_markdown = R"md(## What it finds
Broken links in the chain of trust:
- an operator JWT not signed by its own key or one of its signing keys;
- an account JWT whose `iss` is neither its operator's identity key nor one of the operator's
  `signing_keys` (in a store, the operator of the store; elsewhere, the operator the key names);
- a user JWT whose `iss` is neither its account's key nor one of the account's **current**
  signing keys (a key removed from the account still signed the user);
- a user signed by an account signing key without `issuer_account` (nats-server refuses it),
  or with an `issuer_account` naming another account than the one it belongs to.

In loose mode (the parent JWT is not among the inputs) the rule stays silent.

## Why it matters
nats-server rejects the JWT: the account does not load (all its users are refused) or the user
cannot connect. This is what happens after a signing key is rotated out without re-issuing
the users it signed.

## Example
```
store/ACME/accounts/APP/users/bob.jwt: error NL005 untrusted-issuer: user 'bob' (UDO5…) is
issued by AB7V…, which is not a current signing key of account 'APP' (rotated out or never
added): the server rejects it.
```

## How to fix
A user signed by a current signing key without `issuer_account` gets a fix: re-signed by the same
key (`nsc edit user -a A -n U -K KEY --rm-tag x`), nsc adds `issuer_account`. A JWT signed by a key
that was rotated out, or naming another account, gets no command: removing a key is how admins cut
off its users. If it should work, re-sign it with a current key (`nsc edit user -a A -n U -K
SIGNING_KEY --rm-tag x`; an account: `nsc edit account -n A -K OPERATOR_KEY --rm-tag x`, then
`nsc push`), otherwise delete it.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "jwt", "trust"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckUntrustedIssuer,
  };
}

}  // namespace nsclint::rules
