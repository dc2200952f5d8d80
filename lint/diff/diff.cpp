// The comparison of two modelled stores, entity by entity (SPEC §3 "Change
// review"). Fields the model does not keep (a user's limits and connection
// types, `resp`, an account's auth callout) are read from the claims of the
// tokens that changed, and only of those.
#include "lint/diff/diff.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/app/policy.h"
#include "lint/base/base64.h"
#include "lint/base/subjects.h"
#include "lint/base/timing.h"
#include "lint/base/util.h"
#include "lint/decode/token.h"
#include "lint/report/report.h"
#include "lint/rule/entity.h"

namespace nsclint::diff {
namespace fs = std::filesystem;
using nlohmann::json;

std::string_view RiskName(Risk r) {
  switch (r) {
    case Risk::kHigh:
      return "high";
    case Risk::kMedium:
      return "medium";
    case Risk::kLow:
      return "low";
    case Risk::kNone:
      return "none";
  }
  return "none";
}

Risk MaxRisk(const DiffResult& r) {
  Risk max = Risk::kNone;
  for (const auto& c : r.changes) max = std::max(max, c.risk);
  return max;
}

namespace {

// One side: its model and where its files are shown from.
struct View {
  const Model* m = nullptr;
  const Side* side = nullptr;
  // Subject key -> index; the views point into the model, which outlives the View.
  using Index_t = std::unordered_map<std::string_view, int>;
  Index_t ops, accounts, users;

  void Index() {
    users.reserve(m->users.size());
    for (size_t i = 0; i < m->operators.size(); ++i) {
      if (m->operators[i].origin == TokenOrigin::kFile) ops.emplace(m->operators[i].sub, static_cast<int>(i));
    }
    for (size_t i = 0; i < m->accounts.size(); ++i) {
      if (m->accounts[i].origin == TokenOrigin::kFile) accounts.emplace(m->accounts[i].sub, static_cast<int>(i));
    }
    // Users from JWT files first; a user known only from a creds file counts too.
    for (size_t i = 0; i < m->users.size(); ++i) {
      if (m->users[i].origin == TokenOrigin::kFile) users.emplace(m->users[i].sub, static_cast<int>(i));
    }
    for (size_t i = 0; i < m->users.size(); ++i) {
      if (m->users[i].origin == TokenOrigin::kCreds) users.emplace(m->users[i].sub, static_cast<int>(i));
    }
  }

  std::string File(const TokenBase& t) const {
    if (t.artifact < 0) return "";
    const Artifact& a = m->artifacts[t.artifact];
    std::string rel = RelativeTo(a.abs.view(), side->root);
    if (rel.empty()) return std::string(a.display.view());
    return side->label + rel;
  }

  const Account* AccountOf(const User& u) const { return u.account >= 0 ? &m->accounts[u.account] : nullptr; }

