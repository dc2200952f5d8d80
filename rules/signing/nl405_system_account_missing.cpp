#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

// Names the store's account folder SYS when there is one; adds it only when
// there is none (SPEC: never `add account` over an existing one).
void SystemAccountFix(const Model& m, const Operator& o, Fix* fix) {
  fix->remediation = "Then deploy the new operator JWT to the servers.";
  const int store = StoreOf(m, o);
  if (store < 0 || !NameMatchesPlace(m, o)) {
    fix->remediation =
        "Set the operator's system account with nsc edit operator --system-account ACCOUNT in its store.";
    return;
  }
  if (!NscContext(m, store, {o.sub}, fix)) return;
  if (m.StoreAccount(store, "SYS") < 0) fix->commands.push_back({"nsc", "add", "account", "-n", "SYS"});
  fix->commands.push_back({"nsc", "edit", "operator", "--system-account", "SYS"});
}

}  // namespace

namespace {

void CheckSystemAccountMissing(const Model& m, RuleContext& ctx) {
  for (const auto& o : m.operators) {
    Entity e = EntityOf(m, o);
    Finding f = FindingAt(m, o.artifact, o.line, e);
    if (o.system_account.empty()) {
      f.message = Describe(e) +
                  " names no system_account: no monitoring, no `nsc push`, no "
                  "resolver updates unless every server config sets one.";
      SystemAccountFix(m, o, &f.fix);
    } else if (InCompleteStore(m, o) && m.FindAccount(o.system_account) < 0) {
      f.message = Describe(e) + " names system_account " + ShortKey(o.system_account) + ", which is not in the store.";
      SystemAccountFix(m, o, &f.fix);
    } else {
      continue;
    }
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL405() {
  return Rule{
      .info =
          {
              .id = "NL405",
              .name = "system-account-missing",
              .family = "signing",
              .default_level = Level::kWarning,
              .short_description = "The operator names no system_account, or one the store does not hold.",
              .full_description =
                  "The operator JWT has no system_account, or (in a complete store) names an account that is not in "
                  "the store. Without a system account there is no monitoring, no account JWT push and no resolver "
                  "updates.",
              .help_markdown = R"md(## What it finds
- an operator JWT without `system_account` (then every server config must set `system_account`
  itself, and `nsc push` cannot work);
- in a complete store, an operator whose `system_account` names an account that is not in it.

## Why it matters
The system account carries server monitoring (`$SYS`), account JWT updates (`nsc push`, the full
resolver), and the events nsclint's activity rules read. A missing or dangling one breaks all of
that silently until someone needs it.

## Example
```
store/ACME/ACME.jwt: warning NL405 system-account-missing: operator 'ACME' (OD4M…) names no
system_account.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc edit operator --system-account SYS)
```

## How to fix
`nsc edit operator --system-account SYS` when the store holds the account folder `SYS`; when it
holds none, `nsc add account -n SYS` first;
new operators get one with `nsc add operator --sys`.
)md",
              .tags = {"nats", "operator"},
              .fix_commands = true,
          },
      .check = CheckSystemAccountMissing,
  };
}

}  // namespace nsclint::rules
