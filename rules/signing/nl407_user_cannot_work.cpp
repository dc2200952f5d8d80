#include <optional>
#include <string>
#include <vector>

#include "rules/rules.h"
#include "rules/support/model_queries.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {
namespace {

constexpr std::string_view kConnectionTypeNames[] = {"STANDARD", "WEBSOCKET", "LEAFNODE",  "LEAFNODE_WS",
                                                     "MQTT",     "MQTT_WS",   "IN_PROCESS"};

// Where the user's limits come from: its own JWT, or the template of the
// scoped key that issued it.
struct Source {
  const WorkLimits* limits;
  bool bearer;
  const SigningKey* scoped;  // nullptr: the user's own JWT
};

std::string LimitWhy(const Source& s, std::string_view field, LimitState state) {
  if (s.scoped != nullptr) {
    return "scoped key " + ShortKey(s.scoped->key) + (s.scoped->role.empty() ? "" : " ('" + s.scoped->role + "')") +
           " sets " + std::string(field) + " 0 in its template";
  }
  if (state == LimitState::kZero) return "its JWT sets " + std::string(field) + " 0";
  return "its JWT sets no " + std::string(field) + ", which a v2 user reads as 0";
}

// Remediation text with the nsc command that re-issues the user (or the
// scoped key's template) with `flags`, where no fix command is given.
std::string ReissueText(const Account& a, const User& u, const Source& s, std::string_view flags) {
  if (s.scoped != nullptr) {
    return "Re-issue it: nsc edit signing-key --account " + ShellQuote(NscName(a)) + " --sk " + s.scoped->key + " " +
           std::string(flags) + ".";
  }
  return "Re-issue it: nsc edit user --account " + ShellQuote(NscName(a)) + " --name " + ShellQuote(NscName(u)) +
         " -K " + u.iss + " " + std::string(flags) + ".";
}

std::string ConnectionTypeList(uint8_t types) {
  std::string listed;
  for (size_t i = 0; i < std::size(kConnectionTypeNames); ++i) {
    if ((types >> i & 1u) != 0) listed += (listed.empty() ? "" : ", ") + std::string(kConnectionTypeNames[i]);
  }
  return listed;
}

// ---- scoped templates: what processUserPermissionsTemplate (auth.go) makes of
// a template entry for one user.

// The operations of one entry. From 2.11.0 every `{{...}}` anywhere
// (regexp `{{2}([^}]+)}{2}`), spaces trimmed; before, only whole tokens
// `{{...}}`, lower-cased, untrimmed.
std::vector<std::string> TemplateOps(std::string_view entry, bool since_2_11) {
  std::vector<std::string> ops;
  if (since_2_11) {
    size_t at = 0;
    while ((at = entry.find("{{", at)) != std::string_view::npos) {
      size_t start = at + 2;
      while (start < entry.size() && entry[start] == '{') ++start;  // `{{{x}}` matches from the last two braces
      const size_t end = entry.find('}', start);
      if (end == std::string_view::npos || end == start || entry.substr(end, 2) != "}}") {
        at = start;
        continue;
      }
      ops.emplace_back(TrimView(entry.substr(start, end - start)));
      at = end + 2;
    }
    return ops;
  }
  size_t from = 0;
  while (from <= entry.size()) {
    size_t dot = entry.find('.', from);
    if (dot == std::string_view::npos) dot = entry.size();
    std::string_view tk = entry.substr(from, dot - from);
    if (StartsWith(tk, "{{") && EndsWith(tk, "}}") && tk.size() >= 4)
      ops.push_back(AsciiLower(tk.substr(2, tk.size() - 4)));
    from = dot + 1;
  }
  return ops;
}

struct OpProblem {
  std::string op;
  bool unknown = false;  // not a function the server knows
  std::string tag;       // the tag the user (or account) lacks
  bool account_tag = false;
};

// The problem of one operation for this user, if any.
std::optional<OpProblem> OpProblemFor(const std::string& op, const User& u, const Account& a) {
  const std::string lower = AsciiLower(op);
  if (lower == "name()" || lower == "subject()" || lower == "account-name()" || lower == "account-subject()") {
    return std::nullopt;
  }
  for (const bool account : {false, true}) {
    const std::string_view fn = account ? "account-tag(" : "tag(";
    if (!StartsWith(lower, fn) || !EndsWith(lower, ")")) continue;
    const std::string name = lower.substr(fn.size(), lower.size() - fn.size() - 1);
    const std::string prefix = name + ":";
    for (const auto& t : account ? a.tags : u.tags) {
      if (StartsWith(t, prefix)) return std::nullopt;
    }
    return OpProblem{op, false, name, account};
  }
  return OpProblem{op, true, "", false};
}

// The first problem of an entry for this user, if any.
std::optional<OpProblem> EntryProblem(std::string_view entry, bool since_2_11, const User& u, const Account& a) {
  for (const std::string& op : TemplateOps(entry, since_2_11)) {
    if (auto p = OpProblemFor(op, u, a)) return p;
  }
  return std::nullopt;
}

// What one semantics (2.11+ or older) does with the template for this user.
struct TemplateVerdict {
  std::string refused;               // why the user is refused; empty if not
  std::string emptied;               // "pub" when the pub allow list expands to nothing (then "sub")
  std::string emptied_why;           // the first dropped entry's reason
  std::vector<std::string> dropped;  // "pub allow entry 'x' (tag 'team' missing)"
  std::string entry;                 // the first entry with a problem, for the remediation
  bool unknown = false;              // its problem is an unknown function
};

std::string ProblemText(const OpProblem& p) {
  if (p.unknown) return "'{{" + p.op + "}}' is not a template function the server knows";
  return std::string(p.account_tag ? "the account" : "the user") + " has no '" + p.tag + ":' tag for '{{" + p.op +
         "}}'";
}

TemplateVerdict JudgeTemplate(const Permissions& perms, bool since_2_11, const User& u, const Account& a) {
  TemplateVerdict v;
  const struct {
    const char* name;
    const Permission* p;
  } lists[] = {{"pub", &perms.pub}, {"sub", &perms.sub}};
  for (const auto& l : lists) {
    size_t kept = 0;
    for (std::string_view entry : l.p->allow) {
      auto problem = EntryProblem(entry, since_2_11, u, a);
      if (!problem) {
        ++kept;
        continue;
      }
      if (v.entry.empty()) v.entry = entry, v.unknown = problem->unknown;
      if (problem->unknown && since_2_11) {
        if (v.refused.empty())
          v.refused = l.name + std::string(" allow entry '") + std::string(entry) + "': " + ProblemText(*problem);
        continue;
      }
      const std::string why =
          l.name + std::string(" allow entry '") + std::string(entry) + "' (" + ProblemText(*problem) + ")";
      if (v.emptied_why.empty()) v.emptied_why = why;
      v.dropped.push_back(why);
    }
    if (!l.p->allow.empty() && kept == 0 && v.emptied.empty()) v.emptied = l.name;
    for (std::string_view entry : l.p->deny) {
      auto problem = EntryProblem(entry, since_2_11, u, a);
      if (problem && v.entry.empty()) v.entry = entry, v.unknown = problem->unknown;
      if (problem && v.refused.empty()) {
        v.refused = l.name + std::string(" deny entry '") + std::string(entry) + "': " + ProblemText(*problem);
      }
    }
  }
  return v;
}

}  // namespace

