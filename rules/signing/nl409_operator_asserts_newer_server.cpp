#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {

namespace {

void CheckOperatorAssertsNewerServer(const Model& m, RuleContext& ctx) {
  const ServerTarget& server = ctx.server();
  for (const auto& o : m.operators) {
    if (o.origin != TokenOrigin::kFile || o.assert_server_version.empty()) continue;
    const Entity e = EntityOf(m, o);
    Finding f = FindingAt(m, o.artifact, o.line, e);
    const auto& asserted = o.asserted_server_version;
    if (!asserted) {
      f.message = Describe(e) + ": assert_server_version '" + o.assert_server_version + "' " +
                  o.asserted_server_version_error + ": every nats-server refuses to start with this operator.";
      f.qualifier = "malformed";
      ctx.Report(std::move(f));
      continue;
    }
    std::string refusing;
    for (const auto& r : server.ranges) {
      if (r.lo >= *asserted) continue;
      std::string text = r.text;
      if (r.hi >= *asserted) text += " before " + asserted->Text();  // a line crossing it
      refusing += (refusing.empty() ? "" : ", ") + text;
    }
    if (refusing.empty()) continue;
    f.message = Describe(e) + " asserts server version " + asserted->Text() + ": nats-server " + refusing +
                " refuses to start with this operator.";
    f.qualifier = asserted->Text();
    ctx.Report(std::move(f));
  }
}

}  // namespace

Rule MakeNL409() {
  return Rule{
      .info =
          {
              .id = "NL409",
              .name = "operator-asserts-newer-server",
              .family = "signing",
              .default_level = Level::kError,
              .short_description = "The operator's assert_server_version is malformed or newer than the target server: "
                                   "that server refuses to start.",
              .full_description =
                  "The operator JWT asserts a minimum server version (assert_server_version). A nats-server older than "
                  "it, "
                  "or any server when the value is not <major>.<minor>.<update>, refuses to start with this operator.",
              .help_markdown = R"md(## What it finds
An operator JWT whose `assert_server_version` is not `<major>.<minor>.<update>` (three
non-negative integers), or names a version newer than the nats-server versions judged
(`--server-version`, config `server-version`; a whole line such as `2.10` counts from its first
release).

## Why it matters
nats-server compares the asserted version with its own at start-up and exits ("operator …
expected minor version 12 > server minor version 10"): the whole server is down, not one
account. A malformed value stops every version.

## Server versions
The check is the same on every version; which servers refuse depends on the asserted version. The
message names the versions judged that refuse. Proven on every server of the test matrix
(`tests/server_test.cpp`, `ServerStartup`): an operator asserting 2.12.0 stops 2.9.10 to 2.11.14
and starts 2.15.3.

## Example
```
store/ACME/ACME.jwt: error NL409 operator-asserts-newer-server: operator 'ACME' (ODSK…) asserts server
version 2.12.0: nats-server 2.10.29 refuses to start with this operator.
```

## How to fix
Upgrade the servers to the asserted version, or issue the operator JWT again without the
assertion (or with a correct one) and deploy it to every server. nsc has no flag for
`assert_server_version` (checked on nsc 2.12.2), so there is no fix command: the tool that wrote
the field has to change it.
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "operator"},
              .precision = "very-high",
          },
      .check = CheckOperatorAssertsNewerServer,
  };
}

}  // namespace nsclint::rules
