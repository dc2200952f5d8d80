#include "lint/base/subjects.h"
#include "rules/rules.h"
#include "rules/support/nsc_fix.h"
#include "rules/support/subject_lists.h"

namespace nsclint::rules {

namespace {

// `nsc edit user --rm X` takes X out of all four lists (after any additions
// of the same command): a second command puts X back where it must stay.
// nsc splits list flags at commas, so such a subject gets no command.
// `copies`: how many copies of the entry go from its own list (--rm takes
// one per list per flag).
void RemoveFromOneList(const Model& m, const User& u, const Entity& e, std::string_view field, const std::string& entry,
                       size_t copies, Fix* fix) {
  if (entry.find_first_of(",\"") != std::string::npos) {
    fix->remediation =
        "nsc splits subjects at commas: remove the entry with nsc edit user --rm and re-add it to the "
        "other lists that hold it.";
    return;
  }
  std::vector<std::string> readd;
  const std::pair<std::string_view, const PackedStrings*> lists[] = {{"pub.allow", &u.permissions.pub.allow},
                                                                     {"pub.deny", &u.permissions.pub.deny},
                                                                     {"sub.allow", &u.permissions.sub.allow},
                                                                     {"sub.deny", &u.permissions.sub.deny}};
  for (const auto& [name, values] : lists) {
    if (name == field) continue;
    for (std::string_view v : *values) {
      if (v != entry) continue;
      readd.emplace_back(name == "pub.allow"   ? "--allow-pub"
                         : name == "pub.deny"  ? "--deny-pub"
                         : name == "sub.allow" ? "--allow-sub"
                                               : "--deny-sub");
      readd.push_back(entry);
      break;
    }
  }
  std::vector<std::string> rm;
  for (size_t i = 0; i < copies; ++i) rm.insert(rm.end(), {"--rm", entry});
  if (!NscEditFix(m, u, e, rm, fix)) return;
  if (!readd.empty()) NscEditFix(m, u, e, readd, fix);
}

}  // namespace

namespace {

void CheckRedundantSubject(const Model& m, RuleContext& ctx) {
  ForEachPermissionList(m, [&](const SubjectList& list) {
    const auto redundant = subjects::FindRedundant(list.entries, list.sub_list);
    for (const auto& r : redundant) {
      const std::string label = list.label();
      Finding f = FindingAt(m, list.owner->artifact, list.owner->line, list.entity());
      const std::string entry(list.entries[r.index]);
      const std::string by(list.entries[r.covered_by]);
      f.message = Describe(list.entity()) + ": " + label + " entry '" + entry + "' " +
                  (r.duplicate ? "is a duplicate" : "is covered by '" + by + "'") + ".";
      f.qualifier = label + ":" + entry + ":" + std::to_string(r.index);
      if (list.kind == SubjectList::Kind::kDefaultPermission) {
        f.fix.remediation =
            "Remove the entry from the account's default permissions (nsc edit account -n ACCOUNT "
            "--rm SUBJECT, then re-add it to the other lists that held it) and push the account.";
      } else if (list.kind == SubjectList::Kind::kTemplate) {
        f.fix.remediation =
            "Remove the entry from the scoped key's template (nsc edit signing-key -a ACCOUNT --sk "
            "KEY --rm SUBJECT, then re-add it to the other lists that held it).";
      } else if (list.kind != SubjectList::Kind::kUserPermission) {
        f.fix.remediation =
            "Remove the redundant entry with nsc (delete the import, export or mapping and add "
            "it back once).";
      }
      if (list.kind == SubjectList::Kind::kUserPermission) {
        // One command for every redundant copy of the entry in this list, the
        // same on each of their findings (a fix script runs it once).
        size_t copies = 0;
        for (const auto& other : redundant) copies += list.entries[other.index] == entry ? 1 : 0;
        RemoveFromOneList(m, static_cast<const User&>(*list.owner), list.entity(), list.field, entry, copies, &f.fix);
      }
      ctx.Report(std::move(f));
    }
  });
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    for (size_t i = 0; i < a.imports.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        const Import& x = a.imports[i];
        const Import& y = a.imports[j];
        if (x.account != y.account || x.subject != y.subject || x.type != y.type ||
            x.local_subject != y.local_subject || x.to != y.to) {
          continue;
        }
        Entity e = EntityOf(m, a);
        Finding f = FindingAt(m, a.artifact, a.line, e);
        f.message = Describe(e) + ": imports[" + std::to_string(i) + "] (" + x.type + " '" + x.subject + "' from " +
                    ShortKey(x.account) + ") duplicates imports[" + std::to_string(j) + "].";
        f.qualifier = "import:" + x.subject + ":" + std::to_string(i);
        // nsc deletes the first import with that subject and source: a copy.
        if (!AccountDir(m, a).empty() && NameMatchesPlace(m, a) && NscContext(m, StoreOf(m, a), {a.iss}, &f.fix)) {
          f.fix.commands.push_back(
              {"nsc", "delete", "import", "-a", AccountDir(m, a), "-s", x.subject, "--src-account", x.account});
        } else if (f.fix.remediation.empty()) {
          f.fix.remediation = "Delete one copy of the import (nsc delete import).";
        }
        ctx.Report(std::move(f));
        break;
      }
    }
  }
}

}  // namespace

Rule MakeNL202() {
  return Rule{
      .info =
          {
              .id = "NL202",
              .name = "redundant-subject",
              .family = "hygiene",
              .default_level = Level::kWarning,
              .short_description = "A permission entry equals or is covered by another entry of the same list.",
              .full_description = "In one permission or subject list an entry is a duplicate or is covered by another "
                                  "entry of the same "
                                  "list (orders.us.> under orders.>, orders.* under orders.>), as nats-server matches "
                                  "subjects. It has no "
                                  "effect and only grows the JWT.",
              .help_markdown = R"md(## What it finds
Entries of one list that add nothing because another entry of the same list already matches
everything they match (nats-server's `isSubsetMatch`): duplicates, `orders.us.>` under
`orders.>`, `orders.*` under `orders.>`, `a.b` under `a.*`; in subscribe lists `foo q` under
`foo` (no queue means any queue). `orders.*` and `orders.us.>` do not cover each other; neither
do `foo` and `foo.>`. Lists: user `pub`/`sub` `allow`/`deny`, account `default_permissions`,
scoped signing key templates, and duplicate imports. The message names the covering entry.

## Why it matters
Redundant entries grow user and account JWTs (a user JWT must fit the 4 KB CONNECT line, see
NL201) and hide the real intent of a permission list from reviewers.

## Example
```
store/ACME/accounts/APP/users/svc.jwt: warning NL202 redundant-subject: user 'svc' (UC3Q…): pub.allow
entry 'orders.us.>' is covered by 'orders.>'.
```

## How to fix
Remove the covered entry: `nsc edit user -a A -n U -K ISSUER --rm 'orders.us.>'` (user; nsc
removes it from all four lists, so a second command re-adds it to the other lists that held it),
`nsc edit signing-key --account A --sk KEY --rm orders.us.>` (scoped template), or re-create the
import once (`nsc delete import` / `nsc add import`).
)md",
              .tags = {"nats", "permissions", "size"},
              .fix_commands = true,
              .reads_every_user = true,
          },
      .check = CheckRedundantSubject,
  };
}

}  // namespace nsclint::rules
