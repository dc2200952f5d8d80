#include "lint/entity.h"

#include "lint/util.h"

namespace nsclint {
namespace {

std::string NameOr(const TokenBase& t) { return t.name.empty() ? ShortKey(t.sub) : t.name; }

std::string Join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "/" + b; }

}  // namespace

std::string NscName(const TokenBase& t) { return t.name.empty() ? t.sub : t.name; }

Entity EntityOf(const Model&, const Operator& o) { return Entity{"operator", NameOr(o), o.sub, NameOr(o)}; }

Entity EntityOf(const Model& m, const Account& a) {
  std::string parent = a.operator_index >= 0 ? NameOr(m.operators[a.operator_index]) : "";
  return Entity{"account", NameOr(a), a.sub, Join(parent, NameOr(a))};
}

Entity EntityOf(const Model& m, const User& u) {
  std::string parent = u.account >= 0 ? EntityOf(m, m.accounts[u.account]).fqn : "";
  return Entity{"user", NameOr(u), u.sub, Join(parent, NameOr(u))};
}

Entity EntityOf(const Model& m, const Activation& act) {
  std::string parent;
  if (act.importer_account >= 0) parent = EntityOf(m, m.accounts[act.importer_account]).fqn;
  std::string name = act.name.empty() ? act.subject : act.name;
  return Entity{"activation", name, act.sub, Join(parent, "imports/" + act.subject)};
}

Entity EntityOfToken(const Model& m, const TokenBase& t) {
  switch (t.token_type) {
    case TokenType::kOperator:
      return EntityOf(m, static_cast<const Operator&>(t));
    case TokenType::kAccount:
      return EntityOf(m, static_cast<const Account&>(t));
    case TokenType::kUser:
      return EntityOf(m, static_cast<const User&>(t));
    case TokenType::kActivation:
      return EntityOf(m, static_cast<const Activation&>(t));
    case TokenType::kGeneric:
      break;
  }
  return Entity{"token", NameOr(t), t.sub, NameOr(t)};
}

Finding FindingAt(const Model& m, int artifact, int line, Entity entity) {
  Finding f;
  if (artifact >= 0) {
    f.file = m.artifacts[artifact].display;
    f.abs_file = m.artifacts[artifact].abs;
  }
  f.line = line;
  f.entity = std::move(entity);
  return f;
}

std::string Describe(const Entity& e) {
  std::string out = e.kind;
  if (!e.name.empty()) out += " '" + e.name + "'";
  if (!e.key.empty() && e.name != ShortKey(e.key)) out += " (" + ShortKey(e.key) + ")";
  return out;
}

}  // namespace nsclint
