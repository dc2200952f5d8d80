#include "rules/rules.h"
#include "rules/support/model_queries.h"
#include "rules/time/time_wording.h"

namespace nsclint::rules {

namespace {

void CheckExpired(const Model& m, RuleContext& ctx) {
  ForEachToken(m, [&](const TokenBase& t, const LazyEntity& e) {
    if (t.exp == 0 || t.exp > ctx.now()) return;
    // One root cause, one finding: an expired activation token kills its
    // import, which is NL502's finding (with the fix that renews the import).
    if (t.origin == TokenOrigin::kImport) return;
    Finding f = FindingAt(m, t.artifact, t.line, e);
    int64_t ago = ctx.now() - t.exp;
    f.message = Subject(t, e) + " expired at " + FormatTime(t.exp) +
                (ago == 0 ? ", exactly now." : ", " + FormatDuration(ago) + " before now.");
    RenewFix(m, t, e, "90d", &f.fix);
    if (t.token_type == TokenType::kOperator) {
      f.message +=
          " nats-server never validates the operator JWT and keeps running with it, but nsc "
          "refuses to edit the store until it is renewed.";
      ctx.Report(Level::kWarning, std::move(f));
      return;
    }
    if (t.token_type == TokenType::kAccount) {
      // One root cause, one finding: the imports it kills are counted here, not reported as NL504.
      const BlastRadius radius = AccountBlastRadius(m, static_cast<const Account&>(t));
      f.message += " The server does not load it." + radius.Text(m);
      radius.AddRelated(m, &f);
    }
    ctx.Report(std::move(f));
  });
}

}  // namespace

Rule MakeNL101() {
  return Rule{
      .info =
          {
              .id = "NL101",
              .name = "expired",
              .family = "time",
              .default_level = Level::kError,
              .levels = "error / warning",
              .short_description = "The JWT has expired: exp is set and not after --now.",
              .full_description =
                  "exp is set and not after --now, for operator, account, user and creds JWTs alike (an expired "
                  "activation token is NL502's finding). nats-server treats exp == now as expired already and "
                  "allows no clock skew. An expired operator is a warning: nats-server never validates the operator "
                  "JWT and "
                  "keeps running, while nsc refuses to work with it.",
              .help_markdown = R"md(## What it finds
Tokens whose `exp` is set and is not after the evaluation time (`--now`, default the current
time): operators, accounts, users and the JWT inside `.creds` files. A creds file holding the
same token as a store JWT is reported once, on the JWT. An expired **account** is the one finding
of its cause: the message gives its blast radius (its users refused, the imports of other accounts
from it dead, each importer a related location), and NL504 stays silent on those imports. An
expired activation token inside an
import is reported by NL502 only (one root cause, one finding): the import is what dies.

## Why it matters
nats-server refuses an expired user at CONNECT (and disconnects it when `exp` passes), does
not load an expired account (every user of it is refused), and drops an import whose
activation token has expired, silently. The server has no clock-skew allowance: `exp == now`
is already expired.

An expired **operator** is a warning, not an error: nats-server decodes the operator JWT but
never validates it, so servers keep running and admitting users with an expired operator
(nats-server#7570), while nsc refuses to edit the store until it is renewed. Proven on every
server of the test matrix (`ServerTrust`, case `NL101-expired-operator`: alice connects).

## Server versions
The same on every version (2.9.10 to 2.15.3).

## Example
```
store/ACME/accounts/APP/users/alice.jwt: error NL101 expired: user 'alice' (UDO5…) expired at
2026-05-01T00:00:00Z, 31 days before now.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc edit user -a APP -n alice -K AC4R… --expiry 90d)
```

## How to fix
Re-issue with a new expiry: `nsc edit user --account A --name U --expiry 90d` then
`nsc generate creds --account A --name U` and hand out the creds; `nsc edit account --name A
--expiry 1y` then `nsc push --account A`. Delete entities that are no longer needed instead.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "jwt", "expiry"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckExpired,
  };
}

}  // namespace nsclint::rules
