#include "lint/base/subjects.h"
#include "rules/rules.h"
#include "rules/support/subject_lists.h"

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

// What is wrong with one subject, in the order the checks report it.
enum class Defect {
  kNone,
  kEmpty,           // jwt: "subject cannot be empty" (every version)
  kSpace,           // jwt: "cannot have spaces" (every version)
  kControl,         // tab, CR, LF, FF: jwt lets it through, the server's sublist drops it
  kEmptyToken,      // jwt >= 2.5.4 (nats-server 2.10.12): "cannot start or end with a `.`" / "consecutive `.`"
  kGtNotLast,       // jwt lets it through, the server's sublist drops it
  kWildcardInToken  // `foo*`: a literal character
};

struct Diagnosis {
  Defect defect = Defect::kNone;
  std::string why;
};

Diagnosis Diagnose(std::string_view subject) {
  if (subject.empty()) return {Defect::kEmpty, "is empty"};
  if (subject.find(' ') != std::string_view::npos) return {Defect::kSpace, "contains a space"};
  if (subject.find_first_of("\t\r\n\f") != std::string_view::npos) {
    return {Defect::kControl, "contains a control character (tab, CR, LF)"};
  }
  subjects::Validity v = subjects::Check(subject);
  if (v.severity == subjects::Severity::kOk) return {};
  if (v.why.rfind("has an empty token", 0) == 0) return {Defect::kEmptyToken, v.why};
  if (v.severity == subjects::Severity::kError) return {Defect::kGtNotLast, "has '>' before its last token"};
  std::string why = "has " + v.why;  // "has '*' inside the token 'foo*', which is a literal character, ..."
  if (size_t at = why.find(" is a literal"); at != std::string::npos) why.replace(at, 1, ", which");
  return {Defect::kWildcardInToken, why};
}

