#include "lint/cli.h"

#include <sstream>

#include <CLI/CLI.hpp>

namespace nsclint {

ParseOutcome ParseCommandLine(int argc, char** argv) {
  ParseOutcome outcome;
  Options o;
  CLI::App app{"nsclint: offline linter for NATS decentralized auth (nsc stores, JWTs, creds, seeds)",
               "nsclint"};
  app.set_version_flag("--version", std::string("nsclint ") + NSCLINT_VERSION);
  app.get_formatter()->column_width(34);
  app.add_option("paths", o.paths,
                 "nsc stores, operator folders, keys dirs, .jwt/.creds/.nk files; '-' reads stdin "
                 "(default: nsc's own store and keys dir)");
  app.add_option("-f,--format", o.format, "output format: text, json or sarif (default text)")
      ->check(CLI::IsMember({"text", "json", "sarif", "markdown"}));
  app.add_option("-o,--output", o.output, "write the report to FILE (default stdout)");
  app.add_option("--fix-script", o.fix_script,
                 "write every fix as a POSIX sh script to FILE for review (never run by nsclint; mode 0700; "
                 "not written when no finding has a fix command)");
  app.add_option("--fail-on", o.fail_on, "lowest level that makes the exit code 1: error, warning, note, none")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}));
  app.add_option("--now", o.now_text, "evaluate time rules at TIME (RFC 3339 or unix seconds; default now)");
  app.add_option("--enable", o.enable, "enable rules (ids or names, comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--disable", o.disable, "disable rules (ids or names, comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("-j,--jobs", o.jobs, "worker threads (default: all cores)");
  app.add_flag("--no-cache", o.no_cache,
               "do not read or write the signature verification cache ($XDG_CACHE_HOME/nsclint)");
  app.add_option("--config", o.config, "config file (default: .nsclint.toml in the current dir or beside the first PATH)");
  app.add_option("--baseline", o.baseline, "SARIF from an earlier run: its results are 'unchanged'; only new ones gate");
  app.add_option("--sarif-suppressed", o.sarif_suppressed, "findings ignored by the config in SARIF: omit or include")
      ->check(CLI::IsMember({"omit", "include"}));
  app.add_flag("--print-config", o.print_config, "print the effective configuration (defaults + file + flags)");
  app.add_flag("--store-context", o.store_context,
               "for files inside an nsc store: lint the whole store, report only on those files (pre-commit)");
  app.add_flag("--list-rules", o.list_rules, "list every rule: id, name, level, description");
  app.add_option("--explain", o.explain, "print the full help of one rule");
  app.add_option("--sarif-root", o.sarif_root, "directory SARIF uris are relative to (default: git top level)");
  app.add_option("--color", o.color, "colour text output: auto, always, never (default auto)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", o.quiet, "no summary line");
  app.add_option("--expiry-warning", o.expiry_warning, "NL102 window, e.g. 14d, 36h (default 14d)");
  app.add_option("--clock-skew", o.clock_skew, "NL105 allowance for iat in the future, e.g. 5m (default 5m)");
  app.add_option("--connz", o.connz,
                 "a saved /connz?auth=true snapshot (open and/or closed connections) for NL701; repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  app.add_option("--accstatz", o.accstatz, "a saved /accstatz snapshot for NL702; repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  app.footer(
      "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, unreadable "
      "input or internal error.\nRules: nsclint --list-rules; nsclint --explain NL101.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    outcome.out_text = app.help();
    return outcome;
  } catch (const CLI::CallForVersion&) {
    outcome.out_text = std::string("nsclint ") + NSCLINT_VERSION + "\n";
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.exit_code = 2;
    outcome.err_text = std::string("nsclint: error: ") + e.what() + "\nRun 'nsclint --help' for usage.\n";
    return outcome;
  }
  outcome.options = std::move(o);
  return outcome;
}

}  // namespace nsclint
