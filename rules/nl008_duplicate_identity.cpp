#include <map>
#include <set>
#include <unordered_map>

#include "rules/common.h"
#include "rules/rules.h"

namespace nsclint::rules {

Rule MakeNL008() {
  RuleInfo info;
  info.id = "NL008";
  info.name = "duplicate-identity";
  info.family = "integrity";
  info.default_level = Level::kWarning;
  info.tags = {"nats", "store", "maintainability"};
  info.short_description = "Two different JWTs claim the same subject.";
  info.full_description =
      "Two different operator, account or user JWT files claim the same subject key, so the scan "
      "cannot tell which one the resolver serves. Byte-identical copies, creds files and activation "
      "tokens (which share their importer's subject by design) never count.";
  info.help_markdown = R"md(## What it finds
Groups of JWT files of the same type (operator, account or user) with the same `sub` whose
tokens differ: an old copy of an account next to the current one, a user re-issued into a
second file, a store and a stale resolver config holding different versions. Every file of
the group is reported and the message names the others. Identical copies, the JWT inside
`.creds` files (see NL603) and activation tokens are not duplicates.

## Why it matters
A resolver serves exactly one JWT per account: which one depends on push order, so limits,
imports and revocations in the other copy silently do not apply. For users, an old copy may
be missing a revocation-relevant `iat` or carry permissions that were since removed.

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL008 duplicate-identity: account 'APP' (AC4R…) is
also claimed by a different JWT in conf/APP.jwt.
```

## How to fix
Keep the current JWT (usually the newest `iat`, the one `nsc describe account --name A --raw`
prints) and delete the other files, or regenerate stale copies from the store
(`nsc describe account --name A --raw > conf/A.jwt`).
)md";
  return Rule{info, [](const Model& m, RuleContext& ctx) {
                // Per kind: subject -> the JWT files claiming it. Entities are
                // built only for subjects claimed by two different JWTs.
                auto check = [&](const auto& list) {
                  std::unordered_map<std::string_view, std::vector<size_t>> groups;
                  for (size_t i = 0; i < list.size(); ++i) {
                    if (list[i].origin == TokenOrigin::kFile) groups[list[i].sub].push_back(i);
                  }
                  for (const auto& [sub, entries] : groups) {
                    if (entries.size() < 2) continue;
                    std::set<TokenDigest> distinct;
                    for (size_t i : entries) distinct.insert(list[i].digest);
                    if (distinct.size() < 2) continue;
                    for (size_t i : entries) {
                      const TokenBase& t = list[i];
                      Entity e = EntityOf(m, list[i]);
                      std::string others;
                      Finding f = FindingAt(m, t.artifact, t.line, e);
                      for (size_t j : entries) {
                        const TokenBase& other = list[j];
                        if (other.digest == t.digest) continue;
                        if (!others.empty()) others += ", ";
                        others += m.artifacts[other.artifact].display;
                        f.related.push_back(RelatedLocation{m.artifacts[other.artifact].display, other.line,
                                                            "the other JWT"});
                      }
                      f.message = Describe(e) + " is also claimed by a different JWT in " + others +
                                  "; which one the resolver serves depends on push order.";
                      ctx.Report(std::move(f));
                    }
                  }
                };
                check(m.operators);
                check(m.accounts);
                check(m.users);
              }};
}

}  // namespace nsclint::rules