  std::string AccountName(const std::string& key) const {
    auto it = accounts.find(std::string_view(key));
    if (it == accounts.end()) return key;
    const Account& a = m->accounts[it->second];
    return a.name.empty() ? key : a.name + " (" + key + ")";
  }
};

// The claims of one token, for the fields the model does not keep: read
// again from its file (only tokens that changed are asked for).
json NatsClaims(const View& v, const TokenBase& t) {
  if (t.artifact < 0) return json::object();
  const Artifact& a = v.m->artifacts[t.artifact];
  if (a.abs.empty()) return json::object();
  // The engine read this file already; a token is at most kMaxTokenBytes, a
  // creds file a little more: anything far bigger is not read again.
  std::error_code ec;
  const auto size = fs::file_size(fs::path(std::string(a.abs.view())), ec);
  if (ec || size > 4 * kMaxTokenBytes) return json::object();
  std::ifstream in(std::string(a.abs.view()), std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::string token;
  for (const auto& block : FindArmoredBlocks(text)) {
    if (block.line == t.line) token = block.body;
  }
  if (token.empty()) {
    // A bare token: the line it is on.
    std::istringstream lines(text);
    std::string line;
    for (int n = 1; std::getline(lines, line); ++n) {
      if (n == t.line) token = line;
    }
  }
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  // The payload itself (the decoder parses its text in place).
  const size_t d1 = token.find('.'), d2 = token.rfind('.');
  if (d1 == std::string::npos || d2 == d1) return json::object();
  const auto payload = Base64UrlDecode(std::string_view(token).substr(d1 + 1, d2 - d1 - 1));
  if (!payload) return json::object();
  json claims = json::parse(*payload, nullptr, false);
  if (!claims.is_object()) return json::object();
  if (claims.contains("nats") && claims["nats"].is_object()) return claims["nats"];
  return json::object();
}

std::string Join(const std::vector<std::string>& list, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : list) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string TimeText(int64_t t) {
  return t == 0 ? "never" : FormatTime(t);
}

// Collects the changes of one entity.
struct Emitter {
  std::vector<Change>* out;
  Change base;

  void Add(std::string kind, Risk risk, std::string field, std::string old_value, std::string new_value,
           std::string message, std::string note = "") {
    Change c = base;
    c.kind = std::move(kind);
    c.risk = risk;
    c.field = std::move(field);
    c.old_value = std::move(old_value);
    c.new_value = std::move(new_value);
    c.message = std::move(message);
    c.note = std::move(note);
    out->push_back(std::move(c));
  }
};

Emitter EmitterFor(std::vector<Change>* out, const Entity& e, std::string file) {
  Change c;
  c.entity_kind = e.kind;
  c.entity_name = e.fqn.empty() ? e.name : e.fqn;
  c.entity_key = e.key;
  c.file = std::move(file);
  return Emitter{out, std::move(c)};
}

void CompareExpiry(Emitter& e, int64_t old_exp, int64_t new_exp, int64_t now) {
  if (old_exp == new_exp) return;
  const std::string o = TimeText(old_exp), n = TimeText(new_exp);
  if (new_exp == 0) {
    e.Add("expiry-removed", Risk::kHigh, "expires", o, n, "expiry removed (was " + o + "): valid forever");
  } else if (old_exp == 0) {
    e.Add("expiry-set", Risk::kLow, "expires", o, n, "expiry set to " + n);
  } else if (new_exp > old_exp) {
    e.Add("expiry-extended", Risk::kLow, "expires", o, n, "expiry extended from " + o + " to " + n);
  } else {
    const bool expired = new_exp <= now;
    e.Add("expiry-shortened", Risk::kLow, "expires", o, n,
          "expiry brought forward from " + o + " to " + n + (expired ? " (expired at --now)" : ""));
  }
}

// ---- permissions -------------------------------------------------------

SubjectSet SetOf(const Permission& p) {
  SubjectSet s;
  for (std::string_view a : p.allow) s.allow.emplace_back(a);
  for (std::string_view d : p.deny) s.deny.emplace_back(d);
  s.all_allowed = s.allow.empty();
  return s;
}

std::string SetText(const SubjectSet& s) {
  std::vector<std::string> allow = s.allow, deny = s.deny;
  std::sort(allow.begin(), allow.end());
  std::sort(deny.begin(), deny.end());
  std::string out = s.all_allowed ? "allow everything" : "allow " + Join(allow);
  if (!deny.empty()) out += "; deny " + Join(deny);
  return out;
}

// Includes `>` or a first-level `*`: the set reaches every subject or every
// first token.
bool Broad(const SubjectSet& s) {
  if (s.all_allowed) return true;
  for (const auto& a : s.allow) {
    const std::string_view subject = std::string_view(a).substr(0, a.find(' '));
    const auto tokens = subjects::Tokens(subject);
    if (!tokens.empty() && (tokens[0] == ">" || tokens[0] == "*")) return true;
  }
  return false;
}

enum class SetChange { kNone, kWidened, kNarrowed, kChanged };

SetChange CompareSets(const SubjectSet& o, const SubjectSet& n) {
  const bool grows = !SetInside(n, o), shrinks = !SetInside(o, n);
  if (grows && shrinks) return SetChange::kChanged;
  if (grows) return SetChange::kWidened;
  if (shrinks) return SetChange::kNarrowed;
  return SetChange::kNone;
}

// The user's own permission claims and signer are the same on both sides
// (its token may differ by a re-signing or by fields that do not grant).
bool SameOwn(const User& a, const User& b) {
  const auto same = [](const PackedStrings& x, const PackedStrings& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end());
  };
  const Permissions &p = a.permissions, &q = b.permissions;
  return a.iss == b.iss && same(p.pub.allow, q.pub.allow) && same(p.pub.deny, q.pub.deny) &&
         same(p.sub.allow, q.sub.allow) && same(p.sub.deny, q.sub.deny);
}

// Where a user's permissions come from on one side.
struct Effective {
  Permissions const* perms = nullptr;  // nullptr: no permissions at all (everything)
  std::string source;                  // "own", "scoped key ABC… template", "default_permissions"
  const SigningKey* key = nullptr;     // the scoped key, when from its template
  bool from_default = false;
};

Effective EffectiveOf(const View& v, const User& u) {
  Effective e;
  const Account* a = v.AccountOf(u);
  if (a != nullptr && u.iss != a->sub) {
    if (const SigningKey* sk = a->FindSigningKey(u.iss); sk != nullptr && sk->scoped) {
      e.perms = &sk->template_permissions;
      e.key = sk;
      e.source = "scoped key " + ShortKey(sk->key) + (sk->role.empty() ? "" : " (" + sk->role + ")") + " template";
      return e;
    }
  }
  const Permissions& own = u.permissions;
  const bool none = own.pub.allow.empty() && own.pub.deny.empty() && own.sub.allow.empty() && own.sub.deny.empty();
  if (none && a != nullptr && a->default_permissions) {
    e.perms = &*a->default_permissions;
    e.source = "account default_permissions";
    e.from_default = true;
    return e;
  }
  e.perms = &own;
  e.source = "own";
  return e;
}

SubjectSet Direction(const Effective& e, bool pub) {
  if (e.perms == nullptr) return SubjectSet{{}, {}, true};
  return SetOf(pub ? e.perms->pub : e.perms->sub);
}

// Compares one direction of two permission sets and reports it. `what` is
// "pub" or "sub"; `holder` completes "... of <holder>"; the risk of a
// widening is `widen_risk` unless the new set is broad (then high).
// Returns the kind of change.
SetChange ReportDirection(Emitter& e, const std::string& field, const SubjectSet& o, const SubjectSet& n,
                          Risk widen_risk, const std::string& prefix, const std::string& note = "") {
  const SetChange c = CompareSets(o, n);
  if (c == SetChange::kNone) return c;
  const std::string ot = SetText(o), nt = SetText(n);
  const bool broad = Broad(n) && !Broad(o);
  switch (c) {
    case SetChange::kWidened:
      e.Add("permissions-widened", broad ? Risk::kHigh : widen_risk, field, ot, nt,
            prefix + field + " permissions widened: " + ot + " → " + nt, note);
      break;
    case SetChange::kNarrowed:
      e.Add("permissions-narrowed", Risk::kLow, field, ot, nt,
            prefix + field + " permissions narrowed: " + ot + " → " + nt, note);
      break;
    case SetChange::kChanged:
      e.Add("permissions-changed", broad ? Risk::kHigh : widen_risk, field, ot, nt,
            prefix + field + " permissions changed (some subjects added, some removed): " + ot + " → " + nt, note);
      break;
    case SetChange::kNone:
      break;
  }
  return c;
}

// ---- limits ------------------------------------------------------------

// A limit as written: -1 is unlimited; an absent one counts as unlimited.
std::string LimitText(const std::optional<int64_t>& v) {
  if (!v) return "unset";
  return *v < 0 ? "unlimited" : std::to_string(*v);
}

bool LimitRaised(const std::optional<int64_t>& o, const std::optional<int64_t>& n) {
  const auto big = [](const std::optional<int64_t>& x) { return !x || *x < 0; };
  if (big(o)) return false;
  if (big(n)) return true;
  return *n > *o;
}

void CompareLimit(Emitter& e, const std::string& name, const std::optional<int64_t>& o,
                  const std::optional<int64_t>& n) {
  const bool same_meaning = (!o || *o < 0) ? (!n || *n < 0) : (n && *n == *o);
  if (same_meaning) return;
  const std::string ot = LimitText(o), nt = LimitText(n);
  if (LimitRaised(o, n)) {
    e.Add("limit-raised", Risk::kMedium, "limits." + name, ot, nt, "limit " + name + " raised: " + ot + " → " + nt);
  } else {
    e.Add("limit-lowered", Risk::kLow, "limits." + name, ot, nt, "limit " + name + " lowered: " + ot + " → " + nt);
  }
}

std::optional<int64_t> JsonInt(const json& obj, const char* key) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_number_integer()) return std::nullopt;
  return obj[key].get<int64_t>();
}

std::vector<std::string> JsonStrings(const json& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_array()) return out;
  for (const auto& v : obj[key]) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> Minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// ---- the comparer ------------------------------------------------------

class Comparer {
 public:
  Comparer(const View& o, const View& n, int64_t now, std::vector<Change>* out) : o_(o), n_(n), now_(now), out_(out) {}

  void Run() {
    Operators();
    Accounts();
    Users();
  }

 private:
  // Entities present on one side only; same name under the same parent on
  // the other side = re-keyed.
  template <typename T, typename NameKey>
  std::set<std::string> RekeyedNames(const std::deque<T>& old_list, const View::Index_t& old_idx,
                                     const std::deque<T>& new_list, const View::Index_t& new_idx, NameKey name_key) {
    std::set<std::string> removed, added, both;
    for (const auto& [key, i] : old_idx) {
      if (!new_idx.count(key)) removed.insert(name_key(o_, old_list[i]));
    }
    for (const auto& [key, i] : new_idx) {
      if (!old_idx.count(key)) added.insert(name_key(n_, new_list[i]));
    }
    std::set_intersection(removed.begin(), removed.end(), added.begin(), added.end(),
                          std::inserter(both, both.begin()));
    return both;
  }

