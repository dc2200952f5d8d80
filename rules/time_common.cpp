#include "rules/time_common.h"

namespace nsclint::rules {

std::string Subject(const TokenBase& t, const Entity& e) {
  if (e.kind == "activation" && t.origin == TokenOrigin::kImport) {
    const auto& act = static_cast<const Activation&>(t);
    return "the activation token for import '" + act.subject + "' of " +
           (act.importer_account >= 0 ? "account '" + e.fqn.substr(0, e.fqn.find("/imports/")) + "'" : "an account");
  }
  std::string out = Describe(e);
  if (t.origin == TokenOrigin::kCreds) out += " in this creds file";
  return out;
}

std::string RenewFix(const Model& m, const TokenBase& t, const Entity& e, const std::string& expiry) {
  std::string fix = NscEdit(m, t, e, "--expiry " + expiry);
  if (e.kind == "user") {
    const auto& u = static_cast<const User&>(t);
    fix.append(" && nsc generate creds --account ").append(ShellQuote(AccountNameOf(m, u)));
    fix.append(" --name ").append(ShellQuote(NscName(u)));
  } else if (e.kind == "account") {
    fix.append(" && nsc push --account ").append(ShellQuote(NscName(t)));
  }
  return fix;
}

}  // namespace nsclint::rules
