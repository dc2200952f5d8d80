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
  const std::string tail = flags.empty() ? "" : " " + flags;
  if (e.kind == "operator") return "nsc edit operator" + tail;
  if (e.kind == "account") return "nsc edit account --name " + ShellQuote(NscName(t)) + tail;
  if (e.kind == "user") {
    const auto& u = static_cast<const User&>(t);
    return "nsc edit user --account " + ShellQuote(AccountNameOf(m, u)) + " --name " +
           ShellQuote(NscName(t)) + tail;
  }
  if (e.kind == "activation") {
    const auto& act = static_cast<const Activation&>(t);
    int exporter = ExporterOf(m, act);
    std::string from = exporter >= 0 ? NscName(m.accounts[exporter]) : "<exporting account>";
    std::string cmd = "nsc generate activation --account " + ShellQuote(from) + " --target-account " +
                      act.sub + " --subject " + ShellQuote(act.subject) + tail +
                      " --output-file activation.jwt";
    if (act.importer_account >= 0) {
      cmd += " && nsc add import --account " + ShellQuote(NscName(m.accounts[act.importer_account])) +
             " --token activation.jwt";
    }
    return cmd;
  }
  return "";
}

}  // namespace nsclint::rules
