// The rule framework: one RuleInfo per rule is the single source for
// --list-rules, --explain, SARIF rule metadata and docs/rules.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lint/base/server_version.h"
#include "lint/rule/finding.h"

namespace nsclint {

struct Model;

/// What an option's value is: checked when the config or a flag is read,
/// named in the generated docs. Nothing guesses a type from a name.
enum class OptionKind {
  kDuration,  // a number with a unit: 90s, 5m, 36h, 14d, 2w
  kSize,      // bytes, a whole number
  kCount,     // a whole number
  kList,      // comma-separated words
  kEnum,      // one of `choices`
};
std::string_view OptionKindName(OptionKind kind);

/// A rule option: the one declaration config validation, the command-line
/// flags (`flag`) and the docs' Options section are made from.
struct RuleOption {
  std::string_view name{};  // as in the config file, e.g. "expiry-warning"
  OptionKind kind = OptionKind::kCount;
  std::string_view default_value{};         // as text, e.g. "14d"; empty = unset
  std::string_view doc{};                   // a phrase, no final period
  std::string_view flag{};                  // the command-line flag that sets it too, e.g. "--expiry-warning"
  std::vector<std::string_view> choices{};  // kEnum only
};

/// "" when `text` is a value of `option`'s kind, else what it should be
/// ("a duration with a unit (like 14d, 36h, 5m, 90s)").
std::string OptionValueProblem(const RuleOption& option, std::string_view text);

/// The "## Options" section of a rule's help, made from its declarations
/// ("" for a rule without options).
std::string OptionsMarkdown(const std::vector<RuleOption>& options);
/// The rule's whole help: its help_markdown and the Options section.
std::string RuleHelpMarkdown(const struct RuleInfo& info);

struct RuleInfo {
  std::string_view id{};      // "NL101"
  std::string_view name{};    // "expired"
  std::string_view family{};  // "integrity", "time", ...
  Level default_level = Level::kWarning;
  /// Levels as documented when a rule reports more than one ("warning / note"); empty = default only.
  std::string_view levels{};
  std::string_view short_description{};  // one line
  std::string_view full_description{};   // a paragraph, plain text
  /// Markdown with the headings: What it finds / Why it matters / Example /
  /// How to fix / Options (when it has any).
  std::string_view help_markdown{};
  std::string_view security_severity{};  // "8.0" etc., empty for hygiene rules
  std::vector<std::string_view> tags{};
  std::vector<RuleOption> options{};
  /// How sure a finding of this rule is (SARIF `precision`): "very-high" only where
  /// a real nats-server proved the verdict (tests/server_test.cpp), "medium" for
  /// heuristics, "high" otherwise.
  std::string_view precision = "high";
  /// Its findings may carry fix commands (nsc, chmod); the fix test runs one
  /// of each with the real nsc. Rules without give remediation text only.
  bool fix_commands = false;
  /// It reads every user's keys or permission entries: on a big store it
  /// takes longest, so the engine starts it first (only the schedule changes).
  bool reads_every_user = false;
};

/// The effective settings a rule reads: the evaluation time and option values.
struct RuleSettings {
  int64_t now = 0;
  ServerTarget server = DefaultServerTarget();              // the nats-server versions judged
  std::map<std::string, std::string, std::less<>> options;  // name -> value text
};

class RuleContext {
 public:
  RuleContext(const RuleInfo& info, const RuleSettings& settings, std::vector<Finding>* out)
      : info_(info), settings_(settings), out_(out), id_(info.id), name_(info.name) {}

  int64_t now() const { return settings_.now; }
  const ServerTarget& server() const { return settings_.server; }
  /// An option's value in seconds (durations) or as an integer; falls back
  /// to the rule's declared default.
  int64_t DurationOption(std::string_view name) const;
  int64_t IntOption(std::string_view name) const;

  /// Room for `n` more findings, for a rule that may report on every token
  /// (reallocating tens of thousands of findings costs more than making them).
  void Reserve(size_t n) { out_->reserve(out_->size() + n); }

  /// Adds a finding; rule id and name are filled in, level defaults to the rule's.
  void Report(Finding finding);
  void Report(Level level, Finding finding);

 private:
  std::string OptionText(std::string_view name) const;

  const RuleInfo& info_;
  const RuleSettings& settings_;
  std::vector<Finding>* out_;
  SharedText id_, name_;  // one copy for all the rule's findings
};

struct Rule {
  RuleInfo info;
  std::function<void(const Model&, RuleContext&)> check;
};

}  // namespace nsclint
