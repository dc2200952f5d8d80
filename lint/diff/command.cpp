// `nsclint diff OLD NEW` and `nsclint diff --against REV [PATH...]`: the
// command line of the change review, the old side read from a git revision
// (git archive into a private temporary folder, never a checkout), the
// outputs and the exit code.
#include "lint/diff/command.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "lint/app/config.h"
#include "lint/app/policy.h"
#include "lint/base/git.h"
#include "lint/base/server_version.h"
#include "lint/base/timing.h"
#include "lint/base/util.h"
#include "lint/decode/verify_cache.h"
#include "lint/diff/diff.h"
#include "lint/registry/selection.h"

namespace nsclint::diff {
namespace fs = std::filesystem;

namespace {

constexpr int kExitError = 2;

int Fail(std::ostream& err, const std::string& message) {
  err << "nsclint diff: error: " << RedactSeeds(message) << "\n";
  return kExitError;
}

// A temporary folder removed with its contents when the run ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "nsclint-diff-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A number in a tar header field (octal, NUL/space padded).
uint64_t Octal(std::string_view field) {
  uint64_t v = 0;
  for (char c : field) {
    if (c >= '0' && c <= '7') {
      v = v * 8 + static_cast<uint64_t>(c - '0');
    } else if (c != ' ' && c != '\0') {
      break;
    }
  }
  return v;
}

std::string CString(std::string_view field) {
  return std::string(field.substr(0, field.find('\0')));
}

// The `path=` record of a pax extended header, "" when none.
std::string PaxPath(std::string_view data) {
  while (!data.empty()) {
    const size_t space = data.find(' ');
    if (space == std::string_view::npos) break;
    const size_t len = static_cast<size_t>(std::strtoul(std::string(data.substr(0, space)).c_str(), nullptr, 10));
    if (len == 0 || len > data.size()) break;
    std::string_view record = data.substr(space + 1, len - space - 2);  // without the trailing '\n'
    if (record.starts_with("path=")) return std::string(record.substr(5));
    data.remove_prefix(len);
  }
  return "";
}

// Writes the regular files and folders of a tar archive (what git archive
// writes: ustar with pax headers) under `dest`. Names that would leave
// `dest` are refused.
std::string Untar(std::string_view tar, const fs::path& dest) {
  std::string long_name;
  size_t at = 0;
  while (at + 512 <= tar.size()) {
    const std::string_view h = tar.substr(at, 512);
    if (h.find_first_not_of('\0') == std::string_view::npos) break;  // end of archive
    const uint64_t size = Octal(h.substr(124, 12));
    const char type = h[156];
    std::string name = CString(h.substr(0, 100));
    const std::string prefix = CString(h.substr(345, 155));
    if (!prefix.empty()) name = prefix + "/" + name;
    at += 512;
    if (size > tar.size() - at) return "git archive output is truncated";
    const std::string_view data = tar.substr(at, size);
    at += (size + 511) / 512 * 512;
    if (type == 'g') continue;  // global header (the commit id)
    if (type == 'x') {
      long_name = PaxPath(data);
      continue;
    }
    if (!long_name.empty()) {
      name = long_name;
      long_name.clear();
    }
    const fs::path rel = fs::path(name).lexically_normal();
    if (rel.is_absolute() || (!rel.empty() && *rel.begin() == "..")) return "git archive names a path outside: " + name;
    const fs::path out = dest / rel;
    std::error_code ec;
    if (type == '5') {
      fs::create_directories(out, ec);
    } else if (type == '0' || type == '\0') {
      fs::create_directories(out.parent_path(), ec);
      std::ofstream f(out, std::ios::binary | std::ios::trunc);
      f.write(data.data(), static_cast<std::streamsize>(data.size()));
      f.close();
      if (!f) return "cannot write " + out.string();
      // git keeps only 0644 and 0755; the mode as written (NL602 reads it).
      fs::permissions(out, static_cast<fs::perms>(Octal(h.substr(100, 8)) & 0777), fs::perm_options::replace, ec);
    }
    // Symbolic links and other entries are left out: nsc stores are files.
  }
  return "";
}

}  // namespace

int RunDiffCommand(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"nsclint diff: what a change to an nsc store does to trust, entity by entity", "nsclint diff"};
  std::vector<std::string> paths;
  std::string against, format = "text", output, fail_on_risk = "none", fail_on = "none", now_text, server_version,
                       config_file;
  bool no_config = false, no_cache = false, quiet = false;
  unsigned jobs = 0;
  app.add_option("paths", paths, "OLD NEW (two stores or folders), or with --against the PATHs to compare");
  app.add_option("--against", against, "compare PATHs (default .) with the same paths at git revision REV")
      ->type_name("REV");
  app.add_option("-f,--format", format, "output format: text, markdown, json (default text)")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  app.add_option("-o,--output", output, "write the report to FILE (default stdout)");
  app.add_option("--fail-on-risk", fail_on_risk,
                 "exit 1 when a change has this risk or higher: high, medium, low, none")
      ->check(CLI::IsMember({"high", "medium", "low", "none"}));
  app.add_option("--fail-on", fail_on,
                 "exit 1 when the change introduces a finding at this level or higher: error, warning, note, none "
                 "(default none)")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}));
  app.add_option("--now", now_text, "evaluate time rules at TIME (RFC 3339 or unix seconds; default now)");
  app.add_option("--server-version", server_version, "judge for this nats-server (as for nsclint)")
      ->type_name("VERSION");
  app.add_option("--config", config_file, "config file for the findings' levels and ignores");
  app.add_flag("--no-config", no_config, "read no config file")->excludes("--config");
  app.add_option("-j,--jobs", jobs, "worker threads (default: all cores)");
  app.add_flag("--no-cache", no_cache, "do not read or write the signature verification cache");
  app.add_flag("-q,--quiet", quiet, "no notes on stderr");
  app.footer(
      "Exit codes: 0 nothing at or above --fail-on-risk / --fail-on; 1 a change or introduced finding at or above "
      "them; 2 usage error, unreadable side, unreadable REV or a PATH missing at REV.\nFormat: docs/diff-format.md.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "nsclint diff: error: " << e.what() << "\nRun 'nsclint diff --help' for usage.\n";
    return kExitError;
  }

  DiffOptions options;
  EngineOptions& eo = options.engine;
  if (now_text.empty()) {
    eo.now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  } else if (auto t = ParseTime(now_text)) {
    eo.now = *t;
  } else {
    return Fail(err, "--now '" + now_text + "' is neither RFC 3339 (2026-06-01T00:00:00Z) nor unix seconds");
  }
  Config config;
  std::error_code ec;
  const std::string config_path = no_config              ? std::string()
                                  : !config_file.empty() ? config_file
                                                         : FindConfigFile(fs::current_path(ec).string());
  if (!config_path.empty()) {
    ConfigResult loaded = LoadConfig(config_path);
    if (!loaded.config) return Fail(err, "bad config: " + loaded.error);
    config = std::move(*loaded.config);
  }
  eo.options = config.options;
  {
    // The rules the lint would run with this config (defaults, select, [rules], ignore).
    std::vector<SelectionStep> steps = ConfigSelectionSteps(config);
    if (auto e = ApplySelection(steps, &eo.disabled); !e.empty()) return Fail(err, e);
  }
  if (const std::string& text = !server_version.empty() ? server_version : config.server_version; !text.empty()) {
    ServerTargetParse parsed = ParseServerTarget(text);
    if (!parsed.target) return Fail(err, "--server-version: " + parsed.error);
    eo.server = std::move(*parsed.target);
  }
  options.config = &config;
  eo.jobs = jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
  std::optional<VerifyCache> cache;
  if (!no_cache) {
    std::string note;
    cache = VerifyCache::Load(VerifyCache::DefaultDir(), &note);
    if (!note.empty() && !quiet) err << "nsclint diff: note: " << note << "\n";
    eo.cache = &*cache;
    // Each side's verified signatures are saved once its model is built (the
    // cache as loaded serves both sides): the next run verifies less.
    eo.after_model = [&](EngineResult* r) {
      std::string save_note;
      if (!cache->Save(std::move(r->verified), &save_note, r->cache_hits) && !quiet) {
        err << "nsclint diff: note: " << save_note << "\n";
      }
      r->verified.clear();
    };
  }

  Side old_side, new_side;
  TempDir temp;
  if (against.empty()) {
    if (paths.size() != 2) return Fail(err, "give two stores to compare (OLD NEW), or --against REV [PATH...]");
    for (int i = 0; i < 2; ++i) {
      if (!fs::exists(paths[i], ec)) return Fail(err, paths[i] + ": no such file or folder");
      Side& s = i == 0 ? old_side : new_side;
      s.paths = {paths[i]};
      const fs::path abs = fs::absolute(paths[i], ec).lexically_normal();
      s.root = (fs::is_directory(abs, ec) ? abs : abs.parent_path()).string();
      while (s.root.size() > 1 && s.root.back() == '/') s.root.pop_back();
    }
  } else {
    if (paths.empty()) paths = {"."};
    const std::string cwd = fs::current_path(ec).string();
    GitCommandResult top = RunGitIn(cwd, {"rev-parse", "--show-toplevel"});
    if (!top.ok) return Fail(err, "--against " + against + ": not in a git work tree: " + top.error);
    const std::string top_dir = Trim(top.out);
    GitCommandResult rev =
        RunGitIn(cwd, {"rev-parse", "--verify", "--quiet", "--end-of-options", against + "^{commit}"});
    if (!rev.ok) return Fail(err, "--against " + against + ": unknown revision (git cannot read it)");
    if (temp.path().empty()) return Fail(err, "cannot make a temporary folder");
    std::vector<std::string> args{"archive", "--format=tar", Trim(rev.out), "--"};
    for (const auto& p : paths) {
      const fs::path abs = fs::weakly_canonical(fs::absolute(p, ec), ec);
      std::string rel = fs::path(abs).lexically_relative(fs::weakly_canonical(top_dir, ec)).generic_string();
      if (rel.empty() || rel.starts_with("..")) return Fail(err, p + ": outside the git work tree " + top_dir);
      if (rel == ".") rel = "";
      args.push_back(rel.empty() ? "." : rel);
      old_side.paths.push_back((fs::path(temp.path()) / rel).lexically_normal().string());
      new_side.paths.push_back(p);
      if (!fs::exists(p, ec)) return Fail(err, p + ": no such file or folder");
    }
    GitCommandResult archive = RunGitIn(top_dir, args);
    if (!archive.ok)
      return Fail(err, "--against " + against + ": " + archive.error + " (a PATH missing at " + against + "?)");
    if (std::string why = Untar(archive.out, temp.path()); !why.empty()) return Fail(err, why);
    old_side.root = temp.path();
    // A side read from git is in no work tree: git state (NL605) is judged
    // on neither side, so that it does not differ for that reason alone.
    eo.no_git = true;
    // File modes and git state are not what a revision holds (git keeps 0644
    // or 0755): NL602 and NL605 would differ for that reason alone.
    eo.disabled.insert("NL602");
    eo.disabled.insert("NL605");
    old_side.label = against + ":";
    new_side.root = fs::weakly_canonical(top_dir, ec).string();
  }

  DiffResult result = Diff(old_side, new_side, options);
  if (!result.error.empty()) return Fail(err, result.error);

  int exit_code = 0;
  if (fail_on_risk != "none") {
    const Risk gate = fail_on_risk == "high" ? Risk::kHigh : fail_on_risk == "medium" ? Risk::kMedium : Risk::kLow;
    if (MaxRisk(result) >= gate) exit_code = 1;
  }
  if (fail_on != "none") {
    const Level gate = *ParseLevel(fail_on);
    for (const auto& fc : result.introduced) {
      if (fc.finding.level >= gate) exit_code = 1;
    }
  }
  const std::string text = format == "json"       ? RenderJson(result, exit_code)
                           : format == "markdown" ? RenderMarkdown(result)
                                                  : RenderText(result);
  if (output.empty()) {
    out << RedactSeeds(text);
  } else {
    std::ofstream f(output, std::ios::binary | std::ios::trunc);
    f << RedactSeeds(text);
    f.close();
    if (!f) return Fail(err, "cannot write " + output);
    if (!quiet) err << "nsclint diff: report written to " << output << "\n";
  }
  err << timing::Render();
  return exit_code;
}

}  // namespace nsclint::diff
