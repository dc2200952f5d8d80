#include "rules/rules.h"
#include "rules/support/model_queries.h"

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
// scoped key's template) with `flags`: not a fix command, since no case with
// a keys dir proves it with nsc yet (tests/fix_test.cpp).
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
    auto report = [&](Level level, std::string qualifier, const std::string& why, std::string remediation) {
      Finding f = FindingAt(m, u.artifact, u.line, e);
      f.message = Describe(e) + ": " + why;
      f.fix.remediation = std::move(remediation);
      f.qualifier = std::move(qualifier);
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
             ReissueText(a, u, s, "--" + std::string(l.field) + " -1"));
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
                                 : ReissueText(a, u, s, "--bearer=false"));
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
                  "(refused). A v2 user not issued by a scoped key reads a missing subs or payload as 0.",
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
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "signing-keys", "reliability"},
          },
      .check = CheckUserCannotWork,
  };
}

}  // namespace nsclint::rules
