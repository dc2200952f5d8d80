// The command line: one table of flags (CLI11) -> Options.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lint/rule/finding.h"

namespace nsclint {

struct Options {
  std::vector<std::string> paths;
  std::string format = "text";       // text | json | sarif | github | gitlab | markdown
  std::vector<std::string> reports;  // --report FORMAT:FILE, repeatable
  std::string output;                // "" = stdout
  std::string fail_on;               // "" = the config's fail-on, else "error"
  std::string fix_script;            // --fix-script FILE, "" = none
  std::string now_text;
  std::string server_version;  // --server-version ("" = config, else the default)
  /// Rule selection, each a list of selectors (comma lists allowed): --select
  /// replaces the enabled rules (when `select_given`), --extend-select and its
  /// alias --enable add, --ignore and its alias --disable remove.
  std::vector<std::string> select, extend_select, ignore;
  std::vector<std::string> enable, disable;  // the aliases (CLI11 binds one variable per option)
  bool select_given = false;
  unsigned jobs = 0;  // 0 = all cores
  bool list_rules = false;
  std::string explain;
  std::string sarif_root;
  std::string color = "auto";
  bool quiet = false;
  /// Rule options set by their flags (RuleOption::flag): option name -> value.
  std::map<std::string, std::string> option_flags;
  std::vector<std::string> connz, accstatz;  // offline activity snapshots
  std::string config;                        // --config FILE ("" = look for .nsclint.toml)
  bool no_config = false;                    // --no-config: read no config file
  std::string baseline;                      // --baseline FILE.sarif
  std::string sarif_suppressed = "omit";     // omit | include
  bool print_config = false;
  bool store_context = false;  // files inside a store: lint with their whole store, report only on them
  bool no_cache = false;       // --no-cache: verify every signature, read and write no cache
  bool no_git = false;         // --no-git: treat every file as outside a git work tree
  bool allow_empty = false;    // --allow-empty: a folder with no NATS material is not an error
};

struct ParseOutcome {
  std::optional<Options> options;  // nullopt: exit with `exit_code` after printing `text`
  int exit_code = 0;
  std::string out_text;  // --help / --version, for stdout
  std::string err_text;  // usage errors, for stderr
};

ParseOutcome ParseCommandLine(int argc, char** argv);

}  // namespace nsclint
