// Rule selection as ruff does it: --select replaces the enabled rules,
// --extend-select adds to them, --ignore removes from them; selectors are ids,
// names, id prefixes and family names (ResolveSelector). The config's keys
// apply first, then the flags.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace nsclint {

struct SelectionStep {
  enum class Kind { kSelect, kExtend, kIgnore };
  Kind kind = Kind::kExtend;
  std::vector<std::string> selectors;  // each may be a comma list
  std::string origin;                  // "--select", "FILE:3 (select)": named in errors
};

/// Applies `steps` in order, starting from every rule enabled. Fills
/// `disabled` with the ids left out; returns "" or the first bad selector's
/// problem, prefixed with its origin.
std::string ApplySelection(const std::vector<SelectionStep>& steps, std::set<std::string>* disabled);

/// Checks every selector of a comma list; "" when each names at least one rule.
std::string CheckSelectors(const std::vector<std::string>& selectors);

/// Whether `text` is a selector (ids, names, prefixes, families), for telling
/// a stray rule id among the paths ("--disable NL602 NL103 path").
bool LooksLikeSelector(const std::string& text);

}  // namespace nsclint