  void Operators() {
    const auto name_key = [](const View&, const Operator& op) { return op.name; };
    const auto rekeyed = RekeyedNames(o_.m->operators, o_.ops, n_.m->operators, n_.ops, name_key);
    for (const auto& [key, i] : o_.ops) {
      if (n_.ops.count(key)) continue;
      const Operator& op = o_.m->operators[i];
      Emitter e = EmitterFor(out_, EntityOf(*o_.m, op), o_.File(op));
      const bool rk = rekeyed.count(op.name) != 0;
      e.Add("operator-removed", Risk::kLow, "", op.sub, "", "operator " + op.name + " removed", rk ? "re-keyed" : "");
    }
    for (const auto& [key, i] : n_.ops) {
      const Operator& n = n_.m->operators[i];
      auto it = o_.ops.find(key);
      if (it != o_.ops.end() && o_.m->operators[it->second].digest == n.digest) continue;
      Emitter e = EmitterFor(out_, EntityOf(*n_.m, n), n_.File(n));
      if (it == o_.ops.end()) {
        const bool rk = rekeyed.count(n.name) != 0;
        e.Add("operator-added", Risk::kMedium, "", "", n.sub, "operator " + n.name + " added: a new trust root",
              rk ? "re-keyed" : "");
        continue;
      }
      const Operator& o = o_.m->operators[it->second];
      if (o.digest == n.digest) continue;
      if (o.name != n.name) e.Add("renamed", Risk::kLow, "name", o.name, n.name, "renamed " + o.name + " → " + n.name);
      std::vector<std::string> ok(o.signing_keys), nk(n.signing_keys);
      std::sort(ok.begin(), ok.end());
      std::sort(nk.begin(), nk.end());
      for (const auto& k : Minus(nk, ok)) {
        e.Add("signing-key-added", Risk::kHigh, "signing_keys", "", k,
              "operator signing key " + k + " added: it can issue accounts");
      }
      for (const auto& k : Minus(ok, nk)) {
        e.Add("signing-key-removed", Risk::kLow, "signing_keys", k, "", "operator signing key " + k + " removed");
      }
      if (o.system_account != n.system_account) {
        const std::string ot = o.system_account.empty() ? "none" : o_.AccountName(o.system_account);
        const std::string nt = n.system_account.empty() ? "none" : n_.AccountName(n.system_account);
        e.Add("system-account-changed", Risk::kHigh, "system_account", ot, nt,
              "system account changed: " + ot + " → " + nt);
      }
      if (o.strict_signing_key_usage != n.strict_signing_key_usage) {
        if (n.strict_signing_key_usage) {
          e.Add("strict-signing-enabled", Risk::kLow, "strict_signing_key_usage", "false", "true",
                "strict signing key usage enabled: accounts must be issued by a signing key");
        } else {
          e.Add("strict-signing-disabled", Risk::kHigh, "strict_signing_key_usage", "true", "false",
                "strict signing key usage disabled: the operator identity key may issue accounts again");
        }
      }
      for (auto [field, ov, nv] :
           {std::tuple{"account_server_url", o.account_server_url, n.account_server_url},
            std::tuple{"assert_server_version", o.assert_server_version, n.assert_server_version},
            std::tuple{"operator_service_urls", Join(o.operator_service_urls), Join(n.operator_service_urls)}}) {
        if (ov != nv) {
          e.Add("setting-changed", Risk::kLow, field, ov, nv,
                std::string(field) + ": " + (ov.empty() ? "unset" : ov) + " → " + (nv.empty() ? "unset" : nv));
        }
      }
      CompareExpiry(e, o.exp, n.exp, now_);
    }
  }

  static std::string AccountNameKey(const View& v, const Account& a) {
    const std::string op = a.operator_index >= 0 ? v.m->operators[a.operator_index].sub : "";
    return op + "/" + a.name;
  }

  void Accounts() {
    rekeyed_accounts_ = RekeyedNames(o_.m->accounts, o_.accounts, n_.m->accounts, n_.accounts, AccountNameKey);
    for (const auto& [key, i] : o_.accounts) {
      if (n_.accounts.count(key)) continue;
      const Account& a = o_.m->accounts[i];
      Emitter e = EmitterFor(out_, EntityOf(*o_.m, a), o_.File(a));
      const bool rk = rekeyed_accounts_.count(AccountNameKey(o_, a)) != 0;
      e.Add("account-removed", Risk::kLow, "", a.sub, "",
            "account " + a.name + " removed" + (rk ? " (re-keyed: the same name has a new key)" : ""),
            rk ? "re-keyed" : "");
    }
    for (const auto& [key, i] : n_.accounts) {
      const Account& n = n_.m->accounts[i];
      auto it = o_.accounts.find(key);
      if (it != o_.accounts.end() && o_.m->accounts[it->second].digest == n.digest) continue;
      Emitter e = EmitterFor(out_, EntityOf(*n_.m, n), n_.File(n));
      if (it == o_.accounts.end()) {
        const bool rk = rekeyed_accounts_.count(AccountNameKey(n_, n)) != 0;
        e.Add("account-added", Risk::kLow, "", "", n.sub,
              "account " + n.name + " added" + (rk ? " (re-keyed: the same name had another key)" : ""),
              rk ? "re-keyed" : "");
        NewAccountRisks(e, n);
        continue;
      }
      const Account& o = o_.m->accounts[it->second];
      // Templates and default permissions reach users even when the
      // account token is the same: compare them whenever either changed.
      if (o.digest == n.digest) continue;
      CompareAccount(e, o, n);
    }
  }

  // What an added account brings that is risky on its own.
  void NewAccountRisks(Emitter& e, const Account& n) {
    for (const auto& sk : n.signing_keys) {
      if (!sk.scoped) {
        e.Add("signing-key-added", Risk::kHigh, "signing_keys", "", sk.key,
              "unscoped signing key " + sk.key + " added: users it issues carry their own permissions");
      }
    }
    for (const auto& x : n.exports) {
      if (!x.token_req) {
        e.Add("export-added", Risk::kMedium, "exports[" + x.subject + "]", "", "public " + x.type + " " + x.subject,
              "public " + x.type + " export " + x.subject + " added: any account may import it");
      }
    }
  }

