// The configuration file (.nsclint.toml): rule levels, rules on/off, rule
// options (thresholds) and ignores with a mandatory reason and an optional
// expiry date. Parsing only; applying it is the engine's job.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lint/registry/selection.h"
#include "lint/rule/finding.h"

namespace nsclint {

struct Ignore {
  std::string rule;    // rule id ("NL103"), resolved from an id or name; "*" = every rule
  std::string target;  // glob over the entity's name, operator/account/user path or public key, or the file path
  std::string reason;
  std::optional<int64_t> until;  // unix seconds of the end of that day (UTC); after it the ignore stops applying
  std::string until_text;
  int line = 0;
  /// `target` as a path glob made absolute against the config file's folder, so that
  /// a file matches whether it was named relatively or absolutely ("" = none).
  std::string abs_target;
};

struct Config {
  std::string path;                                         // "" when no file was read
  std::map<std::string, Level, std::less<>> levels;         // rule id -> level
  std::set<std::string> disabled, enabled;                  // rule ids
  std::map<std::string, std::string, std::less<>> options;  // option name -> value text
  std::vector<Ignore> ignores;
  std::string server_version;  // `server-version`, validated; "" = not set
  /// Rule selection (ruff's keys): `select` replaces the enabled rules, then
  /// `extend-select` adds and `ignore` removes; selectors as for the flags.
  std::optional<std::vector<std::string>> select;
  std::vector<std::string> extend_select, ignore_rules;
  int select_line = 0, extend_select_line = 0, ignore_rules_line = 0;
  std::string fail_on;  // "" = not set
};

struct ConfigResult {
  std::optional<Config> config;
  std::string error;  // "FILE:LINE: problem" when config is empty
};

/// Parses `text` (read from `path`, used in messages).
ConfigResult ParseConfig(const std::string& text, const std::string& path);

/// Reads and parses the file (bounded size).
ConfigResult LoadConfig(const std::string& path);

/// The first `.nsclint.toml` walking up from `start` (the current directory)
/// to the git top level (a folder holding `.git`), else to the root; "" when
/// none exists. PATH arguments never change it.
std::string FindConfigFile(const std::string& start);

/// Whether `ignore` covers a finding about `entity` in `file` (display path).
bool IgnoreMatches(const Ignore& ignore, const Finding& finding);

/// The effective configuration as TOML (--print-config).
std::string RenderConfig(const Config& config, const std::map<std::string, std::string, std::less<>>& effective_options,
                         const std::string& server_version);

/// The config's rule selection as steps for ApplySelection, in the order
/// they apply: select, the [rules] on/off, extend-select, ignore.
std::vector<SelectionStep> ConfigSelectionSteps(const Config& config);

}  // namespace nsclint
