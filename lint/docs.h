// Rule documentation generated from the registry (the single source).
#pragma once

#include <string>

namespace nsclint {

/// docs/rules.md: every rule with its metadata and help.
std::string RenderRulesMarkdown();

/// The README's rule table (markdown), between its rules markers.
std::string RenderRulesTable();

/// --list-rules: "NL101  expired  error  short description" per line.
std::string RenderRulesList();

/// --list-rules --format json.
std::string RenderRulesJson();

/// --explain RULE.
std::string RenderExplain(const struct Rule& rule);

}  // namespace nsclint