  void CompareAccount(Emitter& e, const Account& o, const Account& n) {
    if (o.name != n.name) e.Add("renamed", Risk::kLow, "name", o.name, n.name, "renamed " + o.name + " → " + n.name);
    if (o.iss != n.iss) {
      const auto signer = [](const View& v, const Account& a) {
        if (a.operator_index < 0) return "key " + a.iss;
        const Operator& op = v.m->operators[a.operator_index];
        return (a.iss == op.sub ? "operator identity key " : "operator signing key ") + a.iss;
      };
      const std::string ot = signer(o_, o), nt = signer(n_, n);
      e.Add("signer-changed", Risk::kLow, "iss", ot, nt, "signer changed: " + ot + " → " + nt);
    }
    CompareExpiry(e, o.exp, n.exp, now_);
    // Limits.
    std::set<std::string> names;
    for (const auto& [k, v] : o.limits.values) names.insert(k);
    for (const auto& [k, v] : n.limits.values) names.insert(k);
    for (const auto& name : names) {
      const auto get = [&](const Account& a) -> std::optional<int64_t> {
        auto it = a.limits.values.find(name);
        if (it == a.limits.values.end()) return std::nullopt;
        return it->second;
      };
      CompareLimit(e, name, get(o), get(n));
    }
    if (o.limits.jetstream != n.limits.jetstream) {
      if (n.limits.jetstream) {
        e.Add("jetstream-enabled", Risk::kMedium, "limits.jetstream", "disabled", "enabled", "JetStream enabled");
      } else {
        e.Add("jetstream-disabled", Risk::kLow, "limits.jetstream", "enabled", "disabled", "JetStream disabled");
      }
    }
    const bool ob = o.limits.disallow_bearer.value_or(false), nb = n.limits.disallow_bearer.value_or(false);
    if (ob && !nb) {
      e.Add("disallow-bearer-removed", Risk::kHigh, "limits.disallow_bearer", "true", "false",
            "disallow_bearer removed: bearer users may connect without proving their key");
    } else if (!ob && nb) {
      e.Add("disallow-bearer-set", Risk::kLow, "limits.disallow_bearer", "false", "true",
            "disallow_bearer set: bearer users are refused");
    }
    const bool ow = o.limits.wildcards.value_or(true), nw = n.limits.wildcards.value_or(true);
    if (ow != nw) {
      e.Add(nw ? "wildcard-exports-allowed" : "wildcard-exports-disallowed", nw ? Risk::kMedium : Risk::kLow,
            "limits.wildcards", ow ? "true" : "false", nw ? "true" : "false",
            std::string("wildcard exports ") + (nw ? "allowed" : "disallowed"));
    }
    Exports(e, o, n);
    Imports(e, o, n);
    SigningKeys(e, o, n);
    DefaultPermissions(e, o, n);
    Revocations(e, o, n);
    Mappings(e, o, n);
    Callout(e, o, n);
  }

  static std::string ExportText(const Export& x) {
    return std::string(x.token_req ? "token-required " : "public ") + x.type + " " + x.subject;
  }

  void Exports(Emitter& e, const Account& o, const Account& n) {
    std::vector<bool> old_used(o.exports.size(), false);
    std::vector<int> match(n.exports.size(), -1);
    // Same subject and type first, then the same name and type.
    for (size_t j = 0; j < n.exports.size(); ++j) {
      for (size_t i = 0; i < o.exports.size(); ++i) {
        if (!old_used[i] && o.exports[i].subject == n.exports[j].subject && o.exports[i].type == n.exports[j].type) {
          old_used[i] = true;
          match[j] = static_cast<int>(i);
          break;
        }
      }
    }
    for (size_t j = 0; j < n.exports.size(); ++j) {
      if (match[j] >= 0 || n.exports[j].name.empty()) continue;
      for (size_t i = 0; i < o.exports.size(); ++i) {
        if (!old_used[i] && o.exports[i].name == n.exports[j].name && o.exports[i].type == n.exports[j].type) {
          old_used[i] = true;
          match[j] = static_cast<int>(i);
          break;
        }
      }
    }
    for (size_t i = 0; i < o.exports.size(); ++i) {
      if (old_used[i]) continue;
      const Export& x = o.exports[i];
      e.Add("export-removed", Risk::kLow, "exports[" + x.subject + "]", ExportText(x), "",
            x.type + " export " + x.subject + " removed");
    }
    for (size_t j = 0; j < n.exports.size(); ++j) {
      const Export& nx = n.exports[j];
      const std::string field = "exports[" + nx.subject + "]";
      if (match[j] < 0) {
        e.Add("export-added", nx.token_req ? Risk::kLow : Risk::kMedium, field, "", ExportText(nx),
              std::string(nx.token_req ? "token-required " : "public ") + nx.type + " export " + nx.subject + " added" +
                  (nx.token_req ? "" : ": any account may import it"));
        continue;
      }
      const Export& ox = o.exports[match[j]];
      if (ox.subject != nx.subject) {
        const SubjectSet os{{ox.subject}, {}, false}, ns{{nx.subject}, {}, false};
        const SetChange c = CompareSets(os, ns);
        const std::string kind = c == SetChange::kWidened    ? "export-widened"
                                 : c == SetChange::kNarrowed ? "export-narrowed"
                                                             : "export-changed";
        const Risk risk = c == SetChange::kNarrowed   ? Risk::kLow
                          : (Broad(ns) && !Broad(os)) ? Risk::kHigh
                                                      : Risk::kMedium;
        e.Add(kind, risk, field, ox.subject, nx.subject,
              nx.type + " export subject " +
                  (c == SetChange::kWidened    ? "widened"
                   : c == SetChange::kNarrowed ? "narrowed"
                                               : "changed") +
                  ": " + ox.subject + " → " + nx.subject);
      }
      if (ox.token_req && !nx.token_req) {
        e.Add("export-made-public", Risk::kHigh, field, "token-required", "public",
              nx.type + " export " + nx.subject + " made public: any account may import it without an activation");
      } else if (!ox.token_req && nx.token_req) {
        e.Add("export-token-required", Risk::kLow, field, "public", "token-required",
              nx.type + " export " + nx.subject + " now requires an activation token");
      }
      if (ox.account_token_position != nx.account_token_position) {
        const std::string ot = std::to_string(ox.account_token_position),
                          nt = std::to_string(nx.account_token_position);
        if (nx.account_token_position == 0) {
          e.Add("export-token-position-removed", Risk::kHigh, field + ".account_token_position", ot, "unset",
                nx.type + " export " + nx.subject +
                    " lost account_token_position: importers are no longer held to their own subject token");
        } else {
          e.Add("export-token-position-changed", Risk::kLow, field + ".account_token_position",
                ox.account_token_position == 0 ? "unset" : ot, nt,
                "account_token_position of export " + nx.subject + ": " +
                    (ox.account_token_position == 0 ? "unset" : ot) + " → " + nt);
        }
      }
      for (const auto& [key, at] : ox.revocations) {
        if (!nx.revocations.count(key)) {
          e.Add("export-revocation-removed", Risk::kHigh, field + ".revocations", key, "",
                "revocation of " + (key == "*" ? std::string("every activation") : o_.AccountName(key)) +
                    " for export " + nx.subject + " removed: revoked activations work again");
        }
      }
      for (const auto& [key, at] : nx.revocations) {
        if (!ox.revocations.count(key)) {
          e.Add("activation-revoked", Risk::kLow, field + ".revocations", "", key,
                "activation for " + (key == "*" ? std::string("every importer") : n_.AccountName(key)) + " of export " +
                    nx.subject + " revoked (issued before " + TimeText(at) + ")");
        }
      }
      if (ox.response_type != nx.response_type) {
        e.Add("setting-changed", Risk::kLow, field + ".response_type", ox.response_type, nx.response_type,
              "response type of export " + nx.subject + ": " +
                  (ox.response_type.empty() ? "Singleton" : ox.response_type) + " → " +
                  (nx.response_type.empty() ? "Singleton" : nx.response_type));
      }
    }
  }

