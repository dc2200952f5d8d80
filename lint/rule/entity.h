// Naming entities for findings: kind, name, key and the logical path
// "operator/account/user", plus a finding located at a token's file.
#pragma once

#include <string>

#include "lint/model/model.h"
#include "lint/rule/finding.h"

namespace nsclint {

Entity EntityOf(const Model& m, const Operator& o);
Entity EntityOf(const Model& m, const Account& a);
Entity EntityOf(const Model& m, const User& u);
Entity EntityOf(const Model& m, const Activation& act);
Entity EntityOfToken(const Model& m, const TokenBase& t);  // dispatches on the dynamic list it is in

/// A finding about `entity`, located in the artifact's file at `line`.
Finding FindingAt(const Model& m, int artifact, int line, Entity entity);

/// "user 'alice' (UABC…)" style phrase for messages.
std::string Describe(const Entity& e);

/// The nsc name of an account/user for commands: its name, else its key.
std::string NscName(const TokenBase& t);

}  // namespace nsclint
