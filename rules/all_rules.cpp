// The registration: every rule of rules/rules.def, in id order.
#include "rules/rules.h"

namespace nsclint {

const std::vector<Rule>& AllRules() {
  static const std::vector<Rule> kRules{
#define NSCLINT_RULE(id, family, stem) rules::Make##id(),
#include "rules/rules.def"
#undef NSCLINT_RULE
  };
  return kRules;
}

}  // namespace nsclint