  static std::string ImportKey(const Import& im) { return im.account + "\n" + im.subject + "\n" + im.type; }

  const Activation* ActivationOf(const View& v, const Import& im) const {
    return im.activation >= 0 ? &v.m->activations[im.activation] : nullptr;
  }

  void Imports(Emitter& e, const Account& o, const Account& n) {
    std::map<std::string, const Import*> old_by, new_by;
    for (const auto& im : o.imports) old_by.emplace(ImportKey(im), &im);
    for (const auto& im : n.imports) new_by.emplace(ImportKey(im), &im);
    for (const auto& [k, im] : old_by) {
      if (new_by.count(k)) continue;
      e.Add("import-removed", Risk::kLow, "imports[" + im->subject + "]",
            im->type + " " + im->subject + " from " + o_.AccountName(im->account), "",
            im->type + " import " + im->subject + " from " + o_.AccountName(im->account) + " removed");
    }
    for (const auto& [k, im] : new_by) {
      const std::string field = "imports[" + im->subject + "]";
      auto it = old_by.find(k);
      const Import* old = it == old_by.end() ? nullptr : it->second;
      if (old == nullptr) {
        e.Add("import-added", Risk::kMedium, field, "",
              im->type + " " + im->subject + " from " + n_.AccountName(im->account),
              im->type + " import " + im->subject + " from " + n_.AccountName(im->account) + " added");
      } else {
        for (auto [name, ov, nv] :
             {std::tuple{"local_subject", old->local_subject, im->local_subject}, std::tuple{"to", old->to, im->to}}) {
          if (ov != nv) {
            e.Add("import-changed", Risk::kLow, field + "." + name, ov, nv,
                  "import " + im->subject + " " + name + ": " + (ov.empty() ? "unset" : ov) + " → " +
                      (nv.empty() ? "unset" : nv));
          }
        }
      }
      Activations(e, field, old != nullptr ? ActivationOf(o_, *old) : nullptr, ActivationOf(n_, *im),
                  old != nullptr && !old->token.empty(), !im->token.empty(), *im);
    }
  }

  void Activations(Emitter& e, const std::string& field, const Activation* oa, const Activation* na, bool had_token,
                   bool has_token, const Import& im) {
    const std::string from = n_.AccountName(im.account);
    if (!had_token && has_token) {
      e.Add("activation-issued", Risk::kLow, field + ".token", "",
            na != nullptr ? "expires " + TimeText(na->exp) : "present",
            "activation token for import " + im.subject + " from " + from + " issued" +
                (na != nullptr ? " (expires " + TimeText(na->exp) + ")" : ""));
    } else if (had_token && !has_token) {
      e.Add("activation-removed", Risk::kLow, field + ".token", "present", "",
            "activation token for import " + im.subject + " removed");
    } else if (oa != nullptr && na != nullptr && oa->digest != na->digest) {
      const bool expired_now = na->exp != 0 && na->exp <= now_ && !(oa->exp != 0 && oa->exp <= now_);
      if (expired_now) {
        e.Add("activation-expired", Risk::kLow, field + ".token", TimeText(oa->exp), TimeText(na->exp),
              "activation token for import " + im.subject + " from " + from + " replaced by one that expired " +
                  TimeText(na->exp));
      } else {
        e.Add("activation-issued", Risk::kLow, field + ".token", "expires " + TimeText(oa->exp),
              "expires " + TimeText(na->exp),
              "activation token for import " + im.subject + " from " + from + " re-issued (expires " +
                  TimeText(oa->exp) + " → " + TimeText(na->exp) + ")");
      }
      if (na->exp == 0 && oa->exp != 0) {
        e.Add("expiry-removed", Risk::kHigh, field + ".token", TimeText(oa->exp), "never",
              "activation token for import " + im.subject + " no longer expires");
      }
    }
    // An unchanged token that the clock passed is not a change of the store;
    // the findings (NL502) say it.
  }

  // Users of `a` (on side v) whose token is the same on both sides and whose
  // effective permissions come from `pick`: a template or default change reaches them.
  template <typename Pick>
  size_t CountWidened(const Account& old_a, const Account& new_a, Pick pick) {
    size_t widened = 0;
    for (int ui : new_a.users) {
      const User& nu = n_.m->users[ui];
      if (nu.origin != TokenOrigin::kFile) continue;
      auto it = o_.users.find(nu.sub);
      if (it == o_.users.end()) continue;
      const User& ou = o_.m->users[it->second];
      if (!SameOwn(ou, nu)) continue;  // reported on the user itself
      const Effective oe = EffectiveOf(o_, ou), ne = EffectiveOf(n_, nu);
      if (!pick(ne)) continue;
      for (bool pub : {true, false}) {
        const SetChange c = CompareSets(Direction(oe, pub), Direction(ne, pub));
        if (c == SetChange::kWidened || c == SetChange::kChanged) {
          ++widened;
          break;
        }
      }
    }
    (void)old_a;
    return widened;
  }

