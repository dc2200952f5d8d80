#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckStrictSigningViolation(const Model& m, RuleContext& ctx) {
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile || a.operator_index < 0) continue;
    const Operator& op = m.operators[a.operator_index];
    if (!op.strict_signing_key_usage || a.iss != op.sub) continue;
    Entity e = EntityOf(m, a);
    Finding f = FindingAt(m, a.artifact, a.line, e);
    f.message = Describe(e) + " is signed by the identity key of operator '" + NscName(op) +
                "', which strict signing forbids: the server rejects the account and all its users.";
    std::string signer;
    for (const auto& k : op.signing_keys) {
      if (signer.empty() || m.keys_seed_by_key.count(k) != 0) signer = k;
      if (m.keys_seed_by_key.count(k) != 0) break;
    }
    f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
    if (signer.empty()) {
      f.fix.remediation =
          "Add an operator signing key (nsc edit operator --sk generate), re-sign the "
          "account with it (nsc edit account -n ACCOUNT -K KEY --rm-tag x) and push it.";
    } else {
      NscEditFix(m, a, e, {"--rm-tag", "nsclint-absent-tag"}, &f.fix, signer);
    }
    ctx.Report(std::move(f));
  }
  for (const auto& u : m.users) {
    if (u.account < 0) continue;
    if (IsCredsCopy(m, u)) continue;
    const Account& a = m.accounts[u.account];
    if (a.operator_index < 0 || !m.operators[a.operator_index].strict_signing_key_usage) continue;
    if (u.iss != a.sub) continue;
    Entity e = EntityOf(m, u);
    Finding f = FindingAt(m, u.artifact, u.line, e);
    f.message = Describe(e) + " is signed by the identity key of account '" + NscName(a) +
                "', which the operator's strict signing forbids: the server refuses it.";
    // A plain signing key keeps the user's own permissions (a scoped one would refuse them).
    std::string signer;
    for (const auto& k : a.signing_keys) {
      if (k.scoped) continue;
      if (signer.empty() || m.keys_seed_by_key.count(k.key) != 0) signer = k.key;
      if (m.keys_seed_by_key.count(k.key) != 0) break;
    }
    if (signer.empty()) {
      f.fix.remediation =
          "Add a signing key to the account (nsc edit account -n ACCOUNT --sk generate) and "
          "re-sign the user with it (nsc edit user -a ACCOUNT -n USER -K KEY --rm-tag x).";
    } else {
      NscEditFix(m, u, e, {"--rm-tag", "nsclint-absent-tag"}, &f.fix, signer);
    }
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL404() {
  return Rule{
      .info =
          {
              .id = "NL404",
              .name = "strict-signing-violation",
              .family = "signing",
              .default_level = Level::kError,
              .short_description =
                  "Under strict signing, an account or user is signed by an identity key: the server refuses it.",
              .full_description = "The operator sets strict_signing_key_usage, but an account is signed by the "
                                  "operator's identity key, "
                                  "or a user is signed by its account's identity key. nats-server refuses both.",
              .help_markdown = R"md(## What it finds
With `strict_signing_key_usage: true` on the operator, identity keys may only sign their own JWT:
- an account JWT whose `iss` is the operator's identity key (not one of its `signing_keys`);
- a user JWT whose `iss` is its account's identity key (not one of the account's signing keys).

## Why it matters
nats-server drops the identity key from the trusted set under strict signing: such an account is
untrusted (all its users refused) and such a user is refused at CONNECT. This typically happens
when strict mode is switched on for an existing store. Activation tokens signed by an exporter's
identity key are still accepted.

## Example
```
store/ACME/accounts/APP/APP.jwt: error NL404 strict-signing-violation: account 'APP' (AC4R…) is signed
by the identity key of operator 'ACME', which strict signing forbids: the server rejects it.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc edit account -n APP -K OD4S… --rm-tag nsclint-absent-tag)
```

## How to fix
Re-sign with a signing key: add one if needed (`nsc edit operator --sk generate`,
`nsc edit account -n A --sk generate`), then re-issue accounts with
`nsc edit account -n A -K OPERATOR_SIGNING_KEY --rm-tag x` and users with
`nsc edit user -a A -n U -K ACCOUNT_SIGNING_KEY --rm-tag x` (a plain key: a scoped one would refuse
the user's own permissions).
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "signing-keys", "trust"},
              .fix_commands = true,
          },
      .check = CheckStrictSigningViolation,
  };
}

}  // namespace nsclint::rules
