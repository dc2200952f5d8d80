#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "lint/base/nkeys.h"
#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {
namespace {

using nkeys::Role;

// A key's decoded role, or why it does not decode.
struct Decoded {
  std::optional<Role> role;
  std::string why;
};

Decoded Decode(std::string_view value) {
  Decoded d;
  if (auto key = nkeys::DecodePublic(value, &d.why)) d.role = key->role;
  return d;
}

// Keys that many tokens share (an account's key is the iss of its users)
// are decoded once per run; views into the model, which outlives the rule.
class KeyCache {
 public:
  const Decoded& Get(std::string_view value) {
    auto [it, added] = decoded_.try_emplace(value);
    if (added) it->second = Decode(value);
    return it->second;
  }

 private:
  std::unordered_map<std::string_view, Decoded> decoded_;
};

struct Check {
  const Model& m;
  RuleContext& ctx;
  KeyCache& shared;
  const TokenBase& t;
  const LazyEntity& e;

  // Reports `value` when it is not a public key of one of `roles`. Never
  // echoes the value: it may be a seed pasted into the wrong place.
  void Key(std::string_view field, const std::string& value, std::initializer_list<Role> roles) {
    Judge(field, value, Decode(value), roles);
  }
  // The same for a key that other tokens hold too.
  void SharedKey(std::string_view field, const std::string& value, std::initializer_list<Role> roles) {
    Judge(field, value, shared.Get(value), roles);
  }

  void Judge(std::string_view field, const std::string& value, const Decoded& key, std::initializer_list<Role> roles) {
    std::string why;
    if (key.role) {
      for (Role r : roles) {
        if (*key.role == r) return;
      }
      auto named = [](Role r) {
        std::string n(nkeys::RoleName(r));
        return (r == Role::kAccount || r == Role::kOperator ? "an " : "a ") + n + " key";
      };
      why = "it is " + named(*key.role) + ", not " + named(*roles.begin());
    } else if (nkeys::LooksLikeSeed(value)) {
      why = "it holds a SEED (a secret!) instead of a public key: rotate that key now";
    } else {
      why = key.why;
    }
    Finding f = FindingAt(m, t.artifact, t.line, e);
    f.message = Describe(e) + " has an invalid " + std::string(nkeys::RoleName(*roles.begin())) + " key in `" +
                std::string(field) + "`: " + why + ".";
    f.qualifier = std::string(field);
    ctx.Report(std::move(f));
  }
};

}  // namespace

namespace {

void CheckInvalidNkey(const Model& m, RuleContext& ctx) {
  KeyCache shared;
  auto base = [&](Check& c, Role sub_role, std::initializer_list<Role> iss_roles) {
    c.Key("sub", c.t.sub, {sub_role});
    c.SharedKey("iss", c.t.iss, iss_roles);
    if (!c.t.issuer_account.empty()) c.SharedKey("issuer_account", c.t.issuer_account, {Role::kAccount});
  };
  for (const auto& o : m.operators) {
    LazyEntity e(m, o);
    Check c{m, ctx, shared, o, e};
    base(c, Role::kOperator, {Role::kOperator});
    for (size_t i = 0; i < o.signing_keys.size(); ++i) {
      c.Key("signing_keys[" + std::to_string(i) + "]", o.signing_keys[i], {Role::kOperator});
    }
    if (!o.system_account.empty()) c.Key("system_account", o.system_account, {Role::kAccount});
  }
  for (const auto& a : m.accounts) {
    if (IsCredsCopy(m, a)) continue;
    LazyEntity e(m, a);
    Check c{m, ctx, shared, a, e};
    base(c, Role::kAccount, {Role::kOperator});
    for (size_t i = 0; i < a.signing_keys.size(); ++i) {
      c.Key("signing_keys[" + std::to_string(i) + "]", a.signing_keys[i].key, {Role::kAccount});
    }
    for (size_t i = 0; i < a.imports.size(); ++i) {
      c.SharedKey("imports[" + std::to_string(i) + "].account", a.imports[i].account, {Role::kAccount});
    }
    // Revocations are maps: name an entry by its position in key order.
    size_t n = 0;
    for (const auto& entry : a.revocations) {
      if (entry.first != "*") c.Key("revocations[" + std::to_string(n) + "]", entry.first, {Role::kUser});
      ++n;
    }
    for (size_t i = 0; i < a.exports.size(); ++i) {
      n = 0;
      for (const auto& entry : a.exports[i].revocations) {
        if (entry.first != "*") {
          c.SharedKey("exports[" + std::to_string(i) + "].revocations[" + std::to_string(n) + "]", entry.first,
                      {Role::kAccount});
        }
        ++n;
      }
    }
  }
  ForEachUser(m, [&](const User& u) {
    if (IsCredsCopy(m, u)) return;
    LazyEntity e(m, u);
    Check c{m, ctx, shared, u, e};
    base(c, Role::kUser, {Role::kAccount});
  });
  for (const auto& act : m.activations) {
    LazyEntity e(m, act);
    Check c{m, ctx, shared, act, e};
    base(c, Role::kAccount, {Role::kAccount, Role::kOperator});
  }
}

}  // namespace

Rule MakeNL003() {
  return Rule{
      .info =
          {
              .id = "NL003",
              .name = "invalid-nkey",
              .family = "integrity",
              .default_level = Level::kError,
              .short_description = "A key field is not a valid public nkey of the role it must have.",
              .full_description =
                  "A key field (sub, iss, signing key, import account, revocation key, system_account, "
                  "issuer_account) is not a valid public nkey of the role it must have: wrong prefix, bad "
                  "base32, bad CRC16 or not 56 characters. The '*' key of revocations is valid.",
              .help_markdown = R"md(## What it finds
Key fields that are not valid public nkeys of the right role, checked strictly: 56 characters
of upper-case base32, a correct CRC16 and the role prefix (`O` operator, `A` account, `U` user).
Fields: `sub` and `iss` of every token, operator `signing_keys` and `system_account`, account
`signing_keys` (plain and scoped), import `account`, revocation keys (user keys for accounts,
account keys for exports, `*` allowed), and `issuer_account`. A field holding a seed is called
out as a leaked secret (the seed itself is never printed).

## Why it matters
The Go library does not check key lengths (a short `iss` makes its ed25519 verify panic) and
nats-server rejects or silently ignores such entries: a revocation of a malformed key protects
nothing, an import from a malformed account never activates.

## Example
```
store/ACME/ACME.jwt: error NL003 invalid-nkey: operator 'ACME' (OD4M…) has an invalid account
key in `system_account`: bad checksum.
```

## How to fix
Use nsc to manage keys rather than editing claims: `nsc edit operator --system-account SYS`,
`nsc edit account --name A --sk generate` / `--rm-sk KEY`, `nsc revocations add-user`.
If a seed was pasted into a claim, treat it as leaked: generate a new key and remove the old one.
)md",
              .security_severity = "8.0",
              .tags = {"security", "nats", "nkeys"},
              .reads_every_user = true,
          },
      .check = CheckInvalidNkey,
  };
}

}  // namespace nsclint::rules
