// The rule registry: every rule, by id and name, with "did you mean".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lint/rule/rule.h"
#include "rules/rules.h"

namespace nsclint {

/// By id ("NL101", case-insensitive) or name ("expired"); nullptr when unknown.
const Rule* FindRule(std::string_view id_or_name);

/// The option of any rule named `name` ("expiry-warning"); nullptr when none.
const RuleOption* FindRuleOption(std::string_view name);

/// "unknown rule 'NL10', did you mean 'NL101'?" (the suggestion only when one is close).
std::string UnknownRuleMessage(std::string_view text);

/// A rule family: the SPEC §2 section a rule's id prefix names ("NL5" -> imports).
struct RuleFamily {
  std::string_view name;    // "imports"
  std::string_view prefix;  // "NL5"
  std::string_view title;   // "imports, exports and activation tokens"
};
/// Every family, in id order.
const std::vector<RuleFamily>& RuleFamilies();
/// The family of a rule id ("NL502" -> imports); nullptr for an id outside them.
const RuleFamily* FamilyOfId(std::string_view id);

/// The rules a selector names: an id ("NL101"), a name ("expired"), an id
/// prefix ("NL1", "NL10"), a family ("time") or "ALL", case-insensitive.
/// Empty when it names none; `error` then says so with a "did you mean".
std::vector<const Rule*> ResolveSelector(std::string_view selector, std::string* error);

/// Checks that every rule has a unique id and name and complete metadata;
/// returns the problems (empty when sound). Used by tests.
std::vector<std::string> CheckRegistry();

}  // namespace nsclint
