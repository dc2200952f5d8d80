#include <algorithm>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckDuplicateIdentity(const Model& m, RuleContext& ctx) {
  // Reports one subject's JWT files (`entries`, scan order) when
  // they hold different tokens. Entities are built only then.
  auto report = [&](const auto& list, const std::vector<size_t>& entries) {
    if (entries.size() < 2) return;
    std::set<TokenDigest> distinct;
    for (size_t i : entries) distinct.insert(list[i].digest);
    if (distinct.size() < 2) return;
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
        f.related.push_back(RelatedLocation{m.artifacts[other.artifact].display.str(), other.line, "the other JWT"});
      }
      f.message = Describe(e) + " is also claimed by a different JWT in " + others +
                  "; which one the resolver serves depends on push order.";
      ctx.Report(std::move(f));
    }
  };
  std::vector<size_t> entries;
  // Operators and accounts: the JWT files claiming each subject, as
  // runs of one sorted array.
  auto check = [&](const auto& list) {
    std::vector<std::pair<std::string_view, size_t>> claims;
    claims.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].origin == TokenOrigin::kFile) claims.emplace_back(list[i].sub, i);
    }
    std::sort(claims.begin(), claims.end());
    for (size_t run = 0, end = 0; run < claims.size(); run = end) {
      end = run + 1;
      while (end < claims.size() && claims[end].first == claims[run].first) ++end;
      entries.clear();
      for (size_t k = run; k < end; ++k) entries.push_back(claims[k].second);
      report(list, entries);
    }
  };
  check(m.operators);
  check(m.accounts);
  // Users: Model::Link already chains the users of one subject
  // (see ForEachUserWithSub). Walking the chains of two or more from
  // their first user reads only the users that share a subject.
  std::vector<bool> has_previous(m.users.size());
  for (int next : m.next_user_same_sub) {
    if (next >= 0) has_previous[static_cast<size_t>(next)] = true;
  }
  for (size_t head = 0; head < m.next_user_same_sub.size(); ++head) {
    if (has_previous[head] || m.next_user_same_sub[head] < 0) continue;
    entries.clear();
    for (int i = static_cast<int>(head); i >= 0; i = m.next_user_same_sub[static_cast<size_t>(i)]) {
      if (m.users[static_cast<size_t>(i)].origin == TokenOrigin::kFile) entries.push_back(static_cast<size_t>(i));
    }
    report(m.users, entries);
  }
}

}  // namespace

Rule MakeNL008() {
  return Rule{
      .info =
          {
              .id = "NL008",
              .name = "duplicate-identity",
              .family = "integrity",
              .default_level = Level::kWarning,
              .short_description = "Two different JWTs claim the same subject.",
              .full_description =
                  "Two different operator, account or user JWT files claim the same subject key, so the scan "
                  "cannot tell which one the resolver serves. Byte-identical copies, creds files and activation "
                  "tokens (which share their importer's subject by design) never count.",
              .help_markdown = R"md(## What it finds
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
)md",
              .tags = {"nats", "store", "maintainability"},
          },
      .check = CheckDuplicateIdentity,
  };
}

}  // namespace nsclint::rules
