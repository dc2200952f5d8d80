#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {
namespace {

struct Pruner {
  const Model& m;
  RuleContext& ctx;
  const Account& a;
  Entity e;
  int64_t lifetime;

  // Why the entry `key -> ts` of `revs` has no effect, or "".
  template <typename KnownExpiry>
  std::string Why(const std::map<std::string, int64_t>& revs, const std::string& key, int64_t ts,
                  KnownExpiry known) const {
    if (key != "*") {
      auto star = revs.find("*");
      if (star != revs.end() && star->second >= ts) {
        return "the '*' entry at " + FormatTime(star->second) + " already revokes every credential issued until then";
      }
    }
    if (lifetime > 0 && ts + lifetime <= ctx.now()) {
      return "it is older than the " + FormatDuration(lifetime) +
             " revocations.max-credential-lifetime: every credential it could revoke has expired";
    }
    if (key != "*" && InCompleteStore(m, a)) {
      int count = 0;
      bool all_expired = true;
      known(&count, &all_expired);
      if (count > 0 && all_expired) {
        return "every JWT of that key in the store (" + std::to_string(count) + ") has expired";
      }
    }
    return "";
  }

  void Report(const std::string& what, const std::string& qualifier, const FixCommand& fix) {
    Finding f = FindingAt(m, a.artifact, a.line, e);
    f.message = Describe(e) + ": " + what;
    f.qualifier = qualifier;
    // The revocations commands re-sign the account with an operator key.
    f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
    if (AccountDir(m, a).empty()) {
      f.fix.remediation = "Delete the entry with nsc revocations in the store the account belongs to.";
    } else if (!NameMatchesPlace(m, a)) {
      f.fix.remediation =
          "No nsc command: nsc reads the account by its folder name but writes it by its JWT name, "
          "which differ here (fix NL007 first).";
    } else if (NscContext(m, StoreOf(m, a), {a.iss}, &f.fix)) {
      f.fix.commands.push_back(fix);
    }
    ctx.Report(std::move(f));
  }
};

}  // namespace

namespace {

void CheckPrunableRevocation(const Model& m, RuleContext& ctx) {
  const int64_t lifetime = ctx.DurationOption("revocations.max-credential-lifetime");
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    Pruner p{m, ctx, a, EntityOf(m, a), lifetime};
    const std::string acct = AccountDir(m, a);
    for (const auto& [key, ts] : a.revocations) {
      // A named capture: clang 14 cannot capture a structured binding.
      std::string why = p.Why(a.revocations, key, ts, [&, &revoked = key](int* count, bool* all_expired) {
        m.ForEachUserWithSub(revoked, [&](int ui) {
          const User& u = m.users[ui];
          ++*count;
          *all_expired = *all_expired && u.exp != 0 && u.exp <= ctx.now();
        });
      });
      if (why.empty()) continue;
      std::string who = key == "*" ? "the '*' revocation" : "the revocation of " + ShortKey(key);
      p.Report(who + " at " + FormatTime(ts) + " has no effect: " + why + ".", "revocation:" + key,
               {"nsc", "revocations", "delete-user", "-a", acct, "-u", key});
    }
    for (const auto& ex : a.exports) {
      for (const auto& [key, ts] : ex.revocations) {
        std::string why;
        if (!ex.token_req || ex.account_token_position > 0) {
          why = ex.token_req ? "the export uses account_token_position, so the server never checks "
                               "its revocations"
                             : "the export is public, so the server never checks its revocations";
        } else {
          why = p.Why(ex.revocations, key, ts, [&, &revoked = key](int* count, bool* all_expired) {
            for (const auto& act : m.activations) {
              if (act.sub != revoked || act.subject != ex.subject) continue;
              int exporter = ExporterOf(m, act);
              if (exporter < 0 || m.accounts[exporter].sub != a.sub) continue;
              ++*count;
              *all_expired = *all_expired && act.exp != 0 && act.exp <= ctx.now();
            }
          });
        }
        if (why.empty()) continue;
        std::string who = key == "*" ? "the '*' revocation" : "the revocation of " + ShortKey(key);
        p.Report(who + " on export '" + ex.subject + "' at " + FormatTime(ts) + " has no effect: " + why + ".",
                 "export:" + ex.subject + ":" + key,
                 ex.type == "service"
                     ? FixCommand{"nsc", "revocations", "delete-activation", "-a", acct, "-s", ex.subject, "--service",
                                  "-t", key}
                     : FixCommand{"nsc", "revocations", "delete-activation", "-a", acct, "-s", ex.subject, "-t", key});
      }
    }
  }
}

}  // namespace

Rule MakeNL301() {
  return Rule{
      .info =
          {
              .id = "NL301",
              .name = "prunable-revocation",
              .family = "revocations",
              .default_level = Level::kWarning,
              .short_description = "A revocation entry has no effect any more and only grows the account JWT.",
              .full_description =
                  "An account or export revocation entry that no longer protects anything: covered by a '*' entry "
                  "whose "
                  "time is not earlier, every JWT for that key the scan knows has expired, it is older than "
                  "revocations.max-credential-lifetime, or it sits on an export the server never checks revocations "
                  "for.",
              .help_markdown = R"md(## What it finds
Revocation entries (account `revocations`: user key → time; export `revocations`: importer account
key → time) that have no effect any more, with the reason:
- **covered**: the same map has a `*` entry at the same time or later (nats-server revokes when
  `rev[key] >= iat` *or* `rev["*"] >= iat`, so the specific entry adds nothing; jwt's
  `MaybeCompact` drops it too);
- **expired**: in a complete store, every JWT of that key the scan knows (users, or activation tokens
  for export revocations) has expired, so nothing is left for the entry to revoke;
- **policy**: with `revocations.max-credential-lifetime` set (your policy caps credential lifetimes),
  the entry is older than that lifetime;
- **inert**: an export revocation on a public export, or on one with `account_token_position`:
  nats-server never checks those revocations.

## Why it matters
Revocations are never removed by nsc: they accumulate in the account JWT forever, and every server
and leaf node re-fetches and re-validates the whole JWT on each change (see NL201, NL302).

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL301 prunable-revocation: account 'APP' (AC4R…): the
revocation of UDO5TMYC… at 2026-01-01T00:00:00Z has no effect: the '*' entry at
2026-02-01T00:00:00Z already revokes every credential issued until then.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc revocations delete-user -a APP -u UDO5TMYC…)
```

## How to fix
Delete the entry: `nsc revocations delete-user --account A --user-public-key U…` (accounts) or
`nsc revocations delete-activation --account A --subject S --target-account A… [--service]`
(exports), then `nsc push --account A`. Be sure no unexpired credential older than the entry is
still in use elsewhere: deleting a revocation re-enables such credentials.
)md",
              .tags = {"nats", "jwt", "revocations", "size"},
              .options = {{.name = "revocations.max-credential-lifetime",
                           .kind = OptionKind::kDuration,
                           .default_value = "",
                           .doc = "the longest lifetime your credentials have by policy (e.g. `90d`); entries older "
                                  "than that are prunable, and unset disables that reason"}},
              .fix_commands = true,
          },
      .check = CheckPrunableRevocation,
  };
}

}  // namespace nsclint::rules