  void SigningKeys(Emitter& e, const Account& o, const Account& n) {
    for (const auto& sk : o.signing_keys) {
      if (n.FindSigningKey(sk.key) == nullptr) {
        e.Add("signing-key-removed", Risk::kLow, "signing_keys", sk.key, "",
              std::string(sk.scoped ? "scoped" : "unscoped") + " signing key " + sk.key +
                  " removed: users it issued are refused");
      }
    }
    for (const auto& nk : n.signing_keys) {
      const SigningKey* ok = o.FindSigningKey(nk.key);
      const std::string field = "signing_keys[" + ShortKey(nk.key) + "]";
      if (ok == nullptr) {
        if (nk.scoped) {
          e.Add("signing-key-added", Risk::kLow, "signing_keys", "",
                nk.key + " (scoped" + (nk.role.empty() ? "" : ", role " + nk.role) + ")",
                "scoped signing key " + nk.key + " added" + (nk.role.empty() ? "" : " (role " + nk.role + ")"));
        } else {
          e.Add("signing-key-added", Risk::kHigh, "signing_keys", "", nk.key + " (unscoped)",
                "unscoped signing key " + nk.key + " added: users it issues carry their own permissions");
        }
        continue;
      }
      if (ok->scoped && !nk.scoped) {
        e.Add("signing-key-unscoped", Risk::kHigh, field, "scoped", "unscoped",
              "signing key " + nk.key + " is no longer scoped: users it issues carry their own permissions");
        continue;
      }
      if (!ok->scoped && nk.scoped) {
        e.Add("signing-key-scoped", Risk::kLow, field, "unscoped", "scoped",
              "signing key " + nk.key + " scoped" + (nk.role.empty() ? "" : " (role " + nk.role + ")"));
        continue;
      }
      if (!nk.scoped) continue;
      if (ok->role != nk.role) {
        e.Add("template-changed", Risk::kLow, field + ".role", ok->role, nk.role,
              "role of scoped key " + ShortKey(nk.key) + ": " + ok->role + " → " + nk.role);
      }
      const size_t users =
          CountWidened(o, n, [&](const Effective& eff) { return eff.key != nullptr && eff.key->key == nk.key; });
      const std::string note = "widens " + std::to_string(users) + (users == 1 ? " user" : " users");
      const Risk risk = users > 0 ? Risk::kMedium : Risk::kLow;
      for (bool pub : {true, false}) {
        ReportDirection(e, field + ".template." + (pub ? "pub" : "sub"),
                        SetOf(pub ? ok->template_permissions.pub : ok->template_permissions.sub),
                        SetOf(pub ? nk.template_permissions.pub : nk.template_permissions.sub), risk,
                        "scoped key " + ShortKey(nk.key) + " template ", note);
      }
      if (!ok->template_bearer_token && nk.template_bearer_token) {
        e.Add("bearer-enabled", Risk::kHigh, field + ".template.bearer_token", "false", "true",
              "scoped key " + ShortKey(nk.key) + " template makes its users bearer users");
      } else if (ok->template_bearer_token && !nk.template_bearer_token) {
        e.Add("bearer-disabled", Risk::kLow, field + ".template.bearer_token", "true", "false",
              "scoped key " + ShortKey(nk.key) + " template no longer makes its users bearer users");
      }
    }
  }

  void DefaultPermissions(Emitter& e, const Account& o, const Account& n) {
    if (!o.default_permissions && !n.default_permissions) return;
    const Permissions none;
    const Permissions& op = o.default_permissions ? *o.default_permissions : none;
    const Permissions& np = n.default_permissions ? *n.default_permissions : none;
    const size_t users = CountWidened(o, n, [](const Effective& eff) { return eff.from_default; });
    const std::string note = "widens " + std::to_string(users) + (users == 1 ? " user" : " users");
    const Risk risk = users > 0 ? Risk::kMedium : Risk::kLow;
    for (bool pub : {true, false}) {
      ReportDirection(e, std::string("default_permissions.") + (pub ? "pub" : "sub"), SetOf(pub ? op.pub : op.sub),
                      SetOf(pub ? np.pub : np.sub), risk, "", note);
    }
  }

  void Revocations(Emitter& e, const Account& o, const Account& n) {
    const auto who = [&](const View& v, const std::string& key) {
      if (key == "*") return std::string("every user");
      auto it = v.users.find(key);
      if (it != v.users.end() && !v.m->users[it->second].name.empty()) {
        return "user " + v.m->users[it->second].name + " (" + key + ")";
      }
      return "user " + key;
    };
    for (const auto& [key, at] : o.revocations) {
      if (!n.revocations.count(key)) {
        e.Add("revocation-removed", Risk::kHigh, "revocations", key + " before " + TimeText(at), "",
              "revocation of " + who(o_, key) + " removed: its credentials work again");
      }
    }
    for (const auto& [key, at] : n.revocations) {
      auto it = o.revocations.find(key);
      if (it == o.revocations.end()) {
        e.Add("revocation-added", Risk::kLow, "revocations", "", key + " before " + TimeText(at),
              "revoked " + who(n_, key) + " (credentials issued before " + TimeText(at) + ")");
      } else if (it->second != at) {
        e.Add(at < it->second ? "revocation-narrowed" : "revocation-added",
              at < it->second ? Risk::kMedium : Risk::kLow, "revocations", key + " before " + TimeText(it->second),
              key + " before " + TimeText(at),
              "revocation of " + who(n_, key) + " moved: before " + TimeText(it->second) + " → before " + TimeText(at));
      }
    }
  }

  void Mappings(Emitter& e, const Account& o, const Account& n) {
    for (const auto& [from, dests] : o.mappings) {
      if (!n.mappings.count(from)) {
        e.Add("mapping-removed", Risk::kLow, "mappings[" + from + "]", Join(dests), "", "mapping " + from + " removed");
      }
    }
    for (const auto& [from, dests] : n.mappings) {
      auto it = o.mappings.find(from);
      if (it == o.mappings.end()) {
        e.Add("mapping-added", Risk::kLow, "mappings[" + from + "]", "", Join(dests),
              "mapping " + from + " → " + Join(dests) + " added");
      } else if (it->second != dests) {
        e.Add("mapping-changed", Risk::kLow, "mappings[" + from + "]", Join(it->second), Join(dests),
              "mapping " + from + ": " + Join(it->second) + " → " + Join(dests));
      }
    }
  }

  void Callout(Emitter& e, const Account& o, const Account& n) {
    const json oc = NatsClaims(o_, o), nc = NatsClaims(n_, n);
    const json empty = json::object();
    const json& oa = oc.contains("authorization") ? oc["authorization"] : empty;
    const json& na = nc.contains("authorization") ? nc["authorization"] : empty;
    const auto users_o = JsonStrings(oa, "auth_users"), users_n = JsonStrings(na, "auth_users");
    const auto acc_o = JsonStrings(oa, "allowed_accounts"), acc_n = JsonStrings(na, "allowed_accounts");
    const bool on_o = !users_o.empty(), on_n = !users_n.empty();
    if (!on_o && on_n) {
      e.Add("auth-callout-enabled", Risk::kLow, "authorization", "", "auth_users " + Join(users_n),
            "auth callout enabled (auth_users " + Join(users_n) + ")");
    } else if (on_o && !on_n) {
      e.Add("auth-callout-disabled", Risk::kLow, "authorization", "auth_users " + Join(users_o), "",
            "auth callout disabled");
    } else if (users_o != users_n) {
      e.Add("auth-callout-changed", Risk::kLow, "authorization.auth_users", Join(users_o), Join(users_n),
            "auth callout auth_users: " + Join(users_o) + " → " + Join(users_n));
    }
    if (acc_o != acc_n) {
      const bool star_n = std::find(acc_n.begin(), acc_n.end(), "*") != acc_n.end();
      const bool star_o = std::find(acc_o.begin(), acc_o.end(), "*") != acc_o.end();
      const bool high = star_n && !star_o;
      const bool wider = !Minus(acc_n, acc_o).empty();
      e.Add(high    ? "callout-accounts-widened"
            : wider ? "callout-accounts-widened"
                    : "callout-accounts-narrowed",
            high    ? Risk::kHigh
            : wider ? Risk::kMedium
                    : Risk::kLow,
            "authorization.allowed_accounts", acc_o.empty() ? "none" : Join(acc_o),
            acc_n.empty() ? "none" : Join(acc_n),
            "auth callout allowed_accounts: " + (acc_o.empty() ? std::string("none") : Join(acc_o)) + " → " +
                (acc_n.empty() ? std::string("none") : Join(acc_n)) + (high ? " (every account)" : ""));
    }
    const std::string xo = oa.contains("xkey") && oa["xkey"].is_string() ? oa["xkey"].get<std::string>() : "";
    const std::string xn = na.contains("xkey") && na["xkey"].is_string() ? na["xkey"].get<std::string>() : "";
    if (xo != xn) {
      e.Add("auth-callout-changed", Risk::kLow, "authorization.xkey", xo.empty() ? "unset" : xo,
            xn.empty() ? "unset" : xn,
            "auth callout xkey: " + (xo.empty() ? std::string("unset") : xo) + " → " +
                (xn.empty() ? std::string("unset") : xn));
    }
  }

