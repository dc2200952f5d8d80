#include "lint/base/subjects.h"
#include "rules/modern/feature_support.h"
#include "rules/rules.h"
#include "rules/support/jwt_validate.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckInvalidTrace(const Model& m, RuleContext& ctx) {
  const ServerTarget& server = ctx.server();
  constexpr auto kTrace = ServerBehavior::kTraceValidated;
  constexpr auto kCluster = ServerBehavior::kClusterTrafficValidated;
  const bool trace_checked = server.AnyHas(kTrace);
  const bool cluster_checked = server.AnyHas(kCluster);
  if (!trace_checked && !cluster_checked) return;
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile || a.v1) continue;
    const FeatureClaims& fc = a.features;
    auto report = [&](ServerBehavior b, const std::string& what, const std::string& qualifier,
                      const std::string& remediation, const std::vector<std::string>& edit_flags = {}) {
      const Entity e = EntityOf(m, a);
      Finding f = FindingAt(m, a.artifact, a.line, e);
      f.message = Describe(e) + ": " + what + ": nats-server " + server.Having(b) + " (" + SinceText(b) +
                  " and later) rejects the whole account, every user of '" + NscName(a) + "' is refused.";
      f.qualifier = qualifier;
      f.fix.remediation = remediation + " Then push the account.";
      if (!edit_flags.empty()) NscEditFix(m, a, e, edit_flags, &f.fix);
      ctx.Report(Level::kError, std::move(f));
    };
    if (trace_checked && fc.trace) {
      const std::string sample_fix = "Set a valid trace subject and sampling: nsc edit account -n " +
                                     ShellQuote(NscName(a)) +
                                     " --trace-context-subject SUBJECT --trace-context-sampling 100.";
      const std::string disable_fix =
          "The command turns tracing off (an empty subject removes "
          "`trace`); to trace, set a valid subject: nsc edit account -n " +
          ShellQuote(NscName(a)) + " --trace-context-subject SUBJECT.";
      const std::vector<std::string> disable = {"--trace-context-subject", ""};
      const TraceConfig& t = *fc.trace;
      if (auto err = LibrarySubjectError(t.dest, true)) {
        report(kTrace,
               t.dest.empty() ? "trace dest is empty (\"" + *err + "\")"
                              : "trace dest '" + t.dest + "' is not valid (\"" + *err + "\")",
               "trace-dest", disable_fix, disable);
      } else if (subjects::HasWildcards(t.dest)) {
        report(kTrace, "trace dest '" + t.dest + "' holds a wildcard, it must be a publish subject", "trace-dest",
               disable_fix, disable);
      }
      if (t.sampling < 0 || t.sampling > 100) {
        report(kTrace, "trace sampling " + std::to_string(t.sampling) + " is outside 0-100", "trace-sampling",
               sample_fix);
      }
    }
    if (trace_checked) {
      for (const auto& ex : a.exports) {
        if (!ex.allow_trace || ex.type != "stream") continue;
        report(kTrace, "stream export '" + ex.subject + "' sets allow_trace (only service exports may)",
               "allow-trace:export:" + ex.subject,
               "Delete the export and add it again without allow_trace (nsc delete export, nsc add "
               "export).");
      }
      for (const auto& im : a.imports) {
        if (!im.allow_trace || im.type != "service") continue;
        report(kTrace, "service import '" + im.subject + "' sets allow_trace (only stream imports may)",
               "allow-trace:import:" + im.subject + ":" + im.account,
               "Delete the import and add it again without allow_trace (nsc delete import, nsc add "
               "import).");
      }
    }
    if (cluster_checked && fc.cluster_traffic && !fc.cluster_traffic->empty() && *fc.cluster_traffic != "system" &&
        *fc.cluster_traffic != "owner") {
      report(kCluster,
             "cluster_traffic '" + *fc.cluster_traffic +
                 "' is unknown (\"unknown cluster traffic option\"; valid: system, owner)",
             "cluster-traffic", "Set cluster_traffic to system or owner, or remove it.");
    }
  }
}

}  // namespace

Rule MakeNL803() {
  return Rule{
      .info =
          {
              .id = "NL803",
              .name = "invalid-trace",
              .family = "modern",
              .default_level = Level::kError,
              .short_description = "Message-tracing claims the library rejects: a bad trace dest or sampling, "
                                   "allow_trace in the wrong place, "
                                   "an unknown cluster_traffic: the account is rejected.",
              .full_description =
                  "An account trace with an empty, invalid or wildcard dest or a sampling outside 0-100 (an empty "
                  "\"trace\":{} included), allow_trace on a stream export or a service import (jwt 2.5.4, nats-server "
                  "2.10.12+), or a cluster_traffic other than \"\", system and owner (jwt 2.7, nats-server 2.10.24+): "
                  "the "
                  "library rejects the whole account, every user of it is refused, even on servers that do not use the "
                  "field yet.",
              .help_markdown = R"md(## What it finds
- account `trace` whose `dest` is empty (an empty `"trace":{}` included), not a valid subject, or
  holds a wildcard; or whose `sampling` is below 0 or above 100;
- `allow_trace` on a **stream** export or on a **service** import (it is meant for service exports
  and stream imports);
- `cluster_traffic` other than `""`, `system` or `owner`.

The library rejects the account: every user of it is refused, and its exports are gone for the
importers.

## Server versions
jwt validates `trace` and `allow_trace` from jwt 2.5.4 (nats-server **2.10.12**) and
`cluster_traffic` from jwt 2.7 (nats-server **2.10.24**), although the server uses them only from
2.11.0. Older servers ignore the fields: no finding when every judged version is older. The
message names the versions its verdict is for. Proven on every server of the test matrix
(`tests/server_test.cpp`, `ServerFeatures`: 2.9.10 and 2.10.11 admit the users, 2.10.29 and later
refuse them).

## Why it matters
Tracing is a debugging aid: adding it to a live account with a typo takes the whole account down
on current servers.

## Example
```
store/ACME/accounts/APP/APP.jwt: error NL803 invalid-trace: account 'APP' (AC4R…): trace dest is
empty ("subject cannot be empty"): nats-server 2.15.3 (2.10.12 and later) rejects the whole account,
every user of 'APP' is refused.
```

## How to fix
For a bad `dest` the fix command turns tracing off (`nsc edit account -n APP
--trace-context-subject ''`, which removes `trace`); to keep tracing, set a valid publish subject
instead. Set a valid publish subject and a sampling of 1-100:
`nsc edit account -n APP --trace-context-subject trace.app --trace-context-sampling 100`
(nsc 2.8.6+); remove `allow_trace` from the stream export / service import (delete and re-add it
with nsc); set `cluster_traffic` to `system` or `owner`. Then push the account.
)md",
              .security_severity = "6.5",
              .tags = {"security", "nats", "jwt", "tracing"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckInvalidTrace,
  };
}

}  // namespace nsclint::rules
