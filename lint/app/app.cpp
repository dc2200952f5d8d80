#include "lint/app/app.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "lint/app/config.h"
#include "lint/app/docs.h"
#include "lint/app/policy.h"
#include "lint/base/timing.h"
#include "lint/base/util.h"
#include "lint/decode/verify_cache.h"
#include "lint/discover/discover.h"
#include "lint/engine/engine.h"
#include "lint/registry/registry.h"
#include "lint/registry/selection.h"
#include "lint/report/report.h"

namespace nsclint {
namespace fs = std::filesystem;

namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

int UsageError(std::ostream& err, const std::string& message) {
  err << "nsclint: error: " << RedactSeeds(message) << "\n";
  return kExitError;
}

std::string GitTopLevel() {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p.string();
    if (p == p.root_path()) break;
  }
  return dir.string();
}

bool WantColor(const Options& o, bool tty) {
  if (o.color == "always") return true;
  if (o.color == "never" || !o.output.empty() || !tty) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return !(term != nullptr && std::string_view(term) == "dumb");
}

// Where the run writes, and what it hands back to main().
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool tty;
  std::shared_ptr<void>* keep;
};

// Settles what the run judges and how: the clock, the config file, the
// server versions, the rule options and the selection. Returns an exit code
// when the run ends here (a usage error), nullopt to go on.
std::optional<int> Settle(const Options& o, Io& io, Config* config_out, EngineOptions* eo_out, std::string* fail_on) {
  std::ostream& err = io.err;
  EngineOptions& eo = *eo_out;
  Config& config = *config_out;
  if (o.now_text.empty()) {
    eo.now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  } else if (auto t = ParseTime(o.now_text)) {
    eo.now = *t;
  } else {
    return UsageError(err, "--now '" + o.now_text + "' is neither RFC 3339 (2026-06-01T00:00:00Z) nor unix seconds");
  }
  // Configuration: defaults < .nsclint.toml < flags.
  std::error_code cwd_ec;
  const std::string config_path = o.no_config         ? std::string()
                                  : !o.config.empty() ? o.config
                                                      : FindConfigFile(fs::current_path(cwd_ec).string());
  if (!config_path.empty()) {
    ConfigResult loaded = LoadConfig(config_path);
    if (!loaded.config) return UsageError(err, "bad config: " + loaded.error);
    config = std::move(*loaded.config);
  }
  eo.options = config.options;
  // The nats-server versions judged: the flag, else the config, else the default.
  if (const std::string& text = !o.server_version.empty() ? o.server_version : config.server_version; !text.empty()) {
    ServerTargetParse parsed = ParseServerTarget(text);
    if (!parsed.target)
      return UsageError(err, (o.server_version.empty() ? "bad config: " : "--server-version: ") + parsed.error);
    for (const auto& w : parsed.warnings) err << "nsclint: warning: " << w << "\n";
    eo.server = std::move(*parsed.target);
  }
  for (const auto& [name, value] : o.option_flags) {
    if (value.empty()) continue;
    const RuleOption* option = FindRuleOption(name);
    if (const std::string problem = OptionValueProblem(*option, value); !problem.empty()) {
      return UsageError(err, std::string(option->flag) + " '" + value + "' is not " + problem);
    }
    eo.options[name] = value;
  }
  // Selection: config select, its [rules] on/off, extend-select, ignore; then the flags.
  {
    using Kind = SelectionStep::Kind;
    std::vector<SelectionStep> steps = ConfigSelectionSteps(config);
    if (o.select_given) steps.push_back({Kind::kSelect, o.select, "--select"});
    steps.push_back({Kind::kExtend, o.extend_select, "--extend-select"});
    steps.push_back({Kind::kExtend, o.enable, "--enable"});
    steps.push_back({Kind::kIgnore, o.ignore, "--ignore"});
    steps.push_back({Kind::kIgnore, o.disable, "--disable"});
    if (auto e = ApplySelection(steps, &eo.disabled); !e.empty()) return UsageError(err, e);
  }
  *fail_on = !o.fail_on.empty() ? o.fail_on : !config.fail_on.empty() ? config.fail_on : "error";
  eo.jobs = o.jobs != 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());

  return std::nullopt;
}

