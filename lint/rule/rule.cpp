#include "lint/rule/rule.h"

#include <charconv>

#include "lint/base/util.h"

namespace nsclint {

std::string RuleContext::OptionText(std::string_view name) const {
  auto it = settings_.options.find(name);
  if (it != settings_.options.end()) return it->second;
  for (const auto& opt : info_.options) {
    if (opt.name == name) return std::string(opt.default_value);
  }
  return "";
}

int64_t RuleContext::DurationOption(std::string_view name) const {
  auto v = ParseDuration(OptionText(name));
  return v.value_or(0);
}

int64_t RuleContext::IntOption(std::string_view name) const {
  std::string text = OptionText(name);
  int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

void RuleContext::Report(Finding finding) { Report(info_.default_level, std::move(finding)); }

void RuleContext::Report(Level level, Finding finding) {
  finding.rule_id = id_;
  finding.rule_name = name_;
  finding.level = level;
  // Messages and fixes are built by appending, which leaves up to twice
  // their length allocated; tens of thousands of findings are held until the
  // report is written, so each keeps only what it uses.
  finding.message.shrink_to_fit();
  // Every finding says what to do: without a command of its own, the rule's help does.
  if (finding.fix.commands.empty() && finding.fix.remediation.empty()) {
    finding.fix.remediation = "See nsclint --explain " + std::string(info_.id) + " (How to fix).";
  }
  finding.fix.remediation.shrink_to_fit();
  finding.fix.commands.shrink_to_fit();
  out_->push_back(std::move(finding));
}

}  // namespace nsclint
