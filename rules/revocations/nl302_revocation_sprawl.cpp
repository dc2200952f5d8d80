#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckRevocationSprawl(const Model& m, RuleContext& ctx) {
  const auto max = static_cast<size_t>(ctx.IntOption("revocations.max"));
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    size_t exports = 0;
    for (const auto& ex : a.exports) exports += ex.revocations.size();
    size_t total = a.revocations.size() + exports;
    if (total <= max) continue;
    Entity e = EntityOf(m, a);
    Finding f = FindingAt(m, a.artifact, a.line, e);
    f.message = Describe(e) + " holds " + std::to_string(total) + " revocation entries (" +
                std::to_string(a.revocations.size()) + " user, " + std::to_string(exports) + " export), more than " +
                std::to_string(max) + ".";
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL302() {
  return Rule{
      .info =
          {
              .id = "NL302",
              .name = "revocation-sprawl",
              .family = "revocations",
              .default_level = Level::kWarning,
              .short_description = "More than revocations.max (default 50) revocation entries in one account.",
              .full_description =
                  "An account holds more than revocations.max revocation entries (account revocations plus export "
                  "revocations). Revocations are never removed automatically and grow the account JWT forever.",
              .help_markdown = R"md(## What it finds
Accounts with more than `revocations.max` revocation entries, counting the account's user
revocations and the revocations of all its exports.

## Why it matters
Each entry adds ~75 bytes to the account JWT, which every server and leaf node fetches and
re-validates on each change; many revocations also signal long-lived credentials that get
revoked instead of expiring.

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL302 revocation-sprawl: account 'APP' (AC4R…) holds 212
revocation entries (212 user, 0 export), more than 50.
```

## How to fix
Prune entries that have no effect (NL301 lists them), replace many old entries by one `*` entry
(`nsc revocations add-user --account A --user-public-key '*' --at <time>` revokes every credential
issued before that time; re-issue the ones still needed), and give users an expiry (NL103) so that
future revocations become prunable.
)md",
              .tags = {"nats", "jwt", "revocations", "size"},
              .options = {{.name = "revocations.max",
                           .kind = OptionKind::kCount,
                           .default_value = "50",
                           .doc = "the most revocation entries one account may hold"}},
          },
      .check = CheckRevocationSprawl,
  };
}

}  // namespace nsclint::rules
