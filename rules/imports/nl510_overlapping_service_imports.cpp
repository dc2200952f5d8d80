#include "lint/base/subjects.h"
#include "rules/imports/import_check.h"
#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {
namespace {

// The subject a service import occupies in the importing account (jwt 2.3.0 Imports.Validate).
std::string LocalSubject(const Import& im) {
  if (!im.to.empty()) return im.to;
  if (im.local_subject.empty()) return im.subject;
  std::string out;
  for (const auto& tok : subjects::Tokens(im.local_subject)) {
    if (!out.empty()) out += '.';
    out += tok.size() >= 2 && tok[0] == '$' ? std::string("*") : std::string(tok);
  }
  return out;
}

}  // namespace

namespace {

void CheckOverlappingServiceImports(const Model& m, RuleContext& ctx) {
  const ServerTarget& server = ctx.server();
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    for (size_t j = 0; j < a.imports.size(); ++j) {
      const Import& y = a.imports[j];
      if (y.type != "service") continue;
      const std::string ly = LocalSubject(y);
      for (size_t i = 0; i < j; ++i) {
        const Import& x = a.imports[i];
        if (x.type != "service") continue;
        const std::string lx = LocalSubject(x);
        if (lx.empty() || ly.empty()) continue;
        if (lx != ly && !subjects::IsContainedIn(lx, ly) && !subjects::IsContainedIn(ly, lx)) continue;
        Entity e = EntityOf(m, a);
        Finding f = FindingAt(m, a.artifact, a.line, e);
        f.message = Describe(e) + ": " + DescribeImport(m, y) + " overlaps " + DescribeImport(m, x) +
                    " (local subjects '" + ly + "' and '" + lx + "').";
        Level level = Level::kError;
        constexpr auto kPerExporter = ServerBehavior::kServiceImportsPerExporter;
        const BlastRadius radius = AccountBlastRadius(m, a);
        if (x.account == y.account) {
          f.message += " The server rejects the whole account JWT: every user of '" + NscName(a) + "' is refused.";
          f.message += radius.Text(m);
          radius.AddRelated(m, &f);
        } else if (server.AnyLacks(kPerExporter)) {
          f.message += " nats-server " + server.Lacking(kPerExporter) + " rejects the whole account JWT (before " +
                       SinceText(kPerExporter) +
                       ", jwt < 2.8.1, imports from different exporters are compared too): every "
                       "user of '" +
                       NscName(a) + "' is refused.";
          f.message += radius.Text(m);
          radius.AddRelated(m, &f);
        } else {
          level = Level::kWarning;
          f.message += " nats-server " + server.Text() +
                       " loads both (jwt 2.8.1 compares imports of one exporter only) and sends every "
                       "request on '" +
                       (subjects::IsContainedIn(ly, lx) ? ly : lx) +
                       "' to both exporters: requesters get several replies.";
        }
        // nsc deletes the first import with that subject and source.
        bool first = true;
        for (size_t k = 0; k < j; ++k) {
          first = first && !(a.imports[k].subject == y.subject && a.imports[k].account == y.account);
        }
        if (first && !AccountDir(m, a).empty() && NameMatchesPlace(m, a)) {
          f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
          if (NscContext(m, StoreOf(m, a), {a.iss}, &f.fix)) {
            f.fix.commands.push_back(
                {"nsc", "delete", "import", "-a", AccountDir(m, a), "-s", y.subject, "--src-account", y.account});
          }
        } else {
          f.fix.remediation = "Delete one of the two imports (nsc delete import) or give it another local subject.";
        }
        f.qualifier = lx + ":" + ly;
        ctx.Report(level, std::move(f));
      }
    }
  }
}

}  // namespace

Rule MakeNL510() {
  return Rule{
      .info =
          {
              .id = "NL510",
              .name = "overlapping-service-imports",
              .family = "imports",
              .default_level = Level::kError,
              .levels = "error / warning",
              .short_description = "Two service imports of one account map to overlapping local subjects: the account "
                                   "is rejected, or requests "
                                   "fan out.",
              .full_description = "Two service imports of one account whose local subjects are equal or one contains "
                                  "the other. From the same "
                                  "exporter, every nats-server rejects the whole account JWT. From different "
                                  "exporters, nats-server before "
                                  "2.11.15/2.12.6/2.14.0 rejects it too; later servers load both and every request "
                                  "fans out to all exporters. "
                                  "Subjects that merely intersect (a.*.x and a.b.*) are accepted everywhere.",
              .help_markdown = R"md(## What it finds
Pairs of **service** imports of one account whose local subjects (`to`, else `local_subject` with
`$n` read as `*`, else `subject`) are equal or where one contains the other. Stream imports are
never checked. Subjects that only intersect, like `a.*.x` and `a.b.*`, are accepted and not reported.

## Why it matters
The JWT library the server vendors validates the account's imports:
- a pair from the **same** exporting account: "overlapping subject namespace", the server rejects
  the account and refuses **every user** of it (error, every version);
- a pair from **different** exporters: jwt before 2.8.1 compares all imports, so the same
  rejection (error); jwt 2.8.1 compares imports of one exporter only, so the account loads, and
  the server sends each request to **every** exporter that matches: requesters get several
  replies, the first one wins (warning).

## Server versions
| nats-server | same exporter | different exporters |
|---|---|---|
| 2.9.0 – 2.11.14, 2.12.0 – 2.12.5 | account rejected | account rejected |
| 2.11.15+, 2.12.6+, 2.14.0+ (jwt 2.8.1) | account rejected | loads; requests fan out (warning) |

With `--server-version` naming a whole line or several versions, the worst verdict applies and
the message names the versions. Proven on every server of the test matrix
(`tests/server_test.cpp`, cases `NL510-*`).

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL510 overlapping-service-imports: account 'shop' (AB3K…):
service import of 'api.orders' from account 'orders' overlaps service import of 'api.>' from account
'orders' (local subjects 'api.orders' and 'api.>'). The server rejects the whole account JWT.
```

## How to fix
Give one of the imports a distinct local subject (`nsc delete import ...`, then
`nsc add import ... --local-subject other.prefix`) or drop the narrower import.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "imports"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckOverlappingServiceImports,
  };
}

}  // namespace nsclint::rules
