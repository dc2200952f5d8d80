#include "lint/base/git.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

extern char** environ;  // NOLINT: POSIX

namespace nsclint {
namespace fs = std::filesystem;

namespace {

// Up to this many files of one repository are named to git as pathspecs;
// above it git lists the whole work tree once (argv stays small).
constexpr size_t kMaxPathspecs = 256;
// Git's output is bounded: a listing of a huge work tree is still a few MiB.
constexpr size_t kMaxOutput = size_t{512} << 20;

struct GitRun {
  int spawn_error = 0;  // errno of posix_spawnp, 0 when git ran
  int status = -1;      // exit status when it ran to its end
  std::string out, err;
};

// The environment git runs in: the caller's, without what would point git
// at another repository or index than the one beside the file (a hook runs
// with GIT_DIR/GIT_INDEX_FILE of the commit in progress), stopping discovery
// at `ceiling`, pathspecs taken literally, messages in English.
std::vector<std::string> GitEnvironment(const std::string& ceiling) {
  static constexpr std::string_view kDropped[] = {"GIT_DIR=",
                                                  "GIT_WORK_TREE=",
                                                  "GIT_INDEX_FILE=",
                                                  "GIT_PREFIX=",
                                                  "GIT_COMMON_DIR=",
                                                  "GIT_OBJECT_DIRECTORY=",
                                                  "GIT_ALTERNATE_OBJECT_DIRECTORIES=",
                                                  "GIT_NAMESPACE=",
                                                  "GIT_CEILING_DIRECTORIES=",
                                                  "GIT_DISCOVERY_ACROSS_FILESYSTEM=",
                                                  "GIT_LITERAL_PATHSPECS=",
                                                  "GIT_GLOB_PATHSPECS=",
                                                  "GIT_NOGLOB_PATHSPECS=",
                                                  "GIT_ICASE_PATHSPECS=",
                                                  "GIT_OPTIONAL_LOCKS=",
                                                  "LC_ALL=",
                                                  "LANGUAGE="};
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view v(*e);
    bool drop = false;
    for (auto d : kDropped) drop = drop || v.starts_with(d);
    if (!drop) env.emplace_back(v);
  }
  env.emplace_back("LC_ALL=C");
  env.emplace_back("GIT_LITERAL_PATHSPECS=1");
  env.emplace_back("GIT_OPTIONAL_LOCKS=0");
  if (!ceiling.empty()) env.push_back("GIT_CEILING_DIRECTORIES=" + ceiling);
  return env;
}

GitRun RunGit(const std::vector<std::string>& args, const std::string& ceiling) {
  GitRun run;
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    run.spawn_error = errno;
    return run;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    run.spawn_error = errno;
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return run;
  }
  std::vector<std::string> env_strings = GitEnvironment(ceiling);
  std::vector<char*> argv;
  std::vector<std::string> arg_strings = args;
  argv.reserve(arg_strings.size() + 1);
  for (auto& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  envp.reserve(env_strings.size() + 1);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    run.spawn_error = rc;
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return run;
  }
  // Both pipes at once: git may fill either while we wait on the other.
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&run.out, &run.err};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      if (sinks[i]->size() < kMaxOutput) sinks[i]->append(buffer, static_cast<size_t>(n));
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return run;
}

// git's own words: its "fatal:"/"error:" lines, else its first line.
std::string Reason(const GitRun& run) {
  if (run.spawn_error == ENOENT) return "git is not installed (no `git` command on PATH): install git";
  if (run.spawn_error != 0) return std::string("git could not be run: ") + std::strerror(run.spawn_error);
  std::string reason;
  std::string_view rest = run.err;
  std::string first;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (first.empty() && !line.empty()) first = line;
    for (std::string_view prefix : {"fatal: ", "error: "}) {
      if (line.starts_with(prefix)) {
        if (!reason.empty()) reason += "; ";
        reason += line.substr(prefix.size());
      }
    }
  }
  if (reason.empty()) reason = first;
  if (reason.empty()) reason = "git exited with status " + std::to_string(run.status);
  return reason;
}