  // ---- users -----------------------------------------------------------

  static std::string UserNameKey(const View& v, const User& u) {
    const std::string acct = u.account >= 0 ? v.m->accounts[u.account].sub : u.issuer_account;
    return acct + "/" + u.name;
  }

  void Users() {
    const auto rekeyed = RekeyedNames(o_.m->users, o_.users, n_.m->users, n_.users, UserNameKey);
    for (const auto& [key, i] : o_.users) {
      if (n_.users.count(key)) continue;
      const User& u = o_.m->users[i];
      Emitter e = EmitterFor(out_, EntityOf(*o_.m, u), o_.File(u));
      const bool rk = rekeyed.count(UserNameKey(o_, u)) != 0;
      e.Add("user-removed", Risk::kLow, "", u.sub, "",
            "user " + u.name + " removed" + (rk ? " (re-keyed: the same name has a new key)" : ""),
            rk ? "re-keyed" : "");
    }
    for (const auto& [key, i] : n_.users) {
      const User& n = n_.m->users[i];
      auto it = o_.users.find(key);
      // Most users are the same token on both sides: nothing is built for them.
      if (it != o_.users.end() && o_.m->users[it->second].digest == n.digest) continue;
      Emitter e = EmitterFor(out_, EntityOf(*n_.m, n), n_.File(n));
      if (it == o_.users.end()) {
        const bool rk = rekeyed.count(UserNameKey(n_, n)) != 0;
        const Effective eff = EffectiveOf(n_, n);
        const bool broad = Broad(Direction(eff, true)) || Broad(Direction(eff, false));
        std::string perms = "pub " + SetText(Direction(eff, true)) + "; sub " + SetText(Direction(eff, false));
        const bool bearer = n.bearer_token || (eff.key != nullptr && eff.key->template_bearer_token);
        e.Add("user-added", broad || bearer ? Risk::kHigh : Risk::kLow, "", "", perms,
              "user " + n.name + " added" + (rk ? " (re-keyed: the same name had another key)" : "") +
                  ", permissions (" + eff.source + "): " + perms + (bearer ? "; bearer" : ""),
              rk ? "re-keyed" : "");
        continue;
      }
      const User& o = o_.m->users[it->second];
      if (o.digest == n.digest) continue;  // template/default changes are counted on the account
      CompareUser(e, o, n);
    }
  }

  void CompareUser(Emitter& e, const User& o, const User& n) {
    if (o.name != n.name) e.Add("renamed", Risk::kLow, "name", o.name, n.name, "renamed " + o.name + " → " + n.name);
    if (o.iss != n.iss) {
      const auto signer = [](const View& v, const User& u) {
        const Account* a = v.AccountOf(u);
        if (a != nullptr && u.iss == a->sub) return "account identity key " + ShortKey(u.iss);
        const SigningKey* sk = a != nullptr ? a->FindSigningKey(u.iss) : nullptr;
        if (sk != nullptr) return std::string(sk->scoped ? "scoped" : "unscoped") + " signing key " + ShortKey(u.iss);
        return "key " + ShortKey(u.iss);
      };
      const std::string ot = signer(o_, o), nt = signer(n_, n);
      e.Add("signer-changed", Risk::kLow, "iss", ot, nt, "signer changed: " + ot + " → " + nt);
    }
    const Effective oe = EffectiveOf(o_, o), ne = EffectiveOf(n_, n);
    const std::string note = oe.source == ne.source ? "" : "permissions from " + oe.source + " → " + ne.source;
    // With its own claims the same, a change comes from the template or the
    // default permissions: reported (and counted) on the account.
    for (bool pub : {true, false}) {
      if (SameOwn(o, n)) break;
      ReportDirection(e, pub ? "pub" : "sub", Direction(oe, pub), Direction(ne, pub), Risk::kMedium, "", note);
    }
    const bool ob = o.bearer_token || (oe.key != nullptr && oe.key->template_bearer_token);
    const bool nb = n.bearer_token || (ne.key != nullptr && ne.key->template_bearer_token);
    if (!ob && nb) {
      e.Add("bearer-enabled", Risk::kHigh, "bearer_token", "false", "true",
            "made a bearer user: its JWT alone connects, no key needed");
    } else if (ob && !nb) {
      e.Add("bearer-disabled", Risk::kLow, "bearer_token", "true", "false", "no longer a bearer user");
    }
    CompareExpiry(e, o.exp, n.exp, now_);
    // From the claims: resp, limits, connection types, source networks, times.
    const json oc = NatsClaims(o_, o), nc = NatsClaims(n_, n);
    const json empty = json::object();
    const json& orsp = oc.contains("resp") ? oc["resp"] : empty;
    const json& nrsp = nc.contains("resp") ? nc["resp"] : empty;
    const auto resp_text = [](const json& r) {
      if (!r.is_object() || r.empty()) return std::string("unset");
      return "max " + LimitText(JsonInt(r, "max")) + ", ttl " +
             std::to_string(JsonInt(r, "ttl").value_or(0) / 1'000'000'000) + "s";
    };
    if (orsp != nrsp) {
      const std::string ot = resp_text(orsp), nt = resp_text(nrsp);
      if (ot == "unset") {
        e.Add("permissions-widened", Risk::kMedium, "resp", ot, nt,
              "resp permission set: may publish to reply subjects (" + nt + ")");
      } else if (nt == "unset") {
        e.Add("permissions-narrowed", Risk::kLow, "resp", ot, nt, "resp permission removed");
      } else {
        e.Add("permissions-changed", Risk::kLow, "resp", ot, nt, "resp permission: " + ot + " → " + nt);
      }
    }
    for (const char* name : {"subs", "data", "payload"}) CompareLimit(e, name, JsonInt(oc, name), JsonInt(nc, name));
    const auto ot = JsonStrings(oc, "allowed_connection_types"), nt = JsonStrings(nc, "allowed_connection_types");
    if (ot != nt) {
      const std::string ov = ot.empty() ? "any" : Join(ot), nv = nt.empty() ? "any" : Join(nt);
      const bool wider = nt.empty() || (!ot.empty() && !Minus(nt, ot).empty());
      const bool narrower = (ot.empty() && !nt.empty()) || !Minus(ot, nt).empty();
      const std::string kind = wider && narrower ? "connection-types-changed"
                               : wider           ? "connection-types-widened"
                                                 : "connection-types-narrowed";
      e.Add(kind, wider ? Risk::kMedium : Risk::kLow, "allowed_connection_types", ov, nv,
            "allowed connection types: " + ov + " → " + nv);
    }
    const auto os = JsonStrings(oc, "src"), ns = JsonStrings(nc, "src");
    if (os != ns) {
      const std::string ov = os.empty() ? "any" : Join(os), nv = ns.empty() ? "any" : Join(ns);
      e.Add("limit-changed", ns.empty() ? Risk::kMedium : Risk::kLow, "src", ov, nv,
            "allowed source networks: " + ov + " → " + nv);
    }
    const std::string otimes = oc.contains("times") ? oc["times"].dump() : "",
                      ntimes = nc.contains("times") ? nc["times"].dump() : "";
    if (otimes != ntimes) {
      e.Add("limit-changed", ntimes.empty() ? Risk::kMedium : Risk::kLow, "times", otimes.empty() ? "any" : otimes,
            ntimes.empty() ? "any" : ntimes,
            "allowed connection times: " + (otimes.empty() ? std::string("any") : otimes) + " → " +
                (ntimes.empty() ? std::string("any") : ntimes));
    }
  }

  const View& o_;
  const View& n_;
  int64_t now_;
  std::vector<Change>* out_;
  std::set<std::string> rekeyed_accounts_;
};

int EntityRank(std::string_view kind) {
  if (kind == "operator") return 0;
  if (kind == "account") return 1;
  if (kind == "user") return 2;
  return 3;
}

// Rules whose error on an import means the import is dead: the server drops it.
bool DeadImportRule(std::string_view id) {
  static const std::set<std::string_view> kRules = {"NL501", "NL502", "NL503", "NL504", "NL505",
                                                    "NL506", "NL507", "NL508", "NL511"};
  return kRules.count(id) != 0;
}

std::vector<FindingChange> Unmatched(const std::vector<Finding>& findings, const std::vector<std::string>& prints,
                                     const std::unordered_set<std::string_view>& other, const Side& side) {
  std::vector<FindingChange> out;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (!f.suppressed.empty() || other.count(prints[i])) continue;
    std::string rel = RelativeTo(f.abs_file.view(), side.root);
    out.push_back(FindingChange{f, prints[i], rel.empty() ? std::string(f.file.view()) : side.label + rel});
  }
  return out;
}

}  // namespace

