#include "lint/rule/rule.h"

#include <algorithm>
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

std::string_view OptionKindName(OptionKind kind) {
  switch (kind) {
    case OptionKind::kDuration:
      return "duration";
    case OptionKind::kSize:
      return "size in bytes";
    case OptionKind::kCount:
      return "count";
    case OptionKind::kList:
      return "list";
    case OptionKind::kEnum:
      return "one of";
  }
  return "";
}

std::string OptionValueProblem(const RuleOption& option, std::string_view text) {
  auto whole = [&] {
    return !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string_view::npos;
  };
  switch (option.kind) {
    case OptionKind::kDuration:
      return IsDurationText(text) ? "" : "a duration with a unit (like 14d, 36h, 5m, 90s)";
    case OptionKind::kSize:
      return whole() ? "" : "a whole number of bytes";
    case OptionKind::kCount:
      return whole() ? "" : "a whole number";
    case OptionKind::kList:
      for (std::string_view rest = text; !rest.empty();) {
        const size_t comma = rest.find(',');
        if (Trim(std::string(rest.substr(0, comma))).empty()) return "a comma-separated list without empty entries";
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      return "";
    case OptionKind::kEnum: {
      std::string list;
      for (std::string_view c : option.choices) {
        if (c == text) return "";
        list += (list.empty() ? "" : ", ") + std::string(c);
      }
      return "one of " + list;
    }
  }
  return "";
}

std::string OptionsMarkdown(const std::vector<RuleOption>& options) {
  if (options.empty()) return "";
  std::string out = "## Options\n";
  for (const RuleOption& o : options) {
    out += "- `" + std::string(o.name) + "` (" + std::string(OptionKindName(o.kind));
    for (size_t i = 0; i < o.choices.size(); ++i) out += (i == 0 ? " `" : ", `") + std::string(o.choices[i]) + "`";
    out += o.default_value.empty() ? "; default unset" : "; default `" + std::string(o.default_value) + "`";
    if (!o.flag.empty()) out += "; flag `" + std::string(o.flag) + "`";
    out += "): " + std::string(o.doc) + ".\n";
  }
  if (std::any_of(options.begin(), options.end(),
                  [](const RuleOption& o) { return o.kind == OptionKind::kDuration; })) {
    out += "\nDurations are a whole number with a unit: `s`, `m`, `h`, `d` or `w` (`90s`, `36h`, `14d`).\n";
  }
  out += "\nSet them in `.nsclint.toml` by name (README, \"Config file\").\n";
  return out;
}

std::string RuleHelpMarkdown(const RuleInfo& info) {
  std::string out(info.help_markdown);
  if (info.options.empty()) return out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out + "\n\n" + OptionsMarkdown(info.options);
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

void RuleContext::Report(Finding finding) {
  Report(info_.default_level, std::move(finding));
}

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
