#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckBadSignature(const Model& m, RuleContext& ctx) {
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    if (t.signature != SignatureStatus::kInvalid && t.signature != SignatureStatus::kMalformed) return;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    f.message = Describe(e);
    if (t.origin == TokenOrigin::kImport) f.message = "The activation token of import '" + e.get().name + "'";
    f.message += t.signature == SignatureStatus::kMalformed
                     ? " has a malformed signature segment (not 64 bytes of base64url)."
                     : " has a signature that does not verify with its issuer " + ShortKey(t.iss) +
                           ": the token was altered after signing or signed by another key.";
    if (t.origin == TokenOrigin::kImport) f.qualifier = "import:" + static_cast<const Activation&>(t).subject;
    if (t.token_type == TokenType::kAccount) {
      const BlastRadius radius = AccountBlastRadius(m, static_cast<const Account&>(t));
      f.message += " The server rejects the account." + radius.Text(m);
      radius.AddRelated(m, &f);
    }
    f.fix.remediation =
        "Do not re-sign it (that would bless the altered claims): restore the last good version from version control "
        "or a backup and find out who changed it.";
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL002() {
  return Rule{
      .info =
          {
              .id = "NL002",
              .name = "bad-signature",
              .family = "integrity",
              .default_level = Level::kError,
              .short_description = "The JWT's ed25519 signature does not verify with the key in iss.",
              .full_description =
                  "The token's signature does not verify with the public key named in its iss claim: the "
                  "token was altered after signing, or signed by another key than it claims.",
              .help_markdown = R"md(## What it finds
JWTs (operator, account, user, activation, and the JWT inside creds files) whose ed25519
signature does not verify with the public key in `iss`. v2 tokens sign `header.payload`; v1
tokens sign the payload segment only, and nsclint checks each by its own rule.

## Why it matters
nats-server rejects the token: an account JWT with a bad signature makes every user of the
account fail to connect, a user JWT fails at CONNECT. A bad signature also means someone
edited the claims by hand, or the file was corrupted.

## Example
```
store/ACME/accounts/billing/users/alice.jwt: error NL002 bad-signature: user 'alice'
(UAB3…) has a signature that does not verify with its issuer AC4R…
```

## How to fix
Do not re-sign it: any `nsc edit` gives the altered claims a valid signature. Restore the
last good version from version control or a backup and find out who changed the file. nsclint
gives no fix command for this rule, only this advice.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "jwt"},
          },
      .check = CheckBadSignature,
  };
}

}  // namespace nsclint::rules
