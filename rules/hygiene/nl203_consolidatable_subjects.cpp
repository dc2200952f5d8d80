#include "lint/base/subjects.h"
#include "rules/rules.h"
#include "rules/support/subject_lists.h"

namespace nsclint::rules {

namespace {

void CheckConsolidatableSubjects(const Model& m, RuleContext& ctx) {
  const auto min_group = static_cast<size_t>(ctx.IntOption("subjects.consolidate"));
  ForEachPermissionList(m, [&](const SubjectList& list) {
    for (const auto& g : subjects::FindConsolidatable(list.entries, min_group)) {
      const std::string label = list.label();
      std::string sample;
      for (size_t k = 0; k < g.indexes.size() && k < 3; ++k) {
        if (k > 0) sample += ", ";
        sample += list.entries[g.indexes[k]];
      }
      if (g.indexes.size() > 3) sample += ", ...";
      Finding f = FindingAt(m, list.owner->artifact, list.owner->line, list.entity());
      f.message = Describe(list.entity()) + ": " + std::to_string(g.indexes.size()) + " " + label +
                  " entries differ only in their last token (" + sample + "): '" + g.prefix +
                  ".*' would replace them if every last token may be allowed.";
      f.qualifier = label + ":" + g.prefix;
      ctx.Report(std::move(f));
    }
  });
}

}  // namespace

Rule MakeNL203() {
  return Rule{
      .info =
          {
              .id = "NL203",
              .name = "consolidatable-subjects",
              .family = "hygiene",
              .default_level = Level::kNote,
              .short_description =
                  "Many literal subjects of one list differ only in their last token: consider prefix.*.",
              .full_description =
                  "subjects.consolidate (default 5) or more literal subjects of one permission list differ only in "
                  "their "
                  "last token; one 'prefix.*' entry would replace them, if it is acceptable to allow every last token.",
              .help_markdown = R"md(## What it finds
Groups of `subjects.consolidate` or more literal entries (no wildcards, no queue) of one list that
share every token but the last, like `orders.us`, `orders.eu`, `orders.apac`, `orders.latam`,
`orders.mena`.

## Why it matters
Long literal lists inflate user JWTs towards the 4 KB CONNECT limit (NL201) and account JWTs, and
are edited by hand one entry at a time. A single `prefix.*` is shorter and clearer, but it also
allows last tokens not in the list: this is a suggestion (note), not a defect.

## Example
```
store/ACME/accounts/APP/users/svc.jwt: note NL203 consolidatable-subjects: user 'svc' (UC3Q…): 5 pub.allow
entries differ only in their last token (orders.us, orders.eu, ...): 'orders.*' would replace them.
```

## How to fix
If every last token may be allowed: `nsc edit user --account A --name U --rm orders.us,orders.eu,...
--allow-pub 'orders.*'`. Otherwise keep the list and ignore the note.
)md",
              .tags = {"nats", "permissions", "size"},
              .options = {{.name = "subjects.consolidate",
                           .kind = OptionKind::kCount,
                           .default_value = "5",
                           .doc = "the smallest group of literal subjects worth a note"}},
              .precision = "medium",
              .reads_every_user = true,
          },
      .check = CheckConsolidatableSubjects,
  };
}

}  // namespace nsclint::rules
