// Shared wording for the time rules (NL1xx).
#pragma once

#include <string>

#include "rules/support/model_queries.h"

namespace nsclint::rules {

/// "the activation token of import 'orders.>'" or Describe(e), for sentences.
std::string Subject(const TokenBase& t, const Entity& e);

/// The command that gives `t` a new expiry (re-issue), for fixes.
void RenewFix(const Model& m, const TokenBase& t, const Entity& e, const std::string& expiry, Fix* fix);

}  // namespace nsclint::rules
