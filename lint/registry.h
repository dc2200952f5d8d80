// The rule registry: every rule, by id and name, with "did you mean".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lint/rule.h"

namespace nsclint {

/// Every rule, sorted by id (defined in rules/all_rules.cpp).
const std::vector<Rule>& AllRules();

/// By id ("NL101", case-insensitive) or name ("expired"); nullptr when unknown.
const Rule* FindRule(std::string_view id_or_name);

/// "unknown rule 'NL10', did you mean 'NL101'?" style suggestion ("" when nothing close).
std::string SuggestRule(std::string_view text);

/// Checks that every rule has a unique id and name and complete metadata;
/// returns the problems (empty when sound). Used by tests.
std::vector<std::string> CheckRegistry();

}  // namespace nsclint
