#include "rules/modern/feature_support.h"
#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

namespace {

void CheckJetstreamLimitsInvalid(const Model& m, RuleContext& ctx) {
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile || a.v1) continue;
    const FeatureClaims& fc = a.features;
    if (fc.tiers.count("") != 0) {
      const Entity e = EntityOf(m, a);
      Finding f = FindingAt(m, a.artifact, a.line, e);
      f.message = Describe(e) +
                  " has a JetStream tier with a blank name \"\" in limits.tiered_limits: every nats-server "
                  "rejects the whole account (\"Tiered JetStream Limits can not contain a blank \\\"\\\" "
                  "tier name\"), so every user of '" +
                  NscName(a) + "' is refused.";
      f.qualifier = "blank-tier";
      f.fix.remediation = "Rename the tier to R1 or R3 (nsc edit account -n " + ShellQuote(NscName(a)) +
                          " --js-tier 1 ...) and push the account.";
      ctx.Report(Level::kError, std::move(f));
    }
    if (!fc.tiers.empty() && fc.flat_jetstream.any) {
      const Entity e = EntityOf(m, a);
      Finding f = FindingAt(m, a.artifact, a.line, e);
      // Name one flat storage value and the tier that applies instead.
      const auto& [tier, tv] = *fc.tiers.begin();
      std::string what;
      if (fc.flat_jetstream.mem_storage != 0) {
        what = "mem_storage " + StorageText(fc.flat_jetstream.mem_storage) + " is ignored: tier " +
               (tier.empty() ? "\"\"" : tier) + " allows " + StorageText(tv.mem_storage) + " of memory storage";
      } else if (fc.flat_jetstream.disk_storage != 0) {
        what = "disk_storage " + StorageText(fc.flat_jetstream.disk_storage) + " is ignored: tier " +
               (tier.empty() ? "\"\"" : tier) + " allows " + StorageText(tv.disk_storage) + " of disk storage";
      } else {
        what = "the flat stream and consumer limits are ignored";
      }
      f.message = Describe(e) +
                  " sets flat JetStream limits next to tiered_limits: every nats-server discards the flat "
                  "limits, only the tiers apply (" +
                  what + ").";
      f.qualifier = "flat-and-tiers";
      f.fix.remediation =
          "Then push the account. The command removes the flat limits, which no server "
          "applies; to change a tier: nsc edit account -n " +
          ShellQuote(NscName(a)) + " --js-tier 1 --js-mem-storage ... --js-disk-storage ....";
      NscEditFix(m, a, e, {"--rm-js-tier", "0"}, &f.fix);
      ctx.Report(Level::kWarning, std::move(f));
    }
    if (a.limits.jetstream && LimitsRefuseConnections(a)) {
      const Entity e = EntityOf(m, a);
      Finding f = FindingAt(m, a.artifact, a.line, e);
      f.message = Describe(e) +
                  " enables JetStream, but its limits refuse every connection (NL406): no user of it can "
                  "ever use a stream.";
      f.qualifier = "refuses-connections";
      f.fix.remediation = "Fix the account's connection limits first (nsc edit account -n " + ShellQuote(NscName(a)) +
                          " --conns -1 --subscriptions -1), or disable JetStream on it (--js-disable).";
      ctx.Report(Level::kWarning, std::move(f));
    }
  }
}

}  // namespace

Rule MakeNL804() {
  return Rule{
      .info =
          {
              .id = "NL804",
              .name = "jetstream-limits-invalid",
              .family = "modern",
              .default_level = Level::kError,
              .levels = "error / warning",
              .short_description = "JetStream limits the server rejects or ignores: a blank tier name, flat limits "
                                   "next to tiers, JetStream "
                                   "on an account that refuses connections.",
              .full_description =
                  "A blank tier name \"\" in limits.tiered_limits makes every jwt version reject the account (error). "
                  "Flat "
                  "JetStream limits next to tiered_limits are discarded by every decoder, so only the tiers apply "
                  "(warning). JetStream limits on an account whose limits refuse every connection serve nobody "
                  "(warning).",
              .help_markdown = R"md(## What it finds
- **error**: `limits.tiered_limits` holds a tier whose name is blank (`""`). The library rejects
  the account ("Tiered JetStream Limits can not contain a blank \"\" tier name"): every user of it
  is refused.
- **warning**: flat JetStream limits (`mem_storage`, `disk_storage`, `streams`, `consumer`, ...)
  next to `tiered_limits`. Every decoder (jwt v2.3.0 to v2.8) drops the flat limits when tiers are
  present, so only the tiers apply: "mem_storage 1 GiB is ignored: tier R1 allows 1000 bytes".
  `$JS.API.INFO` shows flat 0 and the tier.
- **warning**: JetStream limits on an account whose `limits` refuse every connection (`conn` or
  `subs` missing, `subs` 0; NL406 reports those as errors): no user can ever use the streams.

JetStream is on for an account iff some tier (or, without tiers, the flat limits) has
`mem_storage` or `disk_storage` other than 0; NL408 uses the same rule.

## Server versions
The same on every version: the blank tier is rejected by jwt v2.3.0 (nats-server 2.9.10) as by
jwt v2.8, and every decoder discards the flat limits next to tiers. Proven on every server of
the test matrix (`tests/server_test.cpp`): `ServerFeatures` (the blank tier refuses the users) and
`ServerJetStreamLimits` (`$JS.API.INFO` shows the tier's limits, not the flat ones next to it).

## Why it matters
A rejected account refuses all its users; ignored flat limits mean a stream quota other than the
one the operator meant.

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL804 jetstream-limits-invalid: account 'APP' (AC4R…) sets
flat JetStream limits next to tiered_limits: every nats-server discards the flat limits, only the
tiers apply (mem_storage 1 GiB is ignored: tier R1 allows 1000 bytes of memory storage).
```

## How to fix
Flat limits next to tiers: `nsc edit account -n APP --rm-js-tier 0` removes the flat block (no
server applies it). Keep one form: for tiers, `nsc edit account -n APP --js-tier 1 --js-mem-storage 1G ...` per tier,
then remove the flat limits (an account edited by nsc with tiers writes no flat limits); rename a
blank tier to `R1`/`R3`. For an account that refuses connections, fix its limits first
(`nsc edit account -n APP --conns -1 --subscriptions -1`) or disable JetStream
(`nsc edit account -n APP --js-disable`). Then push the account.
)md",
              .security_severity = "5.0",
              .tags = {"security", "nats", "jwt", "jetstream", "limits"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckJetstreamLimitsInvalid,
  };
}

}  // namespace nsclint::rules
