// Git awareness: for files on disk, whether they sit in a git work tree and
// whether git would commit them (tracked or staged, or untracked and not
// ignored). Asked of git itself (the `git` command: its own discovery, index
// and excludes, global ones included), never by reading .gitignore here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nsclint {

enum class GitState : uint8_t {
  kOutside,    // in no git work tree
  kIgnored,    // in a work tree, neither tracked nor committable (ignored)
  kUntracked,  // in a work tree, untracked and not ignored: `git add -A` commits it
  kTracked,    // in the index (tracked or staged)
};

struct GitFileState {
  GitState state = GitState::kOutside;
  std::string repo;  // the work tree's top folder ("" outside)
};

struct GitQuery {
  std::vector<GitFileState> files;  // one per path asked, in order
  /// Repositories git could not read, each "REPO: REASON"; non-empty = exit 2.
  std::vector<std::string> errors;
};

/// The state of each absolute path. Files are grouped by the folder holding
/// the nearest `.git` (folder or file) above them; git is run once per such
/// repository. A path below no `.git` is kOutside without running git.
GitQuery QueryGit(const std::vector<std::string>& abs_paths);

/// `git -C DIR ARGS...` with the environment QueryGit uses (for reading a
/// revision: rev-parse, archive). `ok` when git exited 0; else `error` is
/// git's own reason. Output is bounded (512 MiB).
struct GitCommandResult {
  bool ok = false;
  std::string out;
  std::string error;
};
GitCommandResult RunGitIn(const std::string& dir, const std::vector<std::string>& args);

/// "git 2.39.5 (the git command)", or why there is none: for --version.
std::string GitBackendDescription();

}  // namespace nsclint
