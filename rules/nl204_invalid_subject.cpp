#include "lint/subjects.h"
#include "rules/rules.h"
#include "rules/subject_lists.h"

namespace nsclint::rules {
namespace {

// Template and mapping functions ({{name()}}, {{wildcard(1)}}) are expanded by the
// server: validate the subject around them with a placeholder token.
std::string WithoutFunctions(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t open = s.find("{{", pos);
    if (open == std::string::npos) break;
    size_t close = s.find("}}", open + 2);
    if (close == std::string::npos) break;
    out.append(s, pos, open - pos);
    out += "x";
    pos = close + 2;
  }
  out.append(s, pos, std::string::npos);
  return out;
}

}  // namespace

Rule MakeNL204() {
  RuleInfo info;
  info.id = "NL204";
  info.name = "invalid-subject";
  info.family = "hygiene";
  info.default_level = Level::kError;
  info.levels = "error / warning";
  info.tags = {"nats", "permissions", "subjects"};
  info.short_description = "A subject in a permission list, export, import, mapping or template is not valid.";
  info.full_description =
      "A subject is empty, has whitespace, an empty token (a..b, a leading or trailing '.'), '>' not last, or "
      "a wildcard inside a token. Error where the server rejects the JWT or drops the entry (exports, imports, "
      "mappings, malformed permission entries); warning where the entry loads but never matches as intended.";
  info.help_markdown = R"md(## What it finds
Subjects that are not valid NATS subjects or patterns: empty, containing whitespace, with an
empty token (`a..b`, a leading or trailing `.`), with `>` not last, or with `*`/`>` inside a
longer token (`foo*` is the literal text `foo*`, not a wildcard). Checked everywhere a subject
lives: user `pub`/`sub` permissions, account `default_permissions`, scoped key templates, exports,
imports (`subject`, `local_subject`, `to`) and mappings.

Levels follow what the server does:
- **error** for exports, imports and mappings (the server rejects the account JWT or silently
  drops the entry: a dead import), and for permission entries whose shape jwt validation rejects
  (a publish entry with a queue, more than one space);
- **warning** for other permission and template entries: they load, but never match what was
  meant. Seen in public configs: the scoped template `$SYS.REQ.CLAIMS.*.` (trailing dot).

## Why it matters
An invalid import or export subject makes an import dead with no error anywhere; an invalid
permission entry silently denies (allow lists) or fails to deny (deny lists) what its author meant.

## Example
```
conf/account_SYS.jwt: warning NL204 invalid-subject: account 'SYS' (AAYR…): scoped key ACOK… ('issuer')
template pub.allow entry '$SYS.REQ.CLAIMS.*.' has an empty token (trailing '.'): the server keeps
it but no subject ever matches it.
```

## How to fix
Correct the subject (`$SYS.REQ.CLAIMS.*`), e.g. `nsc edit user --account A --name U --rm 'bad.'
--allow-pub 'good'`, `nsc edit signing-key --account A --sk KEY --rm ... --allow-pub ...`, or delete
and re-add the export/import with a valid subject.
)md";
  return Rule{info, [](const Model& m, RuleContext& ctx) {
                using Kind = SubjectList::Kind;
                ForEachSubjectList(m, [&](const SubjectList& list) {
                  const bool permission = list.kind == Kind::kUserPermission || list.kind == Kind::kDefaultPermission ||
                                          list.kind == Kind::kTemplate;
                  for (size_t i = 0; i < list.entries.size(); ++i) {
                    const std::string_view raw = list.entries[i];
                    std::string_view subject = raw;
                    Level level = permission ? Level::kWarning : Level::kError;
                    std::string why;
                    std::string consequence;
                    if (permission) {
                      subjects::Entry entry = list.sub_list ? subjects::ParseSubEntry(raw) : subjects::ParsePubEntry(raw);
                      if (!entry.ok) {
                        why = entry.why;
                        level = Level::kError;
                        consequence = "jwt validation rejects the whole " + list.entity().kind + " JWT";
                      } else {
                        subject = entry.subject;
                      }
                    }
                    if (why.empty()) {
                      std::string expanded;  // only subjects with functions are rewritten
                      if ((list.kind == Kind::kTemplate || list.kind == Kind::kMapping) &&
                          subject.find("{{") != std::string_view::npos) {
                        expanded = WithoutFunctions(subject);
                        subject = expanded;
                      }
                      subjects::Validity v = subjects::Check(subject);
                      if (v.severity == subjects::Severity::kOk) continue;
                      why = v.why;
                      if (permission) {
                        consequence = v.severity == subjects::Severity::kError
                                          ? "the server keeps it but no subject ever matches it"
                                          : "the server matches it literally";
                      } else if (list.kind == Kind::kImport) {
                        consequence = "the server drops the import: it is dead";
                      } else if (list.kind == Kind::kExport) {
                        consequence = "the server rejects the account JWT (or drops the export)";
                      } else {
                        consequence = "the server rejects the mapping";
                      }
                      if (!permission && v.severity == subjects::Severity::kWarning) level = Level::kWarning;
                    }
                    const std::string label = list.label();
                    Finding f = FindingAt(m, list.owner->artifact, list.owner->line, list.entity());
                    f.message = Describe(list.entity()) + ": " + label +
                                (list.entries.size() > 1 || permission ? " entry '" : " '") + std::string(raw) + "' " + why + ": " +
                                consequence + ".";
                    f.qualifier = label + ":" + std::to_string(i);
                    ctx.Report(level, std::move(f));
                  }
                });
              }};
}

}  // namespace nsclint::rules
