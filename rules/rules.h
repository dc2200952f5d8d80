// The rule factories, one per rule in its family folder, declared from the
// one list in rules/rules.def.
#pragma once

#include <vector>

#include "lint/rule/rule.h"

namespace nsclint {

namespace rules {
#define NSCLINT_RULE(id, family, stem) Rule Make##id();
#include "rules/rules.def"
#undef NSCLINT_RULE
}  // namespace rules

/// Every rule, sorted by id (rules/all_rules.cpp).
const std::vector<Rule>& AllRules();

}  // namespace nsclint
