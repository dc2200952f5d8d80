#include "lint/base/subjects.h"
#include "rules/imports/import_check.h"
#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckOverlappingExports(const Model& m, RuleContext& ctx) {
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    for (size_t j = 0; j < a.exports.size(); ++j) {
      for (size_t i = 0; i < j; ++i) {
        const Export& x = a.exports[i];
        const Export& y = a.exports[j];
        if (x.type != y.type || x.subject.empty() || y.subject.empty()) continue;
        if (!subjects::IsContainedIn(x.subject, y.subject) && !subjects::IsContainedIn(y.subject, x.subject)) {
          continue;
        }
        Entity e = EntityOf(m, a);
        Finding f = FindingAt(m, a.artifact, a.line, e);
        f.message = Describe(e) + ": " + y.type + " export '" + y.subject + "' " +
                    (x.subject == y.subject ? "duplicates" : "overlaps") + " " + x.type + " export '" + x.subject +
                    "'. The server rejects the whole account JWT: every user of '" + NscName(a) + "' is refused.";
        const BlastRadius radius = AccountBlastRadius(m, a);
        f.message += radius.Text(m);
        radius.AddRelated(m, &f);
        // nsc deletes the first export with that subject, any type: only a
        // pure duplicate (revocations too) can go without a choice to make.
        const bool same = x.subject == y.subject && x.token_req == y.token_req &&
                          x.account_token_position == y.account_token_position && x.revocations == y.revocations &&
                          x.response_type == y.response_type;
        bool first = true;
        for (size_t k = 0; k < i; ++k) first = first && a.exports[k].subject != x.subject;
        if (same && first && !AccountDir(m, a).empty() && NameMatchesPlace(m, a)) {
          f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
          if (NscContext(m, StoreOf(m, a), {a.iss}, &f.fix)) {
            f.fix.commands.push_back({"nsc", "delete", "export", "-a", AccountDir(m, a), "-s", y.subject});
          }
        } else {
          f.fix.remediation =
              "Decide which export stays (they differ), delete the other "
              "(nsc delete export -a ACCOUNT -s SUBJECT) or narrow it, and push the account.";
        }
        f.qualifier = y.type + ":" + x.subject + ":" + y.subject;
        ctx.Report(std::move(f));
      }
    }
  }
}

}  // namespace

Rule MakeNL509() {
  return Rule{
      .info =
          {
              .id = "NL509",
              .name = "overlapping-exports",
              .family = "imports",
              .default_level = Level::kError,
              .short_description =
                  "Two exports of one account with the same type overlap: the server rejects the account.",
              .full_description = "Two exports of one account with the same type where one subject contains the other, "
                                  "or a duplicate: jwt "
                                  "validation fails and the server rejects the whole account JWT, so every user of the "
                                  "account is refused.",
              .help_markdown = R"md(## What it finds
Pairs of exports of one account with the same type (stream or service) where one subject contains
the other as the JWT library's `IsContainedIn` decides (`orders.us` inside `orders.>`, duplicates
included; the library is lenient, so `foo.>` also counts as inside `foo.*`). Exports of different
types may overlap.

## Why it matters
The JWT library's validation reports the overlap as a blocking error, and nats-server rejects the
**whole account JWT**: every user of the account is refused and every import from it dies.
(Verified on nats-server 2.9.10.)

## Example
```
store/ACME/accounts/orders/orders.jwt: error NL509 overlapping-exports: account 'orders' (AD3X…): stream
export 'orders.us' overlaps stream export 'orders.>'. The server rejects the whole account JWT: every
user of 'orders' is refused.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc delete export -a orders -s orders.us)
```

## How to fix
Keep one export: delete the narrower one (`nsc delete export --account A --subject S`) or give the
two non-overlapping subjects; then `nsc push --account A`.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "exports"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckOverlappingExports,
  };
}

}  // namespace nsclint::rules
