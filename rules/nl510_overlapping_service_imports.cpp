#include "lint/subjects.h"
#include "rules/imports.h"
#include "rules/rules.h"

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

Rule MakeNL510() {
  RuleInfo info;
  info.id = "NL510";
  info.name = "overlapping-service-imports";
  info.family = "imports";
  info.fix_commands = true;
  info.default_level = Level::kError;
  info.security_severity = "8.0";
  info.tags = {"nats", "imports"};
  info.short_description = "Two service imports of one account map to overlapping local subjects: the server rejects the account.";
  info.full_description =
      "Two service imports of one account whose local subjects are equal or one contains the other (across all "
      "exporters): jwt validation fails and the server rejects the whole account JWT. Subjects that merely "
      "intersect (a.*.x and a.b.*) are accepted by nats-server 2.9.10.";
  info.help_markdown = R"md(## What it finds
Pairs of **service** imports of one account whose local subjects (`to`, else `local_subject` with
`$n` read as `*`, else `subject`) are equal or where one contains the other, whatever account they
import from. Stream imports are never checked. Subjects that only intersect, like `a.*.x` and
`a.b.*`, are accepted by nats-server 2.9.10 and not reported.

## Why it matters
The JWT library (v2.3.0, vendored by nats-server 2.9.10) rejects the account ("overlapping
subject namespace"), and the server refuses **every user** of the importing account. Newer
libraries only compare imports from the same exporter; nsclint follows the server generation
the reference verified.

## Example
```
store/ACME/accounts/shop/shop.jwt: error NL510 overlapping-service-imports: account 'shop' (AB3K…):
service import of 'api.orders' from account 'orders' overlaps service import of 'api.>' from account
'gateway' (local subjects 'api.orders' and 'api.>'). The server rejects the whole account JWT.
```

## How to fix
Give one of the imports a distinct local subject (`nsc delete import ...`, then
`nsc add import ... --local-subject other.prefix`) or drop the narrower import.
)md";
  return Rule{info, [](const Model& m, RuleContext& ctx) {
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
                                  " (local subjects '" + ly + "' and '" + lx +
                                  "'). The server rejects the whole account JWT: every user of '" + NscName(a) +
                                  "' is refused.";
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
                      ctx.Report(std::move(f));
                    }
                  }
                }
              }};
}

}  // namespace nsclint::rules