// `foo*` -> `foo.*`, `*foo` -> `*.foo`: the whole-token wildcard the author
// most likely meant.
std::string Suggestion(std::string_view subject) {
  std::string out;
  size_t start = 0;
  while (start <= subject.size()) {
    size_t dot = subject.find('.', start);
    std::string_view tok = subject.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!out.empty()) out += '.';
    if (tok.size() >= 2 && (tok.back() == '*' || tok.back() == '>')) {
      out += std::string(tok.substr(0, tok.size() - 1)) + "." + tok.back();
    } else if (tok.size() >= 2 && tok.front() == '*') {
      out += "*." + std::string(tok.substr(1));
    } else {
      out += tok;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

}  // namespace

namespace {

void CheckInvalidSubject(const Model& m, RuleContext& ctx) {
  using Kind = SubjectList::Kind;
  const ServerTarget& server = ctx.server();
  constexpr auto kStrict = ServerBehavior::kStrictSubjects;
  ForEachSubjectList(m, [&](const SubjectList& list) {
    const bool user = list.kind == Kind::kUserPermission;
    const bool template_list = list.kind == Kind::kTemplate;
    const bool permission = user || template_list || list.kind == Kind::kDefaultPermission;
    const bool deny = permission && list.field.ends_with(".deny");
    for (size_t i = 0; i < list.entries.size(); ++i) {
      const std::string_view raw = list.entries[i];
      // Templates and mappings hold {{fn()}} tokens the server expands:
      // judged with a placeholder token in their place.
      const bool functions = template_list || list.kind == Kind::kMapping;
      auto diagnose_expanded = [functions](std::string_view subject) {
        if (!functions || subject.find("{{") == std::string_view::npos) return Diagnose(subject);
        return Diagnose(WithoutFunctions(subject));
      };
      Diagnosis d;
      if (permission) {
        subjects::Entry entry = list.sub_list ? subjects::ParseSubEntry(raw) : subjects::ParsePubEntry(raw);
        if (!entry.ok) {
          d = {Defect::kSpace, entry.why};
        } else {
          d = diagnose_expanded(entry.subject);
          // jwt validates the queue group as a subject too.
          if (d.defect == Defect::kNone && !entry.queue.empty()) {
            d = Diagnose(entry.queue);
            if (d.defect != Defect::kNone) d.why = "has a queue group '" + std::string(entry.queue) + "' that " + d.why;
          }
        }
      } else {
        d = diagnose_expanded(raw);
      }
      if (d.defect == Defect::kNone) continue;

      const std::string owner = "'" + NscName(*list.owner) + "'";
      const std::string reject_account = "the whole account JWT is rejected: every user of " + owner + " is refused";
      std::string drops;  // what the server does when it drops the entry
      if (template_list) {
        drops = deny ? "drops the entry when it expands the template (templates are not validated): "
                       "the deny fails open, nothing is denied by it"
                     : "drops the entry when it expands the template (templates are not validated): "
                       "it allows nothing";
      } else if (permission) {
        drops = deny ? "drops the entry: the deny fails open, nothing is denied by it"
                     : "drops the entry: it allows nothing";
      } else if (list.kind == Kind::kImport) {
        drops = "drops the import: it is dead";
      } else if (list.kind == Kind::kExport) {
        drops = "drops the export: its importers get nothing";
      } else {
        drops = "drops the mapping";
      }
      const std::string dropped = "the server " + drops;
      const Level drop_level = permission && !deny ? Level::kWarning : Level::kError;

      Level level = Level::kError;
      std::string consequence;
      switch (d.defect) {
        case Defect::kEmpty:
        case Defect::kSpace:
          if (template_list) {
            level = drop_level;
            consequence = dropped;
          } else {
            consequence = user ? "jwt validation fails and the server refuses the user"
                               : "jwt validation fails: " + reject_account;
          }
          break;
        case Defect::kEmptyToken: {
          if (template_list) {
            level = drop_level;
            consequence = dropped;
            break;
          }
          // Before jwt 2.5.4 the entry loads: a permission never matches,
          // an import, export or mapping is dropped.
          const std::string old_effect = permission
                                             ? (deny ? "loads the entry, but it never matches: the deny fails open"
                                                     : "loads the entry, but no subject ever matches it")
                                             : drops;
          const std::string new_effect =
              user ? "refuses the user" : "rejects the whole account JWT: every user of " + owner + " is refused";
          const BehaviorSplit split = server.Split(kStrict);
          if (!split.without) {
            consequence = "nats-server " + server.Text() + " " + new_effect +
                          " (jwt 2.5.4, in nats-server 2.10.12 and later, rejects empty tokens)";
          } else if (!split.with) {
            level = permission && !deny ? Level::kWarning : Level::kError;
            consequence =
                "nats-server " + server.Text() + " " + old_effect + " (from 2.10.12 the server " + new_effect + ")";
          } else {
            consequence = "nats-server " + server.Having(kStrict) + " " + new_effect + "; nats-server " +
                          server.Lacking(kStrict) + " " + old_effect;
          }
          break;
        }
        case Defect::kControl:
        case Defect::kGtNotLast:
          level = drop_level;
          consequence = dropped;
          break;
        case Defect::kWildcardInToken:
          level = Level::kNote;
          consequence = "did you mean '" + Suggestion(raw) + "'?";
          break;
        case Defect::kNone:
          break;
      }
      const std::string label = list.label();
      Finding f = FindingAt(m, list.owner->artifact, list.owner->line, list.entity());
      f.message = Describe(list.entity()) + ": " + label + (list.entries.size() > 1 || permission ? " entry '" : " '") +
                  std::string(raw) + "' " + d.why + ": " + consequence + (consequence.ends_with('?') ? "" : ".");
      f.qualifier = label + ":" + std::to_string(i);
      ctx.Report(level, std::move(f));
    }
  });
}

}  // namespace

Rule MakeNL204() {
  return Rule{
      .info =
          {
              .id = "NL204",
              .name = "invalid-subject",
              .family = "hygiene",
              .default_level = Level::kError,
              .levels = "error / warning / note",
              .short_description = "A subject in a permission list, export, import, mapping or template is not valid.",
              .full_description = "A subject is empty, has a space or a control character, an empty token (a..b, a "
                                  "leading or trailing '.'), "
                                  "'>' not last, or a wildcard inside a token. The level follows what the target "
                                  "nats-server does with it: "
                                  "rejects the account or refuses the user (error), drops an import, export or mapping "
                                  "(error), drops or never "
                                  "matches a deny entry (error: it fails open) or an allow entry (warning); a wildcard "
                                  "inside a token is a "
                                  "literal (note).",
              .help_markdown = R"md(## What it finds
Subjects that are not valid NATS subjects or patterns, everywhere a subject lives: user `pub`/`sub`
permissions, account `default_permissions`, scoped key templates, exports, imports (`subject`,
`local_subject`, `to`) and mappings (source and destinations). A `sub` entry may hold one space,
which separates the queue group (`jobs.high workers`); a `pub` entry may not.

## Why it matters
| defect | import, export, mapping, `default_permissions` | user permission | scoped template |
|---|---|---|---|
| empty, a space (a queue in `pub`, two spaces in `sub`) | the account is rejected: every user refused (error) | the user is refused (error) | entry dropped (allow: warning, deny: error) |
| empty token `a..b`, `.a`, `a.` — nats-server **2.10.12+** (jwt 2.5.4) | the account is rejected (error) | the user is refused (error) | entry dropped |
| the same on nats-server **before 2.10.12** | import, export or mapping dropped: dead (error); a `default_permissions` entry never matches | never matches (allow: warning; deny: error, it fails open) | entry dropped |
| `>` not last, tab, CR, LF (every version) | dropped: dead (error) | dropped (allow: warning; deny: error, it fails open) | entry dropped |
| `*`/`>` inside a longer token (`foo*`) | a literal character (note: did you mean `foo.*`?) | | |

Scoped-key templates are never validated by the JWT library: the server drops a bad entry
when it expands the template. A dropped deny entry denies nothing: the user may do what the
author meant to forbid.

## Server versions
The empty-token row changed in nats-server 2.10.12 (jwt 2.5.4 validates empty tokens). With
`--server-version` naming versions on both sides, the more severe verdict applies and the message
names the versions. Proven on every server of the test matrix (`tests/server_test.cpp`,
`ServerSubjects`): a user with an empty-token permission connects on 2.9.10 and 2.10.11 and is
refused from 2.10.29; an account whose `default_permissions` hold one is rejected from 2.10.29.

## Example
```
conf/account_SYS.jwt: warning NL204 invalid-subject: account 'SYS' (AAYR…): scoped key ACOK… ('issuer')
template pub.allow entry '$SYS.REQ.CLAIMS.*.' has an empty token (trailing '.'): templates are not
validated: the server drops the entry when it expands the template, so it allows nothing.
```

## How to fix
Correct the subject (`$SYS.REQ.CLAIMS.*`), e.g. `nsc edit user --account A --name U --rm 'bad.'
--allow-pub 'good'`, `nsc edit signing-key --account A --sk KEY --rm ... --allow-pub ...`, or delete
and re-add the export/import with a valid subject.
)md",
              .tags = {"nats", "permissions", "subjects"},
              .reads_every_user = true,
          },
      .check = CheckInvalidSubject,
  };
}

}  // namespace nsclint::rules
