#include "rules/time/time_wording.h"

#include "rules/support/nsc_fix.h"

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

void RenewFix(const Model& m, const TokenBase& t, const Entity& e, const std::string& expiry, Fix* fix) {
  if (e.kind == "activation") {
    // A new activation token is a new grant the exporter must decide on.
    fix->remediation = "Ask the exporting account for a new activation token, or delete the import (see NL502).";
    return;
  }
  // A user's fix says nothing more: nsc rewrites its creds file in the keys
  // dir itself, and a store may give this fix to each of a million users.
  if (e.kind == "account") {
    fix->remediation = "Then push the account to the servers: nsc push -a ACCOUNT.";
  } else if (e.kind == "operator") {
    fix->remediation = "Then deploy the new operator JWT to the servers.";
  }
  NscEditFix(m, t, e, {"--expiry", expiry}, fix);
}

}  // namespace nsclint::rules
