// The command line: one table of flags (CLI11) -> Options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lint/finding.h"

namespace nsclint {

struct Options {
  std::vector<std::string> paths;
  std::string format = "text";  // text | json | sarif (| markdown with --list-rules)
  std::string output;           // "" = stdout
  std::string fix_script;       // --fix-script FILE, "" = none
  std::string fail_on = "error";
  std::string now_text;
  std::vector<std::string> enable, disable;
  unsigned jobs = 0;  // 0 = all cores
  bool list_rules = false;
  std::string explain;
  std::string sarif_root;
  std::string color = "auto";
  bool quiet = false;
  std::string expiry_warning, clock_skew;
  std::vector<std::string> connz, accstatz;  // offline activity snapshots
  std::string config;            // --config FILE ("" = look for .nsclint.toml)
  std::string baseline;          // --baseline FILE.sarif
  std::string sarif_suppressed = "omit";  // omit | include
  bool print_config = false;
  bool store_context = false;    // files inside a store: lint with their whole store, report only on them
  bool no_cache = false;         // --no-cache: verify every signature, read and write no cache
};

struct ParseOutcome {
  std::optional<Options> options;  // nullopt: exit with `exit_code` after printing `text`
  int exit_code = 0;
  std::string out_text;  // --help / --version, for stdout
  std::string err_text;  // usage errors, for stderr
};

ParseOutcome ParseCommandLine(int argc, char** argv);

}  // namespace nsclint
