#include <map>

#include "rules/rules.h"
#include "rules/support/nsc_fix.h"

namespace nsclint::rules {
namespace {

std::string Usage(const std::map<std::string, int>& issued, const std::string& identity, const std::string& what) {
  std::string out;
  for (const auto& [key, n] : issued) {
    if (n == 0) continue;
    out += (out.empty() ? "" : ", ") + std::string(key == identity ? "the identity key " : "signing key ") +
           ShortKey(key) + " issued " + std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  }
  return out;
}

}  // namespace

namespace {

void CheckStaleSigningKey(const Model& m, RuleContext& ctx) {
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile || a.signing_keys.empty() || !InCompleteStore(m, a)) continue;
    std::map<std::string, int> issued;
    issued[a.sub] = 0;
    for (const auto& sk : a.signing_keys) issued[sk.key] = 0;
    size_t users = 0;
    for (int ui : a.users) {
      const User& u = m.users[ui];
      if (IsCredsCopy(m, u)) continue;
      ++users;
      if (auto it = issued.find(u.iss); it != issued.end()) ++it->second;
    }
    for (const auto& act : m.activations) {
      if (issued.count(act.iss) != 0 && ExporterOf(m, act) >= 0 && m.accounts[ExporterOf(m, act)].sub == a.sub) {
        ++issued[act.iss];
      }
    }
    const std::string usage = Usage(issued, a.sub, "user");
    if (usage.empty()) continue;  // nothing issued anything: nothing to compare with
    Entity e = EntityOf(m, a);
    for (const auto& sk : a.signing_keys) {
      if (issued[sk.key] != 0) continue;
      Finding f = FindingAt(m, a.artifact, a.line, e);
      f.message = Describe(e) + ": " + (sk.scoped ? "scoped signing key " : "signing key ") + ShortKey(sk.key) +
                  (sk.role.empty() ? "" : " (role '" + sk.role + "')") + " issued none of its " +
                  std::to_string(users) + " users; " + usage + ".";
      f.qualifier = sk.key;
      f.fix.remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
      NscEditFix(m, a, e, {"--rm-sk", sk.key}, &f.fix);
      ctx.Report(std::move(f));
    }
  }
  for (const auto& o : m.operators) {
    if (o.signing_keys.empty() || !InCompleteStore(m, o)) continue;
    std::map<std::string, int> issued;
    issued[o.sub] = 0;
    for (const auto& sk : o.signing_keys) issued[sk] = 0;
    for (int ai : o.accounts) {
      if (issued.count(m.accounts[ai].iss) != 0) ++issued[m.accounts[ai].iss];
    }
    const std::string usage = Usage(issued, o.sub, "account");
    if (usage.empty()) continue;
    Entity e = EntityOf(m, o);
    for (const auto& sk : o.signing_keys) {
      if (issued[sk] != 0) continue;
      Finding f = FindingAt(m, o.artifact, o.line, e);
      f.message = Describe(e) + ": signing key " + ShortKey(sk) + " issued none of its " +
                  std::to_string(o.accounts.size()) + " accounts; " + usage + ".";
      f.qualifier = sk;
      f.fix.remediation = "Then deploy the new operator JWT to the servers.";
      NscEditFix(m, o, e, {"--rm-sk", sk}, &f.fix);
      ctx.Report(std::move(f));
    }
  }
}

}  // namespace

Rule MakeNL401() {
  return Rule{
      .info =
          {
              .id = "NL401",
              .name = "stale-signing-key",
              .family = "signing",
              .default_level = Level::kWarning,
              .short_description = "A signing key that issued nothing in the store while other keys are in use.",
              .full_description =
                  "In a complete store, an account signing key that issued none of the account's users (nor any "
                  "activation token), or an operator signing key that issued no account, while the account/operator "
                  "has other keys in use. Never reported for loose files.",
              .help_markdown = R"md(## What it finds
Signing keys left behind after a rotation: an account signing key (plain or scoped) that issued
none of the account's users and no activation token, or an operator signing key that issued no
account, while another key of the same account/operator did issue something. The message names
the key and how many users (accounts) each other key issued. Only whole operator folders are
judged: when single files are linted nothing is known to be unused.

## Why it matters
Every signing key is a secret that can mint credentials: an unused one is attack surface with no
purpose, its seed sits in a keys dir somewhere, and it grows the account JWT. Keys rotated "in"
but never rotated "out" are the usual cause.

## Example
```
store/ACME/accounts/APP/APP.jwt: warning NL401 stale-signing-key: account 'APP' (AC4R…): signing key
ADLPWB22… issued none of its 2 users; the identity key AC4RMSB2… issued 2 users.
  fix: (cd 'store/ACME' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc edit account -n APP -K OD4S… --rm-sk ADLPWB22ECVH3MO6ECSR2UDMVJV5KI6N7MAEQTZKWHLS3PKFMMS5YMD4)
```

## How to fix
Remove the key from the account (`nsc edit account --name A --rm-sk KEY`) or operator
(`nsc edit operator --rm-sk KEY`), push the account, and delete its seed from the keys dir. nsclint
never suggests removing a key that issued a user (or account) in the store. If the key signs users
outside the store (issued by another tool), keep it and ignore the finding.
)md",
              .security_severity = "5.5",
              .tags = {"security", "nats", "signing-keys"},
              .precision = "medium",
              .fix_commands = true,
          },
      .check = CheckStaleSigningKey,
  };
}

}  // namespace nsclint::rules
