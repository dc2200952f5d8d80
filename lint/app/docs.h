// Rule documentation generated from the registry (the single source).
#pragma once

#include <string>

namespace nsclint {

/// docs/rules.md: every rule with its metadata and help.
std::string RenderRulesMarkdown();

/// The rule table (markdown); links are `<link_prefix>#nl101` (the README
/// passes "docs/rules.md", docs/rules.md itself "").
std::string RenderRulesTable(const std::string& link_prefix);

/// --list-rules: "NL101  expired  error  short description" per line.
std::string RenderRulesList();

/// --list-rules --format json.
std::string RenderRulesJson();

/// docs/rules/<ID>.md: one page per rule.
std::string RenderRulePage(const struct Rule& rule);

/// --explain RULE.
std::string RenderExplain(const struct Rule& rule);

}  // namespace nsclint