namespace {

void CheckUserCannotWork(const Model& m, RuleContext& ctx) {
  const ServerTarget& server = ctx.server();
  for (const auto& u : m.users) {
    if (u.account < 0 || IsCredsCopy(m, u)) continue;
    const Account& a = m.accounts[u.account];
    const SigningKey* sk = a.FindSigningKey(u.iss);
    Source s{&u.limits, u.bearer_token, nullptr};
    if (sk != nullptr && sk->scoped) {
      if (u.non_zero_scoped_fields != 0) continue;  // refused at CONNECT: NL403
      s = Source{&sk->template_limits, sk->template_bearer_token, sk};
    }
    const Entity e = EntityOf(m, u);
    // `edit`: the flags of `nsc edit user` that fix the user's own JWT (a
    // fix command, proven with nsc by tests/fix_test.cpp); a scoped user's
    // template is changed by hand (remediation text).
    auto report = [&](Level level, std::string qualifier, const std::string& why, std::string remediation,
                      const std::vector<std::string>& edit = {}) {
      Finding f = FindingAt(m, u.artifact, u.line, e);
      f.message = Describe(e) + ": " + why;
      f.qualifier = std::move(qualifier);
      if (!edit.empty() && s.scoped == nullptr) {
        const std::string then = "Then hand the user new creds (nsc generate creds).";
        if (NscEditFix(m, u, e, edit, &f.fix)) {
          f.fix.remediation = then;
        } else {
          f.fix.remediation += " " + remediation + " " + then;  // why no command, then the command to run
        }
      } else {
        f.fix.remediation = std::move(remediation);
      }
      ctx.Report(level, std::move(f));
    };

    // A scoped user's missing value is -1; a v1 user's too.
    const bool absent_is_zero = s.scoped == nullptr && !u.v1;
    const struct {
      const char* field;
      LimitState state;
      const char* consequence;
    } limits[] = {
        {"subs", s.limits->subs,
         "the server disconnects the user right after CONNECT ('maximum subscriptions exceeded')"},
        {"payload", s.limits->payload,
         "no message can be published (max_payload is 0; the server closes a connection that publishes "
         "with 'Maximum Payload Violation')"},
    };
    for (const auto& l : limits) {
      if (l.state == LimitState::kSet || (l.state == LimitState::kAbsent && !absent_is_zero)) continue;
      report(Level::kError, l.field, LimitWhy(s, l.field, l.state) + ": " + l.consequence + ".",
             ReissueText(a, u, s, "--" + std::string(l.field) + " -1"), {"--" + std::string(l.field), "-1"});
    }

    if (s.limits->connection_types_set) {
      // The versions that look at these types at all.
      const bool scoped_types = s.scoped != nullptr;
      constexpr auto kScopedTypes = ServerBehavior::kScopedConnectionTypes;
      constexpr auto kInProcess = ServerBehavior::kInProcessConnectionType;
      if (!scoped_types || server.AnyHas(kScopedTypes)) {
        const uint8_t listed_known = s.limits->connection_types;
        // What every judged version knows: IN_PROCESS only from 2.11.0.
        const bool in_process_unknown = server.AnyLacks(kInProcess);
        const uint8_t known = in_process_unknown ? static_cast<uint8_t>(listed_known & ~kConnInProcess) : listed_known;
        const std::string whose =
            scoped_types ? "scoped key " + ShortKey(s.scoped->key) + "'s template allows" : "its JWT allows";
        const std::string scope_note = scoped_types && server.AnyLacks(kScopedTypes)
                                           ? " (nats-server before 2.10.19, here " + server.Lacking(kScopedTypes) +
                                                 ", ignores a template's connection types)"
                                           : "";
        if (known == 0) {
          const std::string versions = listed_known == 0 ? server.Text() : server.Lacking(kInProcess);
          report(
              Level::kError, "connection-types",
              whose + " only connection types that " +
                  (listed_known == 0 ? "no nats-server knows"
                                     : "nats-server " + versions + " does not know (IN_PROCESS is known from 2.11.0)") +
                  ": nats-server " + versions + " refuses the user" + scope_note + ".",
              "List known connection types (STANDARD, WEBSOCKET, LEAFNODE, LEAFNODE_WS, MQTT, "
              "MQTT_WS, IN_PROCESS from 2.11) and re-issue the user; nsc cannot remove an unknown "
              "value.");
        } else if (s.limits->unknown_connection_type || known != listed_known) {
          report(Level::kWarning, "connection-types",
                 whose + " connection types that " +
                     (s.limits->unknown_connection_type
                          ? "no nats-server knows"
                          : "nats-server " + server.Lacking(kInProcess) + " does not know (IN_PROCESS, from 2.11.0)") +
                     ": the server ignores them and admits only " + ConnectionTypeList(known) + " connections" +
                     scope_note + ".",
                 "");
        }
      }
    }

    if (s.bearer && a.limits.disallow_bearer.value_or(false)) {
      report(Level::kError, "bearer",
             std::string(s.scoped != nullptr ? "scoped key " + ShortKey(s.scoped->key) + " issues bearer users"
                                             : "it is a bearer user") +
                 " but account '" + NscName(a) +
                 "' sets disallow_bearer: the server refuses the user ('Account does not allow bearer "
                 "token').",
             s.scoped != nullptr ? "Issue users of that key without bearer_token, or lift "
                                   "disallow_bearer if bearer users are intended."
                                 : ReissueText(a, u, s, "--bearer=false"),
             {"--bearer=false"});
    }

    if (s.scoped != nullptr) {
      // Both semantics where the target spans 2.11.0; the worst verdict is reported.
      constexpr auto kNewTemplates = ServerBehavior::kTemplateUnknownFunctionRefuses;
      struct Judged {
        bool since_2_11;
        std::string versions;
        TemplateVerdict v;
      };
      std::vector<Judged> judged;
      if (server.AnyHas(kNewTemplates)) {
        judged.push_back(
            {true, server.Having(kNewTemplates), JudgeTemplate(s.scoped->template_permissions, true, u, a)});
      }
      if (server.AnyLacks(kNewTemplates)) {
        judged.push_back(
            {false, server.Lacking(kNewTemplates), JudgeTemplate(s.scoped->template_permissions, false, u, a)});
      }
      const std::string whose = "scoped key " + ShortKey(s.scoped->key) + "'s template";
      const TemplateVerdict* first = nullptr;
      for (const auto& j : judged) {
        if (first == nullptr && !j.v.entry.empty()) first = &j.v;
      }
      if (first != nullptr) {
        const std::string rm = "nsc edit signing-key --account " + ShellQuote(NscName(a)) + " --sk " + s.scoped->key +
                               " --rm " + ShellQuote(first->entry);
        const std::string tag_fix =
            first->unknown
                ? "Correct or remove the entry (" + rm +
                      "); the template functions are name(), subject(), account-name(), account-subject(), tag(x) and "
                      "account-tag(x)."
                : "Give the user (or account) the tag the entry needs (nsc edit user --account " +
                      ShellQuote(NscName(a)) + " --name " + ShellQuote(NscName(u)) +
                      " --tag NAME:VALUE), or remove the entry (" + rm + ").";
        std::string refused_at, refused_why, emptied_at, emptied_list, emptied_why, dropped_at;
        std::vector<std::string> dropped;
        for (const auto& j : judged) {
          if (!j.v.refused.empty()) {
            refused_at += (refused_at.empty() ? "" : ",") + j.versions;
            if (refused_why.empty()) refused_why = j.v.refused;
          } else if (!j.v.emptied.empty()) {
            emptied_at += (emptied_at.empty() ? "" : ",") + j.versions;
            emptied_list = j.v.emptied;
            emptied_why = j.v.emptied_why;
          } else if (!j.v.dropped.empty()) {
            dropped_at += (dropped_at.empty() ? "" : ",") + j.versions;
            if (dropped.empty()) dropped = j.v.dropped;
          }
        }
        if (!refused_at.empty()) {
          std::string others;
          if (!emptied_at.empty()) others += "; nats-server " + emptied_at + " drops the entry";
          if (!dropped_at.empty()) others += "; nats-server " + dropped_at + " drops the entry";
          if (refused_at != server.Text() && others.empty())
            others = "; nats-server " + [&] {
              std::string ok;
              for (const auto& j : judged) {
                if (j.v.refused.empty()) ok += (ok.empty() ? "" : ",") + j.versions;
              }
              return ok;
            }() + " admits the user";
          report(Level::kError, "template",
                 whose + " " + refused_why + ": nats-server " + refused_at +
                     " refuses the user (template expansion fails)" + others + ".",
                 tag_fix);
        } else if (!emptied_at.empty()) {
          report(Level::kError, "template",
                 whose + " " + emptied_list + " allow list expands to nothing for this user (" + emptied_why +
                     "): nats-server " + emptied_at + " adds deny '>' to it, so " +
                     (emptied_list == "pub" ? "no message can be published" : "nothing can be subscribed") + ".",
                 tag_fix);
        } else if (!dropped_at.empty()) {
          std::string list;
          for (const auto& d : dropped) list += (list.empty() ? "" : "; ") + d;
          report(Level::kWarning, "template",
                 whose + " has entries that expand to nothing for this user and are dropped: " + list +
                     " (nats-server " + dropped_at + ").",
                 tag_fix);
        }
      }
    }

    constexpr auto kProxy = ServerBehavior::kProxyRequired;
    if (s.limits->proxy_required && server.AnyHas(kProxy)) {
      report(Level::kNote, "proxy-required",
             "proxy_required is set: nats-server " + server.Having(kProxy) +
                 " admits the user only through a trusted proxy (older servers ignore the field).",
             "");
    }
  }
}

}  // namespace

