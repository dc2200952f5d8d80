#include "lint/registry/registry.h"

#include <algorithm>
#include <set>

#include "lint/base/util.h"

namespace nsclint {
namespace {

// What a misspelt rule could have meant: ids and names, in id order.
std::vector<std::string> RuleWords() {
  std::vector<std::string> words;
  for (const auto& r : AllRules()) {
    words.emplace_back(r.info.id);
    words.emplace_back(r.info.name);
  }
  return words;
}

}  // namespace

const Rule* FindRule(std::string_view id_or_name) {
  std::string want = AsciiLower(id_or_name);
  for (const auto& r : AllRules()) {
    if (AsciiLower(r.info.id) == want || r.info.name == want) return &r;
  }
  return nullptr;
}

const RuleOption* FindRuleOption(std::string_view name) {
  for (const auto& r : AllRules()) {
    for (const auto& o : r.info.options) {
      if (o.name == name) return &o;
    }
  }
  return nullptr;
}

std::string UnknownRuleMessage(std::string_view text) {
  return "unknown rule '" + std::string(text) + "'" + DidYouMean(text, RuleWords());
}

const std::vector<RuleFamily>& RuleFamilies() {
  static const std::vector<RuleFamily> kFamilies{
      {"integrity", "NL0", "integrity and trust"},
      {"time", "NL1", "time"},
      {"hygiene", "NL2", "size and permission hygiene"},
      {"revocations", "NL3", "revocations"},
      {"signing", "NL4", "signing keys and operator"},
      {"imports", "NL5", "imports, exports and activation tokens"},
      {"secrets", "NL6", "credentials and secrets"},
      {"activity", "NL7", "activity (offline monitoring snapshots)"},
      {"modern", "NL8", "features of nats-server 2.10 and later"},
  };
  return kFamilies;
}

const RuleFamily* FamilyOfId(std::string_view id) {
  for (const auto& f : RuleFamilies()) {
    if (id.substr(0, f.prefix.size()) == f.prefix) return &f;
  }
  return nullptr;
}

std::vector<const Rule*> ResolveSelector(std::string_view selector, std::string* error) {
  std::vector<const Rule*> out;
  const std::string want = AsciiLower(selector);
  if (want == "all") {
    for (const auto& r : AllRules()) out.push_back(&r);
    return out;
  }
  if (const Rule* r = FindRule(want)) return {r};
  for (const auto& f : RuleFamilies()) {
    if (f.name != want) continue;
    for (const auto& r : AllRules()) {
      if (StartsWith(r.info.id, f.prefix)) out.push_back(&r);
    }
    return out;
  }
  // An id prefix: "NL" and at least one digit.
  const bool prefix = want.size() >= 3 && want.size() < 5 && want.substr(0, 2) == "nl" &&
                      want.find_first_not_of("0123456789", 2) == std::string::npos;
  if (prefix) {
    for (const auto& r : AllRules()) {
      if (StartsWith(AsciiLower(r.info.id), want)) out.push_back(&r);
    }
  }
  if (out.empty() && error != nullptr) {
    std::vector<std::string> words = RuleWords();
    for (const auto& f : RuleFamilies()) words.emplace_back(f.name);
    *error = "'" + std::string(selector) +
             "' matches no rule (an id like NL101, a name, a prefix like NL5, "
             "a family like imports, or ALL)" +
             DidYouMean(selector, words) + "; nsclint --list-rules lists them";
  }
  return out;
}

std::vector<std::string> CheckRegistry() {
  std::vector<std::string> problems;
  std::set<std::string_view> ids, names;
  std::string_view prev;
  for (const auto& r : AllRules()) {
    const RuleInfo& i = r.info;
    if (!ids.insert(i.id).second) problems.push_back(std::string(i.id) + ": duplicate id");
    if (!names.insert(i.name).second) problems.push_back(std::string(i.id) + ": duplicate name");
    if (i.id <= prev) problems.push_back(std::string(i.id) + ": rules not sorted by id");
    prev = i.id;
    if (i.short_description.empty() || i.full_description.empty() || i.help_markdown.empty()) {
      problems.push_back(std::string(i.id) + ": missing description or help");
    }
    for (std::string_view heading : {"## What it finds", "## Why it matters", "## Example", "## How to fix"}) {
      if (i.help_markdown.find(heading) == std::string_view::npos) {
        problems.push_back(std::string(i.id) + ": help lacks '" + std::string(heading) + "'");
      }
    }
    if (i.help_markdown.find("## Options") != std::string_view::npos) {
      problems.push_back(std::string(i.id) + ": help writes '## Options' by hand (it is made from the options)");
    }
    for (const RuleOption& o : i.options) {
      if (o.name.empty() || o.doc.empty()) problems.push_back(std::string(i.id) + ": an option without name or doc");
      if (!o.default_value.empty() && !OptionValueProblem(o, o.default_value).empty()) {
        problems.push_back(std::string(i.id) + ": option '" + std::string(o.name) + "' has a default that is not a " +
                           std::string(OptionKindName(o.kind)));
      }
      if ((o.kind == OptionKind::kEnum) != !o.choices.empty()) {
        problems.push_back(std::string(i.id) + ": option '" + std::string(o.name) + "': choices go with an enum");
      }
    }
    if (!r.check) problems.push_back(std::string(i.id) + ": no check");
    if (!i.security_severity.empty() &&
        std::find(i.tags.begin(), i.tags.end(), std::string_view("security")) == i.tags.end()) {
      problems.push_back(std::string(i.id) + ": a security-severity without the 'security' tag (GitHub ignores it)");
    }
    if (i.precision != "very-high" && i.precision != "high" && i.precision != "medium" && i.precision != "low") {
      problems.push_back(std::string(i.id) + ": precision '" + std::string(i.precision) +
                         "' is not very-high|high|medium|low");
    }
    const RuleFamily* family = FamilyOfId(i.id);
    if (family == nullptr || family->name != i.family) {
      problems.push_back(std::string(i.id) + ": family '" + std::string(i.family) + "' is not its id's (" +
                         (family == nullptr ? "none" : std::string(family->name)) + ")");
    }
  }
  return problems;
}

}  // namespace nsclint
