#include "rules/common.h"

namespace nsclint::rules {

int ExporterOf(const Model& m, const Activation& act) {
  int a = m.FindAccount(act.issuer_account.empty() ? act.iss : act.issuer_account);
  if (a < 0) a = m.FindAccountBySigningKey(act.iss);
  return a;
}

std::string RevokedBy(const std::map<std::string, int64_t>& revocations, const std::string& key, int64_t iat) {
  auto it = revocations.find(key);
  if (it != revocations.end() && it->second >= iat) return key;
  it = revocations.find("*");
  if (it != revocations.end() && it->second >= iat) return "*";
  return "";
}

bool InCompleteStore(const Model& m, const TokenBase& t) {
  const auto& place = m.artifacts[t.artifact].place;
  return place.store >= 0 && m.stores[place.store].complete;
}

std::string AccountNameOf(const Model& m, const User& u) {
  if (u.account >= 0) return NscName(m.accounts[u.account]);
  return u.issuer_account.empty() ? u.iss : u.issuer_account;
}

std::string NscEdit(const Model& m, const TokenBase& t, const Entity& e, const std::string& flags) {
  // Built by appending: a rule may give a fix to every user of the store.
  std::string cmd;
  cmd.reserve(96 + flags.size());
  auto tail = [&] {
    if (!flags.empty()) cmd.append(" ").append(flags);
  };
  if (e.kind == "operator") {
    cmd = "nsc edit operator";
    tail();
  } else if (e.kind == "account") {
    cmd.append("nsc edit account --name ").append(ShellQuote(NscName(t)));
    tail();
  } else if (e.kind == "user") {
    const auto& u = static_cast<const User&>(t);
    cmd.append("nsc edit user --account ").append(ShellQuote(AccountNameOf(m, u)));
    cmd.append(" --name ").append(ShellQuote(NscName(t)));
    tail();
  } else if (e.kind == "activation") {
    const auto& act = static_cast<const Activation&>(t);
    int exporter = ExporterOf(m, act);
    std::string from = exporter >= 0 ? NscName(m.accounts[exporter]) : "<exporting account>";
    cmd.append("nsc generate activation --account ").append(ShellQuote(from));
    cmd.append(" --target-account ").append(act.sub).append(" --subject ").append(ShellQuote(act.subject));
    tail();
    cmd.append(" --output-file activation.jwt");
    if (act.importer_account >= 0) {
      cmd.append(" && nsc add import --account ").append(ShellQuote(NscName(m.accounts[act.importer_account])));
      cmd.append(" --token activation.jwt");
    }
  }
  return cmd;
}

}  // namespace nsclint::rules