// --print-config: the effective configuration (defaults + file + flags).
int PrintConfig(const Config& config, const EngineOptions& eo, const std::string& fail_on, Io& io) {
  std::ostream& out = io.out;
  Config effective = config;
  effective.disabled = eo.disabled;
  effective.fail_on = fail_on;
  std::map<std::string, std::string, std::less<>> options;
  for (const auto& r : AllRules()) {
    for (const auto& opt : r.info.options) {
      auto it = eo.options.find(opt.name);
      std::string value = it != eo.options.end() ? it->second : std::string(opt.default_value);
      if (!value.empty()) options[std::string(opt.name)] = value;
    }
  }
  out << RenderConfig(effective, options, eo.server.Text());
  return kExitClean;
}

// The paths to lint: the arguments, else nsc's own folders; with
// --store-context, each named file's whole store (findings are then kept for
// the named files only). Returns an exit code on a usage error.
std::optional<int> ResolvePaths(const Options& o, Io& io, EngineOptions* eo_out, std::set<std::string>* named_out) {
  std::ostream& err = io.err;
  EngineOptions& eo = *eo_out;
  std::set<std::string>& named_files = *named_out;
  eo.paths = o.paths;
  // "--disable NL602 NL103 path": a list option takes one value, so NL103 landed
  // among the paths. Say so rather than report an unreadable path.
  for (const auto& p : eo.paths) {
    std::error_code pec;
    if (p != "-" && !fs::exists(p, pec) && LooksLikeSelector(p)) {
      return UsageError(err, "'" + p +
                                 "' is not a file or folder but reads like a rule selector: give several "
                                 "rules as one comma list (--ignore NL602,NL103) or repeat the flag");
    }
  }
  if (eo.paths.empty()) {
    NscDefaults defaults = FindNscDefaults();
    if (defaults.paths.empty()) {
      return UsageError(err, "no path given and no nsc store found (looked for " + defaults.looked_for +
                                 "); pass a store, keys dir or files to lint");
    }
    eo.paths = defaults.paths;
  }
  // --store-context: a file inside an operator folder is linted with its whole store
  // (cross-file rules need it), and only findings in the named files are reported.
  if (o.store_context) {
    std::vector<std::string> expanded;
    for (const auto& p : eo.paths) {
      std::error_code sec;
      std::string store = fs::is_regular_file(p, sec) ? EnclosingOperatorDir(p) : "";
      if (store.empty()) {
        expanded.push_back(p);
        continue;
      }
      named_files.insert(fs::weakly_canonical(p, sec).string());
      if (std::find(expanded.begin(), expanded.end(), store) == expanded.end()) expanded.push_back(store);
    }
    eo.paths = std::move(expanded);
  }

  return std::nullopt;
}

// Writes a report's pieces (StreamReport) to `dest` with seeds redacted. With
// `background`, from the second piece on they are redacted and written on a
// second thread while the reporter makes the next one: a big JSON or SARIF
// report's write(2)s cost half as much as making it. At most two pieces
// wait, and their buffers go back to the reporter, so a long report reuses
// a few buffers instead of allocating one a piece.
class PieceWriter {
 public:
  PieceWriter(std::ostream& dest, bool background) : dest_(dest), background_(background) {}
  PieceWriter(const PieceWriter&) = delete;
  PieceWriter& operator=(const PieceWriter&) = delete;
  ~PieceWriter() {
    try {
      Finish();
    } catch (...) {  // NOLINT(bugprone-empty-catch): Finish() was called, or an exception is on its way
    }
  }