/// The folder holding the nearest `.git` at or above `dir` (canonical), "" when none.
class RepoFinder {
 public:
  const std::string& For(const std::string& dir) {
    auto it = cache_.find(dir);
    if (it != cache_.end()) return it->second;
    std::error_code ec;
    std::string found;
    if (fs::exists(fs::symlink_status(fs::path(dir) / ".git", ec))) {
      found = dir;
    } else {
      fs::path parent = fs::path(dir).parent_path();
      if (!parent.empty() && parent.string() != dir) found = For(parent.string());
    }
    return cache_.emplace(dir, found).first->second;
  }

 private:
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

GitQuery QueryGit(const std::vector<std::string>& abs_paths) {
  GitQuery q;
  q.files.resize(abs_paths.size());
  RepoFinder finder;
  std::unordered_map<std::string, std::string> canonical_dirs;
  // repository -> (path relative to it, index of the path asked)
  std::map<std::string, std::vector<std::pair<std::string, size_t>>> by_repo;
  for (size_t i = 0; i < abs_paths.size(); ++i) {
    fs::path p(abs_paths[i]);
    std::error_code lec;
    // A symbolic link's text is its target's: whether the seed is in git is
    // the target's state (git tracks a link as the link, not what it points to).
    if (fs::is_symlink(fs::symlink_status(p, lec))) {
      fs::path target = fs::canonical(p, lec);
      if (!lec) p = target;
    }
    const std::string dir = p.parent_path().string();
    auto it = canonical_dirs.find(dir);
    if (it == canonical_dirs.end()) {
      std::error_code ec;
      fs::path c = fs::canonical(dir, ec);
      it = canonical_dirs.emplace(dir, ec ? dir : c.string()).first;
    }
    const std::string& canon = it->second;
    const std::string& repo = finder.For(canon);
    if (repo.empty()) continue;
    std::string rel = canon.size() > repo.size() ? canon.substr(repo.size() + (repo == "/" ? 0 : 1)) + "/" : "";
    rel += p.filename().string();
    by_repo[repo].emplace_back(std::move(rel), i);
  }
  for (auto& [repo, files] : by_repo) {
    std::vector<std::string> args = {"git", "-C",       repo,       "ls-files",          "-z",
                                     "-t",  "--cached", "--others", "--exclude-standard"};
    if (files.size() <= kMaxPathspecs) {
      args.emplace_back("--");
      for (const auto& f : files) args.push_back(f.first);
    }
    const std::string ceiling = fs::path(repo).parent_path().string();
    GitRun run = RunGit(args, ceiling == repo ? "" : ceiling);
    if (run.spawn_error != 0 || run.status != 0) {
      std::string reason = Reason(run);
      if (reason.find("dubious ownership") != std::string::npos) {
        reason += " (if you trust it: git config --global --add safe.directory " + repo + ")";
      }
      q.errors.push_back(repo + ": " + reason);
      continue;
    }
    // "<tag> <path>\0": '?' = untracked and not ignored, any other tag = in the index.
    std::unordered_map<std::string_view, GitState> listed;
    std::string_view rest = run.out;
    while (!rest.empty()) {
      size_t end = rest.find('\0');
      std::string_view entry = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (entry.size() < 3 || entry[1] != ' ') continue;
      const GitState state = entry[0] == '?' ? GitState::kUntracked : GitState::kTracked;
      auto [at, inserted] = listed.emplace(entry.substr(2), state);
      if (!inserted && state == GitState::kTracked) at->second = state;
    }
    for (const auto& [rel, index] : files) {
      auto it = listed.find(rel);
      q.files[index] = GitFileState{it == listed.end() ? GitState::kIgnored : it->second, repo};
    }
  }
  return q;
}

GitCommandResult RunGitIn(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"git", "-C", dir};
  argv.insert(argv.end(), args.begin(), args.end());
  GitRun run = RunGit(argv, "");
  GitCommandResult r;
  r.ok = run.spawn_error == 0 && run.status == 0;
  r.out = std::move(run.out);
  if (!r.ok) r.error = Reason(run);
  return r;
}

std::string GitBackendDescription() {
  GitRun run = RunGit({"git", "--version"}, "");
  if (run.spawn_error != 0 || run.status != 0) {
    return "the git command, unavailable: " + Reason(run) + " (files in a git work tree need --no-git)";
  }
  std::string version = run.out.substr(0, run.out.find('\n'));
  return "the git command (" + version + ")";
}

}  // namespace nsclint