DiffResult Compare(const EngineResult& old_result, const Side& old_side, const EngineResult& new_result,
                   const Side& new_side, int64_t now) {
  DiffResult r;
  r.old_files = old_result.files_scanned;
  r.new_files = new_result.files_scanned;
  View o, n;
  o.m = &old_result.model;
  o.side = &old_side;
  n.m = &new_result.model;
  n.side = &new_side;
  {
    timing::Scope timer("diff: index and compare entities");
    o.Index();
    n.Index();
    Comparer(o, n, now, &r.changes).Run();
  }
  timing::Scope timer("diff: findings introduced and fixed");

  // Verdicts: the findings' fingerprints, as --baseline compares them.
  const auto old_prints = FindingFingerprints(old_result.findings, old_side.root);
  const auto new_prints = FindingFingerprints(new_result.findings, new_side.root);
  const std::unordered_set<std::string_view> old_set(old_prints.begin(), old_prints.end());
  const std::unordered_set<std::string_view> new_set(new_prints.begin(), new_prints.end());
  r.introduced = Unmatched(new_result.findings, new_prints, old_set, new_side);
  r.fixed = Unmatched(old_result.findings, old_prints, new_set, old_side);
  for (const auto* list : {&r.introduced, &r.fixed}) {
    const bool dead = list == &r.introduced;
    for (const auto& fc : *list) {
      const Finding& f = fc.finding;
      if (!DeadImportRule(f.rule_id.view()) || f.level != Level::kError) continue;
      Emitter e = EmitterFor(&r.changes, f.entity, fc.file);
      e.Add(dead ? "import-dead" : "import-alive", dead ? Risk::kMedium : Risk::kLow, f.qualifier,
            dead ? "works" : std::string(f.rule_id.view()), dead ? std::string(f.rule_id.view()) : "works",
            dead ? "import goes dead (" + std::string(f.rule_id.view()) + " " + std::string(f.rule_name.view()) +
                       "): " + f.message
                 : "import comes alive (" + std::string(f.rule_id.view()) + " " + std::string(f.rule_name.view()) +
                       " fixed)");
    }
  }
  std::stable_sort(r.changes.begin(), r.changes.end(), [](const Change& a, const Change& b) {
    if (a.risk != b.risk) return a.risk > b.risk;
    const int ra = EntityRank(a.entity_kind), rb = EntityRank(b.entity_kind);
    if (ra != rb) return ra < rb;
    return std::tie(a.entity_name, a.entity_key, a.field, a.kind, a.message) <
           std::tie(b.entity_name, b.entity_key, b.field, b.kind, b.message);
  });
  return r;
}

DiffResult Diff(const Side& old_side, const Side& new_side, const DiffOptions& options) {
  DiffResult r;
  EngineResult results[2];
  const Side* sides[2] = {&old_side, &new_side};
  for (int i = 0; i < 2; ++i) {
    EngineOptions eo = options.engine;
    eo.paths = sides[i]->paths;
    timing::Scope timer(i == 0 ? "diff: old side" : "diff: new side");
    results[i] = RunEngine(eo);
    if (!results[i].input_error.empty()) {
      r.error = results[i].input_error;
      return r;
    }
    if (results[i].fatal) {
      std::string why;
      for (const auto& note : results[i].notifications) {
        if (note.level == "error") why += (why.empty() ? "" : "; ") + note.message;
      }
      r.error = (i == 0 ? "the old side could not be read: " : "the new side could not be read: ") +
                (why.empty() ? std::string("unreadable input") : why);
      return r;
    }
    if (options.config != nullptr) {
      std::vector<Notification> ignored;
      ApplyConfig(*options.config, eo.now, &results[i].findings, &ignored);
    }
  }
  return Compare(results[0], old_side, results[1], new_side, options.engine.now);
}

}  // namespace nsclint::diff