  /// The sink: takes the piece, hands back an empty buffer.
  void operator()(std::string& piece) {
    if (!background_ || !started_) {
      // The first piece is written here: a report of one piece (most)
      // starts no thread.
      if (pieces_++ == 1 && background_) Start();
      if (!started_) {
        Write(piece);
        piece.clear();
        return;
      }
    }
    std::unique_lock lock(mu_);
    if (timing_ && queue_.size() >= kWaiting) {
      const auto start = std::chrono::steady_clock::now();
      room_.wait(lock, [&] { return queue_.size() < kWaiting || error_ != nullptr; });
      waited_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    room_.wait(lock, [&] { return queue_.size() < kWaiting || error_ != nullptr; });
    if (error_ != nullptr) return;  // Finish() rethrows it
    std::string empty;
    if (!spare_.empty()) {
      empty = std::move(spare_.back());
      spare_.pop_back();
    } else {
      empty.reserve(piece.capacity());  // the next piece is as long
    }
    queue_.push_back(std::move(piece));
    piece = std::move(empty);
    work_.notify_one();
  }

  /// Waits until every piece is written; rethrows what writing threw.
  void Finish() {
    if (started_) {
      {
        std::lock_guard lock(mu_);
        done_ = true;
      }
      work_.notify_one();
      const auto start = std::chrono::steady_clock::now();
      thread_.join();
      waited_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      started_ = false;
    }
    if (timing_ && pieces_ != 0) {
      timing::Record("  redact+write pieces", written_);
      timing::Record("  waiting for the writing thread", waited_);
      written_ = waited_ = 0;
    }
    if (error_ != nullptr) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  static constexpr size_t kWaiting = 2;

  void Write(std::string& piece) {
    const auto start = timing_ ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    piece = RedactSeeds(std::move(piece));
    dest_.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    if (timing_) written_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void Start() {
    started_ = true;
    thread_ = std::thread([this] {
      std::unique_lock lock(mu_);
      for (;;) {
        work_.wait(lock, [&] { return !queue_.empty() || done_; });
        if (queue_.empty()) return;
        std::string piece = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        try {
          Write(piece);
        } catch (...) {
          lock.lock();
          error_ = std::current_exception();
          queue_.clear();
          room_.notify_one();
          return;
        }
        piece.clear();
        lock.lock();
        spare_.push_back(std::move(piece));
        room_.notify_one();
      }
    });
  }

  std::ostream& dest_;
  const bool background_;
  const bool timing_ = timing::Enabled();
  double written_ = 0, waited_ = 0;  // seconds, with NSCLINT_TIMINGS
  size_t pieces_ = 0;
  bool started_ = false;
  std::mutex mu_;
  std::condition_variable work_, room_;
  std::deque<std::string> queue_;   // pieces to write, in order
  std::vector<std::string> spare_;  // written pieces' buffers
  bool done_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

// The main report (-f/-o) and each --report FORMAT:FILE, from one run.
// Returns an exit code when a file cannot be written.
std::optional<int> WriteReports(const Options& o, Io& io, ReportInput& in) {
  std::ostream& out = io.out;
  std::ostream& err = io.err;
  const bool stdout_is_tty = io.tty;
  struct Output {
    std::string format, file;  // file "" = stdout
  };
  std::vector<Output> outputs{{o.format, o.output}};
  for (const auto& spec : o.reports) {
    const size_t colon = spec.find(':');
    outputs.push_back(Output{spec.substr(0, colon), spec.substr(colon + 1)});
  }
  std::vector<std::string> written;
  for (const Output& output : outputs) {
    timing::Scope timer("render+write report");
    std::ofstream file;
    if (!output.file.empty()) file.open(output.file, std::ios::binary | std::ios::trunc);
    std::ostream& dest = output.file.empty() ? out : file;
    // Colour only for text on a terminal: never in a file.
    in.color = output.format == "text" && output.file.empty() && WantColor(o, stdout_is_tty);
    // Written a piece at a time: a big report is never held whole. Pieces
    // end at line ends and a seed never spans lines, so redacting each
    // piece redacts the whole.
    PieceWriter writer(dest, in.jobs > 1);
    constexpr size_t kPiece = size_t{1} << 20;
    StreamReport(output.format, in, kPiece, [&](std::string& piece) { writer(piece); });
    writer.Finish();
    if (!output.file.empty()) {
      file.close();
      if (!file) return UsageError(err, "cannot write " + output.file);
      written.push_back(output.file);
    }
  }
  if (!written.empty() && !o.quiet) {
    size_t counts[3] = {0, 0, 0};
    size_t shown = 0;
    for (const auto& f : in.findings) {
      if (!f.suppressed.empty()) continue;
      ++shown;
      ++counts[static_cast<int>(f.level)];
    }
    std::string files;
    for (const auto& w : written) files += (files.empty() ? "" : ", ") + w;
    err << "nsclint: " << shown << " findings (" << counts[2] << " errors, " << counts[1] << " warnings, " << counts[0]
        << " notes) in " << in.files_scanned << " files; " << (written.size() == 1 ? "report" : "reports")
        << " written to " << files << "\n";
  }
  return std::nullopt;
}

// --fix-script: every fix command as a script to review. Returns an exit code
// when it cannot be written.
std::optional<int> WriteFixScript(const Options& o, Io& io, const ReportInput& in) {
  std::ostream& err = io.err;
  if (!o.fix_script.empty()) {
    std::error_code sec;
    const fs::path script = fs::absolute(o.fix_script, sec);
    const fs::path here = fs::current_path(sec);
    std::string cd_to = here.lexically_relative(script.parent_path()).generic_string();
    if (cd_to.empty()) cd_to = here.generic_string();
    const std::string text = RenderFixScript(in, cd_to);
    if (text.empty()) {
      if (!o.quiet) err << "nsclint: note: no finding has a fix command; " << o.fix_script << " not written\n";
    } else {
      std::ofstream s(o.fix_script, std::ios::binary | std::ios::trunc);
      s << text;
      s.close();
      fs::permissions(o.fix_script, fs::perms::owner_all, fs::perm_options::replace, sec);
      if (!s || sec) return UsageError(err, "cannot write " + o.fix_script);
      if (!o.quiet) err << "nsclint: fix script written to " << o.fix_script << " (review it, then run it)\n";
    }
  }
  return std::nullopt;
}

int ListRules(const Options& o, Io& io) {
  std::ostream& out = io.out;
  if (o.format == "json")
    out << RenderRulesJson();
  else if (o.format == "markdown")
    out << RenderRulesMarkdown();
  else
    out << RenderRulesList();
  return kExitClean;
}

int Explain(const Options& o, Io& io) {
  std::ostream& out = io.out;
  std::ostream& err = io.err;
  const Rule* r = FindRule(o.explain);
  if (r == nullptr) {
    return UsageError(err, UnknownRuleMessage(o.explain));
  }
  out << (o.format == "markdown" ? RenderRulePage(*r) : RenderExplain(*r));
  return kExitClean;
}

// Lints: settle, read and judge, apply the config and baseline, report.
int Lint(const Options& o, Io& io) {
  std::ostream& err = io.err;
  Config config;
  EngineOptions eo;
  std::string fail_on;
  if (auto code = Settle(o, io, &config, &eo, &fail_on)) return *code;
  if (o.print_config) return PrintConfig(config, eo, fail_on, io);
  std::set<std::string> named_files;
  if (auto code = ResolvePaths(o, io, &eo, &named_files)) return *code;
  eo.no_git = o.no_git;
  // nsc's own folders (no path given) are not arguments: an empty default keys dir is no error.
  eo.allow_empty = o.allow_empty || o.paths.empty();
  if (o.no_git && o.format == "text" && o.output.empty() && !o.quiet) {
    err << "nsclint: note: --no-git: every file is treated as outside a git work tree (NL605 is off)\n";
  }
  eo.connz_files = o.connz;
  eo.accstatz_files = o.accstatz;
  // The verification cache only saves work: findings never depend on it, and
  // what it has to say goes to stderr, never into the report.
  std::optional<VerifyCache> cache;
  if (!o.no_cache) {
    std::string note;
    cache = VerifyCache::Load(VerifyCache::DefaultDir(), &note);
    if (!note.empty() && !o.quiet) err << "nsclint: note: " << note << "\n";
    eo.cache = &*cache;
    // Saved before the rules run, then let go; Save takes (and frees) the
    // digests it is given: the rules need neither, and the findings come next.
    eo.after_model = [&](EngineResult* r) {
      timing::Scope timer("save cache");
      std::string save_note;
      if (!cache->Save(std::move(r->verified), &save_note, r->cache_hits) && !o.quiet) {
        err << "nsclint: note: " << save_note << "\n";
      }
      cache.reset();
    };
  }
  EngineResult result = RunEngine(eo);
  if (!result.input_error.empty()) return UsageError(err, result.input_error);
  if (!named_files.empty()) {
    std::erase_if(result.findings, [&](const Finding& f) {
      std::error_code sec;
      return f.abs_file.empty() ||
             named_files.count(fs::weakly_canonical(fs::path(f.abs_file.view()), sec).string()) == 0;
    });
  }

  std::error_code ec;
  const std::string sarif_root =
      o.sarif_root.empty() ? GitTopLevel() : fs::absolute(o.sarif_root, ec).lexically_normal().string();
  ApplyConfig(config, eo.now, &result.findings, &result.notifications);
  if (!o.baseline.empty()) {
    Baseline baseline = LoadBaseline(o.baseline);
    if (!baseline.error.empty()) return UsageError(err, "bad baseline: " + baseline.error);
    ApplyBaseline(baseline, sarif_root, &result.findings);
  }

  const Level fail_level = fail_on == "note" ? Level::kNote : fail_on == "warning" ? Level::kWarning : Level::kError;
  int exit_code = kExitClean;
  if (fail_on != "none") {
    for (const auto& f : result.findings) {
      if (Gates(f) && f.level >= fail_level) exit_code = kExitFindings;
    }
  }
  if (result.fatal) exit_code = kExitError;

  ReportInput in;
  in.findings = std::move(result.findings);
  for (const auto& r : AllRules()) {
    if (eo.disabled.count(std::string(r.info.id)) == 0) in.rules.push_back(&r.info);
  }
  in.notifications = std::move(result.notifications);
  in.exit_code = exit_code;
  in.sarif_root = sarif_root;
  in.sarif_include_suppressed = o.sarif_suppressed == "include";
  in.quiet = o.quiet;
  in.files_scanned = result.files_scanned;
  in.server_version = eo.server.Text();
  in.now = eo.now;
  in.config_file = config.path;
  in.jobs = eo.jobs;

  if (auto code = WriteReports(o, io, in)) return *code;
  if (auto code = WriteFixScript(o, io, in)) return *code;
  // Problems with the run itself also go to stderr when the report is machine-readable.
  if (o.format != "text" || !o.output.empty()) {
    for (const auto& n : in.notifications) err << "nsclint: " << n.level << ": " << RedactSeeds(n.message) << "\n";
  }
  err << timing::Render();
  // The findings and the model are handed to the caller: main() leaves them
  // to the operating system rather than free them one allocation at a time.
  if (io.keep != nullptr)
    *io.keep = std::make_shared<std::pair<EngineResult, ReportInput>>(std::move(result), std::move(in));
  return exit_code;
}

// The modes of the tool, the first that applies runs.
struct Mode {
  bool (*applies)(const Options&);
  int (*run)(const Options&, Io&);
};
constexpr Mode kModes[] = {
    {[](const Options& o) { return o.list_rules; }, ListRules},
    {[](const Options& o) { return !o.explain.empty(); }, Explain},
    {[](const Options&) { return true; }, Lint},
};

}  // namespace

int RunApp(const Options& o, std::ostream& out, std::ostream& err, bool stdout_is_tty, std::shared_ptr<void>* keep) {
  Io io{out, err, stdout_is_tty, keep};
  for (const Mode& mode : kModes) {
    if (mode.applies(o)) return mode.run(o, io);
  }
  return kExitError;
}

}  // namespace nsclint
