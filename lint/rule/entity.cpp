#include "lint/rule/entity.h"

#include "lint/base/util.h"

namespace nsclint {
namespace {

// Rules name entities for tens of thousands of findings, so the names are
// built in place (AppendShortKey) rather than from temporaries.
void AppendNameOr(std::string* out, const TokenBase& t) {
  if (t.name.empty()) {
    AppendShortKey(out, t.sub);
  } else {
    out->append(t.name);
  }
}

std::string NameOr(const TokenBase& t) {
  std::string out;
  AppendNameOr(&out, t);
  return out;
}

// fqn paths are joined as "parent/child", or child alone when the parent
// is empty (unknown, or named by an empty key). `out` holds the parent.
void AppendChild(std::string* out, std::string_view child) {
  if (!out->empty()) out->push_back('/');
  out->append(child);
}

void AppendChildNameOr(std::string* out, const TokenBase& t) {
  if (!out->empty()) out->push_back('/');
  AppendNameOr(out, t);
}

// An account's fqn "operator/account", appended to an empty `out`.
void AppendAccountFqn(std::string* out, const Model& m, const Account& a) {
  if (a.operator_index >= 0) AppendNameOr(out, m.operators[a.operator_index]);
  AppendChildNameOr(out, a);
}

}  // namespace

std::string NscName(const TokenBase& t) {
  return t.name.empty() ? t.sub : t.name;
}

Entity EntityOf(const Model&, const Operator& o) {
  return Entity{"operator", NameOr(o), o.sub, NameOr(o)};
}

Entity EntityOf(const Model& m, const Account& a) {
  Entity e{"account", NameOr(a), a.sub, ""};
  AppendAccountFqn(&e.fqn, m, a);
  return e;
}

Entity EntityOf(const Model& m, const User& u) {
  Entity e{"user", NameOr(u), u.sub, ""};
  if (u.account >= 0) AppendAccountFqn(&e.fqn, m, m.accounts[u.account]);
  AppendChildNameOr(&e.fqn, u);
  return e;
}

Entity EntityOf(const Model& m, const Activation& act) {
  Entity e{"activation", act.name.empty() ? act.subject : act.name, act.sub, ""};
  if (act.importer_account >= 0) AppendAccountFqn(&e.fqn, m, m.accounts[act.importer_account]);
  AppendChild(&e.fqn, "imports/");
  e.fqn.append(act.subject);
  return e;
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
  std::string out;
  out.reserve(e.kind.size() + e.name.size() + 96);  // room for the sentence that follows
  out.append(e.kind);
  if (!e.name.empty()) out.append(" '").append(e.name).append("'");
  if (!e.key.empty() && e.name != ShortKey(e.key)) {
    out.append(" (");
    AppendShortKey(&out, e.key);
    out.append(")");
  }
  return out;
}

}  // namespace nsclint