Rule MakeNL407() {
  return Rule{
      .info =
          {
              .id = "NL407",
              .name = "user-cannot-work",
              .family = "signing",
              .default_level = Level::kError,
              .levels = "error / warning / note",
              .short_description =
                  "A user the server admits cannot work: subs or payload 0, no usable connection type, "
                  "or bearer where the account forbids it.",
              .full_description =
                  "A user, or the scoped signing-key template that issues it, whose limits make it useless: subs 0 "
                  "(the "
                  "server disconnects it right after CONNECT), payload 0 (nothing can be published), allowed "
                  "connection "
                  "types of which the server knows none (refused), a bearer user in an account with disallow_bearer "
                  "(refused), a scoped template entry the server cannot expand for the user (a missing tag, an unknown "
                  "function). A v2 user not issued by a scoped key reads a missing subs or payload as 0.",
              .help_markdown = R"md(## What it finds
Users (v1 and v2, and the templates of scoped signing keys that issue users) that the server
admits, or looks at, but that cannot do their job:
- **`subs` 0** (error): the server accepts CONNECT, answers PONG, then sends
  `-ERR 'maximum subscriptions exceeded'` and closes the connection.
- **`payload` 0** (error): INFO advertises `max_payload: 0`; clients refuse any non-empty publish and
  the server closes a connection that sends one (`Maximum Payload Violation`).
- **`allowed_connection_types`** with no value the server knows (error: refused), or with some
  unknown values (warning: they are ignored). `IN_PROCESS` is known from nats-server 2.11; a scoped
  template's types are enforced from 2.10.19.
- a **bearer** user (own `bearer_token` or the template's) in an account whose `limits` set
  `disallow_bearer` (error: "Account does not allow bearer token").
- **`proxy_required`** (note): from nats-server 2.11.10/2.12.0 the user is admitted only through a
  trusted proxy.
- a scoped key's **template** entry the server cannot expand for this user (`processUserPermissionsTemplate`):
  a `{{tag(x)}}`/`{{account-tag(x)}}` whose tag (`x:value`) the user or account lacks, or a function
  the server does not know (only `name()`, `subject()`, `account-name()`, `account-subject()`,
  `tag(x)`, `account-tag(x)` exist). In a **deny** list the user is refused (error). In an **allow**
  list the entry is dropped (warning); if the list ends up empty the server adds deny `>` and the user
  can publish (or subscribe to) nothing (error). From nats-server 2.11.0 an unknown function anywhere
  refuses every user of the key (error).

A v2 user **not** issued by a scoped key reads a missing `subs`/`payload` as 0 (the library omits
zero values); a v1 user reads them as -1 (unlimited); a scoped user takes its template's, where a
missing value is -1. Users that NL403 already reports (a scoped user with limits of its own, refused
at CONNECT) are left to NL403.

## Why it matters
Each of these users passes every signature and trust check, so nothing warns before clients fail in
production, often with a reconnect loop.

## Server versions
| behaviour | nats-server |
|---|---|
| `IN_PROCESS` connection type known | 2.11.0+ (before, a list holding only it has no known value: refused) |
| a scoped template's `allowed_connection_types` enforced | 2.10.19+ (before, ignored) |
| `proxy_required` known | 2.11.10+, 2.12.0+ |
| an unknown template function refuses the user (before: an allow entry is dropped, a deny entry refuses) | 2.11.0+ |
| a template inside a longer token (`app.x{{name()}}`) and spaces (`{{ name() }}`) expanded | 2.11.0+ (before: kept as literal text / unknown) |

Proven on every server of the test matrix (`tests/server_test.cpp`, `ServerUsers`).

## Example
```
store/ACME/accounts/APP/users/svc.jwt: error NL407 user-cannot-work: user 'svc' (UC3Q…): its JWT sets no
subs, which a v2 user reads as 0: the server disconnects it right after CONNECT ('maximum subscriptions
exceeded').
```

## How to fix
`nsc edit user --account A --name U -K ISSUER --subs -1 --payload -1` (only the fields that are 0);
for a scoped user, the template: `nsc edit signing-key --account A --sk KEY --subs -1 --payload -1`.
Connection types: list known ones (`STANDARD`, `WEBSOCKET`, `LEAFNODE`, `LEAFNODE_WS`, `MQTT`,
`MQTT_WS`, `IN_PROCESS`); nsc cannot remove an unknown value, so re-issue the user. Bearer: issue a
non-bearer user (`nsc edit user ... --bearer=false`) or lift `disallow_bearer` if intended.
Templates: give the user the tag (`nsc edit user --account A --name U --tag team:blue`) or remove
the entry (`nsc edit signing-key --account A --sk KEY --rm 'ENTRY'`).
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "signing-keys", "reliability"},
              .fix_commands = true,
          },
      .check = CheckUserCannotWork,
  };
}

}  // namespace nsclint::rules
