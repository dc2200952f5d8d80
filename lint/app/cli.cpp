#include "lint/app/cli.h"

#include <algorithm>
#include <sstream>

#include <CLI/CLI.hpp>

#include "lint/base/git.h"
#include "lint/base/server_version.h"
#include "lint/base/util.h"
#include "lint/registry/registry.h"
#include "lint/report/report.h"

namespace nsclint {
namespace {

// "; did you mean '--select'?" for the first argument that looks like a flag
// and is none of ours ("" when every flag is known or nothing is close).
std::string UnknownFlagHint(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> flags;
  for (const CLI::Option* opt : app.get_options()) {
    for (const auto& l : opt->get_lnames()) flags.push_back("--" + l);
    for (const auto& sn : opt->get_snames()) flags.push_back("-" + sn);
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() < 3 || arg.rfind("--", 0) != 0) continue;
    arg = arg.substr(0, arg.find('='));
    if (std::find(flags.begin(), flags.end(), arg) != flags.end()) continue;
    const std::string hint = DidYouMean(arg, flags);
    return hint.empty() ? "" : " (" + arg + ": " + hint.substr(2) + ")";
  }
  return "";
}

}  // namespace

ParseOutcome ParseCommandLine(int argc, char** argv) {
  ParseOutcome outcome;
  Options o;
  CLI::App app{"nsclint: offline linter for NATS decentralized auth (nsc stores, JWTs, creds, seeds)", "nsclint"};
  app.set_version_flag("--version", std::string("nsclint ") + NSCLINT_VERSION);
  app.get_formatter()->column_width(34);
  app.add_option("paths", o.paths,
                 "nsc stores, operator folders, keys dirs, .jwt/.creds/.nk files; '-' reads stdin "
                 "(default: nsc's own store and keys dir)");
  std::vector<std::string> formats(std::begin(kReportFormats), std::end(kReportFormats));
  app.add_option("-f,--format", o.format, "output format: text, json, sarif, github, gitlab, markdown (default text)")
      ->check(CLI::IsMember(formats));
  app.add_option("-o,--output", o.output, "write the report to FILE (default stdout)");
  app.add_option("--report", o.reports,
                 "also write FORMAT to FILE (repeatable): one run, several outputs, e.g. --report sarif:nsclint.sarif")
      ->type_name("FORMAT:FILE")
      ->allow_extra_args(false)
      ->check(
          [](const std::string& value) -> std::string {
            const size_t colon = value.find(':');
            const std::string format = value.substr(0, colon);
            if (colon == std::string::npos || colon + 1 == value.size()) {
              return "--report takes FORMAT:FILE (like sarif:nsclint.sarif), not '" + value + "'";
            }
            if (!IsReportFormat(format)) {
              return "--report: unknown format '" + format + "' (text, json, sarif, github, gitlab, markdown)";
            }
            return "";
          },
          "FORMAT:FILE");
  app.add_option("--fix-script", o.fix_script,
                 "write every fix as a POSIX sh script to FILE for review (never run by nsclint; mode 0700; "
                 "not written when no finding has a fix command)");
  app.add_option("--fail-on", o.fail_on, "lowest level that makes the exit code 1: error, warning, note, none")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}));
  app.add_option("--now", o.now_text, "evaluate time rules at TIME (RFC 3339 or unix seconds; default now)");
  app.add_option("--server-version", o.server_version,
                 "judge for this nats-server: X.Y.Z, X.Y (the whole line) or a comma list (default " +
                     std::string(kDefaultServerVersionText) + ")")
      ->type_name("VERSION");
  // Each takes exactly one value per use (a comma list): never the paths after it.
  const auto selectors = [&](const char* name, std::vector<std::string>& into, const char* what) {
    app.add_option(name, into, what)->delimiter(',')->allow_extra_args(false)->type_name("SEL,..");
  };
  selectors("--select", o.select,
            "enable only these rules: ids (NL101), names (expired), prefixes (NL5, NL50), families (imports), ALL");
  selectors("--extend-select", o.extend_select, "enable these rules too (selectors as for --select)");
  selectors("--ignore", o.ignore, "disable these rules (selectors as for --select)");
  selectors("--enable", o.enable, "alias of --extend-select");
  selectors("--disable", o.disable, "alias of --ignore");
  app.add_option("-j,--jobs", o.jobs, "worker threads (default: all cores)");
  app.add_flag("--no-cache", o.no_cache,
               "do not read or write the signature verification cache ($XDG_CACHE_HOME/nsclint)");
  app.add_option("--config", o.config,
                 "config file (default: the first .nsclint.toml from the current dir up to the git top level)");
  app.add_flag("--no-config", o.no_config, "read no config file (defaults and flags only)")->excludes("--config");
  app.add_option("--baseline", o.baseline,
                 "SARIF from an earlier run: its results are 'unchanged'; only new ones gate");
  app.add_option("--sarif-suppressed", o.sarif_suppressed, "findings ignored by the config in SARIF: omit or include")
      ->check(CLI::IsMember({"omit", "include"}));
  app.add_flag("--print-config", o.print_config, "print the effective configuration (defaults + file + flags)");
  app.add_flag("--store-context", o.store_context,
               "for files inside an nsc store: lint the whole store, report only on those files (pre-commit)");
  app.add_flag("--no-git", o.no_git,
               "treat every file as outside a git work tree (NL605 off; NL602 judges every secret file)");
  app.add_flag("--allow-empty", o.allow_empty, "a folder argument that holds no NATS material is not an error");
  app.add_flag("--list-rules", o.list_rules, "list every rule: id, name, level, description");
  app.add_option("--explain", o.explain, "print the full help of one rule");
  app.add_option("--sarif-root", o.sarif_root, "directory SARIF uris are relative to (default: git top level)");
  app.add_option("--color", o.color, "colour text output: auto, always, never (default auto)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", o.quiet, "no summary line");
  // The rule options that have a flag, from their declarations.
  for (const auto& r : AllRules()) {
    for (const auto& opt : r.info.options) {
      if (opt.flag.empty()) continue;
      app.add_option(std::string(opt.flag), o.option_flags[std::string(opt.name)],
                     std::string(r.info.id) + " " + std::string(opt.doc) + ", a " +
                         std::string(OptionKindName(opt.kind)) +
                         (opt.kind == OptionKind::kDuration ? " like 14d, 36h, 5m" : "") + " (default " +
                         std::string(opt.default_value) + ")");
    }
  }
  app.add_option("--connz", o.connz,
                 "a saved /connz?auth=true snapshot (open and/or closed connections) for NL701; repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  app.add_option("--accstatz", o.accstatz, "a saved /accstatz snapshot for NL702; repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  app.footer(
      "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, unreadable "
      "input or internal error.\nRules: nsclint --list-rules; nsclint --explain NL101.\n"
      "Change review of two stores or a git revision: nsclint diff --help.");
  try {
    app.parse(argc, argv);
    o.select_given = app.count("--select") != 0;
  } catch (const CLI::CallForHelp&) {
    outcome.out_text = app.help();
    return outcome;
  } catch (const CLI::CallForVersion&) {
    outcome.out_text = std::string("nsclint ") + NSCLINT_VERSION + "\ndefault server version: nats-server " +
                       std::string(kDefaultServerVersionText) +
                       " (--server-version)\ngit backend: " + GitBackendDescription() + "\n";
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.exit_code = 2;
    outcome.err_text = std::string("nsclint: error: ") + e.what() + UnknownFlagHint(app, argc, argv) +
                       "\nRun 'nsclint --help' for usage.\n";
    return outcome;
  }
  outcome.options = std::move(o);
  return outcome;
}

}  // namespace nsclint
